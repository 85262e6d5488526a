# Stubs for the C++ extension paretix._core. Inputs must be C-contiguous float64 2-D arrays
# (the Python entry points in paretix.kernels convert and validate them first).
import numpy as np
import numpy.typing as npt

__version__: str

def pareto_rank(points: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]: ...
def is_nondominated(points: npt.NDArray[np.float64], keep_weakly: bool) -> npt.NDArray[np.bool_]: ...
def crowding_distance(points: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]: ...
# Batched CMA-ES kernels (paretix.kernels.cmaes): arrays marked "in place" must be C-contiguous,
# writable float64 (the bindings refuse to convert them).
def cma_sample(mean: npt.NDArray[np.float64], sigma: npt.NDArray[np.float64], Bm: npt.NDArray[np.float64] | None,
               D: npt.NDArray[np.float64], Z: npt.NDArray[np.float64], lam: npt.NDArray[np.int64],
               Y: npt.NDArray[np.float64], X: npt.NDArray[np.float64]) -> None: ...
def cma_update(f: npt.NDArray[np.float64], cv: npt.NDArray[np.float64] | None, lam: npt.NDArray[np.int64],
               Z: npt.NDArray[np.float64], Y: npt.NDArray[np.float64], weights: npt.NDArray[np.float64],
               params: npt.NDArray[np.float64], g: npt.NDArray[np.int64], mean: npt.NDArray[np.float64],
               sigma: npt.NDArray[np.float64], C: npt.NDArray[np.float64], ps: npt.NDArray[np.float64],
               pc: npt.NDArray[np.float64], Bm: npt.NDArray[np.float64] | None, diagonal: bool,
               order: npt.NDArray[np.int64], hsig: npt.NDArray[np.float64]) -> None: ...
def cma_cholesky(C: npt.NDArray[np.float64], which: npt.NDArray[np.uint8], A: npt.NDArray[np.float64]) -> int: ...
def cma_decompose(C: npt.NDArray[np.float64], which: npt.NDArray[np.uint8], Bm: npt.NDArray[np.float64],
                  D: npt.NDArray[np.float64]) -> int: ...
def cma_stop_flags(rows: npt.NDArray[np.int64], sigma: npt.NDArray[np.float64], mean: npt.NDArray[np.float64],
                   C: npt.NDArray[np.float64], D: npt.NDArray[np.float64], pc: npt.NDArray[np.float64],
                   Bm: npt.NDArray[np.float64] | None, sigma0: npt.NDArray[np.float64],
                   stds: npt.NDArray[np.float64], g: npt.NDArray[np.int64], tolx: float, tolfacupx: float,
                   tolconditioncov: float, bits: npt.NDArray[np.int64], flags: npt.NDArray[np.int64]) -> None: ...

# Hypervolume (cpp/bindings/bind_hv.cpp); ref has one entry per objective.
def hypervolume(points: npt.NDArray[np.float64], ref: npt.NDArray[np.float64]) -> float: ...
def hv_contributions(
    points: npt.NDArray[np.float64], ref: npt.NDArray[np.float64], ignore_dominated: bool
) -> npt.NDArray[np.float64]: ...
def hypervolume_mc(
    points: npt.NDArray[np.float64], ref: npt.NDArray[np.float64], n_samples: int, seed: int
) -> tuple[float, float, int]: ...  # (estimate, standard error, dominated samples)
def mc_uniform(seed: int, counter: int) -> float: ...
# Genetic-algorithm kernels (paretix.kernels.genetic).
def duplicated(X: npt.NDArray[np.float64], existing: list[npt.NDArray[np.float64]], threads: int = 1) -> npt.NDArray[np.bool_]: ...
def sbx(A: npt.NDArray[np.float64], B: npt.NDArray[np.float64], xl: npt.NDArray[np.float64],
        xu: npt.NDArray[np.float64], params: tuple[float, float, float, float], rng: object | None,
        draws: npt.NDArray[np.float64] | None, threads: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
def pm(X: npt.NDArray[np.float64], xl: npt.NDArray[np.float64], xu: npt.NDArray[np.float64],
       params: tuple[float, float, float], rng: object | None, draws: npt.NDArray[np.float64] | None,
       threads: int) -> npt.NDArray[np.float64]: ...
def sbx_pm(X: npt.NDArray[np.float64], parents: npt.NDArray[np.int64], xl: npt.NDArray[np.float64],
           xu: npt.NDArray[np.float64], sbx: tuple[float, float, float, float], pm: tuple[float, float, float],
           n: int, rng: object | None, draws: npt.NDArray[np.float64] | None, threads: int) -> npt.NDArray[np.float64]: ...
def moead_neighbors(W: npt.NDArray[np.float64], k: int, threads: int = 1) -> npt.NDArray[np.int64]: ...
def moead_replace(F: npt.NDArray[np.float64], cv: npt.NDArray[np.float64], F_child: npt.NDArray[np.float64],
                  cv_child: npt.NDArray[np.float64], W: npt.NDArray[np.float64], candidates: npt.NDArray[np.int64],
                  ideal: npt.NDArray[np.float64], scale: npt.NDArray[np.float64], method: int, theta: float,
                  max_replacements: int) -> npt.NDArray[np.int64]: ...
# HypE (cpp/bindings/bind_hype.cpp); paretix.kernels.hype validates the values first.
def hype_fitness_mc(points: npt.NDArray[np.float64], ref: npt.NDArray[np.float64], k: int, n_samples: int, seed: int,
                    threads: int = 1) -> tuple[npt.NDArray[np.float64], int]: ...  # (fitness, dominated samples)
def hype_fitness_exact(points: npt.NDArray[np.float64], ref: npt.NDArray[np.float64], k: int) -> npt.NDArray[np.float64]: ...
def hype_greedy(points: npt.NDArray[np.float64], ref: npt.NDArray[np.float64], n_remove: int, exact: bool,
                n_samples: int, seed: int, threads: int = 1) -> npt.NDArray[np.int64]: ...  # rows removed, in order
