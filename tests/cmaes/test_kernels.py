"""Batched CMA-ES kernels: every backend (and the whole-array path) against the NumPy reference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paretix.algorithms._cma import xp_ops
from paretix.cmaes import strategy_parameters
from paretix.kernels import cma_cholesky, cma_decompose, cma_record, cma_sample, cma_update, kernel_backends

RTOL = 1e-12


def _state(seed, B, n, L, *, diagonal=False, lam_min=2):
    rng = np.random.default_rng(seed)
    lam = rng.integers(lam_min, L + 1, B) if B else np.zeros(0, dtype=np.int64)
    weights = np.zeros((B, L))
    params = np.zeros((B, 8))
    for b in range(B):
        p = strategy_parameters(n, int(max(lam[b], 2)), diagonal=diagonal)
        weights[b, : lam[b]] = p.weights[: lam[b]]
        params[b] = p.row()
    A = rng.standard_normal((B, n, n))
    C = np.einsum("bij,bkj->bik", A, A) / n + 0.5 * np.eye(n) if not diagonal else rng.random((B, n)) + 0.1
    Bm = np.zeros((B, n, n))
    D = np.zeros((B, n))
    if diagonal:
        D = np.sqrt(C)
        Bm = None
    else:
        cma_decompose(C, Bm, D, backend="reference")
    Z = rng.standard_normal((B, L, n))
    f = rng.standard_normal((B, L))
    f[:, ::3] = np.round(f[:, ::3], 0)  # ties
    if B and L > 2:
        f[0, 1] = np.nan
        f[-1, 0] = np.inf
    cv = np.where(rng.random((B, L)) < 0.4, rng.random((B, L)).round(1), 0.0)
    state = dict(mean=rng.standard_normal((B, n)), sigma=rng.random(B) + 0.1, C=C, ps=rng.standard_normal((B, n)),
                 pc=rng.standard_normal((B, n)))
    if B:
        state["ps"][0] = 100.0  # h_sigma = 0 for instance 0
    g = rng.integers(0, 50, B)
    return dict(lam=lam, weights=weights, params=params, Bm=Bm, D=D, Z=Z, f=f, cv=cv, g=g, state=state)


def _copy(s):
    return {k: v.copy() for k, v in s.items()}


CASES = [(0, 3, 4), (1, 1, 4), (1, 5, 7), (6, 4, 9), (9, 10, 12), (3, 33, 20)]


@pytest.mark.parametrize("diagonal", [False, True], ids=["full", "diagonal"])
@pytest.mark.parametrize(("B", "n", "L"), CASES)
@pytest.mark.parametrize("with_cv", [False, True], ids=["f", "cv"])
def test_update_backends_agree(B, n, L, diagonal, with_cv):
    d = _state(B * 100 + n, B, n, L, diagonal=diagonal)
    cv = d["cv"] if with_cv else None
    ref = _copy(d["state"])
    Y, _ = cma_sample(d["state"]["mean"], d["state"]["sigma"], d["Bm"], d["D"], d["Z"], d["lam"], backend="reference")
    order_ref, hsig_ref = cma_update(d["f"], d["Z"], Y, d["lam"], d["weights"], d["params"], d["g"], ref["mean"],
                                     ref["sigma"], ref["C"], ref["ps"], ref["pc"], d["Bm"], cv=cv, diagonal=diagonal,
                                     backend="reference")
    # the ranking is (cv, f, index) with NaN as +inf
    for b in range(B):
        lb = d["lam"][b]
        key_f = np.where(np.isnan(d["f"][b, :lb]), np.inf, d["f"][b, :lb])
        key_cv = np.zeros(lb) if cv is None else cv[b, :lb]
        np.testing.assert_array_equal(order_ref[b, :lb], np.lexsort((np.arange(lb), key_f, key_cv)))
        assert (order_ref[b, lb:] == -1).all()
    if B:
        assert hsig_ref[0] == 0.0
    for backend in kernel_backends("cma_update"):
        got = _copy(d["state"])
        order, hsig = cma_update(d["f"], d["Z"], Y, d["lam"], d["weights"], d["params"], d["g"], got["mean"],
                                 got["sigma"], got["C"], got["ps"], got["pc"], d["Bm"], cv=cv, diagonal=diagonal,
                                 backend=backend)
        np.testing.assert_array_equal(order, order_ref)
        np.testing.assert_array_equal(hsig, hsig_ref)
        for key in ref:
            np.testing.assert_allclose(got[key], ref[key], rtol=RTOL, atol=RTOL * np.abs(ref[key]).max(initial=1),
                                       err_msg=f"{backend}: {key}")
    # the whole-array path (NumPy here, CuPy on the GPU)
    got = _copy(d["state"])
    order, hsig = xp_ops.update(np, d["f"], cv, d["lam"], d["Z"], Y, d["weights"], d["params"], d["g"], got["mean"],
                                got["sigma"], got["C"], got["ps"], got["pc"], d["Bm"], diagonal)
    np.testing.assert_array_equal(order, order_ref)
    np.testing.assert_array_equal(hsig, hsig_ref)
    for key in ref:
        expected = ref[key]
        if key == "C" and not diagonal:  # the array path leaves the symmetrisation to the decomposition
            got[key] = 0.5 * (got[key] + got[key].transpose(0, 2, 1))
        np.testing.assert_allclose(got[key], expected, rtol=RTOL, atol=RTOL * np.abs(expected).max(initial=1))


@pytest.mark.parametrize(("B", "n", "L"), CASES)
@pytest.mark.parametrize("diagonal", [False, True], ids=["full", "diagonal"])
def test_sample_backends_agree(B, n, L, diagonal):
    d = _state(B + n, B, n, L, diagonal=diagonal)
    s = d["state"]
    Y_ref, X_ref = cma_sample(s["mean"], s["sigma"], d["Bm"], d["D"], d["Z"], d["lam"], backend="reference")
    for b in range(B):
        assert (Y_ref[b, d["lam"][b]:] == 0).all() and (X_ref[b, d["lam"][b]:] == s["mean"][b]).all()
    for backend in kernel_backends("cma_sample"):
        Y, X = cma_sample(s["mean"], s["sigma"], d["Bm"], d["D"], d["Z"], d["lam"], backend=backend)
        np.testing.assert_allclose(Y, Y_ref, rtol=RTOL, atol=1e-13)
        np.testing.assert_allclose(X, X_ref, rtol=RTOL, atol=1e-13)
    Y, X = np.empty_like(Y_ref), np.empty_like(X_ref)
    xp_ops.sample(np, s["mean"], s["sigma"], d["Bm"], d["D"], d["Z"], d["lam"], Y, X)
    np.testing.assert_allclose(Y, Y_ref, rtol=RTOL, atol=1e-13)
    np.testing.assert_allclose(X, X_ref, rtol=RTOL, atol=1e-13)


@pytest.mark.parametrize("n", [6, 10, 13])  # specialised n (fixed-length C++ loops) and run-time n
@pytest.mark.parametrize("cholesky", [False, True], ids=["eigen", "cholesky"])
def test_native_and_numba_are_bit_identical(n, cholesky):
    backends = [b for b in kernel_backends("cma_update") if b in ("native", "numba")]
    if len(backends) < 2:
        pytest.skip("needs both the native and the numba backend")
    d = _state(7, 40, n, 12)
    out = []
    for backend in backends:
        s = _copy(d["state"])
        C, Bm, D = s["C"].copy(), np.zeros_like(s["C"]), np.zeros_like(s["mean"])
        if cholesky:
            cma_cholesky(C, Bm, backend=backend)
            D[...] = 1.0
        else:
            cma_decompose(C, Bm, D, backend=backend)
        Y, X = cma_sample(s["mean"], s["sigma"], Bm, D, d["Z"], d["lam"], backend=backend)
        cma_update(d["f"], d["Z"], Y, d["lam"], d["weights"], d["params"], d["g"], s["mean"], s["sigma"], s["C"], s["ps"],
                   s["pc"], None if cholesky else Bm, cv=d["cv"], backend=backend)
        out.append((Bm, D, Y, X, s["mean"], s["sigma"], s["C"], s["ps"], s["pc"]))
    for a, b in zip(*out):
        np.testing.assert_array_equal(a, b)


def _check_decomposition(C0, Bm, D):
    n = C0.shape[1]
    rec = np.einsum("bij,bj,bkj->bik", Bm, D**2, Bm)
    scale = np.abs(C0).max(axis=(1, 2), initial=1)[:, None, None]
    assert (np.abs(rec - C0) <= 1e-13 * scale).all()
    np.testing.assert_allclose(np.einsum("bji,bjk->bik", Bm, Bm), np.broadcast_to(np.eye(n), Bm.shape), atol=1e-13)
    assert (np.diff(D, axis=1) >= 0).all()  # ascending


@pytest.mark.parametrize(("B", "n"), [(0, 3), (1, 1), (4, 2), (20, 10), (3, 40)])
def test_decompose_backends_agree(B, n):
    rng = np.random.default_rng(n)
    A = rng.standard_normal((B, n, n))
    C = np.einsum("bij,bkj->bik", A, A) + 1e-3 * np.eye(n)
    if B > 1:
        C[0] = np.eye(n)  # fully degenerate
        C[1] = np.diag(10.0 ** (12 * np.arange(n) / n))  # ill-conditioned (1e12)
    ref = {}
    for backend in kernel_backends("cma_decompose"):
        Cb, Bm, D = C.copy(), np.zeros_like(C), np.zeros((B, n))
        assert cma_decompose(Cb, Bm, D, backend=backend) == 0
        _check_decomposition(C, Bm, D)
        ref[backend] = (Bm, D)
    base = ref["reference"][1]
    for backend, (_, D) in ref.items():
        np.testing.assert_allclose(D, base, rtol=1e-12, atol=1e-14 * np.abs(base).max(initial=1))
    Cx, Bx, Dx = C.copy(), np.zeros_like(C), np.zeros((B, n))
    xp_ops.decompose(np, Cx, np.ones(B, dtype=bool), Bx, Dx)
    _check_decomposition(C, Bx, Dx)


def test_decompose_floors_and_skips():
    n = 4
    C = np.stack([np.diag([1.0, 1e-30, 2.0, -1e-3]), np.eye(n) * 3, np.full((n, n), np.nan)])
    for backend in kernel_backends("cma_decompose"):
        Cb, Bm, D = C.copy(), np.zeros_like(C), np.full((3, n), 7.0)
        floored = cma_decompose(Cb, Bm, D, which=[True, False, True], backend=backend)
        assert floored == 1
        assert D[0].min() == pytest.approx(np.sqrt(2.0 * 1e-20))  # raised to max * 1e-20
        np.testing.assert_allclose(np.einsum("ij,j,kj->ik", Bm[0], D[0] ** 2, Bm[0]), Cb[0], atol=1e-15)
        assert (D[1] == 7.0).all()  # not selected: untouched
        assert np.isnan(D[2]).all() and (Bm[2] == np.eye(n)).all()


@given(lam=st.integers(2, 12), data_seed=st.integers(0, 2**32 - 1), ties=st.booleans())
def test_ranking_property(lam, data_seed, ties):
    rng = np.random.default_rng(data_seed)
    f = rng.standard_normal((1, lam))
    cv = np.where(rng.random((1, lam)) < 0.5, 0.0, rng.random((1, lam)))
    if ties:
        f, cv = np.round(f), np.round(cv, 1)
    d = _state(data_seed % 1000, 1, 3, lam, lam_min=lam)
    Y = d["Z"].copy()
    expected = np.lexsort((np.arange(lam), f[0], cv[0]))
    for backend in kernel_backends("cma_update"):
        s = _copy(d["state"])
        order, _ = cma_update(f, d["Z"], Y, d["lam"], d["weights"], d["params"], d["g"], s["mean"], s["sigma"], s["C"],
                              s["ps"], s["pc"], d["Bm"], cv=cv, backend=backend)
        np.testing.assert_array_equal(order[0], expected)


@given(lam=st.integers(1, 40), pad=st.integers(0, 3), data_seed=st.integers(0, 2**32 - 1), with_cv=st.booleans())
def test_ranking_counts_and_sorts_alike(lam, pad, data_seed, with_cv):
    """Populations up to 32 are ranked by counting in C++, larger ones sorted: either way the order
    is (cv, f, index) with NaN as +inf, -0.0 tied with 0.0, and the padded columns left out."""
    rng = np.random.default_rng(data_seed)
    L = lam + pad
    f = rng.choice([-0.0, 0.0, 1.0, -1.0, np.inf, np.nan, 2.5], size=(1, L)) + (rng.random((1, L)) < 0.3) * rng.random(
        (1, L))
    cv = rng.choice([0.0, 0.0, 0.5, np.nan, np.inf], size=(1, L)) if with_cv else None
    d = _state(data_seed % 1000, 1, 3, L, lam_min=L)
    lam_arr = np.array([lam])
    kf = np.where(np.isnan(f[0, :lam]), np.inf, f[0, :lam])
    kc = np.zeros(lam) if cv is None else np.where(np.isnan(cv[0, :lam]), np.inf, cv[0, :lam])
    expected = np.lexsort((np.arange(lam), kf, kc))
    for backend in kernel_backends("cma_update"):
        s = _copy(d["state"])
        order, _ = cma_update(f, d["Z"], d["Z"].copy(), lam_arr, d["weights"], d["params"], d["g"], s["mean"],
                              s["sigma"], s["C"], s["ps"], s["pc"], d["Bm"], cv=cv, backend=backend)
        np.testing.assert_array_equal(order[0, :lam], expected, err_msg=backend)
        assert (order[0, lam:] == -1).all()


def test_state_arrays_must_be_updatable():
    d = _state(1, 2, 3, 4)
    s = d["state"]
    Y = d["Z"]
    with pytest.raises(TypeError, match="mean must be a writable C-contiguous float64"):
        cma_update(d["f"], d["Z"], Y, d["lam"], d["weights"], d["params"], d["g"], s["mean"].astype(np.float32),
                   s["sigma"], s["C"], s["ps"], s["pc"], d["Bm"])
    with pytest.raises(ValueError, match=r"C must have shape \(2, 3, 3\)"):
        cma_update(d["f"], d["Z"], Y, d["lam"], d["weights"], d["params"], d["g"], s["mean"], s["sigma"],
                   s["C"][:, 0].copy(), s["ps"], s["pc"], d["Bm"])
    with pytest.raises(ValueError, match=r"Bm must have shape \(2, 3, 3\)"):  # None is the Cholesky path
        cma_update(d["f"], d["Z"], Y, d["lam"], d["weights"], d["params"], d["g"], s["mean"], s["sigma"], s["C"],
                   s["ps"], s["pc"], d["Bm"][:, :2])
    with pytest.raises(ValueError, match=r"lam values must lie in \[1, 4\]"):
        cma_sample(s["mean"], s["sigma"], d["Bm"], d["D"], d["Z"], [5, 1])
    with pytest.raises(ValueError, match=r"Z must have shape \(B=2, L, n=3\)"):
        cma_sample(s["mean"], s["sigma"], d["Bm"], d["D"], d["Z"][:, :, :2], d["lam"])
    with pytest.raises(ValueError, match=r"C must be a numpy array of shape \(B, n, n\)"):
        cma_decompose(np.zeros((2, 3)), np.zeros((2, 3, 3)), np.zeros((2, 3)))


def test_native_binding_rejects_copies():
    pytest.importorskip("paretix._core")
    from paretix import _core

    d = _state(2, 1, 2, 4)
    s = d["state"]
    Y, X = np.empty((1, 4, 2)), np.empty((1, 4, 2), dtype=np.float32)
    with pytest.raises(TypeError):  # a converted temporary would lose the output
        _core.cma_sample(s["mean"], s["sigma"], d["Bm"], d["D"], d["Z"], d["lam"], Y, X)


@pytest.mark.parametrize("n", [1, 2, 5, 10])
def test_decompose_native_numba_bits_mixed_batch(n):
    """The native kernel steps several matrices' QL iterations in turn: every instance must still
    get numba's bits, whatever sits next to it (skipped, non-finite, floored, degenerate)."""
    backends = [b for b in kernel_backends("cma_decompose") if b in ("native", "numba")]
    if len(backends) < 2:
        pytest.skip("needs both the native and the numba backend")
    rng = np.random.default_rng(n)
    B = 23
    A = rng.standard_normal((B, n, n))
    C = np.einsum("bij,bkj->bik", A, A) / n + 1e-2 * np.eye(n)
    C[3] = np.eye(n)
    C[5, 0, 0] = np.nan
    C[8] = np.diag(10.0 ** (12 * np.arange(n) / n))
    C[9] = np.diag(np.r_[-1e-3, np.ones(n - 1)])  # floored
    C[12] = C[11]
    which = np.ones(B, dtype=bool)
    which[[1, 2, 7, 15]] = False
    out = []
    for backend in backends:
        Cb, Bm, D = C.copy(), np.full_like(C, 5.0), np.full((B, n), 7.0)
        floored = cma_decompose(Cb, Bm, D, which=which, backend=backend)
        out.append((floored, Cb, Bm, D))
    (f0, *a0), (f1, *a1) = out
    assert f0 == f1 == 1
    for x, y in zip(a0, a1):
        np.testing.assert_array_equal(x, y)
    assert (out[0][3][~which] == 7.0).all() and np.isnan(out[0][3][5]).all()


