#!/usr/bin/env python
"""Benchmark exact hypervolume and contributions: paretix vs moocore, pygmo and hvwfg.

Every tool computes the same quantity on the same points in the same run, interleaved: in each
repeat round the tools run one after another (in a rotating order), and each tool's time is the
best of its rounds. Ratios are paretix (native) time divided by the other tool's time, so a
ratio below 1 means paretix is faster; ``paretix/best`` divides by the fastest peer. Every
tool's value is checked against paretix's.

Examples::

    python bench/bench_hv.py --quick                 # reduced grid, about 1-2 minutes
    python bench/bench_hv.py                         # the issue's grid (slow: d = 8, n = 300)
    python bench/bench_hv.py --cases hv:5:2000 hvc:3:10000 --repeats 7 --out /tmp/hv.md

See bench/README.md for the rules for comparing timings.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from _harness import guarded_run, loadavg as _loadavg, repeats_for, timed as _timed, version as _version

SHAPES = ("sphere", "simplex")
# (kind, d, n): the sizes of issue 5.
FULL_CASES = (
    ("hv", 2, 1_000_000), ("hv", 3, 100_000), ("hv", 4, 10_000), ("hv", 5, 2000), ("hv", 6, 1000),
    ("hv", 8, 300), ("hvc", 2, 10_000), ("hvc", 3, 10_000), ("hvc", 5, 200),
)
# The same, with the two cases whose slowest peers take minutes replaced by smaller ones.
QUICK_CASES = (
    ("hv", 2, 100_000), ("hv", 2, 1_000_000), ("hv", 3, 10_000), ("hv", 3, 100_000), ("hv", 4, 1000),
    ("hv", 4, 10_000), ("hv", 5, 500), ("hv", 5, 2000), ("hv", 6, 200), ("hv", 6, 1000), ("hv", 8, 100),
    ("hvc", 2, 10_000), ("hvc", 3, 10_000), ("hvc", 5, 200),
)
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "hv.md"
QUICK_OUT = Path(__file__).resolve().parent / "results" / "hv_quick.md"
ALL_TOOLS = ("paretix", "paretix-numba", "moocore", "pygmo", "hvwfg")
PEERS = ("moocore", "pygmo", "hvwfg")
REF = 1.1  # reference point (1.1, ..., 1.1): every point strictly dominates it


# --------------------------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------------------------


@dataclass
class Tool:
    """One implementation: ``fn(kind, F, ref)`` -> float (hv) or array (hvc), or None if it
    cannot do this case."""

    name: str
    fn: Callable
    describe: str


def build_tools(selected) -> tuple[list[Tool], dict[str, str]]:
    tools: list[Tool] = []
    missing: dict[str, str] = {}
    import paretix

    def px(backend):
        def fn(kind, F, ref):
            if kind == "hv":
                return paretix.hypervolume(F, ref=ref, backend=backend)
            return paretix.hv_contributions(F, ref=ref, backend=backend)
        return fn

    if "paretix" in selected:
        tools.append(Tool("paretix", px("native"), 'paretix.hypervolume / hv_contributions(F, ref=ref, backend="native")'))
    if "paretix-numba" in selected:
        tools.append(Tool("paretix-numba", px("numba"), 'the same with backend="numba"'))
    if "moocore" in selected:
        try:
            import moocore

            def mc(kind, F, ref):
                return moocore.hypervolume(F, ref=ref) if kind == "hv" else moocore.hv_contributions(F, ref=ref)

            tools.append(Tool("moocore", mc, "moocore.hypervolume / hv_contributions(F, ref=ref)"))
        except ImportError as exc:
            missing["moocore"] = f"not installed ({exc})"
    if "pygmo" in selected:
        try:
            import pygmo

            def pg(kind, F, ref):
                h = pygmo.hypervolume(F)
                return h.compute(ref) if kind == "hv" else np.asarray(h.contributions(ref))

            tools.append(Tool("pygmo", pg, "pygmo.hypervolume(F).compute(ref) / .contributions(ref) (auto: hv2d, hv3d, hvwfg)"))
        except ImportError as exc:
            missing["pygmo"] = f"not installed ({exc}); pip install pygmo"
    if "hvwfg" in selected:
        try:
            import hvwfg

            def wf(kind, F, ref):
                if kind != "hv":
                    return None  # no contributions API
                # hvwfg.hv dispatches d = 5 to hv5dr, which corrupts the heap for n >= 10.
                return hvwfg.wfg(F, ref) if F.shape[1] == 5 else hvwfg.hv(F, ref)

            tools.append(Tool("hvwfg", wf, "hvwfg.hv(F, ref) (hvwfg.wfg at d = 5); exact HV only"))
        except ImportError as exc:
            missing["hvwfg"] = f"not installed ({exc}); pip install hvwfg"
    return tools, missing


def warm_up(tools: list[Tool], cases) -> dict[str, str]:
    """Call every tool on small data per (kind, d) (Numba compilation, lazy imports)."""
    failed: dict[str, str] = {}
    for kind, d in sorted({(k, d) for k, d, _ in cases}):
        F = make_points("sphere", 60, d, 0)
        ref = np.full(d, REF)
        for tool in tools:
            if tool.name in failed:
                continue
            try:
                tool.fn(kind, F, ref)
            except Exception as exc:  # noqa: BLE001 - report any failure
                failed[tool.name] = f"{type(exc).__name__}: {exc}"
    return failed


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


def make_points(shape: str, n: int, d: int, seed: int) -> np.ndarray:
    """n mutually non-dominated points; depends on (seed, shape, n, d) only.

    sphere:  |N(0, I)| normalised to the unit sphere (a concave front);
    simplex: |N(0, I)| normalised to sum 1 (a linear front).
    """
    rng = np.random.default_rng([seed, SHAPES.index(shape), n, d])
    F = np.abs(rng.standard_normal((n, d)))
    F /= (np.linalg.norm(F, axis=1) if shape == "sphere" else F.sum(axis=1))[:, None]
    return np.ascontiguousarray(F, dtype=np.float64)


# --------------------------------------------------------------------------------------------
# Timing (as in bench_nds.py)
# --------------------------------------------------------------------------------------------


@dataclass
class ToolResult:
    status: str = "pending"  # ok | cap | error | n/a
    times: list = field(default_factory=list)
    reps: int = 0
    guard_s: float | None = None
    note: str = ""
    match: bool | None = None
    diff: float | None = None

    @property
    def best(self):
        return min(self.times) if self.times else None


def run_case(kind, shape, d, n, tools, args):
    F = make_points(shape, n, d, args.seed)
    ref = np.full(d, REF)
    res = {t.name: ToolResult() for t in tools}
    active = []
    for tool in tools:
        r = res[tool.name]
        try:
            probe = tool.fn(kind, F[:8], ref)
        except Exception as exc:  # noqa: BLE001
            r.status, r.note = "error", f"{type(exc).__name__}: {exc}"
            continue
        if probe is None:
            r.status, r.note = "n/a", "not supported by this tool"
            continue
        status, value = guarded_run(tool.fn, (kind, F, ref), args.cap)
        if status == "cap":
            r.status, r.note = "cap", f"single run > {args.cap:g} s (killed)"
            continue
        if status == "error":
            r.status, r.note = "error", value
            continue
        r.guard_s = value
        r.reps = repeats_for(value, args.repeats, args.long)
        active.append(tool)

    outputs = {}
    for rnd in range(args.repeats):
        shift = rnd % len(active) if active else 0
        for tool in active[shift:] + active[:shift]:
            r = res[tool.name]
            if r.status == "error" or rnd >= r.reps:
                continue
            try:
                dt, out = _timed(tool.fn, kind, F, ref)
            except Exception as exc:  # noqa: BLE001
                r.status, r.note = "error", f"{type(exc).__name__}: {exc}"
                continue
            r.times.append(dt)
            if tool.name not in outputs:
                outputs[tool.name] = np.asarray(out, dtype=float)
        gc.collect()
    for tool in active:
        if res[tool.name].status != "error":
            res[tool.name].status = "ok"

    ref_name = "paretix" if "paretix" in outputs else next(iter(outputs), None)
    value = None
    if ref_name is not None:
        base = outputs[ref_name]
        if kind == "hv":
            hv = float(base)
        else:
            import paretix

            hv = paretix.hypervolume(F, ref=ref)
        value = hv
        for name, out in outputs.items():
            diff = float(np.max(np.abs(out - base))) / hv if out.shape == base.shape else np.inf
            res[name].diff = diff
            res[name].match = bool(diff <= args.rtol)
    return {"kind": kind, "shape": shape, "n": n, "d": d, "hv": value, "reference": ref_name, "tools": res}


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
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {"cpu": cpu, "logical_cores": os.cpu_count(), "usable_cores": usable,
            "platform": platform.platform(), "loadavg_start": _loadavg()}


def versions() -> dict:
    return {"python": platform.python_version(), "numpy": np.__version__, "paretix": _version("paretix"),
            "moocore": _version("moocore"), "pygmo": _version("pygmo"), "hvwfg": _version("hvwfg"),
            "numba": _version("numba")}


def _fmt_n(n: int) -> str:
    k = len(str(n)) - 1
    return f"1e{k}" if n == 10**k else str(n)


def _cell(r: ToolResult, cap: float, repeats: int) -> str:
    if r.status == "ok":
        s = f"{r.best:.3g}"
        if len(r.times) < repeats:
            s += f" [{len(r.times)}]"
        if r.match is False:
            s += " **MISMATCH**"
        return s
    if r.status == "cap":
        return f">{cap:g}"
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
    return "–"


def _best_peer(case, peers):
    done = [(case["tools"][p].best, p) for p in peers if p in case["tools"] and case["tools"][p].status == "ok"]
    return min(done) if done else (None, None)


def _check(case) -> str:
    bad = [n for n, r in case["tools"].items() if r.match is False]
    errors = [n for n, r in case["tools"].items() if r.status == "error"]
    parts = []
    if bad:
        parts.append("**MISMATCH: " + ", ".join(f"{b} ({case['tools'][b].diff:.1e})" for b in bad) + "**")
    if errors:
        parts.append("**ERROR: " + ", ".join(errors) + "**")
    return "; ".join(parts) if parts else "ok"


def markdown(meta: dict, cases: list, tool_names: list[str], done: bool) -> str:
    mach, ver, cfg = meta["machine"], meta["versions"], meta["config"]
    title = "Hypervolume benchmark: exact HV and contributions" + (" (quick grid)" if cfg["quick"] else "")
    lines = [f"# {title}", ""]
    if not done:
        lines += ["**Partial results: the run has not finished (or was interrupted).**", ""]
    lines += [
        f"- Date: {meta['date']}",
        (f"- Machine: {mach['cpu']}; {mach['logical_cores']} logical cores ({mach['usable_cores']} usable); "
         f"{mach['platform']}"),
        f"- Load average (1/5/15 min) at start: {mach['loadavg_start']}, at end: {meta.get('loadavg_end')}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in ver.items()),
        (f"- Method: best of R = {cfg['repeats']}, interleaved (rotating order), same run; ratios = paretix "
         "(native) time / other tool's time (< 1: paretix is faster); `paretix/best` uses the fastest peer "
         "of that row. Only compare timings within this table."),
        (f"- Cap: a tool whose single (guard) run exceeds {cfg['cap']:g} s is not timed (`>{cfg['cap']:g}`); "
         f"runs longer than {cfg['long']:g} s get fewer repeats, shown as `[k]`."),
        (f"- Data: seed {cfg['seed']}; `sphere` = |N(0, I)| on the unit sphere (concave front), `simplex` = "
         f"|N(0, I)| normalised to sum 1 (linear front); all points mutually non-dominated; ref = {REF} in "
         "every objective. `hv` = exact hypervolume, `hvc` = all contributions."),
        f"- Check: every tool's output against paretix's, max |difference| / HV <= {cfg['rtol']:g}.",
        "- Tools: " + "; ".join(f"`{t}` = {d}" for t, d in meta["tools"].items()),
    ]
    if meta["missing"]:
        lines.append("- Not run: " + "; ".join(f"{k}: {v}" for k, v in meta["missing"].items()))
    lines += [f"- Command: `{meta['command']}`", ""]
    peers = [t for t in PEERS if t in tool_names]
    header = (["kind", "shape", "d", "n"] + [f"{t} (s)" for t in tool_names]
              + [f"paretix/{t}" for t in peers] + ["paretix/best", "check"])
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join(["---"] * 2 + ["---:"] * (len(header) - 3) + ["---"]) + "|")
    for c in cases:
        row = [c["kind"], c["shape"], str(c["d"]), _fmt_n(c["n"])]
        row += [_cell(c["tools"][t], cfg["cap"], cfg["repeats"]) for t in tool_names]
        px = c["tools"].get("paretix")
        row += [_ratio(px, c["tools"][t], cfg["cap"]) if px else "–" for t in peers]
        best, who = _best_peer(c, peers)
        row.append(f"{px.best / best:.3g} ({who})" if px and px.best and best else "–")
        row.append(_check(c))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def to_json(meta: dict, cases: list, done: bool) -> dict:
    out_cases = []
    for c in cases:
        tools = {name: {"status": r.status, "best_s": r.best, "times_s": r.times, "repeats_planned": r.reps,
                        "guard_run_s": r.guard_s, "matches_paretix": r.match, "max_abs_diff_over_hv": r.diff,
                        "note": r.note} for name, r in c["tools"].items()}
        px = c["tools"].get("paretix")
        ratios = {f"paretix/{name}": px.best / r.best for name, r in c["tools"].items()
                  if px is not None and px.best and name != "paretix" and r.best}
        out_cases.append({k: c[k] for k in ("kind", "shape", "n", "d", "hv", "reference")} | {"tools": tools, "ratios": ratios})
    return {**meta, "complete": done, "cases": out_cases}


def write_outputs(out_md: Path, meta, cases, tool_names, done: bool) -> None:
    out_md.parent.mkdir(parents=True, exist_ok=True)
    out_md.write_text(markdown(meta, cases, tool_names, done))
    out_md.with_suffix(".json").write_text(json.dumps(to_json(meta, cases, done), indent=1) + "\n")


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def _case(text: str):
    try:
        kind, d, n = text.split(":")
        assert kind in ("hv", "hvc")
        return kind, int(d), int(float(n))
    except Exception:  # noqa: BLE001
        raise argparse.ArgumentTypeError(f"expected KIND:D:N with KIND hv or hvc, e.g. hv:5:2000, got {text!r}") from None


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="reduced grid (d = 8 at n = 100 only), sphere shape, 3 repeats, cap 20 s, "
                        "output bench/results/hv_quick.md")
    p.add_argument("--cases", type=_case, nargs="+", default=None, help="KIND:D:N cases, e.g. hv:5:2000 hvc:3:1e4")
    p.add_argument("--shapes", nargs="+", choices=SHAPES, default=None)
    p.add_argument("--tools", nargs="+", choices=ALL_TOOLS, default=list(ALL_TOOLS))
    p.add_argument("--repeats", "-r", type=int, default=None, help="rounds per case, best taken (default 5; 3 quick)")
    p.add_argument("--cap", type=float, default=None, help="seconds per single run before a tool is skipped (60; 20 quick)")
    p.add_argument("--long", type=float, default=10.0, help="single runs longer than this get fewer repeats")
    p.add_argument("--rtol", type=float, default=1e-9, help="max |difference| / HV accepted between tools")
    p.add_argument("--seed", type=int, default=12345)
    p.add_argument("--out", type=Path, default=None, help="Markdown output (JSON next to it)")
    args = p.parse_args(argv)
    q = args.quick
    args.cases = args.cases or list(QUICK_CASES if q else FULL_CASES)
    args.shapes = args.shapes or (["sphere"] if q else list(SHAPES))
    args.repeats = args.repeats or (3 if q else 5)
    args.cap = args.cap or (20.0 if q else 60.0)
    args.out = args.out or (QUICK_OUT if q else DEFAULT_OUT)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    tools, missing = build_tools(args.tools)
    failed = warm_up(tools, args.cases)
    for name, err in failed.items():
        missing[name] = f"failed in warm-up: {err}"
    tools = [t for t in tools if t.name not in failed]
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
        "command": " ".join(["python", "bench/bench_hv.py", *(sys.argv[1:] if argv is None else argv)]),
    }
    grid = [(kind, shape, d, n) for kind, d, n in args.cases for shape in args.shapes]
    cases = []
    t_start = time.perf_counter()
    for i, (kind, shape, d, n) in enumerate(grid, 1):
        case = run_case(kind, shape, d, n, tools, args)
        cases.append(case)
        summary = ", ".join(f"{name}={_cell(r, args.cap, args.repeats)}" for name, r in case["tools"].items())
        print(f"[{i}/{len(grid)} {time.perf_counter() - t_start:7.1f}s] {kind} {shape} d={d} n={n}: {summary}",
              file=sys.stderr, flush=True)
        meta["loadavg_end"] = _loadavg()
        write_outputs(args.out, meta, cases, tool_names, done=i == len(grid))
    print(markdown(meta, cases, tool_names, done=True))
    print(f"written: {args.out} and {args.out.with_suffix('.json')}", file=sys.stderr)
    bad = any(r.match is False or r.status == "error" for c in cases for r in c["tools"].values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
