"""Desirability functions: turn several responses into one score in [0, 1].

Each response ``y`` is translated by an individual function into a desirability ``d`` in
[0, 1] (0: unacceptable, 1: fully satisfactory); :class:`DOverall` combines them into one
overall desirability ``D`` per design (by default their geometric mean, so one unacceptable
response makes the design unacceptable). Semantics follow R ``desirability`` 2.1 (Kuhn), with
``spotdesirability``'s class and argument names; NumPy and CuPy arrays of any number of rows.

Which one to use
----------------
- Larger is better: :class:`DMax` (``low``: unacceptable, ``high``: fully satisfactory).
- Smaller is better: :class:`DMin`.
- A target value: :class:`DTarget` (asymmetric sides allowed).
- A range that is simply acceptable or not (a specification, a design region): :class:`DBox`.
- Any other shape, from points: :class:`DArb` (piecewise linear, flat beyond the ends).
- A categorical response: :class:`DCategorical` (one value per level).
- Smooth functions, when an optimizer needs a gradient or the plateaus of the above stall it:
  :class:`DHarrington1` (one-sided) and :class:`DHarrington2` (two-sided).
- Several responses into one score: :class:`DOverall` (``weights=`` for importances,
  ``tolerance=`` to keep D above 0, ``aggregate=`` for the arithmetic mean or the minimum).
- Optimizing D: :func:`objective` turns a response model or a multi-objective
  :class:`~paretix.Problem` into a single-objective problem (``1 - D``, ``-D`` or ``-log D``).
- Choosing from a Pareto set: :func:`select` ranks designs by D.
- Worked examples with published optima: :mod:`paretix.desirability.examples`.

Every individual function has ``predict(newdata, missing=None)`` (also callable directly),
``missing`` (what a NaN or None input becomes: by default the non-informative value), ``tol``
(what an output of exactly 0 becomes) and ``plot()`` (matplotlib, optional).

References
----------
G. Derringer, R. Suich, "Simultaneous optimization of several response variables", Journal of
Quality Technology 12(4), 1980. E. C. Harrington, "The desirability function", Industrial Quality
Control 21(10), 1965. M. Kuhn, R package ``desirability``. T. Bartz-Beielstein, "Multi-Objective
Optimization and Hyperparameter Tuning With Desirability Functions", arXiv:2503.23595.
"""

from __future__ import annotations

from ._base import Desirability
from ._categorical import DCategorical
from ._functions import DArb, DBox, DMax, DMin, DTarget
from ._harrington import DHarrington1, DHarrington2
from ._optimize import KINDS, DesirabilityProblem, Selection, objective, select
from ._overall import DOverall

__all__ = [
    "KINDS",
    "DArb",
    "DBox",
    "DCategorical",
    "DHarrington1",
    "DHarrington2",
    "DMax",
    "DMin",
    "DOverall",
    "DTarget",
    "Desirability",
    "DesirabilityProblem",
    "Selection",
    "examples",
    "objective",
    "select",
]


def __getattr__(name):
    # The worked examples (data files, fitted models) load on first use, not with paretix.
    if name == "examples":
        import importlib

        return importlib.import_module(".examples", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
