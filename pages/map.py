"""服務網絡地圖 / Service network map: who serves this district, with which precinct."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from components.map import MapView, build_service_map, standalone_html
from components.map_panel import (
    load_service_map_data,
    render_district_panel,
    render_partners_panel,
)
from components.page import start_page
from components.relations_view import render_relations_view
from safetynet.i18n import t
from safetynet.network.relations import partners_of
from safetynet.network.service_map import FIGURES, MAP_TABLES

page = start_page("nav.map", "map.intro", tables=MAP_TABLES)
lang, city, tables = page.lang, page.city, page.tables
with st.spinner(t("map.building", lang)):
    data = load_service_map_data(city.slug)

layers = ["centre", "precinct", *FIGURES] if data.has_precincts else ["centre", *FIGURES]
if not data.has_precincts:
    st.info(t("map.no_precincts", lang, city=city.name(lang)), icon=":material/info:")
if st.session_state.get("map.layer") not in layers:
    st.session_state["map.layer"] = "centre"

focus_options = [""] + [f"centre:{c}" for c in data.unit_names["centre"]["centre_id"]]
if data.has_precincts:
    focus_options += [f"precinct:{p}" for p in data.unit_names["precinct"]["precinct_id"]]
if st.session_state.get("map.focus", "") not in focus_options:
    st.session_state["map.focus"] = ""


def _focus_label(option: str) -> str:
    if not option:
        return t("map.focus.none", lang)
    layer, unit = option.split(":", 1)
    names = data.unit_names[layer].set_index(f"{layer}_id")
    return f"{t(f'map.layer.{layer}', lang)} · {names.loc[unit, f'name_{lang}']}"


controls = st.columns([3, 3, 2], vertical_alignment="bottom")
layer = controls[0].segmented_control(
    t("map.colour_by", lang),
    layers,
    format_func=lambda k: t(
        f"map.layer.{k}" if k in ("centre", "precinct") else f"map.choice.{k}", lang
    ),
    key="map.layer",
    required=True,
)
focus = controls[1].selectbox(
    t("map.focus", lang), focus_options, format_func=_focus_label, key="map.focus"
)
base_map = controls[2].toggle(
    t("map.base_map", lang), key="map.base_map", help=t("map.base_map_help", lang)
)

focus_layer, focus_id = focus.split(":", 1) if focus else (None, None)
view = MapView(layer=layer, focus_layer=focus_layer, focus_id=focus_id, base_map=base_map)

map_col, panel_col = st.columns([5, 2])
with map_col:
    fmap = build_service_map(data, view, lang)
    state = st_folium(
        fmap,
        key=f"map.folium.{city.slug}",
        height=680,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
    )
clicked = ((state or {}).get("last_active_drawing") or {}).get("properties", {})
if clicked.get("town_code"):
    st.session_state[f"map.clicked.{city.slug}"] = clicked["town_code"]

with panel_col:
    if focus_layer and focus_id:
        render_partners_panel(data, focus_layer, partners_of(tables, focus_layer, focus_id), lang)
    town_code = st.session_state.get(f"map.clicked.{city.slug}")
    if town_code:
        render_district_panel(data, town_code, lang)
    elif not focus:
        st.caption(t("map.click_hint", lang))

render_relations_view(tables, city.slug, lang)
st.download_button(
    t("map.download_html", lang),
    data=lambda: standalone_html(build_service_map(data, view, lang)),
    file_name=f"{city.slug}_service_network_map.html",
    mime="text/html",
    key="map.download_html",
    icon=":material/map:",
)
