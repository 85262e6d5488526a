"""A population of 100 000 with a vectorized problem: one array operation per generation.

Your problem's ``_evaluate(X)`` receives the whole population (100 000 x n_var) at once; write it
with array operations (no Python loop over rows) and the evaluation costs little more than the
algorithm. The sorting into fronts, the crowding distance and the survival are C++ kernels.
Here: a three-objective problem of DTLZ2's shape with a shifted optimum, written by hand.

Run it:  python examples/large_population.py            (about 10 s)
         python examples/large_population.py --gens 2   (quick)
On a GPU (CuPy installed) the same code keeps the population on the device; see the user guide.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import paretix


class Dome(paretix.Problem):
    """Three objectives on the unit sphere's positive octant; the optimum has x[2:] = 0.3."""

    def __init__(self, n_var=12):
        super().__init__(n_var=n_var, n_obj=3, xl=0.0, xu=1.0)

    def _evaluate(self, X):
        g = ((X[:, 2:] - 0.3) ** 2).sum(axis=1)          # distance to the front
        a, b = X[:, 0] * np.pi / 2, X[:, 1] * np.pi / 2      # position on it
        r = 1.0 + g
        return np.column_stack([r * np.cos(a) * np.cos(b), r * np.cos(a) * np.sin(b), r * np.sin(a)])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pop", type=int, default=100_000)
    parser.add_argument("--gens", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    problem = Dome()
    t0 = time.perf_counter()
    res = paretix.minimize(problem, paretix.NSGA2(pop_size=args.pop), ("n_gen", args.gens), seed=args.seed)
    seconds = time.perf_counter() - t0
    dist = np.linalg.norm(res.F, axis=1) - 1.0
    print(f"{res.n_eval} evaluations in {seconds:.1f} s ({res.n_eval / seconds:,.0f} per second); "
          f"{len(res.F)} non-dominated points, median distance to the front {np.median(dist):.3g}")
    return res


if __name__ == "__main__":
    main()
