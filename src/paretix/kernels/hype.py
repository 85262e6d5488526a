"""HypE kernels: :func:`hype_fitness` and :func:`hype_greedy` (Bader & Zitzler 2011).

Which one to use
----------------
- :func:`hype_fitness`: the HypE fitness of every point for a given ``k`` (mating uses
  ``k = len(points)``: each point's share of the dominated hypervolume; environmental selection
  with ``k`` = the number of points to remove: the expected hypervolume lost when ``k`` random
  points go, one of them this one).
- :func:`hype_greedy`: environmental selection by HypE, removing points one at a time with the
  fitness re-estimated after each removal; the Monte Carlo version keeps one sample set and
  updates its dominance counts instead of recounting.

Conventions are those of :mod:`paretix.kernels.hv` (minimisation, ``ref`` required, only points
that strictly dominate ``ref`` count; the others get fitness 0 but stay members of the
population: ``|P| = len(points)`` in the weights).
"""

from __future__ import annotations

import numpy as np

from ._backends import Kernel
from ._threads import get_num_threads
from ._device import host_fallback
from .hv import _check_finite_boxes, _prepare, as_ref, as_seed
from .._array import get_xp, is_device_array
from . import _launch
from ._device import device_backend

_FITNESS_MC = Kernel(
    "hype_fitness_mc",
    {
        "native": "paretix._core:hype_fitness_mc",
        "numba": "paretix.kernels._numba.hype:hype_fitness_mc",
        "reference": "paretix._reference.hype:hype_fitness_mc",
    },
)
_FITNESS_EXACT = Kernel(
    "hype_fitness_exact",
    {
        "native": "paretix._core:hype_fitness_exact",
        "numba": "paretix.kernels._numba.hype:hype_fitness_exact",
        "reference": "paretix._reference.hype:hype_fitness_exact",
    },
)
_GREEDY = Kernel(
    "hype_greedy",
    {
        "native": "paretix._core:hype_greedy",
        "numba": "paretix.kernels._numba.hype:hype_greedy",
        "reference": "paretix._reference.hype:hype_greedy",
    },
)

KERNELS = {k.name: k for k in (_FITNESS_MC, _FITNESS_EXACT, _GREEDY)}
"""Backend registry of the HypE kernels (same rules as ``paretix.kernels.KERNELS``)."""

METHODS = ("mc", "exact")


def _as_int(value, name: str, lo: int, hi: int | None = None) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {value!r}")
    if value < lo or (hi is not None and value > hi):
        rng = f"[{lo}, {hi}]" if hi is not None else f">= {lo}"
        raise ValueError(f"{name} must be in {rng}, got {value}")
    return int(value)


def _method(method, d: int) -> str:
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}, got {method!r}")
    if method == "exact" and d > 3:
        raise ValueError(f"method='exact' supports 1 to 3 objectives, got {d}; use method='mc'")
    return method


def _pad_1d(pts: np.ndarray, ref: np.ndarray):
    """One objective as two: a constant second objective of extent 1 leaves every volume unchanged."""
    return np.ascontiguousarray(np.column_stack([pts, np.zeros(len(pts))])), np.append(ref, 1.0)


