"""The RE and CRE real-world multi-objective problems (Tanabe & Ishibuchi 2020): 24 problems.

Which one to use: RE problems are unconstrained in form (every point is "feasible"): as in the
paper, the violations ``sum max(-g_i, 0)`` of the original constraints ``g_i >= 0`` are one more
objective, the last. CRE problems keep those constraints as constraints, returned in paretix's
convention ``G = -g <= 0`` (so ``max(G, 0)`` is the paper's violation of each one). Use CRE with a
constraint handler, RE to compare with the published results.

==========  ==================================  ==  ==  ==  =====================================
problem     design                              D   M   g   discrete variables
==========  ==================================  ==  ==  ==  =====================================
RE21        four-bar truss                      4   2   0
RE22        reinforced concrete beam            3   2   2   x1 from a table of areas
RE23        pressure vessel                     4   2   3   x1, x2 integers (times 0.0625 inch)
RE24        hatch cover                         2   2   4
RE25        coil compression spring             3   2   6   x1 integer, x3 standard diameters
RE31        two-bar truss                       3   3   3
RE32        welded beam                         4   3   4
RE33        disc brake                          4   3   4
RE34        vehicle crashworthiness             5   3   0
RE35        speed reducer                       7   3   11  x3 integer (teeth)
RE36        gear train                          4   3   1   all integers in [12, 60]
RE37        rocket injector                     4   3   0
RE41        car side impact                     7   4   10
RE42        conceptual marine design            6   4   9
RE61        water resource planning             3   6   7
RE91        car cab design (stochastic)         7   9   0
CRE21-25    RE31, RE32, RE33, RE35, RE36 forms  .   2   .   as the RE form
CRE31       car side impact                     7   3   10
CRE32       conceptual marine design            6   3   9
CRE51       water resource planning             3   5   7
==========  ==================================  ==  ==  ==  =====================================

Conventions and sources:

* The formulas are those of the paper's supplementary file with the constants of the authors'
  reference code (``ryojitanabe/reproblems``, C and Python, as of 2021), which generated the
  published fronts, including its fixes (RE21's ``E = 2e5`` and ``2/x1``, RE25's
  ``G = 11.5e6``, RE24's bound, RE42/CRE32's ``500000 - DWT``) and its quirks, kept so that
  values match: RE22 uses 7.735 (the original beam problem of Amir & Hasegawa has 7.375) and its
  area table carries the code's typo ``3,10`` (the values 3 and 10 instead of 3.10).
* Discrete variables are declared (``var_types``) and the evaluation applies the same mapping
  (:meth:`Problem.repair`) first, so a continuous input evaluates as the paper does: integers
  rounded, table values snapped to the nearest entry. One rule for exact midpoints: they go to
  the larger value (round half up). The reference code rounds half away from zero in C (the
  same for these positive variables) and half to even in Python (``np.round``), and breaks a
  tie between two table entries towards the first one listed; these differ from paretix only
  at exact midpoints. RE25's diameter table has 42 entries but its bounds [0.09, 0.5] admit 19
  (0.092 to 0.5); the declared set is those 19.
* ``ideal_point`` and ``nadir_point`` are the published files (``ideal_nadir_points/``);
  ``front_nadir_point`` is the largest value of each objective over the published approximated
  front, which differs from the nadir file for RE21 (a stale file), RE32, RE33, RE35-37, RE41,
  RE42, RE61 and RE91. The ideal files agree with the fronts. The ideal of an RE problem is the
  minimum of each objective over the whole box (every point is feasible in RE form), which the
  tests check at hand-derived minimisers. The fronts themselves (GPL data) are not shipped.
* RE91 is stochastic: each evaluation draws four N(0, 1) values per point from the problem's
  generator (``seed``: an int or a ``numpy.random.Generator``), so a seeded problem gives a
  reproducible sequence; :meth:`RE91.reseed` restarts it.

References
----------
R. Tanabe, H. Ishibuchi, "An easy-to-use real-world multi-objective optimization problem suite",
Applied Soft Computing 89, 106078, 2020 (arXiv 2009.12867).
"""

from __future__ import annotations

import numpy as np

from .._array import get_xp
from . import _re_formulas as rf
from ._problem import Problem
from ._registry import register

__all__ = [f"RE{k}" for k in (21, 22, 23, 24, 25, 31, 32, 33, 34, 35, 36, 37, 41, 42, 61, 91)] + [
    f"CRE{k}" for k in (21, 22, 23, 24, 25, 31, 32, 51)]

_R = "real"
_WIRES = tuple(v for v in rf.WIRE_DIAMETERS if 0.09 <= v <= 0.5)

