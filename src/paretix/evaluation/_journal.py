"""The evaluation journal: every evaluated point of a run, as it returns.

``Journal`` is an SQLite file (``evaluations.sqlite`` in a checkpoint directory; Python's
``sqlite3``, WAL mode, one transaction per returned batch, so a killed process loses at most
the batches still in flight). ``MemoryArchive`` keeps the same rows in memory
(``minimize(..., archive=True)`` without a checkpoint). Values are stored as the float64 bytes
of each row, so a point read back is bit for bit the point evaluated.

One row per evaluated point: ``gen`` (the generation that asked for it), ``batch`` (the task it
was in), ``row`` (its index among the points asked in that generation), ``x``, ``f``, ``g``, ``h``, ``cv``,
``status`` ("ok", "error", "nan", "timeout", "lost"), ``error`` ("Type: message"), ``attempts``
and ``time`` (Unix seconds when it returned).
"""

from __future__ import annotations

import os
import sqlite3

import numpy as np

#: Version of the journal's table layout (``PRAGMA user_version``).
JOURNAL_VERSION = 1

_COLUMNS = ("gen", "batch", "row", "x", "f", "g", "h", "cv", "status", "error", "attempts", "time")


class CheckpointError(ValueError):
    """A checkpoint cannot be used: it belongs to another run, or a file is missing, of another
    format version, truncated or corrupt."""


class JournalError(CheckpointError):
    """The journal file is not a paretix journal, is of another version, or is corrupt."""


def _empty(n_var, n_obj, n_ieq, n_eq) -> dict:
    return {"gen": np.zeros(0, np.int64), "batch": np.zeros(0, np.int64), "row": np.zeros(0, np.int64),
            "x": np.zeros((0, n_var)), "f": np.zeros((0, n_obj)), "g": np.zeros((0, n_ieq)),
            "h": np.zeros((0, n_eq)), "cv": np.zeros(0), "status": np.zeros(0, dtype=object),
            "error": np.zeros(0, dtype=object), "attempts": np.zeros(0, np.int64), "time": np.zeros(0)}


def _columns(rows, sizes) -> dict:
    """Column arrays from rows of the journal's layout (arrays as bytes or as arrays)."""
    if not rows:
        return _empty(*sizes)
    cols = list(zip(*rows))
    out = {}
    for name, col, k in zip(_COLUMNS, cols, (None, None, None, *sizes, None, None, None, None, None)):
        if name in ("x", "f", "g", "h"):
            arr = np.array([np.frombuffer(v, dtype=np.float64) if isinstance(v, bytes) else v for v in col],
                           dtype=np.float64)
            out[name] = arr.reshape(len(rows), k)
        elif name in ("status", "error"):
            out[name] = np.array(col, dtype=object)
        elif name in ("cv", "time"):
            out[name] = np.array(col, dtype=np.float64)
        else:
            out[name] = np.array(col, dtype=np.int64)
    return out


def _replay_index(cols: dict) -> dict:
    """``{(gen, x bytes): [record, ...]}`` for a resumed run's look-ups."""
    index: dict = {}
    for k in range(len(cols["gen"])):
        rec = {name: cols[name][k] for name in ("f", "g", "h", "status", "error", "attempts")}
        index.setdefault((int(cols["gen"][k]), cols["x"][k].tobytes()), []).append(rec)
    return index


class MemoryArchive:
    """Every evaluated point of a run, in memory (the journal's rows without a file)."""

    def __init__(self, n_var: int, n_obj: int, n_ieq: int, n_eq: int):
        self.sizes = (n_var, n_obj, n_ieq, n_eq)
        self._rows: list = []

    def write(self, records) -> None:
        self._rows.extend((g, b, r, np.array(x), np.array(f), np.array(gg), np.array(h), cv, s, e, a, t)
                          for g, b, r, x, f, gg, h, cv, s, e, a, t in records)

    def read(self) -> dict:
        """The rows as column arrays (``x`` (n, n_var), ``f`` (n, n_obj), ..., in write order)."""
        return _columns(self._rows, self.sizes)

    def close(self) -> None:
        """Nothing to release."""


