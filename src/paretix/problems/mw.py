"""The MW constrained multi-objective test suite (Ma & Wang 2019): MW1 to MW14.

Every MW problem has position variables (the first ``n_obj - 1`` variables, which move a point
along the front) and distance variables (the rest, which set a distance ``g >= 1`` from it through
one of three functions, ``g = 1`` being optimal), and constraints that are functions of the
objectives only. MW4, MW8 and MW14 scale to any number of objectives (3 by default); the others
have two.

The definitions are those of pymoo 0.6.2 (``pymoo.problems.multi.mw``), itself a port of Ma and
Wang's C++ code: objectives and constraints agree with it to rounding (``G <= 0`` feasible, with
pymoo's signs and scaling) wherever pymoo's values are finite. Deviations, all noted in the classes:

* Where rounding at the upper bound of the first variable makes pymoo take the square root of a
  tiny negative number (MW6 at ``x_0 = 1.1``, MW11 at ``x_0 = sqrt(2)``) or the arcsine of a ratio
  just above 1 (MW8), pymoo returns NaN; paretix clips to the mathematical limit (0, resp. +-1).
* MW4 uses pymoo's ``1 - x_i`` in place of the paper's ``x_i`` for the position variables (the
  same problem up to the substitution ``x_i -> 1 - x_i``; the same objective space and front).
* Fronts: pymoo computes MW1-4, MW6, MW8 and MW12 analytically, and paretix reproduces those point
  sets. pymoo downloads the fronts of MW5, MW7, MW9, MW10, MW11, MW13 and MW14 (and returns an
  empty array for MW14 with ``n_obj != 3``); paretix computes them instead, see
  :func:`_envelope_front` and the class docstrings.

References
----------
Z. Ma, Y. Wang, "Evolutionary constrained multiobjective optimization: test suite construction
and performance comparisons", IEEE Transactions on Evolutionary Computation 23(6), 972-986, 2019.
"""

from __future__ import annotations

import numpy as np

from .._array import get_xp
from ..ref_dirs._lattice import das_dennis
from ._problem import Problem, _count
from ._registry import register

__all__ = [f"MW{i}" for i in range(1, 15)]

# A point on a constraint boundary evaluates to |G| ~ 1e-15; the computed fronts accept G <= _TOL.
_TOL = 1e-9
_SQRT2 = float(np.sqrt(2.0))


# -- shape functions (pymoo's LA1, LA2, LA3) ------------------------------------------------------
def _la1(A, B, C, D, theta, xp):
    return A * xp.power(xp.sin(B * np.pi * xp.power(theta, C)), D)


def _la2(A, B, C, D, theta, xp):
    return A * xp.power(xp.sin(B * xp.power(theta, C)), D)


def _la3(A, B, C, D, theta, xp):
    return A * xp.power(xp.cos(B * xp.power(theta, C)), D)


# -- distance functions: 1 at the optimum, > 1 elsewhere ---------------------------------------------
def _g1(X, n_obj, xp):
    """Multimodal in ``x_i ** (n_var - n_obj)``, optimum at ``x_i ** (n_var - n_obj) = 0.5 + i/(2 n_var)``."""
    d = X.shape[1]
    z = xp.power(X[:, n_obj - 1:], d - n_obj)
    t = z - 0.5 - xp.arange(n_obj - 1, d) / (2 * d)
    return 1 + (1 - xp.exp(-10.0 * t * t)).sum(axis=1)


def _g2(X, n_obj, xp):
    """Rastrigin-like in ``x_i``, optimum at ``x_i = i / n_var``."""
    d = X.shape[1]
    t = X[:, n_obj - 1:] - xp.arange(n_obj - 1, d) / d
    z = 1 - xp.exp(-10.0 * t * t)
    return 1 + ((0.1 / d) * z * z + 1.5 - 1.5 * xp.cos(2 * np.pi * z)).sum(axis=1)


def _g3(X, n_obj, xp):
    """Linked variables, optimum at ``x_i = 1 - (x_(i-1) - 0.5) ** 2``."""
    prev = X[:, n_obj - 2:-1] - 0.5
    return 1 + (2.0 * xp.power(X[:, n_obj - 1:] + prev * prev - 1.0, 2.0)).sum(axis=1)


def _atan_ratio(f1, f0, xp):
    """``arctan(f1 / f0)`` as pymoo computes it (pi/2 where f0 = 0)."""
    with np.errstate(divide="ignore"):
        return xp.arctan(f1 / f0)


def _sqrt0(a, xp):
    """Square root clipped at 0 (pymoo: NaN where rounding makes ``a`` a tiny negative)."""
    return xp.sqrt(xp.maximum(a, 0.0))


# -- fronts ---------------------------------------------------------------------------------------------
def _nondominated_sorted(F):
    from ..kernels import is_nondominated  # kernels load lazily

    F = F[is_nondominated(F)]
    return F[np.argsort(F[:, 0], kind="stable")]


def _n_points(n_points):
    return _count(n_points, "n_points", 2)


def _line_front(ref_dirs, n_points):
    """pymoo's 2-objective start: ``F[:, 0] = linspace(0, 1, n)`` (or the first column of ref_dirs)."""
    if ref_dirs is None:
        F = np.zeros((_n_points(n_points), 2))
        F[:, 0] = np.linspace(0, 1, F.shape[0])
        return F
    return _ref_dirs(ref_dirs, 2)


def _ref_dirs(ref_dirs, n_obj):
    F = np.array(ref_dirs, dtype=np.float64, copy=True)
    if F.ndim != 2 or F.shape[1] != n_obj:
        raise ValueError(f"ref_dirs must have shape (n, n_obj={n_obj}), got {F.shape}")
    return F


