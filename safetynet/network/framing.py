"""Where the map opens: the city core, where most people live, large enough to click.

At city zoom Kaohsiung's core districts are a few pixels wide (鹽埕 5×9 px)
because the mountain districts stretch the frame. The map therefore opens on
the *core*: the largest set of neighbouring districts around the densest (or,
with no population in the data, the smallest) district that fits the map's
frame at a zoom where that district is still :data:`MIN_CLICK_PX` wide. The
districts outside it stay reachable in a corner view of the whole city.

Everything is measured in EPSG:3826 metres, so the rule is the same for any city.
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd

from safetynet.network.geo import AREA_CRS

# The smallest district of the core is at least this wide on screen at the opening zoom.
MIN_CLICK_PX = 28
# The part of the map the core must fit in (the map is 560 px high on a 1366×768 laptop).
FRAME_PX = (760, 540)


def district_density(population: pd.DataFrame, areas_km2: pd.Series) -> pd.Series | None:
    """Residents per km² by ``town_code`` for the latest year that gives every district's
    all-ages, both-sexes total; ``None`` when no year does (no estimate is made)."""
    if population.empty:
        return None
    whole = population[population["age_from"].isna() & population["sex"].fillna("").eq("")]
    codes = set(areas_km2.index)
    for year in sorted(set(whole["year"]), reverse=True):
        rows = whole[whole["year"] == year].drop_duplicates("town_code")
        counts = rows.set_index(rows["town_code"].astype(str))["count"].astype(float)
        if codes <= set(counts.index):
            return counts.reindex(areas_km2.index) / areas_km2
    return None


def core_districts(
    districts: gpd.GeoDataFrame,
    density: pd.Series | None = None,
    *,
    min_click_px: int = MIN_CLICK_PX,
    frame_px: tuple[int, int] = FRAME_PX,
) -> tuple[str, ...]:
    """The ``town_code``\\s the map opens on (see the module docstring), in the order added.

    ``districts`` has ``town_code`` and a geometry in lon/lat. ``density`` (by
    town code) ranks the districts when the data have it; otherwise the
    smallest districts come first. Every district is in the core when the
    whole city fits (Keelung).
    """
    metric = districts[["town_code", "geometry"]].to_crs(AREA_CRS).set_index("town_code")
    areas = metric.geometry.area
    if density is not None and density.notna().all():
        rank = (-density.reindex(areas.index)).rank(method="first")
    else:
        rank = areas.rank(method="first")
    first = rank.idxmin()
    metres_per_px = math.sqrt(float(areas[first])) / min_click_px
    budget_w, budget_h = frame_px[0] * metres_per_px, frame_px[1] * metres_per_px
    geoms = metric.geometry
    core = [first]
    minx, miny, maxx, maxy = geoms[first].bounds
    while True:
        joined = geoms[core].union_all()
        candidates = [c for c in geoms.index if c not in core and geoms[c].intersects(joined)]
        added = False
        for code in sorted(candidates, key=lambda c: rank[c]):
            bx0, by0, bx1, by1 = geoms[code].bounds
            nx0, ny0, nx1, ny1 = min(minx, bx0), min(miny, by0), max(maxx, bx1), max(maxy, by1)
            if nx1 - nx0 <= budget_w and ny1 - ny0 <= budget_h:
                core.append(code)
                minx, miny, maxx, maxy = nx0, ny0, nx1, ny1
                added = True
                break
        if not added:
            return tuple(str(code) for code in core)
