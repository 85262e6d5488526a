"""Classic single-objective constrained engineering design problems (minimise, ``G <= 0``).

Which one to use: they are the standard checks of a constrained single-objective optimizer
(CMA-ES, DE, PSO papers report them), each with a best-known optimum in ``optimum``:

- :class:`WeldedBeam` (4 variables, 7 constraints; Coello 2000's version with ``J = 2 sqrt(2) h l
  (...)``): f* = 1.7248523.
- :class:`PressureVessel` (4 variables, 4 constraints; continuous thicknesses, ``10 <= R, L <=
  200``): f* = 5885.3328.
- :class:`TensionSpring` (3 variables, 4 constraints; Arora 1989): f* = 0.012665233.

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
"""

from __future__ import annotations

import numpy as np

from .._array import get_xp
from ._problem import Problem
from ._registry import register

__all__ = ["PressureVessel", "TensionSpring", "WeldedBeam"]


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
                    ("tension_spring_design", "TensionSpring")):
    register(_name, f"design:{_cls}")
