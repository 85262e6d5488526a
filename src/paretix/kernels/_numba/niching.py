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
def _niche_hash(seed, level, j, salt):
    """niching.hpp's niche_hash (all uint64)."""
    z = seed + ((level << np.uint64(33)) + (j << np.uint64(1)) + salt) * np.uint64(0x9E3779B97F4A7C15)
    z = z + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@nb.njit(cache=True, nogil=True)
def _niching(niche, dist, counts, k, seed):
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
    active = np.flatnonzero(left > 0)
    n_active = active.shape[0]
    selected = np.empty(k, dtype=np.int64)
    keys = np.empty(r, dtype=np.uint64)
    ids = np.empty(r, dtype=np.int64)
    chosen = 0
    level = np.uint64(0)
    while chosen < k:
        c = count[active[0]]
        for q in range(1, n_active):
            if count[active[q]] < c:
                c = count[active[q]]
        n_level = 0
        for q in range(n_active):
            j = active[q]
            if count[j] == c:
                ids[n_level] = j
                n_level += 1
        need = k - chosen
        if n_level > need:  # the niches with the smallest (key, j), kept in index order
            for q in range(n_level):
                keys[q] = _niche_hash(seed, level, np.uint64(ids[q]), np.uint64(0))
            order = np.argsort(keys[:n_level], kind="mergesort")  # ids ascending: ties by j
            keep = np.sort(ids[order[:need]])
            n_level = need
            ids[:n_level] = keep
        for q in range(n_level):
            j = ids[q]
            base = start[j]
            if count[j] == 0:
                pick = 0
                for t in range(1, left[j]):
                    a = members[base + t]
                    b = members[base + pick]
                    if dist[a] < dist[b] or (dist[a] == dist[b] and a < b):
                        pick = t
            else:
                pick = np.int64(_niche_hash(seed, level, np.uint64(j), np.uint64(1)) % np.uint64(left[j]))
            selected[chosen] = members[base + pick]
            chosen += 1
            members[base + pick] = members[base + left[j] - 1]
            left[j] -= 1
            count[j] += 1
        w = 0
        for q in range(n_active):
            if left[active[q]] > 0:
                active[w] = active[q]
                w += 1
        n_active = w
        level += np.uint64(1)
    return selected


def niching(niche, dist, counts, k: int, seed: int) -> np.ndarray:
    return _niching(niche, dist, counts, np.int64(k), np.uint64(seed))
