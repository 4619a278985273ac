"""The headline figures a director sees first: network size, services, staffing."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from safetynet.cards import Card, join_sources
from safetynet.cities import City
from safetynet.figures import Figure, figure_cards, figure_sources, outcome_figures
from safetynet.formatting import format_number
from safetynet.i18n import t
from safetynet.staffing.posts import HiringSummary, compute_hiring
from safetynet.staffing.views import (
    approved_card,
    hired_card,
    hiring_rate_card,
    new_posts_card,
    no_hiring_card,
)


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
    return tuple(dict.fromkeys(s for frame in frames for s in frame["source"] if s))


def headline_figures(city: City, outcomes: pd.DataFrame) -> tuple[Figure, ...]:
    """The city's headline outcome metrics, latest year first; unknown ones have no value."""
    return outcome_figures(outcomes, city.headline_metrics)


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


@dataclass(frozen=True)
class OverviewCards:
    """The overview's three groups of cards, each with its sources on one line."""

    network: tuple[Card, ...]
    network_source: str
    services: tuple[Card, ...]
    services_source: str
    staffing: tuple[Card, ...]
    staffing_source: str


def network_cards(overview: Overview, lang: str) -> tuple[Card, ...]:
    """Districts, service centres and police precincts; a city whose source names no
    precinct gets 無資料 and why, not 0."""
    source = join_sources(overview.network_sources)
    cards = [
        Card(t(key, lang), format_number(n), raw=n, source=source)
        for key, n in (
            ("overview.districts", overview.districts),
            ("overview.centres", overview.centres),
        )
    ]
    if overview.precincts:
        cards.append(
            Card(
                t("overview.precincts", lang),
                format_number(overview.precincts),
                raw=overview.precincts,
                source=source,
            )
        )
    else:
        cards.append(
            Card(
                t("overview.precincts", lang),
                t("no_data", lang),
                source=source,
                detail=t("overview.precincts_none", lang),
            )
        )
    return tuple(cards)


def staffing_cards(overview: Overview, lang: str, year_style: str) -> tuple[Card, ...]:
    """Approved and filled posts and the hiring rate of the latest period, and new posts."""
    hiring = overview.hiring
    source = join_sources(overview.hiring_sources)
    cards: list[Card | None] = (
        [
            approved_card(hiring, source, lang),
            hired_card(hiring, source, lang),
            hiring_rate_card(hiring, source, lang),
        ]
        if hiring is not None
        else [no_hiring_card(lang)]
    )
    cards.append(
        new_posts_card(
            overview.new_posts,
            overview.new_posts_years,
            join_sources(overview.new_posts_sources),
            lang,
            year_style,
        )
    )
    return tuple(c for c in cards if c is not None)


def overview_cards(overview: Overview, lang: str, year_style: str) -> OverviewCards:
    """Every card of the overview, as the home page and the briefing's overview slides show them."""
    return OverviewCards(
        network=network_cards(overview, lang),
        network_source=join_sources(overview.network_sources),
        services=figure_cards(overview.figures, lang, year_style),
        services_source=figure_sources(overview.figures),
        staffing=staffing_cards(overview, lang, year_style),
        staffing_source=join_sources([*overview.hiring_sources, *overview.new_posts_sources]),
    )
