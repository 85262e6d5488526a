"""MW1-MW14 (Ma & Wang 2019): equal to pymoo 0.6.2's, fronts (pymoo's where analytic, computed
ones checked against their closed forms and against sampled feasible points), validation, registry."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.problems import get, mw
from paretix.ref_dirs import das_dennis

RTOL, ATOL = 1e-10, 1e-12
NAMES = [f"mw{i}" for i in range(1, 15)]
SCALABLE = ("mw4", "mw8", "mw14")
CASES = [(name, kw) for name in NAMES for kw in ({}, {"n_var": 6})] + [
    (name, kw) for name in SCALABLE for kw in ({"n_obj": 2}, {"n_obj": 4, "n_var": 9}, {"n_obj": 3, "n_var": 4})
]
# distance function of each problem (the paper's g1, g2, g3)
DISTANCE = {1: 1, 4: 1, 5: 1, 9: 1, 12: 1, 2: 2, 6: 2, 8: 2, 10: 2, 13: 2, 3: 3, 7: 3, 11: 3, 14: 3}
COMPUTED = ("mw5", "mw7", "mw9", "mw10", "mw11", "mw13")


@pytest.fixture(scope="module")
def pymoo_get():
    return pytest.importorskip("pymoo.problems").get_problem


def optimal_X(p, pos):
    """Points with the given position variables and g = 1 (the distance variables at their optimum)."""
    pos = np.atleast_2d(pos)
    n, m, d = pos.shape[0], p.n_obj, p.n_var
    X = np.zeros((n, d))
    X[:, : m - 1] = pos
    i = np.arange(m - 1, d)
    kind = DISTANCE[int(type(p).__name__[2:])]
    if kind == 1:
        X[:, m - 1 :] = (0.5 + i / (2 * d)) ** (1.0 / (d - m))
    elif kind == 2:
        X[:, m - 1 :] = i / d
    else:
        for k in range(m - 1, d):
            X[:, k] = 1 - (X[:, k - 1] - 0.5) ** 2
    return X


def _points(p, rng, n=64):
    """Random points, both bounds, corners, mixtures, and points at and near g = 1."""
    xl, xu = p.xl, p.xu
    R = xl + (xu - xl) * rng.random((n, p.n_var))
    corners = np.where(rng.random((8, p.n_var)) < 0.5, xl, xu)
    mixed = np.where(rng.random((16, p.n_var)) < 0.3, corners[np.arange(16) % 8], R[:16])
    opt = optimal_X(p, xl[: p.n_obj - 1] + (xu - xl)[: p.n_obj - 1] * rng.random((24, p.n_obj - 1)))
    near = np.clip(opt + rng.normal(0, 0.01, opt.shape), xl, xu)
    edge = opt.copy()
    edge[:4, 0], edge[4:8, 0] = xl[0], xu[0]
    return np.vstack([R, xl, xu, corners, mixed, opt, near, edge[:8]])


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_objectives_and_constraints_equal_pymoo(name, kwargs, pymoo_get):
    ours, ref = get(name, **kwargs), pymoo_get(name, **kwargs)
    assert (ours.n_var, ours.n_obj, ours.n_ieq_constr) == (ref.n_var, ref.n_obj, ref.n_ieq_constr)
    np.testing.assert_array_equal(ours.xl, ref.xl)
    np.testing.assert_array_equal(ours.xu, ref.xu)
    X = _points(ours, np.random.default_rng(ours.n_var + 17 * ours.n_obj))
    res = ours.evaluate(X)
    with np.errstate(all="ignore"):
        F, G = ref.evaluate(X, return_values_of=["F", "G"])
    ok = np.isfinite(F).all(axis=1) & np.isfinite(G).all(axis=1)
    np.testing.assert_allclose(res.F[ok], F[ok], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(res.G[ok], G[ok], rtol=RTOL, atol=ATOL)
    # pymoo's NaN: sqrt of a rounding-negative at x_0 = xu (MW6, MW11); paretix gives f1 = 0
    assert np.isfinite(res.F).all() and np.isfinite(res.G).all()
    if not ok.all():
        assert name in ("mw6", "mw11")
        assert np.all(X[~ok, 0] == ours.xu[0]) and np.all(res.F[~ok, 1] == 0)


@pytest.mark.parametrize("name", NAMES)
def test_defaults_equal_pymoo(name, pymoo_get):
    ours, ref = get(name), pymoo_get(name)
    assert (ours.n_var, ours.n_obj, ours.n_ieq_constr) == (ref.n_var, ref.n_obj, ref.n_ieq_constr)
    assert ours.name == name.upper()


def test_upper_edge_is_finite_where_pymoo_is_nan(pymoo_get):
    for name, top in (("mw6", 1.1), ("mw11", np.sqrt(2))):
        p, ref = get(name), pymoo_get(name)
        X = np.vstack([optimal_X(p, [[top]]), top * np.random.default_rng(1).random((400, p.n_var))])
        X[:, 0] = top
        res = p.evaluate(X)
        assert np.isfinite(res.F).all() and np.all(np.abs(res.F[:, 1]) < 1e-7 * res.F[:, 0])
        with np.errstate(all="ignore"):
            F = ref.evaluate(X, return_values_of=["F"])
        ok = np.isfinite(F).all(axis=1)
        assert ok.sum() < len(ok)  # the case exists
        assert np.all(res.F[~ok, 1] == 0)
        np.testing.assert_allclose(res.F[ok], F[ok], rtol=RTOL, atol=ATOL)


# -- fronts pymoo computes ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "kwargs", "ref_dirs"),
    [(n, {}, None) for n in ("mw1", "mw2", "mw3", "mw4", "mw6", "mw8", "mw12")]
    + [(n, {"n_obj": 2}, None) for n in ("mw4", "mw8")]
    + [(n, {}, (2, 20)) for n in ("mw1", "mw2", "mw3", "mw6", "mw12")]
    + [(n, {"n_obj": 4, "n_var": 10}, (4, 6)) for n in ("mw4", "mw8")],
)
def test_front_equals_pymoo(name, kwargs, ref_dirs, pymoo_get):
    args = () if ref_dirs is None else (das_dennis(*ref_dirs),)
    ours = get(name, **kwargs).pareto_front(*args)
    with np.errstate(all="ignore"):
        ref = pymoo_get(name, **kwargs).pareto_front(*[a.copy() for a in args])
    np.testing.assert_allclose(ours, ref, rtol=RTOL, atol=ATOL)
    if args:
        np.testing.assert_array_equal(args[0], das_dennis(*ref_dirs))  # not modified in place


@pytest.mark.parametrize("name", ["mw1", "mw2", "mw4", "mw6", "mw8"])
def test_pymoo_front_is_attained_and_feasible(name):
    """Each front point is the image of a point with g = 1 and satisfies the constraints."""
    p = get(name, n_obj=2) if name in SCALABLE else get(name)
    F = p.pareto_front()
    assert paretix.is_nondominated(F).all()
    if name == "mw4":  # pymoo's form: f0 = g (1 - x0), f1 = g x0
        pos = F[:, 1:]
    elif name == "mw8":
        pos = np.arctan2(F[:, 1:], F[:, :1]) / (0.5 * np.pi)
    else:
        pos = F[:, :1]
    res = p.evaluate(optimal_X(p, pos))
    np.testing.assert_allclose(res.F, F, rtol=1e-9, atol=1e-12)
    assert np.all(res.G <= 1e-9)


def test_mw3_front_is_pymoos_push(pymoo_get):
    F = mw.MW3().pareto_front(n_points=37)
    assert F.shape == (37, 2)
    G = mw.MW3()._constraints(F, np)
    assert np.all(G <= 0)
    on_line = np.isclose(F.sum(axis=1), 1.0)
    # points pushed off the line lie within 0.1 % of the second constraint's boundary
    assert np.all(G[~on_line, 1] > -0.002 * F[~on_line].sum(axis=1))


# -- fronts pymoo downloads: computed ---------------------------------------------------------------
def _dominated_by(F, S, eps):
    """For each row of F: is it dominated by a row of S by more than eps (2 objectives)?"""
    o = np.argsort(S[:, 0])
    s0, s1 = S[o, 0], np.minimum.accumulate(S[o, 1])

    def best_f1(limit):
        k = np.searchsorted(s0, limit, side="right")
        return np.where(k > 0, s1[np.maximum(k - 1, 0)], np.inf)

    return (best_f1(F[:, 0] - eps) <= F[:, 1]) | (best_f1(F[:, 0]) < F[:, 1] - eps)


def _sample_feasible(p, rng, n=60_000):
    """Feasible objective vectors near the attainable region's lower edge (objective-space sampling)."""
    u = rng.random(n) ** 3
    name = type(p).__name__
    if name in ("MW5", "MW7"):
        a, r = 0.5 * np.pi * rng.random(n), 1 + 0.8 * u
        S = np.stack([r * np.cos(a), r * np.sin(a)], axis=1)
    else:
        hi = {"MW9": 1.0, "MW10": 1.0, "MW11": 3.0, "MW13": 1.5}[name]
        f0 = hi * rng.random(n)
        low = {
            "MW9": lambda f: 1 - f ** 0.6,
            "MW10": lambda f: 1 - f * f,
            "MW11": lambda f: np.sqrt(np.maximum(2 - f * f, 0)),
            "MW13": lambda f: 5 - np.exp(f) - np.abs(0.5 * np.sin(3 * np.pi * f)),
        }[name](f0)
        S = np.stack([f0, low + 3 * u], axis=1)
    return S[(p._constraints(S, np) <= 0).all(axis=1)]


