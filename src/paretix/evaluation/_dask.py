"""The Dask evaluator: batches as tasks on a ``distributed`` cluster (embedded or real)."""

from __future__ import annotations

import math
import time
from concurrent.futures import CancelledError

import numpy as np

from ._evaluators import Evaluator, Outcome, _check_batch_size, error_outcome, evaluate_batch

_INSTALL = "evaluator='dask' needs dask.distributed: pip install 'paretix[dask]' (or pip install 'dask[distributed]')"


def _distributed():
    try:
        import distributed
    except ImportError as exc:
        raise ImportError(_INSTALL) from exc
    return distributed


class Dask(Evaluator):
    """Evaluate batches as tasks on a Dask ``distributed`` cluster.

    The problem is scattered to every worker once per run (``client.scatter(...,
    broadcast=True)``); each task carries only its batch of points. Dask reschedules the tasks
    of a worker that dies on another worker, so no point is lost (after ``allowed-failures``
    deaths of the same task Dask gives up with ``KilledWorker``, which the run records as a
    failure of that batch and retries point by point).

    Parameters
    ----------
    client : None, distributed.Client or str
        None (default): an embedded ``distributed.LocalCluster`` started by the run and closed at
        its end (``n_workers`` processes with one thread each; scripts need an
        ``if __name__ == "__main__":`` guard because the workers are spawned). A ``Client`` (of a
        ``LocalCluster``, a ``dask_jobqueue.SLURMCluster``, ...) or a scheduler address such as
        ``"tcp://host:8786"`` uses that cluster and leaves it running.
    batch_size : int, optional
        Points per task (default: about 4 tasks per worker thread).
    n_workers : int, optional
        Workers of the embedded cluster (default ``os.cpu_count()``).
    restart_hung_workers : bool, default True
        When a task passes ``minimize``'s ``timeout``, restart the worker that runs it (a Python
        thread cannot be stopped otherwise). Other tasks of that worker are rescheduled.
    cluster_kwargs : dict, optional
        More arguments for the embedded ``LocalCluster``.
    """

    name = "dask"

    def __init__(self, client=None, batch_size=None, *, n_workers=None, restart_hung_workers=True,
                 cluster_kwargs=None):
        _distributed()
        if client is not None and not isinstance(client, str) and not hasattr(client, "submit"):
            raise TypeError(f"client must be None, a distributed.Client or a scheduler address, got {client!r}")
        if n_workers is not None and (isinstance(n_workers, bool) or not isinstance(n_workers, (int, np.integer))
                                      or n_workers < 1):
            raise ValueError(f"n_workers must be a positive int or None, got {n_workers!r}")
        self.client_spec = client
        self._batch_size = _check_batch_size(batch_size)
        self.n_workers = n_workers
        self.restart_hung_workers = bool(restart_hung_workers)
        self.cluster_kwargs = dict(cluster_kwargs or {})
        self.client = None
        self._own_client = self._cluster = None
        self._running: dict = {}

    def open(self, problem) -> None:
        distributed = _distributed()
        if self.client_spec is None:
            import os

            kwargs = dict(n_workers=self.n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                          dashboard_address=":0")
            kwargs.update(self.cluster_kwargs)
            self._cluster = distributed.LocalCluster(**kwargs)
            self.client = self._own_client = distributed.Client(self._cluster)
        elif isinstance(self.client_spec, str):
            self.client = self._own_client = distributed.Client(self.client_spec)
        else:
            self.client = self.client_spec
        self._problem = self.client.scatter(problem, broadcast=True, hash=False)
        self._running = {}

    def close(self) -> None:
        self._running = {}
        if getattr(self, "_problem", None) is not None:
            try:
                self._problem.release()
            except Exception:  # noqa: BLE001 - the cluster may already be gone
                pass
            self._problem = None
        if self._own_client is not None:
            self._own_client.close()
        if self._cluster is not None:
            self._cluster.close()
        self.client = self._own_client = self._cluster = None

    @property
    def slots(self) -> int:
        if self.client is None:
            return self.n_workers or 1
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, task_id, X, limit) -> None:
        fut = self.client.submit(evaluate_batch, self._problem, X, pure=False)
        self._running[fut] = (task_id, math.inf if limit is None else time.monotonic() + limit)

    def wait(self, timeout):
        distributed = _distributed()
        if not self._running:
            return []
        now = time.monotonic()
        deadline = min(d for _, d in self._running.values())
        if timeout is not None:
            deadline = min(deadline, now + timeout)
        try:
            distributed.wait(list(self._running), timeout=None if deadline == math.inf else max(1e-3, deadline - now),
                             return_when="FIRST_COMPLETED")
        except TimeoutError:
            pass
        except CancelledError:
            # Futures cancelled under us (e.g. by the scheduler after a worker died): they are done,
            # and the loop below reports them as failed evaluations, which the runner retries.
            pass
        out = []
        now = time.monotonic()
        hung = []
        for fut in list(self._running):
            task_id, task_deadline = self._running[fut]
            if fut.done():
                del self._running[fut]
                if fut.status == "finished":
                    out.append((task_id, Outcome("ok", *fut.result())))
                elif fut.status == "cancelled":
                    out.append((task_id, Outcome("lost", error_type="CancelledError",
                                                 message="the cluster cancelled the task (its worker died?)")))
                else:
                    try:
                        exc = fut.exception()
                    except Exception as err:  # noqa: BLE001 - cancelled or lost futures
                        exc = err
                    out.append((task_id, error_outcome(exc)))
            elif now >= task_deadline:
                del self._running[fut]
                hung.append(fut.key)
                fut.cancel()
                out.append((task_id, Outcome("timeout", error_type="TimeoutError",
                                             message="the evaluation passed its time limit")))
        if hung and self.restart_hung_workers:
            processing = self.client.processing()
            workers = [w for w, keys in processing.items() if any(k in keys for k in hung)]
            if workers:
                self.client.restart_workers(workers)
        return out

    def __repr__(self) -> str:
        return f"Dask(client={self.client_spec!r}, batch_size={self._batch_size})"
