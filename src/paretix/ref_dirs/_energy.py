"""Riesz s-energy reference directions (Blank, Deb, Dhebar, Bandaru & Seada 2021)."""

from __future__ import annotations

import math

import numpy as np

from ._lattice import _positive_int, das_dennis, n_das_dennis


def _real(value, name: str, *, low: float, low_open: bool = True) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    if not math.isfinite(v) or v < low or (low_open and v == low):
        raise ValueError(f"{name} must be a finite number {'>' if low_open else '>='} {low}, got {value!r}")
    return v


def project_simplex(Y: np.ndarray) -> np.ndarray:
    """Euclidean projection of every row of ``Y`` onto the unit simplex (sort-based, O(m log m)).

    Held, Wolfe & Crowder (1974); Duchi, Shalev-Shwartz, Singer & Chandra (2008).
    """
    n, m = Y.shape
    U = -np.sort(-Y, axis=1)  # (n, m) descending
    css = np.cumsum(U, axis=1) - 1.0  # (n, m)
    k = np.arange(1, m + 1)
    support = U - css / k > 0  # (n, m); column 0 always True
    rho = m - 1 - np.argmax(support[:, ::-1], axis=1)  # (n,) last True
    theta = css[np.arange(n), rho] / (rho + 1)  # (n,)
    return np.maximum(Y - theta[:, None], 0.0)


