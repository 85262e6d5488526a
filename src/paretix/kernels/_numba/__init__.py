"""Numba twins of the C++ kernels (same contracts, same results). Importing this imports numba."""
