"""MOEA/D kernels: neighbourhoods of weight vectors, decomposition, generational replacement."""

from __future__ import annotations

import numpy as np

from ._backends import Kernel
from ._threads import get_num_threads
from ._device import host_fallback
from .._array import get_xp
from . import _launch
from ._device import device_backend

_NEIGHBORS = Kernel(
    "moead_neighbors",
    {
        "native": "paretix._core:moead_neighbors",
        "numba": "paretix.kernels._numba.moead:moead_neighbors",
        "reference": "paretix._reference.moead:moead_neighbors",
    },
)
_REPLACE = Kernel(
    "moead_replace",
    {
        "native": "paretix._core:moead_replace",
        "numba": "paretix.kernels._numba.moead:moead_replace",
        "reference": "paretix._reference.moead:moead_replace",
    },
)

KERNELS = {k.name: k for k in (_NEIGHBORS, _REPLACE)}

#: Decomposition names and their kernel codes.
METHODS = {"tchebycheff": 0, "normalized_tchebycheff": 1, "pbi": 2, "weighted_sum": 3}


def _matrix(a, name: str, cols: int | None = None, rows: int | None = None, xp=np) -> np.ndarray:
    arr = xp.asarray(a)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a real numeric array, got dtype {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array, got shape {arr.shape}")
    if cols is not None and arr.shape[1] != cols:
        raise ValueError(f"{name} must have {cols} columns, got shape {arr.shape}")
    if rows is not None and arr.shape[0] != rows:
        raise ValueError(f"{name} must have {rows} rows, got shape {arr.shape}")
    return xp.ascontiguousarray(arr, dtype=xp.float64)


def _vector(a, name: str, n: int, xp=np) -> np.ndarray:
    arr = xp.ascontiguousarray(xp.asarray(a), dtype=xp.float64)
    if arr.shape != (n,):
        raise ValueError(f"{name} must be a 1-D array of length {n}, got shape {arr.shape}")
    return arr


def _method(method) -> int:
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}, got {method!r}")
    return METHODS[method]


def _scale(ideal: np.ndarray, nadir, code: int, xp=np) -> np.ndarray:
    if code != 1:
        return xp.ones_like(ideal)
    if nadir is None:
        raise ValueError("method='normalized_tchebycheff' needs nadir (an array of length n_obj)")
    span = _vector(nadir, "nadir", len(ideal), xp) - ideal
    return xp.where(span > 0, span, 1.0)  # a flat objective is not scaled


@host_fallback
def neighbors(W, n_neighbors: int, *, backend=None) -> np.ndarray:
    """The ``n_neighbors`` nearest weight vectors of every weight vector (itself included).

    Parameters
    ----------
    W : array_like, shape (n, m)
        Weight vectors (any points: the kernel is a general exact k-nearest-neighbour search).
    n_neighbors : int
        ``T``, with ``1 <= T <= n``.
    backend : {"native", "numba", "reference"}, optional

    Returns
    -------
    numpy.ndarray of int64, shape (n, T)
        Row ``i`` lists the ``T`` rows nearest to ``W[i]`` by Euclidean distance, nearest first,
        equal distances by the smaller index (so ``W[i]`` itself comes first unless an identical
        row has a smaller index). The same array on every backend.

    Notes
    -----
    ``native`` and ``numba`` search a k-d tree (median splits on the widest coordinate, leaves of
    8 rows): O(n log n) expected time for the simplex-lattice weights MOEA/D uses and O(n T)
    memory, never the n x n distance matrix that pymoo and EvoMO build (79 GB at n = 1e5).
    ``native`` splits the queries over :func:`paretix.kernels.set_num_threads` threads.
    ``reference`` is brute force in chunks of 2048 rows.
    """
    W = _matrix(W, "W")
    if isinstance(n_neighbors, bool) or not isinstance(n_neighbors, (int, np.integer)) or not (
            1 <= n_neighbors <= max(W.shape[0], 1)):
        raise ValueError(f"n_neighbors must be an int in [1, {W.shape[0]}] (the number of weight vectors), "
                         f"got {n_neighbors!r}")
    if not np.isfinite(W).all():
        raise ValueError("W must be finite")
    _, impl = _NEIGHBORS.resolve(backend)
    return np.asarray(impl(W, int(n_neighbors), get_num_threads()), dtype=np.int64)


