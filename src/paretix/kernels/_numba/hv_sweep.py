"""Numba hypervolume and contributions in 1-3 objectives by dimension sweeps.

The same sweeps as ``cpp/src/hv_sweep.cpp``; the 2-D staircase is a sorted array (binary search,
shifted on insertion) instead of a balanced tree, so an insertion costs O(staircase size): fast on
fronts (the staircase of a 3-D front stays small), O(n^2) when the whole input is one 2-D
staircase (e.g. 1e5 points with a constant third objective take seconds, where ``native`` takes
milliseconds). Inputs: float64 rows, every value finite and strictly below ``ref``.
"""

from __future__ import annotations

import numba as nb
import numpy as np

_INF = np.inf


@nb.njit(cache=True, nogil=True)
def hv2d_sorted(P, ref):
    """Mutually non-dominated rows sorted by ascending y."""
    hv = 0.0
    k = P.shape[0]
    for i in range(k):
        y_next = P[i + 1, 1] if i + 1 < k else ref[1]
        hv += (ref[0] - P[i, 0]) * (y_next - P[i, 1])
    return hv


@nb.njit(cache=True, nogil=True)
def hv2d(P, ref):
    order = np.argsort(P[:, 0], kind="mergesort")
    hv = 0.0
    ylast = ref[1]
    for i in order:
        if P[i, 1] < ylast:
            hv += (ref[0] - P[i, 0]) * (ylast - P[i, 1])
            ylast = P[i, 1]
    return hv


@nb.njit(cache=True, nogil=True)
def _first_ge(xs, size, v):
    lo, hi = 0, size
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] < v:
            lo = mid + 1
        else:
            hi = mid
    return lo


@nb.njit(cache=True, nogil=True)
def _replace(xs, ys, size, i, j, x, y):
    """Replace entries [i, j) of the sorted staircase by (x, y); returns the new size."""
    removed = j - i
    if removed == 0:
        for t in range(size, i, -1):
            xs[t] = xs[t - 1]
            ys[t] = ys[t - 1]
    elif removed > 1:
        shift = removed - 1
        for t in range(i + 1, size - shift):
            xs[t] = xs[t + shift]
            ys[t] = ys[t + shift]
    xs[i] = x
    ys[i] = y
    return size + 1 - removed


@nb.njit(cache=True, nogil=True)
def hv3d_sorted(P, ref):
    """Rows in non-decreasing z (any order within ties); dominated rows allowed."""
    n = P.shape[0]
    if n == 0:
        return 0.0
    xs = np.empty(n + 2)
    ys = np.empty(n + 2)
    xs[0], ys[0] = -_INF, ref[1]
    xs[1], ys[1] = ref[0], -_INF
    size = 2
    area = 0.0
    vol = 0.0
    zlast = P[0, 2]
    for r in range(n):
        px, py, pz = P[r, 0], P[r, 1], P[r, 2]
        vol += area * (pz - zlast)
        zlast = pz
        i = _first_ge(xs, size, px)
        if ys[i - 1] <= py:
            continue
        if xs[i] == px and ys[i] <= py:
            continue
        x_cur, bound = px, ys[i - 1]
        j = i
        while ys[j] >= py:
            area += (xs[j] - x_cur) * (bound - py)
            x_cur, bound = xs[j], ys[j]
            j += 1
        area += (xs[j] - x_cur) * (bound - py)
        size = _replace(xs, ys, size, i, j, px, py)
    vol += area * (ref[2] - zlast)
    return vol


@nb.njit(cache=True, nogil=True)
def hv3d(P, ref):
    order = np.argsort(P[:, 2], kind="mergesort")
    return hv3d_sorted(P[order], ref)


@nb.njit(cache=True, nogil=True)
def hvc2d(P, ref):
    """Contributions ignoring dominated points; every copy of a duplicate gets 0."""
    n = P.shape[0]
    out = np.zeros(n)
    order = np.argsort(P[:, 1], kind="mergesort")
    order = order[np.argsort(P[order, 0], kind="mergesort")]  # by x, ties by y, then index
    stair = np.empty(n, dtype=np.int64)
    dup = np.zeros(n, dtype=np.bool_)
    k = 0
    ylast = ref[1]
    for i in order:
        y = P[i, 1]
        if y < ylast:
            stair[k] = i
            k += 1
            ylast = y
        elif k > 0 and y == ylast and P[i, 0] == P[stair[k - 1], 0]:
            dup[k - 1] = True
    for s in range(k):
        if dup[s]:
            continue
        i = stair[s]
        x_next = P[stair[s + 1], 0] if s + 1 < k else ref[0]
        y_prev = P[stair[s - 1], 1] if s > 0 else ref[1]
        out[i] = (x_next - P[i, 0]) * (y_prev - P[i, 1])
    return out


# --- 3-D contributions (see cpp/src/hv_sweep.cpp) ------------------------------------------------------


@nb.njit(cache=True, nogil=True)
def _settle(s, z, area, lastz, contrib):
    contrib[s] += area[s] * (z - lastz[s])
    lastz[s] = z


