"""Device (CUDA array interface) inputs without a CUDA kernel: copied to the host and back.

Runs anywhere with a fake ``cupy`` module and a fake device array, so the host round trip, the
one-time warning and the result type are checked without a GPU.
"""

from __future__ import annotations

import sys
import types
import warnings

import numpy as np
import pytest

import paretix
from paretix.kernels import BackendFallbackWarning, _backends, crowding_distance


class FakeDeviceArray:
    """Minimal stand-in for a CuPy array: exposes ``__cuda_array_interface__``."""

    def __init__(self, data):
        self.data = np.asarray(data)

    def get(self):
        return self.data

    @property
    def __cuda_array_interface__(self):
        return {"shape": self.data.shape, "typestr": self.data.dtype.str, "version": 3}


@pytest.fixture
def fake_cupy(monkeypatch):
    fake = types.ModuleType("cupy")
    fake.asnumpy = lambda x: x.data
    fake.asarray = FakeDeviceArray
    monkeypatch.setitem(sys.modules, "cupy", fake)
    _backends.reset_warnings()
    yield fake
    _backends.reset_warnings()


PTS = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0], [1.0, 2.0]])


@pytest.mark.parametrize(
    ("func", "kwargs"),
    [
        (paretix.pareto_rank, {}),
        (paretix.pareto_rank, {"n_stop": 1}),
        (paretix.is_nondominated, {}),
        (paretix.is_nondominated, {"keep_weakly": True}),
        (crowding_distance, {}),
    ],
)
def test_device_input_round_trip(fake_cupy, func, kwargs):
    with pytest.warns(BackendFallbackWarning, match=rf"{func.__name__} has no CUDA kernel: its device arrays are copied"):
        out = func(FakeDeviceArray(PTS), **kwargs)
    assert isinstance(out, FakeDeviceArray)
    np.testing.assert_array_equal(out.data, func(PTS, **kwargs))


def test_device_cv(fake_cupy):
    cv = np.array([0.0, 1.0, 0.0, 0.0])
    with pytest.warns(BackendFallbackWarning):
        out = paretix.pareto_rank(FakeDeviceArray(PTS), cv=FakeDeviceArray(cv))
    np.testing.assert_array_equal(out.data, paretix.pareto_rank(PTS, cv=cv))


def test_device_warning_is_issued_once_per_kernel(fake_cupy):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        for _ in range(3):
            paretix.pareto_rank(FakeDeviceArray(PTS))
            crowding_distance(FakeDeviceArray(PTS))
    found = [w for w in record if issubclass(w.category, BackendFallbackWarning)]
    assert sorted(str(w.message).split()[0] for w in found) == ["crowding_distance", "pareto_rank"]
    assert all(w.filename == __file__ for w in found), "stacklevel should point at the caller"


def test_reset_warnings_also_rearms_the_device_warning(fake_cupy):
    """``reset_warnings`` promises to forget which fallback warnings were issued; the device-copy
    warning is a BackendFallbackWarning too."""
    with pytest.warns(BackendFallbackWarning):
        paretix.pareto_rank(FakeDeviceArray(PTS))
    _backends.reset_warnings()
    with pytest.warns(BackendFallbackWarning, match="no CUDA kernel"):
        paretix.pareto_rank(FakeDeviceArray(PTS))


def test_host_input_never_imports_cupy(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)  # any "import cupy" would raise ImportError
    paretix.pareto_rank(PTS)
    paretix.is_nondominated(PTS)
    crowding_distance(PTS)
