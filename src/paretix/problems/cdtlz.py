"""Constrained DTLZ problems: C1-DTLZ1, C1-DTLZ3, C2-DTLZ2, C3-DTLZ1 and C3-DTLZ4.

Definitions and defaults follow pymoo 0.6.2 (``pymoo.problems.many.cdtlz``), which follows:

H. Jain, K. Deb, "An evolutionary many-objective optimization algorithm using reference-point
based nondominated sorting approach, part II: handling constraints and extending to an adaptive
approach", IEEE Transactions on Evolutionary Computation 18(4), 602-622, 2014.

Objectives are those of the DTLZ problem named; constraints are ``G <= 0`` feasible (the paper
writes ``c(x) >= 0``; ``G = -c``). Type 1 cuts a band off the objective space so that the
unconstrained front stays feasible but hard to reach, type 2 keeps only parts of the front,
type 3 makes the front lie on the constraint boundaries.

The default ``n_var`` are pymoo's (12, 12, 12, 12 and 7); Jain & Deb use ``k = 5`` (C1-DTLZ1,
C3-DTLZ1: ``n_var = n_obj + 4``) and ``k = 10`` (the others: ``n_var = n_obj + 9``).
"""

from __future__ import annotations

import numpy as np

from .._array import get_xp
from .dtlz import DTLZ1, DTLZ2, DTLZ3, DTLZ4, _DTLZ, _positive, _ref_dirs, _simplex, _sort2, _sphere
from ._registry import register

__all__ = ["C1DTLZ1", "C1DTLZ3", "C2DTLZ2", "C3DTLZ1", "C3DTLZ4"]


def _c1_linear(xp, F):
    """``G = -(1 - f_M / 0.6 - sum_{i<M} f_i / 0.5)``."""
    return -(1 - F[:, -1] / 0.6 - xp.sum(F[:, :-1] / 0.5, axis=1))


def _c1_spherical(xp, F, r: float):
    """``G = -(R - 16) (R - r^2)`` with ``R = sum(f^2)``: infeasible for ``4 < ||f|| < r``."""
    radius = xp.sum(F**2, axis=1)
    return -(radius - 16) * (radius - r**2)


def _c2(xp, F, r: float):
    """``G = min(min_i ((f_i - 1)^2 + sum_{j!=i} f_j^2 - r^2), sum((f - 1/sqrt(M))^2) - r^2)``."""
    sq = F**2
    others = xp.sum(sq, axis=1)[:, None] - sq
    v1 = xp.min((F - 1) ** 2 + others - r**2, axis=1)
    v2 = xp.sum((F - 1 / np.sqrt(F.shape[1])) ** 2, axis=1) - r**2
    return xp.minimum(v1, v2)


def _c3_linear(xp, F):
    """``G_j = 1 - f_j / 0.5 - sum_{i!=j} f_i`` (one per objective)."""
    return 1 - F / 0.5 - (xp.sum(F, axis=1)[:, None] - F)


def _c3_spherical(xp, F):
    """``G_j = 1 - f_j^2 / 4 - sum_{i!=j} f_i^2`` (one per objective)."""
    sq = F**2
    return 1 - sq / 4 - (xp.sum(sq, axis=1)[:, None] - sq)


class C1DTLZ1(DTLZ1):
    """C1-DTLZ1: DTLZ1 with one linear constraint that cuts the objective space.

    ``G = -(1 - f_M / 0.6 - sum_{i<M} f_i / 0.5) <= 0``.

    Parameters
    ----------
    n_var : int, default 12
        Number of variables (>= n_obj; pymoo's default; Jain & Deb use ``n_obj + 4``).
    n_obj : int, default 3
        Number of objectives (>= 2).

    Notes
    -----
    Pareto front: DTLZ1's, the simplex ``sum(f) = 0.5``, all of it feasible; only points
    close to it are feasible.

    References
    ----------
    H. Jain, K. Deb, IEEE Transactions on Evolutionary Computation 18(4), 2014.
    """

    def __init__(self, n_var: int = 12, n_obj: int = 3):
        _DTLZ.__init__(self, n_var, n_obj, n_ieq_constr=1)

    def _evaluate(self, X):
        F = super()._evaluate(X)
        return F, _c1_linear(get_xp(X), F)[:, None]


class C1DTLZ3(DTLZ3):
    """C1-DTLZ3: DTLZ3 with one constraint making the band ``4 < ||f|| < r`` infeasible.

    ``G = -(sum(f^2) - 16) (sum(f^2) - r^2) <= 0``: the local fronts of DTLZ3 inside the band
    cannot be crossed.

    Parameters
    ----------
    n_var : int, default 12
        Number of variables (>= n_obj).
    n_obj : int, default 3
        Number of objectives (>= 2).
    r : float, optional
        Outer radius of the infeasible band (> 0). Default (pymoo's): 9 for fewer than
        5 objectives, 12.5 for 5 to 12, 15 beyond.

    Notes
    -----
    Pareto front: DTLZ3's unit sphere, all feasible.

    References
    ----------
    H. Jain, K. Deb, IEEE Transactions on Evolutionary Computation 18(4), 2014.
    """

    def __init__(self, n_var: int = 12, n_obj: int = 3, r: float | None = None):
        _DTLZ.__init__(self, n_var, n_obj, n_ieq_constr=1)
        if r is None:
            r = 9.0 if self.n_obj < 5 else 12.5 if self.n_obj <= 12 else 15.0
        self.r = _positive(r, "r")

    def _evaluate(self, X):
        F = super()._evaluate(X)
        return F, _c1_spherical(get_xp(X), F, self.r)[:, None]


