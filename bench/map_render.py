"""What drawing the service map costs per page run, without Streamlit's server around it.

    .venv/bin/python bench/map_render.py [--old components/map.py@<rev>]

Per city and layer, the median of 15 runs of what the map page does on a warm rerun:
``build_service_map`` from the cached parts (geometry text, colouring) plus the work
``st_folium(render=False)`` does before handing strings to the component (map render,
header, HTML, script). Also the once-per-revision costs (district GeoJSON, outlines,
colouring). ``--old REV`` times the map module of an older commit the same way
(``render=True``, its own geometry per run) for comparison. Figures, not thresholds.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit_folium import _get_header, _get_html, _get_map_string  # noqa: E402

from components.map import (  # noqa: E402
    MapView,
    build_service_map,
    colouring_for,
    district_geojson,
    outline_geojson,
)
from safetynet import DATA_DIR  # noqa: E402
from safetynet.cities import get_city  # noqa: E402
from safetynet.network.geo import load_boundaries  # noqa: E402
from safetynet.network.service_map import build_service_map_data  # noqa: E402
from safetynet.storage.loading import read_raw_tables  # noqa: E402
from safetynet.validation.city import validate_city  # noqa: E402

RUNS = 15


def _ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _component_strings(fmap, render: bool) -> int:
    """What st_folium computes before calling the component (streamlit_folium 0.27)."""
    if render:
        fmap.get_root().render()
    fmap.render()
    html, header = _get_html(fmap), _get_header(fmap)
    return len(_get_map_string(fmap)) + len(html) + len(header)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", help="a commit whose components/map.py to time as well")
    args = parser.parse_args()
    old = None
    if args.old:
        text = subprocess.run(
            ["git", "show", f"{args.old}:components/map.py"], cwd=ROOT, check=True,
            capture_output=True, text=True,
        ).stdout  # fmt: skip
        path = Path("/tmp") / f"old_map_{args.old[:8]}.py"
        path.write_text(text, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("old_map", path)
        if spec is None or spec.loader is None:
            raise SystemExit(f"cannot load {path} as a module")
        old = importlib.util.module_from_spec(spec)
        sys.modules["old_map"] = old
        spec.loader.exec_module(old)
    print("| city | layer | once per revision (ms) | per run (ms) | KB sent | before (ms) |")
    print("|---|---|---:|---:|---:|---:|")
    for city in ("kaohsiung", "keelung"):
        tables, _ = validate_city(get_city(city), read_raw_tables(DATA_DIR, city))
        data = build_service_map_data(city, tables, load_boundaries(city))
        for layer in ("centre", "area_km2"):
            print(_row(city, data, layer, old))


def _parts(data, layer: str):  # noqa: ANN001, ANN202
    outlines = {k: outline_geojson(data, k) for k in data.catchments}
    return district_geojson(data, "zh"), outlines, colouring_for(data, layer, "zh")


def _row(city: str, data, layer: str, old) -> str:  # noqa: ANN001
    once = _ms(lambda: _parts(data, layer), 5)
    geo, outlines, colouring = _parts(data, layer)
    view = MapView(layer)

    def now() -> int:
        fmap = build_service_map(data, view, "zh", colouring, geo, outlines)
        return _component_strings(fmap, False)

    def before() -> int:
        return _component_strings(old.build_service_map(data, old.MapView(layer), "zh"), True)

    old_ms = f"{_ms(before):.0f}" if old else "–"
    return f"| {city} | {layer} | {once:.0f} | {_ms(now):.0f} | {now() / 1024:.0f} | {old_ms} |"


if __name__ == "__main__":
    main()
