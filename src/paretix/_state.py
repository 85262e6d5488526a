"""Plain-data state of the run's objects, for checkpoints (never pickle).

A *state* is a flat dict ``{"key": value}`` whose values are NumPy arrays (numeric or bool) or
JSON values (None, bool, int, float, str, lists and dicts of them). The checkpoint writer puts the
arrays into an ``.npz`` and the rest into JSON (:mod:`paretix.evaluation._checkpoint`). Keys are
namespaced with dots (``"pop.X"``, ``"nsga3.ideal"``, ``"engine.C"``).

``describe`` gives a JSON description of an object's configuration (arrays by their SHA-256),
used to recognise the run a checkpoint belongs to.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

import numpy as np

_SCALARS = (bool, int, float, str, type(None))


def is_state_value(v) -> bool:
    return isinstance(v, np.ndarray) or isinstance(v, _SCALARS) or isinstance(v, (np.integer, np.floating, np.bool_))


def jsonable(v):
    """``v`` with NumPy scalars and arrays turned into Python values (for JSON)."""
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    return v


def object_state(obj, prefix: str, skip=()) -> dict:
    """The array and scalar attributes of ``obj`` (host NumPy arrays; CuPy arrays are copied to
    the host), under ``prefix.name``. Callables, modules and other objects are left out: they
    are configuration, rebuilt by the object's constructor or ``setup``."""
    from ._array import is_device_array, to_numpy

    out = {}
    for name, v in vars(obj).items():
        if name in skip:
            continue
        if is_device_array(v):
            v = to_numpy(v)
        if isinstance(v, np.ndarray):
            if v.dtype.kind in "biuf":
                out[f"{prefix}.{name}"] = v
        elif isinstance(v, _SCALARS) or isinstance(v, (np.integer, np.floating, np.bool_)):
            out[f"{prefix}.{name}"] = jsonable(v)
    return out


def set_object_state(obj, state: dict, prefix: str) -> None:
    """Set the attributes saved by :func:`object_state` (arrays into the object's namespace:
    CuPy when the attribute it replaces is a CuPy array)."""
    from ._array import get_xp

    head = prefix + "."
    for key, v in state.items():
        if not key.startswith(head) or "." in key[len(head):]:
            continue
        name = key[len(head):]
        old = getattr(obj, name, None)
        if isinstance(v, np.ndarray):
            xp = get_xp(old) if old is not None else np
            v = xp.asarray(v)
        setattr(obj, name, v)


def sub_state(state: dict, prefix: str) -> dict:
    """The entries of ``state`` under ``prefix.``, with the prefix removed."""
    head = prefix + "."
    return {k[len(head):]: v for k, v in state.items() if k.startswith(head)}


def rng_state(rng) -> dict:
    """The JSON state of a ``numpy.random.Generator`` (its bit generator's ``state``)."""
    return jsonable(rng.bit_generator.state)


def set_rng_state(rng, state: dict) -> None:
    """Restore ``rng`` in place (other objects that hold the same Generator see the change)."""
    bg = rng.bit_generator
    if state.get("bit_generator") != type(bg).__name__:
        raise ValueError(f"the saved random generator is {state.get('bit_generator')!r}, this one is "
                         f"{type(bg).__name__!r}")
    if isinstance(state.get("state"), dict):
        state = dict(state, state={k: np.asarray(v, dtype=np.uint32) if isinstance(v, list) else v
                                   for k, v in state["state"].items()})
    bg.state = state


def array_digest(a) -> str:
    from ._array import to_numpy

    a = np.ascontiguousarray(to_numpy(a))
    h = hashlib.sha256(str((a.dtype.str, a.shape)).encode())
    h.update(a.tobytes())
    return h.hexdigest()[:16]


def describe(obj, depth: int = 0) -> Any:
    """A JSON description of a configuration value: scalars as themselves, arrays by dtype, shape
    and digest, functions and classes by name, objects with their own ``repr`` by it, other
    objects by their class and attributes (up to a small depth)."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return repr(obj)
    if isinstance(obj, _SCALARS):
        return obj
    if isinstance(obj, (np.integer, np.floating, np.bool_)):
        return describe(obj.item(), depth)
    if isinstance(obj, np.ndarray) or hasattr(obj, "__cuda_array_interface__"):
        return {"array": f"{obj.dtype}{list(obj.shape)}", "sha256": array_digest(obj)}
    if isinstance(obj, (list, tuple)):
        return [describe(v, depth + 1) for v in obj]
    if isinstance(obj, dict):
        return {str(k): describe(v, depth + 1) for k, v in sorted(obj.items(), key=lambda kv: str(kv[0]))}
    if isinstance(obj, type) or callable(obj) and not hasattr(obj, "__dict__") or hasattr(obj, "__code__"):
        return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', type(obj).__name__)}"
    cls = type(obj)
    if cls.__repr__ is not object.__repr__:
        return f"{cls.__module__}.{cls.__qualname__}: {obj!r}"
    if depth > 3 or not hasattr(obj, "__dict__"):
        return f"{cls.__module__}.{cls.__qualname__}"
    return {"class": f"{cls.__module__}.{cls.__qualname__}",
            "attrs": {k: describe(v, depth + 1) for k, v in sorted(vars(obj).items())}}
