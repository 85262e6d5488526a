"""DTLZ test suite: DTLZ1-DTLZ7, scalable in the number of objectives.

Definitions, defaults and Pareto fronts follow pymoo 0.6.2 (``pymoo.problems.many.dtlz``), which
follows the paper:

K. Deb, L. Thiele, M. Laumanns, E. Zitzler, "Scalable test problems for evolutionary
multiobjective optimization", in Evolutionary Multiobjective Optimization, Springer, 2005,
105-145 (first as TIK-Report 112, ETH Zurich, 2001).

With ``M = n_obj`` objectives and ``n = n_var`` variables in ``[0, 1]``, the first ``M - 1``
variables are position variables and the last ``k = n - M + 1`` are distance variables
(``k >= 1``, so ``n_var >= n_obj``). The defaults are pymoo's: ``n_var = 7`` (DTLZ1) or
``10`` (DTLZ2-7) whatever ``n_obj`` is (``k = 5`` and ``8`` for 3 objectives; the paper uses
``k = 5``, ``10`` and ``20``), so pass ``n_var`` when ``n_obj`` is large.
"""

from __future__ import annotations

from numbers import Real

import numpy as np

from .._array import get_xp, to_numpy
from ..ref_dirs._lattice import das_dennis, n_das_dennis
from ._problem import Problem, _count
from ._registry import register

__all__ = ["DTLZ1", "DTLZ2", "DTLZ3", "DTLZ4", "DTLZ5", "DTLZ6", "DTLZ7", "default_ref_dirs"]

# pymoo's get_ref_dirs: 100 points for 2 objectives, 15 partitions (136 points) for 3.
_DEFAULT_PARTITIONS = {2: 99, 3: 15}
_MAX_DEFAULT_DIRS = 1000


def default_ref_dirs(n_obj: int) -> np.ndarray:
    """The reference directions a DTLZ-type ``pareto_front()`` uses when none are given.

    pymoo's for 2 and 3 objectives (``das_dennis(2, 99)``, 100 points; ``das_dennis(3, 15)``,
    136 points); for more objectives (where pymoo asks for them) the finest Das-Dennis lattice
    with at most 1000 directions (e.g. 4 objectives: 16 partitions, 969 directions;
    5: 9 partitions, 715; 8: 5 partitions, 792; 10: 4 partitions, 715).
    """
    n_obj = _count(n_obj, "n_obj", 2)
    p = _DEFAULT_PARTITIONS.get(n_obj)
    if p is None:
        p = 1
        while n_das_dennis(n_obj, p + 1) <= _MAX_DEFAULT_DIRS:
            p += 1
    return das_dennis(n_obj, p)


def _ref_dirs(ref_dirs, n_obj: int) -> np.ndarray:
    """Validated (n, n_obj) non-negative directions with no zero row (default when None)."""
    if ref_dirs is None:
        return default_ref_dirs(n_obj)
    W = np.asarray(to_numpy(ref_dirs), dtype=np.float64)
    if W.ndim != 2 or W.shape[1] != n_obj:
        raise ValueError(f"ref_dirs must have shape (n, n_obj={n_obj}), got {W.shape}")
    if not np.all(np.isfinite(W)) or np.any(W < 0):
        raise ValueError("ref_dirs must be finite and non-negative")
    if np.any(W.sum(axis=1) <= 0):
        raise ValueError(f"ref_dirs row {int(np.argmax(W.sum(axis=1) <= 0))} is all zeros")
    return W


def _simplex(W: np.ndarray) -> np.ndarray:
    """Rows scaled to sum 1 (a no-op, up to rounding, for Das-Dennis directions)."""
    return W / W.sum(axis=1, keepdims=True)


def _sphere(W: np.ndarray) -> np.ndarray:
    """Rows scaled to unit Euclidean norm."""
    return W / np.linalg.norm(W, axis=1)[:, None]


def _sort2(F: np.ndarray) -> np.ndarray:
    """pymoo's convention: a two-objective front comes sorted by ``f1``."""
    if F.shape[1] == 2:
        F = F[np.argsort(F[:, 0], kind="stable")]
    return F


