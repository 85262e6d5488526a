"""Array namespace helpers: NumPy on the host, CuPy on the GPU, chosen by the array itself.

A *device array* is anything with ``__cuda_array_interface__`` (CuPy's arrays). Its namespace is
CuPy unless its type names another one in ``__paretix_xp__``: the test suite's host-memory CuPy
stand-in (``tests/fakecupy.py``) does, so that the whole device path runs, and is checked for
host round trips, on a machine without a GPU. A namespace may also name, in
``__paretix_kernels__``, the extension module that launches its kernels (CuPy: ``paretix._cuda``;
the stand-in: ``paretix._core``, whose ``dev_*`` functions run the same kernel bodies on the host).
"""

from __future__ import annotations

import importlib

import numpy as np


def is_device_array(x) -> bool:
    """True for arrays that live on a CUDA device (CuPy and anything with the CUDA array interface)."""
    return hasattr(x, "__cuda_array_interface__")


def device_namespace(x):
    """The array module of one device array: its type's ``__paretix_xp__``, else CuPy."""
    xp = getattr(type(x), "__paretix_xp__", None)
    if xp is not None:
        return xp
    import cupy  # noqa: PLC0415 - only reached with a device array in hand

    return cupy


def get_xp(*arrays):
    """The array module (numpy or cupy) of the given arrays; numpy when none is a device array."""
    for a in arrays:
        if is_device_array(a):
            return device_namespace(a)
    return np


def is_device_xp(xp) -> bool:
    """True for a device namespace (CuPy or a stand-in), False for NumPy."""
    return xp is not np


def to_numpy(x) -> np.ndarray:
    """Host NumPy copy (or view) of a NumPy or CuPy array."""
    if is_device_array(x):
        return x.get()
    return np.asarray(x)


def kernel_module(xp):
    """The extension module whose ``dev_*`` functions launch the device kernels for ``xp``'s arrays."""
    return importlib.import_module(getattr(xp, "__paretix_kernels__", "paretix._cuda"))


def stream_of(xp) -> int:
    """The handle of ``xp``'s current CUDA stream (0, the legacy default stream, for a stand-in)."""
    cuda = getattr(xp, "cuda", None)
    return int(cuda.get_current_stream().ptr) if cuda is not None else 0
