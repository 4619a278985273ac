"""The command line: ``python -m safetynet check | migrate | health | import | export |
backup | restore | hash-password``.

Case records: ``import-cases`` and ``demo-cases`` (:mod:`safetynet.cases.cli`).

Each command prints what it did or what is wrong and exits 0 on success,
non-zero otherwise, so it can run from cron, a scheduled task or a health
probe. The command line is an operator's tool: it connects with the
database credentials of ``$SAFETYNET_DATABASE_URL`` (or ``--url``) and
writes as whoever runs it, so the audit log records the ``--editor`` name
together with the operating-system user.
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
from safetynet.storage.schemas import TABLES


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from safetynet.check import check_city

    geo_dir = args.geo_dir or Path(args.data_dir) / "geo"
    slugs = [args.city] if args.city else list(CITIES)
    problems = [p for slug in slugs for p in check_city(slug, args.data_dir, geo_dir, out)]
    return 1 if problems else 0


def _backup(args: argparse.Namespace, out: TextIO) -> int:
    from safetynet.storage.backup import backup_store
    from safetynet.storage.store import database_url

    try:
        target = backup_store(args.url or database_url(), args.to)
    except (ValueError, OSError, RuntimeError) as err:
        print(f"backup failed: {err}", file=out)
        return 1
    print(f"backup written: {target}", file=out)
    return 0


def _restore(args: argparse.Namespace, out: TextIO) -> int:
    from safetynet.storage.backup import restore_store
    from safetynet.storage.store import database_url

    url = args.url or database_url()
    if not args.yes:
        print(f"restore replaces everything in {_shown(url)}; add --yes to go ahead", file=out)
        return 2
    try:
        restore_store(url, args.backup)
    except (ValueError, OSError, RuntimeError) as err:
        print(f"restore failed: {err}", file=out)
        return 1
    print(f"restored {_shown(url)} from {args.backup}", file=out)
    return 0


def _shown(url: str) -> str:
    """A store URL fit to print: the password hidden."""
    import sqlalchemy as sa

    return sa.make_url(url).render_as_string(hide_password=True)


def os_user() -> str:
    """The operating-system user running the command."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def audit_name(editor: str | None) -> str:
    """The name the audit log records for a command: ``<editor> (os: <user>)``.

    ``--editor`` is free text anyone running the command can type, so the
    operating-system account that ran it is recorded beside it.
    """
    given = " ".join((editor or "").split()) or "command line"
    return f"{given} (os: {os_user()})"


def _migrate(args: argparse.Namespace, out: TextIO) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from safetynet.storage.store import Store, StoreVersionError, database_url

    url = args.url or database_url()
    store = Store.at(url, args.data_dir)
    try:
        before, after = store.upgrade_schema()
    except (StoreVersionError, SQLAlchemyError) as err:
        print(f"migrate failed: {_first_line(err)}", file=out)
        return 1
    finally:
        store.close()
    print(f"store: {_shown(url)}", file=out)
    if before.revision == after.revision:
        print(f"schema version {after.version} (revision {after.revision}): current", file=out)
    else:
        print(
            f"schema upgraded from version {before.version} to {after.version} "
            f"(revision {after.revision})",
            file=out,
        )
    from safetynet.cases.engine import CaseStoreBusyError, case_store_url, open_case_store

    try:  # the case tables too, so that a viewers' app on a read-only role finds them
        open_case_store(case_store_url(url)).close()
        print("case store: ready", file=out)
    except CaseStoreBusyError:
        print("case store: in use by the running app (it has the tables)", file=out)
    for slug, problems in store.refused.items():
        print(f"{slug}: shipped files refused, stored rows kept:", file=out)
        for problem in problems:
            print(f"  - {problem}", file=out)
    return 1 if store.refused else 0


def _first_line(err: BaseException) -> str:
    orig = getattr(err, "orig", None) or err
    return (str(orig).strip().splitlines() or [type(err).__name__])[0]


