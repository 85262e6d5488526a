"""Evaluators: where a batch of points is evaluated (this process, worker processes, an Executor).

Every evaluator speaks one small protocol to the run's driver (:mod:`._runner`):

- ``open(problem)`` once per run (start workers, send the problem once), ``close()`` at its end;
- ``slots`` evaluations that can run at once, and ``batch_size(n)`` for a population of n points;
- ``submit(task_id, X, limit)`` starts evaluating the (k, n_var) host array ``X`` (``limit``:
  seconds before the task counts as timed out, or None);
- ``wait(timeout)`` returns the finished ``[(task_id, Outcome)]`` (at least one unless
  ``timeout`` expires), including tasks that timed out or whose worker died.

The driver owns batching, ordering, retries and the journal; an evaluator only moves arrays.
"""

from __future__ import annotations

import concurrent.futures as cf
import math
import multiprocessing as mp
import os
import pickle
import time
import traceback
import warnings
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait as _mp_wait

import numpy as np


@dataclass
class Outcome:
    """How one task ended: ``kind`` is "ok" (``F``, ``G``, ``H`` set), "error" (the evaluation
    raised: ``exc`` when it could be brought back, ``error_type`` and ``message`` always),
    "timeout" or "lost" (the worker died)."""

    kind: str
    F: np.ndarray | None = None
    G: np.ndarray | None = None
    H: np.ndarray | None = None
    exc: BaseException | None = None
    error_type: str = ""
    message: str = ""


def evaluate_batch(problem, X):
    """``(F, G, H)`` of the points X: what a worker runs (checked by ``Problem.evaluate``; NaN is
    reported by the driver, so the per-call warning is silenced here)."""
    from ..problems import EvaluationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EvaluationWarning)
        ev = problem.evaluate(X)
    return np.asarray(ev.F), np.asarray(ev.G), np.asarray(ev.H)


def error_outcome(exc: BaseException) -> Outcome:
    return Outcome("error", exc=exc, error_type=type(exc).__name__, message=str(exc))


def _default_batch(n: int, slots: int, batch_size) -> int:
    if batch_size is not None:
        return int(batch_size)
    return max(1, math.ceil(n / (4 * max(1, slots))))  # a few batches per worker


def _check_batch_size(batch_size):
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer))
                                   or batch_size < 1):
        raise ValueError(f"batch_size must be a positive int or None (a few batches per worker), got {batch_size!r}")
    return batch_size


