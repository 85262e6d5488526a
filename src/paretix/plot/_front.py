"""The objectives of a population: 2-D, 3-D or a matrix of pairwise scatters."""

from __future__ import annotations

import numpy as np

from ._common import (CHOSEN, FEASIBLE, INFEASIBLE, OPTIMAL, REFERENCE, as_2d, as_mask, figure, marker_size,
                      names_for)


def _nondominated_feasible(F, feasible):
    from ..kernels import pareto_rank

    out = np.zeros(len(F), dtype=bool)
    if feasible.any():
        out[np.flatnonzero(feasible)] = pareto_rank(F[feasible]) == 0
    return out


def _connected(P) -> bool:
    """A sorted 2-D front without gaps much wider than its typical spacing (draw it as a line)."""
    if len(P) < 3:
        return True
    gaps = np.hypot(*np.diff(P, axis=0).T)
    return bool(gaps.max() <= 8 * max(np.median(gaps), 1e-300))


def pareto_front(F, *, feasible=None, optimal=None, reference=None, chosen=None, names=None, title=None,
                 figsize=None, max_objectives: int = 10):
    """Scatter the objective vectors ``F`` of a population.

    Parameters
    ----------
    F : array_like, shape (n, m)
        Objective vectors (all the points to show, the result set included); m >= 2.
    feasible : array_like of bool, shape (n,), optional
        Which points are feasible (default: all). Infeasible points are orange crosses.
    optimal : array_like of bool, shape (n,), optional
        The result set, drawn dark blue; default: the non-dominated feasible points. The other
        feasible points are pale blue.
    reference : array_like, shape (k, m), optional
        The true Pareto front or a reference set, drawn dark grey (a line in 2-D when it has
        no gaps, else dots).
    chosen : array_like, shape (c, m), optional
        Objective vectors of chosen designs, marked with numbered red stars.
    names : sequence of str, optional
        Objective names (default f1, f2, ...).
    title : str, optional
    figsize : (float, float), optional
    max_objectives : int, default 10
        With more objectives, only the first ``max_objectives`` are drawn (a parallel
        coordinates plot shows them all).

    Returns
    -------
    matplotlib.figure.Figure
        2-D scatter for m = 2, 3-D scatter for m = 3, lower-triangle matrix of pairwise
        scatters with histograms of the result set on the diagonal for m >= 4.
    """
    F = as_2d(F, "F")
    n, m = F.shape
    if m < 2:
        raise ValueError(f"pareto_front needs at least 2 objectives, got F of shape {F.shape}")
    feasible = as_mask(feasible, n, "feasible", True)
    optimal = _nondominated_feasible(F, feasible) if optimal is None else as_mask(optimal, n, "optimal", False)
    names = names_for(names, m, "f")
    ref = None if reference is None else as_2d(reference, "reference")
    if ref is not None and ref.shape[1] != m:
        raise ValueError(f"reference must have {m} columns like F, got shape {ref.shape}")
    chosen = None if chosen is None else as_2d(chosen, "chosen").reshape(-1, m)
    groups = [  # (mask, label, style), drawn in this order
        (~feasible, "infeasible", dict(color=INFEASIBLE, marker="x", linewidths=0.9, alpha=0.8)),
        (feasible & ~optimal, "other feasible", dict(color=FEASIBLE, marker="o", edgecolors="none")),
        (optimal, "result set", dict(color=OPTIMAL, marker="o", edgecolors="none")),
    ]
    size = marker_size(n)
    if m == 2:
        fig = figure(figsize or (6.4, 5.0))
        ax = fig.subplots()
        _draw_2d(ax, F, ref, chosen, groups, size, (0, 1))
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1])
        ax.grid(alpha=0.25)
        ax.legend(loc="best", framealpha=0.9, fontsize=9)
    elif m == 3:
        fig = figure(figsize or (7.0, 6.2))
        ax = fig.add_subplot(projection="3d")
        for mask, label, style in groups:
            if mask.any():
                ax.scatter(*F[mask].T, s=size, depthshade=False, label=f"{label} ({int(mask.sum())})", **style)
        if ref is not None:  # after the points, small and dark: visible where the points sit on it
            ax.scatter(*ref.T, s=3, color=REFERENCE, alpha=0.6, depthshade=False, label="true front")
        _chosen_3d(ax, chosen)
        for setter, name in zip((ax.set_xlabel, ax.set_ylabel, ax.set_zlabel), names):
            setter(name, labelpad=6)
        ax.view_init(elev=22, azim=40)
        ax.set_box_aspect(None, zoom=0.95)
        fig.legend(loc="outside lower center", ncols=4, fontsize=9, frameon=False)
    else:
        fig = _pairwise(F, ref, chosen, groups, names[:max_objectives], optimal, figsize)
    if title:
        fig.suptitle(title + (f" (first {max_objectives} of {m} objectives)" if m > max_objectives else ""))
    return fig


