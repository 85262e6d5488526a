"""Invariants of desirability functions and overall desirability (Hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from paretix.desirability import (
    DArb,
    DHarrington1,
    DHarrington2,
    DMax,
    DMin,
    DOverall,
    DTarget,
)

finite = st.floats(-1e6, 1e6, allow_nan=False)
width = st.floats(1e-3, 1e6)
scale = st.floats(0.05, 20)
responses = arrays(np.float64, st.integers(0, 40),
                   elements=st.floats(-2e6, 2e6) | st.sampled_from([np.nan, np.inf, -np.inf]))


@st.composite
def numeric_functions(draw):
    low = draw(finite)
    high = low + draw(width)
    kind = draw(st.sampled_from(["max", "min", "target", "arb", "h1", "h2"]))
    if kind == "max":
        return DMax(low, high, draw(scale))
    if kind == "min":
        return DMin(low, high, draw(scale))
    if kind == "target":
        t = low + (high - low) * draw(st.floats(0.05, 0.95))
        assume(low < t < high)
        return DTarget(low, t, high, draw(scale), draw(scale))
    if kind == "arb":
        n = draw(st.integers(2, 8))
        x = np.linspace(low, high, n)
        assume(np.unique(x).size == n)
        return DArb(x, draw(arrays(np.float64, n, elements=st.floats(0, 1))))
    if kind == "h1":
        d1, d2 = draw(st.floats(0.01, 0.99)), draw(st.floats(0.01, 0.99))
        assume(abs(d1 - d2) > 1e-3)
        return DHarrington1(low, d1, high, d2)
    return DHarrington2(low, high, draw(st.floats(0.2, 10)))


@given(numeric_functions(), responses)
def test_output_in_unit_interval_and_no_nan(f, y):
    d = f.predict(y)
    assert d.shape == y.shape
    assert np.all((d >= 0) & (d <= 1))
    np.testing.assert_array_equal(d[np.isnan(y)], f.missing)


@given(numeric_functions())
def test_non_informative_in_unit_interval(f):
    assert 0 <= f.missing <= 1


@given(finite, width, scale, arrays(np.float64, st.integers(2, 40), elements=st.floats(-2e6, 2e6)))
def test_dmax_nondecreasing_dmin_nonincreasing(low, w, s, y):
    y = np.sort(y)
    assert np.all(np.diff(DMax(low, low + w, s).predict(y)) >= 0)
    assert np.all(np.diff(DMin(low, low + w, s).predict(y)) <= 0)


@given(finite, width, st.floats(0.05, 0.95), scale, scale,
       arrays(np.float64, st.integers(2, 40), elements=st.floats(-2e6, 2e6)))
def test_dtarget_unimodal(low, w, frac, s1, s2, y):
    high = low + w
    t = low + w * frac
    assume(low < t < high)
    f = DTarget(low, t, high, s1, s2)
    below, above = np.sort(y[y <= t]), np.sort(y[y >= t])
    assert np.all(np.diff(f.predict(below)) >= 0) if below.size > 1 else True
    assert np.all(np.diff(f.predict(above)) <= 0) if above.size > 1 else True
    assert f.predict(t)[0] == 1.0


@given(finite, width, scale, st.floats(0.0, 1.0), arrays(np.float64, st.integers(1, 30), elements=finite))
def test_tol_only_touches_exact_zeros(low, w, s, tol, y):
    plain, with_tol = DMax(low, low + w, s).predict(y), DMax(low, low + w, s, tol=tol).predict(y)
    np.testing.assert_array_equal(with_tol, np.where(plain == 0, tol, plain))


@given(arrays(np.float64, st.tuples(st.integers(0, 30), st.integers(1, 5)), elements=st.floats(0, 1)))
def test_doverall_is_the_geometric_mean(d):
    overall = DOverall(*[DMax(0, 1)] * d.shape[1])
    ds, D = overall.predict(d, all=True)
    for j, dj in enumerate(ds):
        np.testing.assert_array_equal(dj, d[:, j])  # DMax(0, 1) is the identity on [0, 1]
    with np.errstate(divide="ignore"):  # log(0) = -inf -> exp(-inf) = 0
        expected = np.exp(np.log(d).mean(axis=1))
    np.testing.assert_allclose(D, expected, rtol=1e-11, atol=0)


@st.composite
def d_and_weights(draw):
    r = draw(st.integers(1, 5))
    d = draw(arrays(np.float64, (draw(st.integers(1, 20)), r), elements=st.floats(0, 1)))
    w = draw(arrays(np.float64, r, elements=st.floats(0.01, 100)))
    return d, w


@given(d_and_weights(), st.floats(0.01, 1e3))
def test_weights_only_ratios_matter(dw, c):
    d, w = dw
    funs = [DMax(0, 1)] * d.shape[1]
    np.testing.assert_allclose(DOverall(*funs, weights=w).combine(d), DOverall(*funs, weights=w * c).combine(d),
                               rtol=1e-9, atol=1e-300)


@given(d_and_weights())
def test_weighted_mean_between_min_and_max_and_log_form(dw):
    d, w = dw
    funs = [DMax(0, 1)] * d.shape[1]
    geo = DOverall(*funs, weights=w).combine(d)
    ari = DOverall(*funs, weights=w, aggregate="arithmetic").combine(d)
    mini = DOverall(*funs, aggregate="minimum").combine(d)
    eps = 1e-12
    assert np.all(mini <= geo + eps) and np.all(geo <= ari + eps)  # min <= geometric <= arithmetic
    assert np.all(ari <= d.max(axis=1) + eps)
    pos = np.all(d > 1e-300, axis=1)
    np.testing.assert_allclose(np.log(geo[pos]), (np.log(d[pos]) @ w) / w.sum(), rtol=1e-9, atol=1e-12)


@given(d_and_weights(), st.randoms(use_true_random=False))
def test_permuting_functions_with_their_weights(dw, rnd):
    d, w = dw
    perm = list(range(d.shape[1]))
    rnd.shuffle(perm)
    funs = [DMax(0, 1)] * d.shape[1]
    np.testing.assert_allclose(DOverall(*funs, weights=w).combine(d),
                               DOverall(*funs, weights=w[perm]).combine(d[:, perm]), rtol=1e-12, atol=1e-300)


@given(arrays(np.float64, (10, 3), elements=st.floats(0, 1)), st.floats(0, 1))
def test_tolerance_floor(d, tol):
    funs = [DMax(0, 1)] * 3
    D, Dt = DOverall(*funs).combine(d), DOverall(*funs, tolerance=tol).combine(d)
    assert np.all(Dt >= D - 1e-15) and np.all(Dt >= tol - 1e-15)


@given(st.lists(st.floats(-100, 100), min_size=2, max_size=8, unique=True),
       st.data(), arrays(np.float64, 20, elements=st.floats(-200, 200)))
def test_darb_order_of_points_does_not_matter(x, data, y):
    d = data.draw(arrays(np.float64, len(x), elements=st.floats(0, 1)))
    perm = data.draw(st.permutations(range(len(x))))
    a, b = DArb(x, d), DArb(np.asarray(x)[perm], d[perm])
    np.testing.assert_array_equal(a.predict(y), b.predict(y))
    out = a.predict(y)
    assert np.all((out >= d.min()) & (out <= d.max()))
