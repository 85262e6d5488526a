"""Classic single-objective constrained engineering design problems (minimise, ``G <= 0``).

Which one to use: they are the standard checks of a constrained single-objective optimizer
(CMA-ES, DE, PSO papers report them), each with a best-known optimum in ``optimum``:

- :class:`WeldedBeam` (4 variables, 7 constraints; Coello 2000's version with ``J = 2 sqrt(2) h l
  (...)``): f* = 1.7248523.
- :class:`PressureVessel` (4 variables, 4 constraints; continuous thicknesses, ``10 <= R, L <=
  200``): f* = 5885.3328.
- :class:`PressureVesselDiscrete` (the same with the thicknesses multiples of 0.0625 inch, the
  mixed-integer original): f* = 6059.714335.
- :class:`TensionSpring` (3 variables, 4 constraints; Arora 1989): f* = 0.012665233.
- :class:`SpeedReducer` (7 variables, 11 constraints; Golinski 1970 with ``7.3 <= l2``):
  f* = 2994.4710661.
- :class:`ThreeBarTruss` (2 variables, 3 constraints; Ray & Saini 2001): f* = 263.8958434.

Every optimum is tested (evaluated at x* and not beaten by feasible samples), and CMA-ES (IPOP
restarts from random points of the box) and NSGA-II reach each within 0.1% on most seeds; the
measured rates are in ``bench/results/design_optima.md``. The multi-objective RE/CRE and the BO
benchmark's versions of some of these problems differ: see :mod:`paretix.problems.re` and
:mod:`paretix.problems.bo`.

The constraints are written in normalised form (``stress / limit - 1 <= 0`` rather than
``stress - limit <= 0``) so that their violations are comparable; the feasible sets are those of
the original papers. Best-known values are from the project's reference table
(``shared/reference/ecosystem.md`` §3.2, re-evaluated with independent implementations).

References
----------
C. A. C. Coello, "Use of a self-adaptive penalty approach for engineering optimization
problems", Computers in Industry 41(2), 113-127, 2000.
B. K. Kannan, S. N. Kramer, "An augmented Lagrange multiplier based method for mixed integer
discrete continuous optimization and its applications to mechanical design", J. Mech. Design
116(2), 405-411, 1994.
J. S. Arora, "Introduction to Optimum Design", McGraw-Hill, 1989.
J. Golinski, "Optimal synthesis problems solved by means of nonlinear programming and random
methods", Journal of Mechanisms 5(3), 287-309, 1970.
T. Ray, P. Saini, "Engineering design optimization using a swarm with an intelligent information
sharing among individuals", Engineering Optimization 33(6), 735-748, 2001.
"""

from __future__ import annotations

import numpy as np

from .._array import get_xp
from ._problem import Problem
from ._registry import register

__all__ = ["PressureVessel", "PressureVesselDiscrete", "SpeedReducer", "TensionSpring", "ThreeBarTruss", "WeldedBeam"]


class WeldedBeam(Problem):
    """Welded beam design (Ragsdell & Phillips 1976; Coello 2000): minimise the fabrication cost.

    x = (h, l, t, b) in [0.1, 2] x [0.1, 10] x [0.1, 10] x [0.1, 2];
    ``f = 1.10471 h^2 l + 0.04811 t b (14 + l)``; constraints: shear stress tau <= 13600,
    bending stress sigma <= 30000, h <= b, ``0.10471 h^2 + 0.04811 t b (14 + l) <= 5``,
    h >= 0.125, deflection delta <= 0.25, buckling load P <= Pc, with P = 6000, L = 14,
    E = 30e6, G = 12e6 and ``J = 2 sqrt(2) h l (l^2/12 + ((h + t)/2)^2)``.

    ``optimum``: f* = 1.7248523 at (0.205730, 3.470489, 9.036624, 0.205730).
    """

    optimum = (1.7248523, np.array([0.205730, 3.470489, 9.036624, 0.205730]))

    def __init__(self):
        super().__init__(n_var=4, n_obj=1, n_ieq_constr=7, xl=[0.1, 0.1, 0.1, 0.1], xu=[2.0, 10.0, 10.0, 2.0])

    def _evaluate(self, X):
        xp = get_xp(X)
        h, l, t, b = X[:, 0], X[:, 1], X[:, 2], X[:, 3]
        P, L, E, G = 6000.0, 14.0, 30e6, 12e6
        f = 1.10471 * h**2 * l + 0.04811 * t * b * (14.0 + l)
        tau1 = P / (np.sqrt(2.0) * h * l)
        M = P * (L + l / 2)
        R = xp.sqrt(l**2 / 4 + ((h + t) / 2) ** 2)
        J = 2 * (np.sqrt(2.0) * h * l * (l**2 / 12 + ((h + t) / 2) ** 2))
        tau2 = M * R / J
        tau = xp.sqrt(tau1**2 + 2 * tau1 * tau2 * l / (2 * R) + tau2**2)
        sigma = 6 * P * L / (b * t**2)
        delta = 4 * P * L**3 / (E * t**3 * b)
        Pc = 4.013 * E * xp.sqrt(t**2 * b**6 / 36) / L**2 * (1 - t / (2 * L) * np.sqrt(E / (4 * G)))
        G_ = xp.stack([
            tau / 13600.0 - 1,
            sigma / 30000.0 - 1,
            h - b,
            (0.10471 * h**2 + 0.04811 * t * b * (14.0 + l)) / 5.0 - 1,
            0.125 - h,
            delta / 0.25 - 1,
            1 - Pc / P,
        ], axis=1)
        return f, G_


