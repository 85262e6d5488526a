"""Argument checking and conversion, shared by the three kernel entry points."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.kernels import crowding_distance

KERNEL_FUNCS = {
    "pareto_rank": paretix.pareto_rank,
    "is_nondominated": paretix.is_nondominated,
    "crowding_distance": crowding_distance,
}


@pytest.fixture(params=sorted(KERNEL_FUNCS))
def kernel(request):
    return KERNEL_FUNCS[request.param]


# --- rejected points -------------------------------------------------------------------------


def test_nan_is_rejected_with_position(kernel):
    pts = np.zeros((4, 3))
    pts[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"points contains NaN \(first at row 2, column 1\)"):
        kernel(pts)


@pytest.mark.parametrize("backend", ["native", "numba", "reference"])
def test_nan_is_rejected_before_dispatch(kernel, backend):
    with pytest.raises(ValueError, match="points.*NaN"):
        kernel([[1.0, np.nan]], backend=backend)


def test_one_dimensional_input_has_reshape_hint(kernel):
    with pytest.raises(ValueError, match=r"1-D array of length 3.*reshape\(1, -1\).*reshape\(-1, 1\)"):
        kernel(np.array([1.0, 2.0, 3.0]))


def test_scalar_input_is_rejected(kernel):
    with pytest.raises(ValueError, match=r"2-D array.*got shape \(\)"):
        kernel(np.float64(1.0))


def test_three_dimensional_input_is_rejected(kernel):
    with pytest.raises(ValueError, match=r"2-D array of shape \(n_points, n_objectives\), got shape \(2, 3, 4\)"):
        kernel(np.zeros((2, 3, 4)))


@pytest.mark.parametrize("shape", [(5, 0), (0, 0)])
def test_zero_columns_is_rejected(kernel, shape):
    with pytest.raises(ValueError, match="at least one objective column"):
        kernel(np.zeros(shape))


@pytest.mark.parametrize(
    "bad",
    [
        np.array([["a", "b"]]),
        np.array([[1 + 2j, 3 + 0j]]),
        np.array([[1.0, 2.0]], dtype=object),
        np.array([[np.datetime64("2020-01-01")]]),
    ],
    ids=["str", "complex", "object", "datetime"],
)
def test_non_numeric_dtype_is_type_error(kernel, bad):
    with pytest.raises(TypeError, match=r"points must be a real numeric array, got dtype"):
        kernel(bad)


# --- accepted and converted points ---------------------------------------------------------------


def _sample(rng, n=50, m=3):
    return rng.integers(0, 6, size=(n, m)).astype(np.float64)


@pytest.mark.parametrize(
    "convert",
    [
        lambda a: a.astype(np.float32),
        lambda a: a.astype(np.float16),
        lambda a: a.astype(np.int64),
        lambda a: a.astype(np.int8),
        lambda a: a.astype(np.uint16),
        lambda a: a.astype(">f8"),  # big-endian
        lambda a: a.tolist(),
        lambda a: [tuple(r) for r in a.tolist()],
        lambda a: np.asfortranarray(a),
    ],
    ids=["float32", "float16", "int64", "int8", "uint16", "big-endian", "list", "tuples", "fortran"],
)
def test_dtype_and_layout_conversions(kernel, convert):
    ref = _sample(np.random.default_rng(0))
    np.testing.assert_array_equal(kernel(convert(ref)), kernel(ref))


def test_bool_points_are_numbers(rank_backend):
    pts = np.array([[True, False], [False, True], [True, True]])
    assert paretix.pareto_rank(pts, backend=rank_backend).tolist() == [0, 0, 1]


def test_non_contiguous_views(kernel):
    rng = np.random.default_rng(1)
    wide = rng.integers(0, 5, size=(40, 6)).astype(float)
    strided = wide[:, ::2]
    assert not strided.flags.c_contiguous
    np.testing.assert_array_equal(kernel(strided), kernel(np.ascontiguousarray(strided)))
    transposed = rng.random((3, 40)).T
    assert not transposed.flags.c_contiguous
    np.testing.assert_array_equal(kernel(transposed), kernel(transposed.copy()))
    rows = wide[::3]
    np.testing.assert_array_equal(kernel(rows), kernel(rows.copy()))
    neg = wide[::-1, 1:4]
    np.testing.assert_array_equal(kernel(neg), kernel(neg.copy()))


def test_read_only_input(kernel):
    pts = np.random.default_rng(2).random((20, 2))
    pts.flags.writeable = False
    np.testing.assert_array_equal(kernel(pts), kernel(pts.copy()))


def test_input_is_not_modified(kernel):
    pts = np.random.default_rng(3).integers(0, 4, size=(30, 3)).astype(float)
    before = pts.copy()
    kernel(pts)
    np.testing.assert_array_equal(pts, before)


@pytest.mark.parametrize("m", [1, 2, 3, 5])
def test_zero_points(any_backend, m):
    empty = np.empty((0, m))
    r = paretix.pareto_rank(empty, backend=any_backend)
    assert r.shape == (0,) and r.dtype == np.int64
    mask = paretix.is_nondominated(empty, backend=any_backend)
    assert mask.shape == (0,) and mask.dtype == np.bool_
    d = crowding_distance(empty, backend=any_backend)
    assert d.shape == (0,) and d.dtype == np.float64


@pytest.mark.parametrize("m", [1, 2, 3, 5])
def test_one_point(any_backend, m):
    pt = np.arange(m, dtype=float)[None, :]
    assert paretix.pareto_rank(pt, backend=any_backend).tolist() == [0]
    assert paretix.is_nondominated(pt, backend=any_backend).tolist() == [True]
    assert crowding_distance(pt, backend=any_backend).tolist() == [np.inf]


def test_infinite_values_are_accepted(kernel):
    pts = np.array([[np.inf, -np.inf], [0.0, 0.0], [-np.inf, np.inf]])
    out = kernel(pts)
    assert out.shape == (3,)


# --- maximise --------------------------------------------------------------------------------------


@pytest.mark.parametrize("func", [paretix.pareto_rank, paretix.is_nondominated])
@pytest.mark.parametrize("flags", [[True], [True, False, True], np.ones(5, dtype=bool)])
def test_maximise_wrong_length(func, flags):
    with pytest.raises(ValueError, match=rf"maximise has {len(flags)} entries but points have 2 objectives"):
        func([[1.0, 2.0], [2.0, 1.0]], maximise=flags)


@pytest.mark.parametrize("func", [paretix.pareto_rank, paretix.is_nondominated])
@pytest.mark.parametrize("flags", [np.array([[True, False]]), ["yes", "no"], [0.5, 1.0]], ids=["2d", "str", "float"])
def test_maximise_wrong_type(func, flags):
    with pytest.raises(TypeError, match="maximise must be a bool or a 1-D sequence of bools"):
        func([[1.0, 2.0], [2.0, 1.0]], maximise=flags)


def test_maximise_numpy_bool_scalar():
    pts = np.array([[1.0, 1.0], [2.0, 2.0]])
    assert paretix.pareto_rank(pts, maximise=np.True_).tolist() == [1, 0]
    assert paretix.pareto_rank(pts, maximise=np.False_).tolist() == [0, 1]


# --- cv and n_stop -----------------------------------------------------------------------------------

PTS = [[1.0, 2.0], [2.0, 1.0], [3.0, 3.0]]


@pytest.mark.parametrize("cv", [[0.0, 1.0], [0.0, 1.0, 2.0, 3.0], np.zeros((3, 2)), 0.0, np.zeros((1, 3))])
def test_cv_wrong_shape(cv):
    with pytest.raises(ValueError, match=r"cv must have shape \(3,\)"):
        paretix.pareto_rank(PTS, cv=cv)


def test_cv_column_vector_is_accepted():
    cv = np.array([[0.0], [1.0], [0.0]])
    assert paretix.pareto_rank(PTS, cv=cv).tolist() == paretix.pareto_rank(PTS, cv=cv[:, 0]).tolist()


def test_cv_nan():
    with pytest.raises(ValueError, match=r"cv contains NaN \(first at index 2\)"):
        paretix.pareto_rank(PTS, cv=[0.0, 1.0, np.nan])


@pytest.mark.parametrize("bad", [-1.0, -1e-300, -np.inf])
def test_cv_negative(bad):
    with pytest.raises(ValueError, match=r"cv must be >= 0.*at index 1"):
        paretix.pareto_rank(PTS, cv=[0.0, bad, 2.0])


def test_cv_non_numeric():
    with pytest.raises(TypeError, match="cv must be a real numeric array"):
        paretix.pareto_rank(PTS, cv=["a", "b", "c"])


def test_cv_negative_zero_is_feasible():
    assert paretix.pareto_rank(PTS, cv=[-0.0, 0.0, 0.0]).tolist() == [0, 0, 1]


@pytest.mark.parametrize("n_stop", [0, -1, -(10**20), np.int64(0)])
def test_n_stop_not_positive(n_stop):
    with pytest.raises(ValueError, match="n_stop must be a positive int or None"):
        paretix.pareto_rank(PTS, n_stop=n_stop)


@pytest.mark.parametrize("n_stop", [1.0, 2.5, "2", True, np.True_, [2], np.float64(2.0)])
def test_n_stop_not_int(n_stop):
    with pytest.raises(TypeError, match="n_stop must be a positive int or None"):
        paretix.pareto_rank(PTS, n_stop=n_stop)


@pytest.mark.parametrize("n_stop", [np.int8(1), np.int64(1), np.uint32(1), 1])
def test_n_stop_numpy_integers(n_stop):
    assert paretix.pareto_rank(PTS, n_stop=n_stop).tolist() == [0, 0, paretix.kernels.UNRANKED]
