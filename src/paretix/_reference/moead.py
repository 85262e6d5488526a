"""Reference MOEA/D kernels: plain NumPy, the test oracle (see paretix.kernels.moead)."""

from __future__ import annotations

import numpy as np


def aggregate(F, W, ideal, scale, method, theta):
    """g(F[i] | W[i], ideal) row by row (F and W of equal shape)."""
    D = F - ideal
    if method in (0, 1):
        V = W * np.abs(D)
        if method == 1:
            V = V / scale
        return V.max(axis=1)
    if method == 2:
        norm = np.sqrt((W * W).sum(axis=1))
        d1 = (D * W).sum(axis=1) / norm
        d2 = np.sqrt(((D - d1[:, None] * (W / norm[:, None])) ** 2).sum(axis=1))
        return d1 + theta * d2
    return (W * D).sum(axis=1)


def moead_replace(F, cv, Fc, cvc, W, cand, ideal, scale, method, theta, max_repl):
    """Children in order, each improving at most ``max_repl`` of its candidates; every
    subproblem keeps the best child that improves its incumbent (first child on ties)."""
    n = F.shape[0]
    winner = np.full(n, -1, dtype=np.int64)
    best = {}
    for j in range(Fc.shape[0]):
        ks = cand[j]
        gc = aggregate(np.repeat(Fc[j:j + 1], len(ks), axis=0), W[ks], ideal, scale, method, theta)
        gi = aggregate(F[ks], W[ks], ideal, scale, method, theta)
        count = 0
        for c, k in enumerate(ks):
            if count >= max_repl:
                break
            if not _better(cvc[j], gc[c], cv[k], gi[c]):
                continue
            count += 1
            if winner[k] < 0 or _better(cvc[j], gc[c], *best[k]):
                winner[k] = j
                best[k] = (cvc[j], gc[c])
    return winner


def _better(cv_a, g_a, cv_b, g_b):
    if cv_a > 0 or cv_b > 0:
        return cv_a < cv_b
    return g_a < g_b


def moead_neighbors(W, k, threads=1, chunk=2048):
    """The k nearest rows to every row, ties by index, nearest first (brute force in chunks)."""
    n = W.shape[0]
    out = np.empty((n, k), dtype=np.int64)
    idx = np.arange(n)
    for lo in range(0, n, chunk):
        Q = W[lo:lo + chunk]
        D = np.zeros((Q.shape[0], n))
        for j in range(W.shape[1]):  # the kernels' order of summation
            D += (Q[:, j:j + 1] - W[None, :, j]) ** 2
        for r in range(Q.shape[0]):
            out[lo + r] = np.lexsort((idx, D[r]))[:k]
    return out
