"""CMA-ES (Hansen's tutorial defaults, active weights, IPOP/BIPOP restarts, sep-CMA-ES) as an
ask/tell :class:`~paretix.algorithms.Algorithm` for single-objective problems."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..constraints import as_handler
from ..problems import Problem
from ..result import Result
from ..termination import Termination
from ._base import Algorithm
from ._cma import stopping
from ._cma.engine import Engine
from ._cma.margin import Margin
from ._cma.options import (
    check_bounds,
    check_options,
    check_positive,
    check_x0_in_bounds,
)
from ._population import Population


@dataclass(repr=False)
class CMAESResult(Result):
    """:class:`paretix.Result` of a CMA-ES run: ``X``/``F`` hold the best point ever evaluated
    (feasible first, then least violation), plus what pycma users look for.

    Attributes
    ----------
    stop_reason : str
        The criterion that ended the last run (see :mod:`paretix.cmaes` for the list), or
        ``"termination"`` when ``minimize``'s termination stopped the run first.
    stop_reasons : tuple of str
        Every criterion met at that moment.
    runs : list of dict
        One entry per run (restarts included): ``run``, ``stop``, ``popsize``, ``n_iter``,
        ``n_eval``, ``regime`` and the best f so far.
    x_mean, sigma : the final mean and step size (``x_mean`` is often better than ``X`` on noisy
        problems).
    """

    stop_reason: str = ""
    stop_reasons: tuple = ()
    runs: list = field(default_factory=list)
    x_mean: np.ndarray | None = None
    sigma: float = math.nan

    @property
    def x(self) -> np.ndarray:
        """The best point, shape (n,)."""
        return self.X[0]

    @property
    def f(self) -> float:
        """Its objective value."""
        return float(self.F[0, 0])

    def __repr__(self) -> str:
        return (f"CMAESResult(f={self.f:.6g}, feasible={self.feasible}, n_eval={self.n_eval}, "
                f"stop_reason={self.stop_reason!r}, runs={len(self.runs)})")


class _Never(Termination):
    """No external limit: CMA-ES's own stopping criteria decide."""

    def done(self, algorithm) -> bool:
        return False

    def progress(self, algorithm) -> float:
        budget = algorithm._options["max_evals"]
        return 0.0 if budget is None else min(1.0, algorithm.n_eval / budget)

    def __repr__(self) -> str:
        return "CMA-ES stopping criteria"


def _valid_values(problem: Problem, j: int) -> np.ndarray:
    """The sorted valid values of the discrete variable j (integers in its bounds, or its set)."""
    if problem.var_types[j] == "int":
        return np.arange(math.ceil(problem.xl[j]), math.floor(problem.xu[j]) + 1, dtype=np.float64)
    return problem.discrete_values[j]


