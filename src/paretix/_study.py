"""Study files: the settings of ``paretix optimize`` in a TOML file a colleague can rerun.

A study file holds the same settings as the command line, under the long option names with
underscores (``n_obj``, not ``--n-obj``), plus two tables::

    problem = "beam.py:welded_beam"      # or a registered name such as "dtlz2"
    var = ["0.125:5", "0.1:10", "0.1:10", "0.125:5"]
    algorithm = "nsga2"
    pop = 100
    gens = 200
    seed = 1
    out = "runs/beam"                    # relative paths are relative to the study file

    [problem_options]                    # keyword arguments of a Problem class
    n_var = 4

    [desirability]                       # used by `paretix select`
    functions = ["f1=DMin(2, 40)", "f2=DMin(0.0005, 0.01)"]
    weights = [1, 2]
    k = 3

Options given on the command line override the file. Unknown keys and values of the wrong type
are errors that name the key.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from ._cli_common import UsageError

# key: (expected type(s), what to say). Values read from TOML; the CLI converts to the same types.
KEYS: dict[str, tuple[tuple[type, ...], str]] = {
    "problem": ((str,), "a string: a registered name or FILE.py:NAME"),
    "n_obj": ((int,), "an integer"),
    "n_var": ((int,), "an integer"),
    "var": ((list,), 'a list of "LOW:HIGH" strings (or [low, high] pairs)'),
    "elementwise": ((bool,), "true or false"),
    "problem_options": ((dict,), "a table of keyword arguments"),
    "algorithm": ((str,), "a string"),
    "pop": ((int,), "an integer"),
    "gens": ((int,), "an integer"),
    "evals": ((int,), "an integer"),
    "partitions": ((int,), "an integer"),
    "sigma": ((int, float), "a number"),
    "seed": ((int,), "an integer"),
    "device": ((str,), '"cpu", "cuda" or "auto"'),
    "evaluator": ((str,), '"vectorized", "processes" or "dask"'),
    "workers": ((int,), "an integer"),
    "scheduler": ((str,), 'an address such as "tcp://10.0.0.5:8786"'),
    "timeout": ((int, float), "a number of seconds"),
    "retries": ((int,), "an integer"),
    "on_error": ((str,), '"record" or "raise"'),
    "checkpoint": ((str,), 'a folder ("" for the run folder)'),
    "checkpoint_every": ((int,), "an integer"),
    "resume": ((bool,), "true or false"),
    "out": ((str,), "a path"),
    "progress": ((bool,), "true or false"),
    "plot": ((bool,), "true or false"),
    "desirability": ((dict,), "a table"),
}

DESIRABILITY_KEYS = {
    "functions": ((list,), 'a list of strings such as "f1=DMin(0, 10)"'),
    "weights": ((list,), "a list of numbers"),
    "tolerance": ((int, float), "a number"),
    "aggregate": ((str,), '"geometric", "arithmetic" or "minimum"'),
    "k": ((int,), "an integer"),
}

PATH_KEYS = ("out",)


def read_toml(path: Path) -> dict:
    """The parsed TOML file, or a one-line :class:`UsageError`."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib
        except ImportError:
            raise UsageError("reading a study file on Python 3.10 needs tomli: pip install tomli") from None
    if not path.is_file():
        raise UsageError(f"no such study file {str(path)!r}")
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None


def _check(table: dict, keys: dict, where: str) -> None:
    for key, value in table.items():
        if key not in keys:
            close = difflib.get_close_matches(key, keys, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise UsageError(f"{where}: unknown key {key!r}{hint}; valid keys: {', '.join(keys)}")
        types, text = keys[key]
        if isinstance(value, bool) and bool not in types or not isinstance(value, types):
            raise UsageError(f"{where}: {key} must be {text}, got {value!r}")


def load_study(path: Path) -> dict:
    """The settings of a study file, checked, with ``out`` resolved against the file's folder,
    ``problem`` files too, and ``_base_dir`` set to that folder."""
    data = read_toml(path)
    data = {k.replace("-", "_"): v for k, v in data.items()}
    _check(data, KEYS, str(path))
    if "desirability" in data:
        _check(data["desirability"], DESIRABILITY_KEYS, f"{path} [desirability]")
    base = path.resolve().parent
    for key in PATH_KEYS:
        if key in data:
            data[key] = str(base / Path(data[key]).expanduser())
    data["_base_dir"] = str(base)
    return data
