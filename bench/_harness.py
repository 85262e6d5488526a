"""Timing machinery shared by the benchmark scripts (run them as ``python bench/<script>.py``)."""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import time


def timed(fn, *args):
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        t0 = time.perf_counter()
        out = fn(*args)
        dt = time.perf_counter() - t0
    finally:
        if gc_was_enabled:
            gc.enable()
    return dt, out


def _guard_child(conn, fn, args):
    try:
        dt, _ = timed(fn, *args)
        conn.send(("ok", dt))
    except BaseException as exc:  # noqa: BLE001 - report anything to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def guarded_run(fn, args, cap: float):
    """Run ``fn(*args)`` once in a forked child, killed after ``cap`` seconds.
    Returns ("ok", seconds), ("cap", None) or ("error", message)."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_guard_child, args=(child, fn, args), daemon=True)
    proc.start()
    child.close()
    try:
        if parent.poll(cap):
            try:
                status, value = parent.recv()
            except EOFError:
                proc.join()
                return "error", f"child process died (exit code {proc.exitcode})"
            proc.join()
            return status, value
        proc.kill()
        proc.join()
        return "cap", None
    finally:
        parent.close()


def repeats_for(single_run: float, repeats: int, long_s: float) -> int:
    if single_run <= long_s:
        return repeats
    return max(1, min(repeats, int((3 * long_s) // single_run)))


def version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:  # noqa: BLE001
        return "not installed"


def loadavg():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None
