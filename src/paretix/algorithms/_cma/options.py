"""Validation of the options shared by CMAES, BatchCMAES and fmin (one place, one vocabulary)."""

from __future__ import annotations

import math

import numpy as np

from .restarts import STRATEGIES


def check_int(value, name: str, minimum: int, *, allow_none: bool = False):
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}{' or None' if allow_none else ''}, got {value!r}")
    return int(value)


def check_positive(value, name: str, *, allow_none: bool = False, allow_inf: bool = False):
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a positive number, got {value!r}")
    v = float(value)
    if not v > 0 or (math.isinf(v) and not allow_inf) or math.isnan(v):
        raise ValueError(f"{name} must be a positive{'' if allow_inf else ' finite'} number, got {value!r}")
    return v


def check_options(o: dict) -> dict:
    """Check the keyword options (popsize, restarts, ...) and return them normalised."""
    o = dict(o)
    o["popsize"] = check_int(o.get("popsize"), "popsize", 2, allow_none=True)
    o["restarts"] = check_int(o.get("restarts", 0), "restarts", 0)
    strategy = o.get("restart_strategy", "ipop")
    if strategy not in STRATEGIES:
        raise ValueError(f"restart_strategy must be one of {STRATEGIES}, got {strategy!r}")
    o["restart_strategy"] = strategy
    o["incpopsize"] = check_positive(o.get("incpopsize", 2.0), "incpopsize")
    if o["incpopsize"] < 1:
        raise ValueError(f"incpopsize must be >= 1, got {o['incpopsize']!r}")
    o["max_evals"] = check_positive(o.get("max_evals"), "max_evals", allow_none=True, allow_inf=True)
    o["maxiter"] = check_positive(o.get("maxiter"), "maxiter", allow_none=True, allow_inf=True)
    ft = o.get("ftarget")
    if ft is not None and (isinstance(ft, bool) or not isinstance(ft, (int, float, np.integer, np.floating))
                           or math.isnan(float(ft))):
        raise ValueError(f"ftarget must be a number or None, got {ft!r}")
    for key, default in (("tolfun", 1e-11), ("tolx", 1e-11)):  # 0 switches the criterion off
        value = o.get(key, default)
        o[key] = 0.0 if value == 0 and not isinstance(value, bool) else check_positive(value, key, allow_inf=True)
    for key, default in (("tolfacupx", 1e3), ("tolconditioncov", 1e14)):
        o[key] = check_positive(o.get(key, default), key, allow_inf=True)
    o["tolflatfitness"] = check_int(o.get("tolflatfitness", 1), "tolflatfitness", 0)
    stag = o.get("tolstagnation", True)
    if not isinstance(stag, bool):
        stag = check_int(stag, "tolstagnation", 1)
    o["tolstagnation"] = stag
    o["eigen_gap"] = check_positive(o.get("eigen_gap"), "eigen_gap", allow_none=True)
    o["diagonal"] = bool(o.get("diagonal", False))
    factorization = o.get("factorization", "eigen")
    if factorization not in ("eigen", "cholesky"):
        raise ValueError(f"factorization must be 'eigen' or 'cholesky', got {factorization!r}")
    o["factorization"] = factorization
    method = o.get("bounds_method", "transform")
    if method not in ("transform", "penalty"):
        raise ValueError(f"bounds_method must be 'transform' or 'penalty', got {method!r}")
    o["bounds_method"] = method
    backend = o.get("backend")
    if backend is not None and backend not in ("native", "numba", "reference", "xp"):
        raise ValueError(f"backend must be None, 'native', 'numba', 'reference' or 'xp', got {backend!r}")
    return o


def check_bounds(bounds, n: int):
    """``bounds`` as (lower, upper) float arrays of length n (None, a pair of scalars/arrays/None)."""
    if bounds is None:
        return None
    try:
        lo, hi = bounds
    except (TypeError, ValueError):
        raise ValueError(f"bounds must be a pair (lower, upper) of scalars, arrays of length n={n} or None, "
                         f"got {bounds!r}") from None
    out = []
    for value, name, default in ((lo, "lower bound", -np.inf), (hi, "upper bound", np.inf)):
        a = np.full(n, default) if value is None else np.asarray(value, dtype=np.float64)
        if a.ndim == 0:
            a = np.full(n, float(a))
        if a.shape != (n,):
            raise ValueError(f"{name} must be a scalar or have length n={n}, got shape {a.shape}")
        if np.isnan(a).any():
            raise ValueError(f"{name} contains NaN")
        out.append(np.where(np.isnan(a), default, a))
    lo, hi = out
    bad = np.flatnonzero(~(lo < hi))
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"bounds must satisfy lower < upper, but lower[{i}]={lo[i]} >= upper[{i}]={hi[i]}")
    return lo, hi


def check_x0_in_bounds(x0: np.ndarray, bounds) -> None:
    if bounds is None:
        return
    lo, hi = bounds
    out = np.argwhere((x0 < lo) | (x0 > hi))
    if out.size:
        idx = tuple(int(v) for v in out[0])
        raise ValueError(f"x0 must lie within the bounds, but x0{list(idx)}={x0[idx]} is outside "
                         f"[{lo[idx[-1]]}, {hi[idx[-1]]}]")
