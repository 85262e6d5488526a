"""A CuPy stand-in in host memory, strict about host round trips, for testing the device path.

paretix runs a population on the GPU through the array namespace ``xp`` (CuPy) and launches its
CUDA kernels on the arrays' ``__cuda_array_interface__``. Without a GPU that path would never run
in the test suite. This module is a namespace with CuPy's rules where they matter:

- Its ``ndarray`` holds a NumPy array but refuses to become one implicitly: ``numpy.asarray``,
  NumPy functions and ufuncs called on it, and mixing it with NumPy arrays raise ``TypeError``,
  as CuPy does for a host/device mix. ``.get()`` and :func:`asnumpy` are the explicit transfers.
- Sorts are always stable (``kind`` other than 'stable' refused); ``lexsort`` takes one 2-D device array; ``searchsorted``
  needs a device ``v``: CuPy's rules.
- Indexing accepts NumPy index arrays, as CuPy does (an upload, not a round trip).
- Reductions and integer indexing return 0-d arrays, not NumPy scalars (CuPy's behaviour), so code
  that feeds a device scalar to NumPy fails here too.
- Floating-point warnings are silenced, as on a GPU (inf / inf is NaN without a warning).
- Device-to-host traffic is counted: :data:`counts` ``["get"]`` (array transfers) and
  ``["sync"]`` (``bool``/``int``/``float``/``item``/``tolist`` of a device value, which would
  synchronise the stream on a GPU). Tests use them to check "no host round trip per generation".
- ``random.default_rng(seed)`` returns a generator with the methods CuPy's ``Generator`` has that
  paretix may use (``random``, ``integers``, ``standard_normal``, ``normal``, ``uniform``), whose
  draws come from a NumPy PCG64 but are not NumPy's stream for the same seed.
- ``__paretix_kernels__ = "paretix._core"``: kernel launches go to ``paretix._core.dev_*``, which
  run the CUDA kernels' bodies (the same ``__host__ __device__`` code) over every thread index on
  the host, reading the arrays through the same ``__cuda_array_interface__`` parser.

What it does not check: CuPy functions that NumPy has and CuPy lacks, dtype promotion differences,
real asynchrony. Those are left to the ``gpu`` tests on a device.
"""

from __future__ import annotations

import sys
import types

import numpy as np

__paretix_kernels__ = "paretix._core"

counts = {"get": 0, "sync": 0}

_MIX = "a NumPy array met a (fake) device array: move it explicitly with xp.asarray(...) or .get()"


def reset_counts() -> None:
    counts["get"] = 0
    counts["sync"] = 0


def _unwrap(v):
    if isinstance(v, ndarray):
        return v._a
    if isinstance(v, np.ndarray):
        raise TypeError(_MIX)
    if isinstance(v, list):
        return [_unwrap(x) for x in v]
    if isinstance(v, tuple):
        return tuple(_unwrap(x) for x in v)
    return v


def _unwrap_key(key):
    """An index: CuPy accepts NumPy index arrays (it uploads them), so they pass here too."""
    if isinstance(key, np.ndarray):
        return key
    if isinstance(key, tuple):
        return tuple(_unwrap_key(k) for k in key)
    return _unwrap(key)


def _wrap(r):
    if isinstance(r, np.ndarray):
        return ndarray(r)
    if isinstance(r, np.generic):
        return ndarray(np.asarray(r))
    if isinstance(r, tuple):
        return tuple(_wrap(x) for x in r)
    if isinstance(r, list) and r and all(isinstance(x, np.ndarray) for x in r):
        return [ndarray(x) for x in r]
    return r


def _call(f, args, kwargs):
    with np.errstate(all="ignore"):  # a GPU raises no floating-point warnings
        return _wrap(f(*_unwrap(args), **{k: _unwrap(v) for k, v in kwargs.items()}))


