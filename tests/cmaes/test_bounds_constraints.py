"""Box bounds (never evaluated outside) and constraints (classic design problems)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paretix
from paretix.algorithms._cma.bounds import BoundTransform
from paretix.cmaes import CMAES, BatchCMAES, fmin


@settings(max_examples=25)
@given(
    n=st.integers(1, 6),
    seed=st.integers(0, 2**31 - 1),
    sigma0=st.floats(0.01, 50.0),
    method=st.sampled_from(["transform", "penalty"]),
    shift=st.floats(-20, 20),
    one_sided=st.booleans(),
)
def test_points_outside_the_box_are_never_evaluated(n, seed, sigma0, method, shift, one_sided):
    rng = np.random.default_rng(seed)
    lo = rng.uniform(-3, 0, n)
    hi = lo + rng.uniform(1e-3, 4, n)
    if one_sided:
        hi[0] = np.inf
    seen = []

    def f(X):
        seen.append(X.copy())
        return ((X - shift) ** 2).sum(axis=1)

    x0 = np.where(np.isfinite(hi), (lo + hi) / 2, lo + 1)
    res = fmin(f, x0, sigma0, bounds=(lo, hi), seed=seed, vectorized=True, max_evals=400, bounds_method=method)
    X = np.concatenate(seen)
    assert (X >= lo).all() and (X <= hi).all()
    assert (res.x >= lo).all() and (res.x <= hi).all()


def test_transform_is_pycmas_linquad_map():
    # values from pycma's BoxConstraintsLinQuadTransformation docstring/definition, bounds [0, 1]:
    # identity in [0.05, 0.95], quadratic margins of width 0.05, reflection with period 2.2
    t = BoundTransform(np, np.zeros((1, 1)), np.ones((1, 1)), 1, 1)
    x = np.array([-0.05, 0.0, 0.05, 0.5, 0.95, 1.0, 1.05, 1.15, 2.15, -2.25])
    y = t.repair(x.reshape(1, -1, 1))[0, :, 0]
    expected = [0.0, 0.0125, 0.05, 0.5, 0.95, 0.9875, 1.0, 0.95, 0.0, 0.0]
    np.testing.assert_allclose(y, expected, atol=1e-12)
    z = np.linspace(-10, 10, 4001).reshape(1, -1, 1)
    tz = t.repair(z)[0, :, 0]
    assert (tz >= 0).all() and (tz <= 1).all()
    assert np.abs(np.diff(tz)).max() <= 20 / 4000 + 1e-12  # 1-Lipschitz: continuous


@pytest.mark.parametrize("method", ["transform", "penalty"])
@pytest.mark.parametrize("corner", ["at the bound", "beyond the bound"])
def test_sphere_with_optimum_in_a_corner(method, corner):
    n = 6
    c = 5.0 if corner == "at the bound" else 6.0  # the box is [-5, 5]^n, optimum at x = 5
    res = fmin(lambda X: ((X - c) ** 2).sum(axis=1) - n * (c - 5) ** 2, np.zeros(n), 2.0, bounds=(-5, 5), seed=1,
               vectorized=True, ftarget=1e-8, max_evals=6000, bounds_method=method)
    assert res.stop_reason == "ftarget", res
    np.testing.assert_allclose(res.x, 5.0, atol=1e-3)


def _design(name, method, seeds, restarts=0, max_evals=20_000):
    problem = paretix.problems.get(name)
    fstar, xstar = problem.optimum
    errors = []
    for seed in seeds:
        x0 = np.random.default_rng(seed).uniform(problem.xl, problem.xu)
        algo = CMAES(x0, 0.3, stds=problem.xu - problem.xl, bounds_method=method, restarts=restarts,
                     max_evals=max_evals)
        res = paretix.minimize(problem, algo, termination=None, seed=seed)
        assert res.feasible and (res.CV == 0).all()
        assert (res.X >= problem.xl).all() and (res.X <= problem.xu).all()
        errors.append((res.f - fstar) / fstar)
    return np.array(errors)


def test_welded_beam_reaches_the_best_known_optimum():
    err = _design("welded_beam_design", "transform", range(3))
    assert (np.abs(err) < 1e-6).all(), err  # 1.7248523 (the known x* is rounded: f(x*) = 1.7248557)


def test_pressure_vessel_reaches_the_best_known_optimum():
    # the optimum lies on the bound L = 200: the penalty method lands on it exactly
    err = _design("pressure_vessel_design", "penalty", range(3))
    assert (np.abs(err) < 1e-6).all(), err
    err = _design("pressure_vessel_design", "transform", range(2))
    assert (err < 1e-3).all() and (err > -1e-6).all(), err


def test_tension_spring_reaches_the_best_known_optimum():
    # the transform keeps the search off the bound d = 0.05, where a local optimum (0.0127191) lies
    err = _design("tension_spring_design", "transform", range(3))
    assert (err < 1e-3).all() and (err > -1e-6).all(), err


def test_constraints_in_fmin_and_batch():
    # minimise x0 + x1 in the unit disc: the optimum -sqrt(2) is on the circle
    g = lambda X: (X**2).sum(axis=1, keepdims=True) - 1
    res = fmin(lambda X: X.sum(axis=1), np.array([0.5, 0.5]), 0.5, constraints=g, vectorized=True, seed=0,
               max_evals=4000)
    assert res.feasible
    assert res.f == pytest.approx(-np.sqrt(2), abs=1e-5)
    batch = BatchCMAES(np.full((3, 2), 0.5), 0.5, seed=0, max_evals=4000)
    out = batch.optimize(lambda X: X.sum(axis=1), constraints=g)
    assert (out.cv == 0).all()
    np.testing.assert_allclose(out.f, -np.sqrt(2), atol=1e-5)


def test_constraint_handlers_of_paretix_apply():
    problem = paretix.problems.get("welded_beam_design")
    x0 = (problem.xl + problem.xu) / 2
    res = paretix.minimize(problem, CMAES(x0, 0.3, stds=problem.xu - problem.xl, constraint_handler="epsilon",
                                          max_evals=6000), termination=None, seed=0)
    assert res.feasible and res.f < 1.9
    with pytest.raises(ValueError, match="unknown constraint handler"):
        CMAES(x0, 0.3, constraint_handler="lagrange")
