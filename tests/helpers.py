"""Helpers shared by test modules (no test module imports another; fixtures live in conftest.py).

Typed tables built in code for the calculators (referrals, outcomes, risk shares,
indicators), broken copies of ``data/`` for validation, the editor login of the
page tests, the previous release's store dump, the plotly specs a page hands to
the browser, the saved scenario the briefing tests show, the briefing page's slide
counter and title, and :func:`import_or_skip`.
"""

from __future__ import annotations

import base64
import importlib
import json
import random
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import sqlalchemy as sa

from safetynet import DATA_DIR
from safetynet.auth import hash_password
from safetynet.briefing.deck import SavedScenario
from safetynet.cases.engine import case_store_url, open_case_store
from safetynet.cases.repository import commit_case_import, prepare_case_import
from safetynet.cities import get_city
from safetynet.editing.plans import plan_table_edit
from safetynet.indicators.tracker import Indicator, TrackerParams, compute_tracker
from safetynet.risk.types import RISK_TYPES
from safetynet.staffing.planner import PlannerParams, ServiceLine
from safetynet.storage.loading import read_raw_tables
from safetynet.storage.store import Change, Store
from safetynet.validation.city import validate_city
from tests.cases_fixtures import TODAY, shipped_reference
from tests.ci_skips import missing

REFERRAL_SOURCE = "003_8c0365bf83128a38.txt · 各類通報案件分析"
RISK_SOURCE = "000_a6c4c72a35a39901.txt · 策略一：布建社會福利服務中心整合社會救助與福利服務 (2/3)"


def import_or_skip(name: str) -> ModuleType:
    """``pytest.importorskip`` that fails instead under ``CI=true``: CI never skips a module."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        missing(f"{name} is not installed: {error}")


# -- broken copies of data/, for validation --------------------------------------------------------
def broken_copy(tmp_path: Path, city: str, table: str, edit) -> Path:
    """A copy of ``data/`` where ``edit(frame)`` has changed one table of ``city``."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / city / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(frame).to_csv(path, index=False)
    return data


def problems_of(data: Path, city: str) -> list[str]:
    _, problems = validate_city(get_city(city), read_raw_tables(data, city))
    return [str(p) for p in problems]


# -- typed referral and outcome tables -------------------------------------------------------------
def referrals(*rows: tuple) -> pd.DataFrame:
    """A typed referrals table from (year, type, count[, reporter]) tuples."""
    records = []
    for row in rows:
        year, code, count, *rest = row
        records.append(
            {
                "year": year,
                "referral_type": code,
                "type_zh": f"{code}通報數",
                "type_en": f"{code} reports",
                "reporter": rest[0] if rest else None,
                "count": count,
                "unit": "件",
                "unit_en": "reports",
                "source": REFERRAL_SOURCE,
                "note": None,
            }
        )
    frame = pd.DataFrame(records)
    frame["year"] = frame["year"].astype("Int64")
    frame["count"] = frame["count"].astype("Int64")
    return frame


def outcomes(*rows: tuple) -> pd.DataFrame:
    """A typed outcomes table from (metric, year, year_to, value) tuples."""
    frame = pd.DataFrame(
        [
            {
                "metric": metric,
                "label_zh": metric,
                "label_en": metric,
                "year": year,
                "year_to": year_to,
                "year_basis": "calendar" if year else None,
                "value": value,
                "unit": "人",
                "unit_en": "persons",
                "source": REFERRAL_SOURCE,
                "note": None,
            }
            for metric, year, year_to, value in rows
        ],
        columns=[
            "metric",
            "label_zh",
            "label_en",
            "year",
            "year_to",
            "year_basis",
            "value",
            "unit",
            "unit_en",
            "source",
            "note",
        ],
    )
    frame["year"] = frame["year"].astype("Int64")
    frame["year_to"] = frame["year_to"].astype("Int64")
    return frame


# -- typed risk-share tables -----------------------------------------------------------------------
def shares(*years: tuple[int, tuple[float, ...]]) -> pd.DataFrame:
    """A typed risk_shares table: for each year, one share per official type in order."""
    records = []
    for year, values in years:
        for risk, value in zip(RISK_TYPES, values, strict=False):
            records.append(
                {
                    "year": year,
                    "risk_type": risk.code,
                    "type_zh": risk.full_zh,
                    "type_en": risk.full_en,
                    "share_pct": float(value),
                    "source": RISK_SOURCE,
                    "note": None,
                }
            )
    frame = pd.DataFrame(records)
    frame["year"] = frame["year"].astype("Int64")
    return frame


