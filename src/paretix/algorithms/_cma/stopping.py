"""CMA-ES termination criteria, evaluated for B instances at once.

Each criterion is one bit of an int64 flag word per instance; :data:`STOP_REASONS` gives the
names in bit order, which is also the order of priority when one reason is reported. Defaults
follow pycma 4.5 (``CMAOptions``) except ``tolstagnation``, which uses Hansen's BIPOP-CMA-ES rule
(BBOB 2009) over pycma's default window:

========================  ==========================================================  ========
name                      stops when                                                  default
========================  ==========================================================  ========
``ftarget``               the best feasible f <= ftarget (no restart)                 -inf
``maxfevals``             evaluations (all runs) >= max_evals (no restart)            inf
``maxiter``               generations of this run >= maxiter                          100 + 150 (n+3)^2 / sqrt(lambda0)
``tolfun``                range of f this generation and over the last                1e-11
                          10 + ceil(30 n / lambda) generations' best < tolfun
``tolx``                  sigma sqrt(C_ii) < tolx and sigma |p_c,i| < tolx, all i     1e-11
``tolfacupx``             sigma sqrt(C_ii) > tolfacupx sigma0 (divergence)            1e3
``noeffectaxis``          m + 0.1 sigma D_i B_i == m, axis i = g mod n                 --
``noeffectcoord``         m_i + 0.2 sigma sqrt(C_ii) == m_i for some i                --
``conditioncov``          cond(C) = (max D / min D)^2 > tolconditioncov               1e14
``tolstagnation``         over the last T = int(100 + 100 n^1.5 / lambda) generations,  T
                          the median of the newest 30 % of the best and of the
                          median f values is not below that of the oldest 30 %
``tolflatfitness``        f of the best == f of the 75 % quantile in more than        1
                          tolflatfitness consecutive generations
``invalid``               sigma, the mean or D is no longer finite                   --
========================  ==========================================================  ========
"""

from __future__ import annotations

import math

import numpy as np

STOP_REASONS = ("ftarget", "maxfevals", "maxiter", "tolfun", "tolx", "tolfacupx", "noeffectaxis",
                "noeffectcoord", "conditioncov", "tolstagnation", "tolflatfitness", "invalid", "user")
BIT = {name: 1 << i for i, name in enumerate(STOP_REASONS)}
FINAL = BIT["ftarget"] | BIT["maxfevals"] | BIT["user"]  # never followed by a restart


def names(flags: int) -> tuple[str, ...]:
    """The criteria set in ``flags``, in priority order."""
    return tuple(name for name in STOP_REASONS if flags & BIT[name])


def maxiter_default(n: int, lam: float) -> float:
    return 100 + 150 * (n + 3) ** 2 / math.sqrt(lam)


def funhist_len(n: int, lam) -> np.ndarray:
    return 10 + np.ceil(30 * n / np.asarray(lam, dtype=np.float64)).astype(np.int64)


def stagnation_len(n: int, lam) -> np.ndarray:
    return (100 + 100 * n**1.5 / np.asarray(lam, dtype=np.float64)).astype(np.int64)


def _host(a) -> np.ndarray:
    return a.get() if hasattr(a, "get") else np.asarray(a)


