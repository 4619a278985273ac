"""What the staffing figures look like to a reader: cards and display tables.

The calculators (:mod:`safetynet.staffing.posts`) return numbers; these word them:
one :class:`~safetynet.cards.Card` builder per figure for the home page, the
staffing page and the briefing alike (``source`` is the staffing rows' sources on
one line), and the tables the staffing page shows and offers as CSV.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from safetynet.cards import Card
from safetynet.figures import figure_card, figure_of_row
from safetynet.formatting import (
    format_number,
    format_pct,
    format_year,
    format_year_range,
    with_unit,
)
from safetynet.i18n import note_in, t
from safetynet.phases import Phase, load_phases, period_label, period_year
from safetynet.staffing.posts import (
    HiringSummary,
    PrintedTotal,
    PublishedCheck,
    RecruitmentCycle,
    StaffingOverview,
)


def _period(hiring: HiringSummary, lang: str) -> str:
    return period_label(hiring.period, lang)


def _count_card(key: str, posts: int, hiring: HiringSummary, source: str, lang: str) -> Card:
    period = _period(hiring, lang)
    return Card(
        label=with_unit(t(key, lang), period, lang),
        value=format_number(posts),
        raw=posts,
        period=period,
        source=source,
    )


def approved_card(hiring: HiringSummary, source: str, lang: str) -> Card:
    """Approved posts of the hiring period (核定員額)."""
    return _count_card("overview.approved", hiring.approved, hiring, source, lang)


def hired_card(hiring: HiringSummary, source: str, lang: str) -> Card:
    """Posts filled of the hiring period (已進用)."""
    return _count_card("overview.hired", hiring.hired, hiring, source, lang)


def vacant_card(hiring: HiringSummary, source: str, lang: str) -> Card:
    """Vacant posts of the hiring period (未進用)."""
    return _count_card("measure.vacant", hiring.vacant, hiring, source, lang)


def hiring_rate_card(hiring: HiringSummary, source: str, lang: str) -> Card:
    """Hiring rate = filled ÷ approved, with the division it comes from."""
    period = _period(hiring, lang)
    return Card(
        label=with_unit(t("overview.hiring_rate", lang), period, lang),
        value=format_pct(hiring.hiring_rate_pct),
        raw=hiring.hiring_rate_pct,
        unit="%",
        period=period,
        source=source,
        detail=f"{format_number(hiring.hired)} / {format_number(hiring.approved)}",
        help=t("overview.hiring_rate_help", lang),
    )


def no_hiring_card(lang: str) -> Card:
    """The hiring rate of a city whose source gives no approved and filled posts."""
    return Card(
        label=t("overview.hiring_rate", lang),
        value=t("no_data", lang),
        detail=t("briefing.no_hiring", lang),
    )


def vacancy_rate_card(overview: StaffingOverview, source: str, lang: str) -> Card | None:
    """Vacancy rate = vacant ÷ (vacant + filled); ``None`` without hiring figures."""
    hiring = overview.hiring
    if hiring is None:
        return None
    period = _period(hiring, lang)
    return Card(
        label=with_unit(t("staffing.vacancy_rate", lang), period, lang),
        value=format_pct(overview.vacancy_rate_pct),
        raw=overview.vacancy_rate_pct,
        unit="%",
        period=period,
        source=source,
        detail=t(
            "staffing.vacancy_rate_caption",
            lang,
            vacant=format_number(hiring.vacant),
            hired=format_number(hiring.hired),
        ),
        help=t("staffing.vacancy_rate_help", lang),
    )


def new_posts_card(
    new_posts: int | None, years: tuple[int, int] | None, source: str, lang: str, style: str
) -> Card | None:
    """New posts over the years they were added; ``None`` when the source gives none."""
    if new_posts is None or years is None:
        return None
    return Card(
        label=t("overview.new_posts", lang),
        value=format_number(new_posts),
        raw=new_posts,
        period=format_year_range(*years, style, lang),
        source=source,
    )


def growth_card(overview: StaffingOverview, source: str, lang: str) -> Card | None:
    """Growth in posts (phase-2 new − phase-1 approved), signed."""
    if overview.posts_growth is None:
        return None
    hiring = overview.hiring
    return Card(
        label=t("staffing.growth", lang),
        value=f"{overview.posts_growth:+,d}",
        raw=overview.posts_growth,
        source=source,
        detail=t(
            "staffing.growth_caption",
            lang,
            new=format_number(overview.new_posts),
            approved=format_number(hiring.approved if hiring else None),
        ),
        help=t("staffing.growth_help", lang),
    )


def approved_total_card(overview: StaffingOverview, source: str, lang: str) -> Card | None:
    """Approved posts of phases 1 and 2 together."""
    if overview.approved_total is None:
        return None
    return Card(
        label=t("staffing.approved_total", lang),
        value=format_number(overview.approved_total),
        raw=overview.approved_total,
        source=source,
    )


def plan_cards(overview: StaffingOverview, source: str, lang: str, style: str) -> tuple[Card, ...]:
    """The yearly plan: staff at the start, new posts planned, staff at the end."""
    if overview.yearly_new_total is None or not overview.cumulative:
        return ()
    first, last = overview.cumulative[0], overview.cumulative[-1]
    start_year = format_year(first[1], style, lang)
    return (
        Card(
            label=with_unit(t("period.baseline", lang), start_year, lang),
            value=format_number(first[2]),
            raw=first[2],
            period=start_year,
            source=source,
        ),
        Card(
            label=t("staffing.new_planned", lang),
            value=format_number(overview.yearly_new_total),
            raw=overview.yearly_new_total,
            period=format_year_range(first[1], last[1], style, lang),
            source=source,
        ),
        Card(
            label=t("staffing.cumulative_end", lang, year=format_year(last[1], style, lang)),
            value=format_number(last[2]),
            raw=last[2],
            source=source,
        ),
    )


def posts_cards(overview: StaffingOverview, source: str, lang: str, style: str) -> tuple[Card, ...]:
    """The staffing page's posts cards: hiring, vacancies, new posts, growth and the plan."""
    hiring = overview.hiring
    cards: list[Card | None] = []
    if hiring is not None:
        cards += [
            approved_card(hiring, source, lang),
            hired_card(hiring, source, lang),
            vacant_card(hiring, source, lang),
            hiring_rate_card(hiring, source, lang),
            vacancy_rate_card(overview, source, lang),
        ]
    cards += [
        new_posts_card(overview.new_posts, overview.new_posts_years, source, lang, style),
        growth_card(overview, source, lang),
        approved_total_card(overview, source, lang),
        *plan_cards(overview, source, lang, style),
    ]
    return tuple(c for c in cards if c is not None)


