"""Evaluators (vectorized, processes, Executor, Dask) and failure handling through minimize."""

from __future__ import annotations

import concurrent.futures as cf
import sys

import numpy as np
import pytest

import paretix
from paretix.evaluation import Dask, EvaluationError, ProcessPool, Vectorized
from paretix.problems import EvaluationWarning

import evalprobs


def _same(a, b):
    for x, y in zip(a.pop.arrays(), b.pop.arrays()):
        assert np.array_equal(x, y, equal_nan=True)
    assert a.n_eval == b.n_eval and a.n_gen == b.n_gen


def _nsga2(problem, **kw):
    return paretix.minimize(problem, paretix.NSGA2(pop_size=24), ("n_gen", 6), seed=3, **kw)


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def test_process_pool_and_executors_give_the_vectorized_run_bit_for_bit():
    problem = evalprobs.ZDT1Like()
    ref = _nsga2(problem)
    _same(ref, _nsga2(problem, evaluator="vectorized"))
    _same(ref, _nsga2(problem, evaluator=Vectorized(batch_size=7)))
    _same(ref, _nsga2(problem, evaluator=ProcessPool(n_workers=2, batch_size=5)))
    with cf.ThreadPoolExecutor(3) as ex:
        _same(ref, _nsga2(problem, evaluator=ex))
    assert ref.failures == [] and ref.n_failed == 0


def test_every_algorithm_runs_through_an_evaluator():
    problem = evalprobs.ZDT1Like(n_var=3)
    sphere = evalprobs.Sphere()
    with cf.ThreadPoolExecutor(2) as ex:
        for prob, make, term in [
            (problem, lambda: paretix.NSGA3(paretix.ref_dirs.das_dennis(2, 11)), ("n_gen", 5)),
            (sphere, lambda: paretix.CMAES(np.ones(5), 1.0), ("n_gen", 20)),
        ]:
            a = paretix.minimize(prob, make(), term, seed=5)
            b = paretix.minimize(prob, make(), term, seed=5, evaluator=ex)
            _same(a, b)
            assert np.array_equal(a.X, b.X)


def test_dask_local_cluster_matches_vectorized(dask_client):
    problem = evalprobs.ZDT1Like()
    ref = _nsga2(problem)
    _same(ref, _nsga2(problem, evaluator=Dask(dask_client, batch_size=4)))
    _same(ref, _nsga2(problem, evaluator=dask_client.scheduler.address and Dask(dask_client.scheduler.address)))


def test_embedded_dask_cluster_is_started_and_closed():
    pytest.importorskip("distributed")
    ev = Dask(n_workers=1)
    res = paretix.minimize(evalprobs.ZDT1Like(), paretix.NSGA2(pop_size=8), ("n_gen", 2), seed=1, evaluator=ev)
    assert res.n_eval == 16
    assert ev.client is None and ev._cluster is None


def test_a_dask_worker_killed_mid_run_loses_no_point(dask_client, tmp_path):
    marker = tmp_path / "killed"
    problem = evalprobs.ZDT1Like(kill_marker=str(marker))
    ref = _nsga2(evalprobs.ZDT1Like())
    res = _nsga2(problem, evaluator=Dask(dask_client, batch_size=6))
    assert marker.exists()  # a worker did kill itself
    assert res.n_failed == 0
    _same(ref, res)


def test_a_cancelled_dask_future_is_a_failed_evaluation_not_a_crash(dask_client):
    """The scheduler may cancel futures after a worker dies ("already forgotten"); distributed.wait
    then raises. The evaluator reports such a batch as failed (the runner retries it)."""
    ev = Dask(dask_client, batch_size=4)
    ev.open(evalprobs.ZDT1Like(sleep=2.0))
    try:
        ev.submit(7, np.full((2, 4), 0.5), None)
        next(iter(ev._running)).cancel()
        out = ev.wait(30.0)
        assert [task for task, _ in out] == [7]
        assert out[0][1].kind == "lost" and out[0][1].error_type == "CancelledError"
    finally:
        ev.close()


def test_raising_points_are_recorded_as_infeasible_and_the_run_goes_on():
    problem = evalprobs.ZDT1Like(raise_above=0.9)
    with pytest.warns(EvaluationWarning, match="failed"):
        res = _nsga2(problem, evaluator=ProcessPool(n_workers=2), archive=True)
    assert res.n_failed == len(res.failures) > 0
    f = res.failures[0]
    assert f.status == "error" and f.error_type == "ValueError" and "diverged" in f.message
    assert f.x[0] > 0.9 and f.attempts == 3  # its batch, then alone twice (retries=1)
    assert np.isfinite(res.F).all() and (res.X[:, 0] <= 0.9).all()
    frame = res.evaluations()
    assert len(frame) == res.n_eval
    bad = frame[frame.status == "error"]
    assert len(bad) == res.n_failed and np.isinf(bad.cv).all() and bad.f1.isna().all()


