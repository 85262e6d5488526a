"""NSGA-II (Deb, Pratap, Agarwal, Meyarivan 2002)."""

from __future__ import annotations

import numpy as np

from ..kernels import UNRANKED, crowding_distance, pareto_rank
from ..operators import binary_tournament
from ._genetic import GeneticAlgorithm
from ._population import Population, argsort_stable


class NSGA2(GeneticAlgorithm):
    """NSGA-II: non-dominated sorting with crowding distance.

    Parameters
    ----------
    pop_size : int, default 100
    sampling, crossover, mutation : operators, optional
        Defaults: uniform random sampling, ``SBX(eta=30, prob=1.0)`` and
        ``PolynomialMutation(eta=20)`` (shared with :class:`NSGA3`; Deb's NSGA-II paper used
        eta_c = 20, pass ``crossover=SBX(eta=20, prob=0.9)`` for its exact setting).
    eliminate_duplicates : bool, default True
        Remove offspring identical to another offspring or to a member (see :class:`NSGA3`).
    constraint_handler : str or paretix.constraints.ConstraintHandler, optional
        ``"feasibility_first"`` (default, Deb's constrained domination), ``"epsilon"`` or
        ``"penalty"``; see :mod:`paretix.constraints`.

    Notes
    -----
    Mating: binary tournaments by the crowded-comparison operator (feasibility first with
    constraints, then rank, then larger crowding distance). Survival: whole fronts of the 2N
    merged points while they fit (constrained domination with constraints), then the members of
    the last front with the largest crowding distance (computed within that front; ties by index).
    Survivors are always exactly ``pop_size``.

    References
    ----------
    K. Deb, A. Pratap, S. Agarwal, T. Meyarivan, "A fast and elitist multiobjective genetic
    algorithm: NSGA-II", IEEE TEVC 6(2), 2002.
    """

    name = "NSGA2"

    def __init__(self, pop_size=100, *, sampling=None, crossover=None, mutation=None, eliminate_duplicates=True,
                 constraint_handler=None):
        super().__init__(pop_size, sampling=sampling, crossover=crossover, mutation=mutation,
                         eliminate_duplicates=eliminate_duplicates, constraint_handler=constraint_handler)

    def _rank_and_crowding(self, pop: Population, n_stop=None):
        F, cv = self._effective(pop)
        rank = pareto_rank(F, cv=cv, n_stop=n_stop)
        if self.xp is not np:
            return rank, self._crowding_xp(F, cv, rank)
        crowd = np.zeros(len(pop))
        ranked = np.flatnonzero(rank != UNRANKED)
        r = rank[ranked]
        if r.size and r.max() < 2**15:  # a stable sort of 16-bit keys is a radix sort: O(n)
            r = r.astype(np.int16)
        by_front = ranked[np.argsort(r, kind="stable")]  # front by front, each in index order
        for members in np.split(by_front, np.flatnonzero(np.diff(rank[by_front])) + 1):
            if members.size and (cv is None or (cv[members] <= 0).all()):
                crowd[members] = crowding_distance(F[members])
        return rank, crowd

    def _crowding_xp(self, F, cv, rank):
        """The crowding distances of :meth:`_rank_and_crowding` on a device: the fronts' sizes
        (and, under constraints, whether each is all feasible) come to the host in one sync,
        then one ``crowding_distance`` per front as on the CPU."""
        xp = self.xp
        crowd = xp.zeros(rank.shape[0])
        ranked = xp.flatnonzero(rank != UNRANKED)
        if ranked.size == 0:
            return crowd
        by_front = ranked[argsort_stable(rank[ranked])]  # front by front, each in index order
        r = rank[by_front]
        sizes = xp.bincount(r).astype(xp.float64)
        n_bad = xp.zeros_like(sizes) if cv is None else xp.bincount(
            r, weights=(cv[by_front] > 0).astype(xp.float64), minlength=sizes.shape[0])
        sizes, n_bad = xp.stack([sizes, n_bad]).tolist()  # one sync
        start = 0
        for size, bad in zip(sizes, n_bad):
            members = by_front[start:start + int(size)]
            start += int(size)
            if size and not bad:  # a front is crowded only when all its members are feasible
                crowd[members] = crowding_distance(F[members])
        return crowd

    def _survive(self, pop: Population, n: int) -> np.ndarray:
        rank, crowd = self._rank_and_crowding(pop, n_stop=n)
        xp = self.xp
        if xp is not np:
            ranked = xp.flatnonzero(rank != UNRANKED)
            keys = xp.stack([-crowd[ranked], rank[ranked].astype(xp.float64)])
            order = ranked[xp.lexsort(keys)][:n]
            self._rank, self._crowd = rank[order], crowd[order]
            return order
        ranked = np.flatnonzero(rank != UNRANKED)  # unranked points sort last: leave them out
        # rank first, then larger crowding; stable by index
        order = ranked[np.lexsort((-crowd[ranked], rank[ranked]))][:n]
        self._rank, self._crowd = rank[order], crowd[order]
        return order

    def _after_survival(self, pop: Population) -> None:
        self._rank, self._crowd = self._rank_and_crowding(pop)

    def _get_state(self) -> dict:
        state = super()._get_state()
        if self.pop is not None:
            state["nsga2.rank"], state["nsga2.crowd"] = self._host(self._rank), self._host(self._crowd)
        return state

    def _set_state(self, state: dict) -> None:
        super()._set_state(state)
        if "nsga2.rank" in state:
            self._rank, self._crowd = self._device(state["nsga2.rank"]), self._device(state["nsga2.crowd"])

    def _parents(self, n_select: int) -> np.ndarray:
        _, cv = self._effective(self.pop)
        return binary_tournament(n_select, rank=self._rank, crowding=self._crowd, cv=cv, rng=self._drng,
                                 balanced=True)
