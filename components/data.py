"""Cached access to the store for pages: the store is opened once per server process.

The pure loaders live in :mod:`safetynet`; this module only adds Streamlit's
caches around them. Cached frames are copies, so a page cannot change what
another page reads.

The store itself is held here, not in ``st.cache_resource``: any viewer can
send Streamlit's "clear cache" message, which empties ``st.cache_resource``
and ``st.cache_data`` for every user; the open store (and its connection
pool) survives it, and only cached frames are read again.

What goes wrong with the store is told to users in a short sentence in their
language; the details (SQL, parameters, host, user) go to the server log only.
"""

from __future__ import annotations

import logging
import threading

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from safetynet.i18n import t
from safetynet.store import Store, StoreBehindError, StoreVersionError, database_url
from safetynet.validation import Problem

log = logging.getLogger(__name__)

_STORES: dict[str, Store] = {}
_STORES_LOCK = threading.Lock()


def get_store() -> Store:
    """The store at ``$SAFETYNET_DATABASE_URL``, opened (and brought up to date) once."""
    url = database_url()
    with _STORES_LOCK:
        store = _STORES.get(url)
        if store is None:
            store = _STORES[url] = Store.open(url)
    return store


def forget_store() -> None:
    """Close and forget the open stores (tests point each test at a database of its own)."""
    with _STORES_LOCK:
        for store in _STORES.values():
            store.close()
        _STORES.clear()


def log_store_error(err: BaseException) -> None:
    """The whole error, with its SQL and parameters, for the operator: server log only."""
    log.error("store error: %s", err, exc_info=err)


def store_error_text(err: BaseException, lang: str) -> str:
    """The short sentence a user sees for a store error; the error itself goes to the log."""
    log_store_error(err)
    if isinstance(err, StoreBehindError):
        return t("store_error.behind", lang)
    if isinstance(err, StoreVersionError):
        return t("store_error.newer", lang)
    return t("store_error", lang)


def report_write_error(err: SQLAlchemyError, lang: str) -> None:
    """Tell the user a save failed (nothing was written); the details go to the log."""
    log_store_error(err)
    st.error(t("store_error.write", lang), icon=":material/error:")


def ensure_store(lang: str) -> None:
    """Open the store, or say in a sentence why it cannot be opened and stop there."""
    try:
        get_store()
    except (StoreVersionError, SQLAlchemyError, OSError) as err:
        st.error(store_error_text(err, lang))
        st.stop()


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def load_table(city: str, name: str) -> pd.DataFrame:
    return get_store().read(city, name)


def clear_data_caches() -> None:
    """Forget every cached frame after a save, so the next rerun shows the saved values."""
    st.cache_data.clear()


def load_tables(city: str, *names: str) -> dict[str, pd.DataFrame]:
    return {name: load_table(city, name) for name in names}


def refused_problems(city: str) -> list[Problem]:
    """Problems of shipped data the store refused at start for ``city`` (usually none)."""
    return get_store().refused.get(city, [])
