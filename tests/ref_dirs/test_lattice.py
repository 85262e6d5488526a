"""Das-Dennis lattices and Deb & Jain's multi-layer sets, checked against formulas and pymoo."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest

from paretix.ref_dirs import das_dennis, multi_layer, n_das_dennis


@pytest.mark.parametrize("n_obj", range(1, 7))
@pytest.mark.parametrize("p", range(0, 8))
def test_das_dennis_count_simplex_and_lattice(n_obj, p):
    W = das_dennis(n_obj, p)
    count = comb(p + n_obj - 1, n_obj - 1) if n_obj > 1 else 1
    assert W.shape == (count, n_obj) and n_das_dennis(n_obj, p) == comb(p + n_obj - 1, n_obj - 1)
    assert np.all(W >= 0)
    np.testing.assert_allclose(W.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    if p > 0 and n_obj > 1:
        np.testing.assert_allclose(W * p, np.round(W * p), atol=1e-9)  # on the 1/p grid
        assert len(np.unique(np.round(W * p).astype(int), axis=0)) == count  # no duplicates


@pytest.mark.parametrize(("n_obj", "p"), [(2, 0), (2, 5), (3, 12), (4, 6), (5, 4), (6, 3), (8, 2)])
def test_das_dennis_equals_pymoo(n_obj, p):
    from pymoo.util.ref_dirs import get_reference_directions

    np.testing.assert_array_equal(das_dennis(n_obj, p), get_reference_directions("das-dennis", n_obj, n_partitions=p))


@pytest.mark.parametrize(("n_obj", "size"), [(8, 156), (10, 275), (15, 135)])
def test_multi_layer_sizes_and_pymoo(n_obj, size):
    from pymoo.util.ref_dirs import get_reference_directions
    from pymoo.util.reference_direction import MultiLayerReferenceDirectionFactory

    W = multi_layer(n_obj)
    assert W.shape == (size, n_obj)
    np.testing.assert_allclose(W.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    outer, inner = {8: (3, 2), 10: (3, 2), 15: (2, 1)}[n_obj]
    P = MultiLayerReferenceDirectionFactory(
        get_reference_directions("das-dennis", n_obj, n_partitions=outer, scaling=1.0),
        get_reference_directions("das-dennis", n_obj, n_partitions=inner, scaling=0.5),
    ).do()
    np.testing.assert_array_equal(W, P)


def test_multi_layer_arguments():
    with pytest.raises(ValueError, match="partitions is required for n_obj=4"):
        multi_layer(4)
    with pytest.raises(ValueError, match="scalings has 1 entries but partitions has 2"):
        multi_layer(3, [2, 1], [1.0])
    W = multi_layer(3, [2, 1], [1.0, 0.5])  # centroid-shrunk inner layer, no duplicates
    assert W.shape == (6 + 3, 3)
