"""A population: the arrays of N evaluated individuals, nothing else."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._array import get_xp, is_device_array


@dataclass(frozen=True)
class Population:
    """N evaluated individuals: ``X`` (N, n_var), ``F`` (N, n_obj), ``G`` (N, n_ieq),
    ``H`` (N, n_eq) and ``CV`` (N,) (0 = feasible), all of one array namespace (NumPy on the
    CPU, CuPy on a GPU: see ``Algorithm.setup(device=...)``)."""

    X: np.ndarray
    F: np.ndarray
    G: np.ndarray
    H: np.ndarray
    CV: np.ndarray

    def __len__(self) -> int:
        return int(self.X.shape[0])

    @property
    def feasible(self) -> np.ndarray:
        return self.CV <= 0

    def take(self, idx) -> Population:
        xp = get_xp(self.F)
        idx = xp.asarray(idx)
        if idx.dtype.kind in "iu" and idx.ndim == 1:  # np.take: faster than fancy indexing
            X = self.X[idx] if isinstance(self.X, RowStack) else xp.take(self.X, idx, axis=0)
            return Population(X, *(xp.take(a, idx, axis=0) for a in self.arrays()[1:]))
        return Population(self.X[idx], self.F[idx], self.G[idx], self.H[idx], self.CV[idx])

    @staticmethod
    def concat(a: Population, b: Population) -> Population:
        xp = get_xp(a.F)
        return Population(*(xp.concatenate([x, y], axis=0) for x, y in zip(a.arrays(), b.arrays())))

    @staticmethod
    def merge(a: Population, b: Population) -> Population:
        """``concat(a, b)`` whose ``X`` is a :class:`RowStack` of the two blocks: survival reads
        the objectives, and only the survivors' rows of X are ever copied (at 1e6 members of 12
        variables this saves a 192 MB array and its copy)."""
        xp = get_xp(a.F)
        return Population(RowStack(a.X, b.X), *(xp.concatenate([x, y], axis=0) for x, y in zip(a.arrays()[1:], b.arrays()[1:])))

    def arrays(self) -> tuple[np.ndarray, ...]:
        return self.X, self.F, self.G, self.H, self.CV

    @staticmethod
    def from_evaluation(ev, xp=None) -> Population:
        """From a :class:`paretix.Evaluation`, its arrays moved into ``xp`` when given (a device
        run told host values). Rows whose objectives are not finite (inf from a failed
        simulation) are treated like NaN rows: kept, with CV = inf."""
        X, F, G, H, CV = ev.X, ev.F, ev.G, ev.H, ev.CV
        if xp is not None and xp is not np:
            X, F, G, H, CV = (xp.asarray(a, dtype=xp.float64) for a in (X, F, G, H, CV))
        xp = get_xp(F)
        cv = xp.array(CV, dtype=xp.float64)
        cv[~finite_rows(F)] = xp.inf
        return Population(X, F, G, H, cv)

    def to_host(self) -> Population:
        """The same population as NumPy arrays (copies of device arrays; self on the host)."""
        if not is_device_array(self.F):
            return self
        from .._array import to_numpy  # noqa: PLC0415

        return Population(*(to_numpy(a) for a in self.arrays()))


def best_set(pop: Population) -> np.ndarray:
    """Indices of the result set: the non-dominated feasible members (first copy of duplicates);
    with no feasible member, the non-dominated members among those of least violation."""
    from ..kernels import is_nondominated

    xp = get_xp(pop.CV)
    if len(pop) == 0:
        return xp.zeros(0, dtype=xp.int64)
    feasible = xp.flatnonzero(pop.CV <= 0)
    if feasible.size:
        return feasible[is_nondominated(pop.F[feasible])]
    least = xp.flatnonzero(pop.CV == pop.CV.min())
    finite = least[finite_rows(pop.F[least])]
    if finite.size == 0:
        return least[:1]
    return finite[is_nondominated(pop.F[finite])]


def finite_rows(A: np.ndarray) -> np.ndarray:
    """``np.isfinite(A).all(axis=1)`` for a 2-D array, column by column (about 5x faster for the
    few columns of an objective array: NumPy reduces short rows slowly)."""
    xp = get_xp(A)
    if A.shape[1] == 0:
        return xp.ones(A.shape[0], dtype=bool)
    ok = xp.isfinite(A[:, 0])
    for j in range(1, A.shape[1]):
        ok &= xp.isfinite(A[:, j])
    return ok


def argsort_stable(a, axis: int = -1):
    """A stable argsort in ``a``'s namespace (CuPy's sort is always stable and takes no
    ``kind="stable"`` in every version)."""
    xp = get_xp(a)
    return np.argsort(a, axis=axis, kind="stable") if xp is np else xp.argsort(a, axis=axis)


def column_reduce(A: np.ndarray, fn) -> np.ndarray:
    """``fn(A, axis=0)`` for ``fn`` = ``np.min`` or ``np.max``, column by column (7x faster on a
    tall array of a few columns; the same values). On a device array: one reduction over axis 0
    (the same values; no per-column launches and no host round trip)."""
    xp = get_xp(A)
    if xp is not np:
        return (xp.min if fn in (np.min, np.amin) else xp.max)(A, axis=0)
    return np.array([fn(A[:, j]) for j in range(A.shape[1])], dtype=A.dtype)


class RowStack:
    """Rows of ``A`` followed by rows of ``B`` (2-D arrays with the same columns, of one
    namespace), not copied: ``stack[idx]`` gathers rows from both blocks for an integer index
    array; any other use (``np.asarray(stack)`` on the host, :meth:`concatenate`, other keys)
    builds the concatenation."""

    def __init__(self, A, B):
        self.A, self.B = A, B
        self.shape = (A.shape[0] + B.shape[0], A.shape[1])
        self.dtype = np.result_type(A.dtype, B.dtype)
        self.ndim = 2

    def __len__(self) -> int:
        return self.shape[0]

    def concatenate(self):
        """The rows of ``A`` and ``B`` as one array of their namespace."""
        return get_xp(self.A).concatenate([self.A, self.B], axis=0)

    def __array__(self, dtype=None, copy=None):
        out = np.concatenate([self.A, self.B], axis=0)
        return out if dtype is None else out.astype(dtype, copy=False)

    def __getitem__(self, key):
        xp = get_xp(self.A)
        idx = xp.asarray(key) if not isinstance(key, (slice, tuple)) else None
        if idx is None or idx.ndim != 1 or idx.dtype.kind not in "iu":
            return self.concatenate()[key]
        n_a = self.A.shape[0]
        if idx.size and bool((idx.min() < -self.shape[0]) | (idx.max() >= self.shape[0])):
            raise IndexError(f"row index out of range for {self.shape[0]} rows")
        idx = xp.where(idx < 0, idx + self.shape[0], idx)
        out = xp.empty((idx.shape[0], self.shape[1]), dtype=self.dtype)
        in_a = idx < n_a
        pa, pb = xp.flatnonzero(in_a), xp.flatnonzero(~in_a)
        out[pa] = xp.take(self.A, idx[pa], axis=0)  # np.take: faster than fancy indexing
        out[pb] = xp.take(self.B, idx[pb] - n_a, axis=0)
        return out
