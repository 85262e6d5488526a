"""Box constraints by repair plus an adaptive quadratic penalty (pycma's ``BoundPenalty``).

Method (Hansen, Niederberger, Guzzella, Koumoutsakos 2009, appendix; pycma 4.5 ``BoundPenalty``):
every sample ``x`` (in the unbounded "genotype" the distribution lives in) is repaired to the
nearest point of the box, ``x_feas = clip(x, lower, upper)``; the objective is evaluated at
``x_feas`` only (f never sees a point outside the box) and the ranking uses

    f(x_feas) + sum_i gamma_i (x_feas,i - x_i)^2 / n

while the update uses the unrepaired ``x``. The weights gamma adapt every generation:

- ``delta_fit`` = median over the last ``20 + 3n/lambda`` generations of the interquartile range
  of f divided by the mean coordinate variance ``mean(sigma^2 C_ii)``;
- at the first generation where the mean is outside the box (and again at the second
  generation) gamma_i = 2 delta_fit;
- then gamma_i *= exp(tanh(e_i / 3) / 2)^damp where the mean's distance to the box in standard
  deviations exceeds ``3 max(1, sqrt(n)/mu_eff)`` (e_i > 0), and gamma_i *= exp(-1/3)^damp where
  gamma_i > 5 delta_fit; ``damp = min(1, mu_eff / (10 n))``.

All arrays carry the instance axis B first, so B instances are handled at once.
"""

from __future__ import annotations

import math

import numpy as np


def _host(a) -> np.ndarray:
    return a.get() if hasattr(a, "get") else np.asarray(a)


