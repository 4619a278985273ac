"""Saved planner scenarios: named :class:`PlannerParams` per city, kept in the store.

The table is the store's (:func:`safetynet.storage.store.scenario_table`). Parameters
are stored as JSON with a format version and validated again on load: a
scenario that no longer reads back is reported, never silently changed.

Saving, overwriting and deleting a scenario name the editor and happen under
the store's write lock, each with an entry in the audit log (table
``planner_scenarios``, key ``{"name": …}``, the parameters before and after),
so two editors saving one name at once get "already exists" for the second,
and any entry can be reverted (:func:`revert_scenario`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, fields

import sqlalchemy as sa

from safetynet.staffing.planner import (
    LINE_FIELDS,
    PlannerParams,
    PlannerProblem,
    ServiceLine,
    validate_params,
)
from safetynet.staffing.planner_views import problem_text
from safetynet.storage.audit import AuditEntry, Record
from safetynet.storage.store import SCENARIO_NAME_LENGTH, Store

TABLE_NAME = "planner_scenarios"
FORMAT_VERSION = 1
MAX_NAME_LENGTH = SCENARIO_NAME_LENGTH


class ScenarioError(ValueError):
    """A scenario could not be saved, found or read; ``code`` names the reason for i18n."""

    def __init__(self, code: str, name: str, detail: str = "") -> None:
        self.code, self.name, self.detail = code, name, detail
        super().__init__(f"scenario {name!r}: {code}{f' ({detail})' if detail else ''}")


@dataclass(frozen=True)
class ScenarioInfo:
    name: str
    saved_at: str
    saved_by: str | None = None


def params_to_json(params: PlannerParams) -> str:
    """The parameters as JSON text, with the format version."""
    payload = {"version": FORMAT_VERSION, **asdict(params)}
    return json.dumps(payload, ensure_ascii=False, sort_keys=True)


def params_from_json(text: str) -> PlannerParams:
    """Parameters read back from JSON; ``ValueError`` saying what is wrong if they do not fit."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"not JSON: {err}") from None
    if not isinstance(payload, dict):
        raise ValueError("not a JSON object")
    if payload.get("version") != FORMAT_VERSION:
        raise ValueError(f"unknown format version {payload.get('version')!r}")
    expected = {"version", *(f.name for f in fields(PlannerParams))}
    if set(payload) != expected:
        raise ValueError(f"fields {sorted(set(payload) ^ expected)} do not match")
    lines_raw = payload["lines"]
    if not isinstance(lines_raw, list):
        raise ValueError("lines is not a list")
    lines = []
    for i, raw in enumerate(lines_raw, start=1):
        if not isinstance(raw, dict) or not set(raw) <= set(LINE_FIELDS) or "name" not in raw:
            raise ValueError(f"line {i} has unexpected fields")
        lines.append(ServiceLine(**raw))
    params = PlannerParams(
        lines=tuple(lines), base_year=payload["base_year"], end_year=payload["end_year"]
    )
    problems = validate_params(params)
    if problems:
        raise ValueError(_problems_text(problems))
    return params


def _problems_text(problems: list[PlannerProblem]) -> str:
    """The rejected inputs in English, for the error a refused save or load shows."""
    return "; ".join(problem_text(p, "en") for p in problems)


def _clean_name(name: str) -> str:
    clean = " ".join((name or "").split())
    if not clean:
        raise ScenarioError("name_required", name)
    if len(clean) > MAX_NAME_LENGTH:
        raise ScenarioError("name_too_long", clean, str(MAX_NAME_LENGTH))
    return clean


def list_scenarios(store: Store, city: str) -> list[ScenarioInfo]:
    """The city's saved scenarios, by name."""
    table = store.scenarios
    query = (
        sa.select(table.c.name, table.c.saved_at, table.c.saved_by)
        .where(table.c.city == city)
        .order_by(table.c.name)
    )
    with store.engine.connect() as conn:
        return [ScenarioInfo(*row) for row in conn.execute(query)]


def _stored(conn: sa.Connection, store: Store, city: str, name: str) -> Record | None:
    """The scenario as the audit log records it: its name and parameters (``None``: none)."""
    table = store.scenarios
    query = sa.select(table.c.params_json).where(table.c.city == city, table.c.name == name)
    text = conn.execute(query).scalar()
    return None if text is None else {"name": name, "params_json": text}


