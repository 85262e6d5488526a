"""MOEA/D (Zhang & Li 2007), MOEA/D-DE (Li & Zhang 2009) and the generational (tensorized) variant."""

from __future__ import annotations

import numpy as np

from ..kernels import moead_replace, neighbors
from ..kernels.moead import METHODS
from ..operators import SBX, PolynomialMutation, variation
from ._genetic import GeneticAlgorithm
from ._population import Population, argsort_stable, column_reduce, finite_rows

VARIANTS = ("generational", "sequential")
OPERATORS = ("sbx", "de")


class MOEAD(GeneticAlgorithm):
    """MOEA/D: decomposition into one scalar subproblem per weight vector.

    Parameters
    ----------
    ref_dirs : array_like, shape (N, n_obj)
        Weight vectors, one subproblem each (e.g. :func:`paretix.ref_dirs.das_dennis`); the
        population size is ``N``.
    n_neighbors : int, default 20
        ``T``: the neighbourhood of a subproblem is the ``T`` nearest weight vectors, itself
        included (:func:`paretix.kernels.neighbors`; O(N T) memory, never an N x N matrix).
    decomposition : {"auto", "tchebycheff", "normalized_tchebycheff", "pbi", "weighted_sum"}
        ``"auto"``: Tchebycheff for 2 objectives, PBI above (as pymoo and the MOEA/D papers for
        DTLZ). See :func:`paretix.kernels.decompose` for the formulas. Zero weights count as 1e-6
        in both Tchebycheff forms (as jMetal does), so the axis subproblems do not keep weakly
        dominated points.
    prob_neighbor_mating : float, default 0.9
        ``delta``: the probability that a child's parents come from its subproblem's
        neighbourhood; otherwise from the whole population.
    max_replacements : int, optional
        ``n_r``: the most subproblems one child may take. None (default): every neighbour it
        improves, as Zhang & Li (2007) and pymoo. With ``n_r`` set (MOEA/D-DE uses 2), the
        candidates are tried in random order and a child whose parents came from the whole
        population competes for the whole population (sequential) or for ``T`` subproblems drawn
        at random (generational, to stay O(N T)).
    variant : {"generational", "sequential"}, default "generational"
        - ``"generational"`` (tensorized): all N children are made and evaluated as one batch;
          then every subproblem keeps the best of its incumbent and the children that improve it
          (:func:`paretix.kernels.moead_replace`, linear in N T). One ``ask`` per generation, so
          evaluation parallelises (``evaluator=``) and large populations are cheap.
        - ``"sequential"``: Zhang & Li (2007): subproblems in random order, one child per
          ``ask``, which replaces worse neighbours before the next child is made. Faithful to
          the paper, but one evaluation per ``ask``: use it for small populations or to compare
          with the original. A generation is N children.
    theta : float, default 5.0
        The PBI penalty.
    operator : {"sbx", "de"}, default "sbx"
        ``"sbx"``: ``crossover`` of two parents from the mating pool, one of the two children
        kept at random, then ``mutation``. ``"de"``: MOEA/D-DE's ``x_i + F (x_r1 - x_r2)`` with
        binomial crossover rate ``CR`` (components outside the bounds re-drawn uniformly inside
        them, as Li & Zhang), then ``mutation``. Use ``operator="de", max_replacements=2`` for
        MOEA/D-DE.
    F, CR : float, default 0.5 and 1.0
        The DE operator's weight and crossover rate (Li & Zhang 2009).
    sampling, crossover, mutation : operators, optional
        Defaults: uniform random sampling, ``SBX(eta=20, prob=1.0)`` and
        ``PolynomialMutation(eta=20)`` (per-variable probability 1/n_var): the 2007 settings.
    constraint_handler : str or paretix.constraints.ConstraintHandler, optional
        A child replaces an incumbent when it has a smaller (effective) violation, or when both
        are feasible and its aggregation value is smaller. ``"feasibility_first"`` (default),
        ``"epsilon"`` or ``"penalty"``; see :mod:`paretix.constraints`.

    Notes
    -----
    The ideal point ``z`` is the minimum of every objective over the feasible points seen so far
    (over all points until the first feasible one), updated with each child (sequential) or each
    batch (generational) before replacement. ``normalized_tchebycheff`` scales by
    ``nadir - z``, the nadir being the worst feasible value in the current population. The
    result set is the non-dominated feasible members of the population (no external archive).
    Generation counting follows pymoo (the initial population is generation 1).

    References
    ----------
    Q. Zhang, H. Li, "MOEA/D: a multiobjective evolutionary algorithm based on decomposition",
    IEEE TEVC 11(6), 2007. H. Li, Q. Zhang, "Multiobjective optimization problems with
    complicated Pareto sets, MOEA/D and NSGA-II", IEEE TEVC 13(2), 2009.
    """

    name = "MOEAD"

    def __init__(self, ref_dirs, n_neighbors=20, decomposition="auto", prob_neighbor_mating=0.9,
                 max_replacements=None, variant="generational", *, theta=5.0, operator="sbx", F=0.5, CR=1.0,
                 sampling=None, crossover=None, mutation=None, constraint_handler=None):
        W = np.asarray(ref_dirs, dtype=np.float64)
        if W.ndim != 2 or W.shape[0] < 2:
            raise ValueError(f"ref_dirs must be a 2-D array (n_dirs >= 2, n_obj), got shape {W.shape}")
        if not np.isfinite(W).all() or (W < 0).any() or not (W.sum(axis=1) > 0).all():
            raise ValueError("ref_dirs must be finite and non-negative, with a positive entry in every row")
        super().__init__(len(W), sampling=sampling,
                         crossover=SBX(eta=20.0, prob=1.0) if crossover is None else crossover,
                         mutation=PolynomialMutation(eta=20.0) if mutation is None else mutation,
                         eliminate_duplicates=False, constraint_handler=constraint_handler)
        self.ref_dirs = W
        if isinstance(n_neighbors, bool) or not isinstance(n_neighbors, (int, np.integer)) or n_neighbors < 2:
            raise ValueError(f"n_neighbors must be an int >= 2, got {n_neighbors!r}")
        self.n_neighbors = int(n_neighbors)
        if decomposition != "auto" and decomposition not in METHODS:
            raise ValueError(f"decomposition must be 'auto' or one of {', '.join(map(repr, METHODS))}, "
                             f"got {decomposition!r}")
        self.decomposition = decomposition
        delta = float(prob_neighbor_mating)
        if not 0.0 <= delta <= 1.0:
            raise ValueError(f"prob_neighbor_mating must be in [0, 1], got {prob_neighbor_mating!r}")
        self.prob_neighbor_mating = delta
        if max_replacements is not None and (isinstance(max_replacements, bool) or not isinstance(
                max_replacements, (int, np.integer)) or max_replacements < 1):
            raise ValueError(f"max_replacements must be a positive int or None, got {max_replacements!r}")
        self.max_replacements = None if max_replacements is None else int(max_replacements)
        if variant not in VARIANTS:
            raise ValueError(f"variant must be one of {', '.join(map(repr, VARIANTS))}, got {variant!r}")
        self.variant = variant
        self.theta = float(theta)
        if not self.theta >= 0:
            raise ValueError(f"theta must be >= 0, got {theta!r}")
        if operator not in OPERATORS:
            raise ValueError(f"operator must be one of {', '.join(map(repr, OPERATORS))}, got {operator!r}")
        self.operator = operator
        self.F, self.CR = float(F), float(CR)
        if not self.F > 0 or not 0.0 <= self.CR <= 1.0:
            raise ValueError(f"F must be > 0 and CR in [0, 1], got F={F!r}, CR={CR!r}")

    # -- setup ------------------------------------------------------------------------------------
    def _setup(self, problem) -> None:
        if self.ref_dirs.shape[1] != problem.n_obj:
            raise ValueError(f"ref_dirs have {self.ref_dirs.shape[1]} objectives but {problem.name} has "
                             f"n_obj={problem.n_obj}")
        super()._setup(problem)
        n = len(self.ref_dirs)
        self._T = min(self.n_neighbors, n)
        if self.operator == "de" and self._T < 3:
            raise ValueError("operator='de' needs n_neighbors >= 3 and at least 3 ref_dirs")
        method = self.decomposition
        if method == "auto":
            method = "tchebycheff" if problem.n_obj <= 2 else "pbi"
        self._method = method
        W = self.ref_dirs
        xp = self.xp
        self._W = np.where(W == 0, 1e-6, W) if "tchebycheff" in method else W.copy()
        self._nbr = neighbors(self.ref_dirs, self._T)  # on the host, once
        if xp is not np:  # weights and neighbourhoods on the run's device, once
            self._W, self._nbr = xp.asarray(self._W), xp.asarray(self._nbr)
        self._ideal = xp.full(problem.n_obj, xp.inf)
        self._seen_feasible = False
        self._order, self._pos = None, 0
        self._pending_sub = None  # subproblem of each pending child
        self._pending_global = None  # whether its parents came from the whole population

    def _config(self) -> dict:
        return {**super()._config(), "method": self._method if hasattr(self, "_method") else self.decomposition}

    # -- state -----------------------------------------------------------------------------------
    def _get_state(self) -> dict:
        state = super()._get_state()
        state["moead.ideal"] = self._host(self._ideal)
        state["moead.seen_feasible"] = bool(self._seen_feasible)
        state["moead.pos"] = int(self._pos)
        if self._order is not None:
            state["moead.order"] = self._host(self._order)
        if self._pending_sub is not None:
            state["moead.pending_sub"] = self._host(self._pending_sub)
            state["moead.pending_global"] = self._host(self._pending_global)
        return state

    def _set_state(self, state: dict) -> None:
        super()._set_state(state)
        self._ideal = self._device(np.asarray(state["moead.ideal"], dtype=np.float64))
        self._seen_feasible = bool(state["moead.seen_feasible"])
        self._pos = int(state["moead.pos"])
        self._order = self._device(state.get("moead.order"))
        self._pending_sub = self._device(state.get("moead.pending_sub"))
        self._pending_global = self._device(state.get("moead.pending_global"))

    # -- initial population -------------------------------------------------------------------
    def _initialize(self, evaluated: Population) -> Population:
        n = len(self.ref_dirs)
        if len(evaluated) != n:
            raise ValueError(f"MOEAD's initial population must have one point per weight vector ({n}), "
                             f"got {len(evaluated)}")
        self.constraint_handler.setup(evaluated.CV)
        F, cv = self._effective(evaluated)
        self._update_ideal(F, cv)
        return evaluated

    def _update_ideal(self, F: np.ndarray, cv) -> None:
        xp = self.xp
        ok = finite_rows(F)
        feasible = ok if cv is None else ok & (cv <= 0)
        if feasible.any():
            if not self._seen_feasible:  # forget minima of infeasible points
                self._ideal[:] = xp.inf
                self._seen_feasible = True
            self._ideal = xp.minimum(self._ideal, column_reduce(F[feasible], np.min))
        elif not self._seen_feasible and ok.any():
            self._ideal = xp.minimum(self._ideal, column_reduce(F[ok], np.min))

    # -- variation -------------------------------------------------------------------------------
    def _pairs(self, sub: np.ndarray, glob: np.ndarray, k: int) -> np.ndarray:
        """``k`` distinct mates for every subproblem in ``sub``: from its neighbourhood, or from
        the whole population where ``glob``; shape (len(sub), k)."""
        rng, n, T, xp = self._drng, len(self.ref_dirs), self._T, self.xp
        m = len(sub)
        local = xp.empty((m, k), dtype=xp.int64)
        whole = xp.empty((m, k), dtype=xp.int64)
        for out, size in ((local, T), (whole, n)):  # distinct by skipping the indices already taken
            for c in range(k):
                r = rng.integers(0, size - c, m)
                taken = xp.sort(out[:, :c], axis=1) if c else None  # no empty sort on a device
                for t in range(c):
                    r += r >= taken[:, t]
                out[:, c] = r
        local = xp.take_along_axis(self._nbr[sub], local, axis=1)
        return xp.where(glob[:, None], whole, local)

    def _children(self, sub: np.ndarray, glob: np.ndarray) -> np.ndarray:
        """One child per subproblem in ``sub``."""
        X, rng, xp = self.pop.X, self._drng, self.xp
        if self.operator == "sbx":
            pairs = self._pairs(sub, glob, 2)
            both = variation(self.crossover, self.mutation, X, pairs, self._xl, self._xu, rng)
            pick = (rng.random(len(sub)) < 0.5).astype(xp.int64)
            return self.problem.repair(both[2 * xp.arange(len(sub)) + pick])
        mates = self._pairs(sub, glob, 2)
        base = X[sub]
        v = base + self.F * (X[mates[:, 0]] - X[mates[:, 1]])
        if self.CR < 1.0:
            keep = rng.random(v.shape) >= self.CR
            keep[xp.arange(len(sub)), rng.integers(0, v.shape[1], len(sub))] = False
            v = xp.where(keep, base, v)
        out = (v < self._xl) | (v > self._xu)
        if out.any():  # Li & Zhang: a component outside the box is re-drawn inside it
            u = rng.random(v.shape)
            v = xp.where(out, self._xl + u * (self._xu - self._xl), v)
        return self.problem.repair(self.mutation(v, self._xl, self._xu, rng))

    def _infill(self) -> np.ndarray:
        n, rng, xp = len(self.ref_dirs), self._drng, self.xp
        if self.variant == "generational":
            sub = xp.arange(n)
            glob = rng.random(n) >= self.prob_neighbor_mating
        else:
            if self._order is None or self._pos >= n:
                order = rng.permutation(n) if xp is np else self._permutation(xp.arange(n))
                self._order, self._pos = order, 0
            sub = self._order[self._pos:self._pos + 1]
            if xp is np:
                glob = np.array([rng.random() >= self.prob_neighbor_mating])
            else:  # a (1,) device array, drawn there
                glob = rng.random(1) >= self.prob_neighbor_mating
        self._pending_sub, self._pending_global = sub, glob
        return self._children(sub, glob)

    # -- replacement -----------------------------------------------------------------------------
    def _candidates(self, sub: np.ndarray, glob: np.ndarray) -> np.ndarray:
        rng, n, T, xp = self._drng, len(self.ref_dirs), self._T, self.xp
        cand = self._nbr[sub]
        if self.max_replacements is None:
            return cand  # every improved neighbour is replaced: the order does not matter
        cand = xp.take_along_axis(cand, xp.argsort(rng.random(cand.shape), axis=1), axis=1)
        rows = xp.flatnonzero(glob)
        if rows.size == 0:
            return cand
        if self.variant == "sequential":  # Li & Zhang: the whole population, in random order
            return (rng.permutation(n) if xp is np else self._permutation(xp.arange(n)))[None, :]
        cand[rows] = _distinct(rng, n, T, rows.size, xp)
        return cand

    def _advance(self, off: Population) -> Population:
        sub, glob = self._pending_sub, self._pending_global
        if sub is None or len(off) != len(sub):
            raise ValueError(f"MOEAD expects the {0 if sub is None else len(sub)} point(s) it asked for, got {len(off)}")
        Fp, cvp = self._effective(self.pop)
        Fc, cvc = self._effective(off)
        self._update_ideal(Fc, cvc)
        xp = self.xp
        n = len(Fp)
        cvp = xp.zeros(n) if cvp is None else cvp
        cvc = xp.zeros(len(Fc)) if cvc is None else cvc
        nadir = None
        if self._method == "normalized_tchebycheff":
            ok = finite_rows(Fp) & (cvp <= 0)
            nadir = column_reduce(Fp[ok], np.max) if ok.any() else self._ideal + 1.0
        ideal = xp.where(xp.isfinite(self._ideal), self._ideal, 0.0)
        winner = moead_replace(Fp, cvp, Fc, cvc, self._W, self._candidates(sub, glob), ideal, method=self._method,
                               theta=self.theta, nadir=nadir, max_replacements=self.max_replacements)
        self._pending_sub = self._pending_global = None
        if self.variant == "sequential":
            self._pos += 1
        ks = xp.flatnonzero(winner >= 0)
        if ks.size == 0:
            return self.pop
        src = winner[ks]
        arrays = []
        for old, new in zip(self.pop.arrays(), off.arrays()):
            a = old.copy()
            a[ks] = new[src]
            arrays.append(a)
        return Population(*arrays)

    def _generation_done(self) -> bool:
        return self.variant == "generational" or self._pos >= len(self.ref_dirs)


def _distinct(rng, n: int, k: int, rows: int, xp=np) -> np.ndarray:
    """``rows`` rows of ``k`` distinct integers drawn uniformly from ``[0, n)``, in random order
    (``xp`` arrays, drawn from ``rng`` of that namespace)."""
    if n <= 4 * k:
        return xp.argsort(rng.random((rows, n)), axis=1)[:, :k]
    out = rng.integers(0, n, (rows, k))
    while True:  # redraw repeated entries: few rounds when n >> k
        srt = xp.sort(out, axis=1)
        dup_rows = xp.flatnonzero((srt[:, 1:] == srt[:, :-1]).any(axis=1))
        if dup_rows.size == 0:
            return out
        sub = out[dup_rows]
        order = argsort_stable(sub, axis=1)
        s = xp.take_along_axis(sub, order, axis=1)
        rep = xp.zeros_like(sub, dtype=bool)
        rep[:, 1:] = s[:, 1:] == s[:, :-1]
        again = xp.zeros_like(rep)
        again[xp.arange(sub.shape[0])[:, None], order] = rep  # put_along_axis (CuPy has none)
        sub[again] = rng.integers(0, n, int(again.sum()))
        out[dup_rows] = sub
