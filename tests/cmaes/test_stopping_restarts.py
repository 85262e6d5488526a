"""Stopping criteria (each one triggered on purpose) and IPOP/BIPOP restarts."""

from __future__ import annotations

import numpy as np
import pytest

from paretix.cmaes import STOP_REASONS, BatchCMAES, fmin


def sphere(X):
    return (X**2).sum(axis=-1)


@pytest.mark.parametrize(("kwargs", "f", "reason"), [
    (dict(ftarget=1e-3), sphere, "ftarget"),
    (dict(max_evals=100), sphere, "maxfevals"),
    (dict(maxiter=7), sphere, "maxiter"),
    (dict(), sphere, "tolfun"),
    (dict(tolfun=0.0, tolflatfitness=10**9), sphere, "tolx"),
    (dict(), lambda X: np.zeros(len(X)), "tolfun"),  # a flat f: the range is 0 at once
    (dict(tolfun=0.0), lambda X: np.zeros(len(X)), "tolflatfitness"),
    (dict(), lambda X: -np.abs(X).sum(axis=1), "tolfacupx"),
    (dict(tolconditioncov=1e4), lambda X: X[:, 0] ** 2 + 1e8 * (X[:, 1:] ** 2).sum(axis=1), "conditioncov"),
    (dict(tolfun=0.0, tolx=0.0, tolflatfitness=10**9, tolstagnation=False),
     lambda X: ((X - 1e3) ** 2).sum(axis=1), "noeffectaxis"),  # 0.1 sigma along an axis: before a coordinate
    (dict(tolfun=0.0, tolx=0.0, tolflatfitness=10**9, tolstagnation=False, diagonal=True),
     lambda X: ((X - 1e3) ** 2).sum(axis=1), "noeffectcoord"),  # sep-CMA-ES has no axis test
    (dict(tolfun=0.0, tolx=0.0, tolflatfitness=10**9, tolstagnation=40),
     lambda X: np.random.default_rng(int(abs(X[0, 0]) * 1e6)).random(len(X)), "tolstagnation"),
])
def test_each_stop_reason(kwargs, f, reason):
    x0 = np.full(4, 1e3 + 0.5 if reason.startswith("noeffect") else 0.5)
    res = fmin(f, x0, 0.3, seed=1, vectorized=True, **kwargs)
    assert res.stop_reason == reason, res.runs
    assert reason in STOP_REASONS
    assert res.runs[-1]["stop"][0] == reason


def test_user_stop_via_callback():
    res = fmin(sphere, np.ones(3), 0.5, seed=0, vectorized=True, callback=lambda e: e.n_iter[0] < 5)
    assert res.stop_reason == "user" and res.n_iter == 5


def test_ipop_doubles_the_unrounded_default_popsize():
    # pycma: int((4 + 3 ln 10) * 2^k) = 10, 21, 43, 87 in 10-D
    res = fmin(lambda X: np.zeros(len(X)), np.zeros(10), 1.0, seed=0, vectorized=True, restarts=3)
    assert [r["popsize"] for r in res.runs] == [10, 21, 43, 87]
    assert [r["stop"][0] for r in res.runs] == ["tolfun"] * 4
    assert res.n_eval == sum(r["n_eval"] for r in res.runs)
    given = fmin(lambda X: np.zeros(len(X)), np.zeros(3), 1.0, seed=0, vectorized=True, restarts=2, popsize=6,
                 incpopsize=3)
    assert [r["popsize"] for r in given.runs] == [6, 18, 54]


def test_ipop_stops_at_final_criteria():
    res = fmin(sphere, np.ones(5), 1.0, seed=0, vectorized=True, restarts=5, ftarget=1e-8)
    assert len(res.runs) == 1 and res.stop_reason == "ftarget"
    res = fmin(lambda X: np.zeros(len(X)), np.ones(5), 1.0, seed=0, vectorized=True, restarts=50, max_evals=300)
    assert res.stop_reason == "maxfevals" and 300 <= res.n_eval < 300 + res.runs[-1]["popsize"]


