"""``paretix.show_config``, ``paretix info`` (text and JSON) and the console script."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import paretix
from paretix import cli, kernels

BACKENDS = ("native", "cuda", "numba", "reference")


def _backend_lines(text: str) -> dict[str, str]:
    """``{backend: line}`` for the indented backend lines of show_config."""
    out = {}
    for line in text.splitlines():
        m = re.match(r"^\s+(native|cuda|numba|reference)\s+(available|unavailable)\s+(.+)$", line)
        if m:
            out[m.group(1)] = (m.group(2), m.group(3))
    return out


def test_version_string():
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", paretix.__version__)


def test_show_config_lists_every_backend_with_state_and_reason():
    buf = io.StringIO()
    assert paretix.show_config(file=buf) is None
    text = buf.getvalue()
    assert text.startswith(f"paretix {paretix.__version__}\n")
    lines = _backend_lines(text)
    assert set(lines) == set(BACKENDS), text
    for name, (state, reason) in lines.items():
        st = kernels.status(name)
        assert state == ("available" if st.available else "unavailable")
        assert reason == st.reason
    assert "cuda" in text
    assert "PARETIX_BACKEND: (not set: fastest available)" in text


def test_show_config_defaults_to_stdout(capsys):
    paretix.show_config()
    out = capsys.readouterr().out
    assert set(_backend_lines(out)) == set(BACKENDS)


def test_show_config_reports_env(monkeypatch):
    monkeypatch.setenv("PARETIX_BACKEND", "reference")
    buf = io.StringIO()
    paretix.show_config(file=buf)
    assert "PARETIX_BACKEND: reference" in buf.getvalue()


def test_show_config_unavailable_cuda_has_reason():
    st = kernels.status("cuda")
    if st.available:
        pytest.skip("CUDA is usable here")
    buf = io.StringIO()
    paretix.show_config(file=buf)
    state, reason = _backend_lines(buf.getvalue())["cuda"]
    assert state == "unavailable"
    assert re.match(r"(no driver|no device|no usable device|not built|paretix\._cuda failed to load)", reason), reason


def test_cli_info_text(capsys):
    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    for name in BACKENDS:
        assert re.search(rf"^\s+{name}\s+(available|unavailable)\s+\S", out, re.MULTILINE), name
    assert f"paretix {paretix.__version__}" in out


def test_cli_info_json(capsys):
    assert cli.main(["info", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["paretix"] == paretix.__version__
    assert set(data["backends"]) == set(BACKENDS)
    for name, entry in data["backends"].items():
        assert entry == {"available": kernels.status(name).available, "reason": kernels.status(name).reason}
    assert data["env"] == {"PARETIX_BACKEND": None}
    if data["cuda_runtime"] is not None:
        assert re.fullmatch(r"\d+\.\d+|unknown \(.+\)", data["cuda_runtime"])


def test_cli_requires_a_command(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main([])
    assert exc.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_cli_unknown_command(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["frobnicate"])
    assert exc.value.code == 2


def test_cli_version(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"paretix {paretix.__version__}"


def _env():
    return {k: v for k, v in os.environ.items() if not k.startswith("PARETIX_")}


def test_console_script():
    script = Path(sys.executable).with_name("paretix")
    if not script.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    proc = subprocess.run([str(script), "info"], capture_output=True, text=True, timeout=120, env=_env())
    assert proc.returncode == 0, proc.stderr
    assert set(_backend_lines(proc.stdout)) == set(BACKENDS)
    proc = subprocess.run([str(script), "info", "--json"], capture_output=True, text=True, timeout=120, env=_env())
    assert proc.returncode == 0, proc.stderr
    assert set(json.loads(proc.stdout)["backends"]) == set(BACKENDS)


def test_python_dash_m():
    proc = subprocess.run(
        [sys.executable, "-m", "paretix", "info", "--json"], capture_output=True, text=True, timeout=120, env=_env()
    )
    assert proc.returncode == 0, proc.stderr
    assert "backends" in json.loads(proc.stdout)


def _fake_cupy(monkeypatch, available):
    import importlib.machinery
    import types

    fake = types.ModuleType("cupy")
    fake.__spec__ = importlib.machinery.ModuleSpec("cupy", None)
    fake.__version__ = "13.9.9"

    def is_available():
        if isinstance(available, Exception):
            raise available
        return available

    fake.cuda = types.SimpleNamespace(is_available=is_available)
    monkeypatch.setitem(sys.modules, "cupy", fake)


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (True, "13.9.9 (a GPU is usable)"),
        (False, "13.9.9 (no usable GPU)"),
        (RuntimeError("cudaErrorInsufficientDriver"), "13.9.9 (no usable GPU)"),
    ],
)
def test_config_reports_cupy(monkeypatch, available, expected):
    from paretix import _config

    _fake_cupy(monkeypatch, available)
    assert _config.config()["cupy"] == expected
    buf = io.StringIO()
    paretix.show_config(file=buf)
    assert f"CuPy: {expected}" in buf.getvalue()


def test_config_without_cupy(monkeypatch):
    from paretix import _config

    monkeypatch.setitem(sys.modules, "cupy", None)  # find_spec -> None: "not installed"
    assert _config.config()["cupy"] is None
    buf = io.StringIO()
    paretix.show_config(file=buf)
    assert "CuPy: not installed" in buf.getvalue()


def test_config_cuda_runtime_version():
    import importlib.util

    from paretix import _config

    rt = _config.config()["cuda_runtime"]
    if importlib.util.find_spec("paretix._cuda") is None:
        assert rt is None
    else:
        from paretix import _cuda

        v = _cuda.runtime_version()
        assert rt == f"{v // 1000}.{(v % 1000) // 10}"


def test_cli_info_text_is_show_config(capsys):
    paretix.show_config()
    expected = capsys.readouterr().out
    assert cli.main(["info"]) == 0
    assert capsys.readouterr().out == expected
