"""SBX and polynomial mutation as whole-array formulas on given uniform draws (NumPy or CuPy).

These are the operators' reference arithmetic: the C++ and Numba kernels
(:mod:`paretix.kernels.variation`) evaluate the same expressions in the same order, one row at a
time. Each operator reads a fixed number of draws per row, laid out as ``rng.random((rows, k))``:

- SBX, one row per pair: ``u_pair``, then per variable ``j``: ``u_cross_j, u_spread_j, u_swap_j``
  (``k = 1 + 3 n_var``);
- PM, one row per child: ``u_child``, then per variable ``j``: ``u_mutate_j, u_perturb_j``
  (``k = 1 + 2 n_var``);
- SBX + PM fused, one row per pair: the SBX row, then the PM rows of the first and the second
  child (``k = 3 + 7 n_var``).
"""

from __future__ import annotations

import numpy as np

from ..kernels.variation import pm_width, sbx_width  # noqa: F401 - the layouts' widths, re-exported

SBX_EPS = 1.0e-14  # parents closer than this in a variable are copied (Deb's EPS)


def clip(X, xl, xu, xp):
    return xp.minimum(xp.maximum(X, xl), xu)


def sbx_from_draws(A, B, xl, xu, R, eta, prob, prob_var, prob_swap, xp):
    """``(C1, C2)``: bounded SBX of ``A[i]`` with ``B[i]`` (``(n, n_var)``), draws ``R`` of shape
    ``(n, 1 + 3 n_var)``. See :class:`paretix.operators.SBX` for the formulas."""
    pair = R[:, 0] < prob  # (n,)
    cross = (R[:, 1::3] < prob_var) & pair[:, None]  # (n, n_var)
    cross &= xp.abs(A - B) > SBX_EPS
    u = R[:, 2::3]  # (n, n_var), one draw shared by both children
    swap = R[:, 3::3] < prob_swap  # (n, n_var)

    y1, y2 = xp.minimum(A, B), xp.maximum(A, B)
    d = xp.where(cross, y2 - y1, 1.0)  # (n, n_var); 1 where unused keeps the algebra finite
    e = eta + 1.0

    def betaq(beta):  # beta >= 1, so alpha in [1, 2) and 2 - u alpha > 0: no NaN branches
        alpha = 2.0 - beta ** -e
        ua = u * alpha
        return xp.where(u <= 1.0 / alpha, ua ** (1.0 / e), (1.0 / (2.0 - ua)) ** (1.0 / e))

    mid = y1 + y2
    with np.errstate(over="ignore"):  # a huge box over a tiny d: beta = inf, alpha = 2, exact
        c1 = 0.5 * (mid - betaq(1.0 + 2.0 * (y1 - xl) / d) * d)  # (n, n_var) the lower child
        c2 = 0.5 * (mid + betaq(1.0 + 2.0 * (xu - y2) / d) * d)  # (n, n_var) the upper child
    a_low = A <= B
    near_a = xp.where(a_low, c1, c2)
    near_b = xp.where(a_low, c2, c1)
    C1 = xp.where(cross, xp.where(swap, near_b, near_a), A)
    C2 = xp.where(cross, xp.where(swap, near_a, near_b), B)
    return clip(C1, xl, xu, xp), clip(C2, xl, xu, xp)


def pm_from_draws(X, xl, xu, R, eta, prob, prob_var, xp):
    """Polynomial mutation of ``X`` (``(n, n_var)``), draws ``R`` of shape ``(n, 1 + 2 n_var)``.
    See :class:`paretix.operators.PolynomialMutation` for the formulas."""
    child = R[:, 0] < prob  # (n,)
    mutate = (R[:, 1::2] < prob_var) & child[:, None] & (xu > xl)  # (n, n_var)
    u = R[:, 2::2]  # (n, n_var)

    w = xp.where(xu > xl, xu - xl, 1.0)  # (n_var,)
    d1 = (X - xl) / w  # (n, n_var), both in [0, 1]
    d2 = (xu - X) / w
    e = eta + 1.0
    low = u <= 0.5
    # Both branches are finite for every u in [0, 1): their bases are >= 1 on the unused side.
    dq_low = (2.0 * u + (1.0 - 2.0 * u) * (1.0 - d1) ** e) ** (1.0 / e) - 1.0
    dq_high = 1.0 - (2.0 * (1.0 - u) + 2.0 * (u - 0.5) * (1.0 - d2) ** e) ** (1.0 / e)
    Y = X + xp.where(low, dq_low, dq_high) * w
    return xp.where(mutate, clip(Y, xl, xu, xp), X)


def sbx_pm_from_draws(X, parents, xl, xu, R, sbx, pm, n, xp):
    """SBX of the pairs ``X[parents[i, 0]], X[parents[i, 1]]`` then PM of both children, draws
    ``R`` of shape ``(n_pairs, 3 + 7 n_var)``; rows ``2i`` and ``2i + 1`` of the result are pair
    ``i``'s children (the first ``n`` rows). ``sbx = (eta, prob, prob_var, prob_swap)``,
    ``pm = (eta, prob, prob_var)``."""
    n_var = X.shape[1]
    ks = sbx_width(n_var)
    C1, C2 = sbx_from_draws(X[parents[:, 0]], X[parents[:, 1]], xl, xu, R[:, :ks], *sbx, xp)
    children = xp.stack([C1, C2], axis=1).reshape(-1, n_var)[:n]  # (n, n_var), pair i -> rows 2i, 2i + 1
    return pm_from_draws(children, xl, xu, R[:, ks:].reshape(-1, pm_width(n_var))[:n], *pm, xp)
