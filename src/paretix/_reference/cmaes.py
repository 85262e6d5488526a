"""Reference batched CMA-ES kernels: the tutorial's equations, one instance at a time, in NumPy.

N. Hansen, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772, Eqs. (38)-(47), (50)-(53).
"""

from __future__ import annotations

import numpy as np

_CM, _CS, _DS, _CC, _C1, _CMU, _MUEFF, _CHIN = range(8)


def sample(mean, sigma, Bm, D, Z, lam, Y, X):
    B, L, n = Z.shape
    for b in range(B):
        lb = int(lam[b])
        A = np.diag(D[b]) if Bm is None else Bm[b] * D[b][None, :]  # B diag(D)
        Y[b, :lb] = Z[b, :lb] @ A.T
        Y[b, lb:] = 0.0
        X[b] = mean[b] + sigma[b] * Y[b]


def sample_draw(rng, mean, sigma, Bm, D, lam, Z, Y, X):
    rng.standard_normal(out=Z)
    sample(mean, sigma, Bm, D, Z, lam, Y, X)


def _inf(a):
    return np.where(np.isnan(a), np.inf, a)


def update(f, cv, lam, Z, Y, weights, params, g, mean, sigma, C, ps, pc, Bm, diagonal, order, hsig):
    B, L, n = Z.shape
    for b in range(B):
        lb = int(lam[b])
        cm, cs, ds, cc, c1, cmu, mueff, chin = params[b]
        key_cv = np.zeros(lb) if cv is None else _inf(cv[b, :lb])
        idx = np.lexsort((np.arange(lb), _inf(f[b, :lb]), key_cv))
        order[b] = -1
        order[b, :lb] = idx
        w = weights[b, :lb]
        y, z = Y[b, idx], Z[b, idx]  # ranked samples
        pos = w > 0
        yw = w[pos] @ y[pos]
        zw = w[pos] @ z[pos]
        s = sigma[b]
        mean[b] += cm * s * yw
        # C^{-1/2} <y>_w = B <z>_w; with a Cholesky factor A (Bm None): A^{-1} <y>_w = <z>_w
        inv_sqrt_c_yw = zw if diagonal or Bm is None else Bm[b] @ zw
        ps[b] = (1 - cs) * ps[b] + np.sqrt(cs * (2 - cs) * mueff) * inv_sqrt_c_yw
        nps = np.linalg.norm(ps[b])
        hs = float(nps / np.sqrt(1 - (1 - cs) ** (2 * (int(g[b]) + 1))) < (1.4 + 2 / (n + 1)) * chin)
        hsig[b] = hs
        pc[b] = (1 - cc) * pc[b] + hs * np.sqrt(cc * (2 - cc) * mueff) * yw
        wo = np.where(w >= 0, w, w * n / np.maximum((z**2).sum(axis=1), 1e-300))
        a = 1 + c1 * (1 - hs) * cc * (2 - cc) - c1 - cmu * w.sum()
        if diagonal:
            C[b] = a * C[b] + c1 * pc[b] ** 2 + cmu * (wo[:, None] * y**2).sum(axis=0)
        else:
            C[b] = a * C[b] + c1 * np.outer(pc[b], pc[b]) + cmu * (y.T * wo) @ y
        sigma[b] = s * np.exp(min(1.0, (cs / ds) * (nps / chin - 1)))


def decompose(C, which, Bm, D):
    floored = 0
    for b in np.flatnonzero(which):
        C[b] = 0.5 * (C[b] + C[b].T)
        if not np.isfinite(C[b]).all():
            Bm[b] = np.eye(C.shape[1])
            D[b] = np.nan
            continue
        e, V = np.linalg.eigh(C[b])
        floor = e.max() * 1e-20 if e.max() > 0 else np.finfo(np.float64).tiny
        if (e < floor).any():
            floored += 1
            e = np.maximum(e, floor)
            C[b] = (V * e) @ V.T
        Bm[b] = V
        D[b] = np.sqrt(e)
    return floored


