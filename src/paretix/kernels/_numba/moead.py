"""Numba twins of the MOEA/D kernels (same contracts and same results as ``cpp/src/moead.cpp``)."""

from __future__ import annotations

import numba as nb
import numpy as np

_LEAF = 8


@nb.njit(cache=True, nogil=True)
def _aggregate(method, theta, z, scale, F, i, W, k):
    """g(F[i] | W[k], z): the expressions of ``moead.hpp``'s ``aggregate``, in the same order."""
    m = F.shape[1]
    if method == 0 or method == 1:
        g = 0.0
        for j in range(m):
            v = W[k, j] * abs(F[i, j] - z[j])
            if method == 1:
                v = v / scale[j]
            if j == 0 or v > g:
                g = v
        return g
    if method == 2:
        nn = 0.0
        for j in range(m):
            nn += W[k, j] * W[k, j]
        norm = np.sqrt(nn)
        dot = 0.0
        for j in range(m):
            dot += (F[i, j] - z[j]) * W[k, j]
        d1 = dot / norm
        s = 0.0
        for j in range(m):
            r = F[i, j] - z[j] - d1 * (W[k, j] / norm)
            s += r * r
        return d1 + theta * np.sqrt(s)
    g = 0.0
    for j in range(m):
        g += W[k, j] * (F[i, j] - z[j])
    return g


@nb.njit(cache=True, nogil=True, inline="always")
def _better(cv_a, g_a, cv_b, g_b):
    if cv_a > 0.0 or cv_b > 0.0:
        return cv_a < cv_b
    return g_a < g_b


@nb.njit(cache=True, nogil=True)
def _replace(F, cv, Fc, cvc, W, cand, ideal, scale, method, theta, max_repl):
    n = F.shape[0]
    winner = np.full(n, -1, dtype=np.int64)
    best_g = np.empty(n)
    best_cv = np.empty(n)
    pre = Fc.shape[0] * cand.shape[1] >= n  # the incumbents' values once each (see the C++)
    g_inc = np.empty(n if pre else 0)
    if pre:
        for k in range(n):
            g_inc[k] = _aggregate(method, theta, ideal, scale, F, k, W, k)
    for j in range(Fc.shape[0]):
        count = 0
        for c in range(cand.shape[1]):
            if count >= max_repl:
                break
            k = cand[j, c]
            gc = _aggregate(method, theta, ideal, scale, Fc, j, W, k)
            gi = g_inc[k] if pre else _aggregate(method, theta, ideal, scale, F, k, W, k)
            if not _better(cvc[j], gc, cv[k], gi):
                continue
            count += 1
            if winner[k] < 0 or _better(cvc[j], gc, best_cv[k], best_g[k]):
                winner[k] = j
                best_g[k] = gc
                best_cv[k] = cvc[j]
    return winner


def moead_replace(F, cv, Fc, cvc, W, cand, ideal, scale, method, theta, max_repl):
    return _replace(F, cv, Fc, cvc, W, cand, ideal, scale, method, theta, max_repl)


# -- k nearest neighbours by a k-d tree -------------------------------------------------------------

