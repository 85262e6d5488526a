"""Generational genetic algorithm machinery shared by NSGA-II and NSGA-III: sampling, mating,
SBX + polynomial mutation, optional duplicate elimination, (mu + lambda) survival."""

from __future__ import annotations

import numpy as np

from .._array import get_xp
from ..constraints import as_handler
from ..kernels import UNRANKED, duplicated, pareto_rank
from ..operators import (
    SBX,
    PolynomialMutation,
    RandomSampling,
    binary_tournament,
    random_mating,
    variation,
)
from ._base import Algorithm
from ._population import Population, finite_rows


def _check_operator(op, name: str, method: str = "__call__"):
    if not callable(getattr(op, method, None)):
        raise TypeError(f"{name} must be a paretix operator (callable), got {op!r}")
    return op


class GeneticAlgorithm(Algorithm):
    """Parents -> SBX -> PM -> evaluate -> survival of ``pop + offspring``.

    Runs on the CPU and on a CUDA device (``setup(device="cuda")``): every step is written in
    the namespace ``self.xp``, the bounds are moved to the device once at set-up, array draws
    come from the step's device generator (``self._drng``) and kernels receive device arrays.
    """

    devices = ("cpu", "cuda")

    def __init__(self, pop_size=None, *, sampling=None, crossover=None, mutation=None,
                 n_offsprings=None, eliminate_duplicates=True, constraint_handler=None):
        self.pop_size = pop_size
        self.constraint_handler = as_handler(constraint_handler)
        self.sampling = RandomSampling() if sampling is None else _check_operator(sampling, "sampling")
        self.crossover = SBX(eta=30.0, prob=1.0) if crossover is None else _check_operator(crossover, "crossover")
        self.mutation = PolynomialMutation(eta=20.0) if mutation is None else _check_operator(mutation, "mutation")
        self.n_offsprings = n_offsprings
        self.eliminate_duplicates = bool(eliminate_duplicates)

    def _setup(self, problem) -> None:
        if not problem.has_bounds:
            raise ValueError(f"{self.name} needs finite bounds xl and xu on every variable; {problem.name} has "
                             "infinite bounds")
        self._n_pop = self._default_pop_size() if self.pop_size is None else self.pop_size
        if isinstance(self._n_pop, bool) or not isinstance(self._n_pop, (int, np.integer)) or self._n_pop < 2:
            raise ValueError(f"pop_size must be an int >= 2, got {self._n_pop!r}")
        self._n_pop = int(self._n_pop)
        n_off = self._n_pop if self.n_offsprings is None else self.n_offsprings
        if isinstance(n_off, bool) or not isinstance(n_off, (int, np.integer)) or n_off < 1:
            raise ValueError(f"n_offsprings must be a positive int, got {n_off!r}")
        self._n_off = int(n_off)
        self._xl, self._xu = problem.bounds(self.xp)  # on the run's device, once
        self._constrained = problem.n_constr > 0

    def _default_pop_size(self) -> int:
        return 100

    def _initial(self) -> np.ndarray:
        return self.problem.repair(self.sampling(self._n_pop, self._xl, self._xu, self._drng))

    def _initialize(self, evaluated: Population) -> Population:
        self.constraint_handler.setup(evaluated.CV)
        if len(evaluated) > self._n_pop:
            return evaluated.take(self._survive(evaluated, self._n_pop))
        self._after_survival(evaluated)
        return evaluated

    def _advance(self, offspring: Population) -> Population:
        merged = Population.merge(self.pop, offspring)  # X is not concatenated, only survivors copied
        return merged.take(self._survive(merged, self._n_pop))

    # -- variation ------------------------------------------------------------------------------
    def _parents(self, n_select: int) -> np.ndarray:
        """Indices of ``n_select`` parents (consecutive pairs mate): random mating in which every
        member is a parent equally often (shuffled copies of the population); with constraints,
        binary tournaments by (effective) violation whose contestants come from shuffled copies."""
        _, cv = self._effective(self.pop)
        if cv is not None:
            return binary_tournament(n_select, cv=cv, rng=self._drng, tie_break="random", balanced=True)
        return random_mating(n_select, len(self.pop), self._drng, balanced=True)

    def _offspring(self, n: int) -> np.ndarray:
        n_pairs = (n + 1) // 2
        idx = self._parents(2 * n_pairs).reshape(n_pairs, 2)
        X = variation(self.crossover, self.mutation, self.pop.X, idx, self._xl, self._xu, self._drng, n=n)
        return self.problem.repair(X)  # declared var_types

    def _infill(self) -> np.ndarray:
        if not self.eliminate_duplicates:
            return self._offspring(self._n_off)
        return unique_offspring(self._offspring, self._n_off, [self.pop.X])

    # -- survival -------------------------------------------------------------------------------
    def _effective(self, pop: Population):
        """``(F, cv)`` that survival and mating rank, from the constraint handler
        (:mod:`paretix.constraints`); ``cv`` is None when every point counts as feasible and no
        constraint exists (plain Pareto ranks). Rows whose effective objectives are not finite
        (failed evaluations) count as infeasible with cv = inf."""
        xp = self.xp
        F, cv = self.constraint_handler(pop.F, pop.CV, progress=self.termination.progress(self))
        F = xp.asarray(F, dtype=xp.float64)
        cv = xp.array(cv, dtype=xp.float64)
        cv[~finite_rows(F)] = xp.inf
        if not self._constrained and not (cv > 0).any():
            return F, None
        return F, cv

    def _fronts_to(self, pop: Population, n: int):
        """``(F, cv, rank, S, last)``: the effective objectives and violations, Pareto ranks
        stopped once ``n`` points are ranked, the members ``S`` of every front up to the one
        that reaches ``n`` (in index order), and that front's rank ``last``."""
        xp = self.xp
        F, cv = self._effective(pop)
        rank = pareto_rank(F, cv=cv, n_stop=n)
        cum = xp.cumsum(xp.bincount(rank[rank != UNRANKED]))
        last = int(xp.searchsorted(cum, xp.asarray(n)))  # the front that reaches n (CuPy takes no scalar v)
        return F, cv, rank, xp.flatnonzero(rank <= last), last

    def _survive(self, pop: Population, n: int) -> np.ndarray:
        raise NotImplementedError

    def _after_survival(self, pop: Population) -> None:
        """Hook for algorithms that keep per-member arrays (NSGA-II: rank and crowding)."""


