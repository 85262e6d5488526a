"""Numba hypervolume kernels: the entry points of the ``numba`` backend.

Same contracts and algorithms as the C++ kernels (``cpp/src/hv*.cpp``): points that do not
strictly dominate ``ref`` are filtered here, then the dispatch is by dimension (sweeps for d <= 3,
HV4D+ for d = 4, WFG for d >= 5; limit sets for contributions in d >= 4). The Monte Carlo
estimate uses the same SplitMix64 counter stream, so it is identical to ``native``'s.
"""

from __future__ import annotations

import numba as nb
import numpy as np

from .hv_high import filter_nondominated, hv4d_sorted, wfg_sorted
from .hv_sweep import hv2d, hv3d, hvc2d, hvc3d_unique
from .nds import is_nondominated

_INF = np.inf


def _inside(points: np.ndarray, ref: np.ndarray) -> np.ndarray:
    return np.flatnonzero((points < ref).all(axis=1)) if len(points) else np.zeros(0, dtype=np.intp)


@nb.njit(cache=True, nogil=True)
def _hv_any(P, ref):
    n, d = P.shape
    if n == 0:
        return 0.0
    if d == 1:
        return ref[0] - P[:, 0].min()
    if d == 2:
        return hv2d(P, ref)
    if d == 3:
        return hv3d(P, ref)
    if d == 4:
        return hv4d_sorted(P[np.argsort(P[:, 3], kind="mergesort")], ref)
    Q = filter_nondominated(P)
    return wfg_sorted(Q[np.argsort(Q[:, d - 1], kind="mergesort")], ref)


def hypervolume(points: np.ndarray, ref: np.ndarray) -> float:
    rows = _inside(points, ref)
    if rows.size == 0:
        return 0.0
    pts = np.ascontiguousarray(points[rows])
    if not (np.isfinite(ref).all() and np.isfinite(pts).all()):
        return float("inf")
    if points.shape[1] >= 5:  # prune dominated points once, with the sorting kernel
        pts = np.ascontiguousarray(pts[is_nondominated(pts, False)])
    return float(_hv_any(pts, ref))


@nb.njit(cache=True, nogil=True)
def _hvc_limit_set(P, ref):
    n, d = P.shape
    out = np.zeros(n)
    L = np.empty((max(n - 1, 1), d))
    for i in range(n):
        covered = False
        c = 0
        for j in range(n):
            if j == i:
                continue
            le = True
            for t in range(d):
                le &= P[j, t] <= P[i, t]
                L[c, t] = max(P[i, t], P[j, t])
            if le:
                covered = True
                break
            c += 1
        if covered:
            continue
        box = 1.0
        for t in range(d):
            box *= ref[t] - P[i, t]
        out[i] = box - _hv_any(filter_nondominated(L[:c]), ref)
    return out


def _hvc3d(pts: np.ndarray, ref3: np.ndarray, ignore_dominated: bool) -> np.ndarray:
    order = np.lexsort((np.arange(len(pts)), pts[:, 0], pts[:, 1], pts[:, 2]))
    s = pts[order]
    same = np.zeros(len(s), dtype=bool)
    same[1:] = (s[1:] == s[:-1]).all(axis=1)
    first = ~same
    group = np.cumsum(first) - 1
    dup = np.bincount(group) > 1  # per unique point
    c = hvc3d_unique(np.ascontiguousarray(s[first]), ref3, not ignore_dominated)
    c[dup] = 0.0
    out = np.zeros(len(pts))
    out[order[first]] = c
    return out


def hv_contributions(points: np.ndarray, ref: np.ndarray, ignore_dominated: bool) -> np.ndarray:
    n, d = points.shape
    out = np.zeros(n)
    rows = _inside(points, ref)
    if rows.size == 0:
        return out
    pts = points[rows]
    if d <= 2 and ignore_dominated:
        p2 = np.zeros((len(pts), 2))
        p2[:, :d] = pts
        ref2 = np.array([ref[0], ref[1] if d == 2 else 1.0])
        c = hvc2d(p2, ref2)
    elif d <= 3:
        p3 = np.zeros((len(pts), 3))
        p3[:, :d] = pts
        ref3 = np.ones(3)
        ref3[:d] = ref
        c = _hvc3d(p3, ref3, ignore_dominated)
    else:
        if ignore_dominated:
            keep = np.flatnonzero(is_nondominated(np.ascontiguousarray(pts), True))
            c = np.zeros(len(pts))
            c[keep] = _hvc_limit_set(np.ascontiguousarray(pts[keep]), ref)
        else:
            c = _hvc_limit_set(np.ascontiguousarray(pts), ref)
    out[rows] = np.maximum(c, 0.0)  # a rounding residue below 0 is 0
    return out


# --- Monte Carlo -------------------------------------------------------------------------------------

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


@nb.njit(cache=True, nogil=True)
def _mix64(z):
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


@nb.njit(cache=True, nogil=True)
def _mc_count(P, first, lo, width, n_samples, seed):
    d = P.shape[1]
    key = _mix64(np.uint64(seed) + _GOLDEN)
    s = np.empty(d)
    hits = 0
    ud = np.uint64(d)
    for i in range(n_samples):
        base = np.uint64(i) * ud
        for j in range(d):
            z = _mix64(key + (base + np.uint64(j) + np.uint64(1)) * _GOLDEN)
            u = np.float64(z >> np.uint64(11)) * 1.1102230246251565e-16  # 2**-53
            s[j] = lo[j] + u * width[j]
        end = np.searchsorted(first, s[0], side="right")
        for r in range(end):
            j = 1
            while j < d and P[r, j] <= s[j]:
                j += 1
            if j == d:
                hits += 1
                break
    return hits


def hypervolume_mc(points: np.ndarray, ref: np.ndarray, n_samples: int, seed: int):
    rows = _inside(points, ref)
    if rows.size == 0:
        return 0.0, (float("nan") if n_samples == 1 else 0.0), 0
    pts = np.ascontiguousarray(points[rows])
    pts = pts[is_nondominated(pts, False)]
    pts = np.ascontiguousarray(pts[np.argsort(pts[:, 0], kind="stable")])
    lo = pts.min(axis=0)
    width = ref - lo
    box = 1.0
    for w in width:
        box *= float(w)
    hits = int(_mc_count(pts, np.ascontiguousarray(pts[:, 0]), lo, width, int(n_samples), np.uint64(seed)))
    f = hits / n_samples
    se = box * float(np.sqrt(f * (1.0 - f) / (n_samples - 1))) if n_samples > 1 else float("nan")
    return box * f, se, hits