@nb.njit(cache=True, nogil=True)
def _build(P):
    n, d = P.shape
    order = np.arange(n)
    cap = 2 * (n // _LEAF + 1) * 2 + 1
    lo_ = np.empty(cap, np.int64)
    hi_ = np.empty(cap, np.int64)
    dim_ = np.full(cap, -1, np.int64)
    split_ = np.zeros(cap)
    left_ = np.full(cap, -1, np.int64)
    lo_[0], hi_[0] = 0, n
    n_nodes = 1
    stack = [0]
    while len(stack) > 0:
        nid = stack.pop()
        lo, hi = lo_[nid], hi_[nid]
        if hi - lo <= _LEAF:
            continue
        best, spread = 0, -1.0
        for j in range(d):
            a = P[order[lo], j]
            b = a
            for r in range(lo + 1, hi):
                v = P[order[r], j]
                a = min(a, v)
                b = max(b, v)
            if b - a > spread:
                spread = b - a
                best = j
        if not spread > 0.0:
            continue
        mid = lo + (hi - lo) // 2
        seg = order[lo:hi].copy()
        keys = np.empty(hi - lo)
        for r in range(hi - lo):
            keys[r] = P[seg[r], best]
        srt = np.argsort(keys, kind="mergesort")  # stable: equal keys by index, like the C++ order
        for r in range(hi - lo):
            order[lo + r] = seg[srt[r]]
        dim_[nid] = best
        split_[nid] = P[order[mid], best]
        left_[nid] = n_nodes
        lo_[n_nodes], hi_[n_nodes] = lo, mid
        lo_[n_nodes + 1], hi_[n_nodes + 1] = mid, hi
        stack.append(n_nodes)
        stack.append(n_nodes + 1)
        n_nodes += 2
    return order, lo_, hi_, dim_, split_, left_


@nb.njit(cache=True, nogil=True, inline="always")
def _less(da, ia, db, ib):
    return da < db or (da == db and ia < ib)


@nb.njit(cache=True, nogil=True)
def _sift_down(hd, hi, size, pos):
    while True:
        c = 2 * pos + 1
        if c >= size:
            return
        if c + 1 < size and _less(hd[c], hi[c], hd[c + 1], hi[c + 1]):
            c += 1
        if not _less(hd[pos], hi[pos], hd[c], hi[c]):
            return
        hd[pos], hd[c] = hd[c], hd[pos]
        hi[pos], hi[c] = hi[c], hi[pos]
        pos = c


@nb.njit(cache=True, nogil=True)
def _knn(P, k):
    n, d = P.shape
    out = np.empty((n, k), np.int64)
    if n == 0 or k == 0:
        return out
    order, lo_, hi_, dim_, split_, left_ = _build(P)
    hd = np.empty(k)
    hix = np.empty(k, np.int64)
    st_node = np.empty(2 * lo_.shape[0] + 2, np.int64)
    st_bound = np.empty(2 * lo_.shape[0] + 2)
    for q in range(n):
        size = 0
        top = 1
        st_node[0], st_bound[0] = 0, 0.0
        while top > 0:
            top -= 1
            nid, bound = st_node[top], st_bound[top]
            if size == k and bound > hd[0]:
                continue
            if dim_[nid] < 0:
                for r in range(lo_[nid], hi_[nid]):
                    i = order[r]
                    s = 0.0
                    for j in range(d):
                        v = P[q, j] - P[i, j]
                        s += v * v
                    if size < k:  # push, sift up
                        pos = size
                        hd[pos], hix[pos] = s, i
                        size += 1
                        while pos > 0:
                            par = (pos - 1) // 2
                            if not _less(hd[par], hix[par], hd[pos], hix[pos]):
                                break
                            hd[pos], hd[par] = hd[par], hd[pos]
                            hix[pos], hix[par] = hix[par], hix[pos]
                            pos = par
                    elif _less(s, i, hd[0], hix[0]):
                        hd[0], hix[0] = s, i
                        _sift_down(hd, hix, size, 0)
                continue
            diff = P[q, dim_[nid]] - split_[nid]
            near = left_[nid] if diff < 0.0 else left_[nid] + 1
            far = left_[nid] + 1 if diff < 0.0 else left_[nid]
            st_node[top], st_bound[top] = far, max(bound, diff * diff)
            st_node[top + 1], st_bound[top + 1] = near, bound
            top += 2
        for c in range(k - 1, -1, -1):  # heap sort: largest last
            out[q, c] = hix[0]
            hd[0], hix[0] = hd[c], hix[c]
            _sift_down(hd, hix, c, 0)
    return out


def moead_neighbors(W, k, threads=1):
    return _knn(W, k)
