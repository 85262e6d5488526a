"""MOEA/D against pymoo 0.6.2: quality (IGD) and speed (seconds per generation), same run.

    python bench/bench_moead.py quality [--seeds 11] [--zdt-seeds 5] [--out moead_quality]
    python bench/bench_moead.py speed [--pops 92 1000 9870 100000 1000000] [--out moead_speed]

quality: DTLZ1 (n_var 7, 400 generations) and DTLZ2 (n_var 12, 250 generations), M = 3, 91
         Das-Dennis directions (12 partitions), T = 20, delta = 0.9, PBI theta = 5, SBX eta 20 p 1,
         PM eta 20 p_var 1/n (pymoo's MOEAD defaults, which are Zhang & Li's); IGD against the
         true front at the 91 directions (as bench_nsga3.py). ZDT1-3 with the 2007 paper's
         settings: N = 100, n_var = 30, T = 20, Tchebycheff, 250 generations; IGD against 500
         front points. paretix generational and sequential and pymoo MOEAD, seeds interleaved.
speed:   DTLZ2 (M = 3, n_var = 12), seed 1, Das-Dennis directions ~ pop. paretix generational
         MOEAD: best of several timed generations after the initial one (each pop in a fresh
         process, peak resident size and the neighbourhood set-up reported); pymoo MOEAD
         (one child per step) and ParallelMOEAD: (time of 1 + g generations - time of 1) / g,
         in forked children capped in time. The pymoo runs build an N x N distance matrix at set-up
         and are not attempted above 1e4.
Results (Markdown + JSON) go to bench/results/<out>.md with the machine and load.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from math import comb
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import guarded_run, loadavg  # noqa: E402
from bench_nsga3 import header, write_results  # noqa: E402

import paretix  # noqa: E402
from paretix.indicators import igd  # noqa: E402
from paretix.ref_dirs import das_dennis  # noqa: E402

DTLZ = (("dtlz1", 7, 400), ("dtlz2", 12, 250))
ZDT = ("zdt1", "zdt2", "zdt3")


def pymoo_moead(name, n_obj, n_var, W, gens, seed, parallel=False):
    from pymoo.algorithms.moo.moead import MOEAD, ParallelMOEAD
    from pymoo.optimize import minimize
    from pymoo.problems import get_problem

    kw = {"n_obj": n_obj} if name.startswith("dtlz") else {}
    cls = ParallelMOEAD if parallel else MOEAD
    res = minimize(get_problem(name, n_var=n_var, **kw), cls(W, n_neighbors=20, prob_neighbor_mating=0.9),
                   ("n_gen", gens), seed=seed)
    F = res.pop.get("F")
    return F[paretix.is_nondominated(F)]


def stats(v):
    return {"min": float(min(v)), "median": float(np.median(v)), "max": float(max(v))}


def fmt(s):
    return f"{s['median']:.4e} ({s['min']:.3e} - {s['max']:.3e})"


def quality(args) -> None:
    rows, raw = [], {}
    W3, W2 = das_dennis(3, 12), das_dennis(2, 99)
    cases = [(n, 3, nv, g, W3, args.seeds) for n, nv, g in DTLZ] + [(n, 2, 30, 250, W2, args.zdt_seeds) for n in ZDT]
    for name, m, n_var, gens, W, seeds in cases:
        p = paretix.problems.get(name, n_obj=m, n_var=n_var) if m == 3 else paretix.problems.get(name, n_var=n_var)
        Z = p.pareto_front(W) if m == 3 else p.pareto_front(500)
        res = {"generational": [], "sequential": [], "pymoo": []}
        secs = {k: 0.0 for k in res}
        for seed in range(1, seeds + 1):
            for key in res:
                t = time.perf_counter()
                if key == "pymoo":
                    F = pymoo_moead(name, m, n_var, W, gens, seed)
                else:
                    F = paretix.minimize(p, paretix.MOEAD(W, variant=key), ("n_gen", gens), seed=seed).F
                secs[key] += time.perf_counter() - t
                res[key].append(igd(F, Z))
            print(name, seed, {k: round(v[-1], 6) for k, v in res.items()}, flush=True)
        raw[name] = {"igd": res, "seconds_per_run": {k: v / seeds for k, v in secs.items()}, "gens": gens,
                     "n_var": n_var, "seeds": seeds}
        ratio = {k: float(np.median(res[k]) / np.median(res["pymoo"])) for k in ("generational", "sequential")}
        rows.append(f"| {name} | {seeds} | {gens} | {fmt(stats(res['generational']))} | {fmt(stats(res['sequential']))} "
                    f"| {fmt(stats(res['pymoo']))} | {ratio['generational']:.3f} / {ratio['sequential']:.3f} | "
                    f"{secs['generational'] / seeds:.2f} / {secs['sequential'] / seeds:.2f} / {secs['pymoo'] / seeds:.1f} |")
    lines = header("MOEA/D quality: paretix against pymoo 0.6.2 MOEAD", " ".join(["python", *sys.argv]))
    lines += ["IGD (median, min - max over seeds 1..n) against the true front; ratio = paretix median / "
              "pymoo median (below 1: paretix better). Settings in bench/bench_moead.py.", "",
              "| problem | seeds | gens | paretix generational | paretix sequential | pymoo MOEAD | ratio gen / seq "
              "| s per run gen / seq / pymoo |", "|---|---:|---:|---|---|---|---|---|", *rows, ""]
    write_results(args.out, lines, raw)
    print("\n".join(lines))


# -- speed ---------------------------------------------------------------------------------------
def _partitions(pop: int) -> int:
    p = 1
    while comb(p + 3, 2) <= pop:
        p += 1
    return p


CHILD = """
import json, resource, sys, time
import numpy as np, paretix
from paretix.ref_dirs import das_dennis
pop, gens = int(sys.argv[1]), int(sys.argv[2])
W = das_dennis(3, int(sys.argv[3]))
p = paretix.problems.get("dtlz2", n_obj=3, n_var=12)
t = time.perf_counter()
algo = paretix.MOEAD(W).setup(p, seed=1, termination=("n_gen", 10**9))
setup = time.perf_counter() - t
algo.tell(p.evaluate(algo.ask()))
times = []
for _ in range(gens):
    t = time.perf_counter()
    algo.tell(p.evaluate(algo.ask()))
    times.append(time.perf_counter() - t)
