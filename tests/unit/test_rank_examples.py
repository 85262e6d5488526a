"""Hand-checked examples of pareto_rank / is_nondominated on every usable backend.

These pin the contract independently of the reference backend (the parity tests' oracle).
"""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.kernels import UNRANKED


def test_unranked_is_int64_max():
    assert UNRANKED == np.iinfo(np.int64).max
    assert isinstance(UNRANKED, (int, np.integer))


def test_docstring_examples(rank_backend, nd_backend):
    pts = [[1, 2], [2, 1], [2, 2], [1, 2]]
    assert paretix.pareto_rank(pts, backend=rank_backend).tolist() == [0, 0, 1, 0]
    assert paretix.is_nondominated(pts, backend=nd_backend).tolist() == [True, True, False, False]
    assert paretix.is_nondominated(pts, keep_weakly=True, backend=nd_backend).tolist() == [True, True, False, True]


def test_result_dtype_and_shape(rank_backend, nd_backend):
    pts = np.random.default_rng(0).random((17, 3))
    r = paretix.pareto_rank(pts, backend=rank_backend)
    assert r.dtype == np.int64 and r.shape == (17,)
    mask = paretix.is_nondominated(pts, backend=nd_backend)
    assert mask.dtype == np.bool_ and mask.shape == (17,)


@pytest.mark.parametrize("m", [1, 2, 3, 4, 5, 8])
def test_chain_gives_one_front_per_point(rank_backend, m):
    # Point i is (i, i, ..., i): totally ordered, so ranks are 0..n-1 in value order.
    n = 40
    perm = np.random.default_rng(m).permutation(n)
    pts = np.repeat(perm[:, None].astype(float), m, axis=1)
    np.testing.assert_array_equal(paretix.pareto_rank(pts, backend=rank_backend), perm)


@pytest.mark.parametrize("m", [2, 3, 4, 5, 8])
def test_chain_with_one_coordinate_tied(rank_backend, m):
    # Equal in objective 0, strictly ordered in the rest: still a total order.
    n = 30
    pts = np.tile(np.arange(n, dtype=float)[::-1, None], (1, m))
    pts[:, 0] = 7.0
    np.testing.assert_array_equal(paretix.pareto_rank(pts, backend=rank_backend), np.arange(n)[::-1])


@pytest.mark.parametrize("m", [2, 3, 4, 5, 8])
def test_linear_front_is_one_front(rank_backend, nd_backend, m):
    # Distinct integer points on the plane sum(f) == 1e6 (exact in float64): if q <= p in every
    # objective and both sums are equal then q == p, so no point dominates another.
    rng = np.random.default_rng(100 + m)
    w = rng.permutation(np.arange(200 * m)).reshape(200, m)
    pts = np.empty((200, m))
    pts[:, :-1] = w[:, :-1]
    pts[:, -1] = 10**6 - pts[:, :-1].sum(axis=1)  # integers: the plane sum == 1e6 is exact
    assert np.all(pts.sum(axis=1) == 10**6)
    np.testing.assert_array_equal(paretix.pareto_rank(pts, backend=rank_backend), np.zeros(200, np.int64))
    assert paretix.is_nondominated(pts, backend=nd_backend).all()


def test_two_fronts_m2(rank_backend):
    pts = [[0, 3], [1, 2], [2, 1], [3, 0], [1, 3], [2, 2], [3, 1], [4, 4]]
    assert paretix.pareto_rank(pts, backend=rank_backend).tolist() == [0, 0, 0, 0, 1, 1, 1, 2]


def test_weak_dominance_counts(rank_backend):
    # (1, 1, 1) dominates (1, 1, 2): equal in two objectives, better in one.
    pts = [[1, 1, 2], [1, 1, 1], [1, 2, 1], [2, 1, 1]]
    assert paretix.pareto_rank(pts, backend=rank_backend).tolist() == [1, 0, 1, 1]


def test_rank_is_not_dominance_depth_of_a_single_chain(rank_backend):
    # c is dominated by b only; b by a only: ranks 0, 1, 2. d is dominated by a only: rank 1.
    pts = [[0, 0, 0], [1, 1, 1], [2, 2, 2], [0.5, 5, 0]]
    assert paretix.pareto_rank(pts, backend=rank_backend).tolist() == [0, 1, 2, 1]


