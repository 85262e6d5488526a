"""Constrained ranking (``cv``, Deb's constrained domination) and early stop (``n_stop``)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import paretix
from paretix.kernels import UNRANKED


def constrained_rank_oracle(points: np.ndarray, cv: np.ndarray) -> np.ndarray:
    """Peel fronts with Deb's constrained domination, straight from the definition."""
    n = len(points)

    def cdom(a: int, b: int) -> bool:
        fa, fb = cv[a] == 0, cv[b] == 0
        if fa and not fb:
            return True
        if fb and not fa:
            return False
        if not fa:  # both infeasible
            return cv[a] < cv[b]
        return bool(np.all(points[a] <= points[b]) and np.any(points[a] < points[b]))

    rank = np.full(n, -1, dtype=np.int64)
    remaining = list(range(n))
    r = 0
    while remaining:
        front = [b for b in remaining if not any(cdom(a, b) for a in remaining if a != b)]
        rank[front] = r
        remaining = [b for b in remaining if b not in front]
        r += 1
    return rank


def assert_valid_cut(full: np.ndarray, cut: np.ndarray, n_stop: int) -> None:
    """``cut`` is ``full`` with whole trailing fronts set to UNRANKED, the fewest that keep >= n_stop."""
    kept = cut != UNRANKED
    np.testing.assert_array_equal(cut[kept], full[kept])
    n = len(full)
    if n_stop >= n:
        assert kept.all()
        return
    last = int(full[kept].max())
    # whole fronts only: every point of a kept rank is kept, every other point is not
    np.testing.assert_array_equal(kept, full <= last)
    assert kept.sum() >= n_stop
    assert (full < last).sum() < n_stop, "one front too many was kept"


# --- cv --------------------------------------------------------------------------------------------


def test_all_feasible_equals_unconstrained(rank_backend):
    pts = np.random.default_rng(0).integers(0, 5, size=(80, 3)).astype(float)
    np.testing.assert_array_equal(
        paretix.pareto_rank(pts, cv=np.zeros(80), backend=rank_backend),
        paretix.pareto_rank(pts, backend=rank_backend),
    )


def test_all_infeasible_is_dense_rank_of_cv(rank_backend):
    pts = np.random.default_rng(1).random((7, 2))
    cv = np.array([3.0, 0.5, np.inf, 0.5, 2.0, np.inf, 1e-300])
    assert paretix.pareto_rank(pts, cv=cv, backend=rank_backend).tolist() == [3, 1, 4, 1, 2, 4, 0]


def test_infeasible_after_every_feasible_front(rank_backend):
    # Feasible chain of 3 fronts; infeasible points have better objectives but rank after them.
    pts = np.array([[2, 2], [1, 1], [3, 3], [0, 0], [-5, -5], [0, 0]], dtype=float)
    cv = np.array([0, 0, 0, 1.0, np.inf, 1.0])
    assert paretix.pareto_rank(pts, cv=cv, backend=rank_backend).tolist() == [1, 0, 2, 3, 4, 3]


def test_infeasible_ignore_objectives(rank_backend):
    # Equal violations share a rank even when one point dominates the other in objectives.
    pts = np.array([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]])
    assert paretix.pareto_rank(pts, cv=[2.0, 2.0, 0.0], backend=rank_backend).tolist() == [1, 1, 0]


def test_infinite_cv(rank_backend):
    pts = np.zeros((4, 2))
    assert paretix.pareto_rank(pts, cv=[np.inf, 0.0, np.inf, 1e308], backend=rank_backend).tolist() == [2, 0, 2, 1]


def test_cv_with_maximise(rank_backend):
    pts = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    cv = np.array([0.0, 0.0, 0.5])
    assert paretix.pareto_rank(pts, cv=cv, maximise=True, backend=rank_backend).tolist() == [1, 0, 2]


@pytest.mark.parametrize("seed", range(6))
def test_cv_matches_constrained_domination_oracle(rank_backend, seed):
    rng = np.random.default_rng(seed)
    n, m = 60, int(rng.integers(1, 5))
    pts = rng.integers(0, 4, size=(n, m)).astype(float)
    cv = rng.choice([0.0, 0.0, 0.0, 0.5, 1.0, 2.0, np.inf], size=n)
    np.testing.assert_array_equal(
        paretix.pareto_rank(pts, cv=cv, backend=rank_backend), constrained_rank_oracle(pts, cv)
    )


@given(
    pts=arrays(np.float64, st.tuples(st.integers(0, 25), st.integers(1, 4)), elements=st.sampled_from([0.0, 1.0, 2.0, 3.0])),
    data=st.data(),
)
def test_cv_property(pts, data):
    n = len(pts)
    cv = data.draw(arrays(np.float64, n, elements=st.sampled_from([0.0, 0.0, 0.25, 1.0, np.inf])), label="cv")
    np.testing.assert_array_equal(paretix.pareto_rank(pts, cv=cv), constrained_rank_oracle(pts, cv))


