"""Checkpoints and the evaluation journal: SIGKILL and resume, mismatched and corrupt checkpoints,
save/load for ask/tell users."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import paretix
from paretix.evaluation import CheckpointError, JournalError, Vectorized
from paretix.evaluation._journal import read_journal

import evalprobs

HERE = os.path.dirname(os.path.abspath(__file__))

SETUPS = {
    # name: (problem kwargs, algorithm factory source, termination, batch size)
    "nsga3": (("dtlz2", {"n_obj": 3}), "paretix.NSGA3(paretix.ref_dirs.das_dennis(3, 6))", ("n_gen", 8), 10),
    "nsga2": (("zdt1", {}), "paretix.NSGA2(pop_size=20)", ("n_gen", 8), 7),
    "cmaes": (("sphere", {"n_var": 6}), "paretix.CMAES(np.full(6, 2.0), 1.0)", ("n_gen", 15), 4),
    "hype": (("dtlz2", {"n_obj": 3}), "paretix.HypE(pop_size=16, fitness='mc', n_samples=2000)", ("n_gen", 8), 6),
    "moead": (("dtlz2", {"n_obj": 3}), "paretix.MOEAD(paretix.ref_dirs.das_dennis(3, 6), max_replacements=2)",
              ("n_gen", 8), 10),
    "moead_seq": (("zdt1", {}), "paretix.MOEAD(paretix.ref_dirs.das_dennis(2, 11), variant='sequential', "
                  "max_replacements=2)", ("n_gen", 4), 5),
}


def _algo(name):
    return eval(SETUPS[name][1], {"paretix": paretix, "np": np})


def _run(name, path=None, **kw):
    (pname, pkw), _, term, bs = SETUPS[name]
    return paretix.minimize(evalprobs.Killable(pname, **pkw), _algo(name), term, seed=7,
                            evaluator=Vectorized(batch_size=bs), checkpoint=path, **kw)


def _run_killed(name, path, kill_at, every=1):
    """Run (resume) in a child process that SIGKILLs itself at its ``kill_at``-th batch."""
    (pname, pkw), algo, term, bs = SETUPS[name]
    code = textwrap.dedent(f"""
        import numpy as np, paretix, evalprobs
        from paretix.evaluation import Vectorized
        paretix.minimize(evalprobs.Killable({pname!r}, **{pkw!r}), {algo}, {term!r}, seed=7,
                         evaluator=Vectorized(batch_size={bs}), checkpoint={str(path)!r}, checkpoint_every={every},
                         resume=True)
    """)
    env = dict(os.environ, PARETIX_TEST_KILL_AT=str(kill_at), PYTHONPATH=HERE + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr  # killed by SIGKILL, not finished or crashed


def _same_run(a, b):
    for x, y in zip(a.pop.arrays(), b.pop.arrays()):
        assert np.array_equal(x, y)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.F, b.F)
    assert (a.n_eval, a.n_gen) == (b.n_eval, b.n_gen)
    for key in a.history:
        if key != "time":
            assert np.array_equal(a.history[key], b.history[key]), key


@pytest.mark.parametrize("name, kills, every", [
    ("nsga3", [2], 1),          # inside generation 1, before any state was written
    ("nsga3", [11, 5], 1),      # mid-generation 4, then again in generation 5 (two resumes)
    ("cmaes", [23, 10], 1),
    ("hype", [9, 14], 1),       # Monte Carlo fitness: the seeds come from the restored generator
    ("nsga2", [9, 8], 3),       # states every 3 generations: the journal replays the rest
    ("moead", [12, 6], 1),
    ("moead_seq", [17, 9], 1),  # one point per ask: killed inside generations 2 and 3
])
def test_a_run_killed_by_sigkill_and_resumed_equals_an_uninterrupted_run(tmp_path, name, kills, every):
    ref = _run(name)
    path = tmp_path / "run"
    for kill_at in kills:
        _run_killed(name, path, kill_at, every)
    journaled = len(read_journal(path / "evaluations.sqlite")["gen"])
    assert journaled > 0 or kills == [2]
    before = evalprobs.COUNTS["points"]
    res = _run(name, path, resume=True, checkpoint_every=every)
    evaluated = evalprobs.COUNTS["points"] - before
    _same_run(ref, res)
    assert evaluated == ref.n_eval - journaled  # nothing the journal held was evaluated again
    if name == "cmaes":
        assert np.array_equal(ref.x_mean, res.x_mean) and ref.sigma == res.sigma
        assert ref.runs == res.runs
    frame = res.evaluations()
    assert len(frame) == ref.n_eval and (frame.status == "ok").all()
    assert sorted(zip(frame.gen, frame.row)) == sorted({(g, r) for g, r in zip(frame.gen, frame.row)})


def test_resume_of_a_finished_run_returns_its_result_without_evaluating(tmp_path):
    first = _run("nsga2", tmp_path / "r")
    before = evalprobs.COUNTS["points"]
    again = _run("nsga2", tmp_path / "r", resume=True)
    assert evalprobs.COUNTS["points"] == before
    _same_run(first, again)


def test_failures_survive_a_resume(tmp_path):
    problem = evalprobs.ZDT1Like(nan_above=0.9)
    kw = dict(termination=("n_gen", 6), seed=2, retries=0)
    with pytest.warns(paretix.problems.EvaluationWarning):
        ref = paretix.minimize(problem, paretix.NSGA2(pop_size=16), **kw)
    with pytest.warns(paretix.problems.EvaluationWarning):
        paretix.minimize(problem, paretix.NSGA2(pop_size=16), **dict(kw, termination=("n_gen", 6)),
                         checkpoint=tmp_path / "f", callback=lambda a: a.n_gen < 3)
    res = paretix.minimize(problem, paretix.NSGA2(pop_size=16), **kw, checkpoint=tmp_path / "f", resume=True)
    assert res.n_failed == ref.n_failed > 0
    key = lambda f: (f.gen, f.x.tobytes())  # noqa: E731
    assert [key(f) for f in sorted(res.failures, key=key)] == [key(f) for f in sorted(ref.failures, key=key)]


def test_a_new_run_in_a_used_directory_is_refused(tmp_path):
    _run("nsga2", tmp_path / "r")
    with pytest.raises(CheckpointError, match="already holds a run: pass resume=True"):
        _run("nsga2", tmp_path / "r")


@pytest.mark.parametrize("change, match", [
    ({"algorithm": "paretix.NSGA2(pop_size=24)"}, r"algorithm\.config\.pop_size: checkpoint 20, now 24"),
    ({"seed": 8}, r"seed: checkpoint 7, now 8"),
    ({"problem": ("zdt2", {})}, r"problem\.attrs\.inner"),
    ({"termination": ("n_gen", 9)}, r"termination: checkpoint"),
])
def test_resuming_another_run_is_refused(tmp_path, change, match):
    _run("nsga2", tmp_path / "r")
    (pname, pkw), algo, term, bs = SETUPS["nsga2"]
    pname, pkw = change.get("problem", (pname, pkw))
    algorithm = eval(change.get("algorithm", algo), {"paretix": paretix})
    with pytest.raises(CheckpointError, match=match):
        paretix.minimize(evalprobs.Killable(pname, **pkw), algorithm, change.get("termination", term),
                         seed=change.get("seed", 7), checkpoint=tmp_path / "r", resume=True)


def test_corrupt_or_truncated_files_give_clear_errors(tmp_path):
    path = tmp_path / "r"
    _run("nsga2", path)
    state = json.loads((path / "state.json").read_text())
    npz = path / state["arrays"]
    blob = npz.read_bytes()
    npz.write_bytes(blob[: len(blob) // 2])
    with pytest.raises(CheckpointError, match="corrupt or truncated"):
        _run("nsga2", path, resume=True)
    npz.unlink()
    with pytest.raises(CheckpointError, match="cannot be read"):
        _run("nsga2", path, resume=True)
    (path / "state.json").write_text('{"format": "paretix-checkpoint", "vers')
    with pytest.raises(CheckpointError, match="not readable JSON"):
        _run("nsga2", path, resume=True)
    (path / "state.json").write_text(json.dumps(dict(state, version=99)))
    with pytest.raises(CheckpointError, match="format version 99"):
        _run("nsga2", path, resume=True)
    (path / "run.json").write_text("[]")
    with pytest.raises(CheckpointError, match="not a paretix checkpoint file"):
        _run("nsga2", path, resume=True)


def test_a_corrupt_journal_gives_a_clear_error(tmp_path):
    path = tmp_path / "r"
    _run("nsga2", path)
    for suffix in ("", "-wal", "-shm"):
        if (path / f"evaluations.sqlite{suffix}").exists():
            (path / f"evaluations.sqlite{suffix}").unlink()
    (path / "evaluations.sqlite").write_bytes(b"not a database" * 100)
    with pytest.raises(JournalError, match="not a readable paretix evaluation journal"):
        _run("nsga2", path, resume=True)


def test_checkpoint_arguments_are_checked(tmp_path):
    with pytest.raises(ValueError, match="checkpoint_every must be a positive int"):
        _run("nsga2", tmp_path / "a", checkpoint_every=0)
    with pytest.raises(ValueError, match="resume=True needs checkpoint=DIR"):
        _run("nsga2", None, resume=True)
    (tmp_path / "file").write_text("x")
    with pytest.raises(CheckpointError, match="must be a directory"):
        _run("nsga2", tmp_path / "file")


def test_a_run_without_seed_records_one_and_resumes(tmp_path):
    problem = evalprobs.ZDT1Like()
    first = paretix.minimize(problem, paretix.NSGA2(pop_size=10), ("n_gen", 4), checkpoint=tmp_path / "s",
                             callback=lambda a: a.n_gen < 2)
    assert isinstance(first.seed, int)
    res = paretix.minimize(problem, paretix.NSGA2(pop_size=10), ("n_gen", 4), checkpoint=tmp_path / "s", resume=True)
    ref = paretix.minimize(problem, paretix.NSGA2(pop_size=10), ("n_gen", 4), seed=first.seed)
    _same_run(ref, res)


def _same_state(a: dict, b: dict):
    """Every entry restored (the elapsed time aside)."""
    assert sorted(a) == sorted(b)
    for key in a:
        if key == "elapsed":
            continue
        if isinstance(a[key], np.ndarray):
            assert a[key].dtype == b[key].dtype and np.array_equal(a[key], b[key], equal_nan=True), key
        else:
            assert json.dumps(a[key]) == json.dumps(b[key]), key


def _ask_tell(algo, problem, n):
    for _ in range(n):
        algo.tell(problem.evaluate(algo.ask()))


@pytest.mark.parametrize("make, problem", [
    (lambda: paretix.NSGA3(paretix.ref_dirs.das_dennis(2, 9), constraint_handler="epsilon"),
     paretix.problems.get("mw1")),
    (lambda: paretix.NSGA3(paretix.ref_dirs.das_dennis(3, 4)), paretix.problems.get("dtlz2", n_obj=3)),
    (lambda: paretix.NSGA2(pop_size=12), paretix.problems.get("zdt1")),
    (lambda: paretix.HypE(pop_size=12, selection="one_shot"), paretix.problems.get("c2dtlz2")),
    (lambda: paretix.MOEAD(paretix.ref_dirs.das_dennis(2, 11), variant="sequential", max_replacements=2),
     paretix.problems.get("zdt1")),
    (lambda: paretix.MOEAD(paretix.ref_dirs.das_dennis(3, 4), decomposition="normalized_tchebycheff"),
     paretix.problems.get("dtlz2", n_obj=3)),
    (lambda: paretix.CMAES(np.full(4, 1.0), 0.5, bounds=(-1, 3), bounds_method="penalty"), evalprobs.Sphere(4)),
])
def test_ask_tell_users_save_and_load(tmp_path, make, problem):
    ref = make().setup(problem, seed=3, termination=("n_gen", 50))
    _ask_tell(ref, problem, 8)
    algo = make().setup(problem, seed=3, termination=("n_gen", 50))
    _ask_tell(algo, problem, 4)
    X = algo.ask()
    algo.save(tmp_path / "a")  # between ask and tell
    loaded = make().load(tmp_path / "a", problem, termination=("n_gen", 50))
    _same_state(algo._get_state(), loaded._get_state())
    loaded.tell(problem.evaluate(X))
    _ask_tell(loaded, problem, 3)
    a, b = ref.result(), loaded.result()
    _same_run(a, b)
    with pytest.raises(CheckpointError, match="seed: checkpoint 3, now 4"):
        make().setup(problem, seed=4, termination=("n_gen", 50)).load(tmp_path / "a")
    with pytest.raises(CheckpointError, match="no saved state"):
        make().load(tmp_path / "missing", problem)
