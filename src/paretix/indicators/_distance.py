"""Distance-based indicators: IGD, IGD+, GD, GD+ (means of nearest-point distances).

Each is O(|points| |ref| d) time and O(chunk d) memory: the pairwise distances are computed in
blocks, never as one |points| x |ref| x d array.
"""

from __future__ import annotations

import numpy as np

from ._common import as_sets, chunks


def _nearest(frm: np.ndarray, to: np.ndarray, plus: bool, sign: float) -> np.ndarray:
    """For each row f of ``frm``: min over rows t of ``to`` of ||t - f|| (or, with ``plus``,
    ||max(sign * (t - f), 0)||)."""
    out = np.empty(len(frm))
    for sl in chunks(len(frm), len(to), frm.shape[1]):
        diff = to[None, :, :] - frm[sl, None, :]  # (chunk, |to|, d)
        if plus:
            diff = np.maximum(sign * diff, 0.0)
        out[sl] = np.sqrt(np.einsum("ijk,ijk->ij", diff, diff)).min(axis=1)
    return out


def igd(points, /, ref, *, maximise=False) -> float:
    """Inverted generational distance: the mean, over the reference points, of the Euclidean
    distance to the nearest point of the approximation.

    Parameters
    ----------
    points : array_like, shape (n, d)
        The approximation set A (finite values). An empty set gives ``inf``.
    ref : array_like, shape (m, d)
        The reference set R (finite values, at least one point), e.g. a sample of the true front.
    maximise : bool or sequence of bool, default False
        Objectives to maximise (distances do not change; accepted for a uniform signature).

    Returns
    -------
    float
        ``IGD(A, R) = (1/|R|) sum_{r in R} min_{a in A} ||a - r||``.

    Notes
    -----
    The definition of Deb & Jain's NSGA-III paper [1]_ and of moocore's ``igd`` (p = 1), not
    the ``(sum d^p)^(1/p) / |R|`` of early papers. IGD is not Pareto-compliant: a dominated set
    can score better; :func:`igd_plus` fixes this. O(|A| |R| d).

    References
    ----------
    .. [1] K. Deb, H. Jain, "An evolutionary many-objective optimization algorithm using
       reference-point-based nondominated sorting approach, part I", IEEE TEVC 18(4), 2014.

    Examples
    --------
    >>> from paretix.indicators import igd
    >>> igd([[0, 1], [1, 0]], ref=[[0, 1], [0.5, 0.5], [1, 0]])
    0.23570226039551587
    """
    a, r, _ = as_sets(points, ref, maximise)
    if len(a) == 0:
        return float("inf")
    return float(_nearest(r, a, False, 1.0).mean())


def igd_plus(points, /, ref, *, maximise=False) -> float:
    """IGD+: like :func:`igd` with the dominance-aware distance ``||max(a - r, 0)||``.

    Parameters
    ----------
    points : array_like, shape (n, d)
        The approximation set A (finite). An empty set gives ``inf``.
    ref : array_like, shape (m, d)
        The reference set R (finite, non-empty).
    maximise : bool or sequence of bool, default False
        Objectives to maximise: there the distance counts ``max(r - a, 0)``.

    Returns
    -------
    float
        ``(1/|R|) sum_{r in R} min_{a in A} sqrt(sum_j max(a_j - r_j, 0)^2)`` (minimisation).

    Notes
    -----
    Only the amount by which ``a`` is worse than ``r`` counts, which makes IGD+ weakly
    Pareto-compliant [1]_. Same as moocore's ``igd_plus``. O(|A| |R| d).

    References
    ----------
    .. [1] H. Ishibuchi, H. Masuda, Y. Tanigaki, Y. Nojima, "Modified distance calculation in
       generational distance and inverted generational distance", EMO 2015, LNCS 9019.

    Examples
    --------
    >>> from paretix.indicators import igd_plus
    >>> igd_plus([[0, 1], [1, 0]], ref=[[0, 1], [0.5, 0.5], [1, 0]])
    0.16666666666666666
    """
    a, r, _ = as_sets(points, ref, maximise)
    if len(a) == 0:
        return float("inf")
    return float(_nearest(r, a, True, 1.0).mean())


def gd(points, /, ref, *, maximise=False) -> float:
    """Generational distance: the mean, over the approximation, of the Euclidean distance to
    the nearest reference point.

    Parameters
    ----------
    points : array_like, shape (n, d)
        The approximation set A (finite, non-empty: the mean over no point is undefined).
    ref : array_like, shape (m, d)
        The reference set R (finite, non-empty).
    maximise : bool or sequence of bool, default False
        Accepted for a uniform signature (distances do not change).

    Returns
    -------
    float
        ``GD(A, R) = (1/|A|) sum_{a in A} min_{r in R} ||a - r||`` (p = 1, as pymoo's ``GD``;
        Van Veldhuizen's original [1]_ divides ``sqrt(sum d^2)`` by ``|A|``). It measures
        convergence only. O(|A| |R| d).

    References
    ----------
    .. [1] D. A. Van Veldhuizen, G. B. Lamont, "Evolutionary computation and convergence to a
       Pareto front", Late Breaking Papers, Genetic Programming 1998.

    Examples
    --------
    >>> from paretix.indicators import gd
    >>> gd([[0, 2], [2, 0]], ref=[[0, 1], [1, 0]])
    1.0
    """
    a, r, _ = as_sets(points, ref, maximise)
    if len(a) == 0:
        raise ValueError("gd needs at least one point in points (the mean over an empty set is undefined)")
    return float(_nearest(a, r, False, 1.0).mean())


def gd_plus(points, /, ref, *, maximise=False) -> float:
    """GD+: like :func:`gd` with the dominance-aware distance ``||max(a - r, 0)||``.

    Parameters
    ----------
    points : array_like, shape (n, d)
        The approximation set A (finite, non-empty).
    ref : array_like, shape (m, d)
        The reference set R (finite, non-empty).
    maximise : bool or sequence of bool, default False
        Objectives to maximise: there the distance counts ``max(r - a, 0)``.

    Returns
    -------
    float
        ``(1/|A|) sum_{a in A} min_{r in R} sqrt(sum_j max(a_j - r_j, 0)^2)``: 0 when every point
        weakly dominates some reference point. Pareto-compliant [1]_. O(|A| |R| d).

    References
    ----------
    .. [1] H. Ishibuchi, H. Masuda, Y. Tanigaki, Y. Nojima, "Modified distance calculation in
       generational distance and inverted generational distance", EMO 2015, LNCS 9019.

    Examples
    --------
    >>> from paretix.indicators import gd_plus
    >>> gd_plus([[0, 2], [0.5, 0.5]], ref=[[0, 1], [1, 0]])
    0.75
    """
    a, r, _ = as_sets(points, ref, maximise)
    if len(a) == 0:
        raise ValueError("gd_plus needs at least one point in points (the mean over an empty set is undefined)")
    # distance from a to r: ||max(a - r, 0)|| = ||max(-(r - a), 0)||
    return float(_nearest(a, r, True, -1.0).mean())
