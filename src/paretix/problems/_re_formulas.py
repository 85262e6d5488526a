"""The sixteen real-world formulas behind the RE and CRE problems (Tanabe & Ishibuchi 2020).

Each function takes the columns of X (already repaired to the declared variable types) and the
array namespace, and returns ``(F, g)``: the original objectives (N, k) and the original
constraints (N, c) in the paper's sign, **feasible when g >= 0** (``None`` when there are none).
:mod:`paretix.problems.re` turns them into RE (violation folded into one more objective) and
CRE (``G = -g``) problems. Written from the formulas of the paper's supplementary file, with the
constants of the authors' reference code where the two differ (noted in ``re.py``).
"""

from __future__ import annotations

import numpy as np

SQRT2 = float(np.sqrt(2.0))

# RE22's reinforcement areas as listed in the reference code, including its typo "3,10" for
# 3.10 (which adds 3 and 10 and drops 3.10); 76 distinct values.
RC_BEAM_AREAS = (
    0.20, 0.31, 0.40, 0.44, 0.60, 0.62, 0.79, 0.80, 0.88, 0.93, 1.0, 1.20, 1.24, 1.32, 1.40, 1.55,
    1.58, 1.60, 1.76, 1.80, 1.86, 2.0, 2.17, 2.20, 2.37, 2.40, 2.48, 2.60, 2.64, 2.79, 2.80, 3.0,
    3.08, 3, 10, 3.16, 3.41, 3.52, 3.60, 3.72, 3.95, 3.96, 4.0, 4.03, 4.20, 4.34, 4.40, 4.65, 4.74,
    4.80, 4.84, 5.0, 5.28, 5.40, 5.53, 5.72, 6.0, 6.16, 6.32, 6.60, 7.11, 7.20, 7.80, 7.90, 8.0,
    8.40, 8.69, 9.0, 9.48, 10.27, 11.0, 11.06, 11.85, 12.0, 13.0, 14.0, 15.0,
)
# RE25's standard wire diameters (inches), 42 values.
WIRE_DIAMETERS = (
    0.009, 0.0095, 0.0104, 0.0118, 0.0128, 0.0132, 0.014, 0.015, 0.0162, 0.0173, 0.018, 0.02,
    0.023, 0.025, 0.028, 0.032, 0.035, 0.041, 0.047, 0.054, 0.063, 0.072, 0.08, 0.092, 0.105,
    0.12, 0.135, 0.148, 0.162, 0.177, 0.192, 0.207, 0.225, 0.244, 0.263, 0.283, 0.307, 0.331,
    0.362, 0.394, 0.4375, 0.5,
)


def _cols(X):
    return [X[:, j] for j in range(X.shape[1])]


def _stack(xp, *cols):
    return xp.stack(cols, axis=1)


def four_bar_truss(X, xp):
    x1, x2, x3, x4 = _cols(X)
    F_, L, E = 10.0, 200.0, 2e5
    f1 = L * (2 * x1 + SQRT2 * x2 + xp.sqrt(x3) + x4)
    f2 = F_ * L / E * (2 / x1 + 2 * SQRT2 / x2 - 2 * SQRT2 / x3 + 2 / x4)
    return _stack(xp, f1, f2), None


def rc_beam(X, xp):
    As, b, h = _cols(X)
    f1 = 29.4 * As + 0.6 * b * h
    g = _stack(xp, As * h - 7.735 * As**2 / b - 180.0, 4.0 - h / b)
    return f1[:, None], g


def pressure_vessel(X, xp):
    ts, th = 0.0625 * X[:, 0], 0.0625 * X[:, 1]
    r, length = X[:, 2], X[:, 3]
    f1 = 0.6224 * ts * r * length + 1.7781 * th * r**2 + 3.1661 * ts**2 * length + 19.84 * ts**2 * r
    g = _stack(xp, ts - 0.0193 * r, th - 0.00954 * r,
               np.pi * r**2 * length + 4.0 / 3.0 * np.pi * r**3 - 1296000.0)
    return f1[:, None], g


