"""``kernels.duplicated``: every backend identical to the sort-based reference, on random and
adversarial rows (ties, signed zeros, NaN, inf, empty and one-row inputs, several blocks), and
the properties that define it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from paretix.kernels import duplicated, kernel_backends

BACKENDS = kernel_backends("duplicated")
inf, nan = np.inf, np.nan


def _grid(rng, n, d):  # few distinct values: many copies and many near-collisions
    return rng.integers(0, 3, size=(n, d)).astype(float)


def _specials(rng, n, d):
    return rng.choice([0.0, -0.0, 1.0, -1.0, inf, -inf, nan, 5e-324, -5e-324], size=(n, d))


def _copies(rng, n, d):
    base = rng.random((max(1, n // 5), d))
    return base[rng.integers(0, len(base), size=n)]


def _one_bit_apart(rng, n, d):  # rows whose bit patterns differ in a single low bit
    X = np.repeat(rng.random((1, d)), n, axis=0)
    bits = X.view(np.uint64)
    bits[np.arange(n), rng.integers(0, d, size=n)] ^= np.uint64(1) << rng.integers(0, 3, size=n).astype(np.uint64)
    return X


def _permuted_rows(rng, n, d):  # the same multiset of values in different column orders
    row = rng.random(d)
    return np.array([rng.permutation(row) for _ in range(n)]).reshape(n, d)


MAKERS = [_grid, _specials, _copies, _one_bit_apart, _permuted_rows]


@pytest.mark.parametrize("make", MAKERS, ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize(("n", "m", "d"), [(0, 0, 3), (1, 0, 3), (0, 5, 2), (1, 1, 1), (7, 3, 1), (300, 200, 4),
                                           (2000, 500, 12)])
def test_backends_agree_with_reference(make, n, m, d):
    rng = np.random.default_rng(n * 31 + m * 7 + d)
    X = make(rng, n, d)
    E = make(rng, m, d)
    if n and m:
        E[rng.integers(0, m, size=max(1, m // 3))] = X[rng.integers(0, n, size=max(1, m // 3))]
    expected = duplicated(X, E, backend="reference")
    split = [E[: m // 3], E[m // 3 :]]
    for backend in BACKENDS:
        np.testing.assert_array_equal(duplicated(X, E, backend=backend), expected, err_msg=backend)
        np.testing.assert_array_equal(duplicated(X, split, backend=backend), expected, err_msg=backend)
        np.testing.assert_array_equal(duplicated(X, backend=backend), duplicated(X, backend="reference"))


def test_definition_on_a_small_example():
    X = np.array([[0.0, 1.0], [2.0, 3.0], [-0.0, 1.0], [nan, 1.0], [nan, 1.0], [inf, 1.0], [inf, 1.0], [2.0, 3.0]])
    for backend in BACKENDS:
        assert duplicated(X, backend=backend).tolist() == [False, False, True, False, False, False, True, True]
        # an existing copy marks the first copy in X too
        assert duplicated(X, [[2.0, 3.0]], backend=backend).tolist() == [False, True, True, False, False,
                                                                          False, True, True]


def test_zero_columns_and_dtypes():
    for backend in BACKENDS:
        assert duplicated(np.zeros((3, 0)), backend=backend).tolist() == [False, True, True]
        assert duplicated(np.zeros((2, 0)), np.zeros((1, 0)), backend=backend).tolist() == [True, True]
        ints = np.array([[1, 2], [1, 2]], dtype=np.int32)
        assert duplicated(ints, backend=backend).tolist() == [False, True]
        assert duplicated(np.asfortranarray(np.ones((3, 2))), backend=backend).tolist() == [False, True, True]


def test_large_input_agrees():
    rng = np.random.default_rng(5)
    P = rng.random((60_000, 6))
    X = rng.random((60_000, 6))
    X[::97] = P[::97]
    X[1::89] = X[::89][: len(X[1::89])]
    expected = duplicated(X, P, backend="reference")
    for backend in BACKENDS:
        np.testing.assert_array_equal(duplicated(X, P, backend=backend), expected)


def test_errors():
    with pytest.raises(ValueError, match=r"X must be a 2-D array .*reshape\(1, -1\)"):
        duplicated(np.zeros(3))
    with pytest.raises(ValueError, match=r"existing must have 3 columns like X, got shape \(2, 2\)"):
        duplicated(np.zeros((2, 3)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"existing\[1\] must have 3 columns"):
        duplicated(np.zeros((2, 3)), [np.zeros((1, 3)), np.zeros((1, 4))])
    with pytest.raises(TypeError, match="X must be a real numeric array, got dtype complex128"):
        duplicated(np.zeros((2, 2), dtype=complex))
    with pytest.raises(ValueError, match="backend must be one of"):
        duplicated(np.zeros((2, 2)), backend="fortran")


_values = st.sampled_from([0.0, -0.0, 1.0, 2.5, -1.0, inf, -inf, nan])


@given(hnp.arrays(np.float64, st.tuples(st.integers(0, 30), st.integers(1, 4)), elements=_values),
       st.integers(0, 30), st.randoms(use_true_random=False))
def test_properties(X, m, rnd):
    """Kept rows are pairwise distinct and absent from ``existing``; every dropped row equals a
    kept row or an existing row; dropping is invariant to how ``existing`` is split and ordered."""
    rng = np.random.default_rng(rnd.randrange(2**32))
    d = X.shape[1]
    E = rng.choice([0.0, -0.0, 1.0, 2.5, nan], size=(m, d))
    for backend in BACKENDS:
        dup = duplicated(X, E, backend=backend)
        kept, dropped = X[~dup], X[dup]
        eq = lambda A, B: (A[:, None, :] == B[None, :, :]).all(axis=2)  # noqa: E731
        same = eq(kept, kept)
        assert not (same & ~np.eye(len(kept), dtype=bool)).any()
        assert not eq(kept, E).any()
        assert (eq(dropped, kept).any(axis=1) | eq(dropped, E).any(axis=1)).all()
        assert not np.isnan(dropped).any()
        np.testing.assert_array_equal(duplicated(X, [E[::-1][: m // 2], E[::-1][m // 2 :]], backend=backend), dup)


def test_same_result_for_every_thread_count():
    from paretix.kernels import get_num_threads, set_num_threads

    rng = np.random.default_rng(12)
    X = _grid(rng, 120_000, 9)  # 3^9 values: many copies within X; 200_000 rows in all: 3 threads
    X[::50] = nan
    X[1::70] = -0.0
    E = [_grid(rng, 50_000, 9), rng.random((30_000, 9))]
    E[1][::3] = X[5::3][: len(E[1][::3])]
    expected = duplicated(X, E, backend="reference")
    previous = get_num_threads()
    try:
        for threads in (1, 2, 3, 5):
            set_num_threads(threads)
            for backend in BACKENDS:
                np.testing.assert_array_equal(duplicated(X, E, backend=backend), expected)
    finally:
        set_num_threads(previous)
