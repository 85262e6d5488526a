"""Kernel entry points, one Python signature per kernel, and the backend registry.

Each function here validates its input once and dispatches to a backend (``native`` C++,
``cuda``, ``numba``, ``reference`` NumPy); see :mod:`paretix.kernels._backends` for the rules.
"""

from ._backends import (
    BACKENDS,
    BackendFallbackWarning,
    BackendStatus,
    BackendUnavailableError,
    status,
)
from .niching import KERNELS as _NICHING_KERNELS
from .niching import associate, niching
from .nds import KERNELS as _NDS_KERNELS
from .nds import UNRANKED, crowding_distance, is_nondominated, pareto_rank
from .cmaes import KERNELS as _CMAES_KERNELS
from .cmaes import cma_cholesky, cma_decompose, cma_record, cma_sample, cma_stop_flags, cma_update

KERNELS = {**_NDS_KERNELS, **_NICHING_KERNELS}
KERNELS.update(_CMAES_KERNELS)
from .hv import KERNELS as _HV_KERNELS  # noqa: E402 - grouped with its registration

KERNELS.update(_HV_KERNELS)
from .genetic import KERNELS as _GENETIC_KERNELS  # noqa: E402
from .genetic import duplicated  # noqa: E402

KERNELS.update(_GENETIC_KERNELS)
from .variation import KERNELS as _VARIATION_KERNELS  # noqa: E402
from .variation import polynomial_mutation, sbx, sbx_pm  # noqa: E402
from ._threads import get_num_threads, set_num_threads  # noqa: E402

KERNELS.update(_VARIATION_KERNELS)
from .hype import KERNELS as _HYPE_KERNELS  # noqa: E402
from .hype import hype_fitness, hype_greedy  # noqa: E402

KERNELS.update(_HYPE_KERNELS)
from .moead import KERNELS as _MOEAD_KERNELS  # noqa: E402
from .moead import decompose, moead_replace, neighbors  # noqa: E402

KERNELS.update(_MOEAD_KERNELS)


def available_backends() -> tuple[str, ...]:
    """Names of the backends usable on this machine, fastest first."""
    return tuple(b for b in ("native", "cuda", "numba", "reference") if status(b).available)


def kernel_backends(kernel: str) -> tuple[str, ...]:
    """Backends that implement ``kernel`` and are usable here."""
    if kernel not in KERNELS:
        raise KeyError(f"unknown kernel {kernel!r}; kernels are: {', '.join(sorted(KERNELS))}")
    return tuple(b for b in KERNELS[kernel].backends() if status(b).available)


__all__ = [
    "BACKENDS",
    "KERNELS",
    "UNRANKED",
    "associate",
    "BackendFallbackWarning",
    "BackendStatus",
    "BackendUnavailableError",
    "cma_cholesky",
    "cma_decompose",
    "cma_record",
    "cma_sample",
    "cma_stop_flags",
    "cma_update",
    "decompose",
    "moead_replace",
    "neighbors",
    "available_backends",
    "crowding_distance",
    "duplicated",
    "get_num_threads",
    "hype_fitness",
    "hype_greedy",
    "polynomial_mutation",
    "sbx",
    "sbx_pm",
    "set_num_threads",
    "is_nondominated",
    "kernel_backends",
    "niching",
    "pareto_rank",
    "status",
]
