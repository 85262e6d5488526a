"""ZDT test suite: ZDT1, ZDT2, ZDT3, ZDT4 and ZDT6 (bi-objective, box-constrained).

Definitions, defaults and Pareto fronts are pymoo 0.6.2's (``pymoo.problems.multi.zdt``), which
follow the paper:

E. Zitzler, K. Deb, L. Thiele, "Comparison of multiobjective evolutionary algorithms: empirical
results", Evolutionary Computation 8(2), 173-195, 2000.

Every problem has ``f1`` depending on ``x1`` only and ``f2 = g(x2..xn) * h(f1, g)``; the Pareto set
is ``g = 1`` (``x2..xn = 0``; ZDT4 as well, its box being ``[-5, 5]`` there).
ZDT5 (binary) is not provided.
"""

from __future__ import annotations

import numpy as np

from .._array import get_xp
from ._problem import Problem, _count
from ._registry import register

__all__ = ["ZDT1", "ZDT2", "ZDT3", "ZDT4", "ZDT6"]


class _ZDT(Problem):
    """Common constructor: two objectives, ``n_var >= 2``."""

    def __init__(self, n_var: int, *, xl=0.0, xu=1.0):
        n_var = _count(n_var, "n_var", 2)
        super().__init__(n_var=n_var, n_obj=2, xl=xl, xu=xu, name=type(self).__name__)

    @staticmethod
    def _curve(x: np.ndarray, f2: np.ndarray) -> np.ndarray:
        return np.array([x, f2]).T


class ZDT1(_ZDT):
    """ZDT1: convex Pareto front.

    ``f1 = x1``, ``g = 1 + 9 / (n - 1) * sum(x2..xn)``, ``f2 = g * (1 - sqrt(f1 / g))``,
    ``x`` in ``[0, 1]^n``.

    Parameters
    ----------
    n_var : int, default 30
        Number of decision variables (>= 2). Two objectives.

    Notes
    -----
    Pareto front: ``f2 = 1 - sqrt(f1)``, ``f1`` in ``[0, 1]`` (convex), reached at
    ``x2..xn = 0``.

    References
    ----------
    E. Zitzler, K. Deb, L. Thiele, "Comparison of multiobjective evolutionary algorithms:
    empirical results", Evolutionary Computation 8(2), 2000.
    """

    def __init__(self, n_var: int = 30):
        super().__init__(n_var)

    def _evaluate(self, X):
        xp = get_xp(X)
        f1 = X[:, 0]
        g = 1 + 9.0 / (self.n_var - 1) * xp.sum(X[:, 1:], axis=1)
        f2 = g * (1 - xp.power(f1 / g, 0.5))
        return xp.stack([f1, f2], axis=1)

    def _calc_pareto_front(self, n_pareto_points: int = 100):
        """``n_pareto_points`` points, ``f1 = linspace(0, 1)``, ``f2 = 1 - sqrt(f1)``."""
        x = np.linspace(0, 1, _count(n_pareto_points, "n_pareto_points", 1))
        return self._curve(x, 1 - np.sqrt(x))


class ZDT2(_ZDT):
    """ZDT2: concave (non-convex) Pareto front.

    ``f1 = x1``, ``g = 1 + 9 * sum(x2..xn) / (n - 1)``, ``f2 = g * (1 - (f1 / g)^2)``,
    ``x`` in ``[0, 1]^n``.

    Parameters
    ----------
    n_var : int, default 30
        Number of decision variables (>= 2). Two objectives.

    Notes
    -----
    Pareto front: ``f2 = 1 - f1^2``, ``f1`` in ``[0, 1]`` (concave), reached at ``x2..xn = 0``.

    References
    ----------
    E. Zitzler, K. Deb, L. Thiele, Evolutionary Computation 8(2), 2000.
    """

    def __init__(self, n_var: int = 30):
        super().__init__(n_var)

    def _evaluate(self, X):
        xp = get_xp(X)
        f1 = X[:, 0]
        c = xp.sum(X[:, 1:], axis=1)
        g = 1.0 + 9.0 * c / (self.n_var - 1)
        f2 = g * (1 - xp.power(f1 * 1.0 / g, 2))
        return xp.stack([f1, f2], axis=1)

    def _calc_pareto_front(self, n_pareto_points: int = 100):
        """``n_pareto_points`` points, ``f1 = linspace(0, 1)``, ``f2 = 1 - f1^2``."""
        x = np.linspace(0, 1, _count(n_pareto_points, "n_pareto_points", 1))
        return self._curve(x, 1 - np.power(x, 2))


# pymoo's (and the literature's) f1 intervals of ZDT3's five front pieces, to 10 digits.
_ZDT3_REGIONS = (
    (0.0, 0.0830015349),
    (0.182228780, 0.2577623634),
    (0.4093136748, 0.4538821041),
    (0.6183967944, 0.6525117038),
    (0.8233317983, 0.8518328654),
)