def recruitment_card(cycle: RecruitmentCycle, lang: str) -> Card:
    """The printed recruitment cycle (e.g. 4–6 months)."""
    return Card(
        label=with_unit(t("staffing.recruitment", lang), t("staffing.months", lang), lang),
        value=f"{cycle.months_min:g}–{cycle.months_max:g}",
        raw=cycle.months_max,
        unit=t("staffing.months", lang),
        source=cycle.source,
        note=note_in(cycle.note, lang),
    )


def context_cards(
    context: pd.DataFrame, cycle: RecruitmentCycle | None, lang: str, style: str
) -> tuple[Card, ...]:
    """Caseloads and the workforce as the source prints them (outcomes rows), then the
    recruitment cycle; each with its year (or "year not stated"), note and ⚠."""
    cards = [figure_card(figure_of_row(row), lang, style) for _, row in context.iterrows()]
    if cycle is not None:
        cards.append(recruitment_card(cycle, lang))
    return tuple(cards)


# -- display tables (what the staffing page shows and offers as CSV) ---------------
def staffing_display_table(
    staffing: pd.DataFrame, phases: pd.DataFrame | None, lang: str, year_style: str
) -> pd.DataFrame:
    """The staffing rows as a reader sees them: agency, period, years, measure, posts, source.

    Sorted as the source prints them (agency order kept), periods in time order; a
    phase is named as the ``phases`` table names it.
    """
    named = load_phases(phases)
    frame = staffing.copy()
    frame["_agency_order"] = frame["agency_zh"].map(
        {a: i for i, a in enumerate(frame["agency_zh"].drop_duplicates())}
    )
    frame = frame.sort_values(["_agency_order", "year_from", "measure"], kind="stable")
    # each distinct period, span and measure worded once, then mapped onto the rows
    spans = pd.Series(list(zip(frame["year_from"], frame["year_to"], strict=True)), frame.index)
    return pd.DataFrame(
        {
            t("col.agency", lang): frame[f"agency_{lang}"],
            t("col.period", lang): frame["period"].map(
                {p: period_label(p, lang, named) for p in frame["period"].unique()}
            ),
            t("col.years", lang): spans.map(
                {
                    (a, b): format_year_range(int(a), int(b), year_style, lang)
                    for a, b in spans.unique()
                }
            ),
            t("col.measure", lang): frame["measure"].map(
                {m: t(f"measure.{m}", lang) for m in frame["measure"].unique()}
            ),
            t("col.posts", lang): frame["posts"].astype(int),
            t("source", lang): frame["source"],
            t("note", lang): frame["note"].fillna(""),
        }
    ).reset_index(drop=True)


def staffing_display_head(
    staffing: pd.DataFrame, phases: pd.DataFrame | None, lang: str, year_style: str, rows: int
) -> tuple[pd.DataFrame, int]:
    """The first ``rows`` rows of :func:`staffing_display_table` and how many it has:
    what a page shows (a bureau's table is too long to show, or to keep, whole)."""
    return staffing_display_table(staffing, phases, lang, year_style).head(rows), len(staffing)