@pytest.mark.parametrize("name", COMPUTED)
def test_computed_front_feasible_nondominated_undominated(name):
    p = get(name)
    F = p.pareto_front()
    assert F.ndim == 2 and F.shape[1] == 2 and len(F) > 10
    assert np.all(np.diff(F[:, 0]) > 0) and np.all(np.diff(F[:, 1]) < 0)  # sorted, non-dominated
    assert paretix.is_nondominated(F).all()
    assert np.all(p._constraints(F, np) <= 1e-9)
    S = _sample_feasible(p, np.random.default_rng(3))
    assert len(S) > 2000
    assert not _dominated_by(F, S, 1e-7).any()
    # and the front covers: every sample lies above the front's staircase or within one step of it
    stair = np.minimum.accumulate(F[:, 1])
    k = np.searchsorted(F[:, 0], S[:, 0], side="right")
    free = S[np.where(k > 0, stair[np.maximum(k - 1, 0)], np.inf) > S[:, 1]]
    if len(free):
        dist = np.min(np.linalg.norm(free[:, None, :] - F[None], axis=2), axis=1)
        assert dist.max() < 0.02
    assert len(p.pareto_front(n_points=200)) < len(F)


def test_mw5_front_points():
    F = mw.MW5().pareto_front()
    a = np.cbrt(np.arange(8) * np.pi / 6) / 2
    exact = np.concatenate([np.stack([np.cos(a), np.sin(a)], 1), np.stack([np.sin(a), np.cos(a)], 1)])
    d = np.min(np.linalg.norm(exact[:, None] - F[None], axis=2), axis=1)
    assert d.max() < 1e-12
    r = np.hypot(F[:, 0], F[:, 1])
    ang = np.arctan2(F[:, 1], F[:, 0])
    bulge = r > 1 + 1e-12
    assert np.all(r < 1.0001) and np.all((ang[bulge] < 0.0142) | (ang[bulge] > 0.5 * np.pi - 0.0142))


