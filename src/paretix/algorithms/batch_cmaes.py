"""B independent CMA-ES instances stepped together (one array state, one kernel call per step)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._array import get_xp, to_numpy
from ._cma import stopping
from ._cma.engine import Engine
from ._cma.options import check_options


@dataclass(repr=False)
class BatchCMAESResult:
    """Per-instance outcome of a :class:`BatchCMAES` run (host NumPy arrays).

    Attributes
    ----------
    x : (B, n) best point of each instance (feasible first, then least violation).
    f : (B,) its objective value; cv : (B,) its constraint violation (0 = feasible).
    n_eval : (B,) evaluations per instance (all runs); n_iter : (B,) generations.
    stop_reason : list of B str, the criterion that ended each instance's last run ("" if running).
    done : (B,) bool, instances that finished (no restart left or a final criterion).
    runs : list of dict, one per finished run (``instance``, ``run``, ``stop``, ``popsize``, ...).
    x_mean : (B, n) final means; sigma : (B,) final step sizes.
    """

    x: np.ndarray
    f: np.ndarray
    cv: np.ndarray
    n_eval: np.ndarray
    n_iter: np.ndarray
    stop_reason: list
    done: np.ndarray
    runs: list = field(default_factory=list)
    x_mean: np.ndarray | None = None
    sigma: np.ndarray | None = None

    def __repr__(self) -> str:
        return (f"BatchCMAESResult(B={len(self.f)}, done={int(self.done.sum())}, "
                f"median f={np.median(self.f):.4g}, n_eval={int(self.n_eval.sum())})")


def _per_instance(value, B: int, name: str, xp):
    a = xp.asarray(value, dtype=xp.float64)
    if a.ndim == 0:
        a = xp.full(B, float(a))
    if a.shape != (B,):
        raise ValueError(f"{name} must be a scalar or have one value per instance (B={B}), got shape {a.shape}")
    if not bool(xp.all(a > 0)) or not bool(xp.all(xp.isfinite(a))):
        raise ValueError(f"{name} must be positive and finite")
    return a


def _box(bounds, B: int, n: int, xp):
    if bounds is None:
        return None, None
    try:
        lo, hi = bounds
    except (TypeError, ValueError):
        raise ValueError("bounds must be a pair (lower, upper)") from None
    out = []
    for value, name, default in ((lo, "lower bound", -np.inf), (hi, "upper bound", np.inf)):
        a = xp.full((B, n), default) if value is None else xp.asarray(value, dtype=xp.float64)
        if a.ndim <= 1:
            a = xp.broadcast_to(a, (B, n)) if a.ndim == 0 or a.shape == (n,) else a
        if a.shape != (B, n):
            raise ValueError(f"{name} must be a scalar, of length n={n} or of shape (B, n)=({B}, {n}), "
                             f"got shape {a.shape}")
        if bool(xp.isnan(a).any()):
            raise ValueError(f"{name} contains NaN")
        out.append(xp.ascontiguousarray(xp.array(a, copy=True)))
    lo, hi = out
    if not bool(xp.all(lo < hi)):
        raise ValueError("bounds must satisfy lower < upper in every coordinate")
    return lo, hi


class BatchCMAES:
    """B independent CMA-ES instances stepped together.

    Every instance is a full :class:`paretix.CMAES` (same defaults, bounds, restarts, stopping
    criteria and stop reasons) except one: the batch samples through a Cholesky factor of C
    (``factorization="cholesky"``, the Cholesky-CMA-ES of Krause et al. 2016) where
    :class:`paretix.CMAES` follows the tutorial's eigendecomposition. Same sampling distribution
    and covariance update; for many small instances the eigendecompositions would dominate the
    cost (docs/cmaes.md has the measurements). ``factorization="eigen"`` gives exactly
    :class:`paretix.CMAES`'s algorithm (a batch of one then reproduces it bit for bit).

    The state of all instances is a handful of arrays (``mean`` (B, n), ``C`` (B, n, n), ...)
    and each generation is one call to each batched kernel (:func:`paretix.kernels.cma_sample`,
    which also draws the normals, :func:`~paretix.kernels.cma_update`,
    :func:`~paretix.kernels.cma_cholesky`, :func:`~paretix.kernels.cma_stop_flags`, and
    :func:`~paretix.kernels.cma_decompose` for the axes the stopping criteria need): C++ on the
    CPU (Numba and NumPy twins), whole-array CuPy operations when ``x0s`` is a CuPy array. Use it
    for many scalarisations of one problem (:func:`paretix.cmaes.tchebycheff_batch`), multi-start
    runs, or many small problems at once.

    Parameters
    ----------
    x0s : array_like, shape (B, n)
        Initial means (a CuPy array puts the whole state on the GPU).
    sigma0s : float or array_like of shape (B,)
        Initial step sizes.
    popsize : int, optional
        Population size of the first run of every instance (default ``4 + floor(3 ln n)``).
    bounds : (lower, upper), optional
        Scalars, arrays of length n, or arrays of shape (B, n); repair plus adaptive penalty as
        in :class:`paretix.CMAES`.
    seed : int, optional
        Seeds the one ``numpy.random.Generator`` (``cupy.random.Generator`` on the GPU).
    restarts, restart_strategy, diagonal, stds, max_evals, maxiter, ftarget, tolfun, tolx,
    tolfacupx, tolconditioncov, tolstagnation, tolflatfitness, incpopsize, eigen_gap, backend :
        As in :class:`paretix.CMAES`, per instance (``max_evals`` is each instance's budget).
    factorization : {"cholesky", "eigen"}, default "cholesky"
        As in :class:`paretix.CMAES` (whose default is "eigen"); see above.
    restart_x0 : {"x0", "uniform"}, default "x0"
        Where restarts begin: the instance's x0, or a uniform draw in the (finite) bounds.

    Notes
    -----
    Instances keep their own population size (IPOP/BIPOP change it per instance); samples are
    padded to the largest one, L, and ``ask`` returns the mask of the rows to evaluate.
    Finished instances stay in the arrays but are left out of the kernels. Cost per generation:
    O(B L n^2) plus O(B n^3) for the instances due for an eigendecomposition.

    Examples
    --------
    >>> import numpy as np, paretix
    >>> es = paretix.BatchCMAES(np.full((4, 3), 2.0), 1.0, seed=0, ftarget=1e-10)
    >>> res = es.optimize(lambda X: (X ** 2).sum(axis=1))
    >>> res.stop_reason, bool((res.f <= 1e-10).all())
    (['ftarget', 'ftarget', 'ftarget', 'ftarget'], True)
    """

    def __init__(self, x0s, sigma0s, *, popsize=None, bounds=None, seed=None, restarts=0, restart_strategy="ipop",
                 diagonal=False, stds=None, max_evals=None, maxiter=None, ftarget=None, tolfun=1e-11, tolx=1e-11,
                 tolfacupx=1e3, tolconditioncov=1e14, tolstagnation=True, tolflatfitness=1, incpopsize=2,
                 eigen_gap=None, factorization="cholesky", bounds_method="transform", restart_x0="x0",
                 backend=None):
        xp = get_xp(x0s)
        x0 = xp.array(x0s, dtype=xp.float64, copy=True)
        if x0.ndim != 2 or x0.shape[0] == 0 or x0.shape[1] == 0:
            raise ValueError(f"x0s must have shape (B, n) with B, n >= 1, got {tuple(x0.shape)}")
        if not bool(xp.isfinite(x0).all()):
            raise ValueError("x0s must be finite")
        B, n = x0.shape
        sigma0 = _per_instance(sigma0s, B, "sigma0s", xp)
        o = check_options(dict(
            popsize=popsize, restarts=restarts, restart_strategy=restart_strategy, diagonal=diagonal,
            max_evals=max_evals, maxiter=maxiter, ftarget=ftarget, tolfun=tolfun, tolx=tolx, tolfacupx=tolfacupx,
            tolconditioncov=tolconditioncov, tolstagnation=tolstagnation, tolflatfitness=tolflatfitness,
            incpopsize=incpopsize, eigen_gap=eigen_gap,
            factorization=factorization, bounds_method=bounds_method, backend=backend))
        lo, hi = _box(bounds, B, n, xp)
        if lo is not None and not bool(xp.all((x0 >= lo) & (x0 <= hi))):
            raise ValueError("x0s must lie within the bounds")
        if stds is not None:
            stds = xp.broadcast_to(xp.asarray(stds, dtype=xp.float64), (B, n)).copy()
            if not bool(xp.all(stds > 0)):
                raise ValueError("stds must be positive")
        if restart_x0 not in ("x0", "uniform"):
            raise ValueError(f"restart_x0 must be 'x0' or 'uniform', got {restart_x0!r}")
        if xp is np:
            self.rng = np.random.default_rng(seed)
        else:
            self.rng = xp.random.default_rng(seed)
        sampler = None
        if restart_x0 == "uniform":
            if lo is None or not bool(xp.isfinite(lo).all() & xp.isfinite(hi).all()):
                raise ValueError("restart_x0='uniform' needs finite bounds")

            def sampler(idx):
                u = self.rng.random((len(idx), n))
                return lo[idx] + u * (hi[idx] - lo[idx])
        self.xp = xp
        self.engine = Engine(x0, sigma0, rng=self.rng, xp=xp, popsize=o["popsize"], lower=lo, upper=hi, stds=stds,
                             diagonal=o["diagonal"], restarts=o["restarts"], restart_strategy=o["restart_strategy"],
                             incpopsize=o["incpopsize"], max_evals=o["max_evals"], maxiter=o["maxiter"],
                             ftarget=o["ftarget"], tolfun=o["tolfun"], tolx=o["tolx"], tolfacupx=o["tolfacupx"],
                             tolconditioncov=o["tolconditioncov"], tolstagnation=o["tolstagnation"],
                             tolflatfitness=o["tolflatfitness"], eigen_gap=o["eigen_gap"],
            factorization=o["factorization"], x0_sampler=sampler,
                             backend=o["backend"], bounds_method=o["bounds_method"])

    # -- sizes and state -----------------------------------------------------------------------
    @property
    def B(self) -> int:
        return self.engine.B

    @property
    def n(self) -> int:
        return self.engine.n

    @property
    def popsize(self) -> np.ndarray:
        """(B,) current population size of each instance."""
        return self.engine.lam.copy()

    @property
    def done(self) -> np.ndarray:
        """(B,) instances that have finished."""
        return self.engine.done.copy()

    @property
    def mean(self):
        return self.engine.mean

    @property
    def sigma(self):
        return self.engine.sigma

    @property
    def backend(self) -> str:
        """The kernels in use: "native", "numba", "reference" or "xp" (whole-array NumPy/CuPy)."""
        return self.engine.backend

    @property
    def stop_reasons(self) -> list:
        """The criterion that ended each instance's last run ("" while it runs)."""
        out = []
        for b in range(self.B):
            names = stopping.names(int(self.engine.stop_flags[b])) if self.engine.done[b] else ()
            out.append(names[0] if names else "")
        return out

    # -- ask / tell ----------------------------------------------------------------------------
    def has_next(self) -> bool:
        return not bool(self.engine.done.all())

    def ask(self):
        """Points to evaluate: ``X`` (B, L, n) (inside the bounds) and ``mask`` (B, L) of the rows
        that count (active instance and k < its population size). ``X`` is a buffer reused by
        the next ``ask``: copy it to keep it."""
        if not self.has_next():
            raise RuntimeError("every instance has stopped: no more points to ask for")
        X = self.engine.ask()
        return X, self.xp.asarray(self.engine.mask())

    def tell(self, F, cv=None) -> None:
        """Report ``F`` (B, L) objective values of the last ``ask`` (masked entries are ignored;
        NaN ranks last) and optionally ``cv`` (B, L) constraint violations (0 = feasible)."""
        shape = (self.B, self.engine.L)
        if tuple(F.shape) != shape:
            raise ValueError(f"F must have shape (B, L)={shape} (the shape of ask()'s mask), got {tuple(F.shape)}")
        if cv is not None and tuple(cv.shape) != shape:
            raise ValueError(f"cv must have shape (B, L)={shape}, got {tuple(cv.shape)}")
        self.engine.tell(F, cv)

    def stop(self, instances=None) -> None:
        """Finish ``instances`` (default all) now (stop reason ``"user"``)."""
        self.engine.stop(instances)

    def optimize(self, f, *, constraints=None, vectorized=True, max_iter=None, callback=None) -> BatchCMAESResult:
        """Run until every instance has finished (or ``max_iter`` generations).

        Parameters
        ----------
        f : callable
            ``f(X)`` with X of shape (k, n) returns k values (all instances' active rows in one
            call); with ``vectorized=False``, ``f(x)`` takes one point.
        constraints : callable, optional
            ``g(X)`` -> (k, m) values, feasible when all <= 0 (``g(x)`` -> (m,) if not vectorized).
        max_iter : int, optional
            At most this many generations.
        callback : callable, optional
            ``callback(self)`` after every generation; returning False stops.
        """
        xp = self.xp
        it = 0
        while self.has_next() and (max_iter is None or it < max_iter):
            X, mask = self.ask()
            rows = X[mask]
            F = xp.full(mask.shape, xp.inf)
            F[mask] = _call(f, rows, vectorized, xp)
            cv = None
            if constraints is not None:
                G = xp.asarray(_call(constraints, rows, vectorized, xp, matrix=True), dtype=xp.float64)
                cv = xp.zeros(mask.shape)
                cv[mask] = xp.maximum(G, 0.0).sum(axis=1)
            self.tell(F, cv)
            it += 1
            if callback is not None:
                ret = callback(self)
                if ret is False or (isinstance(ret, np.bool_) and not ret):
                    break
        return self.result()

    def result(self) -> BatchCMAESResult:
        e = self.engine
        return BatchCMAESResult(to_numpy(e.xbest).copy(), e.fbest.copy(), e.cvbest.copy(), e.n_eval.copy(),
                                e.n_iter.copy(), self.stop_reasons, e.done.copy(), list(e.events),
                                to_numpy(e.mean).copy(), to_numpy(e.sigma).copy())


def _call(fun, X, vectorized: bool, xp, matrix: bool = False):
    if vectorized:
        out = xp.asarray(fun(X), dtype=xp.float64)
    else:
        out = xp.asarray([xp.asarray(fun(x), dtype=xp.float64) for x in X])
    if matrix:
        out = out.reshape(len(X), -1)
    else:
        out = out.reshape(-1)
        if out.shape[0] != len(X):
            raise ValueError(f"f returned {out.shape[0]} values for {len(X)} points")
    return out
