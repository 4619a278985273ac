"""What each briefing section reads of the store, as its page reads it: a few
``outcomes`` metrics, the sums of ``staffing`` and ``referrals`` the slides need, the
other tables whole; read one section at a time, so a page holds one section's tables."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from safetynet.briefing.deck import SECTIONS, tables_for
from safetynet.briefing.sections.scorecard import SCORECARD_SECTION
from safetynet.cities import City
from safetynet.referrals.trends import OUTCOME_METRICS as REFERRAL_OUTCOME_METRICS
from safetynet.risk.shares import RISK_OUTCOME_METRICS
from safetynet.storage.specs import Rows, Summary, TableSpec, read_spec, table_name
from safetynet.storage.store import Store
from safetynet.validation.rules import find_share_sum_errors

# The staffing posts added up per period, measure, source and first year: all the overview's
# cards need (as on the home page, app.py), by first year so that the briefing year can
# leave later rows out.
OVERVIEW_STAFFING = Summary(
    "staffing", ("period", "measure", "source", "year_from"), ("posts",), (), ("year_to",)
)
# The referral counts a briefing shows: the total rows as they are, the per-source rows added
# up per type and year (``reporter`` only told apart from a total row), in the table's order,
# with the labels, units, sources and notes the slides print.
REFERRAL_COUNTS = Summary(
    "referrals",
    (
        "year",
        "referral_type",
        "type_zh",
        "type_en",
        "reporter",
        "unit",
        "unit_en",
        "source",
        "note",
    ),  # fmt: skip
    ("count",),
    given=("reporter",),
)


def _outcome_metrics(city: City, section: str) -> tuple[str, ...] | None:
    """The ``outcomes`` metrics ``section`` shows, as its page reads them (None: unknown)."""
    return {
        "overview": city.headline_metrics,
        "referrals": REFERRAL_OUTCOME_METRICS,
        "risk_types": RISK_OUTCOME_METRICS,
    }.get(section)


def section_reads(city: City, sections: Sequence[str]) -> tuple[TableSpec, ...]:
    """What the chosen sections read of each of their tables, as their pages read it:
    of ``outcomes`` the rows of the metrics they show, of ``staffing`` the sums the
    overview's cards need (the staffing section reads its sums and agencies itself:
    :func:`~safetynet.staffing.slides.stored_staffing_parts`), of ``referrals`` the
    counts per type and year (:data:`REFERRAL_COUNTS`); whole tables otherwise (a
    section not listed here reads its tables whole)."""
    specs: list[TableSpec] = []
    for name in tables_for(sections):
        readers = [s for s in sections if name in SECTIONS[s].tables]
        metrics = [_outcome_metrics(city, s) for s in readers]
        if name == "outcomes" and all(m is not None for m in metrics):
            values = tuple(dict.fromkeys(v for m in metrics if m is not None for v in m))
            specs.append(Rows("outcomes", "metric", values))
        elif name == "staffing" and set(readers) <= {"overview", "staffing"}:
            if "overview" in readers:
                specs.append(OVERVIEW_STAFFING)
        elif name == "referrals" and readers == ["referrals"]:
            specs.append(REFERRAL_COUNTS)
        else:
            specs.append(name)
    return tuple(specs)


def section_tables(store: Store, city: City, key: str, year: int | None) -> dict[str, pd.DataFrame]:
    """What the section ``key`` of a briefing dated ``year`` (``None``: every year) reads of
    ``city``'s tables (:func:`section_reads`), read now; the risk-type shares only of the
    years its slides show (:func:`shown_risk_shares`); none for the scorecard, which reads
    the tracker."""
    if key == SCORECARD_SECTION:
        return {}
    tables = {}
    for spec in section_reads(city, (key,)):
        name = table_name(spec)
        if name == "risk_shares" and key == "risk_types":
            tables[name] = shown_risk_shares(store, city.slug, year)
        else:
            tables[name] = read_spec(store, city.slug, spec)
    return tables


def shown_risk_shares(store: Store, city: str, year: int | None) -> pd.DataFrame:
    """The rows of ``city``'s risk-type shares a briefing dated ``year`` (``None``: every
    year) shows, read a year at a time, not the whole table: the latest year up to ``year``
    whose shares add up to 100 % (:func:`find_share_sum_errors`) and the one before it that
    does too (the change is against it). With no such year, the rows of the first stored
    year, dated later or not adding up, so that the section still tells a table without
    rows from one without a year to show. :func:`compute_risk_shares` of these rows up to
    ``year`` is that of the whole table up to ``year``."""
    stored = sorted(int(y) for y in store.summary(city, "risk_shares", ("year",))["year"])
    shown: list[pd.DataFrame] = []
    for y in reversed([y for y in stored if year is None or y <= year]):
        rows = store.read(city, "risk_shares", {"year": [y]})
        if not find_share_sum_errors(rows):
            shown.insert(0, rows)
            if len(shown) == 2:
                break
    if not shown:
        return store.read(city, "risk_shares", {"year": stored[:1]})
    return pd.concat(shown, ignore_index=True)
