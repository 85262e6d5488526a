"""The WFG test suite (WFG1-WFG9) of Huband, Hingston, Barone and While (2006).

Every WFG problem maps the normalised decision vector ``y = x / (2, 4, ..., 2 n)`` through a
chain of transformations to ``M`` values ``t``: ``M - 1`` from the ``k`` position-related
variables (in groups of ``k / (M - 1)``) and one from the ``l`` distance-related variables. After
the degeneracy step ``x_i = max(t_M, A_i) (t_i - 0.5) + 0.5`` (``i < M``), ``x_M = t_M``, the
objectives are ``f_m = x_M + S_m h_m(x_1, ..., x_{M-1})`` with ``S_m = 2 m`` and the shape
functions ``h`` of each problem. A point is Pareto-optimal when every distance-related variable
is at its optimum (``x_i = 0.35 * 2 i`` for WFG1-WFG7; position-dependent for WFG8 and WFG9), which
makes ``x_M = 0``; the position-related variables then move along the front.

The values are those of pymoo 0.6.2 (``pymoo.problems.many.wfg``), which follows the paper and the
WFG toolkit (including the toolkit's ``correct_to_01``: results within ``1e-10`` outside ``[0, 1]``
are snapped onto the interval). All functions are vectorised over the population and use only the
array-API subset of NumPy, so CuPy arrays are evaluated on the GPU.

References
----------
S. Huband, P. Hingston, L. Barone, L. While, "A review of multiobjective test problems and a
scalable test problem toolkit", IEEE Transactions on Evolutionary Computation 10(5):477-506, 2006.
"""

from __future__ import annotations

import math

import numpy as np

from .._array import get_xp, to_numpy
from ..ref_dirs import das_dennis
from ._problem import Problem
from ._registry import register

__all__ = ["WFG1", "WFG2", "WFG3", "WFG4", "WFG5", "WFG6", "WFG7", "WFG8", "WFG9"]

_EPS = 1.0e-10
_HALF_PI = 0.5 * np.pi


# -------------------------------------------------------------------------------------------------
# Transformation, reduction and shape functions (the paper's Tables I and II)
# -------------------------------------------------------------------------------------------------


def _clip01(xp, v):
    """The toolkit's ``correct_to_01``: snap values within ``_EPS`` outside [0, 1] onto it."""
    v = xp.where((v < 0) & (v >= -_EPS), 0.0, v)
    return xp.where((v > 1) & (v <= 1 + _EPS), 1.0, v)


def _s_linear(xp, y, a):
    """Shift, linear: ``|y - A| / |floor(A - y) + A|`` (optimum at ``y = A``)."""
    return _clip01(xp, xp.abs(y - a) / xp.abs(xp.floor(a - y) + a))


def _s_decept(xp, y, a, b, c):
    """Shift, deceptive (global optimum at ``y = A``, deceptive ones at 0 and 1)."""
    tmp1 = xp.floor(y - a + b) * (1.0 - c + (a - b) / b) / (a - b)
    tmp2 = xp.floor(a + b - y) * (1.0 - c + (1.0 - a - b) / b) / (1.0 - a - b)
    return _clip01(xp, 1.0 + (xp.abs(y - a) - b) * (tmp1 + tmp2 + 1.0 / b))


def _s_multi(xp, y, a, b, c):
    """Shift, multi-modal: ``A`` minima, hill size ``B``, global optimum at ``y = C``."""
    tmp1 = xp.abs(y - c) / (2.0 * (xp.floor(c - y) + c))
    tmp2 = (4.0 * a + 2.0) * np.pi * (0.5 - tmp1)
    return _clip01(xp, (1.0 + xp.cos(tmp2) + 4.0 * b * xp.power(tmp1, 2.0)) / (b + 2.0))


def _b_flat(xp, y, a, b, c):
    """Bias, flat region: value ``A`` for ``B <= y <= C``."""
    ret = (a + xp.minimum(0.0, xp.floor(y - b)) * (a * (b - y) / b)
           - xp.minimum(0.0, xp.floor(c - y)) * ((1.0 - a) * (y - c) / (1.0 - c)))
    return _clip01(xp, ret)


def _b_poly(xp, y, alpha):
    """Bias, polynomial: ``y ** alpha``."""
    return _clip01(xp, y ** alpha)


