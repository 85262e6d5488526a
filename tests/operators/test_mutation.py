"""PolynomialMutation: bounds, determinism, exact perturbation law, agreement with pymoo."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from paretix.operators import PolynomialMutation

ALPHA = 1e-3  # lenient KS level; every test uses fixed seeds


@st.composite
def box_populations(draw):
    """Finite bounds (some xl == xu) and a population inside them, values on the bounds included."""
    n_var = draw(st.integers(1, 5))
    xl = draw(arrays(np.float64, n_var, elements=st.floats(-1e3, 1e3)))
    width = draw(arrays(np.float64, n_var, elements=st.one_of(st.just(0.0), st.floats(1e-9, 1e3))))
    xu = xl + width
    n = draw(st.integers(0, 8))
    fracs = st.one_of(st.just(0.0), st.just(1.0), st.floats(0, 1))
    X = np.clip(xl + draw(arrays(np.float64, (n, n_var), elements=fracs)) * width, xl, xu)
    return xl, xu, X


@given(data=box_populations(), eta=st.floats(0, 100), seed=st.integers(0, 2**32 - 1))
def test_pm_inside_bounds_and_deterministic(data, eta, seed):
    xl, xu, X = data
    pm = PolynomialMutation(eta=eta, prob_var=1.0)
    Y = pm(X, xl, xu, np.random.default_rng(seed))
    assert Y.shape == X.shape and Y.dtype == np.float64
    assert np.all((Y >= xl) & (Y <= xu))
    assert np.all(Y[:, xl == xu] == X[:, xl == xu])
    np.testing.assert_array_equal(Y, pm(X, xl, xu, np.random.default_rng(seed)))


@given(data=box_populations(), seed=st.integers(0, 2**32 - 1))
def test_pm_without_mutation_returns_the_individuals(data, seed):
    xl, xu, X = data
    X0 = X.copy()
    for pm in (PolynomialMutation(prob=0.0, prob_var=1.0), PolynomialMutation(prob_var=0.0)):
        np.testing.assert_array_equal(pm(X, xl, xu, np.random.default_rng(seed)), X)
    PolynomialMutation(prob_var=1.0)(X, xl, xu, np.random.default_rng(seed))
    np.testing.assert_array_equal(X, X0)  # the input is never modified


def _pm_cdf(dq, d1, d2, eta):
    """Exact CDF of the normalised perturbation dq = (y - x) / (xu - xl) of bounded PM."""
    e = eta + 1.0
    c1, c2 = (1 - d1) ** e, (1 - d2) ** e
    dq = np.clip(dq, -d1, d2)
    low = ((1 + np.minimum(dq, 0)) ** e - c1) / (2 * (1 - c1))
    high = 1 - ((1 - np.maximum(dq, 0)) ** e - c2) / (2 * (1 - c2))
    return np.where(dq <= 0, low, high)


@pytest.mark.parametrize("eta", [5.0, 20.0])
def test_pm_perturbation_follows_its_law_near_and_far_from_bounds(eta):
    xl, xu = np.array([0.0, 0.0, 0.0, -1e3]), np.array([1.0, 1.0, 1.0, 1e3])
    x = np.array([0.01, 0.5, 0.97, 0.0])
    n = 5000
    X = np.tile(x, (n, 1))
    Y = PolynomialMutation(eta=eta, prob_var=1.0)(X, xl, xu, np.random.default_rng(0))
    dq = (Y - X) / (xu - xl)
    d1, d2 = (x - xl) / (xu - xl), (xu - x) / (xu - xl)
    for j in range(x.size):
        assert stats.kstest(dq[:, j], lambda t, j=j: _pm_cdf(t, d1[j], d2[j], eta)).pvalue > ALPHA, j
    # Far from the bounds (d1 = d2 = 1/2): the unbounded polynomial density (eta+1)(1-|t|)^eta / 2.
    far = lambda t: np.where(t <= 0, 0.5 * (1 + t) ** (eta + 1), 1 - 0.5 * (1 - t) ** (eta + 1))  # noqa: E731
    assert stats.kstest(dq[:, 3], far).pvalue > ALPHA
    counts, edges = np.histogram(dq[:, 3], bins=20, range=(-0.3, 0.3))
    mids = 0.5 * (edges[1:] + edges[:-1])
    expected = n * (edges[1] - edges[0]) * 0.5 * (eta + 1) * (1 - np.abs(mids)) ** eta
    keep = expected > 20
    assert stats.chisquare(counts[keep], expected[keep] * counts[keep].sum() / expected[keep].sum()).pvalue > ALPHA


@pytest.mark.parametrize("eta", [3.0, 20.0])
def test_pm_matches_pymoo_in_distribution(eta):
    from pymoo.operators.mutation.pm import mut_pm

    xl, xu = np.array([0.0, 0.0, 0.0, -5.0]), np.array([1.0, 1.0, 1.0, 5.0])
    x = np.array([0.0, 0.02, 0.6, 4.99])
    n = 5000
    X = np.tile(x, (n, 1))
    Y = PolynomialMutation(eta=eta, prob_var=1.0)(X, xl, xu, np.random.default_rng(1))
    P = mut_pm(X.copy(), xl, xu, np.full(n, eta), np.ones(n), at_least_once=False,
               random_state=np.random.default_rng(2))
    for j in range(x.size):
        assert stats.ks_2samp(Y[:, j], P[:, j]).pvalue > ALPHA, j


def test_pm_default_rates():
    n, n_var = 4000, 10
    X = np.full((n, n_var), 0.5)
    xl, xu = np.zeros(n_var), np.ones(n_var)
    changed = PolynomialMutation()(X, xl, xu, np.random.default_rng(3)) != X
    assert stats.binomtest(int(changed.sum()), n * n_var, 1 / n_var).pvalue > ALPHA
    changed = PolynomialMutation(prob=0.4, prob_var=0.5)(X, xl, xu, np.random.default_rng(4)) != X
    assert stats.binomtest(int(changed.sum()), n * n_var, 0.2).pvalue > ALPHA
    assert stats.binomtest(int(changed.any(axis=1).sum()), n, 0.4 * (1 - 0.5**n_var)).pvalue > ALPHA


def test_pm_rejects_bad_arguments():
    with pytest.raises(ValueError, match="eta must be >= 0.0"):
        PolynomialMutation(eta=-2)
    with pytest.raises(ValueError, match="prob must be <= 1.0"):
        PolynomialMutation(prob=2)
    with pytest.raises(ValueError, match="prob_var must be >= 0.0"):
        PolynomialMutation(prob_var=-1)
    with pytest.raises(TypeError, match="prob_var must be a real number"):
        PolynomialMutation(prob_var=True)
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"X\[0, 1\]=nan is outside"):
        PolynomialMutation()(np.array([[0.5, np.nan]]), np.zeros(2), np.ones(2), rng)
    with pytest.raises(ValueError, match=r"X must have shape \(n, n_var=2\), got \(4, 3\)"):
        PolynomialMutation()(np.zeros((4, 3)), np.zeros(2), np.ones(2), rng)


@pytest.mark.gpu
def test_cupy_population_stays_on_the_device():
    cp = pytest.importorskip("cupy")
    rng = cp.random.default_rng(0)
    xl, xu = cp.zeros(3), cp.asarray([1.0, 1.0, 0.0])
    X = rng.random((8, 3)) * xu
    Y = PolynomialMutation(prob_var=1.0)(X, xl, xu, rng)
    assert isinstance(Y, cp.ndarray) and Y.shape == (8, 3)
    assert bool(((Y >= xl) & (Y <= xu)).all())
