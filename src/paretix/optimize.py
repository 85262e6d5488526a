"""``minimize``: run an ask/tell algorithm on a problem until its termination criterion."""

from __future__ import annotations

import sys

from .algorithms import Algorithm
from .evaluation import MemoryArchive, Runner
from .problems import Problem
from .result import Result


def minimize(problem: Problem, algorithm: Algorithm, termination=("n_gen", 250), seed=None, callback=None,
             progress: bool = False, verbose: bool = False, indicators=None, *, evaluator=None, on_error=None,
             retries: int = 1, timeout=None, archive: bool = False) -> Result:
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
    archive : bool, default False
        Keep every evaluated point in memory for ``result.evaluations()``.

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
    store = MemoryArchive(problem.n_var, problem.n_obj, problem.n_ieq_constr, problem.n_eq_constr) if archive else None
    runner = Runner(problem, evaluator, on_error=on_error, retries=retries, timeout=timeout, journal=store)
    algorithm.setup(problem, seed=seed, termination=termination, indicators=indicators)
    bar = _progress_bar(algorithm) if progress else None
    try:
        with runner:
            while algorithm.has_next():
                X = algorithm.ask()
                algorithm.tell(runner.evaluate(X, algorithm.n_gen + 1))
                if bar is not None:
                    _update_bar(bar, algorithm)
                if verbose:
                    _print_line(algorithm)
                if callback is not None and callback(algorithm) is False:
                    break
    finally:
        if bar is not None:
            bar.close()
    res = algorithm.result()
    res.failures = list(runner.failures)
    res.journal = store
    return res


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
