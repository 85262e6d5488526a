"""Reference NSGA-III association (all directions scanned) and niching (plain Python loop)."""

from __future__ import annotations

import numpy as np

_MASK = (1 << 64) - 1


def _unit(A: np.ndarray) -> np.ndarray:
    norm2 = np.zeros(A.shape[0])
    for j in range(A.shape[1]):
        norm2 += A[:, j] * A[:, j]
    norm = np.sqrt(norm2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(norm[:, None] > 0, A / norm[:, None], 0.0)


def associate(F: np.ndarray, W: np.ndarray, threads: int = 1):
    U = _unit(W)
    u = _unit(F)
    niche = np.empty(F.shape[0], dtype=np.int64)
    step = max(1, 2_000_000 // max(1, U.shape[0]))
    for s in range(0, F.shape[0], step):
        sq = np.zeros((min(step, F.shape[0] - s), U.shape[0]))
        for j in range(F.shape[1]):
            d = u[s : s + step, j, None] - U[None, :, j]
            sq += d * d
        niche[s : s + step] = np.argmin(sq, axis=1)  # first minimum: the lowest index
    niche[~u.any(axis=1)] = 0  # f = 0: every direction fits, take 0
    w = U[niche]
    proj = np.zeros(F.shape[0])
    for j in range(F.shape[1]):
        proj += F[:, j] * w[:, j]
    d2 = np.zeros(F.shape[0])
    for j in range(F.shape[1]):
        e = F[:, j] - proj * w[:, j]
        d2 += e * e
    return niche, np.sqrt(d2)


class SplitMix64:
    """splitmix64, bit-identical to cpp/include/paretix/splitmix.hpp."""

    def __init__(self, seed: int):
        self.state = seed & _MASK

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & _MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        return self.next() % n


def niche_hash(seed: int, level: int, j: int, salt: int) -> int:
    """niching.hpp's niche_hash: splitmix64's output for seed + (level * 2^33 + j * 2 + salt) * G."""
    return SplitMix64((seed + ((level << 33) + (j << 1) + salt) * 0x9E3779B97F4A7C15) & _MASK).next()


def niching(niche, dist, counts, k: int, seed: int) -> np.ndarray:
    r = counts.size
    groups: list[list[int]] = [[] for _ in range(r)]
    for i, j in enumerate(niche.tolist()):
        groups[j].append(i)
    count = counts.tolist()
    chosen: list[int] = []
    level_no = 0
    while len(chosen) < k:
        active = [j for j in range(r) if groups[j]]
        c = min(count[j] for j in active)
        level = [j for j in active if count[j] == c]
        need = k - len(chosen)
        if len(level) > need:  # the niches with the smallest keys, in index order
            level = sorted(sorted(level, key=lambda j: (niche_hash(seed, level_no, j, 0), j))[:need])
        for j in level:
            g = groups[j]
            if count[j] == 0:
                pick = min(range(len(g)), key=lambda t: (dist[g[t]], g[t]))
            else:
                pick = niche_hash(seed, level_no, j, 1) % len(g)
            chosen.append(g[pick])
            g[pick] = g[-1]
            g.pop()
            count[j] += 1
        level_no += 1
    return np.array(chosen, dtype=np.int64)
