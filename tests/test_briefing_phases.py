"""The briefing names a phase as the staffing page does: the name in the city's ``phases``
table (計畫期程), in both languages, so a phase renamed there (社安網計畫2.0) is named so on
the slides too, never 「第三期」 on one and 「社安網計畫2.0」 on the other."""

from __future__ import annotations

import pandas as pd
import pytest

from safetynet.briefing.deck import BriefingContext, ChartSlide, build_deck, tables_for
from safetynet.briefing.sections.staffing import STAFFING_TABLES
from safetynet.cities import get_city
from safetynet.phases import load_phases
from safetynet.staffing.views import staffing_display_table

RENAMED = {"zh": ("一期計畫", "二期計畫"), "en": ("First phase", "Second phase")}


def _titles(tables, city: str, lang: str, year) -> list[str]:
    deck = build_deck(BriefingContext(get_city(city), tables, lang, "roc", year), ["staffing"])
    return [s.title for s in deck.slides if isinstance(s, ChartSlide)]


def test_the_staffing_section_reads_the_phases_table() -> None:
    assert "phases" in STAFFING_TABLES and "phases" in tables_for(["staffing"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_slides_name_phases_as_the_staffing_page(shipped_store, lang: str) -> None:
    tables = shipped_store.read_city("kaohsiung")
    page = staffing_display_table(tables["staffing"], tables["phases"], lang, "roc")
    page_words = set(page.iloc[:, 1])  # 期別 / Period column, as the staffing page shows it
    names = {p.number: p.name(lang) for p in load_phases(tables["phases"])}
    assert {names[1], names[2]} <= page_words
    titles = _titles(tables, "kaohsiung", lang, None)
    assert any(title.startswith(names[1]) for title in titles), titles  # 第一期人力進用…
    assert any(title.startswith(names[2]) for title in titles), titles  # 第二期新增員額…

    # renamed in the phases table: both the page and the slides follow it
    phases = tables["phases"].copy()
    zh, en = RENAMED["zh"], RENAMED["en"]
    phases.loc[phases["phase"] == 1, ["name_zh", "name_en"]] = [zh[0], en[0]]
    phases.loc[phases["phase"] == 2, ["name_zh", "name_en"]] = [zh[1], en[1]]
    renamed = {**tables, "phases": phases}
    page = staffing_display_table(tables["staffing"], phases, lang, "roc")
    first, second = RENAMED[lang]
    assert {first, second} <= set(page.iloc[:, 1])
    titles = _titles(renamed, "kaohsiung", lang, None)
    assert any(title.startswith(first) for title in titles), titles
    assert any(title.startswith(second) for title in titles), titles
    generic = {"zh": ("第一期", "第二期"), "en": ("Phase 1", "Phase 2")}[lang]
    assert not any(title.startswith(generic) for title in titles), titles


def test_a_deck_without_a_phases_table_uses_the_generic_words(shipped_store) -> None:
    tables = dict(shipped_store.read_city("kaohsiung"))
    tables["phases"] = pd.DataFrame(columns=tables["phases"].columns)
    assert any(t.startswith("第一期") for t in _titles(tables, "kaohsiung", "zh", None))
    assert any(t.startswith("Phase 1") for t in _titles(tables, "kaohsiung", "en", None))
