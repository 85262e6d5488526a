"""Array namespace helpers: NumPy on the host, CuPy on the GPU, chosen by the array itself."""

from __future__ import annotations

import numpy as np


def is_device_array(x) -> bool:
    """True for arrays that live on a CUDA device (CuPy and anything with the CUDA array interface)."""
    return hasattr(x, "__cuda_array_interface__")


def get_xp(*arrays):
    """The array module (numpy or cupy) of the given arrays; numpy when none is a device array."""
    for a in arrays:
        if is_device_array(a):
            import cupy  # noqa: PLC0415 - only reached with a device array in hand

            return cupy
    return np


def to_numpy(x) -> np.ndarray:
    """Host NumPy copy (or view) of a NumPy or CuPy array."""
    if is_device_array(x):
        return x.get()
    return np.asarray(x)
