"""Name -> problem factory registry behind :func:`paretix.problems.get`.

Suites register lazily: each entry names the module that defines the class, so ``get`` imports
only the suite it needs.
"""

from __future__ import annotations

import importlib

# lower-case name -> "module:Class" (module relative to paretix.problems)
_REGISTRY: dict[str, str] = {}


def register(name: str, target: str) -> None:
    """Register ``target`` ("module:Class" in paretix.problems) under ``name`` (case-insensitive)."""
    _REGISTRY[name.lower()] = target


def available() -> list[str]:
    """Sorted names accepted by :func:`get`."""
    _load_suites()
    return sorted(_REGISTRY)


def get(name: str, **kwargs):
    """Instantiate the test problem ``name`` (case-insensitive, e.g. ``"dtlz2"``) with ``kwargs``.

    Raises ``KeyError`` listing the valid names when ``name`` is unknown."""
    _load_suites()
    if not isinstance(name, str) or name.lower() not in _REGISTRY:
        raise KeyError(f"unknown problem {name!r}; available: {', '.join(sorted(_REGISTRY))}")
    module, cls = _REGISTRY[name.lower()].split(":")
    return getattr(importlib.import_module(f"paretix.problems.{module}"), cls)(**kwargs)


# Suite modules register their problems on import; one module name per line.
_SUITES: tuple[str, ...] = (
    "wfg",
    "zdt",
    "dtlz",
    "cdtlz",
    "mw",
    "classic",
    "design",
    "re",
    "bo",
)


def _load_suites() -> None:
    for suite in _SUITES:
        importlib.import_module(f"paretix.problems.{suite}")
