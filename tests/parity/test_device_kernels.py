"""Every kernel with a device implementation equals the CPU kernel on the same inputs.

Parametrized over two device namespaces: ``fake`` (tests/fakecupy.py: host memory, the CUDA
kernel bodies run by paretix._core's host emulation, strict about host round trips) runs
everywhere; ``cupy`` (real CuPy and paretix._cuda on a GPU) is marked ``gpu`` and skipped without
a device. Ranks and indices must be identical; floats identical too, except SBX/PM, where CUDA's
``pow`` may differ from the host's in the last place (1e-12 relative).
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import paretix
from paretix import kernels as K
from paretix.ref_dirs import das_dennis


@pytest.fixture(params=["fake", pytest.param("cupy", marks=pytest.mark.gpu)], scope="module")
def xp(request):
    if request.param == "fake":
        return importlib.import_module("fakecupy")
    return pytest.importorskip("cupy")


def host(a):
    return a.get()


def _points(rng, n, m, levels=None):
    if levels:  # many ties and duplicates
        return rng.integers(0, levels, (n, m)).astype(float)
    return rng.random((n, m))


CASES = [(0, 2), (1, 2), (1, 3), (2, 2), (7, 2), (60, 2), (80, 3), (50, 5), (40, 8)]


@pytest.mark.parametrize(("n", "m"), CASES)
@pytest.mark.parametrize("levels", [None, 3])
def test_nds_kernels(xp, n, m, levels):
    rng = np.random.default_rng(n * 31 + m)
    F = _points(rng, n, m, levels)
    if n > 3:
        F[1] = np.inf
        F[2, 0] = -np.inf
    D = xp.asarray(F)
    for kw in [{}, {"n_stop": max(1, n // 3)}, {"maximise": True}]:
        np.testing.assert_array_equal(host(K.pareto_rank(D, **kw)), K.pareto_rank(F, **kw))
    cv = np.where(rng.random(n) < 0.3, rng.integers(0, 3, n).astype(float), 0.0)
    for kw in [{}, {"n_stop": max(1, n // 2)}]:
        np.testing.assert_array_equal(host(K.pareto_rank(D, cv=xp.asarray(cv), **kw)), K.pareto_rank(F, cv=cv, **kw))
    for kw in [{}, {"keep_weakly": True}]:
        np.testing.assert_array_equal(host(K.is_nondominated(D, **kw)), K.is_nondominated(F, **kw))
    np.testing.assert_array_equal(host(K.crowding_distance(D)), K.crowding_distance(F))
    E = _points(rng, 5, m, 3)
    np.testing.assert_array_equal(host(K.duplicated(D, existing=xp.asarray(E))), K.duplicated(F, existing=E))
    np.testing.assert_array_equal(host(K.duplicated(D)), K.duplicated(F))


@given(hnp.arrays(np.float64, st.tuples(st.integers(0, 40), st.integers(1, 4)),
                  elements=st.sampled_from([0.0, -0.0, 1.0, 2.0, 2.5, np.inf, -np.inf])))
def test_ranks_and_crowding_property(F):
    import fakecupy as fx

    D = fx.asarray(F)
    np.testing.assert_array_equal(K.pareto_rank(D).get(), K.pareto_rank(F))
    np.testing.assert_array_equal(K.is_nondominated(D).get(), K.is_nondominated(F))
    np.testing.assert_array_equal(K.crowding_distance(D).get(), K.crowding_distance(F))
    np.testing.assert_array_equal(K.duplicated(D).get(), K.duplicated(F))


def test_duplicated_nan_and_signed_zero(xp):
    X = np.array([[0.0, 1.0], [2.0, 3.0], [-0.0, 1.0], [np.nan, 1.0], [np.nan, 1.0]])
    E = np.array([[2.0, 3.0]])
    np.testing.assert_array_equal(host(K.duplicated(xp.asarray(X), existing=[xp.asarray(E)])), K.duplicated(X, existing=[E]))


@pytest.mark.parametrize(("m", "p", "n"), [(2, 20, 1), (3, 12, 300), (5, 4, 200), (3, 40, 500), (6, 6, 300)])
def test_associate_and_niching(xp, m, p, n):
    rng = np.random.default_rng(m)
    W = das_dennis(m, p)
    F = rng.random((n, m)) * 2
    F[:2] = 0.0
    if n > 5:
        F[5] = W[len(W) // 2] * 3  # on a direction: distance 0
    niche, dist = K.associate(xp.asarray(F), xp.asarray(W))  # a k-d tree from 256 directions on
    n_ref, d_ref = K.associate(F, W)
    np.testing.assert_array_equal(host(niche), n_ref)
    np.testing.assert_array_equal(host(dist), d_ref)
    counts = rng.integers(0, 3, len(W))
    counts[: len(W) // 2] = 0
    for k in sorted({0, 1, n // 2, n}):
        for seed in (0, 2**64 - 1):
            got = K.niching(niche, dist, xp.asarray(counts), k, seed=seed)
            np.testing.assert_array_equal(host(got), K.niching(n_ref, d_ref, counts, k, seed=seed))


@pytest.mark.parametrize(("n_pairs", "n_var", "n"), [(1, 1, 1), (20, 5, 40), (20, 5, 39), (64, 30, 128)])
def test_sbx_pm(xp, n_pairs, n_var, n):
    rng = np.random.default_rng(n_var)
    xl, xu = -np.ones(n_var), np.linspace(1, 3, n_var)
    xu[0] = xl[0]  # a fixed variable
    X = rng.uniform(xl, xu, (2 * n_pairs, n_var))
    X[1] = X[0]  # identical parents
    P = rng.integers(0, len(X), (n_pairs, 2))
    P[0] = [0, 1]
    R = rng.random((n_pairs, 3 + 7 * n_var))
    for sbx, pm in [((15.0, 0.9, 0.5, 0.5), (20.0, 1.0, None)), ((2.5, 1.0, 1.0, 0.0), (7.3, 0.5, 0.8))]:
        got = K.sbx_pm(xp.asarray(X), xp.asarray(P), xp.asarray(xl), xp.asarray(xu), sbx=sbx, pm=pm, n=n,
                       draws=xp.asarray(R))
        want = K.sbx_pm(X, P, xl, xu, sbx=sbx, pm=pm, n=n, draws=R)
        np.testing.assert_allclose(host(got), want, rtol=1e-12, atol=0)


@pytest.mark.parametrize(("n", "d"), [(1, 2), (30, 2), (60, 3), (40, 5), (700, 3)])
def test_hype(xp, n, d):
    rng = np.random.default_rng(d)
    F = rng.random((n, d))
    F[0, 0] = 2.0  # outside ref: counts for nothing
    if n > 4:
        F[3] = F[2]
    for k in sorted({1, max(1, n // 2), n}):
        got = K.hype_fitness(xp.asarray(F), ref=1.1, k=k, n_samples=3000, seed=7)
        np.testing.assert_array_equal(host(got), K.hype_fitness(F, ref=1.1, k=k, n_samples=3000, seed=7))
    for n_remove in sorted({0, 1, n // 2, n}) if n < 100 else (5,):  # greedy recounts per step
        got = K.hype_greedy(xp.asarray(F), ref=1.1, n_remove=n_remove, n_samples=2000, seed=3)
        np.testing.assert_array_equal(host(got), K.hype_greedy(F, ref=1.1, n_remove=n_remove, n_samples=2000, seed=3))


@pytest.mark.parametrize("method", ["tchebycheff", "normalized_tchebycheff", "pbi", "weighted_sum"])
@pytest.mark.parametrize("max_replacements", [None, 1, 2])
def test_moead_replace(xp, method, max_replacements):
    rng = np.random.default_rng(len(method))
    W = das_dennis(3, 6)
    n = len(W)
    for trial in range(5):
        F, Fc = rng.random((n, 3)), rng.random((n, 3)) * 0.9
        Fc[1] = Fc[0]  # equal children: the earlier one wins
        cv = np.where(rng.random(n) < 0.3, rng.integers(0, 3, n).astype(float), 0.0)
        cvc = np.where(rng.random(n) < 0.3, rng.integers(0, 3, n).astype(float), 0.0)
        cand = rng.integers(0, n, (n if trial else 1, 5))
        Fc, cvc = Fc[: len(cand)], cvc[: len(cand)]
        kw = dict(method=method, max_replacements=max_replacements, nadir=np.ones(3))
        got = K.moead_replace(*(xp.asarray(a) for a in (F, cv, Fc, cvc, W, cand, np.zeros(3))), **kw)
        np.testing.assert_array_equal(host(got), K.moead_replace(F, cv, Fc, cvc, W, cand, np.zeros(3), **kw))


def test_no_host_round_trip():
    import fakecupy as fx

    rng = np.random.default_rng(0)
    F = fx.asarray(rng.random((200, 3)))
    fx.reset_counts()
    K.pareto_rank(F, n_stop=100)
    K.crowding_distance(F)
    niche, dist = K.associate(F, fx.asarray(das_dennis(3, 6)))
    K.niching(niche, dist, fx.zeros(28, dtype=np.int64), 50, seed=1)
    K.hype_fitness(F, ref=1.1, k=10, n_samples=500)
    assert fx.counts["get"] == 0


# ---- the dev_* bindings' argument checks (shared by paretix._cuda and the emulation) ---------------


def test_binding_checks():
    import fakecupy as fx

    from paretix import _core

    F = fx.asarray(np.random.default_rng(0).random((5, 2)))
    rank = fx.full(5, -1, dtype=np.int64)
    flag = fx.empty(5, dtype=np.uint8)
    _core.dev_rank_round(F, rank, flag)
    with pytest.raises(TypeError, match="F must be a device array"):
        _core.dev_rank_round(F.get(), rank, flag)
    with pytest.raises(TypeError, match="rank must have dtype int64"):
        _core.dev_rank_round(F, rank.astype(np.float64), flag)
    with pytest.raises(ValueError, match=r"flag has shape \(4,\), expected size 5"):
        _core.dev_rank_round(F, rank, flag[:4])
    with pytest.raises(ValueError, match="F must be C-contiguous"):
        _core.dev_rank_round(fx.asarray(np.zeros((2, 5))).T, rank, flag)
    with pytest.raises(ValueError, match="must have 2 dimension"):
        _core.dev_rank_round(F[:, 0], rank, flag)
    frozen = flag.get()
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="flag is read-only"):
        _core.dev_rank_round(F, rank, fx.ndarray(frozen))


@pytest.mark.parametrize(("n", "d"), [(1, 2), (50, 3), (30, 5), (900, 3)])  # 900: 4 chunks per sample
def test_hypervolume_mc(xp, n, d):
    rng = np.random.default_rng(n)
    F = rng.random((n, d))
    F[0] = 5.0  # outside ref
    for n_samples in (1, 4000):
        got = paretix.hypervolume_mc(xp.asarray(F), ref=1.1, n_samples=n_samples, seed=4)
        want = paretix.hypervolume_mc(F, ref=1.1, n_samples=n_samples, seed=4)
        assert (got.value, got.n_dominated, got.n_samples) == (want.value, want.n_dominated, want.n_samples)
        np.testing.assert_equal(got.std_error, want.std_error)


def test_direction_tree_matches_the_scan():
    """The tree search and the scan are two implementations of one query: equal on ties too."""
    import fakecupy as fx

    from paretix.kernels import _launch

    rng = np.random.default_rng(5)
    for m, p in [(2, 300), (3, 25), (4, 9), (8, 3)]:
        W = das_dennis(m, p)
        W = np.concatenate([W, W[:10]])  # duplicated directions: the lowest index must win
        F = np.concatenate([rng.random((300, m)), W[rng.integers(0, len(W), 50)] * 2, np.zeros((2, m))])
        D, Wd = fx.asarray(F), fx.asarray(W)
        old = _launch.TREE_MIN_DIRECTIONS
        try:
            _launch.TREE_MIN_DIRECTIONS = 1
            tree = _launch.associate(D, Wd)
            _launch.TREE_MIN_DIRECTIONS = 10**9
            scan = _launch.associate(D, Wd)
        finally:
            _launch.TREE_MIN_DIRECTIONS = old
        np.testing.assert_array_equal(tree[0].get(), scan[0].get())
        np.testing.assert_array_equal(tree[1].get(), scan[1].get())
        np.testing.assert_array_equal(tree[0].get(), K.associate(F, W)[0])


@pytest.mark.parametrize(("sort_min", "sample"), [(0, 1), (0, 64), (10**9, 0), (10**9, 64)])
@pytest.mark.parametrize(("n", "m", "levels"), [(1, 1, None), (40, 1, 3), (300, 2, None), (300, 2, 4), (400, 3, None),
                                                (400, 3, 3), (200, 4, 3)])
def test_rank_paths(xp, monkeypatch, sort_min, sample, n, m, levels):
    """Both ways a peeling round finds its front (pairwise among the sample filter's candidates,
    or sorting for 2-3 objectives) and any sample size give the CPU's ranks."""
    from paretix.kernels import _launch

    monkeypatch.setattr(_launch, "RANK_SORT_MIN", sort_min)
    monkeypatch.setattr(_launch, "RANK_SAMPLE", sample)
    rng = np.random.default_rng(n + m)
    F = _points(rng, n, m, levels)
    if n > 5:
        F[1] = np.inf
        F[2, 0] = -np.inf
        F[3] = F[4]
    D = xp.asarray(F)
    for kw in [{}, {"n_stop": max(1, n // 3)}]:
        np.testing.assert_array_equal(host(K.pareto_rank(D, **kw)), K.pareto_rank(F, **kw))
    for kw in [{}, {"keep_weakly": True}]:
        np.testing.assert_array_equal(host(K.is_nondominated(D, **kw)), K.is_nondominated(F, **kw))


def test_scan_min(xp):
    from paretix.kernels import _launch

    rng = np.random.default_rng(3)
    for n in (0, 1, 255, 256, 257, 5000):
        v = rng.integers(-10**12, 10**12, n)
        d = xp.asarray(v)
        _launch._scan_min(d, _launch._Dev(xp))
        np.testing.assert_array_equal(host(d), np.minimum.accumulate(v) if n else v)


def test_device_ref_errors():
    """A reference point given as a device array is checked on the device, with clear errors."""
    import fakecupy as fx

    F = fx.asarray(np.random.default_rng(0).random((10, 3)))
    with pytest.raises(ValueError, match="ref must be a scalar or a 1-D array of 3 values"):
        K.hype_fitness(F, ref=fx.asarray(np.ones(2)), k=1)
    with pytest.raises(ValueError, match="ref contains NaN"):
        K.hype_fitness(F, ref=fx.asarray(np.array([1.0, np.nan, 1.0])), k=1)
    with pytest.raises(TypeError, match="ref must be a real number"):
        K.hype_fitness(F, ref=fx.asarray(np.array(["a", "b", "c"])), k=1)
    got = K.hype_fitness(F, ref=fx.asarray(np.array(1.1)), k=2, n_samples=500)  # a 0-d ref broadcasts
    np.testing.assert_array_equal(got.get(), K.hype_fitness(F.get(), ref=1.1, k=2, n_samples=500))
