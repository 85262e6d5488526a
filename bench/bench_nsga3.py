"""NSGA-III benchmarks against pymoo, in the same run.

    python bench/bench_nsga3.py speed [--pops 92 1000 10000 100000 1000000] [--gens 5]
    python bench/bench_nsga3.py igd [--problems dtlz1 dtlz2 dtlz3 dtlz4] [--n-obj 3 5 8]
                                    [--seeds 11] [--peer-seeds 11]

speed: seconds per generation (initialisation excluded, best generation after the first
       timed one) on DTLZ2 (M = 3, n_var = 12) with Das-Dennis directions ~ pop; pymoo's NSGA3
       (its defaults: duplicate elimination on) where it fits in memory and time.
igd:   Deb & Jain (2014) settings (n_var = M + 4 for DTLZ1, M + 9 otherwise; 91/210/156
       directions; SBX eta 30 p 1; PM eta 20 p_var 1/n; the paper's generation counts), IGD of
       the non-dominated final population against the targets problem.pareto_front(ref_dirs);
       best / median / worst over the seeds for paretix and pymoo (interleaved per seed), beside
       the paper's Table III.
Results (Markdown + JSON) go to bench/results/ with the machine description.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from math import comb
from pathlib import Path

import numpy as np

import paretix
from paretix.indicators import igd
from paretix.ref_dirs import das_dennis, multi_layer

RESULTS = Path(__file__).resolve().parent / "results"
GENS = {3: (400, 250, 1000, 600), 5: (600, 350, 1000, 1000), 8: (750, 500, 1000, 1250)}
PAPER = {  # Deb & Jain 2014, Table III (best / median / worst), from ../shared/reference/algorithms.md
    ("dtlz1", 3): (4.880e-4, 1.308e-3, 4.880e-3), ("dtlz1", 5): (5.116e-4, 9.799e-4, 1.979e-3),
    ("dtlz1", 8): (2.044e-3, 3.979e-3, 8.721e-3), ("dtlz2", 3): (1.262e-3, 1.357e-3, 2.114e-3),
    ("dtlz2", 5): (4.254e-3, 4.982e-3, 5.862e-3), ("dtlz2", 8): (1.371e-2, 1.571e-2, 1.811e-2),
    ("dtlz3", 3): (9.751e-4, 4.007e-3, 6.665e-3), ("dtlz3", 5): (3.086e-3, 5.960e-3, 1.196e-2),
    ("dtlz3", 8): (1.244e-2, 2.375e-2, 9.649e-2), ("dtlz4", 3): (2.915e-4, 5.970e-4, 4.286e-1),
    ("dtlz4", 5): (9.849e-4, 1.255e-3, 1.721e-3), ("dtlz4", 8): (5.079e-3, 7.054e-3, 6.051e-1),
}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}; {os.cpu_count()} logical cores; {mem:.1f} GiB RAM; {platform.platform()}"


def write_results(name: str, lines: list[str], raw) -> Path:
    """Write ``lines`` to ``results/<name>.md`` and ``raw`` to ``results/<name>.json``; return the .md path."""
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{name}.md"
    out.write_text("\n".join(lines) + "\n")
    out.with_suffix(".json").write_text(json.dumps(raw, indent=2) + "\n")
    return out


def header(title: str, command: str) -> list[str]:
    versions = [f"python {platform.python_version()}", f"numpy {np.__version__}", f"paretix {paretix.__version__}"]
    try:
        import pymoo

        versions.append(f"pymoo {pymoo.__version__}")
    except ImportError:
        versions.append("pymoo not installed")
    return [f"# {title}", "", f"- Date: {datetime.now(timezone.utc).isoformat(timespec='seconds')}",
            f"- Machine: {machine()}", f"- Load average at start: {os.getloadavg()}",
            f"- Versions: {', '.join(versions)}", f"- Command: `{command}`", ""]


def directions(m: int) -> np.ndarray:
    return {3: lambda: das_dennis(3, 12), 5: lambda: das_dennis(5, 6)}.get(m, lambda: multi_layer(m))()


# -- speed ---------------------------------------------------------------------------------------
def partitions_for(pop: int) -> int:
    p = 1
    while comb(p + 3, 2) <= pop:
        p += 1
    return p


def time_paretix(problem, W, gens: int) -> float:
    algo = paretix.NSGA3(W).setup(problem, seed=1, termination=("n_gen", gens + 1))
    algo.tell(problem.evaluate(algo.ask()))
    times = []
    while algo.has_next():
        t = time.perf_counter()
        algo.tell(problem.evaluate(algo.ask()))
        times.append(time.perf_counter() - t)
    return min(times[1:]) if len(times) > 1 else times[0]


def time_pymoo(W, gens: int, pop: int) -> float:
    from pymoo.algorithms.moo.nsga3 import NSGA3
    from pymoo.operators.crossover.sbx import SBX
    from pymoo.operators.mutation.pm import PM
    from pymoo.problems import get_problem
    from pymoo.termination import get_termination

    algo = NSGA3(W, pop_size=pop, crossover=SBX(eta=30, prob=1.0), mutation=PM(eta=20, prob=1.0, prob_var=1 / 12))
    algo.setup(get_problem("dtlz2", n_var=12, n_obj=3), termination=get_termination("n_gen", gens + 1), seed=1)
    algo.next()  # initialisation
    times = []
    while algo.has_next():
        t = time.perf_counter()
        algo.next()
        times.append(time.perf_counter() - t)
    return min(times[1:]) if len(times) > 1 else times[0]


def speed(args) -> None:
    problem = paretix.problems.get("dtlz2", n_obj=3, n_var=12)
    rows, raw = [], []
    for pop in args.pops:
        W = das_dennis(3, partitions_for(pop))
        gens = args.gens if pop <= 100_000 else 2
        t_px = time_paretix(problem, W, gens)
        t_pm = None
        if pop <= args.pymoo_max_pop:
            t_pm = time_pymoo(W, 2 if pop >= 10_000 else gens, len(W))
            t_px = min(t_px, time_paretix(problem, W, gens))  # interleaved second measurement
        ratio = f"{t_pm / t_px:.0f}x" if t_pm else "-"
        rows.append(f"| {pop} | {len(W)} | {t_px:.4g} | {t_pm:.4g} | {ratio} |" if t_pm else
                    f"| {pop} | {len(W)} | {t_px:.4g} | not run (memory: pymoo's N x N dedup / 2N x R) | - |")
        raw.append({"pop": pop, "n_dirs": len(W), "paretix_s_per_gen": t_px, "pymoo_s_per_gen": t_pm})
        print(rows[-1], flush=True)
    lines = header("NSGA-III seconds per generation, DTLZ2 (M = 3, n_var = 12)", " ".join(sys.argv)) + [
        "- Method: time of one ask -> evaluate -> tell generation (initialisation excluded), best of the "
        "generations after the first timed one; paretix measured before and after pymoo; speed-up = pymoo / paretix.",
        "- pymoo: NSGA3(ref_dirs, pop_size=R, SBX(eta=30, prob=1), PM(eta=20, prob=1, prob_var=1/12)), its "
        "defaults otherwise (duplicate elimination on).", "",
        "| pop | directions | paretix (s/gen) | pymoo (s/gen) | speed-up |", "|---:|---:|---:|---:|---:|", *rows]
    out = write_results("nsga3_speed", lines, raw)
    print(f"written: {out}")


# -- igd -----------------------------------------------------------------------------------------
def run_pymoo(name, m, n_var, W, gens, seed) -> np.ndarray:
    from pymoo.algorithms.moo.nsga3 import NSGA3
    from pymoo.operators.crossover.sbx import SBX
    from pymoo.operators.mutation.pm import PM
    from pymoo.optimize import minimize
    from pymoo.problems import get_problem

    algo = NSGA3(W, pop_size=int(-(-len(W) // 4) * 4), crossover=SBX(eta=30, prob=1.0),
                 mutation=PM(eta=20, prob=1.0, prob_var=1.0 / n_var))
    res = minimize(get_problem(name, n_var=n_var, n_obj=m), algo, ("n_gen", gens), seed=seed)
    F = res.pop.get("F")
    return F[paretix.is_nondominated(F)]


def stats(v):
    return (min(v), float(np.median(v)), max(v)) if v else None


def fmt(t):
    return " / ".join(f"{x:.3e}" for x in t) if t else "-"


def igd_table(args) -> None:
    rows, raw = [], []
    for m in args.n_obj:
        W = directions(m)
        for name in args.problems:
            n_var = m + (4 if name == "dtlz1" else 9)
            gens = GENS[m][("dtlz1", "dtlz2", "dtlz3", "dtlz4").index(name)]
            problem = paretix.problems.get(name, n_obj=m, n_var=n_var)
            Z = problem.pareto_front(W)
            ours, peer, t_ours, t_peer = [], [], 0.0, 0.0
            for seed in range(1, args.seeds + 1):
                t = time.perf_counter()
                ours.append(igd(paretix.minimize(problem, paretix.NSGA3(W), ("n_gen", gens), seed=seed).F, Z))
                t_ours += time.perf_counter() - t
                if seed <= args.peer_seeds:
                    t = time.perf_counter()
                    peer.append(igd(run_pymoo(name, m, n_var, W, gens, seed), Z))
                    t_peer += time.perf_counter() - t
            s_o, s_p, paper = stats(ours), stats(peer), PAPER.get((name, m))
            verdict = []
            if paper:
                verdict.append("<= paper" if s_o[1] <= paper[1] else "> paper")
            if s_p:
                verdict.append("<= pymoo" if s_o[1] <= s_p[1] else "> pymoo")
            rows.append(f"| {name.upper()} | {m} | {gens} | {fmt(s_o)} | {fmt(s_p)} ({len(peer)}) | {fmt(paper)} | "
                        f"{', '.join(verdict)} | {t_ours / args.seeds:.2f} / {t_peer / max(1, len(peer)):.2f} |")
            raw.append({"problem": name, "n_obj": m, "gens": gens, "paretix": ours, "pymoo": peer, "paper": paper,
                        "s_per_run": [t_ours / args.seeds, t_peer / max(1, len(peer))]})
            print(rows[-1], flush=True)
            _write_igd(rows, raw, args)


def _write_igd(rows, raw, args) -> None:
    lines = header("NSGA-III IGD on DTLZ1-4 (Deb & Jain 2014 settings)", " ".join(sys.argv)) + [
        f"- Method: {args.seeds} seeds for paretix, the first {args.peer_seeds} of them also for pymoo (interleaved per "
        "seed); IGD = mean distance from each target problem.pareto_front(ref_dirs) to the nearest "
        "non-dominated member of the final population; cells are best / median / worst.",
        "- Settings: n_var = M+4 (DTLZ1) or M+9; 91 / 210 / 156 directions (M = 3 / 5 / 8, the last two-layer); "
        "pop 92 / 212 / 156; SBX eta 30 p 1; PM eta 20 p_var 1/n_var; generations as in the paper "
        "(the initial population counts as generation 1, as in pymoo).",
        "- pymoo: NSGA3 with the same operators, its defaults otherwise (duplicate elimination, memory of "
        "extreme points). Paper values are from memory in the reference notes (unverified against the PDF).", "",
        "| problem | M | gens | paretix | pymoo (seeds) | Deb & Jain 2014 | median vs | s/run paretix / pymoo |",
        "|---|---:|---:|---|---|---|---|---|", *rows]
    write_results("nsga3_igd", lines, raw)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    s = sub.add_parser("speed")
    s.add_argument("--pops", type=int, nargs="+", default=[92, 1000, 10_000, 100_000, 1_000_000])
    s.add_argument("--gens", type=int, default=5)
    s.add_argument("--pymoo-max-pop", type=int, default=10_000)
    s.set_defaults(func=speed)
    g = sub.add_parser("igd")
    g.add_argument("--problems", nargs="+", default=["dtlz1", "dtlz2", "dtlz3", "dtlz4"])
    g.add_argument("--n-obj", type=int, nargs="+", default=[3, 5, 8])
    g.add_argument("--seeds", type=int, default=11)
    g.add_argument("--peer-seeds", type=int, default=11)
    g.set_defaults(func=igd_table)
    args = ap.parse_args()
    RESULTS.mkdir(exist_ok=True)
    args.func(args)


if __name__ == "__main__":
    main()
