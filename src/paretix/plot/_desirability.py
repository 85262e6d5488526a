"""Desirability functions with the designs of a front on them and the chosen ones marked."""

from __future__ import annotations

import numpy as np

from ._common import CHOSEN, FEASIBLE, OPTIMAL, figure
from ._front import _number


def desirability(doverall, responses=None, *, chosen=None, names=None, labels=None, title=None, figsize=None):
    """One panel per function of ``doverall``: its curve, the designs, the chosen designs.

    Parameters
    ----------
    doverall : paretix.desirability.DOverall
    responses : array_like, shape (n, R), optional
        The responses of the designs (e.g. the objectives of a front), drawn as dots on each
        curve.
    chosen : array_like of int, optional
        Rows of ``responses`` chosen (best first), drawn as red stars numbered 1, 2, ...; the
        title lists their overall desirability D.
    names : sequence of str, optional
        Response names for the x axes (default: r1, r2, ...).
    labels : sequence of str, optional
        Panel titles, one per function (default: the function's class name).
    title : str, optional
    figsize : (float, float), optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..desirability import DCategorical

    funcs = list(doverall.d_objs)
    R = len(funcs)
    Y = None if responses is None else np.asarray(responses, dtype=object if any(
        isinstance(f, DCategorical) for f in funcs) else np.float64)
    if Y is not None and (Y.ndim != 2 or Y.shape[1] != R):
        raise ValueError(f"responses must have shape (n, {R}): one column per function, got {Y.shape}")
    names = [f"r{j + 1}" for j in range(R)] if names is None else [str(n) for n in names]
    if len(names) != R:
        raise ValueError(f"names must have {R} entries, got {len(names)}")
    labels = [type(f).__name__ for f in funcs] if labels is None else [str(t) for t in labels]
    if len(labels) != R:
        raise ValueError(f"labels must have {R} entries, got {len(labels)}")
    chosen = np.array([], dtype=np.int64) if chosen is None else np.asarray(chosen, dtype=np.int64).reshape(-1)
    cols = min(R, 3)
    rows = -(-R // cols)
    fig = figure(figsize or (3.6 * cols + 0.4, 3.0 * rows + 0.7))
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax in axes[R:]:
        ax.set_axis_off()
    for j, (ax, fun) in enumerate(zip(axes, funcs)):
        xlim = None
        if Y is not None and not isinstance(fun, DCategorical) and len(Y):
            lo, hi = fun._plot_range()
            y = Y[:, j].astype(np.float64)
            y = y[np.isfinite(y)]
            if y.size:
                a, b = min(lo, y.min()), max(hi, y.max())
                pad = 0.04 * (b - a)
                xlim = (a - pad, b + pad)
        fun.plot(ax, xlim=xlim, color=OPTIMAL, lw=1.8, non_inform=False)
        if Y is not None and len(Y):
            d = np.asarray(fun.predict(Y[:, j]), dtype=np.float64)
            ax.scatter(Y[:, j], d, s=14, color=FEASIBLE, edgecolors="0.35", linewidths=0.4, zorder=3,
                       label=f"designs ({len(Y)})")
            if chosen.size:
                ax.scatter(Y[chosen, j], d[chosen], s=160, marker="*", color=CHOSEN, edgecolors="white",
                           linewidths=0.6, zorder=5, label="chosen")
                y = Y[:, j].astype(np.float64)
                _number(ax, np.column_stack([y[chosen], d[chosen]]), np.column_stack([y, d]))
        ax.set_title(labels[j], fontsize=9)
        ax.set_xlabel(names[j])
        ax.grid(alpha=0.25)
    if Y is not None and len(Y):
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), fontsize=9, frameon=False)
    head = title or "desirability"
    if chosen.size and Y is not None:
        D = np.asarray(doverall.predict(Y[chosen]), dtype=np.float64)
        head += ": chosen " + ", ".join(f"{k}: D = {v:.3f}" for k, v in enumerate(D, start=1))
    fig.suptitle(head, fontsize=10)
    return fig
