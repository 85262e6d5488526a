"""Whole runs on a GPU with CuPy: ``minimize(..., device="cuda")`` against the CPU run.

The device path is tested without a GPU in ``tests/algorithms/test_device_path.py`` (on the
CuPy stand-in ``tests/fakecupy.py``); these tests repeat the essentials with real CuPy arrays,
where CuPy's own functions, generator and math library run: the arrays stay CuPy arrays, a seed
gives the same run twice, a checkpointed run resumes exactly, the test problems give NumPy's
values, and the quality on DTLZ2 matches the CPU's. Skipped without a device (``gpu`` marker).
"""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.indicators import igd

pytestmark = [pytest.mark.gpu, pytest.mark.filterwarnings("ignore::paretix.kernels.BackendFallbackWarning")]

cp = pytest.importorskip("cupy")

W3 = paretix.ref_dirs.das_dennis(3, 12)  # 91 directions


def _dtlz2():
    return paretix.problems.get("dtlz2", n_obj=3)


QUALITY = {  # algorithm, generations (sized for scripts/gpu_check.sh's time budget)
    "nsga3": (lambda: paretix.NSGA3(W3), 100),
    "moead": (lambda: paretix.MOEAD(W3), 100),
    "hype": (lambda: paretix.HypE(92), 40),
}


@pytest.mark.parametrize("name", sorted(QUALITY))
def test_gpu_run_reaches_the_cpu_quality_on_dtlz2(name):
    make, gens = QUALITY[name]
    problem = _dtlz2()
    Z = problem.pareto_front(W3)
    values = {}
    for device in ("cpu", "cuda"):
        runs = [paretix.minimize(problem, make(), ("n_gen", gens), seed=s, device=device) for s in (1, 2, 3)]
        if device == "cuda":
            for r in runs:
                assert isinstance(r.F, cp.ndarray) and isinstance(r.pop.X, cp.ndarray)
                assert isinstance(r.history["cv_min"], np.ndarray)
        values[device] = float(np.median([igd(cp.asnumpy(r.F) if device == "cuda" else r.F, Z) for r in runs]))
    assert values["cuda"] < 1.5 * values["cpu"] and values["cpu"] < 1.5 * values["cuda"], values


def test_gpu_same_seed_same_run():
    a = paretix.minimize(_dtlz2(), paretix.NSGA3(W3), ("n_gen", 20), seed=5, device="cuda")
    b = paretix.minimize(_dtlz2(), paretix.NSGA3(W3), ("n_gen", 20), seed=5, device="cuda")
    np.testing.assert_array_equal(cp.asnumpy(a.pop.X), cp.asnumpy(b.pop.X))


@pytest.mark.parametrize("name", ["nsga3", "moead", "hype"])
def test_gpu_checkpoint_resume_is_exact(tmp_path, name):
    make = QUALITY[name][0]
    problem = _dtlz2()
    whole = paretix.minimize(problem, make(), ("n_gen", 12), seed=4, device="cuda")
    paretix.minimize(problem, make(), ("n_gen", 12), seed=4, device="cuda", checkpoint=tmp_path / "ck",
                     callback=lambda a: a.n_gen < 6)
    resumed = paretix.minimize(problem, make(), ("n_gen", 12), seed=4, device="cuda", checkpoint=tmp_path / "ck",
                               resume=True)
    assert isinstance(resumed.pop.F, cp.ndarray)
    np.testing.assert_array_equal(cp.asnumpy(resumed.pop.F), cp.asnumpy(whole.pop.F))


def test_gpu_ask_tell():
    problem, algo = _dtlz2(), paretix.NSGA3(W3)
    algo.setup(problem, seed=1, termination=("n_gen", 5), device="cuda")
    while algo.has_next():
        X = algo.ask()
        assert isinstance(X, cp.ndarray) and isinstance(algo._drng.bit_generator, cp.random.Philox4x3210)
        algo.tell(problem.evaluate(X))
    assert isinstance(algo.result().F, cp.ndarray)


SUITES = ([f"dtlz{i}" for i in range(1, 8)] + [f"zdt{i}" for i in (1, 2, 3, 4, 6)]
          + [f"wfg{i}" for i in range(1, 10)] + [f"mw{i}" for i in range(1, 15)])


@pytest.mark.parametrize("name", SUITES)
def test_gpu_problem_values_equal_numpy(name):
    p = paretix.problems.get(name, n_var=12, n_obj=3) if name.startswith("wfg") else paretix.problems.get(name)
    rng = np.random.default_rng(0)
    X = p.xl + rng.random((256, p.n_var)) * (p.xu - p.xl)
    host, dev = p.evaluate(X), p.evaluate(cp.asarray(X))
    for block in ("F", "G", "H", "CV"):
        d = getattr(dev, block)
        assert isinstance(d, cp.ndarray), block
        # CUDA's libm is not correctly rounded (a few ulp): looser than the stand-in's 1e-12
        np.testing.assert_allclose(cp.asnumpy(d), getattr(host, block), rtol=1e-9, atol=1e-12, err_msg=block)