# formula -> (xl, xu, var_types or None)
_DESIGN = {
    "four_bar_truss": ([1.0, np.sqrt(2.0), np.sqrt(2.0), 1.0], [3.0] * 4, None),
    "rc_beam": ([0.2, 0.0, 0.0], [15.0, 20.0, 40.0], [rf.RC_BEAM_AREAS, _R, _R]),
    "pressure_vessel": ([1.0, 1.0, 10.0, 10.0], [100.0, 100.0, 200.0, 240.0], ["int", "int", _R, _R]),
    "hatch_cover": ([0.5, 0.5], [4.0, 50.0], None),
    "coil_spring": ([1.0, 0.6, 0.09], [70.0, 3.0, 0.5], ["int", _R, _WIRES]),
    "two_bar_truss": ([1e-5, 1e-5, 1.0], [100.0, 100.0, 3.0], None),
    "welded_beam": ([0.125, 0.1, 0.1, 0.125], [5.0, 10.0, 10.0, 5.0], None),
    "disc_brake": ([55.0, 75.0, 1000.0, 11.0], [80.0, 110.0, 3000.0, 20.0], None),
    "crashworthiness": ([1.0] * 5, [3.0] * 5, None),
    "speed_reducer": ([2.6, 0.7, 17.0, 7.3, 7.3, 2.9, 5.0], [3.6, 0.8, 28.0, 8.3, 8.3, 3.9, 5.5],
                      [_R, _R, "int", _R, _R, _R, _R]),
    "gear_train": ([12.0] * 4, [60.0] * 4, ["int"] * 4),
    "rocket_injector": ([0.0] * 4, [1.0] * 4, None),
    "car_side_impact": ([0.5, 0.45, 0.5, 0.5, 0.875, 0.4, 0.4], [1.5, 1.35, 1.5, 1.5, 2.625, 1.2, 1.2], None),
    "marine_design": ([150.0, 20.0, 13.0, 10.0, 14.0, 0.63], [274.32, 32.31, 25.0, 11.71, 18.0, 0.75], None),
    "water_resources": ([0.01] * 3, [0.45, 0.10, 0.10], None),
    "car_cab": ([0.5, 0.45, 0.5, 0.5, 0.875, 0.4, 0.4], [1.5, 1.35, 1.5, 1.5, 2.625, 1.2, 1.2], None),
}

# name -> (ideal file, nadir file, max over the published front); RE problems only.
_POINTS = {
    "RE21": ([1237.8414230005742, 0.002761423749158419], [2086.36956042, 0.00341421356237],
             [2886.3695604236, 0.04]),
    "RE22": ([5.88, 0.0], [361.262944647, 180.01547], [361.262944647, 180.01547]),
    "RE23": ([15.9018007813, 0.0], [5852.05896876, 1288669.78054], [5852.05896876, 1288669.78054]),
    "RE24": ([60.5, 0.0], [481.608088535, 44.2819047619], [481.608088535, 44.2819047619]),
    "RE25": ([0.037591349242869145, 0.0], [0.40397042546, 2224669.22419], [0.40397039, 2224669.44]),
    "RE31": ([5.53731918799e-05, 0.333333333333, 0.0], [500.002668442, 8246211.25124, 19359919.7502],
             [500.002674, 8246211.25, 19359919.7]),
    "RE32": ([0.010205496875, 0.00043904, 0.0], [37.7831517014, 17561.6, 425062976.628],
             [35.3096156, 17561.6, 425062977.0]),
    "RE33": ([-0.721525, 1.13907203907, 0.0], [5.3067, 3.12833430979, 25.0],
             [5.3067, 9.06681054, 4323470580.0]),
    "RE34": ([1661.7078225, 6.14280000608, 0.0394], [1695.2002035, 10.7454, 0.26399999965],
             [1695.2002, 10.7453995, 0.263999944]),
    "RE35": ([2352.34611145, 694.233587469, 0.0], [6634.56208, 1695.96387746, 397.358927317],
             [7098.54658, 1695.96386, 397.358905]),
    "RE36": ([7.89473684213e-05, 12.0, 0.0], [5.931, 56.0, 0.355720675227], [5.931, 49.0, 0.355720675]),
    "RE37": ([0.00889341391106, 0.00488, -0.431499999825], [0.98949120096, 0.956587924661, 0.987530948586],
             [1.002, 1.09751726, 1.09380596]),
    "RE41": ([15.576004, 3.58525, 10.61064375, 0.0], [39.2905121788, 4.42725, 13.09138125, 9.49401929991],
             [42.7680062, 4.42724878, 13.0913557, 9.44926882]),
    "RE42": ([-2756.2590400638524, 3962.557843228888, 1947.880856925791, 0.0],
             [-1010.5229595219643, 13827.138456300128, 2611.9668107424536, 12.437669929732023],
             [-663.415705, 15811.2376, 5195.43503, 13.0265363]),
    "RE61": ([63840.2774, 30.0, 285346.896494, 183749.967061, 7.22222222222, 0.0],
             [80896.9128355, 1350.0, 2853468.96494, 7076861.67064, 87748.6339553, 2.50994535821],
             [76347.3928, 1350.0, 2853468.96, 15725809.9, 346735.0, 93789.3225]),
    "RE91": ([15.549754, 0.0, 0.0, 0.0907242296262, 0.367459287472, 0.527364946723, 0.735415465187,
              0.618676033791, 0.660886967497],
             [39.6023250742, 1.00188125422, 112.487885728, 0.79017024474, 1.42304666576, 1.08576907833,
              1.1215181762, 0.993535488298, 1.01068662645],
             [42.6835133, 1.33622652, 342.340087, 1.01496018, 1.54367647, 1.31245897, 1.2206352,
              1.17458862, 1.04376916]),
}


