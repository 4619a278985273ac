"""The briefing's 個案分析 / Case analysis section on the hand-counted dozen: the slides show
the public release of the case analysis's tables, say so, name the band set, label the demo
data, say 無資料 without cases, and lay out cleanly in the PDF; the page runs with it."""

from __future__ import annotations

import html

import pytest

from safetynet.briefing.case_choice import CaseChoice
from safetynet.briefing.deck import BriefingContext, MessageSlide, TableSlide, build_deck
from safetynet.briefing.pdf import deck_pdf, layout_problems
from safetynet.briefing.pptx import deck_pptx
from safetynet.briefing.sections.cases import read_case_views, shown
from safetynet.cases.analysis import Relations
from safetynet.cases.bands import PRESET_BY_KEY
from safetynet.cases.display import Names
from safetynet.cases.engine import DEMO, REAL, case_store_url, open_case_store
from safetynet.cases.repository import commit_case_import, prepare_case_import
from safetynet.cities import get_city
from safetynet.storage.store import Store
from tests.case_analysis_fixtures import FENGSHAN, LINYUAN, SANMIN, YANCHENG, dozen_files
from tests.cases_fixtures import TODAY, shipped_reference

LIFE = PRESET_BY_KEY["life_stages"].text
LIFE_NAME = {"zh": "生命階段（學齡前、國小、國高中、青年、成人、長者）", "en": "Life stages"}
RELEASE = {"zh": "公開發布：1–2 以「<3」表示", "en": "Public release: counts of 1–2 show as '<3'"}
DEMO_LABEL = "示範資料 / synthetic data"
# Hand-counted from tests/case_analysis_fixtures.py: persons by life-stage band and sex
# (every referral), cases by district (every referral, and those referred in 110年 = 2021).
PERSONS = {
    ("0-5", "M"): 1, ("0-5", "F"): 2,
    ("6-11", "M"): 2, ("6-11", "F"): 1,
    ("12-17", "M"): 3, ("12-17", "F"): 2,
    ("18-24", "M"): 0, ("18-24", "F"): 2,
    ("25-64", "M"): 4, ("25-64", "F"): 6,
    ("65+", "M"): 1, ("65+", "F"): 2,
}  # fmt: skip
CASES_ALL = {FENGSHAN: 4, LINYUAN: 3, SANMIN: 3, YANCHENG: 2}
CASES_2021 = {FENGSHAN: 3, LINYUAN: 2, SANMIN: 1, YANCHENG: 0}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return Store.open(f"sqlite:///{tmp_path_factory.mktemp('cases') / 'store.sqlite'}")


@pytest.fixture
def duck(tmp_path):
    """An empty DuckDB case store of the test's own."""
    engine = open_case_store(f"duckdb:///{tmp_path / 'cases.duckdb'}", tmp_path / "case_key")
    yield engine
    engine.close()


def load(engine, dataset: str = REAL, city: str = "kaohsiung") -> None:
    plan = prepare_case_import(
        engine, city, dozen_files(), shipped_reference(city), today=TODAY, dataset=dataset
    )
    assert plan.ok, plan.messages("en")
    commit_case_import(engine, plan, who="測試")


def choice(dataset: str = REAL, name: str = LIFE_NAME["zh"], bands: str = LIFE) -> CaseChoice:
    return CaseChoice(dataset, name, bands, imported="2026-11-30")


def case_deck(store, engine, lang="zh", year=None, pick=None, city="kaohsiung"):
    tables = store.read_city(city)
    pick = pick or choice(name=LIFE_NAME[lang])
    views = None
    if engine is not None:
        views = read_case_views(engine, city, year, pick, Relations.from_tables(tables))
    ctx = BriefingContext(get_city(city), tables, lang, "roc", year, cases=views)
    return build_deck(ctx, ["cases"]), views, tables


def table_slides(deck) -> list[TableSlide]:
    return [s for s in deck.slides if isinstance(s, TableSlide)]


