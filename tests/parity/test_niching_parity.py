"""NSGA-III association and niching: every backend identical to the reference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paretix.kernels import associate, kernel_backends, niching
from paretix.ref_dirs import das_dennis, multi_layer

DIRS = [das_dennis(2, 15), das_dennis(3, 12), das_dennis(5, 4), multi_layer(8)]


@pytest.mark.parametrize("W", DIRS, ids=lambda W: f"m{W.shape[1]}r{W.shape[0]}")
@pytest.mark.parametrize("n", [0, 1, 5, 800])
def test_associate_backends_agree(W, n):
    rng = np.random.default_rng(n)
    F = rng.random((n, W.shape[1]))
    F[: n // 4] = np.round(F[: n // 4], 1)  # ties and exact hits of directions
    if n > 2:
        F[1] = 0.0  # the ideal point itself
        F[2] = W[3] * 2.5  # exactly on a direction
    expected = associate(F, W, backend="reference")
    for backend in kernel_backends("associate"):
        niche, dist = associate(F, W, backend=backend)
        np.testing.assert_array_equal(niche, expected[0])
        np.testing.assert_array_equal(dist, expected[1])
    if n > 2:
        assert expected[0][1] == 0 and expected[1][1] == 0.0
        assert expected[0][2] == 3 and expected[1][2] < 1e-12


def test_associate_is_argmin_of_perpendicular_distance():
    rng = np.random.default_rng(7)
    W = das_dennis(3, 12)
    F = rng.random((500, 3))
    niche, dist = associate(F, W)
    U = W / np.linalg.norm(W, axis=1, keepdims=True)
    proj = F @ U.T
    perp = np.sqrt(np.maximum((F**2).sum(1)[:, None] - proj**2, 0))
    np.testing.assert_allclose(dist, perp[np.arange(500), niche], atol=1e-12)
    assert (perp[np.arange(500), niche] <= perp.min(axis=1) + 1e-12).all()


def test_associate_errors():
    with pytest.raises(ValueError, match="F has 2 objectives but ref_dirs has 3"):
        associate(np.zeros((2, 2)), das_dennis(3, 2))
    with pytest.raises(ValueError, match="non-negative"):
        associate(np.zeros((2, 2)), -np.ones((3, 2)))
    with pytest.raises(ValueError, match="F must be finite"):
        associate(np.array([[np.inf, 0.0]]), das_dennis(2, 2))


@given(
    n=st.integers(1, 60),
    r=st.integers(1, 12),
    k_frac=st.floats(0, 1),
    seed=st.integers(0, 2**64 - 1),
    data_seed=st.integers(0, 2**32 - 1),
)
def test_niching_backends_agree_and_pick_distinct(n, r, k_frac, seed, data_seed):
    rng = np.random.default_rng(data_seed)
    niche = rng.integers(0, r, n)
    dist = np.round(rng.random(n), 1)  # ties in distance
    counts = rng.integers(0, 3, r)
    k = int(round(k_frac * n))
    expected = niching(niche, dist, counts, k, seed=seed, backend="reference")
    assert len(expected) == k and len(set(expected.tolist())) == k
    for backend in kernel_backends("niching"):
        np.testing.assert_array_equal(niching(niche, dist, counts, k, seed=seed, backend=backend), expected)


def test_niching_prefers_empty_niches_and_closest_member():
    # niche 0 already has a member; niche 1 is empty with candidates at distances 0.5, 0.1, 0.3
    niche = np.array([0, 0, 1, 1, 1])
    dist = np.array([0.0, 0.0, 0.5, 0.1, 0.3])
    for seed in range(20):
        assert niching(niche, dist, np.array([1, 0]), 1, seed=seed).tolist() == [3]
        first_two = niching(niche, dist, np.array([1, 0]), 2, seed=seed).tolist()
        assert first_two[0] == 3  # count 0 beats count 1; then both niches have count 1


def test_niching_level_order_is_random_but_complete():
    niche = np.arange(10)
    picks = {tuple(niching(niche, np.zeros(10), np.zeros(10, dtype=np.int64), 3, seed=s).tolist()) for s in range(50)}
    assert len(picks) > 10  # random order within a level


def test_niching_errors():
    with pytest.raises(ValueError, match=r"k must lie in \[0, 2\]"):
        niching([0, 0], [0.1, 0.2], [0], 3, seed=1)
    with pytest.raises(ValueError, match=r"niche values must lie in \[0, 1\)"):
        niching([0, 1], [0.1, 0.2], [0], 1, seed=1)
    with pytest.raises(ValueError, match="seed must lie"):
        niching([0], [0.1], [0], 1, seed=-1)


def test_associate_same_answer_for_every_thread_count_and_query_order():
    from paretix.kernels import get_num_threads, set_num_threads

    rng = np.random.default_rng(11)
    W = das_dennis(3, 30)
    F = rng.random((40_000, 3))
    F[::7] = np.round(F[::7], 1)  # ties between directions
    F[::1000] = 0.0
    F[5::1000] = W[rng.integers(0, len(W), size=len(F[5::1000]))] * 3.0  # exactly on a direction
    expected = associate(F, W, backend="numba" if "numba" in kernel_backends("associate") else "reference")
    previous = get_num_threads()
    try:
        for threads in (1, 2, 3):
            set_num_threads(threads)
            for backend in kernel_backends("associate"):
                if backend == "reference" and threads > 1:
                    continue
                niche, dist = associate(F, W, backend=backend)
                np.testing.assert_array_equal(niche, expected[0])
                np.testing.assert_array_equal(dist, expected[1])
        perm = rng.permutation(len(F))
        niche, dist = associate(F[perm], W)
        np.testing.assert_array_equal(niche, expected[0][perm])
    finally:
        set_num_threads(previous)
