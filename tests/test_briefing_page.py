"""The briefing page in AppTest: the year it opens on, and the deck holding through a
change of language or city."""

from __future__ import annotations

import numbers
import random
from dataclasses import replace

import pandas as pd
import pytest

from safetynet.briefing.sections.scorecard import INDICATOR_TABLES
from safetynet.briefing.years import default_year
from safetynet.i18n import t
from safetynet.indicators.tracker import MET, MISSED, TrackerParams, compute_status_table
from safetynet.staffing.slides import stored_staffing_parts
from safetynet.storage.store import GIVEN, Change, Store
from tests.helpers import (
    REFERRAL_KEY,
    briefing_state,
    key_of,
    referrals,
    row_of,
    shares,
    staffing_frame,
)

REPORTERS = ("社政", "醫衛", "教育", "警政")


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
    from safetynet.briefing.deck import BriefingContext, build_deck
    from safetynet.briefing.reads import section_reads, section_tables
    from safetynet.cities import get_city
    from safetynet.storage.specs import Rows, Summary, table_name

    place = get_city(city)
    kinds = {table_name(s): type(s) for s in section_reads(place, sections)}
    assert kinds["outcomes"] is Rows
    assert kinds["staffing"] is Summary  # the overview's sums; the staffing section's own parts
    assert kinds.get("referrals") is (Summary if "referrals" in sections else None)
    assert {table_name(s): type(s) for s in section_reads(place, ("overview",))}[
        "staffing"
    ] is Summary
    assert "staffing" not in {table_name(s) for s in section_reads(place, ("staffing",))}
    whole = store.read_city(city)
    read = section_tables(store, place, "overview", year)
    assert len(read["outcomes"]) < len(whole["outcomes"])
    ctx = BriefingContext(place, whole, "zh", "roc", year)
    stored = replace(ctx, staffing=stored_staffing_parts(store, city, year))
    by_section = build_deck(stored, sections, lambda key: section_tables(store, place, key, year))
    assert by_section == build_deck(ctx, sections)


def _records(frame: pd.DataFrame) -> list[dict]:
    return [
        {
            k: None if pd.isna(v) else int(v) if isinstance(v, numbers.Integral) else v
            for k, v in r.items()
        }
        for r in frame.to_dict("records")
    ]


@pytest.fixture
def bureau(store: Store) -> Store:
    """Kaohsiung with 12 more referral types, each by 4 sources over 3 years (every other
    type with its printed totals), and 14 more agencies by phase and by year, added, changed
    and deleted by users."""
    rng = random.Random(20)
    rows = []
    for k in range(12):
        for year in (2018, 2019, 2020):
            rows += [(year, f"bulk{k:02d}", rng.randint(0, 90), r) for r in REPORTERS]
            if k % 2:
                rows.append((year, f"bulk{k:02d}", 400 + 7 * k))
    added = _records(referrals(*rows))
    store.apply_changes(
        "kaohsiung",
        "referrals",
        [Change(key_of(r, REFERRAL_KEY), None, r) for r in added],
        who="甲",
    )
    versions = store.read_versioned("kaohsiung", "referrals")
    changed, v0 = row_of(versions, len(versions) - 2)  # a per-source row
    deleted, v1 = row_of(versions, len(versions) - 20)
    store.apply_changes(
        "kaohsiung",
        "referrals",
        [
            Change(
                key_of(changed, REFERRAL_KEY), changed, {**changed, "count": 3, "note": "改"}, v0
            ),
            Change(key_of(deleted, REFERRAL_KEY), deleted, None, v1),
        ],
        who="乙",
    )
    staffing = pd.concat(
        [staffing_frame(rng, 14, yearly=False), staffing_frame(rng, 14, yearly=True)],
        ignore_index=True,
    )
    staffing.loc[staffing.index[::4], "agency_en"] = "Renamed agency"  # a name of some rows only
    staffing.loc[staffing.index[::3], "posts"] = 7  # ties among the largest
    key = ("agency_zh", "period", "measure")
    new = _records(staffing)
    store.apply_changes(
        "kaohsiung", "staffing", [Change(key_of(r, key), None, r) for r in new], who="甲"
    )
    versions = store.read_versioned("kaohsiung", "staffing")
    first, w0 = row_of(versions, 0)
    gone, w1 = row_of(versions, len(versions) - 1)
    store.apply_changes(
        "kaohsiung",
        "staffing",
        [
            Change(key_of(first, key), first, {**first, "posts": 999}, w0),
            Change(key_of(gone, key), gone, None, w1),
        ],
        who="乙",
    )
    return store


