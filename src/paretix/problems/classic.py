"""Classic constrained two-objective test problems: CTP1 to CTP8, BNH, OSY, TNK and SRN.

The definitions are those of pymoo 0.6.2 (``pymoo.problems.multi``: ``ctp.py``, ``bnh.py``,
``osy.py``, ``tnk.py``, ``srn.py``), with the same parameters, bounds, constraint signs and
scaling (``G <= 0`` feasible); objectives and constraints agree with pymoo to rounding wherever
pymoo's values are finite. Where pymoo's scaling or form differs from the original papers, the
class docstring says so.

Fronts: pymoo computes the fronts of BNH and SRN analytically, and paretix reproduces those point
sets. pymoo downloads those of CTP1 to CTP8, OSY and TNK; paretix computes CTP1 (analytic), OSY
(Deb's five segments) and TNK (the non-dominated part of the first constraint's boundary), and
raises ``NotImplementedError`` for CTP2 to CTP8.

References
----------
K. Deb, A. Pratap, T. Meyarivan, "Constrained test problems for multi-objective evolutionary
optimization", EMO 2001, LNCS 1993, 284-298.
K. Deb, "Multi-Objective Optimization using Evolutionary Algorithms", Wiley, 2001.
"""

from __future__ import annotations

import numpy as np

from .._array import get_xp
from ._problem import Problem, _count
from ._registry import register
from .mw import _bisect, _envelope_front, _nondominated_sorted

__all__ = ["BNH", "CTP1", "CTP2", "CTP3", "CTP4", "CTP5", "CTP6", "CTP7", "CTP8", "OSY", "SRN", "TNK"]

_TOL = 1e-9


def _front_points(n_points):
    return _count(n_points, "n_points", 2)


def _pymoo_sorted(F):
    return F[np.argsort(F[:, 0])]


# -- CTP ------------------------------------------------------------------------------------------------
def _g_linear(x, xp):
    return 1 + xp.sum(x, axis=1)


def _g_multimodal(x, xp):
    A = 10
    return 1 + A * x.shape[1] + xp.sum(x ** 2 - A * xp.cos(2 * np.pi * x), axis=1)


_G = {"linear": _g_linear, "multimodal": _g_multimodal}


def _ctp_constraint(f1, f2, theta, a, b, c, d, e, xp):
    """The CTP2-CTP8 constraint in pymoo's (NSGA-II C code's) form ``1 - e1 / e2 <= 0``.

    ``e1 = cos(theta) (f2 - e) - sin(theta) f1`` and
    ``e2 = a |sin(b pi (sin(theta) (f2 - e) + cos(theta) f1)^c)|^d``; the paper's constraint is
    ``e1 - e2 >= 0``. Where ``e1 = e2 = 0`` (pymoo: NaN) the point lies on the paper's boundary and
    0 is returned.
    """
    cos, sin = float(np.cos(theta)), float(np.sin(theta))
    exp1 = (f2 - e) * cos - f1 * sin
    exp2 = (f2 - e) * sin + f1 * cos
    exp2 = b * np.pi * (exp2 ** c)
    exp2 = xp.abs(xp.sin(exp2))
    exp2 = a * (exp2 ** d)
    with np.errstate(divide="ignore", invalid="ignore"):
        val = 1 - exp1 / exp2
    return xp.where((exp1 == 0) & (exp2 == 0), 0.0, val)


