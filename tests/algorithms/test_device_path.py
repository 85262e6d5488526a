"""The device path of the generational algorithms, run on the CuPy stand-in ``tests/fakecupy.py``.

``minimize(..., device="cuda")`` imports the namespace named by ``paretix._array._CUDA_NAMESPACE``;
the ``cuda`` fixture points it at ``fakecupy``, whose arrays refuse NumPy functions and implicit
host conversion (TypeError) and count every transfer to the host. So these tests run the device
path of NSGA-III, NSGA-II, MOEA/D and HypE for real (only the arrays live in host memory), check
that nothing in the algorithms copies to the host inside a generation, and compare the quality
with the CPU runs. ``tests/gpu/test_device_end_to_end.py`` repeats the quality check with CuPy
on a GPU.

Kernels without a device implementation copy their inputs to the host and back (one
``BackendFallbackWarning`` each), so the tests ignore that warning; where they count transfers,
they count what happens inside kernel calls separately from the rest.
"""

from __future__ import annotations

import collections
import os
import sys

import fakecupy
import numpy as np
import pytest

import paretix
from paretix import _array
from paretix.evaluation import CheckpointError
from paretix.indicators import igd
from paretix.kernels import UNRANKED, crowding_distance

pytestmark = pytest.mark.filterwarnings("ignore::paretix.kernels.BackendFallbackWarning")

W3 = paretix.ref_dirs.das_dennis(3, 12)  # 91 directions

ALGORITHMS = {
    "nsga3": lambda: paretix.NSGA3(W3),
    "nsga2": lambda: paretix.NSGA2(92),
    "moead": lambda: paretix.MOEAD(W3),
    "moead_sequential": lambda: paretix.MOEAD(W3, variant="sequential"),
    "moead_de": lambda: paretix.MOEAD(W3, operator="de", max_replacements=2),
    "hype": lambda: paretix.HypE(92),
    "hype_one_shot": lambda: paretix.HypE(92, selection="one_shot", fitness="mc", n_samples=2000),
    # options with their own device code
    "nsga3_lhs": lambda: paretix.NSGA3(W3, sampling=paretix.operators.LatinHypercubeSampling()),
    "moead_normalized": lambda: paretix.MOEAD(W3, decomposition="normalized_tchebycheff", max_replacements=2),
    "moead_de_cr": lambda: paretix.MOEAD(W3, operator="de", CR=0.5),
    "hype_fixed_ref": lambda: paretix.HypE(92, ref_point=[2.0, 2.0, 2.0], mating="random"),
}


@pytest.fixture
def cuda(monkeypatch):
    """``device="cuda"`` runs on fakecupy; the transfer counters start at 0."""
    monkeypatch.setattr(_array, "_CUDA_NAMESPACE", "fakecupy")
    fakecupy.reset_counts()
    return fakecupy


@pytest.fixture
def transfers(monkeypatch, cuda):
    """Counts fakecupy's device-to-host copies (``"get"``) and scalar syncs (``"sync"``) by where
    they happen: inside a ``paretix.kernels`` call (``"kernel"``: the kernels' business) or
    anywhere else (``"own"``: the algorithms, operators, problems and evaluation)."""
    seen = {"get": collections.Counter(), "sync": collections.Counter()}
    kernels_dir = os.path.join("paretix", "kernels", "")

    def place():
        f = sys._getframe(2)
        while f is not None:
            if kernels_dir in f.f_code.co_filename:
                return "kernel"
            f = f.f_back
        return "own"

    def counted(name, kind):
        method = getattr(fakecupy.ndarray, name)

        def wrapper(self, *args):
            seen[kind][place()] += 1
            return method(self, *args)

        monkeypatch.setattr(fakecupy.ndarray, name, wrapper)

    counted("get", "get")
    for name in ("__bool__", "__int__", "__float__", "__index__", "item", "tolist"):
        counted(name, "sync")
    return seen


