"""Writing case records: preview, replace the file's period for the city, one transaction, log.

**The period a file replaces.** A case belongs to the month of its referral
date (通報日期), which every case has and which never changes while a case
goes on (opening and closing dates do). A file covers every month from its
earliest to its latest referral month. Importing it replaces, for that city
and dataset, every stored case referred in those months, and also any stored
case the file holds again (a corrected referral date may move a case into
the period): such cases are changed, cases of the period missing from the
file are removed, new ones added. Months outside the period are untouched,
so next month's export of an overlapping period never duplicates a case,
and importing the same file twice changes nothing (and writes nothing).

The preview counts cases and members to add, change and remove per month
before anything is written; :func:`commit_case_import` writes the whole plan
in one transaction on the backend's own connection (DuckDB or psycopg):
delete the replaced rows, bulk-insert the new ones, append to the import
log with the editor's name and the counts. It is refused when someone else
imported into the store after the preview was made.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from safetynet.cases.checks import CaseImportError, CaseProblem
from safetynet.cases.engine import (
    DEMO,
    IMPORTS,
    MEMBER_COLUMNS,
    MEMBERS,
    REAL,
    RECORD_COLUMNS,
    RECORDS,
    RISK_COLUMNS,
    RISKS,
    CaseEngine,
    run,
    transaction,
)
from safetynet.cases.format import FORMAT_VERSION
from safetynet.cases.parsing import ParsedExport, Reference, city_names, parse_export
from safetynet.cases.privacy import CaseKeyError, find_identifiers, hash_case_ids, key_fingerprint
from safetynet.cases.reading import read_export
from safetynet.i18n import t
from safetynet.storage.store import Store

KEY_FINGERPRINT = "key_fingerprint"
CASE_VALUE_COLUMNS = [c for c, _ in RECORD_COLUMNS if c not in ("row_hash", "import_id")]
MEMBER_VALUE_COLUMNS = [c for c, _ in MEMBER_COLUMNS if c != "row_hash"]
PREVIEW_COLUMNS = (
    "month",
    "cases_added",
    "cases_changed",
    "cases_removed",
    "cases_unchanged",
    "members_added",
    "members_changed",
    "members_removed",
)


class CaseConflictError(RuntimeError):
    """The case store changed after the preview (another import); nothing was written."""


@dataclass
class CasePlan:
    """What an import would do: problems, or the rows to write and the counts per month."""

    city: str
    dataset: str
    files: tuple[str, ...]
    problems: list[CaseProblem] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    period: tuple[date, date] | None = None  # first day of first month, last day of last month
    months: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PREVIEW_COLUMNS))
    records: pd.DataFrame | None = None
    risks: pd.DataFrame | None = None
    members: pd.DataFrame | None = None
    base_import: int = 0  # the store's last import id when the plan was made
    fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def total(self, column: str) -> int:
        return int(self.months[column].sum()) if len(self.months) else 0

    @property
    def changes_anything(self) -> bool:
        return self.ok and any(
            self.total(c) for c in PREVIEW_COLUMNS if c != "month" and c != "cases_unchanged"
        )

    def messages(self, lang: str) -> list[str]:
        return [p.describe(lang) for p in self.problems]

    def summary(self, lang: str) -> str:
        """The preview in one sentence: the period replaced and the counts of each change."""
        assert self.period is not None
        start, end = self.period
        total = {c: f"{self.total(c):,}" for c in PREVIEW_COLUMNS[1:]}
        return t(
            "cases.preview.summary",
            lang,
            start=start.isoformat()[:7],
            end=end.isoformat()[:7],
            added=total["cases_added"],
            changed=total["cases_changed"],
            removed=total["cases_removed"],
            unchanged=total["cases_unchanged"],
            m_added=total["members_added"],
            m_changed=total["members_changed"],
            m_removed=total["members_removed"],
        )


def _row_hash(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    hashed = pd.util.hash_pandas_object(frame[columns], index=False)
    return hashed.to_numpy().view(np.int64)


def last_import_id(engine: CaseEngine) -> int:
    t = engine.table(IMPORTS)
    value = t.import_id.max().execute()
    return 0 if value is None or pd.isna(value) else int(value)


def case_revision(engine: CaseEngine) -> int:
    """The case store's revision: the id of the newest entry of its import log.

    Every write (an import, a removal) appends to the log in its own
    transaction, and a write that changes nothing writes nothing, so this
    number grows with every change and stays put otherwise: cached results
    keyed on it are read afresh exactly when the cases changed. One
    single-row read on the backend's own connection (no Ibis compilation).
    """
    cur = engine.raw.cursor()
    try:
        rows = run(engine, cur, "SELECT COALESCE(MAX(import_id), 0) FROM case_imports")
    finally:
        cur.close()
    return int(rows[0][0])


def stored_fingerprint(engine: CaseEngine) -> str | None:
    t = engine.table("case_meta")
    rows = t.filter(t.key == KEY_FINGERPRINT).value.to_pandas()
    return str(rows.iloc[0]) if len(rows) else None


def _stored(engine: CaseEngine, city: str, dataset: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keys, referral dates and row hashes of the stored cases and members of city/dataset."""
    r = engine.table(RECORDS)
    records = (
        r.filter((r.city == city) & (r.dataset == dataset))
        .select("case_key", "referral_date", "row_hash")
        .to_pandas()
    )
    m = engine.table(MEMBERS)
    members = (
        m.filter((m.city == city) & (m.dataset == dataset))
        .select("case_key", "member_no", "row_hash")
        .to_pandas()
    )
    records["referral_date"] = pd.to_datetime(records["referral_date"])
    records["case_key"] = records["case_key"].astype(object)
    members["case_key"] = members["case_key"].astype(object)
    return records, members


