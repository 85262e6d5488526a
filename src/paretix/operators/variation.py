"""Offspring of parent pairs: crossover then mutation, fused into one kernel pass where possible."""

from __future__ import annotations

import numpy as np

from .. import kernels
from .._array import get_xp
from ._common import _bounds, _check_rng, _population, _uniform
from ._formulas import pm_width, sbx_pm_from_draws, sbx_width
from .crossover import SBX
from .mutation import PolynomialMutation

__all__ = ["variation"]


def variation(crossover, mutation, X, parents, xl, xu, rng, *, n=None):
    """Children of the parent pairs ``(X[parents[i, 0]], X[parents[i, 1]])``: ``crossover`` of each
    pair, then ``mutation`` of the children.

    Parameters
    ----------
    crossover : callable
        ``crossover(A, B, xl, xu, rng) -> (C1, C2)``, e.g. :class:`SBX`.
    mutation : callable
        ``mutation(X, xl, xu, rng) -> Y``, e.g. :class:`PolynomialMutation`.
    X : array, shape (m, n_var)
        The population (NumPy or CuPy), inside ``[xl, xu]``.
    parents : array of int, shape (n_pairs, 2)
        Row indices into ``X``.
    xl, xu : array_like, shape (n_var,)
    rng : numpy.random.Generator or cupy.random.Generator
    n : int, optional
        Children wanted: ``2 n_pairs`` (default) or ``2 n_pairs - 1`` (the last pair's second child
        is dropped).

    Returns
    -------
    array, shape (n, n_var)
        Rows ``2i`` and ``2i + 1`` are pair ``i``'s children, in the namespace of ``X``.

    Notes
    -----
    For exactly :class:`SBX` and :class:`PolynomialMutation` (not subclasses) the two operators
    are one step with its own random stream: per pair, the SBX draws and then the PM draws of both
    children (``rng.random((n_pairs, 3 + 7 n_var))``). On NumPy arrays with a NumPy ``Generator``
    this runs :func:`paretix.kernels.sbx_pm`: one pass over the offspring that reads the parents
    in place and draws inside the loop (at 1e6 children of 12 variables it replaces about forty
    temporary arrays); CuPy arrays run the same formulas on the same stream as whole-array
    operations. Any other pair of operators is called as ``crossover(X[p0], X[p1], ...)`` and
    ``mutation(children, ...)``, each with its own draws.
    """
    _check_rng(rng)
    xp = get_xp(X, xl, xu)
    n_pairs = int(parents.shape[0])
    n = 2 * n_pairs if n is None else n
    if type(crossover) is SBX and type(mutation) is PolynomialMutation:
        n_var = int(X.shape[1])
        if xp is np and isinstance(rng, np.random.Generator):
            return kernels.sbx_pm(X, parents, xl, xu, sbx=crossover.params(), pm=mutation.params(n_var), n=n,
                                  rng=rng)
        xl, xu = _bounds(xl, xu, xp)
        X = _population(X, "X", xl, xu, xp)
        R = _uniform(rng, (n_pairs, sbx_width(n_var) + 2 * pm_width(n_var)), xp)
        if xp is not np:  # device arrays: the fused CUDA kernel on the same draws
            return kernels.sbx_pm(X, parents, xl, xu, sbx=crossover.params(), pm=mutation.params(n_var), n=n, draws=R)
        return sbx_pm_from_draws(X, parents, xl, xu, R, crossover.params(), mutation.params(n_var), n, xp)
    C1, C2 = crossover(X[parents[:, 0]], X[parents[:, 1]], xl, xu, rng)
    children = xp.stack([C1, C2], axis=1).reshape(-1, C1.shape[1])[:n]  # pair i -> rows 2i, 2i + 1
    return mutation(children, xl, xu, rng)
