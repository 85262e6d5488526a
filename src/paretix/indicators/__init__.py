"""Quality indicators: how good is an approximation of a Pareto front?

Which one to use
----------------
- :func:`paretix.hypervolume` / :class:`Hypervolume`: needs only a reference point, no reference
  set; Pareto-compliant (never prefers a dominated set). The usual headline number.
- :func:`igd_plus`: distance to a known reference set (e.g. ``problem.pareto_front()``),
  weakly Pareto-compliant; prefer it to :func:`igd`, which can prefer a dominated set.
- :func:`igd`: the classic Deb & Jain IGD, for comparison with published tables.
- :func:`gd`, :func:`gd_plus`: convergence only (how far the points are from the reference
  set, not how well they cover it).
- :func:`epsilon_additive`, :func:`epsilon_multiplicative`: the smallest shift (factor) that
  makes the approximation weakly dominate every reference point.

Conventions (moocore's): the approximation is ``points`` (positional), the reference set is
``ref`` (required); minimisation, with ``maximise=`` to flip objectives; NaN or inf is a
``ValueError``. All distance indicators are means (p = 1) of Euclidean distances.
"""

from ._distance import gd, gd_plus, igd, igd_plus
from ._epsilon import epsilon_additive, epsilon_multiplicative
from ._hypervolume import Hypervolume

__all__ = [
    "Hypervolume",
    "epsilon_additive",
    "epsilon_multiplicative",
    "gd",
    "gd_plus",
    "igd",
    "igd_plus",
]
