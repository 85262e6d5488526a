"""The constrained engineering BO benchmark (Yu, Picard & Ahmed 2024): counts, optima (literature,
analytic or computed) attained and never beaten by feasible samples, the suite's documented
differences from the literature, the degenerate cantilever, and runs of every algorithm."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.problems import bo, get

NAMES = sorted(bo._NAMES)
# name -> (n_var, n_ieq_constr): the suite's code (the header comments are wrong in several files)
COUNTS = {"bo_ackley": (2, 2), "bo_gkxwc1": (2, 1), "bo_gkxwc2": (2, 1), "bo_jlh1": (2, 1), "bo_jlh2": (2, 1),
          "bo_keane_bump": (18, 2), "bo_pressure_vessel": (4, 4), "bo_welded_beam": (4, 5),
          "bo_compression_spring": (3, 4), "bo_speed_reducer": (7, 9), "bo_three_truss": (2, 3),
          "bo_reinforced_concrete_beam": (3, 2), "bo_heat_exchanger": (8, 6), "bo_cantilever_beam": (10, 11),
          "bo_car": (11, 10)}


def _with_optimum():
    out = []
    for name in NAMES:
        for kw in ({"n_var": 2}, {"n_var": 6}, {"n_var": 10}) if name == "bo_ackley" else \
                  ({"form": "literature"},) if name == "bo_cantilever_beam" else ({},):
            if get(name, **kw).optimum is not None:
                out.append((name, kw))
    return out


def test_counts_and_registry():
    assert set(NAMES) == set(COUNTS) and set(NAMES) <= set(paretix.problems.available())
    for name, (d, g) in COUNTS.items():
        p = get(name)
        assert (p.n_var, p.n_obj, p.n_ieq_constr) == (d, 1, g), name
    assert get("bo_ackley", n_var=6).n_var == 6 and get("bo_keane_bump", n_var=3).n_var == 3


@pytest.mark.parametrize(("name", "kw"), _with_optimum())
def test_optimum_attained_and_not_beaten_by_feasible_samples(name, kw):
    p = get(name, **kw)
    f_star, x_star = p.optimum
    rng = np.random.default_rng(5)
    X = p.xl + (p.xu - p.xl) * rng.random((20000, p.n_var))
    ev = p.evaluate(X)
    scale = np.maximum(1.0, np.abs(ev.G).max(axis=0))
    at = p.evaluate(x_star[None])
    assert np.all(at.G[0] <= 1e-8 * scale), at.G
    assert at.F[0, 0] == pytest.approx(f_star, rel=1e-7, abs=1e-12)  # literature values have 8 digits
    assert np.all(ev.F[ev.feasible, 0] >= f_star - 1e-9 * max(1.0, abs(f_star)))


@pytest.mark.parametrize(("name", "f_star", "x_star"), [
    ("bo_three_truss", 263.8958434, [0.78867513, 0.40824828]),         # Ray & Saini 2001
    ("bo_compression_spring", 0.012665233, [0.051689061, 0.356717736, 11.288966]),  # Arora 1989
    ("bo_jlh1", 1 / 32, [0.375, 0.375]),
    ("bo_ackley", 0.0, [0.0, 0.0]),
])
def test_literature_optima(name, f_star, x_star):
    ev = get(name).evaluate(np.array([x_star]))
    assert ev.F[0, 0] == pytest.approx(f_star, rel=1e-7, abs=1e-12)
    assert np.all(ev.G <= 1e-7)


def test_suite_differences_from_the_literature():
    # the 0.707 welded beam: Coello's optimum (RE32's form) is infeasible here
    coello = np.array([[0.205730, 3.470489, 9.036624, 0.205730]])
    assert not get("bo_welded_beam").evaluate(coello).feasible[0]
    assert get("welded_beam_design").evaluate(coello).CV[0] < 1e-4
    # speed reducer: the literature optimum is feasible in the suite's looser form, at its literature cost
    x = np.array([[3.5, 0.7, 17, 7.3, 7.7153199, 3.3502147, 5.2866545]])
    ev = get("bo_speed_reducer").evaluate(x)
    assert ev.feasible[0] and ev.F[0, 0] == pytest.approx(2994.47, rel=1e-4)
    assert get("bo_speed_reducer").optimum[0] < 2994
    # heat exchanger: 125 x4 in the fifth constraint (literature 1250 x4), by hand at one point
    g5 = get("bo_heat_exchanger").evaluate(np.array([[100, 2000, 3000, 100, 200, 300, 250, 400.0]])).G[0, 4]
    assert g5 == 1250 * 200 + 2000 * 100 - 2000 * 250 - 125 * 100
    # three-bar truss: cross-sections below 1e-5 are evaluated at 1e-5
    t = get("bo_three_truss")
    np.testing.assert_array_equal(t.evaluate(np.array([[0.0, 0.5]])).G, t.evaluate(np.array([[1e-5, 0.5]])).G)


def test_cantilever_suite_form_has_no_feasible_point_and_literature_form_does():
    X = np.random.default_rng(0).random((2000, 10))
    suite, lit = get("bo_cantilever_beam"), get("bo_cantilever_beam", form="literature")
    X = suite.xl + (suite.xu - suite.xl) * X
    es, el = suite.evaluate(X), lit.evaluate(X)
    deflection = 50000 * 100.0**3 * 125 / 100 / (3 * 214) - 2.7
    np.testing.assert_allclose(es.G[:, 5], deflection)
    assert deflection > 9e7 and not es.feasible.any()
    assert el.feasible.any()
    np.testing.assert_array_equal(es.F, el.F)
    np.testing.assert_array_equal(np.delete(es.G, 5, axis=1), np.delete(el.G, 5, axis=1))
    with pytest.raises(ValueError, match="form must be 'suite' or 'literature'"):
        get("bo_cantilever_beam", form="paper")


def test_keane_bump_sign_and_known_two_variable_value():
    # Keane's bump, n = 2: the best bump is about 0.365 near (1.60, 0.47); paretix minimises -bump
    p = get("bo_keane_bump", n_var=2)
    ev = p.evaluate(np.array([[1.60086, 0.46850]]))
    assert ev.F[0, 0] == pytest.approx(-0.36498, abs=1e-4) and ev.feasible[0]
    with pytest.raises(ValueError, match="n_var must be >= 1"):
        get("bo_keane_bump", n_var=0)


ALGOS = {"nsga2": lambda p: paretix.NSGA2(pop_size=12),
         "nsga3": lambda p: paretix.NSGA3(paretix.ref_dirs.das_dennis(1, 1), pop_size=12),
         "cmaes": lambda p: paretix.CMAES((p.xl + p.xu) / 2, 0.3, stds=p.xu - p.xl),
         "moead": lambda p: paretix.MOEAD(np.ones((12, 1))),  # one objective: 12 identical subproblems
         "hype": lambda p: paretix.HypE(pop_size=12)}


@pytest.mark.parametrize("algo", sorted(ALGOS))
@pytest.mark.parametrize("name", NAMES)
def test_every_problem_runs_with_every_algorithm(name, algo):
    p = get(name)
    res = paretix.minimize(p, ALGOS[algo](p), ("n_eval", 60), seed=3)
    assert np.isfinite(res.pop.F).all() and np.all(res.pop.X >= p.xl) and np.all(res.pop.X <= p.xu)
