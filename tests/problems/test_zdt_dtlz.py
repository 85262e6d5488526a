"""ZDT and DTLZ problems: equal to pymoo 0.6.2's, analytic Pareto fronts, validation, registry."""

from __future__ import annotations

import numpy as np
import pytest

import paretix
from paretix.problems import get
from paretix.problems.dtlz import _DTLZ7_A, _DTLZ7_B, _DTLZ7_C, DTLZ1, DTLZ2, DTLZ4, DTLZ7, default_ref_dirs
from paretix.problems.zdt import ZDT1, ZDT3
from paretix.ref_dirs import das_dennis

RTOL, ATOL = 1e-10, 1e-12

ZDT_CASES = [
    ("zdt1", {}), ("zdt1", {"n_var": 2}), ("zdt2", {}), ("zdt2", {"n_var": 7}), ("zdt3", {}),
    ("zdt3", {"n_var": 5}), ("zdt4", {}), ("zdt4", {"n_var": 3}), ("zdt6", {}), ("zdt6", {"n_var": 30}),
]
# Distance-variable value on the Pareto set.
DTLZ_OPT = {"dtlz1": 0.5, "dtlz2": 0.5, "dtlz3": 0.5, "dtlz4": 0.5, "dtlz5": 0.5, "dtlz6": 0.0, "dtlz7": 0.0}
DTLZ_CASES = [
    (name, kw)
    for name in DTLZ_OPT
    # pymoo's default n_var with 2 and 3 objectives; k = 10 with 5; k = 1 (n_var = n_obj) with 8
    for kw in ({"n_obj": 2}, {}, {"n_obj": 5, "n_var": 14}, {"n_obj": 8, "n_var": 8})
] + [("dtlz4", {"alpha": 2.5}), ("dtlz4", {"n_obj": 5, "n_var": 9, "alpha": 1})]


@pytest.fixture(scope="module")
def pymoo_get():
    return pytest.importorskip("pymoo.problems").get_problem


def _optimal(p, rng, n=16):
    """Pareto-optimal decision vectors: random position variables, distance variables at the optimum."""
    X = p.xl + rng.random((n, p.n_var)) * (p.xu - p.xl)
    name = p.name.lower()
    if name.startswith("zdt"):
        X[:, 1:] = 0.0
    else:
        X[:, p.n_obj - 1 :] = DTLZ_OPT[name]
    return X


def _points(p, rng, n=48):
    """Random points in the box, both bounds, random corners, rows partly on bounds, optimal points."""
    xl, xu = p.xl, p.xu
    R = xl + rng.random((n, p.n_var)) * (xu - xl)
    corners = np.where(rng.random((8, p.n_var)) < 0.5, xl, xu)
    mixed = np.where(rng.random((8, p.n_var)) < 0.3, corners, R[:8])
    return np.vstack([R, xl, xu, corners, mixed, _optimal(p, rng)])


@pytest.mark.parametrize(("name", "kwargs"), ZDT_CASES + DTLZ_CASES)
def test_objectives_equal_pymoo(name, kwargs, pymoo_get):
    ours, ref = get(name, **kwargs), pymoo_get(name, **kwargs)
    assert (ours.n_var, ours.n_obj, ours.n_ieq_constr) == (ref.n_var, ref.n_obj, ref.n_ieq_constr)
    np.testing.assert_array_equal(ours.xl, ref.xl)
    np.testing.assert_array_equal(ours.xu, ref.xu)
    X = _points(ours, np.random.default_rng(len(name) + ours.n_obj + ours.n_var))
    res = ours.evaluate(X)
    np.testing.assert_allclose(res.F, ref.evaluate(X, return_values_of=["F"]), rtol=RTOL, atol=ATOL)
    assert res.G.shape == (len(X), 0) and bool(res.feasible.all())


@pytest.mark.parametrize("name", [n for n, _ in ZDT_CASES[::2]] + list(DTLZ_OPT))
def test_defaults_equal_pymoo(name, pymoo_get):
    ours, ref = get(name), pymoo_get(name)
    assert (ours.n_var, ours.n_obj) == (ref.n_var, ref.n_obj)
    assert ours.name == name.upper() and repr(ours).startswith(name.upper())


