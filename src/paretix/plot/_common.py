"""Colours, the matplotlib import and small checks shared by the plots."""

from __future__ import annotations

import numpy as np

OPTIMAL = "#1f5fa8"      # result set (dark blue)
FEASIBLE = "#9bb8d3"     # other feasible points (pale blue)
INFEASIBLE = "#d9711c"   # infeasible points (orange; drawn as crosses)
REFERENCE = "0.25"       # the true front (dark grey)
CHOSEN = "#c0162f"       # designs chosen by desirability (red)


def figure(figsize):
    """A new Figure (no pyplot state), or an ImportError that says how to install matplotlib."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError('plots need matplotlib: pip install "paretix[plot]"') from None
    return Figure(figsize=figsize, layout="constrained")


def as_2d(a, name: str) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (n_points, n_columns), got shape {a.shape}")
    return a


def as_mask(mask, n: int, name: str, default: bool) -> np.ndarray:
    if mask is None:
        return np.full(n, default)
    mask = np.asarray(mask, dtype=bool).reshape(-1)
    if mask.shape != (n,):
        raise ValueError(f"{name} must have one entry per point ({n}), got shape {mask.shape}")
    return mask


def names_for(names, k: int, prefix: str) -> list[str]:
    if names is None:
        return [f"{prefix}{j + 1}" for j in range(k)]
    names = [str(n) for n in names]
    if len(names) != k:
        raise ValueError(f"names must have {k} entries (one per column), got {len(names)}")
    return names


def marker_size(n: int, big: float = 22.0) -> float:
    """Scatter marker area that stays readable from 10 to 100 000 points."""
    return float(np.clip(big * (200.0 / max(n, 1)) ** 0.5, 1.0, big))