class _Real(Problem):
    """An RE (``constrained=False``) or CRE (``True``) problem built on one formula."""

    _formula: str
    _n_g = 0
    _n_f: int
    _constrained = False

    def __init__(self):
        xl, xu, var_types = _DESIGN[self._formula]
        n_obj = self._n_f + (0 if self._constrained or not self._n_g else 1)
        super().__init__(n_var=len(xl), n_obj=n_obj, n_ieq_constr=self._n_g if self._constrained else 0,
                         xl=xl, xu=xu, var_types=var_types)
        points = _POINTS.get(type(self).__name__)
        if points is not None:
            self.ideal_point, self.nadir_point, self.front_nadir_point = (np.array(p) for p in points)

    def _evaluate(self, X):
        xp = get_xp(X)
        F, g = getattr(rf, self._formula)(self.repair(X), xp)
        if g is None:
            return F
        if self._constrained:
            return F, -g
        return xp.concatenate([F, xp.sum(xp.maximum(-g, 0.0), axis=1)[:, None]], axis=1)


def _re(formula, n_f, n_g, constrained=False):
    return type("_Base", (_Real,), {"_formula": formula, "_n_f": n_f, "_n_g": n_g, "_constrained": constrained})


class RE21(_re("four_bar_truss", 2, 0)):
    """RE21, four-bar truss (Cheng & Li 1999): minimise the structural volume f1 and the joint
    displacement f2 (F = 10 kN, E = 2e5 kN/cm^2, L = 200 cm, sigma = 10 kN/cm^2).

    x = cross-sections (x1, x2, x3, x4) in [1, 3] x [sqrt2, 3] x [sqrt2, 3] x [1, 3];
    ``f1 = L (2 x1 + sqrt2 x2 + sqrt(x3) + x4)``,
    ``f2 = F L / E (2/x1 + 2 sqrt2/x2 - 2 sqrt2/x3 + 2/x4)``. No constraints. Ideal
    (1237.84, 0.0027614): f1 at the lower bounds, f2 at x = (3, 3, sqrt2, 3).
    """


class RE22(_re("rc_beam", 1, 2)):
    """RE22, reinforced concrete beam (Amir & Hasegawa 1989): minimise the cost f1 and the
    constraint violation f2.

    x = (As, b, h): reinforcement area As from a table of 76 values in [0.2, 15] (the reference
    code's, see the module notes), width b in [0, 20], depth h in [0, 40];
    ``f1 = 29.4 As + 0.6 b h``; original constraints ``As h - 7.735 As^2 / b >= 180`` and
    ``h / b <= 4``, folded into f2. Ideal (5.88, 0).
    """


class RE23(_re("pressure_vessel", 1, 3)):
    """RE23, pressure vessel (Kannan & Kramer 1994): minimise the cost f1 and the violation f2.

    x = (n1, n2, R, L): the shell and head thicknesses are ``0.0625 n1``, ``0.0625 n2`` inches with
    integers n1, n2 in [1, 100]; R in [10, 200], L in [10, 240];
    ``f1 = 0.6224 Ts R L + 1.7781 Th R^2 + 3.1661 Ts^2 L + 19.84 Ts^2 R``; constraints
    ``Ts >= 0.0193 R``, ``Th >= 0.00954 R``, ``pi R^2 L + 4/3 pi R^3 >= 1296000``.
    Ideal (15.9018, 0): f1 at the lower bounds.
    """


