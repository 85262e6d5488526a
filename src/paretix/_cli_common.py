"""What the ``paretix`` subcommands share: the one-line usage error and small parsers."""

from __future__ import annotations

import argparse
import traceback
from pathlib import Path


class UsageError(Exception):
    """A mistake the person running the command can fix; printed as one line, exit status 2."""


def help_formatter(prog):
    """``--help`` keeps the line breaks of descriptions and of the examples in the epilog."""
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32, width=100)


def examples(*lines: str) -> str:
    """An epilog listing example command lines."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def where_it_failed(exc: BaseException) -> str:
    """``" (FILE:LINE in FUNC)"`` of the innermost frame outside paretix, or ``""``."""
    package = str(Path(__file__).resolve().parent)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if not str(Path(frame.filename).resolve()).startswith(package):
            return f" ({frame.filename}:{frame.lineno} in {frame.name})"
    return ""


def parse_bounds(text, what: str) -> tuple[float, float]:
    """``"LOW:HIGH"`` (or a two-element list from a study file) -> ``(low, high)`` floats."""
    if isinstance(text, (list, tuple)) and len(text) == 2:
        parts = list(text)
    elif isinstance(text, str) and text.count(":") == 1:
        parts = text.split(":")
    else:
        raise UsageError(f"{what} must be LOW:HIGH (e.g. 0:1 or -5:5.5), got {text!r}")
    try:
        low, high = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise UsageError(f"{what} must be LOW:HIGH with two numbers, got {text!r}") from None
    if not (low < high) or low != low or high != high or abs(low) == float("inf") or abs(high) == float("inf"):
        raise UsageError(f"{what} must be LOW:HIGH with finite LOW < HIGH, got {text!r}")
    return low, high
