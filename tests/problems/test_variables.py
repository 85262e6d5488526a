"""Mixed variables: var_types validation, Problem.repair's rule (nearest, midpoints up), and
properties of the repair (idempotent, inside the bounds, nearest valid value)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paretix
from paretix.problems import Problem
from paretix.problems._variables import nearest, round_half_up


def _mixed(**kw):
    return Problem.from_functions(lambda X: X.sum(axis=1), xl=[-3.0, 0.0, -1.0], xu=[3.0, 10.0, 1.0],
                                  var_types=["real", "int", [0.5, -0.25, 0.125]], **kw)


def test_declared_types_and_bounds():
    p = _mixed()
    assert p.var_types == ("real", "int", "set") and p.is_mixed
    np.testing.assert_array_equal(p.discrete_values[2], [-0.25, 0.125, 0.5])
    assert not paretix.problems.get("zdt1").is_mixed
    # infinite bounds of a set variable become its smallest and largest value
    q = Problem(n_var=2, var_types=["real", [3, 1, 2]])
    assert (q.xl[1], q.xu[1]) == (1.0, 3.0) and np.isinf(q.xl[0])


@pytest.mark.parametrize(("var_types", "match"), [
    ("int", "sequence of n_var=3"),
    (["real", "int"], "sequence of n_var=3"),
    (["real", "integer", "real"], r"var_types\[1\] must be 'real', 'int'"),
    (["real", "int", []], r"var_types\[2\] must hold at least one value"),
    (["real", "int", [0.0, np.nan]], r"var_types\[2\] must hold at least one value, all finite"),
    (["real", "int", ["a"]], r"var_types\[2\] must be 'real', 'int' or a sequence of numbers"),
    (["real", "int", [0.0, 5.0]], r"var_types\[2\]: allowed values from 0.0 to 5.0 lie outside"),
])
def test_bad_var_types_named(var_types, match):
    with pytest.raises(ValueError, match=match):
        Problem(n_var=3, xl=[0, 0, 0], xu=[1, 1, 1], var_types=var_types)


def test_int_without_integer_in_bounds():
    with pytest.raises(ValueError, match=r"var_types\[0\] is 'int' but no integer lies in"):
        Problem(n_var=1, xl=0.2, xu=0.8, var_types=["int"])


def test_repair_rule_by_hand():
    p = _mixed()
    X = np.array([[0.123, 2.5, 0.3125], [-2.9, -1.0, -1.0], [1.0, 9.5, 0.2], [np.nan, 12.0, 0.8]])
    R = p.repair(X)
    np.testing.assert_array_equal(R[:3], [[0.123, 3, 0.5], [-2.9, 0, -0.25], [1.0, 10, 0.125]])
    assert np.isnan(R[3, 0]) and R[3, 1] == 10 and R[3, 2] == 0.5
    assert X[0, 1] == 2.5  # not modified in place
    # exact midpoints go up: 0.3125 is the midpoint of 0.125 and 0.5, -0.0625 of -0.25 and 0.125
    np.testing.assert_array_equal(p.repair(np.array([[0, 0, -0.0625]]))[0, 2], 0.125)
    assert round_half_up(np.array([-2.5, -0.5, 0.5, 0.49999999999999994]), np).tolist() == [-2, 0, 1, 0]
    z = Problem.from_functions(lambda X: X[:, 0], xl=[0.0], xu=[1.0])
    Y = np.array([[0.3]])
    assert z.repair(Y) is Y
    with pytest.raises(ValueError, match="X must have shape"):
        p.repair(np.zeros((2, 2)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=8, unique=True),
       st.lists(st.floats(-2e6, 2e6), min_size=1, max_size=20))
def test_nearest_is_nearest_and_idempotent(values, xs):
    v = np.unique(np.array(values))
    x = np.array(xs)
    out = nearest(v, x)
    assert np.isin(out, v).all()
    best = np.abs(x[:, None] - v[None, :]).min(axis=1)
    np.testing.assert_array_equal(np.abs(out - x), best)
    np.testing.assert_array_equal(nearest(v, out), out)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-50, 50), min_size=3, max_size=3))
def test_repair_idempotent_and_in_bounds(x):
    p = _mixed()
    R = p.repair(np.array([x]))
    np.testing.assert_array_equal(p.repair(R), R)
    assert 0 <= R[0, 1] <= 10 and R[0, 1] == np.round(R[0, 1])
