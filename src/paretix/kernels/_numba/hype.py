"""Numba HypE kernels: the entry points of the ``numba`` backend.

The twins of ``cpp/src/hype.cpp``: the same sample stream (that of ``hypervolume_mc``), the same
operations in the same order (the same sample blocks, run one after the other where ``native``
may share them among threads), so the results equal ``native``'s bit for bit. Contracts are in
:mod:`paretix.kernels.hype` and ``cpp/include/paretix/hype.hpp``.
"""

from __future__ import annotations

import numba as nb
import numpy as np

from .hv import _GOLDEN, _mix64

_TO_UNIT = 1.1102230246251565e-16  # 2**-53


@nb.njit(cache=True, nogil=True)
def _alpha(k, n):
    alpha = np.zeros(k + 1)
    p = 1.0
    for c in range(1, k + 1):
        alpha[c] = p / np.float64(c)
        if c < k:
            p *= np.float64(k - c) / np.float64(n - c)
    return alpha


@nb.njit(cache=True, nogil=True)
def _counted(points, ref, alive):
    n, d = points.shape
    rows = np.empty(n, dtype=np.int64)
    m = 0
    for i in range(n):
        if not alive[i]:
            continue
        inside = True
        for j in range(d):
            if not points[i, j] < ref[j]:
                inside = False
                break
        if inside:
            rows[m] = i
            m += 1
    return rows[:m]


@nb.njit(cache=True, nogil=True)
def _sample_set(points, ref, rows):
    d = points.shape[1]
    order = np.argsort(points[rows, 0], kind="mergesort")
    srow = rows[order]
    P = np.empty((srow.size, d))
    for r in range(srow.size):
        for j in range(d):
            P[r, j] = points[srow[r], j]
    first = P[:, 0].copy()
    lo = np.empty(d)
    width = np.empty(d)
    for j in range(d):
        m = P[0, j]
        for r in range(1, srow.size):
            if P[r, j] < m:
                m = P[r, j]
        lo[j] = m
        width[j] = ref[j] - m
    box = 1.0
    for j in range(d):
        box *= width[j]
    return srow, P, first, lo, width, box


@nb.njit(cache=True, nogil=True)
def _next_sample(key, i, lo, width, s):
    d = s.size
    base = np.uint64(i) * np.uint64(d)
    for j in range(d):
        z = _mix64(key + (base + np.uint64(j) + np.uint64(1)) * _GOLDEN)
        s[j] = lo[j] + np.float64(z >> np.uint64(11)) * _TO_UNIT * width[j]


@nb.njit(cache=True, nogil=True)
def _dominators(P, first, s, buf):
    d = P.shape[1]
    end = np.searchsorted(first, s[0], side="right")
    c = 0
    for r in range(end):
        j = 1
        while j < d and P[r, j] <= s[j]:
            j += 1
        if j == d:
            buf[c] = r
            c += 1
    return c


