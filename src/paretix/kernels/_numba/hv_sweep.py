"""Numba hypervolume and contributions in 1-3 objectives by dimension sweeps.

The same sweeps as ``cpp/src/hv_sweep.cpp``. The C++ keeps the 2-D staircase in a balanced tree;
here it is a doubly linked list over the points' x-ranks (all x values are known before the
sweep) plus a 64-ary bitmap of the ranks in the staircase, whose successor query finds where a
point goes in O(log_64 n). Every operation is O(log n) amortized, so a 3-D sweep is O(n log n)
whatever the input (one 2-D staircase of 1e5 points included). Inputs: float64 rows, every value
finite and strictly below ``ref``.
"""

from __future__ import annotations

import numba as nb
import numpy as np
from numba.cpython.unsafe.numbers import trailing_zeros

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


_ONES = np.uint64(0xFFFFFFFFFFFFFFFF)
_ONE = np.uint64(1)


@nb.njit(cache=True, nogil=True)
def _bitmap(m):
    """A 64-ary bitmap over ranks 0..m-1, all clear: (words, offsets of the levels in words;
    level 0 holds one bit per rank, each level above one bit per word of the level below)."""
    sizes = []
    size = m
    while True:
        size = (size + 63) // 64
        sizes.append(size)
        if size == 1:
            break
    offs = np.zeros(len(sizes) + 1, dtype=np.int64)
    for lvl in range(len(sizes)):
        offs[lvl + 1] = offs[lvl] + sizes[lvl]
    return np.zeros(offs[-1], dtype=np.uint64), offs


@nb.njit(cache=True, nogil=True)
def _bm_set(bits, offs, r):
    for lvl in range(len(offs) - 1):
        w = r >> 6
        word = bits[offs[lvl] + w]
        bits[offs[lvl] + w] = word | (_ONE << np.uint64(r & 63))
        if word != 0:
            return  # the levels above already mark this word
        r = w


@nb.njit(cache=True, nogil=True)
def _bm_clear(bits, offs, r):
    for lvl in range(len(offs) - 1):
        w = r >> 6
        word = bits[offs[lvl] + w] & ~(_ONE << np.uint64(r & 63))
        bits[offs[lvl] + w] = word
        if word != 0:
            return
        r = w


@nb.njit(cache=True, nogil=True)
def _bm_succ(bits, offs, r):
    """Smallest marked rank >= r, or -1."""
    n_lvl = len(offs) - 1
    lvl = 0
    while lvl < n_lvl:
        w = r >> 6
        if w >= offs[lvl + 1] - offs[lvl]:
            return -1
        word = bits[offs[lvl] + w] & (_ONES << np.uint64(r & 63))
        if word != 0:
            r = (w << 6) + np.int64(trailing_zeros(word))
            while lvl > 0:
                lvl -= 1
                r = (r << 6) + np.int64(trailing_zeros(bits[offs[lvl] + r]))
            return r
        r = w + 1
        lvl += 1
    return -1


@nb.njit(cache=True, nogil=True)
def _x_ranks(xs, lo_x, hi_x):
    """Ranks of the k values xs among {lo_x} + xs + {hi_x} (ties by index; lo_x gets rank 0 and
    hi_x rank k + 1), the rank holding each x (``at``, -1 for the sentinels) and, per value, the
    first rank whose x is >= it (``first``)."""
    k = xs.shape[0]
    order = np.argsort(xs, kind="mergesort")
    rank = np.empty(k, dtype=np.int64)
    first = np.empty(k, dtype=np.int64)
    X = np.empty(k + 2)
    at = np.full(k + 2, -1, dtype=np.int64)
    X[0], X[k + 1] = lo_x, hi_x
    for t in range(k):
        i = order[t]
        rank[i] = t + 1
        X[t + 1] = xs[i]
        at[t + 1] = i
        first[i] = t + 1 if t == 0 or xs[order[t - 1]] != xs[i] else first[order[t - 1]]
    return rank, first, X, at


