"""The store's revision is read once per page run, and a save is never missed.

Every cached loader of a page is keyed on the revision (components/data.py); the page
reads it once per run instead of once per loader. What a user must still see: a save
made during the run (by this server) is read by the loaders after it, and a save by
another process (the command line, another server) by the next run.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from safetynet.storage.store import Store

pytestmark = pytest.mark.both_engines


def _page() -> None:
    import streamlit as st

    from components.data import get_store, store_revision

    seen = [store_revision(), store_revision()]
    if st.session_state.get("save"):
        store = get_store()
        with store.write_transaction() as conn:
            store.next_revision(conn)
        seen.append(store_revision())
    st.session_state["seen"] = seen


def test_one_read_per_run_and_saves_seen(tmp_database_url: str, monkeypatch) -> None:

    reads = []
    real_revision = Store.revision

    def counted(self: Store) -> int:
        reads.append(1)
        return real_revision(self)

    monkeypatch.setattr(Store, "revision", counted)
    at = AppTest.from_function(_page, default_timeout=120).run()
    assert not at.exception
    first = at.session_state["seen"]
    assert first[0] == first[1]
    assert len(reads) == 1  # two loaders, one query

    # a save during the run: the loaders after it see the new revision
    at.session_state["save"] = True
    at.run()
    during = at.session_state["seen"]
    assert during[2] == during[0] + 1

    # a save by another process between runs: the next run sees it
    other = Store.open(tmp_database_url)
    with other.write_transaction() as conn:
        after_other = other.next_revision(conn)
    other.close()
    at.session_state["save"] = False
    at.run()
    assert at.session_state["seen"][0] == after_other
