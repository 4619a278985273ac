"""The main store's population table (editors import it) and the saved age-band sets."""

from __future__ import annotations

import pytest

from safetynet.cases.band_sets import (
    TABLE_NAME,
    BandSetError,
    delete_band_set,
    list_band_sets,
    save_band_set,
)
from safetynet.editing.importing import prepare_import
from safetynet.editing.plans import commit

pytestmark = pytest.mark.both_engines

HEADER = "town_code,year,age_from,age_to,sex,count,source,note\n"
SOURCE = "內政部戶政司人口統計 · 113年12月"
GOOD = HEADER + "\n".join(
    [
        f"64000120,2024,,,,359000,{SOURCE},",
        f"64000120,2024,0,17,,52000,{SOURCE},",
        f"64000120,2024,18,,,307000,{SOURCE},",
        f"64000120,2024,,,M,175000,{SOURCE},",
        f"64000120,2024,,,F,184000,{SOURCE},",
        f"64000130,2024,,,,68000,{SOURCE},",
    ]
)


def plan_of(store, text: str, city: str = "kaohsiung"):
    return prepare_import(store, city, "population", "population.csv", text.encode(), who="王編輯")


def test_population_ships_empty_for_both_cities(store) -> None:
    assert store.read("kaohsiung", "population").empty
    assert store.read("keelung", "population").empty


def test_an_editor_imports_population_and_it_is_audited(store) -> None:
    plan = plan_of(store, GOOD)
    assert plan.ok, plan.messages("en")
    assert len(plan.of("add")) == 6
    commit(store, plan, who="王編輯")
    stored = store.read("kaohsiung", "population")
    assert stored["count"].sum() == 359000 + 52000 + 307000 + 175000 + 184000 + 68000
    entries = store.history("kaohsiung", "population")
    assert len(entries) == 6 and {e.who for e in entries} == {"王編輯"}
    assert store.read("keelung", "population").empty


@pytest.mark.parametrize(
    ("line", "expected_en"),
    [
        # a Keelung district is not a Kaohsiung district
        ("10017010,2024,,,,1000,s · t,", "'10017010' is not in the districts table"),
        ("64000120,2024,,,,-5,s · t,", "must not be negative"),
        ("64000120,2024,,,,12.5,s · t,", "'12.5' is not a whole number"),
        ("64000120,2024,,,X,100,s · t,", "'X' is not one of: M、F"),
        ("64000120,2024,,17,,100,s · t,", "age_to needs an age_from"),
        ("64000120,2024,30,20,,100,s · t,", "age_from 30 is above age_to 20"),
        ("64000120,1800,,,,100,s · t,", "year"),
    ],
)
def test_bad_population_rows_are_refused_with_line_and_column(store, line, expected_en) -> None:
    before = store.content_hash()
    plan = plan_of(store, HEADER + line)
    assert not plan.ok
    messages = plan.messages("en")
    assert any("line 2" in m and expected_en in m for m in messages), messages
    assert store.content_hash() == before


def test_inconsistent_bands_are_refused(store) -> None:
    overlapping = HEADER + "\n".join(
        [f"64000120,2024,0,17,,100,{SOURCE},", f"64000120,2024,15,24,,50,{SOURCE},"]
    )
    plan = plan_of(store, overlapping)
    assert any("overlap the row for ages 0-17" in m for m in plan.messages("en"))
    assert any("與同一行政區、年份、性別的 0-17 歲那一列重疊" in m for m in plan.messages("zh"))
    not_adding_up = HEADER + "\n".join(
        [
            f"64000120,2024,,,,1000,{SOURCE},",
            f"64000120,2024,0,17,,300,{SOURCE},",
            f"64000120,2024,18,,,600,{SOURCE},",
        ]
    )
    plan = plan_of(store, not_adding_up)
    assert any(
        "all ages is 1,000, but the age rows add up to 900" in m for m in plan.messages("en")
    )
    sexes = HEADER + "\n".join(
        [
            f"64000120,2024,,,,1000,{SOURCE},",
            f"64000120,2024,,,M,480,{SOURCE},",
            f"64000120,2024,,,F,500,{SOURCE},",
        ]
    )
    plan = plan_of(store, sexes)
    assert any("men and women add up to 980" in m for m in plan.messages("en"))


# -- band sets -------------------------------------------------------------------------------
def test_save_list_overwrite_and_delete_a_band_set_audited(store) -> None:
    name = save_band_set(store, "kaohsiung", "  早療  分組 ", "０－２，３～５、6-11", who="林督導")
    assert name == "早療 分組"
    [saved] = list_band_sets(store, "kaohsiung")
    assert (saved.name, saved.text, saved.saved_by) == ("早療 分組", "0-2, 3-5, 6-11", "林督導")
    assert saved.bands.ok and [p.code for p in saved.bands.warnings] == ["no_open_end"]
    assert list_band_sets(store, "keelung") == []
    with pytest.raises(BandSetError) as exists:
        save_band_set(store, "kaohsiung", "早療 分組", "0-17, 18+", who="甲")
    assert exists.value.code == "exists"
    save_band_set(store, "kaohsiung", "早療 分組", "0-17, 18+", who="甲", overwrite=True)
    assert list_band_sets(store, "kaohsiung")[0].text == "0-17, 18+"
    delete_band_set(store, "kaohsiung", "早療 分組", who="乙")
    assert list_band_sets(store, "kaohsiung") == []
    history = store.history("kaohsiung", TABLE_NAME)
    assert [(e.action, e.who) for e in history] == [
        ("delete", "乙"),
        ("change", "甲"),
        ("add", "林督導"),
    ]
    assert history[1].old == {"name": "早療 分組", "bands": "0-2, 3-5, 6-11"}


def test_a_band_set_with_errors_is_refused_and_nothing_written(store) -> None:
    before = store.content_hash()
    with pytest.raises(BandSetError) as err:
        save_band_set(store, "kaohsiung", "重疊", "0-5, 3-8", who="甲")
    assert err.value.code == "invalid" and "overlap" in err.value.detail
    with pytest.raises(BandSetError) as err:
        save_band_set(store, "kaohsiung", "   ", "0-5", who="甲")
    assert err.value.code == "name_required"
    with pytest.raises(BandSetError) as err:
        delete_band_set(store, "kaohsiung", "沒有這組", who="甲")
    assert err.value.code == "missing"
    assert store.content_hash() == before