def _stop_state(seed, B, n, diagonal):
    rng = np.random.default_rng(seed)
    d = _state(seed, B, n, 4, diagonal=diagonal)
    s = d["state"]
    sigma, mean, D = s["sigma"].copy(), s["mean"].copy(), d["D"].copy()
    sigma[rng.random(B) < 0.3] = 1e-30  # tolx, noeffectcoord, noeffectaxis
    sigma[rng.random(B) < 0.15] = 1e6  # tolfacupx
    sigma[rng.random(B) < 0.05] = -1.0  # invalid
    mean[rng.random(B) < 0.1, 0] = np.nan
    D[rng.random(B) < 0.2] *= np.r_[1e-9, np.ones(n - 1)]  # conditioncov
    D[rng.random(B) < 0.05, -1] = np.nan
    D[rng.random(B) < 0.05, 0] = 0.0
    pc = s["pc"] * np.where(rng.random((B, 1)) < 0.5, 1e-40, 1.0)
    return dict(sigma=sigma, mean=mean, C=s["C"], D=D, pc=pc, Bm=d["Bm"], sigma0=rng.random(B) + 0.5,
                stds=rng.random((B, n)) + 0.5, g=rng.integers(0, 100, B))


@pytest.mark.parametrize("diagonal", [False, True], ids=["full", "diagonal"])
@pytest.mark.parametrize(("B", "n"), [(0, 3), (1, 1), (40, 2), (60, 7)])
def test_stop_flags_backends_agree(B, n, diagonal):
    from paretix.algorithms._cma import stopping
    from paretix.kernels.cmaes import STOP_CRITERIA, cma_stop_flags

    st = _stop_state(B * 7 + n, B, n, diagonal)
    rows = np.random.default_rng(n).permutation(B)[: max(B - 3, 0)]
    bits = np.array([stopping.BIT[c] for c in STOP_CRITERIA])
    kw = dict(tolx=1e-11, tolfacupx=1e3, tolconditioncov=1e14, bits=bits)
    args = [st[k] for k in ("sigma", "mean", "C", "D", "pc", "Bm", "sigma0", "stds", "g")]
    ref = cma_stop_flags(rows, *args, backend="reference", **kw)
    for backend in kernel_backends("cma_stop_flags"):
        np.testing.assert_array_equal(cma_stop_flags(rows, *args, backend=backend, **kw), ref, err_msg=backend)

    class E:  # the whole-array path (CuPy and backend="xp") reads these engine attributes
        xp = np
    e = E()
    e.n, e.diagonal = n, diagonal
    for key, value in st.items():
        setattr(e, key, value)
    e.tolx, e.tolfacupx, e.tolconditioncov = 1e-11, 1e3, 1e14
    got = stopping._coordinate_flags(e, rows, rows, st["g"][rows], len(rows))
    np.testing.assert_array_equal(got, ref)
    if B >= 40:  # every criterion fires somewhere
        want = np.bitwise_or.reduce(bits if not diagonal else bits[np.array(STOP_CRITERIA) != "noeffectaxis"])
        assert np.bitwise_or.reduce(ref) == want


