"""Reference variation kernels: the operators' whole-array NumPy formulas
(:mod:`paretix.operators._formulas`) on ``rng.random((rows, k))`` or the given draws."""

from __future__ import annotations

import numpy as np

from ..operators._formulas import pm_from_draws, pm_width, sbx_from_draws, sbx_pm_from_draws, sbx_width


def _draws(rng, draws, rows, k):
    return rng.random((rows, k)) if draws is None else draws


def sbx(A, B, xl, xu, params, rng, draws, threads):
    R = _draws(rng, draws, A.shape[0], sbx_width(A.shape[1]))
    return sbx_from_draws(A, B, xl, xu, R, *params, np)


def pm(X, xl, xu, params, rng, draws, threads):
    R = _draws(rng, draws, X.shape[0], pm_width(X.shape[1]))
    return pm_from_draws(X, xl, xu, R, *params, np)


def sbx_pm(X, parents, xl, xu, sbx, pm, n, rng, draws, threads):
    n_var = X.shape[1]
    R = _draws(rng, draws, parents.shape[0], sbx_width(n_var) + 2 * pm_width(n_var))
    return sbx_pm_from_draws(X, parents, xl, xu, R, sbx, pm, n, np)