def test_mw7_front_on_curve():
    F = mw.MW7().pareto_front()
    a = np.arctan2(F[:, 1], F[:, 0])
    np.testing.assert_allclose(np.hypot(F[:, 0], F[:, 1]),
                               np.maximum(1, 1.15 - 0.2 * np.sin(4 * a) ** 8), rtol=1e-12)


def test_mw9_front_closed_form():
    F = mw.MW9().pareto_front()
    f0 = F[:, 0]
    np.testing.assert_allclose(F[:, 1], np.minimum(1 - 0.64 * f0 ** 2, 1.15 ** 2 - (f0 + 0.15) ** 2),
                               rtol=1e-12, atol=1e-14)
    assert f0[0] == 0 and f0[-1] == 1 and np.diff(f0).max() < 0.0011  # one piece


def test_mw10_front_closed_form():
    F = mw.MW10().pareto_front()
    u = F[:, 0] ** 2
    expected = np.where(u < 1 / 15, 2 - 16 * u, np.where((u > 2 / 7) & (u < 1 / 3), 2 - 4 * u, 1 - u))
    np.testing.assert_allclose(F[:, 1], expected, rtol=1e-12, atol=1e-14)
    assert np.isclose(u[0], 2 / 37) and u[-1] == 1
    assert not np.any((u > 1 / 7 + 1e-12) & (u <= 2 / 7))  # the gap


def test_mw11_mw13_fronts_on_stated_curves():
    F = mw.MW11().pareto_front()
    u = F[:, 0] ** 2
    curves = np.stack([np.sqrt(np.maximum(2 - u, 0)), 3 - 2 * u, 3 - 0.625 * u, 1.125 - 0.125 * u,
                       0.63 - 0.07 * u, 3 - u, 3 - 7 * u, 1.62 - 0.18 * u, 2.07 - 0.23 * u])
    assert np.min(np.abs(curves - F[:, 1]), axis=0).max() < 1e-12
    assert np.min(np.linalg.norm(F - [1.0, 1.0], axis=1)) < 1e-12  # the isolated point
    F = mw.MW13().pareto_front()
    f0, s = F[:, 0], 0.5 * np.sin(3 * np.pi * F[:, 0])
    curves = np.stack([5 - np.exp(f0) - np.abs(s), 4 - f0 - 0.5 * f0 ** 2 - s, 4 - 0.7 * f0 - s,
                       5 - np.exp(f0) - s, 4 - 0.4 * f0 - s])
    assert np.min(np.abs(curves - F[:, 1]), axis=0).max() < 1e-12


