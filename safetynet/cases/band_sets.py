"""Named age-band sets, saved per city in the main store so every page and the briefing reuse them.

The table is the store's (:func:`safetynet.storage.store.band_set_table`): a name and
the bands as their canonical text (``0-2, 3-5, 65+``), checked again when
read. Saving, overwriting and deleting name the editor and happen under the
store's write lock, each with an entry in the audit log (table
``age_band_sets``, key ``{"name": …}``, the bands before and after), as
planner scenarios are saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from safetynet.cases.bands import BandSet, parse_bands
from safetynet.storage.audit import Record
from safetynet.storage.store import SCENARIO_NAME_LENGTH, Store

TABLE_NAME = "age_band_sets"
MAX_NAME_LENGTH = SCENARIO_NAME_LENGTH


class BandSetError(ValueError):
    """A band set could not be saved or found; ``code`` is ``bandsets.error.<code>`` in i18n."""

    def __init__(self, code: str, name: str, detail: str = "") -> None:
        self.code, self.name, self.detail = code, name, detail
        super().__init__(f"band set {name!r}: {code}{f' ({detail})' if detail else ''}")


@dataclass(frozen=True)
class SavedBandSet:
    name: str
    text: str
    saved_at: str
    saved_by: str | None = None

    @property
    def bands(self) -> BandSet:
        return parse_bands(self.text)


def _clean_name(name: str) -> str:
    clean = " ".join((name or "").split())
    if not clean:
        raise BandSetError("name_required", name)
    if len(clean) > MAX_NAME_LENGTH:
        raise BandSetError("name_too_long", clean, str(MAX_NAME_LENGTH))
    return clean


def list_band_sets(store: Store, city: str) -> list[SavedBandSet]:
    """The city's saved band sets, by name."""
    table = store.band_sets
    query = (
        sa.select(table.c.name, table.c.bands, table.c.saved_at, table.c.saved_by)
        .where(table.c.city == city)
        .order_by(table.c.name)
    )
    with store.engine.connect() as conn:
        return [SavedBandSet(*row) for row in conn.execute(query)]


def _stored(conn: sa.Connection, store: Store, city: str, name: str) -> Record | None:
    table = store.band_sets
    query = sa.select(table.c.bands).where(table.c.city == city, table.c.name == name)
    text = conn.execute(query).scalar()
    return None if text is None else {"name": name, "bands": text}


def _write(
    conn: sa.Connection,
    store: Store,
    city: str,
    name: str,
    old: Record | None,
    new: Record | None,
    who: str,
) -> None:
    table = store.band_sets
    where = (table.c.city == city, table.c.name == name)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if new is None:
        conn.execute(sa.delete(table).where(*where))
    elif old is None:
        conn.execute(
            sa.insert(table).values(
                city=city, name=name, bands=new["bands"], saved_at=now, saved_by=who
            )
        )
    else:
        conn.execute(
            sa.update(table).where(*where).values(bands=new["bands"], saved_at=now, saved_by=who)
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
    )


def save_band_set(
    store: Store, city: str, name: str, text: str, *, who: str, overwrite: bool = False
) -> str:
    """Save the bands typed as ``text`` under ``name`` for ``city``; return the name as stored.

    A set with errors (overlaps, unreadable bands) is refused and nothing is
    written; warnings (gaps, no open end) do not stop it. An existing name is
    replaced only with ``overwrite=True``; the check and the write hold the
    store's write lock.
    """
    name = _clean_name(name)
    bands = parse_bands(text)
    if not bands.ok:
        raise BandSetError("invalid", name, "; ".join(p.text("en") for p in bands.errors))
    new = {"name": name, "bands": bands.text}
    with store.write_transaction() as conn:
        old = _stored(conn, store, city, name)
        if old is not None and not overwrite:
            raise BandSetError("exists", name)
        if old != new:
            _write(conn, store, city, name, old, new, who)
    return name


def delete_band_set(store: Store, city: str, name: str, *, who: str) -> None:
    """Delete one saved band set; :class:`BandSetError` if there is none by that name."""
    with store.write_transaction() as conn:
        old = _stored(conn, store, city, name)
        if old is None:
            raise BandSetError("missing", name)
        _write(conn, store, city, name, old, None, who)
