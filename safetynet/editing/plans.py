"""Checking a user's change to one table before anything is written, and writing it.

An edit (from the table editor), an import (from a file) and a revert (of an
audit entry) all become an :class:`EditPlan`: the rows to add, change and
delete, with the version each row had when the editor read it, and every
problem found. The whole resulting table is validated, then the city with it
(references, coverage, declared counts, shares, percentages, the city's own
category lists, each figure held once); only a plan without problems is
written, in one transaction (:meth:`safetynet.storage.store.Store.apply_changes`).

Citations: a row a user adds with no ``source``, or a row whose figures a
user changes while keeping the citation it came with, gets
``編修：<editor> · <date>`` as its source, so no edited figure claims to be
printed in a seed document. A changed note alone keeps the citation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from safetynet.cities import get_city
from safetynet.editing.normalise import Normalisation, Proposal
from safetynet.storage.audit import Record, plain, plain_record
from safetynet.storage.schemas import TABLES
from safetynet.storage.store import Change, Store
from safetynet.validation.city import (
    check_coverage,
    check_declared_counts,
    check_declared_figures,
    check_held_once,
    check_indicators,
    check_percent_indicators,
    check_phases,
    check_population,
    check_references,
    check_risk_types,
    check_shares,
    check_staffing_total_agencies,
)
from safetynet.validation.problems import HEADER_LINES, Problem, row_position
from safetynet.validation.schema import validate_schema

# Columns whose change does not touch a figure: the citation stays true.
UNCITED_COLUMNS = frozenset({"source", "note"})


def edit_stamp(who: str, day: date | None = None) -> str:
    """The citation of a figure a user entered: ``編修：<editor> · <YYYY-MM-DD>``."""
    return f"編修：{who} · {(day or date.today()).isoformat()}"


@dataclass(frozen=True)
class EditPlan:
    """What a save would do to one table of one city, and what is wrong with it."""

    city: str
    table: str
    changes: tuple[Change, ...] = ()
    unchanged: int = 0
    problems: tuple[Problem, ...] = ()
    # How problem locations read: "row" (editor, spreadsheet) or "line" (CSV file).
    unit: str = "row"
    file: str | None = None
    # What an import normalised, and corrections it proposes (see safetynet.editing.normalise).
    notes: tuple[Normalisation, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    reverts: int | None = None
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def of(self, action: str) -> list[Change]:
        return [c for c in self.changes if c.action == action]

    def messages(self, lang: str) -> list[str]:
        """Every problem, located and in ``lang``."""
        return [p.describe(lang, self.file, self.unit) for p in self.problems]


# -- turning frames into records ---------------------------------------------
def to_raw(frame: pd.DataFrame) -> pd.DataFrame:
    """A typed or edited frame as stripped text (``None`` for empty), as a CSV file is read."""

    def cell(value: object) -> object:
        value = plain(value)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text or None

    return pd.DataFrame(
        {c: pd.Series([cell(v) for v in frame[c]], index=frame.index, dtype=object) for c in frame},
        index=frame.index,
    )


def records_of(typed: pd.DataFrame, name: str) -> list[Record]:
    """The typed rows as plain records, in the table's column order."""
    columns = TABLES[name].column_names
    return [plain_record(r, columns) for r in typed.to_dict(orient="records")]


def key_of(record: Record, name: str) -> Record:
    return {k: record[k] for k in TABLES[name].key}


def _key_tuple(record: Record, name: str) -> tuple[object, ...]:
    return tuple(record[k] for k in TABLES[name].key)


def _figures_changed(old: Record, new: Record) -> bool:
    return any(old.get(c) != new.get(c) for c in new if c not in UNCITED_COLUMNS)


