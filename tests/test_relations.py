"""Relations and catchments behind the map: every district covered, many-to-many exact."""

from __future__ import annotations

import pandas as pd
import pytest

from safetynet import DATA_DIR
from safetynet.cities import get_city
from safetynet.formatting import note_mark, table_for_display
from safetynet.i18n import t
from safetynet.network.catchments import (
    CATEGORY_PALETTE,
    adjacency,
    assign_colours,
    build_catchments,
    classify,
    colour_distance,
    display_geometry,
)
from safetynet.network.geo import load_boundaries
from safetynet.network.relations import CENTRES, PRECINCTS, multi_served, partners_of
from safetynet.network.service_map import build_service_map_data
from safetynet.network.views import centre_precinct_matrix, district_relations, relations_view
from safetynet.storage.loading import read_raw_tables
from safetynet.table_fit import BUDGET_PX, fit_table
from safetynet.validation.city import validate_city


@pytest.fixture(scope="module", params=["kaohsiung", "keelung"])
def city_data(request):
    city = request.param
    tables, problems = validate_city(get_city(city), read_raw_tables(DATA_DIR, city))
    assert problems == []
    return city, tables, load_boundaries(city)


def _layers(tables):
    return [CENTRES, PRECINCTS] if not tables["precincts"].empty else [CENTRES]


def test_every_district_lies_in_a_catchment_of_each_layer(city_data) -> None:
    city, tables, boundaries = city_data
    for layer in _layers(tables):
        catchments = build_catchments(boundaries, tables, layer)
        covered = {code for codes in catchments["town_codes"] for code in codes}
        assert covered == set(tables["districts"]["town_code"]), layer
        assert (catchments["n_districts"] > 0).all()
        assert not catchments.geometry.is_empty.any()
        assert len(catchments) == len(tables[layer.units])


def test_districts_in_two_catchments_are_exactly_the_many_to_many_rows(city_data) -> None:
    _, tables, boundaries = city_data
    for layer in _layers(tables):
        catchments = build_catchments(boundaries, tables, layer)
        counts = pd.Series([c for codes in catchments["town_codes"] for c in codes]).value_counts()
        assert set(counts[counts > 1].index) == multi_served(tables, layer)


def test_kaohsiung_many_to_many_cases() -> None:
    tables = read_raw_tables(DATA_DIR, "kaohsiung")
    assert multi_served(tables, CENTRES) == {"64000120"}  # 鳳山: 鳳山中心 and 五甲中心
    assert multi_served(tables, PRECINCTS) == {"64000050"}  # 三民: two precincts
    relations = district_relations(tables, "zh").set_index("town_code")
    assert relations.loc["64000120", "centres"] == "鳳山中心、五甲中心"
    assert relations.loc["64000050", "precincts"] == "三民第一分局、三民第二分局"
    assert relations["shared"].sum() == 2


def test_dissolved_catchment_area_equals_its_districts(city_data) -> None:
    _, tables, boundaries = city_data
    catchments = build_catchments(boundaries, tables, CENTRES).set_crs(4326).to_crs(3826)
    districts = boundaries.to_crs(3826).set_index("town_code")
    for row in catchments.itertuples():
        expected = districts.loc[list(row.town_codes)].area.sum()
        assert row.geometry.area == pytest.approx(expected, rel=1e-6)


def test_neighbouring_catchments_never_share_a_colour(city_data) -> None:
    _, tables, boundaries = city_data
    for layer in _layers(tables):
        catchments = build_catchments(display_geometry(boundaries), tables, layer)
        colours = assign_colours(catchments, layer.id_col)
        assert set(colours) == set(catchments[layer.id_col])
        assert set(colours.values()) <= set(CATEGORY_PALETTE)
        for unit, others in adjacency(catchments, layer.id_col).items():
            for other in others:
                assert colours[unit] != colours[other]
                # clearly different, not just different hex codes
                assert colour_distance(colours[unit], colours[other]) > 15, (unit, other)