def unique_offspring(make, n: int, existing, *, rounds: int = 10) -> np.ndarray:
    """Up to ``n`` rows from ``make`` that are pairwise distinct and absent from ``existing``.

    ``make(k)`` returns ``k`` new candidate rows (an array of shape (k, n_var), which this function
    may overwrite); ``existing`` is a list of 2-D arrays of rows already present (e.g. the
    population). A candidate equal to an earlier candidate or to an existing row (see
    :func:`paretix.kernels.duplicated`: exact equality, by hashing) is replaced in place by a new
    candidate from ``make``, for at most ``rounds - 1`` further calls, as pymoo does; the rows
    still duplicated after that are dropped, so fewer than ``n`` rows can come back. Each round
    costs O((n + len(existing)) n_var); with no duplicate (the common case) nothing is copied.
    Works in the namespace of the rows (NumPy or CuPy).
    """
    X = make(n)
    xp = get_xp(X)
    bad = xp.flatnonzero(duplicated(X, existing))
    if bad.size and xp is np and not X.flags.writeable:  # device arrays are always writeable
        X = X.copy()
    for _ in range(rounds - 1):
        if bad.size == 0:
            return X
        new = make(bad.size)
        ok = ~duplicated(new, [*existing, X])  # X's own copies equal rows kept elsewhere: harmless
        k = int(ok.sum())
        X[bad[:k]] = new[ok]
        bad = bad[k:]
    if not bad.size:
        return X
    if xp is np:
        return np.delete(X, bad, axis=0)
    keep = xp.ones(X.shape[0], dtype=bool)  # CuPy has no delete
    keep[bad] = False
    return X[keep]
