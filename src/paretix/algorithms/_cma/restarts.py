"""IPOP and BIPOP restart schedules (per instance), as in pycma 4.5 ``fmin``.

- IPOP-CMA-ES (Auger & Hansen, CEC 2005): after a run stops, restart from x0 with the same sigma0
  and ``lambda = int(lambda0 * incpopsize^k)``, k = number of restarts so far (``lambda0`` is
  the unrounded ``4 + 3 ln n`` unless a popsize is given: 10, 21, 43, 87, ... in 10-D).
- BIPOP-CMA-ES (Hansen, GECCO BBOB 2009): two interleaved regimes. While the evaluations spent
  in "small" runs are below those spent in "large" runs, the next run is small: with
  U1, U2 ~ U[0, 1], ``sigma = sigma0 * 0.01^U1``, ``lambda = int(lambda0 * (incpopsize^k)^(U2^2))``
  and ``maxiter = min(maxiter0, 0.5 * evals_large / lambda)``; otherwise it is large (IPOP's
  lambda, maxiter0). The first run counts as small; small runs do not count against
  ``restarts``, so ``restarts`` bounds the large runs.

The random draws come from the optimizer's ``numpy.random.Generator``.
"""

from __future__ import annotations

import numpy as np

STRATEGIES = ("ipop", "bipop")


def plan(strategy: str, rng, runs_done, small_runs, evals_small, evals_large, lam0f: float, incpopsize: float,
         maxiter0: float):
    """Parameters of the next run for k instances whose run just ended.

    Returns ``(lam, sigma_factor, maxiter, small)`` (host arrays of length k); ``small_runs`` is
    incremented in place where a small run starts.
    """
    k = len(runs_done)
    sigma_factor = np.ones(k)
    maxiter = np.full(k, float(maxiter0))
    small = np.zeros(k, dtype=bool)
    if strategy == "bipop":
        small = evals_small < np.maximum(1, evals_large)
        u = rng.random((k, 2))  # drawn for every restarting instance, used by the small ones
        small_runs += small
    exponent = (runs_done - small_runs).astype(np.float64)
    lam = np.floor(lam0f * incpopsize**exponent)
    if strategy == "bipop" and small.any():
        lam_small = np.floor(lam0f * (incpopsize**exponent) ** (u[:, 1] ** 2))
        lam = np.where(small, lam_small, lam)
        sigma_factor = np.where(small, 0.01 ** u[:, 0], 1.0)
        with np.errstate(divide="ignore"):
            maxiter = np.where(small, np.minimum(maxiter0, 0.5 * evals_large / lam), maxiter)
    return np.maximum(lam, 2).astype(np.int64), sigma_factor, maxiter, small