@nb.njit(cache=True, nogil=True)
def hvc3d_unique(P, ref, with_dominated):
    """Contributions of unique rows sorted by (z, y, x)."""
    k = P.shape[0]
    LEFT, RIGHT = k, k + 1
    x = np.empty(k + 2)
    y = np.empty(k + 2)
    x[:k] = P[:, 0]
    y[:k] = P[:, 1]
    x[LEFT], y[LEFT] = -_INF, ref[1]
    x[RIGHT], y[RIGHT] = ref[0], -_INF
    area = np.zeros(k + 2)
    lastz = np.zeros(k + 2)
    contrib = np.zeros(k + 2)
    head = np.full(k + 2, -1, dtype=np.int64)
    tail = np.full(k + 2, -1, dtype=np.int64)
    nxt = np.full(k + 2, -1, dtype=np.int64)
    prv = np.full(k + 2, -1, dtype=np.int64)
    sx = np.empty(k + 2)  # staircase: x values and ids, sorted by x
    sid = np.empty(k + 2, dtype=np.int64)
    sx[0], sid[0] = x[LEFT], LEFT
    sx[1], sid[1] = x[RIGHT], RIGHT
    size = 2
    for i in range(k):
        px, py, pz = P[i, 0], P[i, 1], P[i, 2]
        pos = _first_ge(sx, size, px)
        L = sid[pos - 1]
        dom_left = y[L] <= py
        dom_eq = sx[pos] == px and y[sid[pos]] <= py
        if dom_left or dom_eq:
            if not with_dominated:
                continue
            spos = pos if dom_eq else pos - 1
            if y[sid[spos - 1]] <= py:
                continue  # two dominators
            s = sid[spos]
            top = y[sid[spos - 1]]
            right = x[sid[spos + 1]]
            q = head[s]
            before = -1
            while q >= 0 and x[q] < px:
                before = q
                q = nxt[q]
            if before >= 0 and y[before] <= py:
                continue
            if q >= 0 and x[q] == px and y[q] <= py:
                continue
            x_cur = px
            bound = y[before] if before >= 0 else top
            red = 0.0
            while q >= 0 and y[q] >= py:
                red += (x[q] - x_cur) * (bound - py)
                x_cur, bound = x[q], y[q]
                q = nxt[q]
            red += ((x[q] if q >= 0 else right) - x_cur) * (bound - py)
            prv[i] = before
            nxt[i] = q
            if before >= 0:
                nxt[before] = i
            else:
                head[s] = i
            if q >= 0:
                prv[q] = i
            else:
                tail[s] = i
            _settle(s, pz, area, lastz, contrib)
            area[s] -= red
            continue
        # p enters the staircase; D = sid[pos:j] are the points it dominates in the slice.
        x_cur, bound = px, y[L]
        a = 0.0
        j = pos
        while y[sid[j]] >= py:
            d = sid[j]
            a += (x[d] - x_cur) * (bound - py)
            x_cur, bound = x[d], y[d]
            j += 1
        R = sid[j]
        a += (x[R] - x_cur) * (bound - py)
        old_next_x = x[sid[pos]] if j > pos else x[R]
        old_prev_y = y[sid[j - 1]] if j > pos else y[L]
        prev = -1
        for t in range(pos, j):
            d = sid[t]
            _settle(d, pz, area, lastz, contrib)
            area[d] = 0.0
            head[d] = -1
            tail[d] = -1
            prv[d] = prev
            nxt[d] = -1
            if prev >= 0:
                nxt[prev] = d
            else:
                head[i] = d
            prev = d
        tail[i] = prev
        area[i] = a
        lastz[i] = pz
        if L != LEFT:
            # L loses x >= px and its inners there.
            top = y[sid[pos - 2]]
            q = tail[L]
            while q >= 0 and x[q] >= px:
                q = prv[q]
            r = nxt[q] if q >= 0 else head[L]
            x_cur = px
            bound = y[q] if q >= 0 else top
            red = 0.0
            while r >= 0:
                red += (x[r] - x_cur) * (bound - y[L])
                x_cur, bound = x[r], y[r]
                r = nxt[r]
            red += (old_next_x - x_cur) * (bound - y[L])
            if q >= 0:
                nxt[q] = -1
            else:
                head[L] = -1
            tail[L] = q
            _settle(L, pz, area, lastz, contrib)
            area[L] -= red
        if R != RIGHT:
            # R loses y >= py and its inners there.
            right = x[sid[j + 1]]
            q = head[R]
            x_cur, bound = x[R], old_prev_y
            red = 0.0
            while q >= 0 and y[q] >= py:
                red += (x[q] - x_cur) * (bound - py)
                x_cur, bound = x[q], y[q]
                q = nxt[q]
            red += ((x[q] if q >= 0 else right) - x_cur) * (bound - py)
            head[R] = q
            if q >= 0:
                prv[q] = -1
            else:
                tail[R] = -1
            _settle(R, pz, area, lastz, contrib)
            area[R] -= red
        # Replace sid[pos:j] by i.
        removed = j - pos
        if removed == 0:
            for t in range(size, pos, -1):
                sx[t] = sx[t - 1]
                sid[t] = sid[t - 1]
        elif removed > 1:
            shift = removed - 1
            for t in range(pos + 1, size - shift):
                sx[t] = sx[t + shift]
                sid[t] = sid[t + shift]
        sx[pos] = px
        sid[pos] = i
        size += 1 - removed
    for t in range(size):
        s = sid[t]
        if s < k:
            _settle(s, ref[2], area, lastz, contrib)
    return contrib[:k].copy()
