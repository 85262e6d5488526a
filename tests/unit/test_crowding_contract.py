"""Hand-computed crowding distances: the docstring contract, on every usable backend."""

from __future__ import annotations

import numpy as np
import pytest

from paretix.kernels import crowding_distance

inf = np.inf


def cd(points, backend):
    out = crowding_distance(np.asarray(points, dtype=float), backend=backend)
    assert out.dtype == np.float64
    return out


def test_docstring_example(cd_backend):
    np.testing.assert_allclose(cd([[0, 5], [1, 2], [3, 1], [4, 0]], cd_backend), [inf, 1.55, 1.15, inf], rtol=1e-12)


def test_sum_not_mean_over_objectives(cd_backend):
    # Interior point gets 1 per objective: (2 - 0) / 2 in each of 3 objectives -> 3, not 1.
    pts = [[0, 2, 0], [1, 1, 1], [2, 0, 2]]
    # objective 1 is reversed: boundaries are still points 0 and 2.
    np.testing.assert_allclose(cd(pts, cd_backend), [inf, 3.0, inf], rtol=1e-12)


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        pytest.param(np.empty((0, 2)), [], id="empty"),
        pytest.param([[1.0, 2.0]], [inf], id="one"),
        pytest.param([[1.0, 2.0], [2.0, 1.0]], [inf, inf], id="two-distinct"),
        pytest.param([[1.0, 2.0], [1.0, 2.0]], [inf, 0.0], id="two-copies"),
        pytest.param([[3.0, 3.0]] * 5, [inf, 0.0, 0.0, 0.0, 0.0], id="all-copies"),
        pytest.param([[1, 2], [1, 2], [3, 0]], [inf, 0.0, inf], id="two-distinct-three-rows"),
        pytest.param([[3, 0], [1, 2], [3, 0], [1, 2]], [inf, inf, 0.0, 0.0], id="two-distinct-four-rows"),
    ],
)
def test_at_most_two_distinct_points(cd_backend, points, expected):
    np.testing.assert_array_equal(cd(np.asarray(points, dtype=float).reshape(-1, 2), cd_backend), expected)


def test_later_copies_get_zero(cd_backend):
    pts = [[0, 5], [1, 2], [1, 2], [3, 1], [4, 0], [1, 2]]
    np.testing.assert_allclose(cd(pts, cd_backend), [inf, 1.55, 0.0, 1.15, inf, 0.0], rtol=1e-12)


def test_first_copy_is_lowest_index_even_if_it_is_a_boundary(cd_backend):
    pts = [[4, 0], [1, 2], [0, 5], [3, 1], [4, 0], [0, 5]]
    np.testing.assert_allclose(cd(pts, cd_backend), [inf, 1.55, inf, 1.15, 0.0, 0.0], rtol=1e-12)


def test_zero_range_objective_adds_nothing(cd_backend):
    pts = [[0, 1], [1, 1], [2, 1], [4, 1]]
    np.testing.assert_allclose(cd(pts, cd_backend), [inf, 0.5, 0.75, inf], rtol=1e-12)


def test_ties_broken_by_index(cd_backend):
    # Objective 0 ties rows 0 and 1 at the minimum: the lower index (row 0) is the boundary.
    pts = [[0, 3], [0, 1], [1, 2], [2, 0]]
    np.testing.assert_allclose(cd(pts, cd_backend), [inf, 0.5 + 2 / 3, 1 + 2 / 3, inf], rtol=1e-12)
    # Swap rows 0 and 1: now (0, 1) is the objective-0 boundary, and (0, 3) is still the
    # objective-1 boundary, so both are inf (a tie makes the result order-dependent).
    swapped = [[0, 1], [0, 3], [1, 2], [2, 0]]
    np.testing.assert_allclose(cd(swapped, cd_backend), [inf, inf, 1 + 2 / 3, inf], rtol=1e-12)


def test_single_objective(cd_backend):
    np.testing.assert_allclose(cd([[3], [1], [2], [5]], cd_backend), [0.75, inf, 0.5, inf], rtol=1e-12)


def test_infinite_range_terms(cd_backend):
    # Objective 0 has range inf: finite / inf = 0 and inf / inf (NaN) adds 0.
    pts = [[-inf, 0], [0, 1], [1, 2], [inf, 3]]
    np.testing.assert_allclose(cd(pts, cd_backend), [inf, 2 / 3, 2 / 3, inf], rtol=1e-12)
    pts = [[0, 0], [1, 1], [2, 2], [inf, 3]]
    np.testing.assert_allclose(cd(pts, cd_backend), [inf, 2 / 3, 2 / 3, inf], rtol=1e-12)


def test_all_infinite_objective_is_skipped(cd_backend):
    # inf - inf is NaN: not a positive range, so objective 0 adds nothing (no inf boundaries).
    pts = [[inf, 0], [inf, 1], [inf, 2], [inf, 4]]
    np.testing.assert_allclose(cd(pts, cd_backend), [inf, 0.5, 0.75, inf], rtol=1e-12)


def test_no_nan_in_output(cd_backend):
    rng = np.random.default_rng(3)
    pts = rng.choice([-inf, -1.0, 0.0, 2.0, inf], size=(60, 3))
    out = cd(pts, cd_backend)
    assert not np.isnan(out).any()
    assert (out >= 0).all()
