"""The data behind the service-network map, built once per city.

Pure geometry and tables: display-weight district polygons with everything a
tooltip or side panel shows, dissolved catchments per centre and per
precinct, their colours, and the district figures for the choropleth.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from safetynet.network.catchments import (
    assign_colours,
    build_catchments,
    display_geometry,
    district_figures,
)
from safetynet.network.framing import core_districts, district_density
from safetynet.network.relations import (
    CENTRES,
    LAYERS,
    PRECINCTS,
    has_precincts,
)
from safetynet.network.views import district_relations

FIGURES = ("area_km2",)
# The only tables the map reads: districts, units, the relations between them and the
# population (which districts are the populated core the map opens on).
MAP_TABLES = (
    "districts",
    "centres",
    "precincts",
    "district_centres",
    "district_precincts",
    "population",
)


@dataclass(frozen=True)
class ServiceMapData:
    """Everything the map page draws for one city (treat as read-only)."""

    city: str
    districts: gpd.GeoDataFrame  # display geometry + properties, one row per district
    catchments: dict[str, gpd.GeoDataFrame]  # "centre" / "precinct" → dissolved outlines
    colours: dict[str, dict[str, str]]  # layer → unit id → colour
    unit_names: dict[str, pd.DataFrame]  # layer → id, name_zh, name_en
    has_precincts: bool
    core: tuple[str, ...] = ()  # town codes the map opens on (:mod:`safetynet.network.framing`)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        minx, miny, maxx, maxy = self.districts.total_bounds
        return float(minx), float(miny), float(maxx), float(maxy)

    @property
    def core_bounds(self) -> tuple[float, float, float, float]:
        return self.district_bounds(self.core) if self.core else self.bounds

    @property
    def has_inset(self) -> bool:
        """Whether some district lies outside the opening view (a corner view shows them)."""
        return 0 < len(self.core) < len(self.districts)

    def district_bounds(self, town_codes: tuple[str, ...]) -> tuple[float, float, float, float]:
        part = self.districts[self.districts["town_code"].isin(town_codes)]
        minx, miny, maxx, maxy = part.total_bounds
        return float(minx), float(miny), float(maxx), float(maxy)


def build_service_map_data(
    city: str, tables: dict[str, pd.DataFrame], boundaries: gpd.GeoDataFrame
) -> ServiceMapData:
    """Join districts to polygons by town_code and add relations, figures and catchments."""
    with_precincts = has_precincts(tables)
    zh = district_relations(tables, "zh")
    en = district_relations(tables, "en")[["town_code", "centres", "precincts", "note"]]
    props = zh.merge(en, on="town_code", suffixes=("_zh", "_en"))
    props = props.merge(district_figures(boundaries), on="town_code", how="left")
    first = {}
    for layer in LAYERS.values():
        relation = tables[layer.relation]
        first[layer.id_col] = relation.drop_duplicates("town_code").set_index("town_code")[
            layer.id_col
        ]
    props["centre_id"] = props["town_code"].map(first["centre_id"])
    props["precinct_id"] = props["town_code"].map(first["precinct_id"])
    light = display_geometry(boundaries[["town_code", "geometry"]])
    districts = gpd.GeoDataFrame(light.merge(props, on="town_code"), crs=boundaries.crs)
    districts["label_point"] = districts.geometry.representative_point()

    # Dissolving the simplified coverage keeps catchment edges on district edges.
    catchments = {"centre": build_catchments(light, tables, CENTRES)}
    if with_precincts:
        catchments["precinct"] = build_catchments(light, tables, PRECINCTS)
    colours = {
        name: assign_colours(frame, LAYERS[name].id_col) for name, frame in catchments.items()
    }
    unit_names = {
        name: tables[layer.units][[layer.id_col, "name_zh", "name_en", "note"]].reset_index(
            drop=True
        )
        for name, layer in LAYERS.items()
    }
    density = None
    if "population" in tables:
        density = district_density(
            tables["population"], districts.set_index("town_code")["area_km2"]
        )
    core = core_districts(districts, density)
    return ServiceMapData(city, districts, catchments, colours, unit_names, with_precincts, core)
