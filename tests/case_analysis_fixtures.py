"""A dozen invented Kaohsiung cases, counted by hand, for the case-analysis tests.

Every expected number in ``tests/test_case_analysis.py`` was counted from the
table below, not computed by the code under test. Dates are 民國 as the
platform writes them; 110 = 2021, 111 = 2022. Members: (role, age, sex).

====  ======  ==========  =========  =========  =========  ====  ================  ====  ====
case  區      中心         通報        開案        結案        來源   風險類型            程度   主動
====  ======  ==========  =========  =========  =========  ====  ================  ====  ====
C01   鳳山區  鳳山中心     110/01/15  110/01/20  110/06/30  社政  經濟陷困            高    是
C02   鳳山區  鳳山中心     110/02/10  110/02/12             醫衛  經濟陷困、兒少發展  中    否
C03   鳳山區  五甲中心     110/03/05  110/03/05  111/02/01  教育  兒少發展            低    否
C04   林園區  大寮中心     110/03/20  (未開案)              警政  家庭變故            中    是
C05   林園區  大寮中心     110/07/01  110/07/03  110/12/31  社政  經濟陷困            高    否
C06   三民區  三民中心     110/11/11  110/11/15             民眾  關係衝突            中    否
C07   三民區  三民中心     111/01/05  111/01/10  111/09/30  社政  經濟陷困、關係衝突  高    是
C08   三民區  三民中心     111/02/14  111/02/14             醫衛  兒少發展            低    否
C09   鳳山區  鳳山中心     111/04/01  111/04/02             教育  兒少發展、經濟陷困  中    否
C10   鹽埕區  鹽埕中心     111/06/30  111/07/01  111/12/15  社政  經濟陷困            低    否
C11   林園區  大寮中心     111/08/08  111/08/10             社政  家庭變故            高    是
C12   鹽埕區  鹽埕中心     111/12/31  (未開案)              警政  關係衝突            中    否
====  ======  ==========  =========  =========  =========  ====  ================  ====  ====

Districts: 鹽埕區 64000010, 三民區 64000050 (two precincts: sanmin1, sanmin2),
鳳山區 64000120 (two centres: fengshan, wujia), 林園區 64000130.
"""

from __future__ import annotations

import pandas as pd
import pytest

from safetynet.cases.repository import commit_case_import, prepare_case_import
from tests.cases_fixtures import TODAY, case_row, member_row

CASES = [
    # id, district, centre, referred, opened, closed, source, risks, level, proactive
    ("C01", "鳳山區", "鳳山中心", "110/01/15", "110/01/20", "110/06/30", "社政", "經濟陷困", "高", "是"),
    ("C02", "鳳山區", "鳳山中心", "110/02/10", "110/02/12", "", "醫衛", "經濟陷困、兒少發展", "中", "否"),
    ("C03", "鳳山區", "五甲中心", "110/03/05", "110/03/05", "111/02/01", "教育", "兒少發展", "低", "否"),
    ("C04", "林園區", "大寮中心", "110/03/20", "", "", "警政", "家庭變故", "中", "是"),
    ("C05", "林園區", "大寮中心", "110/07/01", "110/07/03", "110/12/31", "社政", "經濟陷困", "高", "否"),
    ("C06", "三民區", "三民中心", "110/11/11", "110/11/15", "", "民眾", "關係衝突", "中", "否"),
    ("C07", "三民區", "三民中心", "111/01/05", "111/01/10", "111/09/30", "社政", "經濟陷困、關係衝突", "高", "是"),
    ("C08", "三民區", "三民中心", "111/02/14", "111/02/14", "", "醫衛", "兒少發展", "低", "否"),
    ("C09", "鳳山區", "鳳山中心", "111/04/01", "111/04/02", "", "教育", "兒少發展、經濟陷困", "中", "否"),
    ("C10", "鹽埕區", "鹽埕中心", "111/06/30", "111/07/01", "111/12/15", "社政", "經濟陷困", "低", "否"),
    ("C11", "林園區", "大寮中心", "111/08/08", "111/08/10", "", "社政", "家庭變故", "高", "是"),
    ("C12", "鹽埕區", "鹽埕中心", "111/12/31", "", "", "警政", "關係衝突", "中", "否"),
]  # fmt: skip

