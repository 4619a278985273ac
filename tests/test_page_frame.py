"""The page frame: every page shows the same title, caption and refused-data warning."""

from __future__ import annotations

import pytest

import components.data
from components.sidebar import NAVIGATION
from safetynet.i18n import t

BROKEN_CITY = "kaohsiung"
PAGES = [script for _section, pages in NAVIGATION for script, _title, _icon in pages]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_warns_that_the_shipped_data_was_refused(app_test, broken_data, page) -> None:
    at = app_test(page, **{"settings.city": BROKEN_CITY}).run()
    assert not at.exception, [e.message for e in at.exception]
    refused = components.data.get_store().refused[BROKEN_CITY]
    assert refused and all(p.table == "districts" for p in refused)
    warnings = [w.value.replace("\\", "") for w in at.warning]
    title = t("data_error.title", "zh")
    for problem in refused:
        assert f"{title} {problem}" in warnings, (page, warnings)


def test_the_other_city_shows_no_refused_data_warning(app_test, broken_data) -> None:
    at = app_test("pages/risk_types.py", **{"settings.city": "keelung"}).run()
    assert not at.exception
    assert not any(t("data_error.title", "zh") in w.value for w in at.warning)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_names_the_city_in_its_caption(app_test, page) -> None:
    at = app_test(page, **{"settings.city": "keelung", "settings.lang": "en"}).run()
    assert not at.exception
    assert at.caption[0].value.startswith("Keelung"), at.caption[0].value
