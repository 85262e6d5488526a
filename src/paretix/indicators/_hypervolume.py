"""Callable hypervolume indicator with a fixed reference point."""

from __future__ import annotations

import numpy as np

from ..kernels import hv as _hv
from ..kernels._validate import maximise_mask


class Hypervolume:
    """Hypervolume indicator with a fixed reference point (moocore's ``Hypervolume``).

    Parameters
    ----------
    ref : float or array_like, shape (d,)
        Reference point; a scalar is broadcast to every objective. Checked here for NaN and
        shape, and against the number of objectives at each call.
    maximise : bool or sequence of bool, default False
        Objectives to maximise instead.
    backend : {"native", "numba", "reference"}, optional
        Force a backend for every call.

    Examples
    --------
    >>> from paretix.indicators import Hypervolume
    >>> hv = Hypervolume(ref=[4, 4])
    >>> hv([[1, 3], [2, 2], [3, 1]])
    6.0
    >>> hv.contributions([[1, 3], [2, 2], [3, 1]]).tolist()
    [1.0, 1.0, 1.0]

    See Also
    --------
    paretix.hypervolume : the function this object calls (algorithms and complexity).
    """

    def __init__(self, ref, *, maximise=False, backend=None):
        arr = np.asarray(ref)
        if arr.dtype.kind not in "biuf":
            raise TypeError(f"ref must be a real number or a 1-D array of numbers, got dtype {arr.dtype}")
        if arr.ndim > 1:
            raise ValueError(f"ref must be a scalar or a 1-D array (one value per objective), got shape {arr.shape}")
        arr = arr.astype(np.float64)
        if np.isnan(arr).any():
            raise ValueError("ref contains NaN; use finite values or inf")
        if arr.ndim == 1 and not isinstance(maximise, (bool, np.bool_)):
            maximise_mask(maximise, arr.shape[0])  # check the lengths agree now
        self.ref = arr
        self.maximise = maximise
        self.backend = backend

    def __call__(self, points, /) -> float:
        """Hypervolume of ``points`` (see :func:`paretix.hypervolume`)."""
        return _hv.hypervolume(points, ref=self.ref, maximise=self.maximise, backend=self.backend)

    def contributions(self, points, /, *, ignore_dominated=True) -> np.ndarray:
        """Exclusive contributions of ``points`` (see :func:`paretix.hv_contributions`)."""
        return _hv.hv_contributions(
            points, ref=self.ref, maximise=self.maximise, ignore_dominated=ignore_dominated, backend=self.backend
        )

    def __repr__(self) -> str:
        ref = self.ref.tolist()
        return f"Hypervolume(ref={ref!r}, maximise={self.maximise!r})"
