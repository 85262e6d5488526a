"""Hypothesis properties of pareto_rank / is_nondominated, on every usable backend.

The oracle here is the definition (an explicit dominance matrix), not the reference backend, so
these properties also check the reference itself.
"""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import paretix
from paretix import kernels

inf = np.inf

# --- strategies ------------------------------------------------------------------------------------------

shapes = st.tuples(st.integers(0, 40), st.integers(1, 5))
small_ints = st.sampled_from([0.0, 1.0, 2.0, 3.0])  # forces ties and duplicates
ints_and_infs = st.sampled_from([-inf, -1.0, -0.0, 0.0, 1.0, 2.0, inf])
any_floats = st.floats(allow_nan=False, allow_infinity=True, width=64)

tie_points = arrays(np.float64, shapes, elements=small_ints)
points = st.one_of(
    tie_points,
    arrays(np.float64, shapes, elements=ints_and_infs),
    arrays(np.float64, shapes, elements=any_floats),
    arrays(np.float64, st.tuples(st.integers(0, 40), st.integers(1, 3)), elements=st.integers(0, 6).map(float)),
)


def dominated_by(pts: np.ndarray) -> np.ndarray:
    """``D[i, j]``: point j dominates point i (<= everywhere, < somewhere)."""
    le = (pts[None, :, :] <= pts[:, None, :]).all(axis=2)
    lt = (pts[None, :, :] < pts[:, None, :]).any(axis=2)
    return le & lt


def same_rows(pts: np.ndarray) -> np.ndarray:
    return (pts[None, :, :] == pts[:, None, :]).all(axis=2)


# --- properties ------------------------------------------------------------------------------------------------


@given(pts=points)
def test_rank_satisfies_the_definition(rank_backend, pts):
    rank = paretix.pareto_rank(pts, backend=rank_backend)
    n = len(pts)
    assert rank.dtype == np.int64 and rank.shape == (n,)
    if n == 0:
        return
    assert rank.min() == 0
    dom = dominated_by(pts)
    for i in range(n):
        dominators = rank[dom[i]]
        # nothing of equal or higher rank dominates i
        assert not (dominators >= rank[i]).any(), (i, rank[i], dominators)
        # something of the previous rank does
        if rank[i] > 0:
            assert (dominators == rank[i] - 1).any(), (i, rank[i], dominators)
    # hence the ranks used are exactly 0..k-1
    np.testing.assert_array_equal(np.unique(rank), np.arange(rank.max() + 1))


@given(pts=points)
def test_first_front_is_the_weak_nondominated_mask(rank_backend, pts):
    rank = paretix.pareto_rank(pts, backend=rank_backend)
    weak = paretix.is_nondominated(pts, keep_weakly=True, backend=rank_backend)
    np.testing.assert_array_equal(weak, rank == 0)
    np.testing.assert_array_equal(weak, ~dominated_by(pts).any(axis=1) if len(pts) else weak)


@given(pts=points)
def test_keep_weakly_false_marks_the_lowest_index_copy(rank_backend, pts):
    weak = paretix.is_nondominated(pts, keep_weakly=True, backend=rank_backend)
    strict = paretix.is_nondominated(pts, keep_weakly=False, backend=rank_backend)
    assert strict.dtype == np.bool_
    assert not (strict & ~weak).any()
    if len(pts) == 0:
        return
    same = same_rows(pts)
    first_copy = ~np.tril(same, k=-1).any(axis=1)  # no equal row at a lower index
    np.testing.assert_array_equal(strict, weak & first_copy)
    # exactly one marked per group of equal non-dominated rows
    for i in np.flatnonzero(weak):
        assert strict[same[i]].sum() == 1


@given(pts=points, data=st.data())
def test_permutation_invariance(rank_backend, pts, data):
    perm = np.array(data.draw(st.permutations(range(len(pts))), label="perm"), dtype=np.int64)
    rank = paretix.pareto_rank(pts, backend=rank_backend)
    np.testing.assert_array_equal(paretix.pareto_rank(pts[perm], backend=rank_backend), rank[perm])
    weak = paretix.is_nondominated(pts, keep_weakly=True, backend=rank_backend)
    np.testing.assert_array_equal(paretix.is_nondominated(pts[perm], keep_weakly=True, backend=rank_backend), weak[perm])
    strict = paretix.is_nondominated(pts, backend=rank_backend)
    assert paretix.is_nondominated(pts[perm], backend=rank_backend).sum() == strict.sum()


