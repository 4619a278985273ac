"""The app in a real browser: `streamlit run app.py` driven by Debian's chromium.

What only a browser shows: the navigation a deep link gets on a fresh server,
settings kept across pages by clicking the sidebar links, and the map drawn
inside the streamlit-folium iframe with nothing fetched from the internet.

Needs ``/usr/bin/chromium`` (``apt-get install chromium fonts-noto-cjk``);
never ``playwright install``. Without chromium the tests skip, except under
``CI=true``, where they fail. Screenshots and the server log go to
``test-output/<test name>/`` in the project root (git-ignored).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from components.sidebar import NAVIGATION
from tests.browser import (  # noqa: F401  (fixtures are used by name)
    APP_IDLE,
    BUTTON,
    DOWNLOAD_BUTTON,
    FOLDER_NAV,
    FOLIUM_IFRAME,
    MAP_TIMEOUT_MS,
    N_PAGES,
    PLOT_POINT,
    RENDER_TIMEOUT_MS,
    SIDEBAR,
    AppServer,
    Session,
    app_server,
    assert_healthy,
    browser,
    choose_city,
    choose_radio,
    city_box,
    district_paths,
    expect,
    radio_option,
    require_chromium,
    run_streamlit,
    session,
    sidebar_link,
    wait_rendered,
)

pytestmark = pytest.mark.browser


def test_deep_link_to_map_first(
    app_server: AppServer, session: Session, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The first request of a fresh server is /map: our navigation, no folder mode, no dialog."""
    page = session.page
    if app_server.visited:  # run out of order: this needs an untouched server
        stack = contextlib.ExitStack()
        server = stack.enter_context(
            run_streamlit(tmp_path_factory.mktemp("deep-link-store"), "server-deep-link")
        )
    else:
        stack, server = contextlib.ExitStack(), app_server
    with stack:
        page.goto(server.url("/map"))
        wait_rendered(page, "服務網絡地圖")
        session.screenshot("map_deep_link")

        assert_healthy(page)
        expect(page.locator(FOLDER_NAV)).to_have_count(0)
        sidebar = page.locator(SIDEBAR)
        expect(sidebar.locator('[data-testid="stPageLink"]')).to_have_count(N_PAGES)
        expect(sidebar_link(page, "總覽")).to_have_count(1)
        expect(sidebar_link(page, "服務網絡地圖")).to_have_count(1)
        # section captions
        expect(sidebar.get_by_text("服務網絡", exact=True)).to_have_count(1)
        assert "/map" in page.url


def test_settings_persist_across_pages(app_server: AppServer, session: Session) -> None:
    """City and language chosen on one page hold on the next, both ways."""
    page = session.page
    page.goto(app_server.url("/map"))
    wait_rendered(page, "服務網絡地圖")

    choose_city(page, "基隆市")
    page.wait_for_selector(APP_IDLE, state="attached")
    choose_radio(page, "English")
    wait_rendered(page, "Service network map")
    expect(city_box(page)).to_have_value("Keelung City")
    expect(radio_option(page, "English")).to_have_attribute("data-selected", "true")
    session.screenshot("1_map_keelung_en")

    sidebar_link(page, "Overview").click()
    wait_rendered(page, "Overview")
    assert_healthy(page)
    expect(city_box(page)).to_have_value("Keelung City")
    expect(radio_option(page, "English")).to_have_attribute("data-selected", "true")
    expect(page.locator(SIDEBAR).get_by_text("City", exact=True)).to_have_count(1)
    expect(page.locator(SIDEBAR).get_by_text("Service network", exact=True)).to_have_count(1)
    expect(page.locator(FOLDER_NAV)).to_have_count(0)
    session.screenshot("2_overview_keelung_en")

    sidebar_link(page, "Service network map").click()
    wait_rendered(page, "Service network map")
    assert_healthy(page)
    assert "/map" in page.url
    expect(city_box(page)).to_have_value("Keelung City")
    expect(radio_option(page, "English")).to_have_attribute("data-selected", "true")
    expect(page.locator(FOLDER_NAV)).to_have_count(0)
    session.screenshot("3_map_again_keelung_en")


