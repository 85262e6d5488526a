"""What evaluation costs besides the problem itself: the overhead per generation of each evaluator
against vectorized, the evaluation journal, and the checkpoint state.

    python bench/bench_evaluation.py [--pops 100 10000] [--gens 10] [--warmup 2] [--workers 2]
                                     [--repeats 3] [--out evaluation]

Evaluators (one run, interleaved). The problem is ZDT1 (n_var = 30, M = 2), whose own
evaluation is a few NumPy operations (the vectorized row: a few ms at pop 1e4, with the Runner's
checks and the CV), so what the other rows add is the evaluator's own cost:
batching, sending points and results, waiting. For each population size one NSGA-II asks a
population per generation and *every* evaluator evaluates that same population through
``paretix.evaluation.Runner`` (what ``minimize`` calls), in a rotating order; the results must be
bit-identical to the vectorized ones (the script stops otherwise), and NSGA-II is told the
vectorized evaluation. Evaluators: vectorized (this process), ``ProcessPool(n_workers)``
(spawned processes, problem sent once per worker), a ``concurrent.futures.ThreadPoolExecutor``
(``max_workers``), and ``Dask()`` with its embedded ``LocalCluster`` (``n_workers`` processes of
one thread). All use the default batches (about 4 per worker; vectorized: one). Start-up is
``Runner.__enter__`` (starting workers or the cluster) plus the first, untimed generation, and is
reported apart. After ``--warmup`` untimed generations, ``--gens`` timed generations: best and
median seconds of the evaluation step; s/gen adds the median ask + tell of NSGA-II measured in
the same generations; overhead = the evaluator's evaluation time - the vectorized one
(best - best, median - median).

Journal and checkpoint (the largest pop, NSGA-II on ZDT1, ``--journal-gens`` generations, the
initial one included: 1e5 evaluated points by default):

- ``minimize`` without a checkpoint, with ``archive=True`` (rows in memory), with
  ``checkpoint=DIR`` and ``checkpoint_every`` past the end (the journal, and the state once at
  the end) and with ``checkpoint=DIR`` (journal + state every generation), interleaved, best of
  ``--repeats``;
  the differences are the cost of keeping every point, given per 1e4 points;
- ``Journal.write`` of the records of one generation into a fresh file (one transaction, as the vectorized
  evaluator returns them, and in 8 transactions, as 2 workers' default batches return), plus
  the Runner building those records (``Runner._records``);
- ``CheckpointDir.save_state`` of the NSGA-II state at that population (``.npz`` + JSON, each written to a
  temporary file, fsynced and renamed).

Results (Markdown + JSON) go to bench/results/<out>.md with the machine and load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import loadavg, version  # noqa: E402
from bench_nsga3 import RESULTS, machine  # noqa: E402

import paretix  # noqa: E402
from paretix.evaluation import Dask, Journal, MemoryArchive, ProcessPool, Runner  # noqa: E402
from paretix.evaluation._checkpoint import CheckpointDir  # noqa: E402

EVALUATORS = ("vectorized", "processes", "threads", "dask", "processes-1", "dask-1")
DEFAULT = ("vectorized", "processes", "threads", "dask")


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"load average {loadavg()}"


def busy_processes() -> list[str]:
    """Other processes using more than 20 % of a CPU right now (who else loads the shared box)."""
    try:
        out = subprocess.run(["ps", "-eo", "pid,pcpu,args", "--sort=-pcpu"], capture_output=True, text=True,
                             check=True).stdout.splitlines()[1:]
    except (OSError, subprocess.CalledProcessError):
        return []
    busy = []
    for line in out:
        pid, pcpu, args = line.split(None, 2)
        if float(pcpu) > 20 and int(pid) != os.getpid():
            busy.append(f"{float(pcpu):.0f}% {args[:90]}")
    return busy


def make(kind: str, workers: int, pop: int):
    """(evaluator spec for Runner, things to shut down afterwards). "-1": one batch per worker."""
    one = -(-pop // workers)
    if kind == "vectorized":
        return None, []
    if kind == "processes":
        return ProcessPool(n_workers=workers), []
    if kind == "processes-1":
        return ProcessPool(n_workers=workers, batch_size=one), []
    if kind == "dask-1":
        return Dask(n_workers=workers, batch_size=one), []
    if kind == "threads":
        ex = ThreadPoolExecutor(max_workers=workers)
        return ex, [ex]
    if kind == "dask":
        return Dask(n_workers=workers), []
    raise ValueError(kind)


# -- evaluators ----------------------------------------------------------------------------------
def bench_evaluators(pop: int, gens: int, warmup: int, workers: int, kinds) -> dict:
    problem = paretix.problems.get("zdt1")
    algo = paretix.NSGA2(pop_size=pop)
    algo.setup(problem, seed=1, termination=("n_gen", warmup + gens + 2))
    runners, startup, first, cleanup = {}, {}, {}, []
    try:
        X = algo.ask()
        gen = algo.n_gen + 1
        ref = None
        for kind in kinds:  # start every evaluator, its first generation untimed (start-up)
            spec, extra = make(kind, workers, pop)
            cleanup += extra
            runner = Runner(problem, spec)
            t0 = time.perf_counter()
            runner.__enter__()
            startup[kind] = time.perf_counter() - t0
            runners[kind] = runner
            t0 = time.perf_counter()
            ev = runner.evaluate(X, gen)
            first[kind] = time.perf_counter() - t0
            ref = ev if kind == "vectorized" else ref
        algo.tell(ref)
        times = {k: [] for k in kinds}
        algo_times = []
        batches = {k: runners[k].evaluator.batch_size(pop) for k in kinds}
        for g in range(warmup + gens):
            t0 = time.perf_counter()
            X = algo.ask()
            t_ask = time.perf_counter() - t0
            gen = algo.n_gen + 1
            order = list(kinds[g % len(kinds):]) + list(kinds[:g % len(kinds)])
            evs = {}
            for kind in order:
                t0 = time.perf_counter()
                evs[kind] = runners[kind].evaluate(X, gen)
                dt = time.perf_counter() - t0
                if g >= warmup:
                    times[kind].append(dt)
            for kind in kinds:
                if not (np.array_equal(evs[kind].F, evs["vectorized"].F)
                        and np.array_equal(evs[kind].CV, evs["vectorized"].CV)):
                    raise SystemExit(f"{kind} evaluated generation {gen} differently from vectorized")
            t0 = time.perf_counter()
            algo.tell(evs["vectorized"])
            if g >= warmup:
                algo_times.append(t_ask + time.perf_counter() - t0)
    finally:
        for runner in runners.values():
            runner.close()
        for ex in cleanup:
            ex.shutdown(wait=True)
    t_algo = float(np.median(algo_times))
    vec_best, vec_med = min(times["vectorized"]), float(np.median(times["vectorized"]))
    rows = []
    for kind in kinds:
        best, med = min(times[kind]), float(np.median(times[kind]))
        rows.append({"pop": len(X), "evaluator": kind, "batch_size": batches[kind],
                     "tasks_per_gen": -(-len(X) // batches[kind]), "startup_s": startup[kind],
                     "first_gen_s": first[kind], "eval_best_s": best, "eval_median_s": med,
                     "overhead_best_s": best - vec_best, "overhead_median_s": med - vec_med,
                     "ask_tell_median_s": t_algo, "s_per_gen_median": med + t_algo,
                     "ratio_gen_to_vectorized": (med + t_algo) / (vec_med + t_algo), "eval_times_s": times[kind]})
    return {"pop": len(X), "workers": workers, "rows": rows}


# -- journal and checkpoint ----------------------------------------------------------------------
def bench_journal(pop: int, gens: int, repeats: int, tmp: Path) -> dict:
    problem = paretix.problems.get("zdt1")

    def run(mode: str, r: int) -> float:
        kw = {}
        if mode == "archive":
            kw["archive"] = True
        elif mode == "checkpoint":
            kw["checkpoint"] = str(tmp / f"ck-{r}")
        elif mode == "journal":  # the state written once, at the end
            kw.update(checkpoint=str(tmp / f"jo-{r}"), checkpoint_every=10**6)
        t0 = time.perf_counter()
        res = paretix.minimize(problem, paretix.NSGA2(pop_size=pop), ("n_gen", gens), seed=1, **kw)
        dt = time.perf_counter() - t0
        if mode != "none":
            assert len(res.evaluations()) == res.n_eval, "the journal lost points"
        return dt

    modes = ("none", "archive", "journal", "checkpoint")
    runs = {m: [] for m in modes}
    run("none", -1)  # warm-up (imports, first allocations)
    for r in range(repeats):
        for m in modes[r % len(modes):] + modes[:r % len(modes)]:
            runs[m].append(run(m, r))
    n_points = pop * gens
    best = {m: min(v) for m, v in runs.items()}
    minimize_rows = {m: {"best_s": best[m], "runs_s": runs[m],
                         "extra_per_1e4_points_s": (best[m] - best["none"]) / n_points * 1e4} for m in modes}

    # raw Journal.write and the Runner's records
    algo = paretix.NSGA2(pop_size=pop)
    algo.setup(problem, seed=1, termination=("n_gen", 10))
    X = algo.ask()
    sizes = (problem.n_var, problem.n_obj, problem.n_ieq_constr, problem.n_eq_constr)
    runner = Runner(problem, None, journal=MemoryArchive(*sizes))  # _records builds rows only for a journal
    with runner:
        ev = runner.evaluate(X, 1)
        idx = np.arange(len(X))
        t_rec = []
        for _ in range(repeats + 2):
            t0 = time.perf_counter()
            records = runner._records(idx, 1, "ok", "")
            t_rec.append(time.perf_counter() - t0)
    write = {}
    for label, n_tx in (("1 transaction", 1), ("8 transactions", 8)):
        ts = []
        for r in range(repeats + 2):
            path = tmp / f"journal-{n_tx}-{r}.sqlite"
            j = Journal(path, sizes)
            chunks = np.array_split(np.arange(len(records)), n_tx)
            t0 = time.perf_counter()
            for c in chunks:
                j.write([records[i] for i in c])
            ts.append(time.perf_counter() - t0)
            j.close()
        write[label] = {"best_s": min(ts), "median_s": float(np.median(ts)), "runs_s": ts}
    file_bytes = os.path.getsize(tmp / "journal-1-0.sqlite") + (
        os.path.getsize(tmp / "journal-1-0.sqlite-wal") if (tmp / "journal-1-0.sqlite-wal").exists() else 0)

    # checkpoint state at this population
    algo.tell(ev)
    state = algo._get_state()
    ck = CheckpointDir(tmp / "state")
    ts = []
    for r in range(repeats + 4):
        t0 = time.perf_counter()
        ck.save_state(state, r + 1)
        ts.append(time.perf_counter() - t0)
    npz = [p for p in os.listdir(ck.path) if p.endswith(".npz")][0]
    state_bytes = os.path.getsize(Path(ck.path) / npz) + os.path.getsize(ck.state_file)
    return {"pop": pop, "gens": gens, "points": n_points, "minimize": minimize_rows,
            "records_s": {"best_s": min(t_rec), "median_s": float(np.median(t_rec))},
            "journal_write_1e4": write, "journal_bytes_per_point": file_bytes / len(records),
            "state_write": {"best_s": min(ts), "median_s": float(np.median(ts)), "runs_s": ts, "bytes": state_bytes}}


# -- report --------------------------------------------------------------------------------------
def ms(s: float) -> str:
    return f"{s * 1e3:.2f}" if abs(s) < 1 else f"{s * 1e3:.0f}"


def report(args, ev_results, journal, load_start, uptime_start, t_total, busy) -> list[str]:
    versions = [f"python {platform.python_version()}", f"numpy {np.__version__}", f"paretix {paretix.__version__}",
                f"dask {version('dask')}", f"distributed {version('distributed')}"]
    lines = ["# Evaluation overhead, journal and checkpoint cost", "",
             f"- Date: {datetime.now(timezone.utc).isoformat(timespec='seconds')}",
             f"- Machine: {machine()}. A **shared 2-core box**: other engineers' jobs run on it, so the "
             "absolute times move between runs; compare within this file.",
             f"- Load at start: `{uptime_start}`; at the end: {loadavg()} (1, 5, 15 min)",
             "- Other processes above 20 % CPU at start / end: "
             f"{'; '.join(busy[0]) or 'none'} / {'; '.join(busy[1]) or 'none'}",
             f"- Versions: {', '.join(versions)}",
             f"- Command: `python {' '.join(sys.argv)}` ({t_total:.0f} s in all)", "",
             "Method: see the docstring of `bench/bench_evaluation.py`. The problem is ZDT1 (n_var = 30, M = 2), "
             "whose vectorized evaluation is negligible, so the numbers are the evaluator's own cost per "
             f"generation. {args.workers} workers for every parallel evaluator; default batches (about 4 per "
             f"worker). {args.gens} timed generations after {args.warmup} untimed ones; every evaluator "
             "evaluated the same populations in a rotating order and returned bit-identical F and CV.", "",
             "## Evaluators", "",
             "Times in milliseconds. *eval*: the evaluation step (`Runner.evaluate`, what `minimize` calls), "
             "best / median of the timed generations. *overhead*: eval - vectorized eval (best, median). "
             "*s/gen*: median eval + median NSGA-II ask + tell (measured in the same generations). "
             "*start-up*: starting the evaluator (workers or cluster) + its first generation, not counted "
             "in the rows' other columns.", "",
             "| pop | evaluator | tasks/gen | eval best | eval median | overhead best | overhead median "
             "| s/gen (ms) | gen / vectorized gen | start-up (ms) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for res in ev_results:
        for r in res["rows"]:
            lines.append(f"| {r['pop']} | {r['evaluator']} | {r['tasks_per_gen']} | {ms(r['eval_best_s'])} | "
                         f"{ms(r['eval_median_s'])} | {ms(r['overhead_best_s'])} | {ms(r['overhead_median_s'])} | "
                         f"{ms(r['s_per_gen_median'])} | {r['ratio_gen_to_vectorized']:.1f} | "
                         f"{ms(r['startup_s'])} + {ms(r['first_gen_s'])} |")
    if journal is not None:
        m = journal["minimize"]
        lines += ["", "## Journal and checkpoint", "",
                  f"`minimize(zdt1, NSGA2(pop_size={journal['pop']}), ('n_gen', {journal['gens']}))`: "
                  f"{journal['points']} evaluated points; best of {args.repeats} interleaved runs.", "",
                  "| run | s (best) | extra per 1e4 points (ms) |", "|---|---:|---:|"]
        for mode, label in (("none", "no checkpoint"), ("archive", "`archive=True` (rows in memory)"),
                            ("journal", "`checkpoint=DIR, checkpoint_every=10**6` (journal; state once, at the end)"),
                            ("checkpoint", "`checkpoint=DIR` (journal + state every generation)")):
            lines.append(f"| {label} | {m[mode]['best_s']:.3f} | {ms(m[mode]['extra_per_1e4_points_s'])} |")
        w = journal["journal_write_1e4"]
        st = journal["state_write"]
        n = journal["pop"]
        lines += ["", f"| step, pop {n} | best (ms) | median (ms) |", "|---|---:|---:|",
                  f"| Runner builds the {n} journal records | {ms(journal['records_s']['best_s'])} | "
                  f"{ms(journal['records_s']['median_s'])} |"]
        for label, v in w.items():
            lines.append(f"| `Journal.write` of {n} records, {label} | {ms(v['best_s'])} | {ms(v['median_s'])} |")
        lines += [f"| `CheckpointDir.save_state` (NSGA-II state, {st['bytes'] / 2**20:.1f} MiB, fsynced) | "
                  f"{ms(st['best_s'])} | {ms(st['median_s'])} |", "",
                  f"The journal takes {journal['journal_bytes_per_point']:.0f} bytes per point here "
                  "(x of 30 and f of 2 float64 values, plus the other columns). A write into a fresh file is "
                  "the lower bound; inside a run the file grows and SQLite's WAL checkpoints add to it, which "
                  "the `minimize` rows include (with the per-run costs: run.json, creating the SQLite file, "
                  "the final state)."]
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pops", type=int, nargs="+", default=[100, 10_000])
    ap.add_argument("--gens", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--evaluators", nargs="+", default=list(DEFAULT), choices=EVALUATORS,
                    help="processes-1, dask-1: one batch per worker instead of the default 4")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--journal-gens", type=int, default=10)
    ap.add_argument("--no-journal", action="store_true")
    ap.add_argument("--out", default="evaluation")
    args = ap.parse_args()
    kinds = ["vectorized"] + [k for k in args.evaluators if k != "vectorized"]
    load_start, uptime_start, busy_start = loadavg(), uptime(), busy_processes()
    t_start = time.perf_counter()
    ev_results = []
    for pop in args.pops:
        ev_results.append(bench_evaluators(pop, args.gens, args.warmup, args.workers, kinds))
        for r in ev_results[-1]["rows"]:
            print(f"pop {r['pop']:6d} {r['evaluator']:10s} eval best {r['eval_best_s'] * 1e3:8.2f} ms, median "
                  f"{r['eval_median_s'] * 1e3:8.2f} ms, overhead {r['overhead_median_s'] * 1e3:8.2f} ms, "
                  f"start-up {r['startup_s']:.2f} s + {r['first_gen_s']:.2f} s", flush=True)
    journal = None
    if not args.no_journal:
        tmp = Path(tempfile.mkdtemp(prefix="paretix-bench-"))
        try:
            journal = bench_journal(max(args.pops), args.journal_gens, args.repeats, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(json.dumps({k: v for k, v in journal.items() if k != "minimize"}, default=float)[:400], flush=True)
    t_total = time.perf_counter() - t_start
    busy = (busy_start, busy_processes())
    lines = report(args, ev_results, journal, load_start, uptime_start, t_total, busy)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{args.out}.md"
    path.write_text("\n".join(lines) + "\n")
    raw = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
           "load_start": load_start, "uptime_start": uptime_start, "load_end": loadavg(), "busy_processes": busy,
           "command": " ".join(sys.argv), "options": vars(args), "total_s": t_total,
           "versions": {"python": platform.python_version(), "numpy": np.__version__, "paretix": paretix.__version__,
                        "dask": version("dask"), "distributed": version("distributed")},
           "evaluators": ev_results, "journal": journal}
    path.with_suffix(".json").write_text(json.dumps(raw, indent=1) + "\n")
    print("\n".join(lines))
    print(f"written: {path}")


if __name__ == "__main__":
    main()