@pytest.mark.both_engines
@pytest.mark.parametrize("year", [None, 2019, 2020])
def test_referral_and_staffing_slides_of_a_bureau_are_those_of_the_whole_tables(
    bureau: Store, year: int | None
) -> None:
    """At a bureau's volume the referral slides are built from the counts summed per type and
    year, and the staffing slides from the posts the database adds up per period and per
    agency and the names of the agencies they show, not from the whole tables: the slides
    are the same, with the largest agencies and referral types drawn and the rest as 「其他」
    or listed."""
    from safetynet.briefing.deck import BriefingContext, ChartSlide, build_deck
    from safetynet.briefing.reads import REFERRAL_COUNTS, section_tables
    from safetynet.cities import get_city

    store, place = bureau, get_city("kaohsiung")
    whole = store.read_city("kaohsiung")
    read = section_tables(store, place, "referrals", year)["referrals"]
    assert len(read) < len(whole["referrals"])  # per-source rows added up
    rows = whole["referrals"]
    sources = rows.assign(reporter=rows["reporter"].where(rows["reporter"].isna(), GIVEN))
    want = sources.groupby(list(REFERRAL_COUNTS.by), sort=False, dropna=False)["count"].sum()
    assert list(read["count"]) == list(want)
    parts = stored_staffing_parts(store, "kaohsiung", year)
    assert len(parts.posts) > 12 and len(parts.sums) < len(whole["staffing"])
    sections = ("referrals", "staffing")
    for lang, style in (("zh", "roc"), ("en", "ad")):
        ctx = BriefingContext(place, whole, lang, style, year)
        deck = build_deck(ctx, sections)
        stored = replace(ctx, staffing=parts)
        deck_of = build_deck(stored, sections, lambda key: section_tables(store, place, key, year))
        assert deck_of == deck
        charts = [s for s in deck.slides if isinstance(s, ChartSlide)]
        assert any(s.categories[-1] == t("chart.other", lang) for s in charts)
        lines = next(s for s in charts if s.kind == "line")
        assert 0 < len(lines.series) < 12  # the largest of the types, the rest in the table


@pytest.mark.both_engines
def test_risk_type_slides_read_the_years_they_show_and_are_those_of_the_whole_table(
    store: Store,
) -> None:
    """The risk-type slides read the shares of the year they show and of the year its change
    is against, a year at a time, not the whole table: users' years that do not add up to
    100 % are skipped as the whole table's reading skips them, a user's change of a shown
    year wins, and the slides are the same for every briefing year, before any year with
    shares too, and for a city without shares."""
    from safetynet.briefing.deck import BriefingContext, ChartSlide, MessageSlide, build_deck
    from safetynet.briefing.reads import section_tables
    from safetynet.cities import get_city

    key = ("year", "risk_type")
    added = shares(
        (2017, (40.5, 4.5, 6, 29, 14, 6)),
        (2018, (40, 5, 6, 20, 13, 6)),  # 90 %: not charted
        (2019, (30, 30, 10, 10, 10, 10)),  # ties
        (2021, (43, 5, 6, 20, 20, 6)),  # a row deleted below: 80 %
        (2022, (50, 50, 50, 5, 5, 5)),  # 165 %
    )
    store.apply_changes(
        "kaohsiung",
        "risk_shares",
        [Change(key_of(r, key), None, r) for r in _records(added)],
        who="甲",
    )
    versions = store.read_versioned("kaohsiung", "risk_shares")
    of_year = versions[versions["year"] == 2020]
    first, v0 = row_of(versions, int(of_year.index[0]))
    second, v1 = row_of(versions, int(of_year.index[1]))
    gone = versions[(versions["year"] == 2021) & (versions["share_pct"] == 20)]
    deleted, v2 = row_of(versions, int(gone.index[0]))
    store.apply_changes(
        "kaohsiung",
        "risk_shares",
        [
            Change(key_of(first, key), first, {**first, "share_pct": 40.0}, v0),
            Change(key_of(second, key), second, {**second, "share_pct": 8.0, "note": "改"}, v1),
            Change(key_of(deleted, key), deleted, None, v2),
        ],
        who="乙",
    )
    for city, years in (
        ("kaohsiung", (None, 2016, 2017, 2018, 2019, 2020, 2021, 2023)),
        ("keelung", (None, 2020)),
    ):
        place = get_city(city)
        whole = store.read_city(city)
        for year in years:
            read = section_tables(store, place, "risk_types", year)
            assert read["risk_shares"]["year"].nunique() <= 2
            for lang, style in (("zh", "roc"), ("en", "ad")):
                ctx = BriefingContext(place, whole, lang, style, year)
                by_year = build_deck(replace(ctx, tables=read), ("risk_types",))
                assert by_year == build_deck(ctx, ("risk_types",)), (city, year, lang)
    # what the slides show: 2020 as the users changed it, against 2019; before 2017, nothing
    place = get_city("kaohsiung")
    tables = store.read_city("kaohsiung")
    chart = next(
        s
        for s in build_deck(
            BriefingContext(place, tables, "zh", "roc", 2021), ("risk_types",)
        ).slides
        if isinstance(s, ChartSlide)
    )
    assert "109" in chart.title and sorted(chart.series[0].values)[0] == 6
    assert 40 in chart.series[0].values and 8 in chart.series[0].values
    early = build_deck(BriefingContext(place, tables, "zh", "roc", 2016), ("risk_types",))
    assert isinstance(early.slides[1], MessageSlide)


