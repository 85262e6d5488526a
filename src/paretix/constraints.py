"""Constraint violation: the one definition every part of paretix uses.

Conventions (the field's, as pymoo): inequality constraints are feasible when ``G <= 0``, equality
constraints when ``|H| <= eq_tol`` (``eq_tol = 1e-4`` by default). The violation of one point is

    CV = sum_i max(0, G_i) / s_i  +  sum_k max(0, |H_k| - eq_tol) / s_(n_ieq + k)

with optional positive per-constraint scales ``s`` (default 1), and a point is feasible iff CV == 0.
Scaling matters when constraints have very different magnitudes (a stress limit near 1e6 beside a
ratio near 1): without it the large one dominates every comparison between infeasible points.

Constraint handlers: which one to use
-------------------------------------
Every algorithm takes its CV from :func:`constraint_violation` and lets a handler decide what it
ranks. A handler is a small object with one interface::

    handler.setup(cv0)                            # once, with the initial population's CV
    F_eff, cv_eff = handler(F, cv, progress=t)    # every generation; t in [0, 1]: run fraction

and the algorithm ranks ``(F_eff, cv_eff)`` with Deb's rules: a point with ``cv_eff == 0`` beats
one with ``cv_eff > 0``; two infeasible points compare by ``cv_eff``; two feasible ones by
``F_eff`` (``paretix.pareto_rank(F_eff, cv=cv_eff)`` for several objectives,
:func:`feasibility_order` for one). What is reported as feasible is always the true ``cv == 0``.

- :class:`FeasibilityFirst` (default, ``"feasibility_first"`` or ``"deb"``): Deb's rules on the
  true CV; no parameter. Right for most problems.
- :class:`EpsilonConstraint` (``"epsilon"``): points with ``cv <= epsilon(t)`` count as feasible,
  and epsilon shrinks to 0 at a given fraction of the run (Takahama & Sakai). For small or
  disconnected feasible regions, and equality constraints, where feasibility-first pushes the
  population into the first feasible pocket it meets.
- :class:`StaticPenalty` (``"penalty"``): ``F + r * CV`` and no feasibility ranking. For
  algorithms that only see objective values; ``r`` must be large enough for the scale of F.

:func:`as_handler` turns a name, ``None`` or a handler into a handler.
"""

from __future__ import annotations

import math

import numpy as np

from ._array import get_xp, to_numpy

EQ_TOL = 1e-4


def _check_scale(scale, n_constr: int, xp):
    s = xp.asarray(scale, dtype=xp.float64)
    if s.ndim == 0:
        s = xp.full(n_constr, float(s))
    if s.shape != (n_constr,):
        raise ValueError(
            f"constraint scale must be a scalar or have one entry per constraint ({n_constr}: "
            f"n_ieq_constr + n_eq_constr), got shape {tuple(s.shape)}"
        )
    if not bool(xp.all(s > 0)) or not bool(xp.all(xp.isfinite(s))):
        raise ValueError("constraint scale entries must be finite and > 0")
    return s


def violations(G, H=None, *, eq_tol: float = EQ_TOL, scale=None):
    """Per-constraint violations, shape (N, n_ieq + n_eq): ``max(0, G)`` then ``max(0, |H| - eq_tol)``,
    each divided by its scale. NaN stays NaN (callers decide what a NaN constraint means)."""
    xp = get_xp(G, H)
    G = xp.asarray(G, dtype=xp.float64)
    if G.ndim == 1:
        G = G[:, None]
    n = G.shape[0]
    H = xp.zeros((n, 0)) if H is None else xp.asarray(H, dtype=xp.float64)
    if H.ndim == 1:
        H = H[:, None]
    if eq_tol < 0:
        raise ValueError(f"eq_tol must be >= 0, got {eq_tol}")
    v = xp.concatenate([xp.maximum(G, 0.0), xp.maximum(xp.abs(H) - eq_tol, 0.0)], axis=1)
    if scale is not None and v.shape[1]:
        v = v / _check_scale(scale, v.shape[1], xp)[None, :]
    return v


def constraint_violation(G, H=None, *, eq_tol: float = EQ_TOL, scale=None):
    """Total violation per point, shape (N,): the sum of :func:`violations` (0 means feasible).
    A NaN constraint value gives CV = inf (the point is infeasible, never silently feasible)."""
    v = violations(G, H, eq_tol=eq_tol, scale=scale)
    xp = get_xp(v)
    cv = v.sum(axis=1)
    return xp.where(xp.isnan(cv), xp.inf, cv)


def is_feasible(cv):
    """Feasibility mask from a CV vector (CV == 0)."""
    return get_xp(cv).asarray(cv) <= 0


# -- constraint handlers ---------------------------------------------------------------------------


