"""Variation kernels: bounded SBX, polynomial mutation, and both fused into one pass
(:func:`sbx`, :func:`polynomial_mutation`, :func:`sbx_pm`).

The operator objects :class:`paretix.operators.SBX` and
:class:`paretix.operators.PolynomialMutation` call these for NumPy arrays; their docstrings hold
the formulas, and ``paretix/operators/_formulas.py`` the whole-array arithmetic that the
``reference`` backend (and the CuPy path) runs.

Random numbers. Every kernel reads a fixed number of uniform [0, 1) draws per row, whatever the
probabilities, laid out as ``rng.random((rows, k))`` in C order:

==========  ===========  =================================================================
kernel      row          draws in the row
==========  ===========  =================================================================
sbx         a pair       ``u_pair``, then per variable ``u_cross, u_spread, u_swap``
pm          a child      ``u_child``, then per variable ``u_mutate, u_perturb``
sbx_pm      a pair       the SBX row, then the PM rows of its first and second child
==========  ===========  =================================================================

Give either ``rng`` (a ``numpy.random.Generator``) or ``draws`` (that array). With ``rng`` the
native kernel draws inside its loop from the generator's bit stream (NumPy's PCG64 inlined on a
copy of its state; other bit generators through their C interface, under their lock), so no
``rows x k`` array is ever made; the values and the generator's state afterwards are exactly
those of ``rng.random((rows, k))`` on every backend, so a seed gives the same offspring whichever
backend runs (to the last bit between native and numba; NumPy's vectorised ``pow`` may differ
in the last place). Rows are independent, so the native kernel splits them over threads
(:func:`paretix.kernels.set_num_threads`) when the draws are given or come from PCG64 (each
thread jumps ahead to its first row): the results do not depend on the thread count.
"""

from __future__ import annotations

import numpy as np

from ._backends import Kernel
from ._threads import get_num_threads
from ._validate import as_bounds, as_box_points
from ._device import host_fallback
from .._array import get_xp, is_device_array
from ._device import device_backend
from . import _launch

_IMPLS = {
    func: Kernel(name, {"native": f"paretix._core:{func}", "numba": f"paretix.kernels._numba.variation:{func}",
                        "reference": f"paretix._reference.variation:{func}"})
    for name, func in (("sbx", "sbx"), ("polynomial_mutation", "pm"), ("sbx_pm", "sbx_pm"))
}
KERNELS = {k.name: k for k in _IMPLS.values()}


def sbx_width(n_var: int) -> int:
    """Draws per pair of :func:`sbx`: ``1 + 3 n_var``."""
    return 1 + 3 * n_var


def pm_width(n_var: int) -> int:
    """Draws per child of :func:`polynomial_mutation`: ``1 + 2 n_var``."""
    return 1 + 2 * n_var


def _source(rng, draws, rows: int, k: int):
    """Check that exactly one of ``rng`` / ``draws`` is given; ``draws`` as float64 (rows, k)."""
    if (rng is None) == (draws is None):
        raise TypeError("give exactly one of rng (a numpy.random.Generator) and draws (an array of uniforms)")
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
        return None
    R = np.ascontiguousarray(draws, dtype=np.float64)
    if R.shape != (rows, k):
        raise ValueError(f"draws must have shape ({rows}, {k}) (one row of {k} uniforms per row), got {R.shape}")
    return R


def _probabilities(eta, probs, names):
    out = [float(eta)]
    if not (np.isfinite(out[0]) and out[0] >= 0):
        raise ValueError(f"eta must be a finite number >= 0, got {eta!r}")
    for p, name in zip(probs, names):
        p = float(p)
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"{name} must lie in [0, 1], got {p!r}")
        out.append(p)
    return out


def _sbx_params(eta, prob, prob_var, prob_swap):
    return _probabilities(eta, (prob, prob_var, prob_swap), ("prob", "prob_var", "prob_swap"))


def _pm_params(eta, prob, prob_var, n_var):
    prob_var = (1.0 / n_var if n_var else 0.0) if prob_var is None else prob_var
    return _probabilities(eta, (prob, prob_var), ("prob", "prob_var"))


