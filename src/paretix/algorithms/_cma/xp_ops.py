"""The sampling, update and decomposition of B instances as whole-array operations.

Same contracts as :mod:`paretix.kernels.cmaes` (in place, ranking by ``(cv, f, index)`` with NaN as
+inf), written with ``xp`` = NumPy or CuPy: einsum/matmul (BLAS) and a stacked ``xp.linalg.eigh``
(LAPACK, cuSOLVER). This is the path for CuPy arrays and for large n on the CPU, where BLAS beats
the kernels' loops and LAPACK beats Jacobi.
"""

from __future__ import annotations

import numpy as np


def sample(xp, mean, sigma, Bm, D, Z, lam, Y, X):
    """``Y = Z (Bm diag D)^T`` (diagonal: ``D * Z``), ``X = mean + sigma Y``; padded rows y = 0."""
    B, L, n = Z.shape
    if Bm is None:
        Y[...] = Z * D[:, None, :]
    else:
        A = Bm * D[:, None, :]  # (B, n, n): columns scaled by D
        xp.matmul(Z, A.transpose(0, 2, 1), out=Y)
    if lam.size and int(lam.min()) < L:
        Y *= (xp.arange(L)[None, :] < lam[:, None])[:, :, None]
    xp.add(mean[:, None, :], sigma[:, None, None] * Y, out=X)


def rank(xp, f, cv, lam):
    """Indices sorting each row by (cv, f, index), NaN as +inf; padded columns (>= lam) last."""
    B, L = f.shape
    order = xp.argsort(xp.where(xp.isnan(f), xp.inf, f), axis=1, kind="stable")
    keys = [] if cv is None else [xp.where(xp.isnan(cv), xp.inf, cv)]
    pad = xp.arange(L)[None, :] >= lam[:, None]
    if bool(pad.any()):
        keys.append(pad.astype(xp.int8))
    for key in keys:  # successive stable sorts: the last key is the most significant
        nxt = xp.argsort(xp.take_along_axis(key, order, axis=1), axis=1, kind="stable")
        order = xp.take_along_axis(order, nxt, axis=1)
    return order


def update(xp, f, cv, lam, Z, Y, weights, params, g, mean, sigma, C, ps, pc, Bm, diagonal):
    """One generation for every instance, in place; returns (order with -1 padding, hsig)."""
    B, L, n = Z.shape
    cm, cs, ds, cc, c1, cmu, mueff, chin = (params[:, j] for j in range(8))
    order = rank(xp, f, cv, lam)
    y = xp.take_along_axis(Y, order[:, :, None], axis=1)  # ranked samples (B, L, n)
    z = xp.take_along_axis(Z, order[:, :, None], axis=1)
    wpos = xp.where(weights > 0, weights, 0.0)
    yw = xp.einsum("bk,bkn->bn", wpos, y)
    zw = xp.einsum("bk,bkn->bn", wpos, z)
    mean += (cm * sigma)[:, None] * yw
    v = zw if diagonal or Bm is None else xp.einsum("bij,bj->bi", Bm, zw)  # None: Cholesky sampling
    ps *= (1 - cs)[:, None]
    ps += xp.sqrt(cs * (2 - cs) * mueff)[:, None] * v
    nps = xp.sqrt((ps * ps).sum(axis=1))
    corr = xp.sqrt(1 - (1 - cs) ** (2.0 * (g + 1)))
    hs = (nps / corr < (1.4 + 2.0 / (n + 1)) * chin).astype(mean.dtype)
    pc *= (1 - cc)[:, None]
    pc += (hs * xp.sqrt(cc * (2 - cc) * mueff))[:, None] * yw
    zz = xp.maximum((z * z).sum(axis=2), 1e-300)
    wo = xp.where(weights >= 0, weights, weights * n / zz)
    a = 1 + c1 * (1 - hs) * cc * (2 - cc) - c1 - cmu * weights.sum(axis=1)
    if diagonal:
        C *= a[:, None]
        C += c1[:, None] * pc * pc + cmu[:, None] * xp.einsum("bk,bki->bi", wo, y * y)
    else:
        # c_1 pc pc^T + c_mu sum_k wo_k y_k y_k^T as one matmul over [y; pc] (symmetric up to
        # rounding; the decomposition symmetrises)
        ye = xp.concatenate([y, pc[:, None, :]], axis=1)  # (B, L + 1, n)
        we = xp.concatenate([cmu[:, None] * wo, c1[:, None]], axis=1)
        C *= a[:, None, None]
        C += xp.matmul(ye.transpose(0, 2, 1) * we[:, None, :], ye)
    sigma *= xp.exp(xp.minimum(1.0, (cs / ds) * (nps / chin - 1)))
    order = xp.where(xp.arange(L)[None, :] < lam[:, None], order, -1)
    return order, hs