@given(seed=st.integers(0, 2**32 - 1), scale=st.floats(-18.0, -12.0), n=st.integers(1, 12))
def test_noeffectaxis_near_the_rounding_boundary(seed, scale, n):
    """Steps 0.1 sigma D_a along an axis around the rounding of m: the C++ shortcut that skips the
    eigenvectors when the step must move m gives the words of the full test (the reference)."""
    from paretix.kernels.cmaes import cma_stop_flags

    B = 64
    st = _stop_state(seed % 997, B, n, False)
    rng = np.random.default_rng(seed)
    mean = rng.standard_normal((B, n)) * 10.0 ** rng.uniform(-3, 3, (B, 1))
    mean[::7, 0] = 0.0
    sigma = np.abs(mean).max(axis=1) * 10.0 ** (scale + rng.uniform(-1, 1, B)) / np.maximum(st["D"].max(axis=1), 1e-300)
    sigma[::9] = 1e-300  # products in the subnormal range
    args = [sigma, mean] + [st[k] for k in ("C", "D", "pc", "Bm", "sigma0", "stds", "g")]
    kw = dict(tolx=1e-11, tolfacupx=1e3, tolconditioncov=1e14)
    ref = cma_stop_flags(np.arange(B), *args, backend="reference", **kw)
    for backend in kernel_backends("cma_stop_flags"):
        np.testing.assert_array_equal(cma_stop_flags(np.arange(B), *args, backend=backend, **kw), ref,
                                      err_msg=backend)


