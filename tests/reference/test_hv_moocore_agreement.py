"""paretix's hypervolume, contributions and indicators agree with moocore (independent C code).

moocore's contributions for d >= 4 (and 3-D with ignore_dominated=False) are naive differences
of hypervolumes with every value below sqrt(DBL_EPSILON) ~ 1.5e-8 set to 0; there the points are
scaled up so that no true contribution is that small, and the tolerance is relative to the total
hypervolume (the accuracy of a difference of two hypervolumes).
"""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix import indicators
from paretix.kernels import status
from paretix.kernels.hv import KERNELS

moocore = pytest.importorskip("moocore")

BACKENDS = [b for b in KERNELS["hypervolume"].backends() if b != "reference" and status(b).available]
SHAPES = ("linear", "concave", "convex", "disconnected", "mixed")


def front(shape: str, n: int, d: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng([seed, SHAPES.index(shape), n, d])
    w = np.abs(rng.standard_normal((n, d))) + 1e-3
    if shape == "linear":
        return w / w.sum(axis=1, keepdims=True)
    if shape == "concave":
        return w / np.linalg.norm(w, axis=1, keepdims=True)
    if shape == "convex":
        return 1.0 - w / np.linalg.norm(w, axis=1, keepdims=True)
    if shape == "disconnected":
        pts = w / w.sum(axis=1, keepdims=True)
        return pts[np.sin(6 * np.pi * pts[:, 0]) > -0.2]
    base = w / np.linalg.norm(w, axis=1, keepdims=True)
    k = max(1, n // 4)
    pts = np.concatenate([base, base[rng.integers(0, n, k)], base[rng.integers(0, n, k)] + rng.random((k, d)) * 0.2,
                          base[rng.integers(0, n, k)] + 0.5])
    return pts[rng.permutation(len(pts))]


# moocore is slow beyond d = 6 (its recursion), so the sets shrink with d.
SIZES = {2: 2000, 3: 2000, 4: 600, 5: 300, 6: 120, 7: 60, 8: 40, 9: 30, 10: 24}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("d", range(2, 11))
def test_hypervolume_matches_moocore(backend, shape, d):
    pts = front(shape, SIZES[d], d, seed=7)
    ref = np.full(d, 1.1)
    expected = moocore.hypervolume(pts, ref=ref)
    got = paretix.hypervolume(pts, ref=ref, backend=backend)
    assert abs(got - expected) <= 1e-12 * expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("d", [3, 4, 5, 6, 7, 8])
def test_hypervolume_with_ties_matches_moocore(backend, d):
    # Coordinates on a grid of 5 values: ties in every objective at every level of the recursion,
    # exact duplicates and dominated points, mixed with a continuous front.
    rng = np.random.default_rng(100 + d)
    pts = np.concatenate([rng.integers(0, 5, (SIZES[d], d)) / 4.0, front("concave", SIZES[d], d, seed=8)])
    pts = pts[rng.permutation(len(pts))]
    ref = np.full(d, 1.1)
    expected = moocore.hypervolume(pts, ref=ref)
    assert abs(paretix.hypervolume(pts, ref=ref, backend=backend) - expected) <= 1e-12 * expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("seed", range(4))
def test_4d_hypervolume_with_repeated_projections_matches_moocore(backend, seed):
    # HV4D+ keeps 2-D and 3-D projections in linked lists: many points share (x, y), (x, y, z)
    # or one coordinate, in every order of the sweep objective.
    rng = np.random.default_rng(200 + seed)
    base = rng.integers(0, 4, (60, 2)) / 3.0
    pts = np.column_stack([base[rng.integers(0, 60, 500)], rng.integers(0, 7, (500, 2)) / 6.0])
    pts = np.concatenate([pts, front("linear", 200, 4, seed=seed)])
    ref = np.full(4, 1.2)
    expected = moocore.hypervolume(pts, ref=ref)
    assert abs(paretix.hypervolume(pts, ref=ref, backend=backend) - expected) <= 1e-12 * expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("maximise", [True, [True, False, True]])
def test_maximise_matches_moocore(backend, maximise):
    pts = -front("concave", 300, 3, seed=8)
    ref = np.full(3, -1.1)
    if not isinstance(maximise, bool):
        pts[:, 1] *= -1
        ref[1] *= -1
    expected = moocore.hypervolume(pts, ref=ref, maximise=maximise)
    assert abs(paretix.hypervolume(pts, ref=ref, maximise=maximise, backend=backend) - expected) <= 1e-12 * expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("ignore_dominated", [True, False])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("d", [2, 3])
def test_contributions_2d_3d_match_moocore(backend, shape, d, ignore_dominated):
    pts = front(shape, 500, d, seed=9)
    ref = np.full(d, 1.1)
    expected = moocore.hv_contributions(pts, ref=ref, ignore_dominated=ignore_dominated)
    got = paretix.hv_contributions(pts, ref=ref, ignore_dominated=ignore_dominated, backend=backend)
    if d == 3 and not ignore_dominated:  # moocore: naive differences, clipped below 1.5e-8
        tol = 1e-12 * moocore.hypervolume(pts, ref=ref)
        big = expected > 0
        np.testing.assert_allclose(got[big], expected[big], rtol=0, atol=tol)
        assert (got[~big] < 1.5e-8).all()
    else:
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("ignore_dominated", [True, False])
@pytest.mark.parametrize("d", [4, 5, 6, 8])
def test_contributions_high_d_match_moocore(backend, d, ignore_dominated):
    # Scaled by 10 so that every true contribution is far above moocore's 1.5e-8 clipping.
    pts = 10.0 * front("mixed", {4: 60, 5: 40, 6: 24, 8: 12}[d], d, seed=10)
    ref = np.full(d, 11.0)
    expected = moocore.hv_contributions(pts, ref=ref, ignore_dominated=ignore_dominated)
    got = paretix.hv_contributions(pts, ref=ref, ignore_dominated=ignore_dominated, backend=backend)
    tol = 1e-12 * moocore.hypervolume(pts, ref=ref)
    np.testing.assert_allclose(got, expected, rtol=0, atol=tol)


def test_tiny_contributions_are_not_clipped():
    # moocore's naive path sets every contribution below 1.5e-8 to 0; a 4-D front scaled by 1e-3
    # has contributions around 1e-13, which paretix keeps (to its own relative accuracy).
    pts = 1e-3 * front("concave", 30, 4, seed=11)
    ref = np.full(4, 1.1e-3)
    got = paretix.hv_contributions(pts, ref=ref)
    scaled = paretix.hv_contributions(pts * 1e3, ref=ref * 1e3) * 1e-12
    assert (got > 0).all()
    np.testing.assert_allclose(got, scaled, rtol=1e-10)


# --- indicators ----------------------------------------------------------------------------------


@pytest.mark.parametrize("maximise", [False, True, [False, True, False]])
@pytest.mark.parametrize("name, ours, theirs", [
    ("igd", indicators.igd, "igd"),
    ("igd_plus", indicators.igd_plus, "igd_plus"),
    ("epsilon_additive", indicators.epsilon_additive, "epsilon_additive"),
    ("epsilon_multiplicative", indicators.epsilon_multiplicative, "epsilon_mult"),
])
def test_indicators_match_moocore(name, ours, theirs, maximise):
    rng = np.random.default_rng(12)
    ref_set = front("concave", 200, 3, seed=12) + 0.5
    approx = front("linear", 150, 3, seed=13) * 1.2 + 0.3 + 0.05 * rng.random((150, 3))
    expected = getattr(moocore, theirs)(approx, ref=ref_set, maximise=maximise)
    assert ours(approx, ref=ref_set, maximise=maximise) == pytest.approx(expected, rel=1e-12)


def test_gd_is_moocore_hausdorff_component():
    # moocore's avg_hausdorff_dist (p = 1) is max(GD, IGD).
    approx = front("linear", 100, 3, seed=14) + 0.1
    ref_set = front("concave", 80, 3, seed=15)
    expected = moocore.avg_hausdorff_dist(approx, ref=ref_set)
    got = max(indicators.gd(approx, ref=ref_set), indicators.igd(approx, ref=ref_set))
    assert got == pytest.approx(expected, rel=1e-12)


def test_hypervolume_object_matches_moocore():
    pts = front("convex", 100, 4, seed=16)
    ours = indicators.Hypervolume(ref=1.1)
    theirs = moocore.Hypervolume(ref=np.full(4, 1.1))
    assert ours(pts) == pytest.approx(theirs(pts), rel=1e-12)