def _b_param(xp, y, u, a=0.98 / 49.98, b=0.02, c=50.0):
    """Bias, parameter-dependent: ``y ** (B + (C - B) v(u))``, ``u`` a reduction of other variables."""
    v = a - (1.0 - 2.0 * u) * xp.abs(xp.floor(0.5 - u) + a)
    return _clip01(xp, xp.power(y, b + (c - b) * v))


def _r_sum(xp, y, w=None):
    """Reduction, weighted sum over the last axis (uniform weights when ``w`` is None)."""
    if w is None:
        return _clip01(xp, y.mean(axis=-1))
    w = xp.asarray(w, dtype=xp.float64)
    return _clip01(xp, (y @ w) / w.sum())


def _r_nonsep(xp, y, a):
    """Reduction, non-separable, over the last axis with degree of non-separability ``A``."""
    m = y.shape[-1]
    num = y.sum(axis=-1)
    for shift in range(1, a):
        num = num + xp.abs(y - xp.roll(y, -shift, axis=-1)).sum(axis=-1)
    half = math.ceil(a / 2.0)
    return _clip01(xp, num / (m * half * (1.0 + 2.0 * a - 2 * half) / a))


def _shape(xp, x, first, last):
    """The M columns ``h_1 = prod first(x_i)``, ``h_m = prod_{i <= M-m} first(x_i) * last(x_{M-m+1})``.

    ``x`` holds the M - 1 position values; ``h_M = last(x_1)``. With (first, last) = (sin, cos)
    this is the concave shape, (1 - cos, 1 - sin) the convex one and (x, 1 - x) the linear one.
    """
    n_pos = x.shape[1]
    f, g = first(x), last(x)
    cols = [xp.prod(f, axis=1)]
    for lead in range(n_pos - 1, -1, -1):  # objective m = M - lead
        cols.append(xp.prod(f[:, :lead], axis=1) * g[:, lead])
    return _clip01(xp, xp.stack(cols, axis=1))


def _concave(xp, x):
    return _shape(xp, x, lambda v: xp.sin(0.5 * v * np.pi), lambda v: xp.cos(0.5 * v * np.pi))


def _convex(xp, x):
    return _shape(xp, x, lambda v: 1.0 - xp.cos(0.5 * v * np.pi), lambda v: 1.0 - xp.sin(0.5 * v * np.pi))


def _linear(xp, x):
    return _shape(xp, x, lambda v: v, lambda v: 1.0 - v)


def _mixed(xp, x1, alpha=1.0, a=5.0):
    """Mixed convex/concave ``h_M`` of WFG1 (``A`` linear-ish segments)."""
    aux = 2.0 * a * np.pi
    return _clip01(xp, xp.power(1.0 - x1 - xp.cos(aux * x1 + 0.5 * np.pi) / aux, alpha))


def _disc(xp, x1, alpha=1.0, beta=1.0, a=5.0):
    """Disconnected ``h_M`` of WFG2 (``A`` regions)."""
    aux = xp.cos(a * np.pi * xp.power(x1, beta))
    return _clip01(xp, 1.0 - xp.power(x1, alpha) * aux ** 2)


def _int_arg(value, name):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {value!r}")
    return int(value)


# -------------------------------------------------------------------------------------------------
# The shared base class
# -------------------------------------------------------------------------------------------------


