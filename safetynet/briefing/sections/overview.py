"""概況 / Overview in the briefing: the headline cards of the home page."""

from __future__ import annotations

from safetynet.briefing.deck import (
    BriefingContext,
    KpiSlide,
    Section,
    Slide,
    register_section,
    up_to_year,
)
from safetynet.i18n import t
from safetynet.overview import compute_overview, overview_cards

OVERVIEW_TABLES = ("districts", "centres", "precincts", "district_centres", "outcomes", "staffing")


def build_overview_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """Headline cards: the service network, the outcome figures, staffing and hiring."""
    lang = ctx.lang
    tables = dict(ctx.tables)
    tables["outcomes"] = up_to_year(tables["outcomes"], ctx.year)
    tables["staffing"] = up_to_year(tables["staffing"], ctx.year, "year_from")
    cards = overview_cards(compute_overview(ctx.city, tables), lang, ctx.year_style)
    slides: list[Slide] = [
        KpiSlide(t("overview.network", lang), cards.network_source, cards.network)
    ]
    if cards.services:
        slides.append(KpiSlide(t("overview.services", lang), cards.services_source, cards.services))
    slides.append(KpiSlide(t("overview.staffing", lang), cards.staffing_source, cards.staffing))
    return tuple(slides)


register_section(
    Section("overview", 10, "briefing.section.overview", OVERVIEW_TABLES, build_overview_slides)
)
