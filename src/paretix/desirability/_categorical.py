"""DCategorical: a desirability value per level of a categorical response."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .._array import to_numpy
from ._base import Desirability, real


def _is_missing(value) -> bool:
    """None, a float NaN, pandas.NA or NaT: R's NA."""
    if value is None:
        return True
    if isinstance(value, (float, np.floating)):
        return bool(np.isnan(value))
    return type(value).__name__ in ("NAType", "NaTType")


class DCategorical(Desirability):
    """Desirability of a categorical response: ``values[level]``.

    Parameters
    ----------
    values : dict
        Level name (a non-empty ``str``) -> desirability, at least two levels. As in R and
        ``spotdesirability`` the values are not checked to lie in ``[0, 1]``.
    tol : float, optional
        Replaces outputs exactly equal to 0 (after imputation).
    missing : float, optional
        What a missing level (None, NaN, pandas.NA) translates to; default: the non-informative
        value, the mean of ``values`` after ``tol`` (see Notes).

    Notes
    -----
    The non-informative value is the mean of the level values **after** ``tol`` has replaced
    the values equal to 0, as in R ``desirability`` 2.1 (``dCategorical(c(A = 0, B = 1), tol =
    .05)`` has 0.525). This differs from the numeric functions, whose non-informative value R
    computes without ``tol``; paretix follows R in both. ``spotdesirability`` 0.1.1 gives 0.5
    here.

    Inputs are matched by their string form, so the level ``"1"`` also matches the integer 1
    (R compares ``as.character`` of the input with the names). An unknown level is an error.

    Examples
    --------
    >>> from paretix.desirability import DCategorical
    >>> f = DCategorical({"value1": 0.1, "value2": 0.9, "value3": 0.2})
    >>> f.predict(["value2", None, "value1"]).round(12).tolist()   # None: the mean, 0.4
    [0.9, 0.4, 0.1]
    """

    def __init__(self, values, tol=None, missing=None):
        if not isinstance(values, Mapping) and not hasattr(values, "items"):
            n = len(values) if hasattr(values, "__len__") else 0
            if n < 2:
                raise ValueError(f"'values' should have at least two values; got {values!r}.")
            raise ValueError(f"'values' should be a named dictionary (level -> value); got {values!r}.")
        items = list(values.items())
        if len(items) < 2:
            raise ValueError(f"'values' should have at least two values; got {dict(items)!r}.")
        bad = [k for k, _ in items if not isinstance(k, str) or k == ""]
        if bad:
            raise ValueError(
                f"'values' should be a named dictionary: every level must be a non-empty str; got {bad[0]!r}."
            )
        self.values = {k: real(v, f"values[{k!r}]", finite=False) for k, v in items}
        levels = np.array(list(self.values), dtype=str)
        order = np.argsort(levels)
        self._levels_sorted = levels[order]  # for a vectorised lookup by binary search
        self._table_sorted = np.array(list(self.values.values()), dtype=np.float64)[order]
        super().__init__(tol, missing)

    def non_informative(self) -> float:
        """Mean of the level values after ``tol`` replaced those equal to 0 (R 2.1's rule)."""
        table = np.array(list(self.values.values()), dtype=np.float64)
        if self.tol is not None:
            table = np.where(table == 0, self.tol, table)
        return float(np.mean(table))

    def predict(self, newdata, missing=None):
        """Desirability of every level in ``newdata``.

        Parameters
        ----------
        newdata : str or array_like of str
            Levels (a list, an object or string array, a pandas Series or Categorical); None,
            NaN and pandas.NA mark missing values. A single string gives a length-1 array.
        missing : float, optional
            What missing values translate to; default: the object's ``missing`` attribute.

        Returns
        -------
        numpy.ndarray of float64 with the shape of ``newdata`` (at least 1-D).
        """
        keys = np.asarray(to_numpy(newdata) if hasattr(newdata, "__cuda_array_interface__") else newdata,
                          dtype=object)
        if keys.ndim == 0:
            keys = keys.reshape(1)
        shape, keys = keys.shape, keys.reshape(-1)
        is_missing = np.fromiter((_is_missing(k) for k in keys), dtype=bool, count=keys.size)
        out = np.zeros(keys.size, dtype=np.float64)
        present = keys[~is_missing]
        if present.size:
            uniq, inverse = np.unique(present.astype(str), return_inverse=True)
            pos = np.searchsorted(self._levels_sorted, uniq)
            pos = np.minimum(pos, self._levels_sorted.size - 1)
            unknown = self._levels_sorted[pos] != uniq
            if unknown.any():
                raise ValueError(
                    f"Value {str(uniq[np.argmax(unknown)])!r} not in allowed values: {list(self.values)}"
                )
            out[~is_missing] = self._table_sorted[pos][inverse.reshape(-1)]
        return self._finish(out, is_missing, missing, np).reshape(shape)

    __call__ = predict

    def _params(self):
        return {"values": dict(self.values)}
