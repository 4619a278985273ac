"""Boundaries join the districts one-to-one, and the data check reports counts, areas, problems."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

import pytest

from safetynet import DATA_DIR, PROJECT_ROOT
from safetynet.check import check_city
from safetynet.network.geo import check_boundary_join, compute_areas_km2, load_boundaries
from safetynet.storage.loading import read_raw_tables


@pytest.mark.parametrize(
    ("city", "n", "approx_km2"), [("kaohsiung", 38, 2997), ("keelung", 7, 136)]
)
def test_every_district_joins_exactly_one_polygon(city: str, n: int, approx_km2: float) -> None:
    boundaries = load_boundaries(city)
    districts = read_raw_tables(DATA_DIR, city)["districts"]
    assert len(boundaries) == n
    assert check_boundary_join(districts, boundaries) == []
    areas = compute_areas_km2(boundaries)
    assert areas.sum() == pytest.approx(approx_km2, rel=0.01)
    assert (areas > 0).all()


def test_boundary_names_agree_with_the_district_table() -> None:
    boundaries = load_boundaries("kaohsiung").set_index("town_code")
    districts = read_raw_tables(DATA_DIR, "kaohsiung")["districts"].set_index("town_code")
    assert (boundaries.loc[districts.index, "name_zh"] == districts["name_zh"]).all()
    assert boundaries.loc["64000260", "name_zh"] == "茄萣區"


def test_a_district_without_polygon_is_reported(tmp_path) -> None:
    geo = tmp_path / "geo"
    geo.mkdir()
    boundaries = load_boundaries("keelung")
    boundaries[boundaries["town_code"] != "10017020"].to_file(geo / "keelung.geojson")
    out = io.StringIO()
    problems = check_city("keelung", DATA_DIR, geo, out)
    assert [str(p) for p in problems] == [
        "districts.csv, line 3, column town_code: district 10017020 joins 0 boundary polygons (expected exactly 1)"
    ]
    assert "PROBLEM districts.csv, line 3" in out.getvalue()


def test_check_command_prints_counts_and_areas_and_exits_zero() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "safetynet", "check", "--city", "kaohsiung"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "districts   38  (declared 38)" in result.stdout
    assert "precincts   17  (declared 17)" in result.stdout
    assert "64000380 那瑪夏區" in result.stdout
    assert "0 problem(s)" in result.stdout


def test_check_command_exits_non_zero_on_a_problem(tmp_path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "keelung" / "district_centres.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("10017060")) + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "safetynet", "check", "--city", "keelung", "--data-dir", str(data)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "district 10017060 安樂區 has no service centre" in result.stdout
