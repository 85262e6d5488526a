"""CMA-ES internals shared by :class:`paretix.CMAES` and :class:`paretix.BatchCMAES`.

- ``params``: the tutorial's default strategy parameters.
- ``engine``: B instances stepped together (state arrays, ask/tell, restarts, bookkeeping).
- ``stopping``: the termination criteria, evaluated for all instances at once.
- ``restarts``: IPOP and BIPOP population-size schedules.
- ``bounds``: box handling by repair plus an adaptive quadratic penalty (pycma's BoundPenalty).
- ``xp_ops``: the sampling, update and decomposition as whole-array operations (NumPy with
  BLAS/LAPACK for large n, CuPy on the GPU).
"""