def hatch_cover(X, xp):
    x1, x2 = _cols(X)
    E = 700000.0
    sigma_k = E * x1**2 / 100
    sigma_b = 4500 / (x1 * x2)
    tau = 1800 / x2
    delta = 56.2 * 10000 / (E * x1 * x2**2)
    g = _stack(xp, 1 - sigma_b / 700, 1 - tau / 450, 1 - delta / 1.5, 1 - sigma_b / sigma_k)
    return (x1 + 120 * x2)[:, None], g


def coil_spring(X, xp):
    n, D, d = _cols(X)
    f1 = np.pi**2 * D * d**2 * (n + 2) / 4.0
    c = D / d
    Cf = (4 * c - 1) / (4 * c - 4) + 0.615 * d / D
    Fmax, S, G, lmax, Fp, sigma_pm, sigma_w = 1000.0, 189000.0, 11.5e6, 14.0, 300.0, 6.0, 1.25
    K = G * d**4 / (8 * n * D**3)
    lf = Fmax / K + 1.05 * (n + 2) * d
    sigma_p = Fp / K
    g = _stack(xp,
               S - 8 * Cf * Fmax * D / (np.pi * d**3),
               lmax - lf,
               D / d - 3,
               sigma_pm - sigma_p,
               -sigma_p - (Fmax - Fp) / K - 1.05 * (n + 2) * d + lf,
               sigma_w - (Fmax - Fp) / K)
    return f1[:, None], g


def two_bar_truss(X, xp):
    x1, x2, y = _cols(X)
    f1 = x1 * xp.sqrt(16.0 + y**2) + x2 * xp.sqrt(1.0 + y**2)
    f2 = 20.0 * xp.sqrt(16.0 + y**2) / (x1 * y)
    g = _stack(xp, 0.1 - f1, 1e5 - f2, 1e5 - 80.0 * xp.sqrt(1.0 + y**2) / (y * x2))
    return _stack(xp, f1, f2), g


def welded_beam(X, xp):
    h, l, t, b = _cols(X)
    P, L, E, G = 6000.0, 14.0, 30e6, 12e6
    f1 = 1.10471 * h**2 * l + 0.04811 * t * b * (14.0 + l)
    f2 = 4 * P * L**3 / (E * b * t**3)
    M = P * (L + l / 2)
    R = xp.sqrt(l**2 / 4.0 + ((h + t) / 2.0) ** 2)
    J = 2 * SQRT2 * h * l * (l**2 / 12.0 + ((h + t) / 2.0) ** 2)
    tau2 = M * R / J
    tau1 = P / (SQRT2 * h * l)
    tau = xp.sqrt(tau1**2 + 2 * tau1 * tau2 * l / (2 * R) + tau2**2)
    sigma = 6 * P * L / (b * t**2)
    Pc = 4.013 * E * xp.sqrt(t**2 * b**6 / 36.0) / L**2 * (1 - t / (2 * L) * np.sqrt(E / (4 * G)))
    g = _stack(xp, 13600.0 - tau, 30000.0 - sigma, b - h, Pc - P)
    return _stack(xp, f1, f2), g


def disc_brake(X, xp):
    ri, ro, Fa, s = _cols(X)
    a2 = ro**2 - ri**2
    a3 = ro**3 - ri**3
    f1 = 4.9e-5 * a2 * (s - 1.0)
    f2 = 9.82e6 * a2 / (Fa * s * a3)
    g = _stack(xp, ro - ri - 20.0, 0.4 - Fa / (3.14 * a2), 1.0 - 2.22e-3 * Fa * a3 / a2**2,
               2.66e-2 * Fa * s * a3 / a2 - 900.0)
    return _stack(xp, f1, f2), g


