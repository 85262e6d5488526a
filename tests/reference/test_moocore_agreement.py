"""paretix agrees with moocore (an independent C implementation) on ranks and first fronts.

moocore needs m >= 2 and is only fed finite values here: moocore 0.3.2 crashes (segfault) in
``pareto_rank`` on some inputs containing inf with m = 3, and NaN is rejected by paretix anyway.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import paretix

moocore = pytest.importorskip("moocore")

MS = [2, 3, 4, 5, 10]


def _data(kind: str, n: int, m: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "uniform":
        return rng.random((n, m))
    if kind == "ties":
        return rng.integers(0, 4, size=(n, m)).astype(float)
    if kind == "duplicates":
        base = rng.integers(0, 3, size=(n // 2, m)).astype(float)
        return np.concatenate([base, base[rng.integers(0, len(base), n - len(base))]])
    if kind == "normal":
        return rng.standard_normal((n, m)) * 1e3
    if kind == "sphere":  # one large front, smaller ones behind
        x = np.abs(rng.standard_normal((n, m)))
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        return x * rng.integers(1, 4, size=(n, 1))
    raise AssertionError(kind)


KINDS = ["uniform", "ties", "duplicates", "normal", "sphere"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("m", MS)
def test_pareto_rank_matches_moocore(rank_backend, kind, m):
    if rank_backend == "reference" and m == 2 and kind in ("uniform", "normal"):
        n = 300  # many fronts: the O(n^2)-per-front reference is slow here
    else:
        n = 500
    pts = _data(kind, n, m, seed=m * 31 + KINDS.index(kind))
    expected = np.asarray(moocore.pareto_rank(pts))
    np.testing.assert_array_equal(paretix.pareto_rank(pts, backend=rank_backend), expected)


@pytest.mark.parametrize("keep_weakly", [False, True])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("m", MS)
def test_is_nondominated_matches_moocore(nd_backend, kind, m, keep_weakly):
    pts = _data(kind, 500, m, seed=1000 + m * 31 + KINDS.index(kind))
    expected = np.asarray(moocore.is_nondominated(pts, keep_weakly=keep_weakly))
    np.testing.assert_array_equal(paretix.is_nondominated(pts, keep_weakly=keep_weakly, backend=nd_backend), expected)


@pytest.mark.parametrize("m", [2, 3, 5])
def test_maximise_matches_moocore(m):
    pts = _data("ties", 400, m, seed=7 + m)
    flags = [bool(i % 2) for i in range(m)]
    np.testing.assert_array_equal(paretix.pareto_rank(pts, maximise=flags), np.asarray(moocore.pareto_rank(pts, maximise=flags)))
    np.testing.assert_array_equal(
        paretix.is_nondominated(pts, maximise=flags), np.asarray(moocore.is_nondominated(pts, maximise=flags))
    )


@pytest.mark.parametrize("m", [2, 3, 4, 6])
def test_large_matches_moocore(m):
    pts = _data("uniform", 20_000, m, seed=99 + m)
    np.testing.assert_array_equal(paretix.pareto_rank(pts), np.asarray(moocore.pareto_rank(pts)))
    np.testing.assert_array_equal(paretix.is_nondominated(pts), np.asarray(moocore.is_nondominated(pts)))


@given(
    pts=arrays(
        np.float64,
        st.tuples(st.integers(1, 40), st.integers(2, 5)),
        elements=st.one_of(st.sampled_from([0.0, 1.0, 2.0]), st.floats(-1e9, 1e9, allow_nan=False)),
    ),
    keep_weakly=st.booleans(),
)
def test_moocore_property(pts, keep_weakly):
    np.testing.assert_array_equal(paretix.pareto_rank(pts), np.asarray(moocore.pareto_rank(pts)))
    np.testing.assert_array_equal(
        paretix.is_nondominated(pts, keep_weakly=keep_weakly),
        np.asarray(moocore.is_nondominated(pts, keep_weakly=keep_weakly)),
    )
