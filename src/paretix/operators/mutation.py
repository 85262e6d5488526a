"""Mutation of real-valued populations: Deb's bounded polynomial mutation."""

from __future__ import annotations

from .._array import get_xp
from ._common import _bounds, _check_rng, _clip, _population, _real, _uniform

__all__ = ["PolynomialMutation"]


class PolynomialMutation:
    """Polynomial mutation (PM), the bounded "highly disruptive" form of Deb's NSGA-II code.

    Parameters
    ----------
    eta : float, default 20.0
        Distribution index (>= 0). Large values give small perturbations.
    prob : float, default 1.0
        Probability that an individual is mutated at all.
    prob_var : float, optional
        Probability, per variable of a mutated individual, that the variable is perturbed.
        Default ``1 / n_var`` (Deb's convention; one variable per individual on average).

    Notes
    -----
    ``PolynomialMutation(...)(X, xl, xu, rng) -> Y`` returns a new ``(n, n_var)`` float64 array
    (same namespace as ``X``, which must lie inside ``[xl, xu]``). A perturbed variable ``x``
    with ``w = xu - xl > 0``, ``d1 = (x - xl) / w``, ``d2 = (xu - x) / w`` and one uniform ``u``
    becomes ``x + dq w`` with::

        dq = (2u + (1 - 2u) (1 - d1)^(eta+1))^(1/(eta+1)) - 1           if u <= 1/2
        dq = 1 - (2(1 - u) + 2(u - 1/2) (1 - d2)^(eta+1))^(1/(eta+1))   otherwise

    so ``dq`` covers exactly ``[-d1, d2]``: the result stays in the box (a clip guards rounding).
    Its CDF is ``((1 + dq)^(eta+1) - (1 - d1)^(eta+1)) / (2 (1 - (1 - d1)^(eta+1)))`` on
    ``[-d1, 0]`` and ``1 - ((1 - dq)^(eta+1) - (1 - d2)^(eta+1)) / (2 (1 - (1 - d2)^(eta+1)))``
    on ``[0, d2]``; far from the bounds the density tends to ``(eta + 1) (1 - |dq|)^eta / 2``.
    Variables with ``xl == xu`` are never perturbed. Cost O(n n_var); three uniform arrays are
    drawn per call whatever the probabilities, so a seed fixes the result.

    References
    ----------
    K. Deb, M. Goyal, "A combined genetic adaptive search (GeneAS) for engineering design",
    Computer Science and Informatics 26(4), 1996. K. Deb, A. Pratap, S. Agarwal, T. Meyarivan,
    NSGA-II C code (``mutation.c``, revision 1.1.6), KanGAL, 2011.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.full((4, 3), 0.5)
    >>> Y = PolynomialMutation(prob_var=1.0)(X, np.zeros(3), np.ones(3), np.random.default_rng(0))
    >>> bool(((Y >= 0) & (Y <= 1)).all())
    True
    """

    def __init__(self, eta: float = 20.0, prob: float = 1.0, prob_var: float | None = None):
        self.eta = _real(eta, "eta", low=0.0)
        self.prob = _real(prob, "prob", low=0.0, high=1.0)
        self.prob_var = None if prob_var is None else _real(prob_var, "prob_var", low=0.0, high=1.0)

    def __call__(self, X, xl, xu, rng):
        """Mutate a copy of the population ``X``."""
        _check_rng(rng)
        xp = get_xp(X, xl, xu)
        xl, xu = _bounds(xl, xu, xp)
        X = _population(X, "X", xl, xu, xp)
        n, n_var = X.shape
        shape = (n, n_var)
        prob_var = (1.0 / n_var if n_var else 0.0) if self.prob_var is None else self.prob_var
        individual = _uniform(rng, (n,), xp) < self.prob  # (n,)
        mutate = (_uniform(rng, shape, xp) < prob_var) & individual[:, None] & (xu > xl)  # (n, n_var)
        u = _uniform(rng, shape, xp)  # (n, n_var)

        w = xp.where(xu > xl, xu - xl, 1.0)  # (n_var,)
        d1 = (X - xl) / w  # (n, n_var), both in [0, 1]
        d2 = (xu - X) / w
        e = self.eta + 1.0
        low = u <= 0.5
        # Both branches are finite for every u in [0, 1): their bases are >= 1 on the unused side.
        dq_low = (2.0 * u + (1.0 - 2.0 * u) * (1.0 - d1) ** e) ** (1.0 / e) - 1.0
        dq_high = 1.0 - (2.0 * (1.0 - u) + 2.0 * (u - 0.5) * (1.0 - d2) ** e) ** (1.0 / e)
        Y = X + xp.where(low, dq_low, dq_high) * w
        return xp.where(mutate, _clip(Y, xl, xu, xp), X)

    def __repr__(self) -> str:
        return f"PolynomialMutation(eta={self.eta}, prob={self.prob}, prob_var={self.prob_var})"
