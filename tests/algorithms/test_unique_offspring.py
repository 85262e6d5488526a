"""Duplicate elimination in the generational algorithms (``_genetic.unique_offspring``)."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.algorithms._genetic import unique_offspring
from paretix.kernels import duplicated


def _grid_maker(seed, levels):
    rng = np.random.default_rng(seed)
    calls = []

    def make(k):
        calls.append(k)
        return rng.integers(0, levels, size=(k, 2)).astype(float)

    return make, calls


def test_rows_are_distinct_new_and_replaced_in_place():
    existing = np.array([[0.0, 0.0], [1.0, 1.0]])
    make, calls = _grid_maker(1, 40)
    X = unique_offspring(make, 300, [existing])
    assert len(X) == 300 and len(calls) > 1 and calls[1] < 300  # a second, smaller round happened
    assert not duplicated(X, [existing]).any()


def test_gives_up_after_the_rounds_and_drops_what_is_left():
    make, calls = _grid_maker(2, 3)  # only 9 distinct rows exist
    X = unique_offspring(make, 50, [np.array([[0.0, 0.0]])], rounds=4)
    assert len(calls) == 4
    assert len(X) == 8 and not duplicated(X, [np.array([[0.0, 0.0]])]).any()
    again, _ = _grid_maker(2, 3)
    np.testing.assert_array_equal(unique_offspring(again, 50, [np.array([[0.0, 0.0]])], rounds=4), X)


def test_read_only_candidates_are_copied_before_replacement():
    rng = np.random.default_rng(3)

    def make(k):
        out = rng.integers(0, 5, size=(k, 1)).astype(float)
        out.flags.writeable = False
        return out

    X = unique_offspring(make, 4, [np.zeros((0, 1))])
    assert not duplicated(X).any()


def test_algorithms_never_offer_a_member_or_a_repeated_row():
    problem = paretix.problems.get("zdt1", n_var=2)
    algo = paretix.NSGA2(pop_size=40, mutation=paretix.operators.PolynomialMutation(prob=0.0),
                         crossover=paretix.operators.SBX(prob=0.5)).setup(problem, seed=4, termination=("n_gen", 6))
    while algo.has_next():
        X = algo.ask()
        if algo.pop is not None:
            assert not duplicated(X, algo.pop.X).any()
        algo.tell(problem.evaluate(X))


def test_row_stack_gathers_like_the_concatenation():
    from paretix.algorithms._population import RowStack

    rng = np.random.default_rng(5)
    A, B = rng.random((4, 3)), rng.random((6, 3))
    full = np.concatenate([A, B])
    stack = RowStack(A, B)
    assert len(stack) == 10 and stack.shape == (10, 3)
    for idx in (np.array([9, 0, 4, 3, -1]), np.arange(10)[::-1], np.zeros(0, dtype=np.int64)):
        np.testing.assert_array_equal(stack[idx], full[idx])
    np.testing.assert_array_equal(stack[2:7], full[2:7])
    np.testing.assert_array_equal(np.asarray(stack), full)
    with pytest.raises(IndexError, match="out of range for 10 rows"):
        stack[np.array([10])]
