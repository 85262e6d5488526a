"""NumPy and CuPy give the same desirabilities (whole populations on the device).

Marked ``gpu``: skipped without a usable CUDA device, and without CuPy."""

from __future__ import annotations

import numpy as np
import pytest

from paretix.desirability import (
    DArb,
    DBox,
    DHarrington1,
    DHarrington2,
    DMax,
    DMin,
    DOverall,
    DTarget,
    objective,
    select,
)

pytestmark = pytest.mark.gpu


@pytest.fixture
def cp():
    cupy = pytest.importorskip("cupy")
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            pytest.skip("no CUDA device")
    except cupy.cuda.runtime.CUDARuntimeError as err:  # pragma: no cover - driver missing
        pytest.skip(f"no CUDA device: {err}")
    return cupy


FUNS = [DMax(0, 10, 2), DMin(0, 10, tol=0.01), DTarget(0, 4, 10, 2, 0.5), DBox(2, 8),
        DArb([0, 5, 10], [0.1, 1, 0.4]), DHarrington1(0, 0.1, 10, 0.9), DHarrington2(0, 10, 3)]


@pytest.mark.parametrize("fun", FUNS, ids=lambda f: type(f).__name__)
def test_functions_match(cp, fun):
    y = np.random.default_rng(0).uniform(-5, 15, size=100_000)
    y[::97] = np.nan
    y[::101] = np.inf
    d_dev = fun.predict(cp.asarray(y))
    assert isinstance(d_dev, cp.ndarray)
    np.testing.assert_allclose(cp.asnumpy(d_dev), fun.predict(y), rtol=1e-14, atol=1e-300)


def test_overall_objective_and_select_match(cp):
    overall = DOverall(*FUNS[:3], weights=[1, 2, 3], tolerance=0.01)
    Y = np.random.default_rng(1).uniform(-2, 12, size=(50_000, 3))
    d_dev, D_dev = overall.predict(cp.asarray(Y), all=True)
    d_host, D_host = overall.predict(Y, all=True)
    assert isinstance(D_dev, cp.ndarray) and all(isinstance(v, cp.ndarray) for v in d_dev)
    np.testing.assert_allclose(cp.asnumpy(D_dev), D_host, rtol=1e-13)
    for a, b in zip(d_dev, d_host):
        np.testing.assert_allclose(cp.asnumpy(a), b, rtol=1e-14)
    problem = objective(overall, lambda X: X, kind="-logD", xl=[-2] * 3, xu=[12] * 3)
    np.testing.assert_allclose(cp.asnumpy(problem.evaluate(cp.asarray(Y)).F), problem.evaluate(Y).F, rtol=1e-13)
    sel = select((cp.asarray(Y), cp.asarray(Y)), overall, k=5)
    np.testing.assert_array_equal(sel.index, select((Y, Y), overall, k=5).index)

