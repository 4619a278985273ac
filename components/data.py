"""Cached access to the store for pages: the store is opened once per server process.

The pure loaders live in :mod:`safetynet`; this module only adds Streamlit's
caches around them. Every cached loader takes the store's revision as part
of its key (:func:`store_revision`, one single-row read per call): a save by
any process, this app or the command line, advances the revision, so the
next rerun reads afresh, and nothing is read or recomputed otherwise. There
is no expiry timer; each cache holds a bounded number of entries, so frames
of old revisions are dropped as new ones come in. Cached frames are copies,
so a page cannot change what another page reads.

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
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from safetynet.i18n import t
from safetynet.storage.specs import TableSpec, read_spec, table_name
from safetynet.storage.store import Store, StoreBehindError, StoreVersionError, database_url
from safetynet.validation.problems import Problem

log = logging.getLogger(__name__)

_STORES: dict[str, Store] = {}
# Attribute of a session's ScriptRunContext: (that run's cursors dict, store, the store's
# write count, revision); it goes with the session.
_RUN_REVISION_ATTR = "_safetynet_store_revision"
_STORES_LOCK = threading.Lock()
# One entry per (city, table, revision): every table of both cities, twice over.
TABLE_CACHE_ENTRIES = 56
# Results computed from tables (see :func:`computed`), per function, city and arguments.
VIEW_CACHE_ENTRIES = 128
T = TypeVar("T")


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


def store_revision() -> int:
    """The store's revision now: the key that makes every cached loader see saves.

    Read once per script run: a page asks for it once per cached loader (a dozen times
    on the staffing page), and each read is a query. A save by this process during the
    run (``Store.write_count``) reads it again; a save by another process is seen from
    the next run, as if it had come a moment later.
    """
    store = get_store()
    ctx = get_script_run_ctx()
    if ctx is None:  # outside a script run (bench, command line)
        return store.revision()
    run = ctx.cursors  # a new dict at the start of every run (ScriptRunContext.reset)
    memo = getattr(ctx, _RUN_REVISION_ATTR, None)
    if memo is not None and memo[0] is run and memo[1] is store and memo[2] == store.write_count:
        return memo[3]
    revision = store.revision()
    setattr(ctx, _RUN_REVISION_ATTR, (run, store, store.write_count, revision))
    return revision


@st.cache_data(max_entries=TABLE_CACHE_ENTRIES, show_spinner=False)
def _load_table(city: str, name: TableSpec, revision: int) -> pd.DataFrame:  # noqa: ARG001  (cache key)
    return read_spec(get_store(), city, name)


def load_tables(
    city: str, *names: TableSpec, revision: int | None = None
) -> dict[str, pd.DataFrame]:
    """Only the named tables of ``city`` (or the rows or sums of them a :class:`Rows` or
    :class:`Summary` names, under the table's name), all at one revision."""
    revision = store_revision() if revision is None else revision
    return {table_name(name): _load_table(city, name, revision) for name in names}


@st.cache_data(max_entries=VIEW_CACHE_ENTRIES, show_spinner=False)
def _computed(
    name: str,  # noqa: ARG001  (the cache key of _fn, which is not hashed)
    _fn: Callable[..., T],
    city: str,
    revision: int,
    tables: tuple[TableSpec, ...],
    args: tuple[object, ...],
    mapping: bool,
) -> T:
    frames = load_tables(city, *tables, revision=revision)
    if mapping:
        return _fn(*args, frames)
    return _fn(*(frames[table_name(t)] for t in tables), *args)


def computed(
    fn: Callable[..., T],
    city: str,
    tables: tuple[TableSpec, ...],
    *args: object,
    mapping: bool = False,
) -> T:
    """``fn(*tables of city, *args)`` (with ``mapping``: ``fn(*args, {name: table})``),
    computed once per store revision and arguments.

    A page's warm rerun then gets the (small) result without copying whole tables
    out of the cache; ``fn`` must be a pure function of the tables and arguments.
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _computed(name, fn, city, store_revision(), tuple(tables), args, mapping)


def _call_stored(
    name: str,  # noqa: ARG001  (the cache key of _fn, which is not hashed)
    _fn: Callable[..., T],
    city: str,
    revision: int,  # noqa: ARG001  (cache key)
    args: tuple[object, ...],
) -> T:
    return _fn(get_store(), city, *args)


# The same call kept two ways: a copy for each caller (stored) or one shared object.
_stored = st.cache_data(max_entries=VIEW_CACHE_ENTRIES, show_spinner=False)(_call_stored)
_shared_stored = st.cache_resource(max_entries=VIEW_CACHE_ENTRIES, show_spinner=False)(_call_stored)


def stored(fn: Callable[..., T], city: str, *args: object) -> T:
    """``fn(store, city, *args)``, computed once per store revision and arguments: for
    results the database adds up or picks out (:meth:`Store.summary`, reads ``where``)."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _stored(name, fn, city, store_revision(), args)


def shared_stored(fn: Callable[..., T], city: str, *args: object) -> T:
    """As :func:`stored`, but one result shared by every session and rerun, not a copy:
    for a result of several frames that a page only reads (pandas' copy-on-write keeps
    it unchanged by anything derived from it). Copying the staffing page's figures out
    of the cache was an eighth of its CPU per run."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _shared_stored(name, fn, city, store_revision(), args)


@st.cache_resource(max_entries=VIEW_CACHE_ENTRIES, show_spinner=False)
def _stored_part(
    name: str,  # noqa: ARG001  (cache key: one entry per part and calculator)
    _part: Callable[..., T],
    _fn: Callable[..., object],
    city: str,
    revision: int,
    fn_args: tuple[object, ...],
    part_args: tuple[object, ...],
) -> T:
    fn_name = f"{_fn.__module__}.{_fn.__qualname__}"
    return _part(_shared_stored(fn_name, _fn, city, revision, fn_args), *part_args)


def stored_part(
    part: Callable[..., T],
    fn: Callable[..., object],
    city: str,
    *part_args: object,
    fn_args: tuple[object, ...] = (),
) -> T:
    """``part(shared_stored(fn, city, *fn_args), *part_args)``, once per store revision
    and arguments and shared by every session: a figure or display table a page draws
    from a stored result, in a language and year style. Only read it.

    Keyed on the names and arguments: the result is not hashed on every rerun (as
    :func:`shared_figure` hashes its frames)."""
    return _stored_part(
        _names(part, fn), part, fn, city, store_revision(), tuple(fn_args), part_args
    )


@st.cache_resource(max_entries=VIEW_CACHE_ENTRIES, show_spinner=False)
def _figure(
    name: str,  # noqa: ARG001  (cache key: one entry per builder)
    _build: Callable[..., T],
    args: tuple[object, ...],
    kwargs: tuple[tuple[str, object], ...],
) -> T:
    return _build(*args, **dict(kwargs))


def shared_figure(build: Callable[..., T], *args: object, **kwargs: object) -> T:
    """``build(*args, **kwargs)``, built once per arguments and shared by every session.

    For chart figures a page draws from :func:`computed` results (small frames, hashed
    by value) and its choices (language, year style, titles): plotly validates every
    property as a figure is built, 10-20 ms a chart on every rerun otherwise. The
    figure is the same object for everyone: only read it (``render_chart`` copies it).
    """
    name = f"{build.__module__}.{build.__qualname__}"
    return _figure(name, build, args, tuple(sorted(kwargs.items())))


def _derived(
    fn: Callable[..., object],
    city: str,
    revision: int,
    tables: tuple[str, ...],
    fn_args: tuple[object, ...],
) -> object:
    return _computed(_names(fn), fn, city, revision, tables, fn_args, False)


@st.cache_data(max_entries=VIEW_CACHE_ENTRIES, show_spinner=False)
def _computed_view(
    name: str,  # noqa: ARG001  (cache key: one entry per view and calculator)
    _view: Callable[..., T],
    _fn: Callable[..., object],
    city: str,
    revision: int,
    tables: tuple[str, ...],
    fn_args: tuple[object, ...],
    view_args: tuple[object, ...],
) -> T:
    return _view(_derived(_fn, city, revision, tables, fn_args), *view_args)


@st.cache_resource(max_entries=VIEW_CACHE_ENTRIES, show_spinner=False)
def _computed_figure(
    name: str,  # noqa: ARG001  (cache key: one entry per builder and calculator)
    _build: Callable[..., T],
    _fn: Callable[..., object],
    city: str,
    revision: int,
    tables: tuple[str, ...],
    fn_args: tuple[object, ...],
    build_args: tuple[object, ...],
) -> T:
    return _build(_derived(_fn, city, revision, tables, fn_args), *build_args)


def _names(*fns: Callable[..., object]) -> str:
    return " | ".join(f"{f.__module__}.{f.__qualname__}" for f in fns)


def computed_view(
    view: Callable[..., T],
    fn: Callable[..., object],
    city: str,
    tables: tuple[str, ...],
    *view_args: object,
    fn_args: tuple[object, ...] = (),
) -> T:
    """``view(fn(*tables of city, *fn_args), *view_args)``, once per store revision and
    arguments: a display table of a calculator's result (a copy for each caller).

    Keyed on the names and arguments, never on the result, which is not hashed.
    """
    return _computed_view(
        _names(view, fn), view, fn, city, store_revision(), tuple(tables), fn_args, view_args
    )


def computed_figure(
    build: Callable[..., T],
    fn: Callable[..., object],
    city: str,
    tables: tuple[str, ...],
    *build_args: object,
    fn_args: tuple[object, ...] = (),
) -> T:
    """``build(fn(*tables of city, *fn_args), *build_args)``, built once per store revision
    and arguments and shared by every session (only read it, as :func:`shared_figure`).

    Unlike :func:`shared_figure` the calculator's result is not hashed on every rerun:
    the key is the names, the city, the revision and the arguments.
    """
    return _computed_figure(
        _names(build, fn), build, fn, city, store_revision(), tuple(tables), fn_args, build_args
    )


def refused_problems(city: str) -> list[Problem]:
    """Problems of shipped data the store refused at start for ``city`` (usually none)."""
    return get_store().refused.get(city, [])
