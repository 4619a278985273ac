"""The service map in a real browser: the opening view, labels, the corner view, the measure layer.

Same server and browser set-up as ``tests/test_browser.py`` (Debian chromium, no network), with
the demo case records loaded into the test's own store before the server starts. Screenshots
at 1366×768 and 1920×1080 in both languages go to ``test-output/<test name>/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.browser import (  # noqa: F401 - fixtures are used by name
    APP_IDLE,
    FOLIUM_IFRAME,
    MAP_TIMEOUT_MS,
    PROJECT_ROOT,
    RENDER_TIMEOUT_MS,
    SIDEBAR,
    AppServer,
    Session,
    assert_healthy,
    browser,
    choose_radio,
    district_paths,
    expect,
    require_chromium,
    run_streamlit,
    session,
    wait_rendered,
)

pytestmark = pytest.mark.browser

LABEL = ".district-label.shown"
FENGSHAN_INDEX = 11  # districts are drawn in town_code order: 64000120 is the 12th
YANCHENG_INDEX = 0  # 64000010, the smallest district of the core
NAMAXIA_INDEX = 37  # 64000380, in the mountains


@pytest.fixture(scope="module")
def case_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A server whose store holds the demo case records of Kaohsiung."""
    work = tmp_path_factory.mktemp("browser-map-store")
    env = {**os.environ, "SAFETYNET_DATABASE_URL": f"sqlite:///{work / 'test.sqlite'}"}
    subprocess.run(
        [sys.executable, "-m", "safetynet", "demo-cases", "--city", "kaohsiung", "--load"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    with run_streamlit(work, "server-map") as server:
        yield server


def _frame(page):
    return page.frame_locator(FOLIUM_IFRAME).first


def _label_boxes(page) -> list[dict]:
    return (
        _frame(page)
        .locator(LABEL)
        .evaluate_all(
            "els => els.map(e => { const r = e.getBoundingClientRect();"
            " return {text: e.textContent, x: r.left, y: r.top, w: r.width, h: r.height}; })"
        )
    )


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["x"] < b["x"] + b["w"]
                and b["x"] < a["x"] + a["w"]
                and a["y"] < b["y"] + b["h"]
                and b["y"] < a["y"] + a["h"]
            ):
                found.append((a["text"], b["text"]))
    return found


def _open_map(page, server: AppServer, lang: str) -> None:
    page.goto(server.url("/map"))
    wait_rendered(page, "服務網絡地圖")
    if lang == "en":
        choose_radio(page, "English")
        wait_rendered(page, "Service network map")
    expect(district_paths(page)).to_have_count(38, timeout=MAP_TIMEOUT_MS)
    expect(_frame(page).locator(LABEL).first).to_be_visible(timeout=MAP_TIMEOUT_MS)
    page.wait_for_timeout(800)  # labels are placed again once the fonts are in


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366", "1920"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_opens_on_the_core_with_labels_and_draws_the_measure_layer(
    case_server: AppServer, session: Session, lang: str, size: tuple[int, int]
) -> None:
    page = session.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    _open_map(page, case_server, lang)
    assert_healthy(page)
    # The core is above the fold and large enough to click: 鹽埕 (1.6 km²) at least 20 px.
    # (boxes inside the map's iframe come in the page's coordinates)
    yancheng = district_paths(page).nth(YANCHENG_INDEX).bounding_box()
    assert yancheng["width"] >= 20 and yancheng["height"] >= 20, yancheng
    assert yancheng["y"] + yancheng["height"] <= size[1], yancheng
    # Labels: many, none overlapping; 鳳山 in stripes of its two centres.
    boxes = _label_boxes(page)
    assert len(boxes) >= 20, boxes
    assert _overlaps(boxes) == []
    fill = district_paths(page).nth(FENGSHAN_INDEX).get_attribute("fill")
    assert fill.startswith("url(#pat-shared-"), fill
    # The corner view shows the whole city.
    expect(_frame(page).locator("path.inset-district")).to_have_count(38)
    session.screenshot(f"{lang}_{size[0]}_centres")

    # The measure layer: classes with their breaks, values on the labels, the demo said.
    label = "個案量" if lang == "zh" else "Case data"
    page.locator('[data-testid="stMain"] button').filter(has_text=label).first.click()
    page.wait_for_selector(APP_IDLE, state="attached")
    legend = _frame(page).locator(".map-legend")
    expect(legend).to_contain_text("個案數" if lang == "zh" else "Cases", timeout=MAP_TIMEOUT_MS)
    expect(legend).to_contain_text(" – ")
    expect(legend).to_contain_text("synthetic data")
    expect(_frame(page).locator(f"{LABEL} .value").first).to_be_visible()
    assert _overlaps(_label_boxes(page)) == []
    fills = district_paths(page).evaluate_all("els => els.map(e => e.getAttribute('fill'))")
    assert len(set(fills)) >= 3, fills  # a choropleth, not one colour
    assert_healthy(page)
    session.screenshot(f"{lang}_{size[0]}_measure")


def test_a_click_in_the_corner_view_opens_that_district(
    case_server: AppServer, session: Session
) -> None:
    page = session.page
    page.set_viewport_size({"width": 1366, "height": 768})
    _open_map(page, case_server, "zh")
    _frame(page).locator("path.inset-district").nth(NAMAXIA_INDEX).dispatch_event("click")
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("那瑪夏區 · Namaxia District")).to_have_count(
        1, timeout=RENDER_TIMEOUT_MS
    )
    # Picking a centre closes it.
    page.locator('[data-testid="stSelectbox"]').filter(has_text="查看中心或分局").get_by_role(
        "combobox"
    ).click()
    page.get_by_role("option", name="社福中心 · 三民中心", exact=True).click()
    page.wait_for_selector(APP_IDLE, state="attached")
    expect(main.get_by_text("那瑪夏區 · Namaxia District")).to_have_count(
        0, timeout=RENDER_TIMEOUT_MS
    )
    assert page.locator(SIDEBAR).count() == 1
    session.screenshot("inset_click")
