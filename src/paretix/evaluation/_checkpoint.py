"""Checkpoint directories: the run they belong to, the algorithm's state, atomically written.

A checkpoint directory holds

- ``run.json``: what the run is (format version, problem, algorithm settings, termination,
  seed), written once when the run starts and compared on ``resume``;
- ``state.json`` + ``state-<n_gen>.npz``: the algorithm's state after generation ``n_gen``
  (:meth:`paretix.algorithms.Algorithm._get_state`): the arrays in the ``.npz`` (never
  pickled: ``allow_pickle=False``), everything else in the JSON, which also records the
  ``.npz``'s name and SHA-256. Each file is written to a temporary name, flushed, fsynced and
  renamed; ``state.json`` is renamed last, so it always names a complete ``.npz``;
- ``evaluations.sqlite``: the evaluation journal (:mod:`._journal`).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import zipfile

import numpy as np

from .._state import describe, jsonable
from .._version import __version__
from ._journal import CheckpointError

FORMAT = "paretix-checkpoint"
#: Version of the checkpoint files' layout; a reader refuses other versions.
VERSION = 1


def problem_description(problem) -> dict:
    """What identifies a problem: its class, sizes, bounds and other attributes."""
    return {"class": f"{type(problem).__module__}.{type(problem).__qualname__}",
            "attrs": {k: describe(v) for k, v in sorted(vars(problem).items())}}


def algorithm_description(algorithm) -> dict:
    """What identifies an algorithm's settings (``Algorithm._config``)."""
    return {"class": f"{type(algorithm).__module__}.{type(algorithm).__qualname__}",
            "config": describe(algorithm._config())}


def run_description(problem, algorithm, seed) -> dict:
    """What a checkpoint belongs to: the problem, the algorithm's settings, the termination and
    the seed (the evaluator is not part of it: every evaluator gives the same run), and the
    device of a run that is not on the CPU (a device run draws its arrays from a device
    generator, so it continues only on the same kind of device)."""
    desc = {"problem": problem_description(problem), "algorithm": algorithm_description(algorithm),
            "termination": describe(algorithm.termination), "seed": describe(seed)}
    device = getattr(algorithm, "device", "cpu")
    if device != "cpu":
        desc["device"] = device
    return desc


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory descriptors
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def atomic_write(path: str, write) -> None:
    """``write(fh)`` into a temporary file beside ``path``, fsync, rename over ``path``."""
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    _fsync_dir(os.path.dirname(os.path.abspath(path)))


def _dump_json(obj) -> bytes:
    return json.dumps(jsonable(obj), indent=1, sort_keys=True).encode()


def _load_json(path: str) -> dict:
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read().decode())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CheckpointError(f"{path} is corrupt or truncated (not readable JSON): {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not a paretix checkpoint file")
    if data.get("version") != VERSION:
        raise CheckpointError(f"{path} has checkpoint format version {data.get('version')!r}; this paretix "
                              f"({__version__}) reads version {VERSION}")
    return data


def _diff(a, b, where: str = "") -> list[str]:
    """Paths at which two JSON descriptions differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            out += _diff(a.get(k, "<missing>"), b.get(k, "<missing>"), f"{where}.{k}" if where else str(k))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += _diff(x, y, f"{where}[{i}]")
        return out
    return [] if a == b else [f"{where}: checkpoint {a!r}, now {b!r}"]


class CheckpointDir:
    """The files of one checkpoint directory (see the module docstring)."""

    def __init__(self, path):
        self.path = os.fspath(path)
        if os.path.exists(self.path) and not os.path.isdir(self.path):
            raise CheckpointError(f"checkpoint must be a directory, but {self.path} is a file")
        self.run_file = os.path.join(self.path, "run.json")
        self.state_file = os.path.join(self.path, "state.json")
        self.journal_file = os.path.join(self.path, "evaluations.sqlite")

    def has_run(self) -> bool:
        return os.path.exists(self.run_file)

    def has_state(self) -> bool:
        return os.path.exists(self.state_file)

    # -- run.json -------------------------------------------------------------------------------
    def write_run(self, description: dict) -> None:
        os.makedirs(self.path, exist_ok=True)
        doc = {"format": FORMAT, "version": VERSION, "paretix": __version__, "created": time.time(),
               "run": description}
        atomic_write(self.run_file, lambda fh: fh.write(_dump_json(doc)))

    def read_run(self) -> dict:
        doc = _load_json(self.run_file)
        if not isinstance(doc.get("run"), dict):
            raise CheckpointError(f"{self.run_file} is corrupt (no run description)")
        return doc["run"]

    def check_run(self, description: dict) -> dict:
        """The recorded run description; :class:`CheckpointError` listing the differences when
        ``description`` (the run being resumed) is not the same run."""
        saved = self.read_run()
        diff = _diff(saved, jsonable(description))
        if diff:
            shown = "; ".join(diff[:6]) + ("; ..." if len(diff) > 6 else "")
            raise CheckpointError(f"cannot resume from {self.path}: it belongs to another run ({shown}). Resume "
                                  "with the same problem, algorithm settings, termination and seed, or start a "
                                  "new checkpoint directory")
        return saved

    # -- state ----------------------------------------------------------------------------------
    def save_state(self, state: dict, n_gen: int) -> None:
        """Write ``state`` (a flat dict of arrays and JSON values) atomically."""
        os.makedirs(self.path, exist_ok=True)
        arrays = {k: np.ascontiguousarray(v) for k, v in state.items() if isinstance(v, np.ndarray)}
        values = {k: v for k, v in state.items() if not isinstance(v, np.ndarray)}
        name = f"state-{int(n_gen)}.npz"
        npz = os.path.join(self.path, name)
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        blob = buf.getvalue()
        atomic_write(npz, lambda fh: fh.write(blob))
        doc = {"format": FORMAT, "version": VERSION, "paretix": __version__, "n_gen": int(n_gen), "arrays": name,
               "sha256": hashlib.sha256(blob).hexdigest(), "array_keys": sorted(arrays), "values": values}
        atomic_write(self.state_file, lambda fh: fh.write(_dump_json(doc)))
        for other in os.listdir(self.path):  # older states, now unreferenced
            if other.startswith("state-") and other.endswith(".npz") and other != name:
                os.remove(os.path.join(self.path, other))

    def load_state(self) -> dict:
        """The saved state (arrays and values in one flat dict); :class:`CheckpointError` when a
        file is missing, truncated or corrupt."""
        doc = _load_json(self.state_file)
        try:
            name, expected, keys, values = doc["arrays"], doc["sha256"], doc["array_keys"], doc["values"]
        except KeyError as exc:
            raise CheckpointError(f"{self.state_file} is corrupt (no {exc.args[0]!r} entry)") from None
        npz = os.path.join(self.path, os.path.basename(str(name)))
        try:
            with open(npz, "rb") as fh:
                blob = fh.read()
        except OSError as exc:
            raise CheckpointError(f"the state arrays {npz} named by {self.state_file} cannot be read: {exc}") from exc
        if hashlib.sha256(blob).hexdigest() != expected:
            raise CheckpointError(f"{npz} is corrupt or truncated (its SHA-256 does not match {self.state_file})")
        try:
            with np.load(io.BytesIO(blob), allow_pickle=False) as data:
                arrays = {k: data[k] for k in keys}
        except (zipfile.BadZipFile, ValueError, KeyError, OSError, EOFError) as exc:
            raise CheckpointError(f"{npz} is corrupt: {exc}") from exc
        state = dict(values)
        state.update(arrays)
        return state

