"""Default strategy parameters of CMA-ES (Hansen's tutorial, Table 1, with active weights)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def default_popsize(n: int) -> int:
    """``4 + floor(3 ln n)`` (tutorial Eq. 48)."""
    return 4 + math.floor(3 * math.log(n))


def default_popsize_float(n: int) -> float:
    """``4 + 3 ln n`` unrounded: IPOP multiplies this before rounding down (as pycma does)."""
    return 4 + 3 * math.log(n)


@dataclass(frozen=True)
class StrategyParameters:
    """The strategy parameters of one CMA-ES instance (see :func:`strategy_parameters`).

    Attributes
    ----------
    n, lam, mu : dimension, population size, number of positive weights ``floor(lam / 2)``.
    weights : (lam,) recombination weights in rank order; the first ``mu`` sum to 1, the others
        are negative (active CMA) or 0 (``diagonal``).
    mueff, mueff_minus : variance-effective selection masses of the positive and negative parts.
    c_m, c_sigma, d_sigma, c_c, c_1, c_mu : learning rates and damping.
    chi_n : ``E||N(0, I)|| ~ sqrt(n) (1 - 1/(4n) + 1/(21 n^2))``.
    eigen_gap : generations between two eigendecompositions, ``1 / (10 n (c_1 + c_mu))``
        (decompose when at least this many generations passed; below 1: every generation).
    diagonal : sep-CMA-ES parameters.
    """

    n: int
    lam: int
    mu: int
    weights: np.ndarray
    mueff: float
    mueff_minus: float
    c_m: float
    c_sigma: float
    d_sigma: float
    c_c: float
    c_1: float
    c_mu: float
    chi_n: float
    eigen_gap: float
    diagonal: bool

    def row(self) -> np.ndarray:
        """The (8,) row of the kernels' ``params`` array (``paretix.kernels.cmaes.PARAM_COLUMNS``)."""
        return np.array([self.c_m, self.c_sigma, self.d_sigma, self.c_c, self.c_1, self.c_mu, self.mueff,
                         self.chi_n])


def strategy_parameters(n: int, popsize: int | None = None, *, diagonal: bool = False) -> StrategyParameters:
    """The tutorial's default strategy parameters for dimension ``n`` and population size ``popsize``.

    Parameters
    ----------
    n : int
        Dimension (>= 1).
    popsize : int, optional
        Population size lambda (>= 2); default ``4 + floor(3 ln n)``.
    diagonal : bool, default False
        Parameters of sep-CMA-ES (Ros & Hansen 2008): positive weights only, and the covariance
        learning rates multiplied by ``(n + 2) / 3`` (``c_1 <- c_1 (n+2)/3``,
        ``c_mu <- min(1 - c_1, c_mu (n+2)/3)``).

    Returns
    -------
    StrategyParameters

    Notes
    -----
    Table 1 and Eqs. (49)-(55) of the tutorial, with ``alpha_cov = 2`` (the form ``cmaes`` uses;
    pycma adds ``1/4`` inside ``c_mu``, multiplies ``c_1`` by ``min(1, lambda/6)`` and uses
    ``n + mu_eff + 3`` in ``c_sigma``: a few percent in evaluations)::

        w'_i    = ln((lambda + 1) / 2) - ln i                          i = 1..lambda
        mu_eff  = (sum_{i<=mu} w'_i)^2 / sum_{i<=mu} w'_i^2
        c_sigma = (mu_eff + 2) / (n + mu_eff + 5)
        d_sigma = 1 + 2 max(0, sqrt((mu_eff - 1) / (n + 1)) - 1) + c_sigma
        c_c     = (4 + mu_eff / n) / (n + 4 + 2 mu_eff / n)
        c_1     = 2 / ((n + 1.3)^2 + mu_eff)
        c_mu    = min(1 - c_1, 2 (mu_eff - 2 + 1/mu_eff) / ((n + 2)^2 + mu_eff))
        w_i     = w'_i / sum_{w'>0} w'                                  (w'_i >= 0)
                  min(1 + c_1/c_mu, 1 + 2 mu_eff^- / (mu_eff + 2),
                      (1 - c_1 - c_mu) / (n c_mu)) w'_i / sum_{w'<0} |w'|   (w'_i < 0)

    With these negative weights ``c_1 + c_mu sum(w) = 0`` at the default population size: C
    does not decay (Eq. 53).

    References
    ----------
    N. Hansen, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772, 2016.
    R. Ros, N. Hansen, "A simple modification in CMA-ES achieving linear time and space
    complexity", PPSN X, LNCS 5199, 296-305, 2008.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")
    n = int(n)
    lam = default_popsize(n) if popsize is None else popsize
    if isinstance(lam, bool) or not isinstance(lam, (int, np.integer)) or lam < 2:
        raise ValueError(f"popsize must be an int >= 2, got {popsize!r}")
    lam = int(lam)
    mu = lam // 2
    wp = math.log((lam + 1) / 2) - np.log(np.arange(1, lam + 1))
    pos, neg = wp[:mu], wp[mu:]
    mueff = float(pos.sum() ** 2 / (pos**2).sum())
    neg_nonzero = neg[neg < 0]
    mueff_minus = float(neg_nonzero.sum() ** 2 / (neg_nonzero**2).sum()) if neg_nonzero.size else 0.0
    alpha_cov = 2.0
    c_1 = alpha_cov / ((n + 1.3) ** 2 + mueff)
    c_mu = min(1 - c_1, alpha_cov * (mueff - 2 + 1 / mueff) / ((n + 2) ** 2 + alpha_cov * mueff / 2))
    c_sigma = (mueff + 2) / (n + mueff + 5)
    d_sigma = 1 + 2 * max(0.0, math.sqrt((mueff - 1) / (n + 1)) - 1) + c_sigma
    c_c = (4 + mueff / n) / (n + 4 + 2 * mueff / n)
    weights = np.zeros(lam)
    weights[:mu] = pos / pos[pos > 0].sum() if (pos > 0).any() else 1.0 / mu
    if diagonal:
        c_1 = min(1.0, c_1 * (n + 2) / 3)
        c_mu = min(1 - c_1, c_mu * (n + 2) / 3)
    elif neg_nonzero.size:
        alpha_mu = 1 + c_1 / c_mu if c_mu > 0 else math.inf
        alpha_mueff = 1 + 2 * mueff_minus / (mueff + 2)
        alpha_posdef = (1 - c_1 - c_mu) / (n * c_mu) if c_mu > 0 else math.inf
        scale = min(alpha_mu, alpha_mueff, alpha_posdef)
        weights[mu:] = np.where(neg < 0, scale * neg / np.abs(neg_nonzero).sum(), 0.0)
    chi_n = math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n**2))
    rate = c_1 + c_mu
    eigen_gap = 1.0 / (10 * n * rate) if rate > 0 else math.inf
    return StrategyParameters(n, lam, mu, weights, mueff, mueff_minus, 1.0, c_sigma, d_sigma, c_c, c_1, c_mu,
                              chi_n, eigen_gap, bool(diagonal))
