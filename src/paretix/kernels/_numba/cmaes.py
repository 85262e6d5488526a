"""Numba twins of the batched CMA-ES kernels (cpp/src/cmaes.cpp): same loops, same sums in the
same order, so the results are identical to the C++ ones."""

from __future__ import annotations

import numba as nb
import numpy as np

_NUM_PARAMS = 8


@nb.njit(cache=True, nogil=True)
def _sample(mean, sigma, Bm, D, Z, lam, diagonal, Y, X):
    B, L, n = Z.shape
    BDt = np.empty((n, n))
    for b in range(B):
        if not diagonal:
            for i in range(n):
                for j in range(n):
                    BDt[j, i] = Bm[b, i, j] * D[b, j]
        for k in range(L):
            if k >= lam[b]:
                for i in range(n):
                    Y[b, k, i] = 0.0
                    X[b, k, i] = mean[b, i]
                continue
            if diagonal:
                for i in range(n):
                    Y[b, k, i] = D[b, i] * Z[b, k, i]
            else:
                for i in range(n):
                    Y[b, k, i] = 0.0
                for j in range(n):
                    zj = Z[b, k, j]
                    for i in range(n):
                        Y[b, k, i] += BDt[j, i] * zj
            for i in range(n):
                X[b, k, i] = mean[b, i] + sigma[b] * Y[b, k, i]


def sample(mean, sigma, Bm, D, Z, lam, Y, X):
    diagonal = Bm is None
    _sample(mean, sigma, np.zeros((1, 1, 1)) if diagonal else Bm, D, Z, lam, diagonal, Y, X)


@nb.njit(cache=True, nogil=True)
def _fill_normal(rng, Z):
    # Numba's Generator.standard_normal reproduces NumPy's ziggurat draw for draw.
    flat = Z.reshape(-1)
    for i in range(flat.size):
        flat[i] = rng.standard_normal()


def sample_draw(rng, mean, sigma, Bm, D, lam, Z, Y, X):
    _fill_normal(rng, Z)
    sample(mean, sigma, Bm, D, Z, lam, Y, X)


@nb.njit(cache=True, nogil=True)
def _less(f, cv, has_cv, a, b):
    ca = 0.0
    cb = 0.0
    if has_cv:
        ca = np.inf if np.isnan(cv[a]) else cv[a]
        cb = np.inf if np.isnan(cv[b]) else cv[b]
    if ca != cb:
        return ca < cb
    fa = np.inf if np.isnan(f[a]) else f[a]
    fb = np.inf if np.isnan(f[b]) else f[b]
    if fa != fb:
        return fa < fb
    return a < b


@nb.njit(cache=True, nogil=True)
def _rank(f, cv, has_cv, lam, idx):
    # Insertion sort by the strict total order (cv, f, index): the result equals std::sort's.
    for i in range(lam):
        idx[i] = i
    for i in range(1, lam):
        cur = idx[i]
        j = i - 1
        while j >= 0 and _less(f, cv, has_cv, cur, idx[j]):
            idx[j + 1] = idx[j]
            j -= 1
        idx[j + 1] = cur


