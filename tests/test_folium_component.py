"""The map's component arguments made once (components/folium_component.py) are what
st_folium itself sends: fails when a streamlit-folium release changes what it computes."""

from __future__ import annotations

import functools

import pytest
import streamlit as st
import streamlit_folium

from components.folium_component import folium_args, show_folium
from components.map import MAP_HEIGHT, MapView, build_service_map
from components.map_panel import MAP_RETURNS, open_clicked_district
from safetynet import DATA_DIR
from safetynet.cities import get_city
from safetynet.network.geo import load_boundaries
from safetynet.network.service_map import build_service_map_data
from safetynet.storage.loading import read_raw_tables
from safetynet.validation.city import validate_city
from tests.case_analysis_fixtures import FENGSHAN


@pytest.fixture(scope="module")
def map_data():
    tables, _ = validate_city(get_city("kaohsiung"), read_raw_tables(DATA_DIR, "kaohsiung"))
    return build_service_map_data("kaohsiung", tables, load_boundaries("kaohsiung"))


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[dict] = []

    def __call__(self, **kwargs):
        self.calls.append(kwargs)
        return kwargs["default"]


@pytest.mark.parametrize(
    "view",
    [
        MapView("centre"),
        MapView("precinct", base_map=True),
        MapView("area_km2", focus_layer="centre", focus_id="sanmin", selected=FENGSHAN),
    ],
)
def test_the_arguments_are_what_st_folium_sends(map_data, view, monkeypatch) -> None:
    recorder = _Recorder()
    monkeypatch.setattr(streamlit_folium, "_component_func", recorder)
    streamlit_folium.st_folium(
        build_service_map(map_data, view, "zh"),
        key="map.folium.kaohsiung",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=list(MAP_RETURNS),
        render=False,
    )
    args = folium_args(
        build_service_map(map_data, view, "zh"),
        key="map.folium.kaohsiung",
        height=MAP_HEIGHT,
        returned_objects=MAP_RETURNS,
    )
    [sent] = recorder.calls
    sent.pop("on_change")
    assert args == sent
    assert "className: 'district'" in args["script"] and args["default"] == {
        "last_active_drawing": None
    }

    # drawn through the same component, with the same arguments and a callback
    show_folium(args, key="map.folium.kaohsiung")
    again = recorder.calls[-1]
    assert callable(again.pop("on_change")) and again == sent


def test_a_click_on_a_district_opens_its_panel(map_data, monkeypatch) -> None:
    """What the map's on_change does: st_folium's value under the page's key, then the page's
    callback, which remembers the clicked district."""
    state: dict = {}
    monkeypatch.setattr(st, "session_state", state)
    recorder = _Recorder()
    monkeypatch.setattr(streamlit_folium, "_component_func", recorder)
    args = folium_args(
        build_service_map(map_data, MapView("centre"), "zh"),
        key="map.folium.kaohsiung",
        height=MAP_HEIGHT,
        returned_objects=MAP_RETURNS,
    )
    show_folium(
        args,
        key="map.folium.kaohsiung",
        on_change=functools.partial(
            open_clicked_district, "map.folium.kaohsiung", "map.clicked.kaohsiung"
        ),
    )
    clicked = {"last_active_drawing": {"properties": {"town_code": FENGSHAN}}}
    state[args["key"]] = clicked  # the component's own value, as Streamlit keeps it
    recorder.calls[-1]["on_change"]()
    assert state["map.folium.kaohsiung"] == clicked
    assert state["map.clicked.kaohsiung"] == FENGSHAN