class RE24(_re("hatch_cover", 1, 4)):
    """RE24, hatch cover (Amir & Hasegawa 1989): minimise the weight f1 = x1 + 120 x2 and the
    violation f2 of the bending, shear, deflection and buckling limits.

    x = (flange thickness, beam height) in [0.5, 4] x [0.5, 50]. Ideal (60.5, 0).
    """


class RE25(_re("coil_spring", 1, 6)):
    """RE25, coil compression spring (Sandgren 1990): minimise the volume f1 and the violation f2.

    x = (n, D, d): integer number of coils n in [1, 70], coil diameter D in [0.6, 3], wire
    diameter d from the standard diameters in [0.09, 0.5] (0.092, ..., 0.4375, 0.5);
    ``f1 = pi^2 D d^2 (n + 2) / 4``; six constraints (shear stress, free length, D/d >= 3,
    preload deflection, the deflection identity, working deflection). Ideal (0.0375913, 0) at
    (1, 0.6, 0.092).
    """


class RE31(_re("two_bar_truss", 2, 3)):
    """RE31, two-bar truss (Chiandussi et al. 2012): minimise the volume f1, the stress f2 and the
    violation f3.

    x = (x1, x2, y) in [1e-5, 100]^2 x [1, 3]; ``f1 = x1 sqrt(16 + y^2) + x2 sqrt(1 + y^2)``,
    ``f2 = 20 sqrt(16 + y^2) / (x1 y)``; constraints ``f1 >= 0.1``, ``f2 <= 1e5``,
    ``80 sqrt(1 + y^2) / (y x2) <= 1e5``. Ideal (5.537e-5, 1/3, 0).
    """


class RE32(_re("welded_beam", 2, 4)):
    """RE32, welded beam (Ray & Liew 2002): minimise the cost f1, the end deflection f2 and the
    violation f3.

    x = (h, l, t, b) in [0.125, 5] x [0.1, 10] x [0.1, 10] x [0.125, 5];
    ``f1 = 1.10471 h^2 l + 0.04811 t b (14 + l)``, ``f2 = 4 P L^3 / (E b t^3)``; constraints on
    the shear stress (13600), bending stress (30000), ``b >= h`` and the buckling load
    (``J = 2 sqrt2 h l (...)``, Coello's form; the BO suite's welded beam uses 0.707 instead).
    Ideal (0.0102055, 0.00043904, 0).
    """


class RE33(_re("disc_brake", 2, 4)):
    """RE33, disc brake (Ray & Liew 2002): minimise the mass f1, the stopping time f2 and the
    violation f3.

    x = (inner radius, outer radius, engaging force, number of friction surfaces) in
    [55, 80] x [75, 110] x [1000, 3000] x [11, 20]; four constraints (minimum gap, pressure,
    temperature, torque). Ideal (-0.721525, 1.139072, 0): the mass formula goes negative where the
    inner radius exceeds the outer one, a region the violation objective penalises.
    """


class RE34(_re("crashworthiness", 3, 0)):
    """RE34, vehicle crashworthiness (Liao et al. 2008): minimise the mass f1, the acceleration
    f2 and the toe-board intrusion f3 (response surfaces).

    x = five thicknesses in [1, 3]. No constraints. Ideal (1661.71, 6.1428, 0.0394).
    """


class RE35(_re("speed_reducer", 2, 11)):
    """RE35, speed reducer (Golinski 1970): minimise the weight f1, the stress f2 and the
    violation f3.

    x = (b, m, z, l1, l2, d1, d2) in [2.6, 3.6] x [0.7, 0.8] x [17, 28] x [7.3, 8.3]^2 x
    [2.9, 3.9] x [5, 5.5], the number of teeth z an integer; eleven constraints (bending, surface
    stress, shaft deflections and stresses, dimensions). Ideal (2352.35, 694.23, 0).
    """


class RE36(_re("gear_train", 2, 1)):
    """RE36, gear train (Deb & Srinivasan 2006): minimise the gear-ratio error
    ``f1 = |6.931 - x3 x4 / (x1 x2)|``, the largest gear f2 = max(x) and the violation f3 of
    ``f1 / 6.931 <= 0.5``.

    x = four numbers of teeth, integers in [12, 60]. Ideal (7.8947e-5, 12, 0).
    """


class RE37(_re("rocket_injector", 3, 0)):
    """RE37, rocket injector (Vaidyanathan et al. 2003): minimise the maximum face temperature
    f1, the distance f2 and the maximum tip temperature f3 (response surfaces).

    x = (alpha, dHA, dOA, OPTT) in [0, 1]^4. No constraints. Ideal (0.0088934, 0.00488, -0.4315).
    """


