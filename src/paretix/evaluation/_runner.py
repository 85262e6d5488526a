"""The evaluation driver of a run: batches, order, retries, time limits, failures, the journal.

``Runner.evaluate(X, gen)`` turns a population into an :class:`paretix.Evaluation`:

1. points that the journal already holds for this generation (a resumed run) are taken from it;
2. the others go out in batches (``evaluator.batch_size``); results are put back by row, so the
   order (and every bit) is the same whichever evaluator ran them;
3. a batch that raised, timed out or lost its worker is split into single points, so one bad
   point does not fail its neighbours; a single point that fails (or returns NaN) is tried again
   up to ``retries`` times, then kept as a failure (NaN values, so CV = inf) or, with
   ``on_error="raise"``, ends the run with the user's exception;
4. the points of every returned batch are written to the journal at once (one transaction).

Device runs (CuPy points): with the in-process ``Vectorized`` evaluator (the default; its
``batch_size`` cuts the population into slices, e.g. to bound GPU memory) and a problem that is
not ``host_only``, the points are evaluated where they are, and ``F``, ``G``, ``H`` stay on the
device; the journal gets host copies. Everything else -- other evaluators, elementwise problems,
a generation being replayed from the journal, and a device evaluation that raised or returned
NaN (retries and failure records) -- runs on a host copy of the points, and the values go back
to the device. A problem that raised on the device points but evaluates on their host copies
(NumPy-only code without ``host_only = True``) gets one ``EvaluationWarning`` and host copies
for the rest of the run.
"""

from __future__ import annotations

import time
import warnings
from collections import deque
from dataclasses import dataclass

import numpy as np

from .._array import get_xp, to_numpy
from ..constraints import constraint_violation
from ._evaluators import Evaluator, Vectorized, make_evaluator


class EvaluationError(RuntimeError):
    """An evaluation failed with ``on_error="raise"`` and no exception of the user's to re-raise
    (it timed out, or its worker died)."""


@dataclass(frozen=True)
class Failure:
    """A point whose evaluation failed after its retries (kept in the run as infeasible).

    Attributes
    ----------
    x : (n_var,) the point.
    status : "error" (raised), "nan" (returned NaN), "timeout" or "lost" (its worker died).
    error_type, message : the exception's type name and message (or a description).
    attempts : how many times it was evaluated (the batch it came in counts as one).
    gen : the generation that asked for it (the initial population is generation 1).
    """

    x: np.ndarray
    status: str
    error_type: str
    message: str
    attempts: int
    gen: int

    def __repr__(self) -> str:
        return (f"Failure(gen={self.gen}, status={self.status!r}, {self.error_type}: {self.message!r}, "
                f"attempts={self.attempts})")


def failures_from(cols: dict) -> list[Failure]:
    """:class:`Failure` records from journal rows (column arrays)."""
    out = []
    for k in range(len(cols["gen"])):
        etype, _, msg = str(cols["error"][k]).partition(": ")
        out.append(Failure(cols["x"][k].copy(), str(cols["status"][k]), etype, msg, int(cols["attempts"][k]),
                           int(cols["gen"][k])))
    return out


def _check_on_error(on_error, evaluator: Evaluator) -> str:
    if on_error is None:
        return "raise" if isinstance(evaluator, Vectorized) else "record"
    if on_error not in ("raise", "record"):
        raise ValueError(f"on_error must be 'raise', 'record' or None (the evaluator's default), got {on_error!r}")
    return on_error


def _check_retries(retries) -> int:
    if isinstance(retries, bool) or not isinstance(retries, (int, np.integer)) or retries < 0:
        raise ValueError(f"retries must be an int >= 0, got {retries!r}")
    return int(retries)


def _check_timeout(timeout, evaluator: Evaluator):
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float, np.integer, np.floating)) or not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds or None, got {timeout!r}")
    if not evaluator.can_time_out:
        raise ValueError("timeout needs an evaluator that runs evaluations elsewhere ('processes', 'dask' or an "
                         "Executor): the in-process 'vectorized' evaluator cannot stop a running evaluation")
    return float(timeout)


