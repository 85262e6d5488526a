"""A million points (``-m slow``): the native kernels at scale, checked by sampled invariants."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix import kernels
from paretix.kernels import UNRANKED, crowding_distance

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not kernels.status("native").available, reason="native backend unavailable"),
]

N = 1_000_000


@pytest.fixture(scope="module")
def million_3d():
    pts = np.random.default_rng(12345).random((N, 3))
    rank = paretix.pareto_rank(pts, backend="native")
    return pts, rank


def test_million_points_rank_invariants(million_3d):
    pts, rank = million_3d
    assert rank.dtype == np.int64 and rank.shape == (N,)
    assert rank.min() == 0
    k = int(rank.max()) + 1
    assert k > 10
    counts = np.bincount(rank)
    assert (counts > 0).all(), "every rank 0..k-1 must be used"

    front0 = paretix.is_nondominated(pts, keep_weakly=True, backend="native")
    np.testing.assert_array_equal(front0, rank == 0)
    np.testing.assert_array_equal(paretix.is_nondominated(pts, backend="native"), rank == 0)  # no duplicates

    rng = np.random.default_rng(0)
    for i in rng.choice(N, size=150, replace=False):
        p, r = pts[i], rank[i]
        dominators = (pts <= p).all(axis=1) & (pts < p).any(axis=1)
        assert not (dominators & (rank >= r)).any(), f"point {i} (rank {r}) is dominated at rank >= {r}"
        if r > 0:
            assert (dominators & (rank == r - 1)).any(), f"point {i} (rank {r}) has no dominator at rank {r - 1}"


def test_million_points_permutation_and_n_stop(million_3d):
    pts, rank = million_3d
    perm = np.random.default_rng(1).permutation(N)
    np.testing.assert_array_equal(paretix.pareto_rank(pts[perm], backend="native"), rank[perm])
    cut = paretix.pareto_rank(pts, n_stop=10_000, backend="native")
    kept = cut != UNRANKED
    last = int(cut[kept].max())
    np.testing.assert_array_equal(kept, rank <= last)
    assert kept.sum() >= 10_000 > (rank < last).sum()


def test_million_points_crowding(million_3d):
    pts, rank = million_3d
    front = pts[rank == 0]
    d = crowding_distance(front, backend="native")
    assert not np.isnan(d).any() and (d >= 0).all()
    assert 2 <= np.isinf(d).sum() <= 6
    np.testing.assert_allclose(d, crowding_distance(front, backend="reference"), rtol=1e-12, atol=0)


def test_million_points_2d_against_numba_and_moocore():
    pts = np.random.default_rng(7).random((N, 2))
    rank = paretix.pareto_rank(pts, backend="native")
    if kernels.status("numba").available:
        np.testing.assert_array_equal(paretix.pareto_rank(pts, backend="numba"), rank)
    try:
        import moocore
    except ImportError:
        return
    np.testing.assert_array_equal(rank, np.asarray(moocore.pareto_rank(pts)))
