"""Numba hypervolume for 4+ objectives: HV4D+, WFG and limit-set contributions.

The same algorithms as ``cpp/src/hv4d.cpp`` and ``cpp/src/hv_wfg.cpp`` (see those files and
:func:`paretix.kernels.hv.hypervolume` for the description); linked lists live in int arrays.
Inputs: float64 rows, every value finite and strictly below ``ref``.
"""

from __future__ import annotations

import numba as nb
import numpy as np

from .hv_sweep import hv2d_sorted, hv3d_sorted

_INF = np.inf
_IE_MAX = 4
_MAX_COUNT = 32


# --- HV4D+ -------------------------------------------------------------------------------------------


@nb.njit(cache=True, nogil=True)
def _restart(i, x, y, z, zn, cl, cr, sl, sr, SL, SR, ZH):
    """Rebuild the staircase below point i; set cl[i], cr[i]. Returns the z-list node where i
    goes (before it), or -1 if a point below weakly dominates i."""
    px, py, pz = x[i], y[i], z[i]
    sr[SL] = SR
    sl[SR] = SL
    bl, br = SL, SR
    blx, bly, brx, bry = -_INF, y[SL], x[SR], -_INF
    q = zn[ZH]
    while True:
        qx, qy, qz = x[q], y[q], z[q]
        below = qz < pz or (qz == pz and (qy < py or (qy == py and qx <= px)))
        if not below:
            break
        if qx <= px and qy <= py:
            return -1
        a, b = cl[q], cr[q]
        sl[q] = a
        sr[q] = b
        sr[a] = q
        sl[b] = q
        if qx < px and (qy < bly or (qy == bly and qx < blx)):
            bl, blx, bly = q, qx, qy
        elif qx >= px and qy < py and (qx < brx or (qx == brx and qy < bry)):
            br, brx, bry = q, qx, qy
        q = zn[q]
    cl[i] = bl
    cr[i] = br
    return q


@nb.njit(cache=True, nogil=True)
def _contribution(i, stop, x, y, z, zn, cl, cr, sl, sr):
    nx, ny = x[i], y[i]
    T, R = cl[i], cr[i]
    area = 0.0
    x_cur, bound = nx, y[T]
    s = sr[T]
    while s != R:
        area += (x[s] - x_cur) * (bound - ny)
        x_cur, bound = x[s], y[s]
        s = sr[s]
    area += (x[R] - x_cur) * (bound - ny)
    vol = 0.0
    lastz = z[i]
    q = stop
    while True:
        vol += area * (z[q] - lastz)
        lastz = z[q]
        qx, qy = x[q], y[q]
        if qx <= nx and qy <= ny:
            break
        if qx < nx:
            if qy < y[T] or (qy == y[T] and qx < x[T]):
                x_cur, bound = nx, y[T]
                red = 0.0
                s = sr[T]
                while y[s] >= qy:
                    red += (x[s] - x_cur) * (bound - qy)
                    x_cur, bound = x[s], y[s]
                    s = sr[s]
                red += (x[s] - x_cur) * (bound - qy)
                area -= red
                sr[q] = s
                sl[s] = q
                T = q
        elif qy < ny:
            if qx < x[R] or (qx == x[R] and qy < y[R]):
                s = sl[R]
                while s != T and x[s] >= qx:
                    s = sl[s]
                x_cur, bound = qx, y[s]
                red = 0.0
                t = sr[s]
                while t != R:
                    red += (x[t] - x_cur) * (bound - ny)
                    x_cur, bound = x[t], y[t]
                    t = sr[t]
                red += (x[R] - x_cur) * (bound - ny)
                area -= red
                sr[s] = q
                sl[q] = s
                R = q
        else:
            a, b = cl[q], cr[q]
            x_cur, bound = qx, y[a]
            red = 0.0
            s = sr[a]
            while s != b:
                red += (x[s] - x_cur) * (bound - qy)
                x_cur, bound = x[s], y[s]
                s = sr[s]
            red += (x[b] - x_cur) * (bound - qy)
            area -= red
            sr[a] = q
            sl[q] = a
            sr[q] = b
            sl[b] = q
        q = zn[q]
    return vol


@nb.njit(cache=True, nogil=True)
def _lex_less(a0, a1, a2, b0, b1, b2):
    if a0 != b0:
        return a0 < b0
    if a1 != b1:
        return a1 < b1
    return a2 < b2


@nb.njit(cache=True, nogil=True)
def _update_links(i, x, y, z, zn, zp, cl, cr, ZT):
    nx, ny, nz = x[i], y[i], z[i]
    q = zn[i]
    while q != ZT:
        qx, qy = x[q], y[q]
        nxt = zn[q]
        if qx <= nx and qy <= ny and (qx < nx or qy < ny):
            break
        if nx <= qx and ny <= qy:
            zn[zp[q]] = zn[q]
            zp[zn[q]] = zp[q]
        elif nx < qx:
            c = cl[q]
            if _lex_less(ny, nx, nz, y[c], x[c], z[c]):
                cl[q] = i
        elif ny < qy:
            c = cr[q]
            if _lex_less(nx, ny, nz, x[c], y[c], z[c]):
                cr[q] = i
        q = nxt


