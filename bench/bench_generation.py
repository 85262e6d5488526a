"""Whole generations of NSGA-II and NSGA-III at large populations: seconds per generation, where
the time goes, peak memory, and the ratio to one ``pareto_rank`` call on the generation's 2N
merged objective vectors (the kernel every generation needs at least once).

    python bench/bench_generation.py [--pops 100000 1000000] [--algos nsga3 nsga2] [--gens 3]
                                     [--threads 1 2] [--out generation]

Problem: DTLZ2 (M = 3, n_var = 12), seed 1; NSGA-III with Das-Dennis directions ~ pop, NSGA-II
with pop_size = pop; default operators (SBX eta 30 p 1, PM eta 20), duplicate elimination on.
Each configuration runs in a fresh process (its peak resident size is its own). Per
configuration: the initial generation, then ``--gens`` timed generations (ask -> evaluate ->
tell; best and median reported), then one ``pareto_rank(F_merged, n_stop=N)`` on the last
generation's merged population, timed the same way right after, in the same process. The
population's own arrays are X, F and CV of N members (the merged 2N arrays are twice that).
Results (Markdown + JSON) go to bench/results/<out>.md with the machine and load.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import subprocess
import sys
import time
from math import comb
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_nsga3 import header, write_results  # noqa: E402


def _partitions(pop: int) -> int:
    p = 1
    while comb(p + 3, 2) <= pop:
        p += 1
    return p


def one(algo_name: str, pop: int, gens: int, threads: int) -> dict:
    import paretix
    from paretix.kernels import pareto_rank, set_num_threads
    from paretix.ref_dirs import das_dennis

    set_num_threads(threads)
    problem = paretix.problems.get("dtlz2", n_obj=3, n_var=12)
    if algo_name == "nsga3":
        algo = paretix.NSGA3(das_dennis(3, _partitions(pop)))
    else:
        algo = paretix.NSGA2(pop_size=pop)
    algo.setup(problem, seed=1, termination=("n_gen", gens + 2))
    algo.tell(problem.evaluate(algo.ask()))
    n = len(algo.pop)
    times, profile = [], None
    for g in range(gens):
        prof = cProfile.Profile() if g == gens - 1 else None
        t0 = time.perf_counter()
        if prof:
            prof.enable()
        X = algo.ask()
        ev = problem.evaluate(X)
        F_merged = np.concatenate([algo.pop.F, ev.F])
        algo.tell(ev)
        if prof:
            prof.disable()
            profile = prof
        times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    pareto_rank(F_merged, n_stop=n)
    t_rank = time.perf_counter() - t0
    t0 = time.perf_counter()
    pareto_rank(F_merged, n_stop=n)
    t_rank = min(t_rank, time.perf_counter() - t0)
    st = pstats.Stats(profile)
    top = sorted(((v[2], f"{Path(k[0]).name}:{k[2]}" if k[0] != "~" else k[2]) for k, v in st.stats.items()),
                 reverse=True)[:8]
    pop_bytes = sum(a.nbytes for a in (algo.pop.X, algo.pop.F, algo.pop.CV))
    return {"algo": algo_name, "pop": n, "threads": threads, "s_per_gen": times, "best": min(times),
            "median": float(np.median(times)), "pareto_rank_2N": t_rank, "ratio": min(times) / t_rank,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "pop_arrays_mib": pop_bytes / 2**20, "profile_last_gen": [[round(t, 3), name] for t, name in top]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pops", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--algos", nargs="+", default=["nsga3", "nsga2"])
    ap.add_argument("--gens", type=int, default=3)
    ap.add_argument("--threads", type=int, nargs="+", default=[2])
    ap.add_argument("--out", default="generation")
    ap.add_argument("--one", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        algo, pop, gens, threads = args.one
        print(json.dumps(one(algo, int(pop), int(gens), int(threads))))
        return
    rows, raw = [], []
    for pop in args.pops:
        for algo in args.algos:
            for threads in args.threads:
                out = subprocess.run([sys.executable, __file__, "--one", algo, str(pop), str(args.gens), str(threads)],
                                     check=True, capture_output=True, text=True).stdout
                r = json.loads(out.strip().splitlines()[-1])
                raw.append(r)
                prof = "; ".join(f"{name} {t:.2f}" for t, name in r["profile_last_gen"][:6])
                rows.append(f"| {r['algo'].upper()} | {r['pop']} | {r['threads']} | {r['best']:.3f} | {r['median']:.3f} | "
                            f"{r['pareto_rank_2N']:.3f} | {r['ratio']:.2f} | {r['peak_rss_mib']:.0f} | "
                            f"{r['pop_arrays_mib']:.0f} | {prof} |")
                print(rows[-1], flush=True)
    lines = header("Whole generations at large populations, DTLZ2 (M = 3, n_var = 12)", " ".join(sys.argv)) + [
        "- Method: see the docstring of bench/bench_generation.py. s/gen: ask -> evaluate -> tell, best and median "
        "of the timed generations; rank: one pareto_rank(F_merged, n_stop=N) on the last generation's 2N "
        "objective vectors, in the same process; ratio = best s/gen / rank; peak RSS of the configuration's "
        "own process; pop arrays = X, F, CV of the N members; profile = cumulative seconds of the largest "
        "functions (self time) in the last timed generation (cProfile, which slows it a little).", "",
        "| algorithm | pop | threads | s/gen best | s/gen median | pareto_rank 2N (s) | gen / rank | peak RSS (MiB) "
        "| pop arrays (MiB) | profile of one generation (s, self time) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|", *rows]
    path = write_results(args.out, lines, raw)
    print(f"written: {path}")


if __name__ == "__main__":
    main()
