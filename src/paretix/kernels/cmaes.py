"""Batched CMA-ES kernels: :func:`cma_sample`, :func:`cma_update`, :func:`cma_decompose` and
:func:`cma_cholesky`.

B independent CMA-ES instances of dimension n are stepped together; their state is arrays
(``mean`` (B, n), ``sigma`` (B,), ``C`` (B, n, n) or (B, n) in diagonal mode, ``Bm`` (B, n, n),
``D`` (B, n), ``ps``/``pc`` (B, n)). Instances may have different population sizes: sample
buffers are padded to L columns and ``lam`` (B,) says how many are active. ``params`` (B, 8) holds
each instance's strategy parameters in the column order of :data:`PARAM_COLUMNS`.

These are the kernels :class:`paretix.BatchCMAES` and :class:`paretix.CMAES` run on the CPU; all
state arrays are updated in place (they must be C-contiguous float64 and writable: a converted
copy would lose the update, so anything else raises ``TypeError``).
"""

from __future__ import annotations

import numpy as np

from ._backends import Kernel
from ._device import host_fallback

PARAM_COLUMNS = ("c_m", "c_sigma", "d_sigma", "c_c", "c_1", "c_mu", "mu_eff", "chi_n")
#: The criteria of :func:`cma_stop_flags`, in the order of its ``bits`` argument.
STOP_CRITERIA = ("tolx", "tolfacupx", "noeffectaxis", "noeffectcoord", "conditioncov", "invalid")
#: The criteria of :func:`cma_record`, in the order of its ``bits`` argument.
RECORD_CRITERIA = ("ftarget", "maxfevals", "maxiter", "tolfun", "tolflatfitness")

_SAMPLE = Kernel(
    "cma_sample",
    {
        "native": "paretix._core:cma_sample",
        "numba": "paretix.kernels._numba.cmaes:sample",
        "reference": "paretix._reference.cmaes:sample",
    },
)
_SAMPLE_DRAW = Kernel(
    "cma_sample_draw",
    {
        "native": "paretix._core:cma_sample_draw",
        "numba": "paretix.kernels._numba.cmaes:sample_draw",
        "reference": "paretix._reference.cmaes:sample_draw",
    },
)
_UPDATE = Kernel(
    "cma_update",
    {
        "native": "paretix._core:cma_update",
        "numba": "paretix.kernels._numba.cmaes:update",
        "reference": "paretix._reference.cmaes:update",
    },
)
_STOP = Kernel(
    "cma_stop_flags",
    {
        "native": "paretix._core:cma_stop_flags",
        "numba": "paretix.kernels._numba.cmaes:stop_flags",
        "reference": "paretix._reference.cmaes:stop_flags",
    },
)
_RECORD = Kernel(
    "cma_record",
    {
        "native": "paretix._core:cma_record",
        "numba": "paretix.kernels._numba.cmaes:record",
        "reference": "paretix._reference.cmaes:record",
    },
)
_CHOLESKY = Kernel(
    "cma_cholesky",
    {
        "native": "paretix._core:cma_cholesky",
        "numba": "paretix.kernels._numba.cmaes:cholesky",
        "reference": "paretix._reference.cmaes:cholesky",
    },
)
_DECOMPOSE = Kernel(
    "cma_decompose",
    {
        "native": "paretix._core:cma_decompose",
        "numba": "paretix.kernels._numba.cmaes:decompose",
        "reference": "paretix._reference.cmaes:decompose",
    },
)


def _state(a, name: str, shape: tuple, dtype=np.float64) -> np.ndarray:
    """An array updated in place: exactly ``dtype``, C-contiguous, writable, of ``shape``."""
    if not isinstance(a, np.ndarray) or a.dtype != dtype or not a.flags.c_contiguous or not a.flags.writeable:
        raise TypeError(f"{name} must be a writable C-contiguous {np.dtype(dtype).name} numpy array (it is updated "
                        f"in place), got {type(a).__name__} {getattr(a, 'dtype', '')}")
    if a.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {a.shape}")
    return a