def visible(slides: list[TableSlide], title_start: str, width: int = 0) -> list[tuple[str, ...]]:
    """The rows of one table, in order, over the slides it takes; with ``width``, a table
    laid out side by side (``width`` columns a block) is read down each block in turn."""
    found = []
    for slide in slides:
        if not slide.title.startswith(title_start):
            continue
        if not width:
            found.extend(slide.rows)
            continue
        for k in range(0, len(slide.columns), width):
            found.extend(row[k : k + width] for row in slide.rows if any(row[k : k + width]))
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_slides_show_the_public_release_of_both_tables(store, duck, lang) -> None:
    load(duck)
    deck, views, tables = case_deck(store, duck, lang)
    slides = table_slides(deck)
    names = Names.from_tables(tables)
    persons_title = {"zh": "個案成員人數", "en": "Persons in cases"}[lang]
    districts_title = {"zh": "各行政區個案數", "en": "Cases by district"}[lang]
    bands = choice().bands
    for view, title, blocks in (
        (views.persons, persons_title, 1),
        (views.cases, districts_title, 3),
    ):
        expected = shown(view, bands, names, lang, "roc")
        width = len(expected.frame.columns) if blocks > 1 else 0
        rows = visible(slides, title, width)
        assert rows == [tuple(r) for r in expected.frame.astype(str).itertuples(index=False)]
        for slide in slides:
            if slide.title.startswith(title):
                assert slide.columns == tuple(expected.frame.columns) * blocks
                assert slide.label_columns == tuple(range(0, 2 * blocks, 2))  # names flush left
    # the 38 districts and the total, three pairs of columns a slide: two slides
    district_slides = [s.title for s in slides if s.title.startswith(districts_title)]
    # the part in the title: full-width brackets in Chinese, 「 (1/2)」 in English
    parts = {"zh": ["（1/2）", "（2/2）"], "en": [" (1/2)", " (2/2)"]}[lang]
    assert len(district_slides) == 2
    assert [
        title[-len(part) :] for title, part in zip(district_slides, parts, strict=True)
    ] == parts
    # against the hand counts: a small count is never printed, a zero is, others are
    persons = {row[0]: row[1:] for row in visible(slides, persons_title)}
    for (band, sex), n in PERSONS.items():
        label = bands.display(band, lang)
        cell = persons[label][0 if sex == "M" else 1]
        if 1 <= n <= 2:
            assert cell == "<3", (band, sex, cell)
        else:
            assert cell in (str(n), "*"), (band, sex, cell)
    district_rows = {row[0]: row[1] for row in visible(slides, districts_title, 2)}
    assert len(district_rows) == 38 + 1  # every district of Kaohsiung and the total
    total = {"zh": "合計", "en": "Total"}[lang]
    assert district_rows[total] == "12"
    assert district_rows[names.get("district", YANCHENG, lang)] == "<3"
    others = [names.get("district", d, lang) for d in (FENGSHAN, LINYUAN, SANMIN)]
    # 鹽埕's 2 would follow from the total: at least one other district is hidden with it
    assert "*" in [district_rows[o] for o in others]
    for o, d in zip(others, (FENGSHAN, LINYUAN, SANMIN), strict=True):
        assert district_rows[o] in (str(CASES_ALL[d]), "*")
    assert {v for k, v in district_rows.items() if k not in others and k != total} == {"<3", "0"}


