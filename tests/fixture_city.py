"""A small city built in code, for the code tests (as datasette builds its fixtures).

測試市 / Test City has four districts, three service centres and three police
precincts, one district served by two centres and one by two precincts, two
years of referral counts per type (one year added up from its reporting
sources), risk-type shares for two years, staffing by phase with printed
totals, three indicators with targets and actuals, and outcomes with ⚠ notes
and with a figure whose year is not stated. The figures are made up and
chosen so that every result a test checks can be worked out by hand; they
never change when the shipped data of a real city is updated.

``write_city(folder)`` writes the city's CSV files under ``folder/testville/``
and its district squares to ``folder/geo/testville.geojson``: the same layout
as ``data/``, so the loaders, the store and validation read it as they read
the shipped cities. The city is registered for a test by the ``testville`` fixture
in ``conftest.py`` (``CITIES`` gains ``testville`` for the test's duration), and its
stores by ``town_store`` (read-only, session-wide) and ``new_town_store`` (fresh).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from safetynet.cities import City
from safetynet.risk.types import RISK_TYPES
from safetynet.storage.schemas import TABLES

SLUG = "testville"
SOURCE = "testville.txt · 測試資料"
NETWORK = "testville.txt · 服務網絡"
STAFF = "testville.txt · 人力核定"

CITY = City(
    slug=SLUG,
    name_zh="測試市",
    name_en="Test City",
    county_code="99000",
    districts=4,
    centres=3,
    precincts=3,
    headline_metrics=("households_served", "closed_goals_met_pct", "area_km2"),
    declared_metrics=(("service_districts_count", "districts"),),
)

# town code → (zh, en, column, row) of its square on a 2 × 2 grid
DISTRICTS = {
    "99000010": ("甲區", "Jia District", 0, 0),
    "99000020": ("乙區", "Yi District", 1, 0),
    "99000030": ("丙區", "Bing District", 0, 1),
    "99000040": ("丁區", "Ding District", 1, 1),
}
CENTRES = {"east": ("東區中心", "East Centre"), "west": ("西區中心", "West Centre"),
           "north": ("北區中心", "North Centre")}  # fmt: skip
PRECINCTS = {"first": ("第一分局", "First Precinct"), "second": ("第二分局", "Second Precinct"),
             "third": ("第三分局", "Third Precinct")}  # fmt: skip
# 乙區 is served by two centres, 丙區 by two precincts.
DISTRICT_CENTRES = [("99000010", "east"), ("99000020", "east"), ("99000020", "west"),
                    ("99000030", "west"), ("99000040", "north")]  # fmt: skip
DISTRICT_PRECINCTS = [("99000010", "first"), ("99000020", "first"), ("99000030", "second"),
                      ("99000030", "third"), ("99000040", "third")]  # fmt: skip
READING = (
    "⚠ 推定：原文表格錯位，依名稱對齊 / Inferred: the printed table is shifted; matched by name"
)

# (year, type, zh, en, reporter, count); child protection in 2016 only by reporting source
REFERRALS = [
    (2015, "domestic_violence", "家庭暴力通報數", "Domestic violence reports", None, 1000),
    (2016, "domestic_violence", "家庭暴力通報數", "Domestic violence reports", None, 1100),
    (2017, "domestic_violence", "家庭暴力通報數", "Domestic violence reports", None, 1210),
    (2015, "child_protection", "兒少保護通報數", "Child protection reports", None, 400),
    (2016, "child_protection", "兒少保護通報數", "Child protection reports", "社政", 300),
    (2016, "child_protection", "兒少保護通報數", "Child protection reports", "醫衛", 200),
    (2017, "child_protection", "兒少保護通報數", "Child protection reports", None, 450),
    (2015, "elder_protection", "老人保護通報數", "Elder protection reports", None, 40),
    (2016, "elder_protection", "老人保護通報數", "Elder protection reports", None, 50),
    (2017, "elder_protection", "老人保護通報數", "Elder protection reports", None, 40),
]
# risk type code → share in 2019 and in 2020 (each year adds up to 100)
RISK_SHARES = {
    "economic_hardship": (38, 40),
    "family_crisis": (6, 5),
    "family_conflict": (8, 7),
    "child_development": (30, 28),
    "disability_illness": (12, 14),
    "adjustment_difficulty": (6, 6),
}
CAVEAT = "來源未載統計年度 / reference year not stated"
# (metric, zh, en, year, year_to, basis, value, unit, unit_en, note)
OUTCOMES = [
    ("households_served", "服務戶數", "Households served", 2020, None, "calendar", 2468, "戶",
     "households", None),
    ("closed_goals_met_pct", "達成目標結案比率", "Closed with goals met", 2020, None, "calendar",
     75, "%", "percent", "⚠ 推定：年度依上下文 / Inferred: year from context"),
    ("area_km2", "總面積", "Total area", None, None, None, 123.4, "平方公里", "km²", CAVEAT),
    ("population", "人口數", "Population", 2015, None, "calendar", 500000, "人", "persons", None),
    ("population", "人口數", "Population", 2016, None, "calendar", 550000, "人", "persons", None),
    ("service_districts_count", "服務行政區數", "Districts served", None, None, None, 4, "區",
     "districts", CAVEAT),
    ("staff_hiring_rate_pct", "進用率", "Hiring rate", 2020, None, "calendar", 90, "%",
     "percent", None),
    ("staff_posts_increase", "員額數增加", "Increase in posts", None, None, None, 10, "人",
     "posts", CAVEAT),
    ("vulnerable_family_referral_growth_pct", "脆弱家庭通報量提升",
     "Growth in vulnerable-family referrals", None, None, None, 150.5, "%", "percent", CAVEAT),
]  # fmt: skip
# Phase 1: 社會局 20 approved (18 hired), 衛生局 10 (9 hired): 27 of 30 = 90.0 %.
# Phase 2: 30 + 10 new posts; 40 new − 30 approved = +10 posts.
# (phase, name_zh, name_en, year_from, year_to): the programme's first two phases
PHASES = [(1, "第一期", "Phase 1", 2018, 2020), (2, "第二期", "Phase 2", 2021, 2025)]

# (agency_zh, agency_en, period, year_from, year_to, measure, posts)
STAFFING = [
    ("社會局", "Social Affairs Bureau", "phase1", 2018, 2020, "approved", 20),
    ("社會局", "Social Affairs Bureau", "phase1", 2018, 2020, "hired", 18),
    ("社會局", "Social Affairs Bureau", "phase1", 2018, 2020, "vacant", 2),
    ("社會局", "Social Affairs Bureau", "phase2", 2021, 2025, "new", 30),
    ("衛生局", "Department of Health", "phase1", 2018, 2020, "approved", 10),
    ("衛生局", "Department of Health", "phase1", 2018, 2020, "hired", 9),
    ("衛生局", "Department of Health", "phase1", 2018, 2020, "vacant", 1),
    ("衛生局", "Department of Health", "phase2", 2021, 2025, "new", 10),
]
STAFFING_TOTALS = [
    (None, None, "phase1", 2018, 2020, "approved", 30),
    (None, None, "phase1_2", 2018, 2025, "approved_total", 70),
    ("社會局", "Social Affairs Bureau", "phase1_2", 2018, 2025, "approved_total", 50),
    ("衛生局", "Department of Health", "phase1_2", 2018, 2025, "approved_total", 20),
]
DOUBT = "⚠ 目標疑為全國目標 / the target reads like a national one"
# (id, phase, strategy, agency_zh, agency_en, zh, en, unit, unit_en, direction, rule,
#  baseline, baseline_year, target, target_year, note)
INDICATORS = [
    ("t_sites", 1, 1, "社會局", "Social Affairs Bureau", "服務據點數", "Service sites", "處",
     "sites", "up", "by_target_year", None, None, 4, 2020, None),
    ("t_visits", 1, 2, "衛生局", "Department of Health", "訪視率", "Visit rate", "%", "percent",
     "up", "every_year", None, None, 80, None, None),
    ("t_trained", 2, 4, "教育局", "Education Bureau", "受訓人數", "People trained", "人",
     "people", "up", "by_target_year", 100, 2020, 1000, 2025, DOUBT),
]  # fmt: skip
INDICATOR_TARGETS = [("t_trained", 2022, 400)]
# (id, year, basis, value)
INDICATOR_ACTUALS = [
    ("t_sites", 2019, "calendar", 2),
    ("t_sites", 2020, "calendar", 4),
    ("t_visits", 2019, "calendar", 85),
    ("t_visits", 2020, "calendar", 70),
]
DEFINITIONS = [("t_sites", "每區至少一處服務據點。", "At least one service site per district.")]
NETWORK_AGENCIES = [(2, 4, "教育局", "Education Bureau"), (2, 4, "勞工局", "Labour Affairs Bureau")]


def raw_tables() -> dict[str, list[dict[str, object]]]:
    """The city's tables as rows of the shipped CSV files (columns as in ``data/README.md``)."""

    def rows(columns: Sequence[str], values: Sequence[Sequence[object]], **extra: object) -> list:
        return [dict(zip(columns, v, strict=True), **extra) for v in values]

    sourced = {"source": SOURCE}
    return {
        "districts": [
            {"town_code": code, "name_zh": zh, "name_en": en, "source": NETWORK, "note": None}
            for code, (zh, en, _c, _r) in DISTRICTS.items()
        ],
        "centres": rows(("centre_id", "name_zh", "name_en"),
                        [(k, *v) for k, v in CENTRES.items()], source=NETWORK, note=None),
        "precincts": rows(("precinct_id", "name_zh", "name_en"),
                          [(k, *v) for k, v in PRECINCTS.items()], source=NETWORK, note=None),
        "district_centres": rows(("town_code", "centre_id"), DISTRICT_CENTRES, source=NETWORK,
                                 note=None),
        "district_precincts": [
            {"town_code": town, "precinct_id": precinct, "source": NETWORK,
             "note": READING if precinct == "third" and town == "99000030" else None}
            for town, precinct in DISTRICT_PRECINCTS
        ],
        "referrals": rows(("year", "referral_type", "type_zh", "type_en", "reporter", "count"),
                          REFERRALS, unit="件", unit_en="reports", note=None, **sourced),
        "risk_shares": [
            {"year": year, "risk_type": risk.code, "type_zh": risk.full_zh,
             "type_en": risk.full_en, "share_pct": RISK_SHARES[risk.code][i], "note": None,
             **sourced}
            for i, year in enumerate((2019, 2020))
            for risk in RISK_TYPES
        ],
        "outcomes": rows(("metric", "label_zh", "label_en", "year", "year_to", "year_basis",
                          "value", "unit", "unit_en", "note"), OUTCOMES, **sourced),
        "staffing": rows(("agency_zh", "agency_en", "period", "year_from", "year_to", "measure",
                          "posts"), STAFFING, source=STAFF, note=None),
        "staffing_totals": rows(("agency_zh", "agency_en", "period", "year_from", "year_to",
                                 "measure", "posts"), STAFFING_TOTALS, source=STAFF, note=None),
        "indicators": rows(("indicator_id", "phase", "strategy", "agency_zh", "agency_en",
                            "name_zh", "name_en", "unit", "unit_en", "direction", "target_rule",
                            "baseline", "baseline_year", "target", "target_year", "note"),
                           INDICATORS, **sourced),
        "indicator_targets": rows(("indicator_id", "year", "target"), INDICATOR_TARGETS,
                                  note=None, **sourced),
        "indicator_actuals": rows(("indicator_id", "year", "year_basis", "value"),
                                  INDICATOR_ACTUALS, note=None, **sourced),
        "indicator_definitions": rows(("indicator_id", "definition_zh", "definition_en"),
                                      DEFINITIONS, note=None, **sourced),
        "network_agencies": rows(("phase", "strategy", "agency_zh", "agency_en"),
                                 NETWORK_AGENCIES, note=None, **sourced),
        "phases": rows(("phase", "name_zh", "name_en", "year_from", "year_to"), PHASES,
                       note=None, **sourced),
    }  # fmt: skip


