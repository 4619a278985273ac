"""The service-network map as a folium object, working without internet.

folium loads Leaflet (and jQuery, Bootstrap, awesome-markers) from public
CDNs by default; on a government intranet that leaves the map blank. The map
here uses only Leaflet, served by Streamlit from ``static/vendor/leaflet``,
and no element that brings its own CDN scripts (no branca colormap, no
plugins). The standalone HTML download inlines the same files.

What a rerun costs: the district and catchment GeoJSON are text built once per
city, language and store revision (:func:`district_geojson`, cached by the
page); a colouring (by centre, by area, a case measure) is a small mapping of
district → fill and value text, sent beside the same geometry. The map itself
is a few elements whose script carries those strings, so drawing it is string
work, not geometry: the districts, the catchment outlines, every district's
label (placed in the browser without overlaps, shown where it fits) and the
corner view of the whole city are one script (:class:`_ServiceLayers`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from safetynet import PROJECT_ROOT
from safetynet.formatting import format_number
from safetynet.i18n import t
from safetynet.network.catchments import NO_DATA_COLOUR, Classes, classify
from safetynet.network.relations import LAYERS, short_unit_names
from safetynet.network.service_map import ServiceMapData
from safetynet.text_safety import escape_html

LEAFLET_DIR = PROJECT_ROOT / "static" / "vendor" / "leaflet"
LEAFLET_JS_URL = "/app/static/vendor/leaflet/leaflet.js"
LEAFLET_CSS_URL = "/app/static/vendor/leaflet/leaflet.css"
OSM_TILES = "OpenStreetMap"
MAP_HEIGHT = 580
SHARED_PATTERN = "pat-shared-"  # + town code: stripes of a district's units' colours
HIDDEN_PATTERN = "pat-hidden"  # a count a public release hides
HIDDEN_COLOUR = "#bdbdbd"


@dataclass(frozen=True)
class MapView:
    """What the user picked: the layer, a focused centre or precinct, the base map, the
    district last clicked (outlined)."""

    layer: str  # "centre" | "precinct" | a figure column, e.g. "area_km2" | "measure"
    focus_layer: str | None = None  # "centre" | "precinct"
    focus_id: str | None = None
    base_map: bool = False
    selected: str | None = None


@dataclass(frozen=True)
class Colouring:
    """How the districts are filled for one choice, apart from the geometry.

    ``fills``: town code → a colour or ``url(#pattern)``; ``values``: town code
    → the text the tooltip (and, with ``label_values``, the label) shows under
    ``value_label``; ``patterns``: the SVG patterns the fills name.
    """

    fills: dict[str, str]
    legend: str
    values: dict[str, str] = field(default_factory=dict)
    value_label: str = ""
    patterns: tuple[tuple[str, tuple[str, ...]], ...] = ()
    label_values: bool = False


# -- geometry: built once per city, language and revision ---------------------------------------
def district_geojson(data: ServiceMapData, lang: str) -> str:
    """The districts as GeoJSON text with what the tooltip and labels show (names escaped)."""
    districts = data.districts
    rank = districts["area_km2"].rank(method="first").astype(int)
    props = pd.DataFrame(
        {
            "town_code": districts["town_code"],
            "zh": districts["district"].map(escape_html),
            "en": districts["district_en"].map(escape_html),
            "label": [escape_html(_short_name(r, lang)) for r in districts.itertuples()],
            "centres": districts[f"centres_{lang}"].map(escape_html),
            "precincts": (
                districts[f"precincts_{lang}"].replace("", t("no_data", lang)).map(escape_html)
                if data.has_precincts
                else None
            ),
            "lx": [round(p.x, 5) for p in districts["label_point"]],
            "ly": [round(p.y, 5) for p in districts["label_point"]],
            "rank": rank,
        }
    )
    frame = districts[["geometry"]].join(props)
    return _compact(frame.to_json(drop_id=True, to_wgs84=True))


def outline_geojson(data: ServiceMapData, layer: str) -> str:
    """One dissolved outline per centre (or precinct), with its id as ``id``."""
    frame = data.catchments[layer]
    id_col = LAYERS[layer].id_col
    return _compact(
        frame[[id_col, "geometry"]].rename(columns={id_col: "id"}).to_json(drop_id=True)
    )


def _compact(text: str, decimals: int = 5) -> str:
    data = json.loads(text)
    for feature in data["features"]:
        feature["geometry"]["coordinates"] = _round(feature["geometry"]["coordinates"], decimals)
    return _script_json(data)


def _round(obj: object, decimals: int) -> object:
    if isinstance(obj, float):
        return round(obj, decimals)
    if isinstance(obj, list):
        return [_round(o, decimals) for o in obj]
    return obj


def _script_json(obj: object) -> str:
    """JSON safe to put inside a <script>: no ``</`` can close it."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _short_name(row, lang: str) -> str:  # row: one row of ServiceMapData.districts
    return (
        row.district.removesuffix("區")
        if lang == "zh"
        else row.district_en.removesuffix(" District")
    )


# -- colourings ---------------------------------------------------------------------------------
def category_colouring(data: ServiceMapData, layer: str, lang: str) -> Colouring:
    """Districts in their centre's (precinct's) colour; a district two units serve in stripes of
    both colours, so every unit of the legend shows on the map (鳳山: 鳳山 and 五甲)."""
    id_col = LAYERS[layer].id_col
    colours = data.colours[layer]
    units: dict[str, list[str]] = {}
    for unit, codes in zip(
        data.catchments[layer][id_col], data.catchments[layer]["town_codes"], strict=True
    ):
        for code in codes:
            units.setdefault(code, []).append(unit)
    fills: dict[str, str] = {}
    patterns = []
    for code in data.districts["town_code"]:
        served = [colours[u] for u in units.get(code, []) if u in colours]
        if len(served) > 1:
            fills[code] = f"url(#{SHARED_PATTERN}{code})"
            patterns.append((f"{SHARED_PATTERN}{code}", tuple(served)))
        else:
            fills[code] = served[0] if served else NO_DATA_COLOUR
    names = data.unit_names[layer].assign(
        short=lambda f: short_unit_names(f[f"name_{lang}"]).to_numpy()
    )
    items = [
        (colours[row[id_col]], row["short"])
        for _, row in names.iterrows()
        if row[id_col] in colours
    ]
    extra = []
    for _pid, stripes in patterns[:1]:
        extra.append((_stripes_css(stripes), t(f"map.legend.shared.{layer}", lang)))
    legend = legend_html(t(f"map.layer.{layer}", lang), items, False, lang, extra=extra)
    return Colouring(fills, legend, patterns=tuple(patterns))


def figure_colouring(data: ServiceMapData, layer: str, lang: str) -> Colouring:
    """A district figure (the area) in classes, the class breaks in the legend."""
    values = data.districts.set_index("town_code")[layer]
    classes = classify(values)
    fills = {
        code: (classes.colour_of(v) if classes else NO_DATA_COLOUR) for code, v in values.items()
    }
    texts = {
        code: t("no_data", lang) if pd.isna(v) else f"{format_number(v, 2)} km²"
        for code, v in values.items()
    }
    legend = legend_html(
        t(f"map.figure.{layer}", lang), class_items(classes, 1), bool(values.isna().any()), lang
    )
    return Colouring(fills, legend, texts, t(f"map.figure.{layer}", lang))


def class_items(classes: Classes | None, decimals: int) -> list[tuple[str, str]]:
    """Legend rows: each class's colour and its breaks, 「low – high」."""
    if classes is None:
        return []
    items = []
    low = classes.minimum
    for bound, colour in zip(classes.bounds, classes.colours, strict=True):
        items.append((colour, f"{format_number(low, decimals)} – {format_number(bound, decimals)}"))
        low = bound
    return items


def colouring_for(data: ServiceMapData, layer: str, lang: str) -> Colouring:
    """The colouring of a map layer that comes from the map's own data (not a case measure)."""
    if layer in LAYERS:
        return category_colouring(data, layer, lang)
    return figure_colouring(data, layer, lang)


# -- the map ------------------------------------------------------------------------------------
def build_service_map(
    data: ServiceMapData,
    view: MapView,
    lang: str,
    colouring: Colouring | None = None,
    geojson: str | None = None,
    outlines: dict[str, str] | None = None,
) -> folium.Map:
    """The folium map for ``view``: coloured districts, catchment outlines, labels, legend, and
    the corner view of the whole city. ``geojson`` and ``outlines`` (per layer) are the cached
    texts of :func:`district_geojson` and :func:`outline_geojson`; built here when not given."""
    colouring = colouring or colouring_for(data, view.layer, lang)
    geojson = geojson or district_geojson(data, lang)
    outline_layer = view.layer if view.layer in data.catchments else "centre"
    focus_layer = (
        view.focus_layer if view.focus_layer in data.catchments and view.focus_id else None
    )

    def outline(layer: str) -> str:
        return (outlines or {}).get(layer) or outline_geojson(data, layer)

    minx, miny, maxx, maxy = data.core_bounds
    fmap = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=11,
        tiles=OSM_TILES if view.base_map else None,
        control_scale=True,
        prefer_canvas=False,
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    fmap.default_js = [("leaflet", LEAFLET_JS_URL)]
    fmap.default_css = [("leaflet_css", LEAFLET_CSS_URL)]
    fmap.get_root().header.add_child(folium.Element(_MAP_CSS))
    _MapSetup().add_to(fmap)
    fit = None
    if view.focus_layer and view.focus_id:
        codes = _focus_codes(data, view)
        if codes:
            fit = data.district_bounds(codes)
    settings = {
        "fills": colouring.fills,
        "values": colouring.values,
        "valueLabel": escape_html(colouring.value_label),
        "labelValues": colouring.label_values,
        "rows": {
            "centres": escape_html(t("map.col.centres", lang)),
            "precincts": escape_html(t("map.col.precincts", lang)),
        },
        "colon": t("colon", lang),
        "noData": NO_DATA_COLOUR,
        "focus": view.focus_id if focus_layer else None,
        "selected": view.selected,
        "core": list(data.core_bounds),
        "fit": list(fit) if fit else None,
        "inset": data.has_inset,
        "insetTitle": escape_html(t("map.inset", lang)),
        "home": escape_html(t("map.home", lang)),
    }
    _ServiceLayers(
        geojson,
        outline(outline_layer),
        outline(focus_layer) if focus_layer else "null",
        _script_json(settings),
    ).add_to(fmap)
    fmap.get_root().html.add_child(
        folium.Element(_patterns_svg(colouring.patterns) + colouring.legend)
    )
    return fmap


def _focus_codes(data: ServiceMapData, view: MapView) -> tuple[str, ...]:
    frame = data.catchments.get(view.focus_layer or "")
    if frame is None:
        return ()
    id_col = LAYERS[view.focus_layer].id_col  # type: ignore[index]
    match = frame[frame[id_col] == view.focus_id]
    return tuple(match["town_codes"].iloc[0]) if len(match) else ()


class _MapSetup(MacroElement):
    """Points Leaflet at the local marker images."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.Icon.Default.imagePath = '/app/static/vendor/leaflet/images/';"
        "{% endmacro %}"
    )


class _ServiceLayers(MacroElement):
    """Districts, catchment outlines, a focus outline, labels and the corner view, in one script.

    Labels: every district has one, shown at the zoom where it fits inside its district's
    box and overlaps no label already placed (smallest districts first); placed again on
    every zoom. The corner view (when some district lies outside the opening view) shows the
    whole city; a click there selects that district on the big map as a click on it would.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        + Path(__file__).with_name("map_layers.js").read_text(encoding="utf-8")
        + "{% endmacro %}"
    )

    def __init__(self, geojson: str, outlines: str, focus: str, settings: str) -> None:
        super().__init__()
        self._name = "ServiceLayers"
        self.geojson = geojson
        self.outlines = outlines
        self.focus = focus
        self.settings = settings


