"""Command-line case commands: ``import-cases`` and ``demo-cases`` (``python -m safetynet …``).

``import-cases`` checks and previews an export and writes it only when there
is no problem (``--dry-run``: preview only); it exits non-zero on any
problem. ``demo-cases`` writes the synthetic export to a folder, or loads it
into the store as the demo dataset (``--load``), or removes that (``--remove``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from safetynet.cities import CITIES, DEFAULT_CITY
from safetynet.i18n import t


def _open(args: argparse.Namespace, out: TextIO):
    from safetynet.cases.engine import CaseStoreBusyError, open_case_store
    from safetynet.cases.repository import reference_from_store
    from safetynet.storage.store import Store

    try:
        engine = open_case_store(args.cases_url)
    except CaseStoreBusyError as err:
        print(t("cases.cli.busy", args.lang, path=str(err)), file=out)
        return None, None
    return engine, reference_from_store(Store.open(args.url), args.city)


def _import_cases(args: argparse.Namespace, out: TextIO) -> int:
    from safetynet.cases.repository import (
        CaseConflictError,
        commit_case_import,
        prepare_case_import,
    )

    lang = args.lang
    paths = [Path(p) for p in [*args.file, *([args.members] if args.members else [])]]
    files = []
    for path in paths:
        try:
            files.append((path.name, path.read_bytes()))
        except OSError as err:
            print(f"{path}: {err.strerror or err}", file=out)
            return 2
    engine, reference = _open(args, out)
    if engine is None:
        return 1
    try:
        plan = prepare_case_import(engine, args.city, files, reference)
        for file, encoding in plan.encodings.items():
            print(t("cases.encoding", lang, file=file, encoding=encoding), file=out)
        for file, columns in plan.ignored_columns.items():
            print(t("cases.ignored", lang, file=file, columns="、".join(columns)), file=out)
        if not plan.ok:
            print(t("cases.problems", lang, n=len(plan.problems)), file=out)
            for message in plan.messages(lang):
                print(f"  - {message}", file=out)
            return 1
        print(plan.months.to_string(index=False), file=out)
        print(plan.summary(lang), file=out)
        if args.dry_run or not plan.changes_anything:
            print(t("cases.cli.nothing_written", lang), file=out)
            return 0
        try:
            import_id = commit_case_import(engine, plan, who=args.who(args.editor))
        except CaseConflictError:
            print(t("cases.conflict", lang), file=out)
            return 1
        print(t("cases.cli.written", lang, n=import_id), file=out)
        return 0
    finally:
        engine.close()


def _demo_cases(args: argparse.Namespace, out: TextIO) -> int:
    from safetynet.cases.demo import DemoRefused, build_demo_export, load_demo, parse_years
    from safetynet.cases.engine import DEMO
    from safetynet.cases.repository import remove_dataset

    lang = args.lang
    if args.load or args.remove:
        engine, reference = _open(args, out)
        if engine is None:
            return 1
        try:
            if args.remove:
                remove_dataset(engine, args.city, DEMO, who=args.who(args.editor))
                print(t("cases.demo.removed", lang), file=out)
                return 0
            try:
                load_demo(engine, reference, args.city, who=args.who(args.editor))
            except DemoRefused:
                print(t("cases.demo.refused", lang), file=out)
                return 1
            print(t("cases.demo.loaded", lang), file=out)
            return 0
        finally:
            engine.close()
    try:
        first, last = parse_years(args.years)
    except ValueError as err:
        print(str(err), file=out)
        return 2
    export = build_demo_export(args.city, first, last, args.seed, today=date.today())
    target = Path(args.out or f"demo-cases-{args.city}")
    for path in export.write(target):
        print(path, file=out)
    print(
        t(
            "cases.demo.written",
            lang,
            cases=f"{len(export.cases):,}",
            members=f"{len(export.members):,}",
        ),
        file=out,
    )
    return 0


def add_case_commands(
    sub: argparse._SubParsersAction, audit_name: Callable[[str | None], str]
) -> None:
    """The case commands, added to ``python -m safetynet``'s parser."""
    imp = sub.add_parser("import-cases", help="import the bureau's case export (cases + members)")
    imp.add_argument("file", nargs="+", help="cases.csv (and case_members.csv), an .xlsx or a .zip")
    imp.add_argument("--members", default=None, help="the members file, if given separately")
    imp.add_argument("--city", default=DEFAULT_CITY, choices=sorted(CITIES))
    imp.add_argument("--dry-run", action="store_true", help="check and preview; write nothing")
    imp.add_argument("--editor", default=None, help="name recorded in the import log")
    imp.set_defaults(who=audit_name)
    imp.add_argument("--lang", default="zh", choices=["zh", "en"])
    imp.add_argument("--url", default=None, help="main store URL (districts, centres)")
    imp.add_argument("--cases-url", default=None, help="case store URL (default beside the store)")
    imp.set_defaults(run=_import_cases)

    demo = sub.add_parser("demo-cases", help="the synthetic case export (示範資料)")
    demo.add_argument("--city", default=DEFAULT_CITY, choices=sorted(CITIES))
    demo.add_argument("--years", default="107-114", help="民國 or 西元 years, e.g. 107-114")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--out", default=None, help="folder for cases.csv and case_members.csv")
    action = demo.add_mutually_exclusive_group()
    action.add_argument("--load", action="store_true", help="load the demo dataset into the store")
    action.add_argument("--remove", action="store_true", help="remove the demo dataset")
    demo.add_argument("--editor", default=None, help="name recorded in the import log")
    demo.set_defaults(who=audit_name)
    demo.add_argument("--lang", default="zh", choices=["zh", "en"])
    demo.add_argument("--url", default=None, help="main store URL (districts, centres)")
    demo.add_argument("--cases-url", default=None, help="case store URL (default beside the store)")
    demo.set_defaults(run=_demo_cases)