def _ring(a, name: str, B: int) -> np.ndarray:
    """A (W, B) history updated in place (W >= 1 generations, one column per instance)."""
    return _state(a, name, (a.shape[0] if isinstance(a, np.ndarray) and a.ndim == 2 else -1, B))


def _rows(rows, B: int, *, distinct: bool = False) -> np.ndarray:
    """Instance indices (k,) into B instances, as int64."""
    rows = np.ascontiguousarray(rows, dtype=np.int64)
    if rows.ndim != 1:
        raise ValueError(f"rows must be 1-D, got shape {rows.shape}")
    if distinct and rows.size and np.unique(rows).size != rows.size:
        raise ValueError(f"rows must be distinct, got {rows}")
    if rows.size and (rows.min() < 0 or rows.max() >= B):
        raise ValueError(f"rows must lie in [0, {B}), got {rows.min()}..{rows.max()}")
    return rows


def _bits(bits, criteria: tuple) -> np.ndarray:
    """The flag-word bit of each criterion (default ``1 << c``)."""
    if bits is None:
        return np.left_shift(1, np.arange(len(criteria)), dtype=np.int64)
    return _input(bits, "bits", (len(criteria),), np.int64)


def _input(a, name: str, shape: tuple, dtype=np.float64) -> np.ndarray:
    arr = np.ascontiguousarray(a, dtype=dtype)
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
    return arr


def _covariances(C, which):
    """C (B, n, n) updated in place, and the instance mask as uint8 (default all)."""
    if not isinstance(C, np.ndarray) or C.ndim != 3 or C.shape[1] != C.shape[2]:
        raise ValueError(f"C must be a numpy array of shape (B, n, n), got {getattr(C, 'shape', C)!r}")
    B = C.shape[0]
    C = _state(C, "C", C.shape)
    which = np.ones(B, dtype=np.uint8) if which is None else _input(which, "which", (B,), np.bool_).view(np.uint8)
    return C, which


def _lam(lam, B: int, L: int) -> np.ndarray:
    lam = _input(lam, "lam", (B,), np.int64)
    if B and (lam.min() < 1 or lam.max() > L):
        raise ValueError(f"lam values must lie in [1, {L}] (the padded population size), got {lam.min()}..{lam.max()}")
    return lam


@host_fallback
def cma_sample(mean, sigma, Bm, D, Z, lam, /, *, out=None, rng=None, backend=None):
    """Sample every instance: ``y = Bm diag(D) z`` and ``x = mean + sigma * y``.

    Parameters
    ----------
    mean : array_like, shape (B, n)
    sigma : array_like, shape (B,)
    Bm : array_like, shape (B, n, n), or None
        Eigenvectors of C as columns; None for diagonal (sep-CMA-ES) instances, where
        ``y = D * z``.
    D : array_like, shape (B, n)
        Square roots of the eigenvalues (diagonal mode: standard deviations sqrt(C_ii)).
    Z : array_like, shape (B, L, n)
        Standard normal draws (the caller's ``numpy.random.Generator`` makes them). With ``rng``,
        an output instead: a writable C-contiguous float64 array the kernel fills first.
    lam : array_like of int, shape (B,)
        Active population sizes, ``1 <= lam[b] <= L``; rows ``k >= lam[b]`` get ``y = 0``,
        ``x = mean``.
    out : tuple (Y, X) of float64 arrays of shape (B, L, n), optional
        Preallocated outputs (C-contiguous, writable).
    rng : numpy.random.Generator, optional
        Draw ``Z`` inside the kernel: every entry of ``Z``, padded rows included, in C order,
        exactly the draws of ``rng.standard_normal(out=Z)`` (same values, bit for bit, and the same
        generator state afterwards, for any bit generator), without a pass through memory between
        drawing and sampling. The native kernel holds the bit generator's lock while it draws.
    backend : {"native", "numba", "reference"}, optional

    Returns
    -------
    Y, X : numpy.ndarray, shape (B, L, n)

    Notes
    -----
    ``y_i = sum_j (Bm_ij D_j) z_j`` accumulated in increasing j; O(B L n^2) (diagonal O(B L n)).
    Tutorial Eqs. (38)-(40).
    """
    mean = np.ascontiguousarray(mean, dtype=np.float64)
    if mean.ndim != 2:
        raise ValueError(f"mean must have shape (B, n), got {mean.shape}")
    B, n = mean.shape
    if rng is None:
        Z = np.ascontiguousarray(Z, dtype=np.float64)
    elif not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    else:
        Z = _state(Z, "Z", getattr(Z, "shape", None))
    if Z.ndim != 3 or Z.shape[0] != B or Z.shape[2] != n:
        raise ValueError(f"Z must have shape (B={B}, L, n={n}), got {Z.shape}")
    L = Z.shape[1]
    sigma = _input(sigma, "sigma", (B,))
    D = _input(D, "D", (B, n))
    if Bm is not None:
        Bm = _input(Bm, "Bm", (B, n, n))
    lam = _lam(lam, B, L)
    if out is None:
        Y, X = np.empty((B, L, n)), np.empty((B, L, n))
    else:
        Y, X = (_state(a, name, (B, L, n)) for a, name in zip(out, ("out[0] (Y)", "out[1] (X)")))
    if rng is None:
        _, impl = _SAMPLE.resolve(backend)
        impl(mean, sigma, Bm, D, Z, lam, Y, X)
    else:
        _, impl = _SAMPLE_DRAW.resolve(backend)
        impl(rng, mean, sigma, Bm, D, lam, Z, Y, X)
    return Y, X


