"""Epsilon indicators (Zitzler et al. 2003): the smallest shift or factor by which the
approximation must be improved to weakly dominate every reference point."""

from __future__ import annotations

import numpy as np

from ._common import as_sets, chunks


def _max_min_max(terms_of, n_ref: int, n_pts: int, d: int) -> float:
    worst = -np.inf
    for sl in chunks(n_ref, n_pts, d):
        t = terms_of(sl)  # (chunk, |A|, d)
        worst = max(worst, float(t.max(axis=2).min(axis=1).max()))
    return worst


def epsilon_additive(points, /, ref, *, maximise=False) -> float:
    """Additive epsilon indicator: ``max_{r in R} min_{a in A} max_j (a_j - r_j)`` (minimisation).

    Parameters
    ----------
    points : array_like, shape (n, d)
        The approximation set A (finite). An empty set gives ``inf``.
    ref : array_like, shape (m, d)
        The reference set R (finite, non-empty).
    maximise : bool or sequence of bool, default False
        Objectives to maximise: there the term is ``r_j - a_j``.

    Returns
    -------
    float
        The smallest ``eps`` such that every reference point is weakly dominated by some point of
        ``A`` shifted by ``-eps`` in every objective. <= 0 when A weakly dominates R.

    Notes
    -----
    O(|A| |R| d), as moocore's ``epsilon_additive`` (same values). Pareto-compliant [1]_.

    References
    ----------
    .. [1] E. Zitzler, L. Thiele, M. Laumanns, C. M. Fonseca, V. Grunert da Fonseca, "Performance
       assessment of multiobjective optimizers: an analysis and review", IEEE TEVC 7(2), 2003.

    Examples
    --------
    >>> from paretix.indicators import epsilon_additive
    >>> A = [[3.5, 5.5], [3.6, 4.1], [4.1, 3.2], [5.5, 1.5]]
    >>> R = [[1, 6], [2, 5], [3, 4], [4, 3], [5, 2], [6, 1]]
    >>> epsilon_additive(A, ref=R)
    2.5
    """
    a, r, _ = as_sets(points, ref, maximise)
    if len(a) == 0:
        return float("inf")
    return _max_min_max(lambda sl: a[None, :, :] - r[sl, None, :], len(r), len(a), a.shape[1])


def epsilon_multiplicative(points, /, ref, *, maximise=False) -> float:
    """Multiplicative epsilon indicator: ``max_{r in R} min_{a in A} max_j a_j / r_j``
    (minimisation; maximised objectives use ``r_j / a_j``).

    Parameters
    ----------
    points : array_like, shape (n, d)
        The approximation set A (finite, > 0). An empty set gives ``inf``.
    ref : array_like, shape (m, d)
        The reference set R (finite, > 0, non-empty).
    maximise : bool or sequence of bool, default False
        Objectives to maximise.

    Returns
    -------
    float
        The smallest factor ``eps`` such that every reference point is weakly dominated by some
        point of ``A`` divided by ``eps`` (minimisation). <= 1 when A weakly dominates R.

    Notes
    -----
    Defined for strictly positive objective values only (a ``ValueError`` otherwise; shift or
    normalise first). O(|A| |R| d), as moocore's ``epsilon_mult`` [1]_.

    References
    ----------
    .. [1] E. Zitzler, L. Thiele, M. Laumanns, C. M. Fonseca, V. Grunert da Fonseca, "Performance
       assessment of multiobjective optimizers: an analysis and review", IEEE TEVC 7(2), 2003.

    Examples
    --------
    >>> from paretix.indicators import epsilon_multiplicative
    >>> A = [[3.5, 5.5], [3.6, 4.1], [4.1, 3.2], [5.5, 1.5]]
    >>> R = [[1, 6], [2, 5], [3, 4], [4, 3], [5, 2], [6, 1]]
    >>> epsilon_multiplicative(A, ref=R)
    3.5
    """
    a, r, mask = as_sets(points, ref, maximise, flip=False)
    for arr, name in ((a, "points"), (r, "ref")):
        if len(arr) and (arr <= 0).any():
            row, col = np.argwhere(arr <= 0)[0]
            raise ValueError(
                f"epsilon_multiplicative needs strictly positive values, got {name}[{row}, {col}] = "
                f"{arr[row, col]}; shift or normalise the objectives first"
            )
    if len(a) == 0:
        return float("inf")

    def ratios(sl):
        q = a[None, :, :] / r[sl, None, :]  # (chunk, |A|, d)
        if mask.any():
            q[..., mask] = 1.0 / q[..., mask]  # maximised: r_j / a_j
        return q

    return _max_min_max(ratios, len(r), len(a), a.shape[1])