def stamp_sources(
    raw: pd.DataFrame, old_rows: Sequence[Record | None], name: str, stamp: str
) -> pd.DataFrame:
    """Give rows the editor's citation where their own would be empty or no longer true.

    ``old_rows[i]`` is the row that ``raw`` row ``i`` replaces (``None``: a new row).
    A new row without a source gets ``stamp``; a replaced row whose figures
    changed while its source was left empty or unchanged gets ``stamp``; an
    unchanged row left without a source keeps its old one.
    """
    raw = raw.copy()
    if "source" not in raw.columns:
        raw["source"] = None
    sources = list(raw["source"])
    for i, (old, row) in enumerate(zip(old_rows, raw.to_dict("records"), strict=True)):
        source = sources[i]
        if old is None:
            if source is None:
                sources[i] = stamp
            continue
        changed = _figures_changed(_loose_record(old, name), _loose_record(row, name))
        if source is None or source == old.get("source"):
            sources[i] = stamp if changed else old.get("source")
    raw["source"] = pd.Series(sources, index=raw.index, dtype=object)
    return raw


def _loose_record(row: Record, name: str) -> Record:
    """A row's values as comparable text, for deciding whether figures changed."""
    out: Record = {}
    for col in TABLES[name].columns:
        value = plain(row.get(col.name))
        if value is not None and col.dtype in {"int", "float"}:
            try:
                value = float(str(value))
            except ValueError:
                value = str(value)
        elif value is not None:
            value = str(value)
        out[col.name] = value
    return out


