"""Every usable backend against the NumPy reference, for all three kernels.

Ranks and masks must be identical; crowding distances equal to rtol 1e-12 (the same arithmetic in
the same order, so in practice bit-identical) with identical inf / zero positions. Inputs are
chosen to hit the special paths of the sweeps: ties in the sort keys, exact duplicates, signed
zeros, infinities (inf - inf in crowding ranges), single-front and one-point-per-front inputs, and
fronts large enough to split the k-d tree buckets (m >= 4).
"""

from __future__ import annotations

import functools
import warnings
import zlib

import numpy as np
import pytest

import paretix
from paretix.kernels import crowding_distance

inf = np.inf


# --- inputs ------------------------------------------------------------------------------------------------


def _uniform(rng, n, m):
    return rng.random((n, m))


def _int_grid(rng, n, m):
    return rng.integers(0, 4, size=(n, m)).astype(float)


def _binary(rng, n, m):
    return rng.integers(0, 2, size=(n, m)).astype(float)


def _duplicates(rng, n, m):
    base = rng.random((max(1, n // 4), m))
    return base[rng.integers(0, len(base), size=n)]


def _few_distinct(rng, n, m):
    base = rng.integers(0, 3, size=(5, m)).astype(float)
    return base[rng.integers(0, 5, size=n)]


def _with_inf(rng, n, m):
    pts = rng.integers(0, 5, size=(n, m)).astype(float)
    pts[rng.random((n, m)) < 0.15] = inf
    pts[rng.random((n, m)) < 0.10] = -inf
    pts[rng.integers(0, n, size=max(1, n // 20))] = inf  # whole rows of +inf
    pts[rng.integers(0, n, size=max(1, n // 40))] = -inf  # and of -inf
    return pts


def _signed_zero(rng, n, m):
    return rng.choice([-0.0, 0.0, 1.0, -1.0], size=(n, m))


def _extreme_magnitudes(rng, n, m):
    return rng.choice([-1e308, -1.0, -5e-324, 0.0, 5e-324, 1.0, 1e308, 1.7976931348623157e308], size=(n, m))


def _linear_front(rng, n, m):
    # Distinct integer points on the plane sum(f) == 1e6: all mutually non-dominated.
    w = rng.permutation(n * m).reshape(n, m).astype(float)
    w[:, -1] = 1e6 - w[:, :-1].sum(axis=1)
    return w


def _chain(rng, n, m):
    # Totally ordered (one point per front), shuffled, with noise-free equal steps per objective.
    t = rng.permutation(n).astype(float)
    return t[:, None] * np.arange(1, m + 1)[None, :]


def _chain_of_fronts(rng, n, m):
    # n/8 fronts of 8 points each: front k is a shifted copy of one anti-chain.
    base = _linear_front(rng, 8, m) if m > 1 else np.zeros((8, 1))
    k = n // 8
    return np.concatenate([base + 10.0 * 1e6 * i for i in rng.permutation(k)]) if k else np.empty((0, m))


def _first_objective_ties(rng, n, m):
    pts = rng.random((n, m))
    pts[:, 0] = rng.integers(0, 2, size=n)
    return pts


def _reverse_lex(rng, n, m):
    pts = rng.integers(0, 6, size=(n, m)).astype(float)
    order = np.lexsort(pts.T[::-1])[::-1]
    return pts[order]


def _many_fronts_2d(rng, n, m):
    t = np.sort(rng.random(n))
    pts = np.repeat(t[:, None], m, axis=1) + 0.02 * rng.standard_normal((n, m))
    return pts[rng.permutation(n)]


CASES = {
    "uniform": _uniform,
    "int-grid": _int_grid,
    "binary": _binary,
    "duplicates": _duplicates,
    "few-distinct": _few_distinct,
    "inf": _with_inf,
    "signed-zero": _signed_zero,
    "extreme": _extreme_magnitudes,
    "linear-front": _linear_front,
    "chain": _chain,
    "chain-of-fronts": _chain_of_fronts,
    "first-obj-ties": _first_objective_ties,
    "reverse-lex": _reverse_lex,
    "many-fronts": _many_fronts_2d,
}
MS = [1, 2, 3, 4, 5, 8]
SIZE = {"chain": 120, "many-fronts": 200}


@functools.cache
def make(case: str, m: int, n: int | None = None) -> np.ndarray:
    n = SIZE.get(case, 240) if n is None else n
    seed = zlib.crc32(f"{case}/{m}/{n}".encode())  # stable across processes (unlike hash())
    pts = CASES[case](np.random.default_rng(seed), n, m)
    pts.flags.writeable = False
    return pts


@functools.cache
def reference(kernel: str, case: str, m: int, n: int | None = None):
    """The oracle's result (cached: each backend is compared with the same array)."""
    pts = make(case, m, n)
    if kernel == "rank":
        return paretix.pareto_rank(pts, backend="reference")
    if kernel == "nd-weak":
        return paretix.is_nondominated(pts, keep_weakly=True, backend="reference")
    if kernel == "nd":
        return paretix.is_nondominated(pts, keep_weakly=False, backend="reference")
    return crowding_distance(pts, backend="reference")


def assert_crowding_equal(got: np.ndarray, expected: np.ndarray) -> None:
    assert got.dtype == np.float64 and got.shape == expected.shape
    np.testing.assert_array_equal(np.isinf(got), np.isinf(expected))
    np.testing.assert_array_equal(got == 0, expected == 0)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)


# --- small and medium inputs: every backend == reference -----------------------------------------------


@pytest.mark.parametrize("m", MS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_pareto_rank_parity(fast_rank_backend, case, m):
    pts = make(case, m)
    got = paretix.pareto_rank(pts, backend=fast_rank_backend)
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, reference("rank", case, m))


@pytest.mark.parametrize("m", MS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_is_nondominated_parity(fast_nd_backend, case, m):
    pts = make(case, m)
    np.testing.assert_array_equal(
        paretix.is_nondominated(pts, keep_weakly=True, backend=fast_nd_backend), reference("nd-weak", case, m)
    )
    np.testing.assert_array_equal(
        paretix.is_nondominated(pts, keep_weakly=False, backend=fast_nd_backend), reference("nd", case, m)
    )


@pytest.mark.parametrize("m", MS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_crowding_distance_parity(fast_cd_backend, case, m):
    pts = make(case, m)
    assert_crowding_equal(crowding_distance(pts, backend=fast_cd_backend), reference("cd", case, m))


@pytest.mark.parametrize("m", MS)
def test_objective_entirely_infinite_crowding(cd_backend, m):
    """Every point shares +inf (or -inf) in one objective: that range is inf - inf (NaN), skipped."""
    rng = np.random.default_rng(m)
    pts = rng.integers(0, 5, size=(30, m)).astype(float)
    pts[:, 0] = inf
    if m > 1:
        pts[:, -1] = -inf
    expected = crowding_distance(pts[:, 1:-1], backend="native") if m > 2 else None
    got = crowding_distance(pts, backend=cd_backend)
    assert not np.isnan(got).any()
    if expected is not None:
        # the infinite columns add nothing, so the distances are those of the finite columns --
        # except that "first copy" is decided on the full rows, which are equal iff the middle is.
        assert_crowding_equal(got, expected)


@pytest.mark.parametrize(
    "pts",
    [
        pytest.param(np.array([[inf, 0.0], [inf, 1.0], [inf, 3.0]]), id="column-all-inf"),
        pytest.param(np.array([[-inf, 0.0], [-inf, 1.0], [-inf, 3.0]]), id="column-all-neg-inf"),
        pytest.param(np.array([[-1e308, 0.0], [0.0, 1.0], [1.7e308, 3.0]]), id="range-overflows"),
    ],
)
def test_reference_crowding_is_warning_free(pts):
    """Valid input (inf allowed, any finite values) must not leak NumPy RuntimeWarnings; the
    compiled backends return the same values silently."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = crowding_distance(pts, backend="reference")
    assert not np.isnan(got).any()
    assert_crowding_equal(got, crowding_distance(pts, backend="native"))


@pytest.mark.parametrize(
    "pts",
    [
        np.empty((0, 1)),
        np.empty((0, 4)),
        np.array([[1.0]]),
        np.array([[inf, -inf, 0.0]]),
        np.array([[1.0, 2.0], [2.0, 1.0]]),
        np.array([[1.0, 2.0], [1.0, 2.0]]),
        np.array([[1.0, 2.0], [0.0, 2.0]]),
        np.array([[inf, inf], [inf, inf]]),
        np.array([[-inf, 3.0, 1.0], [-inf, 3.0, 1.0], [-inf, 3.0, 0.0]]),
        np.array([[0.0, 0.0, 0.0, 0.0], [-0.0, 0.0, -0.0, 0.0]]),
    ],
    ids=["empty-m1", "empty-m4", "one-m1", "one-inf", "two", "two-copies", "two-dominated", "two-inf-copies",
         "neg-inf-dups", "signed-zero-copies"],
)
def test_tiny_inputs_parity(any_backend, pts):
    np.testing.assert_array_equal(paretix.pareto_rank(pts, backend=any_backend), paretix.pareto_rank(pts, backend="reference"))
    for weak in (False, True):
        np.testing.assert_array_equal(
            paretix.is_nondominated(pts, keep_weakly=weak, backend=any_backend),
            paretix.is_nondominated(pts, keep_weakly=weak, backend="reference"),
        )
    assert_crowding_equal(crowding_distance(pts, backend=any_backend), crowding_distance(pts, backend="reference"))


@pytest.mark.parametrize("m", [2, 3, 5])
def test_maximise_parity(fast_rank_backend, m):
    rng = np.random.default_rng(m)
    pts = rng.integers(0, 5, size=(200, m)).astype(float)
    flags = rng.integers(0, 2, size=m).astype(bool)
    np.testing.assert_array_equal(
        paretix.pareto_rank(pts, maximise=flags, backend=fast_rank_backend),
        paretix.pareto_rank(pts, maximise=flags, backend="reference"),
    )
    np.testing.assert_array_equal(
        paretix.is_nondominated(pts, maximise=flags, backend=fast_rank_backend),
        paretix.is_nondominated(pts, maximise=flags, backend="reference"),
    )


@pytest.mark.parametrize(
    ("case", "m", "n"),
    [
        ("uniform", 2, 600),
        ("uniform", 3, 1000),
        ("uniform", 5, 1000),
        ("int-grid", 4, 1200),
        ("inf", 6, 1000),
        ("first-obj-ties", 4, 1000),
        ("linear-front", 5, 1000),
        ("duplicates", 8, 1000),
    ],
)
def test_moderate_size_parity(fast_rank_backend, case, m, n):
    pts = make(case, m, n)
    np.testing.assert_array_equal(paretix.pareto_rank(pts, backend=fast_rank_backend), reference("rank", case, m, n))
    np.testing.assert_array_equal(paretix.is_nondominated(pts, backend=fast_rank_backend), reference("nd", case, m, n))
    assert_crowding_equal(crowding_distance(pts, backend=fast_rank_backend), reference("cd", case, m, n))


# --- large inputs: native == numba (reference is O(n^2) per front) -------------------------------------------


@pytest.fixture(scope="module")
def native_and_numba():
    from paretix import kernels

    for b in ("native", "numba"):
        if not kernels.status(b).available:
            pytest.skip(f"{b} unavailable: {kernels.status(b).reason}")
    return "native", "numba"


@pytest.mark.parametrize(
    ("case", "m", "n"),
    [
        ("uniform", 2, 5000),
        ("uniform", 3, 5000),
        ("uniform", 4, 4000),
        ("uniform", 5, 3000),
        ("uniform", 8, 3000),
        ("int-grid", 3, 5000),
        ("int-grid", 5, 5000),
        ("inf", 4, 4000),
        ("first-obj-ties", 6, 3000),
        ("linear-front", 4, 3000),
        ("many-fronts", 4, 3000),
        ("duplicates", 3, 5000),
    ],
)
def test_large_native_vs_numba(native_and_numba, case, m, n):
    pts = make(case, m, n)
    native, numba = native_and_numba
    np.testing.assert_array_equal(paretix.pareto_rank(pts, backend=native), paretix.pareto_rank(pts, backend=numba))
    for weak in (False, True):
        np.testing.assert_array_equal(
            paretix.is_nondominated(pts, keep_weakly=weak, backend=native),
            paretix.is_nondominated(pts, keep_weakly=weak, backend=numba),
        )
    assert_crowding_equal(crowding_distance(pts, backend=native), crowding_distance(pts, backend=numba))
    assert_crowding_equal(crowding_distance(pts, backend=native), crowding_distance(pts, backend="reference"))
