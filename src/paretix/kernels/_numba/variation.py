"""Numba twins of the variation kernels (``sbx``, ``pm``, ``sbx_pm``): the C++ row functions
expression by expression, so native and numba give the same bits. Draws come from the given
array or, one row at a time, from the ``numpy.random.Generator`` (Numba's ``Generator.random``
reads the bit generator's ``next_double``, as NumPy's does). Single-threaded (``threads`` is
accepted and ignored: the result does not depend on it)."""

from __future__ import annotations

import numba as nb
import numpy as np

_SBX_EPS = 1.0e-14


@nb.njit(cache=True, nogil=True, inline="always")
def _clip(v, lo, hi):
    return lo if v < lo else (hi if v > hi else v)


@nb.njit(cache=True, nogil=True, inline="always")
def _integer_exponent(e):
    return int(e) if 1.0 <= e <= 64.0 and e == np.floor(e) else 0


@nb.njit(cache=True, nogil=True, inline="always")
def _power(x, e, k):
    """x**e, by squaring (as the C++ kernel) when k = e is an integer."""
    if k == 0:
        return x**e
    r = 1.0
    while True:
        if k & 1:
            r *= x
        k >>= 1
        if k == 0:
            return r
        x *= x


@nb.njit(cache=True, nogil=True, inline="always")
def _betaq(beta, u, e, k, inv_e):
    alpha = 2.0 - 1.0 / _power(beta, e, k)
    ua = u * alpha
    return ua**inv_e if u <= 1.0 / alpha else (1.0 / (2.0 - ua)) ** inv_e


@nb.njit(cache=True, nogil=True)
def _sbx_row(a, b, xl, xu, prob, prob_var, prob_swap, e, k, inv_e, r, c1, c2):
    pair = r[0] < prob
    for j in range(a.shape[0]):
        r_cross, u, r_swap = r[1 + 3 * j], r[2 + 3 * j], r[3 + 3 * j]
        aj, bj = a[j], b[j]
        o1, o2 = aj, bj
        if pair and r_cross < prob_var and abs(aj - bj) > _SBX_EPS:
            y1 = bj if bj < aj else aj
            y2 = bj if aj < bj else aj
            d = y2 - y1
            mid = y1 + y2
            lo = 0.5 * (mid - _betaq(1.0 + 2.0 * (y1 - xl[j]) / d, u, e, k, inv_e) * d)
            hi = 0.5 * (mid + _betaq(1.0 + 2.0 * (xu[j] - y2) / d, u, e, k, inv_e) * d)
            near_a = lo if aj <= bj else hi
            near_b = hi if aj <= bj else lo
            swap = r_swap < prob_swap
            o1 = near_b if swap else near_a
            o2 = near_a if swap else near_b
        c1[j] = _clip(o1, xl[j], xu[j])
        c2[j] = _clip(o2, xl[j], xu[j])


@nb.njit(cache=True, nogil=True)
def _pm_row(x, xl, xu, prob, prob_var, e, k, inv_e, r, y):
    child = r[0] < prob
    for j in range(x.shape[0]):
        r_mutate, u = r[1 + 2 * j], r[2 + 2 * j]
        v = x[j]
        if child and r_mutate < prob_var and xu[j] > xl[j]:
            w = xu[j] - xl[j]
            if u <= 0.5:
                d1 = (v - xl[j]) / w
                dq = (2.0 * u + (1.0 - 2.0 * u) * _power(1.0 - d1, e, k)) ** inv_e - 1.0
            else:
                d2 = (xu[j] - v) / w
                dq = 1.0 - (2.0 * (1.0 - u) + 2.0 * (u - 0.5) * _power(1.0 - d2, e, k)) ** inv_e
            v = _clip(v + dq * w, xl[j], xu[j])
        y[j] = v


@nb.njit(cache=True, nogil=True)
def _fill(rng, buf):
    for t in range(buf.shape[0]):
        buf[t] = rng.random()


