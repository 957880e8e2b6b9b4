"""``python -m treatycli.dataset import SHARED_SOURCES`` / ``python -m treatycli.dataset compile``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m treatycli.dataset")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="snapshots -> data/sources text files")
    imp.add_argument("shared_sources", type=Path)
    imp.add_argument("--out", type=Path, default=Path("data/sources"))
    comp = sub.add_parser("compile", help="data/sources -> data/treaties.sqlite")
    comp.add_argument("--src", type=Path, default=Path("data/sources"))
    comp.add_argument("--out", type=Path, default=Path("data/treaties.sqlite"))
    args = parser.parse_args(argv)
    if args.command == "import":
        from .importers import import_all

        counts = import_all(args.shared_sources, args.out)
    else:
        from .compile import build_database

        counts = build_database(args.src, args.out)
    for name, n in counts.items():
        print(f"{name}: {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