def _dtlz2():
    return paretix.problems.get("dtlz2", n_obj=3)


def _sphere():
    return paretix.Problem.from_functions(lambda X: (X**2).sum(axis=1), xl=[-1.0] * 3, xu=[1.0] * 3)


def _is_device(*arrays):
    return all(isinstance(a, fakecupy.ndarray) for a in arrays)


# -- running ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_minimize_on_device_returns_device_arrays(cuda, name):
    gens = 3 if name == "moead_sequential" else 6
    res = paretix.minimize(_dtlz2(), ALGORITHMS[name](), ("n_gen", gens), seed=1, device="cuda",
                           indicators={"n": lambda F: float(len(F))})
    assert res.n_gen == gens
    assert _is_device(res.X, res.F, res.G, res.H, res.CV)
    assert _is_device(*res.pop.arrays())
    assert len(res.pop) == (91 if name.startswith("moead") else 92)
    assert res.feasible and len(res.F) >= 10
    # history and indicators are host floats (the indicator saw a NumPy array)
    assert all(isinstance(v, np.ndarray) for v in res.history.values())
    assert res.history["n"][-1] == len(res.F)
    F = res.F.get()
    assert np.all(np.isfinite(F)) and F.shape[1] == 3


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_ask_tell_on_device(cuda, name):
    problem, algo = _dtlz2(), ALGORITHMS[name]()
    algo.setup(problem, seed=3, termination=("n_gen", 4), device="cuda")
    assert algo.device == "cuda" and algo.xp is fakecupy
    told_host = False
    while algo.has_next():
        X = algo.ask()
        assert isinstance(X, fakecupy.ndarray)
        if not told_host:  # values computed elsewhere, on the host: moved to the device by tell
            Xh = X.get()
            algo.tell(Xh, problem.evaluate(Xh).F)
            told_host = True
        else:
            algo.tell(problem.evaluate(X))
        assert _is_device(*algo.pop.arrays())
    res = algo.result()
    assert _is_device(res.X, res.F) and res.n_gen == 4


def test_same_seed_same_device_run(cuda):
    a = paretix.minimize(_dtlz2(), paretix.NSGA3(W3), ("n_gen", 8), seed=5, device="cuda")
    b = paretix.minimize(_dtlz2(), paretix.NSGA3(W3), ("n_gen", 8), seed=5, device="cuda")
    c = paretix.minimize(_dtlz2(), paretix.NSGA3(W3), ("n_gen", 8), seed=6, device="cuda")
    np.testing.assert_array_equal(a.pop.X.get(), b.pop.X.get())
    assert not np.array_equal(a.pop.X.get(), c.pop.X.get())


@pytest.mark.parametrize("handler", ["feasibility_first", "epsilon", "penalty"])
def test_constrained_problem_on_device(cuda, handler):
    problem = paretix.problems.get("mw2")
    W = paretix.ref_dirs.das_dennis(2, 99)
    res = paretix.minimize(problem, paretix.NSGA3(W, constraint_handler=handler), ("n_gen", 40), seed=1,
                           device="cuda")
    assert _is_device(res.X, res.G, res.CV)
    cv = paretix.constraints.constraint_violation(res.pop.G, res.pop.H)
    np.testing.assert_array_equal(res.pop.CV.get(), cv.get())
    host = paretix.minimize(problem, paretix.NSGA3(W, constraint_handler=handler), ("n_gen", 40), seed=1)
    # the same algorithm: the least violation in the final population is of the same order
    assert float(res.pop.CV.min()) <= 10 * float(host.pop.CV.min()) + 1e-3


# -- quality ------------------------------------------------------------------------------------------

