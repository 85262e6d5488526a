"""``paretix optimize``: the main job writes front, population, summary (and a plot when possible)."""

from __future__ import annotations

import csv
import json

import pytest

from paretix.cli import main


def test_optimize_writes_outputs(tmp_path, capsys):
    out = tmp_path / "run"
    code = main(["optimize", "--problem", "dtlz2", "--n-obj", "3", "--algorithm", "nsga3", "--pop", "92",
                 "--gens", "30", "--seed", "1", "--out", str(out), "--no-progress"])
    assert code == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["problem"]["name"] == "DTLZ2" and summary["algorithm"]["n_ref_dirs"] == 91
    assert summary["n_eval"] == 92 * 30 and summary["backend"] in ("native", "numba", "reference")
    assert summary["igd"] > 0 and summary["versions"]["paretix"]
    with open(out / "front.csv") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["x1", "x2"] and len(rows) - 1 == summary["n_front"]
    assert len((out / "population.csv").read_text().splitlines()) == 93
    printed = capsys.readouterr().out
    assert "NSGA3 on DTLZ2" in printed and "IGD" in printed
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert not (out / "front.png").exists()
    else:
        assert (out / "front.png").stat().st_size > 1000


def test_optimize_nsga2_two_objectives(tmp_path):
    assert main(["optimize", "--problem", "zdt1", "--algorithm", "nsga2", "--pop", "40", "--gens", "10",
                 "--seed", "2", "--out", str(tmp_path), "--no-progress"]) == 0
    assert json.loads((tmp_path / "summary.json").read_text())["n_eval"] == 400


def test_optimize_unknown_problem(tmp_path, capsys):
    assert main(["optimize", "--problem", "nope", "--out", str(tmp_path)]) == 2
    assert "unknown problem 'nope'" in capsys.readouterr().err


def test_optimize_requires_out(capsys):
    assert main(["optimize", "--problem", "zdt1"]) == 2
    assert "--out is required" in capsys.readouterr().err


@pytest.mark.filterwarnings("ignore::paretix.kernels.BackendFallbackWarning")
def test_optimize_on_a_device(tmp_path, monkeypatch):
    """``--device cuda`` runs the population on the device (here the CuPy stand-in) and writes
    the same run folder from host copies."""
    import fakecupy

    from paretix import _array

    monkeypatch.setattr(_array, "_CUDA_NAMESPACE", "fakecupy")
    out = tmp_path / "run"
    assert main(["optimize", "--problem", "dtlz2", "--n-obj", "3", "--pop", "92", "--gens", "10", "--seed", "1",
                 "--device", "cuda", "--out", str(out), "--no-progress", "--no-plot"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["device"] == "cuda" and summary["igd"] > 0 and summary["hypervolume"]["value"] > 0
    assert len((out / "population.csv").read_text().splitlines()) == 93
    assert fakecupy.counts["get"] > 0  # the folder was written from explicit host copies


def test_optimize_device_errors(tmp_path, capsys, monkeypatch):
    from paretix import _array

    monkeypatch.setattr(_array, "_CUDA_NAMESPACE", "paretix_no_such_array_module")
    args = ["optimize", "--problem", "zdt1", "--gens", "2", "--out", str(tmp_path), "--no-progress", "--no-plot"]
    assert main([*args, "--device", "cuda"]) == 2
    assert "--device: device='cuda' needs CuPy" in capsys.readouterr().err
    single = ["optimize", "--problem", "tension_spring_design", "--algorithm", "cmaes", "--gens", "2", "--out",
              str(tmp_path / "cma"), "--no-progress", "--no-plot", "--device", "cuda"]
    assert main(single) == 2
    assert "device='cuda' is not supported by this algorithm" in capsys.readouterr().err
    assert main([*args, "--device", "auto"]) == 0  # no CuPy: the CPU
    assert json.loads((tmp_path / "summary.json").read_text())["device"] == "cpu"
