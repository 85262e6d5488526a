"""Evaluation: where populations are evaluated, what happens when an evaluation fails, and the
record of every evaluated point.

Which evaluator to use
----------------------
- ``None`` / ``"vectorized"`` (:class:`Vectorized`): ``problem.evaluate(X)`` on the whole
  population in this process. Right for vectorized NumPy/CuPy problems; the default.
- ``"processes"`` / :class:`ProcessPool`: worker processes on this machine, for problems that
  evaluate one point at a time in Python or call a simulator; workers that hang or die are
  replaced.
- ``"dask"`` / :class:`Dask`: a Dask ``distributed`` cluster, an embedded ``LocalCluster`` by
  default, or a real one (``Client``, scheduler address, ``dask_jobqueue`` on SLURM/PBS).
- any :class:`concurrent.futures.Executor` (:class:`ExecutorEvaluator`): threads, Ray's or
  another library's executor.

All of them return results in the order asked, so the same seed gives the same run, bit for bit,
whichever evaluator runs it. Failures (``on_error``, ``retries``, ``timeout`` of
:func:`paretix.minimize`) are handled by the run, the same way for every evaluator. See
``docs/evaluation.md``.
"""

from ._evaluators import Evaluator, ExecutorEvaluator, ProcessPool, Vectorized, make_evaluator
from ._dask import Dask
from ._journal import CheckpointError, Journal, JournalError, MemoryArchive
from ._runner import EvaluationError, Failure, Runner


def read_evaluations(source) -> dict:
    """Column arrays of a run's evaluations from a journal path or an in-memory archive."""
    from ._journal import read_journal

    if isinstance(source, MemoryArchive):
        return source.read()
    return read_journal(source)


__all__ = [
    "CheckpointError",
    "Dask",
    "EvaluationError",
    "Evaluator",
    "ExecutorEvaluator",
    "Failure",
    "Journal",
    "JournalError",
    "MemoryArchive",
    "ProcessPool",
    "Runner",
    "Vectorized",
    "make_evaluator",
    "read_evaluations",
]