def cholesky(C, which, A):
    """Lower Cholesky factors from the lower triangles; eigen repair (decompose) when a pivot is
    not above max(diag) * 1e-20."""
    repaired = 0
    n = C.shape[1]
    for b in np.flatnonzero(which):
        dmax = np.max(np.diag(C[b]))
        low = np.tril(C[b])
        L = None
        if dmax > 0 and np.isfinite(dmax) and np.isfinite(low).all():
            try:
                L = np.linalg.cholesky(low + np.tril(C[b], -1).T)
            except np.linalg.LinAlgError:
                L = None
        if L is not None and np.isfinite(L).all() and (np.diag(L) ** 2 > dmax * 1e-20).all():
            A[b] = L
            continue
        repaired += 1
        Bt, Dt = np.empty((1, n, n)), np.empty((1, n))
        decompose(C[b:b + 1], np.ones(1, dtype=bool), Bt, Dt)
        A[b] = Bt[0] * Dt[0][None, :]
    return repaired


def stop_flags(rows, sigma, mean, C, D, pc, Bm, sigma0, stds, g, tolx, tolfacupx, tolconditioncov, bits, flags):
    """The per-coordinate stopping criteria, one instance at a time, from their definitions."""
    tolx_bit, up_bit, axis_bit, coord_bit, cond_bit, invalid_bit = (int(x) for x in bits)
    n = mean.shape[1]
    for r, b in enumerate(rows):
        s, m, d = sigma[b], mean[b], D[b]
        sd = s * np.sqrt(C[b] if Bm is None else np.diag(C[b]))
        w = 0
        if np.all(sd < tolx) and np.all(s * np.abs(pc[b]) < tolx):
            w |= tolx_bit
        if np.any(sd > (tolfacupx * sigma0[b]) * stds[b]):
            w |= up_bit
        if np.any(m == m + 0.2 * sd):
            w |= coord_bit
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            if (d.max() / d.min()) ** 2 > tolconditioncov:  # NaN in D: max/min are NaN, so False
                w |= cond_bit
        if not (np.isfinite(s) and s > 0 and np.isfinite(m).all() and np.isfinite(d).all()):
            w |= invalid_bit
        if Bm is not None:
            a = int(g[b]) % n
            if np.all(m == m + (0.1 * s * d[a]) * Bm[b][:, a]):
                w |= axis_bit
        flags[r] = w


def record(rows, f, fit, cv, order, lam, g, n_eval, maxiter, X, fbest, cvbest, xbest, best_eval, best_k, improved,
           flat, funhist, funhist_cap, stag_best, stag_med, stag_cap, tolfun, tolflatfitness, ftarget, max_evals, bits,
           flags):
    """One generation's bookkeeping, one instance at a time, from the definitions."""
    ft_bit, ev_bit, it_bit, fun_bit, flat_bit = (int(x) for x in bits)
    for t, b in enumerate(rows):
        lb = int(lam[b])
        ft = _inf(f[t, :lb])
        ct = np.zeros(lb) if cv is None else _inf(cv[t, :lb])
        kb = int(np.lexsort((np.arange(lb), ft, ct))[0])
        better = ct[kb] < cvbest[b] or (ct[kb] == cvbest[b] and ft[kb] < fbest[b])
        improved[b] = better
        if better:
            xbest[b] = X[b, kb]
            fbest[b], cvbest[b], best_eval[b], best_k[b] = ft[kb], ct[kb], n_eval[b], kb
        fs = np.sort(ft)
        w = 0
        if cvbest[b] <= 0 and fbest[b] <= ftarget:
            w |= ft_bit
        if n_eval[b] >= max_evals:
            w |= ev_bit
        if g[b] >= maxiter[b]:
            w |= it_bit
        funhist[(g[b] - 1) % funhist_cap[b], b] = fs[0]
        with np.errstate(invalid="ignore"):
            hist = funhist[:, b][~np.isnan(funhist[:, b])]
            if fs[-1] - fs[0] < tolfun and hist.size and hist.max() - hist.min() < tolfun:
                w |= fun_bit
        o = order[t, :lb]
        q = int(0.75 * lb)
        vals = ft if fit is None else _inf(fit[t, :lb])
        if ct[o[0]] == ct[o[q]] and not vals[o[0]] < vals[o[q]]:
            flat[b] += 1
        else:
            flat[b] = 0
        if flat[b] > tolflatfitness:
            w |= flat_bit
        if stag_best is not None:
            pos = (g[b] - 1) % stag_cap[b]
            stag_best[pos, b] = fs[0]
            stag_med[pos, b] = 0.5 * (fs[(lb - 1) // 2] + fs[lb // 2])
        flags[t] = w
