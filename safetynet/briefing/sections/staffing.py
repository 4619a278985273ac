"""人力 / Staffing in the briefing: hiring against approved posts, new posts, cumulative staff."""

from __future__ import annotations

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
from safetynet.validation.rules import expected_total, year_periods

STAFFING_TABLES = ("staffing", "phases")  # phases: named as the staffing page names them


def _agency_order(staffing: pd.DataFrame) -> list[str]:
    return list(staffing["agency_zh"].drop_duplicates())


def _agency_names(staffing: pd.DataFrame, lang: str) -> dict[str, str]:
    return dict(zip(staffing["agency_zh"], staffing[f"agency_{lang}"], strict=True))


def _posts(rows: pd.DataFrame, agencies: list[str]) -> tuple[float | None, ...]:
    by_agency = rows.groupby("agency_zh", sort=False)["posts"].sum()
    return tuple(float(by_agency[a]) if a in by_agency.index else None for a in agencies)


def build_staffing_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """Staffing by agency: hiring against approved posts, new posts, cumulative staff, table."""
    lang, style = ctx.lang, ctx.year_style
    staffing = up_to_year(ctx.tables["staffing"], ctx.year, "year_from")
    if staffing.empty:
        return (
            MessageSlide(t("overview.staffing", lang), "", t("briefing.no_data.staffing", lang)),
        )
    agencies = _agency_order(staffing)
    names = _agency_names(staffing, lang)
    labels = tuple(names[a] for a in agencies)
    phases = load_phases(ctx.tables.get("phases"))
    posts_unit = t("briefing.unit.posts", lang)
    other = t("chart.other", lang)
    slides: list[Slide] = []

    for summary in compute_hiring(staffing):
        rows = staffing[staffing["period"] == summary.period]
        hired = rows[rows["measure"] == "hired"]
        vacant = rows[rows["measure"] == "vacant"]
        first, last = int(rows["year_from"].min()), int(rows["year_to"].max())
        shown, (hired_posts, vacant_posts) = fold_categories(
            labels, [_posts(hired, agencies), _posts(vacant, agencies)], other
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

    new = staffing[staffing["measure"] == "new"]
    for period in [p for p in new["period"].drop_duplicates() if p not in year_periods(new)]:
        rows = new[new["period"] == period]
        first, last = int(rows["year_from"].min()), int(rows["year_to"].max())
        shown, (new_posts,) = fold_categories(labels, [_posts(rows, agencies)], other)
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
        by_agency = yearly.pivot_table(
            index="agency_zh", columns="period", values="posts", aggfunc="sum", sort=False
        )
        order = [a for a in agencies if a in by_agency.index]
        ranked = by_agency.sum(axis=1).sort_values(ascending=False, kind="stable").index
        fits = len(order) <= MAX_CHART_CATEGORIES
        largest = set(order) if fits else set(ranked[: MAX_CHART_CATEGORIES - 1])
        series = [
            Series(
                names[agency],
                tuple(
                    None if pd.isna(by_agency.at[agency, p]) else float(by_agency.at[agency, p])
                    for p in periods
                ),
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
        existing = staffing[staffing["measure"] == "existing"]
        if len(existing):
            points = ["baseline", *periods]
            values = tuple(expected_total(staffing, p, "cumulative") for p in points)
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

    slides.append(_staffing_table(staffing, agencies, names, lang, style))
    return tuple(slides)


def _staffing_table(
    staffing: pd.DataFrame, agencies: list[str], names: dict[str, str], lang: str, style: str
) -> TableSlide:
    """Agency × (period, measure) posts, as the source tables print them."""
    keys = list(
        staffing.sort_values("year_from", kind="stable")[["period", "measure"]]
        .drop_duplicates()
        .itertuples(index=False, name=None)
    )
    columns = [t("col.agency", lang)]
    for period, measure in keys:
        rows = staffing[staffing["period"] == period]
        years = format_year_range(
            int(rows["year_from"].min()), int(rows["year_to"].max()), style, lang
        )
        columns.append(f"{t(f'measure.{measure}', lang)}\n{years}")
    cells = staffing.groupby(["agency_zh", "period", "measure"])["posts"].sum()
    caption = t("briefing.staffing.table_caption", lang)
    shown, rest = agencies, []
    if len(agencies) > MAX_CHART_CATEGORIES:  # the largest agencies, the others added up
        ranked = staffing.groupby("agency_zh", sort=False)["posts"].sum()
        largest = set(ranked.sort_values(ascending=False, kind="stable").index[:9])
        shown = [a for a in agencies if a in largest]
        rest = [a for a in agencies if a not in largest]
        caption += t("briefing.staffing.table_other", lang, n=format_number(len(rest)))
    body = []
    for agency in shown:
        row = [names[agency]]
        for period, measure in keys:
            value = cells.get((agency, period, measure))
            row.append(NOT_LISTED if value is None or is_missing(value) else format_number(value))
        body.append(tuple(row))
    if rest:
        others = cells[cells.index.get_level_values("agency_zh").isin(rest)]
        others = others.groupby(level=["period", "measure"]).sum()
        body.append(
            (t("chart.other", lang),) + tuple(format_number(others.get((p, m), 0)) for p, m in keys)
        )
    return TableSlide(
        t("briefing.staffing.table", lang),
        join_sources(staffing),
        tuple(columns),
        tuple(body),
        caption=caption,
    )


register_section(
    Section("staffing", 50, "briefing.section.staffing", STAFFING_TABLES, build_staffing_slides)
)
