"""服務網絡地圖 / Service network map: who serves this district, with which precinct."""

from __future__ import annotations

from functools import partial

import streamlit as st

from components.data import store_revision
from components.folium_component import show_folium
from components.map import MapView
from components.map_measure import measure_layer, missing_text, render_measure_controls
from components.map_panel import (
    load_service_map_data,
    map_colouring,
    map_component_args,
    map_html,
    open_clicked_district,
    render_district_panel,
    render_partners_panel,
)
from components.page import start_page
from components.relations_view import render_relations_view
from safetynet.i18n import t
from safetynet.network.relations import partners_of, short_unit_names
from safetynet.network.service_map import FIGURES, MAP_TABLES
from safetynet.text_safety import escape_markdown

page = start_page("nav.map", "map.intro", tables=MAP_TABLES)
settings, lang, city, tables = page.settings, page.lang, page.city, page.tables
revision = store_revision()
with st.spinner(t("map.building", lang)):
    data = load_service_map_data(city.slug, revision)
clicked_key = f"map.clicked.{city.slug}"
map_key = f"map.folium.{city.slug}"

layers = ["centre", "precinct", *FIGURES] if data.has_precincts else ["centre", *FIGURES]
layers.append("measure")
if not data.has_precincts:
    st.info(t("map.no_precincts", lang, city=city.name(lang)), icon=":material/info:")
# Assigned on every run, so the widgets' labels follow a change of language.
st.session_state["map.layer"] = (
    st.session_state["map.layer"] if st.session_state.get("map.layer") in layers else "centre"
)

focus_options = [""] + [f"centre:{c}" for c in data.unit_names["centre"]["centre_id"]]
if data.has_precincts:
    focus_options += [f"precinct:{p}" for p in data.unit_names["precinct"]["precinct_id"]]
focus_now = st.session_state.get("map.focus", "")
st.session_state["map.focus"] = focus_now if focus_now in focus_options else ""
focus_labels = {"": t("map.focus.none", lang)}
for focus_layer_name in ("centre", "precinct") if data.has_precincts else ("centre",):
    units = data.unit_names[focus_layer_name]
    prefix = t(f"map.layer.{focus_layer_name}", lang)
    # The prefix says what the unit is: the words every name ends with are dropped
    # (「Service centre · Sanmin」), so a choice fits its box on a laptop screen.
    short = short_unit_names(units[f"name_{lang}"], fewest=1)
    for unit, name in zip(units[f"{focus_layer_name}_id"], short, strict=True):
        focus_labels[f"{focus_layer_name}:{unit}"] = f"{prefix} · {name}"


controls = st.columns([3, 2], vertical_alignment="bottom")
layer = controls[0].segmented_control(
    t("map.colour_by", lang),
    layers,
    format_func=lambda k: t(
        f"map.layer.{k}" if k in ("centre", "precinct") else f"map.choice.{k}", lang
    ),
    help=t("map.colour_by.help", lang),
    key="map.layer",
    required=True,
)
assert layer is not None  # required=True: one layer is always chosen
focus = controls[1].selectbox(
    t("map.focus", lang),
    focus_options,
    format_func=focus_labels.__getitem__,
    key="map.focus",
    # Picking a centre or precinct closes the last clicked district's panel.
    on_change=lambda: st.session_state.pop(clicked_key, None),
)
# The base map is a rare choice: its switch sits under the map, read here for the view.
base_map = bool(st.session_state.get("map.base_map", False))

focus_layer, focus_id = focus.split(":", 1) if focus else (None, None)
view = MapView(
    layer=layer,
    focus_layer=focus_layer,
    focus_id=focus_id,
    base_map=base_map,
    selected=st.session_state.get(clicked_key),
)


# Without case data the measure layer says so and the map keeps the centres' colours.
base_layer = "centre" if layer == "measure" else layer
colouring, measure, choice = map_colouring(city.slug, base_layer, lang, revision), None, None
if layer == "measure":
    choice = render_measure_controls(city.slug, lang, settings.year_style)
    if choice is not None:
        colouring, measure = measure_layer(choice, data, lang, settings.year_style)
        missing = missing_text(measure, lang, settings.year_style)
        if missing:
            st.info(missing, icon=":material/info:")
map_col, panel_col = st.columns([5, 2])
with map_col:
    # st_folium's strings for this view, made once (no folium map built on a warm rerun).
    with st.spinner(t("map.building", lang)):
        args = map_component_args(city.slug, lang, revision, view, colouring, map_key)
    show_folium(
        args,
        key=map_key,
        on_change=partial(open_clicked_district, map_key, clicked_key),
    )

if measure is not None and choice is not None:
    map_col.caption(escape_markdown(" · ".join(choice.notes)))

with panel_col:
    if focus_layer and focus_id:
        render_partners_panel(data, focus_layer, partners_of(tables, focus_layer, focus_id), lang)
    town_code = st.session_state.get(clicked_key)
    if town_code:
        value = colouring.values.get(town_code) if measure is not None else None
        render_district_panel(
            data, town_code, lang, (colouring.value_label, value) if value else None
        )
    elif not focus:
        st.caption(t("map.click_hint", lang))

st.toggle(t("map.base_map", lang), key="map.base_map", help=t("map.base_map_help", lang))
render_relations_view(city.slug, lang)
st.download_button(
    t("map.download_html", lang),
    data=partial(map_html, city.slug, view, lang, revision, colouring),
    file_name=f"{city.slug}_service_network_map.html",
    mime="text/html",
    key="map.download_html",
    icon=":material/map:",
)
