"""HypE benchmarks: quality against paretix NSGA-III, speed against EvoX's HypE, in the same run.

    python bench/bench_hype.py quality [--seeds 11] [--problems dtlz2 wfg4 zdt1]
    python bench/bench_hype.py speed [--pops 92 1000 9870 100000 1000000] [--gens 3] [--warmup 0]
                                     [--evox-python /work/venv-evox/bin/python] [--cap 600]

quality: median (and best / worst) hypervolume of the final non-dominated set over the seeds.
         DTLZ2 (M = 3, n_var = 12, 250 generations) and WFG4 (M = 3, n_var = 24: k = 4, l = 20,
         400 generations) with the NSGA-III settings (pop 92; NSGA-III with 91 Das-Dennis
         directions, SBX eta 30, PM eta 20 for every algorithm); ZDT1 (n_var = 30, pop 100,
         200 generations) against NSGA-II. HypE variants: greedy / one-shot survival, tournament /
         random mating. Reference points for the indicator: 1.1 x the true nadir.
speed:   seconds per generation (initialisation excluded; best generation after the first timed
         one) on DTLZ2 (M = 3, n_var = 12), each configuration in its own process (peak RSS
         reported), killed after --cap seconds; EvoX's HypE (torch, CPU, eager) with the same
         population and 10,000 samples through --evox-python, where it fits.
Results (Markdown + JSON) go to bench/results/hype*.md with the machine description.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_nsga3 import header, write_results  # noqa: E402

import paretix  # noqa: E402
from paretix.ref_dirs import das_dennis  # noqa: E402

QUALITY = {  # problem: (kwargs, pop, gens, indicator ref)
    "dtlz2": ({"n_obj": 3, "n_var": 12}, 92, 250, [1.1, 1.1, 1.1]),
    "wfg4": ({"n_obj": 3, "n_var": 24}, 92, 400, [2.2, 4.4, 6.6]),
    "zdt1": ({}, 100, 200, [1.1, 1.1]),
}
VARIANTS = {
    "HypE greedy, tournament (default)": {},
    "HypE greedy, random mating": {"mating": "random"},
    "HypE one-shot, tournament": {"selection": "one_shot"},
}


def _peer(problem_name: str, m: int, pop: int):
    if m == 2:
        return "NSGA-II", paretix.NSGA2(pop_size=pop)
    return "NSGA-III", paretix.NSGA3(das_dennis(m, 12), pop_size=pop)


def quality(args) -> None:
    rows, raw = [], []
    for name in args.problems:
        kw, pop, gens, ref = QUALITY[name]
        problem = paretix.problems.get(name, **kw)
        m = problem.n_obj
        runs: dict[str, list] = {}
        times: dict[str, float] = {}
        for seed in range(1, args.seeds + 1):  # interleaved per seed
            algos = [(label, paretix.HypE(pop_size=pop, **v)) for label, v in VARIANTS.items()]
            algos.append(_peer(name, m, pop))
            for label, algo in algos:
                t = time.perf_counter()
                res = paretix.minimize(problem, algo, ("n_gen", gens), seed=seed)
                times[label] = times.get(label, 0.0) + time.perf_counter() - t
                runs.setdefault(label, []).append(paretix.hypervolume(res.F, ref=ref))
            print(name, seed, {k: round(v[-1], 4) for k, v in runs.items()}, flush=True)
        peer = _peer(name, m, pop)[0]
        med_peer = float(np.median(runs[peer]))
        for label, hv in runs.items():
            med = float(np.median(hv))
            verdict = "-" if label == peer else (">= " + peer if med >= med_peer else "< " + peer)
            rows.append(f"| {name} | {m} | {pop} | {gens} | {label} | {np.min(hv):.4f} / {med:.4f} / "
                        f"{np.max(hv):.4f} | {verdict} | {times[label] / args.seeds:.2f} |")
            raw.append({"problem": name, "n_obj": m, "pop": pop, "gens": gens, "algorithm": label, "hv": hv,
                        "ref": ref, "s_per_run": times[label] / args.seeds})
    lines = header("HypE quality: hypervolume against NSGA-III / NSGA-II", " ".join(sys.argv)) + [
        f"- Method: {args.seeds} seeds (1..{args.seeds}), algorithms interleaved per seed; hypervolume of the final "
        "non-dominated set at the reference point in the table; cells are worst / median / best.",
        "- Settings: SBX eta 30 p 1, PM eta 20 p_var 1/n_var and duplicate elimination for every algorithm; "
        "HypE with 10,000 samples where it uses Monte Carlo (fitness='auto': exact for 2 objectives and for "
        "3-objective sets up to 250 points, 80 for greedy removal), its adaptive reference point "
        "(worst + 0.1 x range of the set compared).",
        "- Indicator reference points: DTLZ2 (1.1, 1.1, 1.1), WFG4 (2.2, 4.4, 6.6), ZDT1 (1.1, 1.1).", "",
        "| problem | M | pop | gens | algorithm | HV worst / median / best | median vs peer | s/run |",
        "|---|---:|---:|---:|---|---|---|---:|", *rows]
    write_results("hype_quality", lines, raw)
    print("\n".join(lines))


# -- speed ------------------------------------------------------------------------------------------


def _one_speed(pop: int, selection: str, gens: int, warmup: int = 0) -> dict:
    """One configuration, in this process: s/gen of HypE on DTLZ2 (M = 3, n_var = 12), timed
    after ``warmup`` untimed generations."""
    import resource

    problem = paretix.problems.get("dtlz2", n_obj=3, n_var=12)
    algo = paretix.HypE(pop_size=pop, selection=selection).setup(problem, seed=1,
                                                                 termination=("n_gen", warmup + gens + 1))
    for _ in range(warmup + 1):
        algo.tell(problem.evaluate(algo.ask()))
    times = []
    while algo.has_next():
        t = time.perf_counter()
        algo.tell(problem.evaluate(algo.ask()))
        times.append(time.perf_counter() - t)
    return {"s_per_gen": min(times[1:]) if len(times) > 1 else times[0], "times": times,
            "max_rss_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20}


EVOX_SCRIPT = r"""
import json, resource, sys, time
import torch
from evox.algorithms import HypE
from evox.problems.numerical import DTLZ2
from evox.workflows import StdWorkflow
pop, gens = int(sys.argv[1]), int(sys.argv[2])
torch.manual_seed(1)
algo = HypE(pop_size=pop, n_objs=3, lb=torch.zeros(12), ub=torch.ones(12), n_sample=10000)
wf = StdWorkflow(algo, DTLZ2(m=3, d=12))
wf.init_step()
times = []
for _ in range(gens):
    t = time.perf_counter(); wf.step(); times.append(time.perf_counter() - t)