def test_cv_empty(rank_backend):
    assert paretix.pareto_rank(np.empty((0, 2)), cv=np.empty(0), backend=rank_backend).tolist() == []


# --- n_stop ------------------------------------------------------------------------------------------


def test_n_stop_at_least_n_changes_nothing(rank_backend):
    pts = np.random.default_rng(2).integers(0, 6, size=(50, 2)).astype(float)
    full = paretix.pareto_rank(pts, backend=rank_backend)
    assert full.max() >= 3  # the test needs several fronts
    for n_stop in (50, 51, 10**12):
        np.testing.assert_array_equal(paretix.pareto_rank(pts, n_stop=n_stop, backend=rank_backend), full)


def test_n_stop_one_keeps_exactly_the_first_front(rank_backend):
    pts = np.random.default_rng(3).random((100, 3))
    full = paretix.pareto_rank(pts, backend=rank_backend)
    cut = paretix.pareto_rank(pts, n_stop=1, backend=rank_backend)
    np.testing.assert_array_equal(cut == 0, full == 0)
    np.testing.assert_array_equal(cut[full > 0], UNRANKED)
    assert cut.dtype == np.int64


def test_n_stop_keeps_the_front_that_reaches_it(rank_backend):
    # fronts of sizes 3, 2, 1 (a 2-D staircase per front)
    pts = np.array([[0, 2], [1, 1], [2, 0], [1, 2], [2, 1], [3, 3]], dtype=float)
    expect = {
        1: [0, 0, 0, UNRANKED, UNRANKED, UNRANKED],
        3: [0, 0, 0, UNRANKED, UNRANKED, UNRANKED],
        4: [0, 0, 0, 1, 1, UNRANKED],
        5: [0, 0, 0, 1, 1, UNRANKED],
        6: [0, 0, 0, 1, 1, 2],
    }
    for n_stop, ranks in expect.items():
        assert paretix.pareto_rank(pts, n_stop=n_stop, backend=rank_backend).tolist() == ranks, n_stop


@pytest.mark.parametrize("m", [1, 2, 3, 5])
def test_n_stop_never_cuts_a_front(rank_backend, m):
    rng = np.random.default_rng(10 + m)
    pts = rng.integers(0, 5, size=(60, m)).astype(float)
    full = paretix.pareto_rank(pts, backend=rank_backend)
    for n_stop in range(1, 62):
        assert_valid_cut(full, paretix.pareto_rank(pts, n_stop=n_stop, backend=rank_backend), n_stop)


def test_n_stop_with_cv(rank_backend):
    rng = np.random.default_rng(4)
    pts = rng.integers(0, 4, size=(40, 2)).astype(float)
    cv = rng.choice([0.0, 0.0, 1.0, 2.0, np.inf], size=40)
    full = paretix.pareto_rank(pts, cv=cv, backend=rank_backend)
    np.testing.assert_array_equal(full, constrained_rank_oracle(pts, cv))
    for n_stop in range(1, 42):
        assert_valid_cut(full, paretix.pareto_rank(pts, cv=cv, n_stop=n_stop, backend=rank_backend), n_stop)


def test_n_stop_with_maximise(rank_backend):
    pts = np.random.default_rng(5).random((30, 2))
    full = paretix.pareto_rank(pts, maximise=True, backend=rank_backend)
    np.testing.assert_array_equal(full, paretix.pareto_rank(-pts, backend=rank_backend))
    for n_stop in (1, 5, 17, 29):
        assert_valid_cut(full, paretix.pareto_rank(pts, maximise=True, n_stop=n_stop, backend=rank_backend), n_stop)


def test_n_stop_with_duplicates_keeps_all_copies(rank_backend):
    pts = np.array([[1.0, 1.0]] * 4 + [[2.0, 2.0]] * 3)
    assert paretix.pareto_rank(pts, n_stop=2, backend=rank_backend).tolist() == [0] * 4 + [UNRANKED] * 3
    assert paretix.pareto_rank(pts, n_stop=5, backend=rank_backend).tolist() == [0] * 4 + [1] * 3


@given(
    pts=arrays(np.float64, st.tuples(st.integers(1, 30), st.integers(1, 4)), elements=st.sampled_from([0.0, 1.0, 2.0, np.inf])),
    data=st.data(),
)
def test_n_stop_property(pts, data):
    n_stop = data.draw(st.integers(1, len(pts) + 2), label="n_stop")
    assert_valid_cut(paretix.pareto_rank(pts), paretix.pareto_rank(pts, n_stop=n_stop), n_stop)