def _health(args: argparse.Namespace, out: TextIO) -> int:
    """Read-only check for an operator's probe: 0 current, 1 unreadable, 2 behind or newer."""
    from sqlalchemy.exc import SQLAlchemyError

    from safetynet.storage.backup import sqlite_path
    from safetynet.storage.store import SCHEMA_VERSION, Store, create_engine, database_url

    url = args.url or database_url()
    print(f"store: {_shown(url)}", file=out)
    if url.startswith("sqlite:///") and not sqlite_path(url).is_file():
        print("unreadable: no store file", file=out)
        return 1
    store = Store(create_engine(url), args.data_dir)
    try:
        status = store.schema_status()
        counts = store.row_counts() if status.current else {}
        stale = sorted(store.changed_cities()) if status.current else []
        revision = store.revision() if status.version else 0
    except SQLAlchemyError as err:
        print(f"unreadable: {_first_line(err)}", file=out)
        return 1
    finally:
        store.close()
    state = "current" if status.current else ("newer" if status.newer else "behind")
    print(
        f"schema version {status.version} (revision {status.revision or 'none'}); "
        f"this release: {SCHEMA_VERSION} ({status.head}): {state}",
        file=out,
    )
    if not status.current:
        print("run `python -m safetynet migrate` as the database owner", file=out)
        return 2
    print(f"store revision {revision}", file=out)
    if stale:
        print(f"shipped files newer than the store: {', '.join(stale)}", file=out)
    cities = sorted({city for per_city in counts.values() for city in per_city})
    width = max(len(name) for name in counts)
    print("rows".ljust(width) + "".join(f"{c:>12}" for c in cities), file=out)
    for name, per_city in counts.items():
        line = name.ljust(width) + "".join(f"{per_city.get(c, 0):>12,}" for c in cities)
        print(line, file=out)
    return 0


def _import(args: argparse.Namespace, out: TextIO) -> int:
    from safetynet.editing.importing import prepare_import
    from safetynet.editing.normalise import describe_notes, describe_proposal
    from safetynet.editing.plans import commit
    from safetynet.i18n import t
    from safetynet.storage.audit import to_json
    from safetynet.storage.store import ConflictError, Store

    lang = args.lang
    path = Path(args.file)
    if not path.is_file():
        print(f"{path}: no such file", file=out)
        return 2
    who = audit_name(args.editor)
    store = Store.open(args.url)
    plan = prepare_import(  # checks the size before reading, and reads within the limits
        store,
        args.city,
        args.table,
        path.name,
        path,
        who=who,
        accept_corrections=args.accept_corrections,
        replace_table=args.replace,
    )
    if plan.extra.get("encoding"):
        print(t("norm.encoding", lang, encoding=plan.extra["encoding"]), file=out)
    for line in describe_notes(plan.notes, lang, plan.unit):
        print(f"~ {line}", file=out)
    if plan.proposals:
        print(t("data.import.proposals", lang), file=out)
        for proposal in plan.proposals:
            mark = "✓" if args.accept_corrections else "?"
            print(f"{mark} {describe_proposal(proposal, lang, plan.unit)}", file=out)
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
        revision = commit(store, plan, who=who, reason=args.reason)
    except ConflictError as err:
        print(str(err), file=out)
        return 1
    print(f"written (store revision {revision})", file=out)
    return 0


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from safetynet.editing.exports import build_csv_zip, build_workbook
    from safetynet.storage.store import Store

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


def _hash_password(_args: argparse.Namespace, out: TextIO) -> int:
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

    migrate = sub.add_parser(
        "migrate", help="create or upgrade the store's schema and load the shipped data"
    )
    migrate.add_argument("--url", default=None, help="store URL (default $SAFETYNET_DATABASE_URL)")
    migrate.add_argument("--data-dir", type=Path, default=DATA_DIR)
    migrate.set_defaults(run=_migrate)

    health = sub.add_parser(
        "health", help="read-only check: schema version and rows per table and city"
    )
    health.add_argument("--url", default=None, help="store URL (default $SAFETYNET_DATABASE_URL)")
    health.add_argument("--data-dir", type=Path, default=DATA_DIR)
    health.set_defaults(run=_health)

    backup = sub.add_parser(
        "backup", help="copy the store while the app runs (SQLite backup API, or pg_dump)"
    )
    backup.add_argument("--to", type=Path, default=None, help="target file (default var/backups/)")
    backup.add_argument("--url", default=None, help="store URL (default $SAFETYNET_DATABASE_URL)")
    backup.set_defaults(run=_backup)

    restore = sub.add_parser(
        "restore", help="put the store back as it was in a backup (replaces everything)"
    )
    restore.add_argument("backup", type=Path, help="a file written by `backup`")
    restore.add_argument("--url", default=None, help="store URL (default $SAFETYNET_DATABASE_URL)")
    restore.add_argument("--yes", action="store_true", help="really replace the store")
    restore.set_defaults(run=_restore)

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
    imp.add_argument(
        "--editor",
        default=None,
        help="name recorded in the audit log, beside the operating-system user",
    )
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
    add_case_commands(sub, audit_name)
    return parser


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """Run one command; return its exit status."""
    args = build_parser().parse_args(argv)
    return int(args.run(args, out or sys.stdout))