class _WFG(Problem):
    """Shared construction, evaluation pipeline and Pareto front of WFG1-WFG9.

    Parameters
    ----------
    n_var : int
        Number of decision variables; must equal ``k + l``.
    n_obj : int
        Number of objectives ``M`` (>= 2).
    k : int, optional
        Number of position-related variables: a multiple of ``n_obj - 1`` and >= 4 (pymoo's
        rule). Default (pymoo's): 4 for two objectives, ``2 * (n_obj - 1)`` otherwise.
    l : int, optional
        Number of distance-related variables (>= 1; even for WFG2 and WFG3). Default:
        ``n_var - k``.

    Attributes
    ----------
    k, l : int
        Position- and distance-related counts.
    S : numpy.ndarray, shape (n_obj,)
        Objective scales ``2, 4, ..., 2 M``.
    A : numpy.ndarray, shape (n_obj - 1,)
        Degeneracy constants (all 1, except WFG3's ``1, 0, ..., 0``).

    Notes
    -----
    Box: ``0 <= x_i <= 2 i``. Deviations from pymoo 0.6.2, which accepts them silently: ``n_var``
    must equal ``k + l`` (pymoo evaluates with ``n_var`` and ignores a different ``l``), ``l`` must
    be >= 1 (pymoo returns NaN objectives for ``l = 0``), ``k = 0`` is an error rather than the
    default, and non-integer arguments are rejected.
    """

    _even_l = False
    _A_tail = 1.0  # A_i for i >= 2

    def __init__(self, n_var, n_obj, k=None, l=None):  # noqa: E741 - the paper's name
        n_var = _int_arg(n_var, "n_var")
        n_obj = _int_arg(n_obj, "n_obj")
        cls = type(self).__name__
        if n_obj < 2:
            raise ValueError(f"{cls}: n_obj must be >= 2 (WFG problems have two or more objectives), got {n_obj}")
        if k is None:
            k = 4 if n_obj == 2 else 2 * (n_obj - 1)
        k = _int_arg(k, "k")
        if k < 4:
            raise ValueError(f"{cls}: k (position-related variables) must be >= 4, got k={k}")
        if k % (n_obj - 1):
            raise ValueError(
                f"{cls}: k (position-related variables) must be a multiple of n_obj - 1 = {n_obj - 1}, "
                f"got k={k}"
            )
        if l is None:
            l = n_var - k  # noqa: E741
            if l < 1:
                raise ValueError(
                    f"{cls}: n_var must be > k so that there is at least one distance-related "
                    f"variable (l = n_var - k >= 1), got n_var={n_var}, k={k}"
                )
        l = _int_arg(l, "l")  # noqa: E741
        if l < 1:
            raise ValueError(f"{cls}: l (distance-related variables) must be >= 1, got l={l}")
        if self._even_l and l % 2:
            raise ValueError(f"{cls}: l (distance-related variables) must be even, got l={l}")
        if n_var != k + l:
            raise ValueError(f"{cls}: n_var must equal k + l = {k} + {l} = {k + l}, got n_var={n_var}")
        super().__init__(n_var=n_var, n_obj=n_obj, xl=0.0, xu=2.0 * np.arange(1, n_var + 1))
        self.k, self.l = k, l
        self.S = 2.0 * np.arange(1, n_obj + 1)
        self.A = np.ones(n_obj - 1)
        self.A[1:] = self._A_tail

    def __repr__(self) -> str:
        return f"{self.name}(n_var={self.n_var}, n_obj={self.n_obj}, k={self.k}, l={self.l})"

    # -- evaluation ---------------------------------------------------------------------------
    def _evaluate(self, X):
        xp = get_xp(X)
        y = X / xp.asarray(self.xu)
        t = self._transform(xp, y)
        # degeneracy step: x_i = max(t_M, A_i) (t_i - 0.5) + 0.5 for i < M, x_M = t_M
        x_pos = xp.maximum(t[:, -1:], xp.asarray(self.A)) * (t[:, :-1] - 0.5) + 0.5
        return t[:, -1:] + xp.asarray(self.S) * self._h(xp, x_pos)

    def _transform(self, xp, y):
        """(N, n_var) normalised variables -> (N, n_obj) reduced values ``t``."""
        raise NotImplementedError

    def _h(self, xp, x):
        """(N, n_obj - 1) position values -> (N, n_obj) shape values (concave by default)."""
        return _concave(xp, x)

    def _reduce(self, xp, y, reduction, weights=None):
        """Reduce the position groups and the distance block (columns after k) to the n_obj ``t``.

        ``reduction`` is "sum" (r_sum, with ``weights`` over the original indices) or "nonsep"
        (r_nonsep with A = block size).
        """
        k, gap = self.k, self.k // (self.n_obj - 1)
        groups = y[:, :k].reshape(y.shape[0], self.n_obj - 1, gap)
        dist = y[:, k:]
        if reduction == "nonsep":
            t_pos = _r_nonsep(xp, groups, gap)
            t_dist = _r_nonsep(xp, dist, dist.shape[1])
        elif weights is None:
            t_pos, t_dist = _r_sum(xp, groups), _r_sum(xp, dist)
        else:
            w = np.asarray(weights, dtype=np.float64)
            t_pos = xp.stack([_r_sum(xp, groups[:, i], w[i * gap:(i + 1) * gap])
                              for i in range(self.n_obj - 1)], axis=1)
            t_dist = _r_sum(xp, dist, w[k:])
        return xp.concatenate([t_pos, t_dist[:, None]], axis=1)

    @staticmethod
    def _split(xp, y, k, pos=None, dist=None):
        """Apply ``pos`` / ``dist`` (functions of a block) to the first k / remaining columns."""
        a, b = y[:, :k], y[:, k:]
        return xp.concatenate([a if pos is None else pos(a), b if dist is None else dist(b)], axis=1)

    # -- Pareto set and front -------------------------------------------------------------------
    def _optimal_x(self, position):
        """Pareto-optimal decision vectors with normalised position variables ``position``.

        ``position`` is an (n, k) array in [0, 1]; the distance-related variables are set to their
        optimum (``0.35`` after normalisation, except WFG8 and WFG9) and the result is scaled to
        the box: pymoo's ``_positional_to_optimal``, up to one ulp (see below).
        """
        position = np.asarray(position, dtype=np.float64)
        z = np.concatenate([position, self._optimal_distance(position)], axis=1)
        x = z * self.xu
        # Of x and its two neighbouring floats take the one whose normalisation is nearest z (z
        # itself where possible): WFG1's b_poly(0.02) turns a 1e-16 residual of s_linear(0.35)
        # into ~0.5. pymoo keeps z * xu.
        cands = np.stack([x, np.nextafter(x, np.inf), np.nextafter(x, -np.inf)])
        best = np.argmin(np.abs(cands / self.xu - z), axis=0)
        return np.clip(np.take_along_axis(cands, best[None], axis=0)[0], self.xl, self.xu)

    def _optimal_distance(self, position):
        return np.full((position.shape[0], self.l), 0.35)

    def _default_ref_dirs(self):
        if self.n_obj == 2:
            return das_dennis(2, 99)
        if self.n_obj == 3:
            return das_dennis(3, 15)
        raise ValueError(
            f"{self.name}: pass ref_dirs for n_obj={self.n_obj} > 3, e.g. "
            f"pareto_front(paretix.ref_dirs.das_dennis({self.n_obj}, 6)) (pymoo has no default either)"
        )

    def _check_ref_dirs(self, ref_dirs):
        if ref_dirs is None:
            return self._default_ref_dirs()
        R = np.asarray(to_numpy(ref_dirs), dtype=np.float64)
        if R.ndim != 2 or R.shape[1] != self.n_obj:
            raise ValueError(f"ref_dirs must have shape (n, n_obj={self.n_obj}), got {R.shape}")
        if not np.all(np.isfinite(R)) or np.any(R < 0) or np.any(R.sum(axis=1) <= 0):
            raise ValueError("ref_dirs must be finite, non-negative and have no all-zero row")
        return R

    def _calc_pareto_front(self, ref_dirs=None):
        """Points of the Pareto front along the given directions (see each class's Notes).

        Parameters
        ----------
        ref_dirs : array_like, shape (n, n_obj), optional
            Non-negative directions. Default, as in pymoo: the Das-Dennis lattice with 100 points
            for two objectives and 15 partitions (136 points) for three; required for more.

        Returns
        -------
        numpy.ndarray, shape (n, n_obj)
        """
        R = self._check_ref_dirs(ref_dirs)
        return R / np.linalg.norm(R, axis=1)[:, None] * self.S


