"""``paretix plot RUN_DIR``: draw a run's plots from its files, without rerunning it.

Writes PNG files into the run folder (or --out):
  front.png        objectives of the final population: result set, other feasible, infeasible,
                   the true front when known (2-D, 3-D, or pairwise for 4+ objectives)
  objectives.png   parallel coordinates of the result set's objectives (3+ objectives)
  variables.png    parallel coordinates of the result set's decision variables
  convergence.png  hypervolume or IGD (best f for one objective) and the best constraint
                   violation against evaluations
  desirability.png each desirability function with the front on it and the chosen designs
                   (after `paretix select`)
Designs chosen by `paretix select` are marked on every plot.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ._cli_common import UsageError, examples, help_formatter

EXAMPLES = examples(
    "paretix plot runs/dtlz2",
    "paretix plot runs/beam --out figures --dpi 200",
    "paretix plot runs/beam --only front convergence",
)
PLOTS = ("front", "objectives", "variables", "convergence", "desirability")


def add_parser(sub) -> None:
    p = sub.add_parser("plot", help="draw the plots of a run folder (front, parallel coordinates, convergence)",
                       description=__doc__, epilog=EXAMPLES, formatter_class=help_formatter)
    p.add_argument("run_dir", type=Path, metavar="RUN_DIR", help="the --out folder of paretix optimize")
    p.add_argument("--out", type=Path, default=None, help="folder for the PNG files (default: RUN_DIR)")
    p.add_argument("--dpi", type=int, default=130, help="resolution of the PNG files (default 130)")
    p.add_argument("--only", nargs="+", choices=PLOTS, default=None, metavar="PLOT",
                   help=f"draw only these: {', '.join(PLOTS)}")
    p.set_defaults(func=run)


def run(args) -> int:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise UsageError('plots need matplotlib: pip install "paretix[plot]"') from None
    if args.dpi < 20 or args.dpi > 1200:
        raise UsageError(f"--dpi must be between 20 and 1200, got {args.dpi}")
    written = draw_all(args.run_dir, out=args.out, dpi=args.dpi, only=args.only)
    print(f"wrote {', '.join(str(p) for p in written)}" if written else "nothing to draw")
    return 0


def chosen_rows(run_dir: Path) -> tuple[np.ndarray, dict | None]:
    """Rows of front.csv chosen by ``paretix select`` (best first) and the selection record."""
    path = run_dir / "selection.json"
    if not path.exists():
        return np.array([], dtype=np.int64), None
    sel = json.loads(path.read_text())
    return np.asarray(sel["rows"], dtype=np.int64), sel


def draw_all(run_dir, out=None, dpi: int = 130, only=None) -> list[Path]:
    """Draw every plot that the run's files allow; returns the files written (none without
    matplotlib)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return []
    from . import plot
    from ._rundir import block, read_run

    run = read_run(run_dir)
    out = Path(out) if out is not None else run.path
    out.mkdir(parents=True, exist_ok=True)
    want = set(only or PLOTS)
    rows, selection = chosen_rows(run.path)
    pop, front = run.population, run.front
    F_pop, F_front, X_front = block(pop, "f"), block(front, "f"), block(front, "x")
    m = F_pop.shape[1]
    title = run.title
    figs = {}
    if "front" in want and m >= 2 and len(F_pop):
        optimal = pop["feasible"] & (pop["rank"] == 0)
        figs["front"] = plot.pareto_front(F_pop, feasible=pop["feasible"], optimal=optimal, reference=run.reference,
                                          chosen=F_front[rows] if rows.size else None,
                                          title=f"{title}: final population")
    if "objectives" in want and m >= 3 and len(F_front) > 1:
        figs["objectives"] = plot.parallel_coordinates(F_front, names=[f"f{j + 1}" for j in range(m)], chosen=rows,
                                                       title=f"{title}: objectives of the result set")
    if "variables" in want and len(X_front) > 1 and X_front.shape[1] > 1:
        xl, xu = (np.asarray(run.summary["problem"][k], dtype=np.float64) for k in ("xl", "xu"))
        bounds = (xl, xu) if np.isfinite(xl).all() and np.isfinite(xu).all() and X_front.shape[1] == len(xl) else None
        figs["variables"] = plot.parallel_coordinates(
            X_front, names=[f"x{j + 1}" for j in range(X_front.shape[1])], color_by=F_front[:, 0],
            color_name="f1", bounds=bounds, chosen=rows, title=f"{title}: variables of the result set (box bounds)"
            if bounds is not None else f"{title}: variables of the result set")
    h = run.history
    if "convergence" in want and "n_eval" in h:
        try:
            figs["convergence"] = plot.convergence(h["n_eval"], hv=h.get("hv"), igd=h.get("igd"),
                                                   f_best=h.get("f_best"), cv_min=h.get("cv_min"), title=title)
        except ValueError:
            pass  # nothing recorded (an infeasible run without constraints to show)
    if "desirability" in want and selection is not None:
        from ._cli_select import doverall_from, response_columns

        doverall, columns = doverall_from(selection["desirability"], front)
        labels = [f if "=" in f.split("(", 1)[0] else f"{c}={f}"
                  for f, c in zip(selection["desirability"]["functions"], columns)]
        figs["desirability"] = plot.desirability(doverall, response_columns(front, columns), chosen=rows,
                                                 names=columns, labels=labels, title=f"{title}: desirability")
    written = []
    for name, fig in figs.items():
        path = out / f"{name}.png"
        fig.savefig(path, dpi=dpi)
        written.append(path)
    return written