MEMBERS = {
    "C01": [("主要照顧者", 40, "女"), ("兒少", 3, "男"), ("兒少", 8, "女")],
    "C02": [("主要照顧者", 35, "男"), ("兒少", 1, "女")],
    "C03": [("主要照顧者", 29, "女"), ("兒少", 12, "男"), ("兒少", 17, "女")],
    "C04": [("成人", 50, "男")],
    "C05": [("主要照顧者", 45, "女"), ("長者", 70, "男")],
    "C06": [("主要照顧者", 38, "女"), ("兒少", 6, "男"), ("兒少", 15, "男")],
    "C07": [("主要照顧者", 66, "女")],
    "C08": [("主要照顧者", 24, "女"), ("兒少", 0, "女")],
    "C09": [("主要照顧者", 41, "男"), ("兒少", 11, "男"), ("兒少", 13, "女"), ("成人", 18, "女")],
    "C10": [("長者", 80, "女")],
    "C11": [("主要照顧者", 52, "女"), ("兒少", 17, "男")],
    "C12": [("成人", 30, "男"), ("成人", 28, "女")],
}

YANCHENG, SANMIN, FENGSHAN, LINYUAN = "64000010", "64000050", "64000120", "64000130"
FOUR_DISTRICTS = (YANCHENG, SANMIN, FENGSHAN, LINYUAN)


def dozen_files() -> list[tuple[str, bytes]]:
    """The twelve cases as the two CSV files of an export."""
    from tests.cases_fixtures import CASE_HEADER, MEMBER_HEADER, to_csv

    cases = []
    for cid, district, centre, referred, opened, closed, source, risks, level, pro in CASES:
        cases.append(
            case_row(
                cid,
                行政區=district,
                社福中心=centre,
                通報日期=referred,
                開案日期=opened,
                結案日期=closed,
                結案原因="達成目標" if closed else "",
                通報來源=source,
                風險類型=risks,
                脆弱程度=level,
                主動發掘=pro,
                家戶人數=str(len(MEMBERS[cid])),
            )
        )
    members = [
        member_row(cid, no, 角色=role, 年齡=str(age), 性別=sex)
        for cid, people in MEMBERS.items()
        for no, (role, age, sex) in enumerate(people, start=1)
    ]
    return [
        ("cases.csv", to_csv(cases, CASE_HEADER)),
        ("case_members.csv", to_csv(members, MEMBER_HEADER)),
    ]


def population_rows() -> pd.DataFrame:
    """An invented population table for the rate tests (test data, not a real figure)."""
    source = "test · invented population"
    rows = [
        # town, year, age_from, age_to, sex, count
        (FENGSHAN, 2021, None, None, None, 20_000),
        (FENGSHAN, 2021, 0, 17, None, 4_000),
        (FENGSHAN, 2021, 18, None, None, 16_000),
        (FENGSHAN, 2021, None, None, "M", 9_800),
        (FENGSHAN, 2021, None, None, "F", 10_200),
        (FENGSHAN, 2022, None, None, None, 25_000),
        (LINYUAN, 2021, None, None, None, 10_000),
        (SANMIN, 2021, None, None, None, 40_000),
        # 鹽埕區 has no population in the data: no rate there.
    ]
    frame = pd.DataFrame(rows, columns=["town_code", "year", "age_from", "age_to", "sex", "count"])
    frame["age_from"] = frame["age_from"].astype("Int64")
    frame["age_to"] = frame["age_to"].astype("Int64")
    frame["sex"] = frame["sex"].astype(object)
    frame["source"] = source
    frame["note"] = None
    return frame


@pytest.fixture
def dozen(case_engine, reference):
    """The case store (``case_engine``, of the test module) holding the dozen cases, imported
    as a user imports an export. A test module imports it with ``case_engine`` and
    ``reference`` from ``tests/cases_fixtures.py``."""
    plan = prepare_case_import(case_engine, "kaohsiung", dozen_files(), reference, today=TODAY)
    assert plan.ok, plan.messages("en")
    commit_case_import(case_engine, plan, who="測試")
    return case_engine
