"""Argument checks shared by the reference-set indicators."""

from __future__ import annotations

import numpy as np

from ..kernels._validate import as_points, maximise_mask

_CHUNK_ELEMENTS = 2_000_000


def as_sets(points, ref, maximise, *, flip: bool = True):
    """``points`` and ``ref`` as finite float64 (n, d) arrays with the same d, maximised columns
    negated when ``flip`` (else returned with the mask)."""
    a = as_points(points, "points")
    r = as_points(ref, "ref")
    if a.shape[1] != r.shape[1]:
        raise ValueError(f"points have {a.shape[1]} objectives but ref has {r.shape[1]}")
    for arr, name in ((a, "points"), (r, "ref")):
        if not np.isfinite(arr).all():
            row, col = np.argwhere(~np.isfinite(arr))[0]
            raise ValueError(f"{name} must be finite, got {arr[row, col]} at row {row}, column {col}")
    if r.shape[0] == 0:
        raise ValueError("ref must hold at least one reference point, got an empty set")
    mask = maximise_mask(maximise, a.shape[1])
    if flip and mask.any():
        a = a.copy()
        r = r.copy()
        a[:, mask] = -a[:, mask]
        r[:, mask] = -r[:, mask]
    return a, r, mask


def chunks(n_rows: int, other: int, d: int):
    """Row slices such that a (rows, other, d) temporary stays below ~2e6 elements."""
    step = max(1, _CHUNK_ELEMENTS // max(1, other * d))
    for start in range(0, n_rows, step):
        yield slice(start, min(n_rows, start + step))