class Evaluator:
    """Base class of the evaluators (see the module docstring for the protocol)."""

    name = "evaluator"
    #: True when a task can be stopped at its time limit (its worker is killed).
    can_time_out = True

    def open(self, problem) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release what ``open`` started (idempotent)."""

    @property
    def slots(self) -> int:
        return 1

    def batch_size(self, n: int) -> int:
        return _default_batch(n, self.slots, getattr(self, "_batch_size", None))

    def submit(self, task_id: int, X: np.ndarray, limit: float | None) -> None:
        raise NotImplementedError

    def wait(self, timeout: float | None) -> list[tuple[int, Outcome]]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Vectorized(Evaluator):
    """``problem.evaluate(X)`` in this process, the whole population in one call (the default).

    Parameters
    ----------
    batch_size : int, optional
        At most this many points per call (default: all of them), e.g. to bound the memory of a
        GPU evaluation.
    """

    name = "vectorized"
    can_time_out = False

    def __init__(self, batch_size=None):
        self._batch_size = _check_batch_size(batch_size)
        self._done: list[tuple[int, Outcome]] = []
        self._problem = None

    def open(self, problem) -> None:
        self._problem = problem
        self._done = []

    def batch_size(self, n: int) -> int:
        return max(1, n) if self._batch_size is None else self._batch_size

    def submit(self, task_id, X, limit) -> None:
        try:
            F, G, H = evaluate_batch(self._problem, X)
            self._done.append((task_id, Outcome("ok", F, G, H)))
        except Exception as exc:  # noqa: BLE001 - the user's evaluation failed: the driver decides
            self._done.append((task_id, error_outcome(exc)))

    def wait(self, timeout):
        done, self._done = self._done, []
        return done

    def __repr__(self) -> str:
        return f"Vectorized(batch_size={self._batch_size})"


# -- worker processes -----------------------------------------------------------------------------
def _worker_main(conn, problem_bytes: bytes) -> None:
    """A ProcessPool worker: say it is ready, then receive (task_id, X) and send back
    (task_id, kind, payload) until told to stop."""
    try:
        problem = pickle.loads(problem_bytes)
    except Exception:  # noqa: BLE001 - reported to the driver, which stops the run
        conn.send((None, "startup", traceback.format_exc()))
        return
    conn.send((None, "ready", None))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        task_id, X = msg
        try:
            F, G, H = evaluate_batch(problem, X)
            conn.send((task_id, "ok", (F, G, H)))
        except Exception as exc:  # noqa: BLE001 - sent back to the driver
            try:
                payload = pickle.dumps(exc)
                pickle.loads(payload)  # exceptions with custom __init__ may not round-trip
            except Exception:  # noqa: BLE001
                payload = None
            conn.send((task_id, "error", (payload, type(exc).__name__, str(exc))))


class _Worker:
    def __init__(self, ctx, problem_bytes):
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, problem_bytes), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False  # the problem is loaded (start-up time never counts against a time limit)
        self.task = None  # (task_id, deadline)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class ProcessPool(Evaluator):
    """Evaluate batches in worker processes on this machine.

    The problem is pickled once per worker when it starts (not per task). A worker runs one
    batch at a time, so a batch that passes its time limit is stopped by killing its worker
    (a new one replaces it; the limit counts from the moment the worker received the batch),
    and a worker that dies (a crashing simulator, the OOM killer) loses only its batch, which
    the run evaluates again.

    Parameters
    ----------
    n_workers : int, optional
        Worker processes (default ``os.cpu_count()``).
    batch_size : int, optional
        Points per task (default: the population split into about 4 batches per worker).
    mp_context : str, optional
        ``multiprocessing`` start method ("spawn", "forkserver" or "fork"); default "spawn"
        (safe with threads). The problem must be picklable and its class importable by the
        workers (defined in a module, not in ``__main__`` of an interactive session).
    """

    name = "processes"

    def __init__(self, n_workers=None, batch_size=None, *, mp_context="spawn"):
        if n_workers is not None and (isinstance(n_workers, bool) or not isinstance(n_workers, (int, np.integer))
                                      or n_workers < 1):
            raise ValueError(f"n_workers must be a positive int or None (one per CPU), got {n_workers!r}")
        self.n_workers = int(n_workers) if n_workers is not None else (os.cpu_count() or 1)
        self._batch_size = _check_batch_size(batch_size)
        if mp_context not in mp.get_all_start_methods():
            raise ValueError(f"mp_context must be one of {mp.get_all_start_methods()}, got {mp_context!r}")
        self.mp_context = mp_context
        self._workers: list[_Worker] = []
        self._queue: deque = deque()

    @property
    def slots(self) -> int:
        return self.n_workers

    def open(self, problem) -> None:
        try:
            self._problem_bytes = pickle.dumps(problem)
        except Exception as exc:
            raise TypeError(f"ProcessPool needs a picklable problem: {exc}") from exc
        self._ctx = mp.get_context(self.mp_context)
        self._workers = [_Worker(self._ctx, self._problem_bytes) for _ in range(self.n_workers)]
        self._queue = deque()

    def close(self) -> None:
        for w in self._workers:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        for w in self._workers:
            w.proc.join(2)
            w.kill()
        self._workers = []

    def submit(self, task_id, X, limit) -> None:
        self._queue.append((task_id, X, limit))
        self._dispatch()

    def _dispatch(self) -> None:
        for w in self._workers:
            if not self._queue:
                return
            if w.ready and w.task is None:
                task_id, X, limit = self._queue.popleft()
                w.task = (task_id, math.inf if limit is None else time.monotonic() + limit)
                w.conn.send((task_id, X))

    def _replace(self, i: int) -> None:
        self._workers[i].kill()
        self._workers[i] = _Worker(self._ctx, self._problem_bytes)

    def wait(self, timeout):
        out: list[tuple[int, Outcome]] = []
        t_end = math.inf if timeout is None else time.monotonic() + timeout
        while not out:
            watched = [w for w in self._workers if w.task is not None or not w.ready]
            if not watched or not (self._queue or any(w.task is not None for w in watched)):
                return out
            now = time.monotonic()
            deadline = min([w.task[1] for w in watched if w.task is not None] + [t_end])
            ready = _mp_wait([w.conn for w in watched] + [w.proc.sentinel for w in watched],
                             None if deadline == math.inf else max(0.0, deadline - now))
            now = time.monotonic()
            for i, w in enumerate(self._workers):
                if w not in watched:
                    continue
                if w.conn in ready:
                    try:
                        task_id, kind, payload = w.conn.recv()
                    except (EOFError, OSError):
                        kind = None
                    if kind == "ready":
                        w.ready = True
                        continue
                    if kind == "startup":
                        raise RuntimeError(f"a ProcessPool worker could not load the problem:\n{payload}")
                    if kind == "ok":
                        out.append((task_id, Outcome("ok", *payload)))
                        w.task = None
                        continue
                    if kind == "error":
                        blob, etype, msg = payload
                        exc = pickle.loads(blob) if blob is not None else None
                        out.append((task_id, Outcome("error", exc=exc, error_type=etype, message=msg)))
                        w.task = None
                        continue
                if not w.proc.is_alive() or w.conn in ready:  # died (or its pipe broke)
                    if w.task is not None:
                        out.append((w.task[0], Outcome("lost", error_type="WorkerDied",
                                                       message=f"the worker process died (exit code {w.proc.exitcode})")))
                    self._replace(i)
                elif w.task is not None and now >= w.task[1]:
                    out.append((w.task[0], Outcome("timeout", error_type="TimeoutError",
                                                   message="the evaluation passed its time limit; its worker was killed")))
                    self._replace(i)
            self._dispatch()
            if now >= t_end:
                break
        return out

    def __repr__(self) -> str:
        return f"ProcessPool(n_workers={self.n_workers}, batch_size={self._batch_size}, mp_context={self.mp_context!r})"


class ExecutorEvaluator(Evaluator):
    """Any :class:`concurrent.futures.Executor` (threads, processes, Ray's or Dask's executors).

    The problem travels with every task (an Executor has no way to send it once); a task that
    passes its time limit is given up but keeps running in its worker (an Executor cannot stop
    it), so for simulations that hang prefer :class:`ProcessPool` or :class:`Dask`. The executor
    belongs to the caller and is not shut down by the run.
    """

    name = "executor"

    def __init__(self, executor: cf.Executor, batch_size=None, n_workers=None):
        if not isinstance(executor, cf.Executor):
            raise TypeError(f"executor must be a concurrent.futures.Executor, got {type(executor).__name__}")
        self.executor = executor
        self._batch_size = _check_batch_size(batch_size)
        self._slots = n_workers or getattr(executor, "_max_workers", None) or os.cpu_count() or 1
        self._running: dict[cf.Future, tuple[int, float]] = {}

    @property
    def slots(self) -> int:
        return int(self._slots)

    def open(self, problem) -> None:
        self._problem = problem
        self._running = {}

    def submit(self, task_id, X, limit) -> None:
        fut = self.executor.submit(evaluate_batch, self._problem, X)
        self._running[fut] = (task_id, math.inf if limit is None else time.monotonic() + limit)

    def wait(self, timeout):
        if not self._running:
            return []
        now = time.monotonic()
        deadline = min(d for _, d in self._running.values())
        if timeout is not None:
            deadline = min(deadline, now + timeout)
        done, _ = cf.wait(list(self._running), None if deadline == math.inf else max(0.0, deadline - now),
                          return_when=cf.FIRST_COMPLETED)
        out = []
        now = time.monotonic()
        for fut in list(self._running):
            task_id, task_deadline = self._running[fut]
            if fut in done:
                del self._running[fut]
                exc = fut.exception()
                if exc is None:
                    out.append((task_id, Outcome("ok", *fut.result())))
                elif isinstance(exc, cf.process.BrokenProcessPool):
                    raise RuntimeError("the ProcessPoolExecutor broke (a worker died); use paretix.evaluation."
                                       "ProcessPool, which replaces dead workers") from exc
                else:
                    out.append((task_id, error_outcome(exc)))
            elif now >= task_deadline:
                del self._running[fut]
                fut.cancel()
                self._slots = max(1, self._slots - 1)  # that worker stays busy with the hung task
                out.append((task_id, Outcome("timeout", error_type="TimeoutError",
                                             message="the evaluation passed its time limit (it may still run "
                                                     "in its executor worker)")))
        return out

    def __repr__(self) -> str:
        return f"ExecutorEvaluator({self.executor!r}, batch_size={self._batch_size})"


def make_evaluator(spec) -> Evaluator:
    """An :class:`Evaluator` from ``minimize``'s ``evaluator`` argument."""
    if spec is None or spec == "vectorized":
        return Vectorized()
    if isinstance(spec, Evaluator):
        return spec
    if spec == "processes":
        return ProcessPool()
    if spec == "dask":
        from ._dask import Dask

        return Dask()
    if isinstance(spec, cf.Executor):
        return ExecutorEvaluator(spec)
    raise ValueError(
        "evaluator must be None, 'vectorized', 'processes', 'dask', a paretix.evaluation evaluator "
        f"(ProcessPool, Dask) or a concurrent.futures.Executor, got {spec!r}"
    )
