"""The folium map: built from local Leaflet only, one path per district, offline HTML download."""

from __future__ import annotations

import json
import re

import folium
import pandas as pd
import pytest

from components.map import (
    LEAFLET_CSS_URL,
    LEAFLET_JS_URL,
    MapView,
    build_service_map,
    category_colouring,
    colouring_for,
    district_geojson,
    standalone_html,
)
from safetynet import DATA_DIR
from safetynet.cities import get_city
from safetynet.i18n import t
from safetynet.network.framing import core_districts, district_density
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
    assert "className: 'district'" in page
    # one feature per district; catchment outlines carry no town_code
    assert page.count('"town_code":"') == len(map_data.districts)


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
    assert "className: 'focus'" in page
    assert f'"focus":"{centre}"' in page


# -- framing, labels, shared districts, one render ---------------------------------------------
CORE_KAOHSIUNG = {  # the populated core the issue names
    "64000010": "鹽埕", "64000060": "新興", "64000070": "前金", "64000080": "苓雅",
    "64000050": "三民", "64000090": "前鎮", "64000020": "鼓山", "64000030": "左營",
    "64000040": "楠梓", "64000120": "鳳山",
}  # fmt: skip
MOUNTAINS = {"64000370": "桃源", "64000380": "那瑪夏", "64000360": "茂林"}


def test_the_map_opens_on_the_core_and_keeps_the_mountains_in_a_corner_view(map_data) -> None:
    core = set(map_data.core)
    if map_data.city == "kaohsiung":
        assert set(CORE_KAOHSIUNG) <= core
        assert not core & set(MOUNTAINS)
        assert map_data.has_inset
        page = build_service_map(map_data, MapView("centre"), "zh").get_root().render()
        assert '"inset":true' in page
        # the opening view is the core's box, far smaller than the city's
        cx0, cy0, cx1, cy1 = map_data.core_bounds
        x0, y0, x1, y1 = map_data.bounds
        assert (cx1 - cx0) * (cy1 - cy0) < 0.2 * (x1 - x0) * (y1 - y0)
    else:  # Keelung fits whole: no corner view
        assert core == set(map_data.districts["town_code"])
        assert not map_data.has_inset


def test_core_ranks_by_population_density_where_the_data_have_it(map_data) -> None:
    areas = map_data.districts.set_index("town_code")["area_km2"]
    # Invented densities: the largest district is the densest; the core then starts there.
    density = pd.Series(range(len(areas)), index=areas.sort_values().index, dtype=float)
    assert core_districts(map_data.districts, density)[0] == areas.idxmax()
    population = pd.DataFrame(
        {
            "town_code": list(areas.index),
            "year": 2022,
            "age_from": None,
            "age_to": None,
            "sex": "",
            "count": [1000.0] * len(areas),
        }
    )
    found = district_density(population, areas)
    assert found is not None and found.round(6).equals((1000.0 / areas).round(6))
    assert district_density(population.iloc[1:], areas) is None  # one district missing


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_district_has_a_label_and_the_tooltip_no_area_twice(map_data, lang) -> None:
    geo = json.loads(district_geojson(map_data, lang))
    labels = [f["properties"]["label"] for f in geo["features"]]
    assert len(labels) == len(map_data.districts) and all(labels)
    assert "km²" not in district_geojson(map_data, lang)  # the area is not a fixed tooltip row
    assert category_colouring(map_data, "centre", lang).value_label == ""
    area = colouring_for(map_data, "area_km2", lang)
    assert area.value_label == t("map.figure.area_km2", lang)  # once, as the layer's value


def test_labels_are_one_script_and_the_map_renders_once(map_data) -> None:
    fmap = build_service_map(map_data, MapView("centre"), "zh")
    children = list(fmap._children.values())
    assert not [c for c in children if isinstance(c, (folium.Marker, folium.GeoJson))]
    page = fmap.get_root().render()
    assert "district-label" in page and "getBoundingClientRect" in page  # placed in the browser


def test_a_district_two_centres_serve_shows_both_colours(map_data) -> None:
    colouring = category_colouring(map_data, "centre", "zh")
    shared = {code: c for code, c in colouring.fills.items() if c.startswith("url(#")}
    if map_data.city != "kaohsiung":
        assert shared == {}
        return
    assert list(shared) == ["64000120"]  # 鳳山區
    [(pid, stripes)] = colouring.patterns
    assert shared["64000120"] == f"url(#{pid})"
    colours = map_data.colours["centre"]
    assert set(stripes) == {colours["fengshan"], colours["wujia"]}
    page = build_service_map(map_data, MapView("centre"), "zh", colouring).get_root().render()
    assert f'<pattern id="{pid}"' in page
    assert "斜紋" in colouring.legend and "五甲中心" in colouring.legend
