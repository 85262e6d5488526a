"""Backend registry and selection: explicit ``backend=``, ``PARETIX_BACKEND``, fallbacks, probes."""

from __future__ import annotations

import importlib.machinery
import json
import os
import re
import subprocess
import sys
import textwrap
import types
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import paretix
from paretix import kernels
from paretix.kernels import (
    KERNELS,
    BackendFallbackWarning,
    BackendStatus,
    BackendUnavailableError,
    crowding_distance,
)
from paretix.kernels import _backends

FUNCS = {
    "pareto_rank": paretix.pareto_rank,
    "is_nondominated": paretix.is_nondominated,
    "crowding_distance": crowding_distance,
}
RNG = np.random.default_rng(2024)
PTS = RNG.integers(0, 5, size=(120, 3)).astype(float)


def needs(backend: str):
    return pytest.mark.skipif(not kernels.status(backend).available, reason=f"{backend} unavailable here")


@pytest.fixture(params=sorted(FUNCS))
def kernel_name(request):
    return request.param


def fallback_warnings(record) -> list[warnings.WarningMessage]:
    return [w for w in record if issubclass(w.category, BackendFallbackWarning)]


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARETIX_")}
    env["PYTHONWARNINGS"] = "error"
    return env


def run_python(code: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=180,
        env=clean_env(),
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- registry ----------------------------------------------------------------------------------------


def test_backend_names():
    assert kernels.BACKENDS == ("native", "cuda", "numba", "reference")
    assert {"pareto_rank", "is_nondominated", "crowding_distance", "associate", "niching"} <= set(KERNELS)


def test_status_objects():
    for name in kernels.BACKENDS:
        st = kernels.status(name)
        assert isinstance(st, BackendStatus)
        assert st.name == name
        assert isinstance(st.available, bool)
        assert st.reason  # why not, or what it is
        assert kernels.status(name) is st  # probed once, cached
    assert kernels.status("reference").available


def test_status_unknown_name():
    with pytest.raises(ValueError, match=r"backend must be one of 'native', 'cuda', 'numba', 'reference', got 'numpy'"):
        kernels.status("numpy")


def test_available_backends_consistent_with_status():
    avail = kernels.available_backends()
    assert avail == tuple(b for b in kernels.BACKENDS if kernels.status(b).available)
    assert "reference" in avail


@pytest.mark.parametrize("kernel", sorted(KERNELS))
def test_kernel_backends(kernel):
    names = kernels.kernel_backends(kernel)
    assert set(names) <= set(kernels.available_backends())
    assert "reference" in names
    assert "cuda" not in names  # no kernel has a CUDA implementation yet
    assert list(names) == [b for b in kernels.BACKENDS if b in names]  # fastest first


def test_kernel_backends_unknown_kernel():
    with pytest.raises(KeyError, match="unknown kernel 'no_such_kernel'"):
        kernels.kernel_backends("no_such_kernel")


def test_error_types():
    assert issubclass(BackendUnavailableError, RuntimeError)
    assert issubclass(BackendFallbackWarning, UserWarning)


# --- explicit backend= ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["gpu", "Native", "", "numpy", 1, 1.5])
def test_explicit_unknown_backend(kernel_name, bad):
    with pytest.raises(ValueError, match=r"backend must be one of 'native', 'cuda', 'numba', 'reference', got"):
        FUNCS[kernel_name](PTS, backend=bad)


def test_explicit_cuda_has_no_implementation(kernel_name):
    with pytest.raises(BackendUnavailableError, match=rf"{kernel_name} has no 'cuda' implementation \(it has: native, numba, reference\)"):
        FUNCS[kernel_name](PTS, backend="cuda")


def test_explicit_backend_overrides_env(monkeypatch, kernel_name):
    expected = FUNCS[kernel_name](PTS)
    monkeypatch.setenv("PARETIX_BACKEND", "cuda")
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        out = FUNCS[kernel_name](PTS, backend="reference")
    assert fallback_warnings(record) == []
    np.testing.assert_array_equal(out, expected)


# --- PARETIX_BACKEND ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("wanted", ["numba", "reference", "native"])
def test_env_selects_backend(monkeypatch, kernel_name, wanted):
    if not kernels.status(wanted).available:
        pytest.skip(f"{wanted} unavailable")
    expected = FUNCS[kernel_name](PTS, backend=wanted)
    monkeypatch.setenv("PARETIX_BACKEND", wanted)
    assert KERNELS[kernel_name].resolve()[0] == wanted
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        out = FUNCS[kernel_name](PTS)
    assert fallback_warnings(record) == []
    np.testing.assert_array_equal(out, expected)


def test_env_value_is_stripped(monkeypatch):
    monkeypatch.setenv("PARETIX_BACKEND", "  reference\n")
    assert KERNELS["pareto_rank"].resolve()[0] == "reference"


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_env_means_default(monkeypatch, value):
    monkeypatch.setenv("PARETIX_BACKEND", value)
    assert KERNELS["pareto_rank"].resolve()[0] == kernels.kernel_backends("pareto_rank")[0]


@pytest.mark.parametrize("bad", ["gpu", "NATIVE", "numba,native"])
def test_env_invalid_name(monkeypatch, kernel_name, bad):
    monkeypatch.setenv("PARETIX_BACKEND", bad)
    with pytest.raises(ValueError, match=rf"PARETIX_BACKEND must be one of .*got '{bad}'"):
        FUNCS[kernel_name](PTS)


def test_env_cuda_falls_back_with_one_warning(monkeypatch, isolated_backends, kernel_name):
    func = FUNCS[kernel_name]
    expected = func(PTS, backend=kernels.kernel_backends(kernel_name)[0])
    monkeypatch.setenv("PARETIX_BACKEND", "cuda")
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        first = func(PTS)
        second = func(PTS)
    found = fallback_warnings(record)
    assert len(found) == 1, [str(w.message) for w in found]
    assert re.search(rf"PARETIX_BACKEND='cuda' cannot run {kernel_name}: .*; using '(native|numba|reference)'", str(found[0].message))
    assert found[0].filename == __file__, "stacklevel should point at the caller"
    np.testing.assert_array_equal(first, expected)
    np.testing.assert_array_equal(second, expected)


def test_env_fallback_warns_once_per_kernel(monkeypatch, isolated_backends):
    monkeypatch.setenv("PARETIX_BACKEND", "cuda")
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        for _ in range(3):
            for func in FUNCS.values():
                func(PTS)
    messages = sorted(str(w.message).split(" cannot run ")[1].split(":")[0] for w in fallback_warnings(record))
    assert messages == sorted(FUNCS)


def test_reset_warnings_rearms(monkeypatch, isolated_backends):
    monkeypatch.setenv("PARETIX_BACKEND", "cuda")
    with pytest.warns(BackendFallbackWarning, match="PARETIX_BACKEND='cuda'"):
        paretix.pareto_rank(PTS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paretix.pareto_rank(PTS)  # already warned: silent
    _backends.reset_warnings()
    with pytest.warns(BackendFallbackWarning, match="PARETIX_BACKEND='cuda'"):
        paretix.pareto_rank(PTS)


# --- simulated missing backends ------------------------------------------------------------------------------


def _set_probe(mod, name: str, available: bool, reason: str) -> None:
    mod._PROBES[name] = lambda: BackendStatus(name, available, reason)
    kernels.status.cache_clear()
    mod.reset_warnings()


def test_missing_native_falls_back_with_one_warning(isolated_backends):
    expected = {k: f(PTS, backend="native") for k, f in FUNCS.items()} if kernels.status("native").available else None
    if expected is None:
        pytest.skip("native unavailable: nothing to simulate")
    _set_probe(isolated_backends, "native", False, "simulated: not built")
    assert "native" not in kernels.available_backends()
    assert "native" not in kernels.kernel_backends("pareto_rank")
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        got = {k: f(PTS) for k, f in FUNCS.items()}
        got2 = {k: f(PTS) for k, f in FUNCS.items()}
    found = fallback_warnings(record)
    assert len(found) == 1, [str(w.message) for w in found]
    fallback = kernels.kernel_backends("pareto_rank")[0]
    assert f"backend 'native' is unavailable: simulated: not built; kernels fall back to '{fallback}'" in str(found[0].message)
    for k in FUNCS:
        np.testing.assert_array_equal(got[k], expected[k])
        np.testing.assert_array_equal(got2[k], expected[k])
    with pytest.raises(BackendUnavailableError, match="backend 'native' is unavailable: simulated: not built"):
        paretix.pareto_rank(PTS, backend="native")


@needs("native")
def test_missing_native_and_numba_uses_reference(isolated_backends):
    expected = {k: f(PTS, backend="native") for k, f in FUNCS.items()}
    _set_probe(isolated_backends, "native", False, "simulated")
    _set_probe(isolated_backends, "numba", False, "simulated numba")
    assert kernels.available_backends() in (("reference",), ("cuda", "reference"))
    with pytest.warns(BackendFallbackWarning, match="kernels fall back to 'reference'"):
        chosen = {k: KERNELS[k].resolve()[0] for k in FUNCS}
        got = {k: f(PTS) for k, f in FUNCS.items()}
    assert set(chosen.values()) == {"reference"}
    for k in FUNCS:
        np.testing.assert_array_equal(got[k], expected[k])


@needs("native")
def test_env_native_missing_falls_back(monkeypatch, isolated_backends):
    expected = paretix.pareto_rank(PTS, backend="native")
    _set_probe(isolated_backends, "native", False, "simulated")
    monkeypatch.setenv("PARETIX_BACKEND", "native")
    with pytest.warns(BackendFallbackWarning, match=r"PARETIX_BACKEND='native' cannot run pareto_rank: backend 'native' is unavailable: simulated; using"):
        got = paretix.pareto_rank(PTS)
    np.testing.assert_array_equal(got, expected)


@needs("numba")
def test_disable_numba_env(monkeypatch, isolated_backends):
    monkeypatch.setenv("PARETIX_DISABLE_NUMBA", "1")
    kernels.status.cache_clear()
    st = kernels.status("numba")
    assert not st.available
    assert "PARETIX_DISABLE_NUMBA" in st.reason
    assert "numba" not in kernels.kernel_backends("pareto_rank")
    with pytest.raises(BackendUnavailableError, match="backend 'numba' is unavailable: disabled by PARETIX_DISABLE_NUMBA"):
        paretix.pareto_rank(PTS, backend="numba")
    monkeypatch.setenv("PARETIX_BACKEND", "numba")
    with pytest.warns(BackendFallbackWarning, match="PARETIX_BACKEND='numba' cannot run pareto_rank"):
        got = paretix.pareto_rank(PTS)
    np.testing.assert_array_equal(got, paretix.pareto_rank(PTS, backend="reference"))


# --- CUDA probe classification (fake paretix._cuda module) ---------------------------------------------------


def _fake_cuda(monkeypatch, count, err_name, err_msg, name="Fake GPU"):
    fake = types.ModuleType("paretix._cuda")
    fake.__spec__ = importlib.machinery.ModuleSpec("paretix._cuda", None)
    fake.device_count = lambda: (count, err_name, err_msg)
    fake.device_info = lambda i=0: {"name": name}
    monkeypatch.setitem(sys.modules, "paretix._cuda", fake)


@pytest.mark.parametrize(
    ("count", "err_name", "err_msg", "available", "pattern"),
    [
        (2, "", "", True, r"2 device\(s\), device 0: Fake GPU"),
        (0, "cudaErrorInsufficientDriver", "CUDA driver version is insufficient for CUDA runtime version", False, r"^no driver \(cudaErrorInsufficientDriver: CUDA driver version"),
        (0, "cudaErrorNoDevice", "no CUDA-capable device is detected", False, r"^no device"),
        (0, "", "", False, r"^no device"),
        (0, "cudaErrorSystemNotReady", "system not yet initialized", False, r"^no usable device \(cudaErrorSystemNotReady: system not yet initialized\)"),
    ],
)
def test_cuda_probe_classification(monkeypatch, isolated_backends, count, err_name, err_msg, available, pattern):
    _fake_cuda(monkeypatch, count, err_name, err_msg)
    st = _backends._probe_cuda()
    assert st.name == "cuda"
    assert st.available is available
    assert re.search(pattern, st.reason), st.reason


def test_cuda_available_still_not_used_for_host_kernels(monkeypatch, isolated_backends):
    _fake_cuda(monkeypatch, 1, "", "")
    assert kernels.status("cuda").available
    assert "cuda" not in kernels.kernel_backends("pareto_rank")
    with pytest.raises(BackendUnavailableError, match="has no 'cuda' implementation"):
        paretix.pareto_rank(PTS, backend="cuda")


# --- threads (native and numba release the GIL) ----------------------------------------------------------------


@pytest.mark.parametrize("kernel", sorted(FUNCS))
def test_concurrent_calls(kernel):
    func = FUNCS[kernel]
    data = [np.random.default_rng(s).integers(0, 8, size=(400, 3)).astype(float) for s in range(8)]
    for backend in kernels.kernel_backends(kernel):
        if backend == "reference":
            continue
        expected = [func(d, backend=backend) for d in data]
        with ThreadPoolExecutor(max_workers=2) as pool:
            got = list(pool.map(lambda d, b=backend: func(d, backend=b), data))
        for e, g in zip(expected, got):
            np.testing.assert_array_equal(g, e)


# --- subprocesses: import isolation and missing numba --------------------------------------------------------


def test_import_loads_no_optional_modules():
    out = run_python(
        """
        import json, sys
        import paretix, paretix.kernels
        heavy = ("numba", "cupy", "paretix._cuda", "paretix._core", "paretix.kernels._numba")
        print(json.dumps({"loaded": sorted(m for m in heavy if m in sys.modules)}))
        """
    )
    assert out["loaded"] == []


@needs("native")
def test_native_call_does_not_import_numba():
    out = run_python(
        """
        import json, sys
        import numpy as np, paretix
        from paretix.kernels import crowding_distance
        p = np.random.default_rng(0).random((50, 3))
        paretix.pareto_rank(p); paretix.is_nondominated(p); crowding_distance(p)
        print(json.dumps({"loaded": sorted(m for m in ("numba", "cupy", "paretix._cuda") if m in sys.modules),
                          "core": "paretix._core" in sys.modules}))
        """
    )
    assert out == {"loaded": [], "core": True}


def test_hidden_numba_reports_not_installed():
    out = run_python(
        """
        import sys
        sys.modules["numba"] = None  # as if numba were not installed
        import json
        import numpy as np, paretix
        from paretix import kernels
        st = kernels.status("numba")
        p = np.random.default_rng(7).integers(0, 4, size=(150, 3)).astype(float)
        res = {"available": st.available, "reason": st.reason,
               "rank_backends": list(kernels.kernel_backends("pareto_rank")),
               "rank": paretix.pareto_rank(p).tolist(),
               "nd": paretix.is_nondominated(p).tolist(),
               "cd": kernels.crowding_distance(p).tolist()}
        try:
            paretix.pareto_rank(p, backend="numba")
        except kernels.BackendUnavailableError as exc:
            res["error"] = str(exc)
        print(json.dumps(res))
        """
    )
    assert out["available"] is False
    assert "not installed" in out["reason"]
    assert "numba" not in out["rank_backends"]
    assert "not installed" in out["error"]
    p = np.random.default_rng(7).integers(0, 4, size=(150, 3)).astype(float)
    assert out["rank"] == paretix.pareto_rank(p, backend="reference").tolist()
    assert out["nd"] == paretix.is_nondominated(p, backend="reference").tolist()
    np.testing.assert_array_equal(out["cd"], crowding_distance(p, backend="reference"))


def test_hidden_native_and_numba_fall_back_to_reference():
    out = run_python(
        """
        import sys
        sys.modules["numba"] = None
        sys.modules["paretix._core"] = None  # as if the C++ module were not built
        import json, warnings
        import numpy as np, paretix
        from paretix import kernels
        p = np.random.default_rng(8).integers(0, 4, size=(100, 4)).astype(float)
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always")
            r1 = paretix.pareto_rank(p).tolist()
            r2 = paretix.pareto_rank(p).tolist()
        print(json.dumps({"native": kernels.status("native").reason, "available": kernels.available_backends(),
                          "warnings": [f"{w.category.__name__}: {w.message}" for w in rec], "r1": r1, "r2": r2}))
        """
    )
    assert "not built" in out["native"]
    assert "native" not in out["available"] and "numba" not in out["available"]
    assert len(out["warnings"]) == 1, out["warnings"]
    assert out["warnings"][0].startswith("BackendFallbackWarning: backend 'native' is unavailable")
    assert "fall back to 'reference'" in out["warnings"][0]
    p = np.random.default_rng(8).integers(0, 4, size=(100, 4)).astype(float)
    assert out["r1"] == out["r2"] == paretix.pareto_rank(p).tolist()
