"""The command line: ``python -m safetynet check | import | export | backup | hash-password``.

Case records: ``import-cases`` and ``demo-cases`` (:mod:`safetynet.cases.cli`).

Each command prints what it did or what is wrong and exits 0 on success,
non-zero otherwise, so it can run from cron or a scheduled task.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TextIO

from safetynet import DATA_DIR
from safetynet.cases.cli import add_case_commands
from safetynet.cities import CITIES, DEFAULT_CITY
from safetynet.schemas import TABLES


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


def _default_editor() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user} (command line)"


def _import(args: argparse.Namespace, out: TextIO) -> int:
    from safetynet.audit import to_json
    from safetynet.editing import commit
    from safetynet.i18n import t
    from safetynet.importing import prepare_import
    from safetynet.normalise import describe_notes, describe_proposal
    from safetynet.store import ConflictError, Store

    lang = args.lang
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as err:
        print(f"{path}: {err.strerror or err}", file=out)
        return 2
    store = Store.open(args.url)
    plan = prepare_import(
        store,
        args.city,
        args.table,
        path.name,
        data,
        who=args.editor,
        accept_corrections=args.accept_corrections,
        replace_table=args.replace,
    )
    if plan.extra.get("encoding"):
        print(t("norm.encoding", lang, encoding=plan.extra["encoding"]), file=out)
    for line in describe_notes(plan.notes, lang, plan.unit):  # type: ignore[arg-type]
        print(f"~ {line}", file=out)
    if plan.proposals:
        print(t("data.import.proposals", lang), file=out)
        for proposal in plan.proposals:
            mark = "✓" if args.accept_corrections else "?"
            print(f"{mark} {describe_proposal(proposal, lang, plan.unit)}", file=out)  # type: ignore[arg-type]
    if plan.problems:
        print(t("data.problems", lang, n=len(plan.problems)), file=out)
        for message in plan.messages(lang):
            print(f"  - {message}", file=out)
        return 1
    for change in plan.changes:
        print(f"{change.action}: {to_json(change.key)}", file=out)
        if change.old is not None and change.new is not None:
            for column in change.new:
                if change.old.get(column) != change.new.get(column):
                    print(
                        f"    {column}: {change.old.get(column)!r} → {change.new.get(column)!r}",
                        file=out,
                    )
    counts = {a: len(plan.of(a)) for a in ("add", "change", "delete")}
    print(
        t(
            "data.import.summary",
            lang,
            added=counts["add"],
            changed=counts["change"],
            deleted=counts["delete"],
            unchanged=plan.unchanged,
        ),
        file=out,
    )
    if args.dry_run:
        print("dry run: nothing written", file=out)
        return 0
    try:
        revision = commit(store, plan, who=args.editor, reason=args.reason)
    except ConflictError as err:
        print(str(err), file=out)
        return 1
    print(f"written (store revision {revision})", file=out)
    return 0


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from safetynet.exports import build_csv_zip, build_workbook
    from safetynet.store import Store

    target = Path(args.to)
    tables = Store.open(args.url).read_city(args.city)
    if target.suffix.lower() == ".xlsx":
        target.write_bytes(build_workbook(tables))
    elif target.suffix.lower() == ".zip":
        target.write_bytes(build_csv_zip(tables))
    else:
        print(f"{target}: the export file must end in .xlsx or .zip", file=out)
        return 2
    print(f"exported {args.city} to {target}", file=out)
    return 0


def _hash_password(args: argparse.Namespace, out: TextIO) -> int:
    from safetynet.auth import hash_password

    if sys.stdin.isatty():
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            print("the two entries differ", file=out)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\n")
    if len(password) < 8:
        print("use at least 8 characters", file=out)
        return 1
    print(hash_password(password), file=out)
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

    imp = sub.add_parser("import", help="import a CSV or .xlsx file into one table")
    imp.add_argument("file", help="the .csv (UTF-8 or Big5) or .xlsx file")
    imp.add_argument("--table", required=True, choices=list(TABLES))
    imp.add_argument("--city", default=DEFAULT_CITY, choices=sorted(CITIES))
    imp.add_argument("--dry-run", action="store_true", help="check and preview; write nothing")
    imp.add_argument(
        "--replace", action="store_true", help="the file is the whole table: delete rows not in it"
    )
    imp.add_argument(
        "--accept-corrections",
        action="store_true",
        help="apply the proposed corrections of known misspellings (e.g. 茄荳 → 茄萣)",
    )
    imp.add_argument("--editor", default=_default_editor(), help="name recorded in the audit log")
    imp.add_argument("--reason", default=None, help="reason recorded in the audit log")
    imp.add_argument("--lang", default="zh", choices=["zh", "en"])
    imp.add_argument("--url", default=None, help="store URL (default $SAFETYNET_DATABASE_URL)")
    imp.set_defaults(run=_import)

    exp = sub.add_parser("export", help="export one city's tables as .xlsx or a zip of CSVs")
    exp.add_argument("--city", default=DEFAULT_CITY, choices=sorted(CITIES))
    exp.add_argument("--to", required=True, help="target file ending in .xlsx or .zip")
    exp.add_argument("--url", default=None, help="store URL (default $SAFETYNET_DATABASE_URL)")
    exp.set_defaults(run=_export)

    hp = sub.add_parser("hash-password", help="hash an editor's password for secrets.toml")
    hp.set_defaults(run=_hash_password)
    add_case_commands(sub, _default_editor())
    return parser


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """Run one command; return its exit status."""
    args = build_parser().parse_args(argv)
    return int(args.run(args, out or sys.stdout))