def _draw_2d(ax, F, ref, chosen, groups, size, cols, labels=True):
    i, j = cols
    if ref is not None:
        R = ref[np.argsort(ref[:, i], kind="stable")][:, [i, j]]
        if ref.shape[1] == 2 and _connected(R):
            ax.plot(*R.T, color=REFERENCE, lw=1.2, zorder=1, label="true front" if labels else None)
        else:
            ax.scatter(*R.T, s=1.5, color=REFERENCE, alpha=0.35, zorder=1, label="true front" if labels else None)
    for mask, label, style in groups:
        if mask.any():
            ax.scatter(F[mask, i], F[mask, j], s=size, zorder=2,
                       label=f"{label} ({int(mask.sum())})" if labels else None, **style)
    if chosen is not None and len(chosen):
        ax.scatter(chosen[:, i], chosen[:, j], s=150, marker="*", color=CHOSEN, edgecolors="white", lw=0.6,
                   zorder=4, label="chosen" if labels else None)
        if labels:
            _number(ax, chosen[:, [i, j]], F[:, [i, j]])


def _number(ax, P, F):
    """Number the chosen points 1, 2, ...; a point within 4 % of the axes of a numbered one is
    left unnumbered (its star shows), so clustered choices do not print over each other."""
    span = np.ptp(np.vstack([F, P]), axis=0)
    span[span == 0] = 1.0
    done = []
    for k, p in enumerate(P, start=1):
        if any(np.hypot(*((p - q) / span)) < 0.04 for q in done):
            continue
        done.append(p)
        ax.annotate(str(k), tuple(p), textcoords="offset points", xytext=(7, 5), fontsize=9, color=CHOSEN,
                    weight="bold", zorder=5)


def _chosen_3d(ax, chosen):
    if chosen is None or not len(chosen):
        return
    ax.scatter(*chosen.T, s=160, marker="*", color=CHOSEN, edgecolors="white", depthshade=False, label="chosen")
    for k, p in enumerate(chosen, start=1):
        ax.text(*p, f" {k}", color=CHOSEN, fontsize=9, weight="bold")


def _pairwise(F, ref, chosen, groups, names, optimal, figsize):
    k = len(names)
    side = float(np.clip(12.0 / k, 1.3, 2.2))
    fig = figure(figsize or (side * k + 0.6, side * k + 0.6))
    axes = fig.subplots(k, k, squeeze=False)
    size = marker_size(len(F), big=10.0)
    for r in range(k):
        for c in range(k):
            ax = axes[r, c]
            if c > r:
                ax.set_axis_off()
                continue
            if c == r:
                vals = F[optimal, r] if optimal.any() else F[:, r]
                ax.hist(vals, bins=20, color=OPTIMAL, alpha=0.8)
                ax.set_yticks([])
            else:
                _draw_2d(ax, F, ref, chosen, groups, size, (c, r), labels=(r, c) == (1, 0))
            ax.tick_params(labelsize=7)
            if r == k - 1:
                ax.set_xlabel(names[c], fontsize=9)
            else:
                ax.set_xticklabels([])
            if c == 0 and r > 0:
                ax.set_ylabel(names[r], fontsize=9)
            elif c != r:
                ax.set_yticklabels([])
            if c == r:
                ax.set_title(names[r], fontsize=9, pad=2)
    handles, labels = axes[1, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(4, len(labels)), fontsize=9, frameon=False)
    return fig
