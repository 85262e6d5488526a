"""paretix: tensorized evolutionary multi-objective optimization.

Populations are arrays and generations are whole-array steps; the hot kernels are C++
(``paretix._core``) and CUDA (``paretix._cuda``), with Numba and NumPy twins. ``import paretix``
loads only NumPy: compiled modules, Numba and CuPy are imported on first use.

Which function to use
---------------------
- :func:`pareto_rank`: non-dominated sorting of a whole population (all fronts).
- :func:`is_nondominated`: only the first front, faster than ranking everything.
- :func:`paretix.kernels.crowding_distance`: NSGA-II crowding distance within a front.
- :func:`hypervolume`, :func:`hv_contributions`, :func:`hypervolume_mc`: the hypervolume of a front,
  each point's exclusive share of it, a seeded estimate for many objectives.
- :mod:`paretix.indicators`: IGD, IGD+, GD, GD+, epsilon indicators and a callable ``Hypervolume``.
- :class:`CMAES`, :class:`BatchCMAES`, :func:`paretix.cmaes.fmin`: CMA-ES for one objective, a
  batch of instances, a function; :func:`paretix.cmaes.tchebycheff_batch` for several objectives.
- :func:`show_config` (or ``paretix info`` on the command line): which backends are usable and why not.
"""

from ._version import __version__
from . import constraints, kernels, operators, problems, ref_dirs, termination
from .algorithms import MOEAD, NSGA2, NSGA3
from .algorithms import HypE
from .algorithms import CMAES, BatchCMAES
from . import cmaes
from .optimize import minimize
from .result import Result
from ._config import show_config
from . import desirability
from .kernels import is_nondominated, pareto_rank
from .kernels.hv import hv_contributions, hypervolume, hypervolume_mc
from . import indicators
from .problems import Evaluation, Problem
from ._array import DeviceUnavailableError

__all__ = [
    "CMAES",
    "BatchCMAES",
    "cmaes",
    "MOEAD",
    "NSGA2",
    "NSGA3",
    "HypE",
    "Result",
    "minimize",
    "DeviceUnavailableError",
    "termination",
    "Evaluation",
    "Problem",
    "__version__",
    "constraints",
    "desirability",
    "is_nondominated",
    "hv_contributions",
    "hypervolume",
    "hypervolume_mc",
    "indicators",
    "kernels",
    "operators",
    "pareto_rank",
    "problems",
    "ref_dirs",
    "show_config",
]