@host_fallback
def sbx(A, B, xl, xu, /, *, eta, prob=1.0, prob_var=0.5, prob_swap=0.5, rng=None, draws=None, backend=None):
    """Bounded simulated binary crossover of ``A[i]`` with ``B[i]``.

    Parameters
    ----------
    A, B : array_like, shape (n, n_var)
        Parents inside ``[xl, xu]`` (NaN counts as outside).
    xl, xu : array_like, shape (n_var,)
        Finite bounds, ``xl <= xu``.
    eta, prob, prob_var, prob_swap : float
        As :class:`paretix.operators.SBX`.
    rng : numpy.random.Generator, optional
    draws : array_like, shape (n, 1 + 3 n_var), optional
        Exactly one of ``rng`` and ``draws`` (see the module notes for the layout).
    backend : {"native", "numba", "reference"}, optional

    Returns
    -------
    C1, C2 : numpy.ndarray of float64, shape (n, n_var)
    """
    xl, xu = as_bounds(xl, xu)
    A = np.ascontiguousarray(as_box_points(A, "A", xl, xu))
    B = np.ascontiguousarray(as_box_points(B, "B", xl, xu))
    if A.shape != B.shape:
        raise ValueError(f"A and B must have the same shape, got {A.shape} and {B.shape}")
    params = _sbx_params(eta, prob, prob_var, prob_swap)
    R = _source(rng, draws, A.shape[0], sbx_width(A.shape[1]))
    _, impl = _IMPLS["sbx"].resolve(backend)
    return impl(A, B, xl, xu, params, rng, R, get_num_threads())


@host_fallback
def polynomial_mutation(X, xl, xu, /, *, eta, prob=1.0, prob_var=None, rng=None, draws=None, backend=None):
    """Deb's bounded polynomial mutation of every row of ``X``.

    Parameters
    ----------
    X : array_like, shape (n, n_var)
        Points inside ``[xl, xu]``.
    xl, xu : array_like, shape (n_var,)
    eta, prob, prob_var : float
        As :class:`paretix.operators.PolynomialMutation` (``prob_var=None``: ``1 / n_var``).
    rng : numpy.random.Generator, optional
    draws : array_like, shape (n, 1 + 2 n_var), optional
        Exactly one of ``rng`` and ``draws``.
    backend : {"native", "numba", "reference"}, optional

    Returns
    -------
    numpy.ndarray of float64, shape (n, n_var)
    """
    xl, xu = as_bounds(xl, xu)
    X = np.ascontiguousarray(as_box_points(X, "X", xl, xu))
    params = _pm_params(eta, prob, prob_var, X.shape[1])
    R = _source(rng, draws, X.shape[0], pm_width(X.shape[1]))
    _, impl = _IMPLS["pm"].resolve(backend)
    return impl(X, xl, xu, params, rng, R, get_num_threads())


