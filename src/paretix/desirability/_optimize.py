"""Desirability in optimization: a scalar objective from D, and selection from a Pareto set."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._array import get_xp, to_numpy
from ..problems import EvaluationWarning, Problem
from ._categorical import DCategorical
from ._overall import DOverall

KINDS = ("1-D", "-D", "-logD")


def transform(D, kind: str):
    """Minimisation objective from overall desirabilities ``D`` (NaN stays NaN).

    ``"1-D"`` in [0, 1] (spotpython's convention), ``"-D"`` in [-1, 0] (Kuhn's and spot's
    ``rsm_opt``), ``"-logD"`` in [0, inf] (``-log D``; D = 0 gives +inf)."""
    xp = get_xp(D)
    if kind == "1-D":
        return 1.0 - D
    if kind == "-D":
        return -D
    if kind == "-logD":
        with np.errstate(divide="ignore"):
            return -xp.log(D)
    raise ValueError(f"kind must be one of {KINDS}; got {kind!r}.")


class DesirabilityProblem(Problem):
    """A single-objective :class:`~paretix.Problem`: minimise ``transform(D(responses(X)))``.

    Built by :func:`objective`; the constraints of a wrapped problem are kept. Points whose
    responses contain NaN (a failed evaluation) get F = NaN, hence CV = inf, instead of the
    non-informative desirability that missing *data* would get.

    Attributes
    ----------
    doverall : DOverall
    kind : str
    model : callable or Problem
        What maps X to the responses.
    """

    def __init__(self, doverall: DOverall, model, kind: str, *, n_var: int, xl, xu, n_ieq_constr=0,
                 n_eq_constr=0, name=None, **kwargs):
        super().__init__(n_var=n_var, n_obj=1, n_ieq_constr=n_ieq_constr, n_eq_constr=n_eq_constr,
                         xl=xl, xu=xu, name=name, **kwargs)
        self.doverall, self.model, self.kind = doverall, model, kind

    def responses(self, X):
        """``(R, G, H)``: the responses (N, len(doverall)) and the constraints of the points X."""
        xp = get_xp(X)
        X = xp.asarray(X, dtype=xp.float64)
        if X.ndim == 1:
            X = X.reshape(1, -1)
        if isinstance(self.model, Problem):
            with warnings.catch_warnings():  # NaN is reported once, by the outer evaluate
                warnings.simplefilter("ignore", EvaluationWarning)
                ev = self.model.evaluate(X)
            return ev.F, ev.G, ev.H
        R = self.model(X)
        if not hasattr(R, "shape"):  # a list (perhaps with level names: categorical responses)
            R = np.asarray(R)
        k = len(self.doverall)
        if R.ndim == 1 and k == 1:
            R = R.reshape(-1, 1)
        if R.shape != (X.shape[0], k):
            raise ValueError(
                f"responses(X) returned shape {tuple(R.shape)}; expected ({X.shape[0]}, {k}): one row "
                "per point and one column per desirability function."
            )
        return R, None, None

    def predict(self, X, all: bool = False):
        """Overall desirability D of the points X (and the individual ones with ``all=True``);
        NaN where a response is NaN, as in :meth:`evaluate`."""
        R = self.responses(X)[0]
        d, D = self.doverall.predict(R, all=True)
        D = self._failed_to_nan(R, D)
        return (d, D) if all else D

    @staticmethod
    def _failed_to_nan(R, D):
        if R.dtype.kind != "f":
            return D
        xp = get_xp(D)
        return xp.where(xp.isnan(R).any(axis=1), xp.nan, D)

    def _evaluate(self, X):
        R, G, H = self.responses(X)
        D = self._failed_to_nan(R, self.doverall.predict(R))
        F = transform(D, self.kind)[:, None]
        if G is None:
            return F
        return {"F": F, "G": G, "H": H}


def objective(doverall: DOverall, responses, /, *, kind: str = "1-D", xl=None, xu=None,
              name: str | None = None) -> DesirabilityProblem:
    """A single-objective problem that maximises overall desirability (by minimising a transform).

    Parameters
    ----------
    doverall : DOverall
        How responses become D.
    responses : callable or Problem
        Either a response model, ``responses(X) -> (N, k)`` for points ``X`` of shape (N, n_var)
        (vectorised; NumPy or CuPy in, the same out), together with the bounds ``xl``, ``xu``;
        or a (multi-objective) :class:`~paretix.Problem` whose objectives ``F`` are the responses
        (as the problem returns them: a maximised quantity appears negated) and whose bounds and
        constraints are kept.
    kind : {"1-D", "-D", "-logD"}, default "1-D"
        The minimised objective: ``1 - D``, ``-D`` or ``-log D`` (a sum of ``-log d_i``; D = 0
        maps to +inf). All three have the same minimisers wherever D > 0.
    xl, xu : float or array_like
        Bounds of a response model (``n_var`` is their length); not allowed with a Problem.
    name : str, optional

    Returns
    -------
    DesirabilityProblem
        ``evaluate(X).F`` is the transform of D, shape (N, 1); ``predict(X)`` gives D itself.

    Notes
    -----
    **Plateaus.** D is exactly 0 wherever one individual desirability is 0, so a large part of
    the space can be flat and give an optimizer nothing to rank; D is also flat at 1 beyond the
    limits and has kinks at ``low``, ``high`` and ``target``. Remedies: a per-function ``tol``
    (R: zeros become ``tol``), the ``tolerance`` floor of :class:`DOverall` (every d below it is
    raised to it, so the other responses still count), smooth functions
    (:class:`DHarrington1`, :class:`DHarrington2`, a logistic :class:`DArb`), derivative-free
    or population-based search with several starts. ``"-logD"`` needs such a floor: without it
    every point of the plateau is +inf.

    **Design regions.** Use the bounds (a cube), constraints of a wrapped Problem (e.g. a sphere
    ``||x|| <= r`` as ``G = ||x|| - r``), or :class:`DBox` functions on the factors inside the
    DOverall (a penalty: D = 0 outside).

    Examples
    --------
    >>> import numpy as np
    >>> from paretix.desirability import DMax, DOverall, objective
    >>> problem = objective(DOverall(DMax(0, 1)), lambda X: X[:, :1] ** 2, xl=[-1, -1], xu=[1, 1])
    >>> problem.evaluate(np.array([[0.5, 0.0]])).F.tolist()
    [[0.75]]
    """
    if not isinstance(doverall, DOverall):
        raise TypeError(f"doverall must be a DOverall; got {type(doverall).__name__}.")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}; got {kind!r}.")
    if isinstance(responses, Problem):
        if xl is not None or xu is not None:
            raise ValueError("xl and xu come from the problem; do not pass them with a Problem.")
        if responses.n_obj != len(doverall):
            raise ValueError(
                f"the problem has n_obj={responses.n_obj} responses but the DOverall has "
                f"{len(doverall)} functions."
            )
        p = responses
        return DesirabilityProblem(doverall, p, kind, n_var=p.n_var, xl=p.xl, xu=p.xu,
                                   n_ieq_constr=p.n_ieq_constr, n_eq_constr=p.n_eq_constr,
                                   eq_tol=p.eq_tol, constr_scale=p.constr_scale,
                                   name=name or f"desirability({p.name})")
    if not callable(responses):
        raise TypeError(f"responses must be a callable response model or a Problem; got {responses!r:.60}.")
    if xl is None or xu is None:
        raise ValueError("a response model needs bounds: pass xl and xu.")
    sizes = {np.size(b) for b in (xl, xu) if np.ndim(b) > 0}
    if len(sizes) != 1:
        raise ValueError("xl and xu must be array_like of length n_var (one of them may be a scalar).")
    return DesirabilityProblem(doverall, responses, kind, n_var=sizes.pop(), xl=xl, xu=xu,
                               name=name or "desirability")


@dataclass(frozen=True)
class Selection:
    """The designs chosen by :func:`select`, best first.

    Attributes
    ----------
    X : (k, n_var) the designs.
    F : (k, n_obj) their responses.
    D : (k,) overall desirability.
    d : (k, R) individual desirabilities (before the ``tolerance`` floor).
    index : (k,) their rows in the input.
    """

    X: Any
    F: Any
    D: Any
    d: Any
    index: np.ndarray

    def __len__(self) -> int:
        return int(self.index.shape[0])


def select(result, doverall: DOverall, /, k: int = 1) -> Selection:
    """The ``k`` designs of a (Pareto) set with the highest overall desirability.

    Parameters
    ----------
    result : object with ``.X`` and ``.F``, or tuple ``(X, F)``
        A result of an optimizer, an :class:`~paretix.Evaluation`, ... ``F`` (N, R) are the
        responses the functions see, as stored (a maximised quantity appears negated). When the
        object also has ``.CV``, feasible designs (CV == 0) come first, then by increasing CV.
    doverall : DOverall
    k : int, default 1
        How many designs (all of them if there are fewer).

    Returns
    -------
    Selection
        Sorted by D, best first; ties (e.g. on the D = 0 plateau) are broken by fewer zero
        individual desirabilities, then a larger mean of them, then the input order.

    Examples
    --------
    >>> import numpy as np
    >>> from paretix.desirability import DMin, DOverall, select
    >>> F = np.array([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]])      # a Pareto front
    >>> best = select((np.arange(3.0)[:, None], F), DOverall(DMin(0, 1), DMin(0, 1)))
    >>> best.index.tolist(), best.D.tolist()
    ([1], [0.5])
    """
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be an int >= 1; got {k!r}.")
    cv = None
    if isinstance(result, tuple):
        if len(result) != 2:
            raise ValueError(f"result must be a tuple (X, F); got a tuple of {len(result)}.")
        X, F = result
    elif hasattr(result, "X") and hasattr(result, "F"):
        X, F, cv = result.X, result.F, getattr(result, "CV", None)
    else:
        raise TypeError(f"result must have .X and .F arrays or be a tuple (X, F); got {type(result).__name__}.")
    X = X if hasattr(X, "shape") else np.asarray(X, dtype=np.float64)
    if not hasattr(F, "shape"):
        F = np.asarray(F, dtype=object)  # lists may mix numeric and categorical responses
        if not any(isinstance(o, DCategorical) for o in doverall):
            F = F.astype(np.float64)
    if F.ndim != 2:
        raise ValueError(f"F must have shape (N, {len(doverall)}); got {tuple(F.shape)}.")
    ds, D = doverall.predict(F, all=True)
    n = int(D.shape[0])
    if int(np.shape(X)[0]) != n:
        raise ValueError(f"X has {np.shape(X)[0]} rows but F has {n}.")
    d_host = np.stack([to_numpy(v) for v in ds], axis=1) if n else np.zeros((0, len(doverall)))
    D_host = to_numpy(D)
    cv_host = np.zeros(n) if cv is None else np.asarray(to_numpy(cv), dtype=np.float64).reshape(-1)
    keys = (  # np.lexsort: the last key is the primary one
        np.arange(n),
        -np.nan_to_num(d_host.mean(axis=1), nan=-np.inf),
        (d_host == 0).sum(axis=1),
        -np.nan_to_num(D_host, nan=-np.inf),
        np.nan_to_num(cv_host, nan=np.inf),
    )
    order = np.lexsort(keys)[: min(k, n)]
    xp = get_xp(D)
    idx = xp.asarray(order) if xp is not np else order
    d_all = xp.stack(ds, axis=1) if n else xp.zeros((0, len(doverall)))
    return Selection(X=X[idx], F=F[idx], D=D[idx], d=d_all[idx], index=order)


__all__ = ["KINDS", "DesirabilityProblem", "Selection", "objective", "select", "transform"]
