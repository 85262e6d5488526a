"""``minimize``: run an ask/tell algorithm on a problem until its termination criterion."""

from __future__ import annotations

import sys

import numpy as np

from .algorithms import Algorithm
from .evaluation import CheckpointError, Journal, MemoryArchive, Runner
from .evaluation._checkpoint import CheckpointDir, run_description
from .evaluation._runner import failures_from
from .problems import Problem
from .result import Result


def minimize(problem: Problem, algorithm: Algorithm, termination=("n_gen", 250), seed=None, callback=None,
             progress: bool = False, verbose: bool = False, indicators=None, *, evaluator=None, on_error=None,
             retries: int = 1, timeout=None, checkpoint=None, checkpoint_every: int = 1, resume: bool = False,
             archive: bool = False, device: str = "cpu") -> Result:
    """Minimise ``problem`` with ``algorithm``.

    Parameters
    ----------
    problem : paretix.Problem
    algorithm : paretix.algorithms.Algorithm
        Set up anew by this call (``algorithm.setup(problem, seed=...)``), so it can be reused.
    termination : tuple, str, Termination or None
        ``("n_gen", 250)`` (default), ``("n_eval", n)``, ``("time", seconds or "hh:mm:ss")``,
        ``"default"``/None for the default multi-objective criterion; see :mod:`paretix.termination`.
    seed : int, optional
        Seeds the algorithm's ``numpy.random.Generator``: the same seed and backend give the same
        run, bit for bit.
    callback : callable, optional
        ``callback(algorithm)`` after every generation; returning ``False`` stops the run.
    progress : bool, default False
        Show a progress bar (tqdm) with generation, evaluations, result-set size and the first
        indicator.
    verbose : bool, default False
        Print one line per generation (n_gen, n_eval, cv_min, n_nds and the indicators).
    indicators : dict, optional
        ``{name: f(F) -> float}`` evaluated on the result set every generation and kept in
        ``result.history[name]`` (e.g. ``{"igd": paretix.indicators.IGD(pf)}``).
    evaluator : None, str, paretix.evaluation.Evaluator or concurrent.futures.Executor
        Where populations are evaluated: None/``"vectorized"`` (``problem.evaluate(X)`` here, the
        default), ``"processes"`` (:class:`paretix.evaluation.ProcessPool`), ``"dask"``
        (:class:`paretix.evaluation.Dask`, an embedded ``LocalCluster``), an evaluator object, or
        any ``concurrent.futures.Executor``. Results come back in the order asked: the run is the
        same, bit for bit, whichever evaluator is used.
    on_error : {"record", "raise"}, optional
        What a failed evaluation does after its retries. ``"record"``: the point is kept as
        infeasible (CV = inf; its objectives never reach a kernel), listed in
        ``result.failures``, and the run goes on. ``"raise"``: the run stops with the user's
        exception (a note names the failing x). Default: "raise" for the vectorized evaluator,
        "record" for the others. Points that return NaN are always recorded.
    retries : int, default 1
        How many more times a point that raised, returned NaN, timed out or lost its worker is
        evaluated (alone) before it counts as failed.
    timeout : float, optional
        Seconds allowed per evaluation (a batch of k points gets k times this); a task past its
        limit is stopped (its worker killed; see the evaluator) and its points are tried again
        one by one. Needs an evaluator other than "vectorized".
    checkpoint : str or os.PathLike, optional
        A directory that keeps the run: the algorithm's full state (``state.json`` + ``.npz``,
        written atomically, never pickled) every ``checkpoint_every`` generations and at the
        end, and the journal of every evaluated point (``evaluations.sqlite``, committed as each
        batch returns). A directory that already holds a run is refused unless ``resume=True``.
        With ``seed=None`` a seed is drawn and recorded, so the run can be resumed.
    checkpoint_every : int, default 1
        Generations between state writes.
    resume : bool, default False
        Continue the run kept in ``checkpoint`` (a fresh start when the directory is empty).
        Points the journal holds are read from it, not evaluated again, so a run killed at any
        moment and resumed ends exactly as an uninterrupted run with the same seed. Another
        problem, other algorithm settings, termination or seed are refused with
        :class:`paretix.evaluation.CheckpointError` (which also reports corrupt files).
    archive : bool, default False
        Keep every evaluated point in memory for ``result.evaluations()`` (with ``checkpoint``
        the journal serves it instead).
    device : {"cpu", "cuda", "auto"}, default "cpu"
        Where the run's arrays live. ``"cuda"``: the population, the operators' random draws
        and the evaluation of a vectorized problem stay on the GPU as CuPy arrays (the problem's
        ``_evaluate`` receives CuPy arrays; the test problems are written for both), and
        ``res.X``, ``res.F``, ``res.G``, ``res.CV`` and ``res.pop`` are CuPy arrays, while
        ``res.history`` holds host floats. Evaluators other than ``"vectorized"`` and elementwise
        problems get host copies of the points, and the journal and checkpoints host copies of
        what they write. Needs CuPy and a CUDA device
        (:class:`paretix.DeviceUnavailableError` otherwise); NSGA3, NSGA2, MOEAD and HypE
        support it. ``"auto"``: ``"cuda"`` when CuPy sees a device and the CUDA kernels are
        built, else ``"cpu"``. A seed gives the same run on the same device; the CPU and the GPU
        draw different random numbers.

    Returns
    -------
    paretix.Result

    Examples
    --------
    >>> import paretix
    >>> problem = paretix.problems.get("dtlz2", n_obj=3)
    >>> algo = paretix.NSGA3(paretix.ref_dirs.das_dennis(3, 12))
    >>> res = paretix.minimize(problem, algo, ("n_gen", 20), seed=1)
    >>> res.n_eval
    1840
    """
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable, got {callback!r}")
    every = _check_every(checkpoint_every)
    if resume and checkpoint is None:
        raise ValueError("resume=True needs checkpoint=DIR (the directory of the run to continue)")
    sizes = (problem.n_var, problem.n_obj, problem.n_ieq_constr, problem.n_eq_constr)
    runner = Runner(problem, evaluator, on_error=on_error, retries=retries, timeout=timeout)
    algorithm.setup(problem, seed=seed, termination=termination, indicators=indicators, device=device)
    ck = None
    if checkpoint is not None:
        ck = CheckpointDir(checkpoint)
        _setup_checkpoint(ck, problem, algorithm, runner, sizes, resume, seed, termination, indicators)
    elif archive:
        runner.journal = MemoryArchive(*sizes)
    bar = _progress_bar(algorithm) if progress else None
    saved = algorithm.n_gen if ck is not None and resume and ck.has_state() else None
    try:
        with runner:
            while algorithm.has_next():
                X = algorithm.ask()
                gen = algorithm.n_gen
                algorithm.tell(runner.evaluate(X, gen + 1))
                if algorithm.n_gen == gen:  # within a generation (one point per ask): nothing to report
                    continue
                if ck is not None and algorithm.n_gen % every == 0:
                    ck.save_state(algorithm._get_state(), algorithm.n_gen)
                    saved = algorithm.n_gen
                if bar is not None:
                    _update_bar(bar, algorithm)
                if verbose:
                    _print_line(algorithm)
                if callback is not None and callback(algorithm) is False:
                    break
        if ck is not None and saved != algorithm.n_gen and algorithm.pop is not None:
            ck.save_state(algorithm._get_state(), algorithm.n_gen)
    finally:
        if bar is not None:
            bar.close()
        if ck is not None:
            runner.journal.close()
    res = algorithm.result()
    res.failures = list(runner.failures)
    res.journal = ck.journal_file if ck is not None else runner.journal
    return res


