"""RandomSampling and LatinHypercubeSampling: bounds, shapes, determinism, stratification."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from paretix.operators import LatinHypercubeSampling, RandomSampling

SAMPLERS = [RandomSampling(), LatinHypercubeSampling()]


@st.composite
def boxes(draw):
    """Finite bounds, some components degenerate (xl == xu)."""
    n_var = draw(st.integers(1, 5))
    xl = draw(arrays(np.float64, n_var, elements=st.floats(-1e3, 1e3)))
    width = draw(arrays(np.float64, n_var, elements=st.one_of(st.just(0.0), st.floats(1e-9, 1e3))))
    return xl, xl + width


@pytest.mark.parametrize("sampler", SAMPLERS, ids=repr)
@given(box=boxes(), n=st.integers(0, 20), seed=st.integers(0, 2**32 - 1))
def test_inside_bounds_shape_and_deterministic(sampler, box, n, seed):
    xl, xu = box
    X = sampler(n, xl, xu, np.random.default_rng(seed))
    assert X.shape == (n, xl.size) and X.dtype == np.float64
    assert np.all((X >= xl) & (X <= xu))
    assert np.all(X[:, xl == xu] == xl[xl == xu])
    np.testing.assert_array_equal(X, sampler(n, xl, xu, np.random.default_rng(seed)))


@given(n=st.integers(1, 60), n_var=st.integers(1, 6), seed=st.integers(0, 2**32 - 1))
def test_lhs_hits_every_stratum_once_per_variable(n, n_var, seed):
    X = LatinHypercubeSampling()(n, np.zeros(n_var), np.ones(n_var), np.random.default_rng(seed))
    strata = np.floor(X * n).astype(int)
    for j in range(n_var):
        assert sorted(strata[:, j].tolist()) == list(range(n))


def test_lhs_stratification_on_a_shifted_box():
    xl, xu = np.array([-3.0, 10.0]), np.array([5.0, 10.5])
    n = 40
    X = LatinHypercubeSampling()(n, xl, xu, np.random.default_rng(7))
    strata = np.floor((X - xl) / (xu - xl) * n).astype(int)
    for j in range(2):
        assert np.array_equal(np.sort(strata[:, j]), np.arange(n))


def test_lhs_permutations_are_independent_across_variables():
    # The pairing of strata between two variables is a uniform random permutation: the rank
    # correlation over many draws is centred on 0 (not always +1, as with shared permutations).
    rng = np.random.default_rng(3)
    rhos = [stats.spearmanr(*LatinHypercubeSampling()(30, [0, 0], [1, 1], rng).T).statistic for _ in range(200)]
    assert abs(np.mean(rhos)) < 0.05
    assert np.std(rhos) > 0.1


def test_positions_within_strata_and_random_sampling_are_uniform():
    rng = np.random.default_rng(11)
    n = 50
    X = LatinHypercubeSampling()(n, [0.0], [1.0], rng)
    within = X[:, 0] * n - np.floor(X[:, 0] * n)
    pooled = np.concatenate([within] + [
        (lambda x: x * n - np.floor(x * n))(LatinHypercubeSampling()(n, [0.0], [1.0], rng)[:, 0])
        for _ in range(40)
    ])
    assert stats.kstest(pooled, "uniform").pvalue > 1e-3
    U = RandomSampling()(5000, [-2.0, 0.0], [2.0, 1.0], rng)
    assert stats.kstest(U[:, 0], stats.uniform(loc=-2, scale=4).cdf).pvalue > 1e-3
    assert stats.kstest(U[:, 1], "uniform").pvalue > 1e-3


@pytest.mark.parametrize("sampler", SAMPLERS, ids=repr)
def test_rejects_bad_arguments(sampler):
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"xl\[1\]=2.0, xu\[1\]=1.0"):
        sampler(3, [0, 2], [1, 1], rng)
    with pytest.raises(ValueError, match="finite"):
        sampler(3, [0, -np.inf], [1, 1], rng)
    with pytest.raises(ValueError, match="same length"):
        sampler(3, [0, 0], [1], rng)
    with pytest.raises(ValueError, match="n must be >= 0"):
        sampler(-1, [0], [1], rng)
    with pytest.raises(TypeError, match="n must be an int"):
        sampler(2.0, [0], [1], rng)
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        sampler(2, [0], [1], np.random.RandomState(0))


@pytest.mark.gpu
@pytest.mark.parametrize("sampler", SAMPLERS, ids=repr)
def test_cupy_bounds_give_device_arrays(sampler):
    cp = pytest.importorskip("cupy")
    xl, xu = cp.asarray([0.0, -1.0, 2.0]), cp.asarray([1.0, 1.0, 2.0])
    for rng in (cp.random.default_rng(0), np.random.default_rng(0)):
        X = sampler(16, xl, xu, rng)
        assert isinstance(X, cp.ndarray) and X.shape == (16, 3)
        assert bool(((X >= xl) & (X <= xu)).all())