class _ConvexFrontWFG(_WFG):
    """WFG1 and WFG2: convex ``h_1 .. h_{M-1}`` and a special ``h_M(x_1)``; front by ray intersection."""

    @staticmethod
    def _last(xp, x1):
        raise NotImplementedError

    def _h(self, xp, x):
        h = _convex(xp, x)
        return xp.concatenate([h[:, :-1], self._last(xp, x[:, :1])], axis=1)

    def _front_positions(self, R, grid=2000, iters=64):
        """Position values ``x`` (n, M-1) whose shape vector ``h(x)`` lies on the ray ``R`` (nearest
        the origin where the ray crosses the front several times).

        The ray condition ``h_m / sum_{i<m} h_i = r_m / sum_{i<m} r_i`` fixes x_{M-1}, ..., x_2 in
        closed form, one at a time (``p (1 - sin) = n (1 - cos)``); x_1 is the first root of
        ``r_M K (1 - cos(pi x_1 / 2)) = (sum_{i<M} r_i) h_M(x_1)`` (grid bracket, then bisection).
        """
        n, M = R.shape
        x = np.ones((n, M - 1))
        for m in range(2, M):  # objective m (1-based) fixes position x_{M-m+1}, index M-m
            j = M - m
            K = _convex(np, x)[:, :m - 1].sum(axis=1)  # sum_{i<m} h_i with x_1..x_j at 1
            num, p = R[:, m - 1] * K, R[:, :m - 1].sum(axis=1)
            den = num ** 2 + p ** 2
            with np.errstate(invalid="ignore", divide="ignore"):
                u = np.where(den > 0, p * (p + num - np.sqrt(2.0 * p * num)) / den, 0.0)  # 1 - cos
            u = np.clip(u, 0.0, 1.0)
            x[:, j] = np.arctan2(np.sqrt(u * (2.0 - u)), 1.0 - u) / _HALF_PI
        x[:, 0] = 1.0
        K = _convex(np, x)[:, :M - 1].sum(axis=1)
        rm, rs = R[:, -1] * K, R[:, :-1].sum(axis=1)

        def gap(a):  # increasing through each root from below; -rs <= 0 at 0, >= 0 at 1
            return rm[:, None] * (1.0 - np.cos(_HALF_PI * a)) - rs[:, None] * self._last(np, a)

        a = np.linspace(0.0, 1.0, grid + 1)
        crossed = gap(np.broadcast_to(a, (n, grid + 1))) >= 0
        crossed[:, -1] = True  # h_M(1) = 0 exactly (rounding may leave it at +1e-17)
        first = np.argmax(crossed, axis=1)
        lo, hi = a[np.maximum(first - 1, 0)], a[first]
        for _ in range(iters):
            mid = 0.5 * (lo + hi)
            below = gap(mid[:, None])[:, 0] < 0
            lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
        x[:, 0] = np.where(first == 0, 0.0, hi)
        return x

    def _calc_pareto_front(self, ref_dirs=None):
        R = self._check_ref_dirs(ref_dirs)
        return self._h(np, self._front_positions(R)) * self.S


