"""Hypothesis properties of crowding_distance, on every usable backend."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from paretix import kernels
from paretix.kernels import crowding_distance

inf = np.inf

shapes = st.tuples(st.integers(0, 30), st.integers(1, 5))
points = st.one_of(
    arrays(np.float64, shapes, elements=st.sampled_from([0.0, 1.0, 2.0, 3.0])),
    arrays(np.float64, shapes, elements=st.sampled_from([-inf, -1.0, 0.0, 0.5, 1.0, 2.0, inf])),
    arrays(np.float64, shapes, elements=st.floats(-1e6, 1e6, allow_nan=False)),
    arrays(np.float64, shapes, elements=st.floats(allow_nan=False, allow_infinity=True)),
)
# No ties in any objective (so no duplicate rows either): distances are a function of the set.
distinct_columns = st.integers(3, 25).flatmap(
    lambda n: st.integers(1, 4).flatmap(
        lambda m: st.lists(
            st.lists(st.integers(-1000, 1000).map(float), min_size=n, max_size=n, unique=True),
            min_size=m,
            max_size=m,
        ).map(lambda cols: np.array(cols, dtype=np.float64).T.copy())
    )
)


def first_copies(pts: np.ndarray) -> np.ndarray:
    same = (pts[None, :, :] == pts[:, None, :]).all(axis=2)
    return ~np.tril(same, k=-1).any(axis=1)


@given(pts=points)
def test_shape_sign_and_no_nan(cd_backend, pts):
    d = crowding_distance(pts, backend=cd_backend)
    assert d.dtype == np.float64 and d.shape == (len(pts),)
    assert not np.isnan(d).any()
    assert (d >= 0).all()


@given(pts=points)
def test_later_copies_get_zero_and_few_distinct_points_get_inf(cd_backend, pts):
    d = crowding_distance(pts, backend=cd_backend)
    if len(pts) == 0:
        return
    first = first_copies(pts)
    np.testing.assert_array_equal(d[~first], 0.0)
    if first.sum() <= 2:
        np.testing.assert_array_equal(d[first], inf)


@given(pts=points)
def test_boundaries_are_infinite(cd_backend, pts):
    d = crowding_distance(pts, backend=cd_backend)
    first = np.flatnonzero(first_copies(pts)) if len(pts) else np.empty(0, dtype=np.int64)
    if len(first) <= 2:
        return
    u = pts[first]
    for j in range(pts.shape[1]):
        lo, hi = u[:, j].min(), u[:, j].max()
        if not hi > lo:  # zero range, or inf - inf
            continue
        # stable sort: the lowest index among the minima, the highest index among the maxima
        assert d[first[np.flatnonzero(u[:, j] == lo)[0]]] == inf, j
        assert d[first[np.flatnonzero(u[:, j] == hi)[-1]]] == inf, j
    # a finite distance needs an interior position in every objective with a positive range
    assert np.isinf(d[first]).sum() <= 2 * pts.shape[1]


@given(pts=distinct_columns, data=st.data())
def test_permutation_equivariance_without_ties(cd_backend, pts, data):
    perm = np.array(data.draw(st.permutations(range(len(pts))), label="perm"), dtype=np.int64)
    d = crowding_distance(pts, backend=cd_backend)
    np.testing.assert_allclose(crowding_distance(pts[perm], backend=cd_backend), d[perm], rtol=1e-12, atol=0)


@given(pts=distinct_columns)
def test_interior_values_without_ties(cd_backend, pts):
    """Independent re-computation of the formula when no objective has ties."""
    n, m = pts.shape
    expected = np.zeros(n)
    for j in range(m):
        order = np.argsort(pts[:, j])
        v = pts[order, j]
        expected[order[0]] = expected[order[-1]] = inf
        expected[order[1:-1]] += (v[2:] - v[:-2]) / (v[-1] - v[0])
    np.testing.assert_allclose(crowding_distance(pts, backend=cd_backend), expected, rtol=1e-12, atol=0)


@given(
    pts=arrays(np.float64, shapes, elements=st.integers(-50, 50).map(float)),
    scale=st.sampled_from([0.125, 1.0, 4.0, 2.0**20]),
    shift=st.integers(-1000, 1000),
)
def test_invariant_to_exact_affine_maps(cd_backend, pts, scale, shift):
    d = crowding_distance(pts, backend=cd_backend)
    np.testing.assert_array_equal(crowding_distance(pts * scale + shift, backend=cd_backend), d)


@given(
    left=distinct_columns,
    data=st.data(),
)
def test_additive_over_objectives(cd_backend, left, data):
    """With distinct rows on each side (>= 3 of them), distances add over column blocks."""
    n = len(left)
    right = data.draw(
        arrays(np.float64, st.tuples(st.just(n), st.integers(1, 3)), elements=st.integers(-20, 20).map(float)),
        label="right",
    )
    assume(first_copies(right).all())
    both = np.concatenate([left, right], axis=1)
    np.testing.assert_allclose(
        crowding_distance(both, backend=cd_backend),
        crowding_distance(left, backend=cd_backend) + crowding_distance(right, backend=cd_backend),
        rtol=1e-12,
        atol=0,
    )


@given(pts=points)
def test_all_backends_agree(pts):
    names = kernels.kernel_backends("crowding_distance")
    out = {b: crowding_distance(pts, backend=b) for b in names}
    for b in names[1:]:
        np.testing.assert_array_equal(np.isinf(out[b]), np.isinf(out[names[0]]), err_msg=b)
        np.testing.assert_allclose(out[b], out[names[0]], rtol=1e-12, atol=0, err_msg=b)
