"""How often CMA-ES and a GA reach the best-known optima of the classic design problems.

For each problem of ``paretix.problems.design`` and each seed: CMA-ES with IPOP restarts, every
run started at a uniform random point of the box (sigma0 = 0.3 of the ranges), and NSGA-II used
as a single-objective GA (SBX + polynomial mutation, feasibility-first tournaments). A run
"reaches" the optimum when its best feasible f is within 0.1% of f* (``(f - f*) / f* <= 1e-3``).
Writes a Markdown table (``--out``, default ``bench/results/design_optima.md``) and JSON next to it.

    python bench/bench_design_optima.py               # 20 seeds (about ten minutes)
    python bench/bench_design_optima.py --seeds 5     # quick look
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np

import paretix
from paretix.problems import get

PROBLEMS = ["welded_beam_design", "pressure_vessel_design", "pressure_vessel_discrete_design",
            "tension_spring_design", "speed_reducer_design", "three_bar_truss_design"]
CMA_EVALS, GA_POP, GA_GENS = 40_000, 60, 500


def run_cmaes(problem, seed: int, max_evals: int = CMA_EVALS):
    """Best feasible f of CMA-ES with IPOP restarts from random points of the box."""
    rng = np.random.default_rng(10_000 + seed)
    algo = paretix.CMAES(lambda: rng.uniform(problem.xl, problem.xu), 0.3, stds=problem.xu - problem.xl,
                         restarts=9, max_evals=max_evals)
    res = paretix.minimize(problem, algo, None, seed=seed)
    return float(res.f) if res.feasible else np.inf, res


def run_ga(problem, seed: int, pop: int = GA_POP, gens: int = GA_GENS, handler=None):
    """Best feasible f of NSGA-II on the single objective (``handler``: a constraint handler)."""
    res = paretix.minimize(problem, paretix.NSGA2(pop_size=pop, constraint_handler=handler), ("n_gen", gens),
                           seed=seed)
    F = np.asarray(res.F).ravel()
    return (float(F.min()) if np.all(np.asarray(res.CV) == 0) else np.inf), res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--out", default="bench/results/design_optima.md")
    args = ap.parse_args()
    rows, t_start = [], time.time()
    for name in PROBLEMS:
        problem = get(name)
        f_star = problem.optimum[0]
        for label, runner in (("CMA-ES (IPOP, random starts)", run_cmaes), ("NSGA-II as GA", run_ga),
                              ("NSGA-II as GA, epsilon constraints",
                               lambda p, s: run_ga(p, s, handler="epsilon"))):
            t0 = time.time()
            errs = np.array([(runner(problem, s)[0] - f_star) / f_star for s in range(args.seeds)])
            rows.append({"problem": name, "solver": label, "f_star": f_star, "seeds": args.seeds,
                         "within_0.1%": int((errs <= 1e-3).sum()), "median_rel_err": float(np.median(errs)),
                         "worst_rel_err": float(errs.max()), "best_rel_err": float(errs.min()),
                         "seconds": round(time.time() - t0, 1)})
            print(rows[-1], flush=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    meta = {"machine": platform.platform(), "cpu": platform.processor() or platform.machine(),
            "load_avg_1min_at_end": round(load, 2), "total_seconds": round(time.time() - t_start, 1),
            "paretix": paretix.__version__, "cma_max_evals": CMA_EVALS, "ga_pop": GA_POP, "ga_gens": GA_GENS}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1))
    lines = [f"# Classic design optima: runs within 0.1% of f* ({args.seeds} seeds each)", "",
             "`python bench/bench_design_optima.py --seeds " f"{args.seeds}`; CMA-ES: IPOP, up to 9 restarts, "
             f"{CMA_EVALS} evaluations, each run from a uniform random point of the box; GA: NSGA-II, "
             f"population {GA_POP}, {GA_GENS} generations. Machine: {meta['machine']}, load {meta['load_avg_1min_at_end']}.",
             "", "| problem | f* | solver | within 0.1% | median rel. error | worst | best |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['problem']} | {r['f_star']:.7g} | {r['solver']} | {r['within_0.1%']}/{r['seeds']} | "
                     f"{r['median_rel_err']:.1e} | {r['worst_rel_err']:.1e} | {r['best_rel_err']:.1e} |")
    out.write_text("\n".join(lines) + "\n")
    print(out.read_text())


if __name__ == "__main__":
    main()
