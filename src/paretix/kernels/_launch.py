"""Device implementations of the kernel entry points: CuPy arrays in, CuPy arrays out.

Each function here takes device arrays of one namespace ``xp`` (already validated for shape by
its entry point) and keeps them on the device: sorting, gathers and scans are ``xp`` operations
(CuPy runs them as CUDA kernels), and the steps that do not vectorize run as paretix's own
kernels, the ``dev_*`` functions of :func:`paretix._array.kernel_module` (``paretix._cuda``),
launched on ``xp``'s current stream. Results equal the CPU kernels': ranks and indices exactly,
floats bit for bit where the arithmetic is the same (a last-place difference can come from CUDA's
``pow`` in SBX/PM). The only device-to-host traffic is a few scalars per call (a count of points
ranked so far, say), never an array.

With the test suite's CuPy stand-in (``tests/fakecupy.py``) the same code runs on the host and
the kernels are ``paretix._core``'s emulation of the very same bodies.
"""

from __future__ import annotations

import numpy as np

from .._array import get_xp, is_device_array, kernel_module, stream_of
from ._validate import maximise_mask

UNRANKED = np.iinfo(np.int64).max


class _Dev:
    """The launch context of one call: namespace, kernel module, stream."""

    def __init__(self, xp):
        self.xp = xp
        self.mod = kernel_module(xp)
        self.stream = stream_of(xp)

    def __getattr__(self, name):  # dev.rank_round(...) -> mod.dev_rank_round(..., stream=...)
        f = getattr(self.mod, "dev_" + name)
        return lambda *args, **kw: f(*args, stream=self.stream, **kw)


def device_points(points, name: str = "points", *, allow_nan: bool = False):
    """``points`` as a C-contiguous float64 (n, m) device array, m >= 1, without NaN."""
    xp = get_xp(points)
    if points.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a real numeric array, got dtype {points.dtype}")
    if points.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape (n_points, n_objectives), got shape {points.shape}")
    if points.shape[1] < 1:
        raise ValueError(f"{name} must have at least one column, got shape {points.shape}")
    arr = xp.ascontiguousarray(points, dtype=xp.float64)
    if not allow_nan and arr.size and bool(xp.isnan(arr).any()):
        raise ValueError(f"{name} contains NaN; objective values must be numbers (inf is allowed)")
    return arr


def device_cv(cv, n: int, xp):
    if not is_device_array(cv):
        cv = xp.asarray(np.asarray(cv, dtype=np.float64))
    if cv.ndim == 2 and cv.shape[1] == 1:
        cv = cv[:, 0]
    if cv.ndim != 1 or cv.shape[0] != n:
        raise ValueError(f"cv must have shape ({n},) (one value per point), got shape {cv.shape}")
    cv = xp.ascontiguousarray(cv, dtype=xp.float64)
    if n and bool((xp.isnan(cv) | (cv < 0)).any()):
        raise ValueError("cv must be >= 0 without NaN (use inf for a failed evaluation)")
    return cv


def device_ref(ref, d: int, maximise, xp):
    """A reference point as a float64 device vector of length d in the minimisation frame: the
    rules of ``kernels.hv.as_ref``, checked on the device (a host ``ref`` is uploaded)."""
    if not is_device_array(ref):
        from .hv import as_ref  # noqa: PLC0415 - hv imports this module

        return xp.asarray(as_ref(ref, d, maximise))
    if ref.dtype.kind not in "biuf":
        raise TypeError(f"ref must be a real number or a 1-D array of numbers, got dtype {ref.dtype}")
    if ref.ndim > 1 or (ref.ndim == 1 and ref.shape[0] != d):
        raise ValueError(f"ref must be a scalar or a 1-D array of {d} values (one per objective), got shape {ref.shape}")
    r = xp.array(xp.broadcast_to(ref.astype(xp.float64), (d,)))
    if bool(xp.isnan(r).any()):
        raise ValueError("ref contains NaN; use finite values or inf")
    mask = maximise_mask(maximise, d)
    if mask.any():
        r = r * xp.asarray(np.where(mask, -1.0, 1.0))
    return r


