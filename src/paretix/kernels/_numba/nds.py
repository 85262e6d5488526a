"""Numba non-dominated sorting: the same lexicographic sweep as the C++ kernel.

m <= 2 uses the O(n log n) scalar fronts; m >= 3 scans each front's members linearly
(ENS-BS). Results are identical to the ``native`` backend.
"""

from __future__ import annotations

import numba as nb
import numpy as np


def _lex_sorted(points: np.ndarray):
    # np.lexsort sorts by the last key first and is stable: ties (duplicates) stay in index order.
    order = np.lexsort(points.T[::-1]).astype(np.int64)
    return order, np.ascontiguousarray(points[order])


@nb.njit(cache=True, nogil=True)
def _same(s, i, k):
    for j in range(s.shape[1]):
        if s[i, j] != s[k, j]:
            return False
    return True


@nb.njit(cache=True, nogil=True)
def _front_dominates(s, head, nxt, last_val, r, i):
    m = s.shape[1]
    if m == 1:
        return True
    if m == 2:
        return last_val[r] <= s[i, 1]
    q = head[r]
    while q >= 0:
        dom = True
        for j in range(1, m):
            if s[q, j] > s[i, j]:
                dom = False
                break
        if dom:
            return True
        q = nxt[q]
    return False


@nb.njit(cache=True, nogil=True)
def _sweep(s, max_fronts):
    """Ranks in sorted order; fronts >= max_fronts are not built (their points get max_fronts)."""
    n, m = s.shape
    rank = np.empty(n, dtype=np.int64)
    head = np.full(n, -1, dtype=np.int64)  # newest member of each front (scanned first)
    nxt = np.full(n, -1, dtype=np.int64)
    last_val = np.empty(n, dtype=np.float64)
    k = 0  # fronts built
    for i in range(n):
        if i > 0 and _same(s, i, i - 1):
            rank[i] = rank[i - 1]
            continue
        lo = 0
        hi = k
        while lo < hi:
            mid = (lo + hi) // 2
            if _front_dominates(s, head, nxt, last_val, mid, i):
                lo = mid + 1
            else:
                hi = mid
        if lo >= max_fronts:
            rank[i] = max_fronts
            continue
        if lo == k:
            k += 1
        nxt[i] = head[lo]
        head[lo] = i
        if m >= 2:
            last_val[lo] = s[i, 1]
        rank[i] = lo
    return rank


def pareto_rank(points: np.ndarray) -> np.ndarray:
    n = points.shape[0]
    out = np.empty(n, dtype=np.int64)
    if n == 0:
        return out
    order, s = _lex_sorted(points)
    out[order] = _sweep(s, np.iinfo(np.int64).max)
    return out


@nb.njit(cache=True, nogil=True)
def _first_copies(s, rank0):
    n = s.shape[0]
    keep = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        keep[i] = rank0[i] == 0 and not (i > 0 and _same(s, i, i - 1))
    return keep


def is_nondominated(points: np.ndarray, keep_weakly: bool) -> np.ndarray:
    n = points.shape[0]
    out = np.zeros(n, dtype=bool)
    if n == 0:
        return out
    order, s = _lex_sorted(points)
    rank = _sweep(s, 1)
    out[order] = (rank == 0) if keep_weakly else _first_copies(s, rank)
    return out


@nb.njit(cache=True, nogil=True)
def _crowding(f):
    u, m = f.shape
    dist = np.zeros(u)
    if u <= 2:
        dist[:] = np.inf
        return dist
    for j in range(m):
        by = np.argsort(f[:, j], kind="mergesort")
        v = f[by, j]
        span = v[u - 1] - v[0]
        if not span > 0:
            continue
        dist[by[0]] = np.inf
        dist[by[u - 1]] = np.inf
        for k in range(1, u - 1):
            term = (v[k + 1] - v[k - 1]) / span
            if term == term:
                dist[by[k]] += term
    return dist


def crowding_distance(points: np.ndarray) -> np.ndarray:
    n = points.shape[0]
    out = np.zeros(n)
    if n == 0:
        return out
    order, s = _lex_sorted(points)
    first = np.ones(n, dtype=bool)
    first[1:] = (s[1:] != s[:-1]).any(axis=1)
    uniq = np.sort(order[first])
    out[uniq] = _crowding(np.ascontiguousarray(points[uniq]))
    return out