def test_stop_flags_default_bits_and_checks():
    from paretix.kernels.cmaes import cma_stop_flags

    st = _stop_state(5, 3, 2, False)
    args = [st[k] for k in ("sigma", "mean", "C", "D", "pc", "Bm", "sigma0", "stds", "g")]
    st["sigma"][:] = 1e-30
    st["mean"][:] = 1.0
    flags = cma_stop_flags([0, 2], *args, tolx=1e-11, tolfacupx=1e3, tolconditioncov=1e14)
    assert (flags & 0b1101 == 0b1101).all()  # tolx, noeffectaxis, noeffectcoord with bits 1 << c
    with pytest.raises(ValueError, match=r"rows must lie in \[0, 3\)"):
        cma_stop_flags([3], *args, tolx=1e-11, tolfacupx=1e3, tolconditioncov=1e14)


# --- Cholesky factorisation (factorization="cholesky") -----------------------------------------


def _covariances(seed, B, n):
    """Positive definite covariances with a few the factorisation must repair."""
    rng = np.random.default_rng(seed)
    M = rng.standard_normal((B, n, n))
    C = M @ M.transpose(0, 2, 1) / n + 1e-3 * np.eye(n)
    C[::4] *= 10.0 ** rng.uniform(-6, 6, (len(C[::4]), 1, 1))  # scale
    bad = {}
    if B >= 4:
        C[1] = np.outer(np.ones(n), np.ones(n))  # singular (rank 1)
        C[2] = -np.eye(n)  # negative definite
        C[3, 0, n - 1] = np.nan  # not finite (upper triangle: the factor reads the lower one)
        C[3, n - 1, 0] = np.nan
        bad = {1, 2, 3}
    return C, bad


