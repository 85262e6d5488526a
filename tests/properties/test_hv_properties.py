"""Hypothesis properties of the hypervolume kernels, on every usable backend.

Invariants that hold for any set: permutation invariance; a dominated (or duplicated) point
changes nothing; a non-dominated point inside the box never decreases the hypervolume; scaling
an objective (and its reference entry) by a power of two scales the hypervolume exactly up to
rounding of the sum (other factors round the box widths ref - p, which can be tiny); contributions sum to at most the
hypervolume and each equals hv(X) - hv(X without p) (the definition; compared loosely because
that difference cancels).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import paretix
from paretix.kernels import status
from paretix.kernels.hv import KERNELS

BACKENDS = [b for b in KERNELS["hypervolume"].backends() if status(b).available]


def sets(max_d: int = 6, max_n: int = 12):
    """Small sets in [0, 1]^d: integer grids (ties, duplicates) or floats."""
    return st.integers(1, max_d).flatmap(
        lambda d: st.one_of(
            arrays(np.float64, st.tuples(st.integers(0, max_n), st.just(d)), elements=st.sampled_from([0.0, 0.25, 0.5, 0.75])),
            arrays(np.float64, st.tuples(st.integers(0, max_n), st.just(d)),
                   elements=st.floats(0, 1, allow_nan=False, allow_infinity=False, width=64)),
        )
    )


REF = 1.0  # points equal to 1 in some objective lie on the box boundary: they count for nothing


def _close(a: float, b: float, tol: float = 1e-12) -> bool:
    return abs(a - b) <= tol * max(abs(a), abs(b), 1e-300)


@pytest.mark.parametrize("backend", BACKENDS)
@given(pts=sets(), seed=st.integers(0, 2**32 - 1))
def test_permutation_invariance(backend, pts, seed):
    perm = np.random.default_rng(seed).permutation(len(pts))
    a = paretix.hypervolume(pts, ref=REF, backend=backend)
    assert _close(paretix.hypervolume(pts[perm], ref=REF, backend=backend), a)
    c = paretix.hv_contributions(pts, ref=REF, backend=backend)
    np.testing.assert_allclose(paretix.hv_contributions(pts[perm], ref=REF, backend=backend), c[perm], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("backend", BACKENDS)
@given(pts=sets(), data=st.data())
def test_dominated_or_duplicate_point_changes_nothing(backend, pts, data):
    assume(len(pts) > 0)
    i = data.draw(st.integers(0, len(pts) - 1))
    shift = data.draw(arrays(np.float64, pts.shape[1], elements=st.sampled_from([0.0, 0.1, 0.5])))
    extra = pts[i] + shift  # weakly dominated by pts[i] (a duplicate when shift == 0)
    a = paretix.hypervolume(pts, ref=REF, backend=backend)
    assert _close(paretix.hypervolume(np.vstack([pts, extra]), ref=REF, backend=backend), a)


@pytest.mark.parametrize("backend", BACKENDS)
@given(pts=sets(), data=st.data())
def test_adding_a_point_inside_the_box_never_decreases(backend, pts, data):
    d = pts.shape[1]
    p = data.draw(arrays(np.float64, d, elements=st.floats(0, 0.999, allow_nan=False, width=64)))
    a = paretix.hypervolume(pts, ref=REF, backend=backend)
    b = paretix.hypervolume(np.vstack([pts, p]), ref=REF, backend=backend)
    assert b >= a * (1 - 1e-12)
    # the increase is the new point's contribution
    c = paretix.hv_contributions(np.vstack([pts, p]), ref=REF, ignore_dominated=False, backend=backend)[-1]
    assert abs((b - a) - c) <= 1e-12 * max(b, 1.0) + 1e-15


@pytest.mark.parametrize("backend", BACKENDS)
@given(pts=sets(), data=st.data())
def test_scaling_an_objective_scales_the_hypervolume(backend, pts, data):
    d = pts.shape[1]
    j = data.draw(st.integers(0, d - 1))
    factor = data.draw(st.sampled_from([0.5, 2.0, 4.0, 2.0**-10, 2.0**10]))  # exact scalings
    scaled = pts.copy()
    scaled[:, j] *= factor
    ref = np.full(d, REF)
    ref[j] *= factor
    a = paretix.hypervolume(pts, ref=REF, backend=backend)
    assert _close(paretix.hypervolume(scaled, ref=ref, backend=backend), a * factor, 1e-12)


@pytest.mark.parametrize("backend", BACKENDS)
@given(pts=sets(max_d=5, max_n=10), ignore=st.booleans())
def test_contributions_definition(backend, pts, ignore):
    hv = paretix.hypervolume(pts, ref=REF, backend=backend)
    c = paretix.hv_contributions(pts, ref=REF, ignore_dominated=ignore, backend=backend)
    assert (c >= 0).all()
    assert c.sum() <= hv * (1 + 1e-12) + 1e-15
    if ignore:
        keep = paretix.is_nondominated(pts, keep_weakly=True) if len(pts) else np.zeros(0, bool)
        base = pts[keep]
        c = c[keep]
    else:
        base = pts
    hv_base = paretix.hypervolume(base, ref=REF, backend=backend)
    for i in range(len(base)):
        without = paretix.hypervolume(np.delete(base, i, axis=0), ref=REF, backend=backend)
        assert abs((hv_base - without) - c[i]) <= 1e-12 * max(hv_base, 1.0)


@pytest.mark.parametrize("backend", BACKENDS)
@given(pts=sets(max_d=4, max_n=8), seed=st.integers(0, 2**64 - 1))
def test_monte_carlo_is_seeded_and_bounded(backend, pts, seed):
    a = paretix.hypervolume_mc(pts, ref=REF, n_samples=200, seed=seed, backend=backend)
    assert a == paretix.hypervolume_mc(pts, ref=REF, n_samples=200, seed=seed, backend=backend)
    inside = pts[(pts < REF).all(axis=1)] if len(pts) else pts
    box = float(np.prod(REF - inside.min(axis=0))) if len(inside) else 0.0
    assert 0.0 <= a.value <= box * (1 + 1e-12)
    assert a.std_error >= 0.0