QUALITY = {  # algorithm, problem, generations
    "nsga3": (lambda: paretix.NSGA3(W3), "dtlz2", 100),
    "nsga2": (lambda: paretix.NSGA2(100), "zdt1", 100),
    "moead": (lambda: paretix.MOEAD(W3), "dtlz2", 100),
    # the exact fitness: fakecupy emulates the Monte Carlo kernels thread by thread, 100x slower
    # than the CPU kernels (the defaults are compared on a GPU: tests/gpu/test_device_end_to_end.py)
    "hype": (lambda: paretix.HypE(92, fitness="exact"), "dtlz2", 40),
}


@pytest.mark.parametrize("name", sorted(QUALITY))
def test_device_quality_matches_cpu(cuda, name):
    make, pname, gens = QUALITY[name]
    problem = paretix.problems.get(pname, n_obj=3) if pname == "dtlz2" else paretix.problems.get(pname)
    Z = problem.pareto_front(W3) if pname == "dtlz2" else problem.pareto_front()
    values = {}
    for device in ("cpu", "cuda"):
        runs = [paretix.minimize(problem, make(), ("n_gen", gens), seed=s, device=device) for s in (1, 2, 3)]
        values[device] = np.median([igd(_array.to_numpy(r.F), Z) for r in runs])
    # the two devices draw different random numbers: the same algorithm, so the same quality
    assert values["cuda"] < 1.5 * values["cpu"] and values["cpu"] < 1.5 * values["cuda"], values


# -- no host round trip inside a generation ---------------------------------------------------------

def _one_generation(algo, problem):
    gen = algo.n_gen
    while algo.n_gen == gen:
        algo.tell(problem.evaluate(algo.ask()))


SCALABLE = {  # an algorithm for a given set of directions (the population grows with it)
    "nsga3": lambda W: paretix.NSGA3(W),
    "nsga2": lambda W: paretix.NSGA2(len(W) + 1),
    "moead": lambda W: paretix.MOEAD(W),
    "moead_de": lambda W: paretix.MOEAD(W, operator="de", max_replacements=2),
    "hype": lambda W: paretix.HypE(len(W) + 1, fitness="mc", n_samples=1000),
}


@pytest.mark.parametrize("name", sorted(SCALABLE))
def test_algorithms_make_no_host_copies(transfers, name):
    """Outside the kernels nothing is copied to the host during a generation (mating, variation,
    survival bookkeeping, the result set, the evaluation), and the scalar syncs are few and do
    not grow with the population."""
    problem = _dtlz2()
    syncs = {}
    for W in (W3, paretix.ref_dirs.das_dennis(3, 23)):  # 91 and 300 directions
        algo = SCALABLE[name](W).setup(problem, seed=1, termination=("n_gen", 10), device="cuda")
        for _ in range(3):
            _one_generation(algo, problem)
        transfers["get"].clear()
        transfers["sync"].clear()
        _one_generation(algo, problem)
        assert transfers["get"]["own"] == 0, transfers
        syncs[len(W)] = transfers["sync"]["own"]
    assert syncs[91] <= 15 and syncs[300] <= syncs[91] + 2, syncs


@pytest.mark.parametrize("name", ["nsga3", "nsga2", "moead", "moead_de", "hype"])
def test_generation_has_no_host_copy(transfers, name):
    """With the kernels' device paths, one generation copies nothing to the host at all."""
    problem, algo = _dtlz2(), SCALABLE[name](W3)
    algo.setup(problem, seed=1, termination=("n_gen", 10), device="cuda")
    for _ in range(3):
        _one_generation(algo, problem)
    fakecupy.reset_counts()
    _one_generation(algo, problem)
    assert fakecupy.counts["get"] == 0, transfers


def test_minimize_evaluates_on_the_device(transfers):
    """The run's evaluator hands a vectorized problem the device points: outside the kernels a
    generation of ``minimize`` copies nothing to the host."""
    per_gen = []

    def callback(algo):
        per_gen.append(transfers["get"]["own"])
        transfers["get"].clear()

    paretix.minimize(_dtlz2(), paretix.NSGA3(W3), ("n_gen", 5), seed=1, device="cuda", callback=callback)
    assert per_gen[1:] == [0, 0, 0, 0], per_gen


