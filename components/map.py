"""The service-network map as a folium object, working without internet.

folium loads Leaflet (and jQuery, Bootstrap, awesome-markers) from public
CDNs by default; on a government intranet that leaves the map blank. The map
here uses only Leaflet, served by Streamlit from ``static/vendor/leaflet``,
and no element that brings its own CDN scripts (no branca colormap, no
plugins). The standalone HTML download inlines the same files.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import pandas as pd
import streamlit as st
from branca.element import MacroElement
from jinja2 import Template

from components.data import get_store
from safetynet import PROJECT_ROOT
from safetynet.formatting import format_number
from safetynet.i18n import t
from safetynet.network.catchments import NO_DATA_COLOUR, Classes, classify
from safetynet.network.geo import load_boundaries
from safetynet.network.relations import LAYERS
from safetynet.network.service_map import ServiceMapData, build_service_map_data
from safetynet.text_safety import escape_html

LEAFLET_DIR = PROJECT_ROOT / "static" / "vendor" / "leaflet"
LEAFLET_JS_URL = "/app/static/vendor/leaflet/leaflet.js"
LEAFLET_CSS_URL = "/app/static/vendor/leaflet/leaflet.css"
# Districts smaller than this get their label only when zoomed in, so the
# dense city core stays readable at city zoom.
SMALL_DISTRICT_KM2 = 60
LABEL_ZOOM = 11
OSM_TILES = "OpenStreetMap"


@st.cache_data(show_spinner=False, max_entries=8)
def get_service_map_data(city: str) -> ServiceMapData:
    """Build the map's geometry once per city and server; reruns reuse it."""
    tables = get_store().read_city(city)
    return build_service_map_data(city, tables, load_boundaries(city))


@dataclass(frozen=True)
class MapView:
    """What the user picked: the layer, a focused centre or precinct, the base map."""

    layer: str  # "centre" | "precinct" | a figure column, e.g. "area_km2"
    focus_layer: str | None = None  # "centre" | "precinct"
    focus_id: str | None = None
    base_map: bool = False


def build_service_map(data: ServiceMapData, view: MapView, lang: str) -> folium.Map:
    """The folium map for ``view``: coloured districts, catchment outlines, labels, legend."""
    minx, miny, maxx, maxy = data.bounds
    fmap = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=10,
        tiles=OSM_TILES if view.base_map else None,
        control_scale=True,
        prefer_canvas=False,
    )
    fmap.default_js = [("leaflet", LEAFLET_JS_URL)]
    fmap.default_css = [("leaflet_css", LEAFLET_CSS_URL)]
    fmap.get_root().header.add_child(folium.Element(_label_css()))
    _MapSetup().add_to(fmap)

    districts = data.districts.drop(columns=["label_point"])
    fill, legend = _district_colours(data, view, lang)
    # folium's tooltip puts property values into the page as HTML: names are escaped.
    districts = districts.assign(
        _fill=districts["town_code"].map(fill),
        area_text=[format_number(a, 2) + " km²" for a in districts["area_km2"]],
        figure_text=_figure_texts(data, view, lang),
        district=districts["district"].map(escape_html),
        district_en=districts["district_en"].map(escape_html),
        centres=districts[f"centres_{lang}"].map(escape_html),
        precincts=districts[f"precincts_{lang}"].replace("", t("no_data", lang)).map(escape_html),
    )
    keep = [
        "town_code", "district", "district_en", "centres", "precincts",
        "area_text", "figure_text", "_fill", "geometry",
    ]  # fmt: skip
    fields, aliases = _tooltip_fields(data, view, lang)
    folium.GeoJson(
        districts[keep],
        name=t("map.layer.districts", lang),
        style_function=lambda f: {
            "fillColor": f["properties"]["_fill"],
            "fillOpacity": 0.72,
            "color": "#ffffff",
            "weight": 1.2,
            "className": "district",
        },
        highlight_function=lambda _feature: {"weight": 3, "color": "#222222", "fillOpacity": 0.85},
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, sticky=True),
    ).add_to(fmap)

    outline_layer = view.layer if view.layer in data.catchments else "centre"
    _add_catchment_outlines(fmap, data, outline_layer, view)
    _add_labels(fmap, data, lang)
    fmap.get_root().html.add_child(folium.Element(legend))

    if view.focus_layer and view.focus_id:
        codes = _focus_codes(data, view)
        if codes:
            minx, miny, maxx, maxy = data.district_bounds(codes)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]], padding=(12, 12))
    return fmap


def _district_colours(data: ServiceMapData, view: MapView, lang: str) -> tuple[dict[str, str], str]:
    districts = data.districts
    if view.layer in LAYERS:
        id_col = LAYERS[view.layer].id_col
        colours = data.colours[view.layer]
        fill = {
            code: colours.get(unit, NO_DATA_COLOUR)
            for code, unit in zip(districts["town_code"], districts[id_col], strict=True)
        }
        names = data.unit_names[view.layer]
        items = [
            (colours[row[id_col]], row[f"name_{lang}"])
            for _, row in names.iterrows()
            if row[id_col] in colours
        ]
        return fill, _legend_html(t(f"map.layer.{view.layer}", lang), items, False, lang)
    values = districts.set_index("town_code")[view.layer]
    classes = classify(values)
    fill = {
        code: (classes.colour_of(v) if classes else NO_DATA_COLOUR) for code, v in values.items()
    }
    legend = _legend_html(
        t(f"map.figure.{view.layer}", lang), _class_items(classes), bool(values.isna().any()), lang
    )
    return fill, legend


