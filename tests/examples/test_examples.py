"""Every script in examples/ runs, as a user runs it, on a small budget, and reaches its goal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(name, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARETIX_")}
    env["MPLBACKEND"] = "Agg"
    p = subprocess.run([sys.executable, str(EXAMPLES / name), *map(str, args)], capture_output=True, text=True,
                       timeout=300, env=env)
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_every_example_is_tested():
    tested = {"welded_beam.py", "tune_numpy_model.py", "large_population.py"}
    assert {p.name for p in EXAMPLES.glob("*.py")} == tested


def test_welded_beam_ends_with_one_design(tmp_path):
    out = run("welded_beam.py", "--pop", "40", "--gens", "30", "--out", tmp_path)
    assert re.search(r"^40 trade-off designs", out, re.MULTILINE)
    D = [float(v) for v in re.findall(r"^#\d: D = ([0-9.]+)", out, re.MULTILINE)]
    assert len(D) == 3 and D == sorted(D, reverse=True) and D[0] > 0.5
    assert (tmp_path / "front.csv").exists()


def test_tuning_picks_a_cheap_accurate_model():
    out = run("tune_numpy_model.py", "--pop", "16", "--gens", "6")
    m = re.search(r"^#1: D = ([0-9.]+)  RMSE ([0-9.]+), ([0-9.]+) MFLOP .* (\d+) features", out, re.MULTILINE)
    assert m, out
    D, rmse, mflop, features = float(m[1]), float(m[2]), float(m[3]), int(m[4])
    assert 0 < D <= 1 and rmse < 0.5 and mflop < 50 and 10 <= features <= 400


def test_large_population_of_1e5():
    out = run("large_population.py", "--pop", "100000", "--gens", "2")
    m = re.search(r"^200000 evaluations in .* (\d+) non-dominated points", out, re.MULTILINE)
    assert m and int(m[1]) > 100, out