@nb.njit(cache=True, nogil=True)
def _sbx_rows(A, B, xl, xu, p, R, rng, C1, C2):
    e, inv_e = p[0] + 1.0, 1.0 / (p[0] + 1.0)
    k = _integer_exponent(e)
    buf = np.empty(1 + 3 * A.shape[1])
    for i in range(A.shape[0]):
        if R.shape[0] > 0:
            buf[:] = R[i]
        else:
            _fill(rng, buf)
        _sbx_row(A[i], B[i], xl, xu, p[1], p[2], p[3], e, k, inv_e, buf, C1[i], C2[i])


@nb.njit(cache=True, nogil=True)
def _pm_rows(X, xl, xu, p, R, rng, Y):
    e, inv_e = p[0] + 1.0, 1.0 / (p[0] + 1.0)
    k = _integer_exponent(e)
    buf = np.empty(1 + 2 * X.shape[1])
    for i in range(X.shape[0]):
        if R.shape[0] > 0:
            buf[:] = R[i]
        else:
            _fill(rng, buf)
        _pm_row(X[i], xl, xu, p[1], p[2], e, k, inv_e, buf, Y[i])


@nb.njit(cache=True, nogil=True)
def _sbx_pm_rows(X, parents, xl, xu, ps, pm, n, R, rng, Y):
    n_var = X.shape[1]
    ks, kp = 1 + 3 * n_var, 1 + 2 * n_var
    es, inv_es = ps[0] + 1.0, 1.0 / (ps[0] + 1.0)
    em, inv_em = pm[0] + 1.0, 1.0 / (pm[0] + 1.0)
    kes, kem = _integer_exponent(es), _integer_exponent(em)
    buf = np.empty(ks + 2 * kp)
    spare = np.empty(n_var)
    for i in range(parents.shape[0]):
        if R.shape[0] > 0:
            buf[:] = R[i]
        else:
            _fill(rng, buf)
        y1 = Y[2 * i]
        y2 = Y[2 * i + 1] if 2 * i + 1 < n else spare
        _sbx_row(X[parents[i, 0]], X[parents[i, 1]], xl, xu, ps[1], ps[2], ps[3], es, kes, inv_es, buf[:ks], y1, y2)
        _pm_row(y1, xl, xu, pm[1], pm[2], em, kem, inv_em, buf[ks : ks + kp], y1)
        _pm_row(y2, xl, xu, pm[1], pm[2], em, kem, inv_em, buf[ks + kp :], y2)


def _source(rng, draws, rows, k):
    """The (draws, rng) pair the row loops take: an empty array means "draw from rng"."""
    if draws is not None:
        if draws.shape != (rows, k):
            raise ValueError(f"draws must have shape ({rows}, {k})")
        return draws, np.random.default_rng(0)
    if rng is None:
        raise ValueError("give rng or draws")
    return np.empty((0, k)), rng


def sbx(A, B, xl, xu, params, rng, draws, threads):
    n, n_var = A.shape
    R, g = _source(rng, draws, n, 1 + 3 * n_var)
    C1, C2 = np.empty((n, n_var)), np.empty((n, n_var))
    _sbx_rows(A, B, xl, xu, np.asarray(params, dtype=np.float64), R, g, C1, C2)
    return C1, C2


def pm(X, xl, xu, params, rng, draws, threads):
    n, n_var = X.shape
    R, g = _source(rng, draws, n, 1 + 2 * n_var)
    Y = np.empty((n, n_var))
    _pm_rows(X, xl, xu, np.asarray(params, dtype=np.float64), R, g, Y)
    return Y


def sbx_pm(X, parents, xl, xu, sbx, pm, n, rng, draws, threads):
    n_var = X.shape[1]
    R, g = _source(rng, draws, parents.shape[0], 3 + 7 * n_var)
    Y = np.empty((n, n_var))
    _sbx_pm_rows(X, parents, xl, xu, np.asarray(sbx, dtype=np.float64), np.asarray(pm, dtype=np.float64), n, R, g, Y)
    return Y
