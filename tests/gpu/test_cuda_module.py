"""``paretix._cuda``: imports everywhere it was built; kernels run only with a device.

Tests marked ``gpu`` are skipped by conftest when ``status("cuda")`` is unavailable.
"""

from __future__ import annotations

import importlib
import importlib.util

import numpy as np
import pytest

from paretix import kernels


def _cuda_module():
    if importlib.util.find_spec("paretix._cuda") is None:
        pytest.skip("paretix._cuda was not built (no CUDA compiler at install time)")
    return importlib.import_module("paretix._cuda")


# --- always run (where built) ---------------------------------------------------------------------


def test_cuda_module_imports_without_a_gpu():
    cuda = _cuda_module()
    for name in ("runtime_version", "device_count", "device_info", "axpy"):
        assert callable(getattr(cuda, name)), name
    v = cuda.runtime_version()
    assert isinstance(v, int) and v >= 10000  # e.g. 13000 for CUDA 13.0


def test_device_count_shape():
    cuda = _cuda_module()
    count, err_name, err_msg = cuda.device_count()
    assert isinstance(count, int) and count >= 0
    assert isinstance(err_name, str) and isinstance(err_msg, str)
    assert kernels.status("cuda").available == (count > 0)


def test_no_device_behaviour():
    cuda = _cuda_module()
    count, err_name, err_msg = cuda.device_count()
    if count > 0:
        pytest.skip("a CUDA device is usable here")
    assert count == 0
    assert err_name.startswith("cudaError"), err_name
    assert err_msg
    with pytest.raises(RuntimeError, match=err_name):
        cuda.axpy(2.0, np.ones(4), np.ones(4))
    with pytest.raises(RuntimeError, match=err_name):
        cuda.device_info(0)
    st = kernels.status("cuda")
    assert not st.available
    assert st.reason


def test_axpy_checks_shapes_before_touching_the_device():
    cuda = _cuda_module()
    with pytest.raises(ValueError, match="x and y must be 1-D arrays of the same length"):
        cuda.axpy(1.0, np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match="x and y must be 1-D arrays of the same length"):
        cuda.axpy(1.0, np.ones((2, 2)), np.ones((2, 2)))


# --- need a GPU -----------------------------------------------------------------------------------------


@pytest.mark.gpu
def test_device_count_positive():
    cuda = _cuda_module()
    count, err_name, _ = cuda.device_count()
    assert count > 0
    assert err_name in ("", "cudaSuccess")


@pytest.mark.gpu
def test_device_info():
    cuda = _cuda_module()
    info = cuda.device_info(0)
    assert isinstance(info["name"], str) and info["name"]
    major, minor = info["compute_capability"]
    assert major >= 3 and minor >= 0
    assert info["total_memory"] > 0
    assert info["multiprocessors"] > 0
    assert info["driver_version"] > 0
    assert kernels.status("cuda").reason.endswith(info["name"])


@pytest.mark.gpu
@pytest.mark.parametrize("n", [0, 1, 7, 1000, 1 << 20])
def test_axpy_matches_numpy(n):
    cuda = _cuda_module()
    rng = np.random.default_rng(n)
    x, y = rng.standard_normal(n), rng.standard_normal(n)
    y_before = y.copy()
    out = cuda.axpy(2.5, x, y)
    np.testing.assert_allclose(out, 2.5 * x + y, rtol=1e-15, atol=0)
    np.testing.assert_array_equal(y, y_before)  # y is not modified in place


@pytest.mark.gpu
def test_axpy_converts_inputs():
    cuda = _cuda_module()
    x = np.arange(10, dtype=np.float32)
    y = np.arange(20, dtype=np.int64)[::2]
    np.testing.assert_allclose(cuda.axpy(-1.0, x, y), -1.0 * x.astype(float) + y, rtol=1e-15)