def check(e, rows, sel, f_sorted, f_median, fit, cv, penalised) -> np.ndarray:
    """Flags (host int64, one per row) of the instances ``rows`` of engine ``e`` after their update.

    ``sel`` indexes the state arrays (``rows``, or ``slice(None)`` when all instances are in);
    ``f_sorted`` (k, L): this generation's raw f values sorted, +inf after lam; ``f_median`` (k,);
    ``fit`` (k, L): the ranked values (f plus the bound penalty if ``penalised``); ``cv`` (k, L)
    or None.
    Also records the histories the criteria need.
    """
    xp = e.xp
    k = len(rows)
    ar = np.arange(k)
    lam = e.lam[sel]
    g = e.g[sel]  # generations done in this run, including this one

    flags = ((e.cvbest[sel] <= 0) & (e.fbest[sel] <= e.ftarget)) * BIT["ftarget"]
    flags |= (e.n_eval[sel] >= e.max_evals) * BIT["maxfevals"]
    flags |= (g >= e.maxiter_run[sel]) * BIT["maxiter"]

    # tolfun: this generation's range and the range of the recent best values (a ring; NaN = empty)
    f_best = f_sorted[:, 0]
    _ring_write(e.funhist, rows, (g - 1) % e.funhist_cap[sel], f_best)
    with np.errstate(invalid="ignore"):
        cur_range = f_sorted[ar, lam - 1] - f_best
        small = _host(cur_range < e.tolfun)
    if small.any():  # the history's range only matters where this generation's is small
        hist = e.funhist[:, rows[small]]  # (window, k')
        with np.errstate(invalid="ignore"):
            if xp is np:
                hist_range = np.fmax.reduce(hist, axis=0) - np.fmin.reduce(hist, axis=0)
            else:
                hist_range = xp.nanmax(hist, axis=0) - xp.nanmin(hist, axis=0)
            flags[small] |= _host(hist_range < e.tolfun) * BIT["tolfun"]

    flags |= _coordinate_word(e, rows, sel, g, k)

    # flat fitness on what is ranked: (cv, f + penalty) of the best and of the 75 % quantile
    q = (0.75 * lam).astype(np.int64)
    if cv is None:
        srt = f_sorted if penalised is False else xp.sort(fit, axis=1)
        flat = _host(~(srt[:, 0] < srt[ar, q]))
    else:
        order = lexsort2(xp, fit, cv)
        c = xp.take_along_axis(cv, order, axis=1)
        f = xp.take_along_axis(fit, order, axis=1)
        flat = _host((c[:, 0] == c[ar, q]) & ~(f[:, 0] < f[ar, q]))
    e.flat[sel] = np.where(flat, e.flat[sel] + 1, 0)
    flags |= (e.flat[sel] > e.tolflatfitness) * BIT["tolflatfitness"]

    if e.tolstagnation_on:
        flags |= _stagnation(e, rows, sel, g, f_best, f_median)
    return flags


def check_kernel(e, rows, sel, f, fit, cv, order) -> np.ndarray:
    """:func:`check` through the kernels (the NumPy path): ``cma_record`` records the best so far
    and the histories and tests ftarget, maxfevals, maxiter, tolfun and tolflatfitness from this
    generation's raw ``f`` (k, L), the ranked ``fit`` (None: f itself), ``cv`` and the update's
    ``order``; ``cma_stop_flags`` tests the per-coordinate criteria. Same flags and state as
    :func:`check` after :meth:`Engine._update_best`."""
    k = len(rows)
    rows = np.asarray(rows, dtype=np.int64)
    stag = e.tolstagnation_on
    e.improved[:] = False
    flags = np.empty(k, dtype=np.int64)
    e._k_record(rows, f, fit, cv, order, e.lam, e.g, e.n_eval, e.maxiter_run, e.Xe, e.fbest, e.cvbest, e.xbest,
                e.best_eval, e.best_k, e.improved.view(np.uint8), e.flat, e.funhist, e.funhist_cap,
                e.stag_best if stag else None, e.stag_med if stag else None, e.stag_cap if stag else None,
                e.tolfun, e.tolflatfitness, e.ftarget, e.max_evals, e._record_bits, flags)
    g = e.g[sel]
    flags |= _coordinate_word(e, rows, sel, g, k)
    if stag:
        flags |= _stagnation_test(e, rows, sel, g)
    return flags


def _coordinate_word(e, rows, sel, g, k) -> np.ndarray:
    if e._k_stop is not None:  # the kernel (cma_stop_flags), one pass over each instance's arrays
        word = np.empty(k, dtype=np.int64)
        e._k_stop(np.asarray(rows, dtype=np.int64), e.sigma, e.mean, e.C, e.D, e.pc, None if e.diagonal else e.Bm,
                  e.sigma0, e.stds, e.g, e.tolx, e.tolfacupx, e.tolconditioncov, e._stop_bits, word)
        return word
    return _coordinate_flags(e, rows, sel, g, k)