@pytest.mark.parametrize(("B", "n"), [(0, 3), (1, 1), (5, 4), (8, 10), (6, 17), (21, 10), (19, 7)])  # blocks of 8, pairs, singles
def test_cholesky_backends_agree(B, n):
    C, bad = _covariances(B * 10 + n, B, n)
    results = {}
    for backend in kernel_backends("cma_cholesky"):
        Cb, A = C.copy(), np.full((B, n, n), 7.0)
        results[backend] = (cma_cholesky(Cb, A, backend=backend), A, Cb)
    native = results["native"]
    assert native[0] == len(bad)
    for backend, (repaired, A, Cb) in results.items():
        assert repaired == len(bad), backend
        for b in range(B):
            if b in bad and not np.isfinite(C[b]).all():
                assert np.isnan(A[b]).all(), backend
                continue
            scale = np.abs(Cb[b]).max()
            np.testing.assert_allclose(A[b] @ A[b].T, Cb[b], rtol=0, atol=1e-12 * scale, err_msg=backend)
            if b not in bad:
                np.testing.assert_array_equal(Cb[b], C[b])  # read only
                assert (np.triu(A[b], 1) == 0).all()
                np.testing.assert_allclose(A[b], native[1][b], rtol=1e-12, atol=1e-12 * np.sqrt(scale))
    if "numba" in results:  # the same loops: the same bits
        np.testing.assert_array_equal(results["numba"][1], native[1])
    # the whole-array path
    Cb, A = C.copy(), np.zeros((B, n, n))
    assert xp_ops.cholesky(np, Cb, np.ones(B, dtype=bool), A) == len(bad)
    for b in range(B):
        if np.isfinite(C[b]).all():
            np.testing.assert_allclose(A[b] @ A[b].T, Cb[b], rtol=0, atol=1e-12 * np.abs(Cb[b]).max())


