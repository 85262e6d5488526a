"""Algorithms: ask/tell objects with explicit array state.

Which one to use
----------------
- :class:`NSGA3`: many objectives (3 and more), reference directions give the spread.
- :class:`NSGA2`: two or three objectives, crowding distance gives the spread.
- :class:`HypE`: hypervolume-based selection (Monte Carlo estimate): the hypervolume itself
  is the target, any number of objectives.
- :class:`MOEAD`: decomposition into one scalar subproblem per weight vector; cheapest per
  generation at any population size (generational variant), or Zhang & Li's original.
- :class:`CMAES`: one objective (constraints and bounds allowed), continuous variables.
- :class:`BatchCMAES`: many independent CMA-ES instances stepped together (see
  :mod:`paretix.cmaes`).
"""

from ._base import Algorithm
from ._population import Population
from .nsga2 import NSGA2
from .nsga3 import NSGA3
from .hype import HypE
from .moead import MOEAD
from .batch_cmaes import BatchCMAES
from .cmaes import CMAES

__all__ = ["CMAES", "HypE", "MOEAD", "NSGA2", "NSGA3", "Algorithm", "BatchCMAES", "Population"]