class WFG1(_ConvexFrontWFG):
    """WFG1: separable, unimodal, biased (flat region, polynomial); convex and mixed front.

    Transformations: ``s_linear(0.35)`` and ``b_flat(0.8, 0.75, 0.85)`` on the distance-related
    variables, ``b_poly(0.02)`` on all, then ``r_sum`` with weights ``2 i``. Shape: convex
    ``h_1 .. h_{M-1}``, ``h_M = mixed(x_1; alpha=1, A=5)``.

    Parameters
    ----------
    n_var : int
        Number of decision variables; must equal ``k + l``. Box: ``0 <= x_i <= 2 i``.
    n_obj : int
        Number of objectives ``M`` (>= 2).
    k : int, optional
        Position-related variables: a multiple of ``n_obj - 1`` and >= 4 (pymoo's rule). Default
        (pymoo's): 4 for two objectives, ``2 (n_obj - 1)`` otherwise.
    l : int, optional
        Distance-related variables (>= 1). Default: ``n_var - k``.

    Notes
    -----
    :meth:`pareto_front` returns, for each reference direction ``r``, the point of the front
    ``S * h(x)`` whose shape vector ``h`` lies on the ray through ``r`` (the front is normalised by
    ``S``: ideal 0, nadir ``S``). This is the limit of pymoo's construction, which samples
    Pareto-optimal points at random and keeps the one nearest (perpendicular distance, normalised
    space) to each direction; pymoo computes no analytic WFG1 front.

    Floating point: ``b_poly(0.02)`` maps a residual of ``1e-16`` left by ``s_linear(0.35)`` to about
    0.5, so a distance-related variable is optimal only if ``x_i / (2 i)`` is exactly ``0.35``. For
    some ``i`` (3, 6, 12, 24, 48, 53, ...) no float ``x_i`` does this (``0.35 * 12 / 12 != 0.35``, and
    likewise for its neighbours): whenever such an ``i`` is distance-related (e.g. ``k = 4`` and
    ``n_var >= 6``, the usual settings), the decision vectors of the Pareto set evaluate with
    ``x_M`` about 0.06 instead of 0, i.e. off the front. pymoo samples its WFG1 front from exactly
    these vectors, so its front is shifted by that amount in every objective; the front returned
    here is the exact one (the paper's).

    References
    ----------
    S. Huband, P. Hingston, L. Barone, L. While, "A review of multiobjective test problems and a
    scalable test problem toolkit", IEEE TEVC 10(5):477-506, 2006.

    Examples
    --------
    >>> import numpy as np
    >>> from paretix.problems.wfg import WFG1
    >>> p = WFG1(n_var=6, n_obj=2)
    >>> p.evaluate(np.zeros((1, 6))).F.round(6).tolist()
    [[1.0, 5.0]]
    """

    @staticmethod
    def _last(xp, x1):
        return _mixed(xp, x1, alpha=1.0, a=5.0)

    def _transform(self, xp, y):
        k = self.k
        y = self._split(xp, y, k, dist=lambda d: _s_linear(xp, d, 0.35))
        y = self._split(xp, y, k, dist=lambda d: _b_flat(xp, d, 0.8, 0.75, 0.85))
        y = _b_poly(xp, y, 0.02)
        return self._reduce(xp, y, "sum", weights=2.0 * np.arange(1, self.n_var + 1))


