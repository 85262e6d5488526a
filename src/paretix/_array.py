"""Array namespace helpers: NumPy on the host, CuPy on the GPU, chosen by the array itself.

A *device array* is anything with ``__cuda_array_interface__`` (CuPy's arrays). Its namespace is
CuPy unless its type names another one in ``__paretix_xp__``: the test suite's host-memory CuPy
stand-in (``tests/fakecupy.py``) does, so that the whole device path runs, and is checked for
host round trips, on a machine without a GPU. A namespace may also name, in
``__paretix_kernels__``, the extension module that launches its kernels (CuPy: ``paretix._cuda``;
the stand-in: ``paretix._core``, whose ``dev_*`` functions run the same kernel bodies on the host).
"""

from __future__ import annotations

import importlib

import numpy as np


def is_device_array(x) -> bool:
    """True for arrays that live on a CUDA device (CuPy and anything with the CUDA array interface)."""
    return hasattr(x, "__cuda_array_interface__")


def device_namespace(x):
    """The array module of one device array: its type's ``__paretix_xp__``, else CuPy."""
    xp = getattr(type(x), "__paretix_xp__", None)
    if xp is not None:
        return xp
    import cupy  # noqa: PLC0415 - only reached with a device array in hand

    return cupy


def get_xp(*arrays):
    """The array module (numpy or cupy) of the given arrays; numpy when none is a device array."""
    for a in arrays:
        if is_device_array(a):
            return device_namespace(a)
    return np


def is_device_xp(xp) -> bool:
    """True for a device namespace (CuPy or a stand-in), False for NumPy."""
    return xp is not np


def to_numpy(x) -> np.ndarray:
    """Host NumPy copy (or view) of a NumPy or CuPy array."""
    if is_device_array(x):
        return x.get()
    return np.asarray(x)


def kernel_module(xp):
    """The extension module whose ``dev_*`` functions launch the device kernels for ``xp``'s arrays."""
    return importlib.import_module(getattr(xp, "__paretix_kernels__", "paretix._cuda"))


def stream_of(xp) -> int:
    """The handle of ``xp``'s current CUDA stream (0, the legacy default stream, for a stand-in)."""
    cuda = getattr(xp, "cuda", None)
    return int(cuda.get_current_stream().ptr) if cuda is not None else 0


# -- the device of a run ---------------------------------------------------------------------------

#: The module imported for ``device="cuda"``. Tests set it to ``"fakecupy"`` (a host-memory CuPy
#: stand-in) to run the whole device path without a GPU, or to a missing name to see the error.
_CUDA_NAMESPACE = "cupy"

#: The values of the ``device`` argument of :func:`paretix.minimize` and ``Algorithm.setup``.
DEVICES = ("cpu", "cuda", "auto")


class DeviceUnavailableError(RuntimeError):
    """``device="cuda"`` was asked for, but CuPy does not import or sees no CUDA device."""


def cuda_namespace():
    """The CUDA array namespace (CuPy), checked to see at least one device.

    Raises :class:`DeviceUnavailableError` naming the ``device`` argument when the module does
    not import or reports no device (no driver, no GPU)."""
    name = _CUDA_NAMESPACE
    try:
        xp = importlib.import_module(name)
    except ImportError as exc:
        raise DeviceUnavailableError(
            f"device='cuda' needs CuPy, but {name!r} could not be imported ({exc}); install it "
            "(pip install 'paretix[gpu]') or pass device='cpu'") from exc
    try:
        n = int(xp.cuda.runtime.getDeviceCount())
    except Exception as exc:  # CuPy raises its own CUDARuntimeError without a driver
        raise DeviceUnavailableError(f"device='cuda': {name} imports but cannot reach a CUDA device ({exc}); "
                                     "pass device='cpu'") from exc
    if n < 1:
        raise DeviceUnavailableError(f"device='cuda': {name} reports no CUDA device; pass device='cpu'")
    return xp


def resolve_device(device, *, supported=("cpu", "cuda")) -> tuple[str, object]:
    """``(name, xp)`` for a ``device`` argument: ``("cpu", numpy)`` or ``("cuda", cupy)``.

    ``"auto"`` is ``"cuda"`` when the algorithm supports it, CuPy imports with a device and
    ``paretix.kernels.status("cuda").available`` (the CUDA kernels are built and see the device),
    else ``"cpu"``. ``"cuda"`` raises :class:`DeviceUnavailableError` when CuPy or a device is
    missing, and ``ValueError`` when the algorithm has no device path (``supported``). Any other
    value is a ``ValueError`` naming ``device`` and the allowed values."""
    if not isinstance(device, str) or device not in DEVICES:
        raise ValueError(f"device must be one of {', '.join(map(repr, DEVICES))}, got {device!r}")
    if device == "cpu":
        return "cpu", np
    if device == "auto":
        if "cuda" not in supported:
            return "cpu", np
        try:
            xp = cuda_namespace()
        except DeviceUnavailableError:
            return "cpu", np
        from .kernels import status  # noqa: PLC0415 - kernels import this module

        return ("cuda", xp) if status("cuda").available else ("cpu", np)
    if "cuda" not in supported:
        raise ValueError(f"device='cuda' is not supported by this algorithm (it runs on {', '.join(supported)}); "
                         "pass device='cpu'")
    return "cuda", cuda_namespace()


def device_generator(xp, seed: int):
    """A random generator of the device namespace ``xp`` seeded with the integer ``seed``.

    CuPy: ``Generator(Philox4x3210(seed))``. The algorithms make one per ``ask`` and ``tell``
    (see ``Algorithm._step_rng``), so its creation must be cheap. CuPy's ``default_rng`` is cuRAND
    XORWOW over about 2e5 thread states, each set up by ``curand_init`` with its own subsequence,
    a skip-ahead that cuRAND's documentation calls slow and that users report at several ms per
    initialisation on recent GPUs (not measured here); Philox's set-up is a counter write per
    state. A namespace without ``Philox4x3210`` (the test suite's stand-in) gets its
    ``random.default_rng(seed)``."""
    rnd = xp.random
    philox = getattr(rnd, "Philox4x3210", None)
    if philox is None:
        return rnd.default_rng(seed)
    return rnd.Generator(philox(seed))