def test_bipop_interleaves_small_and_large_runs():
    f = lambda X: 10 * X.shape[1] + (X**2 - 10 * np.cos(2 * np.pi * X)).sum(axis=1)
    res = fmin(f, np.full(4, 3.0), 2.0, seed=3, vectorized=True, restarts=3, restart_strategy="bipop",
               max_evals=30_000, tolfun=1e-4)
    regimes = [r["regime"] for r in res.runs]
    assert regimes[0] == "small" and regimes[1] == "large"  # the first run counts as small
    large = [r for r in res.runs if r["regime"] == "large"]
    small = [r for r in res.runs[1:] if r["regime"] == "small"]
    assert small, regimes
    lam0 = res.runs[0]["popsize"]
    assert [r["popsize"] for r in large] == [int((4 + 3 * np.log(4)) * 2**k) for k in range(1, len(large) + 1)]
    assert all(lam0 <= r["popsize"] <= max(q["popsize"] for q in large) for r in small)
    assert len(large) <= 3  # restarts bound the large runs only
    # a small run starts only while the small budget is below the large one
    spent_small, spent_large = res.runs[0]["n_eval"], 0
    for r in res.runs[1:]:
        assert (r["regime"] == "small") == (spent_small < max(1, spent_large))
        if r["regime"] == "small":
            spent_small += r["n_eval"]
        else:
            spent_large += r["n_eval"]


def test_batch_instances_restart_on_their_own():
    # instance 0 sees a flat function (restarts with larger populations), the others a sphere
    es = BatchCMAES(np.ones((3, 3)), 0.5, seed=0, restarts=2, ftarget=1e-8)
    while es.has_next():
        X, mask = es.ask()
        F = sphere(X)
        F[0] = 1.0  # flat for instance 0
        es.tell(F)
    res = es.result()
    assert res.stop_reason == ["tolfun", "ftarget", "ftarget"]
    runs0 = [r for r in res.runs if r["instance"] == 0]
    assert [r["popsize"] for r in runs0] == [7, 14, 29]  # int(7.296 * 2^k)
    assert es.popsize[0] == 29 and (es.popsize[1:] == 7).all()


def _coordinate_flags_loop(e, rows):
    """tolx, tolfacupx, noeffectaxis, noeffectcoord, conditioncov and invalid, one instance at a
    time, straight from the definitions (the oracle of the vectorised check)."""
    from paretix.algorithms._cma.stopping import BIT

    out = []
    for b in rows:
        s, m, D = e.sigma[b], e.mean[b], e.D[b]
        var = e.C[b] if e.diagonal else np.diag(e.C[b])
        sd = s * np.sqrt(var)
        w = 0
        w |= BIT["tolx"] * bool(np.all(sd < e.tolx) and np.all(s * np.abs(e.pc[b]) < e.tolx))
        w |= BIT["tolfacupx"] * bool(np.any(sd > e.tolfacupx * e.sigma0[b] * e.stds[b]))
        w |= BIT["noeffectcoord"] * bool(np.any(m == m + 0.2 * sd))
        with np.errstate(invalid="ignore", divide="ignore"):
            w |= BIT["conditioncov"] * bool((D.max() / D.min()) ** 2 > e.tolconditioncov)
        w |= BIT["invalid"] * bool(not np.isfinite(s) or not np.isfinite(m).all() or not np.isfinite(D).all() or s <= 0)
        if not e.diagonal:
            i = e.g[b] % e.n
            w |= BIT["noeffectaxis"] * bool(np.all(m == m + 0.1 * s * D[i] * e.Bm[b][:, i]))
        out.append(w)
    return np.array(out, dtype=np.int64)


