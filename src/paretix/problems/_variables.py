"""Variable types of a problem: real, integer, or one of a set of allowed values.

A :class:`~paretix.problems.Problem` declares them with ``var_types`` (one entry per variable):

- ``"real"`` (the default): any value in ``[xl, xu]``;
- ``"int"``: an integer in ``[ceil(xl), floor(xu)]``;
- a sequence of numbers: one of these values (a discrete set, e.g. standard wire diameters).

:func:`repair` maps any point of the box to a valid one, and every algorithm calls it (through
:meth:`Problem.repair`) on each new point before evaluation, so that populations and results
hold declared values exactly. The rule is one for both kinds: the nearest valid value, and an
exact midpoint between two valid values goes to the **larger** one (an integer ``x + 0.5`` goes
to ``x + 1``: round half up). Real variables are left as they are.
"""

from __future__ import annotations

import math

import numpy as np

from .._array import get_xp

REAL, INT = "real", "int"


def parse_var_types(var_types, n_var: int, xl: np.ndarray, xu: np.ndarray):
    """Check ``var_types`` and return ``(kinds, sets, xl, xu)``.

    ``kinds`` is a tuple of ``"real"``, ``"int"`` or ``"set"`` per variable, ``sets`` maps the
    index of every discrete-set variable to its sorted unique float64 values. Infinite bounds
    of a set variable become the smallest and largest allowed value; finite bounds must
    contain every value, and an integer variable needs at least one integer between its bounds.
    """
    xl, xu = xl.copy(), xu.copy()
    if var_types is None:
        return (REAL,) * n_var, {}, xl, xu
    if isinstance(var_types, str) or not hasattr(var_types, "__len__") or len(var_types) != n_var:
        raise ValueError(
            f"var_types must be a sequence of n_var={n_var} entries ('real', 'int' or a sequence of "
            f"allowed values), got {var_types!r:.100}"
        )
    kinds, sets = [], {}
    for i, t in enumerate(var_types):
        if isinstance(t, str):
            if t not in (REAL, INT):
                raise ValueError(f"var_types[{i}] must be 'real', 'int' or a sequence of values, got {t!r}")
            if t == INT and math.floor(xu[i]) < math.ceil(xl[i]):
                raise ValueError(f"var_types[{i}] is 'int' but no integer lies in [xl, xu] = [{xl[i]}, {xu[i]}]")
            kinds.append(t)
            continue
        try:
            values = np.unique(np.asarray(t, dtype=np.float64).reshape(-1))
        except (TypeError, ValueError):
            raise ValueError(f"var_types[{i}] must be 'real', 'int' or a sequence of numbers, got {t!r:.80}") from None
        if values.size == 0 or not np.all(np.isfinite(values)):
            raise ValueError(f"var_types[{i}] must hold at least one value, all finite, got {t!r:.80}")
        xl[i] = values[0] if np.isinf(xl[i]) else xl[i]
        xu[i] = values[-1] if np.isinf(xu[i]) else xu[i]
        if values[0] < xl[i] or values[-1] > xu[i]:
            raise ValueError(
                f"var_types[{i}]: allowed values from {values[0]} to {values[-1]} lie outside "
                f"[xl, xu] = [{xl[i]}, {xu[i]}]"
            )
        kinds.append("set")
        sets[i] = values
    return tuple(kinds), sets, xl, xu


def round_half_up(x, xp=np):
    """Nearest integer, exact midpoints up (``2.5 -> 3``, ``-2.5 -> -2``); exact for every float."""
    t = xp.floor(x)
    return xp.where(x - t >= 0.5, t + 1, t)  # x - floor(x) is exact below 2**52


def nearest(values, x, xp=np):
    """The element of the sorted array ``values`` nearest to each ``x``; midpoints go to the larger."""
    values = xp.asarray(values)
    hi = xp.clip(xp.searchsorted(values, x), 1, values.size - 1) if values.size > 1 else None
    if hi is None:
        return xp.where(xp.isnan(x), x, values[0])
    lo_v, hi_v = values[hi - 1], values[hi]
    return xp.where(xp.isnan(x), x, xp.where(x - lo_v >= hi_v - x, hi_v, lo_v))


def repair(X, kinds, sets, xl, xu):
    """``X`` with every integer column rounded (half up) into ``[ceil(xl), floor(xu)]`` and every
    discrete-set column snapped to its nearest allowed value (midpoints up). Real columns are
    returned as they are; ``X`` itself is never modified. NaN stays NaN."""
    xp = get_xp(X)
    ints = [i for i, k in enumerate(kinds) if k == INT]
    if not ints and not sets:
        return X
    X = xp.array(X, dtype=xp.float64, copy=True)
    if ints:
        cols = np.asarray(ints)
        lo = xp.asarray(np.ceil(xl[cols]))
        up = xp.asarray(np.floor(xu[cols]))
        dcols = xp.asarray(cols)  # the column index in X's namespace
        X[:, dcols] = xp.clip(round_half_up(X[:, dcols], xp), lo, up)
    for i, values in sets.items():
        X[:, i] = nearest(values, X[:, i], xp)
    return X