class ndarray:  # noqa: N801 - CuPy's name
    """A device-array stand-in (see the module docstring)."""

    __slots__ = ("_a",)
    __paretix_xp__ = None  # set below to this module
    __array_ufunc__ = None  # NumPy ufuncs refuse it, and binary ops defer to its methods
    __hash__ = None

    def __init__(self, a):
        if not isinstance(a, np.ndarray):
            raise TypeError("use fakecupy.asarray to make a device array")
        self._a = a

    # explicit transfer, and the conversions that would synchronise on a GPU
    def get(self):
        counts["get"] += 1
        return self._a.copy()

    def __array__(self, *args, **kwargs):
        raise TypeError("implicit conversion of a (fake) device array to a NumPy array is not allowed; use .get()")

    def __array_function__(self, func, types_, args, kwargs):
        raise TypeError(f"numpy.{func.__name__} was called on a (fake) device array; use the array's namespace xp")

    def __bool__(self):
        counts["sync"] += 1
        return bool(self._a)

    def __int__(self):
        counts["sync"] += 1
        return int(self._a)

    def __float__(self):
        counts["sync"] += 1
        return float(self._a)

    def __index__(self):
        counts["sync"] += 1
        return self._a.__index__()

    def item(self, *args):
        counts["sync"] += 1
        return self._a.item(*args)

    def tolist(self):
        counts["sync"] += 1
        return self._a.tolist()

    @property
    def __cuda_array_interface__(self):
        a = self._a
        return {
            "shape": a.shape,
            "typestr": a.dtype.str,
            "data": (a.ctypes.data if a.size else 0, not a.flags.writeable),
            "strides": None if a.flags.c_contiguous else a.strides,
            "version": 3,
        }

    shape = property(lambda self: self._a.shape)
    dtype = property(lambda self: self._a.dtype)
    ndim = property(lambda self: self._a.ndim)
    size = property(lambda self: self._a.size)
    strides = property(lambda self: self._a.strides)
    flags = property(lambda self: self._a.flags)
    nbytes = property(lambda self: self._a.nbytes)
    itemsize = property(lambda self: self._a.itemsize)
    T = property(lambda self: ndarray(self._a.T))
    real = property(lambda self: ndarray(self._a.real))
    imag = property(lambda self: ndarray(self._a.imag))

    def __getattr__(self, name):
        if name.startswith("__"):  # __array_interface__, __array_struct__, ...: no NumPy views
            raise AttributeError(name)
        attr = getattr(self._a, name)
        if callable(attr):
            return lambda *args, **kwargs: _call(attr, args, kwargs)
        return _wrap(attr)

    def __getitem__(self, key):
        return _wrap(self._a[_unwrap_key(key)])

    def __setitem__(self, key, value):
        self._a[_unwrap_key(key)] = _unwrap(value)

    def __len__(self):
        return len(self._a)

    def __iter__(self):
        return (_wrap(x) for x in self._a)

    def __repr__(self):
        return f"fakecupy.ndarray({self._a!r})"

    def __copy__(self):
        return ndarray(self._a.copy())

    def __deepcopy__(self, memo):
        return ndarray(self._a.copy())


def _binary(name):
    def op(self, other):
        if isinstance(other, np.ndarray):
            raise TypeError(_MIX)
        with np.errstate(all="ignore"):
            return _wrap(getattr(self._a, name)(_unwrap(other)))

    op.__name__ = name
    return op


def _inplace(name):
    def op(self, other):
        if isinstance(other, np.ndarray):
            raise TypeError(_MIX)
        with np.errstate(all="ignore"):
            getattr(self._a, name)(_unwrap(other))
        return self

    op.__name__ = name
    return op


for _n in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor", "lshift", "rshift"):
    setattr(ndarray, f"__{_n}__", _binary(f"__{_n}__"))
    setattr(ndarray, f"__r{_n}__", _binary(f"__r{_n}__"))
    setattr(ndarray, f"__i{_n}__", _inplace(f"__i{_n}__"))
for _n in ("lt", "le", "gt", "ge", "eq", "ne"):
    setattr(ndarray, f"__{_n}__", _binary(f"__{_n}__"))
for _n in ("neg", "pos", "abs", "invert"):
    setattr(ndarray, f"__{_n}__", (lambda name: lambda self: _wrap(getattr(self._a, name)()))(f"__{_n}__"))


class _Func:
    """A NumPy function or ufunc taking and returning device arrays (ufunc methods too)."""

    def __init__(self, f):
        self._f = f
        self.__name__ = getattr(f, "__name__", "function")

    def __call__(self, *args, **kwargs):
        return _call(self._f, args, kwargs)

    def __getattr__(self, name):
        attr = getattr(self._f, name)
        return _Func(attr) if callable(attr) else attr


def asarray(a, dtype=None, order=None):
    """Host data (NumPy array, list, scalar) to the device, or a device array (cast if asked)."""
    if isinstance(a, ndarray):
        return a if dtype is None or np.dtype(dtype) == a.dtype else ndarray(a._a.astype(dtype))
    if isinstance(a, (list, tuple)):
        a = [x.get() if isinstance(x, ndarray) else x for x in a]
    return ndarray(np.array(a, dtype=dtype, order=order or "K", copy=True))


def array(a, dtype=None, copy=True, order="K"):
    if isinstance(a, ndarray):
        return ndarray(a._a.astype(dtype or a.dtype, order=order, copy=True)) if copy else asarray(a, dtype)
    return asarray(a, dtype, None if order == "K" else order)


