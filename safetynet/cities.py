"""The cities the dashboard knows, with the counts their sources declare.

Adding a city is one entry here plus a folder under ``data/`` and a boundary
file under ``data/geo/``; no page code changes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    """A city served by the dashboard and the counts its source document declares."""

    slug: str
    name_zh: str
    name_en: str
    county_code: str
    districts: int
    centres: int
    precincts: int
    # Outcome metrics shown as headline cards on the overview page, in order.
    headline_metrics: tuple[str, ...] = ()
    # Outcome metrics that print one of the declared counts above: metric → count
    # (``districts``, ``centres`` or ``precincts``). Validation keeps the two equal.
    declared_metrics: tuple[tuple[str, str], ...] = ()

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


CITIES: dict[str, City] = {
    "kaohsiung": City(
        slug="kaohsiung",
        name_zh="高雄市",
        name_en="Kaohsiung City",
        county_code="64000",
        districts=38,
        centres=18,
        precincts=17,
        headline_metrics=(
            "households_served",
            "households_proactively_found_pct",
            "closed_goals_met_pct",
        ),
        declared_metrics=(
            ("service_districts_count", "districts"),
            ("police_precincts_count", "precincts"),
        ),
    ),
    "keelung": City(
        slug="keelung",
        name_zh="基隆市",
        name_en="Keelung City",
        county_code="10017",
        districts=7,
        centres=4,
        precincts=0,
        headline_metrics=(
            "population",
            "social_workers_total",
            "people_per_social_worker",
            "protective_caseload_per_worker",
        ),
        declared_metrics=(
            ("admin_districts", "districts"),
            ("family_centres_established", "centres"),
        ),
    ),
}

DEFAULT_CITY = "kaohsiung"


def get_city(slug: str) -> City:
    """Return the city for ``slug`` or raise ``KeyError`` naming the known cities."""
    try:
        return CITIES[slug]
    except KeyError:
        known = ", ".join(CITIES)
        raise KeyError(f"unknown city {slug!r}; known cities: {known}") from None
