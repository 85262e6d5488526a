"""Desirability in optimization: ``objective`` (a single-objective Problem) and ``select``."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import paretix
from paretix.desirability import (
    DesirabilityProblem,
    DMax,
    DMin,
    DOverall,
    DTarget,
    objective,
    select,
)


def model(X):
    """Two responses of two variables."""
    return np.column_stack([X[:, 0] + X[:, 1], X[:, 0] * X[:, 1]])


@pytest.fixture
def overall():
    return DOverall(DMax(0, 2), DTarget(-1, 0, 1))


def test_objective_kinds(overall):
    X = np.array([[0.5, 0.5], [1.0, 0.5], [-1.0, -1.0], [1.0, 0.0]])
    D = overall.predict(model(X))
    for kind, expected in (("1-D", 1 - D), ("-D", -D)):
        p = objective(overall, model, kind=kind, xl=[-1, -1], xu=[1, 1])
        assert isinstance(p, DesirabilityProblem) and isinstance(p, paretix.Problem)
        assert (p.n_var, p.n_obj) == (2, 1)
        np.testing.assert_allclose(p.evaluate(X).F[:, 0], expected)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # log(0) must not warn
        F = objective(overall, model, kind="-logD", xl=[-1, -1], xu=[1, 1]).evaluate(X).F[:, 0]
    assert F[2] == np.inf  # D = 0
    np.testing.assert_allclose(F[[0, 1, 3]], -np.log(D[[0, 1, 3]]))


def test_kinds_share_the_argmax(overall):
    g = np.linspace(-1, 1, 41)
    X = np.array(np.meshgrid(g, g)).reshape(2, -1).T
    best = {objective(overall, model, kind=k, xl=-1, xu=[1, 1]).evaluate(X).F[:, 0].argmin() for k in
            ("1-D", "-D", "-logD")}
    assert len(best) == 1


def test_predict_and_bounds(overall):
    p = objective(overall, model, xl=[-1, -2], xu=[1, 2])
    np.testing.assert_array_equal(p.xl, [-1, -2])
    d, D = p.predict([0.5, 0.5], all=True)
    assert D.shape == (1,) and len(d) == 2
    assert D[0] == pytest.approx(overall.predict(model(np.array([[0.5, 0.5]])))[0])


def test_tolerance_removes_the_plateau():
    plain = DOverall(DMax(0, 1), DMin(0, 1))
    floored = DOverall(DMax(0, 1), DMin(0, 1), tolerance=0.01)
    X = np.array([[-1.0, 0.2], [-1.0, 0.6]])  # first response unacceptable for both points
    resp = lambda X: X
    F0 = objective(plain, resp, xl=-2, xu=[2, 2]).evaluate(X).F[:, 0]
    F1 = objective(floored, resp, xl=-2, xu=[2, 2]).evaluate(X).F[:, 0]
    assert F0[0] == F0[1] == 1.0  # no information on the plateau
    assert F1[0] < F1[1]  # the floor keeps the second response in play


def test_from_a_multi_objective_problem_keeps_constraints():
    base = paretix.Problem.from_functions(
        lambda X: np.column_stack([X[:, 0], X[:, 1]]), g=lambda X: X[:, :1] + X[:, 1:] - 1.5,
        xl=[0, 0], xu=[1, 1], n_obj=2, n_ieq_constr=1, name="base",
    )
    overall = DOverall(DMax(0, 1), DMax(0, 1))
    p = objective(overall, base)
    assert (p.n_var, p.n_obj, p.n_ieq_constr) == (2, 1, 1)
    assert p.name == "desirability(base)"
    ev = p.evaluate(np.array([[1.0, 1.0], [0.25, 1.0]]))
    np.testing.assert_allclose(ev.F[:, 0], [0.0, 0.5])
    np.testing.assert_allclose(ev.CV, [0.5, 0.0])


def test_nan_responses_are_failed_evaluations_not_missing_data():
    overall = DOverall(DMax(0, 1))
    p = objective(overall, lambda X: np.where(X[:, :1] > 0.5, np.nan, X[:, :1]), xl=[0], xu=[1])
    with pytest.warns(paretix.problems.EvaluationWarning, match="1 of 2"):
        ev = p.evaluate(np.array([[0.25], [0.75]]))
    assert ev.F[0, 0] == 0.75 and np.isnan(ev.F[1, 0]) and ev.CV[1] == np.inf
    D = p.predict(np.array([[0.25], [0.75]]))
    assert D[0] == 0.25 and np.isnan(D[1])


def test_objective_validation(overall):
    with pytest.raises(ValueError, match="kind must be one of"):
        objective(overall, model, kind="D", xl=-1, xu=[1, 1])
    with pytest.raises(ValueError, match="needs bounds"):
        objective(overall, model)
    with pytest.raises(TypeError, match="doverall must be a DOverall"):
        objective(DMax(0, 1), model, xl=-1, xu=[1, 1])
    with pytest.raises(TypeError, match="callable response model or a Problem"):
        objective(overall, 3, xl=-1, xu=[1, 1])
    p = objective(overall, lambda X: X[:, :1], xl=-1, xu=[1, 1])
    with pytest.raises(ValueError, match=r"responses\(X\) returned shape \(1, 1\); expected \(1, 2\)"):
        p.evaluate(np.zeros((1, 2)))
    base = paretix.Problem.from_functions(lambda X: X, xl=[0, 0, 0], xu=[1, 1, 1], n_obj=3)
    with pytest.raises(ValueError, match="n_obj=3 responses but the DOverall has 2"):
        objective(overall, base)
    with pytest.raises(ValueError, match="xl and xu come from the problem"):
        objective(DOverall(DMax(0, 1), DMax(0, 1), DMax(0, 1)), base, xl=0)


# --- select ---------------------------------------------------------------------------------------


def front(n=11):
    t = np.linspace(0, 1, n)
    return t[:, None], np.column_stack([t, 1 - t])  # X, F: a linear Pareto front


def test_select_best_of_a_front():
    X, F = front()
    overall = DOverall(DMin(0, 1), DMin(0, 1, scale=2))
    sel = select((X, F), overall, k=3)
    D = overall.predict(F)
    np.testing.assert_array_equal(sel.index, np.argsort(-D, kind="stable")[:3])
    np.testing.assert_array_equal(sel.X, X[sel.index])
    np.testing.assert_array_equal(sel.F, F[sel.index])
    np.testing.assert_allclose(sel.D, D[sel.index])
    assert sel.d.shape == (3, 2) and len(sel) == 3
    assert np.all(np.diff(sel.D) <= 0)


def test_select_accepts_objects_with_X_F_and_CV():
    p = paretix.Problem.from_functions(lambda X: np.column_stack([X[:, 0], 1 - X[:, 0]]),
                                       g=lambda X: X[:, :1] - 0.55, xl=[0], xu=[1], n_obj=2, n_ieq_constr=1)
    ev = p.evaluate(np.linspace(0, 1, 11)[:, None])
    sel = select(ev, DOverall(DMin(0, 1), DMin(0, 1)), k=11)
    # the best D (x = 0.5) is feasible; infeasible points (x > 0.55) come after every feasible one
    assert sel.X[0, 0] == 0.5
    feasible = np.asarray(ev.CV)[sel.index] == 0
    assert feasible[:6].all() and not feasible[6:].any()


def test_select_breaks_plateau_ties():
    F = np.array([[2.0, 2.0], [2.0, 0.5], [0.5, 2.0], [2.0, 0.9]])  # every D = 0
    sel = select((np.arange(4.0)[:, None], F), DOverall(DMin(0, 1), DMin(0, 1)), k=4)
    assert sel.D.tolist() == [0, 0, 0, 0]
    # one zero d beats two; among one zero, the larger mean of d first; then input order
    assert sel.index.tolist() == [1, 2, 3, 0]


def test_select_k_larger_than_n_and_validation():
    X, F = front(3)
    overall = DOverall(DMin(0, 1), DMin(0, 1))
    assert len(select((X, F), overall, k=10)) == 3
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="k must be an int >= 1"):
            select((X, F), overall, k=bad)
    with pytest.raises(TypeError, match=r"must have \.X and \.F"):
        select(F, overall)
    with pytest.raises(ValueError, match=r"tuple \(X, F\)"):
        select((X, F, F), overall)
    with pytest.raises(ValueError, match="X has 2 rows but F has 3"):
        select((X[:2], F), overall)


def test_select_from_lists_with_a_categorical_response():
    from paretix.desirability import DCategorical

    overall = DOverall(DMin(0, 1), DCategorical({"good": 1.0, "poor": 0.2}))
    sel = select(([[0.0], [1.0]], [[0.5, "poor"], [0.6, "good"]]), overall)
    assert sel.index.tolist() == [1]