KAOHSIUNG_2020 = (43, 5, 6, 28, 12, 6)


# -- indicators, targets and actuals; the tracker of a shipped city --------------------------------
SRC = "seed.txt · slide"


def indicator(**kw) -> Indicator:
    base = {
        "indicator_id": "x",
        "phase": 2,
        "strategy": 1,
        "name_zh": "指標",
        "name_en": "indicator",
        "unit": "%",
        "unit_en": "percent",
        "direction": "up",
        "target_rule": "by_target_year",
        "target": 20.0,
        "target_year": 2025,
        "baseline": 10.0,
        "baseline_year": 2020,
        "agency_zh": "社會局",
        "agency_en": "Social Affairs Bureau",
        "source": SRC,
        "phase_years": (2021, 2025),  # phase 2, as the phases table holds it
    }
    base.update(kw)
    return Indicator(**base)


def targets(*rows: tuple[int, float], iid: str = "x") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"indicator_id": iid, "year": y, "target": v, "source": SRC, "note": None}
            for y, v in rows
        ],
        columns=["indicator_id", "year", "target", "source", "note"],
    )


def actuals(*rows: tuple[int, float], iid: str = "x", basis: str = "calendar") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "indicator_id": iid,
                "year": y,
                "year_basis": basis,
                "value": v,
                "source": SRC,
                "note": None,
            }
            for y, v in rows
        ],
        columns=["indicator_id", "year", "year_basis", "value", "source", "note"],
    )


def tracker_of(city: str):
    typed, problems = validate_city(get_city(city), read_raw_tables(DATA_DIR, city))
    assert problems == []
    return compute_tracker(
        TrackerParams(
            typed["indicators"],
            typed["indicator_targets"],
            typed["indicator_actuals"],
            typed["indicator_definitions"],
            typed["phases"],
        )
    )


# -- the editor login of the page tests ------------------------------------------------------------
PASSWORD = "s3cret-pass"


EDITORS = {"wang": {"name": "王小明", "password_hash": hash_password(PASSWORD)}}


def log_in(at):
    at.text_input(key="auth.user").input("wang")
    at.text_input(key="auth.password").input(PASSWORD)
    at.get("form_submit_button")[0].click().run()
    return at


# -- the previous release's store (schema version 2) -----------------------------------------------
FIXTURES = Path(__file__).parent / "fixtures"


def load_v2_dump(url: str, engine: str) -> None:
    """Fill an empty database with the previous release's store."""
    script = (FIXTURES / f"store_v2.{engine}.sql").read_text(encoding="utf-8")
    if engine == "sqlite":
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        conn.executescript(script)
        conn.close()
        return
    # psql's own commands (\restrict …) are not SQL
    script = "\n".join(line for line in script.splitlines() if not line.startswith("\\"))
    db = sa.create_engine(url, poolclass=sa.NullPool)
    raw = db.raw_connection()
    try:
        raw.cursor().execute(script)  # no parameters: the text is sent as it is
        raw.commit()
    finally:
        raw.close()
    db.dispose()


# -- the pages and their titles --------------------------------------------------------------------
# page script -> its title in (zh, en); one line a page
PAGE_TITLES = {
    "app.py": ("總覽", "Overview"),
    "pages/map.py": ("服務網絡地圖", "Service network map"),
    "pages/referrals.py": ("通報趨勢", "Referral trends"),
    "pages/risk_types.py": ("脆弱家庭風險類型", "Vulnerable-family risk types"),
    "pages/case_analysis.py": ("個案分析", "Case analysis"),
    "pages/staffing.py": ("人力概況", "Staffing overview"),
    "pages/staffing_planner.py": ("人力試算", "Staffing planner"),
    "pages/indicators.py": ("績效指標", "Indicators"),
    "pages/briefing.py": ("簡報", "Briefing"),
    "pages/data_management.py": ("資料管理", "Data"),
}


# -- a planned edit of a stored table --------------------------------------------------------------
DAY = date(2024, 5, 1)


def edit(store: Store, city: str, name: str, change, who: str = "王小明"):
    """Plan an edit of ``name`` made by ``change(frame)`` on the versioned table."""
    before = store.read_versioned(city, name)
    after = change(before.drop(columns=["version"]).copy())
    return plan_table_edit(city, name, before, after, store.read_city(city), who=who, day=DAY)