class _HostOnlyDTLZ2(paretix.Problem):
    host_only = True

    def __init__(self):
        self.inner = paretix.problems.get("dtlz2", n_obj=3)
        super().__init__(n_var=self.inner.n_var, n_obj=3, xl=0.0, xu=1.0)

    def _evaluate(self, X):
        if not isinstance(X, np.ndarray):
            raise TypeError("a host-only problem received a device array")
        return self.inner.evaluate(X).F


@pytest.mark.parametrize("evaluator", [None, "threads"])
def test_host_only_problems_and_evaluators_get_host_copies(cuda, evaluator):
    import concurrent.futures as cf

    problem = _HostOnlyDTLZ2() if evaluator is None else _dtlz2()
    with cf.ThreadPoolExecutor(2) as pool:
        res = paretix.minimize(problem, paretix.NSGA3(W3), ("n_gen", 4), seed=1, device="cuda",
                               evaluator=None if evaluator is None else pool)
    assert _is_device(res.F, res.pop.F)
    ref = paretix.minimize(_HostOnlyDTLZ2(), paretix.NSGA3(W3), ("n_gen", 4), seed=1, device="cuda")
    np.testing.assert_array_equal(res.pop.F.get(), ref.pop.F.get())  # where it is evaluated changes nothing


def test_device_evaluation_failures_take_the_host_path(cuda):
    class Flaky(paretix.Problem):
        def __init__(self):
            self.inner = paretix.problems.get("dtlz2", n_obj=3)
            super().__init__(n_var=self.inner.n_var, n_obj=3, xl=0.0, xu=1.0)

        def _evaluate(self, X):
            F = self.inner.evaluate(X).F
            xp = _array.get_xp(F)
            return xp.where(X[:, :1] > 0.95, xp.nan, F)  # NaN rows: failures, after the retries

    with pytest.warns(paretix.problems.EvaluationWarning):
        res = paretix.minimize(Flaky(), paretix.NSGA3(W3), ("n_gen", 5), seed=1, device="cuda", retries=0)
    assert res.n_failed > 0 and _is_device(res.pop.CV)
    assert all(f.status == "nan" for f in res.failures)


# -- choosing the device --------------------------------------------------------------------------

def test_auto_falls_back_to_cpu_without_cuda_kernels(cuda):
    assert not paretix.kernels.status("cuda").available  # this machine: no driver
    algo = paretix.NSGA3(W3).setup(_dtlz2(), seed=1, device="auto")
    assert algo.device == "cpu" and algo.xp is np
    res = paretix.minimize(_dtlz2(), paretix.NSGA3(W3), ("n_gen", 2), seed=1, device="auto")
    assert isinstance(res.F, np.ndarray)


def test_auto_picks_cuda_when_the_kernels_see_a_device(cuda, monkeypatch):
    monkeypatch.setattr(paretix.kernels, "status",
                        lambda name: paretix.kernels.BackendStatus(name, True, "test: a device"))
    assert paretix.NSGA3(W3).setup(_dtlz2(), device="auto").device == "cuda"
    # algorithms without a device path stay on the CPU
    assert paretix.CMAES([0.5] * 3, 0.3).setup(_sphere(), device="auto").device == "cpu"


def test_cpu_is_the_default_and_unchanged():
    a = paretix.minimize(_dtlz2(), paretix.NSGA3(W3), ("n_gen", 5), seed=2)
    b = paretix.minimize(_dtlz2(), paretix.NSGA3(W3), ("n_gen", 5), seed=2, device="cpu")
    assert isinstance(a.F, np.ndarray)
    np.testing.assert_array_equal(a.pop.X, b.pop.X)


