"""Device arrays at the kernel entry points.

A kernel with a CUDA implementation takes CuPy arrays as they are (see ``_launch``). The others
are wrapped in :func:`host_fallback`: device inputs are copied to the host, the kernel runs there
and its array results are copied back, with one :class:`BackendFallbackWarning` per kernel.
"""

from __future__ import annotations

import functools

import numpy as np

from .._array import get_xp, is_device_array, to_numpy
from ._backends import warn_once


def _flat_args(args, kwargs):
    for a in (*args, *kwargs.values()):
        if isinstance(a, (list, tuple)):
            yield from a
        else:
            yield a


def _host(a):
    if is_device_array(a):
        return to_numpy(a)
    if isinstance(a, (list, tuple)) and any(is_device_array(v) for v in a):
        return type(a)(to_numpy(v) if is_device_array(v) else v for v in a)
    return a


def host_fallback(func):
    """Run ``func`` on host copies of any device-array arguments; move array results back."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        device = [a for a in _flat_args(args, kwargs) if is_device_array(a)]
        if not device:
            return func(*args, **kwargs)
        xp = get_xp(*device)
        warn_once(("device", func.__name__),
                  f"{func.__name__} has no CUDA kernel: its device arrays are copied to the host and back")
        out = func(*(_host(a) for a in args), **{k: _host(v) for k, v in kwargs.items()})
        if isinstance(out, np.ndarray):
            return xp.asarray(out)
        if isinstance(out, tuple):
            return tuple(xp.asarray(o) if isinstance(o, np.ndarray) else o for o in out)
        return out

    return wrapper


def device_backend(backend, kernel: str) -> None:
    """A device array runs on the ``cuda`` backend: ``backend`` must be None or ``"cuda"``."""
    if backend not in (None, "cuda"):
        raise ValueError(f"{kernel}: backend={backend!r} runs on host (NumPy) arrays, but a device array was "
                         "given; pass backend=None or 'cuda', or move the data with .get()")