def test_cholesky_skips_unselected_instances():
    C, _ = _covariances(3, 5, 4)
    A = np.full((5, 4, 4), 7.0)
    which = np.array([True, False, False, False, True])
    assert cma_cholesky(C, A, which=which) == 0
    assert (A[1:4] == 7.0).all() and (A[[0, 4]] != 7.0).any()


@pytest.mark.parametrize("backend", ["native", "numba", "reference"])
def test_update_without_eigenvectors_moves_ps_along_z(backend):
    # Bm=None (samples drawn through a Cholesky factor): p_sigma takes <z>_w itself, i.e. the
    # same as Bm = I; everything else is the eigen update.
    if backend not in kernel_backends("cma_update"):
        pytest.skip(f"{backend} not available")
    B, n, L = 4, 5, 8
    d = _state(11, B, n, L)
    Y, _ = cma_sample(d["state"]["mean"], d["state"]["sigma"], d["Bm"], d["D"], d["Z"], d["lam"], backend="reference")
    eye = np.broadcast_to(np.eye(n), (B, n, n)).copy()
    a, b = _copy(d["state"]), _copy(d["state"])
    cma_update(d["f"], d["Z"], Y, d["lam"], d["weights"], d["params"], d["g"], a["mean"], a["sigma"], a["C"],
               a["ps"], a["pc"], None, backend=backend)
    cma_update(d["f"], d["Z"], Y, d["lam"], d["weights"], d["params"], d["g"], b["mean"], b["sigma"], b["C"],
               b["ps"], b["pc"], eye, backend=backend)
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])
    c = _copy(d["state"])
    xp_ops.update(np, d["f"], None, d["lam"], d["Z"], Y, d["weights"], d["params"], d["g"], c["mean"], c["sigma"],
                  c["C"], c["ps"], c["pc"], None, False)
    np.testing.assert_allclose(c["ps"], a["ps"], rtol=RTOL, atol=RTOL)


def test_cholesky_rejects_bad_arrays():
    C = np.broadcast_to(np.eye(3), (2, 3, 3)).copy()
    with pytest.raises(ValueError, match=r"A must have shape \(2, 3, 3\)"):
        cma_cholesky(C, np.zeros((2, 3, 2)))
    with pytest.raises(TypeError, match="A must be a writable C-contiguous float64"):
        cma_cholesky(C, np.zeros((2, 3, 3), dtype=np.float32))
    with pytest.raises(ValueError, match=r"C must be a numpy array of shape \(B, n, n\)"):
        cma_cholesky(np.zeros((2, 3)), np.zeros((2, 3, 3)))
    with pytest.raises(ValueError, match=r"which must have shape \(2,\)"):
        cma_cholesky(C, np.zeros((2, 3, 3)), which=[True])


BIT_GENERATORS = [np.random.PCG64, np.random.PCG64DXSM, np.random.SFC64, np.random.MT19937, np.random.Philox]