@pytest.mark.parametrize("bad", ["gpu", "CUDA", None, 0])
def test_bad_device_values(bad):
    with pytest.raises(ValueError, match=r"device must be one of 'cpu', 'cuda', 'auto', got"):
        paretix.minimize(_dtlz2(), paretix.NSGA3(W3), ("n_gen", 2), device=bad)
    with pytest.raises(ValueError, match="device must be one of"):
        paretix.NSGA3(W3).setup(_dtlz2(), device=bad)


def test_cuda_without_cupy(monkeypatch):
    monkeypatch.setattr(_array, "_CUDA_NAMESPACE", "paretix_no_such_array_module")
    with pytest.raises(paretix.DeviceUnavailableError, match=r"device='cuda' needs CuPy.*device='cpu'"):
        paretix.minimize(_dtlz2(), paretix.NSGA3(W3), ("n_gen", 2), device="cuda")
    assert paretix.NSGA3(W3).setup(_dtlz2(), device="auto").device == "cpu"


def test_cuda_without_a_device(monkeypatch, cuda):
    monkeypatch.setattr(fakecupy.cuda.runtime, "getDeviceCount", lambda: 0)
    with pytest.raises(paretix.DeviceUnavailableError, match="reports no CUDA device"):
        paretix.NSGA3(W3).setup(_dtlz2(), device="cuda")


def test_cuda_on_an_algorithm_without_a_device_path(cuda):
    with pytest.raises(ValueError, match=r"device='cuda' is not supported by this algorithm"):
        paretix.CMAES([0.5] * 3, 0.3).setup(_sphere(), device="cuda")


# -- checkpoints ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["nsga3", "nsga2", "moead", "moead_sequential", "hype"])
def test_checkpoint_and_resume_a_device_run(cuda, tmp_path, name):
    gens = 4 if name == "moead_sequential" else 8
    problem = _dtlz2()
    whole = paretix.minimize(problem, ALGORITHMS[name](), ("n_gen", gens), seed=4, device="cuda")
    d = tmp_path / "run"
    stop = gens // 2
    paretix.minimize(problem, ALGORITHMS[name](), ("n_gen", gens), seed=4, device="cuda", checkpoint=d,
                     callback=lambda a: a.n_gen < stop)
    resumed = paretix.minimize(problem, ALGORITHMS[name](), ("n_gen", gens), seed=4, device="cuda", checkpoint=d,
                               resume=True)
    assert _is_device(resumed.pop.X) and resumed.n_gen == gens
    np.testing.assert_array_equal(resumed.pop.X.get(), whole.pop.X.get())
    np.testing.assert_array_equal(resumed.pop.F.get(), whole.pop.F.get())
    assert len(resumed.evaluations()) == whole.n_eval  # the journal got host copies of every point
    with pytest.raises(CheckpointError, match="device"):  # a device run continues on a device only
        paretix.minimize(problem, ALGORITHMS[name](), ("n_gen", gens), seed=4, checkpoint=d, resume=True)


def test_save_and_load_between_ask_and_tell(cuda, tmp_path):
    problem = _dtlz2()
    a = paretix.NSGA3(W3).setup(problem, seed=7, termination=("n_gen", 6), device="cuda")
    for _ in range(3):
        _one_generation(a, problem)
    X = a.ask()
    a.save(tmp_path / "ck")
    b = paretix.NSGA3(W3).load(tmp_path / "ck", problem, termination=("n_gen", 6), device="cuda")
    assert b.device == "cuda" and _is_device(b.pop.X, b._pending)
    np.testing.assert_array_equal(b._pending.get(), X.get())
    for algo in (a, b):
        algo.tell(problem.evaluate(algo._pending))
        while algo.has_next():
            _one_generation(algo, problem)
    np.testing.assert_array_equal(a.pop.F.get(), b.pop.F.get())