# -- the plotly figures a page hands to the browser ------------------------------------------------
class Fig(dict):
    """A figure spec from the page, with typed arrays decoded: ``fig.data[0].y``."""

    def __getattr__(self, name):
        return _wrap(self.get(name))


def _wrap(value):
    if isinstance(value, dict) and set(value) >= {"dtype", "bdata"}:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    if isinstance(value, dict):
        return Fig(value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


def figures(at) -> list:
    """The plotly figures on the page, as plain specs (what reaches the browser)."""
    return [_wrap(json.loads(el.proto.spec)) for el in at.get("plotly_chart")]


# -- case records ------------------------------------------------------------------------
def load_cases(files, city: str = "kaohsiung", dataset: str = "real") -> None:
    """Import an export into the case store the page will open (beside the test's store)."""
    engine = open_case_store(case_store_url())
    try:
        plan = prepare_case_import(
            engine, city, files, shipped_reference(city), today=TODAY, dataset=dataset
        )
        assert plan.ok, plan.messages("en")
        commit_case_import(engine, plan, who="測試")
    finally:
        engine.close()


def reload_cases(files, city: str = "kaohsiung", dataset: str = "real") -> None:
    """Remove the case store's ``dataset`` of ``city`` and import ``files`` in its place: a new
    import, as the page's cache sees it (its revision advances)."""
    from components.case_data import forget_case_engines
    from safetynet.cases.repository import remove_dataset

    forget_case_engines()  # the test writes through a connection of its own
    engine = open_case_store(case_store_url())
    try:
        remove_dataset(engine, city, dataset, who="測試")
    finally:
        engine.close()
    load_cases(files, city, dataset)


def texts(at) -> str:
    """Every text element of an AppTest page, Markdown escapes removed."""
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "success", "error")
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts).replace("\\", "")  # Markdown escapes


# -- stores and tables shared by the volume and store-read tests ----------------------
REFERRAL_KEY = ("year", "referral_type", "reporter")
OUTCOME_KEY = ("metric", "year")
VOLUME_SOURCE = "000_a6c4c72a35a39901.txt · 策略一：測試"


def key_of(row: dict, key: tuple[str, ...]) -> dict:
    return {k: row[k] for k in key}


def row_of(frame: pd.DataFrame, i: int) -> tuple[dict, int]:
    record = frame.drop(columns="version").iloc[i].to_dict()
    record = {k: (None if pd.isna(v) else v) for k, v in record.items()}
    for col in ("year", "year_to", "count"):
        if record.get(col) is not None:
            record[col] = int(record[col])
    return record, int(frame["version"].iloc[i])


def edited_store(database_url: str, data_copy: Path) -> Store:
    """A store of ``data_copy`` with Keelung's referrals changed, deleted, added and
    changed again by users (the reads' tests compare every way of reading it)."""
    store = Store.open(database_url, data_copy)
    referrals = store.read_versioned("keelung", "referrals")
    changed, v0 = row_of(referrals, 0)
    deleted, v1 = row_of(referrals, 1)
    kept_then_deleted, v2 = row_of(referrals, 2)
    added_no_reporter = {**changed, "year": 2031, "reporter": None, "count": 5}
    added_then_deleted = {**changed, "year": 2032, "count": 6}
    store.apply_changes(
        "keelung",
        "referrals",
        [
            Change(key_of(changed, REFERRAL_KEY), changed, {**changed, "count": 11}, v0),
            Change(key_of(deleted, REFERRAL_KEY), deleted, None, v1),
            Change(
                key_of(kept_then_deleted, REFERRAL_KEY),
                kept_then_deleted,
                {**kept_then_deleted, "note": "first change"},
                v2,
            ),
            Change(key_of(added_no_reporter, REFERRAL_KEY), None, added_no_reporter),
            Change(key_of(added_then_deleted, REFERRAL_KEY), None, added_then_deleted),
        ],
        who="甲",
    )
    again = store.read_versioned("keelung", "referrals")

    def current(row: dict) -> tuple[dict, int]:
        match = again
        for k in REFERRAL_KEY:
            match = match[match[k].isna()] if row[k] is None else match[match[k] == row[k]]
        return row_of(again, int(match.index[0]))

    changed2, w0 = current(changed)
    kept2, w2 = current(kept_then_deleted)
    added2, w3 = current(added_no_reporter)
    gone2, w4 = current(added_then_deleted)
    store.apply_changes(
        "keelung",
        "referrals",
        [
            Change(key_of(changed2, REFERRAL_KEY), changed2, {**changed2, "count": 12}, w0),
            Change(key_of(kept2, REFERRAL_KEY), kept2, None, w2),
            Change(key_of(added2, REFERRAL_KEY), added2, {**added2, "count": 7}, w3),
            Change(key_of(gone2, REFERRAL_KEY), gone2, None, w4),
        ],
        who="乙",
    )
    # Outcomes: keys with an empty year; change one such row, delete another.
    outcomes = store.read_versioned("kaohsiung", "outcomes")
    no_year = [i for i in range(len(outcomes)) if pd.isna(outcomes["year"].iloc[i])]
    first, u0 = row_of(outcomes, no_year[0])
    second, u1 = row_of(outcomes, no_year[1])
    store.apply_changes(
        "kaohsiung",
        "outcomes",
        [
            Change(key_of(first, OUTCOME_KEY), first, {**first, "note": "checked"}, u0),
            Change(key_of(second, OUTCOME_KEY), second, None, u1),
        ],
        who="甲",
    )
    # A new release: every shipped row is stored again, after the user rows.
    path = data_copy / "keelung" / "referrals.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[-1].endswith(",")  # an empty note, filled in by the release
    lines[-1] += "release 2"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Store.open(database_url, data_copy)