@nb.njit(cache=True, nogil=True)
def _update(f, cv, has_cv, lam, Z, Y, weights, params, g, diagonal, mean, sigma, C, ps, pc, Bm, has_b, order, hsig):
    B, L, n = Z.shape
    idx = np.empty(L, dtype=np.int64)
    yw = np.empty(n)
    zw = np.empty(n)
    v = np.empty(n)
    wo = np.empty(L)
    u = np.empty(n)
    R = np.empty(n) if diagonal else np.empty(n * n)
    dn = float(n)
    for b in range(B):
        lb = lam[b]
        cm = params[b, 0]
        cs = params[b, 1]
        ds = params[b, 2]
        cc = params[b, 3]
        c1 = params[b, 4]
        cmu = params[b, 5]
        mueff = params[b, 6]
        chin = params[b, 7]
        _rank(f[b], cv[b], has_cv, lb, idx)
        for i in range(L):
            order[b, i] = idx[i] if i < lb else -1
        for j in range(n):
            yw[j] = 0.0
            zw[j] = 0.0
        for i in range(lb):
            w = weights[b, i]
            if not w > 0.0:
                continue
            k = idx[i]
            for j in range(n):
                yw[j] += w * Y[b, k, j]
                zw[j] += w * Z[b, k, j]
        s = sigma[b]
        for j in range(n):
            mean[b, j] += cm * s * yw[j]
        if diagonal or not has_b:
            for i in range(n):
                v[i] = zw[i]
        else:
            for i in range(n):
                acc = 0.0
                for j in range(n):
                    acc += Bm[b, i, j] * zw[j]
                v[i] = acc
        fs = np.sqrt(cs * (2.0 - cs) * mueff)
        nps2 = 0.0
        for i in range(n):
            ps[b, i] = (1.0 - cs) * ps[b, i] + fs * v[i]
            nps2 += ps[b, i] * ps[b, i]
        nps = np.sqrt(nps2)
        corr = np.sqrt(1.0 - (1.0 - cs) ** (2.0 * float(g[b] + 1)))
        hs = 1.0 if nps / corr < (1.4 + 2.0 / (dn + 1.0)) * chin else 0.0
        hsig[b] = hs
        fc = hs * np.sqrt(cc * (2.0 - cc) * mueff)
        for i in range(n):
            pc[b, i] = (1.0 - cc) * pc[b, i] + fc * yw[i]
        sumw = 0.0
        for i in range(lb):
            w = weights[b, i]
            sumw += w
            if w >= 0.0:
                wo[i] = w
            else:
                k = idx[i]
                zz = 0.0
                for j in range(n):
                    zz += Z[b, k, j] * Z[b, k, j]
                wo[i] = w * dn / max(zz, 1e-300)
        a = 1.0 + c1 * (1.0 - hs) * cc * (2.0 - cc) - c1 - cmu * sumw
        R[:] = 0.0
        if diagonal:
            for r in range(lb):
                if wo[r] == 0.0:
                    continue
                k = idx[r]
                for i in range(n):
                    R[i] += (wo[r] * Y[b, k, i]) * Y[b, k, i]
            for i in range(n):  # C is (B, n, 1) here: the diagonal
                C[b, i, 0] = a * C[b, i, 0] + c1 * (pc[b, i] * pc[b, i]) + cmu * R[i]
        else:
            for r in range(lb):
                if wo[r] == 0.0:
                    continue
                k = idx[r]
                for i in range(n):
                    u[i] = wo[r] * Y[b, k, i]
                for i in range(n):
                    for j in range(i, n):
                        R[i * n + j] += u[i] * Y[b, k, j]
            for i in range(n):
                for j in range(i, n):
                    cij = a * C[b, i, j] + c1 * (pc[b, i] * pc[b, j]) + cmu * R[i * n + j]
                    C[b, i, j] = cij
                    C[b, j, i] = cij
        sigma[b] = s * np.exp(min(1.0, (cs / ds) * (nps / chin - 1.0)))


def update(f, cv, lam, Z, Y, weights, params, g, mean, sigma, C, ps, pc, Bm, diagonal, order, hsig):
    has_cv = cv is not None
    C3 = C.reshape(C.shape[0], C.shape[1], 1) if diagonal else C  # a view: updates land in C
    _update(f, cv if has_cv else f, has_cv, lam, Z, Y, weights, params, g, diagonal, mean, sigma, C3, ps, pc,
            np.zeros((1, 1, 1)) if Bm is None else Bm, Bm is not None, order, hsig)


@nb.njit(cache=True, nogil=True)
def _tred2(n, V, d, e):
    for j in range(n):
        d[j] = V[n - 1, j]
    for i in range(n - 1, 0, -1):
        scale = 0.0
        h = 0.0
        for k in range(i):
            scale += abs(d[k])
        if scale == 0.0:
            e[i] = d[i - 1]
            for j in range(i):
                d[j] = V[i - 1, j]
                V[i, j] = 0.0
                V[j, i] = 0.0
        else:
            for k in range(i):
                d[k] /= scale
                h += d[k] * d[k]
            f = d[i - 1]
            g = np.sqrt(h)
            if f > 0:
                g = -g
            e[i] = scale * g
            h = h - f * g
            d[i - 1] = f - g
            for j in range(i):
                e[j] = 0.0
            for j in range(i):
                f = d[j]
                V[j, i] = f
                g = e[j] + V[j, j] * f
                for k in range(j + 1, i):
                    g += V[k, j] * d[k]
                    e[k] += V[k, j] * f
                e[j] = g
            f = 0.0
            for j in range(i):
                e[j] /= h
                f += e[j] * d[j]
            hh = f / (h + h)
            for j in range(i):
                e[j] -= hh * d[j]
            for j in range(i):
                f = d[j]
                g = e[j]
                for k in range(j, i):
                    V[k, j] -= f * e[k] + g * d[k]
                d[j] = V[i - 1, j]
                V[i, j] = 0.0
        d[i] = h
    for i in range(n - 1):
        V[n - 1, i] = V[i, i]
        V[i, i] = 1.0
        h = d[i + 1]
        if h != 0.0:
            for k in range(i + 1):
                d[k] = V[k, i + 1] / h
            for j in range(i + 1):
                g = 0.0
                for k in range(i + 1):
                    g += V[k, i + 1] * V[k, j]
                for k in range(i + 1):
                    V[k, j] -= g * d[k]
        for k in range(i + 1):
            V[k, i + 1] = 0.0
    for j in range(n):
        d[j] = V[n - 1, j]
        V[n - 1, j] = 0.0
    V[n - 1, n - 1] = 1.0
    e[0] = 0.0


