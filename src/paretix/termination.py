"""When a run stops: generations, evaluations, wall time, or the default multi-objective rule.

``minimize(..., termination=...)`` accepts ``("n_gen", 250)``, ``("n_eval", 20000)``,
``("time", 60)`` (seconds, or ``"hh:mm:ss"``), a :class:`Termination`, or None / ``"default"``
for :class:`DefaultMultiObjectiveTermination`. Generation counting follows pymoo: the initial
population is generation 1, so ``("n_gen", 250)`` evaluates ``pop_size * 250`` points.
"""

from __future__ import annotations

import time

import numpy as np

from ._array import get_xp, to_numpy


class Termination:
    """Base class: ``done(algorithm)`` says whether to stop; ``progress(algorithm)`` in [0, 1]."""

    def start(self) -> None:
        """Called by ``Algorithm.setup``."""

    def done(self, algorithm) -> bool:
        raise NotImplementedError

    def progress(self, algorithm) -> float:
        return 0.0

    def get_state(self) -> dict:
        """The progress a resumed run needs (arrays and JSON values; see
        ``Algorithm._get_state``). Criteria that only read the algorithm's counters have none."""
        return {}

    def set_state(self, state: dict) -> None:
        """Restore what :meth:`get_state` returned."""

    @property
    def total_generations(self) -> int | None:
        """Number of generations when known in advance (for a progress bar)."""
        return None


def _positive(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not value > 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return value


class MaxGenerations(Termination):
    def __init__(self, n_gen: int):
        self.n_gen = int(_positive(n_gen, "n_gen"))

    def done(self, algorithm) -> bool:
        return algorithm.n_gen >= self.n_gen

    def progress(self, algorithm) -> float:
        return min(1.0, algorithm.n_gen / self.n_gen)

    @property
    def total_generations(self) -> int:
        return self.n_gen

    def __repr__(self) -> str:
        return f"MaxGenerations({self.n_gen})"


class MaxEvaluations(Termination):
    def __init__(self, n_eval: int):
        self.n_eval = int(_positive(n_eval, "n_eval"))

    def done(self, algorithm) -> bool:
        return algorithm.n_eval >= self.n_eval

    def progress(self, algorithm) -> float:
        return min(1.0, algorithm.n_eval / self.n_eval)

    def __repr__(self) -> str:
        return f"MaxEvaluations({self.n_eval})"


class MaxTime(Termination):
    """Stop after ``seconds`` of wall time (checked between generations)."""

    def __init__(self, seconds):
        if isinstance(seconds, str):
            parts = seconds.split(":")
            if not 1 <= len(parts) <= 3 or not all(p.strip().replace(".", "", 1).isdigit() for p in parts):
                raise ValueError(f"time must be seconds or 'hh:mm:ss', got {seconds!r}")
            total = 0.0
            for p in parts:
                total = total * 60 + float(p)
            seconds = total
        self.seconds = float(_positive(seconds, "time"))
        self._t0 = None

    def start(self) -> None:
        self._t0 = time.perf_counter()

    def done(self, algorithm) -> bool:
        if self._t0 is None:
            self.start()
        return time.perf_counter() - self._t0 >= self.seconds

    def progress(self, algorithm) -> float:
        return 0.0 if self._t0 is None else min(1.0, (time.perf_counter() - self._t0) / self.seconds)

    def get_state(self) -> dict:
        return {"elapsed": 0.0 if self._t0 is None else time.perf_counter() - self._t0}

    def set_state(self, state: dict) -> None:
        self._t0 = time.perf_counter() - float(state.get("elapsed", 0.0))

    def __repr__(self) -> str:
        return f"MaxTime({self.seconds})"


class DefaultMultiObjectiveTermination(Termination):
    """Stop when the result set stops moving in objective space, or at a maximum.

    Each generation the movement of the non-dominated feasible set is measured as the mean
    distance from the current set to the previous one (IGD of the old set against the new),
    after normalising both by the current set's ideal-nadir range. The run stops when the largest
    movement over the last ``period`` generations is below ``ftol``, or at ``n_max_gen``
    generations or ``n_max_eval`` evaluations (pymoo's defaults: 0.0025, 30, 1000, 100000).
    """

    def __init__(self, ftol: float = 0.0025, period: int = 30, n_max_gen: int = 1000, n_max_eval: int = 100_000):
        self.ftol = float(_positive(ftol, "ftol"))
        self.period = int(_positive(period, "period"))
        self.n_max_gen = int(_positive(n_max_gen, "n_max_gen"))
        self.n_max_eval = int(_positive(n_max_eval, "n_max_eval"))
        self._prev = None
        self._moves: list[float] = []
        self._seen_gen = -1

    def start(self) -> None:
        self._prev, self._moves, self._seen_gen = None, [], -1

    def _update(self, algorithm) -> None:
        if algorithm.n_gen == self._seen_gen or algorithm.pop is None:
            return
        self._seen_gen = algorithm.n_gen
        F = algorithm.opt.F
        xp = get_xp(F)  # a device run measures on the device: one scalar sync per generation
        if self._prev is not None and len(F) and len(self._prev):
            prev = xp.asarray(self._prev)  # restored from a checkpoint as a host array
            lo, hi = F.min(axis=0), F.max(axis=0)
            span = xp.where(hi - lo > 0, hi - lo, 1.0)
            a, b = _thin((F - lo) / span), _thin((prev - lo) / span)
            d = xp.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
            self._moves.append(float(d.mean()))
        self._prev = F.copy()

    def done(self, algorithm) -> bool:
        if algorithm.n_gen >= self.n_max_gen or algorithm.n_eval >= self.n_max_eval:
            return True
        self._update(algorithm)
        return len(self._moves) >= self.period and max(self._moves[-self.period :]) < self.ftol

    def progress(self, algorithm) -> float:
        return min(1.0, max(algorithm.n_gen / self.n_max_gen, algorithm.n_eval / self.n_max_eval))

    def get_state(self) -> dict:
        state = {"moves": list(self._moves), "seen_gen": int(self._seen_gen)}
        if self._prev is not None:
            state["prev"] = to_numpy(self._prev)
        return state

    def set_state(self, state: dict) -> None:
        self._prev = state.get("prev")
        self._moves = [float(m) for m in state.get("moves", [])]
        self._seen_gen = int(state.get("seen_gen", -1))

    def __repr__(self) -> str:
        return f"DefaultMultiObjectiveTermination(ftol={self.ftol}, period={self.period}, n_max_gen={self.n_max_gen}, n_max_eval={self.n_max_eval})"


def _thin(A: np.ndarray, limit: int = 2000) -> np.ndarray:
    """At most ``limit`` evenly spaced rows (keeps the movement measure O(limit^2))."""
    if len(A) <= limit:
        return A
    xp = get_xp(A)
    return A[xp.linspace(0, len(A) - 1, limit).astype(xp.int64)]


_KINDS = {"n_gen": MaxGenerations, "n_eval": MaxEvaluations, "time": MaxTime}


def make_termination(spec) -> Termination:
    """A :class:`Termination` from ``minimize``'s ``termination`` argument."""
    if spec is None or (isinstance(spec, str) and spec in ("default", "moo")):
        return DefaultMultiObjectiveTermination()
    if isinstance(spec, Termination):
        return spec
    if isinstance(spec, tuple) and len(spec) == 2 and spec[0] in _KINDS:
        return _KINDS[spec[0]](spec[1])
    raise ValueError(
        f"termination must be ('n_gen', int), ('n_eval', int), ('time', seconds or 'hh:mm:ss'), "
        f"'default', None or a Termination, got {spec!r}"
    )
