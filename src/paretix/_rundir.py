"""The run folder of ``paretix optimize``: what is written, and reading it back for plot and select.

Files: ``front.csv`` and ``population.csv`` (``Result.to_csv``), ``history.csv`` (one row per
generation), ``summary.json``, ``reference_front.csv`` (the true front, when known).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._array import to_numpy
from ._cli_common import UsageError

SNAPSHOT_BUDGET = 4_000_000  # float64 values of result sets kept in memory for the HV history


class Snapshots:
    """A ``minimize`` callback that keeps the feasible result set every ``step`` generations.

    ``step`` starts at ``ceil(n_gen / 200)`` (1 when the budget is in evaluations) and doubles,
    dropping every other snapshot, whenever the kept values exceed ``SNAPSHOT_BUDGET``."""

    def __init__(self, n_gen: int | None):
        self.step = max(1, -(-int(n_gen) // 200)) if n_gen else 1
        self.items: list[tuple[int, int, np.ndarray]] = []

    def __call__(self, algorithm) -> None:
        if (algorithm.n_gen - 1) % self.step:
            return
        opt = algorithm.opt
        if len(opt) and bool((opt.CV <= 0).all()):
            F = np.array(to_numpy(opt.F), dtype=np.float64)  # a host copy (a GPU run's reporting boundary)
            self.items.append((algorithm.n_gen, algorithm.n_eval, F))
        while sum(F.size for *_, F in self.items) > SNAPSHOT_BUDGET and len(self.items) > 2:
            self.step *= 2
            self.items = [it for it in self.items if (it[0] - 1) % self.step == 0] or self.items[-1:]

    def last(self, algorithm) -> None:
        """Make sure the final generation is kept."""
        if not self.items or self.items[-1][0] != algorithm.n_gen:
            step, self.step = self.step, 1
            self(algorithm)
            self.step = step


def scaled_hypervolume(F, ideal, nadir):
    """``(value, method)``: HV of F scaled so that ideal -> 0 and nadir -> 1, ref 1.1 in every
    objective; exact where that is quick, else a Monte Carlo estimate (seed 0, 20 000 samples)."""
    from .kernels.hv import hypervolume, hypervolume_mc

    span = np.where(nadir - ideal > 0, nadir - ideal, 1.0)
    P = (np.asarray(F, dtype=np.float64) - ideal) / span
    P = P[(P < 1.1).all(axis=1)]
    n, m = P.shape
    if n == 0:
        return 0.0, "exact"
    if m <= 3 or (m == 4 and n <= 3000) or (m <= 6 and n <= 200):
        return float(hypervolume(P, ref=np.full(m, 1.1))), "exact"
    return float(hypervolume_mc(P, ref=np.full(m, 1.1), n_samples=20_000, seed=0).value), "Monte Carlo"


def _convergence(snapshots: Snapshots, front, final_F, n_gen: np.ndarray):
    """Per-generation column (HV, or the best f for one objective) and the summary entry."""
    col = np.full(len(n_gen), np.nan)
    index = {int(g): i for i, g in enumerate(n_gen)}
    if final_F is None or len(final_F) == 0:
        return None, col, None
    m = final_F.shape[1]
    if m == 1:
        for g, _, F in snapshots.items:
            col[index[g]] = float(F.min())
        return "f_best", col, None
    base = front if front is not None else final_F
    ideal, nadir = base.min(axis=0), base.max(axis=0)
    method = "exact"
    for g, _, F in snapshots.items:
        col[index[g]], method = scaled_hypervolume(F, ideal, nadir)
    value, method = scaled_hypervolume(final_F, ideal, nadir)
    entry = {"value": value, "ref": 1.1, "method": method,
             "scaled_by": "the true front" if front is not None else "the final front",
             "ideal": ideal.tolist(), "nadir": nadir.tolist()}
    return "hv", col, entry


def write_run(out: Path, res, problem, algorithm, settings: dict, front, snapshots: Snapshots, W) -> dict:
    """Write the run folder; returns the summary."""
    from ._cli_optimize import json_safe, versions
    from .indicators import igd
    from .kernels import KERNELS

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the run folder {str(out)!r}: {exc.strerror}") from None
    res.to_csv(out / "front.csv")
    res.to_csv(out / "population.csv", which="pop")
    snapshots.last(algorithm)
    history = {k: np.asarray(v) for k, v in res.history.items()}
    final_F = to_numpy(res.F)  # host values, also for a run on the GPU
    name, col, hv = _convergence(snapshots, front, final_F if res.feasible else None, history["n_gen"])
    if name is not None:
        history[name] = col
    write_table(out / "history.csv", history)
    if front is not None:
        write_table(out / "reference_front.csv", {f"f{j + 1}": front[:, j] for j in range(front.shape[1])})
    summary = {
        "problem": {"name": problem.name, "spec": settings["problem"], "n_var": problem.n_var,
                    "n_obj": problem.n_obj, "n_ieq_constr": problem.n_ieq_constr,
                    "n_eq_constr": problem.n_eq_constr, "xl": problem.xl.tolist(), "xu": problem.xu.tolist()},
        "algorithm": {"name": algorithm.name, "pop_size": getattr(algorithm, "_n_pop", None),
                      "n_ref_dirs": None if W is None else len(W)},
        "settings": json_safe(settings),
        "versions": versions(),
        "backend": KERNELS["pareto_rank"].resolve(None)[0],
        "device": getattr(algorithm, "device", "cpu"),
        "time_s": res.exec_time,
        "n_gen": res.n_gen,
        "n_eval": res.n_eval,
        "n_front": len(res.F),
        "feasible": res.feasible,
        "message": res.message,
        "n_failed": res.n_failed,
        "failures": [{"gen": f.gen, "x": np.asarray(f.x).tolist(), "status": f.status,
                      "error": f"{f.error_type}: {f.message}", "attempts": f.attempts} for f in res.failures[:100]],
        "checkpoint": settings.get("checkpoint"),
        "igd": None if front is None or not res.feasible else igd(final_F, front),
        "hypervolume": hv,
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def write_table(path: Path, columns: dict) -> None:
    """CSV with a header; floats at full precision, booleans as True/False."""
    names = list(columns)
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(names)
        for row in zip(*(np.asarray(columns[k]) for k in names)):
            w.writerow([str(bool(v)) if isinstance(v, np.bool_) else
                        str(int(v)) if isinstance(v, np.integer) else repr(float(v)) for v in row])


def read_table(path: Path) -> dict[str, np.ndarray]:
    """A CSV written by paretix as ``{column: array}`` (feasible: bool, rank: int, else float)."""
    try:
        with open(path, newline="") as fh:
            rows = list(csv.reader(fh))
    except FileNotFoundError:
        raise UsageError(f"no {path.name} in {path.parent} (is it a run folder of paretix optimize?)") from None
    if not rows:
        raise UsageError(f"{path} is empty")
    names, body = rows[0], rows[1:]
    out = {}
    for j, name in enumerate(names):
        values = [r[j] for r in body]
        try:
            if name == "feasible":
                out[name] = np.array([v == "True" for v in values], dtype=bool)
            elif name == "rank":
                out[name] = np.array([int(v) for v in values], dtype=np.int64)
            else:
                out[name] = np.array([float(v) for v in values], dtype=np.float64)
        except (ValueError, IndexError):
            raise UsageError(f"{path}: column {name!r} has a value that is not a number") from None
    return out


def block(table: dict, prefix: str) -> np.ndarray:
    """The columns ``prefix1, prefix2, ...`` of a table as an (N, k) array."""
    cols = []
    while f"{prefix}{len(cols) + 1}" in table:
        cols.append(table[f"{prefix}{len(cols) + 1}"])
    n = len(next(iter(table.values()))) if table else 0
    return np.column_stack(cols) if cols else np.zeros((n, 0))


@dataclass
class Run:
    """A run folder read back: tables, the summary, the true front (or None)."""

    path: Path
    front: dict
    population: dict
    history: dict
    summary: dict
    reference: np.ndarray | None

    @property
    def title(self) -> str:
        s = self.summary
        return f"{s['algorithm']['name']} on {s['problem']['name']}"


def read_run(path) -> Run:
    """Read a run folder; a missing folder or file is a one-line :class:`UsageError`."""
    path = Path(path)
    if not path.is_dir():
        raise UsageError(f"no such run folder {str(path)!r}")
    try:
        summary = json.loads((path / "summary.json").read_text())
    except FileNotFoundError:
        raise UsageError(f"{path} has no summary.json: give the --out folder of a paretix optimize run") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path / 'summary.json'} is not valid JSON ({exc})") from None
    ref_path = path / "reference_front.csv"
    reference = block(read_table(ref_path), "f") if ref_path.exists() else None
    history = read_table(path / "history.csv") if (path / "history.csv").exists() else {}
    return Run(path, read_table(path / "front.csv"), read_table(path / "population.csv"), history,
               summary, reference)
