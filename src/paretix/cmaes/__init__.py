"""CMA-ES: single runs, restarts, batches and multi-objective scalarisation.

Which one to use
----------------
- :func:`fmin`: minimise a Python function ``f(x)`` (or ``f(X)`` on a batch of points) from a
  start point and step size; pycma's ``fmin2`` shape.
- :class:`CMAES`: the same algorithm as an ask/tell :class:`paretix.algorithms.Algorithm`, for
  :func:`paretix.minimize` on a single-objective :class:`paretix.Problem` (constraints, bounds,
  callbacks, results like every other algorithm).
- :class:`BatchCMAES`: B independent instances stepped together in arrays (C++ kernels, CuPy).
- :func:`tchebycheff_batch`: several objectives, one CMA-ES instance per weighted Tchebycheff
  scalarisation, the results combined into a non-dominated set.
- :func:`strategy_parameters`: the tutorial's default parameters for a dimension and popsize.

Stopping criteria
-----------------
Every run ends with one of :data:`STOP_REASONS` (pycma's names and defaults):

``ftarget`` (best feasible f <= ftarget; final), ``maxfevals`` (budget over all runs; final),
``maxiter`` (100 + 150 (n+3)^2 / sqrt(lambda0) generations per run), ``tolfun`` (f range of this
generation and of the last 10 + 30 n / lambda best values < 1e-11), ``tolx`` (all
sigma sqrt(C_ii) and sigma |p_c| < 1e-11), ``tolfacupx`` (sigma sqrt(C_ii) > 1e3 sigma0),
``noeffectaxis`` (m + 0.1 sigma D_i B_i == m, i = g mod n), ``noeffectcoord``
(m_i + 0.2 sigma sqrt(C_ii) == m_i), ``conditioncov`` (cond(C) > 1e14), ``tolstagnation``
(Hansen's BIPOP rule over int(100 + 100 n^1.5 / lambda) generations), ``tolflatfitness``
(the best and the 75 % quantile equal for more than 1 generation), ``invalid`` (non-finite state)
and ``user`` (stopped by the caller). All but the final ones trigger a restart when
``restarts`` allow.
"""

from ..algorithms._cma.params import StrategyParameters, strategy_parameters
from ..algorithms._cma.stopping import STOP_REASONS
from ..algorithms.batch_cmaes import BatchCMAES, BatchCMAESResult
from ..algorithms.cmaes import CMAES, CMAESResult
from ._fmin import FminResult, fmin
from ._tchebycheff import tchebycheff_batch

__all__ = [
    "CMAES",
    "STOP_REASONS",
    "BatchCMAES",
    "BatchCMAESResult",
    "CMAESResult",
    "FminResult",
    "StrategyParameters",
    "fmin",
    "strategy_parameters",
    "tchebycheff_batch",
]
