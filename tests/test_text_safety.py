"""Text from the data is plain text everywhere: no link, image, markup or script from a name.

Every shown text column of both cities holds a payload (``conftest.PAYLOADS``:
``<img onerror>``, ``<script>``, a Markdown link and a Markdown image). Each
page is run in AppTest and every text Streamlit renders as Markdown or HTML is
checked; the folium map is rendered to HTML as the page builds it, and so is
the offline map download; the briefing is stepped through on screen and its
PowerPoint and PDF are read back. The real browser (``test_browser.py``)
checks that nothing runs and nothing is fetched.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from conftest import ENV_URL, PAYLOADS
from google.protobuf.json_format import MessageToDict

from components.briefing_view import KEYS_SCRIPT
from components.sidebar import NAVIGATION, SIDEBAR_TOP_SCRIPT
from safetynet.text_safety import escape_html, escape_markdown

PAGES = [script for _section, pages in NAVIGATION for script, _title, _icon in pages]
CITIES = ("kaohsiung", "keelung")
# Pages that render no text of the store's tables as Markdown as they open; where it is checked:
NO_DATA_TEXT_ON_OPEN = {
    "pages/case_analysis.py": "shows case records, not these tables (test_case_analysis_page.py)",
    "pages/briefing.py": "opens on the title slide; test_the_briefing_shows_names_as_text_…",
    "pages/data_management.py": "opens on 計畫期程; a table's notes under its grid: "
    "test_the_data_page_lists_notes_as_text",
}
# Fields Streamlit renders as Markdown: bodies, labels, help texts; options of
# radios and pills (selectbox and multiselect options are plain text).
MARKDOWN_FIELDS = frozenset({"body", "label", "help", "caption"})
MARKDOWN_OPTIONS = frozenset({"radio", "button_group"})
# An unescaped link or image, raw HTML, or a bare address GitHub Markdown would link.
UNSAFE_MARKDOWN = re.compile(
    r"(?<!\\)\[[^\]\n]*(?<!\\)\]\(|(?<!\\)<\s*(img|script|a)\b|https?://evil", re.IGNORECASE
)
# In HTML a bare address is text; an element, or a tag's attribute pointing outside, is not.
UNSAFE_HTML = re.compile(
    r"<\s*(img|script|a)\b|<[^<>]*\b(src|href)\s*=\s*[\"']?\s*https?://evil", re.IGNORECASE
)


@pytest.fixture
def payload_app_test(app_test, payload_store_file, monkeypatch: pytest.MonkeyPatch):
    """``app_test`` on the store whose every name holds a payload."""
    monkeypatch.setenv(ENV_URL, f"sqlite:///{payload_store_file}")
    return app_test


def _nodes(node) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _strings(value: object, field: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, field)
    elif isinstance(value, str):
        yield field, value


def rendered_texts(at) -> Iterator[tuple[str, str, str]]:
    """``(kind, field, text)`` for every text the page renders as Markdown or HTML."""
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = getattr(node, "type", type(proto).__name__)
        fields = MessageToDict(proto, preserving_proto_field_name=True)
        html = bool(fields.get("allow_html"))
        for field, text in _strings(fields):
            if field in MARKDOWN_FIELDS or (field == "options" and kind in MARKDOWN_OPTIONS):
                yield ("html" if html and field == "body" else kind), field, text


# Scripts the app itself writes (constants, no data in them): the briefing's presenter keys
# and the sidebar's return to its top.
APP_SCRIPTS = {KEYS_SCRIPT.strip(), SIDEBAR_TOP_SCRIPT.strip()}


def unsafe_texts(at) -> list[tuple[str, str, str]]:
    found = []
    for kind, field, text in rendered_texts(at):
        if kind == "html" and text.strip() in APP_SCRIPTS:
            continue
        pattern = UNSAFE_HTML if kind == "html" else UNSAFE_MARKDOWN
        if pattern.search(text):
            found.append((kind, field, text[:200]))
    return found


def test_the_checks_would_catch_raw_payloads() -> None:
    """The patterns catch each payload raw and pass it escaped (so the page checks can fail)."""
    for payload in PAYLOADS:
        assert UNSAFE_MARKDOWN.search(payload), payload
        assert not UNSAFE_MARKDOWN.search(escape_markdown(payload)), payload
        assert not UNSAFE_HTML.search(escape_html(payload)), payload
    assert UNSAFE_HTML.search(PAYLOADS[0]) and UNSAFE_HTML.search(PAYLOADS[1])
    assert UNSAFE_HTML.search(PAYLOADS[4])


def test_charts_show_links_in_names_as_text(payload_app_test) -> None:
    """plotly draws <a href> in a label as a live link; every chart a page shows has none."""
    import json

    shown = 0
    for page, city in (("pages/referrals.py", "keelung"), ("pages/staffing.py", "kaohsiung")):
        at = payload_app_test(page, **{"settings.city": city}).run()
        for chart in at.get("plotly_chart"):
            spec = json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
            assert not re.search(r"<\s*/?\s*a[\s>]", spec, re.IGNORECASE), spec[:300]
            shown += spec.count("&lt;a href")
    assert shown  # the link payload is in the charts, as text


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize("page", PAGES)
def test_no_page_renders_markup_from_the_data(payload_app_test, page, city, lang) -> None:
    state = {"settings.city": city, "settings.lang": lang}
    at = payload_app_test(page, **state).run()
    assert not at.exception, at.exception
    shown = [text for _kind, _field, text in rendered_texts(at)]
    maps = folium_pages(at)
    # the data's text reached the page (as text), so the check below had something to check
    if page not in NO_DATA_TEXT_ON_OPEN:
        assert any(_holds_payload(text) for text in shown + maps), "no text from the data shown"
    assert not unsafe_texts(at)
    for fmap in maps:  # the folium map: tooltips, labels and legend inside its component
        assert not _unsafe_map_html(fmap), _unsafe_map_html(fmap)[:5]


@pytest.mark.parametrize("table", ["districts", "indicators"])
def test_the_data_page_lists_notes_as_text(payload_app_test, table) -> None:
    """A stored table too wide for the page lists its sources and notes under its grid, in
    Markdown: each as its text."""
    at = payload_app_test("pages/data_management.py", **{"data.table": table}).run()
    assert not at.exception, at.exception
    listed = [m.value for m in at.markdown if m.value.startswith("① ")]
    assert listed and any(_holds_payload(text) for text in listed)
    assert not unsafe_texts(at)


def _holds_payload(text: str) -> bool:
    """Whether a shown text carries one of the payloads, in whatever escaped form."""
    return any(mark in text for mark in ("onerror", "alert(2)", "evil.example"))


def folium_pages(at) -> list[str]:
    """The HTML and script of each folium map the page hands to its streamlit-folium component."""
    import json

    found = []
    for node in _nodes(at._tree):
        if getattr(node, "type", None) == "component_instance":
            args = json.loads(node.proto.json_args)
            found.append("\n".join(str(args.get(k, "")) for k in ("header", "html", "script")))
    return found


@pytest.mark.parametrize("layer", ["centre", "precinct"])
def test_the_map_side_panels_show_names_as_text(
    payload_app_test, payload_store_file, layer
) -> None:
    """A clicked district and a focused centre or precinct: names, lists and notes, as text."""
    tables = _payload_tables(payload_store_file, "kaohsiung")
    unit = tables[f"{layer}s"][f"{layer}_id"].iloc[2]  # the Markdown-link payload
    town = tables["districts"]["town_code"].iloc[1]  # 鼓山區, with its ⚠ reading note
    state = {
        "settings.city": "kaohsiung",
        "map.focus": f"{layer}:{unit}",
        "map.clicked.kaohsiung": town,
    }
    at = payload_app_test("pages/map.py", **state).run()
    assert not at.exception
    texts = [text for _kind, _field, text in rendered_texts(at)]
    # the payloads reach the panels (so the check is not vacuous), escaped
    assert any(escape_markdown(PAYLOADS[2]) in text for text in texts)
    assert any(escape_markdown(PAYLOADS[1]) in text for text in texts)
    assert not unsafe_texts(at)


def _put_payloads_in_the_readings(url: str) -> str:
    """An indicator's target caveat and a network agency name holding payloads, as an
    editor could save them; the indicator's id. (In the payload store every note starts
    with its payload, so no note there reads as a target caveat.)"""
    from safetynet.storage.audit import plain_record
    from safetynet.storage.schemas import TABLES
    from safetynet.storage.store import Change, Store

    store = Store.open(url)
    indicators = store.read_versioned("kaohsiung", "indicators")
    row = indicators[indicators["indicator_id"] == "s4_02"].iloc[0].to_dict()
    old = plain_record(row, TABLES["indicators"].column_names)
    new = old | {
        "note": f"⚠ 目標疑為全國目標：{PAYLOADS[2]} / ⚠ Target reads like a national target: "
        f"{PAYLOADS[2]}"
    }
    key = {"indicator_id": "s4_02"}
    change = Change(key, old, new, int(row["version"]))
    store.apply_changes("kaohsiung", "indicators", [change], who="payload")
    network = store.read_versioned("kaohsiung", "network_agencies").iloc[0].to_dict()
    old = plain_record(network, TABLES["network_agencies"].column_names)
    new = old | {"agency_zh": f"{PAYLOADS[1]}社會局", "agency_en": f"{PAYLOADS[1]}Social Affairs"}
    keys = TABLES["network_agencies"].key
    changes = [
        Change({k: old[k] for k in keys}, old, None, int(network["version"])),
        Change({k: new[k] for k in keys}, None, new),
    ]
    store.apply_changes("kaohsiung", "network_agencies", changes, who="payload")
    store.close()
    return "s4_02"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_target_caveats_and_network_agencies_show_as_text(
    app_test, tmp_database_url: str, lang: str
) -> None:
    """The reason a target is in doubt (scorecard column, the detail's warning) and the
    network agencies under a strategy are shown as typed, never as a link or markup."""
    indicator = _put_payloads_in_the_readings(tmp_database_url)
    state = {
        "settings.city": "kaohsiung",
        "settings.lang": lang,
        "indicators.year": 2023,
        "indicators.detail": indicator,
    }
    at = app_test("pages/indicators.py", **state).run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any(escape_markdown(PAYLOADS[2]) in w for w in warnings), warnings
    captions = [c.value for c in at.caption]
    assert any(escape_markdown(PAYLOADS[1]) in c for c in captions), captions
    # the caveat is a mark in the grid, its text listed below it in markdown: escaped
    notes = [m.value for m in at.markdown]
    assert any(escape_markdown(PAYLOADS[2]) in n for n in notes), notes
    assert not unsafe_texts(at)


def _payload_tables(payload_store_file, city: str):
    from safetynet.storage.store import Store

    return Store.open(f"sqlite:///{payload_store_file}").read_city(city)


def _as_the_browser_reads(page: str) -> str:
    """The page with JSON string escapes (``\\u003c``) decoded, as the map's script sees them."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page).replace(
        '\\"', '"'
    )