@host_fallback
def cma_update(f, Z, Y, lam, weights, params, g, mean, sigma, C, ps, pc, Bm, /, *, cv=None, diagonal=False,
               backend=None):
    """One CMA-ES generation for every instance, updating ``mean, sigma, C, ps, pc`` in place.

    Parameters
    ----------
    f : array_like, shape (B, L)
        Fitness of the samples (lower is better). NaN ranks like +inf.
    Z, Y : array_like, shape (B, L, n)
        The draws and their images from :func:`cma_sample` (Y before any bound repair).
    lam : array_like of int, shape (B,)
    weights : array_like, shape (B, L)
        Recombination weights in rank order, padded with zeros after ``lam[b]``; negative
        weights make the active (rank-mu) update.
    params : array_like, shape (B, 8)
        ``c_m, c_sigma, d_sigma, c_c, c_1, c_mu, mu_eff, chi_n`` per instance
        (see :func:`paretix.cmaes.strategy_parameters`).
    g : array_like of int, shape (B,)
        Generations already done since the instance's (re)start (0 at the first update).
    mean, sigma, C, ps, pc : numpy.ndarray (updated in place)
        ``C`` has shape (B, n, n), or (B, n) (variances) with ``diagonal=True``.
    Bm : numpy.ndarray, shape (B, n, n), or None
        The eigenvectors used by the sampling; None when the samples were drawn through a
        Cholesky factor (:func:`cma_cholesky`), so that ``p_sigma`` moves along ``<z>_w``
        (ignored with ``diagonal``).
    cv : array_like, shape (B, L), optional
        Constraint violations: samples are ranked by ``(cv, f, index)`` (Deb's feasibility
        rules: feasible ones by f, then infeasible ones by cv). NaN ranks like +inf.
    diagonal : bool, default False
        Separable (sep-CMA-ES) instances: C is diagonal and ``Bm`` is the identity.
    backend : {"native", "numba", "reference"}, optional

    Returns
    -------
    order : numpy.ndarray of int64, shape (B, L)
        Sample indices in rank order (ties by index), -1 after ``lam[b]``.
    hsig : numpy.ndarray, shape (B,)
        The Heaviside value h_sigma (0. or 1.) of each instance.

    Notes
    -----
    Exactly the tutorial's update (Eqs. 41-47 with active weights, Eq. 46): mean with c_m,
    ``p_sigma`` with ``C^{-1/2} <y>_w = Bm <z>_w``, h_sigma with the ``(g + 1)`` bias correction,
    ``p_c``, negative weights rescaled by ``n / ||z_i||^2`` (``= n / ||C^{-1/2} y_i||^2``), and
    ``sigma *= exp(min(1, c_sigma / d_sigma (||p_sigma|| / chi_n - 1)))`` (the cap at a factor
    e per generation is pycma's and cmaes'). The rank-mu sum runs over the ranks in order.
    O(B (L log L + L n^2)).
    """
    f = np.ascontiguousarray(f, dtype=np.float64)
    if f.ndim != 2:
        raise ValueError(f"f must have shape (B, L), got {f.shape}")
    B, L = f.shape
    if not isinstance(mean, np.ndarray) or mean.ndim != 2 or mean.shape[0] != B:
        raise ValueError(f"mean must be a numpy array of shape (B={B}, n), got {getattr(mean, 'shape', mean)!r}")
    n = mean.shape[1]
    mean = _state(mean, "mean", (B, n))
    Z = _input(Z, "Z", (B, L, n))
    Y = _input(Y, "Y", (B, L, n))
    lam = _lam(lam, B, L)
    weights = _input(weights, "weights", (B, L))
    params = _input(params, "params", (B, len(PARAM_COLUMNS)))
    g = _input(g, "g", (B,), np.int64)
    sigma = _state(sigma, "sigma", (B,))
    C = _state(C, "C", (B, n) if diagonal else (B, n, n))
    ps = _state(ps, "ps", (B, n))
    pc = _state(pc, "pc", (B, n))
    if diagonal:
        Bm = None
    elif Bm is not None:
        Bm = _input(Bm, "Bm", (B, n, n))
    if cv is not None:
        cv = _input(cv, "cv", (B, L))
    order = np.empty((B, L), dtype=np.int64)
    hsig = np.empty(B)
    _, impl = _UPDATE.resolve(backend)
    impl(f, cv, lam, Z, Y, weights, params, g, mean, sigma, C, ps, pc, Bm, bool(diagonal), order, hsig)
    return order, hsig


