"""Hyperparameter tuning of a small NumPy model with desirability over error and training cost.

The use case of Bartz-Beielstein's desirability paper (arXiv:2503.23595): a model is good when
its validation error is low *and* it is cheap to train. The model is kernel ridge regression
approximated by random Fourier features, fitted in closed form with NumPy. Three
hyperparameters, one of them an integer:

- log10 of the ridge penalty lambda (real, -8 to 1),
- the number of random features (integer, 10 to 400),
- log10 of the kernel bandwidth (real, -1.5 to 1).

The two objectives are the validation RMSE and the training cost, counted in floating point
operations of the fit (n m^2 + m^3 / 3 for n samples and m features: counted, not timed, so the
run is reproducible). NSGA-II finds the trade-off; desirability picks the model.

Run it:  python examples/tune_numpy_model.py          (about 10 s)
         python examples/tune_numpy_model.py --gens 5 --pop 16   (quick)
"""

from __future__ import annotations

import argparse

import numpy as np

import paretix
from paretix.desirability import DMin, DOverall, select


def make_data(n=600, seed=0):
    """A noisy 2-D regression task: y = sin(3 x1) cos(2 x2) + x1 x2 / 2 + noise; 2/3 train, 1/3 valid."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(n, 2))
    y = np.sin(3 * X[:, 0]) * np.cos(2 * X[:, 1]) + 0.5 * X[:, 0] * X[:, 1] + 0.1 * rng.standard_normal(n)
    k = 2 * n // 3
    return X[:k], y[:k], X[k:], y[k:]


class RidgeFeatures(paretix.Problem):
    """x = (log10 lambda, n_features, log10 bandwidth) -> (validation RMSE, training GFLOP)."""

    def __init__(self, data=None):
        super().__init__(n_var=3, n_obj=2, xl=[-8.0, 10, -1.5], xu=[1.0, 400, 1.0], var_types=["real", "int", "real"])
        self.data = make_data() if data is None else data
        self.omega = np.random.default_rng(1).standard_normal((2, 400))   # fixed random directions
        self.phase = np.random.default_rng(2).uniform(0, 2 * np.pi, 400)

    def features(self, X, m, bandwidth):
        return np.sqrt(2.0 / m) * np.cos(X @ self.omega[:, :m] / bandwidth + self.phase[:m])

    def fit_and_score(self, x):
        lam, m, bandwidth = 10.0 ** x[0], int(x[1]), 10.0 ** x[2]
        Xt, yt, Xv, yv = self.data
        Z = self.features(Xt, m, bandwidth)
        w = np.linalg.solve(Z.T @ Z + lam * np.eye(m), Z.T @ yt)
        rmse = np.sqrt(np.mean((self.features(Xv, m, bandwidth) @ w - yv) ** 2))
        flops = len(Xt) * m**2 + m**3 / 3
        return rmse, flops / 1e9

    def _evaluate(self, X):
        return np.array([self.fit_and_score(x) for x in X])   # one fit per candidate


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pop", type=int, default=40)
    parser.add_argument("--gens", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    problem = RidgeFeatures()
    res = paretix.minimize(problem, paretix.NSGA2(pop_size=args.pop), ("n_gen", args.gens), seed=args.seed)
    assert np.array_equal(res.X[:, 1], np.round(res.X[:, 1])), "n_features stays an integer"
    print(f"{len(res.F)} trade-off models: RMSE {res.F[:, 0].min():.4f}-{res.F[:, 0].max():.4f}, "
          f"cost {res.F[:, 1].min() * 1e3:.2f}-{res.F[:, 1].max() * 1e3:.2f} MFLOP")

    # An RMSE of 0.1 (the noise) is ideal, 0.5 useless; a fit under 0.5 MFLOP is ideal, over
    # 50 MFLOP too expensive. Error matters three times as much as cost.
    doverall = DOverall(DMin(0.1, 0.5), DMin(0.0005, 0.05), weights=[3, 1])
    best = select(res, doverall, k=3)
    for rank, (x, f, D) in enumerate(zip(best.X, best.F, best.D), start=1):
        print(f"#{rank}: D = {D:.3f}  RMSE {f[0]:.4f}, {f[1] * 1e3:.2f} MFLOP  "
              f"lambda = 10^{x[0]:.2f}, {int(x[1])} features, bandwidth = 10^{x[2]:.2f}")
    return best


if __name__ == "__main__":
    main()