DOUBT_NOTE = "⚠ 目標疑為全國目標：全國目標 / ⚠ Target reads like a national target: national"


def _bulk_indicators(rng: random.Random, sources: list[str], n: int) -> dict[str, pd.DataFrame]:
    """``n`` indicators of both phases and every target rule, with printed targets and
    actuals of some years, their sources taken in turn from ``sources`` and every other
    one's target in doubt."""
    ind, targets, actuals = [], [], []
    for i in range(n):
        iid, phase = f"bulk_{i:03d}", rng.choice((1, 2))
        first, last = {1: (2018, 2020), 2: (2021, 2025)}[phase]
        rule = rng.choice(("by_target_year", "every_year", "relative_to_previous"))
        base = rule == "by_target_year" and rng.random() < 0.5
        source = sources[i % len(sources)]
        ind.append(
            {
                "indicator_id": iid,
                "phase": phase,
                "strategy": rng.randint(1, 4),
                "agency_zh": rng.choice(("社會局", "衛生局", None)),
                "agency_en": "Agency",
                "name_zh": f"大量指標{i}",
                "name_en": f"Bulk indicator {i}",
                "unit": rng.choice(("%", "處", "人")),
                "unit_en": "unit",
                "direction": rng.choice(("up", "down")),
                "target_rule": rule,
                "baseline": float(rng.randint(0, 80)) if base else None,
                "baseline_year": first - 1 if base else None,
                "target": float(rng.randint(1, 100)),
                "target_year": None if rng.random() < 0.2 else last,
                "source": source,
                "note": DOUBT_NOTE if i % 2 == 0 else None,
            }
        )
        for year in rng.sample(range(first, last + 1), rng.randint(0, 2)):
            targets.append(
                {
                    "indicator_id": iid,
                    "year": year,
                    "target": float(rng.randint(1, 100)),
                    "source": source,
                    "note": None,
                }
            )
        for year in rng.sample(range(first - 1, last + 1), rng.randint(0, 3)):
            actuals.append(
                {
                    "indicator_id": iid,
                    "year": year,
                    "year_basis": "calendar",
                    "value": float(rng.randint(0, 100)),
                    "source": source,
                    "note": None,
                }
            )
    frames = {
        "indicators": pd.DataFrame(ind),
        "indicator_targets": pd.DataFrame(targets),
        "indicator_actuals": pd.DataFrame(actuals),
    }
    for column in ("baseline_year", "target_year"):
        frames["indicators"][column] = frames["indicators"][column].astype("Int64")
    return frames