def _check_every(every) -> int:
    if isinstance(every, bool) or not isinstance(every, (int, np.integer)) or every < 1:
        raise ValueError(f"checkpoint_every must be a positive int (generations), got {every!r}")
    return int(every)


def _setup_checkpoint(ck, problem, algorithm, runner, sizes, resume, seed, termination, indicators) -> None:
    """Record or check the run in ``ck``, open its journal, and on ``resume`` restore the state and
    the journal's points (see ``minimize``)."""
    if ck.has_run() and not resume:
        raise CheckpointError(f"{ck.path} already holds a run: pass resume=True to continue it, or choose a new "
                              "checkpoint directory")
    if algorithm.seed is None:  # a resumable run needs a seed: drawn now, or the one recorded
        recorded = ck.read_run().get("seed") if ck.has_run() else None
        seed = recorded if isinstance(recorded, int) else int(np.random.SeedSequence().entropy % 2**63)
        algorithm.setup(problem, seed=seed, termination=termination, indicators=indicators, device=algorithm.device)
    description = run_description(problem, algorithm, algorithm.seed)
    if ck.has_run():
        ck.check_run(description)
    else:
        ck.write_run(description)
    runner.journal = Journal(ck.journal_file, sizes)
    if not resume:
        return
    if ck.has_state():
        algorithm._set_state(ck.load_state())
    runner.replay_from(runner.journal.replay(algorithm.n_gen))
    runner.failures = failures_from(runner.journal.failures_until(algorithm.n_gen))


def _progress_bar(algorithm):
    from tqdm.auto import tqdm

    total = algorithm.termination.total_generations
    return tqdm(total=total, unit="gen", desc=f"{algorithm.name} {algorithm.problem.name}", file=sys.stderr,
                dynamic_ncols=True, leave=True)


def _last(algorithm, key):
    return algorithm._history[key][-1]


def _update_bar(bar, algorithm) -> None:
    post = {"n_eval": algorithm.n_eval, "n_nds": _last(algorithm, "n_nds"), "cv_min": f"{_last(algorithm, 'cv_min'):.3g}"}
    for key in algorithm.indicators:
        post[key] = f"{_last(algorithm, key):.4g}"
        break
    bar.set_postfix(post, refresh=False)
    bar.update(1)


def _print_line(algorithm) -> None:
    parts = [f"n_gen={algorithm.n_gen:5d}", f"n_eval={algorithm.n_eval:8d}",
             f"cv_min={_last(algorithm, 'cv_min'):.4g}", f"n_nds={_last(algorithm, 'n_nds')}"]
    parts += [f"{k}={_last(algorithm, k):.6g}" for k in algorithm.indicators]
    print(" | ".join(parts), flush=True)
