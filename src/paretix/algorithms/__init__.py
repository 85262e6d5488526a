"""Algorithms: ask/tell objects with explicit array state.

Which one to use
----------------
- :class:`NSGA3`: many objectives (3 and more), reference directions give the spread.
- :class:`NSGA2`: two or three objectives, crowding distance gives the spread.
"""

from ._base import Algorithm
from ._population import Population
from .nsga2 import NSGA2
from .nsga3 import NSGA3

__all__ = ["NSGA2", "NSGA3", "Algorithm", "Population"]
