"""Initial populations in a box: uniform random and Latin hypercube sampling."""

from __future__ import annotations

from .._array import get_xp
from ._common import _bounds, _check_rng, _count, _uniform

__all__ = ["LatinHypercubeSampling", "RandomSampling"]


def _scale_into(u, xl, xu, xp):
    """``clip(xl + u (xu - xl), xl, xu)`` computed in ``u`` (a fresh array), without the three
    (n, n_var) temporaries of the expression: the same values (addition commutes exactly)."""
    u *= xu - xl
    u += xl
    xp.maximum(u, xl, out=u)
    xp.minimum(u, xu, out=u)
    return u


class RandomSampling:
    """Uniform random points in the box ``[xl, xu]``.

    ``RandomSampling()(n, xl, xu, rng)`` returns an ``(n, n_var)`` float64 array (in the array
    namespace of ``xl``/``xu``: NumPy or CuPy) whose entries are independent and uniform on
    ``[xl_j, xu_j]``; components with ``xl_j == xu_j`` equal ``xl_j``.

    Examples
    --------
    >>> import numpy as np
    >>> X = RandomSampling()(5, [0, -1], [1, 1], np.random.default_rng(0))
    >>> X.shape
    (5, 2)
    """

    def __call__(self, n, xl, xu, rng):
        """Draw ``n`` points; ``rng`` is a NumPy or CuPy ``Generator``."""
        n = _count(n, "n")
        _check_rng(rng)
        xp = get_xp(xl, xu)
        xl, xu = _bounds(xl, xu, xp)
        u = _uniform(rng, (n, xl.shape[0]), xp)  # (n, n_var)
        return _scale_into(u, xl, xu, xp)

    def __repr__(self) -> str:
        return "RandomSampling()"


class LatinHypercubeSampling:
    """Latin hypercube sample of the box ``[xl, xu]`` (McKay, Beckman & Conover 1979).

    Each variable's range is cut into ``n`` equal strata; every stratum holds exactly one of the
    ``n`` points, at a uniform random position inside it, and the strata are matched across
    variables by independent uniform random permutations (one per variable). Cost O(n log n *
    n_var) (the permutations are argsorts of uniform draws).

    ``LatinHypercubeSampling()(n, xl, xu, rng)`` returns an ``(n, n_var)`` float64 array in the
    namespace of ``xl``/``xu``.

    References
    ----------
    M. D. McKay, R. J. Beckman, W. J. Conover, "A comparison of three methods for selecting
    values of input variables in the analysis of output from a computer code", Technometrics
    21(2), 1979.

    Examples
    --------
    >>> import numpy as np
    >>> X = LatinHypercubeSampling()(4, [0, 0], [1, 1], np.random.default_rng(0))
    >>> sorted(np.floor(X[:, 0] * 4).astype(int).tolist())
    [0, 1, 2, 3]
    """

    def __call__(self, n, xl, xu, rng):
        """Draw an ``n``-point Latin hypercube; ``rng`` is a NumPy or CuPy ``Generator``."""
        n = _count(n, "n")
        _check_rng(rng)
        xp = get_xp(xl, xu)
        xl, xu = _bounds(xl, xu, xp)
        shape = (n, xl.shape[0])
        strata = xp.argsort(_uniform(rng, shape, xp), axis=0)  # (n, n_var): a permutation per column
        u = (strata + _uniform(rng, shape, xp)) / max(n, 1)  # (n, n_var) in [0, 1)
        return _scale_into(u, xl, xu, xp)

    def __repr__(self) -> str:
        return "LatinHypercubeSampling()"