print(json.dumps({"n": len(W), "setup": setup, "times": times,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _pymoo_per_gen(W, gens, parallel, cap):
    p = dict(name="dtlz2", n_obj=3, n_var=12, W=W, seed=1, parallel=parallel)
    s1, t1 = guarded_run(lambda: pymoo_moead(gens=1, **p), (), cap)
    if s1 != "ok":
        return None, s1
    s2, t2 = guarded_run(lambda: pymoo_moead(gens=1 + gens, **p), (), cap)
    if s2 != "ok":
        return None, s2
    return (t2 - t1) / gens, "ok"


def speed(args) -> None:
    rows, raw = [], []
    for pop in args.pops:
        part = _partitions(pop)
        n = comb(part + 2, 2)
        gens = 20 if n < 2000 else 5 if n < 200_000 else 3
        out = subprocess.run([sys.executable, "-c", CHILD, str(pop), str(gens), str(part)], capture_output=True,
                             text=True, check=True)
        ours = json.loads(out.stdout.strip().splitlines()[-1])
        t_ours = min(ours["times"])
        entry = {"pop": n, "paretix": ours, "pymoo": {}, "load": loadavg()}
        cells = []
        for parallel in (False, True):
            if n > 20_000:
                cells.append("not run (N x N matrices)")
                continue
            W = das_dennis(3, part)
            g = 10 if n < 2000 else 2
            t, status = _pymoo_per_gen(W, g, parallel, args.cap)
            entry["pymoo"]["ParallelMOEAD" if parallel else "MOEAD"] = t if t is not None else status
            cells.append(f"{t:.4g} ({t / t_ours:.0f}x)" if t is not None else status)
        raw.append(entry)
        print(entry, flush=True)
        rows.append(f"| {n} | {t_ours:.4g} | {ours['setup']:.3g} | {ours['peak_rss_mib']:.0f} | {cells[0]} | {cells[1]} |")
    lines = header("MOEA/D speed: paretix generational MOEAD against pymoo 0.6.2", " ".join(["python", *sys.argv]))
    lines += ["DTLZ2 (M = 3, n_var = 12), seed 1; seconds per generation (one generation = N children "
              "evaluated); in parentheses pymoo's time / paretix's. Settings in bench/bench_moead.py.", "",
              "| N | paretix s/gen | paretix set-up s (neighbours) | paretix peak RSS MiB | pymoo MOEAD s/gen | "
              "pymoo ParallelMOEAD s/gen |", "|---:|---:|---:|---:|---:|---:|", *rows, ""]
    write_results(args.out, lines, raw)
    print("\n".join(lines))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    q = sub.add_parser("quality")
    q.add_argument("--seeds", type=int, default=11)
    q.add_argument("--zdt-seeds", type=int, default=5)
    q.add_argument("--out", default="moead_quality")
    s = sub.add_parser("speed")
    s.add_argument("--pops", type=int, nargs="+", default=[92, 1000, 9870, 100_000, 1_000_000])
    s.add_argument("--cap", type=float, default=600.0)
    s.add_argument("--out", default="moead_speed")
    args = ap.parse_args()
    {"quality": quality, "speed": speed}[args.cmd](args)


if __name__ == "__main__":
    main()
