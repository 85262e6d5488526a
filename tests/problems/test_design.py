"""Classic single-objective designs: best-known optima attained and not beaten by feasible samples;
CMA-ES (IPOP restarts from random points of the box) and a GA reach them within 0.1% (a few seeds
here; bench/bench_design_optima.py measures many)."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.problems import get

NAMES = ["welded_beam_design", "pressure_vessel_design", "pressure_vessel_discrete_design",
         "tension_spring_design", "speed_reducer_design", "three_bar_truss_design"]


@pytest.mark.parametrize("name", NAMES)
def test_best_known_optimum_attained_and_not_beaten(name):
    p = get(name)
    f_star, x_star = p.optimum
    at = p.evaluate(x_star[None])
    # the published x* are rounded to 7-8 digits: f within 2e-6, constraints within 1e-6
    assert at.F[0, 0] == pytest.approx(f_star, rel=2e-6)
    assert at.CV[0] <= 1e-6
    X = p.repair(p.xl + (p.xu - p.xl) * np.random.default_rng(2).random((50_000, p.n_var)))
    ev = p.evaluate(X)
    assert ev.feasible.any()
    assert ev.F[ev.feasible, 0].min() >= f_star * (1 - 1e-9)


def test_discrete_pressure_vessel_declares_thickness_multiples():
    p = get("pressure_vessel_discrete_design")
    assert p.var_types == ("set", "set", "real", "real")
    np.testing.assert_array_equal(p.discrete_values[0], 0.0625 * np.arange(1, 100))
    np.testing.assert_array_equal(p.repair(p.optimum[1][None]), p.optimum[1][None])
    cont = get("pressure_vessel_design").optimum[1]
    np.testing.assert_array_equal(p.repair(cont[None])[0, :2], [0.75, 0.375])  # nearest multiples of 0.778, 0.385
    assert get("pressure_vessel_design").optimum[0] < p.optimum[0]


def test_speed_reducer_and_truss_by_hand():
    # the speed reducer's weight at x*, term by term
    b, m, z, l1, l2, d1, d2 = get("speed_reducer_design").optimum[1]
    w = (0.7854 * b * m**2 * (3.3333 * z**2 + 14.9334 * z - 43.0934) - 1.508 * b * (d1**2 + d2**2)
         + 7.4777 * (d1**3 + d2**3) + 0.7854 * (l1 * d1**2 + l2 * d2**2))
    assert w == pytest.approx(2994.4710661, rel=1e-7)  # x* has 8 digits
    # three-bar truss: at x* = (1/2 + 1/(2 sqrt3), 1/sqrt6) bar 1 is at its stress limit
    a1, a2 = 0.5 + 0.5 / np.sqrt(3), 1 / np.sqrt(6)
    ev = get("three_bar_truss_design").evaluate(np.array([[a1, a2]]))
    assert ev.G[0, 0] == pytest.approx(0.0, abs=1e-12) and ev.F[0, 0] == pytest.approx(263.8958434, rel=1e-9)
    zero = get("three_bar_truss_design").evaluate(np.array([[0.0, 0.0]]))
    assert not zero.feasible[0] and np.isfinite(zero.CV[0])


def _cmaes(p, seed, max_evals):
    rng = np.random.default_rng(10_000 + seed)
    return paretix.CMAES(lambda: rng.uniform(p.xl, p.xu), 0.3, stds=p.xu - p.xl, restarts=9, max_evals=max_evals)


@pytest.mark.parametrize("name", NAMES)
def test_cmaes_with_ipop_restarts_from_random_starts_reaches_the_optimum(name):
    p = get(name)
    f_star = p.optimum[0]
    for seed in range(1):  # bench/results/design_optima.md: 30 seeds
        res = paretix.minimize(p, _cmaes(p, seed, 15_000), None, seed=seed)
        assert res.feasible and (res.f - f_star) / f_star <= 1e-3, (seed, res.f)
        np.testing.assert_array_equal(p.repair(res.X), res.X)  # discrete thicknesses exactly


@pytest.mark.parametrize("name", ["speed_reducer_design", "three_bar_truss_design"])
def test_ga_reaches_the_optimum(name):
    p = get(name)
    f_star = p.optimum[0]
    for seed in range(2):
        res = paretix.minimize(p, paretix.NSGA2(pop_size=40), ("n_gen", 150), seed=seed)
        assert np.all(res.CV == 0) and (np.min(res.F) - f_star) / f_star <= 1e-3, (seed, np.min(res.F))


def test_ga_on_the_discrete_pressure_vessel_keeps_thickness_multiples():
    p = get("pressure_vessel_discrete_design")
    res = paretix.minimize(p, paretix.NSGA2(pop_size=40), ("n_gen", 60), seed=0)
    X = res.pop.X
    np.testing.assert_array_equal(X[:, :2] / 0.0625, np.round(X[:, :2] / 0.0625))
    assert np.all(res.CV == 0) and np.min(res.F) < 1.5 * p.optimum[0]


@pytest.mark.parametrize("algo", ["nsga2", "nsga3", "cmaes", "moead", "hype"])
@pytest.mark.parametrize("name", NAMES)
def test_every_design_runs_with_every_algorithm(name, algo):
    p = get(name)
    make = {"nsga2": lambda: paretix.NSGA2(pop_size=12),
            "nsga3": lambda: paretix.NSGA3(paretix.ref_dirs.das_dennis(1, 1), pop_size=12),
            "cmaes": lambda: paretix.CMAES((p.xl + p.xu) / 2, 0.3, stds=p.xu - p.xl),
            "moead": lambda: paretix.MOEAD(np.ones((12, 1))),
            "hype": lambda: paretix.HypE(pop_size=12)}[algo]
    res = paretix.minimize(p, make(), ("n_eval", 60), seed=4)
    X = res.pop.X
    assert np.all(X >= p.xl) and np.all(X <= p.xu)
    np.testing.assert_array_equal(p.repair(X), X)
