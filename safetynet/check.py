"""The data check: ``python -m safetynet check [--city kaohsiung|keelung]``.

Validates the shipped CSV files and boundaries of each city, prints the
counts, each district's area and every problem, and exits non-zero on any
problem, so a maintainer can run it before committing new data.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from safetynet import DATA_DIR
from safetynet.cities import get_city
from safetynet.network.geo import GEO_DIR, check_boundary_join, compute_areas_km2, load_boundaries
from safetynet.storage.loading import read_raw_tables
from safetynet.validation.city import validate_city
from safetynet.validation.problems import Problem


def check_city(
    slug: str, data_dir: Path = DATA_DIR, geo_dir: Path = GEO_DIR, out: TextIO = sys.stdout
) -> list[Problem]:
    """Check one city and print its report; return the problems found."""
    city = get_city(slug)
    print(f"== {city.name_zh} {city.name_en} ({slug})", file=out)
    try:
        raw = read_raw_tables(data_dir, slug)
    except FileNotFoundError as err:
        problem = Problem("files", str(err))
        print(f"PROBLEM {problem}", file=out)
        return [problem]
    tables, problems = validate_city(city, raw)
    for name, declared in (
        ("districts", city.districts),
        ("centres", city.centres),
        ("precincts", city.precincts),
    ):
        found = len(raw[name])
        print(f"{name:<10} {found:>3}  (declared {declared})", file=out)
    if "districts" in tables:
        try:
            boundaries = load_boundaries(slug, geo_dir)
        except FileNotFoundError as err:
            problems.append(Problem("geo", str(err)))
        else:
            problems += check_boundary_join(tables["districts"], boundaries)
            areas = compute_areas_km2(boundaries)
            print("district areas (km², approximate, EPSG:3826):", file=out)
            for row in tables["districts"].sort_values("town_code").itertuples():
                area = areas.get(row.town_code)
                shown = f"{area:>10,.2f}" if area is not None else "   no polygon"
                print(f"  {row.town_code} {row.name_zh:<5} {shown}", file=out)
            print(f"  total {areas.sum():,.2f} km²", file=out)
    for problem in problems:
        print(f"PROBLEM {problem}", file=out)
    print(f"{len(problems)} problem(s)", file=out)
    return problems