class C2DTLZ2(DTLZ2):
    """C2-DTLZ2: DTLZ2 where only M + 1 spherical regions of the front stay feasible.

    ``G = min(min_i ((f_i - 1)^2 + sum_{j!=i} f_j^2 - r^2), sum((f_j - 1/sqrt(M))^2) - r^2) <= 0``:
    feasible within ``r`` of a corner ``e_i`` or of the centre point ``(1, ..., 1)/sqrt(M)``.

    Parameters
    ----------
    n_var : int, default 12
        Number of variables (>= n_obj).
    n_obj : int, default 3
        Number of objectives (>= 2).
    r : float, optional
        Radius (> 0). Default (pymoo's): 0.2 for 2 objectives, 0.4 for 3, 0.5 beyond.

    Notes
    -----
    Pareto front: the feasible parts of the unit sphere (M + 1 disconnected caps).

    References
    ----------
    H. Jain, K. Deb, IEEE Transactions on Evolutionary Computation 18(4), 2014.
    """

    def __init__(self, n_var: int = 12, n_obj: int = 3, r: float | None = None):
        _DTLZ.__init__(self, n_var, n_obj, n_ieq_constr=1)
        if r is None:
            r = 0.2 if self.n_obj == 2 else 0.4 if self.n_obj == 3 else 0.5
        self.r = _positive(r, "r")

    def _evaluate(self, X):
        F = super()._evaluate(X)
        return F, _c2(get_xp(X), F, self.r)[:, None]

    def _calc_pareto_front(self, ref_dirs=None):
        """The points ``W / ||W||`` that are feasible (``G <= 0``), as pymoo.

        ``ref_dirs`` defaults to :func:`paretix.problems.dtlz.default_ref_dirs`."""
        F = _sphere(_ref_dirs(ref_dirs, self.n_obj))
        return _sort2(F[_c2(np, F, self.r) <= 0])


class C3DTLZ1(DTLZ1):
    """C3-DTLZ1: DTLZ1 with M linear constraints that move the front onto their boundaries.

    ``G_j = 1 - f_j / 0.5 - sum_{i!=j} f_i <= 0`` for ``j = 1..M``.

    Parameters
    ----------
    n_var : int, default 12
        Number of variables (>= n_obj; pymoo's default; Jain & Deb use ``n_obj + 4``).
    n_obj : int, default 3
        Number of objectives (>= 2); also the number of constraints.

    Notes
    -----
    Pareto front: ``f = W / (1 + min_j w_j)`` for ``w`` on the unit simplex, i.e. the boundary
    ``max_j G_j = 0`` of the feasible region (every feasible set here is an intersection of
    half-spaces with positive normals, so its boundary is non-dominated); it is not DTLZ1's
    simplex, which is infeasible except at its corners.

    References
    ----------
    H. Jain, K. Deb, IEEE Transactions on Evolutionary Computation 18(4), 2014.
    """

    def __init__(self, n_var: int = 12, n_obj: int = 3):
        _DTLZ.__init__(self, n_var, n_obj, n_ieq_constr=n_obj)

    def _evaluate(self, X):
        F = super()._evaluate(X)
        return F, _c3_linear(get_xp(X), F)

    def _calc_pareto_front(self, ref_dirs=None):
        """``W / (1 + min_j W_j)`` for reference directions ``W`` (rows scaled to sum 1).

        pymoo inherits DTLZ1's ``0.5 * W`` here, which is infeasible; this is the true front.
        ``ref_dirs`` defaults to :func:`paretix.problems.dtlz.default_ref_dirs`."""
        W = _simplex(_ref_dirs(ref_dirs, self.n_obj))
        return _sort2(W / (1 + W.min(axis=1))[:, None])


class C3DTLZ4(DTLZ4):
    """C3-DTLZ4: DTLZ4 with M ellipsoidal constraints that move the front onto their boundaries.

    ``G_j = 1 - f_j^2 / 4 - sum_{i!=j} f_i^2 <= 0`` for ``j = 1..M``.

    Parameters
    ----------
    n_var : int, default 7
        Number of variables (>= n_obj; pymoo's default; Jain & Deb use ``n_obj + 9``).
    n_obj : int, default 3
        Number of objectives (>= 2); also the number of constraints.
    alpha : float, default 100
        DTLZ4's bias exponent (> 0).

    Notes
    -----
    Pareto front: ``f = u / sqrt(1 - 3/4 max_j u_j^2)`` for ``u`` on the unit sphere
    (``f >= 0``), the boundary ``max_j G_j = 0``, as pymoo computes it.

    References
    ----------
    H. Jain, K. Deb, IEEE Transactions on Evolutionary Computation 18(4), 2014.
    """

    def __init__(self, n_var: int = 7, n_obj: int = 3, alpha: float = 100):
        _DTLZ.__init__(self, n_var, n_obj, n_ieq_constr=n_obj)
        self.alpha = _positive(alpha, "alpha")

    def _evaluate(self, X):
        F = super()._evaluate(X)
        return F, _c3_spherical(get_xp(X), F)

    def _calc_pareto_front(self, ref_dirs=None):
        """``U / sqrt(sum(U^2) - 3/4 max(U^2))`` with ``U = W / ||W||`` (pymoo's construction).

        ``ref_dirs`` defaults to :func:`paretix.problems.dtlz.default_ref_dirs`."""
        F = _sphere(_ref_dirs(ref_dirs, self.n_obj))
        a = np.sqrt(np.sum(F**2, 1) - 3 / 4 * np.max(F**2, axis=1))
        return _sort2(F / a[:, None])


for _name in __all__:
    register(_name.lower(), f"cdtlz:{_name}")
del _name