@nb.njit(cache=True, nogil=True)
def _pythag(a, b):
    m = max(abs(a), abs(b))
    if m < 1e150:
        return np.sqrt(a * a + b * b)
    return np.hypot(a, b)


@nb.njit(cache=True, nogil=True)
def _tql2(n, V, d, e):
    for i in range(1, n):
        e[i - 1] = e[i]
    e[n - 1] = 0.0
    f = 0.0
    tst1 = 0.0
    eps = np.finfo(np.float64).eps
    for l in range(n):
        tst1 = max(tst1, abs(d[l]) + abs(e[l]))
        m = l
        while m < n:
            if abs(e[m]) <= eps * tst1:
                break
            m += 1
        if m == n:
            m = n - 1
        if m > l:
            it = 0
            while True:
                it += 1
                if it > 60:
                    return False
                g = d[l]
                p = (d[l + 1] - g) / (2.0 * e[l])
                r = _pythag(p, 1.0)
                if p < 0:
                    r = -r
                d[l] = e[l] / (p + r)
                d[l + 1] = e[l] * (p + r)
                dl1 = d[l + 1]
                h = g - d[l]
                for i in range(l + 2, n):
                    d[i] -= h
                f += h
                p = d[m]
                c = 1.0
                c2 = 1.0
                c3 = 1.0
                s = 0.0
                s2 = 0.0
                el1 = e[l + 1]
                for i in range(m - 1, l - 1, -1):
                    c3 = c2
                    c2 = c
                    s2 = s
                    g = c * e[i]
                    h = c * p
                    r = _pythag(p, e[i])
                    e[i + 1] = s * r
                    s = e[i] / r
                    c = p / r
                    p = c * d[i] - s * g
                    d[i + 1] = h + s * (c * g + s * d[i])
                    for k in range(n):
                        h = V[k, i + 1]
                        V[k, i + 1] = s * V[k, i] + c * h
                        V[k, i] = c * V[k, i] - s * h
                p = -s * s2 * c3 * el1 * e[l] / dl1
                e[l] = s * p
                d[l] = c * p
                if not abs(e[l]) > eps * tst1:
                    break
        d[l] = d[l] + f
        e[l] = 0.0
    for i in range(n - 1):
        k = i
        p = d[i]
        for j in range(i + 1, n):
            if d[j] < p:
                k = j
                p = d[j]
        if k != i:
            d[k] = d[i]
            d[i] = p
            for j in range(n):
                tmp = V[j, i]
                V[j, i] = V[j, k]
                V[j, k] = tmp
    return True


@nb.njit(cache=True, nogil=True)
def _decompose(C, which, Bm, D):
    B, n, _ = C.shape
    d = np.empty(n)
    e = np.empty(n)
    floored = 0
    for b in range(B):
        if not which[b]:
            continue
        for i in range(n):
            for j in range(i + 1, n):
                sym = 0.5 * (C[b, i, j] + C[b, j, i])
                C[b, i, j] = sym
                C[b, j, i] = sym
        finite = True
        for i in range(n):
            for j in range(n):
                finite = finite and np.isfinite(C[b, i, j])
        V = Bm[b]
        if finite:
            V[:, :] = C[b]
            _tred2(n, V, d, e)
            finite = _tql2(n, V, d, e)
        if not finite:
            V[:, :] = 0.0
            for i in range(n):
                V[i, i] = 1.0
                D[b, i] = np.nan
            continue
        emax = d[n - 1]
        floor = emax * 1e-20 if emax > 0.0 else np.finfo(np.float64).tiny
        low = False
        for i in range(n):
            if d[i] < floor:
                d[i] = floor
                low = True
        if low:
            floored += 1
            for i in range(n):
                for j in range(i, n):
                    acc = 0.0
                    for k in range(n):
                        acc += V[i, k] * d[k] * V[j, k]
                    C[b, i, j] = acc
                    C[b, j, i] = acc
        for i in range(n):
            D[b, i] = np.sqrt(d[i])
    return floored


