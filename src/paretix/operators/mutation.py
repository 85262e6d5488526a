"""Mutation of real-valued populations: Deb's bounded polynomial mutation."""

from __future__ import annotations

import numpy as np

from .. import kernels
from .._array import get_xp
from ._common import _bounds, _check_rng, _population, _real, _uniform
from ._formulas import pm_from_draws, pm_width

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
    Variables with ``xl == xu`` are never perturbed. Cost O(n n_var).

    Random numbers: ``1 + 2 n_var`` uniforms per individual whatever the probabilities (its
    mutation test, then per variable the variable's test and ``u``), the stream of
    ``rng.random((n, 1 + 2 n_var))``, so a seed fixes the result. NumPy arrays with a NumPy
    ``Generator`` run the :func:`paretix.kernels.polynomial_mutation` kernel; CuPy arrays run the
    same formulas as whole-array operations.

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
        if xp is np and isinstance(rng, np.random.Generator):
            return kernels.polynomial_mutation(X, xl, xu, eta=self.eta, prob=self.prob, prob_var=self.prob_var,
                                               rng=rng)
        xl, xu = _bounds(xl, xu, xp)
        X = _population(X, "X", xl, xu, xp)
        n, n_var = X.shape
        R = _uniform(rng, (n, pm_width(n_var)), xp)
        return pm_from_draws(X, xl, xu, R, *self.params(n_var), xp)

    def params(self, n_var: int) -> tuple[float, float, float]:
        """``(eta, prob, prob_var)`` for ``n_var`` variables (``prob_var`` resolved), as
        :func:`paretix.kernels.sbx_pm` takes them."""
        prob_var = (1.0 / n_var if n_var else 0.0) if self.prob_var is None else self.prob_var
        return self.eta, self.prob, prob_var

    def __repr__(self) -> str:
        return f"PolynomialMutation(eta={self.eta}, prob={self.prob}, prob_var={self.prob_var})"
