"""Default strategy parameters against Hansen's tutorial (Table 1) and its published numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from paretix.cmaes import strategy_parameters


def _tutorial(n, lam):
    """Table 1 of the tutorial, written out independently of the implementation."""
    mu = lam // 2
    wp = np.array([math.log((lam + 1) / 2) - math.log(i) for i in range(1, lam + 1)])
    mueff = wp[:mu].sum() ** 2 / (wp[:mu] ** 2).sum()
    mueff_m = wp[mu:].sum() ** 2 / (wp[mu:] ** 2).sum()
    c1 = 2 / ((n + 1.3) ** 2 + mueff)
    cmu = min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) ** 2 + 2 * mueff / 2))
    cs = (mueff + 2) / (n + mueff + 5)
    ds = 1 + 2 * max(0, math.sqrt((mueff - 1) / (n + 1)) - 1) + cs
    cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n)
    amin = min(1 + c1 / cmu, 1 + 2 * mueff_m / (mueff + 2), (1 - c1 - cmu) / (n * cmu))
    w = np.where(wp >= 0, wp / wp[wp > 0].sum(), amin * wp / np.abs(wp[wp < 0]).sum())
    chin = math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n))
    return dict(mu=mu, mueff=mueff, c_1=c1, c_mu=cmu, c_sigma=cs, d_sigma=ds, c_c=cc, weights=w, chi_n=chin)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 10, 40, 100, 1000])
def test_defaults_follow_table_1(n):
    p = strategy_parameters(n)
    assert p.lam == 4 + int(3 * math.log(n))
    ref = _tutorial(n, p.lam)
    assert p.mu == ref["mu"]
    for key in ("mueff", "c_1", "c_mu", "c_sigma", "d_sigma", "c_c", "chi_n"):
        assert getattr(p, key) == pytest.approx(ref[key], rel=1e-13), key
    np.testing.assert_allclose(p.weights, ref["weights"], rtol=1e-13, atol=1e-15)
    assert p.c_m == 1.0


def test_published_values():
    # reference/cmaes.md 1.1: n=10: lambda=10, mu_eff=3.17, c_sigma=0.284, c_c=0.295, c_1=0.0153,
    # c_mu=0.0202, sum of negative weights -1.76 (cmaes 0.13.1); n=40: lambda=15, mu_eff=4.54,
    # c_1=0.00117, c_mu=0.00312
    p = strategy_parameters(10)
    assert (p.lam, round(p.mueff, 2), round(p.c_sigma, 3), round(p.c_c, 3)) == (10, 3.17, 0.284, 0.295)
    assert (round(p.c_1, 4), round(p.c_mu, 4), round(p.weights[p.weights < 0].sum(), 2)) == (0.0153, 0.0202, -1.76)
    q = strategy_parameters(40)
    assert (q.lam, round(q.mueff, 2), round(q.c_1, 5), round(q.c_mu, 5)) == (15, 4.54, 0.00117, 0.00312)


@pytest.mark.parametrize("n", [2, 10, 40])
def test_active_weights_keep_c_from_decaying(n):
    # Eq. 53: for n = 10 and 40 the first bound (1 + c_1/c_mu) is active, so c_1 + c_mu sum(w) = 0;
    # in 2-D another bound is smaller and C decays a little
    p = strategy_parameters(n)
    assert p.weights[: p.mu].sum() == pytest.approx(1.0)
    assert (p.weights[: p.mu] > 0).all() and (p.weights[p.mu:] <= 0).all()
    assert np.all(np.diff(p.weights) < 0)
    decay = p.c_1 + p.c_mu * p.weights.sum()
    if n >= 10:
        assert decay == pytest.approx(0.0, abs=1e-15)
    else:
        assert decay > 0


def test_large_popsize_and_odd_popsize():
    p = strategy_parameters(10, 101)  # odd: the middle weight is exactly 0
    assert p.mu == 50 and p.weights[50] == 0.0
    big = strategy_parameters(5, 400)
    assert big.c_1 + big.c_mu <= 1 and big.c_mu > 0
    assert big.c_1 + big.c_mu * big.weights.sum() >= -1e-12  # positive definiteness bound


def test_sep_parameters():
    full, sep = strategy_parameters(100), strategy_parameters(100, diagonal=True)
    assert sep.c_1 == pytest.approx(full.c_1 * 102 / 3)
    assert sep.c_mu == pytest.approx(min(1 - sep.c_1, full.c_mu * 102 / 3))
    assert (sep.weights[sep.mu:] == 0).all() and sep.weights.sum() == pytest.approx(1.0)


def test_eigen_gap_is_the_tutorial_lazy_gap():
    for n in (10, 100, 1000):
        p = strategy_parameters(n)
        assert p.eigen_gap == pytest.approx(1 / (10 * n * (p.c_1 + p.c_mu)))
    assert strategy_parameters(10).eigen_gap < 1 < strategy_parameters(1000).eigen_gap


def test_row_order_matches_kernels():
    from paretix.kernels.cmaes import PARAM_COLUMNS

    p = strategy_parameters(7)
    np.testing.assert_array_equal(p.row(), [p.c_m, p.c_sigma, p.d_sigma, p.c_c, p.c_1, p.c_mu, p.mueff, p.chi_n])
    assert PARAM_COLUMNS == ("c_m", "c_sigma", "d_sigma", "c_c", "c_1", "c_mu", "mu_eff", "chi_n")


@pytest.mark.parametrize(("kwargs", "match"), [
    (dict(n=0), "n must be an int >= 1"),
    (dict(n=2.5), "n must be an int"),
    (dict(n=3, popsize=1), "popsize must be an int >= 2"),
    (dict(n=3, popsize=True), "popsize must be an int >= 2"),
])
def test_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        strategy_parameters(**kwargs)