def hype_fitness(points, /, ref, k, *, n_samples=10_000, seed=0, method="mc", maximise=False, backend=None) -> np.ndarray:
    """HypE fitness ``I_h(a, P, R, k)`` of every point ``a`` of ``P = points`` (Bader & Zitzler 2011).

    ``I_h(a) = sum_{i=1..k} alpha_i * vol(H_i(a))`` with
    ``alpha_i = prod_{l=1..i-1} (k - l) / (|P| - l) / i`` and ``H_i(a)`` the part of the region
    that ``a`` dominates (up to ``ref``) that exactly ``i`` points of ``P`` weakly dominate. It is
    the expected hypervolume lost with ``a`` when ``k`` points chosen at random (``a`` among them)
    are removed; with ``k = |P|`` (``alpha_i = 1 / i``) it splits the hypervolume of ``P`` among
    its points, and with ``k = 1`` it is the exclusive contribution.

    Parameters
    ----------
    points : array_like, shape (n, d)
        Objective vectors (minimisation; NaN is a ``ValueError``). Points that do not strictly
        dominate ``ref`` get 0 (they still count in ``|P| = n``); the boxes of those that do must
        be finite. Dominated and duplicated points are members like any other: a point dominated
        by others gets the shares of the regions it dominates (at least 2 dominators each).
    ref : float or array_like, shape (d,)
        Reference point (required; a scalar is broadcast).
    k : int
        The number of points whose removal the fitness anticipates, ``1 <= k <= n``.
    n_samples : int, default 10_000
        Monte Carlo samples (``method="mc"``).
    seed : int or numpy.random.Generator, default 0
        Seed of the sample stream (``method="mc"``): the stream of
        :func:`paretix.hypervolume_mc`, so that the samples, and how many of them the points
        dominate, are the same as its with the same seed.
    method : {"mc", "exact"}, default "mc"
        ``"mc"``: the Monte Carlo estimate of the paper (unbiased). ``"exact"``: 1 to 3 objectives.
    maximise : bool or sequence of bool, default False
        Objectives to maximise instead.
    backend : {"native", "numba", "reference"}, optional
        Force a backend; ``native`` and ``numba`` give the same bits.

    Returns
    -------
    numpy.ndarray of float64, shape (n,)
        The fitness (>= 0; larger is better: the point whose loss costs more).

    Notes
    -----
    ``"mc"``: ``n_samples`` samples uniform in ``[lo, ref)``, ``lo`` the componentwise minimum of
    the counted points; a sample weakly dominated by ``c`` points, ``1 <= c <= k``, adds
    ``alpha_c * V / n_samples`` to each of them (``V`` the box volume). The samples are streamed
    (points sorted by the first objective once; a sample is compared only with the prefix that
    can dominate it): O(n_samples * n * d) time in the worst case, O(n d) memory, never a
    samples x points x objectives array. The weights are summed per block of
    ``max(1024, ceil(n_samples / 64))`` samples (in sample order) and the block sums added in
    block order; ``native`` shares the blocks among :func:`paretix.kernels.set_num_threads`
    threads, so its result is the same for any thread count and equal to ``numba``'s.
    ``"exact"``: a sweep over the second objective keeping
    the points ordered by the first, with suffix sums of ``alpha_c`` times the gaps (no
    cancellation): O(n min(n, k) + n^2) time in 2-D; in 3-D the same per slab between distinct
    third-objective values, O(n^2 min(n, k) + n^3).

    References
    ----------
    J. Bader, E. Zitzler, "HypE: an algorithm for fast hypervolume-based many-objective
    optimization", Evolutionary Computation 19(1), 2011.

    Examples
    --------
    >>> import paretix
    >>> paretix.kernels.hype_fitness([[1, 3], [2, 2], [3, 1]], ref=4, k=1, method="exact").tolist()
    [1.0, 1.0, 1.0]
    >>> f = paretix.kernels.hype_fitness([[1, 3], [2, 2], [3, 1]], ref=4, k=3, method="exact")
    >>> f.round(4).tolist(), round(float(f.sum()), 12)  # k = |P|: the hypervolume, shared
    ([1.8333, 2.3333, 1.8333], 6.0)
    """
    if is_device_array(points):
        return _hype_device("hype_fitness", points, ref, k, n_samples, seed, method, maximise, backend)
    pts, ref_arr = _prepare(points, ref, maximise)
    n, d = pts.shape
    method = _method(method, d)
    k = _as_int(k, "k", 1, max(n, 1))
    n_samples = _as_int(n_samples, "n_samples", 1)
    seed = as_seed(seed)
    _check_finite_boxes(pts, ref_arr, "hype_fitness")
    if n == 0:
        return np.zeros(0)
    if method == "exact":
        if d == 1:
            pts, ref_arr = _pad_1d(pts, ref_arr)
        _, impl = _FITNESS_EXACT.resolve(backend)
        return np.asarray(impl(pts, ref_arr, k), dtype=np.float64)
    _, impl = _FITNESS_MC.resolve(backend)
    fit, _ = impl(pts, ref_arr, k, n_samples, seed, get_num_threads())
    return np.asarray(fit, dtype=np.float64)