class BoundPenalty:
    """State and update of the penalty weights of B instances (see the module docstring)."""

    def __init__(self, xp, lower, upper, B: int, n: int, hist_max: int):
        self.xp = xp
        self.lower, self.upper = lower, upper  # (B, n), +-inf where unbounded
        self.n = n
        self.gamma = xp.ones((B, n))
        self.initialized = np.zeros(B, dtype=bool)
        self.hist = xp.full((B, hist_max), np.nan)
        self.count = np.zeros(B, dtype=np.int64)  # values inserted in this run
        self.cap = np.ones(B, dtype=np.int64)

    def reset(self, idx, lam) -> None:
        """Forget the weights of the instances ``idx`` (a restart with population sizes ``lam``)."""
        self.gamma[idx] = 1.0
        self.initialized[idx] = False
        self.hist[idx] = np.nan
        self.count[idx] = 0
        self.cap[idx] = np.maximum(1, np.floor(20 + 3 * self.n / np.asarray(lam, dtype=np.float64))).astype(np.int64)

    def repair(self, X, out=None):
        """The nearest in-box points (clip)."""
        return self.xp.clip(X, self.lower[:, None, :], self.upper[:, None, :], out=out)

    def update(self, rows, mean, sigma, var_diag, f_sorted, lam, mueff, g) -> None:
        """Update gamma of the instances ``rows`` (host int array) from their current mean and the
        sorted raw f values of this generation (``f_sorted`` (k, L), +inf after ``lam``)."""
        xp = self.xp
        n = self.n
        varis = (sigma[:, None] ** 2) * var_diag  # (k, n)
        dmean = (mean - xp.clip(mean, self.lower[rows], self.upper[rows])) / xp.sqrt(varis)
        lam_h = np.asarray(lam)
        q3 = xp.asarray(np.minimum(3 * (1 + lam_h) // 4, lam_h - 1))[:, None]
        q1 = xp.asarray((1 + lam_h) // 4)[:, None]
        with np.errstate(invalid="ignore"):  # inf - inf: no information this generation
            iqr = xp.take_along_axis(f_sorted, q3, axis=1)[:, 0] - xp.take_along_axis(f_sorted, q1, axis=1)[:, 0]
            val = _host(iqr / varis.mean(axis=1))
        hist = self.hist[rows]
        count = self.count[rows]
        ins_val = np.isfinite(val) & (val > 0)
        ins_max = (val == np.inf) & (count > 1)  # pycma: an infinite spread repeats the largest value
        insert = np.flatnonzero(ins_val | ins_max)
        if insert.size:
            prev_max = _host(xp.nan_to_num(hist, nan=-np.inf).max(axis=1))
            new = np.where(ins_val, val, prev_max)[insert]
            hist[insert, (count % self.cap[rows])[insert]] = xp.asarray(new)
            count = count + (ins_val | ins_max)
            self.hist[rows] = hist
            self.count[rows] = count
        filled = count > 0
        if not filled.any():
            return
        dfit = xp.zeros(len(rows))
        dfit[filled] = xp.nanmedian(hist[filled], axis=1)
        damp = xp.minimum(1.0, mueff / 10.0 / n)[:, None]
        outside = _host(xp.any(dmean != 0, axis=1))
        init = outside & filled & (~self.initialized[rows] | (np.asarray(g) == 1))
        gamma = self.gamma[rows]
        if init.any():
            gamma[init] = 2 * dfit[init][:, None]
            self.initialized[rows[init]] = True
        upd = self.initialized[rows] & filled
        if upd.any():
            edist = xp.abs(dmean) - 3 * xp.maximum(1.0, math.sqrt(n) / mueff)[:, None]
            new_gamma = gamma * xp.exp(xp.where(edist > 0, xp.tanh(edist / 3) / 2, 0.0)) ** damp
            new_gamma = xp.where(new_gamma > 5 * dfit[:, None], new_gamma * math.exp(-1.0 / 3) ** damp, new_gamma)
            gamma = xp.where(xp.asarray(upd)[:, None], new_gamma, gamma)
        self.gamma[rows] = gamma

    def penalty(self, rows, Xe, X):
        """``sum_i gamma_i (x_feas,i - x_i)^2 / n`` per sample, shape (k, L)."""
        d = Xe - X
        return (self.gamma[rows][:, None, :] * d * d).sum(axis=2) / self.n


class BoundTransform:
    """pycma's default ``BoundTransform``: f is evaluated at ``T(x)``, a smooth periodic map of
    the unbounded sample x into the box, and the distribution lives in the unbounded x.

    ``T`` (``BoxConstraintsLinQuadTransformation``, pycma 4.5) is the identity on
    ``[lower + a_l, upper - a_u]`` and quadratic on margins of width ``a = min((upper - lower) / 2,
    max(1, |bound|) / 20)`` next to each bound, continued by reflection with period
    ``2 (upper - lower + a_l + a_u)``; it is C^1 and maps every real number into the box. No
    penalty: the search simply cannot see outside the box.
    """

    def __init__(self, xp, lower, upper, B: int, n: int, hist_max: int = 0):
        self.xp = xp
        self.lower, self.upper = lower, upper
        half = (upper - lower) / 2
        self.al = xp.where(xp.isfinite(lower), xp.minimum(half, xp.maximum(1.0, xp.abs(lower)) / 20), 1.0)
        self.au = xp.where(xp.isfinite(upper), xp.minimum(half, xp.maximum(1.0, xp.abs(upper)) / 20), 1.0)

    def reset(self, idx, lam) -> None:
        """No state to reset."""

    def repair(self, X, out=None):
        """``T(X)`` for (B, L, n) samples (clipped into the box against rounding)."""
        xp = self.xp
        lb, ub = self.lower[:, None, :], self.upper[:, None, :]
        al, au = self.al[:, None, :], self.au[:, None, :]
        with np.errstate(invalid="ignore", over="ignore"):
            width = ub - lb
            far = (X < lb - 2 * al - width / 2) | (X > ub + 2 * au + width / 2)
            if bool(far.any()):
                period = 2 * (width + al + au)
                start = lb - 2 * al - width / 2
                X = xp.where(far, X - period * xp.floor((X - start) / period), X)
            X = xp.where(X > ub + au, X - 2 * (X - ub - au), X)
            X = xp.where(X < lb - al, X + 2 * (lb - al - X), X)
            Y = xp.where(X < lb + al, lb + (X - (lb - al)) ** 2 / 4 / al,
                         xp.where(X < ub - au, X, ub - (X - (ub + au)) ** 2 / 4 / au))
        return xp.clip(Y, lb, ub, out=out)

    def update(self, *args) -> None:
        """No adaptation."""

    def penalty(self, rows, Xe, X):
        return None