def _positive(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not (value > 0 and np.isfinite(value)):
        raise ValueError(f"{name} must be positive and finite, got {value}")
    return value


def _chain(xp, C, S, scale):
    """Objectives ``f_i = scale * C_1 ... C_(M-1-i) * S_(M-i)`` (``S`` factor absent for i = 0).

    ``C`` and ``S`` are (N, M-1), ``scale`` (N,); the DTLZ1 simplex (``C = x``, ``S = 1 - x``)
    and the DTLZ2-6 sphere (``C = cos``, ``S = sin``) maps, without a loop over objectives.
    """
    ones = xp.ones((C.shape[0], 1), dtype=C.dtype)
    prefix = xp.cumprod(xp.concatenate([ones, C], axis=1), axis=1)  # prefix[:, j] = C_1..C_j
    tail = xp.concatenate([ones, S[:, ::-1]], axis=1)
    return scale[:, None] * prefix[:, ::-1] * tail


def _g_rastrigin(xp, XM, k: int):
    """DTLZ1/DTLZ3 distance function: ``100 (k + sum((x - 0.5)^2 - cos(20 pi (x - 0.5))))``."""
    return 100 * (k + xp.sum(xp.square(XM - 0.5) - xp.cos(20 * xp.pi * (XM - 0.5)), axis=1))


def _g_sphere(xp, XM):
    """DTLZ2/4/5 distance function: ``sum((x - 0.5)^2)``."""
    return xp.sum(xp.square(XM - 0.5), axis=1)


def _spherical(xp, T, g, alpha=None):
    """``(1 + g)`` times the unit-sphere point of angles ``T^alpha * pi / 2``."""
    A = T if alpha is None else xp.power(T, alpha)
    return _chain(xp, xp.cos(A * xp.pi / 2.0), xp.sin(A * xp.pi / 2.0), 1 + g)


class _DTLZ(Problem):
    """Shared constructor and position/distance split."""

    def __init__(self, n_var: int, n_obj: int, *, n_ieq_constr: int = 0):
        name = type(self).__name__
        n_obj = _count(n_obj, "n_obj", 2)
        n_var = _count(n_var, "n_var", 1)
        if n_var < n_obj:
            raise ValueError(
                f"{name} needs n_var >= n_obj (n_obj - 1 position variables and k = n_var - n_obj + 1"
                f" >= 1 distance variables), got n_var={n_var}, n_obj={n_obj}"
            )
        self.k = n_var - n_obj + 1
        super().__init__(n_var=n_var, n_obj=n_obj, n_ieq_constr=n_ieq_constr, xl=0.0, xu=1.0, name=name)

    def _split(self, X):
        return X[:, : self.n_obj - 1], X[:, self.n_obj - 1 :]


class DTLZ1(_DTLZ):
    """DTLZ1: linear Pareto front, multimodal distance function (``11^k - 1`` local fronts).

    ``f_i = 0.5 (1 + g) x_1 ... x_(M-1-i) (1 - x_(M-i))`` with
    ``g = 100 (k + sum_{j in X_M} ((x_j - 0.5)^2 - cos(20 pi (x_j - 0.5))))``.

    Parameters
    ----------
    n_var : int, default 7
        Number of variables (>= n_obj; pymoo's default whatever n_obj is).
    n_obj : int, default 3
        Number of objectives (>= 2).

    Notes
    -----
    Pareto front: the simplex ``sum(f) = 0.5``, ``f >= 0``, reached at ``x_M = 0.5``
    (the last ``k`` variables).

    References
    ----------
    K. Deb, L. Thiele, M. Laumanns, E. Zitzler, "Scalable test problems for evolutionary
    multiobjective optimization", Evolutionary Multiobjective Optimization, Springer, 2005.
    """

    def __init__(self, n_var: int = 7, n_obj: int = 3):
        super().__init__(n_var, n_obj)

    def _evaluate(self, X):
        xp = get_xp(X)
        Xp, XM = self._split(X)
        g = _g_rastrigin(xp, XM, self.k)
        return _chain(xp, Xp, 1 - Xp, 0.5 * (1 + g))

    def _calc_pareto_front(self, ref_dirs=None):
        """``0.5 * W`` for reference directions ``W`` (rows scaled to sum 1).

        ``ref_dirs`` defaults to :func:`default_ref_dirs` (pymoo's for 2 and 3 objectives)."""
        return _sort2(0.5 * _simplex(_ref_dirs(ref_dirs, self.n_obj)))


class _SphereFront:
    def _calc_pareto_front(self, ref_dirs=None):
        """``W / ||W||`` for reference directions ``W`` (the unit sphere's positive orthant).

        ``ref_dirs`` defaults to :func:`default_ref_dirs` (pymoo's for 2 and 3 objectives)."""
        return _sort2(_sphere(_ref_dirs(ref_dirs, self.n_obj)))


class DTLZ2(_SphereFront, _DTLZ):
    """DTLZ2: spherical (concave) Pareto front.

    ``f_i = (1 + g) cos(x_1 pi/2) ... cos(x_(M-1-i) pi/2) sin(x_(M-i) pi/2)`` with
    ``g = sum_{j in X_M} (x_j - 0.5)^2``.

    Parameters
    ----------
    n_var : int, default 10
        Number of variables (>= n_obj; pymoo's default whatever n_obj is).
    n_obj : int, default 3
        Number of objectives (>= 2).

    Notes
    -----
    Pareto front: the unit sphere ``sum(f^2) = 1``, ``f >= 0``, reached at ``x_M = 0.5``.

    References
    ----------
    K. Deb, L. Thiele, M. Laumanns, E. Zitzler, Evolutionary Multiobjective Optimization,
    Springer, 2005.
    """

    def __init__(self, n_var: int = 10, n_obj: int = 3):
        super().__init__(n_var, n_obj)

    def _evaluate(self, X):
        xp = get_xp(X)
        Xp, XM = self._split(X)
        return _spherical(xp, Xp, _g_sphere(xp, XM))


class DTLZ3(_SphereFront, _DTLZ):
    """DTLZ3: spherical Pareto front, DTLZ1's multimodal ``g`` (``3^k - 1`` local fronts).

    ``f_i`` as in DTLZ2 with ``g = 100 (k + sum((x_j - 0.5)^2 - cos(20 pi (x_j - 0.5))))``.

    Parameters
    ----------
    n_var : int, default 10
        Number of variables (>= n_obj; pymoo's default whatever n_obj is).
    n_obj : int, default 3
        Number of objectives (>= 2).

    Notes
    -----
    Pareto front: the unit sphere ``sum(f^2) = 1``, ``f >= 0``, reached at ``x_M = 0.5``.

    References
    ----------
    K. Deb, L. Thiele, M. Laumanns, E. Zitzler, Evolutionary Multiobjective Optimization,
    Springer, 2005.
    """

    def __init__(self, n_var: int = 10, n_obj: int = 3):
        super().__init__(n_var, n_obj)

    def _evaluate(self, X):
        xp = get_xp(X)
        Xp, XM = self._split(X)
        return _spherical(xp, Xp, _g_rastrigin(xp, XM, self.k))


class DTLZ4(_SphereFront, _DTLZ):
    """DTLZ4: spherical Pareto front with a density bias (angles ``x_i^alpha``).

    ``f_i`` as in DTLZ2 with the position variables replaced by ``x_i^alpha``.

    Parameters
    ----------
    n_var : int, default 10
        Number of variables (>= n_obj; pymoo's default whatever n_obj is).
    n_obj : int, default 3
        Number of objectives (>= 2).
    alpha : float, default 100
        Bias exponent (> 0); the paper's and pymoo's 100 crowds solutions near the
        ``f_M``-``f_1`` plane.

    Notes
    -----
    Pareto front: the unit sphere ``sum(f^2) = 1``, ``f >= 0``, reached at ``x_M = 0.5``.

    References
    ----------
    K. Deb, L. Thiele, M. Laumanns, E. Zitzler, Evolutionary Multiobjective Optimization,
    Springer, 2005.
    """

    def __init__(self, n_var: int = 10, n_obj: int = 3, alpha: float = 100):
        super().__init__(n_var, n_obj)
        self.alpha = _positive(alpha, "alpha")

    def _evaluate(self, X):
        xp = get_xp(X)
        Xp, XM = self._split(X)
        return _spherical(xp, Xp, _g_sphere(xp, XM), alpha=self.alpha)


class _CurveFront:
    """DTLZ5/DTLZ6 front: the curve ``theta_1`` in ``[0, pi/2]``, other angles ``pi/4``."""

    def _calc_pareto_front(self, n_points: int = 500):
        """``n_points`` points of the degenerate curve (pymoo's construction).

        Angles ``theta_1 = linspace(0, pi/2)`` and ``theta_2..theta_(M-1) = pi/4`` mapped like the
        objectives. For 3 objectives pymoo downloads a file instead; paretix computes the curve,
        which is the front there. For 4 or more objectives the curve is pymoo's (and the paper's)
        front, but H. Ishibuchi, H. Masuda, Y. Nojima, "Pareto fronts of many-objective degenerate
        test problems", IEEE TEVC 20(5), 2016, show the true front is then larger (not degenerate).
        """
        n_points = _count(n_points, "n_points", 1)
        m = self.n_obj
        theta1 = np.linspace(0, np.pi / 2, n_points)
        thetas = np.column_stack([theta1] + [np.full(n_points, np.pi / 4)] * (m - 2))
        return _sort2(_chain(np, np.cos(thetas), np.sin(thetas), np.ones(n_points)))


def _degenerate_angles(xp, X, Xp, g):
    """DTLZ5/6 angle map: ``x_1`` kept, ``x_i -> (1 + 2 g x_i) / (2 (1 + g))`` for i >= 2."""
    theta = 1 / (2 * (1 + g[:, None])) * (1 + 2 * g[:, None] * Xp)
    return xp.concatenate([X[:, :1], theta[:, 1:]], axis=1)


class DTLZ5(_CurveFront, _DTLZ):
    """DTLZ5: degenerate (curve) Pareto front on the unit sphere.

    DTLZ2 with the angles ``theta_1 = x_1`` and ``theta_i = (1 + 2 g x_i) / (2 (1 + g))``
    (``i >= 2``), ``g = sum_{j in X_M} (x_j - 0.5)^2``.

    Parameters
    ----------
    n_var : int, default 10
        Number of variables (>= n_obj; pymoo's default whatever n_obj is).
    n_obj : int, default 3
        Number of objectives (>= 2).

    Notes
    -----
    Pareto front (intended): the curve of the unit sphere with ``theta_2 = ... = pi/4``,
    reached at ``x_M = 0.5``. See ``pareto_front`` for the caveat with 4+ objectives.

    References
    ----------
    K. Deb, L. Thiele, M. Laumanns, E. Zitzler, Evolutionary Multiobjective Optimization,
    Springer, 2005.
    """

    def __init__(self, n_var: int = 10, n_obj: int = 3):
        super().__init__(n_var, n_obj)

    def _evaluate(self, X):
        xp = get_xp(X)
        Xp, XM = self._split(X)
        g = _g_sphere(xp, XM)
        return _spherical(xp, _degenerate_angles(xp, X, Xp, g), g)


class DTLZ6(_CurveFront, _DTLZ):
    """DTLZ6: DTLZ5 with the harder distance function ``g = sum_{j in X_M} x_j^0.1``.

    Parameters
    ----------
    n_var : int, default 10
        Number of variables (>= n_obj; pymoo's default whatever n_obj is).
    n_obj : int, default 3
        Number of objectives (>= 2).

    Notes
    -----
    Pareto front (intended): DTLZ5's curve, reached at ``x_M = 0``. See ``pareto_front`` for
    the caveat with 4+ objectives.

    References
    ----------
    K. Deb, L. Thiele, M. Laumanns, E. Zitzler, Evolutionary Multiobjective Optimization,
    Springer, 2005.
    """

    def __init__(self, n_var: int = 10, n_obj: int = 3):
        super().__init__(n_var, n_obj)

    def _evaluate(self, X):
        xp = get_xp(X)
        Xp, XM = self._split(X)
        g = xp.sum(xp.power(XM, 0.1), axis=1)
        return _spherical(xp, _degenerate_angles(xp, X, Xp, g), g)


def _dtlz7_h(xp, f):
    """``h(t) = t (1 + sin(3 pi t))``, elementwise."""
    return f * (1 + xp.sin(3 * xp.pi * f))


# Where h(t) = t (1 + sin(3 pi t)) sets a new record on [0, 1]: [0, A] and (B, C]. A and C are
# the local maxima (h' = 0), B > A solves h(B) = h(A); found by bisection in float64.
_DTLZ7_A = 0.2514118360889171
_DTLZ7_B = 0.6316265307000611
_DTLZ7_C = 0.8594008566447239


class DTLZ7(_DTLZ):
    """DTLZ7: disconnected Pareto front (``2^(M-1)`` pieces).

    ``f_i = x_i`` (i < M), ``f_M = (1 + g) h`` with ``g = 1 + 9 / k * sum_{j in X_M} x_j`` and
    ``h = M - sum_{i<M} f_i / (1 + g) (1 + sin(3 pi f_i))``.

    Parameters
    ----------
    n_var : int, default 10
        Number of variables (>= n_obj; pymoo's default whatever n_obj is; the paper uses
        ``k = 20``).
    n_obj : int, default 3
        Number of objectives (>= 2).

    Notes
    -----
    Pareto front: ``f_M = 2 M - sum_{i<M} f_i (1 + sin(3 pi f_i))`` (``g = 1``, at ``x_M = 0``)
    with every ``f_i`` (i < M) in ``[0, 0.2514118361] U (0.6316265307, 0.8594008566]``, the
    ``t`` where ``t (1 + sin(3 pi t))`` exceeds its values at all smaller ``t``.

    References
    ----------
    K. Deb, L. Thiele, M. Laumanns, E. Zitzler, Evolutionary Multiobjective Optimization,
    Springer, 2005.
    """

    def __init__(self, n_var: int = 10, n_obj: int = 3):
        super().__init__(n_var, n_obj)

    def _evaluate(self, X):
        xp = get_xp(X)
        f = X[:, : self.n_obj - 1]
        g = 1 + 9 / self.k * xp.sum(X[:, -self.k :], axis=1)
        h = self.n_obj - xp.sum(f / (1 + g[:, None]) * (1 + xp.sin(3 * xp.pi * f)), axis=1)
        return xp.concatenate([f, ((1 + g) * h)[:, None]], axis=1)

    def _calc_pareto_front(self, n_points: int = 500):
        """A grid of about ``n_points`` points of the disconnected front.

        Each of ``f_1..f_(M-1)`` takes ``s = max(2, round(n_points^(1 / (M - 1))))`` values
        spread over ``[0, 0.2514...]`` and ``(0.6316..., 0.8594...]`` in proportion to their
        lengths (at least one in each); the grid has ``s^(M-1)`` points, ``f_M`` as in the
        Notes. pymoo downloads the 3-objective front and otherwise samples the ``g = 1`` surface at
        random, dominated parts included; this grid is all non-dominated.
        """
        n_points = _count(n_points, "n_points", 1)
        m = self.n_obj
        s = max(2, int(round(n_points ** (1.0 / (m - 1)))))
        len_lo, len_hi = _DTLZ7_A, _DTLZ7_C - _DTLZ7_B
        n_lo = min(s - 1, max(1, int(round(s * len_lo / (len_lo + len_hi)))))
        n_hi = s - n_lo
        axis = np.concatenate([
            np.linspace(0.0, _DTLZ7_A, n_lo) if n_lo > 1 else np.zeros(1),
            np.linspace(_DTLZ7_B, _DTLZ7_C, n_hi + 1)[1:],
        ])
        grids = np.meshgrid(*([axis] * (m - 1)), indexing="ij")
        F = np.column_stack([gr.ravel() for gr in grids])
        last = 2 * (m - np.sum(F / 2 * (1 + np.sin(3 * np.pi * F)), axis=1))
        return _sort2(np.column_stack([F, last]))


for _name in ("DTLZ1", "DTLZ2", "DTLZ3", "DTLZ4", "DTLZ5", "DTLZ6", "DTLZ7"):
    register(_name.lower(), f"dtlz:{_name}")
del _name
