"""The outcome of a run: the result set, the final population, counters and a light history."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._array import to_numpy


@dataclass
class Result:
    """What :func:`paretix.minimize` (or ``algorithm.result()``) returns.

    Attributes
    ----------
    X, F, G, H, CV : arrays of the result set: the non-dominated feasible members of the final
        population (what a user plots and what IGD is computed on). When nothing is feasible they
        hold the least infeasible members instead, ``feasible`` is False and ``message`` says so.
        NumPy arrays, or CuPy arrays for a run on ``device="cuda"`` (``to_csv``, ``to_pandas``
        and ``to_parquet`` copy them to the host).
    pop : :class:`paretix.algorithms.Population`, the whole final population (same namespace).
    n_eval, n_gen : evaluations and generations (the initial population is generation 1).
    exec_time : seconds of wall time.
    history : dict of per-generation 1-D NumPy arrays (on every device) (``n_gen``, ``n_eval``, ``cv_min``, ``cv_avg``,
        ``n_nds``, ``time`` and any indicators passed to ``minimize``), never algorithm copies.
    failures : list of :class:`paretix.evaluation.Failure`, the points whose evaluation raised,
        returned NaN, timed out or lost its worker after their retries (kept in the run as
        infeasible, CV = inf); ``n_failed`` counts them.
    """

    X: np.ndarray
    F: np.ndarray
    G: np.ndarray
    H: np.ndarray
    CV: np.ndarray
    feasible: bool
    message: str
    pop: Any
    n_eval: int
    n_gen: int
    exec_time: float
    history: dict = field(default_factory=dict)
    problem: str = ""
    algorithm: str = ""
    seed: Any = None
    failures: list = field(default_factory=list)
    journal: Any = field(default=None, repr=False)

    @property
    def n_failed(self) -> int:
        """How many points failed (``len(failures)``)."""
        return len(self.failures)

    def evaluations(self):
        """Every point evaluated in the run, as a pandas DataFrame (needs pandas).

        Available when the run kept a journal (``minimize(..., checkpoint=DIR)``, read from
        ``DIR/evaluations.sqlite``) or an archive (``minimize(..., archive=True)``). Columns:
        ``gen``, ``batch``, ``row``, ``x1``.., ``f1``.., ``g1``.., ``h1``.., ``cv``, ``status``
        ("ok", "error", "nan", "timeout", "lost"), ``error``, ``attempts``, ``time`` (Unix
        seconds), one row per evaluation in the order they returned; failed points have NaN
        values and ``cv = inf``.
        """
        if self.journal is None:
            raise RuntimeError("this run kept no evaluations: pass minimize(..., archive=True) or checkpoint=DIR")
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("evaluations() needs pandas: pip install pandas") from exc
        from .evaluation import read_evaluations

        cols = read_evaluations(self.journal)
        data = {k: cols[k] for k in ("gen", "batch", "row")}
        for key in ("x", "f", "g", "h"):
            for j in range(cols[key].shape[1]):
                data[f"{key}{j + 1}"] = cols[key][:, j]
        for key in ("cv", "status", "error", "attempts", "time"):
            data[key] = cols[key]
        return pd.DataFrame(data)

    def _columns(self, which: str):
        """``(names, columns)``: x1.., f1.., g1.., h1.., cv, feasible, rank of the chosen set."""
        if which not in ("opt", "pop"):
            raise ValueError(f"which must be 'opt' (the result set) or 'pop' (the final population), got {which!r}")
        src = self if which == "opt" else self.pop
        blocks = [("x", src.X), ("f", src.F), ("g", src.G), ("h", src.H)]
        names, cols = [], []
        for prefix, arr in blocks:
            arr = to_numpy(arr)
            for j in range(arr.shape[1]):
                names.append(f"{prefix}{j + 1}")
                cols.append(arr[:, j])
        cv = np.asarray(to_numpy(src.CV), dtype=np.float64)
        names += ["cv", "feasible", "rank"]
        cols += [cv, cv <= 0, self._rank(to_numpy(src.F), cv)]
        return names, cols

    @staticmethod
    def _rank(F, cv):
        """Constrained non-domination rank (0 = non-dominated feasible; infeasible rows after)."""
        from .kernels import pareto_rank

        if len(cv) == 0:
            return np.zeros(0, dtype=np.int64)
        return np.asarray(pareto_rank(np.asarray(F, dtype=np.float64), cv=cv), dtype=np.int64)

    def to_pandas(self, which: str = "opt"):
        """A DataFrame of the result set (``which="opt"``) or the final population (``"pop"``).

        Columns x1.., f1.., g1.., h1.., cv (float), feasible (bool: cv == 0) and rank (int:
        the constrained non-domination rank within the table, 0 = non-dominated feasible).
        Needs pandas.
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_pandas() needs pandas: pip install pandas") from exc
        names, cols = self._columns(which)
        return pd.DataFrame(dict(zip(names, cols)))

    def to_csv(self, path, which: str = "opt") -> None:
        """Write the result set (``which="opt"``) or the final population (``"pop"``) as CSV
        with a header row x1.., f1.., g1.., h1.., cv, feasible, rank (floats at full precision,
        feasible as True/False, rank as an integer)."""
        names, cols = self._columns(which)
        with open(path, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(names)
            for row in zip(*cols):
                w.writerow([repr(float(v)) for v in row[:-2]] + [str(bool(row[-2])), str(int(row[-1]))])

    def to_parquet(self, path, which: str = "opt") -> None:
        """Write the same table as :meth:`to_pandas` to a Parquet file (needs pyarrow:
        ``pip install pyarrow``); the run's problem, algorithm, seed and counters go into the
        file's key-value metadata."""
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise ImportError("to_parquet() needs pyarrow: pip install pyarrow") from None
        names, cols = self._columns(which)
        meta = {"problem": self.problem, "algorithm": self.algorithm, "seed": repr(self.seed),
                "n_eval": str(self.n_eval), "n_gen": str(self.n_gen), "which": which}
        table = pa.table(dict(zip(names, cols))).replace_schema_metadata({f"paretix.{k}": v for k, v in meta.items()})
        pq.write_table(table, path)

    def __repr__(self) -> str:
        return (f"Result({self.algorithm} on {self.problem}: {len(self.F)} points, "
                f"feasible={self.feasible}, n_gen={self.n_gen}, n_eval={self.n_eval}, "
                f"exec_time={self.exec_time:.3g}s)")
