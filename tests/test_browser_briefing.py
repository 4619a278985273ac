"""The briefing in a real browser, as a presenter uses it: the presentation view at a
projector's 1920×1080 and a laptop's 1366×768, the keys a clicker sends right after a
setting changes, and a change of language in the middle of a deck.

Same server and browser fixtures as tests/test_browser.py; screenshots go to
``test-output/<test name>/``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import pytest

from tests.browser import (  # noqa: F401  (fixtures)
    APP_IDLE,
    RENDER_TIMEOUT_MS,
    SIDEBAR,
    AppServer,
    Session,
    _test_dir,
    app_server,
    assert_healthy,
    browser,
    choose_radio,
    require_chromium,
    run_streamlit,
    wait_rendered,
)
from tests.helpers import import_or_skip

pytestmark = pytest.mark.browser
sync_api = import_or_skip("playwright.sync_api")
expect = sync_api.expect

SIZES = [(1920, 1080), (1366, 768)]
COUNTER = ".brief-counter"
SLIDE = ".st-key-briefing-slide"

# Everything the presentation view must satisfy on the shown slide, measured in the page:
# the slide box inside the window; every element inside the box; no text wider than its
# box; a short table cell (無資料, 達成) on one line.
MEASURE = """() => {
  const box = document.querySelector('.st-key-briefing-slide');
  const r = box.getBoundingClientRect();
  const problems = [];
  if (r.height > window.innerHeight + 1 || r.width > window.innerWidth + 1)
    problems.push(`slide ${r.width}x${r.height} in a ${window.innerWidth}x${window.innerHeight} window`);
  if (document.scrollingElement.scrollHeight > window.innerHeight + 1)
    problems.push('the page scrolls');
  for (const el of box.querySelectorAll('*')) {
    const e = el.getBoundingClientRect();
    if (e.width === 0 || e.height === 0 || el.closest('[data-testid="stDownloadButton"]')) continue;
    if (e.bottom > r.bottom + 1 || e.right > r.right + 1 || e.top < r.top - 1 || e.left < r.left - 1)
      problems.push(`outside the slide: ${el.tagName}.${el.className} ${(el.innerText || '').slice(0, 40)}`);
  }
  for (const el of box.querySelectorAll('[class^="brief-"], td, th')) {
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
      problems.push(`text wider than its box: ${(el.innerText || '').slice(0, 40)}`);
    if (el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY === 'hidden')
      problems.push(`text cut: ${(el.innerText || '').slice(0, 40)}`);
  }
  for (const cell of box.querySelectorAll('td, th')) {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = new Set([...range.getClientRects()].map(q => Math.round(q.top)));
    if (cell.classList.contains('brief-nowrap') && tops.size > 1)
      problems.push(`short cell on ${tops.size} lines: ${cell.innerText}`);
    if (cell.scrollWidth > cell.clientWidth + 1)
      problems.push(`cell overflows: ${cell.innerText.slice(0, 40)}`);
  }
  const table = box.querySelector('table');
  if (table && table.getBoundingClientRect().right > r.right + 1) problems.push('table wider than the slide');
  return problems;
}"""


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def sized(browser, request: pytest.FixtureRequest) -> Iterator[Session]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-TW")
    context.set_default_timeout(RENDER_TIMEOUT_MS)
    s = Session(page=context.new_page(), out_dir=_test_dir(request))
    try:
        yield s
    finally:
        with contextlib.suppress(Exception):
            s.screenshot("last")
        context.close()


def _counter(page) -> str:
    return page.locator(COUNTER).inner_text().strip()


def _wait_counter(page, pattern: str) -> None:
    expect(page.locator(COUNTER)).to_have_text(re.compile(pattern), timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector(APP_IDLE, state="attached")


def _open_briefing(page, server: AppServer, lang: str) -> None:
    page.goto(server.url("/briefing"))
    wait_rendered(page, "簡報")
    if lang == "en":
        choose_radio(page, "English")
        wait_rendered(page, "Briefing")
    page.wait_for_selector(APP_IDLE, state="attached")
    page.wait_for_function("() => window.__briefingKeys === true")  # the presenter's keys


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_slide_fits_the_screen_in_the_presentation_view(
    app_server: AppServer,
    sized: Session,
    lang: str,
) -> None:
    page = sized.page
    _open_briefing(page, app_server, lang)
    total = int(re.findall(r"\d+", _counter(page))[-1])
    page.keyboard.press("f")  # one key: the slide alone, full screen where the browser lets it
    expect(page.locator(".brief-backdrop")).to_have_count(1, timeout=RENDER_TIMEOUT_MS)
    expect(page.locator(SIDEBAR)).to_be_hidden()
    page.wait_for_selector(APP_IDLE, state="attached")
    failures = []
    for n in range(1, total + 1):
        shown = page.locator(".brief-slide-no", has_text=re.compile(rf"^{n} / {total}$"))
        expect(shown).to_have_count(1, timeout=RENDER_TIMEOUT_MS)
        page.wait_for_selector(APP_IDLE, state="attached")
        expect(page.locator(".brief-slide-no")).to_have_count(1)  # the last slide's is gone
        page.wait_for_timeout(300)  # a chart or picture settles its size
        sized.screenshot(f"{lang}_{n:02d}")
        failures += [f"slide {n}: {p}" for p in page.evaluate(MEASURE)]
        if n < total:
            page.keyboard.press("PageDown")
    assert not failures, "\n".join(failures)
    page.keyboard.press("Escape")
    expect(page.locator(".brief-backdrop")).to_have_count(0, timeout=RENDER_TIMEOUT_MS)
    expect(page.locator(SIDEBAR)).to_be_visible()
    assert_healthy(page)


def test_clicker_keys_work_right_after_a_setting_change_and_a_language_change(
    app_server: AppServer,
    sized: Session,
) -> None:
    page = sized.page
    _open_briefing(page, app_server, "zh")
    _wait_counter(page, r"^第 1 / \d+ 頁$")
    # a new year picked: the focus is still in the select box when the clicker is pressed
    year = page.locator(".st-key-briefing-year").get_by_role("combobox")
    if not year.is_visible():
        page.locator(".st-key-briefing-setup summary").click()
    for _ in range(3):  # a click while the page settles may not open the list
        year.click()
        if page.get_by_role("option").first.is_visible():
            break
        page.keyboard.press("Escape")
        page.wait_for_timeout(500)
    expect(page.get_by_role("option").first).to_be_visible()  # the list is open
    page.keyboard.type("108", delay=50)
    expect(page.get_by_role("option", name="108年", exact=True)).to_have_count(1)
    page.keyboard.press("Enter")
    expect(year).to_have_value("108年")
    subtitle = page.locator(".brief-deck-subtitle")
    expect(subtitle).to_contain_text("資料截至 108年", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector(APP_IDLE, state="attached")
    page.keyboard.press("PageDown")
    _wait_counter(page, r"^第 2 / \d+ 頁$")
    page.keyboard.press("PageUp")
    _wait_counter(page, r"^第 1 / \d+ 頁$")
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")  # once only each: never two steps for one press
    _wait_counter(page, r"^第 3 / \d+ 頁$")
    # a change of language, then the clicker: same sections, year and slide, never empty
    choose_radio(page, "English")
    _wait_counter(page, r"^Slide 3 of \d+$")
    page.keyboard.press("PageDown")
    _wait_counter(page, r"^Slide 4 of \d+$")
    expect(page.locator('[data-testid="stAlert"]')).to_have_count(0)
    expect(page.locator(".st-key-briefing-year").get_by_role("combobox")).to_have_value("ROC 108")
    sized.screenshot("after_language")
    assert_healthy(page)


@pytest.fixture(scope="module")
def refused_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A server whose store holds the shipped data, started on a copy of the data with one
    of Kaohsiung's files broken: the store refuses the update at start (as after a bad
    edit of data/), keeps the earlier rows and the pages warn."""
    import shutil

    from safetynet import DATA_DIR
    from safetynet.storage.store import Store

    work = tmp_path_factory.mktemp("refused-store")
    Store.open(f"sqlite:///{work / 'test.sqlite'}", DATA_DIR).close()  # the good data first
    data = tmp_path_factory.mktemp("refused-data") / "data"
    shutil.copytree(DATA_DIR, data)
    districts = data / "kaohsiung" / "districts.csv"
    first_row = districts.read_text(encoding="utf-8").splitlines()[1]
    with districts.open("a", encoding="utf-8") as f:
        f.write(first_row + "\n")  # a district listed twice
    with run_streamlit(work, "server-refused", data_dir=data) as server:
        yield server