def _unsafe_map_html(page: str) -> list[str]:
    """Payloads that would become elements, and elements or links pointing outside."""
    page = _as_the_browser_reads(page)
    found = [p for p in PAYLOADS[:2] if p in page]
    found += re.findall(r"<img\b[^>]*>", page, re.IGNORECASE)
    found += re.findall(r"<[^<>]*\b(?:src|href)\s*=\s*[\"']?\s*https?://evil[^>]*>", page)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("city", CITIES)
def test_the_map_and_its_offline_download_show_names_as_text(
    payload_store_file, city, lang
) -> None:
    from components.map import MapView, build_service_map, standalone_html
    from safetynet.network.geo import load_boundaries
    from safetynet.network.relations import LAYERS
    from safetynet.network.service_map import build_service_map_data

    data = build_service_map_data(
        city, _payload_tables(payload_store_file, city), load_boundaries(city)
    )
    layers = [layer for layer in LAYERS if layer in data.colours]
    views = [MapView(layer) for layer in (*layers, "area_km2")]
    for layer in layers:
        ids = data.unit_names[layer][LAYERS[layer].id_col]
        if len(ids):
            views.append(MapView("centre", focus_layer=layer, focus_id=ids.iloc[0]))
    for view in views:
        fmap = build_service_map(data, view, lang)
        page = fmap.get_root().render()
        assert not _unsafe_map_html(page), (view, _unsafe_map_html(page)[:5])
        # the names are there, escaped: tooltips, labels and legend show them as text
        assert escape_html(PAYLOADS[0]) in _as_the_browser_reads(page)
        offline = standalone_html(fmap).decode("utf-8")
        assert not _unsafe_map_html(offline), view


