"""Quality against pycma (the canonical CMA-ES) at a small budget, in the same run."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from paretix.cmaes import fmin

cma = pytest.importorskip("cma")


def sphere(X):
    return (X**2).sum(axis=-1)


def rosenbrock(X):
    return (100 * (X[..., 1:] - X[..., :-1] ** 2) ** 2 + (1 - X[..., :-1]) ** 2).sum(axis=-1)


def _pycma(f, x0, seed, **opts):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        options = {"ftarget": 1e-8, "verbose": -9, "seed": seed + 1, "maxfevals": 20_000, **opts}
        _, es = cma.fmin2(lambda x: float(f(np.asarray(x))), x0, 2.0, options)
    return es.result.evals_best if es.result.fbest <= 1e-8 else None


def _ours(f, x0, seed, **opts):
    res = fmin(f, x0, 2.0, seed=seed, ftarget=1e-8, vectorized=True, max_evals=20_000, **opts)
    return res.n_eval if res.f <= 1e-8 else None


@pytest.mark.parametrize(("f", "n", "bounds"), [(sphere, 10, None), (rosenbrock, 5, None), (sphere, 5, (-5, 5))],
                         ids=["sphere-10", "rosenbrock-5", "sphere-box-5"])
def test_evaluations_to_target_match_pycma(f, n, bounds):
    seeds = range(4)
    ours, theirs = [], []
    for seed in seeds:
        x0 = np.random.default_rng(seed).uniform(-4, 4, n)
        ours.append(_ours(f, x0, seed, bounds=bounds))
        theirs.append(_pycma(f, x0, seed, **({} if bounds is None else {"bounds": list(bounds)})))
    ok_ours = [v for v in ours if v is not None]
    ok_theirs = [v for v in theirs if v is not None]
    assert len(ok_ours) >= len(ok_theirs)
    assert np.median(ok_ours) <= 1.3 * np.median(ok_theirs), (ours, theirs)
