"""服務網絡地圖 / The service-network map in the briefing, as a picture."""

from __future__ import annotations

from safetynet.briefing.deck import (
    BriefingContext,
    ImageSlide,
    Section,
    Slide,
    join_sources,
    register_section,
)
from safetynet.i18n import t

MAP_TABLES = ("districts", "centres", "precincts", "district_centres", "district_precincts")


def build_map_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """The service-network map as a picture: districts coloured by their centre."""
    from safetynet.network.geo import load_boundaries
    from safetynet.network.map_image import service_map_png
    from safetynet.network.service_map import build_service_map_data

    lang = ctx.lang
    tables = dict(ctx.tables)
    data = build_service_map_data(ctx.city.slug, tables, load_boundaries(ctx.city.slug))
    png = service_map_png(data, lang)
    source = join_sources(tables["districts"], tables["district_centres"])
    n_centres = len(data.colours["centre"])
    return (
        ImageSlide(
            t("nav.map", lang),
            source,
            png,
            alt=t("briefing.map.alt", lang, city=ctx.city.name(lang)),
            caption=t("briefing.map.caption", lang, n=len(data.districts), centres=n_centres),
        ),
    )


register_section(
    Section("service_map", 20, "briefing.section.service_map", MAP_TABLES, build_map_slides)
)
