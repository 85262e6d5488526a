"""Convergence: a quality indicator and the best constraint violation against evaluations."""

from __future__ import annotations

import numpy as np

from ._common import INFEASIBLE, OPTIMAL, figure


def _spans_decades(v) -> bool:
    """Positive values over more than two decades read better on a log scale."""
    if v is None:
        return False
    v = np.asarray(v, dtype=np.float64)
    v = v[np.isfinite(v)]
    return bool(v.size and (v > 0).all() and v.max() > 100 * v.min())


def convergence(n_eval, *, hv=None, igd=None, f_best=None, cv_min=None, title=None, figsize=None):
    """Quality and feasibility of a run against the number of evaluations.

    Parameters
    ----------
    n_eval : array_like, shape (g,)
        Evaluations after each generation.
    hv : array_like, shape (g,), optional
        Hypervolume of the result set (NaN where not computed or infeasible; higher is better).
    igd : array_like, shape (g,), optional
        IGD against the true front (lower is better; drawn on a log scale).
    f_best : array_like, shape (g,), optional
        Best objective value of a single-objective run.
    cv_min : array_like, shape (g,), optional
        Smallest constraint violation in the population. Drawn (log scale) only when some
        generation had no feasible point; the evaluation where the first feasible point appeared
        is marked on every panel.
    title : str, optional
    figsize : (float, float), optional

    Returns
    -------
    matplotlib.figure.Figure
        One panel per indicator given, plus the CV panel; the x axes are shared.
    """
    x = np.asarray(n_eval, dtype=np.float64).reshape(-1)

    def col(v, name):
        if v is None:
            return None
        v = np.asarray(v, dtype=np.float64).reshape(-1)
        if v.shape != x.shape:
            raise ValueError(f"{name} must have one value per entry of n_eval ({len(x)}), got shape {v.shape}")
        return v if np.isfinite(v).any() else None

    panels = [(v, label, log) for v, label, log in (
        (col(hv, "hv"), "hypervolume (higher is better)", False),
        (col(igd, "igd"), "IGD to the true front (lower is better)", True),
        (col(f_best, "f_best"), "best f", _spans_decades(f_best)),
    ) if v is not None]
    cv = col(cv_min, "cv_min")
    first_feasible = None
    if cv is not None and (cv > 0).any():
        ok = np.flatnonzero(cv <= 0)
        first_feasible = x[ok[0]] if ok.size else None
        panels.append((cv, "best constraint violation", True))
    if not panels:
        raise ValueError("nothing to draw: give hv, igd, f_best, or a cv_min that is positive somewhere")
    fig = figure(figsize or (6.8, 1.0 + 2.3 * len(panels)))
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    for ax, (v, label, log) in zip(axes, panels):
        is_cv = label.startswith("best constraint")
        keep = np.isfinite(v) & ((v > 0) if log else True)
        ax.plot(x[keep], v[keep], color=INFEASIBLE if is_cv else OPTIMAL, lw=1.6,
                marker="o" if keep.sum() <= 30 else None, ms=3)
        if log and keep.any():
            ax.set_yscale("log")
        ax.set_ylabel(label.replace(" (", "\n("), fontsize=9)
        ax.grid(alpha=0.3, which="both" if log else "major")
        if first_feasible is not None:
            ax.axvline(first_feasible, color="0.4", ls=":", lw=1.2)
        if not is_cv and keep.any():
            ax.text(0.99, 0.04 if label.startswith("hyper") else 0.95, f"final {v[keep][-1]:.4g}",
                    transform=ax.transAxes, ha="right", va="bottom" if label.startswith("hyper") else "top",
                    fontsize=9, bbox=dict(fc="white", ec="0.8", pad=2.0))
    if first_feasible is not None:
        axes[-1].text(first_feasible, 0.95, f" first feasible at {int(first_feasible)} evaluations",
                      transform=axes[-1].get_xaxis_transform(), va="top", fontsize=8, color="0.3")
    axes[-1].set_xlabel("evaluations")
    axes[-1].ticklabel_format(axis="x", style="sci", scilimits=(-3, 5))
    if title:
        fig.suptitle(title)
    return fig