class PressureVessel(Problem):
    """Pressure vessel design (Kannan & Kramer 1994), continuous version: minimise the cost of
    material, forming and welding of a cylindrical vessel with hemispherical heads.

    x = (Ts, Th, R, L) in [0, 99] x [0, 99] x [10, 200] x [10, 200];
    ``f = 0.6224 Ts R L + 1.7781 Th R^2 + 3.1661 Ts^2 L + 19.84 Ts^2 R``; constraints
    ``Ts >= 0.0193 R``, ``Th >= 0.00954 R``, ``pi R^2 L + 4/3 pi R^3 >= 1296000`` (volume),
    ``L <= 240`` (inactive within the bounds).

    ``optimum``: f* = 5885.332774 at (0.7781686, 0.3846492, 40.3196187, 200). (With Ts, Th
    multiples of 0.0625, the mixed-integer version, f* = 6059.714335.)
    """

    optimum = (5885.332774, np.array([0.7781686, 0.3846492, 40.3196187, 200.0]))

    def __init__(self):
        super().__init__(n_var=4, n_obj=1, n_ieq_constr=4, xl=[0.0, 0.0, 10.0, 10.0], xu=[99.0, 99.0, 200.0, 200.0])

    def _evaluate(self, X):
        xp = get_xp(X)
        ts, th, r, length = X[:, 0], X[:, 1], X[:, 2], X[:, 3]
        f = 0.6224 * ts * r * length + 1.7781 * th * r**2 + 3.1661 * ts**2 * length + 19.84 * ts**2 * r
        G = xp.stack([
            0.0193 * r - ts,
            0.00954 * r - th,
            1 - (np.pi * r**2 * length + 4.0 / 3.0 * np.pi * r**3) / 1296000.0,
            length / 240.0 - 1,
        ], axis=1)
        return f, G


class PressureVesselDiscrete(PressureVessel):
    """Pressure vessel design with the shell and head thicknesses Ts, Th multiples of 0.0625 inch
    (Kannan & Kramer 1994's mixed-integer form, the one most papers solve).

    x = (Ts, Th, R, L): Ts, Th from {0.0625, 0.125, ..., 6.1875} (``var_types``: 99 values),
    R, L in [10, 200]; the objective and constraints of :class:`PressureVessel`.

    ``optimum``: f* = 6059.714335 at (0.8125, 0.4375, 42.098446, 176.636596).
    """

    optimum = (6059.714335, np.array([0.8125, 0.4375, 42.0984456, 176.6365958]))

    def __init__(self):
        thick = 0.0625 * np.arange(1, 100)
        Problem.__init__(self, n_var=4, n_obj=1, n_ieq_constr=4, xl=[0.0625, 0.0625, 10.0, 10.0],
                         xu=[6.1875, 6.1875, 200.0, 200.0], var_types=[thick, thick, "real", "real"])


