"""DOverall: geometric mean (R 2.1), input shapes, mixed columns, and the extensions
(weights, tolerance floor, arithmetic and minimum aggregation; spec sections 2.7, 4, 5)."""

from __future__ import annotations

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
    DOverall,
    DTarget,
)


@pytest.fixture
def reaction():
    return DOverall(DMax(80, 97), DTarget(55, 57.5, 60))


def test_centre_point_of_the_vignette(reaction):
    # spec 8.1: conversion 81.09, activity 59.85 -> d1 = 0.0641176, d2 = 0.06, D = 0.0620247
    d, D = reaction.predict(np.array([[81.09, 59.85]]), all=True)
    assert d[0][0] == pytest.approx(0.0641176, abs=5e-8)
    assert d[1][0] == pytest.approx(0.06, abs=1e-12)
    assert D[0] == pytest.approx(0.0620247, abs=5e-8)


def test_one_d_vector_is_one_row(reaction):
    # R bug (spec 2.7): predict(overallD, c(81.09, 59.85)) gives c(0, 0); a 1-D vector is one design
    D = reaction.predict([81.09, 59.85])
    assert D.shape == (1,)
    assert D[0] == pytest.approx(0.0620247, abs=5e-8)


def test_geometric_mean_and_zero(reaction):
    Y = np.array([[97, 57.5], [88.5, 56.25], [79, 57.5], [90, 61]])
    d, D = reaction.predict(Y, all=True)
    assert isinstance(d, list) and len(d) == 2 and d[0].shape == (4,)
    np.testing.assert_allclose(D, np.sqrt(d[0] * d[1]))
    assert D[0] == 1.0 and D[2] == 0.0 and D[3] == 0.0  # any d = 0 gives D = 0


def test_many_rows_and_no_rows(reaction):
    Y = np.random.default_rng(0).uniform([70, 50], [100, 65], size=(10_000, 2))
    assert reaction.predict(Y).shape == (10_000,)
    assert reaction.predict(np.zeros((0, 2))).shape == (0,)


