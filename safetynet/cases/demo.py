"""The synthetic case export (示範資料 / synthetic data): deterministic, calibrated, never real.

``build_demo_export(city, first_year, last_year, seed)`` returns the two
tables of the export format (Chinese headers, 民國 dates), as the bureau's
own export would look, for demonstrations, tests and benchmarks. The same
arguments give byte-identical files.

Calibration to the printed Kaohsiung figures for 民國109年 / 2020
(``000_a6c4c72a35a39901.txt`` · 策略一 (2/3)), exact by construction:

- households served in 2020 = 10,452, where a case is *served in a year*
  when it was opened on or before 31 December and not closed before 1 January;
- 20 % of them proactively found (主動發掘): 2,090;
- their main risk types (the first listed) in the shares 43/5/6/28/12/6 %;
- 70 % of the cases closed in 2020 closed with goals met (達成服務目標).

Everything else is invented and plausible only: yearly growth, case length,
referral sources, vulnerability, household make-up, and the district weights
below, which roughly follow each district's size (large urban districts,
small mountain ones) and are not data. Keelung has no printed case figures:
its volume follows the same weights relative to Kaohsiung, uncalibrated.
Case numbers are ``DEMO-…``; the store keeps demo rows as the ``demo``
dataset and every view of them says 示範資料.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from safetynet import DATA_DIR
from safetynet.cases.format import CASE_COLUMNS, MEMBER_COLUMNS, ROC_OFFSET, load_vocabulary
from safetynet.cities import get_city

CALIBRATION_YEAR = 2020
SERVED_2020 = 10_452
PROACTIVE_SHARE = 0.20
GOALS_MET_SHARE = 0.70
RISK_SHARES = {
    "economic_hardship": 43,
    "family_crisis": 5,
    "family_conflict": 6,
    "child_development": 28,
    "disability_illness": 12,
    "adjustment_difficulty": 6,
}
SOURCE = "000_a6c4c72a35a39901.txt · 策略一：布建社會福利服務中心整合社會救助與福利服務 (2/3)"

# Synthetic relative sizes per district (roughly thousands of residents); weights, not data.
DISTRICT_WEIGHTS: dict[str, dict[str, float]] = {
    "kaohsiung": {
        "鹽埕區": 23, "鼓山區": 139, "左營區": 197, "楠梓區": 191, "三民區": 335, "新興區": 50,
        "前金區": 27, "苓雅區": 167, "前鎮區": 184, "旗津區": 28, "小港區": 155, "鳳山區": 357,
        "林園區": 69, "大寮區": 110, "大樹區": 41, "大社區": 34, "仁武區": 89, "鳥松區": 44,
        "岡山區": 97, "橋頭區": 38, "燕巢區": 29, "田寮區": 7, "阿蓮區": 28, "路竹區": 51,
        "湖內區": 29, "茄萣區": 29, "永安區": 14, "彌陀區": 19, "梓官區": 35, "旗山區": 36,
        "美濃區": 39, "六龜區": 13, "甲仙區": 6, "杉林區": 12, "內門區": 14, "茂林區": 2,
        "桃源區": 4, "那瑪夏區": 3,
    },
    "keelung": {
        "中正區": 51, "七堵區": 53, "暖暖區": 39, "仁愛區": 44, "中山區": 47, "安樂區": 80,
        "信義區": 53,
    },
}  # fmt: skip
# Mountain districts with mostly indigenous residents, and a higher rate of need.
INDIGENOUS_DISTRICTS = {"茂林區", "桃源區", "那瑪夏區"}
RURAL_NEED = 1.6
SOURCE_SHARES = {
    "social_affairs": 0.36,
    "health": 0.17,
    "education": 0.18,
    "police": 0.12,
    "labour": 0.03,
    "public": 0.08,
    "other": 0.06,
}
LEVEL_SHARES = {"高": 0.2, "中": 0.5, "低": 0.3}
OTHER_REASONS = {"moved": 0.25, "transferred": 0.35, "refused": 0.3, "died": 0.03, "other": 0.07}
YEARLY_GROWTH = 1.08
MEAN_CASE_DAYS = 270


@dataclass(frozen=True)
class DemoExport:
    """The two tables of a synthetic export, in the export format (text cells)."""

    cases: pd.DataFrame
    members: pd.DataFrame

    def files(self) -> list[tuple[str, bytes]]:
        """``cases.csv`` and ``case_members.csv`` as bytes (UTF-8 with BOM, as Excel likes)."""
        return [
            ("cases.csv", _csv(self.cases)),
            ("case_members.csv", _csv(self.members)),
        ]

    def write(self, directory: Path) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, data in self.files():
            path = directory / name
            path.write_bytes(data)
            paths.append(path)
        return paths


def _csv(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8-sig")


def _roc(dates: np.ndarray) -> np.ndarray:
    """``110/03/05`` for each datetime64[D] (empty for NaT)."""
    out = np.full(len(dates), "", dtype=object)
    ok = ~np.isnat(dates)
    ts = pd.DatetimeIndex(dates[ok])
    out[ok] = [
        f"{y - ROC_OFFSET:03d}/{m:02d}/{d:02d}"
        for y, m, d in zip(ts.year, ts.month, ts.day, strict=True)
    ]
    return out


def _exact_counts(shares: dict[str, float], total: int) -> dict[str, int]:
    """Largest-remainder split of ``total`` in the given shares."""
    weights = np.array(list(shares.values()), dtype=float)
    raw = weights / weights.sum() * total
    counts = np.floor(raw).astype(int)
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return dict(zip(shares, counts.tolist(), strict=True))


def _assign_exact(rng, idx: np.ndarray, shares: dict[str, float]) -> np.ndarray:
    counts = _exact_counts(shares, len(idx))
    values = np.concatenate([np.full(n, k, dtype=object) for k, n in counts.items()])
    return rng.permutation(values)


def _districts(city: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    districts = pd.read_csv(DATA_DIR / city / "districts.csv", dtype=str, keep_default_na=False)
    links = pd.read_csv(DATA_DIR / city / "district_centres.csv", dtype=str, keep_default_na=False)
    centres = pd.read_csv(DATA_DIR / city / "centres.csv", dtype=str, keep_default_na=False)
    return districts, links.merge(centres[["centre_id", "name_zh"]], on="centre_id")


def build_demo_export(
    city: str = "kaohsiung",
    first_year: int = 2018,
    last_year: int = 2025,
    seed: int = 1,
    *,
    today: date | None = None,
    scale: float = 1.0,
) -> DemoExport:
    """A synthetic export of ``city`` for referrals in ``first_year``–``last_year``.

    ``scale`` multiplies the volume (benchmarks); at 1.0 Kaohsiung's 2020
    figures match the printed ones exactly when 2020 lies in the years.
    Nothing dated after ``today`` (default: the real today) is written.
    """
    info = get_city(city)
    today = today or date.today()
    rng = np.random.default_rng(seed)
    districts, links = _districts(city)
    weights = DISTRICT_WEIGHTS[city]
    kaohsiung_total = sum(DISTRICT_WEIGHTS["kaohsiung"].values())
    city_scale = sum(weights.values()) / kaohsiung_total
    # New cases in 2020 such that, with the case lengths below, about the printed number is
    # served; the exact number is then set by dropping surplus 2020 referrals.
    base_new = SERVED_2020 * city_scale * scale / 1.6
    years = np.arange(first_year, last_year + 1)
    per_year = {
        int(y): int(round(base_new * YEARLY_GROWTH ** (y - CALIBRATION_YEAR) * 1.05)) for y in years
    }
    calibrated = city == "kaohsiung" and scale == 1.0 and CALIBRATION_YEAR in per_year
    if calibrated:
        # Enough 2020 referrals to reach the printed number even with no earlier years;
        # the surplus is dropped below.
        per_year[CALIBRATION_YEAR] = int(SERVED_2020 / 0.85)
    last_day = np.datetime64(today - timedelta(days=1), "D")

    # -- cases -----------------------------------------------------------------------
    referred = np.concatenate(
        [
            np.datetime64(f"{y}-01-01", "D")
            + rng.integers(0, 366 if y % 4 == 0 else 365, n).astype("timedelta64[D]")
            for y, n in per_year.items()
        ]
    )
    referred = np.sort(referred[referred <= last_day])
    n = len(referred)
    opened_after = rng.integers(0, 31, n).astype("timedelta64[D]")
    opened = referred + opened_after
    not_opened = rng.random(n) < 0.08
    opened[not_opened] = np.datetime64("NaT")
    length = np.minimum(rng.exponential(MEAN_CASE_DAYS, n).astype(int) + 30, 1500)
    closed = opened + length.astype("timedelta64[D]")
    closed[not_opened] = referred[not_opened] + rng.integers(3, 45, not_opened.sum()).astype(
        "timedelta64[D]"
    )
    opened[opened > last_day] = np.datetime64("NaT")
    closed[(closed > last_day) | np.isnat(closed)] = np.datetime64("NaT")

    y0, y1 = np.datetime64(f"{CALIBRATION_YEAR}-01-01"), np.datetime64(f"{CALIBRATION_YEAR}-12-31")
    keep = np.ones(n, dtype=bool)
    if calibrated:
        served = ~np.isnat(opened) & (opened <= y1) & (np.isnat(closed) | (closed >= y0))
        surplus = int(served.sum()) - SERVED_2020
        if surplus < 0:
            raise RuntimeError("demo calibration: too few 2020 cases generated")
        droppable = np.flatnonzero(served & (referred >= y0) & (referred <= y1))
        keep[rng.choice(droppable, surplus, replace=False)] = False
    referred, opened, closed = referred[keep], opened[keep], closed[keep]
    n = len(referred)
    served = ~np.isnat(opened) & (opened <= y1) & (np.isnat(closed) | (closed >= y0))
    closed_in_year = ~np.isnat(closed) & (closed >= y0) & (closed <= y1)

    # District: weighted by size, more need in mountain districts; centre among those serving it.
    names = districts["name_zh"].to_numpy()
    w = np.array([weights[d] * (RURAL_NEED if d in INDIGENOUS_DISTRICTS else 1) for d in names])
    district = rng.choice(names, n, p=w / w.sum())
    code_of = dict(zip(districts["name_zh"], districts["town_code"], strict=True))
    serving = links.groupby("town_code")["name_zh"].apply(list).to_dict()
    centre = np.array(
        [serving[code_of[d]][rng.integers(len(serving[code_of[d]]))] for d in district],
        dtype=object,
    )

    main_risk = rng.choice(list(RISK_SHARES), n, p=np.array(list(RISK_SHARES.values())) / 100)
    proactive = rng.random(n) < PROACTIVE_SHARE
    goals = rng.random(n) < GOALS_MET_SHARE
    if calibrated:
        idx = np.flatnonzero(served)
        main_risk[idx] = _assign_exact(rng, idx, RISK_SHARES)
        proactive[idx] = False
        proactive[rng.choice(idx, round(PROACTIVE_SHARE * len(idx)), replace=False)] = True
        cidx = np.flatnonzero(closed_in_year)
        goals[cidx] = False
        goals[rng.choice(cidx, round(GOALS_MET_SHARE * len(cidx)), replace=False)] = True
    risk_names = load_vocabulary("risk_types")
    short = {r.code: r.aliases.split("|")[0] for r in risk_names.frame.itertuples()}
    second = rng.choice(list(RISK_SHARES), n, p=np.array(list(RISK_SHARES.values())) / 100)
    has_second = (rng.random(n) < 0.25) & (second != main_risk)
    risks = np.array(
        [
            f"{short[a]}、{short[b]}" if two else short[a]
            for a, b, two in zip(main_risk, second, has_second, strict=True)
        ],
        dtype=object,
    )
    reason_names = load_vocabulary("close_reasons")
    reason_zh = dict(zip(reason_names.frame["code"], reason_names.frame["name_zh"], strict=True))
    other = rng.choice(list(OTHER_REASONS), n, p=list(OTHER_REASONS.values()))
    reason = np.where(goals, reason_zh["goals_met"], [reason_zh[o] for o in other])
    reason = np.where(np.isnat(closed), "", reason)
    source_names = load_vocabulary("referral_sources")
    source_zh = dict(zip(source_names.frame["code"], source_names.frame["name_zh"], strict=True))
    # Health referrals grow fastest (the report's words); the shares shift a little each year.
    year_of = referred.astype("datetime64[Y]").astype(int) + 1970
    shift = (year_of - first_year) * 0.012
    draw = rng.random(n)
    base = np.array(list(SOURCE_SHARES.values()))
    sources = np.empty(n, dtype=object)
    for i, code in enumerate(SOURCE_SHARES):
        lower = base[:i].sum()
        upper = lower + base[i]
        sources[(draw >= lower) & (draw < upper)] = source_zh[code]
    sources[(sources == source_zh["social_affairs"]) & (rng.random(n) < shift)] = source_zh[
        "health"
    ]
    level = rng.choice(list(LEVEL_SHARES), n, p=list(LEVEL_SHARES.values()))
    size = np.clip(rng.poisson(2.3, n) + 1, 1, 10)
    size[main_risk == "child_development"] = np.maximum(size[main_risk == "child_development"], 2)
    case_ids = np.array([f"DEMO-{city[:3].upper()}-{i:07d}" for i in range(1, n + 1)], dtype=object)

    cases = pd.DataFrame(
        {
            "個案編號": case_ids,
            "縣市": info.name_zh,
            "行政區": district,
            "社福中心": centre,
            "通報日期": _roc(referred),
            "通報來源": sources,
            "開案日期": _roc(opened),
            "結案日期": _roc(closed),
            "結案原因": reason,
            "風險類型": risks,
            "脆弱程度": level,
            "主動發掘": np.where(proactive, "是", "否"),
            "家戶人數": size,
        }
    )
    assert list(cases.columns) == [c.zh for c in CASE_COLUMNS]
    return DemoExport(cases, _members(rng, case_ids, size, main_risk, district, referred))


def _members(rng, case_ids, size, main_risk, district, referred) -> pd.DataFrame:
    """One row per household member: a primary carer, then children, adults and elders."""
    case_index = np.repeat(np.arange(len(case_ids)), size)
    number = np.concatenate([np.arange(1, s + 1) for s in size]) if len(size) else np.array([])
    m = len(case_index)
    child_heavy = np.isin(main_risk[case_index], ["child_development"])
    draw = rng.random(m)
    role = np.where(
        number == 1,
        "主要照顧者",
        np.where(
            draw < np.where(child_heavy, 0.75, 0.45),
            "兒少",
            np.where(draw < 0.88, "成人", "長者"),
        ),
    )
    age = np.select(
        [role == "兒少", role == "成人", role == "長者"],
        [rng.integers(0, 18, m), rng.integers(18, 65, m), rng.integers(65, 96, m)],
        rng.integers(20, 80, m),
    )
    sex = np.where(rng.random(m) < np.where(role == "主要照顧者", 0.7, 0.5), "女", "男")
    disabled = rng.random(m) < np.where(main_risk[case_index] == "disability_illness", 0.35, 0.06)
    indigenous = rng.random(m) < np.where(
        np.isin(district[case_index], list(INDIGENOUS_DISTRICTS)), 0.9, 0.03
    )
    # A fifth of members carry their birth year and month instead of an age.
    by_birth = rng.random(m) < 0.2
    ref = pd.DatetimeIndex(referred[case_index])
    month_index = ref.year * 12 + ref.month - 1 - age * 12 - rng.integers(0, 12, m)
    birth_year, birth_month = month_index // 12, month_index % 12 + 1
    birth = np.array(
        [f"{y - ROC_OFFSET:03d}/{mo:02d}" for y, mo in zip(birth_year, birth_month, strict=True)],
        dtype=object,
    )
    members = pd.DataFrame(
        {
            "個案編號": case_ids[case_index],
            "成員序號": number.astype(int),
            "角色": role,
            "年齡": np.where(by_birth, "", age.astype(str)),
            "出生年月": np.where(by_birth, birth, ""),
            "性別": sex,
            "身心障礙": np.where(disabled, "是", "否"),
            "原住民": np.where(indigenous, "是", "否"),
        }
    )
    assert list(members.columns) == [c.zh for c in MEMBER_COLUMNS]
    return members


DEFAULT_YEARS = (2018, 2025)  # 民國107–114年: phases 1 and 2 of the programme
DEMO_SEED = 1


def parse_years(text: str) -> tuple[int, int]:
    """``107-114`` (民國) or ``2018-2025`` (西元) → Gregorian first and last year."""
    first, _, last = text.replace("–", "-").partition("-")
    years = [int(first), int(last or first)]
    years = [y + ROC_OFFSET if y < 1000 else y for y in years]
    if years[0] > years[1]:
        raise ValueError(f"the first year comes after the last: {text}")
    return years[0], years[1]


class DemoRefused(RuntimeError):  # noqa: N818  (a refusal the user reads, not a fault)
    """The demo dataset is loaded only where the city has no real case data."""


def load_demo(engine, reference, city: str, *, who: str, today: date | None = None) -> int:
    """Import the default synthetic export as the city's ``demo`` dataset; return the import id.

    Refused when the city already holds real case data (the demo is for an
    empty case store) or already holds the demo.
    """
    from safetynet.cases.engine import DEMO
    from safetynet.cases.queries import datasets
    from safetynet.cases.repository import commit_case_import, prepare_case_import

    present = set(datasets(engine, city)["dataset"])
    if present:
        raise DemoRefused(f"{city} already holds case data: {', '.join(sorted(present))}")
    today = today or date.today()
    first, last = DEFAULT_YEARS
    export = build_demo_export(city, first, min(last, today.year), DEMO_SEED, today=today)
    plan = prepare_case_import(engine, city, export.files(), reference, today=today, dataset=DEMO)
    if not plan.ok:  # the generator and the checks disagree: a bug, say so loudly
        raise RuntimeError("; ".join(plan.messages("en")))
    return commit_case_import(engine, plan, who=who)
