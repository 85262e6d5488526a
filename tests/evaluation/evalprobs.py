"""Problems for the evaluation tests (importable by worker processes)."""

from __future__ import annotations

import os
import signal
import time

import numpy as np

import paretix


class ZDT1Like(paretix.Problem):
    """Two objectives; behaviours switched by the first variable's value, so they are the same
    in every process and for every batch split."""

    def __init__(self, n_var=4, raise_above=None, nan_above=None, hang_above=None, kill_marker=None, sleep=0.0):
        super().__init__(n_var=n_var, n_obj=2, xl=0.0, xu=1.0)
        self.raise_above, self.nan_above, self.hang_above = raise_above, nan_above, hang_above
        self.kill_marker, self.sleep = kill_marker, sleep

    def _evaluate(self, X):
        x0 = X[:, 0]
        if self.kill_marker is not None and not os.path.exists(self.kill_marker):
            with open(self.kill_marker, "w") as fh:
                fh.write(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)  # this worker dies once, mid-run
        if self.raise_above is not None and (x0 > self.raise_above).any():
            raise ValueError(f"simulation diverged at x0 = {float(x0.max())}")
        if self.hang_above is not None and (x0 > self.hang_above).any():
            time.sleep(3600)
        if self.sleep:
            time.sleep(self.sleep)
        g = 1 + 9 * X[:, 1:].mean(axis=1)
        F = np.column_stack([x0, g * (1 - np.sqrt(x0 / g))])
        if self.nan_above is not None:
            F[x0 > self.nan_above] = np.nan
        return F


class Flaky(paretix.Problem):
    """Fails the first evaluation of every point it has not seen before (in-process memory)."""

    def __init__(self):
        super().__init__(n_var=3, n_obj=2, xl=0.0, xu=1.0)
        self.seen = set()

    def _evaluate(self, X):
        keys = {x.tobytes() for x in X}
        if not keys <= self.seen:
            self.seen |= keys
            raise OSError("licence server busy")
        return np.column_stack([X[:, 0], 1 - X[:, 0] + X[:, 1:].sum(axis=1)])


class Sphere(paretix.Problem):
    def __init__(self, n_var=5):
        super().__init__(n_var=n_var, n_obj=1, xl=-5.0, xu=5.0)

    def _evaluate(self, X):
        return (X**2).sum(axis=1)


#: Points evaluated in this process by :class:`Killable` (kept outside the problem's attributes,
#: which identify the run in a checkpoint).
COUNTS = {"batches": 0, "points": 0}


class Killable(paretix.Problem):
    """A registered problem (or a Sphere) that SIGKILLs its own process when it starts its
    ``PARETIX_TEST_KILL_AT``-th batch."""

    def __init__(self, name, **kwargs):
        inner = Sphere(**kwargs) if name == "sphere" else paretix.problems.get(name, **kwargs)
        super().__init__(n_var=inner.n_var, n_obj=inner.n_obj, n_ieq_constr=inner.n_ieq_constr,
                         n_eq_constr=inner.n_eq_constr, xl=inner.xl, xu=inner.xu, name=f"killable-{name}")
        self.inner = inner

    def _evaluate(self, X):
        COUNTS["batches"] += 1
        if str(COUNTS["batches"]) == os.environ.get("PARETIX_TEST_KILL_AT"):
            os.kill(os.getpid(), signal.SIGKILL)
        COUNTS["points"] += len(X)
        return self.inner._evaluate(X)
