"""人力 / Staffing in the briefing: hiring against approved posts, new posts, cumulative staff."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import pandas as pd

from safetynet.briefing.deck import (
    MAX_CHART_CATEGORIES,
    BriefingContext,
    ChartSlide,
    MessageSlide,
    Section,
    Series,
    Slide,
    TableSlide,
    fold_categories,
    join_sources,
    register_section,
    up_to_year,
)
from safetynet.briefing.slide_tables import NOT_LISTED
from safetynet.formatting import (
    format_number,
    format_pct,
    format_year,
    format_year_range,
    is_missing,
)
from safetynet.i18n import t
from safetynet.phases import load_phases, period_label
from safetynet.staffing.posts import compute_hiring
from safetynet.staffing.slides import StaffingParts, staffing_parts
from safetynet.validation.rules import expected_total, year_periods

STAFFING_TABLES = ("staffing", "phases")  # phases: named as the staffing page names them


def _number(value: object) -> float | None:
    return None if is_missing(value) else float(cast("float", value))


def _posts(parts: StaffingParts, key: tuple[str, str]) -> tuple[float | None, ...]:
    """Each agency's posts of (period, measure), ``None`` where it has none."""
    if key not in parts.posts.columns:
        return (None,) * len(parts.posts)
    return tuple(_number(v) for v in parts.posts[key])


def _fold_agencies(
    parts: StaffingParts, keys: Sequence[tuple[str, str]], lang: str
) -> tuple[tuple[str, ...], tuple[tuple[float | None, ...], ...]]:
    """:func:`fold_categories` of every agency's posts of ``keys``, the shown ones named."""
    other = t("chart.other", lang)
    agencies = list(parts.posts.index)
    shown, values = fold_categories(agencies, [_posts(parts, k) for k in keys], other)
    named = shown[:-1] if len(agencies) > MAX_CHART_CATEGORIES else shown
    names = parts.names(named, lang)
    return tuple(names[a] for a in named) + shown[len(named) :], values


def build_staffing_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """Staffing by agency: hiring against approved posts, new posts, cumulative staff, table.

    From ``ctx.staffing`` (the parts the database added up, see
    :func:`~safetynet.staffing.slides.stored_staffing_parts`), else from the rows of
    ``ctx.tables["staffing"]`` up to the briefing year."""
    lang, style = ctx.lang, ctx.year_style
    parts = ctx.staffing
    if parts is None:
        parts = staffing_parts(up_to_year(ctx.tables["staffing"], ctx.year, "year_from"))
    sums = parts.sums  # posts per period, measure, first year and source
    if sums.empty:
        return (
            MessageSlide(t("overview.staffing", lang), "", t("briefing.no_data.staffing", lang)),
        )
    agencies = list(parts.posts.index)
    phases = load_phases(ctx.tables.get("phases"))
    posts_unit = t("briefing.unit.posts", lang)
    other = t("chart.other", lang)
    slides: list[Slide] = []

    for summary in compute_hiring(sums):
        rows = sums[sums["period"] == summary.period]
        hired = rows[rows["measure"] == "hired"]
        vacant = rows[rows["measure"] == "vacant"]
        first, last = int(rows["year_from"].min()), int(rows["year_to"].max())
        shown, (hired_posts, vacant_posts) = _fold_agencies(
            parts, [(summary.period, "hired"), (summary.period, "vacant")], lang
        )
        slides.append(
            ChartSlide(
                t(
                    "briefing.staffing.hiring",
                    lang,
                    period=period_label(summary.period, lang, phases),
                    years=format_year_range(first, last, style, lang),
                ),
                join_sources(hired, vacant),
                "stacked_bar",
                shown,
                (
                    Series(t("measure.hired", lang), hired_posts),
                    Series(t("measure.vacant", lang), vacant_posts),
                ),
                posts_unit,
                caption=t(
                    "briefing.staffing.hiring_caption",
                    lang,
                    hired=format_number(summary.hired),
                    approved=format_number(summary.approved),
                    rate=format_pct(summary.hiring_rate_pct),
                ),
            )
        )

    new = sums[sums["measure"] == "new"]
    for period in [p for p in new["period"].drop_duplicates() if p not in year_periods(new)]:
        rows = new[new["period"] == period]
        first, last = int(rows["year_from"].min()), int(rows["year_to"].max())
        shown, (new_posts,) = _fold_agencies(parts, [(period, "new")], lang)
        slides.append(
            ChartSlide(
                t(
                    "briefing.staffing.new",
                    lang,
                    period=period_label(period, lang, phases),
                    years=format_year_range(first, last, style, lang),
                ),
                join_sources(rows),
                "doughnut",
                shown,
                (Series(t("measure.new", lang), new_posts),),
                posts_unit,
                caption=t("briefing.staffing.total", lang, n=format_number(rows["posts"].sum())),
            )
        )

    yearly = new[new["period"].isin(year_periods(new))]
    if len(yearly):
        periods = list(year_periods(yearly))
        year_of = {p: int(yearly.loc[yearly["period"] == p, "year_from"].iloc[0]) for p in periods}
        # agency × yearly period, the agencies in the order of their first yearly row
        yearly_posts = parts.posts.loc[list(parts.yearly)]
        by_agency = pd.DataFrame({p: yearly_posts[(p, "new")] for p in periods})
        order = [a for a in agencies if a in by_agency.index]
        ranked = by_agency.sum(axis=1).sort_values(ascending=False, kind="stable").index
        fits = len(order) <= MAX_CHART_CATEGORIES
        largest = set(order) if fits else set(ranked[: MAX_CHART_CATEGORIES - 1])
        names = parts.names([a for a in order if a in largest], lang)
        series = [
            Series(
                names[agency],
                tuple(_number(by_agency.at[agency, p]) for p in periods),
            )
            for agency in order
            if agency in largest
        ]
        rest = by_agency.loc[[a for a in order if a not in largest]]
        if len(rest):
            series.append(Series(other, tuple(float(rest[p].sum()) for p in periods)))
        slides.append(
            ChartSlide(
                t("briefing.staffing.new_by_year", lang),
                join_sources(yearly),
                "stacked_bar",
                tuple(format_year(year_of[p], style, lang) for p in periods),
                tuple(series),
                posts_unit,
            )
        )
        existing = sums[sums["measure"] == "existing"]
        if len(existing):
            points = ["baseline", *periods]
            values = tuple(expected_total(sums, p, "cumulative") for p in points)
            categories = (t("period.baseline", lang),) + tuple(
                format_year(year_of[p], style, lang) for p in periods
            )
            slides.append(
                ChartSlide(
                    t("briefing.staffing.cumulative", lang),
                    join_sources(existing, yearly),
                    "line",
                    categories,
                    (
                        Series(
                            t("briefing.staffing.cumulative_series", lang),
                            tuple(None if v is None else float(v) for v in values),
                        ),
                    ),
                    posts_unit,
                    caption=t("briefing.staffing.cumulative_caption", lang),
                )
            )

    slides.append(_staffing_table(parts, agencies, lang, style))
    return tuple(slides)


