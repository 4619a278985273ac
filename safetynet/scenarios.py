"""Saved planner scenarios: named :class:`PlannerParams` per city, kept in the store.

The table is defined by :func:`scenario_table` on the store's metadata (the
store registers it, so it is created and migrated with the other tables).
Parameters are stored as JSON with a format version and validated again on
load: a scenario that no longer reads back is reported, never silently changed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING

import sqlalchemy as sa

from safetynet.staffing_planner import (
    LINE_FIELDS,
    PlannerParams,
    ServiceLine,
    validate_params,
)

if TYPE_CHECKING:
    from safetynet.store import Store

TABLE_NAME = "planner_scenarios"
FORMAT_VERSION = 1
MAX_NAME_LENGTH = 80


def scenario_table(metadata: sa.MetaData) -> sa.Table:
    """The scenarios table: one row per (city, name), parameters as JSON text."""
    return sa.Table(
        TABLE_NAME,
        metadata,
        sa.Column("scenario_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("city", sa.String(32), nullable=False, index=True),
        sa.Column("name", sa.String(MAX_NAME_LENGTH), nullable=False),
        sa.Column("params_json", sa.Text, nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("city", "name", name="uq_planner_scenarios_city_name"),
    )


class ScenarioError(ValueError):
    """A scenario could not be saved, found or read; ``code`` names the reason for i18n."""

    def __init__(self, code: str, name: str, detail: str = "") -> None:
        self.code, self.name, self.detail = code, name, detail
        super().__init__(f"scenario {name!r}: {code}{f' ({detail})' if detail else ''}")


@dataclass(frozen=True)
class ScenarioInfo:
    name: str
    saved_at: str


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
        raise ValueError("; ".join(str(p) for p in problems))
    return params


def _clean_name(name: str) -> str:
    clean = " ".join((name or "").split())
    if not clean:
        raise ScenarioError("name_required", name)
    if len(clean) > MAX_NAME_LENGTH:
        raise ScenarioError("name_too_long", clean, str(MAX_NAME_LENGTH))
    return clean


def _table(store: Store) -> sa.Table:
    return store.scenarios


def list_scenarios(store: Store, city: str) -> list[ScenarioInfo]:
    """The city's saved scenarios, by name."""
    table = _table(store)
    query = (
        sa.select(table.c.name, table.c.saved_at).where(table.c.city == city).order_by(table.c.name)
    )
    with store.engine.connect() as conn:
        return [ScenarioInfo(name, saved_at) for name, saved_at in conn.execute(query)]


def _exists(conn: sa.Connection, table: sa.Table, city: str, name: str) -> bool:
    query = sa.select(table.c.scenario_id).where(table.c.city == city, table.c.name == name)
    return conn.execute(query).first() is not None


def save_scenario(
    store: Store, city: str, name: str, params: PlannerParams, *, overwrite: bool = False
) -> str:
    """Save ``params`` under ``name`` for ``city``; return the name as stored.

    Invalid parameters are refused (nothing written). An existing name is only
    replaced with ``overwrite=True``, so a saved scenario is never lost by accident.
    """
    name = _clean_name(name)
    problems = validate_params(params)
    if problems:
        raise ScenarioError("invalid", name, "; ".join(str(p) for p in problems))
    table = _table(store)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with store.engine.begin() as conn:
        if _exists(conn, table, city, name):
            if not overwrite:
                raise ScenarioError("exists", name)
            conn.execute(sa.delete(table).where(table.c.city == city, table.c.name == name))
        conn.execute(
            sa.insert(table).values(
                city=city, name=name, params_json=params_to_json(params), saved_at=now
            )
        )
    return name


def load_scenario(store: Store, city: str, name: str) -> PlannerParams:
    """The saved parameters, validated; :class:`ScenarioError` if missing or unreadable."""
    table = _table(store)
    query = sa.select(table.c.params_json).where(table.c.city == city, table.c.name == name)
    with store.engine.connect() as conn:
        text = conn.execute(query).scalar()
    if text is None:
        raise ScenarioError("missing", name)
    try:
        return params_from_json(text)
    except (ValueError, TypeError) as err:
        raise ScenarioError("unreadable", name, str(err)) from None


def duplicate_scenario(store: Store, city: str, name: str, new_name: str) -> str:
    """Copy a saved scenario under a new name (which must be free); return the new name."""
    return save_scenario(store, city, new_name, load_scenario(store, city, name))


def delete_scenario(store: Store, city: str, name: str) -> None:
    """Delete one saved scenario; :class:`ScenarioError` if there is none by that name."""
    table = _table(store)
    with store.engine.begin() as conn:
        result = conn.execute(sa.delete(table).where(table.c.city == city, table.c.name == name))
    if result.rowcount == 0:
        raise ScenarioError("missing", name)


def unique_copy_name(existing: list[str], name: str) -> str:
    """``name (2)``, ``name (3)``… : the first copy name not in ``existing``."""
    n = 2
    while f"{name} ({n})" in existing:
        n += 1
    return f"{name} ({n})"
