"""Constrained DTLZ (Jain & Deb 2014): equal to pymoo 0.6.2's, fronts, validation, registry."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.problems import get
from paretix.problems.cdtlz import C1DTLZ3, C2DTLZ2, C3DTLZ1, C3DTLZ4
from paretix.ref_dirs import das_dennis

RTOL, ATOL = 1e-10, 1e-12
NAMES = ["c1dtlz1", "c1dtlz3", "c2dtlz2", "c3dtlz1", "c3dtlz4"]
# Distance-variable value on the unconstrained Pareto set (DTLZ1-4: 0.5).
CASES = [
    (name, kw)
    for name in NAMES
    for kw in ({"n_obj": 2}, {}, {"n_obj": 5}, {"n_obj": 8, "n_var": 12}, {"n_obj": 10, "n_var": 19})
] + [
    ("c1dtlz3", {"r": 5.0}), ("c1dtlz3", {"n_obj": 15, "n_var": 24}), ("c2dtlz2", {"r": 0.3}),
    ("c2dtlz2", {"n_obj": 5, "r": 0.45}), ("c3dtlz4", {"alpha": 1.0}),
]


@pytest.fixture(scope="module")
def pymoo_get():
    return pytest.importorskip("pymoo.problems").get_problem


def _points(p, rng, n=48):
    """Random points, bounds, corners, and points at and near the DTLZ Pareto set (x_M ~ 0.5)."""
    R = rng.random((n, p.n_var))
    corners = (rng.random((8, p.n_var)) < 0.5).astype(float)
    mixed = np.where(rng.random((8, p.n_var)) < 0.3, corners, R[:8])
    near = rng.random((32, p.n_var))
    near[:, p.n_obj - 1 :] = 0.5 + rng.uniform(-0.03, 0.03, (32, 1))
    near[::2, p.n_obj - 1 :] = 0.5
    return np.vstack([R, np.zeros(p.n_var), np.ones(p.n_var), corners, mixed, near])


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_objectives_and_constraints_equal_pymoo(name, kwargs, pymoo_get):
    ours, ref = get(name, **kwargs), pymoo_get(name, **kwargs)
    assert (ours.n_var, ours.n_obj, ours.n_ieq_constr) == (ref.n_var, ref.n_obj, ref.n_ieq_constr)
    np.testing.assert_array_equal(ours.xl, ref.xl)
    np.testing.assert_array_equal(ours.xu, ref.xu)
    if name in ("c1dtlz3", "c2dtlz2"):
        assert ours.r == ref.r
    if name == "c3dtlz4":
        assert ours.alpha == ref.alpha
    X = _points(ours, np.random.default_rng(ours.n_obj + ours.n_var))
    res = ours.evaluate(X)
    F, G = ref.evaluate(X, return_values_of=["F", "G"])
    np.testing.assert_allclose(res.F, F, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(res.G, G, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("name", NAMES)
def test_defaults_equal_pymoo(name, pymoo_get):
    ours, ref = get(name), pymoo_get(name)
    assert (ours.n_var, ours.n_obj, ours.n_ieq_constr) == (ref.n_var, ref.n_obj, ref.n_ieq_constr)
    assert ours.name == name.upper()


@pytest.mark.parametrize("n_obj", [2, 3, 4, 5, 8, 12, 13])
def test_default_radii_equal_pymoo(n_obj, pymoo_get):
    for name in ("c1dtlz3", "c2dtlz2"):
        assert get(name, n_obj=n_obj, n_var=n_obj + 2).r == pymoo_get(name, n_obj=n_obj, n_var=n_obj + 2).r


@pytest.mark.parametrize("name", ["c1dtlz1", "c1dtlz3", "c2dtlz2", "c3dtlz4"])
@pytest.mark.parametrize(("n_obj", "ref_dirs"), [(2, None), (3, None), (5, (5, 5))])
def test_front_equals_pymoo(name, n_obj, ref_dirs, pymoo_get):
    args = () if ref_dirs is None else (das_dennis(*ref_dirs),)
    ours = get(name, n_obj=n_obj, n_var=n_obj + 4).pareto_front(*args)
    ref = pymoo_get(name, n_obj=n_obj, n_var=n_obj + 4).pareto_front(*args)
    np.testing.assert_allclose(ours, ref, rtol=RTOL, atol=ATOL)


# --- analytic checks -----------------------------------------------------------------------------


def _g_of(p, F):
    """Constraint values of objective vectors F (they depend on F only)."""
    from paretix.problems import cdtlz

    xp = np
    if isinstance(p, C3DTLZ1):
        return cdtlz._c3_linear(xp, F)
    if isinstance(p, C3DTLZ4):
        return cdtlz._c3_spherical(xp, F)
    if isinstance(p, C2DTLZ2):
        return cdtlz._c2(xp, F, p.r)[:, None]
    if isinstance(p, C1DTLZ3):
        return cdtlz._c1_spherical(xp, F, p.r)[:, None]
    return cdtlz._c1_linear(xp, F)[:, None]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n_obj", [2, 3, 5])
def test_front_feasible_and_nondominated(name, n_obj):
    p = get(name, n_obj=n_obj, n_var=n_obj + 4)
    pf = p.pareto_front()
    assert len(pf) > 0 and np.all(pf >= 0)
    assert paretix.is_nondominated(pf).all()
    G = _g_of(p, pf)
    assert np.all(G <= 1e-12)
    if name.startswith("c3"):  # type 3: the front lies on the constraint boundary
        np.testing.assert_allclose(G.max(axis=1), 0.0, atol=1e-12)
    elif name in ("c1dtlz1",):
        np.testing.assert_allclose(pf.sum(axis=1), 0.5, rtol=RTOL)
    else:
        np.testing.assert_allclose(np.linalg.norm(pf, axis=1), 1.0, rtol=RTOL)


def _rows(A):
    """Rows in lexicographic order (two-objective fronts come sorted by f1, as in pymoo)."""
    return A[np.lexsort(A.T[::-1])]


def _bisect(fun, target, lo, hi, iters=80):
    """Vectorised bisection for increasing ``fun`` on [lo, hi]: fun(x) = target."""
    lo, hi = np.full_like(target, lo), np.full_like(target, hi)
    for _ in range(iters):
        mid = (lo + hi) / 2
        below = fun(mid) < target
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return (lo + hi) / 2


@pytest.mark.parametrize("n_obj", [2, 3, 5, 8])
def test_c3dtlz1_front_is_reached(n_obj):
    """Decision vectors built to land on the front do, feasibly, on its boundary; near-front samples
    never dominate it (pymoo inherits DTLZ1's simplex here, which is infeasible)."""
    p = C3DTLZ1(n_var=n_obj + 3, n_obj=n_obj)
    k = p.k
    rng = np.random.default_rng(n_obj)
    X = rng.random((200, p.n_var))
    X[:, n_obj - 1 :] = 0.5
    W = 2 * p.evaluate(X).F  # g = 0: DTLZ1's simplex, times 2
    t = 1 / (1 + W.min(axis=1))  # target: sum(f) = t = 0.5 (1 + g)
    delta = _bisect(lambda d: 100 * k * (d**2 + 1 - np.cos(20 * np.pi * d)), 2 * t - 1, 0.0, 0.05)
    X[:, n_obj - 1 :] = 0.5 + delta[:, None]
    res = p.evaluate(X)
    # g comes from a bisection and 100 (k + sum(...)) cancels: 1e-10, not 1e-12
    np.testing.assert_allclose(_rows(res.F), _rows(p.pareto_front(W)), rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(res.G.max(axis=1), 0.0, atol=1e-9)
    # feasible points around the front never dominate it
    Y = rng.random((3000, p.n_var))
    Y[:, n_obj - 1 :] = 0.5 + rng.uniform(0, 0.002, (3000, 1))  # g in [0, ~2]
    S = p.evaluate(Y)
    pf = p.pareto_front()
    assert paretix.is_nondominated(np.vstack([pf, S.F[S.feasible]]), keep_weakly=True)[: len(pf)].all()


@pytest.mark.parametrize("n_obj", [2, 3, 5, 8])
def test_c3dtlz4_front_is_reached(n_obj):
    p = C3DTLZ4(n_var=n_obj + 3, n_obj=n_obj, alpha=1)  # alpha = 1 spreads the directions
    rng = np.random.default_rng(n_obj)
    X = rng.random((200, p.n_var))
    X[:, n_obj - 1 :] = 0.5
    U = p.evaluate(X).F  # g = 0: unit sphere
    t = 1 / np.sqrt(1 - 0.75 * (U**2).max(axis=1))  # target radius 1 + g, g = k delta^2
    X[:, n_obj - 1 :] = 0.5 + np.sqrt((t - 1) / p.k)[:, None]
    res = p.evaluate(X)
    np.testing.assert_allclose(_rows(res.F), _rows(p.pareto_front(U)), rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(res.G.max(axis=1), 0.0, atol=1e-9)
    Y = rng.random((3000, p.n_var))
    Y[:, n_obj - 1 :] = 0.5 + rng.uniform(0, 0.5, (3000, 1))
    S = p.evaluate(Y)
    pf = p.pareto_front()
    assert paretix.is_nondominated(np.vstack([pf, S.F[S.feasible]]), keep_weakly=True)[: len(pf)].all()


@pytest.mark.parametrize("name", ["c1dtlz1", "c1dtlz3", "c2dtlz2"])
def test_unconstrained_optimum_points(name):
    """x_M = 0.5 lands on DTLZ's front: always feasible for type 1, feasible exactly on the
    front's feasible caps for C2-DTLZ2."""
    p = get(name, n_obj=3)
    rng = np.random.default_rng(1)
    X = rng.random((300, p.n_var))
    X[:, 2:] = 0.5
    res = p.evaluate(X)
    if name == "c2dtlz2":
        assert res.feasible.any() and not res.feasible.all()
        np.testing.assert_allclose(np.linalg.norm(res.F[res.feasible], axis=1), 1.0, rtol=RTOL)
    else:
        assert res.feasible.all()


def test_c2dtlz2_radius_changes_front():
    small, large = C2DTLZ2(r=0.2).pareto_front(), C2DTLZ2(r=0.6).pareto_front()
    assert len(small) < len(large) <= 136


# --- validation, registry ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "exc", "match"),
    [
        (lambda: get("c1dtlz1", n_var=4, n_obj=5), ValueError, r"n_var=4, n_obj=5"),
        (lambda: get("c3dtlz4", n_obj=8), ValueError, r"n_var=7, n_obj=8"),
        (lambda: C1DTLZ3(r=0), ValueError, r"r must be positive"),
        (lambda: C2DTLZ2(r=float("nan")), ValueError, r"r must be positive"),
        (lambda: C2DTLZ2(r=True), TypeError, r"r must be a real number"),
        (lambda: C3DTLZ4(alpha=-1), ValueError, r"alpha must be positive"),
        (lambda: C3DTLZ1().pareto_front(np.ones((3, 4))), ValueError, r"shape \(n, n_obj=3\)"),
    ],
)
def test_validation(factory, exc, match):
    with pytest.raises(exc, match=match):
        factory()


def test_registry():
    assert set(NAMES) <= set(paretix.problems.available())
    p = get("C2DTLZ2", n_obj=4, n_var=13, r=0.45)
    assert (type(p).__name__, p.n_obj, p.n_var, p.n_ieq_constr, p.r) == ("C2DTLZ2", 4, 13, 1, 0.45)
    assert get("c3dtlz1", n_obj=6, n_var=10).n_ieq_constr == 6


@pytest.mark.gpu
@pytest.mark.parametrize("name", NAMES)
def test_cupy_matches_numpy(name):
    cp = pytest.importorskip("cupy")
    p = get(name, n_obj=4, n_var=10)
    X = _points(p, np.random.default_rng(0))
    a, b = p.evaluate(cp.asarray(X)), p.evaluate(X)
    assert isinstance(a.F, cp.ndarray) and isinstance(a.G, cp.ndarray)
    np.testing.assert_allclose(cp.asnumpy(a.F), b.F, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(cp.asnumpy(a.G), b.G, rtol=RTOL, atol=ATOL)