def _coordinate_flags(e, rows, sel, g, k) -> np.ndarray:
    """The criteria of :func:`paretix.kernels.cma_stop_flags` as whole-array operations (CuPy, and
    the ``backend="xp"`` path)."""
    xp = e.xp
    # Per-coordinate criteria on (n, k) copies: NumPy reduces a short last axis row by row (slow
    # at large B), a first axis in a few vectorised passes. Same elementwise values either way.
    sigma = e.sigma[sel]
    var = e.C[sel] if e.diagonal else xp.diagonal(e.C[sel], axis1=1, axis2=2)
    sd = sigma * xp.sqrt(xp.ascontiguousarray(var.T))
    mean = xp.ascontiguousarray(e.mean[sel].T)
    D = xp.ascontiguousarray(e.D[sel].T)
    tolx = (sd < e.tolx).all(axis=0) & (sigma * xp.abs(xp.ascontiguousarray(e.pc[sel].T)) < e.tolx).all(axis=0)
    up = (sd > (e.tolfacupx * e.sigma0[sel]) * xp.ascontiguousarray(e.stds[sel].T)).any(axis=0)
    coord = (mean == mean + 0.2 * sd).any(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        cond = (D.max(axis=0) / D.min(axis=0)) ** 2 > e.tolconditioncov
    bad = ~xp.isfinite(sigma) | ~xp.isfinite(mean).all(axis=0) | ~xp.isfinite(D).all(axis=0) | (sigma <= 0)
    word = tolx * BIT["tolx"] | up * BIT["tolfacupx"] | coord * BIT["noeffectcoord"] | cond * BIT["conditioncov"]
    word = word | bad * BIT["invalid"]
    if not e.diagonal:
        i = g % e.n
        i_x = xp.asarray(i)
        axis = e.Bm[xp.asarray(rows)[None, :], xp.arange(e.n)[:, None], i_x[None, :]]  # (n, k): eigenvector i
        d_i = D[i_x, xp.arange(k)]
        word = word | (mean == mean + (0.1 * sigma * d_i) * axis).all(axis=0) * BIT["noeffectaxis"]
    return _host(word)


def _ring_write(hist, rows, pos, values) -> None:
    """``hist[pos, rows] = values`` for a (window, B) history; one contiguous row when every
    instance of a full batch writes the same position."""
    if len(rows) == hist.shape[1] and len(pos) and (pos == pos[0]).all():
        hist[int(pos[0])] = values
    else:
        hist[pos, rows] = values


def lexsort2(xp, f, cv):
    order = xp.argsort(f, axis=1, kind="stable")
    return xp.take_along_axis(order, xp.argsort(xp.take_along_axis(cv, order, axis=1), axis=1, kind="stable"), axis=1)


def _stagnation(e, rows, sel, g, f_best, f_median) -> np.ndarray:
    """Record this generation's best and median f; test the windows that are full (every 5th
    generation of a run, to keep the cost down)."""
    xp = e.xp
    cap = e.stag_cap[sel]
    _ring_write(e.stag_best, rows, (g - 1) % cap, f_best)
    _ring_write(e.stag_med, rows, (g - 1) % cap, f_median)
    return _stagnation_test(e, rows, sel, g)


def _stagnation_test(e, rows, sel, g) -> np.ndarray:
    """The tolstagnation test of the recorded windows (the full ones, every 5th generation)."""
    xp = e.xp
    cap = e.stag_cap[sel]
    out = np.zeros(len(rows), dtype=np.int64)
    due = g % 5 == 0
    if not due.any():
        return out
    due &= g >= cap
    for T in np.unique(cap[due]):
        grp = np.flatnonzero(due & (cap == T))
        r = rows[grp]
        q = max(1, int(0.3 * T))
        # chronological positions of the window's oldest and newest q generations
        start = (g[grp] - T) % T
        old = (start[:, None] + np.arange(q)[None, :]) % T
        new = (start[:, None] + np.arange(T - q, T)[None, :]) % T
        old, new = xp.asarray(old), xp.asarray(new)
        hb = e.stag_best[:T, r].T
        hm = e.stag_med[:T, r].T
        with np.errstate(invalid="ignore"):
            stuck = (xp.median(xp.take_along_axis(hb, new, axis=1), axis=1)
                     >= xp.median(xp.take_along_axis(hb, old, axis=1), axis=1)) & (
                xp.median(xp.take_along_axis(hm, new, axis=1), axis=1)
                >= xp.median(xp.take_along_axis(hm, old, axis=1), axis=1))
        out[grp] = _host(stuck) * BIT["tolstagnation"]
    return out
