"""BatchCMAES with CuPy arrays: the whole-array path on the device (skipped without a GPU)."""

from __future__ import annotations

import numpy as np
import pytest

import paretix

pytestmark = pytest.mark.gpu


def test_cupy_batch_matches_numpy_quality():
    cp = pytest.importorskip("cupy")
    x0 = np.random.default_rng(0).uniform(-4, 4, (64, 8))
    host = paretix.BatchCMAES(x0, 2.0, seed=1, ftarget=1e-10).optimize(lambda X: (X**2).sum(axis=1))
    dev = paretix.BatchCMAES(cp.asarray(x0), 2.0, seed=1, ftarget=1e-10, bounds=(-5, 5))
    assert dev.backend == "xp" and isinstance(dev.mean, cp.ndarray)
    res = dev.optimize(lambda X: (X**2).sum(axis=1))
    assert (res.f <= 1e-10).all() and res.stop_reason == ["ftarget"] * 64
    assert 0.7 < np.median(res.n_eval) / np.median(host.n_eval) < 1.4
