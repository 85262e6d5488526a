"""Every usable backend of the hypervolume kernels against the NumPy reference.

Fronts of different shapes (linear, concave, convex, disconnected), with duplicates, dominated
points and points outside the reference box, in 2..10 objectives. Hypervolumes agree to 1e-12
relative; contributions to 1e-12 of the point's own box (the limit-set formula cancels only
within it); Monte Carlo estimates are identical (the same counter-based stream).
"""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.kernels import status
from paretix.kernels.hv import KERNELS

SHAPES = ("linear", "concave", "convex", "disconnected", "mixed")


def fast_backends(kernel: str) -> list[str]:
    return [b for b in KERNELS[kernel].backends() if b != "reference" and status(b).available]


def front(shape: str, n: int, d: int, seed: int) -> np.ndarray:
    """n points of a front in [0, 1]^d; "mixed" adds duplicates, dominated and outside points."""
    rng = np.random.default_rng([seed, SHAPES.index(shape), n, d])
    w = np.abs(rng.standard_normal((n, d))) + 1e-3
    if shape == "linear":
        pts = w / w.sum(axis=1, keepdims=True)
    elif shape == "concave":
        pts = w / np.linalg.norm(w, axis=1, keepdims=True)
    elif shape == "convex":
        pts = 1.0 - w / np.linalg.norm(w, axis=1, keepdims=True)
    elif shape == "disconnected":
        pts = w / w.sum(axis=1, keepdims=True)
        pts = pts[np.sin(6 * np.pi * pts[:, 0]) > -0.2]  # bands of the simplex
        if len(pts) == 0:
            pts = w[:1] / w[:1].sum()
    else:
        base = w / np.linalg.norm(w, axis=1, keepdims=True)
        k = max(1, n // 4)
        pts = np.concatenate([
            base,
            base[rng.integers(0, n, k)],                              # duplicates
            base[rng.integers(0, n, k)] + rng.random((k, d)) * 0.2,   # dominated
            base[rng.integers(0, n, k)] + 0.5,                        # outside the box (ref 1.1)
        ])
        pts = pts[rng.permutation(len(pts))]
    return np.ascontiguousarray(pts)


# Sizes the reference (inclusion-exclusion / box decomposition) handles quickly.
REF_N = {2: 40, 3: 30, 4: 24, 5: 18, 6: 14, 7: 11, 8: 10, 9: 9, 10: 9}


def _rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1e-300)


@pytest.mark.parametrize("backend", fast_backends("hypervolume"))
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("d", range(2, 11))
def test_hypervolume_matches_reference(backend, shape, d):
    pts = front(shape, REF_N[d], d, seed=1)
    expected = paretix.hypervolume(pts, ref=1.1, backend="reference")
    assert expected > 0
    assert _rel(paretix.hypervolume(pts, ref=1.1, backend=backend), expected) <= 1e-12


@pytest.mark.parametrize("backend", fast_backends("hypervolume"))
@pytest.mark.parametrize("d", [2, 3, 4, 5, 6])
def test_hypervolume_larger_sets_match_between_backends(backend, d):
    # Past the reference's reach: every compiled backend against the other ones and moocore
    # (tests/reference). Integer grids force ties in every objective.
    rng = np.random.default_rng(d)
    pts = np.concatenate([front("concave", 300, d, seed=2), rng.integers(0, 5, (100, d)) / 4.0])
    values = {b: paretix.hypervolume(pts, ref=1.2, backend=b) for b in fast_backends("hypervolume")}
    assert _rel(values[backend], values[fast_backends("hypervolume")[0]]) <= 1e-12


@pytest.mark.parametrize("backend", fast_backends("hv_contributions"))
@pytest.mark.parametrize("ignore_dominated", [True, False])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("d", [2, 3, 4, 5, 7, 10])
def test_contributions_match_reference(backend, shape, d, ignore_dominated):
    pts = front(shape, min(REF_N[d], 14), d, seed=3)
    ref = np.full(d, 1.1)
    expected = paretix.hv_contributions(pts, ref=ref, ignore_dominated=ignore_dominated, backend="reference")
    got = paretix.hv_contributions(pts, ref=ref, ignore_dominated=ignore_dominated, backend=backend)
    scale = np.prod(ref - np.minimum(pts, ref), axis=1)  # each point's own box
    np.testing.assert_array_less(np.abs(got - expected), 1e-12 * scale + 1e-300)
    assert ((got == 0) == (expected == 0)).all()


@pytest.mark.parametrize("backend", fast_backends("hv_contributions"))
@pytest.mark.parametrize("d", [2, 3])
def test_contributions_with_ties_match_reference(backend, d):
    # Integer coordinates: ties in every objective, duplicates and dominated points.
    rng = np.random.default_rng(40 + d)
    pts = rng.integers(0, 4, (40, d)).astype(float)
    for ignore in (True, False):
        expected = paretix.hv_contributions(pts, ref=4, ignore_dominated=ignore, backend="reference")
        got = paretix.hv_contributions(pts, ref=4, ignore_dominated=ignore, backend=backend)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("backend", fast_backends("hv_contributions"))
def test_2d_contributions_of_a_large_tied_set_match_between_backends(backend):
    # Past the sizes where the native 2-D sweep switches from std::sort to a radix sort: ties in
    # x (runs re-sorted by y), -0.0 beside +0.0, duplicates, dominated points.
    rng = np.random.default_rng(7)
    grid = rng.integers(0, 30, (800, 2)) / 10.0 - 1.0
    grid[rng.random(800) < 0.05, 0] = -0.0
    pts = np.concatenate([grid, front("linear", 400, 2, seed=3)])
    for ignore in (True, False):
        values = [paretix.hv_contributions(pts, ref=2.5, ignore_dominated=ignore, backend=b)
                  for b in (backend, *fast_backends("hv_contributions"))]
        for v in values[1:]:
            np.testing.assert_allclose(values[0], v, rtol=1e-12, atol=1e-12)
    assert paretix.hv_contributions(pts, ref=2.5).max() > 0


@pytest.mark.parametrize("backend", fast_backends("hypervolume_mc"))
@pytest.mark.parametrize("d", [1, 2, 3, 5, 8])
def test_monte_carlo_is_identical_on_every_backend(backend, d):
    pts = front("mixed", 12, d, seed=4)
    expected = paretix.hypervolume_mc(pts, ref=1.1, n_samples=3000, seed=99, backend="reference")
    got = paretix.hypervolume_mc(pts, ref=1.1, n_samples=3000, seed=99, backend=backend)
    assert got == expected


def test_native_uniform_stream_matches_reference():
    pytest.importorskip("paretix._core")
    from paretix import _core
    from paretix._reference.hv import uniforms

    counters = np.array([0, 1, 2, 10**6, 2**40], dtype=np.uint64)
    for seed in (0, 1, 2**63 + 5):
        expected = uniforms(seed, counters)
        got = np.array([_core.mc_uniform(seed, int(c)) for c in counters])
        np.testing.assert_array_equal(got, expected)
