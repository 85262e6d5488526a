#!/usr/bin/env python
"""Benchmark CMA-ES: paretix against pycma (``cma``) and ``cmaes``, in the same run.

Three parts, each interleaving the tools (paretix, then the peers, for every seed or round):

1. quality: evaluations to reach f < 1e-8 (f* = 0) from x0 ~ U[-4, 4]^n with sigma0 = 2 and
   IPOP restarts, on the sphere, a rotated ellipsoid (condition 1e6), Rosenbrock, Rastrigin and
   a sphere whose optimum is the corner x = 5 of the box [-5, 5]^n (unconstrained minimum at 6,
   outside the box); success rate and median evaluations, ratio paretix / pycma;
2. speed: algorithm time per iteration (ask + tell, the objective excluded) at n = 10, 100, 1000,
   mean over K iterations (lazy eigendecompositions included), best of R rounds;
3. batch: 1000 instances of the 10-D sphere for 100 iterations (f included): paretix.BatchCMAES,
   a NumPy batched CMA-ES (eigh every iteration, as peers write it), and pycma / cmaes looped
   over the instances (a subset, scaled linearly to 1000).

Times are CPU seconds of this process (``time.process_time``) with one BLAS thread: the machines
are shared, and CPU time is what load disturbs least. Only compare numbers within one results
file.

Examples::

    python bench/bench_cmaes.py --quick                     # smoke test (minutes)
    python bench/bench_cmaes.py                             # the full grid (hours: Rastrigin-40)
    python bench/bench_cmaes.py --parts quality --dims 10 --seeds 10 --out /tmp/q.md
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: one BLAS thread for every tool
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import datetime as _dt
import json
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np

DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "cmaes.md"
FUNCTIONS = ("sphere", "ellipsoid", "rosenbrock", "rastrigin", "sphere_corner")
TARGET = 1e-8


# --------------------------------------------------------------------------------------------
# Test functions (vectorised: X (k, n) -> (k,))
# --------------------------------------------------------------------------------------------


def make_function(name: str, n: int):
    if name == "sphere":
        return lambda X: (X**2).sum(axis=-1), None
    if name == "ellipsoid":
        R, _ = np.linalg.qr(np.random.default_rng(12345 + n).standard_normal((n, n)))
        c = 1e6 ** (np.arange(n) / (n - 1))
        return lambda X: ((X @ R.T) ** 2 * c).sum(axis=-1), None
    if name == "rosenbrock":
        return lambda X: (100 * (X[..., 1:] - X[..., :-1] ** 2) ** 2 + (1 - X[..., :-1]) ** 2).sum(axis=-1), None
    if name == "rastrigin":
        return lambda X: 10 * X.shape[-1] + (X**2 - 10 * np.cos(2 * np.pi * X)).sum(axis=-1), None
    if name == "sphere_corner":  # box [-5, 5]^n, unconstrained minimum at 6: the optimum is the corner 5
        return lambda X: ((X - 6.0) ** 2).sum(axis=-1) - X.shape[-1], (-5.0, 5.0)
    raise ValueError(name)


# --------------------------------------------------------------------------------------------
# Quality
# --------------------------------------------------------------------------------------------


def run_paretix(f, x0, bounds, seed, budget, restarts, **kw):
    from paretix.cmaes import fmin

    t0 = time.process_time()
    res = fmin(f, x0, 2.0, bounds=bounds, seed=seed, ftarget=TARGET, max_evals=budget, restarts=restarts,
               vectorized=True, **kw)
    return {"ok": bool(res.f < TARGET), "evals": int(res.n_eval), "f": float(res.f), "cpu": time.process_time() - t0,
            "runs": len(res.runs)}


def run_pycma(f, x0, bounds, seed, budget, restarts):
    import cma

    opts = {"ftarget": TARGET, "verbose": -9, "seed": seed + 1, "maxfevals": budget}
    if bounds is not None:
        opts["bounds"] = list(bounds)
    t0 = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, es = cma.fmin2(lambda x: float(f(np.asarray(x))), x0, 2.0, opts, restarts=restarts)
    fb = float(es.result.fbest)
    return {"ok": fb < TARGET, "evals": int(es.result.evaluations), "f": fb, "cpu": time.process_time() - t0,
            "runs": None}


def quality(args, log) -> list:
    rows = []
    for n in args.dims:
        for name in args.functions:
            if name == "rastrigin" and n > args.rastrigin_max_dim:
                log(f"quality: skip rastrigin-{n} (--rastrigin-max-dim {args.rastrigin_max_dim})")
                continue
            f, bounds = make_function(name, n)
            budget = int(args.budget_factor * (1e4 if name != "rastrigin" else 1e5) * n)
            seeds = args.seeds if name != "rastrigin" or n <= 10 else max(3, args.seeds // 2)
            tools = [("paretix", {}), ("pycma", None)]
            if name == "sphere_corner":
                tools.insert(1, ("paretix-penalty", {"bounds_method": "penalty"}))
            if args.cholesky:
                tools.insert(1, ("paretix-cholesky", {"factorization": "cholesky"}))
            res = {t: [] for t, _ in tools}
            for seed in range(seeds):
                x0 = np.random.default_rng([seed, n]).uniform(-4, 4, n)
                for tool, kw in tools:
                    if tool == "pycma":
                        out = run_pycma(f, x0, bounds, seed, budget, args.restarts)
                    else:
                        out = run_paretix(f, x0, bounds, seed, budget, args.restarts, **kw)
                    res[tool].append(out)
                log(f"quality {name}-{n} seed {seed}: " + ", ".join(
                    f"{t} {r[-1]['evals']}{'' if r[-1]['ok'] else ' (fail)'}" for t, r in res.items()))
            rows.append({"function": name, "n": n, "budget": budget, "seeds": seeds, "results": res})
    return rows


def _median_ok(runs):
    ok = [r["evals"] for r in runs if r["ok"]]
    return float(np.median(ok)) if ok else None


# --------------------------------------------------------------------------------------------
# Speed per iteration (objective excluded)
# --------------------------------------------------------------------------------------------


def speed_tools():
    import cma

    from paretix.algorithms._cma.engine import Engine

    tools = {}

    def px_engine(n, seed):
        e = Engine(np.full((1, n), 0.5), np.array([0.3]), rng=np.random.default_rng(seed), tolfun=0, tolx=0,
                   maxiter=1e12, tolstagnation=False, tolflatfitness=10**9)
        F = np.empty((1, e.L))

        def step(fvals):
            e.ask()
            F[0, : len(fvals)] = fvals
            e.tell(F)
        return step, int(e.lam[0])
    tools["paretix"] = px_engine

    def px_algorithm(n, seed):
        import paretix

        problem = paretix.Problem.from_functions(lambda X: X[:, 0], xl=-np.inf * np.ones(n), xu=np.inf)
        algo = paretix.CMAES(np.full(n, 0.5), 0.3, tolfun=0, tolx=0, maxiter=1e12, tolstagnation=False,
                             tolflatfitness=10**9).setup(problem, seed=seed)

        def step(fvals):
            X = algo.ask()
            algo.tell(X, fvals)
        return step, int(algo.engine.lam[0])
    tools["paretix.CMAES"] = px_algorithm

    def pycma(n, seed):
        es = cma.CMAEvolutionStrategy(np.full(n, 0.5), 0.3, {"verbose": -9, "seed": seed + 1, "tolfun": 0,
                                                              "tolx": 0, "tolflatfitness": 10**9})

        def step(fvals):
            X = es.ask()
            es.tell(X, list(fvals))
        return step, es.popsize
    tools["pycma"] = pycma
    try:
        import cmaes

        def cm(n, seed):
            o = cmaes.CMA(mean=np.full(n, 0.5), sigma=0.3, seed=seed)

            def step(fvals):
                xs = [o.ask() for _ in range(o.population_size)]
                o.tell(list(zip(xs, fvals)))
            return step, o.population_size
        tools["cmaes"] = cm
    except ImportError:
        pass
    return tools


def speed(args, log) -> list:
    tools = speed_tools()
    rows = []
    for n in args.speed_dims:
        iters = {10: 300, 100: 150, 1000: 30}.get(n, max(10, 3000 // n))
        best = {t: np.inf for t in tools}
        med = {t: np.inf for t in tools}
        for rnd in range(args.repeats):
            order = list(tools)[rnd % len(tools):] + list(tools)[: rnd % len(tools)]
            for t in order:
                step, lam = tools[t](n, rnd)
                rng = np.random.default_rng(rnd)
                fv = rng.random((iters + 2, lam))
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    step(fv[0])  # warm-up
                    times = []
                    t0 = time.process_time()
                    for k in range(iters):
                        s = time.process_time()
                        step(fv[k + 1])
                        times.append(time.process_time() - s)
                    total = time.process_time() - t0
                best[t] = min(best[t], total / iters)
                med[t] = min(med[t], float(np.median(times)))
            log(f"speed n={n} round {rnd}: " + ", ".join(f"{t} {best[t] * 1e3:.3f} ms" for t in tools))
        rows.append({"n": n, "iterations": iters, "mean_ms": {t: best[t] * 1e3 for t in tools},
                     "median_ms": {t: med[t] * 1e3 for t in tools}})
    return rows


# --------------------------------------------------------------------------------------------
# Batch: 1000 instances of the 10-D sphere, 100 iterations
# --------------------------------------------------------------------------------------------


class NumpyBatchCMA:
    """A NumPy batched CMA-ES as peers write it (tutorial defaults, active weights, einsum and a
    stacked eigh every iteration): the baseline of the batch benchmark."""

    def __init__(self, x0, sigma0, seed):
        B, n = x0.shape
        self.rng = np.random.default_rng(seed)
        lam = 4 + int(3 * np.log(n))
        mu = lam // 2
        wp = np.log((lam + 1) / 2) - np.log(np.arange(1, lam + 1))
        mueff = wp[:mu].sum() ** 2 / (wp[:mu] ** 2).sum()
        mueffm = wp[mu:].sum() ** 2 / (wp[mu:] ** 2).sum()
        c1 = 2 / ((n + 1.3) ** 2 + mueff)
        cmu = min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) ** 2 + mueff))
        amin = min(1 + c1 / cmu, 1 + 2 * mueffm / (mueff + 2), (1 - c1 - cmu) / (n * cmu))
        self.w = np.where(wp >= 0, wp / wp[wp > 0].sum(), amin * wp / -wp[wp < 0].sum())
        self.cs = (mueff + 2) / (n + mueff + 5)
        self.ds = 1 + 2 * max(0, np.sqrt((mueff - 1) / (n + 1)) - 1) + self.cs
        self.cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n)
        self.c1, self.cmu, self.mueff, self.lam, self.mu, self.n = c1, cmu, mueff, lam, mu, n
        self.chin = np.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n))
        self.m, self.sigma = x0.copy(), np.full(B, float(sigma0))
        self.C = np.tile(np.eye(n), (B, 1, 1))
        self.ps, self.pc = np.zeros((B, n)), np.zeros((B, n))
        self.g = 0

    def ask(self):
        e, V = np.linalg.eigh(self.C)
        self.Bm, self.D = V, np.sqrt(np.maximum(e, 1e-30))
        self.Z = self.rng.standard_normal((self.m.shape[0], self.lam, self.n))
        self.Y = np.einsum("bij,bkj->bki", self.Bm * self.D[:, None, :], self.Z)
        return self.m[:, None, :] + self.sigma[:, None, None] * self.Y

    def tell(self, F):
        idx = np.argsort(F, axis=1)
        y = np.take_along_axis(self.Y, idx[:, :, None], axis=1)
        z = np.take_along_axis(self.Z, idx[:, :, None], axis=1)
        w, mu = self.w, self.mu
        yw = np.einsum("k,bkn->bn", w[:mu], y[:, :mu])
        zw = np.einsum("k,bkn->bn", w[:mu], z[:, :mu])
        self.m = self.m + self.sigma[:, None] * yw
        self.ps = (1 - self.cs) * self.ps + np.sqrt(self.cs * (2 - self.cs) * self.mueff) * np.einsum(
            "bij,bj->bi", self.Bm, zw)
        nps = np.linalg.norm(self.ps, axis=1)
        hs = (nps / np.sqrt(1 - (1 - self.cs) ** (2 * (self.g + 1))) < (1.4 + 2 / (self.n + 1)) * self.chin) * 1.0
        self.pc = (1 - self.cc) * self.pc + (hs * np.sqrt(self.cc * (2 - self.cc) * self.mueff))[:, None] * yw
        wo = np.where(w >= 0, w, w * self.n / (z**2).sum(axis=2))
        a = 1 + self.c1 * (1 - hs) * self.cc * (2 - self.cc) - self.c1 - self.cmu * w.sum()
        self.C = (a[:, None, None] * self.C + self.c1 * np.einsum("bi,bj->bij", self.pc, self.pc)
                  + self.cmu * np.einsum("bk,bki,bkj->bij", wo, y, y))
        self.sigma = self.sigma * np.exp(np.minimum(1, (self.cs / self.ds) * (nps / self.chin - 1)))
        self.g += 1


def batch(args, log) -> dict:
    import cma

    import paretix

    B, n, iters = args.batch_instances, 10, 100
    x0 = np.random.default_rng(0).uniform(-4, 4, (B, n))
    sphere = lambda X: (X**2).sum(axis=-1)
    out = {}

    clock = time.process_time

    def timed_f(X, acc):
        """sphere(X), its CPU time added to acc[0] (the algorithm's time is the rest)."""
        t = clock()
        F = sphere(X)
        acc[0] += clock() - t
        return F

    def px(**kw):
        es = paretix.BatchCMAES(x0, 2.0, seed=1, tolfun=0, tolx=0, **kw)
        acc = [0.0]
        t0 = clock()
        for _ in range(iters):
            X, _ = es.ask()
            es.tell(timed_f(X, acc))
        return clock() - t0, acc[0], es.result().f, B

    def npb():
        es = NumpyBatchCMA(x0, 2.0, 1)
        best = np.full(B, np.inf)
        acc = [0.0]
        t0 = clock()
        for _ in range(iters):
            F = timed_f(es.ask(), acc)
            best = np.minimum(best, F.min(axis=1))
            es.tell(F)
        return clock() - t0, acc[0], best, B

    def looped_pycma():
        k = min(B, args.batch_loop_instances)
        best = []
        acc = [0.0]
        t0 = clock()
        for b in range(k):
            es = cma.CMAEvolutionStrategy(x0[b], 2.0, {"verbose": -9, "seed": b + 1, "tolfun": 0, "tolx": 0})
            for _ in range(iters):
                X = es.ask()
                es.tell(X, list(timed_f(np.asarray(X), acc)))
            best.append(es.result.fbest)
        return clock() - t0, acc[0], np.array(best), k

    def looped_cmaes():
        import cmaes

        k = min(B, args.batch_loop_instances)
        best = []
        acc = [0.0]
        t0 = clock()
        for b in range(k):
            o = cmaes.CMA(mean=x0[b].copy(), sigma=2.0, seed=b + 1)
            fb = np.inf
            for _ in range(iters):
                xs = [o.ask() for _ in range(o.population_size)]
                fs = timed_f(np.array(xs), acc)
                fb = min(fb, fs.min())
                o.tell(list(zip(xs, fs)))
            best.append(fb)
        return clock() - t0, acc[0], np.array(best), k

    tools = {"paretix.BatchCMAES": px, "paretix.BatchCMAES (backend='xp')": lambda: px(backend="xp"),
             "paretix.BatchCMAES (factorization='eigen')": lambda: px(factorization="eigen"),
             "NumPy batched": npb,
             "pycma looped": looped_pycma}
    try:
        import cmaes  # noqa: F401

        tools["cmaes looped"] = looped_cmaes
    except ImportError:
        pass
    for rnd in range(args.batch_repeats):
        for name, fn in tools.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cpu, cpu_f, fbest, k = fn()
            cpu_full, algo_full = cpu * B / k, (cpu - cpu_f) * B / k
            prev = out.get(name)
            if prev is None or cpu_full < prev["cpu_s"]:
                out[name] = {"cpu_s": cpu_full, "instances_timed": k, "median_final_f": float(np.median(fbest)),
                             "us_per_instance_iteration": cpu_full / (B * iters) * 1e6}
            if prev is None or algo_full < prev.get("algorithm_cpu_s", np.inf):
                out[name]["algorithm_cpu_s"] = algo_full
                out[name]["algorithm_us_per_instance_iteration"] = algo_full / (B * iters) * 1e6
            log(f"batch round {rnd} {name}: {cpu_full:.3f} s, {algo_full:.3f} s without f (timed {k} instances)")
    return {"instances": B, "dim": n, "iterations": iters, "results": out}


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:  # noqa: BLE001 - any failure means: not installed
        return "not installed"


def machine_info() -> dict:
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "logical_cores": os.cpu_count(), "platform": platform.platform(),
            "loadavg_start": [round(x, 2) for x in os.getloadavg()]}


