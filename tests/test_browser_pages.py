"""Every page as a user sees it, at a projector's and a laptop's size, in both languages.

For each page at 1920×1080 and 1366×768 (Chinese and English), in Debian's
chromium: no text cut with an ellipsis or overflowing its box, no chart text
outside its chart, no 「None」/「nan」 in the page, and a screenshot of the whole
page in ``test-output/pages/<lang>_<width>/`` to look at (git-ignored).

Tables too: an st.dataframe header or cell wider than its column (the grid draws on a
canvas, so its columns and cells are read from the grid's props and measured in its font;
in a table whose rows are tall enough to wrap, a cell whose lines do not fit its row or
that breaks a word), and a word broken over two lines in an HTML table (「無資 / 料」). ``test_shown_values.py``
checks the tables' cells as they are sent to the browser.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from components.sidebar import NAVIGATION
from safetynet.i18n import t
from tests.browser import (
    APP_IDLE,
    CHROMIUM,
    CHROMIUM_ARGS,
    OUTPUT_ROOT,
    RENDER_TIMEOUT_MS,
    SELECTBOX,
    SIDEBAR,
    assert_healthy,
    choose_radio,
    run_streamlit,
    sidebar_link,
    wait_rendered,
)
from tests.ci_skips import missing
from tests.helpers import import_or_skip

pytestmark = pytest.mark.browser
sync_api = import_or_skip("playwright.sync_api")
expect = sync_api.expect

PAGES = [(script, title) for _section, pages in NAVIGATION for script, title, _icon in pages]
VIEWS = [("zh", 1920, 1080), ("zh", 1366, 768), ("en", 1920, 1080), ("en", 1366, 768)]
MISSING_WORDS = re.compile(r"(?<![A-Za-z])(None|nan|NaN|NaT)(?![A-Za-z])|<NA>")
SETTLE_MS = 1500

# Text cut or spilling out, found in the page: elements holding text whose content is wider
# than their box where the box hides the rest (an ellipsis or a clip), and chart texts
# (titles, legends, labels) drawn outside their chart.
FIND_CUT_TEXT = """
() => {
  const found = [];
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const skip = '[data-testid="stDataFrame"], [data-testid="stDataFrameResizable"], '
    + '.js-plotly-plot, iframe, textarea, input, [data-testid="stCode"], [role="tablist"], '
    + '[data-baseweb="popover"], .stTooltipContent';
  for (const el of document.querySelectorAll('[data-testid="stSidebar"] *, [data-testid="stMain"] *')) {
    if (el.closest(skip) || !shown(el)) continue;
    const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
    if (!own) continue;
    const style = getComputedStyle(el);
    const inline = style.display === 'inline';
    const rect = el.getBoundingClientRect();
    const contentRight = inline ? rect.right : rect.left + el.scrollWidth;
    const hides = (s) => ['hidden', 'clip'].includes(s.overflowX) || s.textOverflow === 'ellipsis';
    let cut = null;
    if (!inline && el.scrollWidth > el.clientWidth + 1 && hides(style)) {
      cut = style.textOverflow === 'ellipsis' ? 'ellipsis' : 'clipped';
    }
    // or a box around it hides what runs past its edge (a label in a narrow widget)
    for (let box = el.parentElement, up = 0; !cut && box && up < 6; box = box.parentElement, up++) {
      const boxStyle = getComputedStyle(box);
      const scrolls = ['auto', 'scroll'].includes(boxStyle.overflowX);
      if ((hides(boxStyle) || scrolls) && contentRight > box.getBoundingClientRect().right + 1) {
        const what = box.getAttribute('data-testid') || box.tagName.toLowerCase();
        cut = scrolls ? `scrolled out of view in its ${what}` : `clipped by its ${what}`;
      }
    }
    if (cut) found.push(`${cut}: "${own.slice(0, 80)}" (${Math.round(contentRight - rect.left)} px wide)`);
  }
  // a select box shows its choice in an input: a long choice ends under the arrow
  for (const input of document.querySelectorAll('[data-testid="stMain"] input[role="combobox"], [data-testid="stSidebar"] input[role="combobox"]')) {
    if (shown(input) && input.value && input.scrollWidth > input.clientWidth + 1) {
      found.push(`choice cut in its box: "${input.value.slice(0, 80)}" (${input.scrollWidth} > ${input.clientWidth} px)`);
    }
  }
  // st.dataframe draws on a canvas: read its columns (title, width) and cells from the grid's
  // own props and measure each text in the grid's font. A header or cell wider than its
  // column is cut on the screen (the grid clips it, or ends it with an ellipsis).
  const measure = document.createElement('canvas').getContext('2d');
  for (const frame of document.querySelectorAll('[data-testid="stDataFrame"]')) {
    const canvas = frame.querySelector('canvas');
    if (!canvas || !shown(frame)) continue;
    const fiberKey = Object.keys(canvas).find((k) => k.startsWith('__reactFiber'));
    let grid = null;
    for (let f = fiberKey && canvas[fiberKey], up = 0; f && up < 20 && !grid; f = f.return, up++) {
      const p = f.memoizedProps;
      if (p && Array.isArray(p.columns) && p.getCellContent && p.theme) grid = p;
    }
    if (!grid) { found.push('a table whose columns this test cannot read'); continue; }
    const theme = grid.theme;
    const pad = 2 * theme.cellHorizontalPadding;
    const textWidth = (text, style) => {
      measure.font = `${style} ${theme.fontFamily}`;
      return measure.measureText(text).width;
    };
    // A table with tall rows wraps its cells' text (the grid allows it in rows taller than
    // 4 rem): such a cell is cut only when its lines, broken as the grid breaks them (at the
    // last space that fits, else where the line is full), are taller than the row; a Latin
    // word broken in two is reported too.
    const rowHeight = typeof grid.rowHeight === 'number' ? grid.rowHeight : grid.rowHeight(0);
    const lineHeight = theme.lineHeight ?? 1.4;
    const vpad = theme.cellVerticalPadding ?? 3;
    const wrapped = (text, room) => {
      measure.font = `${theme.baseFontStyle} ${theme.fontFamily}`;
      const fits = (s) => measure.measureText(s).width <= room;
      let lines = 0;
      let broken = null;
      for (let rest of text.split('\\n')) {
        rest = rest.trim();
        while (!fits(rest)) {
          let c = 1;
          while (c < rest.length && fits(rest.slice(0, c + 1))) c++;
          if (rest[c] !== ' ') {
            const space = rest.lastIndexOf(' ', c);
            if (space > 0) c = space;
            else if (/[A-Za-z0-9]/.test(rest[c - 1]) && /[A-Za-z0-9]/.test(rest[c])) {
              broken = `${rest.slice(Math.max(0, c - 12), c)} / ${rest.slice(c, c + 12)}`;
            }
          }
          lines++;
          rest = rest.slice(c).trim();
        }
        lines++;
      }
      const m = measure.measureText('ABCi09jgqpy');
      const glyphs = m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
      return [glyphs + lineHeight * glyphs * (lines - 1) + vpad, lines, broken];
    };
    grid.columns.forEach((column, c) => {
      const title = column.title || '';
      const need = textWidth(title, theme.headerFontStyle) + pad + (column.icon ? 24 : 0);
      if (need > column.width + 1) {
        found.push(`table header cut: "${title}" (${Math.round(need)} px in a ${column.width} px column)`);
      }
      let worst = null;
      for (let r = 0; r < Math.min(grid.rows, 500); r++) {
        const cell = grid.getCellContent([c, r]);
        if (cell.kind === 'image') break;  // a picture (its data is a data: URL, not text)
        let text = cell.displayData ?? cell.data;
        text = Array.isArray(text) ? text.join(', ') : String(text ?? '');
        const width = textWidth(text, theme.baseFontStyle) + pad;
        if (width <= column.width + 1) continue;
        if (cell.allowWrapping === true) {
          const [height, lines, broken] = wrapped(text, column.width - pad);
          if (broken) found.push(`table cell breaks a word in "${title}": "${broken}"`);
          if (height <= rowHeight + 1) continue;
          if (!worst || width > worst[1]) {
            worst = [text, width, `${lines} lines, ${Math.round(height)} px in a ${rowHeight} px row`];
          }
        } else if (!worst || width > worst[1]) {
          worst = [text, width, `${Math.round(width)} px in a ${column.width} px column`];
        }
      }
      if (worst) found.push(`table cell cut in "${title}": "${worst[0].slice(0, 60)}" (${worst[2]})`);
    });
  }
  // HTML tables (st.table, markdown): a word, a number or a short Chinese term broken over
  // two lines (「無資 / 料」) means the column is too narrow for it; a longer Chinese
  // run is prose, which may wrap.
  const words = /[A-Za-z0-9][A-Za-z0-9.,%'’()+\\-]*|[\\u3400-\\u9fff\\uf900-\\ufaff]+/g;
  for (const cell of document.querySelectorAll('[data-testid="stMain"] table :is(th, td), [data-testid="stSidebar"] table :is(th, td)')) {
    if (cell.closest(skip) || !shown(cell)) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(words)) {
        if (/^[^A-Za-z0-9]/.test(m[0]) && (m[0].length < 2 || m[0].length > 6)) continue;  // prose
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
        if (lines.size > 1) found.push(`table cell breaks a word over ${lines.size} lines: "${m[0]}" in "${node.textContent.trim().slice(0, 60)}"`);
      }
    }
  }
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    if (!shown(plot)) continue;
    const box = plot.getBoundingClientRect();
    for (const text of plot.querySelectorAll('text')) {
      const content = (text.textContent || '').trim();
      const r = text.getBoundingClientRect();
      if (!content || r.width === 0) continue;
      if (r.left < box.left - 2 || r.right > box.right + 2 || r.top < box.top - 2 || r.bottom > box.bottom + 2) {
        found.push(`chart text outside its chart: "${content.slice(0, 80)}"`);
      }
    }
  }
  return found;
}
"""
# Grids wider than the page's column: the reader scrolls sideways to the last columns (a
# scorecard's status, a note). Read from the grid's props, as above.
FIND_WIDE_TABLES = """
() => {
  const found = [];
  for (const frame of document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')) {
    const canvas = frame.querySelector('canvas');
    if (!canvas || frame.getBoundingClientRect().width === 0) continue;
    const fiberKey = Object.keys(canvas).find((k) => k.startsWith('__reactFiber'));
    let grid = null;
    for (let f = fiberKey && canvas[fiberKey], up = 0; f && up < 20 && !grid; f = f.return, up++) {
      const p = f.memoizedProps;
      if (p && Array.isArray(p.columns) && p.getCellContent && p.theme) grid = p;
    }
    if (!grid) continue;
    const wide = grid.columns.reduce((sum, c) => sum + c.width, 0);
    const room = frame.getBoundingClientRect().width;
    if (wide > room + 1) {
      const titles = grid.columns.map((c) => c.title).join(' | ');
      found.push(`table scrolls sideways (${wide} px of columns in ${Math.round(room)} px): ${titles.slice(0, 120)}`);
    }
  }
  return found;
}
"""
# Pages whose every table fits the page's width at both sizes (no sideways scrolling).
FITTING_PAGES = {"map", "indicators", "referrals", "data_management"}
# Everything the page writes as text, the charts' SVG text included.
PAGE_TEXT = """
() => [document.querySelector('[data-testid="stSidebar"]')?.innerText || '',
       document.querySelector('[data-testid="stMain"]')?.innerText || '',
       ...[...document.querySelectorAll('.js-plotly-plot text')].map((t) => t.textContent)]
      .join('\\n')
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)")
    with run_streamlit(tmp_path_factory.mktemp("pages-store"), "server-pages") as server:
        yield server


