"""RE and CRE (Tanabe & Ishibuchi 2020): the published ideal points attained at hand-derived
minimisers and never beaten by samples, RE/CRE consistency, discrete variables, RE91's draws,
and short runs of every algorithm."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.problems import get
from paretix.problems import re as re_mod

RE = [n.lower() for n in re_mod.__all__ if n.startswith("RE")]
CRE = [n.lower() for n in re_mod.__all__ if n.startswith("CRE")]
S2 = np.sqrt(2.0)

# (problem, x, objective index, published ideal value): minimisers derived by hand from the formulas
IDEAL_AT = [
    ("re21", [1, S2, S2, 1], 0, 1237.8414230005742),          # f1 increases in every variable
    ("re21", [3, 3, S2, 3], 1, 0.002761423749158419),          # f2 decreases in x1, x2, x4, increases in x3
    ("re23", [1, 1, 10, 10], 0, 15.9018007813),                # lower bounds (Ts = Th = 0.0625)
    ("re24", [0.5, 0.5], 0, 60.5),
    ("re25", [1, 0.6, 0.09], 0, 0.037591349242869145),         # d = 0.09 maps to the smallest diameter 0.092
    ("re31", [1e-5, 1e-5, 1.0], 0, 5.53731918799e-05),
    ("re31", [100, 50, 3.0], 1, 0.333333333333),               # 20 sqrt(16 + y^2) / (100 y) is least at y = 3
    ("re32", [0.125, 0.1, 0.1, 0.125], 0, 0.010205496875),
    ("re32", [1, 1, 10, 5], 1, 0.00043904),                    # 4 P L^3 / (E b t^3) at t = 10, b = 5
    ("re33", [80, 75, 2000, 20], 0, -0.721525),                # (ro^2 - ri^2) (s - 1) most negative
    ("re34", [1, 1, 1, 1, 1], 0, 1661.7078225),
    ("re36", [12, 12, 12, 12], 1, 12.0),
    ("re41", [0.5, 0.45, 0.5, 0.5, 0.875, 0.4, 0.4], 0, 15.576004),
    ("re41", [1, 1.35, 1.5, 1.5, 1, 1, 1], 1, 3.58525),        # 4.72 - 0.5 x4 - 0.19 x2 x3 at the upper bounds
    ("re61", [0.01, 0.01, 0.01], 0, 63840.2774),
    ("re61", [0.01, 0.01, 0.01], 1, 30.0),
    ("re61", [0.01, 0.01, 0.05], 2, 285346.896494),
]


@pytest.mark.parametrize(("name", "x", "k", "value"), IDEAL_AT)
def test_published_ideal_attained_at_hand_derived_minimiser(name, x, k, value):
    p = get(name)
    assert p.ideal_point[k] == value
    assert p.evaluate(np.array([x], dtype=float)).F[0, k] == pytest.approx(value, rel=1e-9)


def test_re91_weight_ideal_at_lower_bounds():
    p = get("re91", seed=0)
    assert p.evaluate(p.xl[None]).F[0, 0] == pytest.approx(p.ideal_point[0], rel=1e-9)


@pytest.mark.parametrize("name", [n for n in RE if n != "re91"])
def test_samples_never_beat_the_ideal_point(name):
    # in RE form every point is feasible, so the ideal of the front is each objective's box minimum
    p = get(name)
    rng = np.random.default_rng(7)
    X = p.xl + (p.xu - p.xl) * rng.random((4000, p.n_var))
    X = np.vstack([X, p.xl, p.xu])
    if name == "re22":  # b = 0 divides by zero in the paper's constraint
        X[:, 1] = np.maximum(X[:, 1], 1e-6)
    F = p.evaluate(X).F
    # the published values have 9-12 significant digits (RE42's f2 is reached 2e-8 below its ideal)
    assert np.all(F >= p.ideal_point - 1e-7 * np.maximum(1.0, np.abs(p.ideal_point)))
    assert p.ideal_point.shape == p.nadir_point.shape == p.front_nadir_point.shape == (p.n_obj,)
    assert np.all(p.ideal_point <= p.front_nadir_point)


@pytest.mark.parametrize(("cre", "re_name"), [("cre21", "re31"), ("cre22", "re32"), ("cre23", "re33"),
                                              ("cre24", "re35"), ("cre25", "re36"), ("cre31", "re41"),
                                              ("cre32", "re42"), ("cre51", "re61")])
def test_cre_objectives_and_violations_are_the_re_form(cre, re_name):
    c, r = get(cre), get(re_name)
    np.testing.assert_array_equal(c.xl, r.xl)
    np.testing.assert_array_equal(c.xu, r.xu)
    assert c.n_obj == r.n_obj - 1 and c.n_ieq_constr > 0 and r.n_ieq_constr == 0
    X = c.xl + (c.xu - c.xl) * np.random.default_rng(3).random((500, c.n_var))
    ec, er = c.evaluate(X), r.evaluate(X)
    np.testing.assert_array_equal(ec.F, er.F[:, :-1])
    np.testing.assert_allclose(np.maximum(ec.G, 0).sum(axis=1), er.F[:, -1], rtol=1e-12)
    assert not ec.feasible.all()


def test_counts_and_registry():
    shapes = {"re21": (4, 2), "re22": (3, 2), "re23": (4, 2), "re24": (2, 2), "re25": (3, 2), "re31": (3, 3),
              "re32": (4, 3), "re33": (4, 3), "re34": (5, 3), "re35": (7, 3), "re36": (4, 3), "re37": (4, 3),
              "re41": (7, 4), "re42": (6, 4), "re61": (3, 6), "re91": (7, 9), "cre21": (3, 2), "cre22": (4, 2),
              "cre23": (4, 2), "cre24": (7, 2), "cre25": (4, 2), "cre31": (7, 3), "cre32": (6, 3), "cre51": (3, 5)}
    n_g = {"cre21": 3, "cre22": 4, "cre23": 4, "cre24": 11, "cre25": 1, "cre31": 10, "cre32": 9, "cre51": 7}
    assert set(RE + CRE) == set(shapes) and set(shapes) <= set(paretix.problems.available())
    for name, (d, m) in shapes.items():
        p = get(name.upper())
        assert (p.n_var, p.n_obj, p.n_ieq_constr) == (d, m, n_g.get(name, 0)), name


def test_discrete_variables_declared_and_applied():
    assert get("re36").var_types == ("int",) * 4
    assert get("re23").var_types[:2] == ("int", "int")
    assert get("re35").var_types[2] == get("cre24").var_types[2] == "int"
    areas = get("re22").discrete_values[0]
    assert areas.size == 76 and areas[0] == 0.2 and areas[-1] == 15 and 10.0 in areas and 3.1 not in areas
    wires = get("re25").discrete_values[2]
    assert wires.size == 19 and wires[0] == 0.092 and wires[-1] == 0.5
    # a continuous point evaluates as its repair; exact midpoints go up
    p = get("re36")
    X = np.array([[12.5, 20.49, 33.5, 59.5]])
    np.testing.assert_array_equal(p.repair(X), [[13, 20, 34, 60]])
    np.testing.assert_array_equal(p.evaluate(X).F, p.evaluate(p.repair(X)).F)
    assert get("re36").evaluate(np.array([[13.0, 20, 34, 60]])).F[0, 1] == 60
    r22 = get("re22")
    np.testing.assert_array_equal(r22.repair(np.array([[0.255, 1, 1], [0.25, 1, 1]]))[:, 0], [0.31, 0.2])
    # RE23's thicknesses are 0.0625 times the integers: x1 = 13 gives Ts = 0.8125
    ev = get("re23").evaluate(np.array([[12.6, 7.0, 42.098446, 176.636596]]))
    assert ev.F[0, 0] == pytest.approx(6059.714335, rel=1e-6)  # the classic discrete optimum's cost


def test_re91_draws_come_from_the_seed():
    X = np.tile(get("re91").xl, (5, 1)) + 0.1
    a, b = get("re91", seed=11), get("re91", seed=11)
    F1, F2 = a.evaluate(X).F, a.evaluate(X).F
    np.testing.assert_array_equal(F1, b.evaluate(X).F)
    assert not np.array_equal(F1, F2)                       # new draws on each call
    a.reseed(11)
    np.testing.assert_array_equal(a.evaluate(X).F, F1)
    g = np.random.default_rng(11)
    np.testing.assert_array_equal(get("re91", seed=g).evaluate(X).F, F1)
    with pytest.raises(TypeError, match="seed must be"):
        get("re91", seed="x")


ALGOS = {"nsga2": lambda p: paretix.NSGA2(pop_size=16),
         "nsga3": lambda p: paretix.NSGA3(paretix.ref_dirs.das_dennis(p.n_obj, 3 if p.n_obj <= 3 else 1)),
         "moead": lambda p: paretix.MOEAD(paretix.ref_dirs.das_dennis(p.n_obj, 3 if p.n_obj <= 3 else 1)),
         "hype": lambda p: paretix.HypE(pop_size=16, n_samples=2000)}


@pytest.mark.parametrize("algo", sorted(ALGOS))
@pytest.mark.parametrize("name", RE + CRE)
def test_every_problem_runs_and_keeps_declared_values(name, algo):
    p = get(name, seed=1) if name == "re91" else get(name)
    res = paretix.minimize(p, ALGOS[algo](p), ("n_gen", 3), seed=2)
    X = res.pop.X
    assert np.all(X >= p.xl) and np.all(X <= p.xu) and np.isfinite(res.pop.F).all()
    np.testing.assert_array_equal(p.repair(X), X)