@nb.njit(cache=True, nogil=True)
def _block_size(n_samples):
    return max(1024, (n_samples + 63) // 64)


@nb.njit(cache=True, nogil=True)
def _fitness_mc(points, ref, k, n_samples, seed):
    n, d = points.shape
    out = np.zeros(n)
    rows = _counted(points, ref, np.ones(n, dtype=np.bool_))
    if rows.size == 0:
        return out, 0
    srow, P, first, lo, width, box = _sample_set(points, ref, rows)
    m = srow.size
    alpha = _alpha(k, n)
    acc = np.zeros(m)
    part = np.empty(m)
    buf = np.empty(m, dtype=np.int32)
    s = np.empty(d)
    key = _mix64(np.uint64(seed) + _GOLDEN)
    hits = 0
    B = _block_size(n_samples)
    for i0 in range(0, n_samples, B):  # each block summed alone, the sums added in block order
        part[:] = 0.0
        for i in range(i0, min(n_samples, i0 + B)):
            _next_sample(key, i, lo, width, s)
            c = _dominators(P, first, s, buf)
            if c == 0:
                continue
            hits += 1
            if c > k:
                continue
            w = alpha[c]
            for r in range(c):
                part[buf[r]] += w
        for r in range(m):
            acc[r] += part[r]
    scale = box / np.float64(n_samples)
    for r in range(m):
        out[srow[r]] = acc[r] * scale
    return out, hits


@nb.njit(cache=True, nogil=True)
def _exact2d(x, y, ids, m, rx, ry, alpha, k, scale, out):
    order = np.argsort(y[:m], kind="mergesort")
    xo = np.empty(m, dtype=np.int64)
    t = 0
    T = np.zeros(min(k, m) + 2)
    a = 0
    while a < m:
        yv = y[order[a]]
        while a < m and y[order[a]] == yv:
            i = order[a]
            pos = 0
            hi = t
            while pos < hi:
                mid = (pos + hi) // 2
                if x[xo[mid]] <= x[i]:
                    pos = mid + 1
                else:
                    hi = mid
            for q in range(t, pos, -1):
                xo[q] = xo[q - 1]
            xo[pos] = i
            t += 1
            a += 1
        ynext = y[order[a]] if a < m else ry
        coef = (ynext - yv) * scale
        qmax = min(k, t)
        acc = 0.0
        for q in range(qmax, 0, -1):
            xn = x[xo[q]] if q < t else rx
            acc += (xn - x[xo[q - 1]]) * alpha[q]
            T[q] = acc
        for q in range(1, qmax + 1):
            out[ids[xo[q - 1]]] += coef * T[q]


@nb.njit(cache=True, nogil=True)
def _exact_rows(points, ref, rows, alpha, k, out):
    m = rows.size
    if m == 0:
        return
    d = points.shape[1]
    if d == 2:
        x = points[rows, 0].copy()
        y = points[rows, 1].copy()
        _exact2d(x, y, rows, m, ref[0], ref[1], alpha, k, 1.0, out)
        return
    zo = np.argsort(points[rows, 2], kind="mergesort")
    x = np.empty(m)
    y = np.empty(m)
    ids = np.empty(m, dtype=np.int64)
    t = 0
    a = 0
    while a < m:
        zv = points[rows[zo[a]], 2]
        while a < m and points[rows[zo[a]], 2] == zv:
            row = rows[zo[a]]
            x[t] = points[row, 0]
            y[t] = points[row, 1]
            ids[t] = row
            t += 1
            a += 1
        znext = points[rows[zo[a]], 2] if a < m else ref[2]
        _exact2d(x, y, ids, t, ref[0], ref[1], alpha, k, znext - zv, out)


@nb.njit(cache=True, nogil=True)
def _fitness_exact(points, ref, k):
    n = points.shape[0]
    out = np.zeros(n)
    rows = _counted(points, ref, np.ones(n, dtype=np.bool_))
    _exact_rows(points, ref, rows, _alpha(k, n), k, out)
    return out


@nb.njit(cache=True, nogil=True)
def _remove_worst(alive, fit):
    best = -1
    bf = np.inf
    for i in range(alive.size):
        if alive[i] and (best < 0 or fit[i] < bf):
            best = i
            bf = fit[i]
    alive[best] = False
    return best


@nb.njit(cache=True, nogil=True)
def _greedy(points, ref, n_remove, exact, n_samples, seed):
    n, d = points.shape
    removed = np.empty(n_remove, dtype=np.int64)
    if n_remove == 0:
        return removed
    alive = np.ones(n, dtype=np.bool_)
    fit = np.zeros(n)
    if exact:
        for t in range(n_remove):
            k = n_remove - t
            alpha = _alpha(k, n - t)
            fit[:] = 0.0
            rows = _counted(points, ref, alive)
            _exact_rows(points, ref, rows, alpha, k, fit)
            removed[t] = _remove_worst(alive, fit)
        return removed
    rows = _counted(points, ref, alive)
    m = rows.size
    B = _block_size(n_samples)
    nb = (n_samples + B - 1) // B if m else 0
    qb = np.zeros(nb + 1, dtype=np.int64)  # block b owns kept samples [qb[b], qb[b + 1])
    qn = np.zeros(nb, dtype=np.int64)      # of which qn[b] are still kept
    eb = np.zeros(nb + 1, dtype=np.int64)  # and the entries from eb[b] on
    sb = np.empty(n_samples if m else 0, dtype=np.int64)  # kept sample q: ent[sb[q] : sb[q] + sl[q]]
    sl = np.empty(n_samples if m else 0, dtype=np.int64)
    ent = np.empty(max(16, 4 * m), dtype=np.int32)
    nq = 0
    ne = 0
    srow = rows
    if m:
        srow, P, first, lo, width, box = _sample_set(points, ref, rows)
        buf = np.empty(m, dtype=np.int32)
        s = np.empty(d)
        key = _mix64(np.uint64(seed) + _GOLDEN)
        for blk in range(nb):
            for i in range(blk * B, min(n_samples, (blk + 1) * B)):
                _next_sample(key, i, lo, width, s)
                c = _dominators(P, first, s, buf)
                if c == 0 or c > n_remove:
                    continue
                if ne + c > ent.size:
                    grown = np.empty(max(2 * ent.size, ne + c), dtype=np.int32)
                    grown[:ne] = ent[:ne]
                    ent = grown
                ent[ne:ne + c] = buf[:c]
                sb[nq] = ne
                sl[nq] = c
                ne += c
                nq += 1
            qb[blk + 1] = nq
            qn[blk] = nq - qb[blk]
            eb[blk + 1] = ne
    acc = np.zeros(m)
    part = np.empty(m)
    for t in range(n_remove):
        k = n_remove - t
        alpha = _alpha(k, n - t)
        acc[:] = 0.0
        for blk in range(nb):
            part[:] = 0.0
            wq = qb[blk]
            we = eb[blk]
            for q in range(qb[blk], qb[blk] + qn[blk]):
                b0 = sb[q]
                b1 = b0 + sl[q]
                w0 = we
                for e in range(b0, b1):
                    r = ent[e]
                    if alive[srow[r]]:
                        ent[we] = r
                        we += 1
                c = we - w0
                if c == 0 or c > k:
                    we = w0
                    continue
                w = alpha[c]
                for e in range(w0, we):
                    part[ent[e]] += w
                sb[wq] = w0
                sl[wq] = c
                wq += 1
            qn[blk] = wq - qb[blk]
            for r in range(m):
                acc[r] += part[r]
        fit[:] = 0.0
        for r in range(m):
            fit[srow[r]] = acc[r]
        removed[t] = _remove_worst(alive, fit)
    return removed


def hype_fitness_mc(points: np.ndarray, ref: np.ndarray, k: int, n_samples: int, seed: int, threads: int = 1):
    out, hits = _fitness_mc(points, ref, int(k), int(n_samples), np.uint64(seed))
    return out, int(hits)


def hype_fitness_exact(points: np.ndarray, ref: np.ndarray, k: int) -> np.ndarray:
    return _fitness_exact(points, ref, int(k))


def hype_greedy(points: np.ndarray, ref: np.ndarray, n_remove: int, exact: bool, n_samples: int, seed: int,
                threads: int = 1) -> np.ndarray:
    return _greedy(points, ref, int(n_remove), bool(exact), int(n_samples), np.uint64(seed))