@pytest.fixture(scope="module")
def chromium(server):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module", params=VIEWS, ids=[f"{lang}-{w}x{h}" for lang, w, h in VIEWS])
def viewer(request, server, chromium) -> Iterator[tuple[object, str, Path]]:
    """One browser tab per language and screen size, kept for every page (as a user would)."""
    lang, width, height = request.param
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="zh-TW")
    context.set_default_timeout(RENDER_TIMEOUT_MS)
    page = context.new_page()
    out = OUTPUT_ROOT / "pages" / f"{lang}_{width}x{height}"
    out.mkdir(parents=True, exist_ok=True)
    page.goto(server.url("/"))
    wait_rendered(page, t("nav.overview", "zh"))
    if lang == "en":
        choose_radio(page, "English")
        wait_rendered(page, t("nav.overview", "en"))
    try:
        yield page, lang, out
    finally:
        with contextlib.suppress(Exception):
            context.close()


def _open(page, lang: str, title_key: str) -> None:
    # as a user reaches a link low in the sidebar on a laptop: the wheel over the sidebar
    page.mouse.move(100, page.viewport_size["height"] - 100)
    page.mouse.wheel(0, 2000)
    sidebar_link(page, t(title_key, lang)).click()
    wait_rendered(page, t(title_key, lang))
    page.wait_for_selector(APP_IDLE, state="attached")
    page.wait_for_timeout(SETTLE_MS)
    with contextlib.suppress(Exception):  # charts: plotly.js loads on first use
        page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')]"
            ".every((p) => p.querySelector('.main-svg'))",
            timeout=15_000,
        )


