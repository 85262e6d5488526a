"""Reference duplicate detection (a lexicographic sort of the stacked rows) for the
``duplicated`` kernel. The variation kernels' reference is the NumPy operator code in
:mod:`paretix.operators` itself (``_variation.py``)."""

from __future__ import annotations

import numpy as np


def duplicated(X: np.ndarray, existing: list[np.ndarray], threads: int = 1) -> np.ndarray:
    """``dup[i]``: row ``i`` of ``X`` equals (``==`` in every column) an earlier row of ``X`` or a
    row of a block of ``existing``. A stable lexicographic sort puts equal rows next to each other
    in index order, with the existing rows first; every row after the first of its run is a copy.
    NaN sorts last and equals nothing, so rows holding NaN are never copies."""
    n, d = X.shape
    allx = np.concatenate([*existing, X], axis=0) if existing else X
    m = len(allx) - n
    if d == 0:  # every empty row equals every other
        dup = np.ones(n, dtype=bool)
        dup[:1] = m > 0
        return dup
    order = np.lexsort(allx.T[::-1])
    s = allx[order]
    is_copy = np.zeros(len(allx), dtype=bool)
    is_copy[order[1:][(s[1:] == s[:-1]).all(axis=1)]] = True
    return is_copy[m:]
