"""Derringer & Suich's numeric desirability functions: DMax, DMin, DTarget, DBox and DArb.

Formulas, boundaries and validation (rules, order, wording) follow R ``desirability`` 2.1 with
the wording of ``spotdesirability`` (R's messages say "greater" where they mean "less"); see the
specification, sections 1-2.
"""

from __future__ import annotations

import warnings

import numpy as np

from ._base import Desirability, real


def _check_low_high(low, high):
    low, high = real(low, "low"), real(high, "high")
    if not low < high:
        raise ValueError(f"The low value must be less than the high value; got low={low}, high={high}.")
    return low, high


def _check_scale(scale, name: str = "scale") -> float:
    s = real(scale, name, finite=False)
    if not s > 0:  # also rejects NaN; inf is allowed (R: 0 inside [low, high), 1 at high)
        raise ValueError(f"The scale parameter must be greater than zero; got {name}={s}.")
    return s


class DMax(Desirability):
    """Larger is better: 0 below ``low``, 1 above ``high``, ``((y - low) / (high - low)) ** scale``
    in between.

    Parameters
    ----------
    low, high : float
        The response is unacceptable at or below ``low`` and fully satisfactory at or above
        ``high`` (``low < high``).
    scale : float, default 1
        Shape exponent (> 0): above 1 makes high desirability harder to reach (convex), below 1
        easier (concave).
    tol : float, optional
        Replaces outputs exactly equal to 0 (after imputation), so that a geometric mean does not
        collapse to 0 because of one response.
    missing : float, optional
        What NaN/None inputs translate to; default: the non-informative value (mean over
        ``[low, high]``, 0.5 for ``scale=1``).

    References
    ----------
    G. Derringer, R. Suich, "Simultaneous optimization of several response variables", Journal
    of Quality Technology 12(4), 214-219, 1980.

    Examples
    --------
    >>> from paretix.desirability import DMax
    >>> DMax(0, 10).predict([-5, 0, 2.5, 5, 10, 15]).tolist()
    [0.0, 0.0, 0.25, 0.5, 1.0, 1.0]
    """

    def __init__(self, low, high, scale=1, tol=None, missing=None):
        self.low, self.high = _check_low_high(low, high)
        self.scale = _check_scale(scale)
        super().__init__(tol, missing)

    def _evaluate(self, y, xp):
        # the clip writes R's constants outside [low, high] (and keeps NaN as NaN)
        with np.errstate(over="ignore"):  # an overflow gives +-inf, which the clip maps exactly
            z = xp.clip((y - self.low) / (self.high - self.low), 0.0, 1.0)
        return z**self.scale

    def _support(self):
        return self.low, self.high

    def _params(self):
        return {"low": self.low, "high": self.high, "scale": self.scale}


class DMin(Desirability):
    """Smaller is better: 1 below ``low``, 0 above ``high``, ``((y - high) / (low - high)) ** scale``
    in between.

    Parameters are those of :class:`DMax` (``low`` is now the fully satisfactory value).

    Examples
    --------
    >>> from paretix.desirability import DMin
    >>> DMin(0, 10, scale=2).predict([-1, 5, 10, 11]).tolist()
    [1.0, 0.25, 0.0, 0.0]
    """

    def __init__(self, low, high, scale=1, tol=None, missing=None):
        self.low, self.high = _check_low_high(low, high)
        self.scale = _check_scale(scale)
        super().__init__(tol, missing)

    def _evaluate(self, y, xp):
        with np.errstate(over="ignore"):
            z = xp.clip((y - self.high) / (self.low - self.high), 0.0, 1.0)
        return z**self.scale

    def _support(self):
        return self.low, self.high

    def _params(self):
        return {"low": self.low, "high": self.high, "scale": self.scale}


class DTarget(Desirability):
    """Target is best: 0 outside ``[low, high]``, 1 at ``target``, rising as
    ``((y - low) / (target - low)) ** low_scale`` and falling as
    ``((y - high) / (target - high)) ** high_scale``.

    Parameters
    ----------
    low, target, high : float
        ``low < target < high``; the target need not be the midpoint.
    low_scale, high_scale : float, default 1
        Shape exponents (> 0) of the rising and the falling side.
    tol, missing : see :class:`DMax`.

    Examples
    --------
    >>> from paretix.desirability import DTarget
    >>> DTarget(55, 57.5, 60).predict([54, 56.25, 57.5, 58.75, 61]).tolist()
    [0.0, 0.5, 1.0, 0.5, 0.0]
    """

    def __init__(self, low, target, high, low_scale=1, high_scale=1, tol=None, missing=None):
        low, high = _check_low_high(low, high)
        target = real(target, "target")
        if not low < target:
            raise ValueError(f"The low value must be less than the target; got low={low}, target={target}.")
        if not target < high:
            raise ValueError(
                f"The target value must be less than the high value; got target={target}, high={high}."
            )
        s1, s2 = real(low_scale, "low_scale", finite=False), real(high_scale, "high_scale", finite=False)
        if not (s1 > 0 and s2 > 0):
            raise ValueError(
                f"The scale parameters must be greater than zero; got low_scale={s1}, high_scale={s2}."
            )
        self.low, self.target, self.high = low, target, high
        self.low_scale, self.high_scale = s1, s2
        super().__init__(tol, missing)

    def _evaluate(self, y, xp):
        with np.errstate(over="ignore"):
            rise = xp.clip((y - self.low) / (self.target - self.low), 0.0, 1.0) ** self.low_scale
            fall = xp.clip((y - self.high) / (self.target - self.high), 0.0, 1.0) ** self.high_scale
        # R writes the falling branch last, so it decides at y == target (both give 1 there)
        return xp.where(y < self.target, rise, fall)

    def _support(self):
        return self.low, self.high

    def _breakpoints(self):
        return self.low, self.target, self.high

    def _params(self):
        return {"low": self.low, "target": self.target, "high": self.high,
                "low_scale": self.low_scale, "high_scale": self.high_scale}