print(json.dumps({"s_per_gen": min(times[1:]) if len(times) > 1 else times[0], "times": times,
                  "max_rss_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
                  "evox": __import__("importlib.metadata").metadata.version("evox"), "torch": torch.__version__}))
"""


def _run_child(cmd: list[str], cap: float) -> dict:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=cap)
    except subprocess.TimeoutExpired:
        return {"status": f"timeout (> {cap:.0f} s)"}
    if p.returncode != 0:
        tail = (p.stderr or p.stdout).strip().splitlines()[-1:] or [f"exit code {p.returncode}"]
        return {"status": f"failed: {tail[0][:200]}" + (" (killed: memory?)" if p.returncode in (-9, 137) else "")}
    out = json.loads(p.stdout.strip().splitlines()[-1])
    out["status"] = "ok"
    return out


def speed(args) -> None:
    rows, raw = [], []
    for pop in args.pops:
        cells = {}
        for selection in ("greedy", "one_shot"):
            if selection == "greedy" and pop > args.greedy_max_pop:
                cells[selection] = {"status": f"not run (pop > {args.greedy_max_pop})"}
                continue
            cells[selection] = _run_child([sys.executable, __file__, "_one", "--pop", str(pop), "--selection",
                                           selection, "--gens", str(args.gens), "--warmup", str(args.warmup)],
                                          args.cap)
            print(pop, selection, cells[selection], flush=True)
        if args.evox_python and pop <= args.evox_max_pop and not args.warmup:
            cells["evox"] = _run_child([args.evox_python, "-c", EVOX_SCRIPT, str(pop), str(args.gens)], args.cap)
        else:
            cells["evox"] = {"status": "not run" if args.evox_python and not args.warmup else
                             ("no --evox-python" if not args.evox_python else "not run (warm-up)")}
        print(pop, "evox", cells["evox"], flush=True)

        def cell(c):
            if c.get("status") != "ok":
                return c.get("status", "-"), "-"
            return f"{c['s_per_gen']:.4g}", f"{c['max_rss_gib']:.2f}"

        g, o, e = cell(cells["greedy"]), cell(cells["one_shot"]), cell(cells["evox"])
        ratio = "-"
        if cells["evox"].get("status") == "ok" and cells["greedy"].get("status") == "ok":
            ratio = f"{cells['evox']['s_per_gen'] / cells['greedy']['s_per_gen']:.1f}x"
        rows.append(f"| {pop} | {g[0]} | {g[1]} | {o[0]} | {o[1]} | {e[0]} | {e[1]} | {ratio} |")
        raw.append({"pop": pop, **{k: v for k, v in cells.items()}})
    evox_v = next((c["evox"].get("evox") for c in raw if c["evox"].get("status") == "ok"), None)
    times = "; ".join(f"{c['pop']} {k}: " + ", ".join(f"{t:.3g}" for t in c[k]["times"])
                      for c in raw for k in ("greedy", "one_shot") if c[k].get("status") == "ok")
    lines = header("HypE speed: seconds per generation on DTLZ2 (M = 3, n_var = 12)", " ".join(sys.argv)) + [
        f"- Method: each configuration in its own process; {args.gens} generations after the initial one"
        f"{f' and {args.warmup} untimed ones' if args.warmup else ''}, the best after the first timed one (every "
        f"timed generation, s: {times}); peak RSS of the process (GiB); a configuration is stopped after "
        f"{args.cap:.0f} s. paretix: HypE(pop_size=N, selection=...), 10,000 samples, fitness='auto' (Monte Carlo "
        "above 250 / 80 points), native backend, threads as available.",
        f"- EvoX: HypE(pop_size=N, n_objs=3, n_sample=10000) in a StdWorkflow, torch CPU, eager "
        f"(evox {evox_v or '?'}); its fitness builds a samples x N x M comparison and its sorting an N x N x M "
        "one. Ratio = EvoX / paretix greedy.", "",
        "| pop | greedy s/gen | greedy GiB | one-shot s/gen | one-shot GiB | EvoX s/gen | EvoX GiB | EvoX / greedy |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|", *rows]
    write_results(f"hype_speed_warm{args.warmup}" if args.warmup else "hype_speed", lines, raw)
    print("\n".join(lines))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    q = sub.add_parser("quality")
    q.add_argument("--seeds", type=int, default=11)
    q.add_argument("--problems", nargs="+", default=list(QUALITY))
    q.set_defaults(func=quality)
    s = sub.add_parser("speed")
    s.add_argument("--pops", type=int, nargs="+", default=[92, 1000, 9870, 100_000, 1_000_000])
    s.add_argument("--gens", type=int, default=3)
    s.add_argument("--warmup", type=int, default=0, help="untimed generations first (later, fuller fronts)")
    s.add_argument("--cap", type=float, default=600.0)
    s.add_argument("--greedy-max-pop", type=int, default=100_000)
    s.add_argument("--evox-python", default="/work/venv-evox/bin/python")
    s.add_argument("--evox-max-pop", type=int, default=10_000)
    s.set_defaults(func=speed)
    o = sub.add_parser("_one")
    o.add_argument("--pop", type=int, required=True)
    o.add_argument("--selection", required=True)
    o.add_argument("--gens", type=int, default=3)
    o.add_argument("--warmup", type=int, default=0)
    args = ap.parse_args()
    if args.what == "_one":
        print(json.dumps(_one_speed(args.pop, args.selection, args.gens, args.warmup)))
        return
    args.func(args)


if __name__ == "__main__":
    main()