class Journal:
    """The SQLite evaluation journal of a checkpoint directory (see the module docstring).

    Parameters
    ----------
    path : str or os.PathLike
        The file (created if missing).
    sizes : (n_var, n_obj, n_ieq, n_eq)
        The problem's dimensions; an existing journal of other dimensions is refused.
    """

    def __init__(self, path, sizes):
        self.path = os.fspath(path)
        self.sizes = tuple(int(s) for s in sizes)
        exists = os.path.exists(self.path)
        try:
            self._con = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._con.execute("PRAGMA journal_mode=WAL")
            self._con.execute("PRAGMA synchronous=NORMAL")  # durable against a killed process
            if exists:
                self._check()
            else:
                self._create()
        except sqlite3.DatabaseError as exc:
            raise JournalError(f"{self.path} is not a readable paretix evaluation journal "
                               f"(corrupt or not SQLite): {exc}") from exc

    def _create(self) -> None:
        with self._con:
            self._con.execute("BEGIN")
            self._con.execute(
                "CREATE TABLE IF NOT EXISTS evaluations (id INTEGER PRIMARY KEY, gen INTEGER NOT NULL, "
                "batch INTEGER NOT NULL, row INTEGER NOT NULL, x BLOB NOT NULL, f BLOB NOT NULL, g BLOB NOT NULL, "
                "h BLOB NOT NULL, cv REAL NOT NULL, status TEXT NOT NULL, error TEXT NOT NULL, "
                "attempts INTEGER NOT NULL, time REAL NOT NULL)")
            self._con.execute("CREATE INDEX IF NOT EXISTS evaluations_gen ON evaluations (gen)")
            self._con.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                  [("sizes", ",".join(map(str, self.sizes)))])
            self._con.execute(f"PRAGMA user_version={JOURNAL_VERSION}")

    def _check(self) -> None:
        version = self._con.execute("PRAGMA user_version").fetchone()[0]
        if version != JOURNAL_VERSION:
            raise JournalError(f"{self.path} has journal format version {version}, this paretix reads "
                               f"version {JOURNAL_VERSION}")
        row = self._con.execute("SELECT value FROM meta WHERE key = 'sizes'").fetchone()
        sizes = tuple(int(v) for v in row[0].split(",")) if row else None
        if sizes != self.sizes:
            raise JournalError(f"{self.path} belongs to a problem with (n_var, n_obj, n_ieq, n_eq) = {sizes}, "
                               f"not {self.sizes}")

    def write(self, records) -> None:
        """Append the records of one returned batch in one transaction."""
        rows = [(g, b, r, np.ascontiguousarray(x, np.float64).tobytes(), np.ascontiguousarray(f, np.float64).tobytes(),
                 np.ascontiguousarray(gg, np.float64).tobytes(), np.ascontiguousarray(h, np.float64).tobytes(),
                 cv, s, e, a, t) for g, b, r, x, f, gg, h, cv, s, e, a, t in records]
        with self._con:
            self._con.execute("BEGIN")
            self._con.executemany(f"INSERT INTO evaluations ({', '.join(_COLUMNS)}) VALUES "
                                  f"({', '.join('?' * len(_COLUMNS))})", rows)

    def _select(self, where: str = "", args=()) -> dict:
        try:
            rows = self._con.execute(f"SELECT {', '.join(_COLUMNS)} FROM evaluations {where} ORDER BY id",
                                     args).fetchall()
            return _columns(rows, self.sizes)
        except (sqlite3.DatabaseError, ValueError) as exc:
            raise JournalError(f"{self.path} could not be read (corrupt?): {exc}") from exc

    def read(self) -> dict:
        """Every row as column arrays (``x`` (n, n_var), ``f`` (n, n_obj), ..., in write order)."""
        return self._select()

    def replay(self, after_gen: int) -> dict:
        """``{(gen, x bytes): [record, ...]}`` of the rows of generations after ``after_gen``."""
        return _replay_index(self._select("WHERE gen > ?", (int(after_gen),)))

    def failures_until(self, gen: int) -> dict:
        """The failed rows of generations up to ``gen`` (column arrays)."""
        return self._select("WHERE gen <= ? AND status != 'ok'", (int(gen),))

    def close(self) -> None:
        con, self._con = getattr(self, "_con", None), None
        if con is not None:
            con.close()


def read_journal(path, sizes=None) -> dict:
    """Column arrays of the journal at ``path`` (read-only use; ``sizes`` from its meta table when None)."""
    if not os.path.exists(path):
        raise FileNotFoundError(f"no evaluation journal at {os.fspath(path)}")
    if sizes is None:
        try:
            con = sqlite3.connect(os.fspath(path))
            try:
                row = con.execute("SELECT value FROM meta WHERE key = 'sizes'").fetchone()
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            raise JournalError(f"{os.fspath(path)} is not a readable paretix evaluation journal: {exc}") from exc
        if row is None:
            raise JournalError(f"{os.fspath(path)} is not a paretix evaluation journal (no meta table)")
        sizes = tuple(int(v) for v in row[0].split(","))
    journal = Journal(path, sizes)
    try:
        return journal.read()
    finally:
        journal.close()
