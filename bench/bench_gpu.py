"""GPU benchmarks (run by scripts/gpu_check.sh on an NVIDIA H100/H200), peers in the same run.

    python bench/bench_gpu.py [--pops 10000 100000 1000000] [--gens 3] [--budget 330]
                              [--evox-max-pop 100000] [--fake]

- algorithms: NSGA-III, MOEA/D and HypE (one-shot survival, as EvoX's; the paper's greedy
  removal at the smallest size only) on DTLZ2 (M = 3,
  n_var = 12) with ``device="cuda"``: seconds per generation (best generation after the first,
  the stream synchronised), and EvoX (PyTorch on the same GPU) where it is installed and fits;
  targets: >= 10x EvoX at 1e4, an NSGA-III generation at 1e6 under 0.1 s.
- kernels: pareto_rank on 2N points of a DTLZ2 population, CUDA vs the CPU kernel (all cores).
- batched CMA-ES: 1e4 instances of a 10-D sphere, seconds per iteration, CuPy vs NumPy.

Every cell runs in a child process with a time cap, and cells stop starting once ``--budget``
seconds are spent, so the whole script fits the device lease. Results: bench/results/gpu.md and
gpu.json, naming the GPU, driver and CUDA versions. ``--fake`` runs everything tiny on
tests/fakecupy.py (no GPU): a smoke test of this script, not a measurement.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_nsga3 import header, write_results  # noqa: E402

CELL = r"""
import json, sys, time
import numpy as np
fake = sys.argv[1] == "fake"
if fake:
    sys.path.insert(0, sys.argv[2])
    import fakecupy as cp
    import paretix._array as A
    A._CUDA_NAMESPACE = "fakecupy"
    sync = lambda: None
else:
    import cupy as cp
    sync = lambda: cp.cuda.get_current_stream().synchronize()
import paretix
kind, algo_name, pop, gens = sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
out = {}
if kind == "algo":
    from paretix.ref_dirs import das_dennis
    from math import comb
    p = 1
    while comb(p + 3, 2) < pop:
        p += 1
    W = das_dennis(3, p)
    problem = paretix.problems.get("dtlz2", n_obj=3, n_var=12)
    if algo_name == "nsga3":
        algo = paretix.NSGA3(pop_size=len(W), ref_dirs=W)
    elif algo_name == "moead":
        algo = paretix.MOEAD(W)
    elif algo_name == "hype":  # one-shot truncation, the selection EvoX's HypE makes
        algo = paretix.HypE(pop, selection="one_shot")
    else:  # the paper's greedy removal (n_remove fitness recomputations per generation)
        algo = paretix.HypE(pop, selection="greedy")
    stamps = []
    def cb(a):
        sync(); stamps.append(time.perf_counter())
    t0 = time.perf_counter()
    paretix.minimize(problem, algo, termination=("n_gen", gens + 1), seed=1, callback=cb, device="cuda")
    times = np.diff(stamps)
    out = {"s_per_gen": float(times[1:].min() if len(times) > 1 else times.min()), "times": times.tolist(),
           "pop": pop if algo_name.startswith("hype") else int(len(W)), "total_s": time.perf_counter() - t0}
    if not fake:
        out["peak_gib"] = cp.get_default_memory_pool().total_bytes() / 2**30
elif kind == "rank":
    rng = np.random.default_rng(0)
    F = rng.random((2 * pop, 3))
    F /= np.linalg.norm(F, axis=1, keepdims=True)
    F *= 1 + 0.01 * rng.random((2 * pop, 1))
    D = cp.asarray(F)
    res = {}
    for name, arr in (("cuda", D), ("cpu", F)):
        best = float("inf")
        for _ in range(3):
            sync(); t = time.perf_counter()
            r = paretix.pareto_rank(arr, n_stop=pop)
            sync(); best = min(best, time.perf_counter() - t)
        res[name] = best
    same = bool((paretix.pareto_rank(D, n_stop=pop).get() == paretix.pareto_rank(F, n_stop=pop)).all())
    out = {"cuda_s": res["cuda"], "cpu_s": res["cpu"], "identical": same}
elif kind == "cmaes":
    x0 = np.random.default_rng(0).uniform(-3, 3, (pop, 10))
    res = {}
    for name, start in (("cuda", cp.asarray(x0)), ("cpu", x0)):
        es = paretix.BatchCMAES(start, 1.0, seed=1)
        its = []
        for _ in range(gens + 2):
            sync(); t = time.perf_counter()
            X, _ = es.ask()
            es.tell((X ** 2).sum(axis=-1))
            sync(); its.append(time.perf_counter() - t)
        res[name] = min(its[1:])
    out = {"cuda_s_per_iter": res["cuda"], "cpu_s_per_iter": res["cpu"]}
print("RESULT " + json.dumps(out))
"""

EVOX = r"""
import json, sys, time
import torch
from evox.algorithms import HypE, MOEAD, NSGA3
from evox.problems.numerical import DTLZ2
from evox.workflows import StdWorkflow
name, pop, gens = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_default_device("cuda")
torch.manual_seed(1)
lb, ub = torch.zeros(12), torch.ones(12)
if name == "nsga3":
    algo = NSGA3(pop_size=pop, n_objs=3, lb=lb, ub=ub)
elif name == "moead":
    algo = MOEAD(pop_size=pop, n_objs=3, lb=lb, ub=ub)
else:
    algo = HypE(pop_size=pop, n_objs=3, lb=lb, ub=ub, n_sample=10000)
