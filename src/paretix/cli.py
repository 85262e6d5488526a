"""The ``paretix`` command line: ``paretix info`` and ``paretix optimize``."""

from __future__ import annotations

import argparse
import json
import sys


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

    parser = argparse.ArgumentParser(prog="paretix", description="Evolutionary multi-objective optimization.")
    parser.add_argument("--version", action="version", version=f"paretix {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    info = sub.add_parser("info", help="version and available backends (and why one is missing)")
    info.add_argument("--json", action="store_true", help="print as JSON")
    info.set_defaults(func=_info)
    from ._cli_optimize import add_parser

    add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
