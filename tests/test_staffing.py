"""Staffing overview figures: computed from the agency rows, they must match the printed ones."""

from __future__ import annotations

import pandas as pd
import pytest

from safetynet.staffing.posts import (
    agency_table,
    compute_staffing_overview,
    cumulative_plan,
    published_checks,
    recruitment_cycle,
    required_by_year,
    staffing_context,
)
from safetynet.staffing.views import (
    check_label,
    cumulative_display_table,
)
from safetynet.storage.store import Store


def _outcome(store: Store, city: str, metric: str) -> float:
    outcomes = store.read(city, "outcomes")
    return float(outcomes.loc[outcomes["metric"] == metric, "value"].iloc[0])


def test_kaohsiung_hiring_rate_and_growth_equal_the_printed_figures(shipped_store) -> None:
    overview = compute_staffing_overview(shipped_store.read("kaohsiung", "staffing"))
    assert (overview.hiring.approved, overview.hiring.hired, overview.hiring.vacant) == (
        317,
        305,
        12,
    )
    # the source prints 進用率 96.2% and 員額數增加 372人 (= phase-2 new 689 − phase-1 approved 317)
    assert overview.hiring.hiring_rate_pct == _outcome(
        shipped_store, "kaohsiung", "staff_hiring_rate_pct"
    )
    assert overview.hiring.hiring_rate_pct == 96.2
    assert (
        overview.posts_growth == _outcome(shipped_store, "kaohsiung", "staff_posts_increase") == 372
    )
    assert overview.new_posts == 689 and overview.approved_total == 1006
    assert overview.vacancy_rate_pct == round(100 * 12 / (12 + 305), 1) == 3.8


def _checks(store: Store, city: str) -> list:
    staffing = store.read(city, "staffing")
    return published_checks(
        compute_staffing_overview(staffing),
        store.read(city, "outcomes"),
        staffing,
        store.read(city, "staffing_totals"),
    )


def test_published_checks_all_agree(shipped_store) -> None:
    for city, rates, totals in (
        ("kaohsiung", ["staff_hiring_rate_pct", "staff_posts_increase"], 9),
        ("keelung", [], 13),
    ):
        checks = _checks(shipped_store, city)
        assert [c.metric for c in checks if not c.metric.startswith("total:")] == rates
        assert len([c for c in checks if c.metric.startswith("total:")]) == totals
        assert all(c.agrees for c in checks), checks


def test_printed_totals_per_agency_are_checked_against_the_sums(shipped_store) -> None:
    """社會局 610, 衛生局 296, 毒防局 91, 少輔會 9 (第一、二期核定總計) and Keelung's 合計 row."""
    by_label = {check_label(c, "zh", "roc"): c for c in _checks(shipped_store, "kaohsiung")}
    welfare = by_label["社會局 · 第一、二期（107–114年） · 核定總計（第一期核定＋第二期新增）"]
    assert (welfare.published, welfare.computed) == (610, 262 + 348)
    agencies = [
        c
        for c in _checks(shipped_store, "kaohsiung")
        if c.metric.startswith("total:") and "/phase1_2/" in c.metric
    ]
    assert [(c.metric.split("/")[0], c.published) for c in agencies] == [
        ("total:", 1006),
        ("total:社會局", 610),
        ("total:衛生局", 296),
        ("total:毒防局", 91),
        ("total:少輔會", 9),
    ]
    keelung = [
        c for c in _checks(shipped_store, "keelung") if c.metric.endswith("/y2020/cumulative")
    ]
    assert [c.published for c in keelung] == [86, 27, 26, 14, 16, 3]
    assert all(c.agrees for c in keelung)
    assert (
        check_label(keelung[1], "en", "roc")
        == "Family welfare service centres · ROC 109 · social workers in all"
    )


def test_keelung_plan_runs_from_45_to_86_with_41_new_posts(shipped_store) -> None:
    staffing = shipped_store.read("keelung", "staffing")
    overview = compute_staffing_overview(staffing)
    assert [(step, posts) for step, _year, posts in overview.cumulative] == [
        ("baseline", 45),
        ("y2018", 59),
        ("y2019", 77),
        ("y2020", 86),
    ]
    assert overview.yearly_new_total == 41
    assert overview.hiring is None and agency_table(staffing).empty


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
def test_cumulative_plan_totals_match_the_printed_totals(shipped_store, city) -> None:
    plan = cumulative_plan(shipped_store.read(city, "staffing"))
    totals = shipped_store.read(city, "staffing_totals")
    printed = {
        (r.period, r.measure): r.posts
        for r in totals[totals["agency_zh"].isna()].itertuples()  # the city's totals
        if r.measure in ("cumulative", "approved", "approved_total")
    }
    sums = plan.groupby("step")["posts"].sum().to_dict()
    if city == "kaohsiung":
        assert sums == {
            "phase1": printed[("phase1", "approved")],
            "phase1_2": printed[("phase1_2", "approved_total")],
        }
    else:
        assert sums == {step: printed[(step, "cumulative")] for step in sums}
    table = cumulative_display_table(plan, "zh", "roc")
    assert list(table.iloc[-1])[0] == "合計"
    assert list(table.iloc[-1])[1:] == [sums[s] for s in plan["step"].drop_duplicates()]


def test_kaohsiung_agency_table_sums_to_the_total_row(shipped_store) -> None:
    agencies = agency_table(shipped_store.read("kaohsiung", "staffing"))
    assert list(agencies["agency_zh"]) == ["社會局", "衛生局", "毒防局", "少輔會"]
    assert agencies[["approved", "hired", "vacant", "new", "total"]].sum().tolist() == [
        317,
        305,
        12,
        689,
        1006,
    ]
    assert agencies.loc[0, "hiring_rate_pct"] == round(100 * 256 / 262, 1)
    assert pd.isna(agencies.loc[2, "hiring_rate_pct"])  # 毒防局: 0 approved, no rate


def test_keelung_required_staff_matches_the_worked_examples(shipped_store) -> None:
    required = required_by_year(shipped_store.read("keelung", "staffing"))
    assert list(required[2020]) == [6, 3]  # 5 + 1 and 2 + 1
    assert list(required["existing"]) == [0, 0]
    outcomes = shipped_store.read("keelung", "outcomes")
    for prefix, total in (("offender_mh", 6), ("offender_coordination", 3)):
        workers = _outcome(shipped_store, "keelung", f"{prefix}_social_workers_needed")
        supervisors = _outcome(shipped_store, "keelung", f"{prefix}_supervisors_needed")
        assert workers + supervisors == total
    assert not outcomes.empty


def test_keelung_context_and_recruitment_cycle(shipped_store) -> None:
    outcomes = shipped_store.read("keelung", "outcomes")
    context = staffing_context(outcomes).set_index("metric")["value"]
    assert context["protective_caseload_per_worker"] == 131
    assert context["people_per_social_worker"] == 2147
    assert context["national_people_per_social_worker"] == 1723
    assert context["social_workers_total"] == 173
    cycle = recruitment_cycle(outcomes)
    assert (cycle.months_min, cycle.months_max) == (4, 6)
    assert recruitment_cycle(shipped_store.read("kaohsiung", "outcomes")) is None
