"""The briefing page in AppTest: the year it opens on, and the deck holding through a
change of language or city."""

from __future__ import annotations

import pytest

from safetynet.briefing.sections.scorecard import INDICATOR_TABLES
from safetynet.briefing.years import default_year
from safetynet.indicators.tracker import MET, MISSED, TrackerParams, compute_status_table
from safetynet.storage.store import Store
from tests.helpers import briefing_state


def test_language_change_then_next_keeps_sections_year_and_position(app_test) -> None:
    at = app_test("pages/briefing.py").run()
    at.multiselect(key="briefing.sections").set_value(["staffing", "indicator_scorecard"]).run()
    at.button(key="briefing.next").click().run()
    at.button(key="briefing.next").click().run()
    before = briefing_state(at)
    assert before[0].startswith("第 3 / ")
    at.radio(key="settings.lang").set_value("en").run()
    assert briefing_state(at)[0].startswith(
        "Slide 3 of "
    )  # English names wrap otherwise: a total of its own
    # What the browser is told to show: the kept choice, labelled in the new language
    # (a stale Chinese label sent back by the browser emptied the deck).
    sections = at.multiselect(key="briefing.sections").proto
    assert sections.set_value and list(sections.raw_values) == ["Staffing", "Indicator scorecard"]
    year = at.selectbox(key="briefing.year").proto
    assert year.set_value and year.raw_value == "ROC 109"
    at.button(key="briefing.next").click().run()
    assert not at.info, [i.value for i in at.info]  # never "Pick at least one section"
    assert briefing_state(at)[0].startswith("Slide 4 of ")
    assert at.multiselect(key="briefing.sections").value == ["staffing", "indicator_scorecard"]
    assert at.selectbox(key="briefing.year").value == 2020


def test_city_change_keeps_sections_and_the_year_where_the_city_has_it(app_test) -> None:
    at = app_test("pages/briefing.py").run()
    at.multiselect(key="briefing.sections").set_value(["staffing"]).run()
    at.selectbox(key="briefing.year").set_value(2018).run()  # both cities have 107年
    at.button(key="briefing.next").click().run()
    at.selectbox(key="settings.city").set_value("keelung").run()
    assert at.multiselect(key="briefing.sections").value == ["staffing"]
    assert at.selectbox(key="briefing.year").value == 2018
    assert briefing_state(at)[0].startswith("第 1 / ")  # another city's deck opens on its title
    at.button(key="briefing.next").click().run()
    assert briefing_state(at)[0].startswith("第 2 / ")
    year = at.selectbox(key="briefing.year")
    year.select_index(len(year.options) - 1).run()  # 不限: every year
    at.selectbox(key="settings.city").set_value("kaohsiung").run()
    assert at.selectbox(key="briefing.year").value is None
    assert not at.exception


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
def test_default_year_has_actual_results_on_briefing_and_indicators(
    app_test, tmp_database_url, city
) -> None:
    store = Store.open(tmp_database_url)
    tables = {name: store.read(city, name) for name in INDICATOR_TABLES}
    statuses = compute_status_table(TrackerParams(*tables.values()))
    # results: an actual compared with its target (Keelung's one actual has no target
    # to compare with, so its year with an actual)
    compared = statuses[statuses["status"].isin([MET, MISSED])]
    with_results = compared if len(compared) else statuses[statuses["has_actual"]]
    latest = int(with_results["year"].max())
    assert latest == {"kaohsiung": 2020, "keelung": 2018}[city]
    brief = app_test("pages/briefing.py", **{"settings.city": city}).run()
    assert brief.selectbox(key="briefing.year").value == latest
    assert any("有實際成果的最近年度" in c.value for c in brief.caption)
    ind = app_test("pages/indicators.py", **{"settings.city": city}).run()
    assert ind.selectbox(key="indicators.year").value == latest
    assert default_year({**tables}) == latest


def test_refused_data_is_told_beside_the_controls_only_for_that_city(
    app_test,
    broken_data,
) -> None:
    """Kaohsiung's update was refused at start: besides the page's warnings at the top, a
    note by the slide controls tells the presenter the deck shows the data stored earlier
    (the presentation view hides it: tests/test_browser_briefing.py); Keelung's deck has
    none."""
    at = app_test("pages/briefing.py", **{"settings.city": "kaohsiung"}).run()
    assert not at.exception
    notes = [w.value for w in at.warning if "放映前請留意" in w.value]
    assert len(notes) == 1
    assert briefing_state(at)[0].startswith("第 1 / ")  # the deck of the data stored earlier
    at.selectbox(key="settings.city").set_value("keelung").run()
    assert not [w.value for w in at.warning if "放映前請留意" in w.value]


@pytest.mark.both_engines
@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("year", [None, 2019, 2021])
@pytest.mark.parametrize(
    "sections",
    [("overview", "referrals", "risk_types", "staffing"), ("overview", "risk_types")],
)
def test_deck_from_the_sections_reads_is_the_deck_of_the_whole_tables(
    store: Store, city: str, year: int | None, sections: tuple[str, ...]
) -> None:
    """The page reads, one section at a time, the outcomes metrics a section shows and the
    overview's staffing sums (as the home page does), not the whole tables: the slides
    are the same."""
    from components.briefing_view import section_reads, section_tables
    from components.data import Rows, Summary, table_name
    from safetynet.briefing.deck import BriefingContext, build_deck
    from safetynet.cities import get_city

    place = get_city(city)
    kinds = {table_name(s): type(s) for s in section_reads(place, sections)}
    assert kinds["outcomes"] is Rows
    assert kinds["staffing"] is (str if "staffing" in sections else Summary)
    assert {table_name(s): type(s) for s in section_reads(place, ("overview",))}[
        "staffing"
    ] is Summary
    whole = store.read_city(city)
    read = section_tables(store, place, "overview")
    assert len(read["outcomes"]) < len(whole["outcomes"])
    ctx = BriefingContext(place, whole, "zh", "roc", year)
    by_section = build_deck(ctx, sections, lambda key: section_tables(store, place, key))
    assert by_section == build_deck(ctx, sections)