def _bool_mask(which):
    return which.view(np.bool_) if which.dtype == np.uint8 else which


def decompose(C, which, Bm, D):
    return int(_decompose(C, _bool_mask(which), Bm, D))


@nb.njit(cache=True, nogil=True)
def _cholesky(C, which, A):
    B, n, _ = C.shape
    repaired = 0
    Bt = np.empty((1, n, n))
    Dt = np.empty((1, n))
    inv = np.empty(n)
    one = np.ones(1, dtype=np.bool_)
    for b in range(B):
        if not which[b]:
            continue
        dmax = 0.0
        for i in range(n):
            dmax = max(dmax, C[b, i, i])
        tol = dmax * 1e-20
        ok = dmax > 0.0 and np.isfinite(dmax)
        # Row by row; the C++ kernel goes column by column (right-looking), with the same
        # subtractions per entry in the same order, so the same bits.
        for i in range(n):
            if not ok:
                break
            for j in range(i + 1):
                s = C[b, i, j]
                for k in range(j):
                    s -= A[b, i, k] * A[b, j, k]
                if j < i:
                    A[b, i, j] = s * inv[j]
                elif s > tol and np.isfinite(s):
                    A[b, i, i] = np.sqrt(s)
                    inv[i] = 1.0 / A[b, i, i]
                else:
                    ok = False
                    break
            for j in range(i + 1, n):
                A[b, i, j] = 0.0
        if ok:
            continue
        repaired += 1
        _decompose(C[b:b + 1], one, Bt, Dt)
        for i in range(n):
            for j in range(n):
                A[b, i, j] = Bt[0, i, j] * Dt[0, j]
    return repaired


def cholesky(C, which, A):
    return int(_cholesky(C, _bool_mask(which), A))


@nb.njit(cache=True, nogil=True, error_model="numpy")  # IEEE division: max D / 0 is inf, 0 / 0 NaN
def _stop_flags(rows, sigma, mean, C2, cstep, D, pc, Bm, diagonal, sigma0, stds, g, tolx, tolfacupx, tolconditioncov,
                bits, flags):
    n = mean.shape[1]
    for r in range(rows.shape[0]):
        b = rows[r]
        s = sigma[b]
        up_scale = tolfacupx * sigma0[b]
        small = True
        up = False
        coord = False
        finite = np.isfinite(s) and s > 0.0
        nan_d = False
        dmax = -np.inf
        dmin = np.inf
        for i in range(n):
            v = C2[b, i * cstep]
            sd = s * np.sqrt(v)
            small = small and sd < tolx and s * abs(pc[b, i]) < tolx
            up = up or sd > up_scale * stds[b, i]
            coord = coord or mean[b, i] == mean[b, i] + 0.2 * sd
            finite = finite and np.isfinite(mean[b, i]) and np.isfinite(D[b, i])
            nan_d = nan_d or np.isnan(D[b, i])
            if D[b, i] > dmax:
                dmax = D[b, i]
            if D[b, i] < dmin:
                dmin = D[b, i]
        ratio = dmax / dmin
        w = 0
        if small:
            w |= bits[0]
        if up:
            w |= bits[1]
        if coord:
            w |= bits[3]
        if not nan_d and ratio * ratio > tolconditioncov:
            w |= bits[4]
        if not finite:
            w |= bits[5]
        if not diagonal:
            a = g[b] % n
            f = 0.1 * s * D[b, a]
            none = True
            for j in range(n):
                none = none and mean[b, j] == mean[b, j] + f * Bm[b, j, a]
            if none:
                w |= bits[2]
        flags[r] = w


def stop_flags(rows, sigma, mean, C, D, pc, Bm, sigma0, stds, g, tolx, tolfacupx, tolconditioncov, bits, flags):
    diagonal = Bm is None
    B, n = mean.shape
    C2 = C if diagonal else C.reshape(B, n * n)  # C_ii at column i * cstep
    _stop_flags(rows, sigma, mean, C2, 1 if diagonal else n + 1, D, pc, np.zeros((1, 1, 1)) if diagonal else Bm,
                diagonal, sigma0, stds, g, float(tolx), float(tolfacupx), float(tolconditioncov), bits, flags)


@nb.njit(cache=True, nogil=True)
def _key(v):
    return np.inf if np.isnan(v) else v


