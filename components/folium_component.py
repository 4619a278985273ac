"""A folium map drawn by streamlit-folium's component from strings made once, not per rerun.

``st_folium`` renders the folium map on every call: every element's Jinja2
template (compiled again for each new element), the map's script walked with
regular expressions to rename folium's random ids, the script hashed for the
component's key. For the service map that is most of a page run, though the
same city, language, store revision, colouring and view give the same
strings. :func:`folium_args` computes what ``st_folium(fmap, render=False)``
hands its component, as plain data a cache can keep (the map page caches it,
:func:`components.map_panel.map_component_args`); :func:`show_folium` gives
those arguments to the same component with the same ``on_change`` behaviour,
so the browser receives exactly what ``st_folium`` would send.

This leans on private parts of streamlit-folium 0.27 (``_component_func``,
``_get_html``, ``_get_header``, ``_get_map_string``, ``get_full_id``,
``generate_js_hash``). ``tests/test_folium_component.py`` compares the
arguments with those ``st_folium`` itself passes and fails when a release
changes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

import branca
import folium
import folium.elements
import streamlit as st
import streamlit_folium as sf

# What the map may send back: the only key the service map asks for is the clicked district.
_RETURNED_DEFAULTS = (
    "last_clicked",
    "last_object_clicked",
    "last_object_clicked_count",
    "last_object_clicked_tooltip",
    "last_object_clicked_popup",
    "all_drawings",
    "last_active_drawing",
    "bounds",
    "zoom",
    "last_circle_radius",
    "last_circle_polygon",
    "selected_layers",
    "selected_tags",
    "last_geocoder_result",
)


def _bounds_dict(bounds: list[list[float | None]]) -> dict[str, dict[str, float | None]]:
    (south, west), (north, east) = bounds
    return {
        "_southWest": {"lat": south, "lng": west},
        "_northEast": {"lat": north, "lng": east},
    }


def _walk(element: Any) -> Iterator[Any]:
    """The elements that bring scripts or stylesheets, in st_folium's order."""
    if isinstance(element, branca.colormap.ColorMap):
        yield element
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def folium_args(
    fmap: folium.Map,
    *,
    key: str,
    height: int,
    width: int | None = None,
    returned_objects: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The component arguments ``st_folium(fmap, key=key, height=height, width=width,
    returned_objects=returned_objects, render=False)`` sends (``width=None``: the container's
    width), apart from its ``on_change``. Renders ``fmap`` (and changes its ids): build a fresh
    map for each call. Only a ``folium.Map`` without feature groups or layer control."""
    fmap.render()
    # In st_folium's order: _get_map_string renames the elements' ids.
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    try:
        bounds = fmap.get_bounds()
    except AttributeError:
        bounds = [[None, None], [None, None]]
    everything = {name: None for name in _RETURNED_DEFAULTS if name not in ("bounds", "zoom")} | {
        "bounds": _bounds_dict(bounds),
        "zoom": fmap.options.get("zoom"),
    }
    defaults = {
        name: everything[name]
        for name in _RETURNED_DEFAULTS
        if returned_objects is None or name in returned_objects
    }
    css_links: list[str] = []
    js_links: list[str] = []
    for element in _walk(fmap):
        if isinstance(element, branca.colormap.ColorMap):
            js_links.insert(0, "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js")
            js_links.insert(0, "https://d3js.org/d3.v4.min.js")
        css_links.extend(href for _, href in getattr(element, "default_css", []))
        js_links.extend(src for _, src in getattr(element, "default_js", []))
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": sf.get_full_id(fmap),
        "key": sf.generate_js_hash(script, key, False),
        "height": height,
        "width": width,
        "returned_objects": list(returned_objects) if returned_objects is not None else None,
        "default": defaults,
        "zoom": None,
        "center": None,
        "feature_group": None,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": list(dict.fromkeys(css_links)),
        "js_links": list(dict.fromkeys(js_links)),
        "wrap_longitude": False,
    }


def _changed(key: str, component_key: str, on_change: Callable[[], None] | None) -> None:
    """What st_folium does on a map event: the map's value under ``key``, then ``on_change``."""
    st.session_state[key] = st.session_state.get(component_key, {})
    if on_change is not None:
        on_change()


def show_folium(
    args: dict[str, Any], *, key: str, on_change: Callable[[], None] | None = None
) -> Any:
    """Draw the map of :func:`folium_args` (made with the same ``key``) as ``st_folium`` would,
    and return what the map sends back. ``on_change`` should not be a closure over a page's
    namespace (a ``functools.partial`` of a module function is): the widget keeps it."""
    callback = partial(_changed, key, args["key"], on_change)  # not the map's strings
    return sf._component_func(**args, on_change=callback)