def maximised(points, maximise):
    """Negate the maximised columns (a copy only when some are)."""
    mask = maximise_mask(maximise, points.shape[1])
    if not mask.any():
        return points
    xp = get_xp(points)
    sign = xp.asarray(np.where(mask, -1.0, 1.0))
    return xp.ascontiguousarray(points * sign[None, :])


def _argsort(a):
    """Stable argsort of a 1-D device array (CuPy's sorts are stable and take no kind=)."""
    return get_xp(a).argsort(a)


def _lex_order(F):
    """Row order sorting F lexicographically (column 0 first), ties by index: the index is the
    last key, so the order does not rest on the sort being stable."""
    xp = get_xp(F)
    n = F.shape[0]
    keys = xp.concatenate([xp.arange(n, dtype=xp.float64)[None, :], F.T[::-1]], axis=0)
    return xp.lexsort(keys)


#: Sample points a peeling round tests every unranked point against first (the unranked points
#: with the smallest objective sums): most dominated points stop there.
RANK_SAMPLE = 64
#: Above this many candidates left by the sample, a round's front among them is found by sorting
#: (m = 2, 3: O(c log^2 c)) instead of by pairwise tests (O(c^2)).
RANK_SORT_MIN = 8192
#: Block of the prefix-minimum scan kernel.
SCAN_BLOCK = 256


