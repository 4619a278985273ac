"""The 服務網絡地圖 / Service network map page in AppTest: both cities and languages, with and
without case data, the measure layer's numbers on the map, no geometry rebuilt per measure."""

from __future__ import annotations

import json

import pytest

from safetynet.cases.demo import build_demo_export
from safetynet.formatting import format_year
from safetynet.i18n import t
from tests.case_analysis_fixtures import FENGSHAN, LINYUAN, SANMIN, YANCHENG, dozen_files
from tests.cases_fixtures import TODAY
from tests.helpers import load_cases

PAGE = "pages/map.py"


def page(app_test, city: str = "kaohsiung", lang: str = "zh", **state):
    return app_test(PAGE, **{"settings.city": city, "settings.lang": lang, **state}).run()


def texts(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def drawn(at) -> tuple[dict, str]:
    """The map's settings (fills, values …) and its legend, as sent to the browser."""
    [component] = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    script = args["script"]
    start = script.index("var s = ") + len("var s = ")
    settings = json.JSONDecoder().raw_decode(script[start:])[0]
    return settings, args["html"]


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_case_data_the_measure_layer_says_so(app_test, city, lang) -> None:
    at = page(app_test, city, lang, **{"map.layer": "measure"})
    assert not at.exception, [e.message for e in at.exception]
    assert t("map.measure.no_cases", lang) in texts(at)
    settings, legend = drawn(at)  # the map still draws, in the centres' colours
    assert len(settings["fills"]) == (38 if city == "kaohsiung" else 7)
    assert t("map.layer.centre", lang) in legend


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_measure_layer_draws_for_both_cities_and_languages(app_test, city, lang) -> None:
    demo = build_demo_export(city, 2024, 2025, seed=4, today=TODAY, scale=0.05)
    load_cases(demo.files(), city=city, dataset="demo")
    at = page(app_test, city, lang, **{"map.layer": "measure"})
    assert not at.exception, [e.message for e in at.exception]
    settings, legend = drawn(at)
    n = 38 if city == "kaohsiung" else 7
    assert len(settings["values"]) == n and settings["labelValues"] is True
    assert " – " in legend  # the class breaks
    assert t("analysis.demo_note", lang) in legend  # synthetic data, said on the map
    for measure in ("persons", "change", "open_cases", "open_per_worker", "cases_rate"):
        at.selectbox(key="map.measure").set_value(measure).run()
        assert not at.exception, (measure, [e.message for e in at.exception])
        assert "None" not in texts(at) and "nan" not in texts(at)
        # no staffing per centre, no population in the shipped data: said, not an error
        if measure == "open_per_worker":
            assert t("map.measure.no_staffing", lang) in texts(at)
    year = format_year(2025, "roc", lang)
    assert t("map.measure.no_population", lang, year=year) in texts(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_map_shows_the_hand_counted_cases_and_hides_small_ones(app_test, lang) -> None:
    load_cases(dozen_files())
    at = page(app_test, lang=lang, **{"map.layer": "measure", "map.measure.year": 2021})
    assert not at.exception, [e.message for e in at.exception]
    settings, legend = drawn(at)
    values, fills = settings["values"], settings["fills"]
    # 110年: 鳳山 3, 林園 2, 三民 1, 鹽埕 0; a viewer sees the public release
    assert values[FENGSHAN] == "3" and values[YANCHENG] == "0"
    assert values[SANMIN] == values[LINYUAN] == "&lt;3"  # shown as <3, no number
    assert fills[SANMIN] == fills[LINYUAN] == "url(#pat-hidden)"
    assert not fills[FENGSHAN].startswith("url(")
    assert "&lt;3" in legend  # the legend says what the hatching is
    assert t("map.measure.total", lang, total="6") in legend
    # the clicked district's panel carries the measure, as shown on the map
    at.session_state["map.clicked.kaohsiung"] = SANMIN
    at.run()
    assert "<3" in texts(at) and t("map.measure.cases", lang) in texts(at)


def test_changing_the_measure_rebuilds_no_geometry(app_test, monkeypatch) -> None:
    import components.map_panel as panel

    built = []
    original = panel.district_geojson

    def counting(*args, **kwargs):
        built.append(args[1:])
        return original(*args, **kwargs)

    monkeypatch.setattr(panel, "district_geojson", counting)
    load_cases(dozen_files())
    at = page(app_test, **{"map.layer": "measure"})
    assert not at.exception
    for measure in ("persons", "change", "open_cases"):
        at.selectbox(key="map.measure").set_value(measure).run()
    at.selectbox(key="map.measure.year").set_value(2021).run()
    at.segmented_control(key="map.layer").set_value("area_km2").run()
    assert not at.exception
    assert built == [("zh",)]  # once for the city and language, whatever is coloured


def test_picking_a_centre_closes_the_clicked_district(app_test) -> None:
    at = page(app_test, **{"map.clicked.kaohsiung": FENGSHAN})
    assert "#### 鳳山區" in texts(at)
    at.selectbox(key="map.focus").set_value("centre:sanmin").run()
    assert not at.exception
    assert "#### 鳳山區" not in texts(at)
    # the centre's panel lists the precincts it works with, each with the districts shared
    assert "- 三民第一分局（共同負責 1 區）\n- 三民第二分局（共同負責 1 區）" in texts(at)
    assert "map.clicked.kaohsiung" not in at.session_state