def _screenshot_whole_page(page, path: Path) -> None:
    """The page scrolls inside Streamlit's main area, not the window: make the window as tall
    as the content for one picture, then give it its size back."""
    size = dict(page.viewport_size)
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stAppViewContainer], [data-testid=stSidebarContent]'"
        ")].map((e) => e.scrollHeight))"
    )
    page.set_viewport_size(
        {"width": size["width"], "height": min(max(height, size["height"]), 16000)}
    )
    page.wait_for_timeout(800)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


@pytest.mark.parametrize(("script", "title_key"), PAGES, ids=[p for p, _t in PAGES])
def test_page_has_no_cut_text_and_no_none(viewer, script: str, title_key: str) -> None:
    page, lang, out = viewer
    _open(page, lang, title_key)
    assert_healthy(page)
    name = Path(script).stem
    page.screenshot(path=str(out / f"{name}.png"))  # the first screen, as the user sees it
    # the city and language switches are in view when the page opens: not below the
    # sidebar's fold, nor above its top (a sidebar left scrolled down to the link clicked)
    sidebar = page.locator(SIDEBAR)
    shown = sidebar.locator('[data-testid="stSidebarContent"]').bounding_box()
    assert shown is not None
    top, bottom = shown["y"], min(shown["y"] + shown["height"], page.viewport_size["height"])
    for control in ('[data-testid="stSelectbox"]', '[data-testid="stRadio"]'):
        box = sidebar.locator(control).first.bounding_box()
        assert box is not None, control
        assert top - 1 <= box["y"] and box["y"] + box["height"] <= bottom + 1, (
            f"{name}: {control} at {box['y']:.0f}–{box['y'] + box['height']:.0f} px, "
            f"the sidebar shows {top:.0f}–{bottom:.0f} px"
        )

    cut = page.evaluate(FIND_CUT_TEXT)
    if name in FITTING_PAGES:
        cut += page.evaluate(FIND_WIDE_TABLES)
    text = page.evaluate(PAGE_TEXT)
    missing = sorted({m.group(0) for m in MISSING_WORDS.finditer(text)})
    problems = cut + ([f"shown as text: {missing}"] if missing else [])
    _screenshot_whole_page(page, out / f"{name}_full.png")
    assert not problems, f"{name} ({lang}, {page.viewport_size}):\n" + "\n".join(problems)


