"""The API reference (docs/api, Sphinx autodoc + napoleon) builds from the docstrings without a
warning: a malformed docstring fails here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx")

API = Path(__file__).resolve().parents[2] / "docs" / "api"


def test_api_reference_builds_without_warnings(tmp_path):
    src = tmp_path / "api"
    shutil.copytree(API, src, ignore=shutil.ignore_patterns("_build", "generated"))  # stubs are generated
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARETIX_")}
    p = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-E", "-b", "html",
                        "-d", str(tmp_path / "doctrees"), str(src), str(tmp_path / "html")],
                       capture_output=True, text=True, timeout=300, env=env)
    assert p.returncode == 0, p.stderr
    page = (tmp_path / "html" / "generated" / "paretix.minimize.html").read_text()
    assert "checkpoint" in page and "evaluator" in page
    assert (tmp_path / "html" / "generated" / "paretix.plot.pareto_front.html").exists()
