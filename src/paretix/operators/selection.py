"""Mating selection: binary tournaments (rank, crowding, constraints) and uniform random picks."""

from __future__ import annotations

from .._array import get_xp
from ._common import _check_rng, _count, _integers, _rng_xp, _uniform

__all__ = ["binary_tournament", "random_mating"]

_TIE_BREAKS = ("crowding", "random")


def _criterion(values, name: str, xp, n_pop: int | None):
    a = xp.asarray(values)
    if a.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array (one value per individual), got shape {tuple(a.shape)}")
    if n_pop is not None and a.shape[0] != n_pop:
        raise ValueError(f"{name} has length {a.shape[0]}, but the other criteria have length {n_pop}")
    if a.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric, got dtype {a.dtype}")
    if a.dtype.kind == "f" and bool(xp.isnan(a).any()):
        raise ValueError(f"{name} contains NaN (first at index {int(xp.argmax(xp.isnan(a)))})")
    return a


def _winners(a, b, coin, *, rank=None, crowding=None, cv=None, tie_break="crowding"):
    """Winner of each tournament ``a[k]`` vs ``b[k]`` (index arrays); ``coin`` (bool) settles ties.

    Rules, in order: with ``cv``, a pair that is not both feasible (``cv <= 0``) is decided by
    ``cv`` alone (smaller wins, so a feasible individual beats an infeasible one; equal ``cv`` is
    a tie); then the smaller ``rank`` wins; then, with ``tie_break == "crowding"``, the larger
    ``crowding``; remaining ties go to ``a`` where ``coin`` is True, else ``b``.
    """
    xp = get_xp(a, b, coin)
    decided = xp.zeros(a.shape, dtype=bool)  # (n_select,)
    a_wins = xp.zeros(a.shape, dtype=bool)
    if cv is not None:
        ca, cb = cv[a], cv[b]
        by_cv = ~((ca <= 0) & (cb <= 0))  # at least one infeasible: only the violation counts
        a_wins = xp.where(by_cv, ca < cb, a_wins)
        decided = by_cv & (ca != cb)
        tie = by_cv & (ca == cb)  # equally infeasible: random, as in Deb's rule and pymoo
    else:
        tie = xp.zeros(a.shape, dtype=bool)
    open_ = ~(decided | tie)
    if rank is not None:
        ra, rb = rank[a], rank[b]
        step = open_ & (ra != rb)
        a_wins = xp.where(step, ra < rb, a_wins)
        decided |= step
        open_ &= ~step
    if crowding is not None and tie_break == "crowding":
        da, db = crowding[a], crowding[b]
        step = open_ & (da != db)
        a_wins = xp.where(step, da > db, a_wins)
        decided |= step
    a_wins = xp.where(decided, a_wins, coin)
    return xp.where(a_wins, a, b).astype(xp.int64)


