"""Constraint handlers of ``paretix.constraints``: feasibility first (Deb), adaptive epsilon
(Takahama & Sakai) and a static penalty, behind one interface ``handler(F, cv, progress=t)``."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import paretix
from paretix import constraints as C

cv_values = st.floats(0, 1e6) | st.just(0.0) | st.just(np.inf)
cvs = arrays(np.float64, st.integers(1, 40), elements=cv_values)


def test_interface_is_shared():
    F = np.array([[1.0, 2.0], [0.5, 0.5], [3.0, 0.1]])
    cv = np.array([0.0, 2.0, 0.5])
    for handler in (C.FeasibilityFirst(), C.EpsilonConstraint(), C.StaticPenalty(10.0)):
        assert isinstance(handler, C.ConstraintHandler)
        handler.setup(cv)
        F_eff, cv_eff = handler(F, cv, progress=0.0)
        assert F_eff.shape == F.shape and cv_eff.shape == cv.shape
        assert np.all(cv_eff >= 0)


# --- feasibility first ------------------------------------------------------------------------------


def test_feasibility_first_returns_the_true_cv_for_debs_ranking():
    F = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.5], [0.5, 2.0]])
    cv = np.array([3.0, 0.0, 0.0, 1.0])
    F_eff, cv_eff = C.FeasibilityFirst()(F, cv)
    np.testing.assert_array_equal(F_eff, F)
    np.testing.assert_array_equal(cv_eff, cv)
    # Deb: feasible (ranks 0) before infeasible; infeasible by CV; the dominating point 0 is last
    assert paretix.pareto_rank(F_eff, cv=cv_eff).tolist() == [2, 0, 0, 1]


def test_feasibility_order_single_objective():
    f = np.array([5.0, 1.0, 0.0, 2.0, -1.0])
    cv = np.array([0.0, 0.0, 0.3, 0.1, 0.3])
    # feasible by f (1 before 0), then infeasible by cv (3), ties in cv by f (4 before 2)
    assert C.feasibility_order(f, cv).tolist() == [1, 0, 3, 4, 2]
    with pytest.raises(ValueError, match="same length"):
        C.feasibility_order(f, cv[:2])


# --- epsilon ---------------------------------------------------------------------------------------


def test_epsilon0_is_the_quantile_of_the_initial_cv():
    cv0 = np.array([0.0, 5.0, 1.0, 2.0, 3.0, np.inf, 4.0, 0.0, 6.0, 7.0, np.inf])
    h = C.EpsilonConstraint(quantile=0.5)
    h.setup(cv0)
    finite = np.sort(cv0[np.isfinite(cv0)])
    assert h.epsilon0 == np.quantile(finite, 0.5, method="lower") == 3.0  # an actual point's CV
    assert h.epsilon(0.0) == 3.0


def test_epsilon_schedule_and_adaptive_exponent():
    h = C.EpsilonConstraint(quantile=0.2, cutoff=0.5)
    h.setup(np.full(10, 100.0))
    cp = (-5 - math.log10(100.0)) / math.log10(0.05)
    assert h.cp_ == pytest.approx(cp)
    assert h.epsilon(0.25) == pytest.approx(100 * 0.5**cp)
    assert h.epsilon(0.95 * 0.5) == pytest.approx(1e-5)  # the adaptive exponent's purpose
    assert h.epsilon(0.5) == 0.0 and h.epsilon(0.9) == 0.0 and h.epsilon(1.3) == 0.0
    # a small eps0 keeps the minimum exponent; a fixed cp is used as given
    small = C.EpsilonConstraint()
    small.setup(np.full(5, 1e-7))
    assert small.cp_ == 3.0
    fixed = C.EpsilonConstraint(cp=2.0, cutoff=1.0)
    fixed.setup(np.array([4.0]))
    assert fixed.epsilon(0.5) == pytest.approx(1.0)


def test_epsilon_treats_small_violations_as_feasible():
    h = C.EpsilonConstraint(quantile=1.0, cp=1.0, cutoff=1.0)
    h.setup(np.array([0.0, 2.0]))
    F = np.array([[1.0], [2.0], [3.0], [4.0]])
    cv = np.array([0.0, 0.5, 1.0, 1.5])
    _, cv_eff = h(F, cv, progress=0.5)  # epsilon = 1
    np.testing.assert_array_equal(cv_eff, [0.0, 0.0, 0.0, 1.5])
    _, cv_end = h(F, cv, progress=1.0)
    np.testing.assert_array_equal(cv_end, cv)


def test_epsilon_all_feasible_or_all_failed_start():
    for cv0 in (np.zeros(5), np.full(5, np.inf)):
        h = C.EpsilonConstraint()
        h.setup(cv0)
        assert h.epsilon(0.0) == 0.0


def test_epsilon_needs_setup_and_valid_parameters():
    with pytest.raises(RuntimeError, match=r"call setup\(cv\)"):
        C.EpsilonConstraint().epsilon(0.0)
    with pytest.raises(ValueError, match=r"quantile must be in \[0, 1\]"):
        C.EpsilonConstraint(quantile=1.5)
    with pytest.raises(ValueError, match=r"cutoff must be in \(0, 1\]"):
        C.EpsilonConstraint(cutoff=0.0)
    with pytest.raises(ValueError, match="cp must be a finite number > 0"):
        C.EpsilonConstraint(cp=-1.0)
    with pytest.raises(ValueError, match="cp_min must be a finite number > 0"):
        C.EpsilonConstraint(cp_min=0.0)
    h = C.EpsilonConstraint()
    h.setup(np.ones(3))
    with pytest.raises(ValueError, match="progress must be a fraction of the run >= 0"):
        h.epsilon(-0.1)
    with pytest.raises(ValueError, match="progress must be a fraction of the run >= 0"):
        h(np.zeros((1, 1)), np.zeros(1), progress=float("nan"))


@given(cvs, st.floats(0, 1), st.floats(0.01, 1), st.lists(st.floats(0, 1.5), min_size=2, max_size=10))
def test_epsilon_properties(cv0, q, cutoff, ts):
    h = C.EpsilonConstraint(quantile=q, cutoff=cutoff)
    h.setup(cv0)
    eps = [h.epsilon(t) for t in sorted(ts)]
    assert all(a >= b for a, b in zip(eps, eps[1:]))  # never increases
    assert h.epsilon(cutoff) == 0.0
    _, cv_eff = h(np.zeros((cv0.size, 1)), cv0, progress=min(ts))
    assert np.all((cv_eff == 0) | (cv_eff == cv0))
    assert np.all(cv_eff <= cv0)


# --- static penalty ---------------------------------------------------------------------------------


def test_static_penalty():
    F = np.array([[1.0, 2.0], [0.0, 0.0], [5.0, 5.0]])
    cv = np.array([0.0, 0.5, np.inf])
    F_eff, cv_eff = C.StaticPenalty(r=10.0)(F, cv, progress=0.3)
    np.testing.assert_array_equal(F_eff, [[1.0, 2.0], [5.0, 5.0], [np.inf, np.inf]])
    np.testing.assert_array_equal(cv_eff, [0, 0, 0])
    f_eff, _ = C.StaticPenalty(r=2.0)(np.array([1.0, 1.0]), np.array([0.0, 1.0]))  # one objective, 1-D
    np.testing.assert_array_equal(f_eff, [1.0, 3.0])
    with pytest.raises(ValueError, match="r must be a finite number > 0"):
        C.StaticPenalty(r=0)


def test_static_penalty_failed_evaluations_lose():
    F = np.array([[np.nan], [1.0]])
    F_eff, _ = C.StaticPenalty()(F, np.array([np.inf, 0.0]))
    assert F_eff[:, 0].tolist() == [np.inf, 1.0]


@given(arrays(np.float64, (20, 2), elements=st.floats(-1e3, 1e3)), arrays(np.float64, 20, elements=cv_values))
def test_penalty_keeps_feasible_objectives_and_orders_by_violation(F, cv):
    F_eff, cv_eff = C.StaticPenalty(r=1e3)(F, cv)
    feasible = cv == 0
    np.testing.assert_array_equal(F_eff[feasible], F[feasible])
    assert np.all(F_eff >= F) and np.all(cv_eff == 0)


# --- choosing a handler ------------------------------------------------------------------------------


def test_as_handler():
    assert isinstance(C.as_handler(None), C.FeasibilityFirst)
    assert isinstance(C.as_handler("deb"), C.FeasibilityFirst)
    assert isinstance(C.as_handler("feasibility_first"), C.FeasibilityFirst)
    assert isinstance(C.as_handler("epsilon"), C.EpsilonConstraint)
    assert isinstance(C.as_handler("penalty"), C.StaticPenalty)
    h = C.StaticPenalty(5.0)
    assert C.as_handler(h) is h
    with pytest.raises(ValueError, match="unknown constraint handler 'death'"):
        C.as_handler("death")
    with pytest.raises(TypeError, match="constraint handler must be None, a name or a ConstraintHandler"):
        C.as_handler(3)
    assert "StaticPenalty(r=5.0)" == repr(h)


def test_existing_cv_definition_unchanged():
    G = np.array([[0.5, -1.0], [-1.0, -2.0]])
    H = np.array([[0.0], [2e-4]])
    np.testing.assert_allclose(C.constraint_violation(G, H), [0.5, 1e-4])
    assert C.is_feasible(np.array([0.0, 1.0])).tolist() == [True, False]
    assert C.EQ_TOL == 1e-4