def test_on_error_raise_re_raises_the_users_exception_with_the_point():
    problem = evalprobs.ZDT1Like(raise_above=0.9)
    with pytest.raises(ValueError, match="diverged") as info:
        _nsga2(problem)  # the vectorized default raises
    assert any("raised while evaluating x = [0.9" in note for note in info.value.__notes__)
    with pytest.raises(ValueError, match="diverged"):
        _nsga2(problem, evaluator=ProcessPool(n_workers=1), on_error="raise", retries=0)


def test_nan_points_are_retried_then_recorded():
    problem = evalprobs.ZDT1Like(nan_above=0.95)
    with pytest.warns(EvaluationWarning, match=r"failed \(nan\)"):
        res = _nsga2(problem, retries=2)
    assert res.n_failed > 0
    assert all(f.status == "nan" and f.attempts == 3 and f.x[0] > 0.95 for f in res.failures)
    with pytest.warns(EvaluationWarning):
        _same(res, _nsga2(problem, retries=2, evaluator=ProcessPool(n_workers=2)))


def test_retries_recover_flaky_evaluations():
    res = _nsga2(evalprobs.Flaky(), on_error="record")
    assert res.n_failed == 0
    with pytest.raises(OSError, match="licence"):
        _nsga2(evalprobs.Flaky(), retries=0, evaluator=Vectorized(batch_size=1))


def test_a_hanging_evaluation_times_out_and_its_worker_is_replaced():
    problem = evalprobs.ZDT1Like(hang_above=0.97)
    with pytest.warns(EvaluationWarning, match="timeout"):
        res = paretix.minimize(problem, paretix.NSGA2(pop_size=12), ("n_gen", 3), seed=11,
                               evaluator=ProcessPool(n_workers=2, batch_size=3), timeout=0.5, retries=0)
    assert res.n_failed >= 1
    assert all(f.status == "timeout" and f.x[0] > 0.97 for f in res.failures)
    with pytest.raises(EvaluationError, match="timeout"):
        paretix.minimize(problem, paretix.NSGA2(pop_size=12), ("n_gen", 3), seed=11,
                         evaluator=ProcessPool(n_workers=1, batch_size=1), timeout=0.3, retries=0, on_error="raise")


def test_a_dead_process_worker_loses_only_its_batch(tmp_path):
    marker = tmp_path / "killed"
    ref = _nsga2(evalprobs.ZDT1Like())
    res = _nsga2(evalprobs.ZDT1Like(kill_marker=str(marker)), evaluator=ProcessPool(n_workers=2))
    assert marker.exists() and res.n_failed == 0
    _same(ref, res)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"evaluator": "threads"}, ValueError, "evaluator must be None, 'vectorized', 'processes', 'dask'"),
    ({"on_error": "ignore"}, ValueError, "on_error must be 'raise', 'record'"),
    ({"retries": -1}, ValueError, "retries must be an int >= 0"),
    ({"timeout": 0}, ValueError, "timeout must be a positive number"),
    ({"timeout": 5}, ValueError, "timeout needs an evaluator"),
    ({"evaluator": ProcessPool(n_workers=1), "timeout": "1"}, ValueError, "timeout must be a positive"),
])
def test_bad_arguments_are_named(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        _nsga2(evalprobs.ZDT1Like(), **kwargs)


def test_evaluator_constructors_check_their_arguments():
    with pytest.raises(ValueError, match="n_workers must be a positive int"):
        ProcessPool(n_workers=0)
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        ProcessPool(batch_size=0)
    with pytest.raises(ValueError, match="mp_context must be one of"):
        ProcessPool(mp_context="threads")
    with pytest.raises(TypeError, match="client must be None, a distributed.Client"):
        Dask(client=3)


def test_dask_missing_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match=r"pip install 'paretix\[dask\]'"):
        _nsga2(evalprobs.ZDT1Like(), evaluator="dask")


def test_evaluations_needs_an_archive():
    res = _nsga2(evalprobs.ZDT1Like())
    with pytest.raises(RuntimeError, match="archive=True"):
        res.evaluations()
