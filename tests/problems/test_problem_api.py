"""The Problem API: bounds, counts, shape checks, CV, NaN handling, from_functions, registry."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.constraints import constraint_violation, violations
from paretix.problems import EvaluationWarning, Problem


class _Quad(Problem):
    def __init__(self, **kw):
        super().__init__(n_var=3, n_obj=2, n_ieq_constr=1, n_eq_constr=1, xl=-1, xu=1, **kw)

    def _evaluate(self, X):
        return X[:, :2] ** 2, X[:, 2] - 0.5, X[:, 0] - X[:, 1]


def test_scalar_bounds_broadcast():
    p = _Quad()
    assert p.xl.tolist() == [-1, -1, -1] and p.xu.tolist() == [1, 1, 1]
    assert p.has_bounds and p.n_constr == 2


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_var": 2, "xl": [0, 2], "xu": [1, 1]}, r"xl\[1\]=2.0 > xu\[1\]=1.0"),
        ({"n_var": 2, "xl": [0, 0, 0], "xu": 1}, r"xl must be a scalar or have length n_var=2"),
        ({"n_var": 0}, r"n_var must be >= 1"),
        ({"n_var": 2, "n_obj": 0}, r"n_obj must be >= 1"),
        ({"n_var": 2, "n_ieq_constr": -1}, r"n_ieq_constr must be >= 0"),
        ({"n_var": 2, "xl": [0, np.nan], "xu": 1}, r"xl contains NaN"),
        ({"n_var": 2, "eq_tol": -1.0}, r"eq_tol must be >= 0"),
        ({"n_var": 2, "n_ieq_constr": 2, "constr_scale": [1.0]}, r"constr_scale must be"),
    ],
)
def test_constructor_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Problem(**kwargs)


def test_count_type_error():
    with pytest.raises(TypeError, match="n_var must be an int"):
        Problem(n_var=2.5)


def test_evaluate_shapes_and_cv():
    p = _Quad()
    X = np.array([[0.5, 0.5, 0.0], [0.1, 0.9, 1.0]])
    ev = p.evaluate(X)
    assert ev.F.shape == (2, 2) and ev.G.shape == (2, 1) and ev.H.shape == (2, 1)
    # point 0: G=-0.5 ok, H=0 ok; point 1: G=0.5, |H|=0.8 -> 0.5 + (0.8 - 1e-4)
    np.testing.assert_allclose(ev.CV, [0.0, 0.5 + 0.8 - 1e-4], rtol=1e-12)
    assert ev.feasible.tolist() == [True, False]
    np.testing.assert_allclose(ev.violations, [[0, 0], [0.5, 0.8 - 1e-4]], rtol=1e-12)
    assert len(ev) == 2


def test_constraint_scaling_divides_each_violation():
    p = _Quad(constr_scale=[0.5, 2.0])
    ev = p.evaluate(np.array([[0.1, 0.9, 1.0]]))
    np.testing.assert_allclose(ev.CV, [0.5 / 0.5 + (0.8 - 1e-4) / 2.0], rtol=1e-12)


def test_equality_tolerance_is_respected():
    p = _Quad(eq_tol=0.1)
    ev = p.evaluate(np.array([[0.5, 0.45, 0.0]]))  # |H| = 0.05 <= 0.1
    assert ev.feasible.tolist() == [True]


def test_wrong_F_shape_is_named():
    class Bad(Problem):
        def __init__(self):
            super().__init__(n_var=2, n_obj=3)

        def _evaluate(self, X):
            return X

    with pytest.raises(ValueError, match=r"F has shape \(10, 2\), expected \(10, 3\): n_obj=3"):
        Bad().evaluate(np.zeros((10, 2)))


def test_missing_G_is_named():
    class NoG(Problem):
        def __init__(self):
            super().__init__(n_var=2, n_obj=1, n_ieq_constr=2)

        def _evaluate(self, X):
            return X[:, 0]

    with pytest.raises(ValueError, match=r"G is missing: the problem declares n_ieq_constr=2"):
        NoG().evaluate(np.zeros((4, 2)))


def test_unexpected_G_is_named():
    class ExtraG(Problem):
        def __init__(self):
            super().__init__(n_var=2, n_obj=1)

        def _evaluate(self, X):
            return X[:, 0], X

    with pytest.raises(ValueError, match=r"G has shape \(4, 2\), expected \(4, 0\): n_ieq_constr=0"):
        ExtraG().evaluate(np.zeros((4, 2)))


def test_X_shape_errors_hint_one_point():
    with pytest.raises(ValueError, match=r"X must have shape \(N, n_var=3\), got \(3,\) \(use X.reshape\(1, -1\)"):
        _Quad().evaluate(np.zeros(3))


def test_nan_points_are_kept_infeasible_with_one_warning():
    p = Problem.from_functions(lambda X: np.where(X[:, :1] > 0.5, np.nan, X), xl=0, xu=1, n_var=2, n_obj=2)
    X = np.array([[0.1, 0.2], [0.9, 0.1], [0.7, 0.7], [0.3, 0.3]])
    with pytest.warns(EvaluationWarning, match=r"2 of 4 evaluated points returned NaN"):
        ev = p.evaluate(X)
    assert ev.F.shape == (4, 2)
    assert ev.CV.tolist() == [0.0, np.inf, np.inf, 0.0]
    assert ev.feasible.tolist() == [True, False, False, True]
    # the population stays rankable: infeasible rows are ranked by CV, their F is not used
    assert paretix.pareto_rank(ev.F, cv=ev.CV).tolist() == [0, 2, 2, 1]


def test_nan_constraint_gives_infinite_cv():
    assert constraint_violation(np.array([[np.nan], [-1.0]])).tolist() == [np.inf, 0.0]


def test_violations_default_and_scale_errors():
    np.testing.assert_allclose(violations(np.array([[1.0, -2.0]]), np.array([[-0.5]])), [[1.0, 0.0, 0.5 - 1e-4]])
    with pytest.raises(ValueError, match="one entry per constraint"):
        violations(np.zeros((2, 2)), scale=[1.0, 2.0, 3.0])


def test_from_functions_vectorized_and_elementwise_agree():
    f = lambda X: np.column_stack([X.sum(axis=1), (X**2).sum(axis=1)])  # noqa: E731
    g = lambda X: X[:, 0] - 0.5  # noqa: E731
    vec = Problem.from_functions(f, g, xl=[0, 0], xu=[1, 1], n_obj=2, n_ieq_constr=1)
    elem = Problem.from_functions(
        lambda x: [x.sum(), (x**2).sum()], lambda x: x[0] - 0.5, xl=[0, 0], xu=[1, 1], n_obj=2,
        n_ieq_constr=1, vectorized=False,
    )
    X = np.random.default_rng(0).random((7, 2))
    a, b = vec.evaluate(X), elem.evaluate(X)
    np.testing.assert_array_equal(a.F, b.F)
    np.testing.assert_array_equal(a.CV, b.CV)
    assert elem.evaluate(np.zeros((0, 2))).F.shape == (0, 2)


def test_from_functions_argument_errors():
    with pytest.raises(ValueError, match="n_ieq_constr is required when g is given"):
        Problem.from_functions(lambda X: X, g=lambda X: X, xl=[0], xu=[1])
    with pytest.raises(ValueError, match="n_var is required"):
        Problem.from_functions(lambda X: X, xl=0, xu=1)
    with pytest.raises(TypeError, match="f must be callable"):
        Problem.from_functions(3, xl=[0], xu=[1])


def test_dict_and_tuple_returns():
    class D(Problem):
        def __init__(self):
            super().__init__(n_var=1, n_obj=1, n_eq_constr=1)

        def _evaluate(self, X):
            return {"F": X[:, 0], "H": X[:, 0]}

    assert D().evaluate(np.array([[0.0], [1.0]])).feasible.tolist() == [True, False]

    class Unknown(D):
        def _evaluate(self, X):
            return {"F": X[:, 0], "Q": X}

    with pytest.raises(ValueError, match=r"unknown keys \['Q'\]"):
        Unknown().evaluate(np.zeros((1, 1)))


def test_no_analytic_front_message():
    with pytest.raises(NotImplementedError, match="_Quad has no analytic Pareto front"):
        _Quad().pareto_front()


def test_registry_unknown_name_lists_valid_names():
    with pytest.raises(KeyError, match="unknown problem 'nope'; available: "):
        paretix.problems.get("nope")
    assert paretix.problems.available() == sorted(paretix.problems.available())
