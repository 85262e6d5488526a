"""Variation kernels (``sbx``, ``polynomial_mutation``, ``sbx_pm``): every backend against the
NumPy formulas, native and numba bit for bit, the random stream of ``rng.random((rows, k))``
for every bit generator, results independent of the thread count, and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paretix import kernels
from paretix.kernels import get_num_threads, polynomial_mutation, sbx, sbx_pm, set_num_threads
from paretix.operators import SBX, PolynomialMutation, variation
from paretix.operators._formulas import sbx_pm_from_draws

BACKENDS = kernels.kernel_backends("sbx_pm")
FAST = tuple(b for b in BACKENDS if b != "reference")
BIT_GENERATORS = [np.random.PCG64, np.random.PCG64DXSM, np.random.MT19937, np.random.Philox, np.random.SFC64]


def _box(rng, n_var, kind):
    if kind == "unit":
        return np.zeros(n_var), np.ones(n_var)
    if kind == "wide":  # a huge box over close parents: beta = inf in SBX
        return np.full(n_var, -1e300), np.full(n_var, 1e300)
    xl = rng.normal(size=n_var)
    xu = xl + rng.random(n_var) * 3
    xu[0] = xl[0]  # a fixed variable: never crossed or mutated
    return xl, xu


def _parents(rng, n, xl, xu, kind):
    X = xl + rng.random((n, len(xl))) * (xu - xl)
    if kind == "bounds":  # on the bounds and equal pairs
        X[::3] = xl
        X[1::3] = xu
    elif kind == "close":
        X[1::2] = X[::2][: len(X[1::2])] + 1e-15
    elif kind == "ties" and n:
        X[:] = X[0]
    return np.clip(X, xl, xu)


def _run(kernel, args, backend, rng=None, draws=None, **kw):
    return kernel(*args, rng=rng, draws=draws, backend=backend, **kw)


def _close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12 * max(1.0, float(np.abs(b).max(initial=0.0))))


CASES = [("unit", "random"), ("unit", "bounds"), ("unit", "close"), ("shifted", "random"), ("shifted", "ties"),
         ("wide", "close")]


@pytest.mark.parametrize(("box", "kind"), CASES)
@pytest.mark.parametrize("n", [0, 1, 7, 300])
def test_all_kernels_agree_with_the_formulas(box, kind, n):
    rng = np.random.default_rng(n + 7)
    n_var = 5
    xl, xu = _box(rng, n_var, box)
    A, B = _parents(rng, n, xl, xu, kind), _parents(rng, n, xl, xu, "random")
    P = rng.integers(0, max(1, n), size=((n + 1) // 2, 2)) if n else np.zeros((0, 2), dtype=np.int64)
    calls = [
        (sbx, (A, B, xl, xu), dict(eta=15.0, prob=0.9, prob_var=0.7, prob_swap=0.5)),
        (polynomial_mutation, (A, xl, xu), dict(eta=20.0, prob=0.8, prob_var=0.6)),
        # a non-integer eta + 1 takes pow where an integer one is taken by squaring
        (sbx, (A, B, xl, xu), dict(eta=12.5, prob=1.0, prob_var=1.0, prob_swap=0.5)),
        (polynomial_mutation, (A, xl, xu), dict(eta=7.25, prob=1.0, prob_var=1.0)),
        (sbx_pm, (A if n else np.zeros((0, n_var)), P, xl, xu), dict(sbx=(30.0, 1.0, 0.5, 0.5), pm=(20.0, 1.0, None),
                                                                        n=n)),
    ]
    for kernel, args, kw in calls:
        expected = _run(kernel, args, "reference", rng=np.random.default_rng(3), **kw)
        for backend in FAST:
            g = np.random.default_rng(3)
            got = _run(kernel, args, backend, rng=g, **kw)
            for e, a in zip(expected if isinstance(expected, tuple) else (expected,),
                            got if isinstance(got, tuple) else (got,)):
                _close(a, e)
                assert ((a >= xl) & (a <= xu)).all()
        if "numba" in FAST and "native" in FAST:
            a = _run(kernel, args, "native", rng=np.random.default_rng(3), **kw)
            b = _run(kernel, args, "numba", rng=np.random.default_rng(3), **kw)
            for x, y in zip(a if isinstance(a, tuple) else (a,), b if isinstance(b, tuple) else (b,)):
                assert np.array_equal(x.view(np.uint64), y.view(np.uint64))  # the same bits


@pytest.mark.parametrize("bit_generator", BIT_GENERATORS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("n_pairs", [3, 2000])  # few words: the C interface; many: PCG64 inlined
def test_draws_are_those_of_rng_random_for_every_bit_generator(bit_generator, n_pairs):
    rng = np.random.default_rng(1)
    n_var = 4
    xl, xu = np.zeros(n_var), np.ones(n_var)
    X = rng.random((50, n_var))
    P = rng.integers(0, 50, size=(n_pairs, 2))
    kw = dict(sbx=(30.0, 1.0, 0.5, 0.5), pm=(20.0, 1.0, None), n=2 * n_pairs - 1)
    R = np.random.Generator(bit_generator(9)).random((n_pairs, 3 + 7 * n_var))
    expected = sbx_pm(X, P, xl, xu, draws=R, backend="native" if "native" in FAST else FAST[0], **kw)
    for backend in BACKENDS:
        g = np.random.Generator(bit_generator(9))
        got = sbx_pm(X, P, xl, xu, rng=g, backend=backend, **kw)
        if backend == "reference":
            _close(got, expected)
        else:
            assert np.array_equal(got, expected)
        after = np.random.Generator(bit_generator(9))
        after.random((n_pairs, 3 + 7 * n_var))
        assert np.array_equal(g.random(8), after.random(8))  # the same state afterwards


@pytest.mark.parametrize("source", ["rng", "draws"])
def test_results_do_not_depend_on_the_thread_count(source):
    rng = np.random.default_rng(2)
    n_var = 3
    xl, xu = np.zeros(n_var), np.ones(n_var)
    X = rng.random((40_001, n_var))
    P = rng.integers(0, len(X), size=(20_001, 2))
    R = rng.random((len(P), 3 + 7 * n_var))
    previous = get_num_threads()
    try:
        results = []
        for threads in (1, 2, 3, 7):
            set_num_threads(threads)
            g = np.random.default_rng(5)
            kw = dict(rng=g) if source == "rng" else dict(draws=R)
            Y = sbx_pm(X, P, xl, xu, sbx=(20.0, 0.9, 0.5, 0.5), pm=(20.0, 1.0, 0.5), n=40_001, **kw)
            C1, _ = sbx(X[:30_000], X[10_000:40_000], xl, xu, eta=10.0, rng=np.random.default_rng(6))
            results.append((Y, C1, g.random()))
        for Y, C1, after in results[1:]:
            assert np.array_equal(Y, results[0][0]) and np.array_equal(C1, results[0][1])
            assert after == results[0][2]
    finally:
        set_num_threads(previous)


def test_given_draws_equal_drawing_inside():
    rng = np.random.default_rng(4)
    xl, xu = np.zeros(6), np.ones(6)
    A, B = rng.random((100, 6)), rng.random((100, 6))
    for backend in BACKENDS:
        R = np.random.default_rng(8).random((100, 1 + 3 * 6))
        a = sbx(A, B, xl, xu, eta=5.0, draws=R, backend=backend)
        b = sbx(A, B, xl, xu, eta=5.0, rng=np.random.default_rng(8), backend=backend)
        assert all(np.array_equal(x, y) for x, y in zip(a, b))
        R = np.random.default_rng(8).random((100, 1 + 2 * 6))
        assert np.array_equal(polynomial_mutation(A, xl, xu, eta=5.0, draws=R, backend=backend),
                              polynomial_mutation(A, xl, xu, eta=5.0, rng=np.random.default_rng(8), backend=backend))


def test_fused_equals_sbx_then_pm_on_the_same_draws():
    rng = np.random.default_rng(6)
    n_var, n_pairs = 4, 50
    xl, xu = np.zeros(n_var), np.ones(n_var)
    X = rng.random((30, n_var))
    P = rng.integers(0, 30, size=(n_pairs, 2))
    R = rng.random((n_pairs, 3 + 7 * n_var))
    ks, kp = 1 + 3 * n_var, 1 + 2 * n_var
    for backend in BACKENDS:
        C1, C2 = sbx(X[P[:, 0]], X[P[:, 1]], xl, xu, eta=30.0, draws=R[:, :ks], backend=backend)
        children = np.stack([C1, C2], axis=1).reshape(-1, n_var)[:-1]
        Y = polynomial_mutation(children, xl, xu, eta=20.0, draws=R[:, ks:].reshape(-1, kp)[:-1], backend=backend)
        fused = sbx_pm(X, P, xl, xu, sbx=(30.0, 1.0, 0.5, 0.5), pm=(20.0, 1.0, None), n=2 * n_pairs - 1, draws=R,
                       backend=backend)
        assert np.array_equal(fused, Y)


def test_probabilities_zero_copy_and_one_changes():
    rng = np.random.default_rng(7)
    xl, xu = np.zeros(5), np.ones(5)
    X = rng.random((20, 5))
    P = np.arange(20).reshape(10, 2)
    for backend in BACKENDS:
        same = sbx_pm(X, P, xl, xu, sbx=(15.0, 0.0, 1.0, 0.5), pm=(20.0, 0.0, 1.0), rng=rng, backend=backend)
        assert np.array_equal(same, X)
        moved = sbx_pm(X, P, xl, xu, sbx=(15.0, 1.0, 1.0, 0.0), pm=(20.0, 1.0, 1.0), rng=rng, backend=backend)
        assert (moved != X).all()


def test_operators_use_the_kernels_and_variation_fuses():
    rng = np.random.default_rng(8)
    xl, xu = np.zeros(3), np.ones(3)
    X = rng.random((10, 3))
    P = rng.integers(0, 10, size=(5, 2))
    C1, C2 = SBX(eta=7.0)(X[:5], X[5:], xl, xu, np.random.default_rng(1))
    e1, e2 = sbx(X[:5], X[5:], xl, xu, eta=7.0, prob=0.9, rng=np.random.default_rng(1))
    assert np.array_equal(C1, e1) and np.array_equal(C2, e2)
    Y = variation(SBX(eta=30.0, prob=1.0), PolynomialMutation(eta=20.0), X, P, xl, xu, np.random.default_rng(2), n=9)
    R = np.random.default_rng(2).random((5, 3 + 7 * 3))
    _close(Y, sbx_pm_from_draws(X, P, xl, xu, R, (30.0, 1.0, 0.5, 0.5), (20.0, 1.0, 1 / 3), 9, np))

    class MySBX(SBX):
        pass

    Z = variation(MySBX(eta=30.0, prob=1.0), PolynomialMutation(eta=20.0), X, P, xl, xu, np.random.default_rng(2))
    assert Z.shape == (10, 3) and ((Z >= 0) & (Z <= 1)).all()


def test_errors():
    xl, xu = np.zeros(2), np.ones(2)
    X = np.full((4, 2), 0.5)
    P = np.array([[0, 1], [2, 3]])
    kw = dict(sbx=(15.0, 1.0, 0.5, 0.5), pm=(20.0, 1.0, None))
    with pytest.raises(TypeError, match="exactly one of rng"):
        sbx_pm(X, P, xl, xu, **kw)
    with pytest.raises(TypeError, match="exactly one of rng"):
        sbx_pm(X, P, xl, xu, rng=np.random.default_rng(), draws=np.zeros((2, 17)), **kw)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator, got RandomState"):
        sbx_pm(X, P, xl, xu, rng=np.random.RandomState(0), **kw)
    with pytest.raises(ValueError, match=r"draws must have shape \(2, 17\)"):
        sbx_pm(X, P, xl, xu, draws=np.zeros((2, 16)), **kw)
    with pytest.raises(ValueError, match=r"parents must index the 4 rows of X, got values in \[0, 4\]"):
        sbx_pm(X, np.array([[0, 4]]), xl, xu, rng=np.random.default_rng(), **kw)
    with pytest.raises(ValueError, match=r"parents must be an int array of shape \(n_pairs, 2\)"):
        sbx_pm(X, np.array([0, 1]), xl, xu, rng=np.random.default_rng(), **kw)
    with pytest.raises(ValueError, match=r"n must be 2 n_pairs or 2 n_pairs - 1 \(n_pairs=2\), got 2"):
        sbx_pm(X, P, xl, xu, rng=np.random.default_rng(), n=2, **kw)
    with pytest.raises(ValueError, match=r"X must lie inside \[xl, xu\], but X\[1, 0\]=2.0"):
        sbx_pm(np.array([[0.5, 0.5], [2.0, 0.5]]), P[:1], xl, xu, rng=np.random.default_rng(), **kw)
    for bad in (np.nan, np.inf, -np.inf):  # NaN and inf parents are outside every finite box
        with pytest.raises(ValueError, match=r"A must lie inside \[xl, xu\], but A\[0, 1\]="):
            sbx(np.array([[0.5, bad]]), X[:1], xl, xu, eta=15.0, rng=np.random.default_rng())
    with pytest.raises(ValueError, match=r"bounds must be finite with xl <= xu, but xl\[0\]=1.0, xu\[0\]=0.0"):
        polynomial_mutation(X, [1.0, 0.0], [0.0, 1.0], eta=20.0, rng=np.random.default_rng())
    with pytest.raises(ValueError, match=r"prob_var must lie in \[0, 1\], got 1.5"):
        polynomial_mutation(X, xl, xu, eta=20.0, prob_var=1.5, rng=np.random.default_rng())
    with pytest.raises(ValueError, match="eta must be a finite number >= 0, got -1"):
        sbx(X, X, xl, xu, eta=-1, rng=np.random.default_rng())
    with pytest.raises(ValueError, match="n must be a positive int, got 0"):
        set_num_threads(0)


def test_thread_setting_from_the_environment(monkeypatch):
    from paretix.kernels import _threads

    monkeypatch.setenv("PARETIX_NUM_THREADS", "3")
    assert _threads._from_env() == 3
    monkeypatch.setenv("PARETIX_NUM_THREADS", "many")
    with pytest.raises(ValueError, match="PARETIX_NUM_THREADS must be a positive int, got 'many'"):
        _threads._from_env()
    monkeypatch.delenv("PARETIX_NUM_THREADS")
    assert _threads._from_env() >= 1


@given(st.integers(1, 6), st.integers(1, 40), st.floats(0, 60), st.floats(0, 60), st.integers(0, 2**32 - 1))
def test_children_stay_in_the_box_and_fixed_variables_stay_fixed(n_var, n, eta_c, eta_m, seed):
    rng = np.random.default_rng(seed)
    xl = rng.normal(size=n_var) * 10
    xu = xl + rng.choice([0.0, 1e-300, 1e-9, 1.0, 1e6], size=n_var)
    X = np.clip(xl + rng.random((n, n_var)) * (xu - xl), xl, xu)
    P = rng.integers(0, n, size=((n + 1) // 2, 2))
    for backend in BACKENDS:
        Y = sbx_pm(X, P, xl, xu, sbx=(eta_c, 1.0, 0.5, 0.5), pm=(eta_m, 1.0, 0.5), n=n, rng=np.random.default_rng(seed),
                   backend=backend)
        assert Y.shape == (n, n_var) and ((Y >= xl) & (Y <= xu)).all()
        fixed = xl == xu
        assert (Y[:, fixed] == xl[fixed]).all()


class _DuckGenerator:
    """A generator that is not a numpy.random.Generator: the operators then take their
    whole-array path (the one CuPy arrays take), on NumPy arrays."""

    def __init__(self, seed):
        self._g = np.random.default_rng(seed)

    def random(self, shape):
        return self._g.random(shape)

    def integers(self, *args, **kwargs):
        return self._g.integers(*args, **kwargs)


def test_whole_array_path_matches_the_kernels():
    rng = np.random.default_rng(9)
    xl, xu = np.zeros(4), np.ones(4)
    X = rng.random((30, 4))
    P = rng.integers(0, 30, size=(8, 2))
    ops = SBX(eta=30.0, prob=1.0), PolynomialMutation(eta=20.0)
    _close(variation(*ops, X, P, xl, xu, _DuckGenerator(1), n=15),
           variation(*ops, X, P, xl, xu, np.random.default_rng(1), n=15))
    for a, b in zip(ops[0](X[:8], X[8:16], xl, xu, _DuckGenerator(2)),
                    ops[0](X[:8], X[8:16], xl, xu, np.random.default_rng(2))):
        _close(a, b)
    _close(ops[1](X, xl, xu, _DuckGenerator(3)), ops[1](X, xl, xu, np.random.default_rng(3)))
