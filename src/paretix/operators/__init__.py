"""Variation and selection operators on whole populations (NumPy on the CPU, CuPy on the GPU).

Every operator is a pure function of its inputs and an explicit ``rng``
(``numpy.random.Generator`` or ``cupy.random.Generator``): populations are ``(n, n_var)``
arrays, box bounds ``xl``/``xu`` are 1-D arrays of length ``n_var``, and results come back in
the array namespace of the inputs. Classes only store and validate their parameters.

Which one to use
----------------
Initial population
    - :class:`RandomSampling`: independent uniform points in the box; the default.
    - :class:`LatinHypercubeSampling`: one point per stratum of every variable; a more even
      spread for small populations or expensive problems.
Variation (real variables)
    - :class:`SBX` + :class:`PolynomialMutation`: the NSGA-II / NSGA-III / SMS-EMOA pairing
      (``SBX(eta=15, prob=0.9)``, ``PolynomialMutation(eta=20)``, as in pymoo's defaults and
      Deb's code). Larger ``eta`` gives offspring closer to the parents.
    - :func:`variation`: children of parent pairs (crossover, then mutation); SBX + PM run as
      one fused kernel pass on NumPy arrays.
    - :class:`DifferentialEvolution` (DE/rand/1/bin): rotation-friendlier search driven by
      population differences; the usual choice in MOEA/D-DE and GDE3.
Mating selection
    - :func:`binary_tournament`: NSGA-II's crowded comparison with Deb's constraint rules
      (feasible first, then rank, then crowding).
    - :func:`random_mating`: uniform picks, for algorithms whose pressure comes from
      environmental selection alone (MOEA/D, SMS-EMOA).
"""

from __future__ import annotations

from .crossover import SBX, DifferentialEvolution
from .mutation import PolynomialMutation
from .sampling import LatinHypercubeSampling, RandomSampling
from .selection import binary_tournament, random_mating
from .variation import variation

__all__ = [
    "SBX",
    "DifferentialEvolution",
    "LatinHypercubeSampling",
    "PolynomialMutation",
    "RandomSampling",
    "binary_tournament",
    "random_mating",
    "variation",
]