@nb.njit(cache=True, nogil=True)
def _record(rows, f, fit, has_fit, cv, has_cv, order, lam, g, n_eval, maxiter, X, fbest, cvbest, xbest, best_eval,
            best_k, improved, flat, funhist, funhist_cap, stag_best, stag_med, stag_cap, has_stag, tolfun,
            tolflatfitness, ftarget, max_evals, bits, flags):
    n = X.shape[2]
    W = funhist.shape[0]
    fs = np.empty(f.shape[1])
    for t in range(rows.shape[0]):
        b = rows[t]
        lb = lam[b]
        # best of this generation by (cv, f, index): the ranking's first unless it ranks f + penalty
        kb = order[t, 0]
        if has_fit:
            kb = 0
            for j in range(1, lb):
                cj = _key(cv[t, j]) if has_cv else 0.0
                ck = _key(cv[t, kb]) if has_cv else 0.0
                if cj < ck or (cj == ck and _key(f[t, j]) < _key(f[t, kb])):
                    kb = j
        f_new = _key(f[t, kb])
        cv_new = _key(cv[t, kb]) if has_cv else 0.0
        better = cv_new < cvbest[b] or (cv_new == cvbest[b] and f_new < fbest[b])
        improved[b] = 1 if better else 0
        if better:
            for i in range(n):
                xbest[b, i] = X[b, kb, i]
            fbest[b] = f_new
            cvbest[b] = cv_new
            best_eval[b] = n_eval[b]
            best_k[b] = kb
        # this generation's f sorted (through the ranking when it ranks f alone)
        if has_fit or has_cv:
            for i in range(lb):
                fs[i] = _key(f[t, i])
            for i in range(1, lb):
                cur = fs[i]
                j = i - 1
                while j >= 0 and cur < fs[j]:
                    fs[j + 1] = fs[j]
                    j -= 1
                fs[j + 1] = cur
        else:
            for i in range(lb):
                fs[i] = _key(f[t, order[t, i]])
        f_lo = fs[0]
        w = 0
        if cvbest[b] <= 0.0 and fbest[b] <= ftarget:
            w |= bits[0]
        if n_eval[b] >= max_evals:
            w |= bits[1]
        if g[b] >= maxiter[b]:
            w |= bits[2]
        funhist[(g[b] - 1) % funhist_cap[b], b] = f_lo
        if fs[lb - 1] - f_lo < tolfun:
            hi = np.nan
            lo = np.nan
            for r in range(W):
                v = funhist[r, b]
                if not np.isnan(v):
                    if np.isnan(hi) or v > hi:
                        hi = v
                    if np.isnan(lo) or v < lo:
                        lo = v
            if hi - lo < tolfun:
                w |= bits[3]
        # flat fitness on what is ranked: the best and the 75 % quantile of the ranking
        o0 = order[t, 0]
        oq = order[t, int(0.75 * lb)]
        c0 = _key(cv[t, o0]) if has_cv else 0.0
        cq = _key(cv[t, oq]) if has_cv else 0.0
        v0 = _key(fit[t, o0]) if has_fit else _key(f[t, o0])
        vq = _key(fit[t, oq]) if has_fit else _key(f[t, oq])
        if c0 == cq and not v0 < vq:
            flat[b] += 1
        else:
            flat[b] = 0
        if flat[b] > tolflatfitness:
            w |= bits[4]
        if has_stag:
            pos = (g[b] - 1) % stag_cap[b]
            stag_best[pos, b] = f_lo
            stag_med[pos, b] = 0.5 * (fs[(lb - 1) // 2] + fs[lb // 2])
        flags[t] = w


def record(rows, f, fit, cv, order, lam, g, n_eval, maxiter, X, fbest, cvbest, xbest, best_eval, best_k, improved,
           flat, funhist, funhist_cap, stag_best, stag_med, stag_cap, tolfun, tolflatfitness, ftarget, max_evals, bits,
           flags):
    dummy = np.zeros((1, 1))
    has_stag = stag_best is not None
    _record(rows, f, dummy if fit is None else fit, fit is not None, dummy if cv is None else cv, cv is not None,
            order, lam, g, n_eval, maxiter, X, fbest, cvbest, xbest, best_eval, best_k, improved, flat, funhist,
            funhist_cap, stag_best if has_stag else dummy, stag_med if has_stag else dummy,
            stag_cap if has_stag else np.ones(1, dtype=np.int64), has_stag, float(tolfun), int(tolflatfitness),
            float(ftarget), float(max_evals), bits, flags)
