"""Shared test configuration for paretix.

* ``rank_backend`` / ``nd_backend`` / ``cd_backend`` parametrize a test over every usable backend
  that implements ``pareto_rank`` / ``is_nondominated`` / ``crowding_distance`` (reference
  included); ``fast_rank_backend`` etc. leave the reference out (used for parity against it).
* Tests marked ``gpu`` are skipped unless ``paretix.kernels.status("cuda").available``; tests
  marked ``slow`` are skipped unless selected with ``-m slow``.
* Hypothesis: ``deadline=None`` (numba compiles on first call) and a modest example count; set
  ``HYPOTHESIS_PROFILE=thorough`` for a longer run.
* ``isolated_backends`` restores the backend registry (probes, status cache, fallback warnings)
  after a test that tampers with it.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from paretix import kernels
from paretix.kernels import _backends

settings.register_profile(
    "paretix",
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "thorough",
    deadline=None,
    max_examples=1000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(  # CI: the same examples every run, no example database
    "ci",
    parent=settings.get_profile("paretix"),
    derandomize=True,
    database=None,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "paretix"))

KERNEL_NAMES = ("pareto_rank", "is_nondominated", "crowding_distance")

_FIXTURE_KERNEL = {
    "rank_backend": ("pareto_rank", True),
    "nd_backend": ("is_nondominated", True),
    "cd_backend": ("crowding_distance", True),
    "fast_rank_backend": ("pareto_rank", False),
    "fast_nd_backend": ("is_nondominated", False),
    "fast_cd_backend": ("crowding_distance", False),
    "any_backend": ("*", True),  # backends implementing all three kernels
}


def usable_backends(kernel: str, *, include_reference: bool = True) -> tuple[str, ...]:
    """Backends usable here that implement ``kernel`` (fastest first); ``"*"``: all kernels."""
    if kernel == "*":
        common = set.intersection(*(set(kernels.kernel_backends(k)) for k in KERNEL_NAMES))
        names = tuple(b for b in kernels.kernel_backends(KERNEL_NAMES[0]) if b in common)
    else:
        names = kernels.kernel_backends(kernel)
    if not include_reference:
        names = tuple(b for b in names if b != "reference")
    return names


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for fixture, (kernel, with_reference) in _FIXTURE_KERNEL.items():
        if fixture in metafunc.fixturenames:
            names = usable_backends(kernel, include_reference=with_reference)
            if not names:  # keep the test visible as a skip rather than silently dropping it
                metafunc.parametrize(
                    fixture,
                    [pytest.param(None, marks=pytest.mark.skip(reason=f"no usable backend for {kernel}"))],
                )
            else:
                metafunc.parametrize(fixture, names)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # ``slow`` tests run only when a -m expression names them ("run with -m slow").
    if "slow" not in (config.getoption("markexpr", "") or ""):
        skip_slow = pytest.mark.skip(reason="slow: run with -m slow")
        for item in items:
            if item.get_closest_marker("slow") is not None:
                item.add_marker(skip_slow)
    # get_closest_marker, not item.keywords: keywords also hold directory names (tests/gpu/).
    gpu_items = [item for item in items if item.get_closest_marker("gpu") is not None]
    if not gpu_items:
        return
    st = kernels.status("cuda")
    if st.available:
        return
    skip = pytest.mark.skip(reason=f"no usable CUDA device: {st.reason}")
    for item in gpu_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def backends_by_kernel() -> dict[str, tuple[str, ...]]:
    """``{kernel: usable backends}`` for the three kernels (reference included)."""
    return {k: usable_backends(k) for k in KERNEL_NAMES}


@pytest.fixture(autouse=True)
def _no_backend_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start from the default selection, whatever the developer's shell exports."""
    monkeypatch.delenv("PARETIX_BACKEND", raising=False)


@pytest.fixture
def isolated_backends():
    """Snapshot the backend registry; restore it, clear the status cache and fallback warnings."""
    saved = dict(_backends._PROBES)
    kernels.status.cache_clear()
    _backends.reset_warnings()
    yield _backends
    _backends._PROBES.clear()
    _backends._PROBES.update(saved)
    kernels.status.cache_clear()
    _backends.reset_warnings()
