"""The map page's data and its side panel: a clicked district, or a focused centre or precinct."""

from __future__ import annotations

import html

import streamlit as st

from components.data import load_tables, store_revision
from components.folium_component import folium_args
from components.map import (
    MAP_HEIGHT,
    Colouring,
    MapView,
    build_service_map,
    colouring_for,
    district_geojson,
    outline_geojson,
    standalone_html,
)
from safetynet.formatting import format_number
from safetynet.i18n import t
from safetynet.network.geo import load_boundaries
from safetynet.network.relations import LAYERS, Partners
from safetynet.network.service_map import MAP_TABLES, ServiceMapData, build_service_map_data
from safetynet.text_safety import escape_markdown as md


@st.cache_data(show_spinner=False, max_entries=8)
def _service_map_data(city: str, revision: int) -> ServiceMapData:
    return build_service_map_data(
        city, load_tables(city, *MAP_TABLES, revision=revision), load_boundaries(city)
    )


def load_service_map_data(city: str, revision: int | None = None) -> ServiceMapData:
    """The map's geometry and relations, built once per city and store revision.

    Only the tables the map draws are read (:data:`MAP_TABLES`), never the whole city.
    """
    return _service_map_data(city, store_revision() if revision is None else revision)


@st.cache_data(show_spinner=False, max_entries=8)
def map_geometry(city: str, lang: str, revision: int) -> tuple[str, dict[str, str]]:
    """The districts' GeoJSON text (with the names in ``lang``) and each layer's catchment
    outlines, once per city, language and revision: no colouring rebuilds geometry."""
    data = _service_map_data(city, revision)
    outlines = {layer: outline_geojson(data, layer) for layer in data.catchments}
    return district_geojson(data, lang), outlines


@st.cache_data(show_spinner=False, max_entries=32)
def map_colouring(city: str, layer: str, lang: str, revision: int) -> Colouring:
    """The colouring of a layer of the map's own data (centre, precinct, area)."""
    return colouring_for(_service_map_data(city, revision), layer, lang)


# What the map sends back on a click: the district clicked (its properties carry town_code).
MAP_RETURNS = ("last_active_drawing",)


@st.cache_data(show_spinner=False, max_entries=64)
def map_component_args(
    city: str, lang: str, revision: int, view: MapView, colouring: Colouring, key: str
) -> dict:
    """The map component's arguments for this view (:func:`components.folium_component.
    folium_args`), built once per city, language, revision, colouring and view: a rerun that
    changes none of them builds no folium map and renders no template."""
    geojson, outlines = map_geometry(city, lang, revision)
    data = _service_map_data(city, revision)
    fmap = build_service_map(data, view, lang, colouring, geojson, outlines)
    return folium_args(fmap, key=key, height=MAP_HEIGHT, returned_objects=MAP_RETURNS)


def open_clicked_district(map_key: str, clicked_key: str) -> None:
    """A click on a district (on the map or in its corner view) opens that district's panel
    (the map's ``on_change``; pass it as a ``functools.partial``)."""
    drawing = (st.session_state.get(map_key) or {}).get("last_active_drawing") or {}
    town_code = (drawing.get("properties") or {}).get("town_code")
    if town_code:
        st.session_state[clicked_key] = town_code


def map_html(city: str, view: MapView, lang: str, revision: int, colouring: Colouring) -> bytes:
    """The offline HTML download, built on click from the cached parts (pass it as a
    ``functools.partial``: a closure over a page run's globals would keep that run alive)."""
    geojson, outlines = map_geometry(city, lang, revision)
    data = _service_map_data(city, revision)
    return standalone_html(build_service_map(data, view, lang, colouring, geojson, outlines))


def render_district_panel(
    data: ServiceMapData, town_code: str, lang: str, measure: tuple[str, str] | None = None
) -> None:
    """Name, centre(s), precinct(s), area, the measure shown (label, text) and the reading
    note of one district."""
    rows = data.districts[data.districts["town_code"] == town_code]
    if rows.empty:
        return
    row = rows.iloc[0]
    colon = t("colon", lang)
    with st.container(border=True):
        st.markdown(f"#### {md(row['district'])} · {md(row['district_en'])}")
        st.markdown(f"**{t('map.col.centres', lang)}**{colon}{md(row[f'centres_{lang}'])}")
        if data.has_precincts:
            st.markdown(f"**{t('map.col.precincts', lang)}**{colon}{md(row[f'precincts_{lang}'])}")
        st.markdown(f"**{t('map.col.area', lang)}**{colon}{format_number(row['area_km2'], 2)} km²")
        if measure is not None:
            label, text = measure
            st.markdown(f"**{md(label)}**{colon}{md(html.unescape(text))}")
        if row["inferred"]:
            st.warning(f"{t('map.panel.inferred', lang)}\n\n{md(row[f'note_{lang}'])}", icon="⚠️")


def render_partners_panel(data: ServiceMapData, layer: str, partners: Partners, lang: str) -> None:
    """A centre's districts and the precincts it works with (or the reverse)."""
    names = data.unit_names[layer].set_index(LAYERS[layer].id_col)
    other = "precinct" if layer == "centre" else "centre"
    other_names = data.unit_names[other].set_index(LAYERS[other].id_col)
    district_names = data.districts.set_index("town_code")[
        "district" if lang == "zh" else "district_en"
    ]
    colon = t("colon", lang)
    with st.container(border=True):
        st.markdown(f"#### {md(names.loc[partners.unit_id, f'name_{lang}'])}")
        st.markdown(
            f"**{t('map.panel.districts_of', lang, n=len(partners.districts))}**{colon}"
            + md(t("list_sep", lang).join(district_names[c] for c in partners.districts))
        )
        if partners.partners:
            # A list, not a grid: the panel is a third of the map's width, where a grid
            # of long names (「Yancheng Social Welfare Service Centre」) and a count
            # would be cut or scroll sideways; a list item wraps between words.
            st.markdown(
                f"**{t(f'map.panel.partners.{layer}', lang, n=len(partners.partners))}**\n\n"
                + "\n".join(
                    "- "
                    + md(
                        t(
                            "map.panel.partner",
                            lang,
                            name=other_names.loc[u, f"name_{lang}"],
                            n=n,
                        )
                    )
                    for u, n in zip(partners.partners, partners.partner_counts, strict=True)
                )
            )
