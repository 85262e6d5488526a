"""DOverall: one score per design from several individual desirabilities."""

from __future__ import annotations

import numpy as np

from .._array import get_xp, is_device_array
from ._base import Desirability, real
from ._categorical import DCategorical

AGGREGATES = ("geometric", "arithmetic", "minimum")
_UNDERFLOW = 1e-280  # a product below this may have lost digits (subnormal) or underflowed to 0


class DOverall:
    """Overall desirability: combine one individual function per response column.

    Parameters
    ----------
    *objs : Desirability
        The individual functions (:class:`DMax`, :class:`DMin`, :class:`DTarget`, :class:`DBox`,
        :class:`DArb`, :class:`DCategorical`, :class:`DHarrington1`, :class:`DHarrington2`), one
        per column of the data, matched by position.
    weights : array_like, optional
        Relative importances ``w_i >= 0`` (at least one > 0), one per function. Only their ratios
        matter. Default: all equal (the plain means of R ``desirability``).
    tolerance : float, default 0
        Floor in ``[0, 1]``: individual desirabilities below it are raised to it before
        aggregation (``desirability2::d_overall(tolerance=)``). Keeps D above 0 so optimizers
        still rank designs where one response is unacceptable.
    aggregate : {"geometric", "arithmetic", "minimum"}, default "geometric"
        ``"geometric"``: ``D = (prod d_i ** w_i) ** (1 / sum w_i)`` (Derringer & Suich; any
        ``d_i = 0`` gives ``D = 0``). ``"arithmetic"``: ``sum w_i d_i / sum w_i`` (compensatory:
        a good response makes up for a bad one). ``"minimum"``: ``min d_i`` (the worst response
        decides; takes no weights).

    Notes
    -----
    A missing individual desirability (an input that is missing while ``missing=np.nan``) makes
    D missing (NaN), as in R. ``tolerance`` belongs to the aggregation: ``predict(all=True)``
    returns the individual desirabilities before the floor.

    References
    ----------
    G. Derringer, R. Suich, Journal of Quality Technology 12(4), 1980 (geometric mean);
    weighted geometric mean as Minitab's "importance" and R ``desire::geometricDI(weights=)``.

    Examples
    --------
    >>> from paretix.desirability import DMax, DTarget, DOverall
    >>> overall = DOverall(DMax(80, 97), DTarget(55, 57.5, 60))
    >>> round(float(overall.predict([81.09, 59.85])[0]), 7)   # one design, as a 1-D vector
    0.0620247
    """

    def __init__(self, *objs, weights=None, tolerance=0.0, aggregate: str = "geometric"):
        if not objs:
            raise ValueError("DOverall needs at least one desirability object; got none.")
        for i, obj in enumerate(objs):
            if not isinstance(obj, Desirability):
                hint = " (pass the functions as separate arguments: DOverall(*objs))" if isinstance(
                    obj, (list, tuple)) else ""
                raise ValueError(  # ValueError, not TypeError: R's and spotdesirability's rule
                    "All objects must be instances of valid desirability classes; "
                    f"argument {i} is {type(obj).__name__}: {obj!r:.60}{hint}."
                )
        if aggregate not in AGGREGATES:
            raise ValueError(f"aggregate must be one of {AGGREGATES}; got {aggregate!r}.")
        self.d_objs = tuple(objs)
        self.aggregate = aggregate
        self.tolerance = real(tolerance, "tolerance")
        if not 0.0 <= self.tolerance <= 1.0:
            raise ValueError(f"tolerance must be in [0, 1]; got {self.tolerance}.")
        if weights is None:
            self.weights = None
        else:
            if aggregate == "minimum":
                raise ValueError("aggregate='minimum' takes no weights; use 'geometric' or 'arithmetic'.")
            w = np.asarray(weights, dtype=np.float64)
            if w.shape != (len(objs),):
                raise ValueError(
                    f"weights must have one entry per desirability object ({len(objs)}); got shape {w.shape}."
                )
            if not (np.all(np.isfinite(w)) and np.all(w >= 0) and w.sum() > 0):
                raise ValueError(f"weights must be finite, >= 0 and not all 0; got {w.tolist()}.")
            self.weights = w

    def __len__(self) -> int:
        return len(self.d_objs)

    def __iter__(self):
        return iter(self.d_objs)

    def __getitem__(self, i):
        return self.d_objs[i]

    def predict(self, newdata, all: bool = False):
        """Overall desirability of every row of ``newdata``.

        Parameters
        ----------
        newdata : array_like, shape (N, R) or (R,)
            One column per function (by position), one row per design: a NumPy or CuPy array,
            a list of rows (numeric and categorical columns may be mixed) or a DataFrame. A 1-D
            vector of length R is one design; with a single function (R = 1) a 1-D vector of
            length N is N designs.
        all : bool, default False
            Also return the individual desirabilities.

        Returns
        -------
        D : array of float64, shape (N,)
            Or, with ``all=True``, ``(d, D)`` where ``d`` is a list of R arrays of shape (N,).
        """
        table = self._table(newdata)
        xp = get_xp(table)
        ds = []
        for j, obj in enumerate(self.d_objs):
            d = obj.predict(table[:, j])
            ds.append(xp.asarray(d) if xp is not np else d)  # DCategorical answers in NumPy
        D = self.combine(xp.stack(ds, axis=1))
        return (ds, D) if all else D

    __call__ = predict

    def combine(self, d):
        """Aggregate individual desirabilities ``d`` (shape (N, R), NumPy or CuPy) into D (N,).

        The floor ``tolerance``, the weights and the aggregation apply; the functions do not
        (use :meth:`predict` for responses)."""
        xp = get_xp(d)
        d = xp.asarray(d, dtype=xp.float64)
        if d.ndim != 2 or d.shape[1] != len(self.d_objs):
            raise ValueError(
                f"d must have shape (N, {len(self.d_objs)}), one column per desirability object; "
                f"got {tuple(d.shape)}."
            )
        if self.tolerance > 0:
            d = xp.maximum(d, self.tolerance)  # NaN stays NaN
        if self.aggregate == "minimum":
            return d.min(axis=1)
        if self.aggregate == "arithmetic":
            if self.weights is None:
                return d.mean(axis=1)
            return (d * xp.asarray(self.weights)).sum(axis=1) / float(self.weights.sum())
        # R's (prod d ** w) ** (1 / sum w), except where the product underflows (many small d:
        # Harrington tails, a tiny tol; or large weights): there prod(d ** (w / sum w)), the same
        # mean computed without a false D = 0. 0 ** 0 = 1: a zero weight ignores its function.
        if self.weights is None:
            w = xp.ones(d.shape[1])
            total = float(d.shape[1])
        else:
            w = xp.asarray(self.weights)
            total = float(self.weights.sum())
        with np.errstate(invalid="ignore"):  # negative d (DCategorical allows them) give NaN, as in R
            product = xp.prod(d**w, axis=1)
            return xp.where(product < _UNDERFLOW, xp.prod(d ** (w / total), axis=1), product ** (1.0 / total))

    def plot(self, *, non_inform: bool = True, **kwargs):
        """One panel per function (needs matplotlib); returns the figure."""
        from ._plot import plot_overall

        return plot_overall(self, non_inform=non_inform, **kwargs)

    # -- helpers ------------------------------------------------------------------------------
    def _table(self, newdata):
        """``newdata`` as a 2-D array with one column per function."""
        n_fun = len(self.d_objs)
        if is_device_array(newdata):
            table = get_xp(newdata).asarray(newdata)
        elif isinstance(newdata, np.ndarray):
            table = newdata
        else:
            # object dtype keeps a plain list's numbers and level names apart (a numeric list with
            # a level name would otherwise become an array of strings)
            has_levels = any(isinstance(o, DCategorical) for o in self.d_objs)
            table = np.asarray(newdata, dtype=object if has_levels else None)
            if table.dtype == object and not has_levels:  # None entries (R's NA) -> NaN
                table = np.asarray(table, dtype=np.float64)
        if table.ndim == 0 and n_fun == 1:
            table = table.reshape(1, 1)
        elif table.ndim == 1:
            if table.shape[0] == n_fun:
                table = table.reshape(1, n_fun)
            elif n_fun == 1:
                table = table.reshape(-1, 1)
        if table.ndim != 2 or table.shape[1] != n_fun:
            raise ValueError(
                "The number of columns in newdata must match the number of desirability objects; "
                f"got shape {tuple(table.shape)} for {n_fun} functions."
            )
        return table

    def __repr__(self) -> str:
        extra = ""
        if self.weights is not None:
            extra += f", weights={self.weights.tolist()}"
        if self.tolerance:
            extra += f", tolerance={self.tolerance}"
        if self.aggregate != "geometric":
            extra += f", aggregate={self.aggregate!r}"
        inner = ", ".join(repr(o) for o in self.d_objs)
        return f"DOverall({inner}{extra})"
