"""Backend registry: which kernel implementations exist, which are usable, and which one runs.

Backends, fastest first for host (NumPy) arrays:

- ``native``: C++ kernels in ``paretix._core`` (always built by ``pip install``).
- ``numba``: Numba twins in ``paretix.kernels._numba`` (needs ``numba``; compiled on first use).
- ``reference``: slow, obviously correct NumPy code in ``paretix._reference`` (the test oracle).
- ``cuda``: CUDA kernels in ``paretix._cuda``, used for CuPy arrays where a kernel has one.

Selection, in order: the ``backend=`` argument (a missing backend is an error), the environment
variable ``PARETIX_BACKEND`` (a missing backend falls back, with one warning), else the fastest
available backend (falling back from ``native``, with one warning).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import sys
import warnings
from dataclasses import dataclass
from typing import Callable

BACKENDS = ("native", "cuda", "numba", "reference")
ENV_VAR = "PARETIX_BACKEND"
_HOST_ORDER = ("native", "numba", "reference")


class BackendUnavailableError(RuntimeError):
    """An explicitly requested backend is not usable here (not built, not installed, no device)."""


class BackendFallbackWarning(UserWarning):
    """A preferred backend is missing and a slower one runs instead."""


@dataclass(frozen=True)
class BackendStatus:
    name: str
    available: bool
    reason: str  # why not, when unavailable; what it is, when available


def _probe_native() -> BackendStatus:
    if importlib.util.find_spec("paretix._core") is None:
        return BackendStatus("native", False, "not built (paretix._core is missing from this install)")
    try:
        importlib.import_module("paretix._core")
    except ImportError as exc:  # pragma: no cover - broken install
        return BackendStatus("native", False, f"paretix._core failed to load: {exc}")
    return BackendStatus("native", True, "C++17 kernels (paretix._core)")


def _probe_numba() -> BackendStatus:
    if os.environ.get("PARETIX_DISABLE_NUMBA"):
        return BackendStatus("numba", False, "disabled by PARETIX_DISABLE_NUMBA")
    if importlib.util.find_spec("numba") is None:
        return BackendStatus("numba", False, "numba not installed (pip install numba)")
    try:
        import numba  # noqa: PLC0415 - lazy on purpose: importing numba costs ~0.5 s
    except ImportError as exc:  # pragma: no cover - broken install
        return BackendStatus("numba", False, f"numba failed to import: {exc}")
    return BackendStatus("numba", True, f"numba {numba.__version__}")


def _probe_cuda() -> BackendStatus:
    if importlib.util.find_spec("paretix._cuda") is None:
        return BackendStatus("cuda", False, "not built (no CUDA compiler when paretix was installed)")
    try:
        cuda = importlib.import_module("paretix._cuda")
    except ImportError as exc:
        return BackendStatus("cuda", False, f"paretix._cuda failed to load: {exc}")
    count, err_name, err_msg = cuda.device_count()
    if count > 0:
        name = cuda.device_info(0)["name"]
        return BackendStatus("cuda", True, f"{count} device(s), device 0: {name}")
    if err_name in ("cudaErrorInsufficientDriver", "cudaErrorNoDevice") and "driver" in err_msg.lower():
        return BackendStatus("cuda", False, f"no driver ({err_name}: {err_msg})")
    if err_name == "cudaErrorNoDevice" or not err_name:
        return BackendStatus("cuda", False, "no device (the driver reports no CUDA GPU)")
    return BackendStatus("cuda", False, f"no usable device ({err_name}: {err_msg})")


_PROBES = {
    "native": _probe_native,
    "numba": _probe_numba,
    "cuda": _probe_cuda,
    "reference": lambda: BackendStatus("reference", True, "NumPy reference (slow; for tests)"),
}


@functools.cache
def status(name: str) -> BackendStatus:
    """Availability of one backend (probed once per process)."""
    check_name(name, "backend")
    return _PROBES[name]()


def check_name(name, argument: str) -> str:
    if not isinstance(name, str) or name not in BACKENDS:
        raise ValueError(f"{argument} must be one of {', '.join(map(repr, BACKENDS))}, got {name!r}")
    return name


_warned: set[tuple[str, str]] = set()


def warn_once(key: tuple[str, str], message: str) -> None:
    """Issue ``message`` as a :class:`BackendFallbackWarning` the first time ``key`` is seen
    (per process; :func:`reset_warnings` forgets). Called from a kernel entry point's helper."""
    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, BackendFallbackWarning, stacklevel=_caller_level())


def _caller_level() -> int:
    """The ``stacklevel`` that points a warning at the first frame outside ``paretix.kernels``."""
    here = os.path.dirname(os.path.abspath(__file__))
    frame, level = sys._getframe(2), 2  # warn_once's caller
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == here:
        frame, level = frame.f_back, level + 1
    return level


class Kernel:
    """One kernel: its name and where each backend's implementation lives (``module:function``)."""

    def __init__(self, name: str, impls: dict[str, str]):
        self.name = name
        self.impls = impls
        self._loaded: dict[str, Callable] = {}

    def backends(self) -> tuple[str, ...]:
        return tuple(b for b in BACKENDS if b in self.impls)

    def _load(self, backend: str) -> Callable:
        impl = self._loaded.get(backend)
        if impl is None:
            module, func = self.impls[backend].split(":")
            impl = self._loaded[backend] = getattr(importlib.import_module(module), func)
        return impl

    def _usable(self, backend: str) -> str | None:
        """None if this kernel can run on ``backend`` here, else the reason it cannot."""
        if backend not in self.impls:
            return f"{self.name} has no {backend!r} implementation (it has: {', '.join(self.backends())})"
        st = status(backend)
        return None if st.available else f"backend {backend!r} is unavailable: {st.reason}"

    def resolve(self, backend: str | None = None) -> tuple[str, Callable]:
        """Pick the backend for one call on host arrays; return ``(name, implementation)``."""
        if backend is not None:
            check_name(backend, "backend")
            why = self._usable(backend)
            if why is not None:
                raise BackendUnavailableError(why)
            return backend, self._load(backend)
        wanted = os.environ.get(ENV_VAR, "").strip()
        if wanted:
            check_name(wanted, ENV_VAR)
            why = self._usable(wanted)
            if why is None:
                return wanted, self._load(wanted)
        for candidate in _HOST_ORDER:
            if self._usable(candidate) is None:
                if wanted:
                    warn_once((wanted, self.name), f"{ENV_VAR}={wanted!r} cannot run {self.name}: {why}; using {candidate!r}")
                elif candidate != _HOST_ORDER[0]:
                    warn_once(("native", ""), f"{self._usable('native')}; kernels fall back to {candidate!r} (slower)")
                return candidate, self._load(candidate)
        raise BackendUnavailableError(f"no backend can run {self.name}")  # pragma: no cover


def reset_warnings() -> None:
    """Forget which fallback warnings were issued (for tests)."""
    _warned.clear()
