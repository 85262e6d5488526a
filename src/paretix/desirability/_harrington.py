"""Harrington's (1965) exponential desirability functions, one- and two-sided.

Smooth everywhere, never exactly 0 or 1 inside the finite range of floats that matter, so they
give optimizers a gradient where Derringer & Suich's functions have plateaus. Formulas as in the
R package ``desire`` (Trautmann, Steuer, Mersmann); see the specification, section 3.
"""

from __future__ import annotations

import math

import numpy as np

from ._base import Desirability, real

# exp(-exp(700)) is 0 and exp(-exp(-700)) is 1 in float64; clipping the exponent's argument there
# keeps exp from overflowing (and numpy from warning) without changing any result.
_Z_MIN = -700.0


class DHarrington1(Desirability):
    """One-sided Harrington desirability ``d(y) = exp(-exp(-(b0 + b1 * y)))`` (Gompertz curve).

    ``b0`` and ``b1`` are solved from two anchor points ``d(y1) = d1`` and ``d(y2) = d2``:
    ``b0 + b1 * y_i = -ln(-ln d_i)``. The function increases (larger is better) when the larger
    ``y`` has the larger ``d``, and decreases otherwise.

    Parameters
    ----------
    y1, d1, y2, d2 : float
        Two anchor points with ``y1 != y2``, ``d1 != d2`` and ``0 < d_i < 1``
        (e.g. ``d = 0.1`` at a barely acceptable value, ``d = 0.9`` at a good one).
    tol, missing : see :class:`DMax`; the non-informative value is the mean over
        ``[min(y1, y2), max(y1, y2)]``.

    Attributes
    ----------
    b0, b1 : float
        Intercept and slope of the linear predictor.

    References
    ----------
    E. C. Harrington, "The desirability function", Industrial Quality Control 21(10), 494-498, 1965.

    Examples
    --------
    >>> from paretix.desirability import DHarrington1
    >>> h = DHarrington1(-2, 0.9, 2, 0.1)
    >>> round(h.b0, 5), round(h.b1, 5), round(float(h.predict(0)[0]), 6)
    (0.70817, -0.7711, 0.611069)
    """

    def __init__(self, y1, d1, y2, d2, tol=None, missing=None):
        y1, d1, y2, d2 = real(y1, "y1"), real(d1, "d1"), real(y2, "y2"), real(d2, "d2")
        if not (0 < d1 < 1 and 0 < d2 < 1):
            raise ValueError(f"The anchor desirabilities must be 0 < d < 1; got d1={d1}, d2={d2}.")
        if y1 == y2:
            raise ValueError(f"The anchor values y1 and y2 must differ; got y1=y2={y1}.")
        if d1 == d2:
            raise ValueError(f"The anchor desirabilities d1 and d2 must differ; got d1=d2={d1}.")
        g1, g2 = -math.log(-math.log(d1)), -math.log(-math.log(d2))
        self.y1, self.d1, self.y2, self.d2 = y1, d1, y2, d2
        self.b1 = (g2 - g1) / (y2 - y1)
        self.b0 = g1 - self.b1 * y1
        super().__init__(tol, missing)

    def _evaluate(self, y, xp):
        z = xp.maximum(self.b0 + self.b1 * y, _Z_MIN)  # NaN stays NaN
        return xp.exp(-xp.exp(-z))

    def _support(self):
        return min(self.y1, self.y2), max(self.y1, self.y2)

    def _plot_range(self):
        lo, hi = self._support()
        return lo - 0.5 * (hi - lo), hi + 0.5 * (hi - lo)

    def _params(self):
        return {"y1": self.y1, "d1": self.d1, "y2": self.y2, "d2": self.d2}


class DHarrington2(Desirability):
    """Two-sided Harrington desirability ``d(y) = exp(-|y'| ** n)`` with
    ``y' = (2 y - (high + low)) / (high - low)``.

    1 at the midpoint of the specification limits, ``exp(-1) = 0.3679`` at both limits, decaying
    outside; ``n`` sets the flatness (large ``n``: nearly a box).

    Parameters
    ----------
    low, high : float
        Lower and upper specification limits, ``low < high``.
    n : float
        Shape exponent, ``n > 0``.
    tol, missing : see :class:`DMax`; the non-informative value is the mean over ``[low, high]``.

    Examples
    --------
    >>> from paretix.desirability import DHarrington2
    >>> h = DHarrington2(3, 7, 2)
    >>> [round(v, 4) for v in h.predict([5, 3, 7, 9]).tolist()]
    [1.0, 0.3679, 0.3679, 0.0183]
    """

    def __init__(self, low, high, n, tol=None, missing=None):
        low, high = real(low, "low"), real(high, "high")
        if not low < high:
            raise ValueError(f"The low value must be less than the high value; got low={low}, high={high}.")
        n = real(n, "n")
        if not n > 0:
            raise ValueError(f"The exponent n must be greater than zero; got n={n}.")
        self.low, self.high, self.n = low, high, n
        super().__init__(tol, missing)

    def _evaluate(self, y, xp):
        with np.errstate(over="ignore"):  # |u| ** n -> inf far outside: d = exp(-inf) = 0, exact
            u = (2.0 * y - (self.high + self.low)) / (self.high - self.low)
            return xp.exp(-(xp.abs(u) ** self.n))

    def _support(self):
        return self.low, self.high

    def _plot_range(self):
        width = self.high - self.low  # R desire draws [LSL - d, USL + d]
        return self.low - width, self.high + width

    def _breakpoints(self):
        return (0.5 * (self.low + self.high),)

    def _params(self):
        return {"low": self.low, "high": self.high, "n": self.n}