@nb.njit(cache=True, nogil=True)
def hv4d_sorted(P, ref):
    """HV4D+ on rows ordered by ascending 4th objective (ties in any order)."""
    m = P.shape[0]
    if m == 0:
        return 0.0
    size = m + 4
    SL, SR, ZH, ZT = m, m + 1, m + 2, m + 3
    x = np.empty(size)
    y = np.empty(size)
    z = np.empty(size)
    zn = np.full(size, -1, dtype=np.int64)
    zp = np.full(size, -1, dtype=np.int64)
    cl = np.full(size, -1, dtype=np.int64)
    cr = np.full(size, -1, dtype=np.int64)
    sl = np.full(size, -1, dtype=np.int64)
    sr = np.full(size, -1, dtype=np.int64)
    x[:m] = P[:, 0]
    y[:m] = P[:, 1]
    z[:m] = P[:, 2]
    x[SL], y[SL], z[SL] = -_INF, ref[1], -_INF
    x[SR], y[SR], z[SR] = ref[0], -_INF, -_INF
    x[ZH], y[ZH], z[ZH] = -_INF, -_INF, -_INF
    x[ZT], y[ZT], z[ZT] = -_INF, -_INF, ref[2]
    zn[ZH] = ZT
    zp[ZT] = ZH
    hv = 0.0
    vol = 0.0
    for i in range(m):
        stop = _restart(i, x, y, z, zn, cl, cr, sl, sr, SL, SR, ZH)
        if stop >= 0:
            vol += _contribution(i, stop, x, y, z, zn, cl, cr, sl, sr)
            zp[i] = zp[stop]
            zn[i] = stop
            zn[zp[i]] = i
            zp[stop] = i
            _update_links(i, x, y, z, zn, zp, cl, cr, ZT)
        w_next = P[i + 1, 3] if i + 1 < m else ref[3]
        hv += vol * (w_next - P[i, 3])
    return hv


# --- WFG ---------------------------------------------------------------------------------------------


@nb.njit(cache=True, nogil=True)
def _box(p, ref, d):
    v = 1.0
    for j in range(d):
        v *= ref[j] - p[j]
    return v


@nb.njit(cache=True, nogil=True)
def _inclusion_exclusion(P, k, d, ref):
    pos = 0.0
    neg = 0.0
    corner = np.empty(d)
    for mask in range(1, 1 << k):
        size = 0
        corner[:] = -_INF
        for r in range(k):
            if (mask >> r) & 1:
                size += 1
                for t in range(d):
                    corner[t] = max(corner[t], P[r, t])
        if size & 1:
            pos += _box(corner, ref, d)
        else:
            neg += _box(corner, ref, d)
    return pos - neg


@nb.njit(cache=True, nogil=True)
def _insert_nondominated(L, c):
    """Row c of L is a candidate; rows < c are mutually non-dominated. Returns the new count."""
    e = L.shape[1]
    w = 0
    for r in range(c):
        q_le = True
        s_le = True
        for t in range(e):
            q_le &= L[r, t] <= L[c, t]
            s_le &= L[c, t] <= L[r, t]
        if q_le:
            return c
        if s_le:
            continue
        if w != r:
            L[w, :] = L[r, :]
        w += 1
    if w != c:
        L[w, :] = L[c, :]
    return w + 1


@nb.njit(cache=True, nogil=True)
def _limit_set(P, idx, L, excess, keep, order, axis):
    """Limit set of row idx of P among rows < idx, in L (one objective fewer); returns its size."""
    e = L.shape[1]
    axis[:] = _INF
    for j in range(idx):
        over = 0
        last = 0
        for t in range(e):
            if P[j, t] > P[idx, t]:
                over += 1
                last = t
        if over == 1:
            axis[last] = min(axis[last], P[j, last])
        excess[j] = min(over, _MAX_COUNT)
    count = np.zeros(_MAX_COUNT + 2, dtype=np.int64)
    m = 0
    for j in range(idx):
        over = excess[j]
        beaten = False
        for t in range(e):
            if P[j, t] >= axis[t] and (over > 1 or P[j, t] > axis[t]):
                beaten = True
        if beaten:
            continue
        keep[m] = j
        m += 1
        count[over + 1] += 1
    for t in range(1, _MAX_COUNT + 2):
        count[t] += count[t - 1]
    for r in range(m):
        j = keep[r]
        order[count[excess[j]]] = j
        count[excess[j]] += 1
    c = 0
    for r in range(m):
        j = order[r]
        for t in range(e):
            L[c, t] = max(P[idx, t], P[j, t])
        c = _insert_nondominated(L, c)
    return c


@nb.njit(cache=True, nogil=True)
def wfg_sorted(P, ref):
    """Hypervolume of the mutually non-dominated rows of P, sorted by ascending last objective."""
    k, d = P.shape
    if k <= _IE_MAX:
        return _inclusion_exclusion(P, k, d, ref)
    if d == 2:
        return hv2d_sorted(P, ref)
    if d == 3:
        return hv3d_sorted(P, ref)
    if d == 4:
        return hv4d_sorted(P, ref)
    e = d - 1
    L = np.empty((k, e))
    excess = np.empty(k, dtype=np.int64)
    keep = np.empty(k, dtype=np.int64)
    order = np.empty(k, dtype=np.int64)
    axis = np.empty(e)
    total = 0.0
    for idx in range(k - 1, -1, -1):
        excl = _box(P[idx], ref, e)
        c = _limit_set(P, idx, L, excess, keep, order, axis)
        if c > 0:
            sub = L[:c][np.argsort(L[:c, e - 1], kind="mergesort")]
            excl -= wfg_sorted(sub, ref[:e])
        total += (ref[e] - P[idx, e]) * excl
    return total


@nb.njit(cache=True, nogil=True)
def filter_nondominated(P):
    """Rows of P that no other row weakly dominates (first copy of duplicates), in order."""
    k, d = P.shape
    L = np.empty((k, d))
    c = 0
    for i in range(k):
        L[c, :] = P[i, :]
        c = _insert_nondominated(L, c)
    return L[:c].copy()
