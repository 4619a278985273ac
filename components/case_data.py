"""Cached access to the case store for the case analysis: one read connection, results by revision.

The case store is opened once per server process and URL (like the main
store in :mod:`components.data`) and used under a lock: a DuckDB or psycopg
connection must not run two queries at once from two sessions' threads.
Every result is cached on the case store's revision (the newest entry of
its import log, :func:`safetynet.cases.repository.case_revision`) and the
main store's revision (districts, centres, precincts, population), so a
rerun that changes nothing costs two single-row reads and no query; an
import or removal, by this app or any other process, advances the revision
and the next rerun reads afresh.

DuckDB lets one process hold its file: while the app runs (after the first
visit to this page), imports go through the data page, or the deployment
uses PostgreSQL, as the README says.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import streamlit as st

from components.data import load_tables, store_revision
from safetynet.cases import queries
from safetynet.cases.analysis import (
    Categories,
    CountTable,
    Relations,
    Scope,
    ViewSpec,
    build_table,
    count,
    referral_period,
    release,
)
from safetynet.cases.bands import parse_bands
from safetynet.cases.display import Names
from safetynet.cases.engine import CaseEngine, case_store_url, open_case_store
from safetynet.cases.population import rates
from safetynet.cases.repository import case_revision as read_case_revision
from safetynet.cases.suppression import Suppressed
from safetynet.referrals.from_cases import CaseReferralCounts, count_case_referrals

RELATION_TABLES = ("districts", "centres", "precincts", "district_centres", "district_precincts")
VIEW_CACHE_ENTRIES = 96

_ENGINES: dict[str, CaseEngine] = {}
_LOCK = threading.RLock()


def case_engine() -> CaseEngine:
    """The case store at :func:`case_store_url`, opened once; raises what opening raises
    (:class:`~safetynet.cases.engine.CaseStoreBusyError`, ``CaseStoreNotSetUpError``)."""
    url = case_store_url()
    with _LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = _ENGINES[url] = open_case_store(url)
    return engine


def forget_case_engines() -> None:
    """Close and forget the open case stores (tests point each test at a store of its own)."""
    with _LOCK:
        for engine in _ENGINES.values():
            engine.close()
        _ENGINES.clear()


@contextmanager
def locked_engine() -> Iterator[CaseEngine]:
    with _LOCK:
        yield case_engine()


def case_revision() -> int:
    """The case store's revision now (one single-row read)."""
    with locked_engine() as engine:
        return read_case_revision(engine)


@st.cache_data(max_entries=16, show_spinner=False)
def datasets(city: str, revision: int) -> pd.DataFrame:  # noqa: ARG001  (cache key)
    with locked_engine() as engine:
        return queries.datasets(engine, city)


def active_dataset(city: str, revision: int) -> str | None:
    """The dataset the views show: the real one when there is one, else the demo, else None."""
    present = set(datasets(city, revision)["dataset"])
    return "real" if "real" in present else "demo" if "demo" in present else None


@st.cache_data(max_entries=16, show_spinner=False)
def period(city: str, dataset: str, revision: int) -> tuple[date, date] | None:  # noqa: ARG001
    """The first and last referral day of the dataset."""
    with locked_engine() as engine:
        return referral_period(engine, city, dataset)


@st.cache_data(max_entries=16, show_spinner=False)
def referral_counts(city: str, dataset: str, revision: int) -> CaseReferralCounts:  # noqa: ARG001
    """Cases referred per month by risk type and by source (the referrals page's trend)."""
    with locked_engine() as engine:
        return count_case_referrals(engine, city, dataset)


@st.cache_data(max_entries=16, show_spinner=False)
def _relations(city: str, store_rev: int) -> tuple[Relations, Names]:
    tables = load_tables(city, *RELATION_TABLES, revision=store_rev)
    return Relations.from_tables(tables), Names.from_tables(tables)


def relations(city: str, store_rev: int) -> tuple[Relations, Names]:
    """The city's districts, centres, precincts and their names (per main-store revision)."""
    return _relations(city, store_rev)


@dataclass(frozen=True)
class ViewData:
    """What a view draws: the counts, what the release shows, rates (``None``: counts)."""

    table: CountTable
    shown: Suppressed
    rates: np.ndarray | None
    population: bool  # whether the city has any population rows


@st.cache_data(max_entries=VIEW_CACHE_ENTRIES, show_spinner=False)
def _table(
    city: str,
    dataset: str,
    measure: str,
    rows: str | None,
    cols: str | None,
    scope: Scope,
    bands_text: str,
    case_rev: int,
    store_rev: int,
) -> CountTable:
    bands = parse_bands(bands_text)
    rel, _names = relations(city, store_rev)
    dims = [d for d in (rows, cols) if d is not None]
    with locked_engine() as engine:
        tidy = count(engine, city, dataset, measure, dims, scope, bands, rel)
    categories = Categories(rel, bands, scope, period(city, dataset, case_rev))
    return build_table(tidy, measure, rows, cols, categories)


@st.cache_data(max_entries=VIEW_CACHE_ENTRIES, show_spinner=False)
def _view(
    city: str,
    dataset: str,
    spec: ViewSpec,
    bands_text: str,
    rate: bool,
    case_rev: int,
    store_rev: int,
) -> ViewData:
    table = _table(
        city,
        dataset,
        spec.measure,
        spec.rows,
        spec.cols,
        spec.scope,
        bands_text,
        case_rev,
        store_rev,
    )
    shown = release(table, public=spec.public, threshold=spec.threshold)
    population = load_tables(city, "population", revision=store_rev)["population"]
    values = None
    if rate and not population.empty:
        rel, _names = relations(city, store_rev)
        values = rates(table, population, spec.scope, parse_bands(bands_text), rel).values
    return ViewData(table, shown, values, not population.empty)


def revisions() -> tuple[int, int]:
    """The case store's and the main store's revisions now: read once per rerun."""
    return case_revision(), store_revision()


def view_data(
    city: str, dataset: str, spec: ViewSpec, bands_text: str, rate: bool, revs: tuple[int, int]
) -> ViewData:
    """A view's data, computed once per case-store and main-store revision and choice."""
    return _view(city, dataset, spec, bands_text, rate, *revs)
