"""Parallel coordinates: one line per design across many columns."""

from __future__ import annotations

import numpy as np

from ._common import CHOSEN, as_2d, figure, names_for


def _fmt(v: float, span: float) -> str:
    """Three significant digits; values within a ten-thousandth of the axis' span of 0 are 0."""
    return "0" if abs(v) < 1e-4 * span else f"{v:.3g}"


def parallel_coordinates(V, *, names=None, color_by=None, color_name=None, bounds=None, chosen=None, title=None,
                         figsize=None, max_lines: int = 2000, max_columns: int = 30, seed: int = 0):
    """Draw each row of ``V`` as a line across one vertical axis per column.

    Every axis is scaled to its own range (``bounds`` or the data's), with the low and high
    value written at its ends, so columns of very different size can be compared.

    Parameters
    ----------
    V : array_like, shape (n, k)
        Rows to draw (designs), columns (objectives or decision variables).
    names : sequence of str, optional
        Column names (default c1, c2, ...).
    color_by : array_like, shape (n,), optional
        A value per row that colours the lines (viridis, with a colour bar named ``color_name``);
        default: the first column.
    color_name : str, optional
    bounds : (lower, upper), optional
        Axis ranges per column (e.g. the variables' box bounds); default: the data's min and max.
    chosen : array_like of int, optional
        Row indices to draw on top as thick red lines, numbered 1, 2, ... in the legend.
    title : str, optional
    figsize : (float, float), optional
    max_lines : int, default 2000
        With more rows, a random subset (``seed``) of this many is drawn, plus every chosen row;
        the title says so.
    max_columns : int, default 30
        With more columns, only the first ``max_columns`` are drawn; the title says so.
    seed : int, default 0

    Returns
    -------
    matplotlib.figure.Figure
    """
    V = as_2d(V, "V")
    n, k = V.shape
    names = names_for(names, k, "c")
    note = f" (first {max_columns} of {k} columns)" if k > max_columns else ""
    if color_by is None:
        color_by, color_name = V[:, 0], color_name or names[0]
    color_by = np.asarray(color_by, dtype=np.float64).reshape(-1)
    if color_by.shape != (n,):
        raise ValueError(f"color_by must have one value per row ({n}), got shape {color_by.shape}")
    if bounds is None:
        lo, hi = (np.nanmin(V, axis=0), np.nanmax(V, axis=0)) if n else (np.zeros(k), np.ones(k))
    else:
        lo, hi = (np.broadcast_to(np.asarray(b, dtype=np.float64), (k,)) for b in bounds)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    U = (V - lo) / span
    if k > max_columns:
        k, V, U, lo, hi, span, names = (max_columns, V[:, :max_columns], U[:, :max_columns],
                                        lo[:max_columns], hi[:max_columns], span[:max_columns], names[:max_columns])
    chosen = np.array([], dtype=np.int64) if chosen is None else np.asarray(chosen, dtype=np.int64).reshape(-1)
    rows = np.arange(n)
    if n > max_lines:
        rows = np.sort(np.random.default_rng(seed).choice(n, max_lines, replace=False))
        note += f" ({max_lines} of {n} rows drawn)"
    fig = figure(figsize or (min(14.0, max(6.4, 0.75 * k + 2.5)), 4.6))
    ax = fig.subplots()
    from matplotlib.collections import LineCollection

    xs = np.arange(k, dtype=np.float64)
    order = rows[np.argsort(-color_by[rows], kind="stable")]  # low values (usually better) on top
    segs = np.stack([np.broadcast_to(xs, (len(order), k)), U[order]], axis=-1)
    alpha = float(np.clip(40.0 / max(len(order), 1) ** 0.5, 0.06, 0.9))
    c_lo, c_hi = (np.nanmin(color_by), np.nanmax(color_by)) if n else (0.0, 1.0)
    lines = LineCollection(segs, cmap="viridis", linewidths=1.0, alpha=alpha)
    lines.set_array(color_by[order])
    lines.set_clim(c_lo, c_hi if c_hi > c_lo else c_lo + 1)
    ax.add_collection(lines)
    cbar = fig.colorbar(lines, ax=ax, pad=0.02, fraction=0.04)
    cbar.solids.set(alpha=1.0)
    cbar.set_label(color_name or "")
    groups: list[list] = []  # chosen lines ending within 5 % of each other share one label
    for i, row in enumerate(chosen, start=1):
        ax.plot(xs, U[row], color=CHOSEN, lw=2.4, zorder=4)
        ax.plot(xs, U[row], color="white", lw=0.6, zorder=5)
        near = [g for g in groups if abs(g[0] - U[row, -1]) < 0.05]
        (near[0][1].append(i) if near else groups.append([U[row, -1], [i]]))
    for y, numbers in groups:
        text = "chosen" if len(chosen) == 1 else "chosen " + ", ".join(map(str, numbers))
        ax.annotate(text, (xs[-1], y), textcoords="offset points", xytext=(6, 0), va="center", fontsize=8,
                    color=CHOSEN, weight="bold", annotation_clip=False)
    for x in xs:
        ax.axvline(x, color="0.3", lw=0.8, zorder=3)
    box = dict(fc="white", ec="none", pad=0.6, alpha=0.85)
    for x, a, b, w in zip(xs, lo, hi, span):
        ax.text(x, 1.03, _fmt(b, w), ha="center", va="bottom", fontsize=8, bbox=box, zorder=6)
        ax.text(x, -0.03, _fmt(a, w), ha="center", va="top", fontsize=8, bbox=box, zorder=6)
    ax.set_xlim(-0.25, k - 0.75 + (0.5 if len(chosen) else 0))
    ax.set_ylim(-0.12, 1.12)
    ax.set_yticks([])
    rotate = k * max(len(s) for s in names) > 90
    ax.set_xticks(xs, names, rotation=40 if rotate else 0, ha="right" if rotate else "center")
    ax.tick_params(axis="x", length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    if title or note:
        ax.set_title((title or "") + note, pad=18)
    return fig
