"""Plots of a run (matplotlib, optional: ``pip install "paretix[plot]"``).

Each function takes plain arrays and returns a :class:`matplotlib.figure.Figure` (made without
pyplot, so nothing global changes; save it with ``fig.savefig("front.png")``). ``paretix plot
RUN_DIR`` draws them all from a run folder.

Which one to use
----------------
- :func:`pareto_front`: the objectives of a population, the result set against the other
  feasible and the infeasible points, with the true front when known: a 2-D or 3-D scatter, or a
  matrix of pairwise scatters for four objectives or more.
- :func:`parallel_coordinates`: one line per design across many columns (objectives or decision
  variables), coloured by one of them, chosen designs highlighted.
- :func:`convergence`: hypervolume or IGD (or the best f of one objective) and the best
  constraint violation against evaluations.
- :func:`desirability`: each desirability function's curve, the designs of a front on it, the
  chosen designs marked.
"""

from ._convergence import convergence
from ._desirability import desirability
from ._front import pareto_front
from ._pcp import parallel_coordinates

__all__ = ["convergence", "desirability", "parallel_coordinates", "pareto_front"]