class _CTP(Problem):
    """Shared CTP machinery: ``f1 = x_0``, a distance function ``g`` of ``x_1..`` and the bounds."""

    _wide = False  # CTP6 and CTP8: x_1.. up to 20

    def __init__(self, n_var=2, option="linear", n_ieq_constr=1):
        n_var = _count(n_var, "n_var", 2)
        if option not in _G:
            raise ValueError(f"option must be 'linear' or 'multimodal', got {option!r}")
        self.option = option
        self._g = _G[option]
        xl, xu = np.zeros(n_var), np.ones(n_var)
        if option == "multimodal":
            xl[1:], xu[1:] = -5.12, 5.12
        if self._wide:
            xu[1:] = 20.0
        super().__init__(n_var=n_var, n_obj=2, n_ieq_constr=n_ieq_constr, xl=xl, xu=xu)

    def _objectives(self, X, xp):
        f1 = X[:, 0]
        gg = self._g(X[:, 1:], xp)
        return f1, gg * (1 - (f1 / gg) ** 0.5)

    def _evaluate(self, X):
        xp = get_xp(X)
        f1, f2 = self._objectives(X, xp)
        G = xp.stack([_ctp_constraint(f1, f2, *p, xp) for p in self._params], axis=1)
        return xp.stack([f1, f2], axis=1), G


_CTP_DOC = """{name}: {summary}

    ``f1 = x_0``, ``f2 = g (1 - sqrt(f1 / g))`` and {n_constr} constraint(s) of the form
    ``cos(theta) (f2 - e) - sin(theta) f1 >= a |sin(b pi (sin(theta) (f2 - e) + cos(theta) f1)^c)|^d``
    with {params}. As in pymoo (and the NSGA-II C code) it is returned as
    ``1 - lhs / rhs <= 0`` rather than the paper's ``rhs - lhs <= 0``: the same feasible set,
    different violation values (``-inf`` or ``+inf`` where ``rhs = 0``; 0 where both sides are 0,
    where pymoo returns NaN, e.g. at ``x = 0``).

    Parameters
    ----------
    n_var : int, default 2
        Number of variables (>= 2).
    option : {{"linear", "multimodal"}}, default "linear"
        The distance function: ``g = 1 + sum x_i`` with ``x_i`` in ``[0, 1]``, or Rastrigin's
        ``g = 1 + 10 (n_var - 1) + sum (x_i^2 - 10 cos(2 pi x_i))`` with ``x_i`` in
        ``[-5.12, 5.12]``{bounds_note}. ``x_0`` is in ``[0, 1]``.

    Notes
    -----
    The Pareto front is not computed (pymoo downloads it): ``pareto_front()`` raises
    ``NotImplementedError``.

    References
    ----------
    K. Deb, A. Pratap, T. Meyarivan, "Constrained test problems for multi-objective evolutionary
    optimization", EMO 2001, LNCS 1993, 284-298.
    """


def _ctp_class(name, summary, params, wide=False):
    theta_txt = "; ".join(
        f"theta = {t / np.pi:g} pi, a = {a:g}, b = {b:g}, c = {c:g}, d = {d:g}, e = {e:g}"
        for t, a, b, c, d, e in params
    )
    note = (" (pymoo sets their upper bound to 20, leaving the lower bound at 0 or -5.12)"
            if wide else "")
    doc = _CTP_DOC.format(name=name, summary=summary, n_constr=len(params), params=theta_txt,
                          bounds_note=note)

    def __init__(self, n_var=2, option="linear"):
        _CTP.__init__(self, n_var, option, n_ieq_constr=len(params))

    return type(name, (_CTP,), {"__doc__": doc, "__init__": __init__, "_params": tuple(params),
                                "_wide": wide, "__module__": __name__})


_P = np.pi
CTP2 = _ctp_class("CTP2", "disconnected front, patches of the unconstrained one.",
                  [(-0.2 * _P, 0.2, 10, 1, 6, 1)])
CTP3 = _ctp_class("CTP3", "front of isolated points (CTP2 with narrower tunnels).",
                  [(-0.2 * _P, 0.1, 10, 1, 0.5, 1)])
CTP4 = _ctp_class("CTP4", "isolated points, harder to reach than CTP3's.",
                  [(-0.2 * _P, 0.75, 10, 1, 0.5, 1)])
CTP5 = _ctp_class("CTP5", "isolated points and a continuous piece (non-uniform tunnels).",
                  [(-0.2 * _P, 0.1, 10, 2, 0.5, 1)])
CTP6 = _ctp_class("CTP6", "infeasible bands across the search space, front on a constraint boundary.",
                  [(0.1 * _P, 40, 0.5, 1, 2, -2)], wide=True)
