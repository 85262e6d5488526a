"""Constraint violation: the one definition every part of paretix uses.

Conventions (the field's, as pymoo): inequality constraints are feasible when ``G <= 0``, equality
constraints when ``|H| <= eq_tol`` (``eq_tol = 1e-4`` by default). The violation of one point is

    CV = sum_i max(0, G_i) / s_i  +  sum_k max(0, |H_k| - eq_tol) / s_(n_ieq + k)

with optional positive per-constraint scales ``s`` (default 1), and a point is feasible iff CV == 0.
Scaling matters when constraints have very different magnitudes (a stress limit near 1e6 beside a
ratio near 1): without it the large one dominates every comparison between infeasible points.
"""

from __future__ import annotations


from ._array import get_xp

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


__all__ = ["EQ_TOL", "constraint_violation", "is_feasible", "violations"]
