"""Ask/tell algorithm base: state as arrays, the generation counters and the result."""

from __future__ import annotations

import time

import numpy as np

from .._array import device_generator, resolve_device, to_numpy
from .._state import rng_state, set_rng_state, sub_state
from ..problems import Evaluation, Problem
from ..result import Result
from ..termination import make_termination
from ._population import Population, RowStack, best_set

#: Attributes that ``setup`` and the run set; everything else public is a setting (``_config``).
RUNTIME_ATTRS = frozenset({"problem", "seed", "rng", "termination", "indicators", "pop", "n_gen", "n_eval",
                           "engine", "device", "xp"})


class Algorithm:
    """Base of every algorithm: ``setup`` -> (``ask`` -> evaluate -> ``tell``)* -> ``result``.

    Constructors only store parameters; :meth:`setup` validates them against the problem and
    resets all state, so one instance can run again. State is a :class:`Population` of arrays
    plus algorithm-specific arrays, owned with one ``numpy.random.Generator`` seeded from
    ``seed``: the same seed on the same backend gives the same run, bit for bit.

    Devices: :attr:`devices` lists where an algorithm can run. On ``device="cuda"`` the
    population and the per-member arrays are CuPy arrays (``self.xp`` is the namespace), and
    array-valued random draws come from a device generator that each ``ask`` and each ``tell``
    seeds with one integer drawn from the host ``rng`` (:meth:`_step_rng`): the host generator
    stays the run's one seeded source, so checkpoints (which save its state) resume exactly and
    the same seed gives the same run on the same device.
    """

    name = "Algorithm"
    #: Where this algorithm can run (``setup(device=...)``): "cpu", and "cuda" for algorithms
    #: whose generation is whole-array operations in the namespace ``self.xp``.
    devices: tuple[str, ...] = ("cpu",)

    def setup(self, problem: Problem, *, seed=None, termination=("n_gen", 100), indicators=None, device="cpu"):
        """Bind to ``problem`` and reset: generation 0, no population, a fresh RNG.

        ``indicators`` maps names to callables ``f(F_result_set) -> float`` recorded per
        generation in ``result().history`` (they receive host NumPy arrays on every device).

        ``device``: ``"cpu"`` (default: NumPy), ``"cuda"`` (CuPy: the population, the
        operators' random draws and, for vectorized problems, the evaluation stay on the GPU;
        ``ask`` returns CuPy arrays and ``tell`` accepts NumPy or CuPy values) or ``"auto"``
        (``"cuda"`` when CuPy sees a device and the CUDA kernels are built, else ``"cpu"``).
        ``"cuda"`` without CuPy or a device raises
        :class:`paretix.DeviceUnavailableError`; other values raise ``ValueError``."""
        if not isinstance(problem, Problem):
            raise TypeError(f"problem must be a paretix.Problem, got {type(problem).__name__}")
        self.device, self.xp = resolve_device(device, supported=self.devices)
        self.problem = problem
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self._drng = self.rng
        self.termination = make_termination(termination)
        self.termination.start()
        self.indicators = dict(indicators or {})
        self.pop: Population | None = None
        self.n_gen = 0
        self.n_eval = 0
        self._pending = None
        self._opt_idx = None
        self._history: dict[str, list] = {}
        self._t0 = time.perf_counter()
        self._setup(problem)
        return self

    # -- subclass hooks -------------------------------------------------------------------------
    def _setup(self, problem: Problem) -> None:
        """Validate parameters against the problem; derive sizes."""

    def _initial(self) -> np.ndarray:
        raise NotImplementedError

    def _infill(self) -> np.ndarray:
        raise NotImplementedError

    def _advance(self, offspring: Population) -> Population:
        """The next population from ``self.pop`` and the evaluated offspring."""
        raise NotImplementedError

    def _initialize(self, evaluated: Population) -> Population:
        return evaluated

    def _generation_done(self) -> bool:
        """Whether the ``tell`` just handled completed a generation (``n_gen`` counts one and the
        history gets a row). True for algorithms that evaluate a generation per ``ask``; an
        algorithm that asks for one point at a time (sequential MOEA/D) says when its pass ends."""
        return True

    # -- ask / tell -----------------------------------------------------------------------------
    def _require_setup(self) -> None:
        if not hasattr(self, "problem"):
            raise RuntimeError(f"call {type(self).__name__}.setup(problem, seed=...) first")

    def _step_rng(self):
        """Start an ``ask`` or ``tell``: on the CPU nothing changes (every draw comes from
        ``self.rng``); on a device, ``self._drng`` becomes a device generator seeded with ``s``
        (:func:`paretix._array.device_generator`: cuRAND Philox on CuPy), ``s`` one integer drawn
        from ``self.rng``. Array draws use ``self._drng``; integer seeds
        for kernels keep coming from ``self.rng``. Seeding per step rather than per generation
        keeps a checkpoint taken between ``ask`` and ``tell`` exact: all state is the host
        generator's."""
        if self.xp is not np:
            self._drng = device_generator(self.xp, int(self.rng.integers(0, 2**63, dtype=np.int64)))

    def _permutation(self, a):
        """``a`` (a 1-D array) in random order: ``rng.permutation`` on the CPU; on a device the
        argsort of uniform draws (CuPy's Generator has no permutation)."""
        if self.xp is np:
            return self.rng.permutation(a)
        return a[self.xp.argsort(self._drng.random(a.shape[0]))]

    def ask(self) -> np.ndarray:
        """The next points to evaluate, shape (n, n_var) (the initial population first), in the
        run's array namespace (NumPy; CuPy on ``device="cuda"``)."""
        self._require_setup()
        if self._pending is not None:
            raise RuntimeError("ask() was called twice without tell(): evaluate the points and tell() them first")
        self._step_rng()
        X = self._initial() if self.pop is None else self._infill()
        self._pending = X
        return X

    def tell(self, X, F=None, G=None, H=None) -> None:
        """Report evaluated points: ``tell(problem.evaluate(X))`` or ``tell(X, F, G, H)`` with
        values computed elsewhere (checked like ``Problem.evaluate``; NaN rows are kept as
        infeasible, CV = inf)."""
        self._require_setup()
        if isinstance(X, Evaluation):
            ev = X
        else:
            if F is None:
                raise TypeError("tell() needs F: call tell(X, F, G=None, H=None) or tell(problem.evaluate(X))")
            ev = self.problem.make_evaluation(X, F, G, H)
        off = Population.from_evaluation(ev, self.xp)
        if len(off) == 0:
            raise ValueError("tell() received no points")
        self.n_eval += len(off)
        self._step_rng()
        first = self.pop is None
        self.pop = self._initialize(off) if first else self._advance(off)
        self._pending = None
        self._opt_idx = None
        if first or self._generation_done():
            self.n_gen += 1
            self._record()

    def has_next(self) -> bool:
        """False once the termination criterion is met."""
        self._require_setup()
        return not self.termination.done(self)

    # -- results --------------------------------------------------------------------------------
    @property
    def opt(self) -> Population:
        """The current result set (non-dominated feasible members, see ``Result``)."""
        if self._opt_idx is None:
            self._opt_idx = best_set(self.pop)
        return self.pop.take(self._opt_idx)

    def _record(self) -> None:
        opt = self.opt
        xp, CV = self.xp, self.pop.CV
        finite = xp.isfinite(CV)
        row = {
            "n_gen": self.n_gen,
            "n_eval": self.n_eval,
            "cv_min": float(CV.min()),
            "cv_avg": float(xp.mean(xp.where(finite, CV, xp.nan))) if bool(finite.any()) else np.inf,
            "n_nds": len(opt),
            "time": time.perf_counter() - self._t0,
        }
        if self.indicators:  # user functions on host arrays: the reporting boundary of a device run
            feasible = bool((opt.CV <= 0).all())
            F_host = to_numpy(opt.F) if feasible else None
            for key, fn in self.indicators.items():
                row[key] = float(fn(F_host)) if feasible else np.nan
        for key, value in row.items():
            self._history.setdefault(key, []).append(value)

    # -- state (checkpoints) ----------------------------------------------------------------------
    def _config(self) -> dict:
        """The settings that identify this algorithm's runs: by default every public attribute
        except the run's own (``problem``, ``rng``, ``pop``, ...). Subclasses that keep settings in
        private attributes add them here. A checkpoint refuses to resume when they differ."""
        return {k: v for k, v in vars(self).items() if not k.startswith("_") and k not in RUNTIME_ATTRS}

    def _get_state(self) -> dict:
        """Everything a resumed run needs, as a flat dict of NumPy arrays and JSON values (see
        ``docs/architecture.md``, "Checkpoints"). The base saves the counters, the elapsed
        time, the random generator, the population, a pending ``ask``, the history, the
        termination's progress and the constraint handler's state; subclasses extend it with
        their own arrays under their own prefix (``state = super()._get_state(); state["nsga3.ideal"]
        = self._ideal``) and read them back in :meth:`_set_state`."""
        self._require_setup()
        state = {"n_gen": int(self.n_gen), "n_eval": int(self.n_eval), "elapsed": time.perf_counter() - self._t0,
                 "rng": rng_state(self.rng)}
        if self.pop is not None:  # host copies of device arrays: the checkpoint boundary
            for name, arr in zip("XFGH", self.pop.arrays()):
                state[f"pop.{name}"] = self._host(arr)
            state["pop.CV"] = self._host(self.pop.CV)
        if self._pending is not None:
            state["pending"] = self._host(self._pending)
        for key, values in self._history.items():
            state[f"history.{key}"] = np.asarray(values)
        for key, value in self.termination.get_state().items():
            state[f"termination.{key}"] = value
        handler = getattr(self, "constraint_handler", None)
        if handler is not None:
            for key, value in handler.get_state().items():
                state[f"constraint_handler.{key}"] = value
        return state

    @staticmethod
    def _host(a):
        """``a`` as a host NumPy array for a checkpoint (a copy of a device array; None stays)."""
        if a is None:
            return None
        if isinstance(a, RowStack):
            a = a.concatenate()
        return to_numpy(a)

    def _device(self, a):
        """A restored array moved to this run's device (None stays None)."""
        return a if a is None or self.xp is np else self.xp.asarray(a)

    def _set_state(self, state: dict) -> None:
        """Restore what :meth:`_get_state` saved into an algorithm set up for the same run."""
        self._require_setup()
        self.n_gen, self.n_eval = int(state["n_gen"]), int(state["n_eval"])
        self._t0 = time.perf_counter() - float(state["elapsed"])
        set_rng_state(self.rng, state["rng"])
        self.pop = None
        if "pop.X" in state:
            self.pop = Population(*(self._device(state[f"pop.{k}"]) for k in ("X", "F", "G", "H", "CV")))
        self._pending = self._device(state.get("pending"))
        self._opt_idx = None
        self._history = {k: v.tolist() for k, v in sub_state(state, "history").items()}
        self.termination.set_state(sub_state(state, "termination"))
        handler = getattr(self, "constraint_handler", None)
        if handler is not None:
            handler.set_state(sub_state(state, "constraint_handler"))

    def save(self, path) -> None:
        """Write a checkpoint of this algorithm to the directory ``path`` (the format of
        ``minimize(..., checkpoint=...)``: ``run.json``, ``state.json`` and an ``.npz``; never
        pickle), e.g. between ``tell`` and the next ``ask`` (or between ``ask`` and ``tell``)."""
        from ..evaluation._checkpoint import CheckpointDir, run_description

        self._require_setup()
        ck = CheckpointDir(path)
        desc = run_description(self.problem, self, self.seed)
        if ck.has_run():
            ck.check_run(desc)
        else:
            ck.write_run(desc)
        ck.save_state(self._get_state(), self.n_gen)

    def load(self, path, problem: Problem | None = None, *, termination=None, indicators=None, device="cpu"):
        """Restore the checkpoint in the directory ``path`` (from :meth:`save` or ``minimize``) and
        return ``self``.

        Either set this algorithm up first as for the saved run (``setup(problem, seed=...,
        termination=...)``), or pass ``problem`` (and the same ``termination``) to set it up with
        the recorded seed (and ``device``, that of the saved run). The checkpoint records what it
        belongs to: another problem, other settings, termination, seed or device raise
        :class:`paretix.evaluation.CheckpointError`, and so do missing, truncated or corrupt
        files. The saved arrays (host ``.npz``) are moved to the run's device.
        """
        from ..evaluation._checkpoint import CheckpointDir, run_description

        ck = CheckpointDir(path)
        if not ck.has_state():
            from ..evaluation import CheckpointError

            raise CheckpointError(f"no saved state in {ck.path} (expected {ck.state_file})")
        if problem is not None:
            self.setup(problem, seed=ck.read_run().get("seed"), termination=termination, indicators=indicators,
                       device=device)
        self._require_setup()
        ck.check_run(run_description(self.problem, self, self.seed))
        self._set_state(ck.load_state())
        return self

    def result(self) -> Result:
        """The :class:`paretix.Result` of the run so far."""
        self._require_setup()
        if self.pop is None:
            raise RuntimeError("no population yet: tell() at least one evaluated batch first")
        opt = self.opt
        feasible = bool(len(opt) and (opt.CV <= 0).all())
        message = "" if feasible else (
            f"no feasible point found: the result holds the {len(opt)} least infeasible point(s) "
            f"(CV = {float(opt.CV.min()):.4g})"
        )
        history = {k: np.asarray(v) for k, v in self._history.items()}
        return Result(opt.X, opt.F, opt.G, opt.H, opt.CV, feasible, message, self.pop, self.n_eval, self.n_gen,
                      time.perf_counter() - self._t0, history, self.problem.name, self.name, self.seed)