def _staffing_table(parts: StaffingParts, agencies: list[str], lang: str, style: str) -> TableSlide:
    """Agency × (period, measure) posts, as the source tables print them."""
    sums = parts.sums
    keys = list(
        sums.sort_values("year_from", kind="stable")[["period", "measure"]]
        .drop_duplicates()
        .itertuples(index=False, name=None)
    )
    columns = [t("col.agency", lang)]
    for period, measure in keys:
        rows = sums[sums["period"] == period]
        years = format_year_range(
            int(rows["year_from"].min()), int(rows["year_to"].max()), style, lang
        )
        columns.append(f"{t(f'measure.{measure}', lang)}\n{years}")
    caption = t("briefing.staffing.table_caption", lang)
    shown, rest = agencies, 0
    if len(agencies) > MAX_CHART_CATEGORIES:  # the largest agencies, the others added up
        ranked = parts.posts.sum(axis=1)  # every post of the agency
        largest = set(ranked.sort_values(ascending=False, kind="stable").index[:9])
        shown = [a for a in agencies if a in largest]
        rest = len(agencies) - len(shown)
        caption += t("briefing.staffing.table_other", lang, n=format_number(rest))
    names = parts.names(shown, lang)
    cells = parts.posts.loc[shown]
    body = []
    for agency in shown:
        row = [names[agency]]
        for key in keys:
            value = cells.at[agency, key]
            row.append(NOT_LISTED if is_missing(value) else format_number(cast("int", value)))
        body.append(tuple(row))
    if rest:
        others = parts.posts[~parts.posts.index.isin(shown)].sum()
        body.append(
            (t("chart.other", lang),) + tuple(format_number(others.get(key, 0)) for key in keys)
        )
    return TableSlide(
        t("briefing.staffing.table", lang),
        join_sources(sums),
        tuple(columns),
        tuple(body),
        caption=caption,
    )


register_section(
    Section("staffing", 50, "briefing.section.staffing", STAFFING_TABLES, build_staffing_slides)
)