@pytest.mark.parametrize("name", ["mw9", "mw10", "mw13"])
def test_computed_front_attained_where_g_is_1(name):
    """Front points on the g = 1 curve are images of feasible points."""
    p = get(name)
    F = p.pareto_front()
    x0 = F[:, 0] ** (1 / p.n_var) if name == "mw10" else F[:, 0]
    res = p.evaluate(optimal_X(p, x0[:, None]))
    on = np.isclose(res.F[:, 1], F[:, 1], rtol=0, atol=1e-12)
    assert on.sum() >= 2
    assert np.all(res.G[on] <= 1e-9)


def test_mw14_front():
    b, c = mw._mw14_pieces()
    assert abs(b - 0.73135) < 1e-4 and abs(c - 1.32963) < 1e-4
    t = np.linspace(0, 1.5, 150_001)
    phi = mw._mw14_phi(t)
    record = phi <= np.minimum.accumulate(phi)
    assert np.all(record[(t <= b - 1e-4) | (t >= c + 1e-4)])
    assert not np.any(record[(t >= b + 1e-4) & (t <= c - 1e-4)])
    for n_obj, n_points, size in ((3, 1000, 32 ** 2), (2, 50, 50), (4, 200, 6 ** 3)):
        p = mw.MW14(n_obj=n_obj)
        F = p.pareto_front(n_points=n_points)
        assert F.shape == (size, n_obj)
        assert paretix.is_nondominated(F).all()
        pos = F[:, :-1]
        assert np.all((pos <= b + 1e-15) | (pos > c))
        res = p.evaluate(optimal_X(p, pos))
        np.testing.assert_allclose(res.F, F, rtol=1e-12)
        assert np.all(res.G <= 0)


# -- validation, registry, device ---------------------------------------------------------------------
def test_validation():
    with pytest.raises(ValueError, match="n_var"):
        mw.MW1(n_var=1)
    with pytest.raises(ValueError, match="n_var"):
        mw.MW4(n_var=2, n_obj=3)
    with pytest.raises(TypeError, match="n_var"):
        mw.MW2(n_var=15.0)
    with pytest.raises(ValueError, match="n_obj"):
        mw.MW8(n_obj=1)
    with pytest.raises(TypeError, match="n_obj"):
        mw.MW14(n_obj="3")
    with pytest.raises(TypeError):
        mw.MW1(n_obj=3)  # two-objective problems take no n_obj
    with pytest.raises(ValueError, match="ref_dirs"):
        mw.MW4(n_obj=4).pareto_front()
    with pytest.raises(ValueError, match="ref_dirs"):
        mw.MW1().pareto_front(ref_dirs=np.ones((5, 3)))
    with pytest.raises(ValueError, match="n_points"):
        mw.MW9().pareto_front(n_points=1)
    with pytest.raises(ValueError, match="n_points"):
        mw.MW2().pareto_front(n_points=0)


def test_registry_and_shapes():
    assert set(NAMES) <= set(paretix.problems.available())
    p = get("MW14", n_obj=5)
    assert (type(p).__name__, p.n_obj, p.n_var, p.n_ieq_constr, float(p.xu[0])) == ("MW14", 5, 17, 1, 1.5)
    assert get("mw11").xu[0] == np.sqrt(2) and get("mw6").xu[-1] == 1.1
    res = get("mw5", n_var=4).evaluate(np.zeros((0, 4)))
    assert res.F.shape == (0, 2) and res.G.shape == (0, 3)


@pytest.mark.gpu
@pytest.mark.parametrize(("name", "kwargs"), [(n, {}) for n in NAMES] + [(n, {"n_obj": 4, "n_var": 9}) for n in SCALABLE])
def test_cupy_matches_numpy(name, kwargs):
    cp = pytest.importorskip("cupy")
    p = get(name, **kwargs)
    X = _points(p, np.random.default_rng(0))
    a, b = p.evaluate(cp.asarray(X)), p.evaluate(X)
    assert isinstance(a.F, cp.ndarray) and isinstance(a.G, cp.ndarray)
    np.testing.assert_allclose(cp.asnumpy(a.F), b.F, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(cp.asnumpy(a.G), b.G, rtol=1e-9, atol=1e-10)
