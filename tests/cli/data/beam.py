"""A user's problem file, as the CLI tests load it: a class, an instance and plain functions."""

import numpy as np

import paretix


class TwoBar(paretix.Problem):
    """Two-bar truss (volume, stress) with a stress limit: a constrained bi-objective problem."""

    def __init__(self, limit=1e5):
        super().__init__(n_var=3, n_obj=2, n_ieq_constr=1, xl=[1e-5, 1e-5, 1.0], xu=[0.01, 0.01, 3.0])
        self.limit = limit

    def _evaluate(self, X):
        x1, x2, y = X.T
        s1 = 20 * np.sqrt(16 + y**2) / (y * x1)
        s2 = 80 * np.sqrt(1 + y**2) / (y * x2)
        F = np.column_stack([x1 * np.sqrt(16 + y**2) + x2 * np.sqrt(1 + y**2), np.maximum(s1, s2)])
        return F, (np.maximum(s1, s2) / self.limit - 1)[:, None]


two_bar = TwoBar(limit=1e5)


def circle(X):
    """Two objectives, one constraint: stay outside the circle of radius 0.5 around the origin."""
    F = np.column_stack([X[:, 0], 1 - np.sqrt(X[:, 0]) + X[:, 1:].sum(axis=1)])
    G = 0.25 - (X[:, 0] ** 2 + X[:, 1] ** 2)
    return F, G


def one_point(x):
    return np.array([x[0], (1 - x[0]) ** 2 + x[1] ** 2])


def sphere(X):
    return (X**2).sum(axis=1)


def transposed(X):
    return np.stack([X[:, 0], X[:, 1]])  # (2, N) instead of (N, 2)


def flat(X):
    return X.ravel()
