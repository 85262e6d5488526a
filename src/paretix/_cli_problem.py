"""The problem of ``paretix optimize --problem``: a registered test problem or an object in a file.

``--problem FILE.py:NAME`` names a :class:`~paretix.Problem` subclass (instantiated with the
given options), a Problem instance, or a plain function ``f(X)`` returning ``F`` or ``(F, G)``
(or ``(F, G, H)``) for the (N, n_var) points ``X``; a function needs bounds (``--var LOW:HIGH``).
Every mistake becomes a :class:`~paretix._cli_common.UsageError` naming what to fix.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import sys
from pathlib import Path

import numpy as np

from ._cli_common import UsageError, parse_bounds, where_it_failed
from .problems import Problem


def is_file_spec(spec: str) -> bool:
    """True when ``spec`` names a Python file (``path.py`` or ``path.py:NAME``)."""
    return spec.endswith(".py") or ".py:" in spec


def load_problem(spec: str, *, n_obj=None, n_var=None, var=(), elementwise=False, options=None,
                 base_dir: Path | None = None) -> Problem:
    """The problem named by ``spec``: a registry name or ``FILE.py[:NAME]``.

    ``n_obj``, ``n_var`` and ``options`` (a dict) are passed to a registered problem or a Problem
    subclass; ``var`` (bounds ``"LOW:HIGH"``, one per variable or one for all ``n_var``) and
    ``elementwise`` (the function takes one point) are for a plain function. A relative file is
    looked up in ``base_dir`` (the study file's folder) or else the working directory.
    """
    options = dict(options or {})
    if not is_file_spec(spec):
        if var:
            raise UsageError(f"--var is for a plain function in a file; {spec!r} is a registered problem")
        return _registered(spec, n_obj, n_var, options)
    path_text, _, name = spec.partition(".py:") if ".py:" in spec else (spec[:-3], "", "")
    path = Path(path_text + ".py").expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    module = _import_file(path)
    obj, name = _pick(module, name, path)
    if isinstance(obj, Problem):
        _no_options(name, n_obj=n_obj, n_var=n_var, var=var, options=options)
        return obj
    if isinstance(obj, type) and issubclass(obj, Problem):
        if var:
            raise UsageError(f"--var is for a plain function; {name} is a Problem class with its own bounds")
        kwargs = {**options, **{k: v for k, v in (("n_obj", n_obj), ("n_var", n_var)) if v is not None}}
        try:
            problem = obj(**kwargs)
        except TypeError as exc:
            raise UsageError(f"{name}({_kwargs_text(kwargs)}) failed: {exc}{where_it_failed(exc)}") from None
        except ValueError as exc:
            raise UsageError(f"{name}({_kwargs_text(kwargs)}) failed: {exc}") from None
        return problem
    if callable(obj):
        if options:
            raise UsageError(f"{name} is a function: problem options {sorted(options)} do not apply to it")
        return function_problem(obj, name, var=var, n_var=n_var, n_obj=n_obj, elementwise=elementwise)
    raise UsageError(f"{path}:{name} is a {type(obj).__name__}; expected a Problem subclass, a Problem instance "
                     "or a function f(X) returning F or (F, G)")


def _registered(name, n_obj, n_var, options) -> Problem:
    from . import problems

    kwargs = {**options, **{k: v for k, v in (("n_obj", n_obj), ("n_var", n_var)) if v is not None}}
    try:
        return problems.get(name, **kwargs)
    except KeyError as exc:
        raise UsageError(f"{exc.args[0]} (or give FILE.py:NAME for your own problem)") from None
    except (TypeError, ValueError) as exc:
        raise UsageError(f"problem {name!r} does not take {_kwargs_text(kwargs)}: {exc}") from None


def _kwargs_text(kwargs) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in kwargs.items())


def _no_options(name, **given):
    used = [k for k, v in given.items() if v]
    if used:
        raise UsageError(f"{name} is a Problem instance: its settings are fixed, so {', '.join(used)} cannot "
                         "be given (name the class instead to pass options)")


def _module_name(path: Path) -> str:
    """The file's stem when no other module has that name (so worker processes, which inherit
    ``sys.path``, can import the problem's class by reference), else a private unique name."""
    stem = path.stem
    existing = sys.modules.get(stem)
    if existing is not None and Path(getattr(existing, "__file__", "") or "").resolve() == path.resolve():
        return stem
    if stem.isidentifier() and existing is None and importlib.util.find_spec(stem) is None:
        return stem
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    return f"_paretix_user_{stem}_{digest}"


def _import_file(path: Path):
    """Import the user's file as a module; its folder stays on ``sys.path`` (for its own imports
    and for worker processes); Dask's cloudpickle sends it by value to remote workers."""
    if not path.is_file():
        hint = f" (working directory: {Path.cwd()})" if not path.is_absolute() else ""
        raise UsageError(f"--problem: no such file {str(path)!r}{hint}")
    module_name = _module_name(path)
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses and pickling (process pools) look modules up
    folder = str(path.resolve().parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        del sys.modules[module_name]
        raise UsageError(f"{path}:{exc.lineno}: syntax error: {exc.msg}") from None
    except Exception as exc:
        del sys.modules[module_name]
        raise UsageError(f"importing {path} failed: {type(exc).__name__}: {exc}{where_it_failed(exc)}") from None
    try:
        import cloudpickle

        cloudpickle.register_pickle_by_value(module)
    except (ImportError, AttributeError, ValueError):  # no cloudpickle (no Dask), or an old one
        pass
    return module


def _candidates(module) -> list[str]:
    """Names defined in the file that could be a problem (not imported ones, not private)."""
    out = []
    for key, value in vars(module).items():
        if key.startswith("_"):
            continue
        if isinstance(value, Problem):
            out.append(key)
        elif (inspect.isclass(value) or inspect.isfunction(value)) and value.__module__ == module.__name__:
            if not inspect.isclass(value) or issubclass(value, Problem):
                out.append(key)
    return out


def _pick(module, name: str, path: Path):
    candidates = _candidates(module)
    if not name:
        problems = [k for k in candidates if not inspect.isfunction(getattr(module, k))]
        if len(problems) == 1:
            return getattr(module, problems[0]), problems[0]
        found = ", ".join(candidates) or "nothing usable"
        raise UsageError(f"name the object: --problem {path}:NAME ({path.name} defines: {found})")
    if not hasattr(module, name):
        found = ", ".join(candidates) or "no Problem class, instance or function"
        raise UsageError(f"{path} has no {name!r}; it defines: {found}")
    return getattr(module, name), name


# -- a plain function as a problem ------------------------------------------------------------

class FunctionProblem(Problem):
    """A problem around ``f(X) -> F | (F, G) | (F, G, H)`` (or ``f(x)`` for one point)."""

    def __init__(self, fun, n_blocks: int, elementwise: bool, **kwargs):
        super().__init__(**kwargs)
        self.fun, self.n_blocks, self.elementwise = fun, n_blocks, elementwise

    def _evaluate(self, X):
        if not self.elementwise:
            return _as_blocks(self.fun(X), self.n_blocks, self.name)
        rows = [_as_blocks(self.fun(x), self.n_blocks, self.name) for x in X]
        if not rows:
            return np.zeros((0, self.n_obj))
        return tuple(np.stack([np.atleast_1d(np.asarray(r[i], dtype=np.float64)) for r in rows])
                     for i in range(self.n_blocks))


def _as_blocks(out, n_blocks: int, name: str):
    blocks = out if isinstance(out, tuple) else (out,)
    if len(blocks) != n_blocks:
        raise ValueError(f"{name} returned {len(blocks)} value(s) on one call and {n_blocks} on the first; it must "
                         "always return F, (F, G) or (F, G, H)")
    return blocks


def function_problem(fun, name: str, *, var=(), n_var=None, n_obj=None, elementwise=False) -> Problem:
    """Wrap ``fun`` after probing it once on three points (the lower corner, the centre and the
    upper corner) to learn n_obj and the numbers of constraints, and to check the shapes."""
    if not var:
        raise UsageError(f"{name} is a plain function: give its bounds with --var LOW:HIGH (once per variable, "
                         "or once with --n-var N)")
    bounds = [parse_bounds(v, f"--var #{i + 1}") for i, v in enumerate(var)]
    if len(bounds) == 1 and n_var:
        bounds = bounds * int(n_var)
    elif n_var is not None and n_var != len(bounds):
        raise UsageError(f"--n-var {n_var} does not match the {len(bounds)} --var bounds (give one --var to "
                         "repeat it, or one per variable)")
    xl, xu = (np.array(b) for b in zip(*bounds))
    X = np.stack([xl, (xl + xu) / 2, xu])
    try:
        out = [fun(x) for x in X] if elementwise else fun(X)
    except Exception as exc:
        how = "f(x) on one point of shape (n_var,)" if elementwise else "f(X) on X of shape (3, n_var)"
        raise UsageError(f"calling {name} failed ({how}, n_var={len(xl)}): {type(exc).__name__}: {exc}"
                         f"{where_it_failed(exc)}") from None
    shapes = _probe_shapes(out, name, elementwise, len(xl))
    if n_obj is not None and n_obj != shapes[0]:
        raise UsageError(f"{name} returns {shapes[0]} objective(s) but --n-obj {n_obj} was given")
    return FunctionProblem(fun, len(shapes), elementwise, n_var=len(xl), n_obj=shapes[0],
                           n_ieq_constr=shapes[1] if len(shapes) > 1 else 0,
                           n_eq_constr=shapes[2] if len(shapes) > 2 else 0, xl=xl, xu=xu, name=name)


def _probe_shapes(out, name, elementwise, n_var) -> list[int]:
    """Columns of each returned block, checked: F and G must have one row per point."""
    labels = ("F", "G", "H")
    if elementwise:
        first = out[0] if isinstance(out[0], tuple) else (out[0],)
        if not 1 <= len(first) <= 3:
            raise UsageError(f"{name}(x) returned a tuple of {len(first)}; expected F, (F, G) or (F, G, H)")
        cols = []
        for i, b in enumerate(first):
            a = np.asarray(b, dtype=float) if _numeric(b) else None
            if a is None or a.ndim > 1:
                raise UsageError(f"{name}(x) returned {labels[i]} of shape {np.shape(b)}; for one point "
                                 f"expected a number or a 1-D array")
            cols.append(max(1, a.size))
        return cols
    blocks = out if isinstance(out, tuple) else (out,)
    if not 1 <= len(blocks) <= 3:
        raise UsageError(f"{name}(X) returned a tuple of {len(blocks)}; expected F, (F, G) or (F, G, H)")
    cols = []
    for label, b in zip(labels, blocks):
        shape = np.shape(b) if _numeric(b) else None
        if shape is None or not (shape == (3,) or (len(shape) == 2 and shape[0] == 3)):
            got = "a non-numeric value" if shape is None else f"shape {shape}"
            raise UsageError(f"{name}(X) returned {label} with {got} for X of shape (3, {n_var}); expected "
                             f"(3, n) (one row per point) or (3,) for one column (use --elementwise if it "
                             "takes one point at a time)")
        cols.append(1 if len(shape) == 1 else shape[1])
    return cols


def _numeric(value) -> bool:
    try:
        np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return True
