"""Reference hypervolume, contributions and Monte Carlo estimate: short, slow, obviously correct.

* :func:`hypervolume`: inclusion-exclusion over all subsets for n <= 6 points (the volume of a
  union of boxes anchored at ``ref``); above that, a recursive box decomposition (split the box
  at a point's coordinate until each piece is empty or covered by one point).
* :func:`hv_contributions`: the definition through limit sets,
  ``hvc(p) = vol(p) - HV({max(p, q) : q != p})``, with the reference :func:`hypervolume`.
* :func:`hypervolume_mc`: the same counter-based SplitMix64 stream as the compiled kernels,
  evaluated in chunks of samples (never samples x points x objectives at once).

Inputs are already validated: ``points`` float64 (n, d) without NaN, ``ref`` float64 (d,), and
for contributions and Monte Carlo the boxes of the counted points are finite. For tests on small
inputs only.
"""

from __future__ import annotations

import itertools

import numpy as np

_IE_MAX = 6  # inclusion-exclusion up to 2**6 - 1 subsets (more cancels: 1e-13 at 12 points)
_CHUNK_ELEMENTS = 1_000_000


def _inside(points: np.ndarray, ref: np.ndarray) -> np.ndarray:
    return points[(points < ref).all(axis=1)] if len(points) else points


def _inclusion_exclusion(pts: np.ndarray, ref: np.ndarray) -> float:
    """Sum over non-empty subsets S of (-1)^(|S|+1) * vol([max(S), ref))."""
    n = len(pts)
    pos = neg = 0.0
    for size in range(1, n + 1):
        total = 0.0
        for subset in itertools.combinations(range(n), size):
            total += float(np.prod(ref - pts[list(subset)].max(axis=0)))
        if size % 2:
            pos += total
        else:
            neg += total
    return pos - neg


def _box_volume(lo: np.ndarray, hi: np.ndarray, pts: np.ndarray) -> float:
    """Volume of the part of the box [lo, hi) dominated by ``pts`` (all inside the box)."""
    if len(pts) == 0:
        return 0.0
    q = np.unique(np.maximum(pts, lo), axis=0)
    if (q == lo).all(axis=1).any():  # one point covers the whole box
        return float(np.prod(hi - lo))
    if len(q) <= 6:
        return _inclusion_exclusion(q, hi)
    # Split at the median coordinate of the objective with the most distinct values inside.
    spread = [np.unique(q[:, j]).size for j in range(q.shape[1])]
    j = int(np.argmax(spread))
    values = np.unique(q[:, j])
    values = values[values > lo[j]]
    v = values[len(values) // 2]
    left_hi = hi.copy()
    left_hi[j] = v
    right_lo = lo.copy()
    right_lo[j] = v
    return _box_volume(lo, left_hi, q[q[:, j] < v]) + _box_volume(right_lo, hi, q)


def hypervolume(points: np.ndarray, ref: np.ndarray) -> float:
    pts = _inside(points, ref)
    if len(pts) == 0:
        return 0.0
    if not (np.isfinite(pts).all() and np.isfinite(ref).all()):
        return float("inf")
    # Dominated and repeated points add nothing to the union; dropping them keeps the
    # alternating inclusion-exclusion sum from cancelling (2**n terms for n copies of a point).
    pts = np.unique(pts, axis=0)
    pts = pts[~_dominated(pts)]
    if len(pts) <= _IE_MAX:
        return _inclusion_exclusion(pts, ref)
    return _box_volume(pts.min(axis=0), ref.astype(np.float64), pts)


def _weakly_dominated_by_other(pts: np.ndarray, i: int) -> bool:
    others = np.delete(pts, i, axis=0)
    return bool((others <= pts[i]).all(axis=1).any())


def _dominated(pts: np.ndarray) -> np.ndarray:
    """Rows dominated (<= everywhere, < somewhere) by another row."""
    le = (pts[None, :, :] <= pts[:, None, :]).all(axis=2)
    lt = (pts[None, :, :] < pts[:, None, :]).any(axis=2)
    return (le & lt).any(axis=1)


def hv_contributions(points: np.ndarray, ref: np.ndarray, ignore_dominated: bool) -> np.ndarray:
    n = len(points)
    out = np.zeros(n)
    inside = np.flatnonzero((points < ref).all(axis=1)) if n else np.zeros(0, dtype=np.intp)
    if inside.size == 0:
        return out
    rows = inside
    if ignore_dominated:
        rows = inside[~_dominated(points[inside])]
    pts = points[rows]
    for k, i in enumerate(rows):
        if _weakly_dominated_by_other(pts, k):  # dominated, or a duplicate: removing it changes nothing
            continue
        limit = np.maximum(pts[k], np.delete(pts, k, axis=0))
        out[i] = max(0.0, float(np.prod(ref - pts[k])) - hypervolume(limit, ref))
    return out


# --- Monte Carlo: SplitMix64 over counters ---------------------------------------------------------

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix64(z: np.ndarray) -> np.ndarray:
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def uniforms(seed: int, counters: np.ndarray) -> np.ndarray:
    """The [0, 1) variates of the compiled kernels: ``(mix64(key + (c + 1) * golden) >> 11) * 2**-53``
    with ``key = mix64(seed + golden)`` (uint64 arithmetic wraps)."""
    with np.errstate(over="ignore"):
        key = _mix64(np.asarray(np.uint64(seed) + _GOLDEN, dtype=np.uint64))
        z = _mix64(key + (counters.astype(np.uint64) + np.uint64(1)) * _GOLDEN)
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


def hypervolume_mc(points: np.ndarray, ref: np.ndarray, n_samples: int, seed: int):
    d = points.shape[1]
    pts = _inside(points, ref)
    if len(pts) == 0:
        return 0.0, (float("nan") if n_samples == 1 else 0.0), 0
    lo = pts.min(axis=0)
    width = ref - lo
    box = 1.0
    for w in width:
        box *= float(w)
    hits = 0
    chunk = max(1, _CHUNK_ELEMENTS // max(1, len(pts) * d))
    for start in range(0, n_samples, chunk):
        stop = min(n_samples, start + chunk)
        counters = np.arange(start * d, stop * d, dtype=np.uint64)
        samples = lo + uniforms(seed, counters).reshape(stop - start, d) * width  # (chunk, d)
        hits += int((pts[None, :, :] <= samples[:, None, :]).all(axis=2).any(axis=1).sum())
    f = hits / n_samples
    se = box * float(np.sqrt(f * (1.0 - f) / (n_samples - 1))) if n_samples > 1 else float("nan")
    return box * f, se, hits
