"""Crossover of real-valued populations: SBX and DE/rand/1/bin.

Both operators work on whole populations at once (one array expression per step, no loop over
individuals) and take the array namespace (NumPy or CuPy) from their inputs.
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from .._array import get_xp
from ._common import _bounds, _check_rng, _clip, _count, _integers, _population, _real, _uniform
from ._formulas import sbx_from_draws, sbx_width

__all__ = ["SBX", "DifferentialEvolution"]


class SBX:
    """Simulated binary crossover (SBX), bounded form, for real variables.

    Parameters
    ----------
    eta : float, default 15.0
        Distribution index (>= 0). Large values give children close to their parents.
    prob : float, default 0.9
        Probability that a mating pair is crossed at all (else both parents are copied).
    prob_var : float, default 0.5
        Probability, per variable of a crossed pair, that SBX is applied to that variable.
    prob_swap : float, default 0.5
        Probability, per crossed variable, that the two children exchange their values, so that
        ``C1`` takes the child on ``B``'s side and ``C2`` the one on ``A``'s side.

    Notes
    -----
    ``SBX(...)(A, B, xl, xu, rng) -> (C1, C2)`` crosses row ``i`` of ``A`` with row ``i`` of
    ``B`` (both ``(n, n_var)``, inside ``[xl, xu]``) and returns two ``(n, n_var)`` float64
    arrays in the same namespace. Per variable with ``y1 = min(a, b) < y2 = max(a, b)``,
    ``d = y2 - y1`` and one uniform ``u`` (shared by both children, as in Deb's code)::

        beta_l = 1 + 2 (y1 - xl) / d          beta_u = 1 + 2 (xu - y2) / d
        alpha  = 2 - beta ** -(eta + 1)
        betaq  = (u alpha) ** (1 / (eta + 1))               if u <= 1 / alpha
                 (1 / (2 - u alpha)) ** (1 / (eta + 1))     otherwise
        c1 = (y1 + y2 - betaq(beta_l) d) / 2    c2 = (y1 + y2 + betaq(beta_u) d) / 2

    This is the bounded SBX of Deb's NSGA-II C code and pymoo's ``cross_sbx``: the spread-factor
    distribution is truncated so that ``c1 >= xl`` and ``c2 <= xu``. Far from the bounds
    (``alpha -> 2``) the spread factor has the classic CDF ``F(beta) = beta^(eta+1) / 2`` for
    ``beta <= 1`` and ``1 - beta^-(eta+1) / 2`` beyond, and ``c1 + c2 = a + b``. Variables with
    ``|a - b| <= 1e-14`` (hence every variable with ``xl == xu``) are copied unchanged; the
    children are clipped into ``[xl, xu]`` to guard against rounding. Cost O(n n_var).

    Random numbers: ``1 + 3 n_var`` uniforms per pair whatever the probabilities (the pair's
    crossing test, then per variable its crossing test, ``u`` and the swap test), the stream of
    ``rng.random((n, 1 + 3 n_var))``, so a seed fixes the result. NumPy arrays with a NumPy
    ``Generator`` run the :func:`paretix.kernels.sbx` kernel (C++ or Numba, drawing inside its
    loop); CuPy arrays run the same formulas as whole-array operations.

    Without a swap, ``C1`` holds the child on ``A``'s side (``c1`` where ``a < b``) and ``C2``
    the one on ``B``'s side. With ``prob_swap = 0.5`` (the default) this is distributed exactly
    as pymoo's and Deb's assignment (lower child to ``C1``, swapped with probability 0.5).

    References
    ----------
    K. Deb, R. B. Agrawal, "Simulated binary crossover for continuous search space", Complex
    Systems 9(2), 1995. K. Deb, A. Pratap, S. Agarwal, T. Meyarivan, NSGA-II C code
    (``crossover.c``, revision 1.1.6), KanGAL, 2011.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> A, B = np.zeros((3, 2)), np.ones((3, 2))
    >>> C1, C2 = SBX(prob=1.0, prob_var=1.0)(A, B, [-1, -1], [2, 2], rng)
    >>> bool(np.allclose(C1 + C2, A + B))
    True
    """

    def __init__(self, eta: float = 15.0, prob: float = 0.9, prob_var: float = 0.5,
                 prob_swap: float = 0.5):
        self.eta = _real(eta, "eta", low=0.0)
        self.prob = _real(prob, "prob", low=0.0, high=1.0)
        self.prob_var = _real(prob_var, "prob_var", low=0.0, high=1.0)
        self.prob_swap = _real(prob_swap, "prob_swap", low=0.0, high=1.0)

    def __call__(self, A, B, xl, xu, rng):
        """Cross ``A[i]`` with ``B[i]`` for every row; returns ``(C1, C2)``."""
        _check_rng(rng)
        xp = get_xp(A, B, xl, xu)
        if xp is np and isinstance(rng, np.random.Generator):
            return kernels.sbx(A, B, xl, xu, eta=self.eta, prob=self.prob, prob_var=self.prob_var,
                               prob_swap=self.prob_swap, rng=rng)
        xl, xu = _bounds(xl, xu, xp)
        A = _population(A, "A", xl, xu, xp)
        B = _population(B, "B", xl, xu, xp)
        if A.shape != B.shape:
            raise ValueError(f"A and B must have the same shape, got {tuple(A.shape)} and {tuple(B.shape)}")
        R = _uniform(rng, (A.shape[0], sbx_width(A.shape[1])), xp)
        return sbx_from_draws(A, B, xl, xu, R, *self.params(), xp)

    def params(self) -> tuple[float, float, float, float]:
        """``(eta, prob, prob_var, prob_swap)``, as :func:`paretix.kernels.sbx_pm` takes them."""
        return self.eta, self.prob, self.prob_var, self.prob_swap

    def __repr__(self) -> str:
        return f"SBX(eta={self.eta}, prob={self.prob}, prob_var={self.prob_var}, prob_swap={self.prob_swap})"


class DifferentialEvolution:
    """DE/rand/1/bin trial vectors (Storn & Price 1997) with bound repair.

    Parameters
    ----------
    F : float, default 0.5
        Differential weight (> 0; usually in (0, 1]).
    CR : float, default 0.9
        Binomial crossover rate in [0, 1].

    Notes
    -----
    ``DifferentialEvolution(F, CR)(X, xl, xu, rng, *, n=None) -> trial`` builds ``n`` trial
    vectors (default ``len(X)``) for the targets ``X[i % len(X)]``, ``i = 0, ..., n - 1``:

    1. three indices ``r1, r2, r3``, distinct and different from the target, uniform among all
       such triples (drawn without rejection: each draw skips the indices already taken);
    2. mutant ``v = X[r1] + F (X[r2] - X[r3])``;
    3. repair: a component below ``xl`` is re-drawn uniformly between ``xl`` and the base
       ``X[r1]``, one above ``xu`` between the base and ``xu`` (pymoo's ``repair_random_init``;
       the bias toward the base keeps the search near the feasible donor instead of piling
       points on the bound, which clipping would do);
    4. binomial crossover: the trial takes ``v_j`` where ``u_j < CR`` or ``j == j_rand`` (one
       uniform index per trial, so every trial differs from its target in at least one
       component unless ``v`` equals it there), else the target's value.

    ``X`` must have at least 4 rows and lie inside ``[xl, xu]``; the trial vectors then lie
    inside too. Cost O(n n_var).

    References
    ----------
    R. Storn, K. Price, "Differential evolution - a simple and efficient heuristic for global
    optimization over continuous spaces", J. Global Optim. 11(4), 1997.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.random((10, 3))
    >>> DifferentialEvolution()(X, np.zeros(3), np.ones(3), rng).shape
    (10, 3)
    """

    def __init__(self, F: float = 0.5, CR: float = 0.9):
        self.F = _real(F, "F", low=0.0, low_open=True)
        self.CR = _real(CR, "CR", low=0.0, high=1.0)

    def __call__(self, X, xl, xu, rng, *, n=None):
        """Trial vectors for the targets ``X[i % len(X)]``, ``i < n`` (``n`` defaults to ``len(X)``)."""
        _check_rng(rng)
        xp = get_xp(X, xl, xu)
        xl, xu = _bounds(xl, xu, xp)
        X = _population(X, "X", xl, xu, xp)
        N, n_var = X.shape
        if N < 4:
            raise ValueError(
                f"DifferentialEvolution needs len(X) >= 4 (a target and three distinct donors), got {N}"
            )
        n = N if n is None else _count(n, "n")
        target = xp.arange(n, dtype=xp.int64) % N  # (n,)
        # r1, r2, r3: uniform, pairwise distinct, != target; each skips the sorted excluded indices.
        r1 = _integers(rng, N - 1, (n,), xp)
        r1 = r1 + (r1 >= target)
        r2 = _integers(rng, N - 2, (n,), xp)
        r2 = r2 + (r2 >= xp.minimum(target, r1))
        r2 = r2 + (r2 >= xp.maximum(target, r1))
        taken = xp.sort(xp.stack([target, r1, r2], axis=1), axis=1)  # (n, 3)
        r3 = _integers(rng, N - 3, (n,), xp)
        for k in range(3):  # over the 3 excluded indices, not over individuals
            r3 = r3 + (r3 >= taken[:, k])

        base = X[r1]  # (n, n_var)
        v = base + self.F * (X[r2] - X[r3])  # (n, n_var)
        u = _uniform(rng, (n, n_var), xp)
        v = xp.where(v < xl, xl + u * (base - xl), v)
        v = xp.where(v > xu, xu - u * (xu - base), v)

        j_rand = _integers(rng, n_var, (n,), xp)  # (n,)
        take = (_uniform(rng, (n, n_var), xp) < self.CR) | (xp.arange(n_var)[None, :] == j_rand[:, None])
        trial = xp.where(take, v, X[target])  # (n, n_var)
        return _clip(trial, xl, xu, xp)

    def __repr__(self) -> str:
        return f"DifferentialEvolution(F={self.F}, CR={self.CR})"
