"""Reference non-dominated sorting: peel fronts with an explicit (chunked) dominance test.

O(m n^2) time per front and O(chunk * n * m) memory: for tests on small inputs only. Inputs are
already validated float64 (n, m) arrays without NaN.
"""

from __future__ import annotations

import numpy as np

_CHUNK_ELEMENTS = 2_000_000


def _dominated(cand: np.ndarray, by: np.ndarray) -> np.ndarray:
    """For each row of ``cand``: is it dominated by some row of ``by``?"""
    out = np.zeros(cand.shape[0], dtype=bool)
    if by.shape[0] == 0:
        return out
    step = max(1, _CHUNK_ELEMENTS // max(1, by.shape[0] * by.shape[1]))
    for start in range(0, cand.shape[0], step):
        c = cand[start : start + step, None, :]  # (chunk, 1, m)
        le = (by[None, :, :] <= c).all(axis=2)  # (chunk, n_by)
        lt = (by[None, :, :] < c).any(axis=2)
        out[start : start + step] = (le & lt).any(axis=1)
    return out


def pareto_rank(points: np.ndarray) -> np.ndarray:
    n = points.shape[0]
    rank = np.full(n, -1, dtype=np.int64)
    remaining = np.arange(n)
    r = 0
    while remaining.size:
        sub = points[remaining]
        dominated = _dominated(sub, sub)
        rank[remaining[~dominated]] = r
        remaining = remaining[dominated]
        r += 1
    return rank


def is_nondominated(points: np.ndarray, keep_weakly: bool) -> np.ndarray:
    mask = ~_dominated(points, points)
    if not keep_weakly:
        seen: set[tuple[float, ...]] = set()
        for i in np.flatnonzero(mask):
            key = tuple(points[i].tolist())
            if key in seen:
                mask[i] = False
            seen.add(key)
    return mask


def crowding_distance(points: np.ndarray) -> np.ndarray:
    n, m = points.shape
    out = np.zeros(n)
    first: dict[tuple[float, ...], int] = {}
    for i in range(n):
        first.setdefault(tuple(points[i].tolist()), i)
    uniq = np.array(sorted(first.values()), dtype=np.int64)
    u = uniq.size
    if u <= 2:
        out[uniq] = np.inf
        return out
    f = points[uniq]
    dist = np.zeros(u)
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf and overflow follow IEEE, as in C++
        for j in range(m):
            by = np.argsort(f[:, j], kind="stable")
            v = f[by, j]
            span = v[-1] - v[0]
            if not span > 0:
                continue
            dist[by[0]] = np.inf
            dist[by[-1]] = np.inf
            terms = (v[2:] - v[:-2]) / span
            terms[np.isnan(terms)] = 0.0
            dist[by[1:-1]] += terms
    out[uniq] = dist
    return out