def _month(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.to_period("M").dt.to_timestamp()


def _typed_rows(parsed: ParsedExport, city: str, dataset: str, key: bytes):
    cases = parsed.cases
    case_keys = hash_case_ids(cases["case_id"], city, key)
    by_id = dict(zip(cases["case_id"], case_keys, strict=True))
    records = pd.DataFrame(
        {
            "city": city,
            "dataset": dataset,
            "case_key": case_keys,
            **{c: cases[c] for c in CASE_VALUE_COLUMNS[3:]},
        }
    )
    records["referral_date"] = pd.to_datetime(records["referral_date"]).dt.normalize()
    for column in ("opened_date", "closed_date"):
        records[column] = pd.to_datetime(records[column])
    risks = pd.DataFrame(
        {
            "city": city,
            "dataset": dataset,
            "case_key": parsed.risks["case_id"].map(by_id),
            "risk_type": parsed.risks["risk_type"],
        }
    )
    # The hash covers every stored value of the case, its set of risk types included
    # (a sum of one hash per type: order-free, and vectorised).
    risk_hash = pd.util.hash_array(risks["risk_type"].to_numpy(dtype=object)).view(np.int64)
    per_case = pd.Series(risk_hash, index=risks["case_key"].to_numpy()).groupby(level=0).sum()
    records["row_hash"] = _row_hash(
        records.assign(_risks=records["case_key"].map(per_case)), [*CASE_VALUE_COLUMNS, "_risks"]
    )
    m = parsed.members
    members = pd.DataFrame(
        {
            "city": city,
            "dataset": dataset,
            "case_key": m["case_id"].map(by_id),
            **{c: m[c] for c in MEMBER_VALUE_COLUMNS[3:]},
        }
    )
    members["row_hash"] = _row_hash(members, MEMBER_VALUE_COLUMNS)
    return records, risks, members


def _diff(plan: CasePlan, engine: CaseEngine) -> None:
    """Fill ``plan.months`` with cases and members to add, change and remove per month."""
    records, members = plan.records, plan.members
    assert records is not None and members is not None and plan.period is not None
    stored, stored_members = _stored(engine, plan.city, plan.dataset)
    start, end = (pd.Timestamp(d) for d in plan.period)
    in_period = stored["referral_date"].between(start, end)
    affected = stored[in_period | stored["case_key"].isin(records["case_key"])]
    new = records[["case_key", "referral_date", "row_hash"]].merge(
        affected[["case_key", "row_hash"]], on="case_key", how="left", suffixes=("", "_old")
    )
    new["month"] = _month(new["referral_date"])
    status = np.where(
        new["row_hash_old"].isna(),
        "cases_added",
        np.where(new["row_hash"] == new["row_hash_old"], "cases_unchanged", "cases_changed"),
    )
    counts = [pd.crosstab(new["month"], status)]
    gone = affected[~affected["case_key"].isin(records["case_key"])]
    if len(gone):
        counts.append(pd.crosstab(_month(gone["referral_date"]), "cases_removed"))

    month_of = pd.concat(
        [
            pd.Series(new["month"].to_numpy(), index=new["case_key"]),
            pd.Series(_month(gone["referral_date"]).to_numpy(), index=gone["case_key"]),
        ]
    )
    old_members = stored_members[stored_members["case_key"].isin(affected["case_key"])]
    joined = members[["case_key", "member_no", "row_hash"]].merge(
        old_members,
        on=["case_key", "member_no"],
        how="outer",
        suffixes=("", "_old"),
        indicator=True,
    )
    member_status = np.select(
        [
            joined["_merge"] == "left_only",
            joined["_merge"] == "right_only",
            joined["row_hash"] != joined["row_hash_old"],
        ],
        ["members_added", "members_removed", "members_changed"],
        "members_unchanged",
    )
    joined["month"] = joined["case_key"].map(month_of[~month_of.index.duplicated()])
    counts.append(pd.crosstab(joined["month"], member_status))
    table = pd.concat(counts, axis=1).fillna(0)
    table = table.T.groupby(level=0).sum().T
    for column in PREVIEW_COLUMNS[1:]:
        if column not in table.columns:
            table[column] = 0
    table = table[list(PREVIEW_COLUMNS[1:])].astype(int).sort_index()
    table.index.name = "month"
    table.columns.name = None
    plan.months = table.reset_index()


def prepare_case_import(
    engine: CaseEngine,
    city: str,
    files: Sequence[tuple[str, bytes]],
    reference: Reference,
    *,
    today: date | None = None,
    dataset: str = REAL,
) -> CasePlan:
    """Read, check and compare an export with the store; nothing is written here.

    The plan lists every problem (file, lines, column), or the rows to write
    with counts per referral month of cases and members added, changed,
    removed and unchanged. Case numbers are hashed here; the plan never
    holds them.
    """
    today = today or date.today()
    plan = CasePlan(city, dataset, tuple(name for name, _ in files))
    try:
        tables = read_export(files)
    except CaseImportError as err:
        plan.problems = err.problems
        return plan
    plan.encodings = {t.file: t.encoding for t in tables.values() if t.encoding}
    plan.ignored_columns = {t.file: list(t.extra) for t in tables.values() if t.extra}
    known = reference.known_words()
    problems = [p for t in tables.values() for p in find_identifiers(t, known)]
    parsed = parse_export(tables, reference, today)
    del tables  # the text cells: the typed rows are all that is needed from here on
    plan.problems = problems + parsed.problems
    try:
        key = engine.key()
    except CaseKeyError as err:
        plan.problems.append(CaseProblem("", "key_unreadable", params=(("error", str(err)),)))
        return plan
    plan.fingerprint = key_fingerprint(key)
    stored = stored_fingerprint(engine)
    if stored is not None and stored != plan.fingerprint:
        plan.problems.append(CaseProblem("", "key_mismatch"))
    if plan.problems:
        return plan
    plan.records, plan.risks, plan.members = _typed_rows(parsed, city, dataset, key)
    del parsed
    months = plan.records["referral_date"]
    first, last = months.min(), months.max()
    plan.period = (
        first.to_period("M").start_time.date(),
        last.to_period("M").end_time.date(),
    )
    plan.base_import = last_import_id(engine)
    _diff(plan, engine)
    return plan


def _insert(engine: CaseEngine, cur, table: str, frame: pd.DataFrame, columns) -> None:
    names = [c for c, _ in columns]
    frame = frame[names]
    if frame.empty:
        return
    if engine.kind == "duckdb":
        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        cur.register("incoming_rows", arrow)
        run(engine, cur, f"INSERT INTO {table} ({', '.join(names)}) SELECT * FROM incoming_rows")
        cur.unregister("incoming_rows")
        return
    buffer = io.StringIO()
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    out.to_csv(buffer, index=False, header=False, na_rep="\\N")
    with cur.copy(
        f"COPY {table} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    ) as copy:
        copy.write(buffer.getvalue())


def _log(engine: CaseEngine, cur, entry: dict[str, object]) -> int:
    import_id = _next_id(engine, cur)
    entry = {"import_id": import_id, **entry}
    names = list(entry)
    marks = ", ".join("?" for _ in names)
    run(
        engine,
        cur,
        f"INSERT INTO case_imports ({', '.join(names)}) VALUES ({marks})",
        list(entry.values()),
    )
    return import_id


def _lock(engine: CaseEngine, cur) -> None:
    if engine.kind == "postgres":
        run(engine, cur, "LOCK TABLE case_imports IN EXCLUSIVE MODE")


def _totals(engine: CaseEngine, cur, city: str, dataset: str) -> tuple[int, int]:
    counts = []
    for table in (RECORDS, MEMBERS):
        rows = run(
            engine,
            cur,
            f"SELECT COUNT(*) FROM {table} WHERE city = ? AND dataset = ?",
            [city, dataset],
        )
        counts.append(int(rows[0][0]))
    return counts[0], counts[1]


def commit_case_import(engine: CaseEngine, plan: CasePlan, *, who: str) -> int:
    """Write a checked plan in one transaction and log it; return the import's id.

    Refused (:class:`CaseConflictError`, nothing written) when another import
    was written after the plan was made, so a stale preview never applies.
    """
    if not plan.ok or plan.records is None or plan.period is None:
        raise ValueError("the plan has problems; nothing to write")
    start, end = plan.period
    with transaction(engine) as cur:
        _lock(engine, cur)
        if _next_id(engine, cur) - 1 != plan.base_import:
            raise CaseConflictError("the case store changed since the preview")
        # The cases this file replaces: its period for the city, and its own cases.
        keys = pd.DataFrame({"case_key": plan.records["case_key"]})
        _scratch(engine, cur, keys)
        replaced = (
            "city = ? AND dataset = ? AND (case_key IN (SELECT case_key FROM import_keys) OR "
            "case_key IN (SELECT case_key FROM case_records WHERE city = ? AND dataset = ? "
            "AND referral_date BETWEEN ? AND ?))"
        )
        params = [plan.city, plan.dataset, plan.city, plan.dataset, start, end]
        for table in (MEMBERS, RISKS, RECORDS):
            run(engine, cur, f"DELETE FROM {table} WHERE {replaced}", params)
        import_id = _next_id(engine, cur)
        records = plan.records.assign(import_id=import_id)
        _insert(engine, cur, RECORDS, records, RECORD_COLUMNS)
        _insert(engine, cur, RISKS, plan.risks, RISK_COLUMNS)
        _insert(engine, cur, MEMBERS, plan.members, MEMBER_COLUMNS)
        cases_total, members_total = _totals(engine, cur, plan.city, plan.dataset)
        logged = _log(
            engine,
            cur,
            {
                "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "who": who,
                "city": plan.city,
                "dataset": plan.dataset,
                "action": "import",
                "file_name": ", ".join(plan.files)[:500],
                "period_from": start,
                "period_to": end,
                "format_version": FORMAT_VERSION,
                "cases_added": plan.total("cases_added"),
                "cases_changed": plan.total("cases_changed"),
                "cases_removed": plan.total("cases_removed"),
                "members_added": plan.total("members_added"),
                "members_changed": plan.total("members_changed"),
                "members_removed": plan.total("members_removed"),
                "cases_total": cases_total,
                "members_total": members_total,
            },
        )
        _set_fingerprint(engine, cur, plan.fingerprint)
    assert logged == import_id
    return import_id


def _next_id(engine: CaseEngine, cur) -> int:
    return int(run(engine, cur, "SELECT COALESCE(MAX(import_id), 0) FROM case_imports")[0][0]) + 1


def _scratch(engine: CaseEngine, cur, keys: pd.DataFrame) -> None:
    """The file's case keys as a temporary table ``import_keys`` of this transaction."""
    if engine.kind == "duckdb":
        cur.register("import_keys", pa.Table.from_pandas(keys, preserve_index=False))
        return
    run(engine, cur, "CREATE TEMP TABLE import_keys (case_key VARCHAR(32)) ON COMMIT DROP")
    with cur.copy("COPY import_keys (case_key) FROM STDIN") as copy:
        for value in keys["case_key"]:
            copy.write_row((value,))


def _set_fingerprint(engine: CaseEngine, cur, fingerprint: str) -> None:
    run(engine, cur, "DELETE FROM case_meta WHERE key = ?", [KEY_FINGERPRINT])
    run(
        engine,
        cur,
        "INSERT INTO case_meta (key, value) VALUES (?, ?)",
        [KEY_FINGERPRINT, fingerprint],
    )


def remove_dataset(engine: CaseEngine, city: str, dataset: str, *, who: str) -> int | None:
    """Delete every row of one dataset of a city (e.g. the demo data) in one logged transaction."""
    with transaction(engine) as cur:
        _lock(engine, cur)
        removed_cases, removed_members = _totals(engine, cur, city, dataset)
        if not removed_cases and not removed_members:
            return None  # nothing stored: nothing to remove, nothing to log
        for table in (MEMBERS, RISKS, RECORDS):
            run(engine, cur, f"DELETE FROM {table} WHERE city = ? AND dataset = ?", [city, dataset])
        return _log(
            engine,
            cur,
            {
                "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "who": who,
                "city": city,
                "dataset": dataset,
                "action": "remove",
                "file_name": None,
                "period_from": None,
                "period_to": None,
                "format_version": FORMAT_VERSION,
                "cases_added": 0,
                "cases_changed": 0,
                "cases_removed": removed_cases,
                "members_added": 0,
                "members_changed": 0,
                "members_removed": removed_members,
                "cases_total": 0,
                "members_total": 0,
            },
        )


def reference_from_store(store: Store, city: str) -> Reference:
    """What an export of ``city`` may name, from the districts and centres the store holds now."""
    names = city_names(city)
    return Reference.from_tables(
        city, names, store.read(city, "districts"), store.read(city, "centres")
    )


__all__ = [
    "DEMO",
    "REAL",
    "CaseConflictError",
    "reference_from_store",
    "CasePlan",
    "commit_case_import",
    "prepare_case_import",
    "remove_dataset",
]
