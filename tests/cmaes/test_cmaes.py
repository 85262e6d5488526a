"""CMAES / fmin: convergence, reproducibility, ask/tell, results and errors."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.cmaes import CMAES, fmin
from paretix.kernels import kernel_backends


def sphere(X):
    return (X**2).sum(axis=-1)


def ellipsoid(X, cond=1e6, seed=3):
    n = X.shape[-1]
    R, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((n, n)))
    return ((X @ R.T) ** 2 * cond ** (np.arange(n) / (n - 1))).sum(axis=-1)


def rosenbrock(X):
    return (100 * (X[..., 1:] - X[..., :-1] ** 2) ** 2 + (1 - X[..., :-1]) ** 2).sum(axis=-1)


@pytest.mark.parametrize(("f", "n", "budget"), [(sphere, 10, 2500), (ellipsoid, 8, 8000), (rosenbrock, 6, 8000)],
                         ids=["sphere", "rotated-ellipsoid", "rosenbrock"])
def test_converges(f, n, budget):
    res = fmin(f, np.full(n, 2.0), 1.0, seed=5, ftarget=1e-10, vectorized=True, max_evals=budget)
    assert res.stop_reason == "ftarget", res
    assert res.f <= 1e-10 and res.n_eval <= budget


@pytest.mark.parametrize("backend", ["native", "numba", "reference", "xp"])
def test_cholesky_factorization_converges_like_eigen(backend):
    # Cholesky-CMA-ES (Krause et al. 2016): same sampling distribution, p_sigma along A^-1 <y>_w;
    # over seeds it needs about the evaluations of the tutorial's version on a rotated ellipsoid.
    if backend not in (*kernel_backends("cma_cholesky"), "xp"):
        pytest.skip(f"{backend} not available")
    runs = {fac: [fmin(ellipsoid, np.full(8, 2.0), 1.0, seed=s, ftarget=1e-10, vectorized=True, max_evals=12_000,
                       factorization=fac, backend=backend) for s in range(4)] for fac in ("eigen", "cholesky")}
    for r in runs["cholesky"]:
        assert r.stop_reason == "ftarget", r
    ratio = np.median([r.n_eval for r in runs["cholesky"]]) / np.median([r.n_eval for r in runs["eigen"]])
    assert 0.75 < ratio < 1.33


def test_cholesky_factorization_keeps_the_stopping_criteria():
    # A flat function: the eigendecomposition that feeds the criteria still runs (lazily) and
    # the run stops on its own, as with the eigen factorisation.
    a = fmin(lambda X: np.zeros(len(X)), np.zeros(4), 1.0, seed=1, vectorized=True, factorization="cholesky",
             max_evals=50_000)
    b = fmin(lambda X: np.zeros(len(X)), np.zeros(4), 1.0, seed=1, vectorized=True, max_evals=50_000)
    assert a.stop_reason == b.stop_reason != "max_evals"
    c = fmin(rosenbrock, np.zeros(5), 0.5, seed=11, vectorized=True, max_evals=3000, factorization="cholesky")
    d = fmin(rosenbrock, np.zeros(5), 0.5, seed=11, vectorized=True, max_evals=3000, factorization="cholesky")
    np.testing.assert_array_equal(c.x, d.x)  # same seed, same run


def test_sep_cmaes_on_separable_ellipsoid():
    n = 30
    c = 1e4 ** (np.arange(n) / (n - 1))
    res = fmin(lambda X: (c * X**2).sum(axis=1), np.ones(n), 1.0, diagonal=True, seed=2, ftarget=1e-8, vectorized=True,
               max_evals=40_000)
    assert res.stop_reason == "ftarget"
    full = fmin(lambda X: (c * X**2).sum(axis=1), np.ones(n), 1.0, seed=2, ftarget=1e-8, vectorized=True,
                max_evals=80_000)
    assert res.n_eval < full.n_eval  # sep-CMA learns a diagonal C faster


def test_same_seed_same_run_bit_for_bit():
    a = fmin(rosenbrock, np.zeros(5), 0.5, seed=11, vectorized=True, max_evals=3000)
    b = fmin(rosenbrock, np.zeros(5), 0.5, seed=11, vectorized=True, max_evals=3000)
    c = fmin(rosenbrock, np.zeros(5), 0.5, seed=12, vectorized=True, max_evals=3000)
    np.testing.assert_array_equal(a.x, b.x)
    assert (a.f, a.n_eval, a.sigma) == (b.f, b.n_eval, b.sigma)
    assert a.f != c.f


def test_native_and_numba_runs_are_identical():
    backends = [b for b in kernel_backends("cma_update") if b in ("native", "numba")]
    if len(backends) < 2:
        pytest.skip("needs both the native and the numba backend")
    runs = [fmin(ellipsoid, np.ones(6), 1.0, seed=4, vectorized=True, max_evals=2000, backend=b) for b in backends]
    np.testing.assert_array_equal(runs[0].x_mean, runs[1].x_mean)
    assert runs[0].f == runs[1].f


@pytest.mark.parametrize("backend", ["reference", "xp"])
def test_other_paths_converge_alike(backend):
    res = fmin(sphere, np.full(6, 2.0), 1.0, seed=1, ftarget=1e-10, vectorized=True, backend=backend)
    assert res.stop_reason == "ftarget"
    native = fmin(sphere, np.full(6, 2.0), 1.0, seed=1, ftarget=1e-10, vectorized=True)
    assert 0.7 < res.n_eval / native.n_eval < 1.4  # same algorithm, rounding differences only


def test_ask_tell_equals_fmin():
    n = 5
    problem = paretix.Problem.from_functions(rosenbrock, xl=np.full(n, -5.0), xu=5.0)
    algo = CMAES(np.zeros(n), 0.5, max_evals=2000)
    algo.setup(problem, seed=7)
    while algo.has_next():
        X = algo.ask()
        algo.tell(X, rosenbrock(X))
    res = algo.result()
    ref = fmin(rosenbrock, np.zeros(n), 0.5, bounds=(-5, 5), seed=7, max_evals=2000, vectorized=True)
    np.testing.assert_array_equal(res.x, ref.x)
    assert (res.f, res.n_eval, res.stop_reason) == (ref.f, ref.n_eval, ref.stop_reason)
    # and through minimize with a problem
    via_minimize = paretix.minimize(problem, CMAES(np.zeros(n), 0.5, max_evals=2000), termination=None, seed=7)
    assert via_minimize.f == ref.f


def test_fmin_scalar_and_vectorized_agree():
    a = fmin(lambda x: float(sphere(x)), np.ones(4), 0.3, seed=2, max_evals=600)
    b = fmin(sphere, np.ones(4), 0.3, seed=2, max_evals=600, vectorized=True)
    assert a.f == b.f and a.n_eval == b.n_eval


def test_minimize_result_and_history():
    problem = paretix.Problem.from_functions(sphere, xl=-3 * np.ones(4), xu=3)
    res = paretix.minimize(problem, CMAES(np.ones(4), 1.0), termination=("n_gen", 30), seed=0)
    assert isinstance(res, paretix.Result) and res.algorithm == "CMAES"
    assert res.X.shape == (1, 4) and res.F.shape == (1, 1) and res.feasible
    assert res.stop_reason == "termination" and res.n_gen == 30 and res.n_eval == 30 * 8
    assert len(res.history["n_eval"]) == 30
    assert res.pop.X.shape == (8, 4)  # the last generation
    assert res.f == float(res.F[0, 0]) and res.sigma > 0 and res.x_mean.shape == (4,)
    full = paretix.minimize(problem, CMAES(np.ones(4), 1.0, ftarget=1e-12), termination=None, seed=0)
    assert full.stop_reason == "ftarget" and full.f <= 1e-12
    assert full.runs[0]["stop"] == ("ftarget",) and full.runs[0]["popsize"] == 8


def test_nan_values_rank_last():
    def f(X):
        out = sphere(X)
        out[X[:, 0] > 1.5] = np.nan
        return out

    res = fmin(f, np.full(3, 1.0), 1.0, seed=0, vectorized=True, ftarget=1e-8)
    assert res.stop_reason == "ftarget" and np.isfinite(res.f)


def test_x0_callable_restarts_from_new_points():
    starts = []

    def x0():
        starts.append(np.random.default_rng(len(starts)).uniform(-3, 3, 2))
        return starts[-1]

    res = fmin(rosenbrock, x0, 0.5, seed=1, restarts=2, vectorized=True, max_evals=20_000, tolfun=1e-6)
    assert len(res.runs) == 3 and len(starts) == 3


def test_tell_checks_the_points():
    problem = paretix.Problem.from_functions(sphere, xl=-np.ones(3), xu=1)
    algo = CMAES(np.zeros(3), 0.3).setup(problem, seed=0)
    X = algo.ask()
    with pytest.raises(ValueError, match="tell\\(\\) must receive the points of the last ask"):
        algo.tell(X[::-1], sphere(X[::-1]))


@pytest.mark.parametrize(("make", "exc", "match"), [
    (lambda: CMAES(np.zeros(2), 0.0), ValueError, "sigma0 must be a positive"),
    (lambda: CMAES(np.zeros((2, 2)), 1.0), ValueError, "x0 must be a finite 1-D array"),
    (lambda: CMAES(np.zeros(2), 1.0, restart_strategy="lipop"), ValueError, "restart_strategy must be one of"),
    (lambda: CMAES(np.zeros(2), 1.0, popsize=1), ValueError, "popsize must be an int >= 2"),
    (lambda: CMAES(np.zeros(2), 1.0, bounds_method="clip"), ValueError, "bounds_method must be"),
    (lambda: CMAES(np.zeros(2), 1.0, backend="gpu"), ValueError, "backend must be None"),
    (lambda: CMAES(np.zeros(2), 1.0, factorization="lu"), ValueError, "factorization must be 'eigen' or 'cholesky'"),
    (lambda: fmin(sphere, np.zeros(2), 1.0, bounds=(1, 0)), ValueError, "lower < upper"),
    (lambda: fmin(sphere, np.full(2, 3.0), 1.0, bounds=(-1, 1)), ValueError, "x0 must lie within the bounds"),
    (lambda: fmin(3, np.zeros(2), 1.0), TypeError, "f must be callable"),
    (lambda: fmin(lambda X: X, np.zeros(2), 1.0, vectorized=True), ValueError, "f returned 12 values for 6 points"),
])
def test_errors(make, exc, match):
    with pytest.raises(exc, match=match):
        make()


def test_setup_errors():
    mo = paretix.problems.get("zdt1", n_var=3)
    with pytest.raises(ValueError, match="CMAES minimises one objective.*tchebycheff_batch"):
        CMAES(np.zeros(3), 0.3).setup(mo)
    so = paretix.Problem.from_functions(sphere, xl=-np.ones(3), xu=1)
    with pytest.raises(ValueError, match="x0 must have length n_var=3"):
        CMAES(np.zeros(2), 0.3).setup(so)
    with pytest.raises(ValueError, match="x0 must lie within the bounds"):
        CMAES(np.full(3, 2.0), 0.3).setup(so)
    algo = CMAES(np.zeros(3), 0.3, ftarget=1.0).setup(so, seed=0)
    algo.tell(algo.ask() * 0 + algo._pending, np.zeros(algo.engine.lam[0]))
    assert not algo.has_next() and algo.stop_reason == "ftarget"
    with pytest.raises(RuntimeError, match="CMA-ES has stopped \\(ftarget\\)"):
        algo.ask()