def asnumpy(a):
    return a.get() if isinstance(a, ndarray) else np.asarray(a)


def ascontiguousarray(a, dtype=None):
    if not isinstance(a, ndarray):
        raise TypeError("fakecupy.ascontiguousarray takes a device array (use asarray for host data)")
    return ndarray(np.ascontiguousarray(a._a, dtype=dtype))


ndarray.__paretix_xp__ = sys.modules[__name__]


# ---- CuPy's restrictions that NumPy does not have ------------------------------------------------


def _stable_kind(kind):
    """CuPy's sorts are always stable and ignore ``kind``: accept None/'stable', refuse the rest."""
    if kind not in (None, "stable"):
        raise TypeError(f"CuPy's sorts are always stable; kind={kind!r} would not be honoured")
    return "stable"


def argsort(a, axis=-1, kind=None):
    return ndarray(np.argsort(_unwrap(a), axis=axis, kind=_stable_kind(kind)))


def sort(a, axis=-1, kind=None):
    return ndarray(np.sort(_unwrap(a), axis=axis, kind=_stable_kind(kind)))


def lexsort(keys):
    """CuPy's lexsort takes one (k, n) device array (not a sequence of arrays)."""
    if not isinstance(keys, ndarray):
        raise TypeError("cupy.lexsort takes a 2-D device array of keys (k, n), not a sequence")
    if keys.ndim > 2:
        raise NotImplementedError("Keys with the rank of three or more is not supported in lexsort")
    return ndarray(np.lexsort(keys._a))


def searchsorted(a, v, side="left", sorter=None):
    if not isinstance(v, ndarray):
        raise NotImplementedError("cupy.searchsorted needs v as a device array (a scalar is not supported)")
    return _wrap(np.searchsorted(_unwrap(a), v._a, side=side, sorter=_unwrap(sorter)))


def _method_argsort(self, axis=-1, kind=None):
    return ndarray(self._a.argsort(axis=axis, kind=_stable_kind(kind)))


def _method_sort(self, axis=-1, kind=None):
    self._a.sort(axis=axis, kind=_stable_kind(kind))


ndarray.argsort = _method_argsort
ndarray.sort = _method_sort


# ---- random ------------------------------------------------------------------------------------


class Generator:
    """The subset of ``cupy.random.Generator`` that paretix may use; draws are device arrays."""

    __paretix_xp__ = sys.modules[__name__]

    def __init__(self, seed):
        # A stream of its own: CuPy's generator never matches NumPy's for the same seed either.
        self._g = np.random.Generator(np.random.PCG64(np.random.SeedSequence([0xC0FFEE, int(seed)])))

    def random(self, size=None, dtype=np.float64):
        return ndarray(np.asarray(self._g.random(size, dtype=dtype)))

    def integers(self, low, high=None, size=None, dtype=np.int64, endpoint=False):
        return ndarray(np.asarray(self._g.integers(_unwrap(low), _unwrap(high), size, dtype=dtype, endpoint=endpoint)))

    def standard_normal(self, size=None, dtype=np.float64):
        return ndarray(np.asarray(self._g.standard_normal(size, dtype=dtype)))

    def normal(self, loc=0.0, scale=1.0, size=None):
        return ndarray(np.asarray(self._g.normal(_unwrap(loc), _unwrap(scale), size)))

    def uniform(self, low=0.0, high=1.0, size=None):
        return ndarray(np.asarray(self._g.uniform(_unwrap(low), _unwrap(high), size)))


def _default_rng(seed=None):
    return Generator(0 if seed is None else seed)


random = types.SimpleNamespace(default_rng=_default_rng, Generator=Generator)


# ---- cuda --------------------------------------------------------------------------------------

_STREAM = types.SimpleNamespace(ptr=0, synchronize=lambda: None)
cuda = types.SimpleNamespace(
    get_current_stream=lambda: _STREAM,
    runtime=types.SimpleNamespace(getDeviceCount=lambda: 1),
    Device=lambda i=0: types.SimpleNamespace(synchronize=lambda: None, id=i),
)


class _Module:
    """A NumPy submodule (``linalg``) whose functions take and return device arrays."""

    def __init__(self, module):
        self._m = module

    def __getattr__(self, name):
        return _lookup(self._m, name)


def _lookup(module, name):
    attr = getattr(module, name)
    if isinstance(attr, types.ModuleType):
        return _Module(attr)
    if isinstance(attr, type) or not callable(attr):
        return attr
    return _Func(attr)


def __getattr__(name):
    """Everything else is NumPy's, taking and returning device arrays."""
    return _lookup(np, name)
