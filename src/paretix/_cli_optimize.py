"""``paretix optimize``: run an algorithm on a named test problem and write the outputs.

Writes, into ``--out``:
- ``front.csv``: the result set (non-dominated feasible points), columns x.., f.., g.., h.., cv;
- ``population.csv``: the final population, same columns;
- ``summary.json``: settings, versions, kernel backend, time, counters and quality indicators
  (IGD against the analytic front when the problem has one, hypervolume when available);
- ``front.png``: a plot of the front (needs matplotlib: ``pip install paretix[plot]``).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from math import comb
from pathlib import Path

import numpy as np

from .indicators import igd


def add_parser(sub) -> None:
    p = sub.add_parser("optimize", help="run an algorithm on a test problem and write front, summary and plot",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--problem", required=True, help="test problem name (see paretix.problems.available())")
    p.add_argument("--n-obj", type=int, default=None, help="number of objectives (scalable problems)")
    p.add_argument("--n-var", type=int, default=None, help="number of variables (default: the problem's)")
    p.add_argument("--algorithm", choices=("nsga3", "nsga2"), default="nsga3")
    p.add_argument("--pop", type=int, default=None, help="population size (NSGA-III default: from the directions)")
    p.add_argument("--gens", type=int, default=250, help="generations, the initial population counting as 1")
    p.add_argument("--partitions", type=int, default=None,
                   help="Das-Dennis partitions for NSGA-III (default: the most directions <= --pop)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--out", type=Path, required=True, help="output directory (created)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--progress", dest="progress", action="store_true", default=None,
                   help="show a progress bar (default: when stderr is a terminal)")
    g.add_argument("--no-progress", dest="progress", action="store_false")
    p.set_defaults(func=run)


def _ref_dirs(n_obj: int, pop: int | None, partitions: int | None):
    from .ref_dirs import das_dennis, multi_layer

    if partitions is not None:
        return das_dennis(n_obj, partitions)
    if pop is None:
        if n_obj in (8, 10, 15):
            return multi_layer(n_obj)
        pop = {2: 100, 3: 92, 4: 120, 5: 212, 6: 252, 7: 210}.get(n_obj, 300)
    p = 1
    while comb(p + 1 + n_obj - 1, n_obj - 1) <= pop:
        p += 1
    return das_dennis(n_obj, p)


def run(args) -> int:
    import paretix

    from .kernels import KERNELS

    kwargs = {}
    if args.n_obj is not None:
        kwargs["n_obj"] = args.n_obj
    if args.n_var is not None:
        kwargs["n_var"] = args.n_var
    try:
        problem = paretix.problems.get(args.problem, **kwargs)
    except TypeError as exc:
        print(f"paretix optimize: {args.problem} does not take these options ({exc})", file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"paretix optimize: {exc.args[0]}", file=sys.stderr)
        return 2
    if args.algorithm == "nsga3":
        W = _ref_dirs(problem.n_obj, args.pop, args.partitions)
        algorithm = paretix.NSGA3(W, pop_size=args.pop)
    else:
        W = None
        algorithm = paretix.NSGA2(pop_size=args.pop or 100)

    front = _true_front(problem, W)
    indicators = {"igd": lambda F: igd(F, front)} if front is not None else None
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    res = paretix.minimize(problem, algorithm, ("n_gen", args.gens), seed=args.seed, progress=progress,
                           indicators=indicators)

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    res.to_csv(out / "front.csv")
    res.to_csv(out / "population.csv", which="pop")
    summary = {
        "problem": {"name": problem.name, "n_var": problem.n_var, "n_obj": problem.n_obj,
                    "n_ieq_constr": problem.n_ieq_constr, "n_eq_constr": problem.n_eq_constr},
        "algorithm": {"name": algorithm.name, "pop_size": algorithm._n_pop,
                      "n_ref_dirs": None if W is None else len(W)},
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if k != "func"},
        "versions": {"paretix": paretix.__version__, "numpy": np.__version__, "python": platform.python_version(),
                     "platform": platform.platform()},
        "backend": KERNELS["pareto_rank"].resolve(None)[0],
        "time_s": res.exec_time,
        "n_gen": res.n_gen,
        "n_eval": res.n_eval,
        "n_front": len(res.F),
        "feasible": res.feasible,
        "message": res.message,
        "igd": None if front is None else igd(res.F, front),
        "hypervolume": _hypervolume(res.F, front),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    plotted = _plot(res, front, out / "front.png")
    lines = [f"{algorithm.name} on {problem.name}: {len(res.F)} points in the front, {res.n_eval} evaluations, "
             f"{res.exec_time:.2f} s"]
    if summary["igd"] is not None:
        lines.append(f"IGD {summary['igd']:.4e}")
    if summary["hypervolume"] is not None:
        lines.append(f"hypervolume {summary['hypervolume']['value']:.6g} (ref {summary['hypervolume']['ref']})")
    lines.append(f"wrote {out}/front.csv, population.csv, summary.json"
                 + (", front.png" if plotted else " (no plot: pip install paretix[plot])"))
    print("\n".join(lines))
    return 0


def _true_front(problem, W):
    try:
        return problem.pareto_front(W) if W is not None else problem.pareto_front()
    except (NotImplementedError, TypeError, ValueError):
        return None


def _hypervolume(F, front):
    import paretix

    hv = getattr(paretix, "hypervolume", None)
    if hv is None or len(F) == 0 or F.shape[1] > 8:
        return None
    base = front if front is not None else F
    ref = (1.1 * base.max(axis=0)).tolist()
    return {"value": float(hv(F, ref=ref)), "ref": ref}


def _plot(res, front, path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    F = res.F
    m = F.shape[1]
    if m == 2:
        fig, ax = plt.subplots(figsize=(6, 5))
        if front is not None:
            ax.plot(*front[np.argsort(front[:, 0])].T, color="0.7", lw=1, label="true front")
        ax.scatter(F[:, 0], F[:, 1], s=12, color="tab:blue", label=f"{res.algorithm} ({len(F)})")
        ax.set_xlabel("f1")
        ax.set_ylabel("f2")
        ax.legend()
    elif m == 3:
        fig = plt.figure(figsize=(6.5, 6))
        ax = fig.add_subplot(projection="3d")
        if front is not None:
            ax.scatter(*front.T, s=4, color="0.75", label="true front")
        ax.scatter(*F.T, s=14, color="tab:blue", label=f"{res.algorithm} ({len(F)})")
        ax.set_xlabel("f1")
        ax.set_ylabel("f2")
        ax.set_zlabel("f3")
        ax.view_init(elev=25, azim=45)
        ax.legend()
    else:
        fig, ax = plt.subplots(figsize=(max(6, m * 0.7), 4.5))
        ax.plot(np.arange(1, m + 1), F.T, color="tab:blue", alpha=0.3, lw=0.8)
        ax.set_xticks(np.arange(1, m + 1))
        ax.set_xlabel("objective")
        ax.set_ylabel("value")
    ax.set_title(f"{res.algorithm} on {res.problem}: generation {res.n_gen}, {res.n_eval} evaluations")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True
