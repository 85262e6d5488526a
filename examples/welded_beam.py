"""Welded beam design with two objectives, ending in one design chosen by desirability.

The classic bi-objective welded beam (Deb & Sundar 2006): a beam welded to a support carries
P = 6000 lb at 14 in. Choose the weld thickness h, weld length l, bar height t and bar
thickness b (inches) to minimise the fabrication cost and the end deflection, subject to the
shear stress in the weld, the bending stress in the bar, h <= b, and the buckling load.
The two objectives conflict: a stiffer bar costs more. NSGA-II finds the trade-off, then
desirability functions say what "good enough" means for each objective and pick one design.

Run it:  python examples/welded_beam.py              (about 10 s)
         python examples/welded_beam.py --gens 20 --out runs/beam   (quick; plots with matplotlib)
The same problem from the command line: paretix optimize --problem examples/welded_beam.py:WeldedBeam ...
"""

from __future__ import annotations

import argparse

import numpy as np

import paretix
from paretix.desirability import DMin, DOverall, select


class WeldedBeam(paretix.Problem):
    """Minimise cost ($) and end deflection (in); x = (h, l, t, b); constraints G <= 0."""

    def __init__(self):
        super().__init__(n_var=4, n_obj=2, n_ieq_constr=4, xl=[0.125, 0.1, 0.1, 0.125], xu=[5.0, 10.0, 10.0, 5.0])

    def _evaluate(self, X):
        h, l, t, b = X.T
        cost = 1.10471 * h**2 * l + 0.04811 * t * b * (14.0 + l)
        deflection = 2.1952 / (t**3 * b)
        r = np.sqrt(0.25 * (l**2 + (h + t) ** 2))
        tau1 = 6000.0 / (np.sqrt(2.0) * h * l)
        tau2 = 6000.0 * (14.0 + 0.5 * l) * r / (2.0 * 0.707 * h * l * (l**2 / 12.0 + 0.25 * (h + t) ** 2))
        tau = np.sqrt(tau1**2 + tau2**2 + l * tau1 * tau2 / r)
        sigma = 504000.0 / (t**2 * b)
        buckling = 64746.022 * (1.0 - 0.0282346 * t) * t * b**3
        G = np.column_stack([
            tau / 13600.0 - 1.0,          # shear stress in the weld
            sigma / 30000.0 - 1.0,        # bending stress in the bar
            (h - b) / 5.0,                # the weld is not thicker than the bar
            1.0 - buckling / 6000.0,      # the bar does not buckle under the load
        ])
        return np.column_stack([cost, deflection]), G


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pop", type=int, default=100)
    parser.add_argument("--gens", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=None, help="folder for front.csv and plots (optional)")
    args = parser.parse_args(argv)

    problem = WeldedBeam()
    res = paretix.minimize(problem, paretix.NSGA2(pop_size=args.pop), ("n_gen", args.gens), seed=args.seed)
    print(f"{len(res.F)} trade-off designs; cost {res.F[:, 0].min():.2f}-{res.F[:, 0].max():.2f} $, "
          f"deflection {res.F[:, 1].min():.5f}-{res.F[:, 1].max():.5f} in")

    # What is good enough: a cost below 5 $ is ideal and above 25 $ unacceptable; a deflection below
    # 0.001 in is ideal and above 0.01 in unacceptable. Deflection matters twice as much.
    doverall = DOverall(DMin(5.0, 25.0), DMin(0.001, 0.01), weights=[1, 2])
    best = select(res, doverall, k=3)
    for rank, (x, f, d, D) in enumerate(zip(best.X, best.F, best.d, best.D), start=1):
        print(f"#{rank}: D = {D:.3f} (d = {d[0]:.2f}, {d[1]:.2f})  cost {f[0]:.3f} $, deflection {f[1]:.5f} in  "
              f"h={x[0]:.4f} l={x[1]:.4f} t={x[2]:.4f} b={x[3]:.4f}")
    ev = problem.evaluate(best.X[:1])
    assert bool(ev.feasible[0]), "the chosen design must satisfy every constraint"

    if args.out:
        from pathlib import Path

        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        res.to_csv(out / "front.csv")
        try:
            from paretix import plot
        except ImportError:
            return best
        try:
            plot.pareto_front(res.pop.F, feasible=res.pop.CV <= 0, chosen=best.F, names=["cost ($)", "deflection (in)"],
                              title="welded beam: final population").savefig(out / "front.png", dpi=120)
            plot.desirability(doverall, res.F, chosen=best.index, names=["cost ($)", "deflection (in)"],
                              title="welded beam").savefig(out / "desirability.png", dpi=120)
        except ImportError:
            pass
    return best


if __name__ == "__main__":
    main()