@pytest.mark.parametrize("name", ["zdt1", "zdt2", "zdt3", "zdt4", "zdt6"])
@pytest.mark.parametrize("args", [(), (37,)])
def test_zdt_front_equals_pymoo(name, args, pymoo_get):
    ours = get(name).pareto_front(*args)
    np.testing.assert_allclose(ours, pymoo_get(name).pareto_front(*args), rtol=RTOL, atol=ATOL)
    assert ours.shape == ((35 if name == "zdt3" else 37) if args else 100, 2)


@pytest.mark.parametrize("name", ["dtlz1", "dtlz2", "dtlz3", "dtlz4"])
@pytest.mark.parametrize(("n_obj", "ref_dirs"), [(2, None), (3, None), (5, (5, 4))])
def test_dtlz1_4_front_equals_pymoo(name, n_obj, ref_dirs, pymoo_get):
    args = () if ref_dirs is None else (das_dennis(*ref_dirs),)
    ours = get(name, n_obj=n_obj, n_var=n_obj + 4).pareto_front(*args)
    ref = pymoo_get(name, n_obj=n_obj, n_var=n_obj + 4).pareto_front(*args)
    np.testing.assert_allclose(ours, ref, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("name", ["dtlz5", "dtlz6"])
@pytest.mark.parametrize(("n_obj", "args"), [(2, ()), (4, ()), (6, (50,))])
def test_dtlz5_6_front_equals_pymoo(name, n_obj, args, pymoo_get):
    # pymoo downloads the 3-objective fronts; every other n_obj is computed and compared here.
    ours = get(name, n_obj=n_obj, n_var=n_obj + 4).pareto_front(*args)
    ref = pymoo_get(name, n_obj=n_obj, n_var=n_obj + 4).pareto_front(*args)
    np.testing.assert_allclose(ours, ref, rtol=RTOL, atol=ATOL)


# --- analytic checks of the fronts --------------------------------------------------------------


@pytest.mark.parametrize("name", ["zdt1", "zdt2", "zdt4", "zdt6"])
def test_zdt_front_is_reached_and_nondominated(name):
    p = get(name)
    pf = p.pareto_front()
    assert paretix.is_nondominated(pf).all()
    x1 = np.linspace(0, 1, len(pf))
    X = np.zeros((x1.size, p.n_var))
    X[:, 0] = x1
    F = p.evaluate(X).F  # x2..xn = 0 is the Pareto set
    if name == "zdt6":
        assert F[:, 0].min() >= pf[0, 0] - 1e-10 and pf[-1, 0] == 1.0
        np.testing.assert_allclose(F[:, 1], 1 - F[:, 0] ** 2, rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(pf[:, 1], 1 - pf[:, 0] ** 2, rtol=RTOL, atol=ATOL)
    else:
        np.testing.assert_allclose(F, pf, rtol=RTOL, atol=ATOL)


def test_zdt3_front():
    p = ZDT3()
    pf = p.pareto_front()
    X = np.zeros((len(pf), p.n_var))
    X[:, 0] = pf[:, 0]
    np.testing.assert_allclose(p.evaluate(X).F, pf, rtol=RTOL, atol=ATOL)
    # The 10-digit interval ends (pymoo's, the literature's) leave the first point of pieces 3-5
    # weakly dominated by the last of the piece before, by ~1e-9 in f2; nothing else is dominated.
    dominated = np.flatnonzero(~paretix.is_nondominated(pf))
    assert set(dominated) <= {40, 60, 80}
    assert np.all(np.abs(pf[dominated, 1] - pf[dominated - 1, 1]) < 1e-9)
    # f2 of the interval ends ~ f2 of the next start: the pieces are the non-dominated parts
    x = np.linspace(0, 1, 100001)
    curve = np.column_stack([x, 1 - np.sqrt(x) - x * np.sin(10 * np.pi * x)])
    nd = curve[paretix.is_nondominated(curve), 0]
    inside = np.zeros(nd.size, bool)
    for i in range(0, len(pf), 20):
        inside |= (nd >= pf[i, 0] - 1e-5) & (nd <= pf[i + 19, 0] + 1e-5)
    assert inside.all()


@pytest.mark.parametrize("name", ["dtlz1", "dtlz2", "dtlz3", "dtlz4"])
@pytest.mark.parametrize("n_obj", [2, 3, 5, 8])
def test_dtlz1_4_front_analytic(name, n_obj):
    p = get(name, n_obj=n_obj, n_var=n_obj + 3) if name != "dtlz4" else DTLZ4(n_obj + 3, n_obj, alpha=1)
    pf = p.pareto_front()
    assert pf.shape == default_ref_dirs(n_obj).shape
    assert paretix.is_nondominated(pf).all() and np.all(pf >= 0)
    F = p.evaluate(_optimal(p, np.random.default_rng(n_obj), n=64)).F
    if name == "dtlz1":
        np.testing.assert_allclose(pf.sum(axis=1), 0.5, rtol=RTOL)
        np.testing.assert_allclose(F.sum(axis=1), 0.5, rtol=RTOL)
    else:
        np.testing.assert_allclose(np.linalg.norm(pf, axis=1), 1.0, rtol=RTOL)
        np.testing.assert_allclose(np.linalg.norm(F, axis=1), 1.0, rtol=RTOL)
    # the optimal points are not dominated by the front, nor the front by them
    both = np.vstack([pf, F])
    assert paretix.is_nondominated(both, keep_weakly=True)[: len(pf)].all()


def test_dtlz_front_ref_dirs_are_normalised():
    W = das_dennis(3, 4)
    scaled = W * np.arange(1, len(W) + 1)[:, None]
    np.testing.assert_allclose(DTLZ1().pareto_front(scaled), 0.5 * W, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(DTLZ2().pareto_front(scaled), DTLZ2().pareto_front(W), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("name", ["dtlz5", "dtlz6"])
@pytest.mark.parametrize("n_obj", [2, 3, 4, 8])
def test_dtlz5_6_front_is_reached(name, n_obj):
    p = get(name, n_obj=n_obj, n_var=n_obj + 3)
    pf = p.pareto_front(n_points=41)
    assert paretix.is_nondominated(pf).all()
    X = _optimal(p, np.random.default_rng(3), n=41)
    X[:, 0] = np.linspace(0, 1, 41)  # theta_1 = x_1 pi / 2; the other angles are pi/4 when g = 0
    F = p.evaluate(X).F
    np.testing.assert_allclose(F[::-1] if n_obj == 2 else F, pf, rtol=RTOL, atol=ATOL)


def test_dtlz7_record_constants():
    def h(t):
        return t * (1 + np.sin(3 * np.pi * t))

    def dh(t):
        return 1 + np.sin(3 * np.pi * t) + 3 * np.pi * t * np.cos(3 * np.pi * t)

    assert abs(dh(_DTLZ7_A)) < 1e-12 and abs(dh(_DTLZ7_C)) < 1e-12
    assert abs(h(_DTLZ7_B) - h(_DTLZ7_A)) < 1e-14
    t = np.linspace(0, 1, 100001)
    record = h(t) > np.maximum.accumulate(np.concatenate([[-1.0], h(t)[:-1]]))
    in_set = (t <= _DTLZ7_A) | ((t > _DTLZ7_B) & (t <= _DTLZ7_C))
    assert np.count_nonzero(record != in_set) <= 2  # grid points next to the interval ends


@pytest.mark.parametrize("n_obj", [2, 3, 4])
def test_dtlz7_front(n_obj, pymoo_get):
    p = DTLZ7(n_var=n_obj + 5, n_obj=n_obj)
    pf = p.pareto_front()
    s = max(2, round(500 ** (1 / (n_obj - 1))))
    assert pf.shape == (s ** (n_obj - 1), n_obj)
    assert paretix.is_nondominated(pf).all()
    X = np.zeros((len(pf), p.n_var))
    X[:, : n_obj - 1] = pf[:, :-1]  # distance variables 0: g = 1
    np.testing.assert_allclose(p.evaluate(X).F, pf, rtol=RTOL, atol=ATOL)
    # No point of the optimal (g = 1) surface dominates the front: random ones, and pymoo's
    # (random samples of that surface, dominated parts included, when n_obj != 3).
    rng = np.random.default_rng(n_obj)
    X = np.zeros((4000, p.n_var))
    X[:, : n_obj - 1] = rng.random((4000, n_obj - 1))
    samples = [p.evaluate(X).F]
    if n_obj != 3:
        samples.append(pymoo_get("dtlz7", n_obj=n_obj, n_var=n_obj + 5).pareto_front())
    for S in samples:
        assert paretix.is_nondominated(np.vstack([pf, S]), keep_weakly=True)[: len(pf)].all()


def test_default_ref_dirs():
    assert default_ref_dirs(2).shape == (100, 2) and default_ref_dirs(3).shape == (136, 3)
    assert default_ref_dirs(5).shape == (715, 5) and default_ref_dirs(8).shape == (792, 8)
    assert len(default_ref_dirs(30)) <= 1000


# --- validation, registry --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "exc", "match"),
    [
        (lambda: DTLZ2(n_var=3, n_obj=5), ValueError, r"n_var >= n_obj.*n_var=3, n_obj=5"),
        (lambda: DTLZ1(n_obj=8), ValueError, r"n_var=7, n_obj=8"),
        (lambda: DTLZ2(n_obj=1), ValueError, r"n_obj must be >= 2"),
        (lambda: DTLZ2(n_var=10.0), TypeError, r"n_var must be an int"),
        (lambda: DTLZ4(alpha=0), ValueError, r"alpha must be positive"),
        (lambda: DTLZ4(alpha="1"), TypeError, r"alpha must be a real number"),
        (lambda: ZDT1(n_var=1), ValueError, r"n_var must be >= 2"),
        (lambda: get("zdt4", n_var=True), TypeError, r"n_var must be an int"),
        (lambda: ZDT1().pareto_front(0), ValueError, r"n_pareto_points must be >= 1"),
        (lambda: ZDT3().pareto_front(4), ValueError, r"n_pareto_points must be >= 5"),
        (lambda: DTLZ2().pareto_front(np.ones((4, 2))), ValueError, r"shape \(n, n_obj=3\)"),
        (lambda: DTLZ2().pareto_front(-np.ones((4, 3))), ValueError, r"non-negative"),
        (lambda: DTLZ2().pareto_front(np.zeros((4, 3))), ValueError, r"row 0 is all zeros"),
        (lambda: DTLZ7().pareto_front(n_points=0), ValueError, r"n_points must be >= 1"),
    ],
)
def test_validation(factory, exc, match):
    with pytest.raises(exc, match=match):
        factory()


def test_registry():
    names = paretix.problems.available()
    assert {"zdt1", "zdt2", "zdt3", "zdt4", "zdt6"} | {f"dtlz{i}" for i in range(1, 8)} <= set(names)
    p = get("DTLZ4", n_obj=5, n_var=12, alpha=2)
    assert (type(p).__name__, p.n_obj, p.n_var, p.k, p.alpha) == ("DTLZ4", 5, 12, 8, 2.0)


@pytest.mark.gpu
@pytest.mark.parametrize(("name", "kwargs"), ZDT_CASES[::2] + DTLZ_CASES[1::4])
def test_cupy_matches_numpy(name, kwargs):
    cp = pytest.importorskip("cupy")
    p = get(name, **kwargs)
    X = _points(p, np.random.default_rng(0))
    F = p.evaluate(cp.asarray(X)).F
    assert isinstance(F, cp.ndarray)
    np.testing.assert_allclose(cp.asnumpy(F), p.evaluate(X).F, rtol=RTOL, atol=ATOL)
