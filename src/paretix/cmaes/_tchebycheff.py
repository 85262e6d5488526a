"""Many objectives with a batch of CMA-ES instances on weighted Tchebycheff scalarisations."""

from __future__ import annotations

import time

import numpy as np

from ..algorithms._population import Population, best_set
from ..algorithms.batch_cmaes import BatchCMAES
from ..kernels import is_nondominated
from ..problems import Problem
from ..result import Result


def tchebycheff_batch(problem: Problem, ref_dirs, /, *, sigma0=0.2, x0=None, n_init=None, ideal=None, nadir=None,
                      rho=0.01, popsize=None, max_evals=None, restarts=0, restart_strategy="ipop", max_iter=None,
                      archive=False, bounds_method="penalty", seed=None, backend=None) -> Result:
    """Approximate a Pareto front with one CMA-ES instance per weight vector, stepped together.

    Instance b minimises the augmented weighted Tchebycheff scalarisation of the normalised
    objectives ``u_j = (f_j(x) - z*_j) / (z^nad_j - z*_j)``

        g_b(x) = max_j w_bj u_j + rho sum_j u_j

    whose minimisers are Pareto optimal (the ``rho`` term rules out weakly optimal points, such
    as the ends of a front at weights like (1, 0)) and, unlike weighted sums, reach non-convex
    parts of the front. All instances are one :class:`paretix.BatchCMAES`, so each generation
    evaluates every instance's samples in one ``problem.evaluate`` call. Constraints rank by
    feasibility first inside each instance. The result set is the non-dominated feasible subset
    of the instances' best points (and, with ``archive=True``, of every point evaluated).

    Parameters
    ----------
    problem : paretix.Problem
        With finite bounds (the box, the initial sample and the coordinate scaling), unless
        ``x0`` is given.
    ref_dirs : array_like, shape (B, n_obj)
        Non-negative weight vectors (e.g. ``paretix.ref_dirs.das_dennis``); zero weights are
        raised to 1e-6 (as in MOEA/D) so every objective counts a little.
    sigma0 : float, default 0.2
        Initial step size in units of each coordinate's range (``stds = xu - xl``).
    x0 : array_like, shape (n,) or (B, n), optional
        Start points. Default: from an initial uniform sample of ``n_init`` points (default
        ``max(10 n, 2 B)``), each instance starts at the sample point best for its weights.
    rho : float, default 0.01
        Weight of the augmentation term (Steuer & Choo 1983); 0 gives the plain weighted
        Tchebycheff function.
    ideal, nadir : array_like of length n_obj, optional
        Normalisation. Default: the ideal point is the running minimum of every evaluated
        (feasible) objective vector, the nadir the worst non-dominated value of the initial
        sample (fixed).
    popsize, restarts, restart_strategy : as in :class:`paretix.CMAES`.
    max_evals : int, optional
        Total budget (initial sample included), shared equally by the instances.
    max_iter : int, optional
        At most this many generations.
    archive : bool, default False
        Also keep every non-dominated feasible point evaluated (grows with the front).
    bounds_method : {"penalty", "transform"}, default "penalty"
        Box handling (see :class:`paretix.CMAES`); the penalty method reaches optima on the bounds
        faster, and Pareto sets of test problems often lie there.
    seed : int, optional
    backend : optional, as in :class:`paretix.BatchCMAES`.

    Returns
    -------
    paretix.Result
        ``X``, ``F`` (and ``G``, ``H``, ``CV``): the non-dominated set; ``pop``: the B instances'
        best points in weight order.

    Notes
    -----
    Cost per generation: one evaluation of B lambda points plus the batched CMA-ES step,
    O(B lambda n^2). This is the decomposition of MOEA/D with a CMA-ES per subproblem and no
    exchange between neighbours (as in MO-CMA-ES-style batched baselines).

    References
    ----------
    Q. Zhang, H. Li, "MOEA/D: a multiobjective evolutionary algorithm based on decomposition",
    IEEE TEC 11(6), 712-731, 2007 (Tchebycheff approach).
    K. Miettinen, "Nonlinear Multiobjective Optimization", Kluwer, 1999 (weighted Tchebycheff).
    R. E. Steuer, E.-U. Choo, "An interactive weighted Tchebycheff procedure for multiple objective
    programming", Mathematical Programming 26, 326-344, 1983 (augmentation).
    """
    t0 = time.perf_counter()
    if not isinstance(problem, Problem):
        raise TypeError(f"problem must be a paretix.Problem, got {type(problem).__name__}")
    W = np.asarray(ref_dirs, dtype=np.float64)
    m, n = problem.n_obj, problem.n_var
    if W.ndim != 2 or W.shape[1] != m or W.shape[0] == 0:
        raise ValueError(f"ref_dirs must have shape (B, n_obj={m}), got {W.shape}")
    if (W < 0).any() or not (W.sum(axis=1) > 0).all() or not np.isfinite(W).all():
        raise ValueError("ref_dirs must be finite, non-negative, with a positive entry in every row")
    if not (rho >= 0 and np.isfinite(rho)):
        raise ValueError(f"rho must be a finite number >= 0, got {rho!r}")
    W = np.maximum(W / W.sum(axis=1, keepdims=True), 1e-6)
    B = W.shape[0]
    rng = np.random.default_rng(seed)
    finite = bool(np.isfinite(problem.xl).all() and np.isfinite(problem.xu).all())
    if not finite and x0 is None:
        raise ValueError(f"{problem.name} has infinite bounds: give x0 (start points)")
    span = (problem.xu - problem.xl) if finite else np.ones(n)
    n_eval = 0
    cand = None  # Population of points worth keeping
    z_ideal = None if ideal is None else np.asarray(ideal, dtype=np.float64).reshape(m)
    z_nadir = None if nadir is None else np.asarray(nadir, dtype=np.float64).reshape(m)

    if x0 is None:
        k = int(n_init) if n_init is not None else max(10 * n, 2 * B)
        Xs = problem.xl + rng.random((k, n)) * span
        ev = problem.evaluate(Xs)
        n_eval += k
        init = Population.from_evaluation(ev)
        nd = init.take(best_set(init))
        if z_ideal is None:
            z_ideal = _ideal(init)
        if z_nadir is None:
            z_nadir = nd.F.max(axis=0) if np.isfinite(nd.F).all() else z_ideal + 1.0
        scale = _scale(z_ideal, z_nadir)
        g = _tcheby(init.F, W, z_ideal, scale, rho)  # (B, k)
        cvk = np.where(np.isnan(init.CV), np.inf, init.CV)
        order = np.lexsort((g, np.broadcast_to(cvk, g.shape)), axis=1)  # feasible first, then g
        X0 = init.X[order[:, 0]]
        cand = nd
    else:
        X0 = np.broadcast_to(np.asarray(x0, dtype=np.float64), (B, n)).copy()
        if z_ideal is None:
            z_ideal = np.full(m, np.inf)
        if z_nadir is None:
            z_nadir = np.full(m, np.nan)

    per_instance = None if max_evals is None else max(1, (int(max_evals) - n_eval) // B)
    es = BatchCMAES(X0, sigma0, popsize=popsize, bounds=(problem.xl, problem.xu) if finite else None,
                    stds=span, seed=int(rng.integers(2**63)), restarts=restarts, restart_strategy=restart_strategy,
                    max_evals=per_instance, restart_x0="uniform" if finite else "x0", bounds_method=bounds_method,
                    backend=backend)
    best = [None] * B
    n_gen = 0
    while es.has_next() and (max_iter is None or n_gen < max_iter):
        X, mask = es.ask()
        ev = problem.evaluate(X[mask])
        pop = Population.from_evaluation(ev)
        n_eval += len(pop)
        z_ideal = np.minimum(z_ideal, _ideal(pop))
        if np.isnan(z_nadir).any():  # no initial sample: the first generation sets the nadir
            z_nadir = np.where(np.isnan(z_nadir), pop.F[best_set(pop)].max(axis=0), z_nadir)
        scale = _scale(z_ideal, z_nadir)
        gfull = np.full(mask.shape, np.inf)
        cvfull = np.full(mask.shape, np.inf)
        inst = np.nonzero(mask)[0]
        gfull[mask] = _tcheby(pop.F, W[inst], z_ideal, scale, rho, pairwise=True)
        cvfull[mask] = pop.CV
        es.tell(gfull, cvfull if problem.n_constr else None)
        n_gen += 1
        improved = np.flatnonzero(es.engine.improved)
        if improved.size:  # keep the improved instances' best points with their F, G, H, CV
            pos = np.full(mask.shape, -1)
            pos[mask] = np.arange(len(pop))
            picked = pop.take(pos[improved, es.engine.best_k[improved]])
            for j, b in enumerate(improved):
                best[b] = picked.take([j])
        if archive:
            nd = pop.take(best_set(pop))
            cand = nd if cand is None else _nondominated(Population.concat(cand, nd))
    bests = [b for b in best if b is not None]
    final = bests[0] if bests else cand
    for p in bests[1:]:
        final = Population.concat(final, p)
    pool = final if cand is None or not archive else Population.concat(final, cand)
    opt = pool.take(best_set(pool))
    feasible = bool(len(opt) and (opt.CV <= 0).all())
    message = "" if feasible else "no feasible point found: the result holds the least infeasible point(s)"
    return Result(opt.X, opt.F, opt.G, opt.H, opt.CV, feasible, message, final, n_eval, n_gen,
                  time.perf_counter() - t0, {}, problem.name, "TchebycheffBatchCMAES", seed)


def _ideal(pop: Population) -> np.ndarray:
    ok = (pop.CV <= 0) & np.isfinite(pop.F).all(axis=1)
    F = pop.F[ok] if ok.any() else pop.F[np.isfinite(pop.F).all(axis=1)]
    return F.min(axis=0) if len(F) else np.full(pop.F.shape[1], np.inf)


def _scale(ideal, nadir) -> np.ndarray:
    s = nadir - ideal
    return np.where(np.isfinite(s) & (s > 1e-12), s, 1.0)


def _tcheby(F, W, ideal, scale, rho, pairwise=False):
    """max_j W_j u_j + rho sum_j u_j, u = (F - ideal) / scale: (B, k) for all pairs, or (k,) row by row."""
    U = (F - ideal) / scale
    if pairwise:
        return (W * U).max(axis=1) + rho * U.sum(axis=1)
    return (W[:, None, :] * U[None, :, :]).max(axis=2) + rho * U.sum(axis=1)[None, :]


def _nondominated(pop: Population) -> Population:
    ok = (pop.CV <= 0) & np.isfinite(pop.F).all(axis=1)
    pop = pop.take(np.flatnonzero(ok))
    if len(pop) == 0:
        return pop
    return pop.take(np.flatnonzero(is_nondominated(pop.F)))
