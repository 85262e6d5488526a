"""How many threads the multithreaded kernels may use.

Kernels that split their work over threads give the same bits for every thread count (each
thread's share of rows and of the random stream is fixed in advance), so this is a speed
setting only. The default is the number of CPUs this process may run on; the environment
variable ``PARETIX_NUM_THREADS`` overrides it at import, :func:`set_num_threads` at run time.
"""

from __future__ import annotations

import os

ENV_VAR = "PARETIX_NUM_THREADS"


def _usable_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - platforms without affinity
        return max(1, os.cpu_count() or 1)


def _check(n, name: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"{name} must be a positive int, got {n!r}")
    return n


def _from_env() -> int:
    raw = os.environ.get(ENV_VAR, "").strip()
    if not raw:
        return _usable_cpus()
    try:
        return _check(int(raw), ENV_VAR)
    except ValueError:
        raise ValueError(f"{ENV_VAR} must be a positive int, got {raw!r}") from None


_num_threads = _from_env()


def get_num_threads() -> int:
    """The number of threads a multithreaded kernel may use (>= 1)."""
    return _num_threads


def set_num_threads(n: int) -> int:
    """Let multithreaded kernels use up to ``n`` threads; returns the previous setting. Results
    do not depend on it."""
    global _num_threads
    previous, _num_threads = _num_threads, _check(n, "n")
    return previous
