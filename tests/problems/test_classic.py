"""CTP1-CTP8, BNH, OSY, TNK, SRN: equal to pymoo 0.6.2's, fronts (pymoo's where analytic, computed
ones checked for attainment, feasibility and against sampled feasible points), validation, registry."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.problems import classic, get

RTOL, ATOL = 1e-10, 1e-12
CTPS = [f"ctp{i}" for i in range(1, 9)]
NAMES = CTPS + ["bnh", "osy", "tnk", "srn"]
CASES = [(n, kw) for n in CTPS for kw in ({}, {"n_var": 5}, {"option": "multimodal"},
                                          {"n_var": 4, "option": "multimodal"})]
CASES += [("ctp1", {"n_ieq_constr": 1}), ("ctp1", {"n_ieq_constr": 5, "n_var": 3}),
          ("bnh", {}), ("osy", {}), ("tnk", {}), ("srn", {})]


@pytest.fixture(scope="module")
def pymoo_get():
    return pytest.importorskip("pymoo.problems").get_problem


def _points(p, rng, n=64):
    """Random points, both bounds, corners, mixtures, and points with the distance variables at 0."""
    xl, xu = p.xl, p.xu
    R = xl + (xu - xl) * rng.random((n, p.n_var))
    corners = np.where(rng.random((8, p.n_var)) < 0.5, xl, xu)
    mixed = np.where(rng.random((16, p.n_var)) < 0.3, corners[np.arange(16) % 8], R[:16])
    opt = np.clip(np.zeros_like(R[:16]), xl, xu)
    opt[:, 0] = np.linspace(xl[0], xu[0], 16)
    near = np.clip(opt + rng.normal(0, 0.02, opt.shape), xl, xu)
    return np.vstack([R, xl, xu, corners, mixed, opt, near])


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_objectives_and_constraints_equal_pymoo(name, kwargs, pymoo_get):
    ours, ref = get(name, **kwargs), pymoo_get(name, **kwargs)
    assert (ours.n_var, ours.n_obj, ours.n_ieq_constr) == (ref.n_var, ref.n_obj, ref.n_ieq_constr)
    np.testing.assert_array_equal(ours.xl, ref.xl)
    np.testing.assert_array_equal(ours.xu, ref.xu)
    if name == "ctp1":
        np.testing.assert_array_equal(ours.a, ref.a)
        np.testing.assert_array_equal(ours.b, ref.b)
    X = _points(ours, np.random.default_rng(ours.n_var + 31 * len(kwargs)))
    res = ours.evaluate(X)
    with np.errstate(all="ignore"):
        F, G = ref.evaluate(X, return_values_of=["F", "G"])
    ok = ~(np.isnan(F).any(axis=1) | np.isnan(G).any(axis=1))
    np.testing.assert_allclose(res.F[ok], F[ok], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(res.G[ok], G[ok], rtol=RTOL, atol=ATOL)  # inf where pymoo has inf
    assert not np.isnan(res.G).any() and not np.isnan(res.F).any()
    if not ok.all():  # pymoo's 0/0 at e1 = e2 = 0: on the paper's boundary, paretix gives 0
        assert name in ("ctp2", "ctp3", "ctp4", "ctp5")
        assert np.all(res.G[~ok] == 0)


@pytest.mark.parametrize("name", ["ctp2", "ctp3", "ctp4", "ctp5"])
def test_ctp_origin_is_on_the_boundary(name, pymoo_get):
    X = np.zeros((1, 2))
    res = get(name).evaluate(X)
    assert res.F.tolist() == [[0.0, 1.0]] and res.G.tolist() == [[0.0]] and res.feasible.all()
    with np.errstate(all="ignore"):
        assert np.isnan(pymoo_get(name).evaluate(X, return_values_of=["G"])).all()


@pytest.mark.parametrize("name", NAMES)
def test_defaults_equal_pymoo(name, pymoo_get):
    ours, ref = get(name), pymoo_get(name)
    assert (ours.n_var, ours.n_obj, ours.n_ieq_constr) == (ref.n_var, ref.n_obj, ref.n_ieq_constr)
    assert ours.name == name.upper()


# -- fronts ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["bnh", "srn"])
@pytest.mark.parametrize("n_points", [None, 37])
def test_front_equals_pymoo(name, n_points, pymoo_get):
    kw = {} if n_points is None else {"n_points": n_points}
    ours = get(name).pareto_front(**kw)
    ref = pymoo_get(name).pareto_front(**kw)
    np.testing.assert_allclose(ours, ref, rtol=RTOL, atol=ATOL)


def _dominated_by(F, S, eps):
    """For each row of F: is it dominated by a row of S by more than eps (2 objectives)?"""
    o = np.argsort(S[:, 0])
    s0, s1 = S[o, 0], np.minimum.accumulate(S[o, 1])

    def best_f1(limit):
        k = np.searchsorted(s0, limit, side="right")
        return np.where(k > 0, s1[np.maximum(k - 1, 0)], np.inf)

    return (best_f1(F[:, 0] - eps) <= F[:, 1]) | (best_f1(F[:, 0]) < F[:, 1] - eps)


def _check_front(F):
    assert F.ndim == 2 and F.shape[1] == 2
    assert np.all(np.diff(F[:, 0]) > 0) and np.all(np.diff(F[:, 1]) < 0)
    assert paretix.is_nondominated(F).all()


@pytest.mark.parametrize("kwargs", [{}, {"n_ieq_constr": 1}, {"n_ieq_constr": 5, "option": "multimodal"}])
def test_ctp1_front(kwargs):
    p = classic.CTP1(**kwargs)
    F = p.pareto_front(n_points=501)
    _check_front(F)
    assert F.shape == (501, 2) and F[0].tolist() == [0.0, 1.0] and F[-1, 0] == 1.0
    n = p.n_ieq_constr
    # each boundary meets the previous one (the first: exp(-f1)) at f1 = j / (n + 1)
    a, b = np.concatenate([[1.0], p.a]), np.concatenate([[1.0], p.b])
    at = np.arange(1, n + 1) / (n + 1)
    np.testing.assert_allclose(a[1:] * np.exp(-b[1:] * at), a[:-1] * np.exp(-b[:-1] * at), rtol=1e-12)
    # attained: g exp(-f1 / g) = f2 for some g >= 1 (bisection), x = (f1, g - 1) (linear option)
    lo, hi = np.ones(len(F)), np.full(len(F), 3.0)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        up = mid * np.exp(-F[:, 0] / mid) < F[:, 1]
        lo, hi = np.where(up, mid, lo), np.where(up, hi, mid)
    q = classic.CTP1(n_var=2, n_ieq_constr=n)
    res = q.evaluate(np.column_stack([F[:, 0], lo - 1]))
    np.testing.assert_allclose(res.F, F, rtol=1e-12, atol=1e-12)
    assert np.all(res.G <= 1e-12)
    # no sampled feasible point dominates it
    rng = np.random.default_rng(5)
    X = np.column_stack([rng.random(50_000), 0.3 * rng.random(50_000) ** 3])
    S = q.evaluate(X)
    assert not _dominated_by(F, S.F[S.feasible], 1e-9).any()


def _osy_set(p):
    """Deb's five Pareto-optimal segments of OSY (x_3 = x_5 = 0), dense."""
    x0c, x2c = p._crossing()
    t = np.linspace(0, 1, 400)

    def seg(x0, x1, x2, x4):
        X = np.zeros((400, 6))
        X[:, 0], X[:, 1], X[:, 2], X[:, 4] = x0, x1, x2, x4
        return X

    x0 = x0c + (5 - x0c) * t
    return np.vstack([seg(5, 1, 1 + 4 * t, 5), seg(5, 1, 1 + 4 * t, 1), seg(x0, (x0 - 2) / 3, 1, 1),
                      seg(0, 2, 1 + (x2c - 1) * t, 1), seg(t, 2 - t, 1, 1)])