@given(pts=points, data=st.data())
def test_duplicates_share_a_rank_and_change_nothing_else(rank_backend, pts, data):
    assume(len(pts) > 0)
    idx = np.array(data.draw(st.lists(st.integers(0, len(pts) - 1), min_size=1, max_size=10), label="idx"))
    rank = paretix.pareto_rank(pts, backend=rank_backend)
    more = np.concatenate([pts, pts[idx]])
    np.testing.assert_array_equal(paretix.pareto_rank(more, backend=rank_backend), np.concatenate([rank, rank[idx]]))
    # is_nondominated: the appended copies are never the first copy
    strict = paretix.is_nondominated(more, backend=rank_backend)
    np.testing.assert_array_equal(strict[len(pts):], False)
    np.testing.assert_array_equal(strict[: len(pts)], paretix.is_nondominated(pts, backend=rank_backend))


@given(pts=points, data=st.data())
def test_maximise_is_ranking_the_negation(rank_backend, pts, data):
    m = pts.shape[1]
    np.testing.assert_array_equal(
        paretix.pareto_rank(pts, maximise=True, backend=rank_backend), paretix.pareto_rank(-pts, backend=rank_backend)
    )
    flags = np.array(data.draw(st.lists(st.booleans(), min_size=m, max_size=m), label="flags"))
    flipped = np.where(flags, -pts, pts)
    np.testing.assert_array_equal(
        paretix.pareto_rank(pts, maximise=flags, backend=rank_backend), paretix.pareto_rank(flipped, backend=rank_backend)
    )
    np.testing.assert_array_equal(
        paretix.is_nondominated(pts, maximise=list(flags), backend=rank_backend),
        paretix.is_nondominated(flipped, backend=rank_backend),
    )


@given(pts=arrays(np.float64, st.tuples(st.integers(0, 40), st.just(1)), elements=st.one_of(small_ints, ints_and_infs)))
def test_one_objective_is_the_dense_rank(rank_backend, pts):
    _, dense = np.unique(pts[:, 0], return_inverse=True)
    np.testing.assert_array_equal(paretix.pareto_rank(pts, backend=rank_backend), dense.reshape(-1))


@given(pts=points, shift=st.integers(-3, 3), scale=st.sampled_from([0.25, 1.0, 2.0, 1024.0]))
def test_monotone_transform_invariance(rank_backend, pts, shift, scale):
    """Exact positive scaling by a power of two and integer shifts keep every comparison."""
    assume(np.isfinite(pts).all() and (np.abs(pts) < 1e6).all())
    pts = np.round(pts)
    np.testing.assert_array_equal(
        paretix.pareto_rank(pts * scale + shift, backend=rank_backend), paretix.pareto_rank(pts, backend=rank_backend)
    )


@given(pts=points)
def test_all_backends_agree(pts):
    names = kernels.kernel_backends("pareto_rank")
    ranks = {b: paretix.pareto_rank(pts, backend=b) for b in names}
    weak = {b: paretix.is_nondominated(pts, keep_weakly=True, backend=b) for b in names}
    strict = {b: paretix.is_nondominated(pts, backend=b) for b in names}
    for b in names[1:]:
        np.testing.assert_array_equal(ranks[b], ranks[names[0]], err_msg=f"{b} vs {names[0]}")
        np.testing.assert_array_equal(weak[b], weak[names[0]], err_msg=f"{b} vs {names[0]}")
        np.testing.assert_array_equal(strict[b], strict[names[0]], err_msg=f"{b} vs {names[0]}")


@given(pts=points, n_front_points=st.integers(1, 5))
def test_adding_a_global_dominator_shifts_every_rank(rank_backend, pts, n_front_points):
    """Prepending points that dominate everything pushes every old rank up by one."""
    assume(len(pts) > 0 and not np.isneginf(pts).any())
    lo = np.full((n_front_points, pts.shape[1]), -inf)
    rank = paretix.pareto_rank(pts, backend=rank_backend)
    new = paretix.pareto_rank(np.concatenate([lo, pts]), backend=rank_backend)
    np.testing.assert_array_equal(new[:n_front_points], 0)
    np.testing.assert_array_equal(new[n_front_points:], rank + 1)
