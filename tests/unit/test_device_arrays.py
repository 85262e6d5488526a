"""Device arrays at the kernel entry points, on a machine without a GPU.

``tests/fakecupy.py`` stands in for CuPy: its arrays refuse NumPy, and its kernel launcher is
``paretix._core``'s host emulation of the CUDA kernels. Kernels without a device implementation
copy to the host and back with one warning; the others must return device arrays without copies.
"""

from __future__ import annotations

import sys
import warnings

import fakecupy as cp
import numpy as np
import pytest

import paretix
from paretix.kernels import BackendFallbackWarning, _backends

PTS = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0], [1.0, 2.0]])


@pytest.fixture(autouse=True)
def _fresh_warnings():
    _backends.reset_warnings()
    cp.reset_counts()
    yield
    _backends.reset_warnings()


def test_kernel_without_device_code_copies_with_one_warning():
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        for _ in range(3):
            out = paretix.hv_contributions(cp.asarray(PTS), ref=[4.0, 4.0])
    found = [w for w in record if issubclass(w.category, BackendFallbackWarning)]
    assert len(found) == 1 and "hv_contributions has no CUDA kernel" in str(found[0].message)
    assert found[0].filename == __file__, "stacklevel should point at the caller"
    assert isinstance(out, cp.ndarray)
    np.testing.assert_array_equal(out.get(), paretix.hv_contributions(PTS, ref=[4.0, 4.0]))


def test_reset_warnings_rearms_the_device_warning():
    with pytest.warns(BackendFallbackWarning):
        paretix.hypervolume(cp.asarray(PTS), ref=[4.0, 4.0])
    _backends.reset_warnings()
    with pytest.warns(BackendFallbackWarning, match="no CUDA kernel"):
        paretix.hypervolume(cp.asarray(PTS), ref=[4.0, 4.0])


@pytest.mark.parametrize("kwargs", [{}, {"n_stop": 1}, {"cv": "device"}])
def test_device_kernels_stay_on_the_device(kwargs):
    if kwargs.get("cv") == "device":
        kwargs = {"cv": cp.asarray(np.array([0.0, 1.0, 0.0, 0.0]))}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ranks = paretix.pareto_rank(cp.asarray(PTS), **kwargs)
        cd = paretix.kernels.crowding_distance(cp.asarray(PTS))
        nd = paretix.is_nondominated(cp.asarray(PTS))
    assert cp.counts["get"] == 0
    assert all(isinstance(a, cp.ndarray) for a in (ranks, cd, nd))
    host_kwargs = {k: v.get() for k, v in kwargs.items()} if "cv" in kwargs else kwargs
    np.testing.assert_array_equal(ranks.get(), paretix.pareto_rank(PTS, **host_kwargs))


def test_host_backend_with_a_device_array_is_an_error():
    with pytest.raises(ValueError, match="backend='native' runs on host"):
        paretix.pareto_rank(cp.asarray(PTS), backend="native")


def test_host_input_never_imports_cupy(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)  # any "import cupy" would raise ImportError
    paretix.pareto_rank(PTS)
    paretix.is_nondominated(PTS)
    paretix.kernels.crowding_distance(PTS)
