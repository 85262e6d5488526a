"""Hypervolume and indicator entry points: hand-computed values, conventions, bad input."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import paretix
from paretix import indicators
from paretix.kernels import BackendUnavailableError, status
from paretix.kernels.hv import KERNELS, HypervolumeEstimate

inf = np.inf
BACKENDS = [b for b in KERNELS["hypervolume"].backends() if status(b).available]
FUNCS = {
    "hypervolume": lambda pts, **kw: paretix.hypervolume(pts, **kw),
    "hv_contributions": lambda pts, **kw: paretix.hv_contributions(pts, **kw),
    "hypervolume_mc": lambda pts, **kw: paretix.hypervolume_mc(pts, seed=0, n_samples=10, **kw),
}


@pytest.fixture(params=sorted(FUNCS))
def func(request):
    return FUNCS[request.param]


# --- hand-computed values ------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_staircase_2d(backend):
    pts = [[1, 3], [2, 2], [3, 1]]
    assert paretix.hypervolume(pts, ref=4, backend=backend) == 6.0
    np.testing.assert_array_equal(paretix.hv_contributions(pts, ref=4, backend=backend), [1, 1, 1])


@pytest.mark.parametrize("backend", BACKENDS)
def test_one_dimension(backend):
    pts = [[3.0], [1.0], [1.0], [2.0], [9.0]]
    assert paretix.hypervolume(pts, ref=5, backend=backend) == 4.0
    np.testing.assert_array_equal(paretix.hv_contributions(pts, ref=5, backend=backend), [0, 0, 0, 0, 0])
    np.testing.assert_array_equal(paretix.hv_contributions(pts[:1] + pts[2:], ref=5, backend=backend), [0, 4, 0, 0])
    # with the dominated points: removing 1 leaves 2 as the best
    np.testing.assert_array_equal(
        paretix.hv_contributions([[3.0], [1.0], [2.0]], ref=5, ignore_dominated=False, backend=backend), [0, 1, 0]
    )


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("d", [3, 4, 5, 6])
def test_unit_corners(backend, d):
    # The d unit vectors e_i and ref 2: each box [e_i, 2)^d has volume 1 * 2^(d-1); the union by
    # inclusion-exclusion is sum_k (-1)^(k+1) C(d, k) * 1^k * 2^(d-k).
    from math import comb

    pts = np.eye(d)
    expected = sum((-1) ** (k + 1) * comb(d, k) * 2 ** (d - k) for k in range(1, d + 1))
    assert paretix.hypervolume(pts, ref=2, backend=backend) == pytest.approx(expected, rel=1e-14)
    # each e_i alone covers the part where x_i < 1 and every other x_j >= 1: 1 * 1^(d-1)
    np.testing.assert_allclose(paretix.hv_contributions(pts, ref=2, backend=backend), np.ones(d), rtol=1e-14)


@pytest.mark.parametrize("backend", BACKENDS)
def test_contribution_of_a_dominated_point_without_ignore(backend):
    # (2, 2) is dominated by (1, 1) only: it takes (3-2)*(3-2) = 1 from (1, 1)'s 4.
    pts = [[1, 1], [2, 2]]
    np.testing.assert_array_equal(paretix.hv_contributions(pts, ref=3, backend=backend), [4, 0])
    np.testing.assert_array_equal(paretix.hv_contributions(pts, ref=3, ignore_dominated=False, backend=backend), [3, 0])
    pts3 = [[1, 1, 1], [2, 2, 2]]
    np.testing.assert_array_equal(paretix.hv_contributions(pts3, ref=3, ignore_dominated=False, backend=backend), [7, 0])


# --- conventions -------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_points_outside_ref_count_nothing(backend):
    pts = [[1, 3], [2, 2], [3, 1], [4, 0], [0, 5], [5, 5]]  # last three: on or past the boundary
    assert paretix.hypervolume(pts, ref=4, backend=backend) == 6.0
    np.testing.assert_array_equal(paretix.hv_contributions(pts, ref=4, backend=backend), [1, 1, 1, 0, 0, 0])
    assert paretix.hypervolume([[5, 5]], ref=4, backend=backend) == 0.0


@pytest.mark.parametrize("backend", BACKENDS)
def test_empty_set_gives_zero(backend):
    for d in (1, 2, 3, 5):
        assert paretix.hypervolume(np.empty((0, d)), ref=1, backend=backend) == 0.0
        assert paretix.hv_contributions(np.empty((0, d)), ref=1, backend=backend).shape == (0,)
        est = paretix.hypervolume_mc(np.empty((0, d)), ref=1, seed=1, backend=backend)
        assert est.value == 0.0 and est.n_dominated == 0


def test_scalar_ref_is_broadcast():
    pts = np.array([[0.2, 0.4, 0.1], [0.3, 0.1, 0.5]])
    assert paretix.hypervolume(pts, ref=1.5) == paretix.hypervolume(pts, ref=[1.5, 1.5, 1.5])
    assert paretix.hypervolume(pts, ref=np.float32(1.5)) == paretix.hypervolume(pts, ref=[1.5] * 3)


@pytest.mark.parametrize("backend", BACKENDS)
def test_maximise_flips_objectives(backend):
    pts = np.array([[1.0, 3.0], [2.0, 2.0], [3.0, 1.0]])
    assert paretix.hypervolume(pts, ref=[0, 0], maximise=True, backend=backend) == 6.0
    assert paretix.hypervolume(pts * [1, -1], ref=[0, 0], maximise=[True, False], backend=backend) == 6.0
    np.testing.assert_array_equal(
        paretix.hv_contributions(pts, ref=0, maximise=True, backend=backend), [1, 1, 1]
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_infinite_boxes(backend):
    assert paretix.hypervolume([[-inf, 1.0], [0.5, 0.5]], ref=2, backend=backend) == inf
    assert paretix.hypervolume([[1.0, 1.0]], ref=[inf, 2], backend=backend) == inf
    assert paretix.hypervolume([[inf, 1.0], [1.0, 1.0]], ref=2, backend=backend) == 1.0  # +inf is outside
    assert paretix.hypervolume([[1.0, 1.0]], ref=[-inf, 2], backend=backend) == 0.0
    with pytest.raises(ValueError, match=r"hv_contributions: points row 0 has an infinite coordinate"):
        paretix.hv_contributions([[-inf, 1.0]], ref=2, backend=backend)
    with pytest.raises(ValueError, match=r"hypervolume_mc needs a finite ref.*ref\[0\] = inf"):
        paretix.hypervolume_mc([[1.0, 1.0]], ref=[inf, 2], backend=backend)


def test_large_2d_and_3d_fronts_are_exact():
    # A staircase whose hypervolume is known in closed form: points (i, n - i) / n, ref (1, 1).
    n = 100_000
    i = np.arange(1, n)
    pts = np.column_stack([i, n - i]) / n
    expected = sum(1.0 / n * (1 - k / n) for k in range(1, n))  # slabs (x_{k+1}-x_k) * (1 - y_k)
    assert paretix.hypervolume(pts, ref=1) == pytest.approx(expected, rel=1e-12)
    pts3 = np.column_stack([pts, np.zeros(n - 1)])
    assert paretix.hypervolume(pts3, ref=1) == pytest.approx(expected, rel=1e-12)


# --- bad input -----------------------------------------------------------------------------------------


def test_nan_in_points_is_rejected(func):
    with pytest.raises(ValueError, match=r"points contains NaN \(first at row 1, column 0\)"):
        func([[0.1, 0.2], [np.nan, 0.1]], ref=1)


def test_nan_in_ref_is_rejected(func):
    with pytest.raises(ValueError, match=r"ref contains NaN \(at index 1\)"):
        func([[0.1, 0.2]], ref=[1.0, np.nan])


def test_ref_length_mismatch_names_both_lengths(func):
    with pytest.raises(ValueError, match=r"ref has 3 values but points have 2 objectives"):
        func([[0.1, 0.2]], ref=[1, 1, 1])


def test_ref_bad_shape_and_type(func):
    with pytest.raises(ValueError, match=r"ref must be a scalar or a 1-D array.*got shape \(1, 2\)"):
        func([[0.1, 0.2]], ref=[[1, 1]])
    with pytest.raises(TypeError, match=r"ref must be a real number"):
        func([[0.1, 0.2]], ref="1")


def test_ref_is_required():
    with pytest.raises(TypeError):
        paretix.hypervolume([[0.1, 0.2]])  # type: ignore[call-arg]


def test_points_are_positional_only_and_options_keyword_only():
    with pytest.raises(TypeError):
        paretix.hypervolume(points=[[0.1, 0.2]], ref=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        paretix.hv_contributions([[0.1, 0.2]], 1, False)  # type: ignore[misc]


def test_one_dimensional_points_get_a_reshape_hint(func):
    with pytest.raises(ValueError, match=r"1-D array of length 2.*reshape\(1, -1\)"):
        func([0.1, 0.2], ref=1)


def test_maximise_length_mismatch(func):
    with pytest.raises(ValueError, match=r"maximise has 3 entries but points have 2 objectives"):
        func([[0.1, 0.2]], ref=1, maximise=[True, False, True])


def test_unknown_backend_is_rejected():
    with pytest.raises(ValueError, match=r"backend must be one of"):
        paretix.hypervolume([[0.1, 0.2]], ref=1, backend="gpu")
    with pytest.raises(BackendUnavailableError, match=r"hypervolume has no 'cuda' implementation"):
        paretix.hypervolume([[0.1, 0.2]], ref=1, backend="cuda")


@pytest.mark.parametrize("n_samples, exc, msg", [
    (0, ValueError, r"n_samples must be >= 1, got 0"),
    (1.5, TypeError, r"n_samples must be a positive int, got 1.5"),
    (True, TypeError, r"n_samples must be a positive int"),
])
def test_monte_carlo_bad_n_samples(n_samples, exc, msg):
    with pytest.raises(exc, match=msg):
        paretix.hypervolume_mc([[0.1, 0.2]], ref=1, n_samples=n_samples, seed=1)


@pytest.mark.parametrize("seed, exc, msg", [
    (-1, ValueError, r"seed must be in \[0, 2\*\*64\), got -1"),
    (1.0, TypeError, r"seed must be an int >= 0, a numpy.random.Generator or None, got 1.0"),
])
def test_monte_carlo_bad_seed(seed, exc, msg):
    with pytest.raises(exc, match=msg):
        paretix.hypervolume_mc([[0.1, 0.2]], ref=1, seed=seed)


# --- Monte Carlo ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_monte_carlo_estimate_is_within_its_error(backend):
    pts = np.array([[1.0, 3.0], [2.0, 2.0], [3.0, 1.0]])
    est = paretix.hypervolume_mc(pts, ref=4, n_samples=50_000, seed=7, backend=backend)
    assert isinstance(est, HypervolumeEstimate) and est.n_samples == 50_000
    # box [1, 4)^2 = 9, true fraction 6/9: SE = 9 sqrt(f (1 - f) / (N - 1))
    assert est.std_error == pytest.approx(9 * np.sqrt(6 / 9 * 3 / 9 / 49_999), rel=0.02)
    assert abs(est.value - 6.0) < 4 * est.std_error


def test_monte_carlo_seeds():
    pts = [[0.2, 0.5], [0.5, 0.2]]
    a = paretix.hypervolume_mc(pts, ref=1, seed=3)
    assert a == paretix.hypervolume_mc(pts, ref=1, seed=3)
    assert a != paretix.hypervolume_mc(pts, ref=1, seed=4)
    g1, g2 = np.random.default_rng(5), np.random.default_rng(5)
    assert paretix.hypervolume_mc(pts, ref=1, seed=g1) == paretix.hypervolume_mc(pts, ref=1, seed=g2)
    assert paretix.hypervolume_mc(pts, ref=1, n_samples=1, seed=1).std_error != paretix.hypervolume_mc(
        pts, ref=1, n_samples=1, seed=1).std_error  # NaN for a single sample


def test_monte_carlo_streams_samples():
    # 10^6 samples x 2000 points x 8 objectives would be 128 GB as one array.
    rng = np.random.default_rng(0)
    pts = rng.random((2000, 8)) * 0.1 + 0.5
    est = paretix.hypervolume_mc(pts, ref=1, n_samples=10**5, seed=1)
    assert 0 < est.value <= float(np.prod(1 - pts.min(axis=0)))


# --- indicators ----------------------------------------------------------------------------------------

A = np.array([[3.5, 5.5], [3.6, 4.1], [4.1, 3.2], [5.5, 1.5]])
R = np.array([[1, 6], [2, 5], [3, 4], [4, 3], [5, 2], [6, 1]], dtype=float)


def test_igd_and_gd_by_hand():
    ref_set = [[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]]
    approx = [[0.0, 1.0], [1.0, 0.0]]
    assert indicators.igd(approx, ref=ref_set) == pytest.approx(np.sqrt(0.5) / 3)
    assert indicators.igd_plus(approx, ref=ref_set) == pytest.approx(0.5 / 3)
    assert indicators.gd(approx, ref=ref_set) == 0.0
    assert indicators.gd_plus([[0, 2], [0.5, 0.5]], ref=[[0, 1], [1, 0]]) == pytest.approx(0.75)
    assert indicators.gd([[0, 2], [2, 0]], ref=[[0, 1], [1, 0]]) == 1.0


def test_epsilon_by_hand():
    assert indicators.epsilon_additive(A, ref=R) == 2.5
    assert indicators.epsilon_multiplicative(A, ref=R) == 3.5
    assert indicators.epsilon_additive(R, ref=R) == 0.0
    assert indicators.epsilon_multiplicative(R, ref=R) == 1.0
    assert indicators.epsilon_additive(R - 1, ref=R) == -1.0  # better than the reference


def test_indicator_empty_sets():
    assert indicators.igd(np.empty((0, 2)), ref=R) == inf
    assert indicators.epsilon_additive(np.empty((0, 2)), ref=R) == inf
    with pytest.raises(ValueError, match=r"gd needs at least one point in points"):
        indicators.gd(np.empty((0, 2)), ref=R)
    with pytest.raises(ValueError, match=r"ref must hold at least one reference point"):
        indicators.igd(A, ref=np.empty((0, 2)))


@pytest.mark.parametrize("fn", [indicators.igd, indicators.igd_plus, indicators.gd, indicators.gd_plus,
                                indicators.epsilon_additive, indicators.epsilon_multiplicative])
def test_indicator_bad_input(fn):
    with pytest.raises(ValueError, match=r"points have 2 objectives but ref has 3"):
        fn(A, ref=np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"ref contains NaN"):
        fn(A, ref=[[1.0, np.nan]])
    with pytest.raises(ValueError, match=r"points must be finite, got inf at row 0, column 1"):
        fn([[1.0, inf]], ref=R)


def test_epsilon_multiplicative_needs_positive_values():
    with pytest.raises(ValueError, match=r"strictly positive values, got ref\[0, 0\] = 0.0"):
        indicators.epsilon_multiplicative(A, ref=[[0.0, 1.0]])


def test_hypervolume_object():
    hv = indicators.Hypervolume(ref=[4, 4])
    assert hv([[1, 3], [2, 2], [3, 1]]) == 6.0
    assert hv.contributions([[1, 3], [2, 2], [3, 1]]).tolist() == [1.0, 1.0, 1.0]
    assert repr(hv) == "Hypervolume(ref=[4.0, 4.0], maximise=False)"
    assert indicators.Hypervolume(ref=0, maximise=True)([[1, 3], [2, 2], [3, 1]]) == 6.0
    with pytest.raises(ValueError, match=r"ref has 2 values but points have 3 objectives"):
        hv([[1, 2, 3]])
    with pytest.raises(ValueError, match=r"ref contains NaN"):
        indicators.Hypervolume(ref=[1, np.nan])
    with pytest.raises(ValueError, match=r"maximise has 3 entries but points have 2 objectives"):
        indicators.Hypervolume(ref=[1, 1], maximise=[True, True, False])


def test_module_doctests():
    from paretix.indicators import _distance, _epsilon, _hypervolume
    from paretix.kernels import hv

    for module in (hv, _distance, _epsilon, _hypervolume):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, report=False)
        assert result.failed == 0, module.__name__
