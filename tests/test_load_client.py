"""The load benchmark's websocket client (bench/load_client.py) against the real server.

The client is an instrument: its page times only mean something if each run it
times is a complete, healthy page run. These tests start ``streamlit run app.py``
(no browser) and check what the client reports for one session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load_client import LiveServer, PageRun, StreamlitSession, run_pages, run_streamlit
from bench.load_sessions import HEADING, BrowserVisit, Checkout, Report, render, write_section
from components.sidebar import NAVIGATION

PROJECT_ROOT = Path(__file__).resolve().parent.parent
OUTPUT_ROOT = PROJECT_ROOT / "test-output"
N_PAGES = sum(len(pages) for _section, pages in NAVIGATION)
CHEAP_PAGE = "staffing"  # a few tables and charts, no map, no deck


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    log = OUTPUT_ROOT / "load_client" / "streamlit.log"
    with run_streamlit(PROJECT_ROOT, tmp_path_factory.mktemp("load-store"), log) as live:
        yield live


@pytest.mark.server
def test_one_session_runs_a_page_to_the_end(server: LiveServer) -> None:
    """A deep link to the page, then a click on its link: both runs complete, no exception."""
    runs = asyncio.run(run_pages(server.base_url, [CHEAP_PAGE, CHEAP_PAGE]))

    assert [run.page for run in runs] == [CHEAP_PAGE, CHEAP_PAGE]
    for run in runs:
        assert run.status == "FINISHED_SUCCESSFULLY", server.log_tail()
        assert run.exceptions == []
        assert run.error_alerts == []
        assert run.page_not_found is None
        # what the page drew reached the client: the shared sidebar and the page itself
        assert run.element_counts["page_link"] >= N_PAGES
        assert run.element_counts["heading"] >= 1
        assert run.element_counts["plotly_chart"] >= 1
        assert run.bytes > 10_000
        assert run.ok


@pytest.mark.server
def test_an_unknown_page_is_reported(server: LiveServer) -> None:
    """A deep link to a page that does not exist is not counted as a healthy run."""

    async def open_missing() -> PageRun:
        async with StreamlitSession(server.base_url) as session:
            return await session.open("no_such_page")

    run = asyncio.run(open_missing())
    assert run.page_not_found == "no_such_page"
    assert not run.ok


def test_an_exception_element_fails_the_run() -> None:
    """An exception drawn by the page is collected with its type and message."""
    session = StreamlitSession("http://127.0.0.1:1")
    run = PageRun(page="x", seconds=0.0, first_message_s=None)
    msg = ForwardMsg()
    msg.delta.new_element.exception.type = "KeyError"
    msg.delta.new_element.exception.message = "'centre_id'"
    assert session._handle(msg.SerializeToString(), run) is False
    finished = ForwardMsg()
    finished.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    assert session._handle(finished.SerializeToString(), run) is True

    assert run.exceptions == ["KeyError: 'centre_id'"]
    assert run.status == "FINISHED_SUCCESSFULLY"
    assert not run.ok


def test_only_loopback_servers() -> None:
    with pytest.raises(ValueError, match="loopback"):
        StreamlitSession("http://example.org:8501")


def test_results_section_is_replaced_and_other_sections_kept(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# Benchmark results\n\n## Pages\n\nold pages table\n\n"
        f"{HEADING}\n\nold load figures\n\n## Volume\n\nvolume table\n",
        encoding="utf-8",
    )
    write_section(results, f"{HEADING}\n\nnew load figures\n")
    text = results.read_text(encoding="utf-8")
    assert "old load figures" not in text
    assert text.count(HEADING) == 1
    assert text.index("## Pages") < text.index("new load figures") < text.index("## Volume")
    assert "old pages table" in text and "volume table" in text

    fresh = tmp_path / "NEW.md"
    write_section(fresh, f"{HEADING}\n\nfigures\n")
    assert fresh.read_text(encoding="utf-8").startswith("# Benchmark results\n\n" + HEADING)


def test_browser_table_rows_are_pages_when_a_checkout_has_one_more_page() -> None:
    """The baseline's navigation lacks a page the current tree has: each page's row holds
    that page's own visits in both columns (they were matched by place in the list, so
    the current tree's figures slid one row up from the added page on)."""
    report = Report(
        checkouts=[Checkout("before", PROJECT_ROOT), Checkout("after", PROJECT_ROOT)],
        sessions=[1],
        repeat=2,
    )
    report.browser = {
        "before": [BrowserVisit("", 1.0, 1, 0.5, 1), BrowserVisit("staffing", 2.0, 1, 0.6, 1)],
        "after": [
            BrowserVisit("", 1.1, 1, 0.4, 1),
            BrowserVisit("case_analysis", 1.7, 1, 0.3, 1),
            BrowserVisit("staffing", 2.2, 1, 0.2, 1, error="first: TimeoutError"),
        ],
    }
    report.browser_load = {"before": 0.5, "after": 0.6}
    rows = {
        line.split(" | ")[0]: line for line in render(report).splitlines() if line.startswith("| /")
    }
    assert rows["| /staffing"].endswith("| 2.00 (1) | 0.60 (1) | 2.20 (1) | 0.20 (1) |")
    assert rows["| /case_analysis"].endswith("| – | – | 1.70 (1) | 0.30 (1) |")
    assert "after staffing: first: TimeoutError" in render(report)


@pytest.mark.server
@pytest.mark.parametrize(
    ("page", "inside", "outside"),
    [
        ("indicators", {"indicators.detail"}, {"indicators.year", "indicators.agency"}),
        ("risk_types", {"risk.chart", "risk.full_names"}, set()),
    ],
)
def test_a_part_of_a_page_reruns_alone(
    server: LiveServer, page: str, inside: set[str], outside: set[str]
) -> None:
    """The widgets that only change one part of a page are drawn in an ``st.fragment``
    (changing them reruns that part, not the page); the page's other widgets are not."""
    (run,) = asyncio.run(run_pages(server.base_url, [page]))
    assert run.ok, server.log_tail()
    keys = {widget_id.rsplit("-", 1)[-1] for widget_id in run.fragment_widgets}
    assert inside <= keys
    assert not keys & outside
    assert not any(key.startswith("settings.") for key in keys)  # the sidebar reruns the page
