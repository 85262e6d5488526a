"""Worked examples of desirability optimization, with their published optima.

- :func:`chemical_reaction`: Kuhn's R ``desirability`` vignette (Myers & Montgomery's chemical
  reaction CCD): maximise conversion, hit a target thermal activity.
- :func:`tire_tread`: Derringer & Suich (1980), four responses of a tire tread compound, with
  response models fitted here by least squares from the paper's 20-run design
  (:func:`tire_tread_data`).

Each returns an :class:`Example`: the response model (coded factors in, responses out,
vectorised on NumPy or CuPy), the :class:`DOverall`, the design region and the reported optimum;
``Example.problem(region)`` is the single-objective problem to hand to an optimizer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from .._array import get_xp
from ..problems import Problem
from ._functions import DMax, DTarget
from ._optimize import DesirabilityProblem, objective
from ._overall import DOverall

REGIONS = ("cube", "sphere")


@dataclass(frozen=True)
class Example:
    """A desirability optimization example.

    Attributes
    ----------
    name : str
    responses : callable
        ``responses(X) -> (N, k)`` for coded factors ``X`` of shape (N, n_var).
    doverall : DOverall
        One function per response column.
    factor_names, response_names : tuple of str
    alpha : float
        Size of the design region: the cube ``|x_i| <= alpha`` or the sphere ``||x|| <= alpha``.
    reported : dict
        Published optimum per region: ``{"cube": {"x": ..., "D": ...}, ...}``, with where it
        comes from under ``"source"``.
    """

    name: str
    responses: Callable
    doverall: DOverall
    factor_names: tuple
    response_names: tuple
    alpha: float
    reported: dict = field(repr=False)

    @property
    def n_var(self) -> int:
        return len(self.factor_names)

    def problem(self, region: str = "cube", *, kind: str = "1-D") -> DesirabilityProblem:
        """The single-objective problem over the cube (bounds) or the sphere (bounds of the
        enclosing cube and the constraint ``||x|| - alpha <= 0``)."""
        if region not in REGIONS:
            raise ValueError(f"region must be one of {REGIONS}; got {region!r}.")
        a = self.alpha
        if region == "cube":
            return objective(self.doverall, self.responses, kind=kind, xl=[-a] * self.n_var,
                             xu=[a] * self.n_var, name=f"{self.name} (cube)")
        alpha = self.alpha

        def radius(X):
            xp = get_xp(X)
            return xp.sqrt((X**2).sum(axis=1)) - alpha

        base = Problem.from_functions(self.responses, g=radius, xl=[-a] * self.n_var, xu=[a] * self.n_var,
                                      n_obj=len(self.response_names), n_ieq_constr=1,
                                      name=f"{self.name} (sphere)")
        return objective(self.doverall, base, kind=kind, name=f"{self.name} (sphere)")


def quadratic_features(X):
    """Full second-order model terms of 3 factors, in the order
    ``1, x1, x2, x3, x1^2, x2^2, x3^2, x1 x2, x1 x3, x2 x3`` (shape (N, 10))."""
    xp = get_xp(X)
    X = xp.asarray(X, dtype=xp.float64)
    if X.ndim != 2 or X.shape[1] != 3:
        raise ValueError(f"X must have shape (N, 3); got {tuple(X.shape)}.")
    x1, x2, x3 = X[:, 0], X[:, 1], X[:, 2]
    return xp.stack([xp.ones_like(x1), x1, x2, x3, x1 * x1, x2 * x2, x3 * x3, x1 * x2, x1 * x3, x2 * x3],
                    axis=1)


def fit_quadratic(X, Y) -> np.ndarray:
    """Least-squares coefficients (10, k) of :func:`quadratic_features` for responses Y (N, k)."""
    A = np.asarray(quadratic_features(np.asarray(X, dtype=np.float64)))
    Y = np.asarray(Y, dtype=np.float64)
    coef, *_ = np.linalg.lstsq(A, Y.reshape(len(A), -1), rcond=None)
    return coef


def _linear_model(coef: np.ndarray) -> Callable:
    def responses(X):
        xp = get_xp(X)
        return quadratic_features(X) @ xp.asarray(coef)

    return responses


# -- Kuhn's chemical reaction ------------------------------------------------------------------

# Columns: conversion, activity; rows in quadratic_features order (R desirability vignette).
CHEMICAL_REACTION_COEF = np.array([
    [81.09, 59.85],
    [1.0284, 3.583],
    [4.043, 0.2546],
    [6.2037, 2.2298],
    [-1.8366, 0.83479],
    [2.9382, 0.07484],
    [-5.1915, 0.05716],
    [2.215, -0.3875],
    [11.375, -0.375],
    [-3.875, 0.3125],
])


def chemical_reaction() -> Example:
    """Kuhn's vignette example: maximise conversion (``DMax(80, 97)``) with thermal activity
    on target (``DTarget(55, 57.5, 60)``); coded time, temperature, catalyst in ``|x| <= 1.682``.

    Reported maxima of D (R ``desirability`` vignette, Nelder-Mead from a 5x5x5 grid):
    0.94251 on the cube and 0.85815 on the sphere.

    Examples
    --------
    >>> from paretix.desirability.examples import chemical_reaction
    >>> ex = chemical_reaction()
    >>> round(float(ex.problem("cube").predict([-0.5117, 1.682, -0.5864])[0]), 4)
    0.9425
    """
    return Example(
        name="chemical reaction",
        responses=_linear_model(CHEMICAL_REACTION_COEF),
        doverall=DOverall(DMax(80, 97), DTarget(55, 57.5, 60)),
        factor_names=("time", "temperature", "catalyst"),
        response_names=("conversion", "activity"),
        alpha=1.682,
        reported={
            "source": "Kuhn, R package desirability 2.1, vignette; re-run in R 4.2.2 and "
                      "spotdesirability 0.1.1 (Bartz-Beielstein, arXiv:2503.23595)",
            "cube": {"x": (-0.5117, 1.6820, -0.5864), "D": 0.94251, "responses": (95.10, 57.50)},
            "sphere": {"x": (-0.5095, 1.5034, -0.5561), "D": 0.85815, "responses": (92.52, 57.50)},
        },
    )


# -- Derringer & Suich's tire tread ------------------------------------------------------------

def tire_tread_data() -> tuple[np.ndarray, np.ndarray]:
    """The 20-run CCD of Derringer & Suich (1980): coded factors X (20, 3) and responses
    Y (20, 4) = (PICO abrasion index, 200 % modulus, elongation at break, hardness).
    Provenance: ``paretix/desirability/data/README.md``."""
    X, Y = _tire_tread_table()
    return X.copy(), Y.copy()


@lru_cache(maxsize=1)
def _tire_tread_table():
    path = resources.files(__package__).joinpath("data", "tire_tread_ds1980.csv")
    with path.open("r", encoding="ascii") as fh:
        header = fh.readline().strip().split(",")
        table = np.loadtxt(fh, delimiter=",", dtype=np.float64, ndmin=2)
    if header != ["x1", "x2", "x3", "Y1", "Y2", "Y3", "Y4"] or table.shape != (20, 7):
        raise RuntimeError(f"unexpected tire tread data: header {header}, shape {table.shape}")
    return table[:, :3], table[:, 3:]


def tire_tread() -> Example:
    """Derringer & Suich's tire tread compound: ``DMax(120, 170)`` PICO abrasion index,
    ``DMax(1000, 1300)`` 200 % modulus, ``DTarget(400, 500, 600)`` elongation at break,
    ``DTarget(60, 67.5, 75)`` hardness; full quadratic models fitted by least squares to
    :func:`tire_tread_data`; coded silica, silane, sulfur within 1.633 of the centre.

    The solution commonly quoted for the paper, x = (-0.050, 0.145, -0.868), has D = 0.583.

    Examples
    --------
    >>> from paretix.desirability.examples import tire_tread
    >>> ex = tire_tread()
    >>> round(float(ex.problem("sphere").predict([-0.050, 0.145, -0.868])[0]), 3)
    0.583
    """
    X, Y = _tire_tread_table()
    return Example(
        name="tire tread",
        responses=_linear_model(fit_quadratic(X, Y)),
        doverall=DOverall(DMax(120, 170), DMax(1000, 1300), DTarget(400, 500, 600), DTarget(60, 67.5, 75)),
        factor_names=("silica", "silane", "sulfur"),
        response_names=("abrasion", "modulus", "elongation", "hardness"),
        alpha=1.633,
        reported={
            "source": "Derringer & Suich (1980) as commonly quoted; re-optimised by Nelder-Mead "
                      "(125 starts) to (-0.054, 0.147, -0.866), D = 0.5834",
            "sphere": {"x": (-0.050, 0.145, -0.868), "D": 0.583},
            "cube": {"x": (-0.050, 0.145, -0.868), "D": 0.583},
        },
    )


__all__ = ["Example", "chemical_reaction", "fit_quadratic", "quadratic_features", "tire_tread",
           "tire_tread_data"]