def _progress(progress) -> float:
    t = float(progress)
    if not t >= 0:  # also NaN
        raise ValueError(f"progress must be a fraction of the run >= 0, got {progress!r}")
    return min(t, 1.0)  # the last generation may overshoot the budget


class ConstraintHandler:
    """Base of the constraint handlers (see the module docstring for the interface)."""

    name = "base"

    def setup(self, cv, /) -> None:
        """Called once with the CV of the initial population (a no-op unless the handler adapts)."""

    def __call__(self, F, cv, /, *, progress: float = 0.0):  # pragma: no cover - abstract
        """``(F_eff, cv_eff)``: what the algorithm ranks, from objectives F (N, m) and CV (N,)."""
        raise NotImplementedError

    def get_state(self) -> dict:
        """What ``setup`` adapted, for checkpoints: by default every scalar attribute (a handler
        that adapts arrays extends this; see ``Algorithm._get_state``)."""
        return {k: v for k, v in vars(self).items() if isinstance(v, (bool, int, float, str, type(None)))}

    def set_state(self, state: dict) -> None:
        """Restore what :meth:`get_state` returned."""
        for key, value in state.items():
            setattr(self, key, value)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class FeasibilityFirst(ConstraintHandler):
    """Deb's feasibility rules: feasible before infeasible, infeasible by CV, feasible by F.

    Returns ``F`` and ``cv`` unchanged: the rules live in the ranking
    (``pareto_rank(F, cv=cv)``, :func:`feasibility_order`, binary tournaments on ``(cv, rank)``).
    No parameter to tune, no penalty factor.

    References
    ----------
    K. Deb, "An efficient constraint handling method for genetic algorithms", Computer Methods in
    Applied Mechanics and Engineering 186(2-4), 311-338, 2000.
    """

    name = "feasibility_first"

    def __call__(self, F, cv, /, *, progress: float = 0.0):
        _progress(progress)
        xp = get_xp(F, cv)
        return xp.asarray(F), xp.asarray(cv, dtype=xp.float64)


class EpsilonConstraint(ConstraintHandler):
    """Epsilon-constraint handling with an epsilon that shrinks to 0 (Takahama & Sakai).

    Points with ``cv <= epsilon(t)`` are treated as feasible (``cv_eff = 0``) and ranked by their
    objectives; the others keep their CV. With ``eps0 = epsilon(0)`` the CV at the ``quantile``
    of the initial population (the "theta-th" point, theta = 0.2 N by default),

        epsilon(t) = eps0 * (1 - t / cutoff) ** cp   for t < cutoff,   0 afterwards,

    where ``t`` in [0, 1] is the fraction of the run done. By default ``cp`` adapts to eps0 so
    that epsilon has fallen to 1e-5 at 95 % of the cutoff, ``cp = max(cp_min, (-5 - log10 eps0)
    / log10 0.05)`` (Takahama & Sakai 2010); a fixed ``cp`` can be given instead.

    Parameters
    ----------
    quantile : float, default 0.2
        Which CV of the initial population (0: the smallest, 1: the largest) sets eps0. Only
        finite CVs count (failed evaluations have CV = inf).
    cutoff : float, default 0.2
        Fraction of the run at which epsilon reaches 0, in (0, 1].
    cp : float, optional
        Fixed exponent (> 0) of the decrease; default adaptive.
    cp_min : float, default 3
        Smallest adaptive exponent.

    References
    ----------
    T. Takahama, S. Sakai, "Constrained optimization by the epsilon constrained differential
    evolution with gradient-based mutation and feasible elites", IEEE CEC 2006, 1-8;
    "Constrained optimization by the epsilon constrained differential evolution with an archive
    and gradient-based mutation", IEEE CEC 2010, 1-9.
    """

    name = "epsilon"

    def __init__(self, quantile: float = 0.2, cutoff: float = 0.2, cp: float | None = None,
                 cp_min: float = 3.0):
        if not 0.0 <= quantile <= 1.0:
            raise ValueError(f"quantile must be in [0, 1], got {quantile!r}")
        if not 0.0 < cutoff <= 1.0:
            raise ValueError(f"cutoff must be in (0, 1], got {cutoff!r}")
        if cp is not None and not (cp > 0 and math.isfinite(cp)):
            raise ValueError(f"cp must be a finite number > 0 (or None: adaptive), got {cp!r}")
        if not (cp_min > 0 and math.isfinite(cp_min)):
            raise ValueError(f"cp_min must be a finite number > 0, got {cp_min!r}")
        self.quantile, self.cutoff, self.cp, self.cp_min = float(quantile), float(cutoff), cp, float(cp_min)
        self.epsilon0: float | None = None  # set by setup()
        self.cp_: float | None = None

    def setup(self, cv, /) -> None:
        """Set eps0 from the initial population's CV (and the adaptive exponent)."""
        cv = np.asarray(to_numpy(cv), dtype=np.float64).reshape(-1)
        finite = cv[np.isfinite(cv)]
        eps0 = float(np.quantile(finite, self.quantile, method="lower")) if finite.size else 0.0
        self.epsilon0 = max(eps0, 0.0)
        if self.cp is not None:
            self.cp_ = float(self.cp)
        elif self.epsilon0 > 0:
            self.cp_ = max(self.cp_min, (-5.0 - math.log10(self.epsilon0)) / math.log10(0.05))
        else:
            self.cp_ = self.cp_min

    def epsilon(self, progress: float) -> float:
        """The epsilon level at the fraction ``progress`` of the run."""
        t = _progress(progress)
        if self.epsilon0 is None:
            raise RuntimeError("EpsilonConstraint: call setup(cv) with the initial population's CV first")
        if t >= self.cutoff:
            return 0.0
        return self.epsilon0 * (1.0 - t / self.cutoff) ** self.cp_

    def __call__(self, F, cv, /, *, progress: float = 0.0):
        eps = self.epsilon(progress)
        xp = get_xp(F, cv)
        cv = xp.asarray(cv, dtype=xp.float64)
        return xp.asarray(F), xp.where(cv <= eps, 0.0, cv)

    def __repr__(self) -> str:
        return (f"EpsilonConstraint(quantile={self.quantile}, cutoff={self.cutoff}, cp={self.cp}, "
                f"cp_min={self.cp_min})")