def _fmt(x, digits=3):
    return "–" if x is None else f"{x:.{digits}g}"


def markdown(meta, q, s, b) -> str:
    lines = ["# CMA-ES benchmark: paretix vs pycma and cmaes", ""]
    m = meta["machine"]
    lines += [
        f"- Date: {meta['date']}; machine: {m['cpu']}, {m['logical_cores']} logical cores, {m['platform']}",
        f"- Load average at start {m['loadavg_start']}, at end {meta.get('loadavg_end')} (a shared machine: "
        "other jobs ran during the benchmark)",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()),
        "- Times are CPU seconds of the benchmark process, one BLAS thread; only compare within this file.",
        f"- Command: `{meta['command']}`",
        "",
    ]
    if q:
        lines += ["## Quality: evaluations to f < 1e-8", "",
                  f"x0 ~ U[-4, 4]^n, sigma0 = 2, IPOP with up to {meta['config']['restarts']} restarts for every "
                  "tool, budget per run in the table. `succ` = runs that reached the target; `median` = median "
                  "evaluations of the successful runs; ratio = paretix median / pycma median (< 1: paretix "
                  "needs fewer). `sphere_corner`: box [-5, 5]^n, unconstrained minimum at 6 (the optimum is "
                  "the corner x = 5); paretix's default bound handling is pycma's transform, "
                  "`paretix-penalty` is the repair + adaptive penalty method; `paretix-cholesky` samples through a "
                  "Cholesky factor (`factorization='cholesky'`).", "",
                  "| function | n | seeds | budget | paretix succ | paretix median | pycma succ | pycma median | "
                  "ratio | paretix CPU s | pycma CPU s |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in q:
            pc = r["results"]["pycma"]
            for tool, runs in r["results"].items():
                if tool == "pycma":
                    continue
                med, medp = _median_ok(runs), _median_ok(pc)
                ratio = None if med is None or medp is None else med / medp
                lines.append(
                    f"| {r['function']}{'' if tool == 'paretix' else ' (' + tool + ')'} | {r['n']} | {r['seeds']} | "
                    f"{r['budget']} | {sum(x['ok'] for x in runs)}/{len(runs)} | {_fmt(med, 5)} | "
                    f"{sum(x['ok'] for x in pc)}/{len(pc)} | {_fmt(medp, 5)} | {_fmt(ratio)} | "
                    f"{sum(x['cpu'] for x in runs):.1f} | {sum(x['cpu'] for x in pc):.1f} |")
        lines.append("")
    if s:
        tools = list(s[0]["mean_ms"])
        lines += ["## Speed: algorithm time per iteration (objective excluded)", "",
                  "ask + tell with random f values, default population size; `mean` = total CPU time / "
                  "iterations (the lazy eigendecompositions included), `median` = median iteration; best of "
                  f"{meta['config']['repeats']} interleaved rounds. `paretix` = the engine that `paretix.cmaes.fmin` "
                  "drives; `paretix.CMAES` = the same through the `Algorithm` ask/tell (input checks, "
                  "`Population`, history). Ratio = paretix / faster peer (< 1: paretix is faster).", "",
                  "| n | iterations | " + " | ".join(f"{t} mean (median) ms" for t in tools)
                  + " | paretix / faster peer (mean) |",
                  "|---:|---:|" + "---:|" * (len(tools) + 1)]
        for r in s:
            peers = [r["mean_ms"][t] for t in tools if not t.startswith("paretix")]
            ratio = r["mean_ms"]["paretix"] / min(peers) if peers else None
            lines.append(f"| {r['n']} | {r['iterations']} | " + " | ".join(
                f"{r['mean_ms'][t]:.3f} ({r['median_ms'][t]:.3f})" for t in tools) + f" | {_fmt(ratio)} |")
        lines.append("")
    if b:
        res = b["results"]
        base = res.get("paretix.BatchCMAES", {}).get("cpu_s")
        lines += [f"## Batch: {b['instances']} instances, {b['dim']}-D sphere, {b['iterations']} iterations", "",
                  "x0 ~ U[-4, 4]^10, sigma0 = 2, lambda = 10. `CPU s` includes the evaluations of the "
                  "sphere (`(X**2).sum(-1)`, the same call for every tool); `algorithm` excludes them (their "
                  "CPU time, taken around each call, subtracted), as the per-iteration speed table does. "
                  "Each column is the best of the rounds. Looped peers run a subset of the "
                  "instances (column `timed`) and are scaled linearly to all of them. `speed-up` = that row's "
                  "time / paretix.BatchCMAES's (> 1: paretix is faster). `paretix.BatchCMAES` is the "
                  "default (Cholesky factorisation); `factorization='eigen'` is the tutorial's "
                  "eigendecomposition, every generation at n = 10 (gap 1/(10 n (c_1 + c_mu)) = 0.28), "
                  "as `paretix.CMAES` runs it.", "",
                  "| implementation | CPU s | µs per instance-iteration | speed-up | algorithm CPU s | "
                  "algorithm µs per instance-iteration | algorithm speed-up | timed | median final f |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        abase = res.get("paretix.BatchCMAES", {}).get("algorithm_cpu_s")
        for name, r in res.items():
            lines.append(f"| {name} | {r['cpu_s']:.3f} | {r['us_per_instance_iteration']:.2f} | "
                         f"{_fmt(r['cpu_s'] / base if base else None)} | {r['algorithm_cpu_s']:.3f} | "
                         f"{r['algorithm_us_per_instance_iteration']:.2f} | "
                         f"{_fmt(r['algorithm_cpu_s'] / abase if abase else None)} | "
                         f"{r['instances_timed']} | {r['median_final_f']:.3g} |")
        lines.append("")
    return "\n".join(lines)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--quick", action="store_true", help="smoke test: dims 10, 3 seeds, 1 round, small batch loop")
    p.add_argument("--parts", nargs="+", choices=("quality", "speed", "batch"), default=["quality", "speed", "batch"])
    p.add_argument("--functions", nargs="+", choices=FUNCTIONS, default=list(FUNCTIONS))
    p.add_argument("--dims", type=int, nargs="+", default=[10, 40])
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--restarts", type=int, default=9)
    p.add_argument("--budget-factor", type=float, default=1.0,
                   help="evaluations per run (restarts included): factor * 1e4 n (Rastrigin: factor * 1e5 n)")
    p.add_argument("--rastrigin-max-dim", type=int, default=40)
    p.add_argument("--cholesky", action="store_true",
                   help="quality: also run paretix with factorization='cholesky' (Cholesky-CMA-ES)")
    p.add_argument("--speed-dims", type=int, nargs="+", default=[10, 100, 1000])
    p.add_argument("--repeats", type=int, default=3, help="speed rounds (best taken)")
    p.add_argument("--batch-instances", type=int, default=1000)
    p.add_argument("--batch-loop-instances", type=int, default=100,
                   help="instances actually run by the looped peers (scaled to --batch-instances)")
    p.add_argument("--batch-repeats", type=int, default=2)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = p.parse_args(argv)
    if args.quick:
        args.dims, args.seeds, args.repeats, args.batch_repeats = [10], 3, 1, 1
        args.batch_loop_instances = 20
        args.speed_dims = [10, 100]
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    import paretix  # noqa: F401 - fail early if the package is missing

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    meta = {"date": _dt.datetime.now().isoformat(timespec="seconds"), "machine": machine_info(),
            "versions": {"python": platform.python_version(), "numpy": np.__version__, "paretix": _version("paretix"),
                         "cma": _version("cma"), "cmaes": _version("cmaes")},
            "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
            "command": "python " + " ".join([sys.argv[0], *sys.argv[1:]])}
    q = quality(args, log) if "quality" in args.parts else []
    s = speed(args, log) if "speed" in args.parts else []
    b = batch(args, log) if "batch" in args.parts else {}
    meta["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(meta, q, s, b))
    args.out.with_suffix(".json").write_text(json.dumps({**meta, "quality": q, "speed": s, "batch": b}, indent=1,
                                                        default=float) + "\n")
    print(args.out.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
