"""Riesz s-energy reference directions: simplex contract, corners, spread vs random and pymoo."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.spatial.distance import pdist

from paretix.ref_dirs import energy
from paretix.ref_dirs._energy import project_simplex, riesz_energy

# Minimum pairwise distance of pymoo 0.6.2's get_reference_directions("energy", n_obj, n_points,
# seed=1), computed with scipy.spatial.distance.pdist (recomputed live by the slow test below).
PYMOO_MIN_DIST = {(3, 91): 0.11285118124710622, (5, 100): 0.26016411208417994}


@pytest.fixture(scope="module")
def sets():
    return {key: energy(*key, seed=1) for key in PYMOO_MIN_DIST}


@pytest.mark.parametrize("key", sorted(PYMOO_MIN_DIST))
def test_contract_and_spread(sets, key):
    n_obj, n_points = key
    R = sets[key]
    assert R.shape == (n_points, n_obj) and R.dtype == np.float64
    assert np.all(R >= 0)
    np.testing.assert_allclose(R.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    for k in range(n_obj):  # every corner, exactly
        assert np.any(np.all(R == np.eye(n_obj)[k], axis=1))
    assert len(np.unique(R, axis=0)) == n_points
    np.testing.assert_array_equal(R, R[np.lexsort(R.T[::-1])])  # lexicographic order
    d = pdist(R).min()
    rnd = np.random.default_rng(0).dirichlet(np.ones(n_obj), size=n_points)
    assert d > pdist(rnd).min()
    assert d >= 0.9 * PYMOO_MIN_DIST[key]


def test_deterministic_for_a_seed():
    a = energy(3, 20, seed=5)
    np.testing.assert_array_equal(a, energy(3, 20, seed=5))
    np.testing.assert_array_equal(a, energy(3, 20, seed=np.random.default_rng(5)))
    assert not np.array_equal(a, energy(3, 20, seed=6))


@pytest.mark.parametrize(("n_obj", "n_points"), [(2, 2), (2, 7), (3, 3), (3, 4), (3, 17), (4, 30), (6, 6), (7, 40)])
def test_any_count(n_obj, n_points):
    R = energy(n_obj, n_points, seed=0)
    assert R.shape == (n_points, n_obj)
    assert np.all(R >= 0)
    np.testing.assert_allclose(R.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    for k in range(n_obj):
        assert np.any(np.all(R == np.eye(n_obj)[k], axis=1))
    if n_points == n_obj:
        np.testing.assert_array_equal(R, np.eye(n_obj)[::-1])
    if n_obj == 2:  # the optimum on a segment is the uniform grid
        np.testing.assert_allclose(np.sort(R[:, 0]), np.linspace(0, 1, n_points), atol=0.02)


def test_runtime_for_100_points():
    t0 = time.perf_counter()
    energy(3, 100, seed=1)
    assert time.perf_counter() - t0 < 5.0  # about 0.5 s here; generous for shared machines


def test_arguments():
    assert energy(1, 1).tolist() == [[1.0]]
    with pytest.raises(ValueError, match="n_points must be 1, got 3"):
        energy(1, 3)
    with pytest.raises(ValueError, match="n_points must be >= 3, got 2"):
        energy(3, 2)
    with pytest.raises(ValueError, match="s must be a finite number > 0.0"):
        energy(3, 10, s=0)
    with pytest.raises(ValueError, match="learning_rate must be a finite number > 0.0"):
        energy(3, 10, learning_rate=-1.0)
    with pytest.raises(TypeError, match="n_iter must be an int"):
        energy(3, 10, n_iter=1.5)
    R = energy(3, 10, seed=0, n_iter=0)  # the initial set alone is valid output
    np.testing.assert_allclose(R.sum(axis=1), 1.0, atol=1e-12)


@given(Y=arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)), elements=st.floats(-5, 5)))
def test_project_simplex_is_the_euclidean_projection(Y):
    X = project_simplex(Y)
    assert np.all(X >= 0)
    np.testing.assert_allclose(X.sum(axis=1), 1.0, atol=1e-12)
    # KKT: X = max(Y - theta, 0) with one theta per row, and Y <= theta where X = 0
    for y, x in zip(Y, X):
        support = x > 0
        theta = (y - x)[support]
        np.testing.assert_allclose(theta, theta[0], atol=1e-12)
        assert np.all(y[~support] <= theta[0] + 1e-12)
    np.testing.assert_allclose(project_simplex(X), X, atol=1e-12)  # idempotent


def test_energy_gradient_matches_finite_differences():
    X = np.random.default_rng(3).dirichlet(np.ones(3), size=8)
    s = 6.0
    value, grad = riesz_energy(X, s)
    i, j = np.triu_indices(len(X), 1)
    direct = np.log(np.mean(np.sqrt(((X[i] - X[j]) ** 2).sum(axis=1)) ** -s))
    assert value == pytest.approx(direct, rel=1e-12)
    h = 1e-7
    numeric = np.zeros_like(X)
    for k in range(X.size):
        E = np.zeros(X.size)
        E[k] = h
        E = E.reshape(X.shape)
        numeric.flat[k] = (riesz_energy(X + E, s)[0] - riesz_energy(X - E, s)[0]) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(PYMOO_MIN_DIST))
def test_pymoo_reference_distances(key):
    from pymoo.util.ref_dirs import get_reference_directions

    P = get_reference_directions("energy", *key, seed=1)
    assert pdist(P).min() == pytest.approx(PYMOO_MIN_DIST[key], rel=1e-9)
