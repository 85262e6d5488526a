"""The engineer's workflow, driven as a user would: ``python -m paretix ...`` in a subprocess.

Own problem from a file (class, instance, function with --var bounds, elementwise function),
study files, plot, select, and the one-line errors for the mistakes people make.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from paretix.cli import main

DATA = Path(__file__).parent / "data"
HAS_MPL = importlib.util.find_spec("matplotlib") is not None


def paretix(*args, cwd=None):
    """Run ``python -m paretix ARGS`` like a user; returns the CompletedProcess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARETIX_")}
    env["MPLBACKEND"] = "Agg"
    return subprocess.run([sys.executable, "-m", "paretix", *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=env)


def rows(path):
    with open(path) as fh:
        return list(csv.DictReader(fh))


def test_class_in_a_file_then_plot_and_select(tmp_path):
    out = tmp_path / "run"
    p = paretix("optimize", "--problem", f"{DATA}/beam.py:TwoBar", "--algorithm", "nsga2", "--pop", "40",
                "--gens", "25", "--seed", "3", "--out", out, "--no-plot")
    assert p.returncode == 0, p.stderr
    assert "NSGA2 on TwoBar: 40 points in the front, 1000 evaluations" in p.stdout
    assert not list(out.glob("*.png"))
    front = rows(out / "front.csv")
    assert list(front[0])[:9] == ["x1", "x2", "x3", "f1", "f2", "g1", "cv", "feasible", "rank"]
    assert all(r["feasible"] == "True" and r["rank"] == "0" for r in front)
    hist = rows(out / "history.csv")
    assert [int(r["n_eval"]) for r in hist] == list(range(40, 1001, 40))
    hv = [float(r["hv"]) for r in hist if r["hv"] != "nan"]
    assert len(hv) >= 20 and hv[-1] >= hv[0] > 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["problem"]["n_ieq_constr"] == 1 and summary["settings"]["pop"] == 40
    assert summary["hypervolume"]["value"] == pytest.approx(hv[-1])

    p = paretix("select", out, "-d", "f1=DMin(0.004, 0.05)", "-d", "DMin(2e4, 1e5)", "--weights", "1", "2", "-k", "3")
    assert p.returncode == 0, p.stderr
    assert "3 design(s) of 40 chosen" in p.stdout
    chosen = rows(out / "selected.csv")
    assert len(chosen) == 3
    f1 = np.array([float(r["f1"]) for r in chosen])
    f2 = np.array([float(r["f2"]) for r in chosen])
    d1 = np.clip((0.05 - f1) / (0.05 - 0.004), 0, 1)
    d2 = np.clip((1e5 - f2) / (1e5 - 2e4), 0, 1)
    D = np.array([float(r["D"]) for r in chosen])
    np.testing.assert_allclose(D, (d1 * d2**2) ** (1 / 3), rtol=1e-12)
    assert (np.diff(D) <= 0).all()
    all_f = np.array([[float(r["f1"]), float(r["f2"])] for r in front])
    all_D = (np.clip((0.05 - all_f[:, 0]) / 0.046, 0, 1) * np.clip((1e5 - all_f[:, 1]) / 8e4, 0, 1) ** 2) ** (1 / 3)
    assert D[0] == pytest.approx(all_D.max())
    if HAS_MPL:
        p = paretix("plot", out)
        assert p.returncode == 0, p.stderr
        for name in ("front", "variables", "convergence", "desirability"):
            assert (out / f"{name}.png").stat().st_size > 5000, name


def test_function_with_bounds_and_study_file(tmp_path):
    shutil.copy(DATA / "beam.py", tmp_path / "beam.py")
    (tmp_path / "study.toml").write_text(
        'problem = "beam.py:circle"\nvar = ["0:1", "0:1", "-0.5:0.5"]\nalgorithm = "nsga3"\npop = 30\n'
        'gens = 15\nseed = 1\nout = "runs/circle"\nplot = false\n\n'
        '[desirability]\nfunctions = ["f1=DMin(0, 1)", "f2=DMin(0, 1.5)"]\nk = 2\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # run from another folder: the study's relative paths are relative to the study file
    p = paretix("optimize", tmp_path / "study.toml", "--seed", "2", cwd=elsewhere)
    assert p.returncode == 0, p.stderr
    out = tmp_path / "runs" / "circle"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["problem"]["n_var"] == 3 and summary["problem"]["n_ieq_constr"] == 1
    assert summary["settings"]["seed"] == 2 and summary["problem"]["xl"] == [0, 0, -0.5]
    pop = rows(out / "population.csv")
    X = np.array([[float(r[f"x{j}"]) for j in (1, 2, 3)] for r in pop])
    assert (X >= [0, 0, -0.5]).all() and (X <= [1, 1, 0.5]).all()
    g = np.array([float(r["g1"]) for r in pop])
    np.testing.assert_allclose(g, 0.25 - X[:, 0] ** 2 - X[:, 1] ** 2, rtol=1e-12)
    p = paretix("select", out, cwd=elsewhere)  # the [desirability] table of the study
    assert p.returncode == 0, p.stderr
    assert len(rows(out / "selected.csv")) == 2
    assert json.loads((out / "selection.json").read_text())["desirability"]["k"] == 2


def test_elementwise_function_and_cmaes(tmp_path):
    p = paretix("optimize", "--problem", f"{DATA}/beam.py:one_point", "--elementwise", "--var", "0:1",
                "--var", "-1:1", "--algorithm", "nsga2", "--pop", "12", "--gens", "3", "--out", tmp_path / "a",
                "--no-plot")
    assert p.returncode == 0, p.stderr
    assert json.loads((tmp_path / "a" / "summary.json").read_text())["n_eval"] == 36
    p = paretix("optimize", "--problem", f"{DATA}/beam.py:sphere", "--var", "-5:5", "--n-var", "3",
                "--algorithm", "cmaes", "--evals", "3000", "--seed", "1", "--out", tmp_path / "b", "--no-plot")
    assert p.returncode == 0, p.stderr
    assert float(rows(tmp_path / "b" / "front.csv")[0]["f1"]) < 1e-8
    assert "best f" in p.stdout
    assert rows(tmp_path / "b" / "history.csv")[-1]["f_best"] != "nan"


def test_errors_are_one_line_in_a_subprocess(tmp_path):
    p = paretix("optimize", "--problem", f"{DATA}/beam.py:transposed", "--var", "0:1", "--n-var", "3",
                "--out", tmp_path)
    assert p.returncode == 2
    assert p.stderr.count("\n") == 1 and "Traceback" not in p.stderr
    assert p.stderr.startswith("paretix optimize: error: transposed(X) returned F with shape (2, 3)")
    p = paretix("--traceback", "optimize", "--problem", f"{DATA}/beam.py:transposed", "--var", "0:1", "--n-var",
                "3", "--out", tmp_path)
    assert p.returncode == 1 and "Traceback" in p.stderr


BEAM = f"{DATA}/beam.py"


@pytest.mark.parametrize(("argv", "message"), [
    (["--problem", f"{DATA}/nothere.py:f"], "--problem: no such file"),
    (["--problem", f"{BEAM}:nope"], "has no 'nope'; it defines: TwoBar, two_bar, circle"),
    (["--problem", BEAM], "name the object: --problem"),
    (["--problem", f"{DATA}/broken.py:f"], "NameError: name 'undefined_name' is not defined (" + f"{DATA}/broken.py:3"),
    (["--problem", f"{BEAM}:circle"], "circle is a plain function: give its bounds with --var LOW:HIGH"),
    (["--problem", f"{BEAM}:circle", "--var", "0:a"], "--var #1 must be LOW:HIGH with two numbers, got '0:a'"),
    (["--problem", f"{BEAM}:circle", "--var", "1:0"], "finite LOW < HIGH"),
    (["--problem", f"{BEAM}:circle", "--var", "0:1", "--var", "0:1", "--n-var", "3"], "--n-var 3 does not match"),
    (["--problem", f"{BEAM}:flat", "--var", "0:1", "--n-var", "2"], "flat(X) returned F with shape (6,)"),
    (["--problem", f"{BEAM}:sphere", "--var", "0:1", "--n-obj", "2"], "returns 1 objective(s) but --n-obj 2"),
    (["--problem", f"{BEAM}:TwoBar", "--algorithm", "cmaes"], "cmaes minimises one objective but TwoBar has 2"),
    (["--problem", f"{BEAM}:TwoBar", "--n-obj", "3"], "TwoBar(n_obj=3) failed"),
    (["--problem", f"{BEAM}:two_bar", "--n-var", "3"], "two_bar is a Problem instance"),
    (["--problem", f"{BEAM}:TwoBar", "--var", "0:1"], "--var is for a plain function"),
    (["--problem", "nope"], "unknown problem 'nope'"),
    (["--problem", "zdt1", "--gens", "0"], "gens must be >= 1, got 0"),
    (["--problem", "zdt1", "--gens", "5", "--evals", "100"], "either gens or evals"),
    (["--problem", "zdt1"], "--out is required"),
    (["--problem", "zdt1", "--scheduler", "tcp://h:8786", "--evaluator", "processes"], "--scheduler needs --evaluator dask"),
    (["--problem", "zdt1", "--timeout", "5"], "timeout"),
    (["--problem", "dtlz2", "--n-obj", "1"], "problem 'dtlz2' does not take n_obj=1"),
])
def test_optimize_mistakes(argv, message, tmp_path, capsys):
    extra = [] if message == "--out is required" else ["--out", str(tmp_path / "r")]
    assert main(["optimize", *argv, *extra, "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("paretix optimize: error: ") and err.count("\n") == 1
    assert message in err


@pytest.mark.parametrize(("text", "message"), [
    ('problem = "zdt1"\npopsize = 10\n', "unknown key 'popsize' (did you mean 'pop'?)"),
    ('problem = "zdt1"\npop = "ten"\n', "pop must be an integer, got 'ten'"),
    ('problem = "zdt1"\nplot = 1\n', "plot must be true or false, got 1"),
    ('problem = zdt1\n', "invalid TOML"),
    ('problem = "zdt1"\n[desirability]\nfunction = []\n', "[desirability]: unknown key 'function' (did you mean"),
])
def test_study_file_mistakes(text, message, tmp_path, capsys):
    study = tmp_path / "study.toml"
    study.write_text(text + 'out = "r"\n' if "[" not in text else 'out = "r"\n' + text)
    assert main(["optimize", str(study)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err


def test_missing_study_file(tmp_path, capsys):
    assert main(["optimize", str(tmp_path / "nope.toml")]) == 2
    assert "no such study file" in capsys.readouterr().err


def test_optimize_with_hype(tmp_path):
    import json

    out = tmp_path / "h"
    assert main(["optimize", "--problem", "dtlz2", "--n-obj", "3", "--algorithm", "hype", "--pop", "16", "--gens",
                 "6", "--seed", "2", "--out", str(out), "--no-plot", "--no-progress"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert "HypE" in json.dumps(summary)
    assert len((out / "population.csv").read_text().splitlines()) == 17  # header + 16


def _small_run(tmp_path):
    out = tmp_path / "run"
    assert main(["optimize", "--problem", "zdt1", "--algorithm", "nsga2", "--pop", "20", "--gens", "5", "--seed",
                 "1", "--out", str(out), "--no-plot", "--no-progress"]) == 0
    return out


@pytest.mark.parametrize(("argv", "message"), [
    (["-d", "f1=DMn(0, 1)"], "unknown desirability function 'DMn'"),
    (["-d", "f1=DMin(0, 1"], "cannot read desirability"),
    (["-d", "f1=DMin(a, 1)"], "must be numbers, strings, lists or dicts"),
    (["-d", "f1=DMin(1, 0)"], "DMin(1, 0):"),
    (["-d", "f9=DMin(0, 1)"], "column 'f9' of 'f9=DMin(0, 1)' is not in front.csv"),
    (["-d", "DMin(0, 1)", "-d", "DMin(0, 1)", "-d", "DMin(0, 1)"], "there are only 2 objectives"),
    (["-d", "DMin(0, 1)", "--weights", "1", "2"], "2 weights for 1 desirability functions"),
    (["-d", "f1=DMin(0, 1)", "-d", "f1=DMax(0, 1)"], "column 'f1' has two desirability functions"),
    ([], "no desirability functions"),
    (["-d", "DMin(0, 1)", "-k", "0"], "k must be an integer >= 1"),
])
def test_select_mistakes(argv, message, tmp_path, capsys):
    out = _small_run(tmp_path)
    capsys.readouterr()
    assert main(["select", str(out), *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("paretix select: error: ") and err.count("\n") == 1 and message in err, err


def test_plot_and_select_need_a_run_folder(tmp_path, capsys):
    assert main(["select", str(tmp_path / "none"), "-d", "DMin(0, 1)"]) == 2
    assert "no such run folder" in capsys.readouterr().err
    if HAS_MPL:
        assert main(["plot", str(tmp_path)]) == 2
        assert "has no summary.json" in capsys.readouterr().err


def test_var_accepts_negative_bounds(tmp_path):
    assert main(["optimize", "--problem", f"{BEAM}:sphere", "--var", "-2:-1", "--n-var", "2", "--algorithm",
                 "nsga2", "--pop", "8", "--gens", "2", "--out", str(tmp_path), "--no-plot", "--no-progress"]) == 0
    assert json.loads((tmp_path / "summary.json").read_text())["problem"]["xu"] == [-1.0, -1.0]


@pytest.mark.parametrize("command", ["optimize", "plot", "select", "info"])
def test_help_ends_with_examples(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out.rstrip()
    tail = text[text.rindex("examples:"):].splitlines()
    assert len(tail) >= 3 and all(line.strip().startswith("paretix ") for line in tail[1:])
    assert text.splitlines()[-1].strip().startswith(f"paretix {command}")


def test_killed_run_resumes_to_the_same_front(tmp_path):
    common = ["optimize", "--problem", f"{DATA}/killable.py:Killable", "--algorithm", "nsga2", "--pop", "16",
              "--gens", "12", "--seed", "5", "--no-plot"]
    p = paretix(*common, "--out", tmp_path / "whole")
    assert p.returncode == 0, p.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARETIX_")}
    killed = subprocess.run([sys.executable, "-m", "paretix", *common, "--out", str(tmp_path / "cut"),
                             "--checkpoint"], env={**env, "KILL_AT": "7"}, capture_output=True, text=True,
                            timeout=120)
    assert killed.returncode == -9
    assert (tmp_path / "cut" / "evaluations.sqlite").exists() and not (tmp_path / "cut" / "front.csv").exists()
    p = paretix(*common, "--out", tmp_path / "cut", "--resume")
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "cut" / "front.csv").read_text() == (tmp_path / "whole" / "front.csv").read_text()
    assert (tmp_path / "cut" / "population.csv").read_text() == (tmp_path / "whole" / "population.csv").read_text()
    summary = json.loads((tmp_path / "cut" / "summary.json").read_text())
    assert summary["checkpoint"] == str(tmp_path / "cut") and summary["n_eval"] == 16 * 12
    p = paretix(*common, "--out", tmp_path / "cut", "--checkpoint")
    assert p.returncode == 2 and "already holds a run: pass --resume" in p.stderr


def test_process_pool_evaluates_a_class_from_a_file(tmp_path):
    study = tmp_path / "study.toml"
    study.write_text(f'problem = "{DATA}/beam.py:TwoBar"\nalgorithm = "nsga2"\npop = 12\ngens = 3\nseed = 4\n'
                     'evaluator = "processes"\nworkers = 2\nplot = false\nout = "pp"\n')
    p = paretix("optimize", study)
    assert p.returncode == 0, p.stderr
    p2 = paretix("optimize", study, "--evaluator", "vectorized", "--workers", "0", "--out", tmp_path / "vec")
    assert p2.returncode == 2 and "workers must be >= 1" in p2.stderr
    p2 = paretix("optimize", study, "--evaluator", "vectorized", "--out", tmp_path / "vec")
    assert p2.returncode == 2 and "--workers needs --evaluator processes or dask" in p2.stderr
    (tmp_path / "s2.toml").write_text(study.read_text().replace('evaluator = "processes"\nworkers = 2\n', ""))
    p2 = paretix("optimize", tmp_path / "s2.toml", "--out", tmp_path / "vec")
    assert p2.returncode == 0, p2.stderr
    assert (tmp_path / "pp" / "front.csv").read_text() == (tmp_path / "vec" / "front.csv").read_text()


def test_moead_from_the_command_line(tmp_path):
    out = tmp_path / "m"
    assert main(["optimize", "--problem", "dtlz2", "--n-obj", "3", "--algorithm", "moead", "--partitions", "6",
                 "--gens", "20", "--seed", "1", "--out", str(out), "--no-plot", "--no-progress"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["algorithm"]["name"] == "MOEAD" and summary["n_eval"] == 20 * 28  # 28 directions
    assert (out / "front.csv").read_text().count("\n") > 20