@pytest.mark.both_engines
def test_scorecard_slides_of_every_year_are_those_of_the_whole_tables(
    store: Store, monkeypatch
) -> None:
    """The briefing's scorecard keeps of every year only what its slides show (the counts
    per strategy, the most urgent indicators, the targets in doubt), computed a part of the
    indicators at a time, not the status table of every indicator and year: for a city
    with 180 more indicators (half with targets in doubt, more than the slides hold),
    users' changed, added and deleted rows, the slides are those of the whole tables for
    every briefing year, and the page opens on the same year."""
    from safetynet.briefing.deck import BriefingContext, MessageSlide, build_deck
    from safetynet.briefing.sections.scorecard import SHOWN_ROWS, stored_scorecards
    from safetynet.briefing.years import opening_year, stored_years
    from safetynet.cities import get_city
    from safetynet.formatting import format_number
    from safetynet.indicators import tables as tracker_tables
    from safetynet.indicators.views import doubted_orders

    rng = random.Random(21)
    shipped = store.read("kaohsiung", "indicators")
    sources = list(dict.fromkeys(shipped["source"]))[:3]
    for name, frame in _bulk_indicators(rng, sources, 180).items():
        store.save_user_rows("kaohsiung", name, frame, who="甲")
    # a user's changes: an actual changed, a printed target raised, an indicator and an
    # actual deleted, a shipped indicator's target put in doubt
    key = ("indicator_id", "year")
    actuals = store.read_versioned("kaohsiung", "indicator_actuals")
    changed, v0 = row_of(actuals, len(actuals) - 1)
    gone, v1 = row_of(actuals, len(actuals) // 2)
    store.apply_changes(
        "kaohsiung",
        "indicator_actuals",
        [
            Change(key_of(changed, key), changed, {**changed, "value": 100.0}, v0),
            Change(key_of(gone, key), gone, None, v1),
        ],
        who="乙",
    )
    targets = store.read_versioned("kaohsiung", "indicator_targets")
    raised, v2 = row_of(targets, 0)
    store.apply_changes(
        "kaohsiung",
        "indicator_targets",
        [Change(key_of(raised, key), raised, {**raised, "target": raised["target"] + 9}, v2)],
        who="乙",
    )
    indicators = store.read_versioned("kaohsiung", "indicators")
    (deleted, v3), (doubted, v4) = row_of(indicators, len(indicators) - 5), row_of(indicators, 0)
    deleted, doubted = (
        {k: int(v) if isinstance(v, numbers.Integral) else v for k, v in r.items()}
        for r in (deleted, doubted)
    )
    store.apply_changes(
        "kaohsiung",
        "indicators",
        [
            Change({"indicator_id": deleted["indicator_id"]}, deleted, None, v3),
            Change(
                {"indicator_id": doubted["indicator_id"]},
                doubted,
                {**doubted, "note": DOUBT_NOTE},
                v4,
            ),
        ],
        who="乙",
    )
    # parts of 7 indicators and SQL lists of 5 ids: the kept rows are merged over parts
    monkeypatch.setattr(tracker_tables, "PART_ROWS", 7)
    monkeypatch.setattr(tracker_tables, "ID_BATCH", 5)
    for city in ("kaohsiung", "keelung"):
        place = get_city(city)
        whole = store.read_city(city)
        kept = stored_scorecards(store, city)
        params = TrackerParams(*(whole[name] for name in INDICATOR_TABLES))
        statuses = compute_status_table(params)
        years = stored_years(store, city)
        assert kept.opening_year(years) == opening_year(statuses, years)
        assert kept.opening_year(years) == default_year(whole)
        tracked = sorted(int(y) for y in statuses["year"].unique())
        assert len(kept.urgent) <= min(SHOWN_ROWS * len(tracked), len(statuses))
        for year in (None, tracked[0] - 1, *tracked, tracked[-1] + 1):
            for lang, style in (("zh", "roc"), ("en", "ad")):
                ctx = BriefingContext(place, whole, lang, style, year)
                deck = build_deck(ctx, ("indicator_scorecard",))
                assert (
                    build_deck(replace(ctx, indicators=kept), ("indicator_scorecard",)) == deck
                ), (
                    city,
                    year,
                    lang,
                )
    # what the slides show: the appendix of the most urgent, every target in doubt counted
    place, tables = get_city("kaohsiung"), store.read_city("kaohsiung")
    kept = stored_scorecards(store, "kaohsiung")
    slides = build_deck(
        BriefingContext(place, tables, "zh", "roc", 2023, indicators=kept),
        ("indicator_scorecard",),
    ).slides
    assert any(s.title.startswith("附錄") for s in slides)
    statuses = compute_status_table(TrackerParams(*(tables[name] for name in INDICATOR_TABLES)))
    scored = statuses[statuses["year"] == 2023].sort_values(["phase", "strategy", "order"])
    doubted_total = len(doubted_orders(tables["indicators"], scored["order"]))
    # of each year at most the rows a deck shows, though 2023 scores more indicators
    assert kept.urgent.groupby("year").size().max() == SHOWN_ROWS < len(scored)
    assert doubted_total > SHOWN_ROWS
    reasons = [s for s in slides if "目標提醒" in s.title]
    assert sum(len(s.rows) for s in reasons) == SHOWN_ROWS
    assert all(format_number(doubted_total) in s.caption for s in reasons)
    empty = build_deck(
        BriefingContext(place, tables, "zh", "roc", 1999, indicators=kept),
        ("indicator_scorecard",),
    )
    assert isinstance(empty.slides[1], MessageSlide)
