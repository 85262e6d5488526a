#!/usr/bin/env python
"""Benchmark non-dominated sorting (all Pareto ranks): paretix vs moocore vs pymoo.

Every tool ranks the same points in the same run, interleaved: in each repeat round the tools
run one after another (paretix, paretix-numba, moocore, pymoo, ...), and each tool's time is the
best of its rounds. Ratios are paretix (native) time divided by the other tool's time, so a
ratio below 1 means paretix is faster. Every tool's ranks are checked against paretix's.

Examples::

    python bench/bench_nds.py --quick                       # smoke test, n <= 1e4, 2 repeats
    python bench/bench_nds.py                               # full grid (slow: n up to 1e6)
    python bench/bench_nds.py --sizes 1e5 --objectives 3 5 --repeats 3 --out /tmp/nds.md

See bench/README.md for the columns and the rules for comparing timings.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import json
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
from _harness import guarded_run, loadavg as _loadavg, repeats_for, timed as _timed, version as _version

SHAPES = ("uniform", "linear")
DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000)
DEFAULT_OBJECTIVES = (2, 3, 5, 10)
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "nds.md"
ALL_TOOLS = ("paretix", "paretix-numba", "moocore", "pymoo", "pymoo-ENS", "pymoo-BOS")


# --------------------------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------------------------


@dataclass
class Tool:
    """One way of computing all Pareto ranks of ``F`` (shape (n, m)) -> int array (n,)."""

    name: str
    fn: Callable[[np.ndarray], np.ndarray]
    describe: str
    max_n: int | None = None  # not run above this n (reported as "–")


def _ranks_from_fronts(fronts, n: int) -> np.ndarray:
    rank = np.full(n, -1, dtype=np.int64)
    for i, front in enumerate(fronts):
        rank[np.asarray(front, dtype=np.intp)] = i
    return rank


def build_tools(selected, pymoo_extra_max_n: int) -> tuple[list[Tool], dict[str, str]]:
    """Return the usable tools (in interleaving order) and {tool: reason} for those left out."""
    tools: list[Tool] = []
    missing: dict[str, str] = {}

    import paretix

    if "paretix" in selected:
        tools.append(Tool("paretix", lambda F: paretix.pareto_rank(F, backend="native"),
                          'paretix.pareto_rank(F, backend="native")'))
    if "paretix-numba" in selected:
        tools.append(Tool("paretix-numba", lambda F: paretix.pareto_rank(F, backend="numba"),
                          'paretix.pareto_rank(F, backend="numba")'))
    if "moocore" in selected:
        try:
            import moocore

            tools.append(Tool("moocore", moocore.pareto_rank, "moocore.pareto_rank(F)"))
        except ImportError as exc:
            missing["moocore"] = f"not installed ({exc})"

    want_pymoo = [t for t in ("pymoo", "pymoo-ENS", "pymoo-BOS") if t in selected]
    if want_pymoo:
        try:
            from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting
        except ImportError as exc:
            for t in want_pymoo:
                missing[t] = f"pymoo not installed ({exc})"
            want_pymoo = []
        if "pymoo" in want_pymoo:
            tools.append(Tool(
                "pymoo",
                lambda F: NonDominatedSorting().do(F, return_rank=True)[1],
                "pymoo.util.nds.non_dominated_sorting.NonDominatedSorting()"
                ".do(F, return_rank=True)[1] (0.6.2: moocore.pareto_rank + Python front split)",
            ))
        extras = [t for t in want_pymoo if t != "pymoo"]
        if extras:
            from pymoo.functions import is_compiled, load_function

            if not is_compiled():
                for t in extras:
                    missing[t] = "pymoo's compiled (Cython) modules are not available"
            else:
                ens = load_function("efficient_non_dominated_sort", _type="cython")
                bos = load_function("fast_best_order_sort", _type="cython")
                if "pymoo-ENS" in extras:
                    tools.append(Tool(
                        "pymoo-ENS",
                        lambda F: _ranks_from_fronts(ens(F, "sequential"), F.shape[0]),
                        "pymoo compiled efficient_non_dominated_sort(F, 'sequential') "
                        "+ fronts->ranks",
                        max_n=pymoo_extra_max_n,
                    ))
                if "pymoo-BOS" in extras:
                    tools.append(Tool(
                        "pymoo-BOS",
                        lambda F: _ranks_from_fronts(bos(F), F.shape[0]),
                        "pymoo compiled fast_best_order_sort(F) + fronts->ranks",
                        max_n=pymoo_extra_max_n,
                    ))
    return tools, missing


def warm_up(tools: list[Tool], objectives, seed: int) -> dict[str, str]:
    """Call every tool once per m on small data (Numba compile/cache load, lazy imports).

    Returns {tool: error} for tools that fail here; they are dropped by the caller.
    """
    failed: dict[str, str] = {}
    rng = np.random.default_rng(seed)
    for m in sorted(set(objectives)):
        F = rng.random((300, m))
        for tool in tools:
            if tool.name in failed:
                continue
            try:
                tool.fn(F)
                tool.fn(F)
            except Exception as exc:  # noqa: BLE001 - report any backend failure
                failed[tool.name] = f"{type(exc).__name__}: {exc}"
    return failed


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


def make_points(shape: str, n: int, m: int, seed: int, noise: float) -> np.ndarray:
    """Reproducible test points; the generator depends on (seed, shape, n, m) only.

    uniform: i.i.d. uniform in [0, 1)^m (many fronts for small m).
    linear:  Dirichlet(1, ..., 1) samples on the simplex sum(f) = 1 plus uniform noise in
             [0, noise)^m per coordinate (points near a linear front: few, large fronts).
    """
    rng = np.random.default_rng([seed, SHAPES.index(shape), n, m])
    if shape == "uniform":
        F = rng.random((n, m))
    elif shape == "linear":
        F = rng.dirichlet(np.ones(m), size=n) + noise * rng.random((n, m))
    else:
        raise ValueError(f"unknown shape {shape!r}")
    return np.ascontiguousarray(F, dtype=np.float64)


# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------


@dataclass
class ToolResult:
    status: str = "pending"  # ok | cap | skipped | error | n/a
    times: list = field(default_factory=list)
    reps: int = 0
    guard_s: float | None = None
    note: str = ""
    match: bool | None = None

    @property
    def best(self):
        return min(self.times) if self.times else None


def run_case(shape, n, m, tools, args, history):
    """Time every tool on one (shape, n, m) case; ``history`` holds results at smaller n."""
    F = make_points(shape, n, m, args.seed, args.linear_noise)
    res = {t.name: ToolResult() for t in tools}
    active = []
    for tool in tools:
        r = res[tool.name]
        if tool.max_n is not None and n > tool.max_n:
            r.status, r.note = "n/a", f"only run for n <= {tool.max_n:g}"
            continue
        prev = history.get((shape, m, tool.name))  # (n_prev, ToolResult) at the largest smaller n
        if prev is not None and prev[1].status == "cap":
            r.status, r.note = "cap", f"skipped: > cap already at n={prev[0]}"
            continue
        if prev is not None and prev[1].best is not None and prev[1].best * n / prev[0] > args.cap:
            r.status = "cap"
            r.note = f"skipped: linear extrapolation from n={prev[0]} exceeds the cap"
            continue
        # Guard (fork + kill at cap) unless even cubic growth from the last size stays far
        # below the cap.
        safe = prev is not None and prev[1].best is not None and (
            prev[1].best * (n / prev[0]) ** 3 < args.cap / 10)
        if not safe:
            status, value = guarded_run(tool.fn, (F,), args.cap)
            if status == "cap":
                r.status, r.note = "cap", f"single run > {args.cap:g} s (killed)"
                continue
            if status == "error":
                r.status, r.note = "error", value
                continue
            r.guard_s = value
            r.reps = repeats_for(value, args.repeats, args.long)
        else:
            r.reps = args.repeats  # refined after round 1
        active.append(tool)

    ranks = {}
    for rnd in range(args.repeats):
        # Rotate the order every round: the first tool after gc.collect() runs with cold caches,
        # which would otherwise always penalise the same tool at sub-millisecond sizes.
        shift = rnd % len(active) if active else 0
        for tool in active[shift:] + active[:shift]:
            r = res[tool.name]
            if r.status == "error" or rnd >= r.reps:
                continue
            try:
                dt, out = _timed(tool.fn, F)
            except Exception as exc:  # noqa: BLE001
                r.status, r.note = "error", f"{type(exc).__name__}: {exc}"
                continue
            r.times.append(dt)
            if rnd == 0:
                ranks[tool.name] = np.asarray(out).reshape(-1)
                if r.guard_s is None:
                    r.reps = repeats_for(dt, args.repeats, args.long)
            del out
        gc.collect()

    for tool in active:
        r = res[tool.name]
        if r.status != "error":
            r.status = "ok"

    # Verify against paretix native (or the first tool that produced ranks).
    ref_name = "paretix" if "paretix" in ranks else next(iter(ranks), None)
    fronts = None
    if ref_name is not None:
        ref = ranks[ref_name]
        fronts = int(ref.max()) + 1 if ref.size else 0
        for name, rk in ranks.items():
            res[name].match = bool(rk.shape == ref.shape and np.array_equal(rk, ref))
    del F, ranks
    gc.collect()
    return {"shape": shape, "n": n, "m": m, "fronts": fronts, "reference": ref_name,
            "tools": res}


# --------------------------------------------------------------------------------------------
# Environment / reporting
# --------------------------------------------------------------------------------------------


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
    ram_gib = None
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    ram_gib = round(int(line.split()[1]) / 2**20, 1)
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {"cpu": cpu, "logical_cores": os.cpu_count(), "usable_cores": usable,
            "ram_gib": ram_gib, "platform": platform.platform(),
            "loadavg_start": _loadavg()}


def versions() -> dict:
    return {"python": platform.python_version(), "numpy": np.__version__,
            "paretix": _version("paretix"), "moocore": _version("moocore"),
            "pymoo": _version("pymoo"), "numba": _version("numba")}


def _fmt_n(n: int) -> str:
    """1000 -> "1e3" for powers of ten, else the exact integer."""
    k = len(str(n)) - 1
    return f"1e{k}" if n == 10**k else str(n)


def _fmt_s(x: float) -> str:
    return f"{x:.3g}"


def _cell(r: ToolResult, cap: float, repeats: int) -> str:
    if r.status == "ok":
        s = _fmt_s(r.best)
        if len(r.times) < repeats:
            s += f" [{len(r.times)}]"
        if r.match is False:
            s += " **MISMATCH**"
        return s
    if r.status == "cap":
        return f">{cap:g}" + ("*" if r.note.startswith("skipped") else "")
    if r.status == "error":
        return "error"
    return "–"


def _ratio(px: ToolResult, other: ToolResult, cap: float) -> str:
    a = px.best if px.status == "ok" else None
    b = other.best if other.status == "ok" else None
    if a is not None and b is not None:
        return f"{a / b:.3g}"
    if a is not None and other.status == "cap":
        return f"<{a / cap:.3g}"
    if b is not None and px.status == "cap":
        return f">{cap / b:.3g}"
    return "–"


def _check(case) -> str:
    bad = [n for n, r in case["tools"].items() if r.match is False]
    errors = [n for n, r in case["tools"].items() if r.status == "error"]
    parts = []
    if bad:
        parts.append("**MISMATCH: " + ", ".join(bad) + "**")
    if errors:
        parts.append("**ERROR: " + ", ".join(errors) + "**")
    if case["reference"] not in (None, "paretix"):
        parts.append(f"ref={case['reference']}")
    return "; ".join(parts) if parts else "ok"


def markdown(meta: dict, cases: list, tool_names: list[str], done: bool) -> str:
    mach, ver, cfg = meta["machine"], meta["versions"], meta["config"]
    lines = ["# Non-dominated sorting benchmark: all Pareto ranks", ""]
    if not done:
        lines += ["**Partial results: the run has not finished (or was interrupted).**", ""]
    lines += [
        f"- Date: {meta['date']}",
        f"- Machine: {mach['cpu']}; {mach['logical_cores']} logical cores "
        f"({mach['usable_cores']} usable); {mach['ram_gib']} GiB RAM; {mach['platform']}",
        f"- Load average (1/5/15 min) at start: {mach['loadavg_start']}, at end: "
        f"{meta.get('loadavg_end')}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in ver.items()),
        f"- Method: best of R = {cfg['repeats']}, interleaved (tool order rotated every round), same run; ratios = paretix "
        "(native) time / other tool's time (< 1: paretix is faster). Only compare timings "
        "within this table.",
        f"- Cap: a tool is not timed for a case once a single run exceeds {cfg['cap']:g} s "
        f"(`>{cfg['cap']:g}`; `>{cfg['cap']:g}*` = skipped without running, because it already "
        f"exceeded the cap at a smaller n or a linear extrapolation does). Runs longer than "
        f"{cfg['long']:g} s get fewer repeats, shown as `[k]`.",
        f"- Data: seed {cfg['seed']}; `uniform` = U[0,1)^M; `linear` = Dirichlet(1,...,1) on the "
        f"simplex + U[0,{cfg['linear_noise']:g})^M noise (few, large fronts).",
        "- Tools: " + "; ".join(f"`{t}` = {d}" for t, d in meta["tools"].items()),
    ]
    if meta["missing"]:
        lines.append("- Not run: " + "; ".join(f"{k}: {v}" for k, v in meta["missing"].items()))
    lines += [f"- Command: `{meta['command']}`", ""]

    others = [t for t in ("moocore", "pymoo") if t in tool_names]
    header = (["shape", "n", "M", "fronts"] + [f"{t} (s)" for t in tool_names]
              + [f"paretix/{t}" for t in others if "paretix" in tool_names] + ["check"])
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join(["---"] * 3 + ["---:"] * (len(header) - 4) + ["---"]) + "|")
    for c in cases:
        row = [c["shape"], _fmt_n(c["n"]), str(c["m"]),
               "–" if c["fronts"] is None else str(c["fronts"])]
        row += [_cell(c["tools"][t], cfg["cap"], cfg["repeats"]) for t in tool_names]
        if "paretix" in tool_names:
            row += [_ratio(c["tools"]["paretix"], c["tools"][t], cfg["cap"]) for t in others]
        row.append(_check(c))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def to_json(meta: dict, cases: list, done: bool) -> dict:
    out_cases = []
    for c in cases:
        tools = {}
        for name, r in c["tools"].items():
            tools[name] = {"status": r.status, "best_s": r.best, "times_s": r.times,
                           "repeats_planned": r.reps, "guard_run_s": r.guard_s,
                           "ranks_match_reference": r.match, "note": r.note}
        px = c["tools"].get("paretix")
        ratios = {}
        if px is not None and px.best is not None:
            for name, r in c["tools"].items():
                if name != "paretix" and r.best is not None:
                    ratios[f"paretix/{name}"] = px.best / r.best
        out_cases.append({"shape": c["shape"], "n": c["n"], "m": c["m"], "fronts": c["fronts"],
                          "reference": c["reference"], "tools": tools, "ratios": ratios})
    return {**meta, "complete": done, "cases": out_cases}


def write_outputs(out_md: Path, meta, cases, tool_names, done: bool) -> None:
    out_md.parent.mkdir(parents=True, exist_ok=True)
    out_md.write_text(markdown(meta, cases, tool_names, done))
    out_md.with_suffix(".json").write_text(json.dumps(to_json(meta, cases, done), indent=1) + "\n")


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def _size(text: str) -> int:
    value = float(text)
    if not value.is_integer() or value < 1:
        raise argparse.ArgumentTypeError(f"not a positive integer: {text!r}")
    return int(value)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help=f"smoke test: sizes {list(QUICK_SIZES)} and 2 repeats unless given")
    p.add_argument("--repeats", "-r", type=int, default=None,
                   help="repeat rounds per case, best taken (default 5; 2 with --quick)")
    p.add_argument("--sizes", type=_size, nargs="+", default=None,
                   help=f"numbers of points, e.g. 1e3 1e4 (default {list(DEFAULT_SIZES)})")
    p.add_argument("--objectives", "-m", type=int, nargs="+", default=list(DEFAULT_OBJECTIVES),
                   help="numbers of objectives; the 'linear' shape uses those >= 3")
    p.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    p.add_argument("--tools", nargs="+", choices=ALL_TOOLS, default=list(ALL_TOOLS))
    p.add_argument("--out", type=Path, default=DEFAULT_OUT,
                   help="Markdown output; the raw JSON goes next to it (same name, .json)")
    p.add_argument("--cap", type=float, default=60.0,
                   help="seconds: skip a tool for a case whose single run exceeds this")
    p.add_argument("--long", type=float, default=10.0,
                   help="seconds: single runs longer than this get fewer repeats")
    p.add_argument("--pymoo-extra-max-n", type=_size, default=10_000,
                   help="largest n for pymoo's own compiled ENS / best-order sort")
    p.add_argument("--seed", type=int, default=12345)
    p.add_argument("--linear-noise", type=float, default=0.01,
                   help="noise amplitude of the 'linear' shape")
    args = p.parse_args(argv)
    if args.repeats is None:
        args.repeats = 2 if args.quick else 5
    if args.sizes is None:
        args.sizes = list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    if args.repeats < 1:
        p.error("--repeats must be >= 1")
    args.sizes = sorted(set(args.sizes))
    return args


def case_grid(args):
    for shape in args.shapes:
        ms = sorted(set(args.objectives))
        if shape == "linear":
            ms = [m for m in ms if m >= 3]
        for m in ms:
            for n in args.sizes:
                yield shape, n, m


def main(argv=None) -> int:
    args = parse_args(argv)
    tools, missing = build_tools(args.tools, args.pymoo_extra_max_n)
    failed = warm_up(tools, args.objectives, args.seed)
    for name, err in failed.items():
        missing[name] = f"failed in warm-up: {err}"
    tools = [t for t in tools if t.name not in failed]
    if not tools:
        print("no usable tools", file=sys.stderr)
        return 2
    tool_names = [t.name for t in tools]
    for name, why in missing.items():
        print(f"warning: {name} not run: {why}", file=sys.stderr)

    meta = {
        "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine_info(),
        "versions": versions(),
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "tools": {t.name: t.describe for t in tools},
        "missing": missing,
        "command": " ".join(["python", *sys.argv]) if argv is None
        else " ".join(["python", "bench/bench_nds.py", *argv]),
        "method": f"best of R={args.repeats}, interleaved, same run; ratios paretix/other",
    }

    cases, history = [], {}
    grid = list(case_grid(args))
    t_start = time.perf_counter()
    for i, (shape, n, m) in enumerate(grid, 1):
        case = run_case(shape, n, m, tools, args, history)
        for name, r in case["tools"].items():
            if r.status in ("ok", "cap"):
                history[(shape, m, name)] = (n, r)
        cases.append(case)
        summary = ", ".join(
            f"{name}={_cell(r, args.cap, args.repeats)}" for name, r in case["tools"].items())
        print(f"[{i}/{len(grid)} {time.perf_counter() - t_start:7.1f}s] {shape} n={n} m={m} "
              f"fronts={case['fronts']}: {summary}", file=sys.stderr, flush=True)
        for name, r in case["tools"].items():
            if r.match is False:
                print(f"!!! MISMATCH: {name} ranks differ from {case['reference']} "
                      f"({shape} n={n} m={m})", file=sys.stderr, flush=True)
            if r.status == "error":
                print(f"!!! ERROR: {name} ({shape} n={n} m={m}): {r.note}", file=sys.stderr)
        meta["loadavg_end"] = _loadavg()
        write_outputs(args.out, meta, cases, tool_names, done=i == len(grid))

    if not grid:
        write_outputs(args.out, meta, cases, tool_names, done=True)
    print(markdown(meta, cases, tool_names, done=True))
    print(f"written: {args.out} and {args.out.with_suffix('.json')}", file=sys.stderr)
    bad = any(r.match is False or r.status == "error" for c in cases for r in c["tools"].values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
