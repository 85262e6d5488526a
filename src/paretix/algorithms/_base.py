"""Ask/tell algorithm base: state as arrays, the generation counters and the result."""

from __future__ import annotations

import time

import numpy as np

from ..problems import Evaluation, Problem
from ..result import Result
from ..termination import make_termination
from ._population import Population, best_set


class Algorithm:
    """Base of every algorithm: ``setup`` -> (``ask`` -> evaluate -> ``tell``)* -> ``result``.

    Constructors only store parameters; :meth:`setup` validates them against the problem and
    resets all state, so one instance can run again. State is a :class:`Population` of arrays
    plus algorithm-specific arrays, owned with one ``numpy.random.Generator`` seeded from
    ``seed``: the same seed on the same backend gives the same run, bit for bit.
    """

    name = "Algorithm"

    def setup(self, problem: Problem, *, seed=None, termination=("n_gen", 100), indicators=None):
        """Bind to ``problem`` and reset: generation 0, no population, a fresh RNG.

        ``indicators`` maps names to callables ``f(F_result_set) -> float`` recorded per
        generation in ``result().history``."""
        if not isinstance(problem, Problem):
            raise TypeError(f"problem must be a paretix.Problem, got {type(problem).__name__}")
        self.problem = problem
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.termination = make_termination(termination)
        self.termination.start()
        self.indicators = dict(indicators or {})
        self.pop: Population | None = None
        self.n_gen = 0
        self.n_eval = 0
        self._pending = None
        self._opt_idx = None
        self._history: dict[str, list] = {}
        self._t0 = time.perf_counter()
        self._setup(problem)
        return self

    # -- subclass hooks -------------------------------------------------------------------------
    def _setup(self, problem: Problem) -> None:
        """Validate parameters against the problem; derive sizes."""

    def _initial(self) -> np.ndarray:
        raise NotImplementedError

    def _infill(self) -> np.ndarray:
        raise NotImplementedError

    def _advance(self, offspring: Population) -> Population:
        """The next population from ``self.pop`` and the evaluated offspring."""
        raise NotImplementedError

    def _initialize(self, evaluated: Population) -> Population:
        return evaluated

    # -- ask / tell -----------------------------------------------------------------------------
    def _require_setup(self) -> None:
        if not hasattr(self, "problem"):
            raise RuntimeError(f"call {type(self).__name__}.setup(problem, seed=...) first")

    def ask(self) -> np.ndarray:
        """The next points to evaluate, shape (n, n_var) (the initial population first)."""
        self._require_setup()
        if self._pending is not None:
            raise RuntimeError("ask() was called twice without tell(): evaluate the points and tell() them first")
        X = self._initial() if self.pop is None else self._infill()
        self._pending = X
        return X

    def tell(self, X, F=None, G=None, H=None) -> None:
        """Report evaluated points: ``tell(problem.evaluate(X))`` or ``tell(X, F, G, H)`` with
        values computed elsewhere (checked like ``Problem.evaluate``; NaN rows are kept as
        infeasible, CV = inf)."""
        self._require_setup()
        if isinstance(X, Evaluation):
            ev = X
        else:
            if F is None:
                raise TypeError("tell() needs F: call tell(X, F, G=None, H=None) or tell(problem.evaluate(X))")
            ev = self.problem.make_evaluation(X, F, G, H)
        off = Population.from_evaluation(ev)
        if len(off) == 0:
            raise ValueError("tell() received no points")
        self.n_eval += len(off)
        self.pop = self._initialize(off) if self.pop is None else self._advance(off)
        self.n_gen += 1
        self._pending = None
        self._opt_idx = None
        self._record()

    def has_next(self) -> bool:
        """False once the termination criterion is met."""
        self._require_setup()
        return not self.termination.done(self)

    # -- results --------------------------------------------------------------------------------
    @property
    def opt(self) -> Population:
        """The current result set (non-dominated feasible members, see ``Result``)."""
        if self._opt_idx is None:
            self._opt_idx = best_set(self.pop)
        return self.pop.take(self._opt_idx)

    def _record(self) -> None:
        opt = self.opt
        row = {
            "n_gen": self.n_gen,
            "n_eval": self.n_eval,
            "cv_min": float(self.pop.CV.min()),
            "cv_avg": float(np.mean(np.where(np.isfinite(self.pop.CV), self.pop.CV, np.nan))) if np.isfinite(self.pop.CV).any() else np.inf,
            "n_nds": len(opt),
            "time": time.perf_counter() - self._t0,
        }
        for key, fn in self.indicators.items():
            row[key] = float(fn(opt.F)) if bool((opt.CV <= 0).all()) else np.nan
        for key, value in row.items():
            self._history.setdefault(key, []).append(value)

    def result(self) -> Result:
        """The :class:`paretix.Result` of the run so far."""
        self._require_setup()
        if self.pop is None:
            raise RuntimeError("no population yet: tell() at least one evaluated batch first")
        opt = self.opt
        feasible = bool(len(opt) and (opt.CV <= 0).all())
        message = "" if feasible else (
            f"no feasible point found: the result holds the {len(opt)} least infeasible point(s) "
            f"(CV = {float(opt.CV.min()):.4g})"
        )
        history = {k: np.asarray(v) for k, v in self._history.items()}
        return Result(opt.X, opt.F, opt.G, opt.H, opt.CV, feasible, message, self.pop, self.n_eval, self.n_gen,
                      time.perf_counter() - self._t0, history, self.problem.name, self.name, self.seed)
