"""District boundaries: loading the shipped GeoJSON, joining it to the districts, areas.

Boundaries are stored in EPSG:4326 (lon/lat). Areas are computed in
EPSG:3826 (TWD97 / TM2 zone 121), the national projected system, because
lon/lat degrees are not a unit of area.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from safetynet import DATA_DIR
from safetynet.validation.problems import Problem

GEO_DIR = DATA_DIR / "geo"
AREA_CRS = "EPSG:3826"


def boundary_path(city: str, geo_dir: Path = GEO_DIR) -> Path:
    return Path(geo_dir) / f"{city}.geojson"


def load_boundaries(city: str, geo_dir: Path = GEO_DIR) -> gpd.GeoDataFrame:
    """The city's district polygons: ``town_code``, ``name_zh``, ``name_en``, geometry."""
    path = boundary_path(city, geo_dir)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: boundary file is missing")
    frame = gpd.read_file(path)
    if frame.crs is None:
        frame = frame.set_crs(4326)
    frame["town_code"] = frame["town_code"].astype(str)
    return frame[["town_code", "name_zh", "name_en", "geometry"]]


def compute_areas_km2(boundaries: gpd.GeoDataFrame) -> pd.Series:
    """Area of each district in km², indexed by ``town_code`` (approximate: generalised lines)."""
    areas = boundaries.to_crs(AREA_CRS).area / 1e6
    return pd.Series(areas.to_numpy(), index=boundaries["town_code"].to_numpy(), name="area_km2")


def check_boundary_join(districts: pd.DataFrame, boundaries: gpd.GeoDataFrame) -> list[Problem]:
    """Every district joins exactly one polygon by ``town_code``; every polygon has a district."""
    problems = []
    counts = boundaries["town_code"].value_counts()
    for i, code in enumerate(districts["town_code"]):
        n = int(counts.get(code, 0))
        if n != 1:
            problems.append(
                Problem(
                    "districts",
                    f"district {code} joins {n} boundary polygons (expected exactly 1)",
                    line=i + 2,
                    column="town_code",
                )
            )
    known = set(districts["town_code"])
    for code in boundaries["town_code"]:
        if code not in known:
            problems.append(
                Problem("geo", f"boundary polygon {code} has no district in districts.csv")
            )
    return problems
