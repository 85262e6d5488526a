"""Evaluation tests: the helper problems live in ``evalprobs.py`` beside this file, importable by
name so that spawned worker processes (ProcessPool, Dask) can unpickle them."""

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