@host_fallback
def cma_decompose(C, Bm, D, /, *, which=None, backend=None) -> int:
    """Eigendecompose ``C[b] = Bm[b] diag(D[b]**2) Bm[b]^T`` in place for the selected instances.

    Parameters
    ----------
    C : numpy.ndarray, shape (B, n, n)
        Covariance matrices; symmetrised in place, and rebuilt when eigenvalues are floored.
    Bm : numpy.ndarray, shape (B, n, n)
        Out: the eigenvectors as columns, orthonormal (its input values are not used).
    D : numpy.ndarray, shape (B, n)
        Out: square roots of the eigenvalues, ascending (NaN for an instance whose C is not
        finite, with ``Bm[b]`` the identity).
    which : array_like of bool, shape (B,), optional
        Instances to decompose (default all); the others are left untouched.
    backend : {"native", "numba", "reference"}, optional

    Returns
    -------
    int
        The number of instances whose eigenvalues were raised to the floor ``1e-20 * max``
        (their ``C`` is rebuilt from the floored decomposition).

    Notes
    -----
    ``native`` and ``numba``: Householder tridiagonalisation and implicit QL iterations
    (EISPACK ``tred2`` + ``tql2`` as in JAMA), with identical arithmetic, so identical bits; the
    C++ kernel steps the QL iterations of several matrices in turn (their dependency chains
    overlap), which changes the speed, not the result. ``reference``: LAPACK
    ``numpy.linalg.eigh``. Eigenvector signs and the basis inside clusters of equal eigenvalues
    differ between the two methods; the eigenvalues, ``Bm diag(D^2) Bm^T`` and the
    orthonormality agree to rounding. O(n^3) per instance.
    """
    C, which = _covariances(C, which)
    B, n, _ = C.shape
    Bm = _state(Bm, "Bm", (B, n, n))
    D = _state(D, "D", (B, n))
    _, impl = _DECOMPOSE.resolve(backend)
    return int(impl(C, which, Bm, D))


