"""The command line: ``python -m safetynet check | import | export | backup | hash-password``.

Each command prints what it did or what is wrong and exits 0 on success,
non-zero otherwise, so it can run from cron or a scheduled task.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from safetynet import DATA_DIR
from safetynet.cities import CITIES


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from safetynet.check import check_city

    geo_dir = args.geo_dir or Path(args.data_dir) / "geo"
    slugs = [args.city] if args.city else list(CITIES)
    problems = [p for slug in slugs for p in check_city(slug, args.data_dir, geo_dir, out)]
    return 1 if problems else 0


def _backup(args: argparse.Namespace, out: TextIO) -> int:
    from safetynet.backup import backup_store
    from safetynet.store import database_url

    try:
        target = backup_store(args.url or database_url(), args.to)
    except (ValueError, OSError, RuntimeError) as err:
        print(f"backup failed: {err}", file=out)
        return 1
    print(f"backup written: {target}", file=out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m safetynet")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate the shipped data and boundaries")
    check.add_argument("--city", choices=sorted(CITIES), help="one city (default: all)")
    check.add_argument("--data-dir", type=Path, default=DATA_DIR)
    check.add_argument("--geo-dir", type=Path, default=None)
    check.set_defaults(run=_check)

    backup = sub.add_parser("backup", help="copy the SQLite store with the online backup API")
    backup.add_argument("--to", type=Path, default=None, help="target file (default var/backups/)")
    backup.add_argument("--url", default=None, help="store URL (default $SAFETYNET_DATABASE_URL)")
    backup.set_defaults(run=_backup)
    return parser


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    """Run one command; return its exit status."""
    args = build_parser().parse_args(argv)
    return int(args.run(args, out))