def _deck_texts_pptx(data: bytes) -> tuple[str, bytes]:
    from zipfile import ZipFile

    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    texts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
            if getattr(shape, "has_chart", False) and shape.has_chart:
                for plot in shape.chart.plots:
                    texts += [str(c) for c in plot.categories]
                    texts += [s.name for s in plot.series]
    with ZipFile(io.BytesIO(data)) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    return "\n".join(texts), xml


@pytest.mark.parametrize("city", CITIES)
def test_the_briefing_shows_names_as_text_on_screen_and_in_its_files(
    payload_app_test, payload_store_file, city
) -> None:
    import pypdfium2 as pdfium

    from safetynet.briefing.deck import BriefingContext, build_deck, section_keys, tables_for
    from safetynet.briefing.pdf import deck_pdf
    from safetynet.briefing.pptx import deck_pptx
    from safetynet.cities import get_city

    at = payload_app_test("pages/briefing.py", **{"settings.city": city}).run()
    assert not at.exception
    index = 0
    while True:
        assert not unsafe_texts(at), (index, unsafe_texts(at)[:3])
        next_button = at.button(key="briefing.next")
        if next_button.proto.disabled:
            break
        next_button.click().run()
        assert not at.exception
        index += 1
    assert index > 3  # stepped through a real deck

    keys = section_keys()
    tables = _payload_tables(payload_store_file, city)
    tables = {name: tables[name] for name in tables_for(tuple(keys))}
    deck = build_deck(BriefingContext(get_city(city), tables, "zh", "roc", None, None), keys)
    text, xml = _deck_texts_pptx(deck_pptx(deck))
    # plain text, exactly as typed: shown as written, never turned into a link
    assert any(p in text for p in PAYLOADS), text[:500]
    assert b"hlinkClick" not in xml  # no hyperlink anywhere in the deck
    pdf_bytes = deck_pdf(deck)
    assert b"/URI" not in pdf_bytes and b"/Link" not in pdf_bytes
    pdf = pdfium.PdfDocument(pdf_bytes)
    pdf_text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert any(p in pdf_text.replace("\r", "") for p in PAYLOADS), pdf_text[:500]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[請重新登入](http://evil.example)", "\\[請重新登入\\](http\u2060://evil.example)"),
        ("![i](https://x/i.png)", "!\\[i\\](https\u2060://x/i.png)"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        (
            "**粗** _斜_ `碼` ~刪~ $x$ a|b",
            "\\*\\*粗\\*\\* \\_斜\\_ \\`碼\\` \\~刪\\~ \\$x\\$ a\\|b",
        ),
        (":red[紅字] :material/home:", ":red\\[紅字\\] :material/home:"),
        ("www.evil.example a@b.example", "www\u2060.evil.example a\\@\u2060b.example"),
        ("# 標題\n- 項目\n1. 第一\n===", "\\# 標題\n\\- 項目\n1\\. 第一\n\\==="),
        # ordinary figures, names and citations stay exactly as they are
        ("96.2%", "96.2%"),
        ("-3.5%", "-3.5%"),
        ("10,452 戶", "10,452 戶"),
        ("000_a6c4c72a35a39901.txt · 策略一 (1/3)", "000_a6c4c72a35a39901.txt · 策略一 (1/3)"),
        ("Source: Social Affairs Bureau", "Source: Social Affairs Bureau"),
        ("", ""),
        (None, ""),
    ],
)
def test_escape_markdown(text, expected) -> None:
    assert escape_markdown(text) == expected


def test_escape_html_keeps_one_html_block() -> None:
    assert escape_html('<b>"x"</b> & y') == "&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; y"
    assert "\n" not in escape_html("第一段\n\n[a](http://x)")


@pytest.mark.parametrize(
    ("text", "allowed", "expected"),
    [
        ("鳳山區", frozenset(), []),
        ("旗山\u202e心中", frozenset(), ["U+202E"]),
        ("\u2066a\u2069\u2066", frozenset(), ["U+2066", "U+2069"]),
        ("a\u200bb\u200fc\ufeff", frozenset(), ["U+200B", "U+200F", "U+FEFF"]),
        ("a\x00b\x1bc\x7f", frozenset(), ["U+0000", "U+001B", "U+007F"]),
        ("第一行\n第二行\t", frozenset("\t\n\r"), []),
        ("第一行\n第二行", frozenset(), ["U+000A"]),
        ("a\u2028b", frozenset(), ["U+2028"]),
        ("全形　空白 and\u00a0nbsp", frozenset(), []),  # visible spaces: normalised on import
    ],
)
def test_invisible_characters(text, allowed, expected) -> None:
    from safetynet.text_safety import invisible_characters

    assert invisible_characters(text, allowed) == expected
