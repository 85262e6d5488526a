"""What this install can do: version, backends (available or why not), CUDA and CuPy versions."""

from __future__ import annotations

import importlib.util
import os
import platform
import sys


def config() -> dict:
    """The configuration :func:`show_config` prints, as a JSON-ready dict."""
    import numpy as np

    from ._version import __version__
    from .kernels._backends import BACKENDS, ENV_VAR, status

    out: dict = {
        "paretix": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "numpy": np.__version__,
        "backends": {b: {"available": status(b).available, "reason": status(b).reason} for b in BACKENDS},
        "env": {ENV_VAR: os.environ.get(ENV_VAR)},
        "cuda_runtime": None,
        "cupy": None,
    }
    if importlib.util.find_spec("paretix._cuda") is not None:
        try:
            from . import _cuda

            v = _cuda.runtime_version()
            out["cuda_runtime"] = f"{v // 1000}.{(v % 1000) // 10}"
        except (ImportError, RuntimeError) as exc:
            out["cuda_runtime"] = f"unknown ({exc})"
    if importlib.util.find_spec("cupy") is not None:
        try:
            import cupy

            try:
                usable = bool(cupy.cuda.is_available())
            except Exception:  # noqa: BLE001 - CuPy raises driver errors of several types
                usable = False
            out["cupy"] = f"{cupy.__version__} ({'a GPU is usable' if usable else 'no usable GPU'})"
        except ImportError as exc:
            out["cupy"] = f"installed but failed to import: {exc}"
    return out


def show_config(file=None) -> None:
    """Print the paretix version, each backend (available or the reason it is not), and the CUDA
    and CuPy versions when present. Same text as ``paretix info`` on the command line."""
    c = config()
    file = sys.stdout if file is None else file
    lines = [
        f"paretix {c['paretix']}",
        f"python {c['python']} on {c['platform']}",
        f"numpy {c['numpy']}",
        "backends:",
    ]
    for name, st in c["backends"].items():
        state = "available" if st["available"] else "unavailable"
        lines.append(f"  {name:<10} {state:<12} {st['reason']}")
    env = c["env"]["PARETIX_BACKEND"]
    lines.append(f"PARETIX_BACKEND: {env if env else '(not set: fastest available)'}")
    lines.append(f"CUDA runtime (paretix._cuda): {c['cuda_runtime'] or 'not built'}")
    lines.append(f"CuPy: {c['cupy'] or 'not installed'}")
    print("\n".join(lines), file=file)