def test_a_year_counts_the_cases_referred_in_it(store, duck) -> None:
    load(duck)
    deck, _views, tables = case_deck(store, duck, year=2021)
    names = Names.from_tables(tables)
    slides = table_slides(deck)
    assert all("110年" in s.title for s in slides)
    rows = {row[0]: row[1] for row in visible(slides, "各行政區個案數", 2)}
    assert rows["合計"] == "6"
    for district, n in CASES_2021.items():
        cell = rows[names.get("district", district, "zh")]
        assert cell == ("<3" if 1 <= n <= 2 else str(n)) or (cell == "*" and n >= 3)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_slide_states_the_release_and_the_band_set(store, duck, lang) -> None:
    load(duck)
    pick = choice(name="已存：議會用", bands="0-17, 18+")
    deck, _views, _tables = case_deck(store, duck, lang, pick=pick)
    slides = table_slides(deck)
    assert len(slides) == 1 + 2  # persons (one slide), 39 district rows (two slides)
    for slide in slides:
        assert RELEASE[lang] in slide.caption
        assert "已存：議會用" in slide.caption
        assert {"zh": "0–17歲、18歲以上", "en": "0–17, 18+"}[lang] in slide.caption
        assert DEMO_LABEL not in slide.caption
        assert slide.source.startswith({"zh": "個案紀錄（正式資料）", "en": "Case records"}[lang])
        assert "2026-11-30" in slide.source


def test_demo_data_is_labelled_on_every_slide(store, duck) -> None:
    load(duck, DEMO)
    deck, _views, _tables = case_deck(store, duck, pick=choice(DEMO))
    slides = table_slides(deck)
    assert slides
    for slide in slides:
        assert DEMO_LABEL in slide.caption
        assert "示範資料" in slide.source


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_case_data_is_a_no_data_slide(store, duck, lang) -> None:
    deck, _views, _tables = case_deck(store, None, lang)
    [slide] = deck.slides[1:]
    assert isinstance(slide, MessageSlide)
    assert slide.text.startswith({"zh": "無資料", "en": "No data"}[lang])
    load(duck)
    deck, _views, _tables = case_deck(store, duck, lang, year=2019)
    [slide] = deck.slides[1:]
    assert isinstance(slide, MessageSlide)
    assert slide.text.startswith({"zh": "無資料：108年", "en": "No data: no case"}[lang])
    # and says which years the records do cover
    assert {"zh": "110年01月 至 111年12月", "en": "ROC 110-01 to ROC 111-12"}[lang] in slide.text


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("bands", ["life_stages", "five_year"])
def test_the_pdf_with_the_section_lays_out_cleanly(store, duck, lang, bands) -> None:
    load(duck, DEMO)
    pick = choice(DEMO, name="x", bands=PRESET_BY_KEY[bands].text)
    deck, _views, _tables = case_deck(store, duck, lang, pick=pick)
    assert layout_problems(deck) == []
    assert deck_pdf(deck).startswith(b"%PDF")
    assert len(deck_pptx(deck)) > 0


# -- the page --------------------------------------------------------------------------------
def load_into_page_store(city: str = "kaohsiung") -> None:
    """Import the dozen into the case store the page opens (beside the test's main store)."""
    engine = open_case_store(case_store_url())
    try:
        load(engine, REAL, city)
    finally:
        engine.close()


def slide_text(at) -> str:
    """The page's Markdown as a reader sees it (the slide is HTML with escaped text)."""
    return html.unescape("\n".join(str(m.value) for m in at.markdown))


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_presents_the_case_section(app_test, city, lang) -> None:
    if city == "kaohsiung":
        load_into_page_store()
    state = {
        "settings.city": city,
        "settings.lang": lang,
        "briefing.sections": ["cases"],
        "briefing.year": None,  # all years: the dozen was referred in 110–111年
    }
    at = app_test("pages/briefing.py", **state).run()
    assert not at.exception, [e.message for e in at.exception]
    at.button(key="briefing.next").click().run()
    assert not at.exception, [e.message for e in at.exception]
    text = slide_text(at)
    if city == "keelung":  # no case records: the slide says so
        assert {"zh": "無資料", "en": "No data"}[lang] in text
        return
    assert {"zh": "個案成員人數", "en": "Persons in cases"}[lang] in text
    assert '<td class="brief-nowrap"><3</td>' in text  # a small count, hidden
    assert RELEASE[lang] in text
    captions = "\n".join(c.value for c in at.caption)
    assert LIFE_NAME[lang] in captions  # the default preset, none chosen on the analysis page
