"""CMA-ES with margin (Hamano et al. 2022): integer and discrete-set variables.

A discrete variable j takes sorted values v_1 < ... < v_K; the thresholds between them are the
midpoints ``l_k = (v_k + v_{k+1}) / 2``. A raw sample x (from ``N(m, sigma^2 C)``) is encoded as
``x'_j = m_j + A_j (x_j - m_j)``, then mapped to the value of the interval it falls in (the
nearest value; :func:`paretix.problems._variables.repair`). ``A`` is a per-coordinate scale, 1
at the start of each run. Without care the marginal ``sigma sqrt(C_jj)`` of a discrete
coordinate shrinks until every sample maps to the same value and the search on that coordinate
stops (a plateau). After every update the margin keeps the probability of sampling a value
other than the mean's at least ``alpha`` (default ``1 / (n lambda)``):

* mean in an end interval (only one neighbouring threshold ``l``): if
  ``P(x_j crosses l) < alpha``, the mean moves towards ``l`` until that probability is alpha:
  ``m_j = l + sign(m_j - l) sigma A_j sqrt(C_jj) Phi^-1(1 - alpha)``;
* mean in an inner interval ``(l_low, l_up]``: the probabilities ``p_low = P(x_j <= l_low)`` and
  ``p_up = P(x_j > l_up)`` are raised to at least ``alpha / 2`` (the mass taken from the middle,
  the paper's redistribution), and ``A_j`` and ``m_j`` are set so that the encoded marginal has
  exactly these tail probabilities, with sigma and C unchanged.

Continuous coordinates are untouched. The correction runs in Python over the B instances and the
discrete coordinates only (a few per problem), after the kernels' update.

Reference: R. Hamano, S. Saito, M. Nomura, S. Shirakawa, "CMA-ES with margin: lower-bounding
marginal probability for mixed-integer black-box optimization", GECCO 2022, 639-647
(arXiv 2205.13482). pycma (``integer_variables``) and ``cmaes`` (``CMAwM``) offer it too.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

_N01 = NormalDist()


def _cdf(z: float) -> float:
    return _N01.cdf(z)


def _quantile(p: float) -> float:
    return _N01.inv_cdf(p)


class Margin:
    """Encoding and margin correction for the discrete coordinates of a problem (B instances).

    ``values`` maps each discrete coordinate to its sorted valid values (at least two; a
    coordinate with one value needs no search). ``alpha``: None for ``1 / (n lambda)`` per
    instance and run, else a fixed probability in (0, 0.5).
    """

    def __init__(self, values: dict, B: int, n: int, alpha=None):
        if alpha is not None and not 0 < alpha < 0.5:
            raise ValueError(f"margin must be in (0, 0.5), got {alpha!r}")
        self.alpha = alpha
        self.cols = np.array(sorted(j for j, v in values.items() if len(v) > 1), dtype=np.intp)
        self.thresholds = [0.5 * (values[j][1:] + values[j][:-1]) for j in self.cols]
        self.n = n
        self.A = np.ones((B, self.cols.size))
        self._runs = None

    def get_state(self, prefix: str) -> dict:
        """The scales A and the run counters seen last, for checkpoints."""
        runs = np.full(self.A.shape[0], -1, dtype=np.int64) if self._runs is None else self._runs
        return {f"{prefix}.A": self.A.copy(), f"{prefix}.runs": np.array(runs, dtype=np.int64)}

    def set_state(self, state: dict, prefix: str) -> None:
        """Restore what :meth:`get_state` saved (shapes checked)."""
        A, runs = np.asarray(state[f"{prefix}.A"], dtype=np.float64), np.asarray(state[f"{prefix}.runs"])
        if A.shape != self.A.shape or runs.shape != (self.A.shape[0],):
            raise ValueError(f"{prefix}: saved margin state has shape {A.shape}, expected {self.A.shape}")
        self.A = A.copy()
        self._runs = None if (runs < 0).all() else runs.astype(np.int64)

    def encode(self, mean, X_raw, X_eval):
        """``X_eval`` (B, L, n) with the discrete columns replaced by ``m + A (x_raw - m)`` (to be
        snapped to valid values by the problem's repair). Works on host (NumPy) arrays."""
        out = np.array(X_eval, dtype=np.float64, copy=True)
        if self.cols.size:
            m = np.asarray(mean)[:, None, self.cols]
            out[..., self.cols] = m + self.A[:, None, :] * (np.asarray(X_raw)[..., self.cols] - m)
        return out

    def correct(self, engine, rows) -> None:
        """After ``engine.tell``: reset A for runs that (re)started, then correct the mean and A of
        the still-running instances ``rows`` (in place on ``engine.mean``)."""
        if not self.cols.size:
            return
        runs = np.asarray(engine.runs).copy()
        if self._runs is not None:
            self.A[runs != self._runs] = 1.0
        fresh = set(np.flatnonzero(runs != self._runs).tolist()) if self._runs is not None else set()
        self._runs = runs
        mean = engine.mean
        sigma = np.asarray(engine.sigma)
        C = np.asarray(engine.C)
        for b in rows:
            b = int(b)
            if engine.done[b] or b in fresh:
                continue
            alpha = self.alpha if self.alpha is not None else 1.0 / (self.n * int(engine.lam[b]))
            var = C[b] if C.ndim == 2 else np.diagonal(C[b])
            for k, (j, t) in enumerate(zip(self.cols, self.thresholds)):
                s_c = float(sigma[b]) * float(np.sqrt(var[j]))
                m_new, a_new = _correct_one(float(mean[b, j]), s_c, float(self.A[b, k]), t, alpha)
                mean[b, j] = m_new
                self.A[b, k] = a_new


def _correct_one(m: float, s_c: float, a: float, t: np.ndarray, alpha: float):
    """The margin step for one coordinate: mean m, marginal standard deviation ``s_c`` (sigma
    sqrt(C_jj)), scale a, thresholds t (sorted). Returns the new (m, a)."""
    if not s_c > 0 or not np.isfinite(s_c):
        return m, a
    i = int(np.searchsorted(t, m, side="left"))  # t[i-1] < m <= t[i]
    s = s_c * a
    if i == 0 or i == t.size:  # an end interval: one threshold
        edge = t[0] if i == 0 else t[-1]
        cross = _cdf((m - edge) / s) if i == 0 else _cdf((edge - m) / s)  # P(beyond the threshold)
        if cross < alpha:
            side = -1.0 if i == 0 else 1.0
            m = edge + side * s * _quantile(1.0 - alpha)
        return m, a
    lo, up = t[i - 1], t[i]
    p_low = _cdf((lo - m) / s)
    p_up = 1.0 - _cdf((up - m) / s)
    p_mid = 1.0 - p_low - p_up
    q_low, q_up = max(p_low, alpha / 2), max(p_up, alpha / 2)
    if q_low == p_low and q_up == p_up:
        return m, a
    excess = 1.0 - q_low - q_up - p_mid  # negative: the mass added to the tails, taken from the middle
    denom = q_low + p_mid + q_up - 1.5 * alpha
    r_low = min(max(q_low + excess * (q_low - alpha / 2) / denom, 1e-10), 0.5 - 1e-10)
    r_up = min(max(q_up + excess * (q_up - alpha / 2) / denom, 1e-10), 0.5 - 1e-10)
    z_low, z_up = _quantile(1.0 - r_low), _quantile(1.0 - r_up)
    a = (up - lo) / ((z_low + z_up) * s_c)
    m = (lo * z_up + up * z_low) / (z_low + z_up)
    return m, a
