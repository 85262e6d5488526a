"""Individual desirability functions: every rule of the specification (sections 1-3).

Numbers marked [run] in the specification were executed in R desirability 2.1; they are
reproduced here to the printed digits.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from paretix.desirability import (
    DArb,
    DBox,
    DCategorical,
    DHarrington1,
    DHarrington2,
    DMax,
    DMin,
    DTarget,
)

NUMERIC = [
    lambda **kw: DMax(0, 10, **kw),
    lambda **kw: DMin(0, 10, **kw),
    lambda **kw: DTarget(0, 5, 10, **kw),
    lambda **kw: DBox(0, 10, **kw),
    lambda **kw: DArb([0, 5, 10], [0, 1, 0.5], **kw),
    lambda **kw: DHarrington1(0, 0.1, 10, 0.9, **kw),
    lambda **kw: DHarrington2(0, 10, 2, **kw),
]
NUMERIC_IDS = ["DMax", "DMin", "DTarget", "DBox", "DArb", "DHarrington1", "DHarrington2"]


# --- formulas and boundaries (spec 2.1 - 2.5) -----------------------------------------------------


def test_dmax_examples():
    np.testing.assert_array_equal(DMax(0, 10).predict([-5, 0, 2.5, 5, 10, 15]), [0, 0, 0.25, 0.5, 1, 1])
    assert DMax(1, 3, 5).predict(2.5)[0] == pytest.approx(0.2373047, abs=5e-8)
    assert DMax(1, 3, 1 / 5).predict(1.3)[0] == pytest.approx(0.6842554, abs=5e-8)


def test_dmin_boundaries_and_scale():
    f = DMin(0, 10)
    np.testing.assert_array_equal(f.predict([-1, 0, 2.5, 10, 11]), [1, 1, 0.75, 0, 0])
    np.testing.assert_allclose(DMin(0, 10, scale=2).predict([5]), [0.25])


def test_signed_zero_normalised():
    # R and spot give -0.0 at dMin's and dTarget's upper limit; paretix normalises to +0.0
    for f in (DMin(0, 10), DTarget(0, 5, 10)):
        d = f.predict([10.0])
        assert d[0] == 0 and math.copysign(1.0, d[0]) == 1.0


def test_dtarget_formula_sides_and_target():
    f = DTarget(55, 57.5, 60)
    np.testing.assert_allclose(f.predict([54, 55, 56.25, 57.5, 58.75, 60, 61]), [0, 0, 0.5, 1, 0.5, 0, 0])
    g = DTarget(0, 5, 10, low_scale=2, high_scale=0.5)
    np.testing.assert_allclose(g.predict([2.5, 7.5]), [0.25, math.sqrt(0.5)])
    assert g.predict(5)[0] == 1.0
    h = DTarget(0, 2, 10)  # target need not be the midpoint
    np.testing.assert_allclose(h.predict([1, 6]), [0.5, 0.5])


def test_dbox_closed_interval():
    np.testing.assert_array_equal(DBox(-1.682, 1.682).predict([-1.7, -1.682, 0, 1.682, 1.69]), [0, 1, 1, 1, 0])


def test_infinite_inputs_are_ordinary_values():
    assert DMax(0, 10).predict([-np.inf, np.inf]).tolist() == [0, 1]
    assert DMin(0, 10).predict([-np.inf, np.inf]).tolist() == [1, 0]
    assert DTarget(0, 5, 10).predict([-np.inf, np.inf]).tolist() == [0, 0]
    assert DBox(0, 10).predict([-np.inf, np.inf]).tolist() == [0, 0]
    assert DArb([0, 10], [0.3, 0.7]).predict([-np.inf, np.inf]).tolist() == [0.3, 0.7]
    assert DHarrington2(0, 1, 2).predict([np.inf, 1e300]).tolist() == [0, 0]


def test_scale_extremes():
    # a large scale (even inf) is allowed: 0 inside [low, high), 1 at high
    np.testing.assert_array_equal(DMax(0, 10, scale=np.inf).predict([5, 10]), [0, 1])
    assert DMax(0, 10, scale=1e-9).predict([1e-6])[0] > 0.99


def test_scalar_gives_length_one_and_shapes_are_kept():
    assert DMax(0, 10).predict(5).shape == (1,)
    assert DMax(0, 10).predict(np.zeros((3, 4))).shape == (3, 4)
    assert DMax(0, 10).predict(np.zeros(0)).shape == (0,)
    assert DCategorical({"a": 0.1, "b": 0.9}).predict("a").shape == (1,)
    np.testing.assert_array_equal(DMax(0, 10)(np.array([5.0])), [0.5])  # callable


def test_darb_logistic_vignette():
    x = np.linspace(-5, 5, 20)
    f = DArb(x, 1 / (1 + np.exp(-x)))
    assert f.predict(-10)[0] == pytest.approx(0.0066929, abs=5e-8)
    assert f.predict(0.1)[0] == pytest.approx(0.5248567, abs=5e-8)


def test_darb_two_points_equals_dmin():
    y = np.linspace(-3, 13, 41)
    np.testing.assert_allclose(DArb([0, 10], [1, 0]).predict(y), DMin(0, 10).predict(y), atol=1e-15)


def test_darb_sorts_x():
    # spot bug (row 5): np.interp on unsorted x gives wrong values; R sorts the points
    f = DArb([10, -5, 5, 0], [0.2, 0, 1, 0.5])
    np.testing.assert_array_equal(f.x, [-5, 0, 5, 10])
    np.testing.assert_array_equal(f.d, [0, 0.5, 1, 0.2])
    np.testing.assert_allclose(f.predict([-10, -2.5, 2.5, 7.5, 20]), [0, 0.25, 0.75, 0.6, 0.2])
    assert f.missing == pytest.approx(DArb([-5, 0, 5, 10], [0, 0.5, 1, 0.2]).missing)


def test_darb_averages_tied_x_with_a_warning():
    with pytest.warns(UserWarning, match="collapsing to unique 'x' values"):
        f = DArb([0, 5, 5, 10], [0, 0.2, 0.8, 1])
    np.testing.assert_array_equal(f.x, [0, 5, 10])
    np.testing.assert_allclose(f.predict([5, 2.5, 7.5]), [0.5, 0.25, 0.75])  # R: approx(ties = mean)


def test_darb_tied_end_uses_the_mean_in_the_tail_too():
    # intended semantics: the tail continues the collapsed end value (R takes the first sorted d)
    with pytest.warns(UserWarning, match="collapsing"):
        f = DArb([0, 0, 10], [0.2, 0.6, 1])
    assert f.predict([-1, 0]).tolist() == [pytest.approx(0.4), pytest.approx(0.4)]


def test_darb_non_monotone_peak():
    f = DArb([0, 1, 2], [0, 1, 0])
    np.testing.assert_allclose(f.predict([0.5, 1, 1.5, 3]), [0.5, 1, 0.5, 0])


def test_dcategorical_lookup():
    f = DCategorical({"value1": 0.1, "value2": 0.9, "value3": 0.2})
    np.testing.assert_allclose(f.predict(["value3", "value1", "value2", "value2"]), [0.2, 0.1, 0.9, 0.9])
    np.testing.assert_allclose(f.predict(np.array(["value2", "value1"], dtype=object)), [0.9, 0.1])
    assert f.predict(np.array([["value1", "value2"]])).shape == (1, 2)


def test_dcategorical_values_not_range_checked():
    # as R and spot: values outside [0, 1] are accepted (desirability2 would reject them)
    assert DCategorical({"a": -1, "b": 2}).predict(["b"]).tolist() == [2.0]


def test_dcategorical_matches_string_form():
    assert DCategorical({"1": 0.3, "2": 0.7}).predict([2, 1]).tolist() == [0.7, 0.3]


def test_harrington1_spec_example():
    h = DHarrington1(-2, 0.9, 2, 0.1)
    assert h.b0 == pytest.approx(0.70817, abs=5e-6)
    assert h.b1 == pytest.approx(-0.77110, abs=5e-6)
    assert h.predict(0)[0] == pytest.approx(0.611069, abs=5e-7)
    np.testing.assert_allclose(h.predict([-2, 2]), [0.9, 0.1])  # passes through the anchors
    assert np.all(np.diff(h.predict(np.linspace(-6, 6, 50))) < 0)  # decreasing (until underflow)


def test_harrington1_increasing_and_far_tails():
    h = DHarrington1(0, 0.1, 10, 0.9)
    y = np.linspace(-5, 15, 60)
    assert np.all(np.diff(h.predict(y)) > 0)
    assert h.predict([-1e6, 1e6]).tolist() == [0.0, 1.0]  # no overflow warning (warnings are errors)


def test_harrington2_limits_and_shape():
    h = DHarrington2(3, 7, 1)
    np.testing.assert_allclose(h.predict([5, 3, 7]), [1, math.exp(-1), math.exp(-1)])
    flat, box = DHarrington2(3, 7, 1).predict([4])[0], DHarrington2(3, 7, 10).predict([4])[0]
    assert box > flat  # large n: box-like, nearly 1 inside the limits
    np.testing.assert_allclose(h.predict([4, 6]), h.predict([4, 6])[::-1])  # symmetric


# --- non-informative value (spec 1.1) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("fun", "expected"),
    [
        (DMax(0, 10), 0.5),
        (DMin(0, 10), 0.5),
        (DMax(0, 10, scale=2), 0.3350168),
        (DMin(0, 10, scale=2), 0.3350168),
        (DMax(0, 10, scale=0.5), 0.6647953),
        (DTarget(55, 57.5, 60), 0.4949495),
        (DTarget(0, 5, 10, 2, 0.5), 0.4946835),
        (DBox(0, 1), 1.0),
        (DArb([-5, 0, 5, 10], [0, 0.5, 1, 0.2]), 0.529),
        (DCategorical({"value1": 0.1, "value2": 0.9, "value3": 0.2}), 0.4),
    ],
)
def test_non_informative_reference_values(fun, expected):
    assert fun.missing == pytest.approx(expected, abs=5e-8)


def test_non_informative_mean_of_i_over_99_squared():
    assert DMax(0, 10, scale=2).missing == pytest.approx(np.mean((np.arange(100) / 99) ** 2), rel=1e-14)


@pytest.mark.parametrize("tol", [0.5, 0.01])
def test_non_informative_computed_without_tol(tol):
    # spot bug (row 3): spot includes tol (0.505, 0.5001); R and paretix do not
    assert DMax(0, 10, tol=tol).missing == 0.5
    assert DMin(0, 10, tol=tol).missing == 0.5


def test_dcategorical_non_informative_includes_tol_as_r():
    # R 2.1: dCategorical(c(A=0, B=1), tol=.05)$missing is 0.525 (shared reference, desirability 1.1)
    f = DCategorical({"A": 0, "B": 1}, tol=0.05)
    assert f.missing == pytest.approx(0.525, abs=1e-15)
    np.testing.assert_allclose(f.predict(["A", None, "B"]), [0.05, 0.525, 1.0])
    # without tol, or with no zero level, tol changes nothing: R's 0.4 for c(.1, .9, .2)
    assert DCategorical({"a": 0.1, "b": 0.9, "c": 0.2}, tol=0.05).missing == pytest.approx(0.4)
    assert DCategorical({"A": 0, "B": 1}).missing == 0.5


def test_missing_given_and_assigned():
    f = DMax(0, 10, missing=0.2)
    assert f.predict([np.nan]).tolist() == [0.2]
    f.missing = 0.7  # R: obj$missing <- value
    assert f.predict([np.nan]).tolist() == [0.7]
    assert f.predict([np.nan], missing=0.1).tolist() == [0.1]


# --- missing values (spec 1.1, spot rows 1-2) -----------------------------------------------------


@pytest.mark.parametrize("make", NUMERIC, ids=NUMERIC_IDS)
def test_nan_imputed_elementwise(make):
    f = make()
    y = np.array([np.nan, 2.0, np.nan, 7.0, 20.0, np.nan])
    d = f.predict(y)
    ref = f.predict(y[~np.isnan(y)])
    np.testing.assert_array_equal(d[np.isnan(y)], f.missing)
    np.testing.assert_array_equal(d[~np.isnan(y)], ref)
    # R 2.1 errors on c(NA, NA) and on NA mixed with in-range values; paretix imputes
    np.testing.assert_array_equal(f.predict([np.nan, np.nan]), [f.missing, f.missing])


def test_none_is_missing_in_numeric_input():
    np.testing.assert_array_equal(DMax(0, 10).predict([None, 5, 20]), [0.5, 0.5, 1])


def test_r_working_case_one_na_out_of_range():
    np.testing.assert_array_equal(DMax(0, 10).predict([np.nan, -1, 20]), [0.5, 0, 1])


@pytest.mark.parametrize("make", NUMERIC, ids=NUMERIC_IDS)
def test_missing_nan_propagates(make):
    f = make(missing=np.nan)
    d = f.predict([np.nan, 5.0])
    assert np.isnan(d[0]) and not np.isnan(d[1])


def test_dcategorical_missing_imputed():
    # R errors unless every level occurs in newdata; spot always errors; paretix imputes
    f = DCategorical({"a": 0.1, "b": 0.9, "c": 0.2})
    np.testing.assert_allclose(f.predict(["a", None, np.nan, "b"]), [0.1, 0.4, 0.4, 0.9])
    np.testing.assert_allclose(f.predict([None]), [0.4])
    np.testing.assert_allclose(f.predict([None], missing=0.0), [0.0])
    assert np.isnan(DCategorical({"a": 0.1, "b": 0.9}, missing=np.nan).predict([None])[0])


def test_predict_none_is_one_missing_value():
    # R's predict(obj) (newdata = NA) returns the missing value
    assert DMax(0, 10).predict(None).tolist() == [0.5]


def test_non_numeric_input_is_a_clear_error():
    with pytest.raises(ValueError, match="DMax: newdata must be numeric"):
        DMax(0, 10).predict(["a"])


# --- tol (spec 1.2) --------------------------------------------------------------------------------


def test_tol_replaces_exact_zeros_only():
    f = DMax(0, 10, tol=0.01)
    np.testing.assert_allclose(f.predict([-1, 0, 0.05, 5]), [0.01, 0.01, 0.005, 0.5])


def test_tol_after_imputation():
    # missing = 0: imputed NAs become tol too
    f = DMax(0, 10, tol=0.05, missing=0)
    np.testing.assert_allclose(f.predict([np.nan, 20]), [0.05, 1])
    np.testing.assert_allclose(DMin(0, 10, tol=0.1).predict([10, 11]), [0.1, 0.1])  # -0.0 too
    np.testing.assert_allclose(DBox(0, 1, tol=0.2).predict([2]), [0.2])
    np.testing.assert_allclose(DCategorical({"a": 0, "b": 1}, tol=0.05).predict(["a", "b"]), [0.05, 1])


def test_tol_not_validated():
    # as R: tol is not checked (the vignette says it is meant to be in [0, 1])
    assert DMax(0, 10, tol=2).predict([-1]).tolist() == [2.0]
    with pytest.raises(TypeError, match="tol must be a real number"):
        DMax(0, 10, tol="0.1")


# --- validation (spec 1.3): rules, order, wording -------------------------------------------------


@pytest.mark.parametrize("cls", [DMax, DMin])
def test_low_high_and_scale(cls):
    with pytest.raises(ValueError, match="The low value must be less than the high value"):
        cls(10, 0)
    with pytest.raises(ValueError, match="The low value must be less than the high value"):
        cls(5, 5)  # equal bounds are errors
    with pytest.raises(ValueError, match="The scale parameter must be greater than zero"):
        cls(0, 10, scale=0)
    with pytest.raises(ValueError, match="The scale parameter must be greater than zero"):
        cls(0, 10, scale=-1)
    with pytest.raises(ValueError, match="The low value must be less than the high value"):
        cls(10, 0, scale=-1)  # order: bounds checked before scale


def test_error_message_names_the_values():
    with pytest.raises(ValueError, match=r"got low=10\.0, high=0\.0"):
        DMax(10, 0)


def test_dbox_low_high():
    with pytest.raises(ValueError, match="The low value must be less than the high value"):
        DBox(1, 1)


def test_dtarget_rules_in_order():
    with pytest.raises(ValueError, match="The low value must be less than the high value"):
        DTarget(10, 5, 0)  # all three orderings wrong: the first rule speaks
    with pytest.raises(ValueError, match="The low value must be less than the target"):
        DTarget(5, 5, 10)
    with pytest.raises(ValueError, match="The low value must be less than the target"):
        DTarget(5, 1, 10, low_scale=0)
    with pytest.raises(ValueError, match="The target value must be less than the high value"):
        DTarget(0, 10, 10)
    with pytest.raises(ValueError, match="The scale parameters must be greater than zero"):
        DTarget(0, 5, 10, low_scale=0)
    with pytest.raises(ValueError, match="The scale parameters must be greater than zero"):
        DTarget(0, 5, 10, high_scale=-2)


def test_darb_rules_in_order():
    with pytest.raises(ValueError, match=r"The desirability values must be 0 <= d <= 1"):
        DArb([0, 1, 2], [0, 1.5])  # d range is checked first, before lengths
    with pytest.raises(ValueError, match=r"The desirability values must be 0 <= d <= 1"):
        DArb([0, 1], [0, np.nan])
    with pytest.raises(ValueError, match="x and d must have the same length"):
        DArb([0, 1, 2], [0, 1])
    with pytest.raises(ValueError, match="x and d must have at least two values"):
        DArb([0], [1])
    with pytest.raises(ValueError, match="x must be finite"):
        DArb([0, np.inf], [0, 1])
    with pytest.warns(UserWarning, match="collapsing"), pytest.raises(
        ValueError, match="at least two distinct values"
    ):
        DArb([1, 1], [0, 1])


def test_dcategorical_rules_in_order():
    with pytest.raises(ValueError, match="'values' should have at least two values"):
        DCategorical({"a": 1})
    with pytest.raises(ValueError, match="'values' should have at least two values"):
        DCategorical([0.5])
    with pytest.raises(ValueError, match="'values' should be a named dictionary"):
        DCategorical([0.1, 0.9])
    with pytest.raises(ValueError, match="'values' should be a named dictionary"):
        DCategorical({"a": 0.1, "": 0.9})
    with pytest.raises(ValueError, match="'values' should be a named dictionary"):
        DCategorical({"a": 0.1, 2: 0.9})


def test_dcategorical_unknown_level_names_it_and_the_allowed_ones():
    f = DCategorical({"a": 0.1, "b": 0.9, "c": 0.2})
    with pytest.raises(ValueError, match=r"Value 'z' not in allowed values: \['a', 'b', 'c'\]"):
        f.predict(["a", "z", None])


def test_harrington_validation():
    with pytest.raises(ValueError, match="anchor desirabilities must be 0 < d < 1"):
        DHarrington1(0, 0, 1, 0.5)
    with pytest.raises(ValueError, match="anchor desirabilities must be 0 < d < 1"):
        DHarrington1(0, 0.5, 1, 1)
    with pytest.raises(ValueError, match="y1 and y2 must differ"):
        DHarrington1(1, 0.2, 1, 0.5)
    with pytest.raises(ValueError, match="d1 and d2 must differ"):
        DHarrington1(0, 0.5, 1, 0.5)
    with pytest.raises(ValueError, match="The low value must be less than the high value"):
        DHarrington2(7, 3, 1)
    with pytest.raises(ValueError, match="The exponent n must be greater than zero"):
        DHarrington2(3, 7, 0)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_bounds(bad):
    # R fails too: seq() needs finite limits (NaN fails its first comparison)
    with pytest.raises(ValueError, match="must be a finite number"):
        DMax(bad, 10)
    with pytest.raises(ValueError, match="must be a finite number"):
        DTarget(0, bad, 10)


@pytest.mark.parametrize("bad", ["1", [1, 2], True, None])
def test_non_numeric_parameters(bad):
    with pytest.raises(TypeError, match="low must be a real number"):
        DMax(bad, 10)


def test_numpy_scalars_accepted():
    f = DMax(np.float32(0), np.array(10), scale=np.int64(2))
    assert (f.low, f.high, f.scale) == (0.0, 10.0, 2.0)


def test_repr_shows_parameters_and_missing():
    assert repr(DMax(0, 10)) == "DMax(low=0.0, high=10.0, scale=1.0, tol=None, missing=0.5)"
    assert "values={'a': 0.1, 'b': 0.9}" in repr(DCategorical({"a": 0.1, "b": 0.9}))
