"""A problem that kills its own process at the k-th evaluation when KILL_AT=k is set."""

import os
import signal

import numpy as np

import paretix


class Killable(paretix.Problem):
    calls = 0

    def __init__(self):
        super().__init__(n_var=3, n_obj=2, xl=0, xu=1)

    def _evaluate(self, X):
        Killable.calls += 1
        if os.environ.get("KILL_AT") and Killable.calls == int(os.environ["KILL_AT"]):
            os.kill(os.getpid(), signal.SIGKILL)
        return np.column_stack([X[:, 0], 1 - np.sqrt(X[:, 0]) + X[:, 1:].sum(axis=1)])