class SpeedReducer(Problem):
    """Speed reducer design (Golinski 1970): minimise the weight of a gearbox.

    x = (b, m, z, l1, l2, d1, d2): face width, tooth module, number of pinion teeth, shaft lengths
    and diameters, in [2.6, 3.6] x [0.7, 0.8] x [17, 28] x [7.3, 8.3] x [7.3, 8.3] x [2.9, 3.9] x
    [5.0, 5.5]; ``f = 0.7854 b m^2 (3.3333 z^2 + 14.9334 z - 43.0934) - 1.508 b (d1^2 + d2^2)
    + 7.4777 (d1^3 + d2^3) + 0.7854 (l1 d1^2 + l2 d2^2)``; eleven normalised constraints: tooth
    bending and surface stress, shaft deflections (2), shaft stresses (``16.9e6``, ``157.5e6``),
    ``m z <= 40``, ``5 <= b / m <= 12``, ``1.5 d1 + 1.9 <= l1``, ``1.1 d2 + 1.9 <= l2``.

    The lower bound of l2 is 7.3 as in most later papers (Golinski has 7.8, which gives
    about 2996.35). z is an integer in the original; the optimum has z = 17 at its bound, so the
    continuous form here has the same optimum.

    ``optimum``: f* = 2994.4710661 at (3.5, 0.7, 17, 7.3, 7.7153199, 3.3502147, 5.2866545).
    """

    optimum = (2994.4710661, np.array([3.5, 0.7, 17.0, 7.3, 7.7153199, 3.3502147, 5.2866545]))

    def __init__(self):
        super().__init__(n_var=7, n_obj=1, n_ieq_constr=11, xl=[2.6, 0.7, 17.0, 7.3, 7.3, 2.9, 5.0],
                         xu=[3.6, 0.8, 28.0, 8.3, 8.3, 3.9, 5.5])

    def _evaluate(self, X):
        xp = get_xp(X)
        b, m, z, l1, l2, d1, d2 = (X[:, j] for j in range(7))
        f = (0.7854 * b * m**2 * (3.3333 * z**2 + 14.9334 * z - 43.0934) - 1.508 * b * (d1**2 + d2**2)
             + 7.4777 * (d1**3 + d2**3) + 0.7854 * (l1 * d1**2 + l2 * d2**2))
        G = xp.stack([
            27 / (b * m**2 * z) - 1,
            397.5 / (b * m**2 * z**2) - 1,
            1.93 * l1**3 / (m * z * d1**4) - 1,
            1.93 * l2**3 / (m * z * d2**4) - 1,
            xp.sqrt((745 * l1 / (m * z)) ** 2 + 16.9e6) / (110 * d1**3) - 1,
            xp.sqrt((745 * l2 / (m * z)) ** 2 + 157.5e6) / (85 * d2**3) - 1,
            m * z / 40 - 1,
            5 * m / b - 1,
            b / (12 * m) - 1,
            (1.5 * d1 + 1.9) / l1 - 1,
            (1.1 * d2 + 1.9) / l2 - 1,
        ], axis=1)
        return f, G


class ThreeBarTruss(Problem):
    """Three-bar truss design (Ray & Saini 2001): minimise the volume of a symmetric truss.

    x = cross-sections (A1, A2) in [0, 1]^2; ``f = (2 sqrt2 A1 + A2) L`` with L = 100; the stress
    in each bar at most sigma = 2 under P = 2, normalised:
    ``(sqrt2 A1 + A2) / (sqrt2 A1^2 + 2 A1 A2) P / sigma - 1``,
    ``A2 / (sqrt2 A1^2 + 2 A1 A2) P / sigma - 1``, ``1 / (A1 + sqrt2 A2) P / sigma - 1``.
    Sections below 1e-12 are evaluated at 1e-12 (a bar of no section carries an unbounded
    stress, so such points are infeasible rather than 0/0).

    ``optimum``: f* = 263.8958434 at (0.78867513, 0.40824828).
    """

    optimum = (263.8958434, np.array([0.78867513, 0.40824828]))

    def __init__(self):
        super().__init__(n_var=2, n_obj=1, n_ieq_constr=3, xl=0.0, xu=1.0)

    def _evaluate(self, X):
        xp = get_xp(X)
        a1, a2 = xp.maximum(X[:, 0], 1e-12), xp.maximum(X[:, 1], 1e-12)
        s2 = np.sqrt(2.0)
        den = s2 * a1**2 + 2 * a1 * a2
        G = xp.stack([(s2 * a1 + a2) / den - 1, a2 / den - 1, 1 / (a1 + s2 * a2) - 1], axis=1)
        return (2 * s2 * X[:, 0] + X[:, 1]) * 100.0, G


class TensionSpring(Problem):
    """Tension/compression spring design (Arora 1989): minimise the weight of the spring.

    x = (d, D, N) (wire diameter, coil diameter, active coils) in [0.05, 2] x [0.25, 1.3] x
    [2, 15]; ``f = (N + 2) D d^2``; constraints on deflection, shear stress, surge frequency and
    outer diameter.

    ``optimum``: f* = 0.012665233 at (0.051689061, 0.356717736, 11.288966).
    """

    optimum = (0.012665233, np.array([0.051689061, 0.356717736, 11.288966]))

    def __init__(self):
        super().__init__(n_var=3, n_obj=1, n_ieq_constr=4, xl=[0.05, 0.25, 2.0], xu=[2.0, 1.3, 15.0])

    def _evaluate(self, X):
        xp = get_xp(X)
        d, D, N = X[:, 0], X[:, 1], X[:, 2]
        f = (N + 2) * D * d**2
        G = xp.stack([
            1 - D**3 * N / (71785 * d**4),
            (4 * D**2 - d * D) / (12566 * (D * d**3 - d**4)) + 1 / (5108 * d**2) - 1,
            1 - 140.45 * d / (D**2 * N),
            (D + d) / 1.5 - 1,
        ], axis=1)
        return f, G


for _name, _cls in (("welded_beam_design", "WeldedBeam"), ("pressure_vessel_design", "PressureVessel"),
                    ("pressure_vessel_discrete_design", "PressureVesselDiscrete"),
                    ("tension_spring_design", "TensionSpring"), ("speed_reducer_design", "SpeedReducer"),
                    ("three_bar_truss_design", "ThreeBarTruss")):
    register(_name, f"design:{_cls}")