_MAP_CSS = """
<style>
.district-label-icon { pointer-events: none; }
.district-label { transform: translate(-50%, -50%); white-space: nowrap; font-size: 14px;
  font-weight: 700; color: #111; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff;
  font-family: 'Noto Sans CJK TC', 'Noto Sans TC', 'Microsoft JhengHei', sans-serif;
  pointer-events: none; visibility: hidden; text-align: center; line-height: 1.15;
  display: inline-block; }
.district-label.shown { visibility: visible; }
.district-label .value { display: block; font-size: 12px; font-weight: 600; }
.map-legend { position: absolute; z-index: 1000; top: 10px; right: 10px; background: #fff;
  padding: 6px 8px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.35);
  font: 12px 'Noto Sans CJK TC', 'Noto Sans TC', sans-serif; max-height: 380px; overflow-y: auto;
  max-width: 44%; }
.map-legend.many .rows { columns: 2; column-gap: 10px; }
.map-legend .rows div { break-inside: avoid; white-space: nowrap; }
.map-legend .wide { max-width: 260px; padding-left: 22px; text-indent: -22px; }
.map-legend summary { cursor: pointer; color: #333; font-size: 12px; margin-top: 3px; }
.map-legend i { display: inline-block; width: 14px; height: 14px; margin-right: 6px;
  vertical-align: -2px; border: 1px solid #888; }
.map-legend b { display: block; margin-bottom: 4px; }
.map-legend .note { color: #444; font-size: 11px; margin-top: 3px; max-width: 260px;
  white-space: normal; }
.map-home { display: block; width: 30px; height: 30px; line-height: 30px; text-align: center;
  font-size: 20px; background: #fff; color: #222; text-decoration: none; }
.map-inset { position: absolute; z-index: 1000; left: 54px; top: 10px; width: 148px;
  background: #fff; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.35); padding: 4px; }
.map-inset-title { font: 12px 'Noto Sans CJK TC', 'Noto Sans TC', sans-serif; color: #333;
  margin: 0 2px 2px; }
.map-inset-map { width: 140px; height: 150px; background: #f4f4f4; }
</style>
"""


