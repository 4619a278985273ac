"""What the staffing page shows, computed once per store revision and small at any size.

The staffing table's key is agency × period × measure, so a bureau with 250,000
agencies has a million rows and every per-agency view (the agency table, the
cumulative plan) has as many agencies as the table: a database ``GROUP BY``
per agency does not make them shorter. What the page shows of them is short,
though: cards and checks (sums), charts of a dozen agencies with the rest as
「其他」, and tables of their first :data:`~components.tables.SHOWN_ROWS` rows
with their total row. :func:`staffing_figures` reads the rows once, computes
each view once and keeps only that; the whole tables are computed again, from
the store, when a user downloads them (:func:`agency_csv_table`,
:func:`cumulative_csv_table`).

The display functions take the kept parts and give exactly the first rows
(with the total row where it is among them) of the whole display tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from safetynet.i18n import note_in
from safetynet.staffing.posts import (
    CHECK_METRICS,
    PublishedCheck,
    StaffingOverview,
    agency_table,
    compute_staffing_overview,
    cumulative_plan,
    fold_agencies,
    fold_plan,
    published_checks,
    required_by_year,
    required_rows,
)
from safetynet.staffing.views import agency_display_table, cumulative_display_table
from safetynet.storage.store import Store

AGENCY_SUMS = ("approved", "hired", "vacant", "new", "total")


@dataclass(frozen=True)
class StaffingFigures:
    """The staffing page's figures: every one from the whole table, none of them long.

    ``agencies`` and ``plan`` hold the first ``shown`` agencies of :func:`agency_table`
    and of :func:`cumulative_plan` (the plan's rows of the first ``shown`` distinct
    names in either language, so the table can be shown in both); ``agency_count``,
    ``agency_sums`` and ``plan_agencies`` (per language) and ``plan_sums`` (per step)
    are of the whole tables, for the row counts and total rows. ``detail`` holds the
    rows of the first ``shown`` agencies, ``detail_count`` counts every row.
    """

    overview: StaffingOverview
    checks: list[PublishedCheck]
    agencies: pd.DataFrame
    agency_count: int
    agency_sums: dict[str, object]
    any_approved: bool
    agency_chart: pd.DataFrame
    gap_chart: pd.DataFrame
    plan: pd.DataFrame
    plan_agencies: dict[str, int]
    plan_sums: dict[str, int]
    plan_steps: pd.DataFrame
    plan_chart: pd.DataFrame
    required: pd.DataFrame
    required_notes: tuple[str | None, ...]
    required_sources: tuple[str, ...]
    detail: pd.DataFrame
    detail_count: int


def figures_from_tables(
    staffing: pd.DataFrame, outcomes: pd.DataFrame, totals: pd.DataFrame, shown: int
) -> StaffingFigures:
    """:class:`StaffingFigures` of the tables (``outcomes``: at least the checked metrics)."""
    plan = cumulative_plan(staffing)
    overview = compute_staffing_overview(staffing, plan)
    agencies = agency_table(staffing)
    heads = [plan[f"agency_{lang}"].drop_duplicates() for lang in ("zh", "en")]
    in_head = plan["agency_zh"].isin(heads[0].iloc[:shown])
    plan_head = plan[in_head | plan["agency_en"].isin(heads[1].iloc[:shown])]
    required = required_rows(staffing)
    return StaffingFigures(
        overview=overview,
        checks=published_checks(overview, outcomes, staffing, totals),
        agencies=agencies.head(shown).reset_index(drop=True),
        agency_count=len(agencies),
        agency_sums={c: agencies[c].sum(min_count=1) for c in AGENCY_SUMS},
        any_approved=bool(agencies["approved"].notna().any()),
        agency_chart=fold_agencies(agencies),
        gap_chart=fold_agencies(agencies[agencies["approved"].notna()]),
        plan=plan_head.reset_index(drop=True),
        plan_agencies={"zh": len(heads[0]), "en": len(heads[1])},
        plan_sums={
            str(s): int(v) for s, v in plan.groupby("step", sort=False)["posts"].sum().items()
        },
        plan_steps=plan.drop_duplicates("step").reset_index(drop=True),
        plan_chart=fold_plan(plan),
        required=required_by_year(staffing),
        required_notes=tuple(dict.fromkeys(required["note"])),
        required_sources=tuple(dict.fromkeys(required["source"])),
        detail=detail_rows(staffing, shown),
        detail_count=len(staffing),
    )


def detail_rows(staffing: pd.DataFrame, shown: int) -> pd.DataFrame:
    """The rows of the first ``shown`` agencies: the first ``shown`` rows of
    :func:`staffing_display_table` (which keeps the agencies' order) come from them."""
    first = staffing["agency_zh"].drop_duplicates().iloc[:shown]
    return staffing[staffing["agency_zh"].isin(first)].reset_index(drop=True)


def staffing_figures(store: Store, city: str, shown: int) -> StaffingFigures:
    """:class:`StaffingFigures` of ``city``: the staffing rows read once, for this only
    (no cached copy of the table), the outcomes' checked metrics and the printed totals."""
    outcomes = store.read(city, "outcomes", {"metric": CHECK_METRICS})
    totals = store.read(city, "staffing_totals")
    return figures_from_tables(store.read(city, "staffing"), outcomes, totals, shown)


def agency_head_table(figures: StaffingFigures, lang: str, shown: int) -> pd.DataFrame:
    """The first ``shown`` rows of :func:`agency_display_table` of the whole agency table."""
    table = agency_display_table(figures.agencies, lang, figures.agency_sums)
    if figures.agency_count > len(figures.agencies):  # the total row lies beyond the head
        table = table.iloc[:-1]
    return table.head(shown)


def cumulative_head_table(
    figures: StaffingFigures, lang: str, style: str, shown: int
) -> pd.DataFrame:
    """The first ``shown`` rows of :func:`cumulative_display_table` of the whole plan."""
    names = figures.plan[f"agency_{lang}"].drop_duplicates().iloc[:shown]
    plan = figures.plan[figures.plan[f"agency_{lang}"].isin(names)]
    table = cumulative_display_table(plan, lang, style, figures.plan_sums)
    if figures.plan_agencies[lang] > len(names):
        table = table.iloc[:-1]
    return table.head(shown)


def required_notes(figures: StaffingFigures, lang: str) -> list[str]:
    """The notes of the rows printing a requirement, in ``lang``, each once."""
    return list(dict.fromkeys(note_in(n, lang) for n in figures.required_notes if n))


def agency_csv_table(store: Store, city: str, lang: str) -> pd.DataFrame:
    """The whole agency table as the page words it (for its CSV, built on click)."""
    return agency_display_table(agency_table(store.read(city, "staffing")), lang)


def cumulative_csv_table(store: Store, city: str, lang: str, style: str) -> pd.DataFrame:
    """The whole cumulative plan as the page words it (for its CSV, built on click)."""
    return cumulative_display_table(cumulative_plan(store.read(city, "staffing")), lang, style)
