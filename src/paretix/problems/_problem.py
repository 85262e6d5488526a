"""The Problem API: bounds, counts, vectorised evaluation and its checked result.

Conventions are the field's (pymoo): minimise every objective; box bounds ``xl <= x <= xu``;
inequality constraints feasible when ``G <= 0``; equality constraints feasible when
``|H| <= eq_tol``. See :mod:`paretix.constraints` for the violation (CV).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .._array import get_xp
from ..constraints import EQ_TOL, constraint_violation, violations
from ._variables import parse_var_types, repair


class EvaluationWarning(UserWarning):
    """Some evaluated points returned NaN; they are kept and marked infeasible (CV = inf)."""


def _count(value, name: str, minimum: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def _bound(value, n_var: int, name: str, default: float) -> np.ndarray:
    if value is None:
        return np.full(n_var, default)
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        return np.full(n_var, float(arr))
    if arr.shape != (n_var,):
        raise ValueError(f"{name} must be a scalar or have length n_var={n_var}, got shape {arr.shape}")
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN at index {int(np.argmax(np.isnan(arr)))}")
    return arr.copy()


@dataclass(frozen=True)
class Evaluation:
    """The checked outcome of evaluating N points.

    Attributes
    ----------
    X : (N, n_var) the points.
    F : (N, n_obj) objectives (as returned; NaN kept where the function returned NaN).
    G : (N, n_ieq_constr) inequality constraints, ``G <= 0`` feasible ((N, 0) when none).
    H : (N, n_eq_constr) equality constraints ((N, 0) when none).
    CV : (N,) total constraint violation (0 = feasible; inf where F, G or H had NaN).
    feasible : (N,) ``CV == 0``.
    """

    X: Any
    F: Any
    G: Any
    H: Any
    CV: Any
    feasible: Any
    eq_tol: float = EQ_TOL
    constr_scale: Any = None

    def __len__(self) -> int:
        return int(self.F.shape[0])

    @property
    def violations(self):
        """Per-constraint violations (N, n_ieq + n_eq), scaled like CV."""
        return violations(self.G, self.H, eq_tol=self.eq_tol, scale=self.constr_scale)


class Problem:
    """A (multi-objective) minimisation problem over a box, evaluated on whole populations.

    Subclass it and implement ``_evaluate(X)``, which receives an (N, n_var) array (NumPy on CPU,
    CuPy on GPU: the array type of the population) and returns ``F``, ``(F, G)``, ``(F, G, H)``,
    or a dict with keys ``"F"``, ``"G"``, ``"H"``. Or wrap plain functions with
    :meth:`from_functions`.

    Parameters
    ----------
    n_var : int
        Number of decision variables (>= 1).
    n_obj : int, default 1
        Number of objectives (>= 1).
    n_ieq_constr, n_eq_constr : int, default 0
        Numbers of inequality (``G <= 0``) and equality (``|H| <= eq_tol``) constraints.
    xl, xu : float or array_like of length n_var, optional
        Lower and upper bounds (scalars broadcast; None means unbounded on that side).
    eq_tol : float, default 1e-4
        Tolerance of the equality constraints.
    constr_scale : float or array_like, optional
        Positive per-constraint divisors (length n_ieq_constr + n_eq_constr) applied in CV.
    name : str, optional
        Shown in repr, results and the CLI (defaults to the class name).
    var_types : sequence, optional
        One entry per variable: ``"real"`` (default), ``"int"`` (an integer in ``[xl, xu]``) or a
        sequence of allowed values (a discrete set; infinite bounds become its smallest and largest
        value). Algorithms keep such variables valid through :meth:`repair`; see
        :mod:`paretix.problems._variables` for the rounding rule.

    Attributes
    ----------
    host_only : bool, class attribute, default False
        Set it to True in a subclass whose ``_evaluate`` needs NumPy arrays (it calls NumPy
        functions, a simulator, a library without CuPy support): a run on ``device="cuda"`` then
        hands it a host copy of the points and moves its values to the device. Problems written
        with the array namespace (``xp = paretix._array.get_xp(X)``, as the test suites are)
        leave it False and are evaluated on the device. Elementwise problems
        (``from_functions(..., vectorized=False)``) are host only.

    Examples
    --------
    >>> import numpy as np, paretix
    >>> class Schaffer(paretix.Problem):
    ...     def __init__(self):
    ...         super().__init__(n_var=1, n_obj=2, xl=-10, xu=10)
    ...     def _evaluate(self, X):
    ...         return np.column_stack([X[:, 0] ** 2, (X[:, 0] - 2) ** 2])
    >>> Schaffer().evaluate(np.array([[0.0], [2.0]])).F.tolist()
    [[0.0, 4.0], [4.0, 0.0]]
    """

    host_only = False

    def __init__(self, n_var, n_obj=1, n_ieq_constr=0, n_eq_constr=0, xl=None, xu=None, *,
                 eq_tol: float = EQ_TOL, constr_scale=None, name: str | None = None, var_types=None):
        self.n_var = _count(n_var, "n_var", 1)
        self.n_obj = _count(n_obj, "n_obj", 1)
        self.n_ieq_constr = _count(n_ieq_constr, "n_ieq_constr", 0)
        self.n_eq_constr = _count(n_eq_constr, "n_eq_constr", 0)
        self.xl = _bound(xl, self.n_var, "xl", -np.inf)
        self.xu = _bound(xu, self.n_var, "xu", np.inf)
        bad = np.flatnonzero(self.xl > self.xu)
        if bad.size:
            i = int(bad[0])
            raise ValueError(f"xl must be <= xu, but xl[{i}]={self.xl[i]} > xu[{i}]={self.xu[i]}")
        self.var_types, self.discrete_values, self.xl, self.xu = parse_var_types(
            var_types, self.n_var, self.xl, self.xu)
        if not eq_tol >= 0:
            raise ValueError(f"eq_tol must be >= 0, got {eq_tol}")
        self.eq_tol = float(eq_tol)
        n_constr = self.n_ieq_constr + self.n_eq_constr
        if constr_scale is not None:
            s = np.asarray(constr_scale, dtype=np.float64)
            s = np.full(n_constr, float(s)) if s.ndim == 0 else s
            if s.shape != (n_constr,) or not np.all(s > 0) or not np.all(np.isfinite(s)):
                raise ValueError(
                    f"constr_scale must be a positive scalar or {n_constr} positive values "
                    f"(n_ieq_constr + n_eq_constr), got {constr_scale!r}"
                )
            constr_scale = s
        self.constr_scale = constr_scale
        self.name = name or type(self).__name__

    # -- what subclasses implement ------------------------------------------------------------
    def _evaluate(self, X):
        raise NotImplementedError(f"{type(self).__name__} must implement _evaluate(X)")

    def _calc_pareto_front(self, *args, **kwargs):
        raise NotImplementedError

    # -- public API ---------------------------------------------------------------------------
    @property
    def n_constr(self) -> int:
        return self.n_ieq_constr + self.n_eq_constr

    @property
    def has_bounds(self) -> bool:
        return bool(np.all(np.isfinite(self.xl)) and np.all(np.isfinite(self.xu)))

    @property
    def is_mixed(self) -> bool:
        """True when some variable is integer or discrete-set (``var_types``)."""
        return any(k != "real" for k in self.var_types)

    def repair(self, X):
        """Map the (N, n_var) points ``X`` to valid values of the declared variable types.

        Integer variables are rounded to the nearest integer in ``[ceil(xl), floor(xu)]`` and
        discrete-set variables snapped to the nearest allowed value; an exact midpoint goes to
        the larger value (round half up). Real variables are returned unchanged (no clipping).
        Returns ``X`` itself when every variable is real, else a new float64 array of the same
        namespace (NumPy or CuPy). Every algorithm calls this on each new point before it is
        evaluated, so a population holds declared values exactly; call it too when you build
        points yourself (an ask/tell loop of your own, a custom operator)::

            X = problem.repair(X)
        """
        if not self.is_mixed:
            return X
        return repair(self._check_X(X), self.var_types, self.discrete_values, self.xl, self.xu)

    def bounds(self, xp=np):
        """``(xl, xu)`` as arrays of the given namespace (numpy or cupy)."""
        return xp.asarray(self.xl), xp.asarray(self.xu)

    def evaluate(self, X) -> Evaluation:
        """Evaluate the (N, n_var) points ``X`` and return a checked :class:`Evaluation`.

        Shapes are checked and a mismatch is named ("F has shape (10, 2), expected (10, 3):
        n_obj=3"). Points whose objectives or constraints contain NaN are kept, get CV = inf
        (infeasible) and one :class:`EvaluationWarning` reports how many there were.
        """
        X = self._check_X(X)
        F, G, H = self._unpack(self._evaluate(X))
        return self.make_evaluation(X, F, G, H)

    def make_evaluation(self, X, F, G=None, H=None) -> Evaluation:
        """Check values computed elsewhere (a simulator, a lab) and wrap them as an
        :class:`Evaluation`, exactly as :meth:`evaluate` does with ``_evaluate``'s output."""
        X = self._check_X(X)
        xp = get_xp(X)
        n = X.shape[0]
        F = self._as_block(F, "F", n, self.n_obj, "n_obj", xp)
        G = self._as_block(G, "G", n, self.n_ieq_constr, "n_ieq_constr", xp)
        H = self._as_block(H, "H", n, self.n_eq_constr, "n_eq_constr", xp)
        cv = constraint_violation(G, H, eq_tol=self.eq_tol, scale=self.constr_scale)
        bad = xp.isnan(F).any(axis=1) | xp.isnan(G).any(axis=1) | xp.isnan(H).any(axis=1)
        n_bad = int(bad.sum())
        if n_bad:
            cv = xp.where(bad, xp.inf, cv)
            warnings.warn(
                f"{self.name}: {n_bad} of {n} evaluated points returned NaN objectives or "
                "constraints; they are kept and marked infeasible (CV = inf)",
                EvaluationWarning,
                stacklevel=3,
            )
        return Evaluation(X, F, G, H, cv, cv <= 0, self.eq_tol, self.constr_scale)

    def _check_X(self, X):
        xp = get_xp(X)
        X = xp.asarray(X, dtype=xp.float64)
        if X.ndim != 2 or X.shape[1] != self.n_var:
            hint = " (use X.reshape(1, -1) for one point)" if X.ndim == 1 and X.shape[0] == self.n_var else ""
            raise ValueError(f"X must have shape (N, n_var={self.n_var}), got {tuple(X.shape)}{hint}")
        return X

    def pareto_front(self, *args, **kwargs):
        """The true Pareto front (an (n, n_obj) array) where it is known analytically.

        Raises ``NotImplementedError`` for problems whose front is not analytic."""
        try:
            return self._calc_pareto_front(*args, **kwargs)
        except NotImplementedError:
            raise NotImplementedError(f"{self.name} has no analytic Pareto front") from None

    # -- helpers --------------------------------------------------------------------------------
    @staticmethod
    def _unpack(out):
        if isinstance(out, dict):
            unknown = set(out) - {"F", "G", "H"}
            if unknown:
                raise ValueError(f"_evaluate returned unknown keys {sorted(unknown)}; expected F, G, H")
            if "F" not in out:
                raise ValueError("_evaluate returned a dict without 'F'")
            return out["F"], out.get("G"), out.get("H")
        if isinstance(out, tuple):
            if not 1 <= len(out) <= 3:
                raise ValueError(f"_evaluate must return F, (F, G) or (F, G, H), got a tuple of {len(out)}")
            return (tuple(out) + (None, None))[:3]
        return out, None, None

    def _as_block(self, a, name: str, n: int, k: int, count_name: str, xp):
        if a is None:
            if k:
                raise ValueError(f"{name} is missing: the problem declares {count_name}={k}")
            return xp.zeros((n, 0))
        a = xp.asarray(a, dtype=xp.float64)
        if a.ndim == 1 and k == 1 and a.shape[0] == n:
            a = a[:, None]
        if a.ndim == 0 and n == 1 and k == 1:
            a = a.reshape(1, 1)
        if a.shape != (n, k):
            raise ValueError(f"{name} has shape {tuple(a.shape)}, expected ({n}, {k}): {count_name}={k}")
        return a

    @classmethod
    def from_functions(cls, f: Callable, g: Callable | None = None, h: Callable | None = None, *,
                       xl, xu, n_obj: int = 1, n_var: int | None = None, n_ieq_constr: int | None = None,
                       n_eq_constr: int | None = None, vectorized: bool = True, name: str | None = None,
                       **kwargs) -> Problem:
        """Wrap plain functions into a :class:`Problem`.

        With ``vectorized=True`` (default) ``f(X)`` takes the (N, n_var) array and returns
        (N, n_obj) values (or (N,) when n_obj=1); ``g`` and ``h`` likewise. With
        ``vectorized=False`` each function takes one point (n_var,) and returns its values; paretix
        loops over the points (for simulators that evaluate one design at a time).
        ``n_var`` defaults to the length of ``xl``/``xu``; ``n_ieq_constr``/``n_eq_constr`` are
        required when ``g``/``h`` are given. ``kwargs`` go to :class:`Problem` (eq_tol, constr_scale).
        """
        if n_var is None:
            sizes = {np.size(b) for b in (xl, xu) if np.ndim(b) > 0}
            if len(sizes) != 1:
                raise ValueError("n_var is required when xl and xu are both scalars (or their lengths differ)")
            n_var = sizes.pop()
        for fun, count, label in ((g, n_ieq_constr, "n_ieq_constr"), (h, n_eq_constr, "n_eq_constr")):
            if fun is not None and count is None:
                raise ValueError(f"{label} is required when {'g' if label == 'n_ieq_constr' else 'h'} is given")
        for fun, label in ((f, "f"), (g, "g"), (h, "h")):
            if fun is not None and not callable(fun):
                raise TypeError(f"{label} must be callable, got {fun!r}")
        return _FunctionProblem(f, g, h, vectorized, n_var=n_var, n_obj=n_obj,
                                n_ieq_constr=n_ieq_constr or 0, n_eq_constr=n_eq_constr or 0,
                                xl=xl, xu=xu, name=name or _function_name(f), **kwargs)

    def __repr__(self) -> str:
        return (f"{self.name}(n_var={self.n_var}, n_obj={self.n_obj}, n_ieq_constr={self.n_ieq_constr}, "
                f"n_eq_constr={self.n_eq_constr})")


def _function_name(f) -> str | None:
    name = getattr(f, "__name__", None)
    return None if name is None or name.startswith("<") else name


class _FunctionProblem(Problem):
    def __init__(self, f, g, h, vectorized, **kwargs):
        super().__init__(**kwargs)
        self._funcs = (f, g, h)
        self._vectorized = bool(vectorized)

    @property
    def host_only(self) -> bool:
        """Elementwise functions take NumPy rows (see :attr:`Problem.host_only`)."""
        return not self._vectorized

    def _call(self, fun, X, xp):
        if fun is None:
            return None
        if self._vectorized:
            return fun(X)
        rows = [xp.atleast_1d(xp.asarray(fun(x), dtype=xp.float64)) for x in X]
        return xp.stack(rows) if rows else None

    def _evaluate(self, X):
        xp = get_xp(X)
        f, g, h = self._funcs
        F = self._call(f, X, xp)
        if F is None:  # zero points, elementwise
            F = xp.zeros((0, self.n_obj))
        G = self._call(g, X, xp)
        H = self._call(h, X, xp)
        n = X.shape[0]
        if G is None and g is not None:
            G = xp.zeros((n, self.n_ieq_constr))
        if H is None and h is not None:
            H = xp.zeros((n, self.n_eq_constr))
        return F, G, H