@pytest.mark.parametrize("bitgen", BIT_GENERATORS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(("B", "n", "L"), [(0, 3, 4), (1, 1, 4), (5, 4, 9), (60, 10, 10), (3, 33, 20)])
@pytest.mark.parametrize("diagonal", [False, True], ids=["full", "diagonal"])
def test_sample_draw_is_numpys_stream(bitgen, B, n, L, diagonal):
    """cma_sample(rng=...) draws exactly rng.standard_normal(out=Z) (values and final generator
    state) on every backend; (60, 10, 10) crosses the native kernel's inlined-PCG64 threshold."""
    d = _state(4, B, n, L, diagonal=diagonal)
    s = d["state"]
    Bm = None if diagonal else d["Bm"]
    twin = np.random.Generator(bitgen(123))
    Z_ref = twin.standard_normal((B, L, n))
    after = twin.random(3)
    for backend in kernel_backends("cma_sample_draw"):
        rng = np.random.Generator(bitgen(123))
        Z = np.full((B, L, n), np.nan)
        Y, X = cma_sample(s["mean"], s["sigma"], Bm, d["D"], Z, d["lam"], rng=rng, backend=backend)
        assert np.array_equal(Z, Z_ref), backend
        assert np.array_equal(rng.random(3), after), backend
        Y_ref, X_ref = cma_sample(s["mean"], s["sigma"], Bm, d["D"], Z_ref, d["lam"], backend=backend)
        np.testing.assert_array_equal(Y, Y_ref, err_msg=backend)  # the same kernel on the same draws
        np.testing.assert_array_equal(X, X_ref, err_msg=backend)


def test_sample_draw_tail_draws():
    """Enough draws that the ziggurat's wedge and tail branches run (about 1% of draws)."""
    B, n, L = 200, 10, 50
    d = _state(5, B, n, L)
    s = d["state"]
    Z_ref = np.random.default_rng(7).standard_normal((B, L, n))
    assert np.abs(Z_ref).max() > 3.6541528853610088  # beyond the ziggurat's base layer
    for backend in kernel_backends("cma_sample_draw"):
        Z = np.empty((B, L, n))
        cma_sample(s["mean"], s["sigma"], d["Bm"], d["D"], Z, d["lam"], rng=np.random.default_rng(7), backend=backend)
        assert np.array_equal(Z, Z_ref), backend


def test_sample_draw_rejects_bad_arguments():
    d = _state(2, 2, 3, 4)
    s = d["state"]
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        cma_sample(s["mean"], s["sigma"], d["Bm"], d["D"], np.empty((2, 4, 3)), d["lam"], rng=np.random.RandomState(0))
    with pytest.raises(TypeError, match="Z must be a writable C-contiguous float64"):
        cma_sample(s["mean"], s["sigma"], d["Bm"], d["D"], np.empty((2, 4, 3), dtype=np.float32), d["lam"],
                   rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="Z must be a writable C-contiguous float64"):
        cma_sample(s["mean"], s["sigma"], d["Bm"], d["D"], [[[0.0] * 3] * 4] * 2, d["lam"], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"Z must have shape \(B=2, L, n=3\)"):
        cma_sample(s["mean"], s["sigma"], d["Bm"], d["D"], np.empty((2, 4, 2)), d["lam"], rng=np.random.default_rng(0))


def _record_case(seed, *, with_cv, with_fit, with_stag, B=9, L=8, n=3, W=6):
    """Inputs of cma_record for a subset of B instances, in a shuffled row order, with ties, NaN
    and inf in f, some best-so-far entries to beat and others not."""
    rng = np.random.default_rng(seed)
    rows = rng.permutation(B)[:6]
    k = rows.size
    lam = rng.integers(2, L + 1, B)
    lam[rows[0]] = L
    f = np.round(rng.standard_normal((k, L)), 1)
    f[0, 1], f[1, 0], f[2, :] = np.nan, np.inf, 0.25  # a NaN, an inf, a flat row
    cv = np.where(rng.random((k, L)) < 0.5, 0.0, rng.random((k, L))) if with_cv else None
    if with_cv:
        cv[3, 2] = np.nan
    fit = f + rng.random((k, L)) * (rng.random((k, L)) < 0.3) if with_fit else None
    order = np.empty((k, L), dtype=np.int64)
    for t, b in enumerate(rows):
        kf = np.where(np.isnan(fit if with_fit else f), np.inf, fit if with_fit else f)[t]
        kc = np.zeros(L) if cv is None else np.where(np.isnan(cv[t]), np.inf, cv[t])
        o = np.lexsort((np.arange(lam[b]), kf[: lam[b]], kc[: lam[b]]))
        order[t] = np.concatenate([o, np.full(L - lam[b], -1)])
    g = rng.integers(1, 40, B)
    state = {
        "fbest": np.where(rng.random(B) < 0.5, np.inf, rng.standard_normal(B)),
        "cvbest": np.where(rng.random(B) < 0.5, np.inf, 0.0),
        "xbest": rng.standard_normal((B, n)),
        "best_eval": rng.integers(0, 9, B),
        "best_k": rng.integers(0, 9, B),
        "improved": np.zeros(B, dtype=np.uint8),
        "flat": rng.integers(0, 3, B),
        "funhist": np.where(rng.random((W, B)) < 0.3, np.nan, 0.25 + 1e-13 * rng.random((W, B))),
    }
    if with_stag:
        state["stag_best"] = np.full((W + 2, B), np.nan)
        state["stag_med"] = np.full((W + 2, B), np.nan)
    args = dict(rows=rows, f=f, order=order, lam=lam, g=g, n_eval=rng.integers(10, 100, B),
                maxiter=rng.integers(5, 60, B).astype(float), X=rng.standard_normal((B, L, n)),
                funhist_cap=rng.integers(1, W + 1, B), fit=fit, cv=cv,
                stag_cap=rng.integers(1, W + 3, B) if with_stag else None)
    return args, state


def _call_record(args, state, backend):
    s = {key: v.copy() for key, v in state.items()}
    flags = cma_record(args["rows"], args["f"], args["order"], args["lam"], args["g"], args["n_eval"], args["maxiter"],
                       args["X"], s["fbest"], s["cvbest"], s["xbest"], s["best_eval"], s["best_k"], s["improved"],
                       s["flat"], s["funhist"], args["funhist_cap"], fit=args["fit"], cv=args["cv"],
                       stag_best=s.get("stag_best"), stag_med=s.get("stag_med"), stag_cap=args["stag_cap"],
                       tolfun=1e-11, tolflatfitness=1, ftarget=0.1, max_evals=60, backend=backend)
    return flags, s


@pytest.mark.parametrize("with_cv", [False, True], ids=["f", "cv"])
@pytest.mark.parametrize("with_fit", [False, True], ids=["f", "fit"])
@pytest.mark.parametrize("with_stag", [False, True], ids=["nostag", "stag"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_record_backends_agree(with_cv, with_fit, with_stag, seed):
    args, state = _record_case(seed, with_cv=with_cv, with_fit=with_fit, with_stag=with_stag)
    results = {b: _call_record(args, state, b) for b in kernel_backends("cma_record")}
    ref_flags, ref = results["reference"]
    for backend, (flags, s) in results.items():
        np.testing.assert_array_equal(flags, ref_flags, err_msg=backend)
        for key in ref:
            np.testing.assert_array_equal(s[key], ref[key], err_msg=f"{backend} {key}")
    # what the reference did, spelled out for the rows
    rows, lam, f = args["rows"], args["lam"], args["f"]
    for t, b in enumerate(rows):
        lb = lam[b]
        ft = np.where(np.isnan(f[t, :lb]), np.inf, f[t, :lb])
        assert ref["funhist"][(args["g"][b] - 1) % args["funhist_cap"][b], b] == ft.min()
        if ref["improved"][b]:
            np.testing.assert_array_equal(ref["xbest"][b], args["X"][b, ref["best_k"][b]])
            assert ref["best_eval"][b] == args["n_eval"][b]
        if with_stag:
            pos = (args["g"][b] - 1) % args["stag_cap"][b]
            assert ref["stag_med"][pos, b] == 0.5 * (np.sort(ft)[(lb - 1) // 2] + np.sort(ft)[lb // 2])
    untouched = np.setdiff1d(np.arange(len(lam)), rows)
    np.testing.assert_array_equal(ref["fbest"][untouched], state["fbest"][untouched])
    np.testing.assert_array_equal((ref_flags & 1) != 0, (ref["cvbest"][rows] <= 0) & (ref["fbest"][rows] <= 0.1))
    np.testing.assert_array_equal((ref_flags & 4) != 0, args["g"][rows] >= args["maxiter"][rows])
    np.testing.assert_array_equal((ref_flags & 2) != 0, args["n_eval"][rows] >= 60)


def test_record_finds_flat_rows_and_tolfun():
    args, state = _record_case(5, with_cv=False, with_fit=False, with_stag=False)
    b = args["rows"][2]  # the flat row (all f = 0.25)
    state["flat"][b] = 1
    state["funhist"][:, b] = 0.25
    flags, s = _call_record(args, state, "reference")
    assert s["flat"][b] == 2 and flags[2] & 16 and flags[2] & 8  # tolflatfitness, tolfun
    for backend in kernel_backends("cma_record"):
        np.testing.assert_array_equal(_call_record(args, state, backend)[0], flags)


def test_record_rejects_bad_arguments():
    args, state = _record_case(0, with_cv=False, with_fit=False, with_stag=True)
    bad = dict(args, rows=np.array([0, 0]), f=args["f"][:2], order=args["order"][:2])
    with pytest.raises(ValueError, match="rows"):
        _call_record(bad, state, None)
    order = args["order"].copy()
    order[0, 0] = -1
    with pytest.raises(ValueError, match="order"):
        _call_record(dict(args, order=order), state, None)
    with pytest.raises(ValueError, match="g must count"):
        _call_record(dict(args, g=np.zeros_like(args["g"])), state, None)
    with pytest.raises(TypeError, match="fbest"):
        _call_record(args, dict(state, fbest=state["fbest"].astype(np.float32)), None)
    with pytest.raises(ValueError, match="stag_best, stag_med and stag_cap"):
        _call_record(dict(args, stag_cap=None), state, None)
    with pytest.raises(ValueError, match="funhist_cap"):
        _call_record(dict(args, funhist_cap=np.full_like(args["funhist_cap"], 99)), state, None)
