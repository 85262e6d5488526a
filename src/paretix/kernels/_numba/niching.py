"""Numba twins of the NSGA-III association and niching kernels (identical results)."""

from __future__ import annotations

import numba as nb
import numpy as np


@nb.njit(cache=True, nogil=True)
def _unit(A):
    n, m = A.shape
    out = np.zeros((n, m))
    for i in range(n):
        norm2 = 0.0
        for j in range(m):
            norm2 += A[i, j] * A[i, j]
        norm = np.sqrt(norm2)
        if norm > 0.0:
            for j in range(m):
                out[i, j] = A[i, j] / norm
    return out


@nb.njit(cache=True, nogil=True)
def _associate(F, W):
    n, m = F.shape
    r = W.shape[0]
    U = _unit(W)
    u = _unit(F)
    niche = np.empty(n, dtype=np.int64)
    dist = np.empty(n)
    for i in range(n):
        best = np.inf
        best_k = 0
        zero = True
        for j in range(m):
            zero = zero and u[i, j] == 0.0
        for k in range(0 if not zero else r, r):
            s = 0.0
            for j in range(m):
                d = u[i, j] - U[k, j]
                s += d * d
            if s < best:
                best = s
                best_k = k
        proj = 0.0
        for j in range(m):
            proj += F[i, j] * U[best_k, j]
        d2 = 0.0
        for j in range(m):
            e = F[i, j] - proj * U[best_k, j]
            d2 += e * e
        niche[i] = best_k
        dist[i] = np.sqrt(d2)
    return niche, dist


def associate(F: np.ndarray, W: np.ndarray, threads: int = 1):
    return _associate(F, W)


@nb.njit(cache=True, nogil=True)
def _next(state):
    s = state[0] + np.uint64(0x9E3779B97F4A7C15)
    state[0] = s
    z = s
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@nb.njit(cache=True, nogil=True)
def _below(state, n):
    return np.int64(_next(state) % np.uint64(n))


@nb.njit(cache=True, nogil=True)
def _niching(niche, dist, counts, k, state):
    m = niche.shape[0]
    r = counts.shape[0]
    start = np.zeros(r + 1, dtype=np.int64)
    for i in range(m):
        start[niche[i] + 1] += 1
    for j in range(r):
        start[j + 1] += start[j]
    members = np.empty(m, dtype=np.int64)
    fill = start[:r].copy()
    for i in range(m):
        members[fill[niche[i]]] = i
        fill[niche[i]] += 1
    left = start[1:] - start[:r]
    count = counts.copy()
    has = np.flatnonzero(left > 0)
    pending = has[np.argsort(count[has], kind="mergesort")]
    selected = np.empty(k, dtype=np.int64)
    level = np.empty(r, dtype=np.int64)
    carried = np.empty(r, dtype=np.int64)
    n_carried = 0
    nxt = 0
    chosen = 0
    while chosen < k:
        n_level = n_carried
        level[:n_level] = carried[:n_carried]
        n_carried = 0
        c = count[level[0]] if n_level > 0 else count[pending[nxt]]
        while nxt < pending.shape[0] and count[pending[nxt]] == c:
            level[n_level] = pending[nxt]
            n_level += 1
            nxt += 1
        level[:n_level] = np.sort(level[:n_level])
        for i in range(n_level - 1, 0, -1):
            t = _below(state, i + 1)
            tmp = level[i]
            level[i] = level[t]
            level[t] = tmp
        for q in range(n_level):
            if chosen == k:
                break
            j = level[q]
            base = start[j]
            if count[j] == 0:
                pick = 0
                for t in range(1, left[j]):
                    a = members[base + t]
                    b = members[base + pick]
                    if dist[a] < dist[b] or (dist[a] == dist[b] and a < b):
                        pick = t
            else:
                pick = _below(state, left[j])
            selected[chosen] = members[base + pick]
            chosen += 1
            members[base + pick] = members[base + left[j] - 1]
            left[j] -= 1
            count[j] += 1
            if left[j] > 0:
                carried[n_carried] = j
                n_carried += 1
    return selected


def niching(niche, dist, counts, k: int, seed: int) -> np.ndarray:
    state = np.array([seed], dtype=np.uint64)
    return _niching(niche, dist, counts, np.int64(k), state)