CTP7 = _ctp_class("CTP7", "disconnected front, patches of the unconstrained one.",
                  [(-0.05 * _P, 40, 5, 1, 6, 0)])
CTP8 = _ctp_class("CTP8", "CTP6's bands and CTP7's patches together.",
                  [(0.1 * _P, 40, 0.5, 1, 2, -2), (-0.05 * _P, 40, 2, 1, 6, 0)], wide=True)
del _P


class CTP1(_CTP):
    """CTP1: exponential front partly pushed onto constraint boundaries.

    ``f1 = x_0``, ``f2 = g exp(-f1 / g)``; constraints ``a_j exp(-b_j f1) - f2 <= 0``,
    ``j = 1..n_ieq_constr``, with ``a_j, b_j`` from Deb's recursion (as in pymoo): boundary ``j``
    meets boundary ``j - 1`` (the first: the unconstrained front ``exp(-f1)``) at
    ``f1 = j / (n_ieq_constr + 1)``.

    Parameters
    ----------
    n_var : int, default 2
        Number of variables (>= 2).
    n_ieq_constr : int, default 2
        Number of constraints (>= 1).
    option : {"linear", "multimodal"}, default "linear"
        The distance function, as for :class:`CTP2`.

    Notes
    -----
    ``pareto_front(n_points=100)`` (pymoo downloads it; paretix computes it analytically):
    ``f2 = max(exp(-f1), max_j a_j exp(-b_j f1))`` at ``f1 = linspace(0, 1, n_points)``, the lower
    edge of the feasible region (``g exp(-f1 / g)`` grows with ``g``), decreasing, so all of it is
    Pareto-optimal.

    References
    ----------
    K. Deb, A. Pratap, T. Meyarivan, "Constrained test problems for multi-objective evolutionary
    optimization", EMO 2001, LNCS 1993, 284-298.
    """

    def __init__(self, n_var=2, n_ieq_constr=2, option="linear"):
        n_ieq_constr = _count(n_ieq_constr, "n_ieq_constr", 1)
        super().__init__(n_var, option, n_ieq_constr=n_ieq_constr)
        a, b = np.zeros(n_ieq_constr + 1), np.zeros(n_ieq_constr + 1)
        a[0], b[0] = 1, 1
        delta = 1 / (n_ieq_constr + 1)
        alpha = delta
        for j in range(n_ieq_constr):
            beta = a[j] * np.exp(-b[j] * alpha)
            a[j + 1] = (a[j] + beta) / 2
            b[j + 1] = -1 / alpha * np.log(beta / a[j + 1])
            alpha += delta
        self.a, self.b = a[1:], b[1:]

    def _evaluate(self, X):
        xp = get_xp(X)
        f1 = X[:, 0]
        gg = self._g(X[:, 1:], xp)
        f2 = gg * xp.exp(-f1 / gg)
        a, b = xp.asarray(self.a)[None, :], xp.asarray(self.b)[None, :]
        G = -(f2[:, None] - (a * xp.exp(-b * f1[:, None])))
        return xp.stack([f1, f2], axis=1), G

    def _calc_pareto_front(self, n_points=100):
        f1 = np.linspace(0.0, 1.0, _front_points(n_points))
        f2 = np.maximum(np.exp(-f1), (self.a[:, None] * np.exp(-self.b[:, None] * f1)).max(axis=0))
        return np.stack([f1, f2], axis=1)