def _default_ref_dirs(ref_dirs, n_obj):
    """pymoo's defaults: 100 directions for 2 objectives, 15 partitions (136) for 3."""
    if ref_dirs is not None:
        return _ref_dirs(ref_dirs, n_obj)
    if n_obj == 2:
        return das_dennis(2, 99)
    if n_obj == 3:
        return das_dennis(3, 15)
    raise ValueError(f"ref_dirs is required for n_obj={n_obj} > 3 (e.g. paretix.ref_dirs.das_dennis)")


def _push_out(F, violated):
    """pymoo's MW3/MW12 fronts: scale the rows of F by 1.001 until ``violated(F)`` is False."""
    invalid = violated(F)
    while invalid.any():
        F[invalid, :] *= 1.001
        invalid = violated(F)
    return F


def _envelope_front(problem, s, curves):
    """The Pareto front of a two-objective problem whose feasible set is explicit (MW, TNK).

    The objective space is swept by lines, one per parameter value ``s`` (an (n,) array): vertical
    lines ``f0 = s`` or rays at angle ``s``, with ``problem._line_key`` the distance along them.
    ``curves(s)`` gives (k, n, 2) points on these lines: first the nearest attainable one (on the
    ``g = 1`` curve), then the roots of every constraint factor. Along a line the feasible set is a
    union of closed intervals whose ends are among those points, and a point farther out is worse
    in both objectives than a nearer one, so the nearest feasible point at or beyond the first is
    the only candidate for the front on that line. The front is the non-dominated subset of these
    candidates. The parameter values where two curves cross (kinks and isolated points of the front)
    are found by bisection and added to ``s``; elsewhere the ends of each piece of the front are
    resolved to the spacing of ``s``.
    """
    s = np.unique(np.concatenate([s, _crossings(problem, s, curves)]))
    pts = curves(s)
    key = problem._line_key(pts)
    best = np.full(s.shape[0], np.inf)
    out = np.full((s.shape[0], 2), np.nan)
    for P, k in zip(pts, key):
        ok = (k >= key[0] - _TOL) & (k < best)
        with np.errstate(all="ignore"):
            ok &= (problem._constraints(P, np) <= _TOL).all(axis=1)
        best = np.where(ok, k, best)
        out[ok] = P[ok]
    return _nondominated_sorted(out[np.isfinite(best)])


def _crossings(problem, s, curves, iters=100):
    """Parameter values where two of ``curves`` cross between neighbours of ``s`` (bisection)."""
    key = problem._line_key(curves(s))
    i, j = np.triu_indices(key.shape[0], 1)
    d = key[i] - key[j]
    pair, m = np.nonzero(d[:, :-1] * d[:, 1:] < 0)
    lo, hi, dlo = s[m], s[m + 1], d[pair, m]
    ci, cj, cols = i[pair], j[pair], np.arange(pair.shape[0])
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        km = problem._line_key(curves(mid))
        dm = km[ci, cols] - km[cj, cols]
        left = np.sign(dm) == np.sign(dlo)
        lo, dlo, hi = np.where(left, mid, lo), np.where(left, dm, dlo), np.where(left, hi, mid)
    return 0.5 * (lo + hi)


def _vertical_front(problem, f0, lower, bounds):
    """:func:`_envelope_front` on the lines ``f0 = const``: ``lower(f0)`` the nearest attainable
    ``f1`` and ``bounds(f0)`` a list of the ``f1`` roots of the constraint factors."""

    def curves(s):
        return np.stack([np.stack([s, np.broadcast_to(v, s.shape)], axis=-1)
                         for v in [lower(s), *bounds(s)]])

    return _envelope_front(problem, f0, curves)


def _pymoo_sorted(F):
    """pymoo's ``Problem.pareto_front`` sorts two-objective fronts by ``f0``."""
    return F[np.argsort(F[:, 0])] if F.shape[1] == 2 else F


# -- the problems ------------------------------------------------------------------------------------
class _MW(Problem):
    """Shared MW machinery: bounds, distance function, ``_objectives(X, g)`` and ``_constraints(F)``."""

    _distance = staticmethod(_g1)
    _n_constr = 1

    def __init__(self, n_var, n_obj=2, xu=1.0):
        n_obj = _count(n_obj, "n_obj", 2)
        if isinstance(n_var, (int, np.integer)) and not isinstance(n_var, (bool, np.bool_)) and n_var < n_obj:
            raise ValueError(
                f"n_var must be >= n_obj={n_obj} (at least one distance variable), got {n_var}"
            )
        super().__init__(n_var=n_var, n_obj=n_obj, n_ieq_constr=self._n_constr, xl=0.0, xu=xu)

    def _evaluate(self, X):
        xp = get_xp(X)
        F = self._objectives(X, self._distance(X, self.n_obj, xp), xp)
        return F, self._constraints(F, xp)

    @staticmethod
    def _line_key(P):  # vertical parameter lines (f0 fixed): distance is f1
        return P[..., 1]


class _MW2D(_MW):
    _xu = 1.0  # upper bound of every variable

    def __init__(self, n_var=15):
        super().__init__(n_var, 2, self._xu)