class DBox(Desirability):
    """In range: 1 on ``[low, high]`` (closed), 0 outside; non-informative value 1.

    Use it for a constraint on a response or a factor (e.g. a design region) inside
    :class:`DOverall`.

    Examples
    --------
    >>> from paretix.desirability import DBox
    >>> DBox(-1.682, 1.682).predict([-2, -1.682, 0, 1.7]).tolist()
    [0.0, 1.0, 1.0, 0.0]
    """

    def __init__(self, low, high, tol=None, missing=None):
        self.low, self.high = _check_low_high(low, high)
        super().__init__(tol, missing)

    def _evaluate(self, y, xp):
        inside = (y >= self.low) & (y <= self.high)
        return xp.where(inside, 1.0, 0.0)  # NaN inputs are imputed afterwards

    def _support(self):
        return self.low, self.high

    def _params(self):
        return {"low": self.low, "high": self.high}


class DArb(Desirability):
    """Arbitrary piecewise-linear desirability through the points ``(x, d)``.

    The points are sorted by ``x`` (stably); tied ``x`` are collapsed to the mean of their ``d``
    (R's ``approx(ties = mean)``, with a warning). Between the points the function interpolates
    linearly; outside, it is flat at the end values (``d`` of the smallest and largest ``x``).
    ``d`` need not be monotone (a peak, a logistic curve sampled at a few points, ...).

    Parameters
    ----------
    x : array_like
        Response values (finite; at least two distinct).
    d : array_like
        Desirabilities at ``x``, each in ``[0, 1]``.
    tol, missing : see :class:`DMax` (the non-informative value is the mean over
        ``[min(x), max(x)]``).

    Attributes
    ----------
    x, d : numpy.ndarray
        The sorted points after tied ``x`` were collapsed.

    Examples
    --------
    >>> from paretix.desirability import DArb
    >>> f = DArb([10, -5, 5, 0], [0.2, 0, 1, 0.5])   # sorted for you
    >>> f.predict([-10, 2.5, 7.5, 20]).tolist()
    [0.0, 0.75, 0.6, 0.2]
    """

    def __init__(self, x, d, tol=None, missing=None):
        d = np.asarray(d, dtype=np.float64).reshape(-1)
        x = np.asarray(x, dtype=np.float64).reshape(-1)
        if not np.all((d >= 0) & (d <= 1)):  # NaN fails too
            raise ValueError(f"The desirability values must be 0 <= d <= 1; got d={d.tolist()}.")
        if x.shape != d.shape:
            raise ValueError(f"x and d must have the same length; got {x.size} and {d.size}.")
        if x.size < 2:
            raise ValueError(f"x and d must have at least two values; got {x.size}.")
        if not np.all(np.isfinite(x)):
            raise ValueError(f"x must be finite; got x={x.tolist()}.")
        order = np.argsort(x, kind="stable")
        x, d = x[order], d[order]
        ux, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
        if ux.size < x.size:
            warnings.warn(
                f"DArb: collapsing to unique 'x' values (tied x averaged: {ux[counts > 1].tolist()})",
                UserWarning,
                stacklevel=2,
            )
            d = np.bincount(inverse.reshape(-1), weights=d) / counts
            x = ux
        if x.size < 2:
            raise ValueError(f"x must have at least two distinct values; got x={x.tolist()}.")
        self.x, self.d = x, d
        self._dmin, self._dmax = float(d.min()), float(d.max())
        super().__init__(tol, missing)

    def _evaluate(self, y, xp):
        # np.interp is flat beyond the ends (d[0] below min(x), d[-1] above max(x)); NaN stays NaN
        d = xp.interp(y, xp.asarray(self.x), xp.asarray(self.d))
        return xp.clip(d, self._dmin, self._dmax)  # interpolation may round one ulp past an end value

    def _support(self):
        return float(self.x[0]), float(self.x[-1])

    def _breakpoints(self):
        return tuple(self.x.tolist())

    def _params(self):
        return {"x": self.x.tolist(), "d": self.d.tolist()}
