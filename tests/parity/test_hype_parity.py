"""Every usable backend of the HypE kernels against each other and the NumPy reference.

Monte Carlo fitness and greedy removal: identical on every backend (the same sample stream, the
same sums in the same order; the reference adds in sample order with ``np.add.at``). Exact
fitness: ``native`` and ``numba`` identical, the reference (inclusion over the grid of all
coordinates) equal to 1e-12 relative. Inputs have ties, duplicates, dominated points and points
outside the reference box.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import paretix
from paretix.kernels import hype_fitness, hype_greedy, status
from paretix.kernels.hype import KERNELS

FAST = [b for b in KERNELS["hype_fitness_mc"].backends() if b != "reference" and status(b).available]
ALL = [*FAST, "reference"]


def mixed(n: int, d: int, seed: int) -> np.ndarray:
    """A concave front with duplicates, dominated points, ties (a coarse grid) and outsiders."""
    rng = np.random.default_rng([seed, n, d])
    w = np.abs(rng.standard_normal((n, d))) + 1e-3
    base = w / np.linalg.norm(w, axis=1, keepdims=True)
    k = max(1, n // 4)
    pts = np.concatenate([
        base,
        base[rng.integers(0, n, k)],                              # duplicates
        base[rng.integers(0, n, k)] + rng.random((k, d)) * 0.2,   # dominated
        np.round(base[rng.integers(0, n, k)] * 4) / 4,            # ties in every objective
        base[rng.integers(0, n, 2)] + 0.5,                        # outside ref = 1.1
    ])
    return np.ascontiguousarray(pts[rng.permutation(len(pts))])


def _raw_mc(backend, pts, ref, k, n_samples, seed):
    return KERNELS["hype_fitness_mc"]._load(backend)(pts, np.asarray(ref, dtype=float), k, n_samples, seed)


@pytest.mark.parametrize("d", [1, 2, 3, 5])
@pytest.mark.parametrize("k_frac", [0.0, 0.5, 1.0])
def test_mc_fitness_identical_on_every_backend(d, k_frac):
    pts = mixed(12, d, seed=1)
    n = len(pts)
    k = max(1, int(round(k_frac * n)))
    results = [_raw_mc(b, pts, np.full(d, 1.1), k, 3000, 17) for b in ALL]
    for fit, hits in results[1:]:
        np.testing.assert_array_equal(fit, results[0][0])
        assert hits == results[0][1]
    assert results[0][1] > 0
    if k == n:  # every dominated sample counts
        assert (results[0][0] > 0).any()


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize("d", [2, 3, 4])
def test_mc_counts_are_those_of_hypervolume_mc(backend, d):
    # The same samples: as many dominated samples as hypervolume_mc counts, and with k = |P|
    # (alpha_c = 1/c) the fitness sums to its estimate (hits * V / M).
    pts = mixed(15, d, seed=2)
    est = paretix.hypervolume_mc(pts, ref=1.1, n_samples=5000, seed=123)
    fit, hits = _raw_mc(backend, pts, np.full(d, 1.1), len(pts), 5000, 123)
    assert hits == est.n_dominated > 0
    assert abs(fit.sum() - est.value) <= 1e-12 * est.value
    assert fit.sum() == pytest.approx(hits * est.value / est.n_dominated, rel=1e-12)


@pytest.mark.parametrize("backend", FAST)
@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("seed", range(3))
def test_exact_fitness_matches_brute_force_grid(backend, d, seed):
    pts = mixed(9 if d == 3 else 14, d, seed)
    n = len(pts)
    for k in (1, 2, n // 2, n):
        expected = hype_fitness(pts, ref=1.1, k=k, method="exact", backend="reference")
        got = hype_fitness(pts, ref=1.1, k=k, method="exact", backend=backend)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
        assert ((got == 0) == (expected == 0)).all()
        others = [hype_fitness(pts, ref=1.1, k=k, method="exact", backend=b) for b in FAST]
        for o in others:
            np.testing.assert_array_equal(o, got)


@pytest.mark.parametrize("d", [2, 3])
def test_exact_k1_is_the_exclusive_contribution(d):
    pts = mixed(20, d, seed=5)
    ref = np.full(d, 1.1)
    got = hype_fitness(pts, ref=ref, k=1, method="exact")
    expected = paretix.hv_contributions(pts, ref=ref, ignore_dominated=False)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("d", [2, 3])
def test_exact_k_n_sums_to_the_hypervolume(d):
    pts = mixed(30, d, seed=6)
    got = hype_fitness(pts, ref=1.1, k=len(pts), method="exact")
    assert got.sum() == pytest.approx(paretix.hypervolume(pts, ref=1.1), rel=1e-12)


@pytest.mark.parametrize("d", [2, 3])
def test_monte_carlo_converges_to_exact(d):
    rng = np.random.default_rng(d)
    w = np.abs(rng.standard_normal((25, d)))
    pts = w / np.linalg.norm(w, axis=1, keepdims=True)
    exact = hype_fitness(pts, ref=1.1, k=5, method="exact")
    box = np.prod(1.1 - pts.min(axis=0))
    errs = []
    for n_samples in (4_000, 400_000):
        mc = hype_fitness(pts, ref=1.1, k=5, n_samples=n_samples, seed=3)
        # a sum of n_samples weights in [0, box / n_samples]: variance <= box * exact / n_samples
        assert (np.abs(mc - exact) <= 5 * np.sqrt(box * exact / n_samples) + 1e-12).all()
        errs.append(np.abs(mc - exact).max())
    assert errs[1] < 0.25 * errs[0]


@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize("d", [2, 3])
@pytest.mark.parametrize("seed", range(3))
def test_greedy_identical_on_every_backend(exact, d, seed):
    pts = mixed(10, d, seed=10 + seed)
    n = len(pts)
    for n_remove in (0, 1, n // 2, n - 1, n):
        results = [hype_greedy(pts, ref=1.1, n_remove=n_remove, n_samples=2000, seed=seed,
                               method="exact" if exact else "mc", backend=b) for b in ALL]
        for r in results[1:]:
            np.testing.assert_array_equal(r, results[0])
        assert sorted(results[0].tolist()) == sorted(set(results[0].tolist()))  # distinct rows


def test_greedy_mc_larger_front_identical_between_compiled_backends():
    if len(FAST) < 2:
        pytest.skip("needs two compiled backends")
    pts = mixed(150, 3, seed=4)
    got = [hype_greedy(pts, ref=1.1, n_remove=90, n_samples=20_000, seed=8, backend=b) for b in FAST]
    np.testing.assert_array_equal(got[0], got[1])


def test_greedy_removes_outsiders_first_and_one_step_is_the_minimum():
    rng = np.random.default_rng(3)
    x = np.sort(rng.random(12))
    pts = np.column_stack([x, 1 - np.sqrt(x)])  # a front: every member counts for something
    pts[[2, 7, 9]] += 0.6                        # but these are outside ref = 1.1
    outside = np.array([2, 7, 9])
    assert (hype_fitness(pts, ref=1.1, k=4, method="exact")[outside] == 0).all()
    removed = hype_greedy(pts, ref=1.1, n_remove=len(outside) + 1, method="exact")
    assert set(removed[:len(outside)].tolist()) == set(outside.tolist())
    # one removal = the argmin (first of ties) of the fitness with k = 1
    fit = hype_fitness(pts, ref=1.1, k=1, method="exact")
    assert hype_greedy(pts, ref=1.1, n_remove=1, method="exact")[0] == int(np.argmin(fit))


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 12), st.integers(2, 3)),
                  elements=st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, 1.5])),
       st.integers(0, 100), st.data())
def test_property_backends_agree(pts, seed, data):
    n, d = pts.shape
    k = data.draw(st.integers(1, n))
    ref = np.full(d, 1.2)
    mc = [_raw_mc(b, pts, ref, k, 500, seed) for b in ALL]
    for fit, hits in mc[1:]:
        np.testing.assert_array_equal(fit, mc[0][0])
    ex = [hype_fitness(pts, ref=ref, k=k, method="exact", backend=b) for b in ALL]
    for e in ex[1:]:
        np.testing.assert_allclose(e, ex[0], rtol=1e-12, atol=1e-15)
    # shares with k = |P| add up to the hypervolume
    assert hype_fitness(pts, ref=ref, k=n, method="exact").sum() == pytest.approx(
        paretix.hypervolume(pts, ref=ref), rel=1e-12, abs=1e-15)
    r = data.draw(st.integers(0, n))
    g = [hype_greedy(pts, ref=ref, n_remove=r, n_samples=500, seed=seed, backend=b) for b in ALL]
    for x in g[1:]:
        np.testing.assert_array_equal(x, g[0])


# --- argument errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "exc", "match"), [
    ({"k": 0}, ValueError, r"k must be in \[1, 3\], got 0"),
    ({"k": 4}, ValueError, r"k must be in \[1, 3\], got 4"),
    ({"k": 1.5}, TypeError, r"k must be an int, got 1.5"),
    ({"k": 1, "n_samples": 0}, ValueError, r"n_samples must be in \[1|n_samples must be in >= 1, got 0"),
    ({"k": 1, "method": "grid"}, ValueError, r"method must be one of 'mc', 'exact', got 'grid'"),
    ({"k": 1, "seed": -1}, ValueError, r"seed must be in \[0, 2\*\*64\), got -1"),
    ({"k": 1, "ref": [1, 2]}, ValueError, r"ref has 2 values but points have 2|ref has 2 values but points have 3"),
])
def test_fitness_argument_errors(kwargs, exc, match):
    args = {"ref": 4, **kwargs}
    with pytest.raises(exc, match=match):
        hype_fitness([[1, 3, 0], [2, 2, 0], [3, 1, 0]], **args)


def test_input_errors_name_the_argument():
    with pytest.raises(ValueError, match="points contains NaN"):
        hype_fitness([[1, np.nan]], ref=4, k=1)
    with pytest.raises(ValueError, match="points must be a 2-D array"):
        hype_fitness([1, 2], ref=4, k=1)
    with pytest.raises(ValueError, match="method='exact' supports 1 to 3 objectives, got 4"):
        hype_fitness(np.zeros((2, 4)), ref=1, k=1, method="exact")
    with pytest.raises(ValueError, match=r"n_remove must be in \[0, 2\], got 3"):
        hype_greedy([[1, 2], [2, 1]], ref=4, n_remove=3)
    with pytest.raises(ValueError, match="hype_fitness needs a finite ref"):
        hype_fitness([[1, 2]], ref=[np.inf, 3], k=1)
    assert hype_fitness(np.zeros((0, 2)), ref=1, k=1).shape == (0,)


def test_maximise_flips_objectives():
    pts = np.array([[1.0, 3.0], [2.0, 2.0], [3.0, 1.0]])
    a = hype_fitness(pts, ref=4, k=2, method="exact")
    b = hype_fitness(-pts, ref=-4, k=2, method="exact", maximise=True)
    np.testing.assert_array_equal(a, b)


def test_native_results_do_not_depend_on_the_thread_count():
    if "native" not in FAST:
        pytest.skip("needs the native backend")
    from paretix import _core

    pts = mixed(600, 3, seed=9)  # large enough for the kernels to start threads
    ref = np.full(3, 1.1)
    fits = [_core.hype_fitness_mc(pts, ref, 300, 30_000, 5, threads) for threads in (1, 2, 7)]
    for fit, hits in fits[1:]:
        np.testing.assert_array_equal(fit, fits[0][0])
        assert hits == fits[0][1]
    gone = [_core.hype_greedy(pts, ref, 400, False, 30_000, 5, threads) for threads in (1, 3)]
    np.testing.assert_array_equal(gone[0], gone[1])
    if "numba" in FAST:
        np.testing.assert_array_equal(hype_greedy(pts, ref=ref, n_remove=400, n_samples=30_000, seed=5,
                                                  backend="numba"), gone[0])