def test_a_chart_s_data_table_is_built_when_its_expander_opens(
    app_server: AppServer, session: Session
) -> None:
    """The staffing rows sit closed under the page and are only built when opened (a
    rerun of the page): opening shows them with their CSV download, closing hides them."""
    page = session.page
    page.goto(app_server.url("/staffing"))
    wait_rendered(page, "人力概況")
    assert_healthy(page)
    detail = page.locator('[data-testid="stExpander"]').filter(has_text="人力明細（原始資料）")
    expect(detail).to_have_count(1)
    expect(detail.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    detail.locator("summary").click()
    page.wait_for_selector(APP_IDLE, state="attached")
    expect(detail.locator('[data-testid="stDataFrame"]')).to_have_count(
        1, timeout=RENDER_TIMEOUT_MS
    )
    expect(detail.locator(DOWNLOAD_BUTTON)).to_have_count(1)
    assert_healthy(page)
    session.screenshot("1_staffing_detail_open")


def test_map_draws_districts_offline(app_server: AppServer, session: Session) -> None:
    """One `path.district` per district (38 Kaohsiung, 7 Keelung), nothing from the internet."""
    page = session.page
    page.goto(app_server.url("/map"))
    wait_rendered(page, "服務網絡地圖")
    assert_healthy(page)
    expect(page.locator(FOLIUM_IFRAME)).to_have_count(1, timeout=MAP_TIMEOUT_MS)
    expect(district_paths(page)).to_have_count(38, timeout=MAP_TIMEOUT_MS)
    session.screenshot("1_kaohsiung")

    choose_city(page, "基隆市")
    page.wait_for_selector(APP_IDLE, state="attached")
    expect(district_paths(page)).to_have_count(7, timeout=MAP_TIMEOUT_MS)
    assert_healthy(page)
    session.screenshot("2_keelung")

    foreign = session.foreign_requests()
    assert not foreign, f"requests left the machine (CDN assets?): {foreign}"


def test_click_on_a_district_opens_its_panel(app_server: AppServer, session: Session) -> None:
    """Clicking 那瑪夏區 shows its centre, precinct, area and the ⚠ reading note beside the map."""
    page = session.page
    page.goto(app_server.url("/map"))
    wait_rendered(page, "服務網絡地圖")
    paths = district_paths(page)
    expect(paths).to_have_count(38, timeout=MAP_TIMEOUT_MS)
    # Features are drawn in town_code order; the last one is 64000380 那瑪夏區.
    paths.nth(37).dispatch_event("click")
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("那瑪夏區 · Namaxia District")).to_have_count(1)
    expect(main.get_by_text("172.29 km²", exact=False)).to_have_count(1)
    expect(page.locator('[data-testid="stAlertContentWarning"]')).to_contain_text("推定")
    assert_healthy(page)
    session.screenshot("namaxia_panel")


def _button(page, label: str):
    return page.locator(BUTTON).filter(has_text=label).locator("button")


def _slide(page, n: int, title: str) -> int:
    """Check the slide shown is number ``n`` with ``title``; returns the deck's length as shown."""
    main = page.locator('[data-testid="stMain"]')
    counter = main.locator(".brief-counter")
    expect(counter).to_have_text(re.compile(rf"^第 {n} / \d+ 頁$"))
    expect(main.locator(".brief-slide-title, .brief-deck-title").first).to_have_text(title)
    page.wait_for_selector(APP_IDLE, state="attached")
    return int(re.search(r"/ (\d+) 頁", counter.inner_text())[1])


def test_briefing_steps_through_slides(app_server: AppServer, session: Session) -> None:
    """Present the Kaohsiung deck: next / previous, the remote's PageDown, each slide's
    content and source drawn, the PowerPoint download reopens with every slide."""
    from pptx import Presentation

    page = session.page
    page.goto(app_server.url("/briefing"))
    wait_rendered(page, "簡報")
    assert_healthy(page)
    total = _slide(page, 1, "高雄市 強化社會安全網計畫簡報")
    expect(_button(page, "上一頁")).to_be_disabled()
    session.screenshot("1_title")

    _button(page, "下一頁").click()
    _slide(page, 2, "服務網絡")
    expect(page.locator(".brief-card-value").first).to_have_text("38")
    expect(page.locator(".brief-source")).to_contain_text(
        "資料來源：高雄市執行強化社會安全網第二期計畫報告"
    )
    session.screenshot("2_network")

    page.locator(".brief-counter").click()  # focus the page, not a widget
    page.keyboard.press("PageDown")
    _slide(page, 3, "服務成果")

    _button(page, "下一頁").click()
    _slide(page, 4, "人力進用")
    _button(page, "下一頁").click()
    _slide(page, 5, "服務網絡地圖")
    picture = page.locator('[data-testid="stMain"] [data-testid="stImage"] img')
    expect(picture).to_have_count(1)
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-testid=\"stImage\"] img');"
        " return i && i.complete && i.naturalWidth > 1000; }"
    )
    session.screenshot("5_map")

    for n, title in (
        (6, "來源公布的通報數字"),
        (7, "各類通報件數"),
        (8, "109年脆弱家庭風險類型比例"),
    ):
        _button(page, "下一頁").click()
        _slide(page, n, title)
    # the six risk types as bars; plotly.js loads on first use
    expect(page.locator(PLOT_POINT)).to_have_count(6, timeout=RENDER_TIMEOUT_MS)
    session.screenshot("8_risk_chart")

    for n, title in ((7, "各類通報件數"), (6, "來源公布的通報數字"), (5, "服務網絡地圖")):
        _button(page, "上一頁").click()
        _slide(page, n, title)
    assert_healthy(page)

    with page.expect_download() as download:
        page.locator(DOWNLOAD_BUTTON).filter(has_text="下載 PowerPoint").locator("button").click()
    path = session.out_dir / download.value.suggested_filename
    download.value.save_as(path)
    prs = Presentation(str(path))
    assert len(prs.slides) == total  # the file holds every slide the screen counts
    assert prs.slides[7].shapes.title.text_frame.text == "109年脆弱家庭風險類型比例"
    assert prs.slides[10].shapes.title.text_frame.text == "第一期人力進用（107–109年）"
    # the deck opens on 109年, the latest year with results: its scorecard ends the deck
    last = prs.slides[-1]
    assert last.shapes.title.text_frame.text == "109年績效指標計分卡"
    (table,) = [s.table for s in last.shapes if s.has_table]
    assert any("✔ 達成" in cell.text for row in table.rows for cell in row.cells)

    foreign = session.foreign_requests()
    assert not foreign, f"requests left the machine: {foreign}"


