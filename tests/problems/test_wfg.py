"""WFG1-WFG9: equal to pymoo 0.6.2's, Pareto fronts (analytic, checked by evaluation), validation."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.problems import available, get, wfg
from paretix.ref_dirs import das_dennis

RTOL, ATOL = 1e-10, 1e-12
NAMES = [f"wfg{i}" for i in range(1, 10)]
CONCAVE = NAMES[3:]
# (n_var, n_obj, k, l); None: the default. l even everywhere (WFG2/WFG3).
CASES = [(6, 2, None, None), (24, 2, 4, 20), (10, 3, None, None), (10, 3, 6, 4), (12, 5, 8, 4), (10, 5, 4, 6)]
# Cases whose optimal distance values 0.35 * 2i normalise back to 0.35 exactly (see WFG1's Notes).
EXACT = [(10, 2, 6, 4), (10, 3, 6, 4), (10, 5, 8, 2)]


def _kw(case):
    n_var, n_obj, k, l = case  # noqa: E741
    kw = {"n_var": n_var, "n_obj": n_obj}
    if k is not None:
        kw.update(k=k, l=l)
    return kw


@pytest.fixture(scope="module")
def pymoo_get():
    return pytest.importorskip("pymoo.problems").get_problem


def _optimal(p, rng, n=24, lo=0.0, hi=1.0):
    return p._optimal_x(lo + (hi - lo) * rng.random((n, p.k)))


def _points(p, rng, n=64):
    """Random points in the box, both bounds, random corners, rows partly on bounds, optimal points."""
    xl, xu = p.xl, p.xu
    R = xl + rng.random((n, p.n_var)) * (xu - xl)
    corners = np.where(rng.random((8, p.n_var)) < 0.5, xl, xu)
    mixed = np.where(rng.random((8, p.n_var)) < 0.3, corners, R[:8])
    binary = p._optimal_x((rng.random((8, p.k)) < 0.5).astype(float))  # pymoo's Pareto-set extremes
    return np.vstack([R, xl, xu, corners, mixed, _optimal(p, rng), binary])


# -- objectives --------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", NAMES)
def test_objectives_equal_pymoo(name, case, pymoo_get):
    kw = _kw(case)
    ours, ref = get(name, **kw), pymoo_get(name, **kw)
    assert (ours.n_var, ours.n_obj, ours.k, ours.l) == (ref.n_var, ref.n_obj, ref.k, ref.l)
    np.testing.assert_array_equal(ours.xl, ref.xl)
    np.testing.assert_array_equal(ours.xu, ref.xu)
    X = _points(ours, np.random.default_rng(sum(map(ord, name)) + ours.n_var))
    X0 = X.copy()
    F = ours.evaluate(X).F
    np.testing.assert_array_equal(X, X0)  # input untouched
    np.testing.assert_allclose(F, ref.evaluate(X), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("case", CASES[::2])
@pytest.mark.parametrize("name", NAMES)
def test_pareto_optimal_x_equals_pymoo(name, case, pymoo_get):
    ours, ref = get(name, **_kw(case)), pymoo_get(name, **_kw(case))
    K = np.random.default_rng(3).random((20, ours.k))
    # within one ulp: ours may pick a neighbouring float that normalises back to the optimum exactly
    np.testing.assert_allclose(ours._optimal_x(K), ref._positional_to_optimal(K.copy()), rtol=3e-16, atol=0)


@pytest.mark.parametrize("name", NAMES)
def test_empty_and_single_rows(name):
    p = get(name, n_var=10, n_obj=3)
    assert p.evaluate(np.zeros((0, 10))).F.shape == (0, 3)
    assert p.evaluate(p.xu.reshape(1, -1)).F.shape == (1, 3)


# -- Pareto fronts -----------------------------------------------------------------------------


@pytest.mark.parametrize("n_obj", [2, 3, 5])
@pytest.mark.parametrize("name", NAMES)
def test_front_mutually_nondominated(name, n_obj):
    p = get(name, n_var=12 if n_obj == 5 else 8, n_obj=n_obj, k=8 if n_obj == 5 else 4, l=4)
    F = p.pareto_front(das_dennis(5, 5) if n_obj == 5 else None)
    assert F.ndim == 2 and F.shape[1] == n_obj and len(F) > 10
    assert np.all(np.isfinite(F)) and np.all(F >= 0)
    assert paretix.is_nondominated(F, keep_weakly=True).all()


@pytest.mark.parametrize("n_obj", [2, 3])
@pytest.mark.parametrize("name", CONCAVE)
def test_concave_front_equals_pymoo_formula(name, n_obj, pymoo_get):
    from pymoo.problems.many import generic_sphere, get_ref_dirs

    p = get(name, n_var=10, n_obj=n_obj)
    expected = generic_sphere(get_ref_dirs(n_obj)) * p.S  # pymoo's WFG9 front (commented out for 4-8)
    np.testing.assert_allclose(p.pareto_front(), expected, rtol=RTOL, atol=ATOL)
    if name == "wfg9":  # the one WFG front pymoo computes analytically
        np.testing.assert_allclose(p.pareto_front(), pymoo_get(name, n_var=10, n_obj=n_obj).pareto_front(),
                                   rtol=RTOL, atol=ATOL)


def test_wfg9_front_with_given_ref_dirs_equals_pymoo(pymoo_get):
    W = das_dennis(5, 4)
    ours, ref = get("wfg9", n_var=12, n_obj=5, k=8, l=4), pymoo_get("wfg9", n_var=12, n_obj=5, k=8, l=4)
    np.testing.assert_allclose(ours.pareto_front(W), ref.pareto_front(W), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", CONCAVE)
def test_optimal_points_on_concave_front(name, case):
    p = get(name, **_kw(case))
    F = p.evaluate(_optimal(p, np.random.default_rng(5), n=64)).F
    np.testing.assert_allclose(np.linalg.norm(F / p.S, axis=1), 1.0, rtol=0, atol=1e-9)


@pytest.mark.parametrize("case", EXACT)
def test_wfg1_front_along_rays_and_attained(case):
    p = wfg.WFG1(*case)
    W = das_dennis(p.n_obj, {2: 99, 3: 15, 5: 5}[p.n_obj])
    F = p.pareto_front(W)
    assert F.shape == W.shape
    # on the rays: F / S parallel to the directions
    H = F / p.S
    np.testing.assert_allclose(H / np.linalg.norm(H, axis=1)[:, None], W / np.linalg.norm(W, axis=1)[:, None],
                               rtol=0, atol=1e-12)
    # attained: position groups at x_i ** 50 (b_poly(0.02) undoes the power), distances optimal
    x = p._front_positions(W)
    gap = p.k // (p.n_obj - 1)
    X = p._optimal_x(np.repeat(x ** 50, gap, axis=1))
    np.testing.assert_allclose(p.evaluate(X).F, F, rtol=0, atol=1e-9)
    # and random Pareto-optimal points are found again along their own rays
    G = p.evaluate(_optimal(p, np.random.default_rng(6), n=64, lo=0.05, hi=0.95)).F
    np.testing.assert_allclose(p.pareto_front(G / p.S), G, rtol=0, atol=1e-9)


@pytest.mark.parametrize("case", EXACT)
def test_wfg2_front_attained_and_first_on_its_ray(case):
    p = wfg.WFG2(*case)
    W = das_dennis(p.n_obj, {2: 99, 3: 15, 5: 5}[p.n_obj])
    x = p._front_positions(W)
    keep = p._nondominated_x1(x[:, 0])
    F = p.pareto_front(W)
    assert 0 < len(F) < len(W)  # directions through the gaps give no point
    np.testing.assert_allclose(F, p._h(np, x[keep]) * p.S, rtol=0, atol=0)
    gap = p.k // (p.n_obj - 1)
    X = p._optimal_x(np.repeat(x[keep], gap, axis=1))
    np.testing.assert_allclose(p.evaluate(X).F, F, rtol=0, atol=1e-9)
    # a Pareto-optimal point: the first front point on its ray is no worse, and is the point itself
    # when its x_1 is Pareto-optimal
    K = np.random.default_rng(7).random((64, p.k))
    G = p.evaluate(p._optimal_x(K)).F
    first = p._h(np, p._front_positions(G / p.S)) * p.S
    assert np.all(first <= G + 1e-9)
    on_front = p._nondominated_x1(K[:, :gap].mean(axis=1))
    assert on_front.any() and not on_front.all()
    np.testing.assert_allclose(first[on_front], G[on_front], rtol=0, atol=1e-9)


def test_wfg2_front_not_dominated_by_the_surface():
    p = wfg.WFG2(10, 2, k=6, l=4)
    F = p.pareto_front(das_dennis(2, 499))
    a = np.linspace(0.0, 1.0, 200_001)[:, None]
    surface = p._h(np, a) * p.S
    assert not np.any(np.all(surface[None] <= F[:, None] - 1e-9, axis=2))


@pytest.mark.parametrize("case", [(10, 2, 6, 4), (10, 3, 6, 4), (10, 5, 8, 2), (10, 3, 4, 6)])
def test_wfg3_front_is_the_segment(case):
    p = wfg.WFG3(*case)
    M = p.n_obj
    # end points: x_1 = 0 and x_1 = 1 with x_2 .. x_{M-1} = 0.5 (the paper's degenerate line)
    e1 = np.array([2 * 0.5 ** (M - 2)] + [2 * m * 0.5 ** (M - m) for m in range(2, M)] + [0.0])
    nadir = np.where(np.arange(M) == M - 1, 2.0 * M, e1)
    for F in (p.pareto_front(das_dennis(M, 5) if M == 5 else None),
              p.evaluate(_optimal(p, np.random.default_rng(8), n=64)).F):
        N = F / nadir
        np.testing.assert_allclose(N[:, :-1], N[:, :1].repeat(M - 1, axis=1), rtol=0, atol=1e-12)
        np.testing.assert_allclose(N[:, 0] + N[:, -1], 1.0, rtol=0, atol=1e-12)
    F = p.pareto_front(das_dennis(M, 5) if M == 5 else None)
    assert len(np.unique(np.round(F, 9), axis=0)) == len(F)  # no repeats


@pytest.mark.parametrize("n_obj", [2, 3])
@pytest.mark.parametrize("name", ["wfg1", "wfg2", "wfg3"])
def test_pymoo_sampled_front_lies_on_ours(name, n_obj, pymoo_get):
    """pymoo samples WFG1-WFG3 fronts (with the global NumPy RNG, seeded here for a repeatable test);
    its points lie on the analytic front (WFG1, WFG3) or never dominate it (WFG2, disconnected)."""
    p, ref = get(name, n_var=10, n_obj=n_obj, k=6, l=4), pymoo_get(name, n_var=10, n_obj=n_obj, k=6, l=4)
    state = np.random.get_state()
    try:
        np.random.seed(20261123)
        Fq = ref._calc_pareto_front(n_iterations=3, points_each_iteration=100)
    finally:
        np.random.set_state(state)
    if name == "wfg3":
        N = Fq / Fq.max(axis=0)
        np.testing.assert_allclose(N[:, :-1], N[:, :1].repeat(n_obj - 1, axis=1), atol=1e-12)
        np.testing.assert_allclose(N[:, 0] + N[:, -1], 1.0, atol=1e-12)
        return
    if name == "wfg1":  # atol: near x_1 = 1 the mixed shape is flat to third order
        first = p._h(np, p._front_positions(Fq / p.S)) * p.S
        np.testing.assert_allclose(first, Fq, rtol=0, atol=1e-5)
    else:  # WFG2: a sampled point on a dominated part of the shape maps to no single front point
        ours = p.pareto_front()
        margin = (Fq[None, :, :] - ours[:, None, :]).max(axis=2).min(axis=1)  # < 0: some sample dominates
        assert margin.min() >= -1e-9


def test_wfg1_optimum_unreachable_in_floating_point():
    """0.35 * 12 / 12 != 0.35 for every float near 0.35 * 12: with x_6 distance-related, the
    residual of s_linear survives b_flat and b_poly(0.02) makes it ~0.5 (pymoo's points too)."""
    p = wfg.WFG1(8, 2, k=4, l=4)
    F = p.evaluate(p._optimal_x(np.full((1, 4), 0.5))).F
    H = F / p.S
    assert not np.isclose(H[0, 1], wfg._mixed(np, np.arccos(1.0 - H[:, :1]) / (0.5 * np.pi))[0, 0], atol=1e-3)


def test_front_needs_ref_dirs_beyond_three_objectives():
    p = wfg.WFG4(12, 5, k=8, l=4)
    with pytest.raises(ValueError, match="pass ref_dirs"):
        p.pareto_front()
    with pytest.raises(ValueError, match=r"shape \(n, n_obj=5\)"):
        p.pareto_front(np.ones((3, 4)))
    with pytest.raises(ValueError, match="non-negative"):
        p.pareto_front(-np.ones((3, 5)))


# -- construction ------------------------------------------------------------------------------


def test_defaults_and_repr():
    assert (wfg.WFG1(10, 2).k, wfg.WFG1(10, 2).l) == (4, 6)
    assert (wfg.WFG1(10, 3).k, wfg.WFG1(10, 3).l) == (4, 6)
    assert (wfg.WFG1(12, 4).k, wfg.WFG1(12, 4).l) == (6, 6)
    p = wfg.WFG3(10, 3)
    assert repr(p) == "WFG3(n_var=10, n_obj=3, k=4, l=6)"
    np.testing.assert_array_equal(p.A, [1.0, 0.0])
    np.testing.assert_array_equal(p.xu, 2.0 * np.arange(1, 11))
    np.testing.assert_array_equal(p.S, [2.0, 4.0, 6.0])


@pytest.mark.parametrize(
    ("cls", "args", "kwargs", "error", "match"),
    [
        (wfg.WFG1, (10, 1), {}, ValueError, "n_obj must be >= 2"),
        (wfg.WFG1, (10, 3), {"k": 5, "l": 5}, ValueError, r"k .*multiple of n_obj - 1 = 2, got k=5"),
        (wfg.WFG1, (10, 2), {"k": 2, "l": 8}, ValueError, r"k .*must be >= 4"),
        (wfg.WFG2, (9, 2), {"k": 4, "l": 5}, ValueError, r"l .*must be even, got l=5"),
        (wfg.WFG3, (9, 2), {}, ValueError, r"l .*must be even"),
        (wfg.WFG4, (10, 2), {"k": 4, "l": 5}, ValueError, r"n_var must equal k \+ l = 4 \+ 5 = 9"),
        (wfg.WFG5, (4, 2), {}, ValueError, r"n_var must be > k"),
        (wfg.WFG6, (4, 2), {"k": 4, "l": 0}, ValueError, r"l .*must be >= 1"),
        (wfg.WFG7, (10.0, 2), {}, TypeError, "n_var must be an int"),
        (wfg.WFG8, (10, 2), {"k": 4.0}, TypeError, "k must be an int"),
        (wfg.WFG9, (10, True), {}, TypeError, "n_obj must be an int"),
    ],
)
def test_validation(cls, args, kwargs, error, match):
    with pytest.raises(error, match=match):
        cls(*args, **kwargs)


def test_registry():
    assert set(NAMES) <= set(available())
    for i, name in enumerate(NAMES, start=1):
        p = get(name.upper(), n_var=10, n_obj=3)
        assert type(p) is getattr(wfg, f"WFG{i}") and p.name == f"WFG{i}"


@pytest.mark.gpu
@pytest.mark.parametrize("name", NAMES)
def test_cupy_matches_numpy(name):
    cp = pytest.importorskip("cupy")
    p = get(name, n_var=12, n_obj=3, k=6, l=6)
    X = _points(p, np.random.default_rng(9))
    F = p.evaluate(cp.asarray(X)).F
    assert isinstance(F, cp.ndarray)
    np.testing.assert_allclose(cp.asnumpy(F), p.evaluate(X).F, rtol=1e-12, atol=1e-14)
