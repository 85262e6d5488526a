"""Plots of desirability functions (matplotlib, imported only here and only when called)."""

from __future__ import annotations

import numpy as np

N_GRID = 400


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise ImportError(
            "plotting desirability functions needs matplotlib: pip install paretix[plot]"
        ) from err
    return plt


def curve(fun, xlim=None):
    """``(y, d)`` to draw: a grid over the plotting range plus both sides of every breakpoint, so
    kinks are sharp and jumps (DBox, ``tol``) vertical."""
    lo, hi = fun._plot_range() if xlim is None else map(float, xlim)
    grid = [np.linspace(lo, hi, N_GRID)]
    for b in fun._breakpoints():
        if lo <= b <= hi:
            grid.append(np.array([np.nextafter(b, -np.inf), b, np.nextafter(b, np.inf)]))
    y = np.unique(np.concatenate(grid))
    y = y[(y >= lo) & (y <= hi)]
    return y, np.asarray(fun.predict(y))


def plot_function(fun, ax=None, *, add=False, non_inform=True, xlim=None, **kwargs):
    """Draw one individual desirability function on ``ax`` (new axes unless given or ``add``)."""
    from ._categorical import DCategorical

    if ax is None:
        plt = _pyplot()
        ax = plt.gca() if add else plt.subplots()[1]
    if isinstance(fun, DCategorical):
        levels = list(fun.values)
        ax.bar(levels, fun.predict(levels), **kwargs)
        ax.set_xlabel("level")
    else:
        y, d = curve(fun, xlim)
        ax.plot(y, d, **kwargs)
        ax.set_xlim(y[0], y[-1])
        ax.set_xlabel("response")
    if non_inform:
        ax.axhline(fun.missing, linestyle="--", color="gray", linewidth=1, label="non-informative")
    ax.set_ylabel("desirability")
    ax.set_ylim(-0.02, 1.02)
    return ax


def plot_overall(overall, *, non_inform=True, figsize=None, **kwargs):
    """One panel per function of a DOverall; returns the figure."""
    plt = _pyplot()
    n = len(overall.d_objs)
    fig, axes = plt.subplots(1, n, figsize=figsize or (3.2 * n, 3), squeeze=False)
    for ax, fun in zip(axes[0], overall.d_objs):
        plot_function(fun, ax, non_inform=non_inform, **kwargs)
        ax.set_title(type(fun).__name__)
    fig.tight_layout()
    return fig