def total_label(total: PrintedTotal, lang: str, year_style: str) -> str:
    """A printed total named as a reader would: ``社會局 · 第一、二期（107–114年） · 核定總計``."""
    if total.agency_zh is None:
        agency = t("staffing.all_agencies", lang)
    else:
        agency = total.agency_zh if lang == "zh" else total.agency_en or total.agency_zh
    if period_year(total.period) is not None:
        when = format_year(total.year_from, year_style, lang)
    else:
        when = step_label(total.period, total.year_from, total.year_to, lang, year_style)
    measure = t(f"staffing.total_measure.{total.measure}", lang)
    return " · ".join((agency, when, measure))


def check_label(check: PublishedCheck, lang: str, year_style: str) -> str:
    """A checked figure's name: its outcomes label, or the printed total it is."""
    if check.total is not None:
        return total_label(check.total, lang, year_style)
    return check.label_zh if lang == "zh" else check.label_en


def step_label(
    step: str, year_from: int, year: int, lang: str, style: str, phases: tuple[Phase, ...] = ()
) -> str:
    """A cumulative-plan step as a reader names it: 現有人力, 107年, 第一期（107–109年）…"""
    if step == "baseline":
        return t("period.baseline", lang)
    if period_year(step) is not None:
        return format_year(year, style, lang)
    span = format_year_range(year_from, year, style, lang)
    name = period_label(step, lang, phases)
    return f"{name}（{span}）" if lang == "zh" else f"{name} ({span})"


def agency_display_table(
    agencies: pd.DataFrame, lang: str, sums: dict[str, Any] | None = None
) -> pd.DataFrame:
    """:func:`agency_table` with translated headers and a total row.

    ``sums`` (the posts columns summed) are the whole table's when ``agencies`` is only
    its first rows; by default ``agencies`` is the whole table.
    """
    frame = agencies.copy()
    total: dict[str, Any] = (
        dict(sums)
        if sums is not None
        else {c: frame[c].sum(min_count=1) for c in ("approved", "hired", "vacant", "new", "total")}
    )
    total["hiring_rate_pct"] = (
        round(100 * total["hired"] / total["approved"], 1) if total["approved"] else None
    )
    total[f"agency_{lang}"] = t("staffing.total", lang)
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    return pd.DataFrame(
        {
            t("col.agency", lang): frame[f"agency_{lang}"],
            t("staffing.col.approved", lang): frame["approved"].astype("Int64"),
            t("staffing.col.hired", lang): frame["hired"].astype("Int64"),
            t("staffing.col.vacant", lang): frame["vacant"].astype("Int64"),
            t("staffing.col.hiring_rate", lang): frame["hiring_rate_pct"].astype(float),
            t("staffing.col.new", lang): frame["new"].astype("Int64"),
            t("staffing.col.total", lang): frame["total"].astype("Int64"),
        }
    )


def cumulative_display_table(
    plan: pd.DataFrame, lang: str, style: str, sums: dict[str, int] | None = None
) -> pd.DataFrame:
    """:func:`cumulative_plan` wide: one row per agency, one column per step, a total row.

    ``sums`` (posts per step) are the whole plan's when ``plan`` is only the rows of
    its first agencies; by default ``plan`` is the whole plan.
    """
    labels = {
        row["step"]: step_label(row["step"], int(row["year_from"]), int(row["year"]), lang, style)
        for row in plan.drop_duplicates("step").to_dict("records")
    }
    wide = plan.pivot_table(
        index=[f"agency_{lang}"], columns="step", values="posts", aggfunc="sum", sort=False
    )
    wide = wide[list(labels)]
    wide.loc[t("staffing.total", lang)] = wide.sum() if sums is None else pd.Series(sums)
    wide = wide.rename(columns=labels).astype(int).reset_index()
    wide.columns.name = None
    return wide.rename(columns={f"agency_{lang}": t("col.agency", lang)})


def required_display_table(required: pd.DataFrame, lang: str, style: str) -> pd.DataFrame:
    """:func:`required_by_year` with translated headers and years as the reader writes them."""
    columns: list[Any] = list(required.columns)  # agency names, "existing" and year numbers
    years = [c for c in columns if isinstance(c, int)]
    data = {
        t("col.agency", lang): required[f"agency_{lang}"],
        t("measure.existing", lang): required["existing"].astype("Int64"),
    }
    for year in years:
        data[t("staffing.required_in", lang, year=format_year(year, style, lang))] = required[
            year
        ].astype("Int64")
    return pd.DataFrame(data)


def checks_display_table(checks: list[PublishedCheck], lang: str, year_style: str) -> pd.DataFrame:
    """The printed figures beside the computed ones: ✓ where they agree, ✗ where they
    do not, — where the table cannot give the figure."""
    return pd.DataFrame(
        {
            t("staffing.check.figure", lang): [check_label(c, lang, year_style) for c in checks],
            t("staffing.check.published", lang): [c.published for c in checks],
            t("staffing.check.computed", lang): [c.computed for c in checks],
            t("staffing.check.agrees", lang): [
                "—" if c.computed is None else "✓" if c.agrees else "✗" for c in checks
            ],
            t("source", lang): [c.source for c in checks],
        }
    )