@host_fallback
def cma_cholesky(C, A, /, *, which=None, backend=None) -> int:
    """Cholesky factors ``A[b]`` (lower triangular, ``A A^T = C[b]``) of the selected instances.

    The Cholesky-CMA-ES route (Krause, Arbones & Igel, NeurIPS 2016): sampling ``y = A z`` (pass
    ``Bm=A`` and ``D`` all ones to :func:`cma_sample`) draws from ``N(0, C)`` like the
    eigendecomposition, and :func:`cma_update` with ``Bm=None`` then moves ``p_sigma`` along
    ``A^{-1} <y>_w = <z>_w`` instead of ``C^{-1/2} <y>_w``. A factorisation costs n^3 / 6 flops
    against about 9 n^3 for the eigendecomposition.

    Parameters
    ----------
    C : numpy.ndarray, shape (B, n, n)
        Covariance matrices; only their lower triangles are read, except for the instances that
        need a repair (below), which are symmetrised and rebuilt in place.
    A : numpy.ndarray, shape (B, n, n)
        Out: the factors (their input values are not used).
    which : array_like of bool, shape (B,), optional
        Instances to factor (default all); the others are left untouched.
    backend : {"native", "numba", "reference"}, optional

    Returns
    -------
    int
        The number of repaired instances: a pivot not above ``max(diag C[b]) * 1e-20`` (or a
        non-finite ``C[b]``) means ``C[b]`` is not numerically positive definite; it is then
        repaired as :func:`cma_decompose` repairs it (eigenvalues floored) and ``A[b] = Bm diag(D)``
        from that decomposition, also a square root of ``C[b]`` (NaN for a non-finite ``C[b]``).

    Notes
    -----
    Each entry is ``(C_ij - sum_{k<j} A_ik A_jk) * (1 / A_jj)`` with the sum subtracted in
    increasing k: ``numba`` computes it row by row (Cholesky-Banachiewicz), ``native`` column by
    column (right-looking, which keeps many independent subtractions in flight), with identical
    bits; ``reference`` uses LAPACK ``numpy.linalg.cholesky`` (agreement to rounding).
    """
    C, which = _covariances(C, which)
    A = _state(A, "A", C.shape)
    _, impl = _CHOLESKY.resolve(backend)
    return int(impl(C, which, A))


@host_fallback
def cma_stop_flags(rows, sigma, mean, C, D, pc, Bm, sigma0, stds, g, /, *, tolx, tolfacupx, tolconditioncov,
                   bits=None, backend=None) -> np.ndarray:
    """The per-coordinate stopping criteria of the instances ``rows``, one flag word each.

    Parameters
    ----------
    rows : array_like of int, shape (k,)
        Instances to test (indices into the state arrays, ``0 <= rows < B``).
    sigma : (B,); mean : (B, n); D : (B, n); pc : (B, n); sigma0 : (B,); stds : (B, n)
        Step sizes, means, square roots of the eigenvalues (diagonal mode: standard deviations),
        evolution paths, initial step sizes and initial coordinate scales.
    C : array_like, shape (B, n, n), or (B, n) (variances) when ``Bm`` is None
    Bm : array_like, shape (B, n, n), or None
        Eigenvectors as columns; None for diagonal (sep-CMA-ES) instances, which skip
        ``noeffectaxis``.
    g : array_like of int, shape (B,)
        Generations of the current run; the axis tested is ``g mod n``.
    tolx, tolfacupx, tolconditioncov : float
    bits : array_like of int, shape (6,), optional
        The word bit of each criterion in :data:`STOP_CRITERIA` order (default ``1 << c``).
    backend : {"native", "numba", "reference"}, optional

    Returns
    -------
    numpy.ndarray of int64, shape (k,)
        The OR of the bits of the criteria that hold. With ``v_i = C_ii`` and
        ``sd_i = sigma sqrt(v_i)``: ``tolx``: all ``sd_i < tolx`` and all ``sigma |pc_i| < tolx``;
        ``tolfacupx``: some ``sd_i > (tolfacupx sigma0) stds_i``; ``noeffectaxis``: with
        ``a = g mod n``, all ``m_j == m_j + (0.1 sigma D_a) Bm_ja``; ``noeffectcoord``: some
        ``m_i == m_i + 0.2 sd_i``; ``conditioncov``: ``(max D / min D)^2 > tolconditioncov`` (false
        when D holds NaN); ``invalid``: sigma, the mean or D not finite, or ``sigma <= 0``.
        Comparisons with NaN are false. All backends give the same words. O(k n).
    """
    mean = np.ascontiguousarray(mean, dtype=np.float64)
    if mean.ndim != 2:
        raise ValueError(f"mean must have shape (B, n), got {mean.shape}")
    B, n = mean.shape
    rows = _rows(rows, B)
    if Bm is not None:
        Bm = _input(Bm, "Bm", (B, n, n))
    C = _input(C, "C", (B, n) if Bm is None else (B, n, n))
    sigma, sigma0 = _input(sigma, "sigma", (B,)), _input(sigma0, "sigma0", (B,))
    D, pc, stds = (_input(a, name, (B, n)) for a, name in ((D, "D"), (pc, "pc"), (stds, "stds")))
    g = _input(g, "g", (B,), np.int64)
    bits = _bits(bits, STOP_CRITERIA)
    flags = np.empty(rows.size, dtype=np.int64)
    _, impl = _STOP.resolve(backend)
    impl(rows, sigma, mean, C, D, pc, Bm, sigma0, stds, g, float(tolx), float(tolfacupx), float(tolconditioncov),
         bits, flags)
    return flags