def crashworthiness(X, xp):
    x1, x2, x3, x4, x5 = _cols(X)
    f1 = 1640.2823 + 2.3573285 * x1 + 2.3220035 * x2 + 4.5688768 * x3 + 7.7213633 * x4 + 4.4559504 * x5
    f2 = (6.5856 + 1.15 * x1 - 1.0427 * x2 + 0.9738 * x3 + 0.8364 * x4 - 0.3695 * x1 * x4
          + 0.0861 * x1 * x5 + 0.3628 * x2 * x4 - 0.1106 * x1**2 - 0.3437 * x3**2 + 0.1764 * x4**2)
    f3 = (-0.0551 + 0.0181 * x1 + 0.1024 * x2 + 0.0421 * x3 - 0.0073 * x1 * x2 + 0.024 * x2 * x3
          - 0.0118 * x2 * x4 - 0.0204 * x3 * x4 - 0.008 * x3 * x5 - 0.0241 * x2**2 + 0.0109 * x4**2)
    return _stack(xp, f1, f2, f3), None


def speed_reducer(X, xp):
    x1, x2, x3, x4, x5, x6, x7 = _cols(X)
    f1 = (0.7854 * x1 * x2**2 * (10.0 * x3**2 / 3.0 + 14.933 * x3 - 43.0934)
          - 1.508 * x1 * (x6**2 + x7**2) + 7.477 * (x6**3 + x7**3) + 0.7854 * (x4 * x6**2 + x5 * x7**2))
    f2 = xp.sqrt((745.0 * x4 / (x2 * x3)) ** 2 + 1.69e7) / (0.1 * x6**3)
    g = _stack(xp,
               1.0 / 27.0 - 1.0 / (x1 * x2**2 * x3),
               1.0 / 397.5 - 1.0 / (x1 * x2**2 * x3**2),
               1.0 / 1.93 - x4**3 / (x2 * x3 * x6**4),
               1.0 / 1.93 - x5**3 / (x2 * x3 * x7**4),
               40.0 - x2 * x3,
               12.0 - x1 / x2,
               x1 / x2 - 5.0,
               x4 - 1.5 * x6 - 1.9,
               x5 - 1.1 * x7 - 1.9,
               1300.0 - f2,
               1100.0 - xp.sqrt((745.0 * x5 / (x2 * x3)) ** 2 + 1.575e8) / (0.1 * x7**3))
    return _stack(xp, f1, f2), g


def gear_train(X, xp):
    x1, x2, x3, x4 = _cols(X)
    f1 = xp.abs(6.931 - x3 / x1 * (x4 / x2))
    f2 = xp.max(X, axis=1)
    return _stack(xp, f1, f2), (0.5 - f1 / 6.931)[:, None]


def rocket_injector(X, xp):
    a, ha, oa, optt = _cols(X)
    f1 = (0.692 + 0.477 * a - 0.687 * ha - 0.080 * oa - 0.0650 * optt - 0.167 * a**2 - 0.0129 * ha * a
          + 0.0796 * ha**2 - 0.0634 * oa * a - 0.0257 * oa * ha + 0.0877 * oa**2 - 0.0521 * optt * a
          + 0.00156 * optt * ha + 0.00198 * optt * oa + 0.0184 * optt**2)
    f2 = (0.153 - 0.322 * a + 0.396 * ha + 0.424 * oa + 0.0226 * optt + 0.175 * a**2 + 0.0185 * ha * a
          - 0.0701 * ha**2 - 0.251 * oa * a + 0.179 * oa * ha + 0.0150 * oa**2 + 0.0134 * optt * a
          + 0.0296 * optt * ha + 0.0752 * optt * oa + 0.0192 * optt**2)
    f3 = (0.370 - 0.205 * a + 0.0307 * ha + 0.108 * oa + 1.019 * optt - 0.135 * a**2 + 0.0141 * ha * a
          + 0.0998 * ha**2 + 0.208 * oa * a - 0.0301 * oa * ha - 0.226 * oa**2 + 0.353 * optt * a
          - 0.0497 * optt * oa - 0.423 * optt**2 + 0.202 * ha * a**2 - 0.281 * oa * a**2
          - 0.342 * ha**2 * a - 0.245 * ha**2 * oa + 0.281 * oa**2 * ha - 0.184 * optt**2 * a
          - 0.281 * ha * a * oa)
    return _stack(xp, f1, f2, f3), None