def _class_items(classes: Classes | None) -> list[tuple[str, str]]:
    if classes is None:
        return []
    items = []
    low = classes.minimum
    for bound, colour in zip(classes.bounds, classes.colours, strict=True):
        items.append((colour, f"{format_number(low, 1)} – {format_number(bound, 1)}"))
        low = bound
    return items


def _figure_texts(data: ServiceMapData, view: MapView, lang: str) -> list[str]:
    if view.layer in LAYERS:
        return [""] * len(data.districts)
    return [
        t("no_data", lang) if pd.isna(v) else format_number(v, 2)
        for v in data.districts[view.layer]
    ]


def _tooltip_fields(data: ServiceMapData, view: MapView, lang: str) -> tuple[list[str], list[str]]:
    fields = ["district", "district_en", "centres"]
    # Both names, each labelled in its own language, whatever the reader chose.
    aliases = [t("map.col.district", "zh"), t("map.col.district", "en"), t("map.col.centres", lang)]
    if data.has_precincts:
        fields.append("precincts")
        aliases.append(t("map.col.precincts", lang))
    fields.append("area_text")
    aliases.append(t("map.col.area", lang))
    if view.layer not in LAYERS:
        fields.append("figure_text")
        aliases.append(t(f"map.figure.{view.layer}", lang))
    return fields, aliases


def _focus_codes(data: ServiceMapData, view: MapView) -> tuple[str, ...]:
    frame = data.catchments.get(view.focus_layer or "")
    if frame is None:
        return ()
    id_col = LAYERS[view.focus_layer].id_col  # type: ignore[index]
    match = frame[frame[id_col] == view.focus_id]
    return tuple(match["town_codes"].iloc[0]) if len(match) else ()


def _add_catchment_outlines(
    fmap: folium.Map, data: ServiceMapData, layer: str, view: MapView
) -> None:
    frame = data.catchments[layer]
    id_col = LAYERS[layer].id_col
    folium.GeoJson(
        frame[[id_col, "geometry"]],
        name="catchments",
        style_function=lambda _feature: {
            "fill": False,
            "color": "#1f1f1f",
            "weight": 2.6,
            "className": "catchment",
        },
        interactive=False,
    ).add_to(fmap)
    if view.focus_layer in data.catchments and view.focus_id:
        focus_col = LAYERS[view.focus_layer].id_col
        focus = data.catchments[view.focus_layer]
        focus = focus[focus[focus_col] == view.focus_id]
        if len(focus):
            folium.GeoJson(
                focus[[focus_col, "geometry"]],
                name="focus",
                style_function=lambda _feature: {
                    "fillColor": "#000000",
                    "fillOpacity": 0.08,
                    "color": "#d7191c",
                    "weight": 5,
                    "className": "focus",
                },
                interactive=False,
            ).add_to(fmap)


def _add_labels(fmap: folium.Map, data: ServiceMapData, lang: str) -> None:
    for row in data.districts.itertuples():
        name = (
            row.district.removesuffix("區")
            if lang == "zh"
            else row.district_en.removesuffix(" District")
        )
        size = "small" if row.area_km2 < SMALL_DISTRICT_KM2 else "large"
        folium.Marker(
            location=[row.label_point.y, row.label_point.x],
            icon=folium.DivIcon(
                html=f'<div class="district-label {size}">{escape_html(name)}</div>',
                class_name="district-label-icon",
                icon_size=(0, 0),
            ),
            interactive=False,
        ).add_to(fmap)


class _MapSetup(MacroElement):
    """Points Leaflet at the local marker images, and marks the map container
    ``zoomed-out`` below LABEL_ZOOM so small districts' labels hide."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.Icon.Default.imagePath = '/app/static/vendor/leaflet/images/';"
        "(function (m) {"
        " var set = function () { m.getContainer().classList.toggle("
        f"'zoomed-out', m.getZoom() < {LABEL_ZOOM}); }};"
        " m.on('zoomend', set); set(); })({{ this._parent.get_name() }});{% endmacro %}"
    )


def _label_css() -> str:
    return """
<style>
.district-label { transform: translate(-50%, -50%); white-space: nowrap; font-size: 14px;
  font-weight: 700; color: #111; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff;
  font-family: 'Noto Sans CJK TC', 'Noto Sans TC', 'Microsoft JhengHei', sans-serif;
  pointer-events: none; }
.zoomed-out .district-label.small { display: none; }
.map-legend { position: absolute; z-index: 1000; bottom: 22px; right: 10px; background: #fff;
  padding: 8px 10px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.35);
  font: 13px 'Noto Sans CJK TC', 'Noto Sans TC', sans-serif; max-height: 70%; overflow-y: auto; }
.map-legend i { display: inline-block; width: 14px; height: 14px; margin-right: 6px;
  vertical-align: -2px; border: 1px solid #888; }
.map-legend b { display: block; margin-bottom: 4px; }
</style>
"""


def _legend_html(title: str, items: list[tuple[str, str]], missing: bool, lang: str) -> str:
    rows = "".join(
        f'<div><i style="background:{c}"></i>{escape_html(label)}</div>' for c, label in items
    )
    if missing or not items:
        rows += f'<div><i style="background:{NO_DATA_COLOUR}"></i>{t("no_data", lang)}</div>'
    return f'<div class="map-legend"><b>{escape_html(title)}</b>{rows}</div>'


def standalone_html(fmap: folium.Map) -> bytes:
    """The map as one HTML file with Leaflet inlined, so it opens with no network."""
    page = fmap.get_root().render()
    js = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")
    page = page.replace(f'<script src="{LEAFLET_JS_URL}"></script>', f"<script>{js}</script>")
    page = page.replace(
        f'<link rel="stylesheet" href="{LEAFLET_CSS_URL}"/>', f"<style>{css}</style>"
    )
    return page.encode("utf-8")