class CMAES(Algorithm):
    """CMA-ES: the covariance matrix adaptation evolution strategy, with restarts.

    Samples ``lambda`` points from ``N(m, sigma^2 C)``, ranks them, and moves the mean, adapts the
    step size by cumulation (CSA) and learns C from the ranked steps (rank-one and active rank-mu
    updates). Use it for one scalar objective (an overall desirability, a weighted cost) on a
    continuous box; for many objectives see :func:`paretix.cmaes.tchebycheff_batch`.

    Parameters
    ----------
    x0 : array_like of shape (n,), or callable
        Initial mean. A callable ``x0()`` is called for the first run and for each restart
        (pycma's convention: random restarts).
    sigma0 : float
        Initial step size (about a quarter of the range where the optimum is expected).
    popsize : int, optional
        Population size lambda; default ``4 + floor(3 ln n)``.
    bounds : (lower, upper), optional
        Box constraints (scalars, arrays of length n, or None for a side without bound). Default:
        the problem's ``xl``/``xu`` where finite. Handled by repair plus an adaptive penalty (see
        Notes): no point outside the box is ever evaluated.
    seed : int, optional
        Used when ``setup``/``minimize`` get no seed.
    restarts : int, default 0
        Number of restarts (of large runs for BIPOP) after a run stops.
    restart_strategy : {"ipop", "bipop"}, default "ipop"
        IPOP doubles lambda at each restart; BIPOP interleaves small-population local runs.
    diagonal : bool, default False
        sep-CMA-ES: a diagonal C, O(n) per sample, for large n (cannot learn rotated
        ill-conditioning).
    stds : array_like of shape (n,), optional
        Initial standard deviations per coordinate in units of sigma0 (C0 = diag(stds^2)); use the
        ranges of badly scaled variables.
    max_evals : int, optional
        Budget over all runs (stop reason ``maxfevals``).
    maxiter : float, optional
        Generations per run; default ``100 + 150 (n + 3)^2 / sqrt(lambda0)``.
    ftarget : float, optional
        Stop (without restart) when a feasible f <= ftarget is found.
    tolfun, tolx, tolfacupx, tolconditioncov, tolstagnation, tolflatfitness :
        Stopping criteria (defaults 1e-11, 1e-11, 1e3, 1e14, on, 1); see :mod:`paretix.cmaes`.
    incpopsize : float, default 2
        Population growth factor of IPOP/BIPOP.
    eigen_gap : float, optional
        Generations between eigendecompositions (pycma's ``updatecovwait``); default the
        tutorial's ``1 / (10 n (c_1 + c_mu))``.
    factorization : {"eigen", "cholesky"}, default "eigen"
        How C is factored for sampling. "eigen": the tutorial's lazy eigendecomposition, with
        ``p_sigma`` along ``C^{-1/2} <y>_w``. "cholesky": a Cholesky factor A of C every
        generation (n^3 / 6 flops against about 9 n^3) and ``p_sigma`` along
        ``A^{-1} <y>_w = <z>_w``, the Cholesky-CMA-ES of Krause, Arbones & Igel (NeurIPS 2016);
        the eigendecomposition then only feeds the stopping criteria, at least 25 generations
        apart. Same sampling distribution; see docs/cmaes.md for the measured quality and speed.
    constraint_handler : None, str or paretix.constraints.ConstraintHandler
        How constraint violations rank (default feasibility first); see Notes.
    backend : {"native", "numba", "reference", "xp"}, optional
        Kernels of the update; default C++ for n <= 64 (and for sep-CMA-ES), NumPy BLAS/LAPACK above.
    margin : float, optional
        For problems with integer or discrete-set variables (``var_types``): the least
        probability of sampling another value than the mean's in each such coordinate, CMA-ES with
        margin (Hamano et al. 2022); default ``1 / (n lambda)``. Samples are evaluated (and
        reported) at valid values; see Notes.

    Notes
    -----
    *Method.* Hansen's tutorial (2016): default strategy parameters of Table 1 with active
    (negative) weights, evolution paths with the ``h_sigma`` stall, lazy eigendecomposition every
    ``1 / (10 n (c_1 + c_mu))`` generations, step-size change capped at a factor e per
    generation. Restarts as pycma's ``fmin`` (IPOP: Auger & Hansen 2005; BIPOP: Hansen 2009).
    Stopping criteria with pycma's defaults, listed in :mod:`paretix.cmaes`.

    *Bounds.* pycma's ``BoundPenalty`` (Hansen et al. 2009): a sample x outside the box is
    evaluated at its repair ``clip(x)``, ranked by ``f(clip(x)) + sum_i gamma_i (clip(x)_i -
    x_i)^2 / n`` with adaptive weights gamma, and the update uses the unrepaired x.

    *Constraints* ``G <= 0`` (and ``|H| <= eq_tol``): the violation CV of
    :mod:`paretix.constraints` ranks the samples by Deb's feasibility rules (feasible ones by f,
    then the infeasible ones by CV); the result is the best feasible point seen. Other handlers
    of :mod:`paretix.constraints` apply first (``"epsilon"`` needs a budget: ``max_evals`` or a
    termination). Feasibility-first selection can stall where many constraints are active at the
    optimum; restarts and a budget help (see ``docs/cmaes.md``).

    *Mixed variables.* The discrete coordinates of each sample are encoded by a per-coordinate
    scale A around the mean and mapped to the nearest valid value (:meth:`Problem.repair`); after
    each update the margin correction of Hamano et al. (2022) moves the mean and A so that every
    discrete coordinate keeps a probability of at least ``margin`` to change value
    (:mod:`paretix.algorithms._cma.margin`). The result holds declared values exactly.

    *Complexity.* O(lambda n^2) per generation plus O(n^3) per eigendecomposition (O(lambda n)
    with ``diagonal``); memory O(n^2).

    References
    ----------
    N. Hansen, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772, 2016.
    A. Auger, N. Hansen, "A restart CMA evolution strategy with increasing population size",
    IEEE CEC 2005, 1769-1776.
    N. Hansen, "Benchmarking a BI-population CMA-ES on the BBOB-2009 function testbed",
    GECCO 2009 workshops, 2389-2396.
    N. Hansen, A. S. P. Niederberger, L. Guzzella, P. Koumoutsakos, "A method for handling
    uncertainty in evolutionary optimization with an application to feedback control of
    combustion", IEEE TEC 13(1), 180-197, 2009 (boundary handling).
    R. Ros, N. Hansen, "A simple modification in CMA-ES achieving linear time and space
    complexity", PPSN X, 2008 (sep-CMA-ES).

    Examples
    --------
    >>> import numpy as np, paretix
    >>> problem = paretix.Problem.from_functions(lambda X: (X ** 2).sum(axis=1), xl=-5 * np.ones(4), xu=5)
    >>> res = paretix.minimize(problem, paretix.CMAES(np.ones(4), 1.0), termination=None, seed=1)
    >>> res.f < 1e-10, res.stop_reason
    (True, 'tolfun')
    """

    name = "CMAES"

    def __init__(self, x0, sigma0, *, popsize=None, bounds=None, seed=None, restarts=0, restart_strategy="ipop",
                 diagonal=False, stds=None, max_evals=None, maxiter=None, ftarget=None, tolfun=1e-11, tolx=1e-11,
                 tolfacupx=1e3, tolconditioncov=1e14, tolstagnation=True, tolflatfitness=1, incpopsize=2,
                 eigen_gap=None, factorization="eigen", bounds_method="transform", constraint_handler=None, backend=None,
                 margin=None):
        self.x0 = x0 if callable(x0) else np.array(x0, dtype=np.float64, copy=True)
        if not callable(x0) and (self.x0.ndim != 1 or self.x0.size == 0 or not np.isfinite(self.x0).all()):
            raise ValueError(f"x0 must be a finite 1-D array (or a callable returning one), got shape {self.x0.shape}")
        self.sigma0 = check_positive(sigma0, "sigma0")
        self.bounds = bounds
        self._seed = seed
        self.stds = None if stds is None else np.array(stds, dtype=np.float64)
        if self.stds is not None and (self.stds.ndim != 1 or not (self.stds > 0).all() or not np.isfinite(self.stds).all()):
            raise ValueError(f"stds must be a 1-D array of positive finite numbers, got {stds!r}")
        self._options = check_options(dict(
            popsize=popsize, restarts=restarts, restart_strategy=restart_strategy, diagonal=diagonal,
            max_evals=max_evals, maxiter=maxiter, ftarget=ftarget, tolfun=tolfun, tolx=tolx, tolfacupx=tolfacupx,
            tolconditioncov=tolconditioncov, tolstagnation=tolstagnation, tolflatfitness=tolflatfitness,
            incpopsize=incpopsize, eigen_gap=eigen_gap,
            factorization=factorization, bounds_method=bounds_method, backend=backend))
        self.constraint_handler = as_handler(constraint_handler)
        if margin is not None and (isinstance(margin, bool) or not isinstance(margin, (int, float))
                                   or not 0 < margin < 0.5):
            raise ValueError(f"margin must be None or a probability in (0, 0.5), got {margin!r}")
        self.margin = margin

    # -- setup ---------------------------------------------------------------------------------
    def setup(self, problem: Problem, *, seed=None, termination=None, indicators=None, device="cpu"):
        """Bind to a single-objective ``problem`` and reset. ``termination=None`` (or
        ``"default"``) leaves stopping to CMA-ES's own criteria (and ``max_evals``). ``device``:
        ``"cpu"`` or ``"auto"`` (which is the CPU here); for CuPy arrays use
        :class:`paretix.BatchCMAES`."""
        if termination is None or (isinstance(termination, str) and termination == "default"):
            termination = _Never()
        return super().setup(problem, seed=self._seed if seed is None else seed, termination=termination,
                             indicators=indicators, device=device)

    def _setup(self, problem: Problem) -> None:
        if problem.n_obj != 1:
            raise ValueError(f"CMAES minimises one objective, but {problem.name} has n_obj={problem.n_obj}; "
                             "use paretix.cmaes.tchebycheff_batch for several objectives")
        n = problem.n_var
        x0 = self._draw_x0(n)
        if self.bounds is not None:
            bounds = check_bounds(self.bounds, n)
        elif np.isfinite(problem.xl).any() or np.isfinite(problem.xu).any():
            bounds = check_bounds((problem.xl, problem.xu), n)
        else:
            bounds = None
        check_x0_in_bounds(x0, bounds)
        if self.stds is not None and self.stds.shape != (n,):
            raise ValueError(f"stds must have length n_var={n}, got {self.stds.shape[0]}")
        o = self._options
        sampler = None
        if callable(self.x0):
            def sampler(idx, _n=n):
                return np.stack([self._draw_x0(_n) for _ in idx])
        self.engine = Engine(
            x0[None, :], np.array([self.sigma0]), rng=self.rng, popsize=o["popsize"],
            lower=None if bounds is None else bounds[0][None, :], upper=None if bounds is None else bounds[1][None, :],
            stds=None if self.stds is None else self.stds[None, :], diagonal=o["diagonal"], restarts=o["restarts"],
            restart_strategy=o["restart_strategy"], incpopsize=o["incpopsize"], max_evals=o["max_evals"],
            maxiter=o["maxiter"], ftarget=o["ftarget"], tolfun=o["tolfun"], tolx=o["tolx"], tolfacupx=o["tolfacupx"],
            tolconditioncov=o["tolconditioncov"], tolstagnation=o["tolstagnation"],
            tolflatfitness=o["tolflatfitness"], eigen_gap=o["eigen_gap"],
            factorization=o["factorization"], x0_sampler=sampler, backend=o["backend"],
            bounds_method=o["bounds_method"])
        self._best: Population | None = None
        self._handler_ready = False
        self._margin = None
        if problem.is_mixed:
            values = {j: _valid_values(problem, j) for j, k in enumerate(problem.var_types) if k != "real"}
            self._margin = Margin(values, 1, n, alpha=self.margin)

    def _draw_x0(self, n: int) -> np.ndarray:
        x0 = np.asarray(self.x0() if callable(self.x0) else self.x0, dtype=np.float64)
        if x0.shape != (n,):
            raise ValueError(f"x0 must have length n_var={n}, got shape {x0.shape}")
        if not np.isfinite(x0).all():
            raise ValueError("x0 must be finite")
        return x0

    # -- ask / tell hooks ----------------------------------------------------------------------
    def _initial(self) -> np.ndarray:
        return self._sample()

    def _infill(self) -> np.ndarray:
        return self._sample()

    def _sample(self) -> np.ndarray:
        if self.engine.done[0]:
            raise RuntimeError(f"CMA-ES has stopped ({self.stop_reason}): no more points to ask for")
        lam = int(self.engine.lam[0])
        X = self.engine.ask()
        if self._margin is None:
            return X[0, :lam].copy()
        return self.problem.repair(self._margin.encode(self.engine.mean, self.engine.X, X)[0, :lam])

    def _initialize(self, evaluated: Population) -> Population:
        return self._step(evaluated)

    def _advance(self, offspring: Population) -> Population:
        return self._step(offspring)

    def _step(self, off: Population) -> Population:
        lam = int(self.engine.lam[0])
        if off.X.shape != (lam, self.problem.n_var) or not np.array_equal(off.X, self._pending):
            raise ValueError("tell() must receive the points of the last ask(), in the same order "
                             f"(expected {lam} points of dimension {self.problem.n_var})")
        f = off.F[:, 0]
        cv = off.CV
        if not self._handler_ready:
            self.constraint_handler.setup(cv)
            self._handler_ready = True
        f_eff, cv_eff = self.constraint_handler(f, cv, progress=self.termination.progress(self))
        L = self.engine.L
        F = np.full((1, L), np.inf)
        F[0, :lam] = f_eff
        CV = None
        if self.problem.n_constr or bool((cv_eff > 0).any()):
            CV = np.full((1, L), np.inf)
            CV[0, :lam] = cv_eff
        self.engine.tell(F, CV)
        if self._margin is not None:
            self._margin.correct(self.engine, self.engine.active())
        self._update_best(off)
        return off

    def _update_best(self, off: Population) -> None:
        f = np.where(np.isnan(off.F[:, 0]), np.inf, off.F[:, 0])
        k = int(np.lexsort((np.arange(len(f)), f, off.CV))[0])
        if self._best is None or (off.CV[k], f[k]) < (self._best.CV[0], self._best.F[0, 0]):
            self._best = off.take([k])

    def has_next(self) -> bool:
        self._require_setup()
        return not bool(self.engine.done[0]) and not self.termination.done(self)

    # -- state (checkpoints) -------------------------------------------------------------------
    def _config(self) -> dict:
        return dict(super()._config(), options=self._options, seed=self._seed)

    def _get_state(self) -> dict:
        state = super()._get_state()
        state.update(self.engine.get_state("engine"))
        state["cmaes.handler_ready"] = bool(self._handler_ready)
        if self._margin is not None:
            state.update(self._margin.get_state("cmaes.margin"))
        if self._best is not None:
            for name, arr in zip(("X", "F", "G", "H", "CV"), self._best.arrays()):
                state[f"cmaes.best.{name}"] = arr
        return state

    def _set_state(self, state: dict) -> None:
        super()._set_state(state)
        self.engine.set_state(state, "engine")
        self._handler_ready = bool(state["cmaes.handler_ready"])
        if self._margin is not None:
            self._margin.set_state(state, "cmaes.margin")
        self._best = None
        if "cmaes.best.X" in state:
            self._best = Population(*(state[f"cmaes.best.{k}"] for k in ("X", "F", "G", "H", "CV")))

    # -- results -------------------------------------------------------------------------------
    @property
    def opt(self) -> Population:
        """The best point evaluated so far (one row)."""
        return self._best

    @property
    def stop_reason(self) -> str:
        """The criterion that ended the last run ("" while running)."""
        reasons = stopping.names(int(self.engine.stop_flags[0])) if self.engine.done[0] else ()
        return reasons[0] if reasons else ""

    @property
    def mean(self) -> np.ndarray:
        return self.engine.mean[0].copy()

    @property
    def sigma(self) -> float:
        return float(self.engine.sigma[0])

    def result(self) -> CMAESResult:
        """The best point so far as a :class:`CMAESResult`."""
        res = super().result()
        done = bool(self.engine.done[0])
        reasons = stopping.names(int(self.engine.stop_flags[0])) if done else ("termination",)
        runs = [{k: v for k, v in ev.items() if k != "instance"} for ev in self.engine.events]
        return CMAESResult(**vars(res), stop_reason=reasons[0] if reasons else "", stop_reasons=reasons, runs=runs,
                           x_mean=self.mean, sigma=self.sigma)
