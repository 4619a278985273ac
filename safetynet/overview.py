"""The headline figures a director sees first: network size, services, staffing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from safetynet.cities import City
from safetynet.formatting import format_kpi, format_value, format_year, format_year_range, with_unit
from safetynet.i18n import note_in, t
from safetynet.staffing.posts import HiringSummary, compute_hiring


@dataclass(frozen=True)
class Figure:
    """One headline figure with where it comes from; ``value`` is ``None`` when unknown."""

    key: str
    label_zh: str
    label_en: str
    value: float | None
    unit_zh: str | None
    unit_en: str | None
    source: str
    year: int | None = None
    year_basis: str = "calendar"
    note: str | None = None
    year_to: int | None = None


@dataclass(frozen=True)
class Overview:
    city: City
    districts: int
    centres: int
    precincts: int
    network_sources: tuple[str, ...]
    figures: tuple[Figure, ...]
    hiring: HiringSummary | None
    hiring_sources: tuple[str, ...]
    new_posts: int | None
    new_posts_years: tuple[int, int] | None
    new_posts_sources: tuple[str, ...]


def _sources(*frames: pd.DataFrame) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for frame in frames:
        for source in frame["source"]:
            seen.setdefault(source, None)
    return tuple(seen)


def headline_figures(city: City, outcomes: pd.DataFrame) -> tuple[Figure, ...]:
    """The city's headline outcome metrics, latest year first; unknown ones have no value."""
    return outcome_figures(outcomes, city.headline_metrics)


def outcome_figures(outcomes: pd.DataFrame, metrics: Sequence[str]) -> tuple[Figure, ...]:
    """One figure per metric of ``metrics`` the table holds (its latest year), in that order.

    Metrics the table does not hold are skipped, so one list can serve every city.
    """
    figures = []
    for metric in metrics:
        rows = outcomes[outcomes["metric"] == metric]
        if rows.empty:
            continue
        row = rows.sort_values("year", na_position="first").iloc[-1]
        figures.append(
            Figure(
                key=metric,
                label_zh=row["label_zh"],
                label_en=row["label_en"],
                value=None if pd.isna(row["value"]) else float(row["value"]),
                unit_zh=row["unit"],
                unit_en=row["unit_en"],
                source=row["source"],
                year=None if pd.isna(row["year"]) else int(row["year"]),
                year_basis=row["year_basis"],
                note=row["note"],
                year_to=None if pd.isna(row["year_to"]) else int(row["year_to"]),
            )
        )
    return tuple(figures)


def compute_overview(city: City, tables: dict[str, pd.DataFrame]) -> Overview:
    """Everything the overview page shows, computed from the city's tables."""
    staffing = tables["staffing"]
    hiring = compute_hiring(staffing)
    latest = max(hiring, key=lambda h: h.period) if hiring else None
    hiring_rows = staffing[staffing["measure"].isin(["approved", "hired", "vacant"])]
    new_rows = staffing[staffing["measure"] == "new"]
    new_posts = int(new_rows["posts"].sum()) if len(new_rows) else None
    new_years = (
        (int(new_rows["year_from"].min()), int(new_rows["year_to"].max()))
        if len(new_rows)
        else None
    )
    return Overview(
        city=city,
        districts=len(tables["districts"]),
        centres=len(tables["centres"]),
        precincts=len(tables["precincts"]),
        network_sources=_sources(tables["districts"], tables["district_centres"]),
        figures=headline_figures(city, tables["outcomes"]),
        hiring=latest,
        hiring_sources=_sources(hiring_rows),
        new_posts=new_posts,
        new_posts_years=new_years,
        new_posts_sources=_sources(new_rows),
    )


def figure_period(figure: Figure, lang: str, year_style: str) -> str:
    """When a figure applies: ``109年``, ``107–109年``, or "year not stated"."""
    if figure.year is None:
        return t("fig.no_year", lang)
    if figure.year_to is not None and figure.year_to != figure.year:
        return format_year_range(figure.year, figure.year_to, year_style, lang)
    return format_year(figure.year, year_style, lang, figure.year_basis or "calendar")


def figure_caption(figure: Figure, lang: str, year_style: str, published: bool = False) -> str:
    """Year (or "year not stated"), the note in the reader's language, and for a figure the
    source prints without its counts, that it is published rather than computed."""
    when = figure_period(figure, lang, year_style)
    parts = [t("fig.published", lang)] if published else []
    parts.append(when)
    note = note_in(figure.note, lang)
    if note and note != when:
        parts.append(note)
    return " · ".join(parts)


def figure_card_text(
    figure: Figure, lang: str, year_style: str, published: bool = False
) -> tuple[str, str, str]:
    """A figure's KPI card as the pages and the briefing show it: label with unit, value, caption.

    A published growth figure keeps its sign (``+176.58%``): it is a change, not a level.
    """
    label = figure.label_zh if lang == "zh" else figure.label_en
    unit = figure.unit_zh if lang == "zh" else figure.unit_en
    value, label_unit = format_kpi(figure.value, unit, lang)
    if published and figure.key.endswith("_growth_pct") and (figure.value or 0) > 0:
        value = f"+{value}"
    return (
        with_unit(label, label_unit, lang),
        value,
        figure_caption(figure, lang, year_style, published),
    )


def figures_display_table(figures: Sequence[Figure], lang: str, year_style: str) -> pd.DataFrame:
    """Single figures as a reader sees them: label, value with unit, year, source, note."""
    rows = []
    for f in figures:
        row = {
            t("fig.col.item", lang): f.label_zh if lang == "zh" else f.label_en,
            t("fig.col.value", lang): format_value(
                f.value, f.unit_zh if lang == "zh" else f.unit_en, lang
            ),
            t("fig.col.year", lang): figure_period(f, lang, year_style),
        }
        row[t("source", lang)] = f.source
        row[t("note", lang)] = note_in(f.note, lang)
        rows.append(row)
    return pd.DataFrame(rows)