@nb.njit(cache=True, nogil=True)
def _empty_staircase(m):
    """Links (next, prev) over m ranks and the bitmap of a staircase holding only the sentinels
    at ranks 0 and m - 1."""
    nxt = np.empty(m, dtype=np.int64)
    prv = np.empty(m, dtype=np.int64)
    nxt[0], prv[m - 1] = m - 1, 0
    bits, offs = _bitmap(m)
    _bm_set(bits, offs, 0)
    _bm_set(bits, offs, m - 1)
    return nxt, prv, bits, offs


@nb.njit(cache=True, nogil=True)
def hv3d_sorted(P, ref):
    """Rows in non-decreasing z (any order within ties); dominated rows allowed."""
    n = P.shape[0]
    if n == 0:
        return 0.0
    rank, first, X, _ = _x_ranks(P[:, 0], -_INF, ref[0])
    Y = np.empty(n + 2)
    Y[0], Y[n + 1] = ref[1], -_INF
    for i in range(n):
        Y[rank[i]] = P[i, 1]
    nxt, prv, bits, offs = _empty_staircase(n + 2)
    area = 0.0
    vol = 0.0
    zlast = P[0, 2]
    for r in range(n):
        px, py, pz = P[r, 0], P[r, 1], P[r, 2]
        vol += area * (pz - zlast)
        zlast = pz
        i = _bm_succ(bits, offs, first[r])  # the staircase's first point with x >= px
        left = prv[i]
        if Y[left] <= py:
            continue
        if X[i] == px and Y[i] <= py:
            continue
        x_cur, bound = px, Y[left]
        j = i
        while Y[j] >= py:
            area += (X[j] - x_cur) * (bound - py)
            x_cur, bound = X[j], Y[j]
            _bm_clear(bits, offs, j)
            j = nxt[j]
        area += (X[j] - x_cur) * (bound - py)
        rp = rank[r]
        nxt[left], prv[rp], nxt[rp], prv[j] = rp, left, j, rp
        _bm_set(bits, offs, rp)
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
    # The staircase: a list linked over x-ranks (sn / sp), a bitmap of its ranks, and the id at
    # each rank (LEFT at rank 0, RIGHT at rank k + 1).
    rank, first, _, sid = _x_ranks(P[:, 0], x[LEFT], x[RIGHT])
    sid[0], sid[k + 1] = LEFT, RIGHT
    sn, sp, bits, offs = _empty_staircase(k + 2)
    for i in range(k):
        px, py, pz = P[i, 0], P[i, 1], P[i, 2]
        pos = _bm_succ(bits, offs, first[i])  # rank of the first staircase point with x >= px
        L = sid[sp[pos]]
        dom_left = y[L] <= py
        dom_eq = x[sid[pos]] == px and y[sid[pos]] <= py
        if dom_left or dom_eq:
            if not with_dominated:
                continue
            spos = pos if dom_eq else sp[pos]
            if y[sid[sp[spos]]] <= py:
                continue  # two dominators
            s = sid[spos]
            top = y[sid[sp[spos]]]
            right = x[sid[sn[spos]]]
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
            j = sn[j]
        R = sid[j]
        a += (x[R] - x_cur) * (bound - py)
        old_next_x = x[sid[pos]] if j != pos else x[R]
        old_prev_y = y[sid[sp[j]]] if j != pos else y[L]
        prev = -1
        t = pos
        while t != j:
            d = sid[t]
            _bm_clear(bits, offs, t)
            t = sn[t]
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
            top = y[sid[sp[sp[pos]]]]
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
            right = x[sid[sn[j]]]
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
        # The ranks from pos up to j (exclusive) leave the staircase; i's rank enters.
        ri, rl = rank[i], sp[pos]
        sn[rl], sp[ri], sn[ri], sp[j] = ri, rl, j, ri
        _bm_set(bits, offs, ri)
    t = sn[0]
    while t != k + 1:
        _settle(sid[t], ref[2], area, lastz, contrib)
        t = sn[t]
    return contrib[:k].copy()
