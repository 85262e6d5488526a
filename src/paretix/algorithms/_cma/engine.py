"""B CMA-ES instances stepped together: state arrays, ask/tell, stopping and restarts.

The engine is the whole algorithm; :class:`paretix.CMAES` (B = 1, the ``Algorithm`` interface)
and :class:`paretix.BatchCMAES` are thin layers over it. One generation is

    ask:  decompose C where due (lazy, tutorial gap; with ``factorization="cholesky"`` for the
          stopping criteria only, and a Cholesky factor every generation) -> kernel
          ``cma_sample`` (Y, X), which draws Z ~ N(0, I) (B, L, n) from the Generator itself
          -> repair into the box (X_eval)
    tell: bound penalty -> kernel ``cma_update`` (ranking by (cv, f + penalty)) -> best-so-far
          -> stopping criteria (the per-coordinate ones: kernel ``cma_stop_flags``)
          -> restarts (IPOP/BIPOP) of the instances that stopped

Instances have their own population size; sample buffers are padded to L = max lambda and the
padded rows are masked. Finished instances are left out of the kernels (their final state stays).
"""

from __future__ import annotations

import math

import numpy as np

from . import restarts as _restarts
from . import stopping, xp_ops
from .bounds import BoundPenalty, BoundTransform
from .params import default_popsize_float, strategy_parameters

#: Largest n for which the C++/Numba kernels run the full-covariance update by default; above it
#: the BLAS/LAPACK array path is faster (measured per generation at B = 1, lambda default).
KERNEL_MAX_N = 64
#: With ``factorization="cholesky"`` the eigendecomposition only serves the stopping criteria
#: (conditioncov, noeffectaxis, tolupsigma, the reported axes): at least this many generations
#: apart (pycma's lazy updates leave B and D stale by up to its own gap as well). At n = 10 one
#: decomposition costs about three generations' kernels, so 25 keeps it near a tenth of the run;
#: those criteria fire at most 25 generations late (the others are checked every generation).
STOP_EIGEN_GAP = 25
#: Longest stagnation window kept (generations); longer windows are cut to this.
STAGNATION_MAX = 20_000


def _host(a) -> np.ndarray:
    return a.get() if hasattr(a, "get") else np.asarray(a)