def test_centre_precinct_matrix_counts_shared_districts() -> None:
    tables = read_raw_tables(DATA_DIR, "kaohsiung")
    matrix = centre_precinct_matrix(tables, "zh")
    assert matrix.shape == (18, 17)
    assert matrix.loc["旗山中心", "旗山分局"] == 4
    assert (
        matrix.loc["三民中心", "三民第一分局"] == 1 and matrix.loc["三民中心", "三民第二分局"] == 1
    )
    assert matrix.loc["鳳山中心", "鳳山分局"] == 1 and matrix.loc["五甲中心", "鳳山分局"] == 1
    # 39 district–centre pairs, 三民 counted once per precinct: 40 shared cells in all.
    assert int(matrix.to_numpy().sum()) == 40


def test_partners_list_the_coordination_load() -> None:
    tables = read_raw_tables(DATA_DIR, "kaohsiung")
    sanmin = partners_of(tables, "centre", "sanmin")
    assert sanmin.districts == ("64000050",)
    assert set(sanmin.partners) == {"sanmin1", "sanmin2"}
    fengshan = partners_of(tables, "precinct", "fengshan")
    assert set(fengshan.partners) == {"fengshan", "wujia"}
    qishan = partners_of(tables, "centre", "qishan")
    assert qishan.partners[0] == "qishan" and qishan.partner_counts[0] == 4


def test_classes_cover_all_values_and_grey_the_unknown() -> None:
    values = pd.Series([1.0, 2.0, 3.0, 10.0, 50.0, None])
    classes = classify(values)
    assert classes is not None
    assert classes.bounds[-1] == 50.0
    unknown = classes.colour_of(None)
    red, green, blue = (int(unknown[i : i + 2], 16) for i in (1, 3, 5))
    assert red == green == blue and red > 0x80  # a light grey, not a colour of the scale
    assert unknown not in classes.colours
    assert classes.colour_of(float("nan")) == unknown
    assert classes.colour_of(1.0) != classes.colour_of(50.0)
    assert classify(pd.Series([None, None])) is None


def test_map_data_carries_tooltip_fields_and_stays_small(city_data) -> None:
    city, tables, boundaries = city_data
    data = build_service_map_data(city, tables, boundaries)
    assert len(data.districts) == len(tables["districts"])
    assert data.districts["centres_zh"].str.len().gt(0).all()
    assert data.districts["area_km2"].gt(0).all()
    assert data.has_precincts == (city == "kaohsiung")
    assert set(data.catchments) == ({"centre", "precinct"} if city == "kaohsiung" else {"centre"})


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
def test_relations_grid_rows_stay_one_line_and_fit_a_laptop(city: str, lang: str) -> None:
    """The map page's relations grid: every note a mark (「① ③」) listed below the table,
    so no row is as tall as the longest note and the table fits 1366×768 without scrolling
    sideways; the CSV keeps every note in full."""
    tables = read_raw_tables(DATA_DIR, city)
    view = relations_view(lang, tables)
    shown, formats = table_for_display(view.grid.table, lang, "")
    fit = fit_table(shown, formats)
    assert fit.row_height is None, fit.wrapped  # one line a row
    assert sum(fit.widths.values()) <= BUDGET_PX, fit.widths
    note_col = t("note", lang)
    full = view.display.set_index(t("map.col.town_code", lang))[note_col]
    marks = {note_mark(n): note for n, note in enumerate(view.grid.notes, start=1)}
    for row in view.grid.table.itertuples(index=False):
        code, cell = row[0], row[-1]
        # each mark names a note of the district, and together they are its whole note
        assert " ".join(marks[m] for m in cell.split()) == full[code]
    assert len(set(view.grid.notes)) == len(view.grid.notes)


def test_relations_grid_names_units_without_their_shared_suffix() -> None:
    tables = read_raw_tables(DATA_DIR, "kaohsiung")
    grid = relations_view("en", tables).grid.table.set_index("Town code")
    assert grid.loc["64000120", "Service centre(s)"] == "Fengshan, Wujia"
    assert grid.loc["64000050", "Police precinct(s)"] == "Sanmin First, Sanmin Second"
    full = relations_view("en", tables).display.set_index("Town code")
    assert full.loc["64000120", "Service centre(s)"] == (
        "Fengshan Social Welfare Service Centre, Wujia Social Welfare Service Centre"
    )
