"""Cached access to the store for pages: the store is opened once per server process.

The pure loaders live in :mod:`safetynet`; this module only adds Streamlit's
caches around them. Every cached loader takes the store's revision as part
of its key (:func:`store_revision`, one single-row read per call): a save by
any process, this app or the command line, advances the revision, so the
next rerun reads afresh, and nothing is read or recomputed otherwise. There
is no expiry timer; each cache holds a bounded number of entries, so frames
of old revisions are dropped as new ones come in. Cached frames are copies,
so a page cannot change what another page reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from safetynet.i18n import t
from safetynet.store import Store, StoreVersionError
from safetynet.validation import Problem

# One entry per (city, table, revision): every table of both cities, twice over.
TABLE_CACHE_ENTRIES = 56
# Results computed from tables (see :func:`computed`), per function, city and arguments.
VIEW_CACHE_ENTRIES = 128
T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def get_store() -> Store:
    return Store.open()


def ensure_store(lang: str) -> None:
    """Open the store, or explain on the page why it cannot be opened and stop there."""
    try:
        get_store()
    except (StoreVersionError, SQLAlchemyError, OSError) as err:
        st.error(f"{t('store_error', lang)} {err}")
        st.stop()


def store_revision() -> int:
    """The store's revision now: the key that makes every cached loader see saves."""
    return get_store().revision()


@st.cache_data(max_entries=TABLE_CACHE_ENTRIES, show_spinner=False)
def _load_table(city: str, name: str, revision: int) -> pd.DataFrame:
    return get_store().read(city, name)


def load_tables(city: str, *names: str, revision: int | None = None) -> dict[str, pd.DataFrame]:
    """Only the named tables of ``city``, all at one revision."""
    revision = store_revision() if revision is None else revision
    return {name: _load_table(city, name, revision) for name in names}


@st.cache_data(max_entries=VIEW_CACHE_ENTRIES, show_spinner=False)
def _computed(
    name: str,
    _fn: Callable[..., T],
    city: str,
    revision: int,
    tables: tuple[str, ...],
    args: tuple[object, ...],
    mapping: bool,
) -> T:
    frames = load_tables(city, *tables, revision=revision)
    if mapping:
        return _fn(*args, frames)
    return _fn(*(frames[t] for t in tables), *args)


def computed(
    fn: Callable[..., T], city: str, tables: tuple[str, ...], *args: object, mapping: bool = False
) -> T:
    """``fn(*tables of city, *args)`` (with ``mapping``: ``fn(*args, {name: table})``),
    computed once per store revision and arguments.

    A page's warm rerun then gets the (small) result without copying whole tables
    out of the cache; ``fn`` must be a pure function of the tables and arguments.
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _computed(name, fn, city, store_revision(), tuple(tables), args, mapping)


def refused_problems(city: str) -> list[Problem]:
    """Problems of shipped data the store refused at start for ``city`` (usually none)."""
    return get_store().refused.get(city, [])