class RE41(_re("car_side_impact", 3, 10)):
    """RE41, car side impact (Jain & Deb 2014): minimise the weight f1, the pubic force f2, the
    mean of the V-pillar velocities f3 and the violation f4 of ten safety limits.

    x = seven thicknesses and material factors in [0.5, 1.5] x [0.45, 1.35] x [0.5, 1.5]^2 x
    [0.875, 2.625] x [0.4, 1.2]^2. Ideal (15.576, 3.58525, 10.6106, 0).
    """


class RE42(_re("marine_design", 3, 9)):
    """RE42, conceptual marine design (Parsons & Scott 2004): minimise the transportation cost f1,
    the light ship weight f2, the annual cargo (as ``-cargo``) f3 and the violation f4.

    x = (L, B, D, T, Vk, CB) in [150, 274.32] x [20, 32.31] x [13, 25] x [10, 11.71] x [14, 18] x
    [0.63, 0.75]; nine constraints (ratios, deadweight between 3000 and 500000, Froude number,
    stability). Ideal (-2756.26, 3962.56, 1947.88, 0).
    """


class RE61(_re("water_resources", 5, 7)):
    """RE61, water resource planning (Ray et al. 2001): minimise five costs and the violation f6.

    x = (x1, x2, x3) in [0.01, 0.45] x [0.01, 0.1]^2; seven constraints. Ideal (63840.28, 30,
    285346.9, 183749.97, 7.2222, 0): f1, f2, f3 at the lower bounds of the variables they use.
    """


class RE91(_Real):
    """RE91, car cab design (Deb et al. 2009), stochastic: nine objectives.

    x = the seven variables of RE41 (same bounds); four more inputs are random in each
    evaluation, ``x8 = 0.345 + 0.006 z1``, ``x9 = 0.192 + 0.006 z2``, ``x10 = 10 z3``,
    ``x11 = 10 z4`` with ``z ~ N(0, 1)`` drawn per point; f1 is the weight and f2-f9 the
    normalised violations ``max(0, response / limit)`` of the safety responses. Ideal (15.5498, 0,
    0, 0.0907, ...).

    Parameters
    ----------
    seed : int or numpy.random.Generator, optional
        Source of the draws (``z`` for point i of a call are row i of
        ``rng.standard_normal((N, 4))``). The same seed gives the same sequence of evaluations.
    """

    _formula = "car_cab"
    _n_f = 9

    def __init__(self, seed=None):
        super().__init__()
        self.reseed(seed)

    def reseed(self, seed=None) -> None:
        """Restart the draws from ``seed`` (an int, a Generator, or None for fresh entropy)."""
        if seed is not None and not isinstance(seed, (int, np.integer, np.random.Generator)):
            raise TypeError(f"seed must be None, an int or a numpy.random.Generator, got {seed!r}")
        self.rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)

    def _evaluate(self, X):
        xp = get_xp(X)
        Z = xp.asarray(self.rng.standard_normal((X.shape[0], 4)))
        return rf.car_cab(X, Z, xp)


class CRE21(_re("two_bar_truss", 2, 3, True)):
    """CRE21, two-bar truss: RE31's objectives f1, f2 with its three constraints as ``G <= 0``."""


class CRE22(_re("welded_beam", 2, 4, True)):
    """CRE22, welded beam: RE32's objectives f1, f2 with its four constraints as ``G <= 0``."""


class CRE23(_re("disc_brake", 2, 4, True)):
    """CRE23, disc brake: RE33's objectives f1, f2 with its four constraints as ``G <= 0``."""


class CRE24(_re("speed_reducer", 2, 11, True)):
    """CRE24, speed reducer: RE35's objectives f1, f2 with its eleven constraints as ``G <= 0``
    (the number of teeth x3 an integer)."""


class CRE25(_re("gear_train", 2, 1, True)):
    """CRE25, gear train: RE36's objectives f1, f2 with its constraint as ``G <= 0`` (integer
    variables)."""


class CRE31(_re("car_side_impact", 3, 10, True)):
    """CRE31, car side impact: RE41's objectives f1-f3 with its ten constraints as ``G <= 0`` (the
    objectives of pymoo's ``carside``, whose constraints are scaled differently)."""


class CRE32(_re("marine_design", 3, 9, True)):
    """CRE32, conceptual marine design: RE42's objectives f1-f3 with its nine constraints as
    ``G <= 0``."""


class CRE51(_re("water_resources", 5, 7, True)):
    """CRE51, water resource planning: RE61's objectives f1-f5 with its seven constraints as
    ``G <= 0``."""


for _name in __all__:
    register(_name.lower(), f"re:{_name}")