class Engine:
    """State and generation step of B CMA-ES instances (see the module docstring).

    Arguments are validated by the public classes; ``x0`` (B, n), ``sigma0`` (B,), ``stds``
    (B, n) and ``lower``/``upper`` (B, n) arrive as float64 arrays of the namespace ``xp``.
    """

    def __init__(self, x0, sigma0, *, rng, xp=np, popsize=None, lower=None, upper=None, stds=None,
                 diagonal=False, restarts=0, restart_strategy="ipop", incpopsize=2.0, max_evals=None,
                 maxiter=None, ftarget=None, tolfun=1e-11, tolx=1e-11, tolfacupx=1e3, tolconditioncov=1e14,
                 tolstagnation=True, tolflatfitness=1, eigen_gap=None, x0_sampler=None, backend=None,
                 bounds_method="transform", factorization="eigen"):
        self.xp = xp
        self.rng = rng
        B, n = x0.shape
        self.B, self.n = B, n
        self.diagonal = bool(diagonal)
        # "cholesky": sample through a Cholesky factor of C every generation and keep the
        # eigendecomposition (lazy, at least STOP_EIGEN_GAP generations apart) for the stopping
        # criteria only (full covariance; the diagonal mode has no factorisation to choose).
        self.cholesky = factorization == "cholesky" and not self.diagonal
        self.x0 = x0
        self.x0_sampler = x0_sampler
        self.sigma0 = sigma0
        self.stds = xp.ones((B, n)) if stds is None else stds
        self.restarts = int(restarts)
        self.strategy = restart_strategy
        self.incpopsize = float(incpopsize)
        self.max_evals = math.inf if max_evals is None else float(max_evals)
        self.ftarget = -math.inf if ftarget is None else float(ftarget)
        self.tolfun, self.tolx, self.tolfacupx = float(tolfun), float(tolx), float(tolfacupx)
        self.tolconditioncov, self.tolflatfitness = float(tolconditioncov), int(tolflatfitness)
        self.eigen_gap_user = eigen_gap
        self.lam0f = default_popsize_float(n) if popsize is None else float(popsize)
        lam0 = max(2, int(self.lam0f))
        self.maxiter0 = stopping.maxiter_default(n, lam0) if maxiter is None else float(maxiter)
        self.tolstagnation_on = tolstagnation is not False and tolstagnation is not None
        self.tolstagnation_user = None if isinstance(tolstagnation, bool) else tolstagnation
        self._select_backend(backend)
        self.bounded = lower is not None and bool(xp.isfinite(lower).any() | xp.isfinite(upper).any())

        self.L = lam0
        self.mean = xp.array(x0, dtype=np.float64, copy=True)
        self.sigma = xp.array(sigma0, dtype=np.float64, copy=True)
        self.C = xp.zeros((B, n)) if self.diagonal else xp.zeros((B, n, n))
        self.Bm = None if self.diagonal else xp.zeros((B, n, n))
        self.D = xp.zeros((B, n))
        self.A = xp.zeros((B, n, n)) if self.cholesky else None  # Cholesky factors (sampling)
        self.ones = xp.ones((B, n)) if self.cholesky else None
        self.ps = xp.zeros((B, n))
        self.pc = xp.zeros((B, n))
        self.weights = xp.zeros((B, self.L))
        self.params = xp.zeros((B, 8))
        self._alloc_samples(self.L)
        # host bookkeeping (B,)
        self.lam = np.full(B, lam0, dtype=np.int64)
        self.g = np.zeros(B, dtype=np.int64)
        self.g_eig = np.zeros(B, dtype=np.int64)
        self.eig_gap = np.zeros(B)
        self.maxiter_run = np.full(B, self.maxiter0)
        self.n_eval = np.zeros(B, dtype=np.int64)
        self.n_iter = np.zeros(B, dtype=np.int64)  # generations over all runs
        self.run_start_eval = np.zeros(B, dtype=np.int64)
        self.runs = np.zeros(B, dtype=np.int64)  # runs started
        self.small_runs = np.zeros(B, dtype=np.int64)
        self.evals_small = np.zeros(B, dtype=np.int64)
        self.evals_large = np.zeros(B, dtype=np.int64)
        self.regime_small = np.full(B, restart_strategy == "bipop")  # BIPOP: the first run counts as small
        self.flat = np.zeros(B, dtype=np.int64)
        self.done = np.zeros(B, dtype=bool)
        self.stop_flags = np.zeros(B, dtype=np.int64)  # flags of each instance's last finished run
        self.events: list[dict] = []  # one per finished run
        # best so far (over all runs), on evaluated (in-box) points
        self.xbest = xp.array(x0, dtype=np.float64, copy=True)
        self.fbest = np.full(B, np.inf)
        self.cvbest = np.full(B, np.inf)
        self.best_eval = np.zeros(B, dtype=np.int64)
        self.improved = np.zeros(B, dtype=bool)  # best improved at the last tell
        self.best_k = np.zeros(B, dtype=np.int64)  # its row in that generation
        # histories for the stopping criteria
        self.funhist_cap = np.ones(B, dtype=np.int64)
        # (window, B): generations first, so the per-instance range is a fast reduction over axis 0
        self.funhist = xp.full((int(stopping.funhist_len(n, lam0)), B), np.nan)
        self.stag_cap = np.ones(B, dtype=np.int64)
        width = min(STAGNATION_MAX, self._stag_len(np.array([lam0]))[0]) if self.tolstagnation_on else 1
        # (window, B) like funhist: one generation's values are one contiguous row
        self.stag_best = xp.full((width, B), np.nan)
        self.stag_med = xp.full((width, B), np.nan)
        # bounds
        handler = {"penalty": BoundPenalty, "transform": BoundTransform}[bounds_method]
        self.bounds = handler(xp, lower, upper, B, n, int(np.floor(20 + 3 * n / lam0))) if self.bounded else None
        self._pending = False
        self._mask = self._active = None  # caches of mask() and active(): see _membership_changed
        self._all = np.ones(B, dtype=np.uint8)  # the kernels' instance mask when every one is running
        self._start_runs(np.arange(B), self.lam.copy(), np.ones(B), np.full(B, self.maxiter0), first=True)

    # -- configuration -------------------------------------------------------------------------
    # -- state (checkpoints) -------------------------------------------------------------------
    def get_state(self, prefix: str) -> dict:
        """Every array and counter of the engine (and of its bound handler) plus the finished
        runs, as a flat dict under ``prefix`` (see ``Algorithm._get_state``). The random
        generator belongs to the caller."""
        from ..._state import object_state

        state = object_state(self, prefix, skip=("Xe", "_mask", "_active") if self.Xe is self.X else ("_mask", "_active"))
        if self.bounds is not None:
            state.update(object_state(self.bounds, f"{prefix}.bounds"))
        state[f"{prefix}.events"] = [dict(ev, stop=list(ev["stop"])) for ev in self.events]
        return state

    def set_state(self, state: dict, prefix: str) -> None:
        """Restore what :meth:`get_state` saved into an engine built with the same settings."""
        from ..._state import set_object_state

        events = state.get(f"{prefix}.events")
        set_object_state(self, state, prefix)
        if not self.bounded:
            self.Xe = self.X
        if self.bounds is not None:
            set_object_state(self.bounds, state, f"{prefix}.bounds")
        self.events = [dict(ev, stop=tuple(ev["stop"])) for ev in events or []]
        self._membership_changed()

    def _select_backend(self, backend) -> None:
        from ...kernels.cmaes import (_CHOLESKY, _DECOMPOSE, _RECORD, _SAMPLE, _SAMPLE_DRAW, _STOP, _UPDATE,
                                      RECORD_CRITERIA, STOP_CRITERIA)

        self._stop_bits = np.array([stopping.BIT[c] for c in STOP_CRITERIA], dtype=np.int64)
        self._record_bits = np.array([stopping.BIT[c] for c in RECORD_CRITERIA], dtype=np.int64)
        if backend == "xp" or self.xp is not np or (backend is None and not self.diagonal and self.n > KERNEL_MAX_N):
            self.backend = "xp"
            self._k_sample = self._k_update = self._k_decompose = self._k_stop = self._k_cholesky = None
            self._k_sample_draw = self._k_record = None
            return
        name, self._k_sample = _SAMPLE.resolve(backend)
        _, self._k_sample_draw = _SAMPLE_DRAW.resolve(name)
        _, self._k_update = _UPDATE.resolve(name)
        _, self._k_decompose = _DECOMPOSE.resolve(name)
        _, self._k_cholesky = _CHOLESKY.resolve(name)
        _, self._k_stop = _STOP.resolve(name)
        # the bookkeeping of tell (best so far, histories, the criteria on f): None = stopping.check
        _, self._k_record = _RECORD.resolve(name)
        self.backend = name

    def _stag_len(self, lam) -> np.ndarray:
        if self.tolstagnation_user is not None:
            return np.full(len(lam), int(self.tolstagnation_user), dtype=np.int64)
        return stopping.stagnation_len(self.n, lam)

    def _alloc_samples(self, L: int) -> None:
        xp, B, n = self.xp, self.B, self.n
        self.Z = xp.zeros((B, L, n))
        self.Y = xp.zeros((B, L, n))
        self.X = xp.zeros((B, L, n))
        self.Xe = xp.zeros((B, L, n)) if self.bounded else self.X

    def _grow(self, L: int) -> None:
        """Widen the sample buffers and the weights to population size L."""
        xp = self.xp
        w = xp.zeros((self.B, L))
        w[:, : self.L] = self.weights
        self.weights = w
        self.L = L
        self._alloc_samples(L)

    # -- runs ----------------------------------------------------------------------------------
    def _start_runs(self, idx, lam, sigma_factor, maxiter, first=False) -> None:
        """(Re)start the runs of instances ``idx`` with population sizes ``lam``."""
        xp, n = self.xp, self.n
        if lam.max() > self.L:
            self._grow(int(lam.max()))
        if not first and self.x0_sampler is not None:
            self.mean[idx] = self.x0_sampler(idx)
        elif not first:
            self.mean[idx] = self.x0[idx]
        self.sigma[idx] = self.sigma0[idx] * xp.asarray(sigma_factor)
        stds = self.stds[idx]
        if self.diagonal:
            self.C[idx] = stds**2
        else:
            self.C[idx] = stds[:, :, None] * xp.eye(n)[None] * stds[:, None, :]
            self.Bm[idx] = xp.eye(n)[None]
        self.D[idx] = stds
        self.ps[idx] = 0.0
        self.pc[idx] = 0.0
        cache: dict[int, object] = {}
        for j, b in enumerate(idx):
            lb = int(lam[j])
            sp = cache.get(lb) or cache.setdefault(lb, strategy_parameters(n, lb, diagonal=self.diagonal))
            self.weights[b] = 0.0
            self.weights[b, :lb] = xp.asarray(sp.weights)
            self.params[b] = xp.asarray(sp.row())
            self.eig_gap[b] = sp.eigen_gap if self.eigen_gap_user is None else self.eigen_gap_user
            if self.cholesky and self.eigen_gap_user is None:
                self.eig_gap[b] = max(self.eig_gap[b], STOP_EIGEN_GAP)
        self.lam[idx] = lam
        self._membership_changed()
        self.g[idx] = 0
        self.g_eig[idx] = 0
        self.maxiter_run[idx] = maxiter
        self.run_start_eval[idx] = self.n_eval[idx]
        self.runs[idx] += 1
        self.flat[idx] = 0
        self.funhist_cap[idx] = np.minimum(stopping.funhist_len(n, lam), self.funhist.shape[0])
        self.funhist[:, idx] = np.nan
        if self.tolstagnation_on:
            self.stag_cap[idx] = np.minimum(self._stag_len(lam), self.stag_best.shape[0])
            self.stag_best[:, idx] = np.nan
            self.stag_med[:, idx] = np.nan
        if self.bounds is not None:
            self.bounds.reset(idx, lam)

    def _end_runs(self, idx, flags) -> None:
        """Record the runs of ``idx`` that stopped with ``flags``; restart or finish them."""
        this = self.n_eval[idx] - self.run_start_eval[idx]
        if self.strategy == "bipop":
            small = self.regime_small[idx]
            self.evals_small[idx] += np.where(small, this, 0)
            self.evals_large[idx] += np.where(small, 0, this)
        for j, b in enumerate(idx):
            self.events.append({
                "instance": int(b), "run": int(self.runs[b]), "stop": stopping.names(int(flags[j])),
                "popsize": int(self.lam[b]), "n_iter": int(self.g[b]), "n_eval": int(this[j]),
                "regime": ("small" if self.regime_small[b] else "large") if self.strategy == "bipop" else "ipop",
                "fbest": float(self.fbest[b]),
            })
        self.stop_flags[idx] = flags
        runs_done = self.runs[idx]
        final = ((flags & stopping.FINAL) != 0) | (self.n_eval[idx] >= self.max_evals) | (
            runs_done - self.small_runs[idx] > self.restarts)
        self.done[idx[final]] = True
        self._membership_changed()
        again = idx[~final]
        if again.size == 0:
            return
        small_runs = self.small_runs[again].copy()
        lam, factor, maxiter, small = _restarts.plan(
            self.strategy, self.rng, self.runs[again], small_runs, self.evals_small[again],
            self.evals_large[again], self.lam0f, self.incpopsize, self.maxiter0)
        self.small_runs[again] = small_runs
        self.regime_small[again] = small
        self._start_runs(again, lam, factor, maxiter)

    def stop(self, idx=None) -> None:
        """Finish instances ``idx`` (default all) now, with the stop reason ``user``."""
        idx = np.flatnonzero(~self.done) if idx is None else np.asarray(idx)[~self.done[np.asarray(idx)]]
        if idx.size:
            flags = np.full(idx.size, stopping.BIT["user"], dtype=np.int64)
            self._end_runs(idx, flags)

    # -- ask / tell ----------------------------------------------------------------------------
    def _membership_changed(self) -> None:
        """``done`` or ``lam`` changed: forget the cached active set and mask."""
        self._mask = self._active = None

    def active(self) -> np.ndarray:
        """Indices of the instances still running (cached; do not modify)."""
        if self._active is None:
            self._active = np.flatnonzero(~self.done)
        return self._active

    def mask(self):
        """(B, L) bool: rows to evaluate (active instance, k < lambda); a fresh array."""
        if self._mask is None:
            self._mask = (np.arange(self.L)[None, :] < self.lam[:, None]) & ~self.done[:, None]
        return self._mask.copy()

    def ask(self):
        """Sample every active instance; returns the in-box points X_eval (B, L, n) (a buffer
        overwritten by the next ask)."""
        if self._pending:
            raise RuntimeError("ask() was called twice without tell(): evaluate the points and tell() them first")
        xp = self.xp
        act = self.active()
        full = act.size == self.B
        if not self.diagonal:
            if full:
                due = np.flatnonzero(((self.g - self.g_eig) >= self.eig_gap) & (self.g > self.g_eig))
            else:
                due = act[((self.g[act] - self.g_eig[act]) >= self.eig_gap[act]) & (self.g[act] > self.g_eig[act])]
            if due.size:
                self._factor(due, xp_ops.decompose, self._k_decompose, self.Bm, self.D)
                self.g_eig[due] = self.g[due]
            if self.cholesky and act.size:
                self._factor(act, xp_ops.cholesky, self._k_cholesky, self.A)
        else:
            self.D[...] = xp.sqrt(self.C)
        Bm, D = (self.A, self.ones) if self.cholesky else (self.Bm, self.D)
        if full and self.backend != "xp":  # the kernel draws Z itself: the same draws as _draw_normals
            self._k_sample_draw(self.rng, self.mean, self.sigma, Bm, D, self.lam, self.Z, self.Y, self.X)
        else:
            self._draw_normals()
            if full:
                self._sample(self.mean, self.sigma, Bm, D, self.Z, self.lam, self.Y, self.X)
            elif act.size:
                Y, X = self.Y[act], self.X[act]
                self._sample(self.mean[act], self.sigma[act], None if self.diagonal else Bm[act], D[act],
                             self.Z[act], self.lam[act], Y, X)
                self.Y[act], self.X[act] = Y, X
        if self.bounded:
            self.bounds.repair(self.X, out=self.Xe)
        self._pending = True
        return self.Xe

    def _factor(self, idx, array_op, kernel, *out) -> None:
        """Factor C of the instances ``idx`` in place into ``out`` (decomposition or Cholesky)."""
        if len(idx) == self.B:
            which = self._all.view(bool)
        else:
            which = np.zeros(self.B, dtype=bool)
            which[idx] = True
        if self.backend == "xp":
            array_op(self.xp, self.C, self.xp.asarray(which), *out)
        else:
            kernel(self.C, which.view(np.uint8), *out)

    def _draw_normals(self) -> None:
        if self.xp is np:
            self.rng.standard_normal(out=self.Z)
        else:  # a CuPy generator fills device memory
            self.Z[...] = self.rng.standard_normal(self.Z.shape)

    def _sample(self, mean, sigma, Bm, D, Z, lam, Y, X) -> None:
        if self.backend == "xp":
            xp_ops.sample(self.xp, mean, sigma, Bm, D, Z, self.xp.asarray(lam), Y, X)
        else:
            self._k_sample(mean, sigma, Bm, D, Z, lam, Y, X)

    def tell(self, F, cv=None) -> None:
        """Report f (B, L) (and constraint violations cv (B, L)) of the last ask's points; masked
        entries are ignored."""
        if not self._pending:
            raise RuntimeError("tell() without a pending ask(): call ask() first")
        self._pending = False
        xp = self.xp
        rows = self.active()
        if rows.size == 0:
            return
        full = rows.size == self.B
        sel = slice(None) if full else rows
        lam = self.lam[sel]
        padded = bool((lam < self.L).any())
        Fr = xp.asarray(F, dtype=np.float64)[sel]
        Fr = self._clean(Fr, lam, padded)
        cvr = None
        if cv is not None:
            cvr = self._clean(xp.asarray(cv, dtype=np.float64)[sel], lam, padded)
        self.n_eval[sel] += lam
        self.n_iter[sel] += 1
        record = self._k_record is not None  # the kernels record (cma_record); else stopping.check
        f_sorted = None if record and not self.bounded else xp.sort(Fr, axis=1)
        fit = Fr
        if self.bounded:
            C = self.C[sel]
            var = C if self.diagonal else xp.diagonal(C, axis1=1, axis2=2)
            self.bounds.update(rows, self.mean[sel], self.sigma[sel], var, f_sorted, lam, self.params[sel, 6],
                               self.g[sel])
            pen = self.bounds.penalty(rows, self.Xe[sel], self.X[sel])
            if pen is not None:
                with np.errstate(invalid="ignore"):
                    fit = Fr + pen
        order = self._update(rows, full, fit, cvr)
        self.g[sel] += 1
        if record:
            flags = stopping.check_kernel(self, rows, sel, Fr, None if fit is Fr else fit, cvr, order)
        else:
            self._update_best(rows, sel, Fr, cvr)
            ar = np.arange(rows.size)
            f_median = (0.5 * (f_sorted[ar, (lam - 1) // 2] + f_sorted[ar, lam // 2])
                        if self.tolstagnation_on else None)
            flags = stopping.check(self, rows, sel, f_sorted, f_median, fit, cvr, fit is not Fr)
        self._end_stopped(rows, flags)

    def _end_stopped(self, rows, flags) -> None:
        stopped = np.flatnonzero(flags)
        if stopped.size:
            self._end_runs(rows[stopped], flags[stopped])

    def _clean(self, A, lam, padded):
        """NaN -> +inf, and +inf in the padded columns: a fresh array, or ``A`` itself when there
        is nothing to change (tell only reads it)."""
        xp = self.xp
        if bool(xp.isnan(A).any()):
            A = xp.where(xp.isnan(A), xp.inf, A)
        elif padded:
            A = A.copy()
        if padded:
            A[xp.asarray(np.arange(self.L)[None, :] >= lam[:, None])] = xp.inf
        return A

    def _update_best(self, rows, sel, Fr, cvr) -> None:
        """Best so far by (cv, f, index) (feasible first, then least violation) from this
        generation's ``Fr`` (the array path; ``cma_record`` on the kernel path)."""
        xp = self.xp
        ar = np.arange(rows.size)
        k = _host(xp.argmin(Fr, axis=1) if cvr is None else stopping.lexsort2(xp, Fr, cvr)[:, 0])
        pick = (xp.asarray(ar), xp.asarray(k))  # device indices for CuPy
        cv_new = np.zeros(rows.size) if cvr is None else _host(cvr[pick])
        f_new = _host(Fr[pick])
        cvb, fb = self.cvbest[sel], self.fbest[sel]
        better = (cv_new < cvb) | ((cv_new == cvb) & (f_new < fb))
        self.improved[:] = False
        self.improved[rows] = better
        if better.any():
            b = rows[better]
            self.best_k[b] = k[better]
            if xp is np:  # one gather from the flat (B L, n) view: cheaper than 2-D fancy indexing
                self.xbest[b] = self.Xe.reshape(-1, self.n).take(b * self.L + k[better], axis=0)
            else:
                self.xbest[b] = self.Xe[b, xp.asarray(k[better])]
            self.fbest[b] = f_new[better]
            self.cvbest[b] = cv_new[better]
            self.best_eval[b] = self.n_eval[b]

    def _update(self, rows, full, fit, cvr):
        """The kernel update of instances ``rows``; returns the ranking (k, L) (-1 after lam)."""
        xp = self.xp
        lam = self.lam[rows]
        Bm = None if self.diagonal or self.cholesky else self.Bm  # None: p_sigma along <z>_w
        if full:
            args = (self.Z, self.Y, self.weights, self.params, self.mean, self.sigma, self.C, self.ps, self.pc, Bm)
        else:
            args = tuple(None if a is None else a[rows] for a in (
                self.Z, self.Y, self.weights, self.params, self.mean, self.sigma, self.C, self.ps, self.pc, Bm))
        Z, Y, weights, params, mean, sigma, C, ps, pc, Bm_r = args
        if self.backend == "xp":
            order, _ = xp_ops.update(xp, fit, cvr, xp.asarray(lam), Z, Y, weights, params, xp.asarray(self.g[rows]),
                                     mean, sigma, C, ps, pc, Bm_r, self.diagonal)
        else:
            fit = np.ascontiguousarray(fit)
            cvr = None if cvr is None else np.ascontiguousarray(cvr)
            order = np.empty(fit.shape, dtype=np.int64)
            hsig = np.empty(len(rows))
            self._k_update(fit, cvr, lam, Z, Y, weights, params, self.g[rows], mean, sigma, C, ps, pc, Bm_r,
                           self.diagonal, order, hsig)
        if not full:
            self.mean[rows], self.sigma[rows], self.C[rows], self.ps[rows], self.pc[rows] = mean, sigma, C, ps, pc
        return order
