"""The ``paretix`` command line: ``info``, ``optimize``, ``plot`` and ``select``.

A mistake in the command (a wrong path, a missing object, an unknown study-file key) prints one
line, ``paretix COMMAND: error: ...``, and exits with status 2; ``--traceback`` shows the
Python traceback instead.
"""

from __future__ import annotations

import argparse
import json
import sys

from ._cli_common import UsageError, examples, help_formatter

EXAMPLES = examples(
    "paretix info",
    "paretix optimize --problem dtlz2 --n-obj 3 --algorithm nsga3 --gens 250 --seed 1 --out runs/dtlz2",
    "paretix optimize study.toml",
    "paretix plot runs/dtlz2",
    'paretix select runs/dtlz2 -d "f1=DMin(0, 1)" -d "f2=DMin(0, 1)" -d "f3=DMin(0, 1)" -k 3',
    "paretix optimize --help",
)


def _info(args: argparse.Namespace) -> int:
    from ._config import config, show_config

    if args.json:
        json.dump(config(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        show_config()
    return 0


def build_parser() -> argparse.ArgumentParser:
    from ._version import __version__

    parser = argparse.ArgumentParser(prog="paretix", description="Evolutionary multi-objective optimization.",
                                     epilog=EXAMPLES, formatter_class=help_formatter)
    parser.add_argument("--version", action="version", version=f"paretix {__version__}")
    parser.add_argument("--traceback", action="store_true", help="show the Python traceback of an error")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    info = sub.add_parser("info", help="version and available backends (and why one is missing)",
                          epilog=examples("paretix info", "paretix info --json"), formatter_class=help_formatter)
    info.add_argument("--json", action="store_true", help="print as JSON")
    info.set_defaults(func=_info)
    from . import _cli_optimize, _cli_plot, _cli_select

    _cli_optimize.add_parser(sub)
    _cli_plot.add_parser(sub)
    _cli_select.add_parser(sub)
    return parser


def _join_negative_values(argv: list[str]) -> list[str]:
    """``--var -5:5`` -> ``--var=-5:5``: argparse would read ``-5:5`` as an option."""
    out = []
    for a in argv:
        if out and out[-1] in ("--var",) and a.startswith("-") and ":" in a:
            out[-1] = f"{out[-1]}={a}"
        else:
            out.append(a)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = _join_negative_values(list(sys.argv[1:] if argv is None else argv))
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        if args.traceback:
            raise
        print(f"paretix {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