class ZDT3(_ZDT):
    """ZDT3: disconnected Pareto front (five pieces).

    ``f1 = x1``, ``g = 1 + 9 * sum(x2..xn) / (n - 1)``,
    ``f2 = g * (1 - sqrt(f1 / g) - (f1 / g) * sin(10 pi f1))``, ``x`` in ``[0, 1]^n``.

    Parameters
    ----------
    n_var : int, default 30
        Number of decision variables (>= 2). Two objectives.

    Notes
    -----
    Pareto front: ``f2 = 1 - sqrt(f1) - f1 sin(10 pi f1)`` on five disjoint ``f1`` intervals
    (``[0, 0.0830015349]``, ``[0.182228780, 0.2577623634]``, ``[0.4093136748, 0.4538821041]``,
    ``[0.6183967944, 0.6525117038]``, ``[0.8233317983, 0.8518328654]``), reached at
    ``x2..xn = 0``. ``f2`` is negative on part of it.

    References
    ----------
    E. Zitzler, K. Deb, L. Thiele, Evolutionary Computation 8(2), 2000.
    """

    def __init__(self, n_var: int = 30):
        super().__init__(n_var)

    def _evaluate(self, X):
        xp = get_xp(X)
        f1 = X[:, 0]
        c = xp.sum(X[:, 1:], axis=1)
        g = 1.0 + 9.0 * c / (self.n_var - 1)
        r = f1 * 1.0 / g
        f2 = g * (1 - xp.power(r, 0.5) - r * xp.sin(10 * xp.pi * f1))
        return xp.stack([f1, f2], axis=1)

    def _calc_pareto_front(self, n_pareto_points: int = 100):
        """``n_pareto_points // 5`` evenly spaced ``f1`` values in each of the five intervals.

        The interval ends are the 10-digit constants of the literature (and pymoo), so the first
        point of the 3rd, 4th and 5th piece is weakly dominated, by about 1e-9 in ``f2``, by the
        last point of the piece before.
        """
        per = _count(n_pareto_points, "n_pareto_points", len(_ZDT3_REGIONS)) // len(_ZDT3_REGIONS)
        pieces = []
        for lo, hi in _ZDT3_REGIONS:
            x1 = np.linspace(lo, hi, per)
            pieces.append(self._curve(x1, 1 - np.sqrt(x1) - x1 * np.sin(10 * np.pi * x1)))
        return np.vstack(pieces)


class ZDT4(_ZDT):
    """ZDT4: multimodal (``21^(n-1)`` local fronts), convex Pareto front.

    ``f1 = x1``, ``g = 1 + 10 (n - 1) + sum_{i>=2} (x_i^2 - 10 cos(4 pi x_i))``,
    ``f2 = g * (1 - sqrt(f1 / g))``; ``x1`` in ``[0, 1]``, ``x2..xn`` in ``[-5, 5]``.

    Parameters
    ----------
    n_var : int, default 10
        Number of decision variables (>= 2). Two objectives.

    Notes
    -----
    Pareto front: ``f2 = 1 - sqrt(f1)``, ``f1`` in ``[0, 1]``, reached at ``x2..xn = 0``.

    References
    ----------
    E. Zitzler, K. Deb, L. Thiele, Evolutionary Computation 8(2), 2000.
    """

    def __init__(self, n_var: int = 10):
        n_var = _count(n_var, "n_var", 2)
        xl = np.full(n_var, -5.0)
        xu = np.full(n_var, 5.0)
        xl[0], xu[0] = 0.0, 1.0
        super().__init__(n_var, xl=xl, xu=xu)

    def _evaluate(self, X):
        xp = get_xp(X)
        f1 = X[:, 0]
        R = X[:, 1:]
        g = 1.0 + 10 * (self.n_var - 1) + xp.sum(R * R - 10.0 * xp.cos(4.0 * xp.pi * R), axis=1)
        f2 = g * (1.0 - xp.sqrt(f1 / g))
        return xp.stack([f1, f2], axis=1)

    def _calc_pareto_front(self, n_pareto_points: int = 100):
        """``n_pareto_points`` points, ``f1 = linspace(0, 1)``, ``f2 = 1 - sqrt(f1)``."""
        x = np.linspace(0, 1, _count(n_pareto_points, "n_pareto_points", 1))
        return self._curve(x, 1 - np.sqrt(x))


# Smallest f1 of ZDT6 (1 - exp(-4 x1) sin(6 pi x1)^6 over x1 in [0, 1]), as in pymoo.
_ZDT6_F1_MIN = 0.2807753191


class ZDT6(_ZDT):
    """ZDT6: non-convex front, biased and non-uniform along it.

    ``f1 = 1 - exp(-4 x1) sin(6 pi x1)^6``, ``g = 1 + 9 (sum(x2..xn) / (n - 1))^0.25``,
    ``f2 = g * (1 - (f1 / g)^2)``, ``x`` in ``[0, 1]^n``.

    Parameters
    ----------
    n_var : int, default 10
        Number of decision variables (>= 2). Two objectives.

    Notes
    -----
    Pareto front: ``f2 = 1 - f1^2``, ``f1`` in ``[0.2807753191, 1]`` (concave), reached at
    ``x2..xn = 0``.

    References
    ----------
    E. Zitzler, K. Deb, L. Thiele, Evolutionary Computation 8(2), 2000.
    """

    def __init__(self, n_var: int = 10):
        super().__init__(n_var)

    def _evaluate(self, X):
        xp = get_xp(X)
        x1 = X[:, 0]
        f1 = 1 - xp.exp(-4 * x1) * xp.power(xp.sin(6 * xp.pi * x1), 6)
        g = 1 + 9.0 * xp.power(xp.sum(X[:, 1:], axis=1) / (self.n_var - 1.0), 0.25)
        f2 = g * (1 - xp.power(f1 / g, 2))
        return xp.stack([f1, f2], axis=1)

    def _calc_pareto_front(self, n_pareto_points: int = 100):
        """``n_pareto_points`` points, ``f1 = linspace(0.2807753191, 1)``, ``f2 = 1 - f1^2``."""
        x = np.linspace(_ZDT6_F1_MIN, 1, _count(n_pareto_points, "n_pareto_points", 1))
        return self._curve(x, 1 - np.power(x, 2))


for _name in __all__:
    register(_name.lower(), f"zdt:{_name}")
del _name
