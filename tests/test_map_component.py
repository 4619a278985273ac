"""The folium map: built from local Leaflet only, one path per district, offline HTML download."""

from __future__ import annotations

import re

import pytest

from components.map import (
    LEAFLET_CSS_URL,
    LEAFLET_JS_URL,
    MapView,
    build_service_map,
    standalone_html,
)
from safetynet import DATA_DIR
from safetynet.cities import get_city
from safetynet.network.geo import load_boundaries
from safetynet.network.service_map import build_service_map_data
from safetynet.storage.loading import read_raw_tables
from safetynet.validation.city import validate_city


@pytest.fixture(scope="module", params=["kaohsiung", "keelung"])
def map_data(request):
    city = request.param
    tables, _ = validate_city(get_city(city), read_raw_tables(DATA_DIR, city))
    return build_service_map_data(city, tables, load_boundaries(city))


def _external_urls(page: str) -> list[str]:
    """Scripts and stylesheets the page would fetch from another host."""
    return re.findall(r"""<(?:script|link)\b[^>]*(?:src|href)=["'](https?://[^"']+)""", page)


@pytest.mark.parametrize("layer", ["centre", "area_km2"])
def test_map_loads_only_local_leaflet(map_data, layer) -> None:
    fmap = build_service_map(map_data, MapView(layer=layer), "zh")
    page = fmap.get_root().render()
    assert _external_urls(page) == []
    assert LEAFLET_JS_URL in page and LEAFLET_CSS_URL in page
    assert "tile.openstreetmap" not in page
    assert '"className": "district"' in page
    # one feature per district; catchment outlines carry no town_code
    assert page.count('"town_code": ') == len(map_data.districts)


def test_base_map_is_opt_in(map_data) -> None:
    page = (
        build_service_map(map_data, MapView(layer="centre", base_map=True), "zh")
        .get_root()
        .render()
    )
    assert "tile.openstreetmap.org" in page


def test_standalone_html_opens_without_network(map_data) -> None:
    page = standalone_html(build_service_map(map_data, MapView(layer="centre"), "en")).decode()
    assert _external_urls(page) == []
    assert LEAFLET_JS_URL not in page  # inlined, not linked
    assert 't.version="1.9.3"' in page  # the Leaflet source itself is inside
    assert map_data.districts["district_en"].iloc[0].removesuffix(" District") in page


def test_focus_draws_a_highlight(map_data) -> None:
    centre = map_data.unit_names["centre"]["centre_id"].iloc[0]
    page = (
        build_service_map(map_data, MapView("centre", "centre", centre), "zh").get_root().render()
    )
    assert '"className": "focus"' in page