@host_fallback
def decompose(F, W, ideal, *, method: str = "tchebycheff", theta: float = 5.0, nadir=None) -> np.ndarray:
    """The aggregation value ``g(F[i] | W[i], ideal)`` of every row (lower is better).

    Parameters
    ----------
    F, W : array_like, shape (n, m)
        Objective vectors and the weight vector each one is measured on (broadcast: one row of
        either is used for every row of the other).
    ideal : array_like, shape (m,)
        ``z``, the best value of every objective seen so far.
    method : {"tchebycheff", "normalized_tchebycheff", "pbi", "weighted_sum"}
        - ``tchebycheff``: ``max_j w_j |f_j - z_j|`` (Zhang & Li 2007);
        - ``normalized_tchebycheff``: ``max_j w_j |f_j - z_j| / (nadir_j - z_j)`` (a flat
          objective, ``nadir_j <= z_j``, is not scaled);
        - ``pbi``: ``d1 + theta d2`` with ``d1 = (f - z) . w / |w|`` and ``d2`` the distance of
          ``f - z`` from the line ``d1 w / |w|``;
        - ``weighted_sum``: ``sum_j w_j (f_j - z_j)``.
    theta : float, default 5.0
        The PBI penalty.
    nadir : array_like, shape (m,), optional
        Needed by ``normalized_tchebycheff``.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The same values, bit for bit, as the replacement kernels compute.
    """
    F = np.atleast_2d(np.asarray(F, dtype=np.float64))
    W = np.atleast_2d(np.asarray(W, dtype=np.float64))
    F, W = np.broadcast_arrays(F, W)
    ideal = _vector(ideal, "ideal", F.shape[1])
    code = _method(method)
    from .._reference.moead import aggregate

    return aggregate(F, W, ideal, _scale(ideal, nadir, code), code, float(theta))


def moead_replace(F, cv, F_child, cv_child, W, candidates, ideal, *, method: str = "tchebycheff",
                  theta: float = 5.0, nadir=None, max_replacements=None, backend=None) -> np.ndarray:
    """Which child takes which subproblem in one generational MOEA/D step.

    Subproblem ``k`` has the weight vector ``W[k]`` and the incumbent ``(F[k], cv[k])``. Child
    ``j`` (``F_child[j]``, ``cv_child[j]``) competes for the subproblems ``candidates[j]`` (its
    neighbourhood, in the order it tries them). A child *improves* subproblem ``k`` when it beats
    the incumbent: a smaller violation, or both feasible (``cv <= 0``) and a smaller aggregation
    value ``g(. | W[k], ideal)`` (see :func:`decompose`). Children are visited in index order;
    each improves at most ``max_replacements`` subproblems (the first ones in its candidate
    order: MOEA/D-DE's ``n_r``), and every subproblem is taken by the best child that improves it
    (by the same comparison; the first such child on ties). With one child this is exactly the
    sequential update of Zhang & Li (2007) and Li & Zhang (2009).

    Parameters
    ----------
    F : array_like, shape (n, m)
    cv : array_like, shape (n,)
    F_child : array_like, shape (n_children, m)
    cv_child : array_like, shape (n_children,)
    W : array_like, shape (n, m)
    candidates : array_like of int, shape (n_children, n_candidates)
        Subproblem indices in ``[0, n)``; a child may list a subproblem once.
    ideal : array_like, shape (m,)
    method, theta, nadir : see :func:`decompose`
    max_replacements : int, optional
        ``n_r >= 1``; None for no limit.
    backend : {"native", "numba", "reference"}, optional

    Returns
    -------
    numpy.ndarray of int64, shape (n,)
        ``winner[k]``: the child that replaces the incumbent of subproblem ``k``, or -1.

    Notes
    -----
    O(n_children n_candidates m) time and O(n) memory on every backend (the seed paper's
    TensorMOEA/D builds an n x n matrix for this step). ``native`` and ``numba`` give the same
    result bit for bit.
    """
    xp = get_xp(F)
    if xp is not np:
        device_backend(backend, "moead_replace")
    F = _matrix(F, "F", xp=xp)
    n, m = F.shape
    cv = _vector(cv, "cv", n, xp)
    Fc = _matrix(F_child, "F_child", cols=m, xp=xp)
    nc = Fc.shape[0]
    cvc = _vector(cv_child, "cv_child", nc, xp)
    W = _matrix(W, "W", cols=m, rows=n, xp=xp)
    cand = xp.asarray(candidates)
    if cand.dtype.kind not in "iu" or cand.ndim != 2 or cand.shape[0] != nc:
        raise ValueError(f"candidates must be an integer array of shape ({nc}, n_candidates), got "
                         f"{cand.dtype} {cand.shape}")
    cand = xp.ascontiguousarray(cand, dtype=xp.int64)
    if cand.size and (int(cand.min()) < 0 or int(cand.max()) >= n):
        raise ValueError(f"candidates must be subproblem indices in [0, {n})")
    ideal = _vector(ideal, "ideal", m, xp)
    code = _method(method)
    scale = _scale(ideal, nadir, code, xp)
    if max_replacements is None:
        n_r = np.iinfo(np.int64).max
    elif isinstance(max_replacements, bool) or not isinstance(max_replacements, (int, np.integer)) or max_replacements < 1:
        raise ValueError(f"max_replacements must be a positive int or None, got {max_replacements!r}")
    else:
        n_r = int(max_replacements)
    if xp is not np:
        return _launch.moead_replace(F, cv, Fc, cvc, W, cand, ideal, scale, code, float(theta), n_r)
    _, impl = _REPLACE.resolve(backend)
    return np.asarray(impl(F, cv, Fc, cvc, W, cand, ideal, scale, code, float(theta), n_r), dtype=np.int64)
