"""BatchCMAES (B instances in arrays) and the Tchebycheff batch for several objectives."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.cmaes import BatchCMAES, fmin, tchebycheff_batch
from paretix.kernels import kernel_backends


def sphere(X):
    return (X**2).sum(axis=-1)


@pytest.mark.parametrize("factorization", ["eigen", "cholesky"])
def test_batch_of_one_is_cmaes(factorization):
    x0 = np.array([1.0, -2.0, 0.5])
    single = fmin(sphere, x0, 0.7, seed=9, vectorized=True, max_evals=1200, factorization=factorization)
    batch = BatchCMAES(x0[None, :], 0.7, seed=9, max_evals=1200, factorization=factorization).optimize(sphere)
    np.testing.assert_array_equal(batch.x[0], single.x)
    assert batch.f[0] == single.f and batch.n_eval[0] == single.n_eval
    assert batch.stop_reason == [single.stop_reason]


def test_batch_default_is_the_cholesky_variant():
    x0 = np.array([[1.0, -2.0, 0.5]])
    default = BatchCMAES(x0, 0.7, seed=3, max_evals=600).optimize(sphere)
    chol = BatchCMAES(x0, 0.7, seed=3, max_evals=600, factorization="cholesky").optimize(sphere)
    np.testing.assert_array_equal(default.x, chol.x)
    assert BatchCMAES(x0, 0.7).engine.cholesky
    assert not BatchCMAES(x0, 0.7, factorization="eigen").engine.cholesky


@pytest.mark.parametrize("n", [7, 10, 13])  # specialised n (C++ skips a Cholesky factor's zeros) and run-time n
def test_batch_native_and_numba_runs_are_identical(n):
    """The drawing, Cholesky, update and record kernels of a whole batch run give the same bits in
    C++ and Numba, including instances whose covariance the Cholesky factorisation repairs."""
    backends = [b for b in kernel_backends("cma_update") if b in ("native", "numba")]
    if len(backends) < 2:
        pytest.skip("needs both the native and the numba backend")
    scales = 10.0 ** np.linspace(0, 6, n)

    def f(X):
        return ((scales * X) ** 2).sum(axis=-1) + np.round(X[..., 0], 1)

    out = []
    for backend in backends:
        es = BatchCMAES(np.random.default_rng(1).uniform(-2, 2, (9, n)), 1.0, seed=5, restarts=1, max_evals=8000,
                        backend=backend)
        for it in range(120):  # past c_sigma (g + 1) >= 21, where C++ skips the pow of h_sigma
            X, _ = es.ask()
            es.tell(f(X))
            if it == 30:  # a covariance that is not positive definite: repaired, its factor is not triangular
                es.engine.C[2] = -es.engine.C[2]
        e = es.engine
        out.append((e.mean, e.sigma, e.C, e.A, e.X, e.fbest, e.xbest, e.n_eval))
    for a, b in zip(*out):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("backend", [None, "numba", "reference", "xp"])
def test_many_instances_converge(backend):
    if backend in ("numba",) and backend not in kernel_backends("cma_update"):
        pytest.skip("numba not available")
    rng = np.random.default_rng(0)
    B, n = 50, 5
    es = BatchCMAES(rng.uniform(-4, 4, (B, n)), 2.0, seed=1, ftarget=1e-10, backend=backend)
    res = es.optimize(sphere)
    assert res.done.all() and (res.f <= 1e-10).all()
    assert res.stop_reason == ["ftarget"] * B
    assert res.x.shape == (B, n) and res.x_mean.shape == (B, n)
    single = [fmin(sphere, es.engine.x0[b], 2.0, seed=b, ftarget=1e-10, vectorized=True).n_eval for b in range(10)]
    assert 0.6 < np.median(res.n_eval) / np.median(single) < 1.6  # same algorithm per instance


def test_ask_tell_shapes_and_mask():
    es = BatchCMAES(np.zeros((3, 4)), [0.1, 0.2, 0.3], seed=0, popsize=6)
    X, mask = es.ask()
    assert X.shape == (3, 6, 4) and mask.shape == (3, 6) and mask.all()
    with pytest.raises(ValueError, match=r"F must have shape \(B, L\)=\(3, 6\)"):
        es.tell(np.zeros((3, 5)))
    es.tell(sphere(X))
    es.stop([1])
    X, mask = es.ask()
    assert not mask[1].any() and mask[[0, 2]].all()
    es.tell(sphere(X))
    assert es.stop_reasons == ["", "user", ""]
    assert es.done.tolist() == [False, True, False]


def test_per_instance_bounds_are_respected():
    lo = np.array([[0.0, 0.0], [-1.0, 2.0]])
    hi = np.array([[1.0, 1.0], [0.0, 3.0]])
    seen = []

    def f(X):
        seen.append(X.copy())
        return sphere(X - 10)

    es = BatchCMAES((lo + hi) / 2, 1.0, bounds=(lo, hi), seed=0, max_evals=300)
    es.optimize(f)
    X, _ = es.ask() if es.has_next() else (None, None)
    # every evaluated row lies in its own box
    res = es.result()
    assert ((res.x >= lo) & (res.x <= hi)).all()
    allX = np.concatenate(seen)
    assert (allX >= lo.min(axis=0)).all() and (allX <= hi.max(axis=0)).all()
    np.testing.assert_allclose(res.x, hi, atol=1e-3)  # the corner nearest to (10, 10)


def test_batch_errors():
    with pytest.raises(ValueError, match=r"x0s must have shape \(B, n\)"):
        BatchCMAES(np.zeros(3), 1.0)
    with pytest.raises(ValueError, match="sigma0s must be a scalar or have one value per instance"):
        BatchCMAES(np.zeros((2, 3)), [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="x0s must lie within the bounds"):
        BatchCMAES(np.zeros((2, 3)), 1.0, bounds=(1, 2))
    with pytest.raises(ValueError, match="restart_x0='uniform' needs finite bounds"):
        BatchCMAES(np.zeros((2, 3)), 1.0, restart_x0="uniform")
    es = BatchCMAES(np.zeros((1, 2)), 1.0, maxiter=1)
    es.optimize(sphere)
    with pytest.raises(RuntimeError, match="every instance has stopped"):
        es.ask()


def test_tchebycheff_batch_covers_a_front():
    problem = paretix.problems.get("zdt1", n_var=5)
    W = paretix.ref_dirs.das_dennis(2, 11)
    res = tchebycheff_batch(problem, W, seed=0, max_evals=12_000)
    assert res.feasible and len(res.X) >= 10
    pf = problem.pareto_front(2000)
    dist = np.sqrt(((res.F[:, None, :] - pf[None]) ** 2).sum(-1))
    gd = dist.min(axis=1)  # distance of each point to the front (about 1000 evaluations per weight)
    assert gd.max() < 0.02 and np.median(gd) < 1e-3, gd
    assert dist.min(axis=0).mean() < 0.1  # IGD: 12 weights spread along it
    assert paretix.is_nondominated(res.F).all()
    assert res.pop.X.shape == (len(W), 5) and res.n_eval <= 12_000 + 200


def test_tchebycheff_batch_constrained_and_archive():
    problem = paretix.problems.get("bnh")
    W = paretix.ref_dirs.das_dennis(2, 7)
    res = tchebycheff_batch(problem, W, seed=1, max_evals=6000, archive=True)
    assert res.feasible and (res.CV == 0).all()
    assert len(res.X) > len(W)  # the archive keeps more than the instances' best points
    with pytest.raises(ValueError, match=r"ref_dirs must have shape \(B, n_obj=2\)"):
        tchebycheff_batch(problem, np.ones((3, 3)))


def test_zero_violations_change_nothing():
    """tell(F) reads the sorted f and the best sample off the update's ranking; tell(F, cv=0)
    takes the general path (sort, argmin). Both must give the same runs, bit for bit."""
    def run(with_cv):
        rng = np.random.default_rng(5)
        es = BatchCMAES(rng.uniform(-3, 3, (5, 4)), 1.0, seed=8, restarts=2, max_evals=6000, popsize=7)
        while es.has_next():
            X, mask = es.ask()
            F = (X**2).sum(axis=2) + np.round(X[..., 0], 1)  # ties within a generation
            es.tell(F, np.zeros_like(F) if with_cv else None)
        return es.result()

    a, b = run(False), run(True)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.f, b.f)
    np.testing.assert_array_equal(a.n_eval, b.n_eval)
    assert a.stop_reason == b.stop_reason and [r["stop"] for r in a.runs] == [r["stop"] for r in b.runs]
