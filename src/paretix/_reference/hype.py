"""Reference HypE fitness and greedy removal: short, slow, obviously correct.

* :func:`hype_fitness_mc`: every sample of the ``hypervolume_mc`` stream (:func:`uniforms`),
  its dominators found by broadcasting (in chunks), the weights ``alpha_c`` added with
  ``np.add.at`` in sample order within each block of :func:`block_size` samples, the block sums
  added in order (so the sums are those of the compiled kernels).
* :func:`hype_fitness_exact`: inclusion over the grid of all coordinates: every cell between
  consecutive distinct coordinates (and ``ref``) has a constant set of dominators (the points
  weakly dominating its lower corner); the cell adds ``alpha_c`` times its volume to each of
  them. O(n^d) cells, any d.
* :func:`hype_greedy`: the greedy loop written out, one fitness per step (Monte Carlo: the same
  fixed sample set, the dominators still present counted afresh at every step).

Inputs are already validated (float64, no NaN, finite boxes for the counted points). For tests on
small inputs only.
"""

from __future__ import annotations

import itertools

import numpy as np

from .hv import uniforms

_CHUNK_ELEMENTS = 1_000_000


def alpha(k: int, n: int) -> np.ndarray:
    """``alpha[c] = prod_{l=1}^{c-1} (k - l) / (n - l) / c`` for c = 1..k (``alpha[0] = 0``),
    computed as the running product of the compiled kernels."""
    a = np.zeros(k + 1)
    p = 1.0
    for c in range(1, k + 1):
        a[c] = p / float(c)
        if c < k:
            p *= float(k - c) / float(n - c)
    return a


def _counted(points: np.ndarray, ref: np.ndarray) -> np.ndarray:
    return np.flatnonzero((points < ref).all(axis=1)) if len(points) else np.zeros(0, dtype=np.intp)


def _samples(points: np.ndarray, ref: np.ndarray, n_samples: int, seed: int):
    """Dominance matrix (n_samples, n_counted) of the stream's samples, the counted rows and the
    box volume."""
    rows = _counted(points, ref)
    pts = points[rows]
    d = points.shape[1]
    lo = pts.min(axis=0)
    width = ref - lo
    box = 1.0
    for w in width:
        box *= float(w)
    dom = np.zeros((n_samples, len(rows)), dtype=bool)
    chunk = max(1, _CHUNK_ELEMENTS // max(1, len(rows) * d))
    for start in range(0, n_samples, chunk):
        stop = min(n_samples, start + chunk)
        u = uniforms(seed, np.arange(start * d, stop * d, dtype=np.uint64)).reshape(stop - start, d)
        s = lo + u * width
        dom[start:stop] = (pts[None, :, :] <= s[:, None, :]).all(axis=2)
    return dom, rows, box


def block_size(n_samples: int) -> int:
    """Samples are summed in blocks of this many (a function of ``n_samples`` alone), the block
    sums added in block order: the compiled kernels' order, whatever their thread count."""
    return max(1024, -(-n_samples // 64))


def _accumulate(dom: np.ndarray, alive: np.ndarray, a: np.ndarray, k: int) -> np.ndarray:
    """Per counted point: the sum of ``a[c]`` over the samples it dominates with ``c``
    (dominators still alive) in [1, k]; in sample order within each block, then block by block."""
    acc = np.zeros(dom.shape[1])
    B = block_size(len(dom))
    for start in range(0, len(dom), B):
        blk = dom[start:start + B] & alive[None, :]
        c = blk.sum(axis=1)
        use = (c >= 1) & (c <= k)
        s_idx, p_idx = np.nonzero(blk[use])  # row-major: sample order
        part = np.zeros(dom.shape[1])
        np.add.at(part, p_idx, a[c[use][s_idx]])
        acc += part
    return acc


def hype_fitness_mc(points: np.ndarray, ref: np.ndarray, k: int, n_samples: int, seed: int, threads: int = 1):
    n = len(points)
    out = np.zeros(n)
    rows = _counted(points, ref)
    if rows.size == 0:
        return out, 0
    dom, rows, box = _samples(points, ref, n_samples, seed)
    acc = _accumulate(dom, np.ones(len(rows), dtype=bool), alpha(k, n), k)
    out[rows] = acc * (box / float(n_samples))
    return out, int(dom.any(axis=1).sum())


def _exact_alive(points: np.ndarray, ref: np.ndarray, k: int, n_pop: int, alive: np.ndarray) -> np.ndarray:
    out = np.zeros(len(points))
    rows = np.flatnonzero(alive & (points < ref).all(axis=1))
    if rows.size == 0:
        return out
    pts = points[rows]
    a = alpha(k, n_pop)
    d = points.shape[1]
    axes = [np.append(np.unique(pts[:, j]), ref[j]) for j in range(d)]
    for cell in itertools.product(*(range(len(ax) - 1) for ax in axes)):
        corner = np.array([axes[j][i] for j, i in enumerate(cell)])
        dominators = np.flatnonzero((pts <= corner).all(axis=1))
        c = dominators.size
        if 1 <= c <= k:
            vol = float(np.prod([axes[j][i + 1] - axes[j][i] for j, i in enumerate(cell)]))
            out[rows[dominators]] += a[c] * vol
    return out


def hype_fitness_exact(points: np.ndarray, ref: np.ndarray, k: int) -> np.ndarray:
    return _exact_alive(points, ref, k, len(points), np.ones(len(points), dtype=bool))


def hype_greedy(points: np.ndarray, ref: np.ndarray, n_remove: int, exact: bool, n_samples: int, seed: int,
                threads: int = 1) -> np.ndarray:
    n = len(points)
    alive = np.ones(n, dtype=bool)
    removed = np.empty(n_remove, dtype=np.int64)
    if not exact:
        rows = _counted(points, ref)
        dom, rows, _ = _samples(points, ref, n_samples, seed) if rows.size else (None, rows, 0.0)
    for t in range(n_remove):
        k = n_remove - t
        if exact:
            fit = _exact_alive(points, ref, k, n - t, alive)
        else:
            fit = np.zeros(n)
            if rows.size:
                fit[rows] = _accumulate(dom, alive[rows], alpha(k, n - t), k)
        worst = np.flatnonzero(alive)[np.argmin(fit[alive])]  # argmin: the first of ties
        removed[t] = worst
        alive[worst] = False
    return removed
