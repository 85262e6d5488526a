"""Agreement with ``spotdesirability`` (0.1.1) where the specification says it is right (section 6):
formulas, boundaries, scales, ``tol`` on exact zeros, validation outcomes, element-wise NA
imputation of the numeric functions, the geometric mean and 1-D rows. Where it says spot is wrong
(non-informative value with ``tol``, unsorted or tied ``DArb`` points), paretix's intended values
are tested in ``test_functions.py`` and the difference is pinned here.

Skipped when spotdesirability is not installed (``pip install --no-deps spotdesirability``
plus matplotlib is enough).
"""

from __future__ import annotations

import numpy as np
import pytest

spot = pytest.importorskip("spotdesirability")
pytest.importorskip("matplotlib")

from paretix import desirability as px

Y = np.array([-np.inf, -20, -5, 0, 0.05, 1.3, 2.5, 3, 4.999, 5, 5.001, 7.5, 9.99, 10, 12, 55, 57.5, 59.9,
              60, 100, np.inf])

CASES = [
    ("DMax", (0, 10), {}),
    ("DMax", (1, 3, 5), {}),
    ("DMax", (1, 3, 1 / 5), {}),
    ("DMax", (0, 10), {"tol": 0.01}),
    ("DMin", (0, 10), {}),
    ("DMin", (0, 10, 2), {"tol": 0.1}),
    ("DTarget", (55, 57.5, 60), {}),
    ("DTarget", (0, 5, 10, 2, 0.5), {}),
    ("DTarget", (0, 2, 10), {"tol": 0.2}),
    ("DBox", (-1.682, 1.682), {}),
    ("DBox", (0, 5), {"tol": 0.3}),
    ("DArb", ([-5, 0, 5, 10], [0, 0.5, 1, 0.2]), {}),
]


def _pair(name, args, kwargs):
    return getattr(px, name)(*args, **kwargs), getattr(spot, name)(*args, **kwargs)


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES)
def test_predictions_agree(name, args, kwargs):
    ours, theirs = _pair(name, args, kwargs)
    np.testing.assert_array_equal(ours.predict(Y), theirs.predict(Y))


@pytest.mark.parametrize(("name", "args", "kwargs"), [c for c in CASES if "tol" not in c[2]])
def test_non_informative_agrees_without_tol(name, args, kwargs):
    ours, theirs = _pair(name, args, kwargs)
    assert ours.missing == pytest.approx(theirs.missing, rel=1e-14)


@pytest.mark.parametrize(("name", "args", "kwargs"), [c for c in CASES if "tol" not in c[2]])
def test_nan_imputation_agrees(name, args, kwargs):
    # spec row 1: spot imputes element-wise (R 2.1 crashes)
    ours, theirs = _pair(name, args, kwargs)
    y = np.array([np.nan, 2.5, np.nan, 57.5, 100])
    np.testing.assert_array_equal(ours.predict(y), theirs.predict(y))


def test_categorical_agrees_on_known_levels():
    values = {"value1": 0.1, "value2": 0.9, "value3": 0.2}
    ours, theirs = px.DCategorical(values), spot.DCategorical(values)
    levels = ["value3", "value1", "value2"]
    np.testing.assert_array_equal(ours.predict(levels), theirs.predict(levels))
    assert ours.missing == pytest.approx(theirs.missing)


INVALID = [
    ("DMax", (10, 0)), ("DMax", (0, 0)), ("DMax", (0, 10, 0)), ("DMin", (0, 10, -1)),
    ("DTarget", (10, 5, 0)), ("DTarget", (0, 0, 10)), ("DTarget", (0, 10, 10)), ("DTarget", (0, 5, 10, 0, 1)),
    ("DTarget", (0, 5, 10, 1, -1)), ("DBox", (1, 1)), ("DArb", ([0, 1], [0, 2])), ("DArb", ([0, 1, 2], [0, 1])),
    ("DArb", ([0], [1])),
]


@pytest.mark.parametrize(("name", "args"), INVALID)
def test_the_same_parameters_are_rejected_with_the_same_message(name, args):
    with pytest.raises(ValueError) as theirs:
        getattr(spot, name)(*args)
    expected = str(theirs.value).rstrip(".")
    with pytest.raises(ValueError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        getattr(px, name)(*args)


def test_overall_agrees():
    funs = [("DMax", (80, 97)), ("DTarget", (55, 57.5, 60)), ("DMin", (0, 10, 2))]
    ours = px.DOverall(*(getattr(px, n)(*a) for n, a in funs))
    theirs = spot.DOverall(*(getattr(spot, n)(*a) for n, a in funs))
    data = np.random.default_rng(3).uniform([75, 54, -1], [100, 61, 11], size=(500, 3))
    d_ours, D_ours = ours.predict(data, all=True)
    d_theirs, D_theirs = theirs.predict(data, all=True)
    for a, b in zip(d_ours, d_theirs):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(D_ours, D_theirs, rtol=1e-14)
    # 1-D vector: one row, as spot
    np.testing.assert_allclose(ours.predict(data[0]), theirs.predict(data[0]), rtol=1e-14)


def test_pinned_differences_from_spot():
    # spec row 3: spot's non-informative value includes tol (0.505); R and paretix: 0.5
    assert spot.DMax(0, 10, tol=0.5).missing == pytest.approx(0.505)
    assert px.DMax(0, 10, tol=0.5).missing == 0.5
    # spec row 5: spot does not sort DArb's points
    y = [-2.5, 2.5, 7.5]
    assert not np.allclose(spot.DArb([10, -5, 5, 0], [0.2, 0, 1, 0.5]).predict(y), [0.25, 0.75, 0.6])
    np.testing.assert_allclose(px.DArb([10, -5, 5, 0], [0.2, 0, 1, 0.5]).predict(y), [0.25, 0.75, 0.6])