def test_single_objective_is_dense_rank(rank_backend):
    vals = np.array([3.0, 1.0, 3.0, -np.inf, np.inf, 2.0, 1.0])
    expected = [3, 1, 3, 0, 4, 2, 1]
    assert paretix.pareto_rank(vals[:, None], backend=rank_backend).tolist() == expected


def test_duplicates_share_rank_and_first_copy_is_kept(rank_backend, nd_backend):
    pts = np.array([[2, 2], [1, 3], [2, 2], [3, 1], [1, 3], [3, 3], [3, 3]], dtype=float)
    assert paretix.pareto_rank(pts, backend=rank_backend).tolist() == [0, 0, 0, 0, 0, 1, 1]
    assert paretix.is_nondominated(pts, backend=nd_backend).tolist() == [True, True, False, True, False, False, False]
    assert paretix.is_nondominated(pts, keep_weakly=True, backend=nd_backend).tolist() == [True] * 5 + [False] * 2


def test_all_identical_points(rank_backend, nd_backend):
    pts = np.full((6, 3), 4.0)
    assert paretix.pareto_rank(pts, backend=rank_backend).tolist() == [0] * 6
    assert paretix.is_nondominated(pts, backend=nd_backend).tolist() == [True] + [False] * 5
    assert paretix.is_nondominated(pts, keep_weakly=True, backend=nd_backend).all()


def test_signed_zero_is_a_duplicate(rank_backend, nd_backend):
    # -0.0 == 0.0: the two rows are the same point, not a domination.
    pts = np.array([[0.0, 1.0], [-0.0, 1.0]])
    assert paretix.pareto_rank(pts, backend=rank_backend).tolist() == [0, 0]
    assert paretix.is_nondominated(pts, backend=nd_backend).tolist() == [True, False]


def test_infinities(rank_backend, nd_backend):
    inf = np.inf
    pts = np.array([[-inf, inf], [inf, -inf], [0.0, 0.0], [inf, inf], [-inf, -inf], [-inf, inf]])
    # (-inf, -inf) dominates everything else except its own copies; (inf, inf) is last.
    assert paretix.pareto_rank(pts, backend=rank_backend).tolist() == [1, 1, 1, 2, 0, 1]
    assert paretix.is_nondominated(pts, backend=nd_backend).tolist() == [False, False, False, False, True, False]


def test_maximise_flags(rank_backend):
    pts = np.array([[1.0, 1.0], [2.0, 2.0], [2.0, 1.0]])
    assert paretix.pareto_rank(pts, backend=rank_backend).tolist() == [0, 2, 1]
    assert paretix.pareto_rank(pts, maximise=True, backend=rank_backend).tolist() == [2, 0, 1]
    assert paretix.pareto_rank(pts, maximise=[True, False], backend=rank_backend).tolist() == [1, 1, 0]
    assert paretix.pareto_rank(pts, maximise=np.array([False, True]), backend=rank_backend).tolist() == [0, 0, 1]


def test_maximise_does_not_modify_input(rank_backend):
    pts = np.array([[1.0, 2.0], [2.0, 1.0]])
    before = pts.copy()
    paretix.pareto_rank(pts, maximise=True, backend=rank_backend)
    paretix.is_nondominated(pts, maximise=[True, False])
    np.testing.assert_array_equal(pts, before)


def test_module_doctests():
    import doctest

    from paretix.kernels import nds

    result = doctest.testmod(nds, optionflags=doctest.NORMALIZE_WHITESPACE, report=False)
    assert result.attempted >= 3
    assert result.failed == 0


def test_readme_example():
    F = np.random.default_rng(1).random((2000, 3))
    rank = paretix.pareto_rank(F)
    front = paretix.is_nondominated(F)
    np.testing.assert_array_equal(front, rank == 0)
    cd = paretix.kernels.crowding_distance(F[front])
    assert cd.shape == (front.sum(),)
    rank_c = paretix.pareto_rank(F, cv=np.zeros(len(F)), n_stop=500)
    kept = rank_c != UNRANKED
    np.testing.assert_array_equal(rank_c[kept], rank[kept])
    assert kept.sum() >= 500
