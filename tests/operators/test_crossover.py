"""SBX and DE/rand/1/bin: bounds, determinism, distributions (formulas and pymoo)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from paretix.operators import SBX, DifferentialEvolution

ALPHA = 1e-3  # lenient KS level; every test uses fixed seeds


@st.composite
def box_populations(draw, min_rows=1):
    """Finite bounds (some xl == xu) and two populations inside them, values on the bounds included."""
    n_var = draw(st.integers(1, 5))
    xl = draw(arrays(np.float64, n_var, elements=st.floats(-1e3, 1e3)))
    width = draw(arrays(np.float64, n_var, elements=st.one_of(st.just(0.0), st.floats(1e-9, 1e3))))
    xu = xl + width
    n = draw(st.integers(min_rows, 8))
    fracs = st.one_of(st.just(0.0), st.just(1.0), st.floats(0, 1))
    A = np.clip(xl + draw(arrays(np.float64, (n, n_var), elements=fracs)) * width, xl, xu)
    B = np.clip(xl + draw(arrays(np.float64, (n, n_var), elements=fracs)) * width, xl, xu)
    return xl, xu, A, B


# --- SBX -----------------------------------------------------------------------------------------


@given(data=box_populations(), eta=st.floats(0, 100), seed=st.integers(0, 2**32 - 1))
def test_sbx_children_inside_bounds_and_deterministic(data, eta, seed):
    xl, xu, A, B = data
    sbx = SBX(eta=eta, prob=1.0, prob_var=1.0)
    C1, C2 = sbx(A, B, xl, xu, np.random.default_rng(seed))
    assert C1.shape == C2.shape == A.shape
    for C in (C1, C2):
        assert np.all((C >= xl) & (C <= xu))
    D1, D2 = sbx(A, B, xl, xu, np.random.default_rng(seed))
    np.testing.assert_array_equal(C1, D1)
    np.testing.assert_array_equal(C2, D2)


@given(data=box_populations(), seed=st.integers(0, 2**32 - 1))
def test_sbx_without_crossing_copies_the_parents(data, seed):
    xl, xu, A, B = data
    for sbx in (SBX(prob=0.0), SBX(prob=1.0, prob_var=0.0)):
        C1, C2 = sbx(A, B, xl, xu, np.random.default_rng(seed))
        np.testing.assert_array_equal(C1, A)
        np.testing.assert_array_equal(C2, B)


def test_sbx_leaves_close_and_degenerate_variables_unchanged():
    xl, xu = np.array([0.0, 1.0, 0.0]), np.array([1.0, 1.0, 1.0])
    A = np.tile([0.3, 1.0, 0.5], (50, 1))
    B = np.tile([0.3 + 5e-15, 1.0, 0.9], (50, 1))
    C1, C2 = SBX(prob=1.0, prob_var=1.0)(A, B, xl, xu, np.random.default_rng(0))
    np.testing.assert_array_equal(C1[:, :2], A[:, :2])
    np.testing.assert_array_equal(C2[:, :2], B[:, :2])
    assert np.any(C1[:, 2] != A[:, 2])


def _spread_cdf(beta, eta):
    beta = np.asarray(beta)
    return np.where(beta <= 1, 0.5 * beta ** (eta + 1), 1 - 0.5 * np.minimum(beta, 1e300) ** -(eta + 1))


@pytest.mark.parametrize("eta", [2.0, 15.0])
def test_sbx_spread_factor_far_from_bounds(eta):
    # Bounds 1e6 away: alpha = 2 to machine precision, the bounded form is the unbounded one.
    n = 4000
    a, b = np.array([0.4, -3.0, 7.0]), np.array([0.6, 1.0, 7.5])
    A, B = np.tile(a, (n, 1)), np.tile(b, (n, 1))
    xl, xu = np.full(3, -1e6), np.full(3, 1e6)
    C1, C2 = SBX(eta=eta, prob=1.0, prob_var=1.0)(A, B, xl, xu, np.random.default_rng(42))
    y1, y2 = np.minimum(a, b), np.maximum(a, b)
    low, high = np.minimum(C1, C2), np.maximum(C1, C2)
    beta_low = (y1 + y2 - 2 * low) / (y2 - y1)  # the lower child's spread factor
    beta = (high - low) / (y2 - y1)  # the children's spread |c2 - c1| / |p2 - p1|
    for j in range(3):
        assert stats.kstest(beta_low[:, j], lambda x: _spread_cdf(x, eta)).pvalue > ALPHA
        assert stats.kstest(beta[:, j], lambda x: _spread_cdf(x, eta)).pvalue > ALPHA
    # Mean-preserving: c1 + c2 = a + b for every pair and variable.
    np.testing.assert_allclose(C1 + C2, A + B, rtol=0, atol=1e-9)


def test_sbx_swap_probability():
    n = 4000
    A, B = np.zeros((n, 1)), np.ones((n, 1))
    xl, xu = np.array([-1e6]), np.array([1e6])
    # No swap: C1 stays on A's side; full swap: on B's side; 0.5: each side half of the time.
    C1, _ = SBX(prob=1.0, prob_var=1.0, prob_swap=0.0)(A, B, xl, xu, np.random.default_rng(1))
    assert np.all(C1 <= 0.5)
    C1, _ = SBX(prob=1.0, prob_var=1.0, prob_swap=1.0)(A, B, xl, xu, np.random.default_rng(1))
    assert np.all(C1 >= 0.5)
    C1, _ = SBX(prob=1.0, prob_var=1.0)(A, B, xl, xu, np.random.default_rng(1))
    assert stats.binomtest(int((C1 < 0.5).sum()), n, 0.5).pvalue > ALPHA


def test_sbx_pair_and_variable_probabilities():
    n, n_var = 3000, 4
    A, B = np.zeros((n, n_var)), np.ones((n, n_var))
    xl, xu = np.full(n_var, -1.0), np.full(n_var, 2.0)
    C1, _ = SBX(prob=0.7, prob_var=0.3)(A, B, xl, xu, np.random.default_rng(5))
    changed = C1 != A
    # A pair is crossed with prob 0.7 and a variable of it with 0.3 (an unswapped child may come
    # out exactly equal only with probability 0).
    assert stats.binomtest(int(changed.sum()), n * n_var, 0.7 * 0.3).pvalue > ALPHA


def _pymoo_sbx(A, B, xl, xu, eta, seed):
    from pymoo.operators.crossover.sbx import cross_sbx

    n = len(A)
    Q = cross_sbx(np.stack([A, B]), xl, xu, np.full((n, 1), eta), np.ones((n, 1)), np.full((n, 1), 0.5),
                  random_state=np.random.default_rng(seed))
    return Q[0], Q[1]


@pytest.mark.parametrize("eta", [3.0, 15.0])
def test_sbx_matches_pymoo_in_distribution(eta):
    # Near the lower bound, in the middle, near the upper bound, and straddling a wide box.
    xl, xu = np.array([0.0, 0.0, 0.0, -5.0]), np.array([1.0, 1.0, 1.0, 5.0])
    a, b = np.array([0.02, 0.5, 0.3, 4.9]), np.array([0.1, 0.6, 0.98, -4.0])
    n = 5000
    A, B = np.tile(a, (n, 1)), np.tile(b, (n, 1))
    C1, C2 = SBX(eta=eta, prob=1.0, prob_var=1.0)(A, B, xl, xu, np.random.default_rng(1))
    P1, P2 = _pymoo_sbx(A, B, xl, xu, eta, seed=2)
    for j in range(a.size):
        assert stats.ks_2samp(C1[:, j], P1[:, j]).pvalue > ALPHA, j
        assert stats.ks_2samp(C2[:, j], P2[:, j]).pvalue > ALPHA, j
        # joint behaviour: the lower child of each pair
        assert stats.ks_2samp(np.minimum(C1, C2)[:, j], np.minimum(P1, P2)[:, j]).pvalue > ALPHA, j


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"eta": -1}, "eta must be >= 0.0"),
        ({"prob": 1.5}, "prob must be <= 1.0"),
        ({"prob_var": -0.1}, "prob_var must be >= 0.0"),
        ({"prob_swap": np.nan}, "prob_swap must be finite"),
    ],
)
def test_sbx_rejects_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SBX(**kwargs)


def test_sbx_rejects_bad_inputs():
    rng = np.random.default_rng(0)
    xl, xu = np.zeros(2), np.ones(2)
    with pytest.raises(ValueError, match="same shape"):
        SBX()(np.zeros((3, 2)), np.zeros((2, 2)), xl, xu, rng)
    with pytest.raises(ValueError, match=r"A\[1, 0\]=2.0 is outside \[0.0, 1.0\]"):
        SBX()(np.array([[0.5, 0.5], [2.0, 0.5]]), np.zeros((2, 2)), xl, xu, rng)
    with pytest.raises(ValueError, match=r"B must have shape \(n, n_var=2\)"):
        SBX()(np.zeros((2, 2)), np.zeros(2), xl, xu, rng)
    with pytest.raises(TypeError, match="rng must be"):
        SBX()(np.zeros((2, 2)), np.zeros((2, 2)), xl, xu, 0)


# --- DE/rand/1/bin -------------------------------------------------------------------------------


@given(data=box_populations(min_rows=4), F=st.floats(0.01, 3.0), CR=st.floats(0, 1),
       n=st.one_of(st.none(), st.integers(0, 12)), seed=st.integers(0, 2**32 - 1))
def test_de_trials_inside_bounds_and_deterministic(data, F, CR, n, seed):
    xl, xu, X, _ = data
    de = DifferentialEvolution(F=F, CR=CR)
    T = de(X, xl, xu, np.random.default_rng(seed), n=n)
    assert T.shape == (len(X) if n is None else n, X.shape[1])
    assert np.all((T >= xl) & (T <= xu))
    np.testing.assert_array_equal(T, de(X, xl, xu, np.random.default_rng(seed), n=n))


def test_de_donors_are_distinct_from_each_other_and_the_target():
    # X = identity: with CR = 1 the trial is e_r1 + F (e_r2 - e_r3), which reveals r1, r2, r3.
    N = 7
    X = np.eye(N)
    T = DifferentialEvolution(F=0.5, CR=1.0)(X, np.full(N, -1.0), np.full(N, 1.0), np.random.default_rng(0), n=700)
    target = np.arange(700) % N
    assert np.all((T == 1.0).sum(axis=1) == 1)
    assert np.all((T == 0.5).sum(axis=1) == 1)
    assert np.all((T == -0.5).sum(axis=1) == 1)
    assert np.all(T[np.arange(700), target] == 0.0)
    # r1 is uniform over the N - 1 other individuals
    r1 = np.argmax(T == 1.0, axis=1)
    counts = np.array([np.bincount((r1[target == i] - i) % N, minlength=N)[1:] for i in range(N)]).ravel()
    assert stats.chisquare(counts).pvalue > ALPHA


def test_de_binomial_crossover_takes_at_least_one_mutant_component():
    rng = np.random.default_rng(3)
    X = rng.random((20, 6))
    xl, xu = np.full(6, -10.0), np.full(6, 10.0)  # no repair
    T = DifferentialEvolution(CR=0.0)(X, xl, xu, rng)
    assert np.all((T != X).sum(axis=1) == 1)
    T = DifferentialEvolution(CR=0.5)(X, xl, xu, rng, n=2000)
    frac = (T != X[np.arange(2000) % 20]).mean()
    assert abs(frac - (0.5 + 0.5 / 6)) < 0.03


def test_de_repair_redraws_between_base_and_bound():
    # X = identity on [0, 1]: v = e_r1 + 1.5 (e_r2 - e_r3) exceeds 1 at r2 (base value 0) and is
    # below 0 at r3 (base value 0). Repair gives 1 - u (uniform on (0, 1]) and exactly 0.
    N = 6
    T = DifferentialEvolution(F=1.5, CR=1.0)(np.eye(N), np.zeros(N), np.ones(N), np.random.default_rng(9), n=3000)
    assert np.all((T >= 0) & (T <= 1))
    assert np.all((T == 1.0).sum(axis=1) >= 1)  # the base component
    interior = T[(T > 0) & (T < 1)]
    assert interior.size >= 2900
    assert stats.kstest(interior, "uniform").pvalue > ALPHA


def test_de_needs_four_individuals_and_valid_parameters():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"len\(X\) >= 4.*got 3"):
        DifferentialEvolution()(np.zeros((3, 2)), np.zeros(2), np.ones(2), rng)
    with pytest.raises(ValueError, match="F must be > 0.0"):
        DifferentialEvolution(F=0)
    with pytest.raises(ValueError, match="CR must be <= 1.0"):
        DifferentialEvolution(CR=2)
    with pytest.raises(TypeError, match="F must be a real number"):
        DifferentialEvolution(F="0.5")
    with pytest.raises(ValueError, match="n must be >= 0"):
        DifferentialEvolution()(np.zeros((5, 2)), np.zeros(2), np.ones(2), rng, n=-1)


@pytest.mark.gpu
def test_cupy_populations_stay_on_the_device():
    cp = pytest.importorskip("cupy")
    rng = cp.random.default_rng(0)
    xl, xu = cp.zeros(3), cp.asarray([1.0, 1.0, 0.0])
    A = rng.random((8, 3)) * xu
    B = rng.random((8, 3)) * xu
    C1, C2 = SBX(prob=1.0, prob_var=1.0)(A, B, xl, xu, rng)
    T = DifferentialEvolution()(A, xl, xu, rng, n=12)
    for C, rows in ((C1, 8), (C2, 8), (T, 12)):
        assert isinstance(C, cp.ndarray) and C.shape == (rows, 3)
        assert bool(((C >= xl) & (C <= xu)).all())
