"""Numba twins of the genetic-algorithm kernels (same contracts, same results as the C++ ones)."""

from __future__ import annotations

import numba as nb
import numpy as np

_MUL0 = np.uint64(0x9E3779B97F4A7C15)
_MUL1 = np.uint64(0xBF58476D1CE4E5B9)
_FMIX0 = np.uint64(0xFF51AFD7ED558CCD)
_FMIX1 = np.uint64(0xC4CEB9FE1A85EC53)
_ADD = np.uint64(0x2545F4914F6CDD1D)
_SIGN = np.uint64(0x8000000000000000)
_U0 = np.uint64(0)
_U1 = np.uint64(1)


@nb.njit(cache=True, nogil=True, inline="always")
def _word(w):
    return _U0 if w == _SIGN else w  # -0.0 hashes as +0.0


@nb.njit(cache=True, nogil=True)
def _row_hash(Xf, Xw, i):
    """(hash, has_nan) of row i: the C++ hash (two multiply lanes, murmur3's finaliser)."""
    d = Xf.shape[1]
    a = _MUL0 ^ np.uint64(d)
    b = _MUL1
    nan = False
    j = 0
    while j + 1 < d:
        nan = nan or Xf[i, j] != Xf[i, j] or Xf[i, j + 1] != Xf[i, j + 1]
        a = (a ^ _word(Xw[i, j])) * _MUL1
        b = (b ^ _word(Xw[i, j + 1])) * _MUL0
        a ^= a >> np.uint64(29)
        b ^= b >> np.uint64(31)
        j += 2
    if j < d:
        nan = nan or Xf[i, j] != Xf[i, j]
        a = (a ^ _word(Xw[i, j])) * _MUL1
    h = a ^ (b * _MUL1 + _ADD)
    h ^= h >> np.uint64(33)
    h *= _FMIX0
    h ^= h >> np.uint64(33)
    h *= _FMIX1
    h ^= h >> np.uint64(33)
    return h, nan


@nb.njit(cache=True, nogil=True)
def _find(table, ibits, mask, X, i, E, k, h, insert):
    """Linear probing for row k of E (hash h): the equal row of X the table holds, or -1 (then
    row i of X is stored when ``insert``)."""
    d = X.shape[1]
    tag = h >> ibits
    low = (_U1 << ibits) - _U1
    pos = h & mask
    while True:
        s = table[pos]
        if s == _U0:
            if insert:
                table[pos] = (tag << ibits) | np.uint64(i + 1)
            return -1
        if (s >> ibits) == tag:
            r = np.int64(s & low) - 1
            same = True
            for j in range(d):
                if not (X[r, j] == E[k, j]):
                    same = False
                    break
            if same:
                return r
        pos = (pos + _U1) & mask


@nb.njit(cache=True, nogil=True)
def _duplicated(X, Xw, blocks, blocks_w):
    n = X.shape[0]
    dup = np.zeros(n, dtype=np.bool_)
    if n == 0:
        return dup
    ibits = 1
    while (1 << ibits) <= n:
        ibits += 1
    cap = 16
    while cap < 2 * n:
        cap <<= 1
    table = np.zeros(cap, dtype=np.uint64)
    mask = np.uint64(cap - 1)
    ib = np.uint64(ibits)
    for i in range(n):
        h, nan = _row_hash(X, Xw, i)
        if not nan:
            dup[i] = _find(table, ib, mask, X, i, X, i, h, True) >= 0
    for b in range(len(blocks)):
        E = blocks[b]
        Ew = blocks_w[b]
        for k in range(E.shape[0]):
            h, nan = _row_hash(E, Ew, k)
            if not nan:
                r = _find(table, ib, mask, X, 0, E, k, h, False)
                if r >= 0:
                    dup[r] = True
    return dup


def duplicated(X, existing, threads=1):
    blocks = nb.typed.List.empty_list(nb.float64[:, ::1])
    words = nb.typed.List.empty_list(nb.uint64[:, ::1])
    for E in existing:
        blocks.append(E)
        words.append(E.view(np.uint64))
    return _duplicated(X, X.view(np.uint64), blocks, words)