# -- validation ------------------------------------------------------------
def check_rows(
    name: str, raw: pd.DataFrame, rows: Sequence[int | None], header_line: int | None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Schema check of the rows a user submits; problems carry the user's row numbers."""
    frame = raw.reset_index(drop=True)

    def line_of(index: object) -> int | None:
        position = row_position(index)
        return rows[position] if position is not None and 0 <= position < len(rows) else None

    return validate_schema(name, frame, user=True, line_of=line_of, header_line=header_line)


def check_categories(
    name: str, typed: pd.DataFrame, current: dict[str, pd.DataFrame]
) -> list[Problem]:
    """Referral types and agencies come from the city's own lists (when it has one)."""
    lists = {
        "referrals": ("referral_type", set(current["referrals"]["referral_type"])),
        "staffing": ("agency_zh", set(current["staffing"]["agency_zh"])),
    }
    if name not in lists:
        return []
    column, known = lists[name]
    if not known:
        return []
    allowed = "、".join(sorted(known))
    return [
        Problem(
            name,
            f"{value!r} is not in the city's list: {allowed}",
            line=i + HEADER_LINES,
            column=column,
            code="unknown_category",
            params=(("value", value), ("allowed", allowed)),
        )
        for i, value in enumerate(typed[column])
        if value not in known
    ]


def _city_problems(city: str, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    c = get_city(city)
    return (
        check_references(tables)
        + check_phases(tables)
        + check_coverage(c, tables)
        + check_declared_counts(c, tables)
        + check_risk_types(tables)
        + check_population(tables["population"])
        + check_shares(tables)
        + check_indicators(tables["indicators"])
        + check_percent_indicators(tables)
        + check_staffing_total_agencies(tables)
        + check_held_once(tables)
        + check_declared_figures(c, tables)
    )


def check_in_city(
    city: str,
    name: str,
    candidate: pd.DataFrame,
    rows: Sequence[int | None],
    current: dict[str, pd.DataFrame],
) -> list[Problem]:
    """Problems the candidate table would bring into the city that it does not have now.

    Problems in the candidate table are located at the user's row numbers
    (``rows[i]`` for candidate row ``i``); problems it causes in another table
    (a deleted centre still serving a district) are named with that table.
    """
    tables = {**current, name: candidate.reset_index(drop=True)}
    before = {(p.table, p.message) for p in _city_problems(city, current)}
    found = [p for p in _city_problems(city, tables) if (p.table, p.message) not in before]
    found += check_categories(name, tables[name], current)
    problems = []
    for p in found:
        if p.table == name:
            line = None
            if p.line is not None and 0 <= p.line - HEADER_LINES < len(rows):
                line = rows[p.line - HEADER_LINES]
            problems.append(
                Problem(name, p.message, line=line, column=p.column, code=p.code, params=p.params)
            )
        else:
            problems.append(
                Problem(
                    name,
                    f"{p.table}: {p}",
                    code="other_table",
                    params=(
                        ("table", p.table),
                        ("text_zh", p.describe("zh")),
                        ("text_en", p.describe("en")),
                    ),
                )
            )
    return problems


# -- plans -----------------------------------------------------------------
def plan_table_edit(
    city: str,
    name: str,
    before: pd.DataFrame,
    after: pd.DataFrame,
    current: dict[str, pd.DataFrame],
    *,
    who: str,
    day: date | None = None,
) -> EditPlan:
    """The plan for saving an edited table.

    ``before`` is the table as the editor got it (from
    :meth:`~safetynet.storage.store.Store.read_versioned`, with ``version``);
    ``after`` is what the editor shows now: rows keep ``before``'s index,
    added rows have new index values, deleted rows are gone. ``current`` is
    the city's tables as stored. Problems name the row as shown (1-based).
    """
    spec = TABLES[name]
    columns = spec.column_names
    after = after.reindex(columns=columns)
    old_records = {idx: plain_record(r, columns) for idx, r in before.to_dict("index").items()}
    versions = {idx: int(v) for idx, v in before["version"].items()}
    old_rows = [old_records.get(idx) for idx in after.index]
    raw = stamp_sources(to_raw(after), old_rows, name, edit_stamp(who, day))
    rows = list(range(1, len(after) + 1))
    typed, problems = check_rows(name, raw, rows, header_line=None)
    if typed is not None:
        problems += check_in_city(city, name, typed, rows, current)
    if problems or typed is None:
        return EditPlan(city, name, problems=tuple(problems))
    changes: list[Change] = []
    unchanged = 0
    for idx, new in zip(after.index, records_of(typed, name), strict=True):
        old = old_records.get(idx)
        if old is None:
            changes.append(Change(key_of(new, name), None, new))
        elif _key_tuple(old, name) != _key_tuple(new, name):
            changes.append(Change(key_of(old, name), old, None, versions[idx]))
            changes.append(Change(key_of(new, name), None, new))
        elif old != new:
            changes.append(Change(key_of(new, name), old, new, versions[idx]))
        else:
            unchanged += 1
    kept = set(after.index)
    for idx, old in old_records.items():
        if idx not in kept:
            changes.append(Change(key_of(old, name), old, None, versions[idx]))
    return EditPlan(city, name, tuple(changes), unchanged)


def plan_rows_import(
    city: str,
    name: str,
    raw: pd.DataFrame,
    rows: Sequence[int],
    current: dict[str, pd.DataFrame],
    versioned: pd.DataFrame,
    *,
    who: str,
    day: date | None = None,
    replace: bool = False,
    file: str | None = None,
    unit: str = "line",
    header_line: int = 1,
) -> EditPlan:
    """The plan for importing rows (already read and normalised) into one table.

    Rows whose key is stored replace that row; new keys are added; with
    ``replace`` the file is the whole table and stored rows missing from it
    are deleted. ``rows[i]`` is the file line or sheet row of ``raw`` row ``i``.
    """
    spec = TABLES[name]
    columns = spec.column_names
    raw = raw.copy()
    has_note = "note" in raw.columns
    if not has_note:
        raw["note"] = None
    stored = {
        _key_tuple(plain_record(r, columns), name): (plain_record(r, columns), int(r["version"]))
        for r in versioned.to_dict(orient="records")
    }
    if "source" not in raw.columns:
        raw["source"] = None
    # Match file rows to stored rows by their key as typed (citations aside);
    # a row whose key does not type is treated as new and the check says why.
    probe_raw = raw.assign(source=raw["source"].where(raw["source"].notna(), "probe · probe"))
    probe, _ = check_rows(name, probe_raw, rows, header_line)
    old_rows: list[Record | None] = [None] * len(raw)
    if probe is not None:
        for i, rec in enumerate(records_of(probe, name)):
            old_rows[i] = stored.get(_key_tuple(rec, name), (None, 0))[0]
    if not has_note:  # a file without notes leaves the stored notes alone
        raw["note"] = [old.get("note") if old else None for old in old_rows]
    raw = stamp_sources(raw, old_rows, name, edit_stamp(who, day))
    typed, problems = check_rows(name, raw, rows, header_line)
    if typed is None:
        return EditPlan(city, name, problems=tuple(problems), file=file, unit=unit)
    new_records = records_of(typed, name)
    incoming = {_key_tuple(r, name): (r, line) for r, line in zip(new_records, rows, strict=True)}
    candidate_records: list[Record] = []
    candidate_rows: list[int | None] = []
    for key, (old, _version) in stored.items():
        if key in incoming:
            record, line = incoming[key]
            candidate_records.append(record)
            candidate_rows.append(line)
        elif not replace:
            candidate_records.append(old)
            candidate_rows.append(None)
    for key, (record, line) in incoming.items():
        if key not in stored:
            candidate_records.append(record)
            candidate_rows.append(line)
    candidate = _frame(candidate_records, name)
    problems += check_in_city(city, name, candidate, candidate_rows, current)
    if problems:
        return EditPlan(city, name, problems=tuple(problems), file=file, unit=unit)
    changes: list[Change] = []
    unchanged = 0
    for key, (record, _line) in incoming.items():
        old, version = stored.get(key, (None, None))
        if old is None:
            changes.append(Change(key_of(record, name), None, record))
        elif old != record:
            changes.append(Change(key_of(record, name), old, record, version))
        else:
            unchanged += 1
    if replace:
        for key, (old, version) in stored.items():
            if key not in incoming:
                changes.append(Change(key_of(old, name), old, None, version))
    return EditPlan(city, name, tuple(changes), unchanged, file=file, unit=unit)


def _frame(records: list[Record], name: str) -> pd.DataFrame:
    """Records as a frame typed like the store's frames."""
    spec = TABLES[name]
    frame = pd.DataFrame(records, columns=spec.column_names)
    for col in spec.columns:
        if col.dtype == "int":
            frame[col.name] = pd.to_numeric(frame[col.name]).astype("Int64")
        elif col.dtype == "float":
            frame[col.name] = pd.to_numeric(frame[col.name]).astype(float)
        else:
            frame[col.name] = frame[col.name].astype(object)
    return frame


def plan_revert(store: Store, entry_id: int) -> EditPlan:
    """The plan that puts a row back as it was before audit entry ``entry_id``.

    Refused when the row has changed since that entry (revert the later
    change first), or when the old row would now break the city's rules.
    """
    entry = store.audit_entry(entry_id)
    name, city = entry.table, entry.city
    current_row, version = store.current_row(city, name, entry.key)
    if current_row != entry.new:
        problem = Problem(
            name,
            f"the row has changed since entry {entry_id}; revert the later change first",
            code="revert_stale",
            params=(("entry", entry_id),),
        )
        return EditPlan(city, name, problems=(problem,), reverts=entry_id)
    versioned = store.read_versioned(city, name)
    columns = TABLES[name].column_names
    records = [plain_record(r, columns) for r in versioned.to_dict(orient="records")]
    keys = [_key_tuple(r, name) for r in records]
    target = tuple(entry.key[k] for k in TABLES[name].key)
    if entry.new is not None:
        position = keys.index(target)
        if entry.old is None:
            del records[position]
        else:
            records[position] = entry.old
    elif entry.old is not None:
        records.append(entry.old)
    current = store.read_city(city)
    rows = list(range(1, len(records) + 1))
    problems = check_in_city(city, name, _frame(records, name), rows, current)
    if problems:
        return EditPlan(city, name, problems=tuple(problems), reverts=entry_id)
    change = Change(entry.key, entry.new, entry.old, version)
    return EditPlan(city, name, (change,), reverts=entry_id)


def commit(store: Store, plan: EditPlan, *, who: str, reason: str | None = None) -> int:
    """Write a plan without problems in one transaction; return the store revision.

    Raises ``ValueError`` for a plan with problems (nothing is written) and
    :class:`safetynet.storage.store.ConflictError` when someone else changed a row meanwhile.
    """
    if plan.problems:
        raise ValueError("a plan with problems cannot be written")
    if not plan.changes:
        return store.revision()
    return store.apply_changes(
        plan.city, plan.table, plan.changes, who=who, reason=reason, reverts=plan.reverts
    )