def sbx_pm(X, parents, xl, xu, /, *, sbx, pm, n=None, rng=None, draws=None, backend=None):
    """Offspring of parent pairs in one pass: SBX of each pair, then polynomial mutation of both
    children, then clipping into the box, without gathering the parents into new arrays.

    Parameters
    ----------
    X : array_like, shape (m, n_var)
        The population, inside ``[xl, xu]``.
    parents : array_like of int, shape (n_pairs, 2)
        Row indices into ``X``: pair ``i`` crosses ``X[parents[i, 0]]`` with ``X[parents[i, 1]]``.
    xl, xu : array_like, shape (n_var,)
    sbx : tuple (eta, prob, prob_var, prob_swap)
    pm : tuple (eta, prob, prob_var)
        ``prob_var`` None means ``1 / n_var``.
    n : int, optional
        Children wanted, ``2 n_pairs`` (default) or ``2 n_pairs - 1`` (the last pair's second
        child is dropped; its draws are still consumed).
    rng : numpy.random.Generator, optional
    draws : array_like, shape (n_pairs, 3 + 7 n_var), optional
        Exactly one of ``rng`` and ``draws``.
    backend : {"native", "numba", "reference"}, optional

    Returns
    -------
    numpy.ndarray of float64, shape (n, n_var)
        Rows ``2i`` and ``2i + 1`` are pair ``i``'s first and second child: the result equals
        ``polynomial_mutation`` of ``sbx``'s children interleaved, with each pair's draws taken
        together (SBX row, then the two PM rows).

    Notes
    -----
    One read of the parents and one write of the children: at 1e6 children of 12 variables the
    NumPy operators make about 40 temporary (n, n_var) arrays and the draws (3.5 n n_var
    doubles); this makes none of them. O(n n_var) time, O(n_var) extra memory per thread.
    """
    if is_device_array(X):
        device_backend(backend, "sbx_pm")
        return _sbx_pm_device(X, parents, xl, xu, sbx, pm, n, rng, draws)
    xl, xu = as_bounds(xl, xu)
    X = np.ascontiguousarray(as_box_points(X, "X", xl, xu))
    P = np.asarray(parents)
    if P.dtype.kind not in "iu" or P.ndim != 2 or P.shape[1] != 2:
        raise ValueError(f"parents must be an int array of shape (n_pairs, 2), got {P.dtype} {P.shape}")
    P = np.ascontiguousarray(P, dtype=np.int64)
    if P.size and (P.min() < 0 or P.max() >= X.shape[0]):
        raise ValueError(f"parents must index the {X.shape[0]} rows of X, got values in [{P.min()}, {P.max()}]")
    n_pairs = P.shape[0]
    n = 2 * n_pairs if n is None else n
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or (n + 1) // 2 != n_pairs:
        raise ValueError(f"n must be 2 n_pairs or 2 n_pairs - 1 (n_pairs={n_pairs}), got {n!r}")
    ps = _sbx_params(*sbx)
    pm_ = _pm_params(*pm, X.shape[1])
    R = _source(rng, draws, n_pairs, sbx_width(X.shape[1]) + 2 * pm_width(X.shape[1]))
    _, impl = _IMPLS["sbx_pm"].resolve(backend)
    return impl(X, P, xl, xu, ps, pm_, int(n), rng, R, get_num_threads())


def _sbx_pm_device(X, parents, xl, xu, sbx, pm, n, rng, draws):
    """sbx_pm on device arrays: the fused kernel on draws from ``draws`` or the device ``rng``."""
    xp = get_xp(X)
    xl, xu = as_bounds(xp.asarray(xl), xp.asarray(xu), xp)
    X = xp.ascontiguousarray(as_box_points(X, "X", xl, xu, xp))
    P = xp.asarray(parents)
    if P.dtype.kind not in "iu" or P.ndim != 2 or P.shape[1] != 2:
        raise ValueError(f"parents must be an int array of shape (n_pairs, 2), got {P.dtype} {P.shape}")
    P = xp.ascontiguousarray(P, dtype=xp.int64)
    if P.size and (int(P.min()) < 0 or int(P.max()) >= X.shape[0]):
        raise ValueError(f"parents must index the {X.shape[0]} rows of X")
    n_pairs = P.shape[0]
    n = 2 * n_pairs if n is None else n
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or (n + 1) // 2 != n_pairs:
        raise ValueError(f"n must be 2 n_pairs or 2 n_pairs - 1 (n_pairs={n_pairs}), got {n!r}")
    n_var = X.shape[1]
    ps = _sbx_params(*sbx)
    pm_ = _pm_params(*pm, n_var)
    width = sbx_width(n_var) + 2 * pm_width(n_var)
    if (rng is None) == (draws is None):
        raise TypeError("give exactly one of rng (a device generator) and draws (a device array of uniforms)")
    R = rng.random((n_pairs, width)) if draws is None else draws
    R = xp.ascontiguousarray(xp.asarray(R), dtype=xp.float64)
    if R.shape != (n_pairs, width):
        raise ValueError(f"draws must have shape ({n_pairs}, {width}), got {R.shape}")
    return _launch.sbx_pm(X, P.reshape(-1), xl, xu, ps, pm_, int(n), R)