def test_default_termination_on_device(cuda, tmp_path):
    """The default criterion (movement of the result set) measures on the device, and its state
    goes through a checkpoint."""
    res = paretix.minimize(_dtlz2(), paretix.NSGA3(W3), None, seed=1, device="cuda", checkpoint=tmp_path / "ck",
                           callback=lambda a: a.n_gen < 5)
    assert res.n_gen == 5
    res = paretix.minimize(_dtlz2(), paretix.NSGA3(W3), None, seed=1, device="cuda", checkpoint=tmp_path / "ck",
                           resume=True, callback=lambda a: a.n_gen < 8)
    assert res.n_gen == 8 and _is_device(res.F)


def test_device_result_exports_and_archive(cuda, tmp_path):
    res = paretix.minimize(_dtlz2(), paretix.NSGA2(20), ("n_gen", 3), seed=1, device="cuda", archive=True)
    res.to_csv(tmp_path / "front.csv")
    res.to_csv(tmp_path / "pop.csv", which="pop")
    rows = (tmp_path / "pop.csv").read_text().splitlines()
    assert len(rows) == 21 and rows[0].startswith("x1,")
    cols = paretix.evaluation.read_evaluations(res.journal)
    assert len(cols["gen"]) == res.n_eval == 60
    archived = {row.tobytes() for row in cols["f"]}  # host copies of what the device evaluated
    assert all(row.tobytes() in archived for row in res.pop.F.get())


def test_mixed_variables_on_device(cuda):
    problem = paretix.Problem.from_functions(lambda X: X[:, :2] ** 2 + X[:, 2:3], xl=[-3, -1, 0], xu=[3, 1, 1],
                                             n_obj=2, var_types=["int", "real", [0.0, 0.25, 1.0]])
    res = paretix.minimize(problem, paretix.NSGA2(20), ("n_gen", 5), seed=1, device="cuda")
    X = res.pop.X.get()
    np.testing.assert_array_equal(X[:, 0], np.round(X[:, 0]))
    assert set(np.unique(X[:, 2])) <= {0.0, 0.25, 1.0}


def test_vectorized_batches_stay_on_the_device(cuda, tmp_path):
    """``Vectorized(batch_size=k)`` (to bound GPU memory) evaluates device slices in place; the
    run and its journal are those of one whole-population batch, except for the batch numbers."""
    seen = []

    class Recording(paretix.Problem):
        def __init__(self):
            self.inner = paretix.problems.get("dtlz2", n_obj=3)
            super().__init__(n_var=self.inner.n_var, n_obj=3, xl=0.0, xu=1.0)

        def _evaluate(self, X):
            seen.append((type(X), X.shape[0]))
            return self.inner.evaluate(X).F

    sliced = paretix.minimize(Recording(), paretix.NSGA3(W3), ("n_gen", 3), seed=1, device="cuda",
                              evaluator=paretix.evaluation.Vectorized(batch_size=40), checkpoint=tmp_path / "a")
    assert {t for t, _ in seen} == {fakecupy.ndarray} and [k for _, k in seen[:3]] == [40, 40, 12]
    whole = paretix.minimize(Recording(), paretix.NSGA3(W3), ("n_gen", 3), seed=1, device="cuda",
                             checkpoint=tmp_path / "b")
    np.testing.assert_array_equal(sliced.pop.F.get(), whole.pop.F.get())
    a, b = sliced.evaluations(), whole.evaluations()
    assert a["batch"].nunique() == 3 * b["batch"].nunique()
    same = ["batch", "time"]
    np.testing.assert_array_equal(a.drop(columns=same).to_numpy(), b.drop(columns=same).to_numpy())


