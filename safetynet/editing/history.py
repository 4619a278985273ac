"""The audit log as users read it: one table and one revert picker for every kind of
entry (a data table's rows, a planner scenario), newest first, in local time."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from safetynet.formatting import format_local_time, is_missing
from safetynet.i18n import t
from safetynet.storage.audit import AuditEntry

Subject = Callable[[AuditEntry], str]


def _text(value: object) -> str:
    """A stored value as the log shows it: nothing for a missing one (not 「None」)."""
    return "" if is_missing(value) else str(value)


def row_key(entry: AuditEntry) -> str:
    """A data table entry's row, as its key columns and values (a key column the row
    leaves empty is left out)."""
    return ", ".join(f"{k}={v}" for k, v in entry.key.items() if not is_missing(v))


def scenario_name(entry: AuditEntry) -> str:
    """A planner scenario entry's scenario name."""
    return str(entry.key.get("name", ""))


def _values(record: dict | None, columns: list[str]) -> str:
    if record is None:
        return ""
    return "；".join(f"{c}={_text(record.get(c))}" for c in columns)


def history_table(
    entries: Sequence[AuditEntry],
    lang: str,
    subject: str,
    subject_of: Subject,
    values: bool = True,
) -> pd.DataFrame:
    """The entries in their order: who did what to which ``subject`` and when; with
    ``values`` the changed columns' old and new values and the reason as well."""
    columns: dict[str, list[object]] = {
        t("data.col.entry", lang): [e.entry_id for e in entries],
        t("data.col.at", lang): [format_local_time(e.at, lang) for e in entries],
        t("data.col.who", lang): [e.who for e in entries],
        t("data.col.action", lang): [t(f"data.action.{e.action}", lang) for e in entries],
        subject: [subject_of(e) for e in entries],
    }
    if values:
        changed = [e.changed_columns() for e in entries]
        columns[t("data.col.old", lang)] = [
            _values(e.old, c) for e, c in zip(entries, changed, strict=True)
        ]
        columns[t("data.col.new", lang)] = [
            _values(e.new, c) for e, c in zip(entries, changed, strict=True)
        ]
        columns[t("data.col.reason", lang)] = [e.reason or "" for e in entries]
    # blank where an entry reverts nothing (not 「None」)
    columns[t("data.col.reverts", lang)] = [
        "" if e.reverts is None else str(e.reverts) for e in entries
    ]
    return pd.DataFrame(columns)


def revert_options(entries: Sequence[AuditEntry], lang: str, subject_of: Subject) -> dict[int, str]:
    """Entry number → how the revert picker names it, in the entries' order."""
    return {
        e.entry_id: t(
            "data.history.option",
            lang,
            entry=e.entry_id,
            at=format_local_time(e.at, lang),
            who=e.who,
            action=t(f"data.action.{e.action}", lang),
            row=subject_of(e),
        )
        for e in entries
    }