# -- data that tries to become markup ------------------------------------------
# Links that leave the page (a heading's own "#…" anchor does not), also plotly's xlink:href.
EVIL_LINKS = 'a[href*="//evil"], a[*|href*="//evil"]'
PAYLOAD_IMAGES = 'img[src="x"], img[src*="evil"]'
# What a wrong escape would leave on screen: backslashes before Markdown characters.
ESCAPE_ARTEFACT = re.compile(r"\\[\[\]<>*_`#]")


def _frames_clean(page) -> list[str]:
    """Links to the payload's site and payload images, in the page and in every iframe."""
    found = []
    for frame in page.frames:
        with contextlib.suppress(Exception):
            found += [
                f"{frame.url}: {h}"
                for h in frame.locator(EVIL_LINKS).evaluate_all("els => els.map(e => e.outerHTML)")
            ]
            found += [
                f"{frame.url}: {h}"
                for h in frame.locator(PAYLOAD_IMAGES).evaluate_all(
                    "els => els.map(e => e.outerHTML)"
                )
            ]
    return found


def test_payloads_in_every_name_run_nothing_and_fetch_nothing(
    session: Session, payload_store_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every page on a store whose names hold <img onerror>, <script>, Markdown links and
    images: no dialog opens, no request leaves the machine, no link or image appears,
    and the payloads read as plain text (no stray escape backslashes)."""
    from safetynet.i18n import t

    work = tmp_path_factory.mktemp("payload-server")
    with sqlite3.connect(payload_store_file) as src, sqlite3.connect(work / "test.sqlite") as dst:
        src.backup(dst)  # the backup API reads through the write-ahead log
    page = session.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    shown_as_text = 0
    with run_streamlit(work, "server-payloads") as server:
        for _section, pages in NAVIGATION:
            for script, title, _icon in pages:
                path = "/" if script == "app.py" else "/" + Path(script).stem
                page.goto(server.url(path))
                wait_rendered(page, t(title, "zh"))
                assert_healthy(page)
                if script == "pages/map.py":
                    paths = district_paths(page)
                    expect(paths).to_have_count(38, timeout=MAP_TIMEOUT_MS)
                    paths.nth(1).hover()  # the tooltip: 鼓山區 with the <script> payload
                    tooltip = page.frame_locator(FOLIUM_IFRAME).first.locator(".leaflet-tooltip")
                    expect(tooltip).to_contain_text("<script>alert(2)</script>")
                    paths.nth(1).dispatch_event("click")  # the side panel
                    page.wait_for_selector(APP_IDLE, state="attached")
                if script == "pages/briefing.py":
                    for _ in range(8):
                        _button(page, "下一頁").click()
                        page.wait_for_selector(APP_IDLE, state="attached")
                        assert not _frames_clean(page)
                session.screenshot(Path(script).stem)
                main = page.locator('[data-testid="stMain"]').inner_text()
                assert not ESCAPE_ARTEFACT.search(main), ESCAPE_ARTEFACT.search(main)
                shown_as_text += main.count("<img src=x onerror=alert(1)>")
                assert not _frames_clean(page), _frames_clean(page)
        time.sleep(1)  # a late onerror or image request would show by now
    assert not dialogs, dialogs
    assert shown_as_text > 0  # the payloads were on screen, as text
    foreign = session.foreign_requests()
    assert not foreign, f"requests left the machine: {foreign}"
    local_x = [u for u in session.requests if urlsplit(u).path.endswith("/x")]
    assert not local_x, local_x  # <img src=x> was never an element
