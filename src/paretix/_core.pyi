# Stubs for the C++ extension paretix._core. Inputs must be C-contiguous float64 2-D arrays
# (the Python entry points in paretix.kernels convert and validate them first).
import numpy as np
import numpy.typing as npt

__version__: str

def pareto_rank(points: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]: ...
def is_nondominated(points: npt.NDArray[np.float64], keep_weakly: bool) -> npt.NDArray[np.bool_]: ...
def crowding_distance(points: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]: ...