class MW1(_MW2D):
    """MW1: linear front, cut into pieces by a constraint, distance function g1.

    ``f0 = x_0``, ``f1 = g (1 - 0.85 f0 / g)``; one constraint
    ``f0 + f1 - 1 - 0.5 sin(2 pi l)^8 <= 0`` with ``l = sqrt(2) (f1 - f0)``.

    Parameters
    ----------
    n_var : int, default 15
        Number of variables (>= 2); ``x`` in ``[0, 1]^n_var``.

    Notes
    -----
    ``pareto_front(ref_dirs=None, n_points=100)``: pymoo's analytic front, the feasible points of
    ``f1 = 1 - 0.85 f0`` at ``f0 = linspace(0, 1, n_points)`` (or ``ref_dirs[:, 0]``).

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    def _objectives(self, X, g, xp):
        f0 = X[:, 0]
        return xp.stack([f0, g * (1 - 0.85 * f0 / g)], axis=1)

    def _constraints(self, F, xp):
        f0, f1 = F[:, 0], F[:, 1]
        g0 = f0 + f1 - 1 - _la1(0.5, 2.0, 1.0, 8.0, _SQRT2 * f1 - _SQRT2 * f0, xp)
        return g0[:, None]

    def _calc_pareto_front(self, ref_dirs=None, n_points=100):
        F = _line_front(ref_dirs, n_points)
        F[:, 1] = 1 - 0.85 * F[:, 0]
        length = _SQRT2 * F[:, 1] - _SQRT2 * F[:, 0]
        c = 1 - F[:, 0] - F[:, 1] + 0.5 * np.sin(2 * np.pi * length) ** 8
        return _pymoo_sorted(F[c >= 0])


class MW2(_MW2D):
    """MW2: linear front ``f0 + f1 = 1``, distance function g2 (multimodal).

    ``f0 = x_0``, ``f1 = g (1 - f0 / g)``; one constraint
    ``f0 + f1 - 1 - 0.5 sin(3 pi l)^8 <= 0`` with ``l = sqrt(2) (f1 - f0)``.

    Parameters
    ----------
    n_var : int, default 15
        Number of variables (>= 2); ``x`` in ``[0, 1]^n_var``.

    Notes
    -----
    ``pareto_front(ref_dirs=None, n_points=100)``: pymoo's analytic front, ``f1 = 1 - f0``.

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    _distance = staticmethod(_g2)

    def _objectives(self, X, g, xp):
        f0 = X[:, 0]
        return xp.stack([f0, g * (1 - f0 / g)], axis=1)

    def _constraints(self, F, xp):
        f0, f1 = F[:, 0], F[:, 1]
        g0 = f0 + f1 - 1 - _la1(0.5, 3.0, 1.0, 8.0, _SQRT2 * f1 - _SQRT2 * f0, xp)
        return g0[:, None]

    def _calc_pareto_front(self, ref_dirs=None, n_points=100):
        F = _line_front(ref_dirs, n_points)
        F[:, 1] = 1 - F[:, 0]
        return _pymoo_sorted(F)


def _mw3_violated(F):
    return (0.85 - F[:, 0] - F[:, 1]
            + 0.3 * np.sin(0.75 * np.pi * np.sqrt(2) * (F[:, 1] - F[:, 0])) ** 2) > 0


class MW3(_MW2D):
    """MW3: linear front pushed outward where a second constraint cuts it, distance function g3.

    ``f0 = x_0``, ``f1 = g (1 - f0 / g)``; constraints
    ``f0 + f1 - 1.05 - 0.45 sin(0.75 pi l)^6 <= 0`` and ``0.85 - f0 - f1 + 0.3 sin(0.75 pi l)^2 <= 0``,
    ``l = sqrt(2) (f1 - f0)``.

    Parameters
    ----------
    n_var : int, default 15
        Number of variables (>= 2); ``x`` in ``[0, 1]^n_var``.

    Notes
    -----
    ``pareto_front(ref_dirs=None, n_points=100)``: pymoo's front (also PlatEMO's): points of
    ``f0 + f1 = 1``, those violating the second constraint scaled by 1.001 until they satisfy it.
    The scaled points lie within 0.1 % of the constraint boundary, and a few of them are dominated
    by others; kept as in pymoo.

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    _distance = staticmethod(_g3)
    _n_constr = 2

    def _objectives(self, X, g, xp):
        f0 = X[:, 0]
        return xp.stack([f0, g * (1 - f0 / g)], axis=1)

    def _constraints(self, F, xp):
        f0, f1 = F[:, 0], F[:, 1]
        length = _SQRT2 * f1 - _SQRT2 * f0
        g0 = f0 + f1 - 1.05 - _la1(0.45, 0.75, 1.0, 6.0, length, xp)
        g1 = 0.85 - f0 - f1 + _la1(0.3, 0.75, 1.0, 2.0, length, xp)
        return xp.stack([g0, g1], axis=1)

    def _calc_pareto_front(self, ref_dirs=None, n_points=100):
        F = _line_front(ref_dirs, n_points)
        F[:, 1] = 1 - F[:, 0]
        return _pymoo_sorted(_push_out(F, _mw3_violated))


class MW4(_MW):
    """MW4: scalable simplex front cut by a constraint, distance function g1.

    ``f_0 = g prod_(j < M-1) (1 - x_j)``, ..., ``f_(M-1) = g x_0`` (pymoo's form: the paper's with
    ``x_j -> 1 - x_j`` for the position variables, the same problem); one constraint
    ``sum f - 1 - 0.4 sin(2.5 pi l)^8 <= 0`` with ``l = f_(M-1) - sum_(i < M-1) f_i``.

    Parameters
    ----------
    n_var : int, optional
        Number of variables (>= n_obj); default ``n_obj + 12``. ``x`` in ``[0, 1]^n_var``.
    n_obj : int, default 3
        Number of objectives (>= 2).

    Notes
    -----
    ``pareto_front(ref_dirs=None)``: pymoo's analytic front, the feasible ``ref_dirs`` (points of
    the simplex ``sum f = 1``); defaults as pymoo: ``das_dennis(2, 99)`` or ``das_dennis(3, 15)``,
    required for more objectives.

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    def __init__(self, n_var=None, n_obj=3):
        n_obj = _count(n_obj, "n_obj", 2)
        super().__init__(n_obj + 12 if n_var is None else n_var, n_obj)

    def _objectives(self, X, g, xp):
        m = self.n_obj - 1
        ones = xp.ones((X.shape[0], 1))
        a = xp.concatenate([ones, xp.flip(X[:, :m], axis=1)], axis=1)
        b = xp.concatenate([xp.flip(xp.cumprod(1 - X[:, :m], axis=1), axis=1), ones], axis=1)
        return g[:, None] * a * b

    def _constraints(self, F, xp):
        length = F[:, -1] - F[:, :-1].sum(axis=1)
        g0 = F.sum(axis=1) - 1 - _la1(0.4, 2.5, 1.0, 8.0, length, xp)
        return g0[:, None]

    def _calc_pareto_front(self, ref_dirs=None):
        F = _default_ref_dirs(ref_dirs, self.n_obj)
        length = F[:, -1] - np.sum(F[:, :-1], axis=1)
        c = (1 + 0.4 * np.sin(2.5 * np.pi * length) ** 8) - np.sum(F, axis=1)
        return _pymoo_sorted(F[c >= 0])