def test_numpy_only_problem_on_a_device_run_warns_once(cuda):
    """A vectorized problem written with NumPy functions cannot take device arrays: the run warns
    once, evaluates it on host copies from then on, and is the run of a host-only problem."""

    class NumpyOnly(_HostOnlyDTLZ2):
        host_only = False
        calls = 0

        def _evaluate(self, X):
            NumpyOnly.calls += 1
            return np.asarray(self.inner.evaluate(np.asarray(X)).F)  # TypeError on device arrays

    with pytest.warns(paretix.problems.EvaluationWarning, match="raised on device arrays") as record:
        res = paretix.minimize(NumpyOnly(), paretix.NSGA3(W3), ("n_gen", 4), seed=1, device="cuda")
    assert len([w for w in record if "device arrays" in str(w.message)]) == 1
    assert NumpyOnly.calls == 4 + 1  # one failed device attempt, then host copies
    ref = paretix.minimize(_HostOnlyDTLZ2(), paretix.NSGA3(W3), ("n_gen", 4), seed=1, device="cuda")
    np.testing.assert_array_equal(res.pop.F.get(), ref.pop.F.get())


# -- device-only branches, run with NumPy against the CPU code they replace -------------------------

@pytest.mark.parametrize("case", ["plain", "infeasible_rows", "degenerate"])
def test_device_normalization_equals_the_cpu_one(case):
    """``NSGA3._update_normalization_xp`` (the hyperplane checks as masks) gives the CPU code's
    nadir, ideal, worst and extreme points, generation after generation."""
    rng = np.random.default_rng(3)
    problem = _dtlz2()
    cpu, dev = (paretix.NSGA3(W3).setup(problem, seed=1) for _ in range(2))
    for _ in range(6):
        F = rng.random((184, 3)) * 2 + 0.5
        if case == "degenerate":  # every point on one line: a singular hyperplane system
            F[:, 1] = F[:, 0]
            F[:, 2] = 1.0
        feasible = np.ones(len(F), dtype=bool)
        if case == "infeasible_rows":
            feasible[rng.random(len(F)) < 0.3] = False
        rank = paretix.pareto_rank(F)
        a = cpu._update_normalization(F, feasible, rank)
        b = dev._update_normalization_xp(F, feasible, rank)
        np.testing.assert_array_equal(a, b)
        for name in ("_ideal", "_worst", "_extremes"):
            np.testing.assert_array_equal(getattr(cpu, name), getattr(dev, name))
    assert cpu._update_normalization(F, np.zeros(len(F), bool), rank) is None
    assert dev._update_normalization_xp(F, np.zeros(len(F), bool), rank) is None


@pytest.mark.parametrize("constrained", [False, True])
def test_device_crowding_equals_the_cpu_one(constrained):
    """``NSGA2._crowding_xp`` (front sizes in one sync) gives the CPU loop's crowding distances."""
    rng = np.random.default_rng(5)
    algo = paretix.NSGA2(100).setup(_dtlz2(), seed=1)
    F = rng.random((200, 3))
    F[:20] = F[20:40]  # duplicates
    cv = np.where(rng.random(200) < 0.3, rng.random(200), 0.0) if constrained else None
    rank = paretix.pareto_rank(F, cv=cv, n_stop=100)
    expected = np.zeros(200)
    for r in np.unique(rank[rank != UNRANKED]):
        members = np.flatnonzero(rank == r)
        if cv is None or (cv[members] <= 0).all():
            expected[members] = crowding_distance(F[members])
    np.testing.assert_array_equal(algo._crowding_xp(F, cv, rank), expected)


def test_device_generator_prefers_philox():
    """``device_generator`` builds CuPy's Philox generator (cheap to seed once per step) where the
    namespace has one, and falls back to ``random.default_rng``."""
    import types

    made = []
    ns = types.SimpleNamespace(random=types.SimpleNamespace(
        Philox4x3210=lambda seed: ("philox", seed), Generator=lambda bits: made.append(bits) or "generator",
        default_rng=lambda seed: pytest.fail("default_rng used although Philox4x3210 exists")))
    assert _array.device_generator(ns, 7) == "generator" and made == [("philox", 7)]
    assert isinstance(_array.device_generator(fakecupy, 7), fakecupy.random.Generator)
