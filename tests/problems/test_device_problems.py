"""The test suites written with the array namespace run unchanged on device arrays.

The device is ``tests/fakecupy.py``: a CuPy stand-in that refuses NumPy functions on its arrays
and counts transfers, so a problem that calls ``np.*`` on the evaluation path fails here as it
would on a GPU. Its values must equal NumPy's on the same points (1e-12 relative).
"""

from __future__ import annotations

import fakecupy
import numpy as np
import pytest

import paretix
from paretix.problems import get

SUITES = ([f"dtlz{i}" for i in range(1, 8)] + [f"zdt{i}" for i in (1, 2, 3, 4, 6)]
          + [f"wfg{i}" for i in range(1, 10)] + [f"mw{i}" for i in range(1, 15)])


def _points(problem, n=64, seed=0):
    rng = np.random.default_rng(seed)
    X = problem.xl + rng.random((n, problem.n_var)) * (problem.xu - problem.xl)
    X[0], X[1] = problem.xl, problem.xu  # the corners: boundary branches of the formulas
    return X


@pytest.mark.parametrize("name", SUITES)
def test_device_evaluation_equals_numpy(name):
    p = get(name, n_var=12, n_obj=3) if name.startswith("wfg") else get(name)
    X = _points(p)
    host = p.evaluate(X)
    fakecupy.reset_counts()
    dev = p.evaluate(fakecupy.asarray(X))
    assert fakecupy.counts["get"] == 0  # the evaluation itself never copies to the host
    for block in ("F", "G", "H", "CV"):
        d = getattr(dev, block)
        assert isinstance(d, fakecupy.ndarray), block
        np.testing.assert_allclose(d.get(), getattr(host, block), rtol=1e-12, atol=1e-300, err_msg=block)


def test_elementwise_problems_are_host_only():
    vec = paretix.Problem.from_functions(lambda X: X.sum(axis=1), xl=[0, 0], xu=[1, 1])
    elem = paretix.Problem.from_functions(lambda x: float(np.sum(x)), xl=[0, 0], xu=[1, 1], vectorized=False)
    assert not vec.host_only and elem.host_only
    assert not get("dtlz2").host_only