def _squared_distances(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """(len(A), len(B)) squared Euclidean distances, summed per coordinate (exact, O(n^2) memory)."""
    D2 = np.zeros((A.shape[0], B.shape[0]))
    for k in range(A.shape[1]):  # over objectives, not points
        D2 += (A[:, k, None] - B[None, :, k]) ** 2
    return D2


def riesz_energy(X: np.ndarray, s: float) -> tuple[float, np.ndarray]:
    """``log`` of the mean Riesz s-energy over pairs and its gradient with respect to ``X``.

    ``E = mean_{i<j} ||x_i - x_j||^-s``; returns ``(log E, d log E / d X)``. Distances are scaled
    by the smallest one before the power, so neither overflows for large ``s``.
    """
    n = X.shape[0]
    D2 = _squared_distances(X, X)  # (n, n)
    np.fill_diagonal(D2, np.inf)
    D2 = np.maximum(D2, 1e-300)  # coincident points: a huge but finite energy
    d2_min = D2.min()
    R = (d2_min / D2) ** (0.5 * s)  # (n, n) in [0, 1], 0 on the diagonal
    S = 0.5 * R.sum()  # sum over pairs i < j of (d_min / d_ij)^s
    log_energy = math.log(S) - 0.5 * s * math.log(d2_min) - math.log(n * (n - 1) / 2)
    W = R / D2  # (n, n): d_ij^-(s+2) up to the common factor d_min^s
    grad = -s * (X * W.sum(axis=1)[:, None] - W @ X) / S  # (n, m)
    return log_energy, grad


class _Adam:
    """Adam (Kingma & Ba 2015) as in pymoo's reference-direction optimiser."""

    def __init__(self, alpha: float, beta_1: float = 0.9, beta_2: float = 0.999, eps: float = 1e-8):
        self.alpha, self.beta_1, self.beta_2, self.eps = alpha, beta_1, beta_2, eps
        self.m = 0.0
        self.v = 0.0
        self.t = 0

    def step(self, X: np.ndarray, grad: np.ndarray) -> np.ndarray:
        self.t += 1
        self.m = self.beta_1 * self.m + (1 - self.beta_1) * grad
        self.v = self.beta_2 * self.v + (1 - self.beta_2) * grad * grad
        m_hat = self.m / (1 - self.beta_1**self.t)
        v_hat = self.v / (1 - self.beta_2**self.t)
        return X - self.alpha * m_hat / (np.sqrt(v_hat) + self.eps)


def _initial(n_obj: int, n_points: int, rng: np.random.Generator, n_samples: int) -> np.ndarray:
    """pymoo's "reduction" start: the boundary of the largest Das-Dennis lattice that fits, then
    farthest-point picks from a uniform simplex sample, then k-means with the boundary fixed."""
    H = 1
    while n_das_dennis(n_obj, H + 1) <= n_points:
        H += 1
    lattice = das_dennis(n_obj, H)
    E = lattice[(lattice == 0).any(axis=1)]  # (n_e, m) boundary points, corners included
    n_e = E.shape[0]
    if n_e == n_points:
        return E
    sample = rng.dirichlet(np.ones(n_obj), size=n_samples)  # (n_samples, m) uniform on the simplex
    cand = np.concatenate([E, sample])  # (n_c, m)
    # Greedy farthest-point selection (a loop over picked points; each pick is one array pass).
    nearest = _squared_distances(cand, E).min(axis=1)  # (n_c,) squared distance to the set
    picked = []
    for _ in range(n_points - n_e):
        i = int(np.argmax(nearest))
        picked.append(i)
        nearest = np.minimum(nearest, _squared_distances(cand, cand[i : i + 1])[:, 0])
    C = np.concatenate([E, cand[picked]])  # (n_points, m)
    # k-means on the candidates; the boundary centroids stay fixed (pymoo's n_ignore).
    for _ in range(300):
        label = np.argmin(_squared_distances(cand, C), axis=1)  # (n_c,) nearest centroid
        count = np.bincount(label, minlength=n_points)  # (n_points,)
        sums = np.stack([np.bincount(label, weights=cand[:, k], minlength=n_points)
                         for k in range(n_obj)], axis=1)  # (n_points, m)
        new = C.copy()
        move = count > 0
        move[:n_e] = False
        new[move] = sums[move] / count[move, None]
        new /= new.sum(axis=1, keepdims=True)
        delta = np.abs(new - C).sum(axis=1).mean()
        C = new
        if delta < 1e-4:  # pymoo's kmeans_a_tol
            break
    return C


def energy(n_obj: int, n_points: int, seed=None, *, n_iter: int = 1000, s: float | None = None,
           learning_rate: float = 0.005, tol: float = 1e-5, patience: int = 30,
           n_samples: int = 10_000) -> np.ndarray:
    """``n_points`` well-spread directions on the unit simplex, by minimising the Riesz s-energy.

    Parameters
    ----------
    n_obj : int
        Number of objectives (dimension of the simplex + 1), >= 1.
    n_points : int
        Number of directions, >= ``n_obj`` (any count, unlike the lattices).
    seed : int, numpy.random.Generator or None, optional
        Seed of the initial set (passed to ``numpy.random.default_rng``); the same seed gives the
        same directions. ``None`` draws fresh entropy (pymoo's ``get_reference_directions``
        uses ``seed=1`` by default).
    n_iter : int, default 1000
        Maximum number of gradient steps.
    s : float, optional
        Riesz exponent; default ``2 * n_obj`` (the value the authors found to work well).
    learning_rate : float, default 0.005
        Initial Adam step size (halved at every restart).
    tol : float, default 1e-5
        Stop when the mean absolute coordinate change of one step falls below ``tol``.
    patience : int, default 30
        Restart Adam from the best set so far, with half the step size, after this many steps
        without a lower energy.
    n_samples : int, default 10000
        Size of the uniform simplex sample the initial set is drawn from.

    Returns
    -------
    numpy.ndarray, shape (n_points, n_obj)
        Non-negative rows summing to 1 (to rounding), in lexicographic order; the ``n_obj``
        corners of the simplex are included exactly.

    Notes
    -----
    The method of Blank et al. [1]_ as implemented in pymoo's
    ``RieszEnergyReferenceDirectionFactory``:

    1. Start set: the boundary points of the largest Das-Dennis lattice with at most
       ``n_points`` points, completed by farthest-point picks from ``n_samples`` uniform
       points on the simplex and refined by k-means (boundary centroids fixed).
    2. Minimise ``log mean_{i<j} ||x_i - x_j||^-s`` by Adam on the gradient projected onto
       the plane ``sum(x) = 0`` and normalised by its largest row norm; after each step the
       points are projected back onto the simplex. The corners never move. The lowest-energy
       set seen is returned.

    Differences from pymoo (same algorithm and defaults otherwise): the Euclidean projection
    onto the simplex is applied to every moved point (pymoo projects points with a negative
    coordinate and rescales the others by their sum); the corners are held fixed (pymoo moves
    every point, and the corners come back to themselves through the projection); the energy
    is evaluated with distances scaled by the smallest one (no overflow for large ``s``); the
    best set is the one whose energy was evaluated (pymoo stores the step after it); k-means
    stops after at most 300 iterations. Cost: O(n_points^2 n_obj) time and O(n_points^2)
    memory per step; well under a second for 100 points on one core.

    References
    ----------
    .. [1] J. Blank, K. Deb, Y. Dhebar, S. Bandaru, H. Seada, "Generating well-spaced points on
       a unit simplex for evolutionary many-objective optimization", IEEE TEVC 25(1), 2021.

    Examples
    --------
    >>> R = energy(3, 10, seed=1)
    >>> R.shape, bool(abs(R.sum(axis=1) - 1).max() < 1e-12)
    ((10, 3), True)
    """
    n_obj = _positive_int(n_obj, "n_obj", 1)
    n_points = _positive_int(n_points, "n_points", n_obj)
    n_iter = _positive_int(n_iter, "n_iter", 0)
    patience = _positive_int(patience, "patience", 1)
    n_samples = _positive_int(n_samples, "n_samples", 1)
    s = 2.0 * n_obj if s is None else _real(s, "s", low=0.0)
    learning_rate = _real(learning_rate, "learning_rate", low=0.0)
    tol = _real(tol, "tol", low=0.0, low_open=False)
    if n_obj == 1:
        if n_points != 1:
            raise ValueError(f"the 1-objective simplex is the single point [1.0]: n_points must be 1, got {n_points}")
        return np.ones((1, 1))
    rng = np.random.default_rng(seed)

    X = _initial(n_obj, n_points, rng, n_samples)  # (n_points, m)
    free = ~(X == 1.0).any(axis=1)  # the corners (exactly one-hot) stay fixed
    if free.any():
        X = _descend(X, free, s, n_iter, learning_rate, tol, patience)
    return X[np.lexsort(X.T[::-1])]


def _descend(X, free, s, n_iter, learning_rate, tol, patience):
    """Projected Adam descent on the log Riesz energy; returns the lowest-energy set seen."""
    optimizer = _Adam(learning_rate)
    best, best_energy, stale = X, np.inf, 0
    for _ in range(n_iter):
        log_energy, grad = riesz_energy(X, s)
        if log_energy < best_energy:
            best, best_energy, stale = X, log_energy, 0
        else:
            stale += 1
        if not np.isfinite(log_energy):
            break
        if stale > patience:  # restart from the best set with half the step
            optimizer = _Adam(optimizer.alpha / 2)
            X, stale = best, 0
            continue
        grad[~free] = 0.0
        grad -= grad.mean(axis=1, keepdims=True)  # onto the plane sum(x) = 0
        grad /= max(float(np.sqrt((grad * grad).sum(axis=1)).max()), 1e-24)
        step = optimizer.step(X, grad)
        new = X.copy()
        new[free] = project_simplex(step[free])
        new /= new.sum(axis=1, keepdims=True)
        delta = np.abs(new - X).mean()
        X = new
        if delta < tol:
            break
    log_energy, _ = riesz_energy(X, s)
    return X if log_energy < best_energy else best
