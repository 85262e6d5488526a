"""Reference directions on the unit simplex (NSGA-III, MOEA/D, IGD target sets).

Which one to use
----------------
- :func:`das_dennis`: the uniform lattice with ``C(p + m - 1, m - 1)`` points; the standard
  choice for up to about 5 objectives.
- :func:`multi_layer`: several scaled lattices (Deb & Jain's two-layer sets for 8, 10 and 15
  objectives: 156, 275 and 135 directions), when one lattice is either too coarse (no interior
  points) or too large.
- :func:`energy`: any number of well-spread points (Riesz s-energy), when the count must be free.
"""

from __future__ import annotations

from ._energy import energy
from ._lattice import das_dennis, multi_layer, n_das_dennis

__all__ = ["das_dennis", "energy", "multi_layer", "n_das_dennis"]
