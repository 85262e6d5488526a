"""Problems: the :class:`Problem` API and the standard test suites.

Which one to use
----------------
- Your own problem: subclass :class:`Problem` (vectorised ``_evaluate``) or call
  :meth:`Problem.from_functions`.
- Benchmarks: ``paretix.problems.get(name, **kwargs)``; ``available()`` lists the names.
"""

from __future__ import annotations

from ._problem import Evaluation, EvaluationWarning, Problem
from ._registry import available, get, register

__all__ = ["Evaluation", "EvaluationWarning", "Problem", "available", "get", "register"]