class _Polar(_MW2D):
    """Two-objective MW problems on quarter circles ``f = r (cos a, sin a)``, ``r >= radius``."""

    _radius = 1.0

    def _objectives(self, X, g, xp):
        f0 = g * X[:, 0]
        f1 = g * _sqrt0(self._radius * self._radius - xp.power(f0 / g, 2.0), xp)
        return xp.stack([f0, f1], axis=1)

    @staticmethod
    def _line_key(P):  # rays from the origin: distance is the radius
        return np.hypot(P[..., 0], P[..., 1])

    def _ray(self, angle, r):
        c = np.where(angle == 0.5 * np.pi, 0.0, np.cos(angle))
        return np.stack([r * c, r * np.sin(angle)], axis=-1)

    def _calc_pareto_front(self, n_points=1000):
        a = np.linspace(0.0, 0.5 * np.pi, _n_points(n_points))
        return _envelope_front(self, a, lambda s: np.stack(
            [self._ray(s, r) for r in [np.ones_like(s), *self._front_radii(s)]]))


class MW5(_Polar):
    """MW5: quarter-circle front reduced to a few points by two constraints, distance function g1.

    ``f0 = g x_0``, ``f1 = g sqrt(1 - (f0 / g)^2)``; with ``a = arctan(f1 / f0)``,
    ``t = pi/2 - 2 |a - pi/4|`` and ``r^2 = f0^2 + f1^2`` the constraints are
    ``r^2 <= (1.7 - 0.2 sin 2a)^2``, ``(1 + 0.5 sin 6t^3)^2 <= r^2`` and
    ``(1 - 0.45 sin 6t^3)^2 <= r^2``.

    Parameters
    ----------
    n_var : int, default 15
        Number of variables (>= 2); ``x`` in ``[0, 1]^n_var``.

    Notes
    -----
    ``pareto_front(n_points=1000)`` (pymoo downloads it; paretix computes it): the unit circle is
    feasible only where ``sin 6t^3 = 0``, at ``a_k = (k pi / 6)^(1/3) / 2`` and ``pi/2 - a_k``,
    k = 0..7 (16 points); elsewhere the nearest feasible radius is
    ``1 + max(0.5 s, -0.45 s)``, ``s = sin 6t^3``, and that curve is dominated except on two short
    arcs next to the ends (``a < 0.0142`` and its mirror image), which the computed front includes.

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    _n_constr = 3

    def _constraints(self, F, xp):
        f0, f1 = F[:, 0], F[:, 1]
        atan = _atan_ratio(f1, f0, xp)
        g0 = f0 ** 2 + f1 ** 2 - xp.power(1.7 - _la2(0.2, 2.0, 1.0, 1.0, atan, xp), 2.0)
        t = 0.5 * np.pi - 2 * xp.abs(atan - 0.25 * np.pi)
        g1 = xp.power(1 + _la2(0.5, 6.0, 3.0, 1.0, t, xp), 2.0) - f0 ** 2 - f1 ** 2
        g2 = xp.power(1 - _la2(0.45, 6.0, 3.0, 1.0, t, xp), 2.0) - f0 ** 2 - f1 ** 2
        return xp.stack([g0, g1, g2], axis=1)

    def _front_radii(self, a):
        t = 0.5 * np.pi - 2 * np.abs(a - 0.25 * np.pi)
        s = np.sin(6.0 * t ** 3)
        return [1 + 0.5 * s, 1 - 0.45 * s]


class MW6(_Polar):
    """MW6: circle front of radius 1.1 cut into pieces by an elliptic constraint, distance g2.

    ``f0 = g x_0``, ``f1 = g sqrt(1.21 - (f0 / g)^2)``; with ``a = arctan(f1 / f0)`` and
    ``L = cos(6 a^4)^10``, one constraint ``f0^2 / (1 + 0.15 L)^2 + f1^2 / (1 + 0.75 L)^2 <= 1``.

    Parameters
    ----------
    n_var : int, default 15
        Number of variables (>= 2); ``x`` in ``[0, 1.1]^n_var``.

    Notes
    -----
    ``pareto_front(ref_dirs=None, n_points=100)``: pymoo's analytic front, the feasible points of
    the circle at the directions of ``(f0, 1 - f0)``. At ``x_0 = 1.1`` rounding can make pymoo take
    ``sqrt`` of a tiny negative number (NaN); paretix returns ``f1 = 0`` there.

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    _distance = staticmethod(_g2)
    _xu = 1.1
    _radius = 1.1

    def _constraints(self, F, xp):
        f0, f1 = F[:, 0], F[:, 1]
        atan = _atan_ratio(f1, f0, xp)
        g0 = (f0 ** 2 / xp.power(1.0 + _la3(0.15, 6.0, 4.0, 10.0, atan, xp), 2.0)
              + f1 ** 2 / xp.power(1.0 + _la3(0.75, 6.0, 4.0, 10.0, atan, xp), 2.0) - 1)
        return g0[:, None]

    def _calc_pareto_front(self, ref_dirs=None, n_points=100):
        F = _line_front(ref_dirs, n_points)
        F[:, 1] = 1 - F[:, 0]
        F = F / np.sqrt(np.sum(F ** 2, axis=1) / 1.21).reshape((-1, 1))
        with np.errstate(divide="ignore"):
            length = np.cos(6 * np.arctan(F[:, 1] / F[:, 0]) ** 4) ** 10
        c = 1 - (F[:, 0] / (1 + 0.15 * length)) ** 2 - (F[:, 1] / (1 + 0.75 * length)) ** 2
        return _pymoo_sorted(F[c >= 0])