# The map's panel for a picked centre and a picked precinct: the units it works with, in a
# third of the map's width (long English names included). The picker names a unit by the
# words that tell it apart (「Service centre · Sanmin」); the panel by its full name.
FOCUS = [
    ("centre", ("三民中心", "Sanmin"), ("三民中心", "Sanmin Social Welfare Service Centre")),
    ("precinct", ("鳳山分局", "Fengshan"), ("鳳山分局", "Fengshan Precinct")),
]


def _focus(page, lang: str, option: str) -> None:
    page.locator(f'[data-testid="stMain"] {SELECTBOX}').filter(
        has_text=t("map.focus", lang)
    ).get_by_role("combobox").click()
    page.keyboard.type(option.split(" · ")[-1])  # the list is long: narrow it first
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_selector(APP_IDLE, state="attached")
    page.wait_for_timeout(SETTLE_MS)


@pytest.mark.parametrize(("layer", "option", "title"), FOCUS, ids=[f[0] for f in FOCUS])
def test_map_focus_panel_fits(
    viewer, layer: str, option: tuple[str, str], title: tuple[str, str]
) -> None:
    page, lang, out = viewer
    _open(page, lang, "nav.map")
    pick = lang == "en"
    _focus(page, lang, f"{t(f'map.layer.{layer}', lang)} · {option[pick]}")
    main = page.locator('[data-testid="stMain"]')
    heading = main.get_by_role("heading", name=title[pick], exact=True)
    expect(heading).to_have_count(1, timeout=RENDER_TIMEOUT_MS)
    partners = t(f"map.panel.partners.{layer}", lang, n=0).split("（")[0].split(" (")[0]
    expect(main.get_by_text(partners)).not_to_have_count(0)
    heading.scroll_into_view_if_needed()
    page.screenshot(path=str(out / f"map_focus_{layer}.png"))
    cut = page.evaluate(FIND_CUT_TEXT)
    text = page.evaluate(PAGE_TEXT)
    _focus(page, lang, t("map.focus.none", lang))  # the map as the next test opens it
    missing = sorted({m.group(0) for m in MISSING_WORDS.finditer(text)})
    problems = cut + ([f"shown as text: {missing}"] if missing else [])
    assert not problems, f"map {layer} panel ({lang}, {page.viewport_size}):\n" + "\n".join(
        problems
    )
