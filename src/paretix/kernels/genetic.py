"""Genetic-algorithm kernels: :func:`duplicated` (duplicate rows by hashing)."""

from __future__ import annotations

import numpy as np

from ._backends import Kernel
from ._threads import get_num_threads
from .._array import is_device_array
from ._device import device_backend
from .._array import get_xp
from . import _launch

_DUPLICATED = Kernel(
    "duplicated",
    {
        "native": "paretix._core:duplicated",
        "numba": "paretix.kernels._numba.genetic:duplicated",
        "reference": "paretix._reference.genetic:duplicated",
    },
)

KERNELS = {k.name: k for k in (_DUPLICATED,)}


def _rows(a, name: str, d: int | None = None, xp=np) -> np.ndarray:
    """``a`` as a C-contiguous 2-D float64 ``xp`` array (with ``d`` columns when given)."""
    arr = xp.asarray(a)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a real numeric array, got dtype {arr.dtype}")
    if arr.ndim != 2:
        hint = f"; use {name}.reshape(1, -1) for one row" if arr.ndim == 1 else ""
        raise ValueError(f"{name} must be a 2-D array of shape (n_rows, n_columns), got shape {arr.shape}{hint}")
    if d is not None and arr.shape[1] != d:
        raise ValueError(f"{name} must have {d} columns like X, got shape {arr.shape}")
    return xp.ascontiguousarray(arr, dtype=xp.float64)


def duplicated(X, /, existing=None, *, backend=None):
    """Which rows of ``X`` repeat an earlier row of ``X`` or a row of ``existing``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Rows to test (converted to C-contiguous float64; NaN and inf allowed).
    existing : array_like of shape (m, d), or a list or tuple of such 2-D arrays, optional
        Rows that count as already present (e.g. the current population). A list of 2-D arrays
        is treated as their concatenation, without building it.
    backend : {"native", "numba", "reference"}, optional

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        ``True`` where row ``i`` equals a row of ``existing`` or a row ``k < i`` of ``X``, like
        ``pandas.DataFrame.duplicated(keep="first")`` with ``existing`` prepended: ``X[~dup]``
        keeps the first copy of every row that ``existing`` does not hold.

    Notes
    -----
    Rows are equal when every entry compares equal (``==``): ``-0.0`` equals ``0.0``, and a row
    that holds NaN equals nothing (not even itself), so it is never a duplicate. This is the
    result of a stable lexicographic sort of ``existing`` stacked over ``X`` in which every row
    after the first of a run of equal rows is a copy (the ``reference`` backend does exactly that,
    O((n + m) log(n + m))).

    ``native`` and ``numba`` hash the rows instead: an open-addressing table (linear probing, at
    most half full) holds the first copy of every distinct row of ``X``, and the rows of
    ``existing`` are streamed through it without being stored. Expected time O((n + m) d), memory
    O(n) (8 bytes per slot, about 16 bytes per row of ``X``), no sort and no n x m comparison.
    Hashes only choose where rows are compared; equality is always decided by comparing the
    entries, so the result never depends on the hash. ``native`` splits large inputs over
    :func:`paretix.kernels.set_num_threads` threads (one table per range of hashes, each filled
    in row order; the streamed rows split evenly): the same result for any thread count.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 1.0], [2.0, 3.0], [-0.0, 1.0], [np.nan, 1.0]])
    >>> duplicated(X, existing=np.array([[2.0, 3.0]])).tolist()
    [False, True, True, False]
    """
    if is_device_array(X):
        device_backend(backend, "duplicated")
        xp = get_xp(X)
        X = _rows(X, "X", xp=xp)
        if existing is None:
            blocks = []
        elif isinstance(existing, (list, tuple)):
            blocks = [_rows(E, f"existing[{k}]", X.shape[1], xp) for k, E in enumerate(existing)]
        else:
            blocks = [_rows(existing, "existing", X.shape[1], xp)]
        return _launch.duplicated(X, blocks)
    X = _rows(X, "X")
    if existing is None:
        blocks = []
    elif isinstance(existing, (list, tuple)) and (not existing or np.ndim(existing[0]) == 2):
        blocks = [_rows(E, f"existing[{k}]", X.shape[1]) for k, E in enumerate(existing)]
    else:
        blocks = [_rows(existing, "existing", X.shape[1])]
    _, impl = _DUPLICATED.resolve(backend)
    return np.asarray(impl(X, blocks, get_num_threads()), dtype=bool)
