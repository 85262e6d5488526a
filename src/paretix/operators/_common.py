"""Private helpers shared by the operator modules: argument checks, bounds and populations, and
random draws in the array namespace (NumPy or CuPy) of the data."""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from .._array import get_xp
from ..kernels._validate import as_bounds as _bounds  # noqa: F401 - re-exported to the operators
from ..kernels._validate import as_box_points as _population  # noqa: F401
from ._formulas import clip


def _real(value, name: str, *, low: float | None = None, high: float | None = None,
          low_open: bool = False) -> float:
    """``value`` as a finite float in the given range, or a ValueError/TypeError naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if low is not None and (v < low or (low_open and v == low)):
        raise ValueError(f"{name} must be {'>' if low_open else '>='} {low}, got {value!r}")
    if high is not None and v > high:
        raise ValueError(f"{name} must be <= {high}, got {value!r}")
    return v


def _count(value, name: str, minimum: int = 0) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def _check_rng(rng) -> None:
    if not (hasattr(rng, "random") and hasattr(rng, "integers")):
        raise TypeError(
            "rng must be a numpy.random.Generator or cupy.random.Generator "
            f"(e.g. numpy.random.default_rng(seed)), got {rng!r}"
        )


def _rng_xp(rng):
    """The array module whose arrays ``rng`` returns (CuPy for a ``cupy.random.Generator``; the
    namespace a generator's type names in ``__paretix_xp__``, as the test suite's stand-in does)."""
    named = getattr(type(rng), "__paretix_xp__", None)
    if named is not None:
        return named
    if type(rng).__module__.split(".")[0] == "cupy":
        import cupy  # noqa: PLC0415 - only reached with a CuPy generator in hand

        return cupy
    return np


def _to_xp(a, xp):
    """``a`` moved into namespace ``xp`` (host <-> device when the generator lives elsewhere)."""
    if get_xp(a) is xp:
        return a
    if xp is np:
        return a.get()
    return xp.asarray(a)


def _uniform(rng, shape, xp):
    """Uniform [0, 1) float64 draws of ``shape`` as an ``xp`` array."""
    return _to_xp(rng.random(shape), xp)


def _integers(rng, high: int, shape, xp):
    """Uniform int64 draws from ``range(high)`` as an ``xp`` array."""
    return _to_xp(rng.integers(0, high, size=shape, dtype=np.int64), xp).astype(xp.int64, copy=False)


_clip = clip