def _permutations(rng, n_select: int, n_pop: int, xp):
    """The first ``n_select`` entries of concatenated random permutations of ``range(n_pop)``:
    every index appears ``floor`` or ``ceil`` of ``n_select / n_pop`` times."""
    reps = -(-n_select // n_pop)
    perms = xp.argsort(_uniform(rng, (reps, n_pop), xp), axis=1)
    return perms.reshape(-1)[:n_select].astype(xp.int64)


def binary_tournament(n_select, *, rank=None, crowding=None, cv=None, rng, tie_break="crowding", balanced=False):
    """Indices of the winners of ``n_select`` binary tournaments (NSGA-II mating selection).

    Parameters
    ----------
    n_select : int
        Number of tournaments (and of returned indices).
    rank : array_like of int or float, shape (n_pop,), optional
        Pareto rank (smaller is better), e.g. from :func:`paretix.pareto_rank`.
    crowding : array_like of float, shape (n_pop,), optional
        Crowding distance (larger is better; ``inf`` allowed), e.g. from
        :func:`paretix.kernels.crowding_distance`.
    cv : array_like of float, shape (n_pop,), optional
        Constraint violation (``<= 0`` feasible; ``inf`` allowed, NaN is a ``ValueError``).
    rng : numpy.random.Generator or cupy.random.Generator
        Source of randomness (keyword-only, required).
    tie_break : {"crowding", "random"}, default "crowding"
        How equal ranks are settled: by crowding (when given), or at random.
    balanced : bool, default False
        Draw the contestants from concatenated random permutations of the population (as Deb's
        NSGA-II code and pymoo do), so every individual competes equally often; two contestants
        of one tournament can then coincide only where two permutations meet.

    Returns
    -------
    int64 array, shape (n_select,)
        Indices into the population (same namespace as the criteria: NumPy or CuPy).

    Notes
    -----
    Each tournament draws two *distinct* individuals uniformly at random (one individual only
    when ``n_pop == 1``). The winner is decided by Deb's constrained tournament [1]_ then the
    crowded comparison of NSGA-II [2]_:

    1. with ``cv``: if either is infeasible, the smaller ``cv`` wins (feasible beats
       infeasible; of two infeasible, the smaller violation wins; equal violations are a random
       tie, objectives and ranks are not consulted);
    2. the smaller ``rank`` wins;
    3. with ``tie_break="crowding"``: the larger ``crowding`` wins;
    4. otherwise a fair coin.

    At least one of ``rank``, ``crowding`` and ``cv`` is required (see :func:`random_mating`
    for plain uniform picks). Cost O(n_select), all tournaments at once.

    References
    ----------
    .. [1] K. Deb, "An efficient constraint handling method for genetic algorithms", Computer
       Methods in Applied Mechanics and Engineering 186(2-4), 2000.
    .. [2] K. Deb, A. Pratap, S. Agarwal, T. Meyarivan, "A fast and elitist multiobjective
       genetic algorithm: NSGA-II", IEEE TEVC 6(2), 2002.

    Examples
    --------
    >>> import numpy as np
    >>> idx = binary_tournament(6, rank=[0, 1], cv=[0.0, 0.0], rng=np.random.default_rng(0))
    >>> idx.tolist()
    [0, 0, 0, 0, 0, 0]
    """
    n_select = _count(n_select, "n_select")
    _check_rng(rng)
    if tie_break not in _TIE_BREAKS:
        raise ValueError(f"tie_break must be one of {_TIE_BREAKS}, got {tie_break!r}")
    given = {k: v for k, v in (("rank", rank), ("crowding", crowding), ("cv", cv)) if v is not None}
    if not given:
        raise ValueError("binary_tournament needs at least one of rank, crowding, cv "
                         "(use random_mating for uniform random picks)")
    xp = get_xp(*given.values())
    n_pop = None
    checked = {}
    for name, values in given.items():
        checked[name] = _criterion(values, name, xp, n_pop)
        n_pop = checked[name].shape[0]
    if "cv" in checked:
        cv_arr = checked["cv"]
        if bool((cv_arr < 0).any()):
            raise ValueError(f"cv must be >= 0, got {float(cv_arr[int(xp.argmax(cv_arr < 0))])!r}")
    if n_pop == 0 and n_select > 0:
        raise ValueError("cannot select from an empty population (the criteria have length 0)")

    if balanced and n_pop > 0:
        pairs = _permutations(rng, 2 * n_select, n_pop, xp).reshape(n_select, 2)
        a, b = pairs[:, 0], pairs[:, 1]
    else:
        a = _integers(rng, max(n_pop, 1), (n_select,), xp)  # (n_select,)
        b = _integers(rng, max(n_pop - 1, 1), (n_select,), xp)
        b = b + (b >= a) if n_pop > 1 else a  # distinct from a
    coin = _uniform(rng, (n_select,), xp) < 0.5
    return _winners(a, b, coin, rank=checked.get("rank"), crowding=checked.get("crowding"),
                    cv=checked.get("cv"), tie_break=tie_break)


def random_mating(n_select, n_pop, rng, *, balanced=False):
    """``n_select`` indices drawn uniformly, with replacement, from ``range(n_pop)``; with
    ``balanced=True`` the first ``n_select`` entries of concatenated random permutations instead
    (every index used ``floor`` or ``ceil`` of ``n_select / n_pop`` times: random mating in which
    every member is a parent equally often).

    The selection-free counterpart of :func:`binary_tournament` (as in MOEA/D or random mating
    in SMS-EMOA). Returns an int64 array of shape ``(n_select,)`` in the namespace of ``rng``
    (NumPy for a ``numpy.random.Generator``, CuPy for a ``cupy.random.Generator``).

    Examples
    --------
    >>> import numpy as np
    >>> random_mating(4, 10, np.random.default_rng(0)).shape
    (4,)
    """
    n_select = _count(n_select, "n_select")
    n_pop = _count(n_pop, "n_pop")
    _check_rng(rng)
    if n_pop == 0 and n_select > 0:
        raise ValueError("n_pop must be >= 1 to select from, got 0")
    xp = _rng_xp(rng)
    if balanced and n_pop > 0:
        return _permutations(rng, n_select, n_pop, xp)
    return _integers(rng, max(n_pop, 1), (n_select,), xp)