def boundaries() -> dict[str, object]:
    """The districts as squares of 0.05° on a 2 × 2 grid near Kaohsiung (GeoJSON)."""
    size, west, south = 0.05, 120.30, 22.60
    features = []
    for code, (zh, en, column, row) in DISTRICTS.items():
        x, y = west + column * size, south + row * size
        ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
        features.append(
            {
                "type": "Feature",
                "properties": {"town_code": code, "name_zh": zh, "name_en": en},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_table(folder: Path, name: str, rows: Sequence[Mapping[str, object]]) -> Path:
    """One table as the shipped CSV files are written: UTF-8, ``\\n``, empty for unknown."""
    columns = TABLES[name].column_names
    frame = pd.DataFrame(list(rows), columns=columns, dtype=object)
    path = folder / f"{name}.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


def write_city(
    data_dir: Path, tables: Mapping[str, Sequence[Mapping[str, object]]] | None = None
) -> Path:
    """Write the city's CSV files and boundaries under ``data_dir``; returns ``data_dir``.

    ``tables`` replaces some tables (name → rows) of :func:`raw_tables`, for a
    variant of the city.
    """
    folder = Path(data_dir) / SLUG
    folder.mkdir(parents=True, exist_ok=True)
    given = {**raw_tables(), **(tables or {})}
    for name in TABLES:  # a table the city has no rows for is a header-only file
        write_table(folder, name, given.get(name, []))
    geo = Path(data_dir) / "geo"
    geo.mkdir(exist_ok=True)
    (geo / f"{SLUG}.geojson").write_text(json.dumps(boundaries(), ensure_ascii=False), "utf-8")
    return Path(data_dir)