def test_column_count_checked(reaction):
    with pytest.raises(ValueError, match="number of columns in newdata must match the number of desirability"):
        reaction.predict(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="number of columns in newdata must match"):
        reaction.predict([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="number of columns in newdata must match"):
        reaction.predict(np.zeros((2, 2, 2)))


def test_single_function_reads_a_vector_as_rows():
    D = DOverall(DMax(0, 10)).predict([0, 5, 10])
    np.testing.assert_array_equal(D, [0, 0.5, 1])
    assert DOverall(DMax(0, 10)).predict(5).tolist() == [0.5]


def test_every_class_accepted_and_others_rejected():
    objs = [DMax(0, 1), DMin(0, 1), DTarget(0, 1, 2), DBox(0, 1), DArb([0, 1], [0, 1]),
            DCategorical({"a": 0.5, "b": 1}), DHarrington1(0, 0.1, 1, 0.9), DHarrington2(0, 1, 2)]
    assert len(DOverall(*objs)) == 8
    with pytest.raises(ValueError, match="All objects must be instances of valid desirability classes"):
        DOverall(DMax(0, 1), 3.0)
    with pytest.raises(ValueError, match=r"separate arguments: DOverall\(\*objs\)"):
        DOverall([DMax(0, 1), DMin(0, 1)])
    with pytest.raises(ValueError, match="at least one desirability object"):
        DOverall()


def test_mixed_categorical_and_numeric_from_plain_lists():
    # spot bug (row 9): a plain list becomes a string array and the numeric columns fail
    overall = DOverall(DMax(0, 10), DCategorical({"a": 0.25, "b": 1.0}), DMin(0, 4))
    d, D = overall.predict([[5, "a", 1], [10, "b", 0], [None, None, None]], all=True)
    np.testing.assert_allclose(d[0], [0.5, 1, 0.5])
    np.testing.assert_allclose(d[1], [0.25, 1, 0.625])
    np.testing.assert_allclose(d[2], [0.75, 1, 0.5])
    np.testing.assert_allclose(D, np.cbrt(d[0] * d[1] * d[2]))
    # a one-row list and an object array work too
    assert overall.predict([5, "a", 1])[0] == pytest.approx(D[0])
    assert overall.predict(np.array([[5, "a", 1]], dtype=object))[0] == pytest.approx(D[0])


def test_numeric_list_with_none_is_missing():
    overall = DOverall(DMax(0, 10), DMin(0, 10))
    np.testing.assert_allclose(overall.predict([[None, 2.5]]), [np.sqrt(0.5 * 0.75)])


def test_missing_nan_in_one_function_makes_d_nan():
    overall = DOverall(DMax(0, 10, missing=np.nan), DMin(0, 10))
    D = overall.predict([[np.nan, 1.0], [5.0, 1.0]])
    assert np.isnan(D[0]) and np.isfinite(D[1])


def test_geometric_mean_does_not_underflow():
    # R's prod(d) ^ (1/R) underflows to 0 here; the mean itself is 1e-150
    overall = DOverall(DMax(0, 1), DMax(0, 1), DMax(0, 1))
    np.testing.assert_allclose(overall.predict([[1e-150, 1e-150, 1e-150]]), [1e-150], rtol=1e-12)
    heavy = DOverall(DMax(0, 1), DMax(0, 1), weights=[100, 100])
    np.testing.assert_allclose(heavy.predict([[1e-5, 1e-5]]), [1e-5], rtol=1e-12)
    np.testing.assert_array_equal(overall.predict([[0.0, 1e-200, 1e-200]]), [0.0])


def test_tol_keeps_geometric_mean_above_zero():
    overall = DOverall(DMax(0, 10, tol=0.01), DMax(0, 10))
    assert overall.predict([[-5, 10]])[0] == pytest.approx(0.1)


# --- extensions: weights, tolerance, aggregation ---------------------------------------------------


def test_weighted_geometric_mean():
    overall = DOverall(DMax(0, 1), DMax(0, 1), weights=[3, 1])
    Y = np.array([[0.5, 0.8], [0.1, 1.0], [1.0, 0.0]])
    expected = (Y[:, 0] ** 3 * Y[:, 1]) ** (1 / 4)
    np.testing.assert_allclose(overall.predict(Y), expected)
    # log D = sum w log d / sum w
    np.testing.assert_allclose(np.log(overall.predict(Y[:2])), (3 * np.log(Y[:2, 0]) + np.log(Y[:2, 1])) / 4)


def test_only_relative_weights_matter_and_equal_weights_are_the_plain_mean():
    Y = np.random.default_rng(1).uniform(0, 1, size=(50, 3))
    funs = [DMax(0, 1)] * 3
    np.testing.assert_allclose(DOverall(*funs, weights=[1, 2, 3]).predict(Y),
                               DOverall(*funs, weights=[10, 20, 30]).predict(Y), rtol=1e-12)
    np.testing.assert_allclose(DOverall(*funs, weights=[2, 2, 2]).predict(Y), DOverall(*funs).predict(Y),
                               rtol=1e-12)


def test_zero_weight_ignores_a_function():
    overall = DOverall(DMax(0, 1), DMax(0, 1), weights=[1, 0])
    np.testing.assert_allclose(overall.predict([[0.25, 0.0], [0.64, 1.0]]), [0.25, 0.64])


def test_weight_validation():
    with pytest.raises(ValueError, match="one entry per desirability object"):
        DOverall(DMax(0, 1), DMax(0, 1), weights=[1])
    with pytest.raises(ValueError, match="finite, >= 0 and not all 0"):
        DOverall(DMax(0, 1), DMax(0, 1), weights=[1, -1])
    with pytest.raises(ValueError, match="finite, >= 0 and not all 0"):
        DOverall(DMax(0, 1), DMax(0, 1), weights=[0, 0])
    with pytest.raises(ValueError, match="takes no weights"):
        DOverall(DMax(0, 1), DMax(0, 1), weights=[1, 2], aggregate="minimum")


def test_desirability2_examples():
    # spec 5 [run]: rows (0.5,0.5), (0,0.5), (0.8,0.2) -> geometric 0.5, 0, 0.4;
    # tolerance 0.1 -> 0.5, 0.2236, 0.4; arithmetic 0.5, 0.25, 0.5
    d = np.array([[0.5, 0.5], [0.0, 0.5], [0.8, 0.2]])
    funs = (DMax(0, 1), DMax(0, 1))
    np.testing.assert_allclose(DOverall(*funs).combine(d), [0.5, 0, 0.4])
    np.testing.assert_allclose(DOverall(*funs, tolerance=0.1).combine(d), [0.5, 0.2236068, 0.4], atol=5e-8)
    np.testing.assert_allclose(DOverall(*funs, aggregate="arithmetic").combine(d), [0.5, 0.25, 0.5])
    np.testing.assert_allclose(DOverall(*funs, aggregate="minimum").combine(d), [0.5, 0, 0.2])
    # predict goes through the functions: responses == desirabilities for DMax(0, 1)
    np.testing.assert_allclose(DOverall(*funs, tolerance=0.1).predict(d), [0.5, 0.2236068, 0.4], atol=5e-8)


def test_weighted_arithmetic():
    overall = DOverall(DMax(0, 1), DMax(0, 1), weights=[3, 1], aggregate="arithmetic")
    np.testing.assert_allclose(overall.predict([[1.0, 0.0]]), [0.75])


def test_tolerance_floor_is_not_in_the_individual_values():
    overall = DOverall(DMax(0, 1), DMax(0, 1), tolerance=0.1)
    d, D = overall.predict([[0.0, 0.4]], all=True)
    assert d[0][0] == 0.0
    assert D[0] == pytest.approx(0.2)


def test_aggregate_and_tolerance_validation():
    with pytest.raises(ValueError, match="aggregate must be one of"):
        DOverall(DMax(0, 1), aggregate="harmonic")
    with pytest.raises(ValueError, match=r"tolerance must be in \[0, 1\]"):
        DOverall(DMax(0, 1), tolerance=1.5)
    with pytest.raises(ValueError, match=r"d must have shape \(N, 1\)"):
        DOverall(DMax(0, 1)).combine(np.zeros((2, 2)))


def test_repr_and_iteration():
    overall = DOverall(DMax(0, 1), DMin(0, 1), weights=[1, 2])
    assert [type(f).__name__ for f in overall] == ["DMax", "DMin"]
    assert isinstance(overall[1], DMin)
    assert "weights=[1.0, 2.0]" in repr(overall)
