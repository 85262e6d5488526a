"""binary_tournament (Deb's constraint rules, rank, crowding) and random_mating."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from paretix.operators import binary_tournament, random_mating
from paretix.operators.selection import _winners

CVS = [0.0, 0.5, 1.0, np.inf]
RANKS = [0, 1]
CROWDINGS = [1.0, 2.0, np.inf]


def expected_winner(i, j, rank, crowding, cv, tie_break):
    """The tournament rules written out case by case; None for a tie."""
    if cv is not None and (cv[i] > 0 or cv[j] > 0):
        if cv[i] == cv[j]:
            return None
        return i if cv[i] < cv[j] else j
    if rank is not None and rank[i] != rank[j]:
        return i if rank[i] < rank[j] else j
    if crowding is not None and tie_break == "crowding" and crowding[i] != crowding[j]:
        return i if crowding[i] > crowding[j] else j
    return None


def _pairs_of(values):
    return [np.array(p) for p in itertools.product(values, repeat=2)]


CASES = [
    (rank, crowding, cv, tie)
    for rank in [None, *_pairs_of(RANKS)]
    for crowding in [None, *_pairs_of(CROWDINGS)]
    for cv in [None, *_pairs_of(CVS)]
    for tie in ("crowding", "random")
    if not (rank is None and crowding is None and cv is None)
]


def test_two_individuals_exhaustively():
    # With two individuals every tournament is 0 vs 1, so the rules can be checked case by case.
    for k, (rank, crowding, cv, tie) in enumerate(CASES):
        idx = binary_tournament(64, rank=rank, crowding=crowding, cv=cv, tie_break=tie,
                                rng=np.random.default_rng(k))
        assert idx.dtype == np.int64 and idx.shape == (64,)
        want = expected_winner(0, 1, rank, crowding, cv, tie)
        if want is None:
            assert set(idx.tolist()) == {0, 1}, (rank, crowding, cv, tie)  # fair coin: both win
        else:
            assert np.all(idx == want), (rank, crowding, cv, tie)


@given(
    n_pop=st.integers(1, 6),
    data=st.data(),
    tie=st.sampled_from(["crowding", "random"]),
)
def test_winners_follow_the_rules(n_pop, data, tie):
    rank = np.array(data.draw(st.lists(st.integers(0, 2), min_size=n_pop, max_size=n_pop)))
    crowding = np.array(data.draw(st.lists(st.sampled_from(CROWDINGS), min_size=n_pop, max_size=n_pop)))
    cv = np.array(data.draw(st.lists(st.sampled_from(CVS), min_size=n_pop, max_size=n_pop)))
    pairs = np.array(list(itertools.product(range(n_pop), repeat=2)))  # every ordered pair
    a, b = pairs[:, 0], pairs[:, 1]
    for coin_value in (True, False):
        coin = np.full(len(a), coin_value)
        for use in itertools.product([False, True], repeat=3):
            kw = {k: v for k, v, u in zip(("rank", "crowding", "cv"), (rank, crowding, cv), use) if u}
            got = _winners(a, b, coin, tie_break=tie, **kw)
            for k in range(len(a)):
                want = expected_winner(a[k], b[k], kw.get("rank"), kw.get("crowding"), kw.get("cv"), tie)
                assert got[k] == (want if want is not None else (a[k] if coin_value else b[k]))


@given(n_pop=st.integers(1, 30), n_select=st.integers(0, 50), seed=st.integers(0, 2**32 - 1))
def test_indices_are_valid_and_deterministic(n_pop, n_select, seed):
    rng = np.random.default_rng(seed)
    rank, crowding, cv = rng.integers(0, 3, n_pop), rng.random(n_pop), rng.choice([0.0, 1.0], n_pop)
    idx = binary_tournament(n_select, rank=rank, crowding=crowding, cv=cv, rng=np.random.default_rng(seed))
    assert idx.shape == (n_select,) and idx.dtype == np.int64
    assert np.all((idx >= 0) & (idx < n_pop))
    np.testing.assert_array_equal(
        idx, binary_tournament(n_select, rank=rank, crowding=crowding, cv=cv, rng=np.random.default_rng(seed)))


def test_selection_pressure_on_a_population():
    # Only individual 0 is feasible: it wins every tournament it takes part in (about 2/n of them);
    # the individual with the unique largest violation never wins.
    n = 10
    cv = np.array([0.0] + [1.0] * 8 + [5.0])
    rank = np.arange(n)[::-1]  # ranks would favour the infeasible ones
    idx = binary_tournament(20000, rank=rank, cv=cv, rng=np.random.default_rng(0))
    assert 9 not in idx
    share = np.mean(idx == 0)
    assert abs(share - 2 / n) < 0.015  # 0 takes part in 2/n of the tournaments and always wins
    # among feasible individuals, rank then crowding decide
    rank = np.array([0, 0, 1, 1])
    crowding = np.array([np.inf, 0.5, 3.0, 9.0])
    idx = binary_tournament(5000, rank=rank, crowding=crowding, rng=np.random.default_rng(1))
    counts = np.bincount(idx, minlength=4)
    # expected wins: each of 12 ordered pairs equally likely; 0 beats all, 1 beats 2, 3; 2 beats none
    np.testing.assert_allclose(counts / 5000, [6 / 12, 4 / 12, 0, 2 / 12], atol=0.03)


def test_opponents_are_uniform_and_distinct():
    # Equal criteria: every individual wins half the tournaments it enters (fair coin, uniform draws).
    idx = binary_tournament(20000, rank=np.zeros(8, dtype=int), rng=np.random.default_rng(2))
    assert stats.chisquare(np.bincount(idx, minlength=8)).pvalue > 1e-3


def test_single_individual():
    assert binary_tournament(5, rank=[3], rng=np.random.default_rng(0)).tolist() == [0] * 5


def test_rejects_bad_arguments():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="at least one of rank, crowding, cv"):
        binary_tournament(4, rng=rng)
    with pytest.raises(ValueError, match="tie_break must be one of"):
        binary_tournament(4, rank=[0, 1], rng=rng, tie_break="dominance")
    with pytest.raises(ValueError, match="crowding has length 3, but the other criteria have length 2"):
        binary_tournament(4, rank=[0, 1], crowding=[1.0, 2.0, 3.0], rng=rng)
    with pytest.raises(ValueError, match=r"cv contains NaN \(first at index 1\)"):
        binary_tournament(4, cv=[0.0, np.nan], rng=rng)
    with pytest.raises(ValueError, match="cv must be >= 0, got -1.0"):
        binary_tournament(4, cv=[0.0, -1.0], rng=rng)
    with pytest.raises(ValueError, match="rank must be a 1-D array"):
        binary_tournament(4, rank=[[0, 1]], rng=rng)
    with pytest.raises(ValueError, match="empty population"):
        binary_tournament(4, rank=np.zeros(0), rng=rng)
    with pytest.raises(ValueError, match="n_select must be >= 0"):
        binary_tournament(-1, rank=[0], rng=rng)
    with pytest.raises(TypeError, match="rng must be"):
        binary_tournament(2, rank=[0], rng=None)
    assert binary_tournament(0, rank=np.zeros(0), rng=rng).shape == (0,)


def test_random_mating():
    idx = random_mating(30000, 7, np.random.default_rng(0))
    assert idx.shape == (30000,) and idx.dtype == np.int64
    assert idx.min() >= 0 and idx.max() < 7
    assert stats.chisquare(np.bincount(idx, minlength=7)).pvalue > 1e-3
    np.testing.assert_array_equal(random_mating(50, 7, np.random.default_rng(1)),
                                  random_mating(50, 7, np.random.default_rng(1)))
    with pytest.raises(ValueError, match="n_pop must be >= 1"):
        random_mating(3, 0, np.random.default_rng(0))
    assert random_mating(0, 0, np.random.default_rng(0)).shape == (0,)


@pytest.mark.gpu
def test_cupy_criteria_give_device_indices():
    cp = pytest.importorskip("cupy")
    rank, cv = cp.asarray([0, 1, 2, 0]), cp.asarray([0.0, 0.0, 1.0, 2.0])
    for rng in (cp.random.default_rng(0), np.random.default_rng(0)):
        idx = binary_tournament(100, rank=rank, cv=cv, rng=rng)
        assert isinstance(idx, cp.ndarray) and idx.dtype == cp.int64
        assert 3 not in cp.asnumpy(idx).tolist()
    assert isinstance(random_mating(5, 4, cp.random.default_rng(0)), cp.ndarray)