def test_osy_front():
    p = classic.OSY()
    x0c, x2c = p._crossing()
    assert abs(x0c - 4.056) < 1e-3 and abs(x2c - 3.732) < 1e-3  # Deb's table, rounded
    F = p.pareto_front()
    _check_front(F)
    assert 90 <= len(F) <= 100
    assert F[0].tolist() == [-274.0, 76.0] and F[-1].tolist() == [-42.0, 4.0]
    X = _osy_set(p)
    res = p.evaluate(X)
    assert res.feasible.all()
    assert paretix.is_nondominated(res.F, keep_weakly=True).sum() >= len(X) - 8  # joints coincide
    # every front point is the image of a point of the set
    d = np.min(np.linalg.norm(F[:, None] - res.F[None], axis=2), axis=1)
    assert d.max() < 0.5  # the dense set's spacing
    # sampled feasible points (random and near the set) do not dominate it
    rng = np.random.default_rng(7)
    R = p.xl + (p.xu - p.xl) * rng.random((40_000, 6))
    near = np.clip(X[rng.integers(0, len(X), 40_000)] + rng.normal(0, 0.05, (40_000, 6)), p.xl, p.xu)
    S = p.evaluate(np.vstack([R, near]))
    assert S.feasible.sum() > 5000
    assert not _dominated_by(F, S.F[S.feasible], 1e-9).any()