# -- BNH, OSY, TNK, SRN -----------------------------------------------------------------------------
class BNH(Problem):
    """BNH (Binh & Korn): two quadratic objectives, two circular constraints.

    ``f1 = 4 x_0^2 + 4 x_1^2``, ``f2 = (x_0 - 5)^2 + (x_1 - 5)^2``, ``x`` in ``[0, 5] x [0, 3]``;
    constraints ``((x_0 - 5)^2 + x_1^2 - 25) / 25 <= 0`` and
    ``-((x_0 - 8)^2 + (x_1 + 3)^2 - 7.7) / 7.7 <= 0`` (pymoo divides the paper's constraints by 25
    and 7.7).

    Notes
    -----
    ``pareto_front(n_points=100)``: pymoo's analytic front, the image of ``x_0 = x_1`` in
    ``[0, 3]`` and ``x_1 = 3``, ``x_0`` in ``[3, 5]``, at ``x_0 = linspace(0, 5, n_points)``.

    References
    ----------
    T. T. Binh, U. Korn, "MOBES: a multiobjective evolution strategy for constrained optimization
    problems", Mendel 1997, 176-182. K. Deb, Multi-Objective Optimization using Evolutionary
    Algorithms, Wiley, 2001.
    """

    def __init__(self):
        super().__init__(n_var=2, n_obj=2, n_ieq_constr=2, xl=0.0, xu=[5.0, 3.0])

    def _evaluate(self, X):
        xp = get_xp(X)
        x0, x1 = X[:, 0], X[:, 1]
        f1 = 4 * x0 ** 2 + 4 * x1 ** 2
        f2 = (x0 - 5) ** 2 + (x1 - 5) ** 2
        g1 = (1 / 25) * ((x0 - 5) ** 2 + x1 ** 2 - 25)
        g2 = -1 / 7.7 * ((x0 - 8) ** 2 + (x1 + 3) ** 2 - 7.7)
        return xp.stack([f1, f2], axis=1), xp.stack([g1, g2], axis=1)

    def _calc_pareto_front(self, n_points=100):
        n = _front_points(n_points)
        x0 = np.linspace(0, 5, n)
        x1 = np.linspace(0, 5, n)
        x1[x0 >= 3] = 3
        return _pymoo_sorted(self._evaluate(np.column_stack([x0, x1]))[0])