def staffing_frame(
    rng: random.Random, agencies: int, yearly: bool, source: str = VOLUME_SOURCE
) -> pd.DataFrame:
    """A staffing table of ``agencies`` random agencies, by phase or (``yearly``) by year."""
    rows = []
    for a in range(agencies):
        zh, en = f"單位{a:04d}", f"Agency {a:04d}"
        if yearly:
            if rng.random() < 0.9:
                rows.append((zh, en, "baseline", 2017, 2017, "existing", rng.randint(0, 60)))
            for j, period in enumerate(("y2018", "y2019", "y2020")):
                if rng.random() < 0.7:
                    rows.append((zh, en, period, 2018 + j, 2018 + j, "new", rng.randint(0, 20)))
        else:
            approved = rng.randint(0, 90)
            hired = rng.randint(0, approved)
            if rng.random() < 0.9:
                rows += [
                    (zh, en, "phase1", 2018, 2020, "approved", approved),
                    (zh, en, "phase1", 2018, 2020, "hired", hired),
                    (zh, en, "phase1", 2018, 2020, "vacant", approved - hired),
                ]
            if rng.random() < 0.8:
                rows.append((zh, en, "phase2", 2021, 2025, "new", rng.randint(0, 40)))
    rng.shuffle(rows)
    columns = ["agency_zh", "agency_en", "period", "year_from", "year_to", "measure", "posts"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["posts"] = frame["posts"].astype("Int64")
    frame["source"] = source
    frame["note"] = None
    return frame


# -- the briefing ------------------------------------------------------------------
# A saved planner scenario for the briefing's scenario slides: one ratio-method and one
# time-standard line, 2021–2024.
SCENARIO = SavedScenario(
    "基準方案",
    PlannerParams(
        lines=(
            ServiceLine(
                "加害人合併精神疾病", caseload=170, caseload_change_pct=10, cases_per_worker=35,
                workers_per_supervisor=5, approved_posts=6, hired_now=4, lead_time_months=6,
            ),
            ServiceLine(
                "加害人處遇協調", method="time", caseload=40, hours_per_case_month=6,
                productive_hours_month=120, workers_per_supervisor=2, approved_posts=3, hired_now=2,
            ),
        ),
        base_year=2021,
        end_year=2024,
    ),
    saved_at="2024-03-05T01:02:03+00:00",
)  # fmt: skip


def briefing_state(at) -> tuple[str, str]:
    """The briefing page's slide counter and the shown slide's title, as the presenter sees them."""
    shown = [m.value for m in at.markdown if m.value.startswith('<div class="brief-')]
    counter = next(v for v in shown if v.startswith('<div class="brief-counter"'))
    title = next(v for v in shown if re.match(r'<div class="brief-(slide|deck)-title"', v))
    strip = lambda html: re.sub(r"<[^>]+>", " ", html).split()  # noqa: E731
    return " ".join(strip(counter)), " ".join(strip(title))