def decompose(xp, C, which, Bm, D):
    """Stacked ``eigh`` of the selected instances (eigenvalues floored at 1e-20 max); returns the
    number of instances whose eigenvalues were floored."""
    idx = xp.flatnonzero(which)
    if idx.size == 0:
        return 0
    Cs = C[idx]
    Cs = 0.5 * (Cs + Cs.transpose(0, 2, 1))
    finite = xp.isfinite(Cs).all(axis=(1, 2))
    Cs = xp.where(finite[:, None, None], Cs, xp.eye(C.shape[1])[None])
    e, V = xp.linalg.eigh(Cs)
    emax = e.max(axis=1)
    floor = xp.where(emax > 0, emax * 1e-20, xp.finfo(C.dtype).tiny)
    low = e < floor[:, None]
    n_low = int(low.any(axis=1).sum())
    if n_low:
        e = xp.maximum(e, floor[:, None])
        Cs = xp.where(low.any(axis=1)[:, None, None], xp.matmul(V * e[:, None, :], V.transpose(0, 2, 1)), Cs)
    C[idx] = Cs
    Bm[idx] = V
    D[idx] = xp.where(finite[:, None], xp.sqrt(e), xp.nan)
    return n_low


def cholesky(xp, C, which, A):
    """Stacked Cholesky factors of the selected instances (the lower triangles of C); the ones
    that are not numerically positive definite (a pivot <= max diag * 1e-20) get the square root
    of :func:`decompose` (eigenvalues floored) instead; returns how many."""
    idx = xp.flatnonzero(which)
    if idx.size == 0:
        return 0
    n = C.shape[1]
    Cs = xp.tril(C[idx]) + xp.tril(C[idx], -1).transpose(0, 2, 1)
    dmax = xp.diagonal(Cs, axis1=1, axis2=2).max(axis=1)
    good = (dmax > 0) & xp.isfinite(Cs).all(axis=(1, 2))
    stack = xp.where(good[:, None, None], Cs, xp.eye(n)[None])
    L = _np_cholesky(stack) if xp is np else xp.linalg.cholesky(stack)
    diag = xp.diagonal(L, axis1=1, axis2=2)
    good &= xp.isfinite(L).all(axis=(1, 2)) & (diag**2 > (dmax * 1e-20)[:, None]).all(axis=1)
    A[idx] = L
    bad = idx[~good]
    if bad.size:
        mask = xp.zeros(C.shape[0], dtype=bool)
        mask[bad] = True
        Bt, Dt = xp.empty((C.shape[0], n, n)), xp.empty((C.shape[0], n))
        decompose(xp, C, mask, Bt, Dt)
        A[bad] = Bt[bad] * Dt[bad][:, None, :]
    return int(bad.size)


def _np_cholesky(stack):
    """NumPy's stacked Cholesky raises for the whole stack on one failure: factor one by one then
    (NaN for the ones that fail)."""
    try:
        return np.linalg.cholesky(stack)
    except np.linalg.LinAlgError:
        out = np.full_like(stack, np.nan)
        for k in range(stack.shape[0]):
            try:
                out[k] = np.linalg.cholesky(stack[k])
            except np.linalg.LinAlgError:
                pass
        return out