def car_side_impact(X, xp):
    x1, x2, x3, x4, x5, x6, x7 = _cols(X)
    f1 = 1.98 + 4.9 * x1 + 6.67 * x2 + 6.98 * x3 + 4.01 * x4 + 1.78 * x5 + 0.00001 * x6 + 2.73 * x7
    f2 = 4.72 - 0.5 * x4 - 0.19 * x2 * x3
    v_mbp = 10.58 - 0.674 * x1 * x2 - 0.67275 * x2
    v_fd = 16.45 - 0.489 * x3 * x7 - 0.843 * x5 * x6
    f3 = 0.5 * (v_mbp + v_fd)
    g = _stack(xp,
               1 - (1.16 - 0.3717 * x2 * x4 - 0.0092928 * x3),
               0.32 - (0.261 - 0.0159 * x1 * x2 - 0.06486 * x1 - 0.019 * x2 * x7 + 0.0144 * x3 * x5
                       + 0.0154464 * x6),
               0.32 - (0.214 + 0.00817 * x5 - 0.045195 * x1 - 0.0135168 * x1 + 0.03099 * x2 * x6
                       - 0.018 * x2 * x7 + 0.007176 * x3 + 0.023232 * x3 - 0.00364 * x5 * x6
                       - 0.018 * x2**2),
               0.32 - (0.74 - 0.61 * x2 - 0.031296 * x3 - 0.031872 * x7 + 0.227 * x2**2),
               32 - (28.98 + 3.818 * x3 - 4.2 * x1 * x2 + 1.27296 * x6 - 2.68065 * x7),
               32 - (33.86 + 2.95 * x3 - 5.057 * x1 * x2 - 3.795 * x2 - 3.4431 * x7 + 1.45728),
               32 - (46.36 - 9.9 * x2 - 4.4505 * x1),
               4 - f2,
               9.9 - v_mbp,
               15.7 - v_fd)
    return _stack(xp, f1, f2, f3), g


def marine_design(X, xp):
    L, B, D, T, Vk, CB = _cols(X)
    displacement = 1.025 * L * B * T * CB
    Fn = 0.5144 * Vk / xp.sqrt(9.8065 * L)
    a = 4977.06 * CB**2 - 8105.61 * CB + 4456.51
    b = -10847.2 * CB**2 + 12817.0 * CB - 6960.32
    power = displacement ** (2.0 / 3.0) * Vk**3 / (a + b * Fn)
    outfit = L**0.8 * B**0.6 * D**0.3 * CB**0.1
    steel = 0.034 * L**1.7 * B**0.7 * D**0.4 * CB**0.5
    light_ship = steel + outfit + 0.17 * power**0.9
    capital = 0.2 * 1.3 * (2000.0 * steel**0.85 + 3500.0 * outfit + 2400.0 * power**0.8)
    dwt = displacement - light_ship
    running = 40000.0 * dwt**0.3
    sea_days = 5000.0 / 24.0 * Vk
    daily = 0.19 * power * 24.0 / 1000.0 + 0.2
    fuel_cost = 1.05 * daily * sea_days * 100.0
    port_cost = 6.3 * dwt**0.8
    cargo_dwt = dwt - daily * (sea_days + 5.0) - 2.0 * dwt**0.5
    rtpa = 350.0 / (sea_days + 2.0 * (cargo_dwt / 8000.0 + 0.5))
    annual_cargo = cargo_dwt * rtpa
    f1 = (capital + running + (fuel_cost + port_cost) * rtpa) / annual_cargo
    bmt = (0.085 * CB - 0.002) * B**2 / (T * CB)
    g = _stack(xp,
               L / B - 6.0, 15.0 - L / D, 19.0 - L / T, 0.45 * dwt**0.31 - T, 0.7 * D + 0.7 - T,
               500000.0 - dwt, dwt - 3000.0, 0.32 - Fn,
               0.53 * T + bmt - (1.0 + 0.52 * D) - 0.07 * B)
    return _stack(xp, f1, light_ship, -annual_cargo), g