class MW7(_Polar):
    """MW7: quarter-circle front with outward bulges, distance function g3.

    ``f0 = g x_0``, ``f1 = g sqrt(1 - (f0 / g)^2)``; with ``a = arctan(f1 / f0)`` and
    ``r^2 = f0^2 + f1^2`` the constraints are ``r^2 <= (1.2 + 0.4 sin(4a)^16)^2`` and
    ``(1.15 - 0.2 sin(4a)^8)^2 <= r^2``.

    Parameters
    ----------
    n_var : int, default 15
        Number of variables (>= 2); ``x`` in ``[0, 1]^n_var``.

    Notes
    -----
    ``pareto_front(n_points=1000)`` (pymoo downloads it; paretix computes it): the non-dominated
    part of the curve ``r = max(1, 1.15 - 0.2 sin(4a)^8)``, ``a`` in ``[0, pi/2]`` (sampled at
    ``n_points`` angles plus the kinks ``sin(4a)^8 = 0.75``).

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    _distance = staticmethod(_g3)
    _n_constr = 2

    def _constraints(self, F, xp):
        f0, f1 = F[:, 0], F[:, 1]
        atan = _atan_ratio(f1, f0, xp)
        g0 = f0 ** 2 + f1 ** 2 - xp.power(1.2 + xp.abs(_la2(0.4, 4.0, 1.0, 16.0, atan, xp)), 2.0)
        g1 = xp.power(1.15 - _la2(0.2, 4.0, 1.0, 8.0, atan, xp), 2.0) - f0 ** 2 - f1 ** 2
        return xp.stack([g0, g1], axis=1)

    def _front_radii(self, a):
        return [1.15 - 0.2 * np.sin(4.0 * a) ** 8]


class MW8(_MW):
    """MW8: scalable spherical front cut by a constraint, distance function g2.

    ``f = g (prod cos(pi/2 x_j), ..., sin(pi/2 x_0))`` (DTLZ2's shape); one constraint
    ``|f|^2 <= (1.25 - 0.5 sin(6 arcsin(f_(M-1) / |f|))^2)^2``.

    Parameters
    ----------
    n_var : int, optional
        Number of variables (>= n_obj); default ``n_obj + 12``. ``x`` in ``[0, 1]^n_var``.
    n_obj : int, default 3
        Number of objectives (>= 2).

    Notes
    -----
    ``pareto_front(ref_dirs=None)``: pymoo's analytic front, the feasible normalised ``ref_dirs``
    (defaults as for :class:`MW4`). Where rounding puts ``f_(M-1) / |f|`` just above 1, pymoo's
    arcsine is NaN; paretix clips the ratio to 1.

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    _distance = staticmethod(_g2)

    def __init__(self, n_var=None, n_obj=3):
        n_obj = _count(n_obj, "n_obj", 2)
        super().__init__(n_obj + 12 if n_var is None else n_var, n_obj)

    def _objectives(self, X, g, xp):
        m = self.n_obj - 1
        ones = xp.ones((X.shape[0], 1))
        a = xp.concatenate([ones, xp.sin(0.5 * np.pi * xp.flip(X[:, :m], axis=1))], axis=1)
        cos = xp.cos(0.5 * np.pi * X[:, :m])
        b = xp.concatenate([xp.flip(xp.cumprod(cos, axis=1), axis=1), ones], axis=1)
        return g[:, None] * a * b

    def _constraints(self, F, xp):
        f_squared = (F ** 2).sum(axis=1)
        la = _la2(0.5, 6.0, 1.0, 2.0, xp.arcsin(xp.clip(F[:, -1] / xp.sqrt(f_squared), -1.0, 1.0)), xp)
        g0 = f_squared - (1.25 - la) * (1.25 - la)
        return g0[:, None]

    def _calc_pareto_front(self, ref_dirs=None):
        F = _default_ref_dirs(ref_dirs, self.n_obj)
        F = F / np.sqrt(np.sum(F ** 2, axis=1)).reshape((-1, 1))
        c = (1.25 - 0.5 * np.sin(6 * np.arcsin(F[:, -1])) ** 2) ** 2 - np.sum(F ** 2, axis=1)
        return _pymoo_sorted(F[c >= 0])


class MW9(_MW2D):
    """MW9: convex front pushed onto the boundaries of two feasible bands, distance function g1.

    ``f0 = g x_0``, ``f1 = g (1 - (f0 / g)^0.6)``; one constraint ``min(T1, T2) <= 0`` with
    ``T1 = (1 - 0.64 f0^2 - f1)(1 - 0.36 f0^2 - f1)`` and
    ``T2 = (1.35^2 - (f0 + 0.35)^2 - f1)(1.15^2 - (f0 + 0.15)^2 - f1)``.

    Parameters
    ----------
    n_var : int, default 15
        Number of variables (>= 2); ``x`` in ``[0, 1]^n_var``.

    Notes
    -----
    ``pareto_front(n_points=1000)`` (pymoo downloads it; paretix computes it, see
    :func:`_envelope_front`): the ``g = 1`` curve is infeasible except at its ends, and the front
    is ``f1 = min(1 - 0.64 f0^2, 1.15^2 - (f0 + 0.15)^2)``, ``f0`` in ``[0, 1]`` (the lower edges of
    the two bands; continuous, with a kink at ``f0 = 0.587``).

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    def _objectives(self, X, g, xp):
        f0 = g * X[:, 0]
        return xp.stack([f0, g * (1.0 - xp.power(f0 / g, 0.6))], axis=1)

    def _constraints(self, F, xp):
        f0, f1 = F[:, 0], F[:, 1]
        t1 = (1 - 0.64 * f0 * f0 - f1) * (1 - 0.36 * f0 * f0 - f1)
        t2 = ((1.35 * 1.35 - (f0 + 0.35) * (f0 + 0.35) - f1)
              * (1.15 * 1.15 - (f0 + 0.15) * (f0 + 0.15) - f1))
        return xp.minimum(t1, t2)[:, None]

    def _calc_pareto_front(self, n_points=1000):
        s = np.linspace(0.0, 1.0, _n_points(n_points))

        def bounds(f0):
            return [1 - 0.64 * f0 * f0, 1 - 0.36 * f0 * f0,
                    1.35 * 1.35 - (f0 + 0.35) ** 2, 1.15 * 1.15 - (f0 + 0.15) ** 2]

        return _vertical_front(self, s, lambda f0: 1.0 - f0 ** 0.6, bounds)


class MW10(_MW2D):
    """MW10: concave front in disconnected pieces, distance function g2.

    ``f0 = g x_0^n_var``, ``f1 = g (1 - (f0 / g)^2)``; constraints (feasible when <= 0)
    ``-(2 - 4 f0^2 - f1)(2 - 8 f0^2 - f1)``, ``(2 - 2 f0^2 - f1)(2 - 16 f0^2 - f1)`` and
    ``(1 - f0^2 - f1)(1.2 - 1.2 f0^2 - f1)``.

    Parameters
    ----------
    n_var : int, default 15
        Number of variables (>= 2); ``x`` in ``[0, 1]^n_var``.

    Notes
    -----
    ``pareto_front(n_points=1000)`` (pymoo downloads it; paretix computes it, see
    :func:`_envelope_front`). Worked out by hand it is, with ``u = f0^2``:
    ``f1 = 2 - 16 u`` for ``u`` in ``[2/37, 1/15]``, ``f1 = 1 - u`` on ``[1/15, 1/7]``,
    ``f1 = 2 - 4 u`` on ``(2/7, 1/3]`` and ``f1 = 1 - u`` on ``[1/3, 1]``: two pieces.

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    _distance = staticmethod(_g2)
    _n_constr = 3

    def _objectives(self, X, g, xp):
        f0 = g * xp.power(X[:, 0], self.n_var)
        return xp.stack([f0, g * (1.0 - xp.power(f0 / g, 2.0))], axis=1)

    def _constraints(self, F, xp):
        f0, f1 = F[:, 0], F[:, 1]
        g0 = -1.0 * (2.0 - 4.0 * f0 * f0 - f1) * (2.0 - 8.0 * f0 * f0 - f1)
        g1 = (2.0 - 2.0 * f0 * f0 - f1) * (2.0 - 16.0 * f0 * f0 - f1)
        g2 = (1.0 - f0 * f0 - f1) * (1.2 - 1.2 * f0 * f0 - f1)
        return xp.stack([g0, g1, g2], axis=1)

    def _calc_pareto_front(self, n_points=1000):
        s = np.linspace(0.0, 1.0, _n_points(n_points))

        def bounds(f0):
            u = f0 * f0
            return [2 - 4 * u, 2 - 8 * u, 2 - 2 * u, 2 - 16 * u, 1.2 - 1.2 * u]

        return _vertical_front(self, s, lambda f0: 1.0 - f0 * f0, bounds)


class MW11(_MW2D):
    """MW11: circle front of radius sqrt(2) in four feasible regions, distance function g3.

    ``f0 = g x_0``, ``f1 = g sqrt(2 - (f0 / g)^2)``; constraints (feasible when <= 0)
    ``-(3 - f0^2 - f1)(3 - 2 f0^2 - f1)``, ``(3 - 0.625 f0^2 - f1)(3 - 7 f0^2 - f1)``,
    ``-(1.62 - 0.18 f0^2 - f1)(1.125 - 0.125 f0^2 - f1)`` and
    ``(2.07 - 0.23 f0^2 - f1)(0.63 - 0.07 f0^2 - f1)``.

    Parameters
    ----------
    n_var : int, default 15
        Number of variables (>= 2); ``x`` in ``[0, sqrt(2)]^n_var``.

    Notes
    -----
    ``pareto_front(n_points=1000)`` (pymoo downloads it; paretix computes it, see
    :func:`_envelope_front`, on vertical lines ``f0`` in ``[0, 3]``). At ``x_0 = sqrt(2)`` rounding
    makes pymoo take ``sqrt`` of a tiny negative number (NaN); paretix returns ``f1 = 0`` there.

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    _distance = staticmethod(_g3)
    _n_constr = 4
    _xu = _SQRT2

    def _objectives(self, X, g, xp):
        f0 = g * X[:, 0]
        return xp.stack([f0, g * _sqrt0(2.0 - xp.power(f0 / g, 2.0), xp)], axis=1)

    def _constraints(self, F, xp):
        f0, f1 = F[:, 0], F[:, 1]
        g0 = -1.0 * (3.0 - f0 * f0 - f1) * (3.0 - 2.0 * f0 * f0 - f1)
        g1 = (3.0 - 0.625 * f0 * f0 - f1) * (3.0 - 7.0 * f0 * f0 - f1)
        g2 = -1.0 * (1.62 - 0.18 * f0 * f0 - f1) * (1.125 - 0.125 * f0 * f0 - f1)
        g3 = (2.07 - 0.23 * f0 * f0 - f1) * (0.63 - 0.07 * f0 * f0 - f1)
        return xp.stack([g0, g1, g2, g3], axis=1)

    def _calc_pareto_front(self, n_points=1000):
        s = np.linspace(0.0, 3.0, _n_points(n_points))

        def bounds(f0):
            u = f0 * f0
            return [3 - u, 3 - 2 * u, 3 - 0.625 * u, 3 - 7 * u, 1.62 - 0.18 * u, 1.125 - 0.125 * u,
                    2.07 - 0.23 * u, 0.63 - 0.07 * u]

        return _vertical_front(self, s, lambda f0: np.sqrt(np.maximum(2.0 - f0 * f0, 0.0)), bounds)


class MW12(_MW2D):
    """MW12: wavy front pushed outward by two constraints, distance function g1.

    ``f0 = g x_0``, ``f1 = g (0.85 - 0.8 f0/g - 0.08 |sin(3.2 pi f0/g)|)``; two constraints, each
    the product of two wavy band edges (see the code, equal to pymoo's).

    Parameters
    ----------
    n_var : int, default 15
        Number of variables (>= 2); ``x`` in ``[0, 1]^n_var``.

    Notes
    -----
    ``pareto_front(ref_dirs=None, n_points=100)``: pymoo's front, the ``g = 1`` curve with the
    points violating the second constraint scaled by 1.001 until they satisfy it.

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    _n_constr = 2

    def _objectives(self, X, g, xp):
        f0 = g * X[:, 0]
        u = f0 / g
        return xp.stack([f0, g * (0.85 - 0.8 * u - 0.08 * xp.abs(xp.sin(3.2 * np.pi * u)))], axis=1)

    def _constraints(self, F, xp):
        f0, f1 = F[:, 0], F[:, 1]
        g0 = (-1.0
              * (1 - 0.625 * f0 - f1 + 0.08 * xp.sin(2 * np.pi * (f1 - f0 / 1.6)))
              * (1.4 - 0.875 * f0 - f1 + 0.08 * xp.sin(2 * np.pi * (f1 / 1.4 - f0 / 1.6))))
        g1 = ((1 - 0.8 * f0 - f1 + 0.08 * xp.sin(2 * np.pi * (f1 - f0 / 1.5)))
              * (1.8 - 1.125 * f0 - f1 + 0.08 * xp.sin(2 * np.pi * (f1 / 1.8 - f0 / 1.6))))
        return xp.stack([g0, g1], axis=1)

    def _calc_pareto_front(self, ref_dirs=None, n_points=100):
        F = _line_front(ref_dirs, n_points)
        F[:, 1] = 0.85 - 0.8 * F[:, 0] - 0.08 * np.abs(np.sin(3.2 * np.pi * F[:, 0]))
        return _pymoo_sorted(_push_out(F, lambda F: self._constraints(F, np)[:, 1] > 0))


class MW13(_MW2D):
    """MW13: wavy exponential front in disconnected pieces, distance function g2.

    ``f0 = g x_0``, ``f1 = g (5 - exp(f0/g) - 0.5 |sin(3 pi f0/g)|)``; with ``s = sin(3 pi f0)``,
    constraints (feasible when <= 0) ``-(4 - f0 - 0.5 f0^2 - 0.5 s - f1)(4 - 0.7 f0 - 0.5 s - f1)``
    and ``(5 - exp(f0) - 0.5 s - f1)(4 - 0.4 f0 - 0.5 s - f1)``.

    Parameters
    ----------
    n_var : int, default 15
        Number of variables (>= 2); ``x`` in ``[0, 1.5]^n_var``.

    Notes
    -----
    ``pareto_front(n_points=1000)`` (pymoo downloads it; paretix computes it, see
    :func:`_envelope_front`, on vertical lines ``f0`` in ``[0, 1.5]``). Scaling by ``g > 1`` lowers
    the ``g = 1`` curve by up to 5e-4 for ``f0`` in ``[1.312, 1.334]`` (next to the peak of
    ``-|sin|`` at ``f0 = 4/3``), but the second constraint excludes that region there, so the front
    is unaffected.

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    _distance = staticmethod(_g2)
    _n_constr = 2
    _xu = 1.5

    def _objectives(self, X, g, xp):
        f0 = g * X[:, 0]
        f1 = g * (5.0 - xp.exp(f0 / g) - xp.abs(0.5 * xp.sin(3 * np.pi * f0 / g)))
        return xp.stack([f0, f1], axis=1)

    def _constraints(self, F, xp):
        f0, f1 = F[:, 0], F[:, 1]
        s = 0.5 * xp.sin(3 * np.pi * f0)
        g0 = -1.0 * (5.0 - (1 + f0 + 0.5 * f0 * f0) - s - f1) * (5.0 - (1 + 0.7 * f0) - s - f1)
        g1 = (5.0 - xp.exp(f0) - s - f1) * (5.0 - (1 + 0.4 * f0) - s - f1)
        return xp.stack([g0, g1], axis=1)

    def _calc_pareto_front(self, n_points=1000):
        f0 = np.linspace(0.0, 1.5, _n_points(n_points))

        def bounds(f0):
            s = 0.5 * np.sin(3 * np.pi * f0)
            return [4 - f0 - 0.5 * f0 * f0 - s, 4 - 0.7 * f0 - s, 5 - np.exp(f0) - s, 4 - 0.4 * f0 - s]

        def lower(f0):
            return 5.0 - np.exp(f0) - np.abs(0.5 * np.sin(3 * np.pi * f0))

        return _vertical_front(self, f0, lower, bounds)


def _bisect(fun, lo, hi, iters=200):
    """A root of ``fun`` in ``[lo, hi]`` (sign change assumed), to machine precision."""
    flo = fun(lo)
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        fm = fun(mid)
        if (fm > 0) == (flo > 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _mw14_phi(t):
    return 6 - np.exp(t) - 1.5 * np.sin(1.1 * np.pi * t ** 2)


def _mw14_pieces():
    """``[0, b] U (c, 1.5]``: where ``6 - exp(t) - 1.5 sin(1.1 pi t^2)`` equals its running minimum."""

    def dphi(t):
        return -np.exp(t) - 1.5 * np.cos(1.1 * np.pi * t ** 2) * 2.2 * np.pi * t

    b = _bisect(dphi, 0.6, 0.8)  # the first local minimum
    c = _bisect(lambda t: _mw14_phi(t) - _mw14_phi(b), 1.2, 1.4)  # back down to that value
    return b, c


class MW14(_MW):
    """MW14: scalable front in disconnected pieces (a DTLZ7-like shape), distance function g3.

    ``f_i = x_i`` for ``i < M-1`` and ``f_(M-1) = g / (M-1) sum_i (6 - exp(f_i) - 1.5 sin(1.1 pi f_i^2))``;
    one constraint ``f_(M-1) <= 1/(M-1) sum_i (5.1 - f_i - 0.5 f_i^2 - 1.5 sin(1.1 pi f_i^2))``.

    Parameters
    ----------
    n_var : int, optional
        Number of variables (>= n_obj); default ``n_obj + 12``. ``x`` in ``[0, 1.5]^n_var``.
    n_obj : int, default 3
        Number of objectives (>= 2).

    Notes
    -----
    ``pareto_front(n_points=1000)`` (pymoo downloads it for 3 objectives and returns an empty array
    otherwise; paretix computes it for any ``n_obj``): the constraint holds on the whole ``g = 1``
    surface (``exp(t) >= 1 + t + t^2/2``), the last objective is a sum of one function of each
    ``f_i``, so the front is the grid of ``f_i`` in ``[0, b] U (c, 1.5]`` (where that function
    reaches a new minimum; ``b = 0.73135``, ``c = 1.32963``, PlatEMO's 0.731 and 1.331), about
    ``n_points`` points (``ceil(n_points ** (1 / (n_obj - 1)))`` per axis).

    References
    ----------
    Z. Ma, Y. Wang, IEEE TEVC 23(6), 2019.
    """

    _distance = staticmethod(_g3)

    def __init__(self, n_var=None, n_obj=3):
        n_obj = _count(n_obj, "n_obj", 2)
        super().__init__(n_obj + 12 if n_var is None else n_var, n_obj, xu=1.5)

    def _objectives(self, X, g, xp):
        m = self.n_obj - 1
        pos = X[:, :m]
        inter = (6 - xp.exp(pos) - _la1(1.5, 1.1, 2.0, 1.0, pos, xp)).sum(axis=1)
        return xp.concatenate([pos, (g / m * inter)[:, None]], axis=1)

    def _constraints(self, F, xp):
        m = self.n_obj - 1
        pos = F[:, :-1]
        alpha = 6.1 - 1 - pos - 0.5 * pos * pos - _la1(1.5, 1.1, 2.0, 1.0, pos, xp)
        return (F[:, -1] - 1 / m * alpha.sum(axis=1))[:, None]

    def _calc_pareto_front(self, n_points=1000):
        m = self.n_obj - 1
        k = max(2, int(np.ceil(_n_points(n_points) ** (1.0 / m) - 1e-9)))
        b, c = _mw14_pieces()
        k0 = max(1, min(k - 1, round(k * b / (b + 1.5 - c))))
        # c itself is dominated (same value as b, larger f_i): the second piece is (c, 1.5]
        axis = np.concatenate([np.linspace(0.0, b, k0), np.linspace(c, 1.5, k - k0 + 1)[1:]])
        pos = np.stack(np.meshgrid(*([axis] * m), indexing="ij"), axis=-1).reshape(-1, m)
        return self._objectives(pos, np.ones(pos.shape[0]), np)


for _i in range(1, 15):
    register(f"mw{_i}", f"mw:MW{_i}")
del _i