class WFG2(_ConvexFrontWFG):
    """WFG2: non-separable, multi-modal ``h_M``; convex and disconnected front.

    Transformations: ``s_linear(0.35)`` on the distance-related variables, ``r_nonsep`` of
    consecutive pairs of them (so ``l`` must be even), then uniform ``r_sum`` of the position
    groups and of the ``l / 2`` pair values. Shape: convex ``h_1 .. h_{M-1}``,
    ``h_M = disc(x_1; alpha=1, beta=1, A=5)``.

    Parameters
    ----------
    n_var, n_obj, k, l : int
        As :class:`WFG1`, with ``l`` even.

    Notes
    -----
    :meth:`pareto_front`: along each reference direction the point of ``S * h(x)`` nearest the
    origin (the others on that ray are dominated by it), kept only when it is Pareto-optimal: a
    point is dominated by the surface exactly when a smaller ``x_1`` has a ``disc`` value no larger
    (``h_1 .. h_{M-1}`` all grow with ``x_1``), which is decided against the five local minima of
    ``disc``. Directions through the gaps give no point, so the result has fewer points than
    directions. pymoo computes no analytic WFG2 front (it samples, keeping dominated points too).

    References
    ----------
    Huband et al., IEEE TEVC 10(5), 2006.
    """

    _even_l = True

    @staticmethod
    def _last(xp, x1):
        return _disc(xp, x1, alpha=1.0, beta=1.0, a=5.0)

    def _transform(self, xp, y):
        k, n = self.k, y.shape[0]
        y = self._split(xp, y, k, dist=lambda d: _s_linear(xp, d, 0.35))
        pairs = _r_nonsep(xp, y[:, k:].reshape(n, self.l // 2, 2), 2)
        y = xp.concatenate([y[:, :k], pairs], axis=1)
        return self._reduce(xp, y, "sum")

    @staticmethod
    def _disc_minima():
        """Local minima of ``disc(a) = 1 - a cos^2(5 pi a)`` on [0, 1]: one in each
        ``(0.2 j, 0.2 j + 0.1)`` (roots of ``cos(5 pi a) - 10 pi a sin(5 pi a)``), and a = 1."""
        lo = 0.2 * np.arange(5)
        hi = lo + 0.1

        def slope(a):  # same sign as -disc'(a) / cos(5 pi a); changes sign once per bracket
            return np.cos(5.0 * np.pi * a) - 10.0 * np.pi * a * np.sin(5.0 * np.pi * a)

        s_lo = np.sign(slope(lo))
        for _ in range(64):
            mid = 0.5 * (lo + hi)
            same = np.sign(slope(mid)) == s_lo
            lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
        return np.append(0.5 * (lo + hi), 1.0)

    @classmethod
    def _nondominated_x1(cls, x1):
        """Whether points with first position value ``x1`` are on the Pareto front.

        ``h_1 .. h_{M-1}`` all scale with ``1 - cos(pi x_1 / 2)`` (increasing) and ``h_M = disc(x_1)``,
        so a point of ``S * h(x)`` is dominated exactly when some smaller ``x_1`` has a ``disc``
        value no larger; it suffices to compare with the local minima of ``disc`` below ``x1``.
        """
        minima = cls._disc_minima()
        d_min = _disc(np, minima)
        d = _disc(np, x1)
        below = minima[None, :] < x1[:, None]
        return ~np.any(below & (d_min[None, :] <= d[:, None]), axis=1)

    def _calc_pareto_front(self, ref_dirs=None):
        x = self._front_positions(self._check_ref_dirs(ref_dirs))
        x = x[self._nondominated_x1(x[:, 0])]
        return self._h(np, x) * self.S


class WFG3(_WFG):
    """WFG3: non-separable; linear, degenerate front (``A = (1, 0, ..., 0)``).

    Transformations as :class:`WFG2`; shape: linear ``h_1 .. h_M``.

    Parameters
    ----------
    n_var, n_obj, k, l : int
        As :class:`WFG1`, with ``l`` even.

    Notes
    -----
    With the distance-related variables at their optimum, ``x_M = 0`` and the degeneracy constants
    put ``x_2 = ... = x_{M-1} = 0.5``: the front is the segment ``S * h(a, 0.5, ..., 0.5)``,
    ``0 <= a <= 1``, which is ``(a, ..., a, 1 - a)`` after normalisation by its nadir point.
    :meth:`pareto_front` returns, for each reference direction, the segment point nearest to it
    (perpendicular distance in that normalised space, pymoo's selection rule in the limit of dense
    sampling), without repeats. pymoo computes no analytic WFG3 front (it samples).

    For ``n_obj >= 3`` the set of non-dominated objective vectors of WFG3 is larger than this
    segment: some points with non-optimal distance variables (``x_M > 0``, which widens
    ``x_2 .. x_{M-1}`` around 0.5) are not dominated by it (Ishibuchi, Masuda, Nojima, "Pareto
    fronts of many-objective degenerate test problems", IEEE TEVC 20(5), 2016). As in pymoo and the
    paper, the front returned here is the image of the paper's Pareto-optimal set.

    References
    ----------
    Huband et al., IEEE TEVC 10(5), 2006.
    """

    _even_l = True
    _A_tail = 0.0

    _transform = WFG2._transform

    def _h(self, xp, x):
        return _linear(xp, x)

    def _calc_pareto_front(self, ref_dirs=None):
        R = self._check_ref_dirs(ref_dirs)
        M = self.n_obj
        r = R / np.linalg.norm(R, axis=1)[:, None]
        # normalised segment e_M + a d, d = (1, ..., 1, -1); minimise |P|^2 - (P . r)^2 over a
        dr = r[:, :-1].sum(axis=1) - r[:, -1]
        a = np.clip((1.0 + r[:, -1] * dr) / (M - dr ** 2), 0.0, 1.0)
        _, first = np.unique(np.round(a, 12), return_index=True)  # directions sharing a point
        a = a[np.sort(first)]
        x = np.full((len(a), M - 1), 0.5)
        x[:, 0] = a
        return self._h(np, x) * self.S


class WFG4(_WFG):
    """WFG4: separable, highly multi-modal; concave front.

    Transformations: ``s_multi(30, 10, 0.35)`` on all variables, then uniform ``r_sum``.
    Shape: concave.

    Parameters
    ----------
    n_var, n_obj, k, l : int
        As :class:`WFG1`.

    Notes
    -----
    The front is the positive part of the ellipsoid ``sum (f_m / (2 m))^2 = 1``;
    :meth:`pareto_front` returns ``S * r / |r|`` for the reference directions ``r``, the formula
    pymoo 0.6.2 uses for WFG9 (and has commented out for WFG4-WFG8, which it samples instead).

    References
    ----------
    Huband et al., IEEE TEVC 10(5), 2006.
    """

    def _transform(self, xp, y):
        return self._reduce(xp, _s_multi(xp, y, 30.0, 10.0, 0.35), "sum")


class WFG5(_WFG):
    """WFG5: separable, deceptive; concave front.

    Transformations: ``s_decept(0.35, 0.001, 0.05)`` on all variables, then uniform ``r_sum``.
    Shape: concave; front as :class:`WFG4`.

    Parameters
    ----------
    n_var, n_obj, k, l : int
        As :class:`WFG1`.

    References
    ----------
    Huband et al., IEEE TEVC 10(5), 2006.
    """

    def _transform(self, xp, y):
        return self._reduce(xp, _s_decept(xp, y, 0.35, 0.001, 0.05), "sum")


class WFG6(_WFG):
    """WFG6: non-separable (``r_nonsep``), unimodal; concave front.

    Transformations: ``s_linear(0.35)`` on the distance-related variables, then ``r_nonsep`` of each
    position group (degree ``k / (M - 1)``) and of the distance block (degree ``l``). Shape:
    concave; front as :class:`WFG4`.

    Parameters
    ----------
    n_var, n_obj, k, l : int
        As :class:`WFG1`.

    References
    ----------
    Huband et al., IEEE TEVC 10(5), 2006.
    """

    def _transform(self, xp, y):
        y = self._split(xp, y, self.k, dist=lambda d: _s_linear(xp, d, 0.35))
        return self._reduce(xp, y, "nonsep")


class WFG7(_WFG):
    """WFG7: separable, unimodal, parameter-dependent bias; concave front.

    Transformations: ``b_param`` of each position variable on the mean of the variables after it
    (``A = 0.98/49.98, B = 0.02, C = 50``), ``s_linear(0.35)`` on the distance-related variables,
    then uniform ``r_sum``. Shape: concave; front as :class:`WFG4`.

    Parameters
    ----------
    n_var, n_obj, k, l : int
        As :class:`WFG1`.

    References
    ----------
    Huband et al., IEEE TEVC 10(5), 2006.
    """

    def _transform(self, xp, y):
        k = self.k
        pos = [_b_param(xp, y[:, i], _r_sum(xp, y[:, i + 1:])) for i in range(k)]
        y = xp.concatenate([xp.stack(pos, axis=1), _s_linear(xp, y[:, k:], 0.35)], axis=1)
        return self._reduce(xp, y, "sum")


class WFG8(_WFG):
    """WFG8: non-separable (parameter-dependent bias of the distance variables); concave front.

    Transformations: ``b_param`` of each distance-related variable on the mean of all variables
    before it (``A = 0.98/49.98, B = 0.02, C = 50``), ``s_linear(0.35)`` on them, then uniform
    ``r_sum``. Shape: concave; front as :class:`WFG4`.

    Parameters
    ----------
    n_var, n_obj, k, l : int
        As :class:`WFG1`.

    Notes
    -----
    The optimal distance variables depend on the position ones:
    ``y_i = 0.35 ** (1 / (0.02 + 49.98 v(u_i)))`` with ``u_i`` the mean of ``y_1 .. y_{i-1}``.

    References
    ----------
    Huband et al., IEEE TEVC 10(5), 2006.
    """

    def _transform(self, xp, y):
        k = self.k
        dist = [_b_param(xp, y[:, i], _r_sum(xp, y[:, :i])) for i in range(k, self.n_var)]
        y = xp.concatenate([y[:, :k], _s_linear(xp, xp.stack(dist, axis=1), 0.35)], axis=1)
        return self._reduce(xp, y, "sum")

    def _optimal_distance(self, position):
        a = 0.98 / 49.98
        y = position
        for _ in range(self.l):
            u = y.sum(axis=1) / y.shape[1]
            exponent = 0.02 + 49.98 * (a - (1.0 - 2.0 * u) * np.abs(np.floor(0.5 - u) + a))
            y = np.column_stack([y, np.power(0.35, np.power(exponent, -1.0))])
        return y[:, self.k:]


class WFG9(_WFG):
    """WFG9: non-separable, multi-modal, deceptive, parameter-dependent bias; concave front.

    Transformations: ``b_param`` of each variable but the last on the mean of the variables after
    it, then ``s_decept(0.35, 0.001, 0.05)`` on the position-related and ``s_multi(30, 95, 0.35)``
    on the distance-related variables, then ``r_nonsep`` as in :class:`WFG6`. Shape: concave.

    Parameters
    ----------
    n_var, n_obj, k, l : int
        As :class:`WFG1`.

    Notes
    -----
    :meth:`pareto_front` equals pymoo 0.6.2's (``S * r / |r|``). pymoo skips the degeneracy step
    ``x_i = max(t_M, 1) (t_i - 0.5) + 0.5`` for WFG9 only; with ``A_i = 1`` it is the identity up
    to rounding (one ulp), and it is applied here as for the other problems.
    The optimal distance variables are found backwards from ``y_n = 0.35``:
    ``y_i = 0.35 ** (1 / (0.02 + 1.96 u_i))``, ``u_i`` the mean of ``y_{i+1} .. y_n``.

    References
    ----------
    Huband et al., IEEE TEVC 10(5), 2006.
    """

    def _transform(self, xp, y):
        n, k = self.n_var, self.k
        biased = [_b_param(xp, y[:, i], _r_sum(xp, y[:, i + 1:])) for i in range(n - 1)]
        y = xp.concatenate([xp.stack(biased, axis=1), y[:, n - 1:]], axis=1)
        y = self._split(xp, y, k, pos=lambda p: _s_decept(xp, p, 0.35, 0.001, 0.05),
                        dist=lambda d: _s_multi(xp, d, 30.0, 95.0, 0.35))
        return self._reduce(xp, y, "nonsep")

    def _optimal_distance(self, position):
        dist = np.zeros((position.shape[0], self.l))
        dist[:, -1] = 0.35
        for i in range(self.l - 2, -1, -1):
            val = dist[:, i + 1:].sum(axis=1) / (self.l - i - 1)
            dist[:, i] = 0.35 ** ((0.02 + 1.96 * val) ** -1)
        return dist


for _i in range(1, 10):
    register(f"wfg{_i}", f"wfg:WFG{_i}")
del _i
