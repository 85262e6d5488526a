"""MOEA/D kernels: neighbours and generational replacement identical on every backend."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paretix.kernels import decompose, kernel_backends, moead_replace, neighbors
from paretix.kernels.moead import METHODS
from paretix.ref_dirs import das_dennis

DIRS = [das_dennis(2, 99), das_dennis(3, 12), das_dennis(5, 4)]


def _brute_knn(P, k):
    D = ((P[:, None, :] - P[None, :, :]) ** 2).sum(axis=2)
    idx = np.arange(len(P))
    return np.array([np.lexsort((idx, D[i]))[:k] for i in range(len(P))])


@pytest.mark.parametrize("W", DIRS, ids=lambda W: f"m{W.shape[1]}n{W.shape[0]}")
@pytest.mark.parametrize("k", [2, 20])
def test_neighbors_backends_agree_with_brute_force(W, k):
    k = min(k, len(W))
    expected = _brute_knn(W, k)
    for backend in kernel_backends("moead_neighbors"):
        np.testing.assert_array_equal(neighbors(W, k, backend=backend), expected, err_msg=backend)
    assert (expected[:, 0] == np.arange(len(W))).all()  # distinct directions: itself first


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 300), d=st.integers(1, 4), k=st.integers(1, 12), seed=st.integers(0, 2**32 - 1),
       grid=st.booleans())
def test_neighbors_ties_and_duplicates(n, d, k, seed, grid):
    rng = np.random.default_rng(seed)
    P = rng.random((n, d))
    if grid:  # many equal distances and identical rows: ties go to the smaller index
        P = np.round(P * 3) / 3
    k = min(k, n)
    expected = _brute_knn(P, k)
    for backend in kernel_backends("moead_neighbors"):
        np.testing.assert_array_equal(neighbors(P, k, backend=backend), expected, err_msg=backend)


def test_neighbors_large_input_threads():
    from paretix.kernels import get_num_threads, set_num_threads

    W = das_dennis(3, 120)
    ref = neighbors(W, 20, backend="numba") if "numba" in kernel_backends("moead_neighbors") else None
    old = get_num_threads()
    try:
        for t in (1, 3):
            set_num_threads(t)
            got = neighbors(W, 20, backend="native")
            if ref is not None:
                np.testing.assert_array_equal(got, ref)
            ref = got
    finally:
        set_num_threads(old)


def _case(seed, n=60, nc=60, m=3, n_cand=8, infeasible=0.3):
    rng = np.random.default_rng(seed)
    F = rng.random((n, m))
    cv = np.where(rng.random(n) < infeasible, rng.random(n), 0.0)
    Fc = rng.random((nc, m))
    cvc = np.where(rng.random(nc) < infeasible, rng.random(nc), 0.0)
    cvc[:3] = cv[:3] = 0.5  # equal violations
    W = rng.random((n, m))
    W[0] = 0.0
    W[0, 0] = 1.0
    cand = np.stack([rng.permutation(n)[:n_cand] for _ in range(nc)])
    return F, cv, Fc, cvc, W, cand, rng.random(m) * 0.1


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("n_r", [None, 1, 2])
@pytest.mark.parametrize("seed", range(4))
def test_replace_backends_agree(method, n_r, seed):
    F, cv, Fc, cvc, W, cand, z = _case(seed)
    kw = dict(method=method, nadir=np.ones(3) * 1.2, max_replacements=n_r, theta=4.0)
    expected = moead_replace(F, cv, Fc, cvc, W, cand, z, backend="reference", **kw)
    for backend in kernel_backends("moead_replace"):
        np.testing.assert_array_equal(moead_replace(F, cv, Fc, cvc, W, cand, z, backend=backend, **kw), expected)
    assert (expected >= 0).any()


def test_replace_takes_the_best_improving_child_and_honours_n_r():
    F, cv, Fc, cvc, W, cand, z = _case(11, infeasible=0.0)
    cv[:], cvc[:] = 0.0, 0.0
    win = moead_replace(F, cv, Fc, cvc, W, cand, z, method="pbi")
    g_inc = decompose(F, W, z, method="pbi")
    for k in range(len(F)):
        kids = [j for j in range(len(Fc)) if k in cand[j]]
        g = {j: decompose(Fc[j], W[k], z, method="pbi")[0] for j in kids}
        better = [j for j in kids if g[j] < g_inc[k]]
        if better:
            assert win[k] == min(better, key=lambda j: (g[j], j))
        else:
            assert win[k] == -1
    win1 = moead_replace(F, cv, Fc, cvc, W, cand, z, method="pbi", max_replacements=1)
    assert np.bincount(win1[win1 >= 0], minlength=len(Fc)).max() <= 1


def test_replace_feasibility_first():
    F = np.array([[0.0, 0.0], [1.0, 1.0]])
    W = np.array([[0.5, 0.5], [0.5, 0.5]])
    z = np.zeros(2)
    cand = np.array([[0, 1]])
    # a feasible child with a worse g beats an infeasible incumbent; a less violating one beats a more violating
    assert moead_replace(F, np.array([0.2, 0.0]), np.array([[5.0, 5.0]]), np.array([0.0]), W, cand, z).tolist() == [0, -1]
    assert moead_replace(F, np.array([0.2, 0.3]), np.array([[5.0, 5.0]]), np.array([0.25]), W, cand, z).tolist() == [-1, 0]
    # infinite violation (a failed evaluation) never wins
    assert moead_replace(F, np.array([1.0, 1.0]), np.array([[0.0, 0.0]]), np.array([np.inf]), W, cand, z).tolist() == [-1, -1]


@pytest.mark.parametrize("method", list(METHODS))
def test_decompose_formulas(method):
    f = np.array([[0.3, 0.7]])
    w = np.array([[0.25, 0.75]])
    z = np.array([0.1, 0.2])
    g = decompose(f, w, z, method=method, theta=5.0, nadir=np.array([1.1, 1.2]))[0]
    d = f[0] - z
    expected = {
        "tchebycheff": max(0.25 * 0.2, 0.75 * 0.5),
        "normalized_tchebycheff": max(0.25 * 0.2 / 1.0, 0.75 * 0.5 / 1.0),
        "weighted_sum": 0.25 * 0.2 + 0.75 * 0.5,
    }
    if method == "pbi":
        u = w[0] / np.linalg.norm(w[0])
        d1 = d @ u
        expected[method] = d1 + 5.0 * np.linalg.norm(d - d1 * u)
    assert g == pytest.approx(expected[method], rel=1e-12)


def test_bad_input_is_named():
    F, cv, Fc, cvc, W, cand, z = _case(0)
    with pytest.raises(ValueError, match="n_neighbors"):
        neighbors(W, 0)
    with pytest.raises(ValueError, match="candidates"):
        moead_replace(F, cv, Fc, cvc, W, cand + len(F), z)
    with pytest.raises(ValueError, match="method"):
        moead_replace(F, cv, Fc, cvc, W, cand, z, method="chebyshev")
    with pytest.raises(ValueError, match="nadir"):
        moead_replace(F, cv, Fc, cvc, W, cand, z, method="normalized_tchebycheff")
    with pytest.raises(ValueError, match="max_replacements"):
        moead_replace(F, cv, Fc, cvc, W, cand, z, max_replacements=0)
    with pytest.raises(ValueError, match="W must have"):
        moead_replace(F, cv, Fc, cvc, W[:-1], cand, z)