class Runner:
    """Evaluates populations for one run (see the module docstring). Use as a context manager."""

    def __init__(self, problem, evaluator=None, *, on_error=None, retries=1, timeout=None, journal=None):
        self.problem = problem
        self.evaluator = make_evaluator(evaluator)
        self.on_error = _check_on_error(on_error, self.evaluator)
        self.retries = _check_retries(retries)
        self.timeout = _check_timeout(timeout, self.evaluator)
        self.journal = journal
        self.failures: list[Failure] = []
        self._replay: dict = {}
        self._task = 0
        self._open = False
        self._device_error = None  # why the last device evaluation fell back to the host path
        self._host_copies = False  # the problem raised on device points but not on host copies

    def __enter__(self):
        self.evaluator.open(self.problem)
        self._open = True
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._open:
            self._open = False
            self.evaluator.close()

    def replay_from(self, records: dict) -> None:
        """Take points from ``records`` ``{(gen, x bytes): [record, ...]}`` instead of evaluating them."""
        self._replay = records

    # -- one population -------------------------------------------------------------------------
    def evaluate(self, X, gen: int):
        """The :class:`paretix.Evaluation` of the points ``X`` asked in generation ``gen``."""
        from ..problems import EvaluationWarning

        p = self.problem
        X = p._check_X(X)
        xp = get_xp(X)
        self._device_error = None
        if xp is not np and self._device_ok(gen):
            ev = self._evaluate_on_device(X, gen)
            if ev is not None:
                return ev
        Xh = np.ascontiguousarray(to_numpy(X), dtype=np.float64)  # the host boundary of a device run
        n = len(Xh)
        self._F = np.full((n, p.n_obj), np.nan)
        self._G = np.full((n, p.n_ieq_constr), np.nan)
        self._H = np.full((n, p.n_eq_constr), np.nan)
        self._tries = np.zeros(n, dtype=np.int64)
        # rows are numbered within the generation: an algorithm that asks for one point at a time
        # (sequential MOEA/D) calls evaluate several times per generation
        self._row0 = self._row_next if gen == getattr(self, "_gen", None) else 0
        self._row_next = self._row0 + n
        self._X, self._gen = Xh, gen
        new_failures: list[Failure] = []
        todo = self._take_replayed(new_failures)
        queue: deque = deque()
        if todo.size:
            bs = self.evaluator.batch_size(todo.size)
            for start in range(0, todo.size, bs):
                queue.append((todo[start:start + bs], 1))
        limit_inflight = self.evaluator.slots if self.timeout is not None else np.inf
        inflight: dict[int, tuple[np.ndarray, int, int]] = {}
        while queue or inflight:
            while queue and len(inflight) < limit_inflight:
                idx, attempt = queue.popleft()
                self._task += 1
                inflight[self._task] = (idx, attempt, self._task)
                limit = None if self.timeout is None else self.timeout * len(idx)
                self.evaluator.submit(self._task, Xh[idx], limit)
            for task_id, out in self.evaluator.wait(None):
                idx, attempt, batch = inflight.pop(task_id)
                self._tries[idx] += 1
                records = self._handle(idx, attempt, batch, out, queue, new_failures)
                if self.journal is not None and records:
                    self.journal.write(records)
        self.failures.extend(new_failures)
        if self._device_error is not None and not new_failures:  # works on the host only: say so, once
            self._host_copies = True
            err = self._device_error
            warnings.warn(f"{p.name} raised on device arrays ({type(err).__name__}: {err}) but not on host copies; "
                          "the rest of this run evaluates it on host copies. Write its _evaluate with the array "
                          "namespace (paretix._array.get_xp) or set host_only = True on the class",
                          EvaluationWarning, stacklevel=3)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", EvaluationWarning)
            ev = p.make_evaluation(X, xp.asarray(self._F), xp.asarray(self._G), xp.asarray(self._H))
        if new_failures:
            kinds = sorted({f.status for f in new_failures})
            warnings.warn(f"{p.name}: {len(new_failures)} of {n} points of generation {gen} failed ({', '.join(kinds)}); "
                          "they are kept as infeasible (CV = inf) and listed in Result.failures",
                          EvaluationWarning, stacklevel=3)
        return ev

    def _device_ok(self, gen: int) -> bool:
        """Whether device points can be evaluated in place (see the module docstring)."""
        if not isinstance(self.evaluator, Vectorized) or getattr(self.problem, "host_only", False):
            return False
        if self._host_copies:
            return False
        return not any(g == gen and hits for (g, _), hits in self._replay.items())

    def _evaluate_on_device(self, X, gen: int):
        """The :class:`paretix.Evaluation` of device points evaluated in place, or None when the
        evaluation raised or returned NaN somewhere (the caller then runs the host path, which
        retries and records failures)."""
        from ..problems import EvaluationWarning

        p = self.problem
        n = X.shape[0]
        bs = self.evaluator.batch_size(n)
        starts = range(0, n, bs)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", EvaluationWarning)
                if len(starts) <= 1:
                    ev = p.evaluate(X)
                else:  # slices of batch_size points, values concatenated on the device
                    parts = [p.evaluate(X[a:a + bs]) for a in starts]
                    xp = get_xp(X)
                    ev = p.make_evaluation(X, *(xp.concatenate([getattr(e, b) for e in parts], axis=0)
                                                for b in ("F", "G", "H")))
        except Exception as exc:  # noqa: BLE001 - the host path evaluates again and applies on_error/retries
            self._device_error = exc
            return None
        xp = get_xp(ev.F)
        nan = xp.isnan(ev.F).any(axis=1) | xp.isnan(ev.G).any(axis=1) | xp.isnan(ev.H).any(axis=1)
        if bool(nan.any()):
            return None
        self._row0 = self._row_next if gen == getattr(self, "_gen", None) else 0
        self._row_next = self._row0 + n
        self._gen = gen
        if self.journal is not None:  # host copies at the journal's boundary
            self._X = np.ascontiguousarray(to_numpy(ev.X), dtype=np.float64)
            self._F, self._G, self._H = (np.asarray(to_numpy(a), dtype=np.float64) for a in (ev.F, ev.G, ev.H))
            self._tries = np.ones(n, dtype=np.int64)
        for a in starts:  # one task per slice, as the host path numbers its batches
            self._task += 1
            if self.journal is not None:
                records = self._records(np.arange(a, min(a + bs, n)), self._task, "ok", "")
                if records:
                    self.journal.write(records)
        return ev

    def _take_replayed(self, new_failures) -> np.ndarray:
        if not self._replay:
            return np.arange(len(self._X))
        todo = []
        for i, x in enumerate(self._X):
            hits = self._replay.get((self._gen, x.tobytes()))
            if not hits:
                todo.append(i)
                continue
            rec = hits.pop(0)
            self._F[i], self._G[i], self._H[i] = rec["f"], rec["g"], rec["h"]
            self._tries[i] = rec["attempts"]
            if rec["status"] != "ok":
                etype, _, msg = rec["error"].partition(": ")
                new_failures.append(Failure(x.copy(), rec["status"], etype, msg, int(rec["attempts"]), self._gen))
        return np.asarray(todo, dtype=np.int64)

    def _handle(self, idx, attempt, batch, out, queue, new_failures) -> list:
        """Place one task's outcome; queue what must be tried again; return journal records."""
        records = []
        if out.kind == "ok":
            F, G, H = (np.asarray(a, dtype=np.float64) for a in (out.F, out.G, out.H))
            nan = np.isnan(F).any(axis=1) | np.isnan(G).any(axis=1) | np.isnan(H).any(axis=1)
            good = idx[~nan]
            self._F[good], self._G[good], self._H[good] = F[~nan], G[~nan], H[~nan]
            records += self._records(good, batch, "ok", "")
            for i in idx[nan]:
                if attempt <= self.retries:
                    queue.appendleft((np.array([i]), attempt + 1))
                else:
                    records += self._fail(i, batch, "nan", "NaN", "the evaluation returned NaN", None, new_failures)
            return records
        if len(idx) > 1:  # find the point(s) at fault: each alone, a first attempt
            for i in idx[::-1]:
                queue.appendleft((np.array([i]), 1))
            return records
        i = int(idx[0])
        if attempt <= self.retries:
            queue.appendleft((idx, attempt + 1))
            return records
        status = {"error": "error", "timeout": "timeout", "lost": "lost"}[out.kind]
        return self._fail(i, batch, status, out.error_type, out.message, out.exc, new_failures)

    def _fail(self, i, batch, status, error_type, message, exc, new_failures) -> list:
        x = self._X[i]
        attempts = int(self._tries[i])
        records = self._records(np.array([i]), batch, status, f"{error_type}: {message}")
        if self.on_error == "raise" and status != "nan":
            if self.journal is not None and records:
                self.journal.write(records)
            note = f"paretix: raised while evaluating x = {x.tolist()!r} (generation {self._gen}, {attempts} attempt(s))"
            if exc is not None:
                if hasattr(exc, "add_note"):
                    exc.add_note(note)
                raise exc
            raise EvaluationError(f"evaluation of x = {x.tolist()!r} failed ({status}): {error_type}: {message} "
                                  f"after {attempts} attempt(s)")
        new_failures.append(Failure(x.copy(), status, error_type, message, attempts, self._gen))
        return records

    def _records(self, idx, batch, status, error) -> list:
        if self.journal is None or len(idx) == 0:
            return []
        p = self.problem
        G, H = self._G[idx], self._H[idx]
        if status == "ok":
            cv = constraint_violation(G, H, eq_tol=p.eq_tol, scale=p.constr_scale)
        else:
            cv = np.full(len(idx), np.inf)
        now = time.time()
        return [(self._gen, batch, self._row0 + int(i), self._X[i], self._F[i], G[k], H[k], float(cv[k]), status, error,
                 int(self._tries[i]), now) for k, i in enumerate(idx)]