@pytest.mark.parametrize("diagonal", [False, True], ids=["full", "diagonal"])
def test_vectorised_coordinate_criteria_match_a_loop(diagonal):
    from paretix.algorithms._cma import stopping

    mask = 0
    for name in ("tolx", "tolfacupx", "noeffectaxis", "noeffectcoord", "conditioncov", "invalid"):
        mask |= stopping.BIT[name]
    rng = np.random.default_rng(3)
    seen = 0
    for trial in range(25):
        B, n = 12, int(rng.integers(2, 7))
        es = BatchCMAES(rng.uniform(-1, 1, (B, n)), 1.0, seed=trial, diagonal=diagonal)
        for _ in range(int(rng.integers(1, 6))):
            X, _ = es.ask()
            es.tell(sphere(X))
        e = es.engine
        X, _ = es.ask()
        F = sphere(X)
        e.g[:] = rng.integers(1, 50, B)  # different axes per instance
        e.sigma[rng.random(B) < 0.3] = 1e-30
        e.sigma[rng.random(B) < 0.1] = 1e6
        e.mean[rng.random(B) < 0.1, 0] = np.nan
        e.D[rng.random(B) < 0.2] *= np.r_[1e-9, np.ones(n - 1)]
        rows = np.sort(rng.choice(B, int(rng.integers(1, B + 1)), replace=False))
        sel = slice(None) if len(rows) == B else rows
        Fr = F[sel]
        fs = np.sort(Fr, axis=1)
        lam, ar = e.lam[sel], np.arange(len(rows))
        fm = 0.5 * (fs[ar, (lam - 1) // 2] + fs[ar, lam // 2])
        flags = stopping.check(e, rows, sel, fs, fm, Fr, None, False)
        expected = _coordinate_flags_loop(e, rows)
        np.testing.assert_array_equal(flags & mask, expected)
        seen |= int(np.bitwise_or.reduce(expected))
    want = mask if not diagonal else mask & ~stopping.BIT["noeffectaxis"]
    assert seen == want  # every criterion was triggered somewhere


def test_ring_write_slice_and_scatter_agree():
    from paretix.algorithms._cma.stopping import _ring_write

    rng = np.random.default_rng(0)
    rows = np.arange(5)
    for pos in (np.full(5, 3), np.array([0, 6, 3, 3, 1])):
        a, b = np.full((7, 5), np.nan), np.full((7, 5), np.nan)
        vals = rng.random(5)
        _ring_write(a, rows, pos, vals)
        b[pos, rows] = vals
        np.testing.assert_array_equal(a, b)
    a = np.full((7, 5), np.nan)  # a subset of the instances: always the scatter
    _ring_write(a, rows[[1, 3]], np.array([2, 2]), np.array([1.0, 2.0]))
    assert np.nansum(a) == 3.0 and np.isnan(a[2, [0, 2, 4]]).all()


def test_stopping_shortcuts_change_nothing(monkeypatch):
    """The slice write of the ring histories and the tolfun history read only where this
    generation's range is small give the same runs as the plain scatter and full read."""
    from paretix.algorithms._cma import stopping

    def run():
        rng = np.random.default_rng(4)
        es = BatchCMAES(rng.uniform(-3, 3, (6, 4)), 1.5, seed=2, restarts=3, tolfun=1e-6, max_evals=20_000)
        es.engine._k_record = None  # the array path (stopping.check), where the shortcuts live
        return es.optimize(lambda X: (X**2).sum(axis=1) + np.round(X[:, 0], 1))

    fast = run()

    def scatter(hist, rows, pos, values):
        hist[pos, rows] = values

    monkeypatch.setattr(stopping, "_ring_write", scatter)
    plain = run()
    np.testing.assert_array_equal(fast.x, plain.x)
    np.testing.assert_array_equal(fast.n_eval, plain.n_eval)
    assert fast.stop_reason == plain.stop_reason
    assert [r["stop"] for r in fast.runs] == [r["stop"] for r in plain.runs]
    assert any("tolfun" in r["stop"] for r in fast.runs)


@pytest.mark.parametrize("kw", [{}, {"bounds": (-3.01, 3.01)}, {"bounds": (-3.01, 3.01), "bounds_method": "penalty"},
                                {"diagonal": True}, {"factorization": "eigen"}, {"tolstagnation": 30}],
                         ids=["plain", "transform", "penalty", "diagonal", "eigen", "stagnation"])
def test_record_kernel_and_array_path_give_the_same_runs(kw):
    """cma_record (the kernels' bookkeeping) against stopping.check + Engine._update_best: the same
    best so far, histories, flags and restarts, with NaN f, constraints and padded rows."""
    from paretix.kernels import kernel_backends
    from paretix.kernels.cmaes import _RECORD

    def run(backend):
        rng = np.random.default_rng(0)
        es = BatchCMAES(rng.uniform(-3, 1, (12, 5)), 1.0, seed=3, restarts=3, tolfun=1e-9, maxiter=40, **kw)
        e = es.engine
        e._k_record = None if backend is None else _RECORD.resolve(backend)[1]
        for it in range(300):
            if e.done.all():
                break
            X, _ = es.ask()
            F = ((X - 1.5) ** 2).sum(-1) + 0.1 * np.round(np.sin(7 * X), 1).sum(-1)
            F[:, 0] = np.nan if it % 7 == 0 else F[:, 0]
            cv = np.maximum(0.0, X[..., 0] - 0.5) if it % 2 == 0 else None
            es.tell(F, cv)
        return e

    ref = run(None)
    assert len({ev["popsize"] for ev in ref.events}) > 1  # restarts with padded rows
    for backend in kernel_backends("cma_record"):
        e = run(backend)
        for name in ("fbest", "cvbest", "xbest", "best_eval", "best_k", "flat", "funhist", "stag_best", "stag_med",
                     "mean", "C", "sigma", "n_eval", "improved", "stop_flags"):
            np.testing.assert_array_equal(getattr(e, name), getattr(ref, name), err_msg=f"{backend} {name}")
        assert e.events == ref.events, backend