def water_resources(X, xp):
    x1, x2, x3 = _cols(X)
    p = x1 * x2
    F = _stack(xp,
               106780.37 * (x2 + x3) + 61704.67,
               3000 * x1,
               305700 * 2289 * x2 / (0.06 * 2289) ** 0.65,
               250 * 2289 * xp.exp(-39.75 * x2 + 9.9 * x3 + 2.74),
               25 * (1.39 / p + 4940 * x3 - 80))
    g = _stack(xp,
               1 - (0.00139 / p + 4.94 * x3 - 0.08),
               1 - (0.000306 / p + 1.082 * x3 - 0.0986),
               50000 - (12.307 / p + 49408.24 * x3 + 4051.02),
               16000 - (2.098 / p + 8046.33 * x3 - 696.71),
               10000 - (2.138 / p + 7883.39 * x3 - 705.04),
               2000 - (0.417 * p + 1721.26 * x3 - 136.54),
               550 - (0.164 / p + 631.13 * x3 - 54.48))
    return F, g


def car_cab(X, Z, xp):
    """RE91: the seven design variables and Z (N, 4) standard normal draws; nine objectives."""
    x1, x2, x3, x4, x5, x6, x7 = _cols(X)
    x8 = 0.006 * Z[:, 0] + 0.345
    x9 = 0.006 * Z[:, 1] + 0.192
    x10 = 10 * Z[:, 2]
    x11 = 10 * Z[:, 3]
    pos = lambda v: xp.maximum(v, 0.0)  # noqa: E731
    f1 = 1.98 + 4.9 * x1 + 6.67 * x2 + 6.98 * x3 + 4.01 * x4 + 1.75 * x5 + 0.00001 * x6 + 2.73 * x7
    f2 = pos(1.16 - 0.3717 * x2 * x4 - 0.00931 * x2 * x10 - 0.484 * x3 * x9 + 0.01343 * x6 * x10)
    f3 = pos((0.261 - 0.0159 * x1 * x2 - 0.188 * x1 * x8 - 0.019 * x2 * x7 + 0.0144 * x3 * x5
              + 0.87570001 * x5 * x10 + 0.08045 * x6 * x9 + 0.00139 * x8 * x11 + 0.00001575 * x10 * x11)
             / 0.32)
    f4 = pos((0.214 + 0.00817 * x5 - 0.131 * x1 * x8 - 0.0704 * x1 * x9 + 0.03099 * x2 * x6
              - 0.018 * x2 * x7 + 0.0208 * x3 * x8 + 0.121 * x3 * x9 - 0.00364 * x5 * x6
              + 0.0007715 * x5 * x10 - 0.0005354 * x6 * x10 + 0.00121 * x8 * x11 + 0.00184 * x9 * x10
              - 0.018 * x2**2) / 0.32)
    f5 = pos((0.74 - 0.61 * x2 - 0.163 * x3 * x8 + 0.001232 * x3 * x10 - 0.166 * x7 * x9
              + 0.227 * x2**2) / 0.32)
    tmp = ((28.98 + 3.818 * x3 - 4.2 * x1 * x2 + 0.0207 * x5 * x10 + 6.63 * x6 * x9 - 7.77 * x7 * x8
            + 0.32 * x9 * x10)
           + (33.86 + 2.95 * x3 + 0.1792 * x10 - 5.057 * x1 * x2 - 11 * x2 * x8 - 0.0215 * x5 * x10
              - 9.98 * x7 * x8 + 22 * x8 * x9)
           + (46.36 - 9.9 * x2 - 12.9 * x1 * x8 + 0.1107 * x3 * x10)) / 3
    f6 = pos(tmp / 32)
    f7 = pos((4.72 - 0.5 * x4 - 0.19 * x2 * x3 - 0.0122 * x4 * x10 + 0.009325 * x6 * x10
              + 0.000191 * x11**2) / 4.0)
    f8 = pos((10.58 - 0.674 * x1 * x2 - 1.95 * x2 * x8 + 0.02054 * x3 * x10 - 0.0198 * x4 * x10
              + 0.028 * x6 * x10) / 9.9)
    f9 = pos((16.45 - 0.489 * x3 * x7 - 0.843 * x5 * x6 + 0.0432 * x9 * x10 - 0.0556 * x9 * x11
              - 0.000786 * x11**2) / 15.7)
    return _stack(xp, f1, f2, f3, f4, f5, f6, f7, f8, f9)
