"""Das-Dennis lattices and Deb & Jain's multi-layer sets."""

from __future__ import annotations

import itertools
from math import comb

import numpy as np

# Deb & Jain (2014), Table I: outer/inner partitions of the two-layer sets.
_DEB_JAIN_LAYERS = {8: (3, 2), 10: (3, 2), 15: (2, 1)}


def _positive_int(value, name: str, minimum: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def n_das_dennis(n_obj: int, n_partitions: int) -> int:
    """Number of Das-Dennis directions: ``C(n_partitions + n_obj - 1, n_obj - 1)``."""
    return comb(n_partitions + n_obj - 1, n_obj - 1)


def das_dennis(n_obj: int, n_partitions: int) -> np.ndarray:
    """Das & Dennis's (NBI) uniform lattice on the unit simplex.

    All vectors ``a / n_partitions`` with non-negative integer ``a`` summing to ``n_partitions``,
    in lexicographic order of ``a`` (pymoo's order). ``n_partitions = 0`` gives the centroid.

    Returns
    -------
    numpy.ndarray, shape (C(n_partitions + n_obj - 1, n_obj - 1), n_obj)

    References
    ----------
    I. Das, J. E. Dennis, "Normal-boundary intersection: a new method for generating the Pareto
    surface in nonlinear multicriteria optimization problems", SIAM J. Optim. 8(3), 1998.

    Examples
    --------
    >>> das_dennis(3, 2).tolist()
    [[0.0, 0.0, 1.0], [0.0, 0.5, 0.5], [0.0, 1.0, 0.0], [0.5, 0.0, 0.5], [0.5, 0.5, 0.0], [1.0, 0.0, 0.0]]
    """
    n_obj = _positive_int(n_obj, "n_obj", 1)
    p = _positive_int(n_partitions, "n_partitions", 0)
    count = n_das_dennis(n_obj, p)
    if count > 5_000_000:
        raise ValueError(f"das_dennis({n_obj}, {p}) would have {count} directions; use fewer partitions")
    if p == 0:
        return np.full((1, n_obj), 1.0 / n_obj)
    if n_obj == 1:
        return np.ones((1, 1))
    # Stars and bars: bar positions c_1 < ... < c_(m-1) in range(p + m - 1), in lexicographic
    # order, give the compositions a_0 = c_1, a_k = c_(k+1) - c_k - 1, a_(m-1) = p + m - 2 - c_(m-1)
    # in lexicographic order of a.
    bars = np.fromiter(
        itertools.chain.from_iterable(itertools.combinations(range(p + n_obj - 1), n_obj - 1)),
        dtype=np.int64,
        count=count * (n_obj - 1),
    ).reshape(count, n_obj - 1)
    edges = np.concatenate([np.full((count, 1), -1), bars, np.full((count, 1), p + n_obj - 1)], axis=1)
    return (np.diff(edges, axis=1) - 1) / p


def multi_layer(n_obj: int, partitions=None, scalings=None) -> np.ndarray:
    """Several Das-Dennis layers, each shrunk toward the centroid: ``w * s + (1 - s) / n_obj``.

    Parameters
    ----------
    n_obj : int
    partitions : sequence of int, optional
        Partitions per layer. Default: Deb & Jain's two-layer sets for 8, 10 and 15 objectives,
        ``(3, 2)``, ``(3, 2)`` and ``(2, 1)`` (156, 275 and 135 directions).
    scalings : sequence of float in (0, 1], optional
        Scaling per layer; default 1 for the first layer and 0.5 for every other layer.

    Returns
    -------
    numpy.ndarray, shape (sum of the layer sizes less exact duplicates, n_obj)

    References
    ----------
    K. Deb, H. Jain, "An evolutionary many-objective optimization algorithm using reference-point
    based nondominated sorting approach, part I", IEEE TEVC 18(4), 2014.
    """
    n_obj = _positive_int(n_obj, "n_obj", 1)
    if partitions is None:
        if n_obj not in _DEB_JAIN_LAYERS:
            raise ValueError(
                f"partitions is required for n_obj={n_obj}; defaults exist for n_obj in "
                f"{sorted(_DEB_JAIN_LAYERS)} (Deb & Jain 2014)"
            )
        partitions = _DEB_JAIN_LAYERS[n_obj]
    partitions = [_positive_int(p, "partitions entry", 0) for p in partitions]
    if not partitions:
        raise ValueError("partitions must name at least one layer")
    if scalings is None:
        scalings = [1.0] + [0.5] * (len(partitions) - 1)
    scalings = [float(s) for s in scalings]
    if len(scalings) != len(partitions):
        raise ValueError(f"scalings has {len(scalings)} entries but partitions has {len(partitions)}")
    if not all(0 < s <= 1 for s in scalings):
        raise ValueError(f"scalings must lie in (0, 1], got {scalings}")
    layers = [das_dennis(n_obj, p) * s + (1.0 - s) / n_obj for p, s in zip(partitions, scalings)]
    out = np.concatenate(layers, axis=0)
    _, first = np.unique(out, axis=0, return_index=True)
    return out[np.sort(first)]