def _scan_min(v, dev):
    """Inclusive prefix minimum of an int64 device vector, in place."""
    xp = dev.xp
    tot = xp.empty(-(-v.shape[0] // SCAN_BLOCK), dtype=xp.int64)
    dev.scan_min(v, tot, SCAN_BLOCK)
    return v


def _dense_rank(a):
    """0-based dense rank of the values of a 1-D device array (equal values share a rank)."""
    xp = get_xp(a)
    _, inv = xp.unique(a, return_inverse=True)
    return inv.reshape(-1).astype(xp.int64)


def _earlier_dominated_2d(r2, r3, dev):
    """For points in strictly increasing lexicographic order whose 2nd and 3rd objectives have the
    dense ranks r2, r3: is each dominated by an earlier point, i.e. is there j < i with
    r2[j] <= r2[i] and r3[j] <= r3[i]? (Distinct rows: j's first objective is <= i's, so such a
    j dominates i.) Level-parallel divide and conquer: at level h every block of 2h points checks
    its right half against its left half by one sort on (block, r2, left first) and one prefix
    minimum of r3 over the left points; each pair j < i meets at exactly one level.
    O(n log^2 n) work, log n levels, O(n) memory."""
    xp = dev.xp
    n = r2.shape[0]
    idx = xp.arange(n, dtype=xp.int64)
    dominated = xp.zeros(n, dtype=bool)
    big = n + 1  # r3 of a right point: never a minimum that counts
    offset = n + 2  # keeps every block's values below those of the blocks before it
    h = 1
    while h < n:
        seg = idx // (2 * h)
        side = (idx // h) & 1
        key = (seg * (n + 1) + r2) * 2 + side
        order = xp.argsort(key)
        seg_s = seg[order]
        right_s = side[order] == 1
        v = xp.where(right_s, big, r3[order]) - seg_s * offset
        _scan_min(v, dev)
        hit = right_s & (v + seg_s * offset <= r3[order])
        dominated[order[hit]] = True
        h *= 2
    return dominated


def _front_among(Fc, dev):
    """Mask of the rows of Fc (lexicographically sorted, every point of the current front among
    them) that no other row of Fc dominates."""
    xp = dev.xp
    c, m = Fc.shape
    if m == 1:  # sorted: the front is the copies of the smallest value
        return Fc[:, 0] == Fc[0, 0]
    if m > 3 or c <= RANK_SORT_MIN:
        rank = xp.full(c, -1, dtype=xp.int64)
        flag = xp.empty(c, dtype=xp.uint8)
        dev.rank_round(Fc, rank, flag)
        return flag.astype(bool)
    first = xp.ones(c, dtype=bool)  # first copy of each distinct row (copies are adjacent)
    first[1:] = (Fc[1:] != Fc[:-1]).any(axis=1)
    U = Fc[first]
    if m == 2:  # a constant second key: the test becomes "some earlier point has f2 <= mine"
        r2 = xp.zeros(U.shape[0], dtype=xp.int64)
        r3 = _dense_rank(U[:, 1])
    else:
        r2 = _dense_rank(U[:, 1])
        r3 = _dense_rank(U[:, 2])
    nd_unique = ~_earlier_dominated_2d(r2, r3, dev)
    group = xp.cumsum(first) - 1  # each row's distinct value
    return nd_unique[group]


def _peel(F, n_stop, first_only: bool = False):
    """Ranks of F's rows by front peeling, in F's row order. ``first_only``: one round; the rest
    stay -1. Each round: a sample filter (RankFilter) leaves the candidates, among which the
    front is found pairwise (RankRound) or, for many candidates in 2-3 objectives, by sorting."""
    xp = get_xp(F)
    dev = _Dev(xp)
    n, m = F.shape
    order = _lex_order(F)
    Fs = xp.ascontiguousarray(F[order])
    rank = xp.full(n, -1, dtype=xp.int64)
    flag = xp.empty(n, dtype=xp.uint8)
    by_sum = _argsort(Fs.sum(axis=1)) if n else xp.zeros(0, dtype=xp.int64)
    assigned, r = 0, 0
    target = n if n_stop is None else min(n, n_stop)
    while assigned < target:
        unranked = by_sum[rank[by_sum] == -1]
        sample = xp.ascontiguousarray(unranked[:RANK_SAMPLE])
        dev.rank_filter(Fs, sample, rank, flag)
        cand = xp.nonzero(flag)[0]
        front = _front_among(xp.ascontiguousarray(Fs[cand]), dev)
        new = cand[front]
        rank[new] = r
        assigned += int(new.shape[0])
        r += 1
        if first_only:
            break
    out = xp.empty(n, dtype=xp.int64)
    out[order] = rank
    return out, order, Fs, rank


def pareto_rank(pts, cv, n_stop):
    xp = get_xp(pts)
    n = pts.shape[0]
    if cv is None:
        ranks, *_ = _peel(pts, n_stop)
    else:
        cv = device_cv(cv, n, xp)
        ranks = xp.empty(n, dtype=xp.int64)
        feasible = cv == 0
        n_feasible = int(feasible.sum())
        if n_feasible and bool(xp.isnan(pts[feasible]).any()):
            raise ValueError("points contains NaN in a feasible row; objective values must be numbers (inf is allowed)")
        base = 0
        if n_feasible:
            sub, *_ = _peel(xp.ascontiguousarray(pts[feasible]), None)
            ranks[feasible] = sub
            base = int(sub.max()) + 1
        if n_feasible < n:
            _, dense = xp.unique(cv[~feasible], return_inverse=True)
            ranks[~feasible] = base + dense.reshape(-1)
    ranks = xp.where(ranks < 0, UNRANKED, ranks)
    if n_stop is not None and n_stop < n:  # keep the fronts up to the one that reaches n_stop
        ranked = ranks[ranks != UNRANKED]
        last = int((xp.cumsum(xp.bincount(ranked)) < n_stop).sum())
        ranks[ranks > last] = UNRANKED
    return ranks


def is_nondominated(pts, keep_weakly: bool):
    xp = get_xp(pts)
    n = pts.shape[0]
    if n == 0:
        return xp.zeros(0, dtype=bool)
    _, order, Fs, rank = _peel(pts, None, first_only=True)
    front = rank == 0
    if not keep_weakly:  # a later copy of a non-dominated point (equal to its sorted predecessor)
        repeat = xp.zeros(n, dtype=bool)
        repeat[1:] = (Fs[1:] == Fs[:-1]).all(axis=1)
        front &= ~repeat
    out = xp.empty(n, dtype=bool)
    out[order] = front
    return out


def crowding_distance(pts):
    xp = get_xp(pts)
    n, m = pts.shape
    out = xp.zeros(n, dtype=xp.float64)
    if n == 0:
        return out
    order = _lex_order(pts)
    Fs = pts[order]
    first = xp.ones(n, dtype=bool)
    first[1:] = (Fs[1:] != Fs[:-1]).any(axis=1)
    uniq = xp.sort(order[first])  # the first copy of every distinct point, in index order
    u = int(uniq.shape[0])
    if u <= 2:
        out[uniq] = xp.inf
        return out
    f = pts[uniq]
    dist = xp.zeros(u, dtype=xp.float64)
    for j in range(m):
        by = _argsort(xp.ascontiguousarray(f[:, j]))
        v = f[by, j]
        span = v[-1] - v[0]
        valid = span > 0
        dist[by[0]] = xp.where(valid, xp.inf, dist[by[0]])
        dist[by[-1]] = xp.where(valid, xp.inf, dist[by[-1]])
        terms = (v[2:] - v[:-2]) / xp.where(valid, span, 1.0)
        terms = xp.where(xp.isnan(terms) | ~valid, 0.0, terms)
        dist[by[1:-1]] += terms
    out[uniq] = dist
    return out


#: Above this many directions the association searches a k-d tree instead of scanning them all.
TREE_MIN_DIRECTIONS = 256

_TREES: dict = {}


def _direction_tree(W, xp):
    """The device copy of paretix._core.direction_tree(W), built once per set of directions
    (NSGA-III passes the same ones every generation). Keyed by W's memory, shape and two sums, so
    a hit costs two scalar syncs; a miss copies W to the host once and the tree back."""
    key = (id(xp), W.__cuda_array_interface__["data"][0], W.shape, float(W.sum()), float((W * W).sum()))
    tree = _TREES.get(key)
    if tree is None:
        import paretix._core as core  # noqa: PLC0415 - the tree is built on the host

        P, orig, dim, split, pos0 = core.direction_tree(W.get())
        tree = (xp.asarray(P), xp.asarray(orig), xp.asarray(dim), xp.asarray(split), int(pos0))
        _TREES.clear()  # keep the latest only, as the CPU kernel does
        _TREES[key] = tree
    return tree


def associate(F, W):
    xp = get_xp(F)
    dev = _Dev(xp)
    n, m = F.shape
    niche = xp.empty(n, dtype=xp.int64)
    dist = xp.empty(n, dtype=xp.float64)
    if W.shape[0] >= TREE_MIN_DIRECTIONS:
        P, orig, dim, split, pos0 = _direction_tree(W, xp)
        dev.associate_tree(F, P, orig, dim, split, pos0, niche, dist)
        return niche, dist
    U = xp.empty(W.shape, dtype=xp.float64)
    dev.unit_rows(W, U)
    dev.associate(F, U, niche, dist)
    return niche, dist


def niching(niche, dist, counts, k: int, seed: int):
    """niching.hpp's procedure level by level: the level's niches found and, when there are more
    than still needed, cut to those with the smallest keys by CuPy; one thread per niche picks."""
    xp = get_xp(niche)
    dev = _Dev(xp)
    r = counts.shape[0]
    selected = xp.empty(k, dtype=xp.int64)
    if k == 0:
        return selected
    members = xp.ascontiguousarray(_argsort(niche).astype(xp.int64))
    left = xp.bincount(niche, minlength=r).astype(xp.int64)
    start = xp.zeros(r + 1, dtype=xp.int64)
    start[1:] = xp.cumsum(left)
    count = xp.array(counts, dtype=xp.int64)
    dist = xp.ascontiguousarray(dist, dtype=xp.float64)
    seed = int(seed) & 0xFFFFFFFFFFFFFFFF
    chosen, level = 0, 0
    while chosen < k:
        active = left > 0
        c = xp.where(active, count, np.iinfo(np.int64).max).min()
        ids = xp.nonzero(active & (count == c))[0].astype(xp.int64)
        need = k - chosen
        if ids.shape[0] > need:
            keys = xp.empty(ids.shape[0], dtype=xp.uint64)
            dev.niche_keys(ids, seed, level, keys)
            order = _argsort(keys)  # stable: equal keys keep the ids' ascending order
            ids = xp.sort(ids[order[:need]])
        n_level = int(ids.shape[0])
        dev.niche_pick(start, members, left, count, dist, xp.ascontiguousarray(ids), seed, level,
                       selected[chosen:chosen + n_level])
        chosen += n_level
        level += 1
    return selected


def duplicated(X, blocks):
    """dup[i]: row i of X equals an earlier row of X or a row of a block (NaN rows never do)."""
    xp = get_xp(X)
    n = X.shape[0]
    if n == 0:
        return xp.zeros(0, dtype=bool)
    E = xp.concatenate([b for b in blocks] + [X], axis=0) if blocks else X
    n_e = E.shape[0] - n
    source = xp.arange(E.shape[0])  # existing rows first, then X in index order
    order = xp.lexsort(xp.concatenate([source[None, :].astype(xp.float64), E.T[::-1]], axis=0))
    S = E[order]
    same = xp.zeros(E.shape[0], dtype=bool)
    same[1:] = (S[1:] == S[:-1]).all(axis=1)  # NaN != NaN: a row with NaN equals nothing
    dup_sorted = same & (order >= n_e)
    dup = xp.zeros(E.shape[0], dtype=bool)
    dup[order] = dup_sorted
    return dup[n_e:]


def sbx_pm(X, parents, xl, xu, sbx, pm, n: int, R):
    xp = get_xp(X)
    dev = _Dev(xp)
    n_pairs = parents.shape[0] // 2
    Y = xp.empty((2 * n_pairs, X.shape[1]), dtype=xp.float64)
    dev.sbx_pm(X, parents, xl, xu, *sbx, *pm, R, Y)
    return Y[:n]


def _mc_box(P, ref, use):
    xp = get_xp(P)
    lo = xp.where(use[:, None], P, xp.inf).min(axis=0)
    return xp.ascontiguousarray(lo), xp.ascontiguousarray(ref - lo)


def hype_fitness_mc(P, ref, k: int, n_samples: int, seed: int):
    """HypE's Monte Carlo fitness (hype.hpp) and the number of dominated samples (a 0-d array)."""
    xp = get_xp(P)
    dev = _Dev(xp)
    n = P.shape[0]
    use = (P < ref[None, :]).all(axis=1)
    fit = xp.zeros(n, dtype=xp.float64)
    n_use = int(use.sum())
    if n_use == 0 or n_samples <= 0:
        return fit, xp.zeros((), dtype=xp.int64)
    lo, width = _mc_box(P, ref, use)
    use8 = use.astype(xp.uint8)
    alpha = xp.empty(k + 1, dtype=xp.float64)
    dev.hype_alpha(k, n, alpha)
    hit = xp.empty(n_samples, dtype=xp.uint8)
    w = xp.empty(n_samples, dtype=xp.float64)
    seed = int(seed) & 0xFFFFFFFFFFFFFFFF
    dev.mc_count(P, use8, lo, width, seed, alpha, k, xp.zeros(n_samples, dtype=xp.int64), hit, w, n_samples)
    dev.hype_accumulate(P, use8, lo, width, seed, w, n_samples, fit)
    return fit, hit.sum(dtype=xp.int64)


def hype_greedy_mc(P, ref, n_remove: int, n_samples: int, seed: int):
    """Greedy removal (hype.hpp, method 0): one sample set over the box of all counted points,
    the fitness of the points still present recomputed at every step."""
    xp = get_xp(P)
    dev = _Dev(xp)
    n = P.shape[0]
    removed = xp.empty(n_remove, dtype=xp.int64)
    counted = (P < ref[None, :]).all(axis=1)
    alive = xp.ones(n, dtype=bool)
    have_box = int(counted.sum()) > 0 and n_samples > 0
    if have_box:
        lo, width = _mc_box(P, ref, counted)
        hit = xp.empty(n_samples, dtype=xp.uint8)
        w = xp.empty(n_samples, dtype=xp.float64)
        cnt = xp.empty(n_samples, dtype=xp.int64)
    seed = int(seed) & 0xFFFFFFFFFFFFFFFF
    fit = xp.zeros(n, dtype=xp.float64)
    for t in range(n_remove):
        k = n_remove - t
        if have_box:
            use8 = (counted & alive).astype(xp.uint8)
            alpha = xp.empty(k + 1, dtype=xp.float64)
            dev.hype_alpha(k, n - t, alpha)
            cnt.fill(0)
            dev.mc_count(P, use8, lo, width, seed, alpha, k, cnt, hit, w, n_samples)
            dev.hype_accumulate(P, use8, lo, width, seed, w, n_samples, fit)
        worst = xp.argmin(xp.where(alive, fit, xp.inf))
        removed[t] = worst
        alive[worst] = False
    return removed


def hypervolume_mc_hits(P, ref, n_samples: int, seed: int):
    """(hits, width) of hypervolume_mc's sample stream over the box of the counted points."""
    xp = get_xp(P)
    dev = _Dev(xp)
    use = (P < ref[None, :]).all(axis=1)
    lo, width = _mc_box(P, ref, use)
    hit = xp.empty(n_samples, dtype=xp.uint8)
    dev.mc_count(P, use.astype(xp.uint8), lo, width, int(seed) & 0xFFFFFFFFFFFFFFFF, None, 0,
                 xp.zeros(n_samples, dtype=xp.int64), hit, None, n_samples)
    return hit.sum(dtype=xp.int64), width


def moead_replace(F, cv, Fc, cvc, W, cand, ideal, scale, code: int, theta: float, n_r: int):
    """winner (n,): for every subproblem, the child that takes it (best (cv, g), then the earliest
    child), or -1; children improve at most n_r candidates each (moead.hpp's replace)."""
    xp = get_xp(F)
    dev = _Dev(xp)
    n = F.shape[0]
    nc, n_cand = cand.shape
    slots = max(1, min(n_r, n_cand))
    g_inc = xp.empty(n, dtype=xp.float64)
    dev.moead_aggregate(F, W, ideal, scale, code, theta, g_inc)
    sub = xp.empty((nc, slots), dtype=xp.int64)
    gsub = xp.empty((nc, slots), dtype=xp.float64)
    dev.moead_improve(Fc, cvc, W, cand, cv, g_inc, ideal, scale, code, theta, sub, gsub)
    winner = xp.full(n, -1, dtype=xp.int64)
    flat = sub.reshape(-1)
    ok = flat >= 0
    k = flat[ok]
    if k.shape[0] == 0:
        return winner
    child = xp.repeat(xp.arange(nc, dtype=xp.int64), slots)[ok]
    c_cv = cvc[child]
    feasible = c_cv <= 0
    key_cv = xp.where(feasible, 0.0, c_cv)
    key_g = xp.where(feasible, gsub.reshape(-1)[ok], 0.0)
    order = xp.lexsort(xp.stack([child.astype(xp.float64), key_g, key_cv, k.astype(xp.float64)]))
    ks = k[order]
    head = xp.ones(ks.shape[0], dtype=bool)
    head[1:] = ks[1:] != ks[:-1]
    winner[ks[head]] = child[order][head]
    return winner