def _stripes_css(colours: tuple[str, ...], width: int = 4) -> str:
    stops = ", ".join(f"{c} {i * width}px {(i + 1) * width}px" for i, c in enumerate(colours))
    return f"repeating-linear-gradient(45deg, {stops})"


def _patterns_svg(patterns: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """Hidden SVG with the stripes the fills name (``url(#id)`` works across the page)."""
    defs = [
        f'<pattern id="{HIDDEN_PATTERN}" patternUnits="userSpaceOnUse" width="8" height="8" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{HIDDEN_COLOUR}"/>'
        '<rect width="2" height="8" fill="#6b6b6b"/></pattern>'
    ]
    for pid, colours in patterns:
        width = 7 * len(colours)
        rects = "".join(
            f'<rect x="{7 * i}" width="7" height="{width}" fill="{c}"/>'
            for i, c in enumerate(colours)
        )
        defs.append(
            f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="{width}" height="{width}" '
            f'patternTransform="rotate(45)">{rects}</pattern>'
        )
    return (
        '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
        + "".join(defs)
        + "</defs></svg>"
    )


def legend_html(
    title: str,
    items: list[tuple[str, str]],
    missing: bool,
    lang: str,
    extra: list[tuple[str, str]] | None = None,
    notes: list[str] | None = None,
    more: list[str] | None = None,
) -> str:
    """The legend: a swatch per item (in two columns when many), then full-width rows for
    patterns and no data, ``notes`` always shown and ``more`` folded under 「說明」."""
    rows = "".join(
        f'<div><i style="background:{c}"></i>{escape_html(label)}</div>' for c, label in items
    )
    after = "".join(
        f'<div class="wide"><i style="background:{css}"></i>{escape_html(label)}</div>'
        for css, label in extra or []
    )
    if missing or not items:
        after += (
            f'<div class="wide"><i style="background:{NO_DATA_COLOUR}"></i>'
            f"{t('no_data', lang)}</div>"
        )
    after += "".join(f'<div class="note">{escape_html(n)}</div>' for n in notes or [])
    if more:
        after += (
            f"<details><summary>{escape_html(t('map.legend.more', lang))}</summary>"
            + "".join(f'<div class="note">{escape_html(n)}</div>' for n in more)
            + "</details>"
        )
    many = " many" if len(items) > 8 else ""
    return (
        f'<div class="map-legend{many}"><b>{escape_html(title)}</b>'
        f'<div class="rows">{rows}</div>{after}</div>'
    )


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
