"""Catchments on the map: dissolved outlines, colours that neighbours never share,
district figures for the choropleth and the simplified geometry sent to the browser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd

from safetynet.network.geo import compute_areas_km2
from safetynet.network.relations import Layer

# 20 colours chosen to stay apart for common colour-vision deficiencies as far
# as 18+ categories allow (Kelly's 22 colours of maximum contrast, without
# white, black and the two greys that read as "no data").
CATEGORY_PALETTE = (
    "#F3C300", "#875692", "#F38400", "#A1CAF1", "#BE0032", "#C2B280", "#008856",
    "#E68FAC", "#0067A5", "#F99379", "#604E97", "#F6A600", "#B3446C", "#DCD300",
    "#882D17", "#8DB600", "#654522", "#E25822", "#2B3D26", "#4FB3A9",
)  # fmt: skip
# ColorBrewer YlGnBu, colour-blind safe, for classed figures (light = low).
SEQUENTIAL_PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_DATA_COLOUR = "#d9d9d9"
# Display geometry: 0.001° ≈ 100 m, under a pixel at city zoom (≈140 m/px at
# zoom 10); shared edges stay shared. Kaohsiung: 144 KB → 89 KB of polygons.
DISPLAY_TOLERANCE_DEG = 0.001


def build_catchments(
    boundaries: gpd.GeoDataFrame, tables: dict[str, pd.DataFrame], layer: Layer
) -> gpd.GeoDataFrame:
    """One dissolved polygon per centre (or precinct) over the districts it serves.

    Columns: the layer's id column, ``town_codes`` (tuple), ``n_districts``, geometry.
    A district served by two units lies inside both catchments.
    """
    relation = tables[layer.relation][["town_code", layer.id_col]]
    joined = boundaries[["town_code", "geometry"]].merge(relation, on="town_code")
    dissolved = joined.dissolve(by=layer.id_col, as_index=False, sort=False)
    codes = joined.groupby(layer.id_col, sort=False)["town_code"].apply(lambda s: tuple(sorted(s)))
    dissolved["town_codes"] = dissolved[layer.id_col].map(codes)
    dissolved["n_districts"] = dissolved["town_codes"].map(len)
    order = {u: i for i, u in enumerate(tables[layer.units][layer.id_col])}
    dissolved = dissolved.sort_values(layer.id_col, key=lambda s: s.map(order))
    return dissolved[[layer.id_col, "town_codes", "n_districts", "geometry"]].reset_index(drop=True)


def adjacency(catchments: gpd.GeoDataFrame, id_col: str) -> dict[str, set[str]]:
    """Which catchments touch or overlap each other (share a border or a district)."""
    ids = list(catchments[id_col])
    geoms = list(catchments.geometry)
    neighbours: dict[str, set[str]] = {u: set() for u in ids}
    for i, a in enumerate(geoms):
        for j in range(i + 1, len(geoms)):
            if a.intersects(geoms[j]):
                neighbours[ids[i]].add(ids[j])
                neighbours[ids[j]].add(ids[i])
    return neighbours


def assign_colours(catchments: gpd.GeoDataFrame, id_col: str) -> dict[str, str]:
    """A colour per catchment, as different as the palette allows from its neighbours'.

    Units are coloured busiest first; each takes the unused palette colour
    farthest (CIE Lab distance) from the colours of its neighbours, so
    touching catchments never share a colour and rarely look alike.
    """
    neighbours = adjacency(catchments, id_col)
    order = sorted(catchments[id_col], key=lambda u: -len(neighbours[u]))
    colours: dict[str, str] = {}
    free = list(CATEGORY_PALETTE)
    for unit in order:
        near = [_lab(colours[n]) for n in neighbours[unit] if n in colours]
        pool = free or [
            c
            for c in CATEGORY_PALETTE
            if c not in {colours[n] for n in neighbours[unit] if n in colours}
        ]
        best = max(pool, key=lambda c: min((_distance(_lab(c), n) for n in near), default=0.0))
        colours[unit] = best
        if best in free:
            free.remove(best)
    return {u: colours[u] for u in catchments[id_col]}


def colour_distance(a: str, b: str) -> float:
    """Perceptual distance of two hex colours (CIE76 ΔE in Lab)."""
    return _distance(_lab(a), _lab(b))


def _distance(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return float(np.sqrt(sum((x - y) ** 2 for x, y in zip(a, b, strict=True))))


def _lab(hex_colour: str) -> tuple[float, float, float]:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883
    f = [v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def district_figures(boundaries: gpd.GeoDataFrame) -> pd.DataFrame:
    """District-level figures the map can show as a choropleth, by ``town_code``.

    Today the data hold one: the district's area (km², computed, approximate).
    """
    areas = compute_areas_km2(boundaries)
    return pd.DataFrame({"town_code": areas.index, "area_km2": areas.to_numpy().round(2)})


@dataclass(frozen=True)
class Classes:
    """A classed scale: upper bounds of each class and its colour; unknown values are grey."""

    bounds: tuple[float, ...]
    colours: tuple[str, ...]
    minimum: float

    def colour_of(self, value: float | None) -> str:
        if value is None or pd.isna(value):
            return NO_DATA_COLOUR
        for bound, colour in zip(self.bounds, self.colours, strict=True):
            if value <= bound:
                return colour
        return self.colours[-1]


def classify(values: pd.Series, k: int = 5) -> Classes | None:
    """Quantile classes of the known values (at most ``k``, fewer for few distinct values)."""
    known = values.dropna().astype(float)
    if known.empty:
        return None
    k = max(1, min(k, known.nunique()))
    scheme = mapclassify.Quantiles(known.to_numpy(), k=k)
    bounds = tuple(float(b) for b in np.unique(scheme.bins))
    colours = _spread(len(bounds))
    return Classes(bounds, colours, float(known.min()))


# ColorBrewer RdBu reversed, colour-blind safe: blue = fewer, red = more, white around 0.
DIVERGING_PALETTE = ("#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b")


def classify_change(values: pd.Series) -> Classes | None:
    """Five classes of equal width around 0 (a change: fewer, about the same, more)."""
    known = values.dropna().astype(float)
    if known.empty:
        return None
    top = float(known.abs().max())
    if top == 0:
        return Classes((0.0,), (DIVERGING_PALETTE[2],), 0.0)
    bounds = tuple(round(top * f, 6) for f in (-0.6, -0.2, 0.2, 0.6, 1.0))
    return Classes(bounds, DIVERGING_PALETTE, -top)


def _spread(n: int) -> tuple[str, ...]:
    idx = np.linspace(0, len(SEQUENTIAL_PALETTE) - 1, n).round().astype(int)
    return tuple(SEQUENTIAL_PALETTE[i] for i in idx)


def display_geometry(
    frame: gpd.GeoDataFrame, tolerance: float = DISPLAY_TOLERANCE_DEG
) -> gpd.GeoDataFrame:
    """A lighter copy for the browser: coverage-simplified (shared edges stay shared)."""
    light = frame.copy()
    light["geometry"] = frame.geometry.simplify_coverage(tolerance)
    return light


def geojson_size_kb(frame: gpd.GeoDataFrame, decimals: int = 5) -> float:
    """Size of ``frame`` as GeoJSON text with ``decimals`` coordinate places, in KB."""
    text = frame.to_json(drop_id=True, to_wgs84=True)
    data = json.loads(text)
    return (
        len(json.dumps(_round(data, decimals), ensure_ascii=False, separators=(",", ":")).encode())
        / 1024
    )


def _round(obj: object, decimals: int) -> object:
    if isinstance(obj, float):
        return round(obj, decimals)
    if isinstance(obj, list):
        return [_round(o, decimals) for o in obj]
    if isinstance(obj, dict):
        return {k: _round(v, decimals) for k, v in obj.items()}
    return obj
