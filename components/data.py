"""Cached access to the store for pages: the store is opened once per server process.

The pure loaders live in :mod:`safetynet`; this module only adds Streamlit's
caches around them. Cached frames are copies, so a page cannot change what
another page reads.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from safetynet.i18n import t
from safetynet.store import Store, StoreVersionError
from safetynet.validation import Problem


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
