# Stubs for the CUDA extension paretix._cuda (built only when nvcc was found at install time).
import numpy as np
import numpy.typing as npt

# The dev_* device kernels are the same functions as paretix._core's host emulation
# (bind_device.hpp), here launched on CUDA: see _core.pyi for their signatures.
from ._core import (
    dev_launcher as dev_launcher,
    dev_rank_round as dev_rank_round,
    dev_rank_filter as dev_rank_filter,
    dev_scan_min as dev_scan_min,
    dev_unit_rows as dev_unit_rows,
    dev_associate as dev_associate,
    dev_associate_tree as dev_associate_tree,
    dev_niche_keys as dev_niche_keys,
    dev_niche_pick as dev_niche_pick,
    dev_sbx_pm as dev_sbx_pm,
    dev_hype_alpha as dev_hype_alpha,
    dev_mc_count as dev_mc_count,
    dev_hype_accumulate as dev_hype_accumulate,
    dev_moead_aggregate as dev_moead_aggregate,
    dev_moead_improve as dev_moead_improve,
)

def runtime_version() -> int: ...
def device_count() -> tuple[int, str, str]: ...
def device_info(device: int = 0) -> dict[str, object]: ...
def axpy(a: float, x: npt.ArrayLike, y: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