@host_fallback
def cma_record(rows, f, order, lam, g, n_eval, maxiter, X, fbest, cvbest, xbest, best_eval, best_k, improved,
               flat, funhist, funhist_cap, /, *, fit=None, cv=None, stag_best=None, stag_med=None, stag_cap=None,
               tolfun, tolflatfitness, ftarget=-np.inf, max_evals=np.inf, bits=None, backend=None) -> np.ndarray:
    """One generation's bookkeeping after :func:`cma_update`, in place: the best so far, the
    histories of the stopping criteria and the criteria on f values, one flag word per row.

    Row ``t`` of the generation's arrays belongs to instance ``b = rows[t]``; its first
    ``lam[b]`` columns are its samples. Values are compared with NaN counted as +inf.

    Parameters
    ----------
    rows : array_like of int, shape (k,)
        Instances (indices into the (B, ...) state arrays, distinct, ``0 <= rows < B``).
    f : array_like, shape (k, L)
        This generation's objective values.
    order : array_like of int, shape (k, L)
        The ranking :func:`cma_update` returned for the same rows (by (cv, fit, index)); without
        ``fit`` its first entry is taken as the generation's best sample.
    lam, g, n_eval : (B,) int
        Population sizes, generations of the current run (this one included) and evaluations.
    maxiter : (B,) float
        Generation limit of each instance's current run.
    X : (B, L, n)
        The evaluated points (the best one is copied out of it).
    fbest, cvbest : (B,) float; xbest : (B, n); best_eval, best_k : (B,) int; improved : (B,) uint8
        The best so far (updated in place): the sample of this generation that is first by
        ``(cv, f, index)`` replaces it when its ``cv`` is smaller, or equal with a smaller ``f``;
        then ``best_eval = n_eval``, ``best_k`` = its column, and ``improved`` is 1 (else 0).
    flat : (B,) int
        Consecutive generations with flat fitness (updated): +1 when the first of the ranking and
        the one at ``floor(0.75 lam)`` have equal cv and the first's ``fit`` is not below, else 0.
    funhist : (W, B) float; funhist_cap : (B,) int
        Ring of each generation's best f (NaN = empty): entry ``(g - 1) mod funhist_cap`` is set.
    fit : (k, L), optional
        The ranked values (f plus a bound penalty); None: f.
    cv : (k, L), optional
        Constraint violations; None: all zero.
    stag_best, stag_med : (W', B) float; stag_cap : (B,) int, optional
        Rings of each generation's best and median f (the tolstagnation windows), set at
        ``(g - 1) mod stag_cap``; None: not recorded.
    tolfun, tolflatfitness, ftarget, max_evals : float
    bits : array_like of int, shape (5,), optional
        The word bit of each criterion in :data:`RECORD_CRITERIA` order (default ``1 << c``).
    backend : {"native", "numba", "reference"}, optional

    Returns
    -------
    numpy.ndarray of int64, shape (k,)
        ``ftarget``: ``cvbest <= 0`` and ``fbest <= ftarget`` (after the update);
        ``maxfevals``: ``n_eval >= max_evals``; ``maxiter``: ``g >= maxiter``; ``tolfun``: the
        range of this generation's f and the range of the non-NaN entries of ``funhist[:, b]``
        both ``< tolfun``; ``tolflatfitness``: ``flat > tolflatfitness``. All backends give the
        same words and state. O(k L) (O(k L^2) when ``fit`` or ``cv`` is given, which sorts f).
    """
    X = np.ascontiguousarray(X, dtype=np.float64)
    if X.ndim != 3:
        raise ValueError(f"X must have shape (B, L, n), got {X.shape}")
    B, L, n = X.shape
    rows = _rows(rows, B, distinct=True)
    k = rows.size
    f = _input(f, "f", (k, L))
    fit = None if fit is None else _input(fit, "fit", (k, L))
    cv = None if cv is None else _input(cv, "cv", (k, L))
    order = _input(order, "order", (k, L), np.int64)
    lam = _lam(lam, B, L)
    g, n_eval = _input(g, "g", (B,), np.int64), _input(n_eval, "n_eval", (B,), np.int64)
    maxiter = _input(maxiter, "maxiter", (B,))
    fbest, cvbest = _state(fbest, "fbest", (B,)), _state(cvbest, "cvbest", (B,))
    xbest = _state(xbest, "xbest", (B, n))
    best_eval, best_k, flat = (_state(a, name, (B,), np.int64) for a, name in
                               ((best_eval, "best_eval"), (best_k, "best_k"), (flat, "flat")))
    improved = _state(improved, "improved", (B,), np.uint8)
    funhist = _ring(funhist, "funhist", B)
    funhist_cap = _caps(funhist_cap, "funhist_cap", B, funhist.shape[0])
    if (stag_best is None) != (stag_med is None) or (stag_best is None) != (stag_cap is None):
        raise ValueError("stag_best, stag_med and stag_cap must be given together")
    if stag_best is not None:
        stag_best = _ring(stag_best, "stag_best", B)
        stag_med = _state(stag_med, "stag_med", stag_best.shape)
        stag_cap = _caps(stag_cap, "stag_cap", B, stag_best.shape[0])
    ok = (order[:, 0] >= 0) & (order.max(axis=1) < L) if k else np.ones(0, dtype=bool)
    if not ok.all():
        raise ValueError(f"order must hold column indices in [0, {L}) (from cma_update), got {order[~ok][0]}")
    if k and (g[rows] < 1).any():
        raise ValueError("g must count this generation (>= 1) for every row")
    bits = _bits(bits, RECORD_CRITERIA)
    flags = np.empty(k, dtype=np.int64)
    _, impl = _RECORD.resolve(backend)
    impl(rows, f, fit, cv, order, lam, g, n_eval, maxiter, X, fbest, cvbest, xbest, best_eval, best_k, improved, flat,
         funhist, funhist_cap, stag_best, stag_med, stag_cap, float(tolfun), int(tolflatfitness), float(ftarget),
         float(max_evals), bits, flags)
    return flags


def _caps(cap, name: str, B: int, W: int) -> np.ndarray:
    cap = _input(cap, name, (B,), np.int64)
    if B and (cap.min() < 1 or cap.max() > W):
        raise ValueError(f"{name} values must lie in [1, {W}] (the ring's rows), got {cap.min()}..{cap.max()}")
    return cap


KERNELS = {k.name: k for k in (_SAMPLE, _SAMPLE_DRAW, _UPDATE, _DECOMPOSE, _CHOLESKY, _STOP, _RECORD)}
