"""``paretix optimize``: run an algorithm on a registered problem or your own, and write a run folder.

The problem is a registered test problem (``--problem dtlz2``) or an object in a Python file
(``--problem beam.py:NAME``): a Problem subclass, a Problem instance, or a function f(X) that
returns F or (F, G) for the (N, n_var) points X (bounds with --var LOW:HIGH). All settings can
come from a study file instead: ``paretix optimize study.toml`` (command-line options override
it; see the user guide for its keys).

The run folder (--out) gets:
  front.csv          the result set: x.., f.., g.., h.., cv, feasible, rank
  population.csv     the final population, same columns
  history.csv        per generation: evaluations, best and mean CV, front size, time, IGD, HV
  summary.json       settings, versions, backend, time, counters, IGD and hypervolume
  reference_front.csv  the true Pareto front, when the problem knows it
  *.png              plots (with matplotlib: pip install "paretix[plot]"); see `paretix plot`
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from math import comb
from pathlib import Path

import numpy as np

from ._cli_common import UsageError, examples, help_formatter, where_it_failed
from ._study import KEYS, load_study

EXAMPLES = examples(
    "paretix optimize --problem dtlz2 --n-obj 3 --algorithm nsga3 --gens 250 --seed 1 --out runs/dtlz2",
    "paretix optimize --problem beam.py:WeldedBeam --algorithm nsga2 --pop 100 --gens 200 --out runs/beam",
    "paretix optimize --problem dtlz2 --n-obj 3 --algorithm hype --pop 92 --gens 250 --out runs/hype",
    "paretix optimize --problem model.py:f --var 0:1 --n-var 5 --gens 100 --out runs/f",
    "paretix optimize --problem sphere.py:f --var -5:5 --n-var 10 --algorithm cmaes --evals 20000 --out runs/s",
    "paretix optimize --problem sim.py:Simulator --evaluator processes --workers 8 --checkpoint --out runs/sim",
    "paretix optimize --problem sim.py:Simulator --out runs/sim --resume",
    "paretix optimize --problem sim.py:Simulator --scheduler tcp://10.0.0.5:8786 --out runs/sim",
    "paretix optimize study.toml",
    "paretix optimize study.toml --seed 2 --out runs/seed2",
)


# -- algorithms: one line each; build(problem, settings) -> (algorithm, reference directions) ---

def _nsga3(problem, s):
    import paretix

    W = _ref_dirs(problem.n_obj, s.get("pop"), s.get("partitions"))
    return paretix.NSGA3(W, pop_size=s.get("pop")), W


def _nsga2(problem, s):
    import paretix

    return paretix.NSGA2(pop_size=s.get("pop") or 100), None


def _hype(problem, s):
    import paretix

    return paretix.HypE(pop_size=s.get("pop") or 100), None


def _moead(problem, s):
    import paretix

    W = _ref_dirs(problem.n_obj, s.get("pop"), s.get("partitions"))
    return paretix.MOEAD(W), W


def _cmaes(problem, s):
    import paretix

    if problem.n_obj != 1:
        raise UsageError(f"cmaes minimises one objective but {problem.name} has {problem.n_obj}; "
                         f"use one of {', '.join(k for k, (_, multi, _) in ALGORITHMS.items() if multi)}")
    if problem.has_bounds:
        x0, stds = (problem.xl + problem.xu) / 2, problem.xu - problem.xl
    else:
        x0, stds = np.clip(np.zeros(problem.n_var), problem.xl, problem.xu), None
    return paretix.CMAES(x0, s.get("sigma", 0.3), popsize=s.get("pop"), stds=stds), None


# name: (build, multi-objective?, help)
ALGORITHMS = {
    "nsga3": (_nsga3, True, "NSGA-III (Deb & Jain 2014): reference directions, many objectives"),
    "nsga2": (_nsga2, True, "NSGA-II (Deb et al. 2002): 2-3 objectives, crowding distance"),
    "hype": (_hype, True, "HypE (Bader & Zitzler 2011): hypervolume-based, any number of objectives"),
    "moead": (_moead, True, "MOEA/D (Zhang & Li 2007), generational: one subproblem per direction, fast at any size"),
    "cmaes": (_cmaes, False, "CMA-ES (Hansen): one objective, continuous variables"),
}


def add_parser(sub) -> None:
    p = sub.add_parser("optimize", help="run an algorithm on a problem and write front, history, summary, plots",
                       description=__doc__, epilog=EXAMPLES, formatter_class=help_formatter)
    S = argparse.SUPPRESS  # an option not given stays out of the namespace: the study file fills it
    p.add_argument("study", nargs="?", type=Path, default=None, metavar="STUDY.toml",
                   help="a study file with these settings (options given here override it)")
    g = p.add_argument_group("problem")
    g.add_argument("--problem", default=S, help="a registered name (paretix.problems.available()) or FILE.py:NAME")
    g.add_argument("--n-obj", type=int, default=S, help="number of objectives (scalable problems)")
    g.add_argument("--n-var", type=int, default=S, help="number of variables (default: the problem's)")
    g.add_argument("--var", action="append", default=S, metavar="LOW:HIGH",
                   help="bounds of a function's variables, once per variable (or once with --n-var)")
    g.add_argument("--elementwise", action="store_true", default=S,
                   help="the function takes one point x (n_var,) instead of all points X (N, n_var)")
    g = p.add_argument_group("algorithm and budget")
    g.add_argument("--algorithm", choices=tuple(ALGORITHMS), default=S,
                   help="; ".join(f"{k}: {h}" for k, (_, _, h) in ALGORITHMS.items()) + " (default nsga3)")
    g.add_argument("--pop", type=int, default=S, help="population size (NSGA-III default: from the directions)")
    g.add_argument("--gens", type=int, default=S,
                   help="generations, the initial population counting as 1 (default 250)")
    g.add_argument("--evals", type=int, default=S, help="stop after this many evaluations instead")
    g.add_argument("--partitions", type=int, default=S,
                   help="Das-Dennis partitions for NSGA-III and MOEA/D (default: the most directions <= --pop)")
    g.add_argument("--sigma", type=float, default=S, help="CMA-ES initial step as a fraction of the bounds (0.3)")
    g.add_argument("--seed", type=int, default=S)
    g.add_argument("--device", choices=("cpu", "cuda", "auto"), default=S,
                   help="where the population lives: cpu (default), cuda (CuPy on the GPU) or auto (cuda when "
                        "CuPy and the CUDA kernels see a device); nsga3, nsga2, moead and hype")
    g = p.add_argument_group("evaluation and checkpoints")
    g.add_argument("--evaluator", choices=EVALUATORS, default=S,
                   help="where points are evaluated: here, whole populations at once (vectorized, the default); "
                        "worker processes on this machine (processes); a Dask cluster (dask: a local one, or "
                        "--scheduler)")
    g.add_argument("--workers", type=int, default=S, help="worker processes (processes, or a local Dask cluster)")
    g.add_argument("--scheduler", default=S, metavar="ADDRESS",
                   help="a Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies --evaluator dask)")
    g.add_argument("--timeout", type=float, default=S, help="seconds allowed per evaluation (not with vectorized)")
    g.add_argument("--retries", type=int, default=S, help="times a failed point is evaluated again (default 1)")
    g.add_argument("--on-error", choices=("record", "raise"), default=S,
                   help="a point that still fails: kept as infeasible (record) or stops the run (raise); "
                        "default raise for vectorized, record otherwise")
    g.add_argument("--checkpoint", nargs="?", const="", default=S, metavar="DIR",
                   help="keep the run's state and every evaluated point (evaluations.sqlite) in DIR "
                        "(default: the run folder), so it can be resumed")
    g.add_argument("--checkpoint-every", type=int, default=S, help="generations between state writes (1)")
    g.add_argument("--resume", action="store_true", default=S,
                   help="continue the run kept in the checkpoint folder (evaluated points are not evaluated again)")
    g = p.add_argument_group("output")
    g.add_argument("--out", default=S, help="run folder (created)")
    g.add_argument("--no-plot", dest="plot", action="store_false", default=S, help="do not draw plots")
    m = g.add_mutually_exclusive_group()
    m.add_argument("--progress", dest="progress", action="store_true", default=S,
                   help="show a progress bar (default: when stderr is a terminal)")
    m.add_argument("--no-progress", dest="progress", action="store_false", default=S)
    p.set_defaults(func=run)


EVALUATORS = ("vectorized", "processes", "dask")


def _evaluator(s):
    """The evaluator object for the settings (None: vectorized)."""
    kind = s.get("evaluator", "dask" if s.get("scheduler") else "vectorized")
    if s.get("scheduler") and kind != "dask":
        raise UsageError(f"--scheduler needs --evaluator dask, not {kind}")
    if kind not in EVALUATORS:
        raise UsageError(f"unknown evaluator {kind!r}; choose from {', '.join(EVALUATORS)}")
    if kind == "vectorized":
        if s.get("workers"):
            raise UsageError("--workers needs --evaluator processes or dask")
        return None
    from . import evaluation

    if kind == "processes":
        return evaluation.ProcessPool(n_workers=s.get("workers"))
    try:
        return evaluation.Dask(client=s.get("scheduler"), n_workers=s.get("workers"))
    except ImportError:
        raise UsageError('--evaluator dask needs dask.distributed: pip install "paretix[dask]"') from None


def settings_from(args) -> dict:
    """The study file's settings overridden by the options given on the command line."""
    given = {k: v for k, v in vars(args).items() if k in KEYS}
    s = load_study(args.study) if getattr(args, "study", None) is not None else {}
    s.update(given)
    if "out" in given:
        s["out"] = str(Path(given["out"]))
    for key in ("problem", "out"):
        if key not in s:
            raise UsageError(f"--{key} is required (or a study file that sets {key} = ...)")
    s.setdefault("algorithm", "nsga3")
    if s["algorithm"] not in ALGORITHMS:
        raise UsageError(f"unknown algorithm {s['algorithm']!r}; choose from {', '.join(ALGORITHMS)}")
    if "gens" in s and "evals" in s:
        raise UsageError("give either gens or evals, not both")
    if "gens" not in s and "evals" not in s:
        s["gens"] = 250
    if s.get("resume") and "checkpoint" not in s:
        s["checkpoint"] = ""  # resume the run kept in the run folder
    if "checkpoint" in s:
        base = Path(s["_base_dir"]) if "_base_dir" in s and "checkpoint" not in given else Path.cwd()
        s["checkpoint"] = str(base / s["checkpoint"]) if s["checkpoint"] else s["out"]
    for key in ("n_obj", "n_var", "pop", "gens", "evals", "partitions", "workers", "checkpoint_every"):
        if key in s and s[key] < 1:
            raise UsageError(f"{key} must be >= 1, got {s[key]}")
    return s


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

    from . import _rundir
    from ._cli_problem import load_problem
    from .indicators import igd

    s = settings_from(args)
    base = Path(s["_base_dir"]) if "_base_dir" in s else None
    problem = load_problem(s["problem"], n_obj=s.get("n_obj"), n_var=s.get("n_var"), var=s.get("var", ()),
                           elementwise=s.get("elementwise", False), options=s.get("problem_options"),
                           base_dir=base)
    build, multi, _ = ALGORITHMS[s["algorithm"]]
    try:
        algorithm, W = build(problem, s)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{s['algorithm']}: {exc}") from None
    front = _true_front(problem, W)
    indicators = {"igd": lambda F: igd(F, front)} if front is not None else None
    termination = ("n_eval", s["evals"]) if "evals" in s else ("n_gen", s["gens"])
    progress = sys.stderr.isatty() if s.get("progress") is None else s["progress"]
    snapshots = _rundir.Snapshots(s.get("gens"))
    evaluator = _evaluator(s)
    from .evaluation import CheckpointError

    try:
        res = paretix.minimize(problem, algorithm, termination, seed=s.get("seed"), progress=progress,
                               indicators=indicators, callback=snapshots, evaluator=evaluator,
                               on_error=s.get("on_error"), retries=s.get("retries", 1), timeout=s.get("timeout"),
                               checkpoint=s.get("checkpoint"), checkpoint_every=s.get("checkpoint_every", 1),
                               resume=s.get("resume", False), device=s.get("device", "cpu"))
    except KeyboardInterrupt:
        hint = " (continue it with --resume)" if s.get("checkpoint") else ""
        print(f"paretix optimize: interrupted{hint}", file=sys.stderr)
        return 130
    except CheckpointError as exc:
        raise UsageError(str(exc).replace("pass resume=True", "pass --resume")) from None
    except paretix.DeviceUnavailableError as exc:
        raise UsageError(f"--device: {exc}") from None
    except ValueError as exc:
        if any(k in str(exc) for k in ("timeout", "on_error", "retries", "device")):
            raise UsageError(str(exc)) from None
        raise UsageError(f"the run stopped at generation {algorithm.n_gen or 1}: {type(exc).__name__}: {exc}"
                         f"{where_it_failed(exc)}") from None
    except Exception as exc:
        if getattr(args, "traceback", False):
            raise
        raise UsageError(f"the run stopped at generation {algorithm.n_gen or 1}: {type(exc).__name__}: {exc}"
                         f"{where_it_failed(exc)}") from None

    out = Path(s["out"])
    summary = _rundir.write_run(out, res, problem, algorithm, s, front, snapshots, W)
    plotted = []
    if s.get("plot", True):
        from ._cli_plot import draw_all

        plotted = draw_all(out)
    lines = [f"{algorithm.name} on {problem.name}: {len(res.F)} points in the front, {res.n_eval} evaluations, "
             f"{res.exec_time:.2f} s"]
    if res.message:
        lines.append(res.message)
    if problem.n_obj == 1 and len(res.F):
        reason = getattr(res, "stop_reason", None)
        lines.append(f"best f {float(res.F[:, 0].min()):.10g}" + (f" (stopped by {reason})" if reason else ""))
    if summary["igd"] is not None:
        lines.append(f"IGD {summary['igd']:.4e}")
    if summary["hypervolume"] is not None:
        hv = summary["hypervolume"]
        lines.append(f"hypervolume {hv['value']:.6g} (objectives scaled to [0, 1] by {hv['scaled_by']}, ref 1.1)")
    if res.n_failed:
        lines.append(f"{res.n_failed} evaluation(s) failed and were kept as infeasible (see summary.json)")
    written = ["front.csv", "population.csv", "history.csv", "summary.json"] + [p.name for p in plotted]
    if s.get("checkpoint"):
        written.append(f"checkpoint in {s['checkpoint']} (evaluations.sqlite)")
    lines.append(f"wrote {out}/: {', '.join(written)}")
    if s.get("plot", True) and not plotted:
        lines.append('no plots: pip install "paretix[plot]" (then: paretix plot ' + str(out) + ")")
    print("\n".join(lines))
    return 0


def _true_front(problem, W):
    try:
        front = problem.pareto_front(W) if W is not None else problem.pareto_front()
    except (NotImplementedError, TypeError, ValueError):
        return None
    return None if front is None else np.asarray(front, dtype=np.float64)


def versions() -> dict:
    import paretix

    return {"paretix": paretix.__version__, "numpy": np.__version__, "python": platform.python_version(),
            "platform": platform.platform()}


def json_safe(s: dict) -> dict:
    return json.loads(json.dumps({k: v for k, v in s.items() if not k.startswith("_")}, default=str))
