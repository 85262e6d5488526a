"""The shared machinery of every individual desirability function.

One pipeline, in R ``desirability`` 2.1's order (spec section 1): translate every value with the
function's formula, replace the values whose input was missing (NaN / None) by ``missing``, then
replace outputs exactly equal to 0 by ``tol``. Subclasses supply only the formula
(``_evaluate``), the interval the non-informative value is averaged over (``_support``) and their
parameters (``_params``).
"""

from __future__ import annotations

import numbers

import numpy as np

from .._array import get_xp

# Points of the grid the non-informative value is averaged over (R: seq(low, high, length = 100)).
N_NONINFORMATIVE = 100


def real(value, name: str, *, finite: bool = True) -> float:
    """``value`` as a Python float; TypeError for non-numbers, ValueError for NaN/inf when ``finite``."""
    if isinstance(value, (bool, np.bool_)) or np.ndim(value) != 0:
        raise TypeError(f"{name} must be a real number, got {value!r}")
    is_real_array = isinstance(value, np.ndarray) and value.dtype.kind in "iuf"  # np.array(1.0)
    if not (isinstance(value, numbers.Real) or is_real_array):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    if finite and not np.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {v}")
    return v


def optional_real(value, name: str) -> float | None:
    """None, or ``value`` as a float (NaN allowed: ``missing=np.nan`` makes missing inputs stay NaN)."""
    return None if value is None else real(value, name, finite=False)


def numeric_input(newdata, owner: str):
    """``(xp, y)``: ``newdata`` as a float64 array of its own namespace, at least 1-D.

    ``None`` entries of a list become NaN (R's NA); a scalar gives a length-1 array; other shapes
    are kept (the translation is element-wise)."""
    xp = get_xp(newdata)
    try:
        y = xp.asarray(newdata, dtype=xp.float64)
    except (TypeError, ValueError) as err:
        raise ValueError(
            f"{owner}: newdata must be numeric (NaN or None mark missing values), got {newdata!r:.80}"
        ) from err
    if y.ndim == 0:
        y = y.reshape(1)
    return xp, y


class Desirability:
    """Base class of the individual desirability functions (a value -> [0, 1] translation).

    Attributes common to every function
    -----------------------------------
    tol : float or None
        Replaces outputs exactly equal to 0 (after missing-value imputation); ``None``: off.
    missing : float
        The value a missing input (NaN or None) translates to. Defaults to the non-informative
        value (the function's mean over its interval, computed without ``tol``); assign to the
        attribute to change it, ``np.nan`` keeps missing inputs missing.
    """

    tol: float | None
    missing: float

    def __init__(self, tol=None, missing=None):
        self.tol = optional_real(tol, "tol")
        self.missing = self.non_informative() if missing is None else real(missing, "missing", finite=False)

    # -- what subclasses implement ----------------------------------------------------------
    def _evaluate(self, y, xp):  # pragma: no cover - abstract
        """The formula on a float64 array ``y`` (NaN in -> NaN out), without missing/tol handling."""
        raise NotImplementedError

    def _support(self) -> tuple[float, float]:  # pragma: no cover - abstract
        """The interval the non-informative value is averaged over."""
        raise NotImplementedError

    def _params(self) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- public API -------------------------------------------------------------------------
    def non_informative(self) -> float:
        """Mean of the function (without ``tol``) over 100 equally spaced points of its interval.

        This is what a missing value translates to unless ``missing`` says otherwise: it neither
        rewards nor punishes a design for a response nobody measured."""
        lo, hi = self._support()
        return float(np.mean(self._evaluate(np.linspace(lo, hi, N_NONINFORMATIVE), np)))

    def predict(self, newdata, missing=None):
        """Desirability of every value of ``newdata``.

        Parameters
        ----------
        newdata : scalar or array_like (NumPy or CuPy)
            Responses; translated element-wise (a scalar gives a length-1 array). NaN and None
            mark missing values.
        missing : float, optional
            What missing values translate to; default: the object's ``missing`` attribute.

        Returns
        -------
        array of float64, the shape of ``newdata`` (at least 1-D), in the namespace of ``newdata``.
        """
        xp, y = numeric_input(newdata, type(self).__name__)
        return self._finish(self._evaluate(y, xp), xp.isnan(y), missing, xp)

    __call__ = predict

    def plot(self, ax=None, *, add: bool = False, non_inform: bool = True, xlim=None, **kwargs):
        """Draw the function with its constant tails (and the non-informative value, dashed).

        Needs matplotlib (``pip install paretix[plot]``). ``ax`` (or ``add=True``: the current
        axes) overlays on existing axes; ``xlim`` sets the drawn range (default: the function's
        interval widened by 10 % each side); other keywords go to ``ax.plot``. Returns the axes.
        """
        from ._plot import plot_function

        return plot_function(self, ax=ax, add=add, non_inform=non_inform, xlim=xlim, **kwargs)

    # -- helpers ------------------------------------------------------------------------------
    def _finish(self, d, is_missing, missing, xp):
        """Missing-value imputation, then ``tol`` on exact zeros, then -0.0 -> +0.0."""
        m = self.missing if missing is None else real(missing, "missing", finite=False)
        d = xp.where(is_missing, m, d)
        if self.tol is not None:
            d = xp.where(d == 0, self.tol, d)
        return d + 0.0  # (0)/(negative) gives -0.0 at dMin's and dTarget's upper limit

    def _plot_range(self) -> tuple[float, float]:
        lo, hi = self._support()
        pad = 0.1 * (hi - lo)
        return lo - pad, hi + pad

    def _breakpoints(self) -> tuple[float, ...]:
        """Values where the function has a kink or a jump (drawn exactly by ``plot``)."""
        return self._support()

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self._params().items())
        return f"{type(self).__name__}({params}, tol={self.tol!r}, missing={self.missing!r})"