def hype_greedy(points, /, ref, n_remove, *, n_samples=10_000, seed=0, method="mc", maximise=False,
                backend=None) -> np.ndarray:
    """The points HypE's environmental selection removes, in order of removal.

    At step ``t`` (``t = 0 .. n_remove - 1``) the fitness :func:`hype_fitness` with
    ``k = n_remove - t`` over the points still present (``|P| = n - t``) is computed and the
    point with the smallest fitness is removed (the lowest row on ties: points that count for
    nothing, outside ``ref``, go first).

    Parameters
    ----------
    points : array_like, shape (n, d)
        Objective vectors (as in :func:`hype_fitness`).
    ref : float or array_like, shape (d,)
        Reference point (required).
    n_remove : int
        How many points to remove, ``0 <= n_remove <= n``.
    n_samples, seed, method, maximise, backend
        As in :func:`hype_fitness`.

    Returns
    -------
    numpy.ndarray of int64, shape (n_remove,)
        The rows removed, first removed first; the survivors are the other rows.

    Notes
    -----
    ``"mc"``: one sample set (the stream of :func:`hype_fitness` over the box of all ``n``
    points) is drawn once. A sample dominated by ``c`` points with ``1 <= c <= n_remove`` keeps
    the list of its dominators (others can never count: a removal lowers ``c`` by at most one
    while ``k`` falls by one); at each step the dominators still present are counted, the
    samples with none or more than ``k`` are dropped for good and the lists compacted. Time
    O(n_samples * n * d) once plus O(E) per step, ``E`` the entries still kept; memory
    O(n d + n_samples + E), ``E <= n_samples * n_remove`` (4 bytes per entry). ``"exact"``: the
    exact fitness recomputed at every step (1 to 3 objectives), O(n_remove) times its cost.
    """
    if is_device_array(points):
        return _hype_device("hype_greedy", points, ref, n_remove, n_samples, seed, method, maximise, backend)
    pts, ref_arr = _prepare(points, ref, maximise)
    n, d = pts.shape
    method = _method(method, d)
    n_remove = _as_int(n_remove, "n_remove", 0, n)
    n_samples = _as_int(n_samples, "n_samples", 1)
    seed = as_seed(seed)
    _check_finite_boxes(pts, ref_arr, "hype_greedy")
    if n_remove == 0:
        return np.zeros(0, dtype=np.int64)
    if method == "exact" and d == 1:
        pts, ref_arr = _pad_1d(pts, ref_arr)
    _, impl = _GREEDY.resolve(backend)
    return np.asarray(impl(pts, ref_arr, n_remove, method == "exact", n_samples, seed, get_num_threads()),
                      dtype=np.int64)


def _hype_device(kernel, points, ref, k, n_samples, seed, method, maximise, backend):
    """hype_fitness / hype_greedy on device arrays: Monte Carlo counting by the CUDA kernels (the
    same samples, weights and summation order as the CPU); ``method="exact"`` runs on the host."""
    device_backend(backend, kernel)
    xp = get_xp(points)
    pts = _launch.maximised(_launch.device_points(points), maximise)
    n, d = pts.shape
    method = _method(method, d)
    if method == "exact":
        return host_fallback(globals()[kernel])(points, ref, k, n_samples=n_samples, seed=seed, method=method,
                                                maximise=maximise)
    ref_arr = _launch.device_ref(ref, d, maximise, xp)
    k = _as_int(k, "k", 1, max(n, 1)) if kernel == "hype_fitness" else _as_int(k, "n_remove", 0, n)
    n_samples = _as_int(n_samples, "n_samples", 1)
    seed = as_seed(seed)
    use = (pts < ref_arr[None, :]).all(axis=1)
    if bool(use.any()):
        if not bool(xp.isfinite(ref_arr).all()):
            raise ValueError(f"{kernel} needs a finite ref for the points that count")
        if not bool(xp.isfinite(pts[use]).all()):
            raise ValueError(f"{kernel}: a point that strictly dominates ref has an infinite coordinate, "
                             "so its box has infinite volume")
    if kernel == "hype_fitness":
        return xp.zeros(0, dtype=xp.float64) if n == 0 else _launch.hype_fitness_mc(pts, ref_arr, k, n_samples, seed)[0]
    return _launch.hype_greedy_mc(pts, ref_arr, k, n_samples, seed)