wf = StdWorkflow(algo, DTLZ2(m=3, d=12))
wf.init_step()
times = []
for _ in range(gens + 1):
    torch.cuda.synchronize(); t = time.perf_counter(); wf.step(); torch.cuda.synchronize()
    times.append(time.perf_counter() - t)
import importlib.metadata as md
print("RESULT " + json.dumps({"s_per_gen": min(times[1:]), "times": times, "evox": md.version("evox"),
                              "torch": torch.__version__}))
"""


def _child(cmd: list[str], cap: float) -> dict:
    t = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=cap)
    except subprocess.TimeoutExpired:
        return {"status": f"over {cap:.0f} s"}
    for line in p.stdout.splitlines():
        if line.startswith("RESULT "):
            return {"status": "ok", "wall_s": time.perf_counter() - t, **json.loads(line[7:])}
    tail = (p.stderr or p.stdout).strip().splitlines()[-3:]
    return {"status": "failed", "error": " | ".join(tail)[-400:]}


def gpu_description(fake: bool) -> str:
    if fake:
        return "fakecupy (host emulation; not a measurement)"
    try:
        q = subprocess.run(["nvidia-smi", "--query-gpu=name,driver_version,memory.total", "--format=csv,noheader"],
                           capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        q = "nvidia-smi unavailable"
    try:
        import cupy

        rt = cupy.cuda.runtime.runtimeGetVersion()
        q += f"; CUDA runtime {rt // 1000}.{rt % 1000 // 10}; CuPy {cupy.__version__}"
    except Exception as exc:  # noqa: BLE001 - report whatever is missing
        q += f"; CuPy unavailable ({exc})"
    return q


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pops", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--gens", type=int, default=3)
    ap.add_argument("--budget", type=float, default=330.0, help="stop starting cells after this many seconds")
    ap.add_argument("--evox-max-pop", type=int, default=100_000)
    ap.add_argument("--fake", action="store_true", help="smoke test on fakecupy at tiny sizes")
    ap.add_argument("--name", default="gpu")
    args = ap.parse_args()
    if args.fake:
        args.pops, args.gens, args.name = [40, 120], 2, args.name + "_fake"
    mode = "fake" if args.fake else "cuda"
    tests = str(HERE.parent / "tests")
    start = time.perf_counter()
    raw = {"gpu": gpu_description(args.fake), "cells": []}

    def run(label, cmd, cap):
        left = args.budget - (time.perf_counter() - start)
        res = {"status": "not run (time budget)"} if left < 10 else _child(cmd, min(cap, left))
        raw["cells"].append({"cell": label, **res})
        print(label, res, flush=True)
        return res

    cell = [sys.executable, "-c", CELL, mode, tests]
    rows = []
    for pop in args.pops:
        cap = 40 if pop <= 10_000 else (80 if pop <= 100_000 else 120)
        for algo in ("nsga3", "moead", "hype", "hype_greedy"):
            if algo == "hype_greedy" and pop > min(args.pops):
                continue
            ours = run(f"{algo} {pop}", cell + ["algo", algo, str(pop), str(args.gens)], cap)
            peer = {"status": "not run"}
            if not args.fake and pop <= args.evox_max_pop and algo != "hype_greedy":
                peer = run(f"evox {algo} {pop}", [sys.executable, "-c", EVOX, algo, str(pop), str(args.gens)], cap)
            rows.append((algo, pop, ours, peer))
    rank_rows = [(pop, run(f"rank {2 * pop}", cell + ["rank", "-", str(pop), "0"], 60)) for pop in args.pops]
    n_cma = 40 if args.fake else 10_000
    cma = run(f"batch cmaes {n_cma}", cell + ["cmaes", "-", str(n_cma), str(max(args.gens, 5))], 90)

    def s(c, key="s_per_gen"):
        return f"{c[key]:.4g}" if c.get("status") == "ok" else c.get("status", "?")

    lines = header("GPU benchmarks: NSGA-III, MOEA/D, HypE, pareto_rank, batched CMA-ES",
                   "python bench/bench_gpu.py " + " ".join(sys.argv[1:]))
    lines += [f"- GPU: {raw['gpu']}", "",
              "## Algorithms on DTLZ2 (M = 3, n_var = 12), device='cuda', seconds per generation", "",
              "| algorithm | pop | paretix s/gen | EvoX s/gen | EvoX / paretix |", "|---|---:|---:|---:|---:|"]
    for algo, pop, ours, peer in rows:
        ratio = (f"{peer['s_per_gen'] / ours['s_per_gen']:.1f}x"
                 if ours.get("status") == "ok" and peer.get("status") == "ok" else "-")
        lines.append(f"| {algo} | {ours.get('pop', pop)} | {s(ours)} | {s(peer)} | {ratio} |")
    lines += ["", "## pareto_rank(2N points, n_stop=N): CUDA vs CPU (native, all cores)", "",
              "| 2N | cuda s | cpu s | identical |", "|---:|---:|---:|---|"]
    for pop, c in rank_rows:
        lines.append(f"| {2 * pop} | {s(c, 'cuda_s')} | {s(c, 'cpu_s')} | {c.get('identical', '-')} |")
    lines += ["", f"## Batched CMA-ES: {n_cma} instances of a 10-D sphere, seconds per iteration", "",
              f"- CuPy: {s(cma, 'cuda_s_per_iter')}; NumPy (CPU): {s(cma, 'cpu_s_per_iter')}", ""]
    out = write_results(args.name, lines, raw)
    print(out.read_text())


if __name__ == "__main__":
    main()
