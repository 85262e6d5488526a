"""Argument conversion shared by every kernel entry point.

Kernels receive C-contiguous float64 arrays; everything else is converted here or rejected with
an error that names the argument, the value received and what was expected.
"""

from __future__ import annotations

import numpy as np


def as_points(points, name: str = "points", *, allow_nan: bool = False) -> np.ndarray:
    """Return ``points`` as a C-contiguous float64 array of shape (n, m), m >= 1, without NaN
    (unless ``allow_nan``: the caller then checks the rows it uses with :func:`check_no_nan`)."""
    arr = np.asarray(points)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a real numeric array, got dtype {arr.dtype}")
    if arr.ndim == 1:
        raise ValueError(
            f"{name} must be a 2-D array of shape (n_points, n_objectives), got a 1-D array of "
            f"length {arr.shape[0]}; use {name}.reshape(1, -1) for one point or "
            f"{name}.reshape(-1, 1) for one objective"
        )
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array of shape (n_points, n_objectives), got shape {arr.shape}"
        )
    if arr.shape[1] == 0:
        raise ValueError(f"{name} must have at least one objective column, got shape {arr.shape}")
    arr = np.ascontiguousarray(arr, dtype=np.float64)
    if not allow_nan:
        check_no_nan(arr, name)
    return arr


def check_no_nan(arr: np.ndarray, name: str, rows: np.ndarray | None = None) -> None:
    """Raise ``ValueError`` naming ``name`` if ``arr`` (or its ``rows``) contains NaN."""
    nan = np.isnan(arr if rows is None else arr[rows])
    if nan.any():
        row, col = np.argwhere(nan)[0]
        if rows is not None:
            row = np.flatnonzero(rows)[row]
        where = " in a feasible row" if rows is not None else ""
        raise ValueError(
            f"{name} contains NaN{where} (first at row {row}, column {col}); objective values "
            "must be numbers (inf is allowed)"
        )


def maximise_mask(maximise, n_obj: int) -> np.ndarray:
    """Per-objective bool mask from ``maximise`` (a bool, or one bool per objective)."""
    if isinstance(maximise, (bool, np.bool_)):
        return np.full(n_obj, bool(maximise))
    mask = np.asarray(maximise)
    if mask.ndim != 1 or mask.dtype.kind not in "bui":
        raise TypeError(
            f"maximise must be a bool or a 1-D sequence of bools (one per objective), got {maximise!r}"
        )
    if mask.shape[0] != n_obj:
        raise ValueError(
            f"maximise has {mask.shape[0]} entries but points have {n_obj} objectives"
        )
    return mask.astype(bool)


def apply_maximise(points: np.ndarray, maximise) -> np.ndarray:
    """Negate the maximised objectives so that every kernel minimises (copies only if needed)."""
    mask = maximise_mask(maximise, points.shape[1])
    if not mask.any():
        return points
    out = points.copy()
    out[:, mask] = -out[:, mask]
    return out


def as_cv(cv, n: int) -> np.ndarray:
    """Constraint violation as a float64 vector of length n, values >= 0 (inf allowed)."""
    arr = np.asarray(cv)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"cv must be a real numeric array, got dtype {arr.dtype}")
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(f"cv must have shape ({n},) (one value per point), got shape {arr.shape}")
    arr = np.ascontiguousarray(arr, dtype=np.float64)
    if np.isnan(arr).any():
        raise ValueError(f"cv contains NaN (first at index {int(np.argmax(np.isnan(arr)))}); use inf for a failed evaluation")
    if (arr < 0).any():
        raise ValueError(
            f"cv must be >= 0 (total constraint violation), got {arr[arr < 0][0]!r} at index "
            f"{int(np.argmax(arr < 0))}"
        )
    return arr


def as_n_stop(n_stop) -> int | None:
    if n_stop is None:
        return None
    if isinstance(n_stop, (bool, np.bool_)) or not isinstance(n_stop, (int, np.integer)):
        raise TypeError(f"n_stop must be a positive int or None, got {n_stop!r}")
    if n_stop < 1:
        raise ValueError(f"n_stop must be a positive int or None, got {n_stop}")
    return int(n_stop)


def as_bounds(xl, xu, xp=np, n_var: int | None = None):
    """Check and convert the box bounds: 1-D float64, equal length, finite, ``xl <= xu``."""
    xl = xp.asarray(xl, dtype=xp.float64)
    xu = xp.asarray(xu, dtype=xp.float64)
    for b, name in ((xl, "xl"), (xu, "xu")):
        if b.ndim != 1:
            raise ValueError(f"{name} must be a 1-D array of length n_var, got shape {tuple(b.shape)}")
    if xl.shape != xu.shape:
        raise ValueError(f"xl and xu must have the same length, got {xl.shape[0]} and {xu.shape[0]}")
    if n_var is not None and xl.shape[0] != n_var:
        raise ValueError(f"xl and xu must have length n_var={n_var}, got {xl.shape[0]}")
    width = xu - xl
    bad = ~(xp.isfinite(width) & (width >= 0))  # catches NaN, inf and xl > xu at once
    if bool(bad.any()):
        j = int(xp.argmax(bad))
        raise ValueError(
            f"bounds must be finite with xl <= xu, but xl[{j}]={float(xl[j])!r}, xu[{j}]={float(xu[j])!r}"
        )
    return xl, xu


def as_box_points(X, name: str, xl, xu, xp=np):
    """``X`` as a 2-D float64 ``xp`` array of points inside ``[xl, xu]``."""
    X = xp.asarray(X, dtype=xp.float64)
    if X.ndim != 2 or X.shape[1] != xl.shape[0]:
        raise ValueError(f"{name} must have shape (n, n_var={xl.shape[0]}), got {tuple(X.shape)}")
    outside = ~((X >= xl) & (X <= xu))  # NaN counts as outside
    if bool(outside.any()):
        i, j = (int(k) for k in divmod(int(xp.argmax(outside.reshape(-1))), X.shape[1]))
        raise ValueError(
            f"{name} must lie inside [xl, xu], but {name}[{i}, {j}]={float(X[i, j])!r} is outside "
            f"[{float(xl[j])!r}, {float(xu[j])!r}]"
        )
    return X