class OSY(Problem):
    """OSY (Osyczka & Kundu): six variables, six constraints, a front of five segments.

    ``f1 = -(25 (x_0 - 2)^2 + (x_1 - 2)^2 + (x_2 - 1)^2 + (x_3 - 4)^2 + (x_4 - 1)^2)``,
    ``f2 = sum x_i^2``; ``x`` in ``[0, 10] x [0, 10] x [1, 5] x [0, 6] x [1, 5] x [0, 10]``; the
    paper's constraints ``x_0 + x_1 - 2 >= 0``, ``6 - x_0 - x_1 >= 0``, ``2 - x_1 + x_0 >= 0``,
    ``2 - x_0 + 3 x_1 >= 0``, ``4 - (x_2 - 3)^2 - x_3 >= 0``, ``(x_4 - 3)^2 + x_5 - 4 >= 0``,
    divided by 2, 6, 2, 2, 4 and 4 and negated (pymoo's scaling).

    Notes
    -----
    ``pareto_front(n_points=100)`` (pymoo downloads it; paretix computes it): the image of Deb's
    five Pareto-optimal segments (all with ``x_3 = x_5 = 0``):
    ``x = (5, 1, x_2, ., 5, .)`` and ``(5, 1, x_2, ., 1, .)`` with ``x_2`` in ``[1, 5]``;
    ``(x_0, (x_0 - 2) / 3, 1, ., 1, .)`` with ``x_0`` in ``[4.056, 5]``; ``(0, 2, x_2, ., 1, .)`` with
    ``x_2`` in ``[1, 3.732]``; ``(x_0, 2 - x_0, 1, ., 1, .)`` with ``x_0`` in ``[0, 1]``. The third
    and fourth segments end where their images cross (computed to machine precision; Deb's table
    rounds them). About ``n_points`` points, ``n_points // 5`` per segment.

    References
    ----------
    A. Osyczka, S. Kundu, "A new method to solve generalized multicriteria optimization problems
    using the simple genetic algorithm", Structural Optimization 10(2), 94-99, 1995.
    K. Deb, Multi-Objective Optimization using Evolutionary Algorithms, Wiley, 2001 (Table 31).
    """

    def __init__(self):
        super().__init__(n_var=6, n_obj=2, n_ieq_constr=6, xl=[0.0, 0.0, 1.0, 0.0, 1.0, 0.0],
                         xu=[10.0, 10.0, 5.0, 6.0, 5.0, 10.0])

    def _evaluate(self, X):
        xp = get_xp(X)
        x = [X[:, i] for i in range(6)]
        f1 = -(25 * (x[0] - 2) ** 2 + (x[1] - 2) ** 2 + (x[2] - 1) ** 2 + (x[3] - 4) ** 2
               + (x[4] - 1) ** 2)
        f2 = xp.sum(xp.square(X), axis=1)
        G = xp.stack([
            (x[0] + x[1] - 2.0) / 2.0,
            (6.0 - x[0] - x[1]) / 6.0,
            (2.0 - x[1] + x[0]) / 2.0,
            (2.0 - x[0] + 3.0 * x[1]) / 2.0,
            (4.0 - (x[2] - 3.0) ** 2 - x[3]) / 4.0,
            ((x[4] - 3.0) ** 2 + x[5] - 4.0) / 4.0,
        ], axis=1)
        return xp.stack([f1, f2], axis=1), -G

    @staticmethod
    def _segment(x0, x1, x2, x4):
        n = np.broadcast(x0, x1, x2, x4).shape[0]
        X = np.zeros((n, 6))
        X[:, 0], X[:, 1], X[:, 2], X[:, 4] = x0, x1, x2, x4
        return X

    def _crossing(self):
        """``x_0`` on the third segment whose image lies on the fourth's."""

        def gap(x0):
            X = self._segment(np.atleast_1d(x0), (np.atleast_1d(x0) - 2) / 3, 1.0, 1.0)
            f1, f2 = self._evaluate(X)[0][0]
            x2 = np.sqrt(f2 - 5.0)  # fourth segment: f2 = 5 + x_2^2, f1 = -(116 + (x_2 - 1)^2)
            return f1 + 116.0 + (x2 - 1.0) ** 2

        x0 = _bisect(gap, 4.0, 4.1)
        return x0, np.sqrt(x0 ** 2 + ((x0 - 2) / 3) ** 2 - 3.0)

    def _calc_pareto_front(self, n_points=100):
        k = max(2, _front_points(n_points) // 5)
        x0c, x2c = self._crossing()
        t = np.linspace(0.0, 1.0, k)
        X = np.concatenate([
            self._segment(5.0, 1.0, 1 + 4 * t, 5.0),
            self._segment(5.0, 1.0, 1 + 4 * t, 1.0),
            self._segment(x0c + (5 - x0c) * t, (x0c + (5 - x0c) * t - 2) / 3, 1.0, 1.0),
            self._segment(0.0, 2.0, 1 + (x2c - 1) * t, 1.0),
            self._segment(t, 2 - t, 1.0, 1.0),
        ])
        return _nondominated_sorted(self._evaluate(X)[0])


class TNK(Problem):
    """TNK (Tanaka): ``f = x``, a wavy lower constraint and a disc.

    ``f1 = x_0``, ``f2 = x_1``, ``x`` in ``[0, pi] x [1e-30, pi]``; constraints
    ``-(x_0^2 + x_1^2 - 1 - 0.1 cos(16 arctan(x_0 / x_1))) <= 0`` and
    ``2 ((x_0 - 0.5)^2 + (x_1 - 0.5)^2) - 1 <= 0`` (pymoo doubles the paper's
    ``(x_0 - 0.5)^2 + (x_1 - 0.5)^2 <= 0.5``).

    Notes
    -----
    ``pareto_front(n_points=1000)`` (pymoo downloads it; paretix computes it): the region is
    ``r >= R(phi)`` on each ray at angle ``phi = arctan(x_0 / x_1)``, with
    ``R(phi)^2 = 1 + 0.1 cos(16 phi)``, inside the disc (which contains the segment to the origin),
    so the front is the non-dominated part of the curve ``r = R(phi)`` inside the disc, sampled at
    ``n_points`` angles in ``[0, pi/2]`` (the ends where the curve leaves the disc are exact; the
    other ends of its pieces are resolved to the sampling step).

    References
    ----------
    M. Tanaka, H. Watanabe, Y. Furukawa, T. Tanino, "GA-based decision support system for
    multicriteria optimization", IEEE SMC 1995, 1556-1561.
    """

    def __init__(self):
        super().__init__(n_var=2, n_obj=2, n_ieq_constr=2, xl=[0.0, 1e-30], xu=[np.pi, np.pi])

    def _constraints(self, X, xp):
        x0, x1 = X[:, 0], X[:, 1]
        with np.errstate(divide="ignore"):
            g1 = -(xp.square(x0) + xp.square(x1) - 1.0 - 0.1 * xp.cos(16.0 * xp.arctan(x0 / x1)))
        g2 = 2 * (xp.square(x0 - 0.5) + xp.square(x1 - 0.5)) - 1
        return xp.stack([g1, g2], axis=1)

    def _evaluate(self, X):
        xp = get_xp(X)
        return xp.stack([X[:, 0], X[:, 1]], axis=1), self._constraints(X, xp)

    @staticmethod
    def _line_key(P):
        return np.hypot(P[..., 0], P[..., 1])

    @staticmethod
    def _curves(phi):
        """The wavy boundary ``R(phi)`` and the disc's edge ``sin(phi) + cos(phi)`` on each ray."""
        ray = np.stack([np.sin(phi), np.where(phi == 0.5 * np.pi, 0.0, np.cos(phi))], axis=-1)
        radii = [np.sqrt(1 + 0.1 * np.cos(16 * phi)), ray[:, 0] + ray[:, 1]]
        return np.stack([r[:, None] * ray for r in radii])

    def _calc_pareto_front(self, n_points=1000):
        phi = np.linspace(0.0, 0.5 * np.pi, _front_points(n_points))
        return _envelope_front(self, phi, self._curves)


class SRN(Problem):
    """SRN (Srinivas & Deb): two quadratic objectives, a disc and a half-plane.

    ``f1 = 2 + (x_0 - 2)^2 + (x_1 - 1)^2``, ``f2 = 9 x_0 - (x_1 - 1)^2``, ``x`` in ``[-20, 20]^2``;
    constraints ``x_0^2 + x_1^2 - 225 <= 0`` and ``x_0 - 3 x_1 + 10 <= 0``.

    Notes
    -----
    ``pareto_front(n_points=100)``: pymoo's analytic front, the image of ``x_0 = -2.5``,
    ``x_1 = linspace(2.5, 14.7902, n_points)``.

    References
    ----------
    N. Srinivas, K. Deb, "Multiobjective optimization using nondominated sorting in genetic
    algorithms", Evolutionary Computation 2(3), 221-248, 1994.
    """

    def __init__(self):
        super().__init__(n_var=2, n_obj=2, n_ieq_constr=2, xl=-20.0, xu=20.0)

    def _evaluate(self, X):
        xp = get_xp(X)
        x0, x1 = X[:, 0], X[:, 1]
        f1 = 2 + (x0 - 2) ** 2 + (x1 - 1) ** 2
        f2 = 9 * x0 - (x1 - 1) ** 2
        g1 = x0 ** 2 + x1 ** 2 - 225
        g2 = x0 - 3 * x1 + 10
        return xp.stack([f1, f2], axis=1), xp.stack([g1, g2], axis=1)

    def _calc_pareto_front(self, n_points=100):
        n = _front_points(n_points)
        X = np.column_stack([np.full(n, -2.5), np.linspace(2.5, 14.7902, n)])
        return _pymoo_sorted(self._evaluate(X)[0])


for _name in ("ctp1", "ctp2", "ctp3", "ctp4", "ctp5", "ctp6", "ctp7", "ctp8", "bnh", "osy", "tnk", "srn"):
    register(_name, f"classic:{_name.upper()}")
del _name