def test_the_presenter_sees_refused_data_before_the_show_and_the_room_does_not(
    refused_server: AppServer,
    sized: Session,
) -> None:
    """The update of the city's data was refused at start: the deck shows the data stored
    earlier. The presenter is told so beside the controls, in view when the page opens at
    either screen size, before starting the show; the show itself, which the room sees,
    does not carry the note (its slides carry their sources)."""
    page = sized.page
    _open_briefing(page, refused_server, "zh")
    height = page.viewport_size["height"]
    top_warning = page.locator('[data-testid="stAlert"]', has_text="資料檔有誤").first
    expect(top_warning).to_be_visible()
    note = page.locator(".st-key-briefing-refused")
    expect(note).to_be_visible()
    expect(note).to_contain_text("放映前請留意")
    box, nav = note.bounding_box(), page.locator(".st-key-briefing-present").bounding_box()
    assert box is not None and nav is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, box  # in view at first paint
    assert box["y"] < nav["y"] <= box["y"] + box["height"] + 80, (box, nav)  # by the controls
    assert nav["y"] + nav["height"] <= height  # the Present button, too
    sized.screenshot("before_the_show")
    page.keyboard.press("f")
    expect(page.locator(".brief-backdrop")).to_have_count(1, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector(APP_IDLE, state="attached")
    expect(note).to_be_hidden()
    assert page.evaluate(MEASURE) == []
    page.keyboard.press("PageDown")
    expect(page.locator(".brief-slide-no", has_text=re.compile(r"^2 / \d+$"))).to_have_count(1)
    expect(note).to_be_hidden()
    sized.screenshot("in_the_show")
    page.keyboard.press("Escape")
    expect(page.locator(".brief-backdrop")).to_have_count(0, timeout=RENDER_TIMEOUT_MS)
    expect(note).to_be_visible()
    assert_healthy(page)
