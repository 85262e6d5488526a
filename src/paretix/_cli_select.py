"""``paretix select RUN_DIR``: choose designs from a run's front by desirability.

Each -d gives one desirability function of paretix.desirability, for a column of front.csv:
"f1=DMin(2, 40)", or "DMin(2, 40)" for the next objective that no other -d names. The functions are combined
into the overall desirability D (geometric mean by default; --weights, --tolerance, --aggregate)
and the k designs with the highest D are written, best first, with their individual (d_...) and
overall (D) desirabilities. Without -d, the [desirability] table of the run's study file is
used (or that of --study FILE). Values are the columns as stored: paretix minimises, so an
objective you maximise appears negated (use DMin on -profit, or DMax with negated limits).

Writes into RUN_DIR: selected.csv, selection.json, and desirability.png (with matplotlib; the
chosen designs are also marked on front.png and the parallel coordinates).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from ._cli_common import UsageError, examples, help_formatter

EXAMPLES = examples(
    'paretix select runs/beam -d "f1=DMin(2, 40)" -d "f2=DMin(0.0005, 0.01)" -k 3',
    'paretix select runs/beam -d "DMin(2, 40)" -d "DMin(0.0005, 0.01, scale=2)" --weights 1 2',
    'paretix select runs/tune -d "f1=DMin(0.05, 0.3)" -d "f2=DHarrington1(1e5, 0.9, 1e6, 0.1)"',
    "paretix select runs/beam                  # the [desirability] table of the study file",
)
FUNCTIONS = ("DMax", "DMin", "DTarget", "DBox", "DArb", "DCategorical", "DHarrington1", "DHarrington2")
AGGREGATES = ("geometric", "arithmetic", "minimum")


def add_parser(sub) -> None:
    p = sub.add_parser("select", help="choose designs from a run's front by desirability",
                       description=__doc__, epilog=EXAMPLES, formatter_class=help_formatter)
    p.add_argument("run_dir", type=Path, metavar="RUN_DIR", help="the --out folder of paretix optimize")
    p.add_argument("-d", "--desirability", action="append", default=None, metavar="[COLUMN=]FUNCTION(...)",
                   help=f"one desirability function ({', '.join(FUNCTIONS)}) for a column of front.csv")
    p.add_argument("--weights", type=float, nargs="+", default=None, help="relative importance of each function")
    p.add_argument("--tolerance", type=float, default=None, help="floor for every d before combining (default 0)")
    p.add_argument("--aggregate", choices=AGGREGATES, default=None, help="how the d combine (default geometric)")
    p.add_argument("-k", type=int, default=None, help="how many designs to keep (default 1)")
    p.add_argument("--study", type=Path, default=None, help="take the [desirability] table from this study file")
    p.set_defaults(func=run)


def parse_function(text: str):
    """``"[COLUMN=]NAME(args)"`` -> ``(column or None, function object)``; literals only."""
    from . import desirability

    if not isinstance(text, str):
        raise UsageError(f"a desirability function must be a string such as \"f1=DMin(0, 10)\", got {text!r}")
    column, expr = None, text.strip()
    head = expr.split("(", 1)[0]
    if "=" in head:
        column, expr = (part.strip() for part in expr.split("=", 1))
    try:
        node = ast.parse(expr, mode="eval").body
    except SyntaxError:
        raise UsageError(f"cannot read desirability {text!r}: write it as NAME(args), e.g. \"f1=DMin(0, 10)\"") from None
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        raise UsageError(f"desirability {text!r} must be a call such as DMin(0, 10)")
    name = node.func.id
    if name not in FUNCTIONS:
        raise UsageError(f"unknown desirability function {name!r} in {text!r}; use one of {', '.join(FUNCTIONS)}")
    try:
        args = [ast.literal_eval(a) for a in node.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
    except (ValueError, TypeError, SyntaxError):
        raise UsageError(f"the arguments of {text!r} must be numbers, strings, lists or dicts") from None
    try:
        return column, getattr(desirability, name)(*args, **kwargs)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{expr}: {exc}") from None


def doverall_from(spec: dict, front: dict):
    """``(DOverall, columns)`` from a desirability table (functions, weights, tolerance, aggregate)."""
    from .desirability import DOverall

    functions = spec.get("functions") or []
    if not functions:
        raise UsageError("no desirability functions: give -d \"f1=DMin(low, high)\" (one per column), or a "
                         "[desirability] table with functions = [...] in the study file")
    objectives = [c for c in front if c.startswith("f") and c[1:].isdigit()]
    parsed = [parse_function(text) for text in functions]
    free = iter([c for c in objectives if c not in {col for col, _ in parsed}])
    columns, funcs = [], []
    for text, (column, fun) in zip(functions, parsed):
        if column is None:  # the next objective not named by another function
            column = next(free, None)
            if column is None:
                raise UsageError(f"{text!r} has no column and there are only {len(objectives)} objectives: write "
                                 "COLUMN=FUNCTION(...)")
        if column not in front:
            raise UsageError(f"column {column!r} of {text!r} is not in front.csv; columns: {', '.join(front)}")
        if column in columns:
            raise UsageError(f"column {column!r} has two desirability functions")
        columns.append(column)
        funcs.append(fun)
    weights = spec.get("weights")
    if weights is not None and len(weights) != len(funcs):
        raise UsageError(f"{len(weights)} weights for {len(funcs)} desirability functions: give one per function")
    aggregate = spec.get("aggregate") or "geometric"
    if aggregate not in AGGREGATES:
        raise UsageError(f"aggregate must be one of {', '.join(AGGREGATES)}, got {aggregate!r}")
    try:
        doverall = DOverall(*funcs, weights=weights, tolerance=spec.get("tolerance") or 0, aggregate=aggregate)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"desirability: {exc}") from None
    return doverall, columns


def response_columns(front: dict, columns) -> np.ndarray:
    return np.column_stack([front[c] for c in columns]) if columns else np.zeros((0, 0))


def _spec(args, run) -> dict:
    spec = {}
    if args.desirability is None:
        if args.study is not None:
            from ._study import load_study

            spec = dict(load_study(args.study).get("desirability", {}))
        else:
            spec = dict(run.summary.get("settings", {}).get("desirability") or {})
    else:
        spec["functions"] = list(args.desirability)
    for key in ("weights", "tolerance", "aggregate", "k"):
        if getattr(args, key) is not None:
            spec[key] = getattr(args, key)
    spec.setdefault("k", 1)
    if not isinstance(spec["k"], int) or spec["k"] < 1:
        raise UsageError(f"k must be an integer >= 1, got {spec['k']!r}")
    return spec


def run(args) -> int:
    from ._rundir import block, read_run, write_table
    from .desirability import select

    run_ = read_run(args.run_dir)
    spec = _spec(args, run_)
    front = run_.front
    if not len(front.get("cv", ())):
        raise UsageError(f"{run_.path / 'front.csv'} has no designs to choose from")
    doverall, columns = doverall_from(spec, front)
    R = response_columns(front, columns)
    designs = SimpleNamespace(X=block(front, "x"), F=R, CV=front["cv"])  # feasible designs first
    sel = select(designs, doverall, k=spec["k"])
    rows, d, D = sel.index, np.asarray(sel.d), np.asarray(sel.D)
    table = {"front_row": rows}
    table.update({k: v[rows] for k, v in front.items()})
    table.update({f"d_{c}": d[:, j] for j, c in enumerate(columns)})
    table["D"] = D
    write_table(run_.path / "selected.csv", table)
    record = {"desirability": {k: v for k, v in spec.items()}, "columns": columns,
              "rows": rows.tolist(), "D": D.tolist()}
    (run_.path / "selection.json").write_text(json.dumps(record, indent=2) + "\n")
    _print(rows, columns, R, d, D, front)
    from ._cli_plot import draw_all

    written = draw_all(run_.path, only=("desirability", "front", "objectives", "variables"))
    print(f"wrote {run_.path / 'selected.csv'}, selection.json" + "".join(f", {p.name}" for p in written))
    return 0


def _print(rows, columns, R, d, D, front) -> None:
    n_x = len([c for c in front if c.startswith("x")])
    print(f"{len(rows)} design(s) of {len(front['cv'])} chosen by overall desirability D:")
    head = ["#", "row", "D"] + [f"{c} (d)" for c in columns] + ([] if front["feasible"][rows].all() else ["cv"])
    lines = [head]
    for k, (row, dk, Dk) in enumerate(zip(rows, d, D), start=1):
        line = [str(k), str(int(row)), f"{Dk:.4f}"] + [f"{front[c][row]:.5g} ({dk[j]:.3f})"
                                                        for j, c in enumerate(columns)]
        if len(head) > len(line):
            line.append(f"{front['cv'][row]:.3g}")
        lines.append(line)
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    for r in lines:
        print("  ".join(v.rjust(w) for v, w in zip(r, widths)))
    if n_x:
        best = rows[0]
        print("best design: " + ", ".join(f"x{j + 1}={front[f'x{j + 1}'][best]:.6g}" for j in range(n_x)))