def test_tnk_front():
    p = classic.TNK()
    F = p.pareto_front()
    _check_front(F)
    res = p.evaluate(F)  # f = x
    assert np.all(res.G <= 1e-9)
    np.testing.assert_allclose(res.G[:, 0], 0, atol=1e-12)  # on the wavy boundary
    np.testing.assert_allclose(res.G[[0, -1], 1], 0, atol=1e-12)  # its ends on the disc
    np.testing.assert_allclose(F[0], F[-1, ::-1], rtol=1e-9)  # symmetric in x_0 <-> x_1
    assert abs(F[0, 0] - 0.0417) < 1e-4 and abs(F[0, 1] - 1.0384) < 1e-4
    rng = np.random.default_rng(9)
    phi, r = 0.5 * np.pi * rng.random(200_000), 0.9 + 0.3 * rng.random(200_000) ** 2
    S = p.evaluate(np.column_stack([r * np.sin(phi), r * np.cos(phi) + 1e-30]))
    S = S.F[S.feasible]
    assert len(S) > 20_000
    assert not _dominated_by(F, S, 1e-9).any()
    # and it covers: any sample not above its staircase is within one sampling step of it
    stair = np.minimum.accumulate(F[:, 1])
    k = np.searchsorted(F[:, 0], S[:, 0], side="right")
    free = S[np.where(k > 0, stair[np.maximum(k - 1, 0)], np.inf) > S[:, 1]]
    dist = np.min(np.linalg.norm(free[:, None, :] - F[None], axis=2), axis=1)
    assert dist.max() < 0.01


@pytest.mark.parametrize("name", CTPS[1:])
def test_ctp_fronts_not_implemented(name):
    with pytest.raises(NotImplementedError, match=name.upper()):
        get(name).pareto_front()


# -- validation, registry, device ---------------------------------------------------------------------
def test_validation():
    with pytest.raises(ValueError, match="option"):
        classic.CTP2(option="quadratic")
    with pytest.raises(ValueError, match="option"):
        classic.CTP1(option=None)
    with pytest.raises(ValueError, match="n_var"):
        classic.CTP7(n_var=1)
    with pytest.raises(TypeError, match="n_var"):
        classic.CTP3(n_var=2.0)
    with pytest.raises(ValueError, match="n_ieq_constr"):
        classic.CTP1(n_ieq_constr=0)
    with pytest.raises(TypeError):
        classic.BNH(n_var=3)
    for p in (classic.CTP1(), classic.BNH(), classic.OSY(), classic.TNK(), classic.SRN()):
        with pytest.raises(ValueError, match="n_points"):
            p.pareto_front(n_points=1)


def test_registry_and_bounds():
    assert set(NAMES) <= set(paretix.problems.available())
    p = get("CTP8", n_var=3, option="multimodal")
    assert (type(p).__name__, p.n_ieq_constr, p.option) == ("CTP8", 2, "multimodal")
    assert p.xl.tolist() == [0, -5.12, -5.12] and p.xu.tolist() == [1, 20, 20]
    assert get("ctp1", n_ieq_constr=3).n_ieq_constr == 3
    res = get("osy").evaluate(np.zeros((0, 6)))
    assert res.F.shape == (0, 2) and res.G.shape == (0, 6)
    assert "CTP2" in type(get("ctp2")).__doc__ and "theta = -0.2 pi" in type(get("ctp2")).__doc__


@pytest.mark.gpu
@pytest.mark.parametrize(("name", "kwargs"), [(n, {}) for n in NAMES] + [(n, {"n_var": 4, "option": "multimodal"}) for n in CTPS])
def test_cupy_matches_numpy(name, kwargs):
    cp = pytest.importorskip("cupy")
    p = get(name, **kwargs)
    X = _points(p, np.random.default_rng(0))
    a, b = p.evaluate(cp.asarray(X)), p.evaluate(X)
    assert isinstance(a.F, cp.ndarray) and isinstance(a.G, cp.ndarray)
    np.testing.assert_allclose(cp.asnumpy(a.F), b.F, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(cp.asnumpy(a.G), b.G, rtol=1e-9, atol=1e-10)