def _write(
    conn: sa.Connection,
    store: Store,
    city: str,
    name: str,
    old: Record | None,
    new: Record | None,
    who: str,
    reverts: int | None = None,
) -> None:
    """Put ``new`` in place of ``old`` (either may be ``None``) and audit it, under the lock."""
    table = store.scenarios
    where = (table.c.city == city, table.c.name == name)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if new is None:
        conn.execute(sa.delete(table).where(*where))
    elif old is None:
        conn.execute(
            sa.insert(table).values(
                city=city, name=name, params_json=new["params_json"], saved_at=now, saved_by=who
            )
        )
    else:
        conn.execute(
            sa.update(table)
            .where(*where)
            .values(params_json=new["params_json"], saved_at=now, saved_by=who)
        )
    store.append_audit(
        conn,
        city=city,
        table_name=TABLE_NAME,
        key={"name": name},
        old=old,
        new=new,
        who=who,
        revision=store.next_revision(conn),
        reverts=reverts,
    )


def save_scenario(
    store: Store,
    city: str,
    name: str,
    params: PlannerParams,
    *,
    who: str,
    overwrite: bool = False,
) -> str:
    """Save ``params`` under ``name`` for ``city`` as ``who``; return the name as stored.

    Invalid parameters are refused (nothing written). An existing name is only
    replaced with ``overwrite=True``, so a saved scenario is never lost by
    accident; the check and the write hold the store's write lock, so of two
    editors saving one new name at once the second is told it exists.
    """
    name = _clean_name(name)
    problems = validate_params(params)
    if problems:
        raise ScenarioError("invalid", name, _problems_text(problems))
    new = {"name": name, "params_json": params_to_json(params)}
    with store.write_transaction() as conn:
        old = _stored(conn, store, city, name)
        if old is not None and not overwrite:
            raise ScenarioError("exists", name)
        if old != new:
            _write(conn, store, city, name, old, new, who)
    return name


def load_scenario(store: Store, city: str, name: str) -> PlannerParams:
    """The saved parameters, validated; :class:`ScenarioError` if missing or unreadable."""
    with store.engine.connect() as conn:
        stored = _stored(conn, store, city, name)
    if stored is None:
        raise ScenarioError("missing", name)
    try:
        return params_from_json(str(stored["params_json"]))
    except (ValueError, TypeError) as err:
        raise ScenarioError("unreadable", name, str(err)) from None


def duplicate_scenario(store: Store, city: str, name: str, new_name: str, *, who: str) -> str:
    """Copy a saved scenario under a new name (which must be free); return the new name."""
    return save_scenario(store, city, new_name, load_scenario(store, city, name), who=who)


def delete_scenario(store: Store, city: str, name: str, *, who: str) -> None:
    """Delete one saved scenario; :class:`ScenarioError` if there is none by that name."""
    with store.write_transaction() as conn:
        old = _stored(conn, store, city, name)
        if old is None:
            raise ScenarioError("missing", name)
        _write(conn, store, city, name, old, None, who)


def scenario_history(store: Store, city: str, limit: int = 200) -> list[AuditEntry]:
    """Saves, overwrites, deletions and reverts of the city's scenarios, newest first."""
    return store.history(city, TABLE_NAME, limit=limit)


def revert_scenario(store: Store, city: str, entry_id: int, *, who: str) -> str:
    """Put a scenario back as it was before audit entry ``entry_id``; return its name.

    Refused (:class:`ScenarioError` ``revert_stale``) when the scenario has
    changed since that entry: revert the later change first.
    """
    try:
        entry = store.audit_entry(entry_id)
    except KeyError:
        raise ScenarioError("missing", str(entry_id)) from None
    if entry.city != city or entry.table != TABLE_NAME:
        raise ScenarioError("missing", str(entry_id))
    name = str(entry.key["name"])
    with store.write_transaction() as conn:
        current = _stored(conn, store, city, name)
        if current != entry.new:
            raise ScenarioError("revert_stale", name, str(entry_id))
        _write(conn, store, city, name, current, entry.old, who, reverts=entry_id)
    return name


def unique_copy_name(existing: list[str], name: str) -> str:
    """``name (2)``, ``name (3)``… : the first copy name not in ``existing``."""
    n = 2
    while f"{name} ({n})" in existing:
        n += 1
    return f"{name} ({n})"
