"""Slow, obviously correct NumPy versions of the kernels: the oracles the tests compare against."""