class StaticPenalty(ConstraintHandler):
    """Static penalty: every objective becomes ``F + r * CV`` and every point counts as feasible.

    Simple, and what an algorithm that sees only objective values can use; the price is ``r``:
    too small and infeasible points win, too large and the search ignores the objectives near
    the boundary. Points with CV = inf (failed evaluations) get F_eff = inf.

    Parameters
    ----------
    r : float, default 1e6
        Penalty factor (finite, > 0), in units of F per unit of CV (scale the constraints with
        ``constr_scale`` to make one r fit all).
    """

    name = "penalty"

    def __init__(self, r: float = 1e6):
        if not (r > 0 and math.isfinite(r)):
            raise ValueError(f"r must be a finite number > 0, got {r!r}")
        self.r = float(r)

    def __call__(self, F, cv, /, *, progress: float = 0.0):
        _progress(progress)
        xp = get_xp(F, cv)
        F = xp.asarray(F, dtype=xp.float64)
        cv = xp.asarray(cv, dtype=xp.float64)
        col = cv if F.ndim == 1 else cv[:, None]
        F_eff = xp.where(xp.isinf(col), xp.inf, F + self.r * col)
        return F_eff, xp.zeros_like(cv)

    def __repr__(self) -> str:
        return f"StaticPenalty(r={self.r})"


HANDLERS = {
    "feasibility_first": FeasibilityFirst,
    "deb": FeasibilityFirst,
    "epsilon": EpsilonConstraint,
    "penalty": StaticPenalty,
}


def as_handler(handler=None) -> ConstraintHandler:
    """A handler from ``None`` (feasibility first), a name in :data:`HANDLERS` or a handler."""
    if handler is None:
        return FeasibilityFirst()
    if isinstance(handler, ConstraintHandler):
        return handler
    if isinstance(handler, str):
        try:
            return HANDLERS[handler]()
        except KeyError:
            raise ValueError(f"unknown constraint handler {handler!r}; expected one of {sorted(HANDLERS)}") from None
    raise TypeError(f"constraint handler must be None, a name or a ConstraintHandler, got {handler!r}")


def feasibility_order(f, cv, /):
    """Indices sorting a single objective by Deb's rules: feasible (cv == 0) first by ``f``, then
    infeasible by ``cv`` (ties by ``f``, then input order). Returns a NumPy int array."""
    f = np.asarray(to_numpy(f), dtype=np.float64).reshape(-1)
    cv = np.asarray(to_numpy(cv), dtype=np.float64).reshape(-1)
    if f.shape != cv.shape:
        raise ValueError(f"f and cv must have the same length, got {f.size} and {cv.size}")
    feasible = cv <= 0
    return np.lexsort((np.arange(f.size), f, np.where(feasible, 0.0, cv), ~feasible))


__all__ = [
    "EQ_TOL",
    "HANDLERS",
    "ConstraintHandler",
    "EpsilonConstraint",
    "FeasibilityFirst",
    "StaticPenalty",
    "as_handler",
    "constraint_violation",
    "feasibility_order",
    "is_feasible",
    "violations",
]
