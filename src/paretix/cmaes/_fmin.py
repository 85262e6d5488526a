"""``fmin``: minimise a Python function with CMA-ES (pycma's ``fmin2`` shape)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..algorithms._cma import stopping
from ..algorithms._cma.engine import Engine
from ..algorithms._cma.options import (
    check_bounds,
    check_options,
    check_positive,
    check_x0_in_bounds,
)


@dataclass(repr=False)
class FminResult:
    """What :func:`fmin` returns.

    Attributes
    ----------
    x : (n,) best point evaluated (feasible first); f : its value; cv : its constraint violation.
    n_eval : evaluations (all runs); n_iter : generations (all runs).
    stop_reason : the criterion that ended the last run; stop_reasons : all criteria met then.
    runs : one dict per run (``run``, ``stop``, ``popsize``, ``n_iter``, ``n_eval``, ``regime``, ``fbest``).
    x_mean, sigma : final mean and step size.
    """

    x: np.ndarray
    f: float
    n_eval: int
    stop_reason: str
    stop_reasons: tuple = ()
    n_iter: int = 0
    cv: float = 0.0
    runs: list = field(default_factory=list)
    x_mean: np.ndarray | None = None
    sigma: float = float("nan")

    @property
    def feasible(self) -> bool:
        return self.cv <= 0

    def __repr__(self) -> str:
        return (f"FminResult(f={self.f:.6g}, n_eval={self.n_eval}, stop_reason={self.stop_reason!r}, "
                f"runs={len(self.runs)})")


def fmin(f, x0, sigma0, *, bounds=None, max_evals=None, restarts=0, restart_strategy="ipop", seed=None,
         ftarget=None, vectorized=False, constraints=None, popsize=None, diagonal=False, stds=None, maxiter=None,
         tolfun=1e-11, tolx=1e-11, tolfacupx=1e3, tolconditioncov=1e14, tolstagnation=True, tolflatfitness=1,
         incpopsize=2, eigen_gap=None, factorization="eigen", bounds_method="transform", backend=None, callback=None) -> FminResult:
    """Minimise ``f`` with CMA-ES, restarts included.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for one point x of shape (n,); with ``vectorized=True``,
        ``f(X) -> (k,)`` for a (k, n) array (one call per generation). NaN ranks last.
    x0 : array_like of shape (n,), or callable
        Initial mean; a callable ``x0()`` is called again at each restart.
    sigma0 : float
        Initial step size.
    bounds : (lower, upper), optional
        Box (scalars, arrays, None per side); points outside are never evaluated (repair plus
        adaptive penalty, see :class:`paretix.CMAES`).
    max_evals : int, optional
        Budget over all runs.
    restarts : int, default 0
    restart_strategy : {"ipop", "bipop"}, default "ipop"
    seed : int, optional
    ftarget : float, optional
        Stop when a feasible f <= ftarget is found.
    vectorized : bool, default False
    constraints : callable, optional
        ``g(x) -> (m,)`` (``g(X) -> (k, m)`` when vectorized), feasible when every value <= 0;
        samples are ranked by Deb's rules on ``sum(max(0, g))``.
    popsize, diagonal, stds, maxiter, tolfun, tolx, tolfacupx, tolconditioncov, tolstagnation,
    tolflatfitness, incpopsize, eigen_gap, factorization, backend :
        As in :class:`paretix.CMAES`.
    callback : callable, optional
        ``callback(engine)`` after every generation; returning False stops (reason ``user``).

    Returns
    -------
    FminResult
        ``x``, ``f``, ``n_eval``, ``stop_reason`` (and ``runs``, ``x_mean``, ``sigma``, ...).

    Notes
    -----
    The same algorithm and random stream as ``paretix.minimize(problem, CMAES(x0, sigma0, ...),
    termination=None, seed=seed)``: with the same seed both evaluate the same points.

    Examples
    --------
    >>> import numpy as np
    >>> from paretix.cmaes import fmin
    >>> res = fmin(lambda x: float(((x - 1) ** 2).sum()), np.zeros(5), 0.5, seed=3, ftarget=1e-8)
    >>> res.stop_reason, res.f <= 1e-8
    ('ftarget', True)
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {f!r}")
    if constraints is not None and not callable(constraints):
        raise TypeError(f"constraints must be callable, got {constraints!r}")
    o = check_options(dict(
        popsize=popsize, restarts=restarts, restart_strategy=restart_strategy, diagonal=diagonal, max_evals=max_evals,
        maxiter=maxiter, ftarget=ftarget, tolfun=tolfun, tolx=tolx, tolfacupx=tolfacupx,
        tolconditioncov=tolconditioncov, tolstagnation=tolstagnation, tolflatfitness=tolflatfitness,
        incpopsize=incpopsize, eigen_gap=eigen_gap,
            factorization=factorization, bounds_method=bounds_method, backend=backend))
    sigma0 = check_positive(sigma0, "sigma0")

    def draw_x0():
        x = np.asarray(x0() if callable(x0) else x0, dtype=np.float64)
        if x.ndim != 1 or x.size == 0 or not np.isfinite(x).all():
            raise ValueError(f"x0 must be a finite 1-D array, got shape {x.shape}")
        return x

    start = draw_x0()
    n = start.size
    box = check_bounds(bounds, n)
    check_x0_in_bounds(start, box)
    if stds is not None:
        stds = np.asarray(stds, dtype=np.float64)
        if stds.shape != (n,) or not (stds > 0).all():
            raise ValueError(f"stds must be {n} positive numbers")
        stds = stds[None, :]
    rng = np.random.default_rng(seed)
    sampler = (lambda idx: np.stack([draw_x0() for _ in idx])) if callable(x0) else None
    e = Engine(start[None, :], np.array([sigma0]), rng=rng, popsize=o["popsize"],
               lower=None if box is None else box[0][None, :], upper=None if box is None else box[1][None, :],
               stds=stds, diagonal=o["diagonal"], restarts=o["restarts"], restart_strategy=o["restart_strategy"],
               incpopsize=o["incpopsize"], max_evals=o["max_evals"], maxiter=o["maxiter"], ftarget=o["ftarget"],
               tolfun=o["tolfun"], tolx=o["tolx"], tolfacupx=o["tolfacupx"], tolconditioncov=o["tolconditioncov"],
               tolstagnation=o["tolstagnation"], tolflatfitness=o["tolflatfitness"], eigen_gap=o["eigen_gap"],
            factorization=o["factorization"],
               x0_sampler=sampler, backend=o["backend"], bounds_method=o["bounds_method"])
    while not e.done[0]:
        lam = int(e.lam[0])
        X = e.ask()[0, :lam]
        F = np.full((1, e.L), np.inf)
        F[0, :lam] = _values(f, X, vectorized)
        CV = None
        if constraints is not None:
            G = _constraint_values(constraints, X, vectorized)
            CV = np.full((1, e.L), np.inf)
            CV[0, :lam] = np.where(np.isnan(G).any(axis=1), np.inf, np.maximum(G, 0.0).sum(axis=1))
        e.tell(F, CV)
        if callback is not None and _is_false(callback(e)):
            e.stop()
    flags = int(e.stop_flags[0])
    reasons = stopping.names(flags)
    runs = [{k: v for k, v in ev.items() if k != "instance"} for ev in e.events]
    return FminResult(e.xbest[0].copy(), float(e.fbest[0]), int(e.n_eval[0]), reasons[0] if reasons else "",
                      reasons, int(e.n_iter[0]), float(e.cvbest[0]), runs, e.mean[0].copy(), float(e.sigma[0]))


def _is_false(value) -> bool:
    return value is False or (isinstance(value, np.bool_) and not value)


def _values(f, X: np.ndarray, vectorized: bool) -> np.ndarray:
    if vectorized:
        out = np.asarray(f(X.copy()), dtype=np.float64).reshape(-1)
        if out.shape[0] != X.shape[0]:
            raise ValueError(f"f returned {out.shape[0]} values for {X.shape[0]} points (vectorized=True: f(X) "
                             "must return one value per row)")
        return out
    out = np.empty(X.shape[0])
    for i, x in enumerate(X):
        v = np.asarray(f(x.copy()), dtype=np.float64)
        if v.size != 1:
            raise ValueError(f"f must return one number per point, got shape {v.shape} (use vectorized=True "
                             "for f(X) on a batch)")
        out[i] = float(v.reshape(()))
    return out


def _constraint_values(g, X: np.ndarray, vectorized: bool) -> np.ndarray:
    if vectorized:
        G = np.asarray(g(X.copy()), dtype=np.float64)
        return G.reshape(X.shape[0], -1)
    return np.stack([np.atleast_1d(np.asarray(g(x.copy()), dtype=np.float64)) for x in X])
