"""The briefing on screen: one slide at a time, large type, built from the deck model.

The same :class:`safetynet.briefing.deck.Deck` feeds the PowerPoint and PDF
exports, so what is presented is what is downloaded. Charts are plotly
figures drawn from the chart slide's data, in the presentation theme.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
import streamlit as st

from components.case_data import active_dataset, case_revision, last_import, locked_engine
from components.case_views import chosen_band_set, chosen_band_set_name, release_settings
from components.charts import render_chart
from components.data import get_store, store_revision
from safetynet import theme
from safetynet.briefing.case_choice import CaseChoice
from safetynet.briefing.deck import (
    BriefingContext,
    ChartSlide,
    Deck,
    ImageSlide,
    KpiSlide,
    MessageSlide,
    SavedScenario,
    Slide,
    TableSlide,
    TitleSlide,
    build_deck,
    chart_frame,
    table_frame,
)
from safetynet.briefing.reads import section_tables
from safetynet.briefing.scorecards import YearScorecards
from safetynet.briefing.sections.cases import read_case_views
from safetynet.briefing.sections.scorecard import SCORECARD_SECTION, stored_scorecards
from safetynet.briefing.slide_tables import short_columns
from safetynet.briefing.years import stored_years
from safetynet.cases.analysis import Relations
from safetynet.cases.engine import CaseStoreBusyError, CaseStoreNotSetUpError
from safetynet.cities import get_city
from safetynet.editing.exports import to_csv_bytes
from safetynet.i18n import t
from safetynet.sources import source_line
from safetynet.staffing.scenarios import ScenarioError, load_scenario
from safetynet.staffing.slides import stored_staffing_parts
from safetynet.text_safety import escape_html, one_html_block

# Sizes for the back of a briefing room; the slide area is framed like a slide.
STYLE = f"""
<style>
.brief-slide-title {{ font-size: 2.6rem; font-weight: 700; color: {theme.TEXT};
  border-bottom: 4px solid {theme.ACCENT}; padding-bottom: .3rem; margin: .4rem 0 1rem 0;
  line-height: 1.25; }}
.brief-deck-title {{ font-size: 3.4rem; font-weight: 700; color: {theme.TEXT}; margin-top: 3rem;
  line-height: 1.2; }}
.brief-deck-subtitle {{ font-size: 1.9rem; color: {theme.MUTED_TEXT}; margin: 1.5rem 0 3rem 0;
  border-top: 4px solid {theme.ACCENT}; padding-top: 1rem; white-space: pre-line; }}
.brief-cards {{ display: flex; gap: 1.2rem; flex-wrap: wrap; margin: 1.5rem 0; }}
.brief-card {{ flex: 1 1 0; min-width: 14rem; background: {theme.CARD_FILL};
  border: 3px solid {theme.ACCENT}; border-radius: 14px; padding: 1.2rem 1rem;
  text-align: center; }}
.brief-card-label {{ font-size: 1.5rem; color: {theme.TEXT}; line-height: 1.3; }}
.brief-card-value {{ font-size: 4rem; font-weight: 700; color: {theme.ACCENT};
  line-height: 1.25; margin: .6rem 0; }}
.brief-card-caption {{ font-size: 1.2rem; color: {theme.MUTED_TEXT}; }}
.brief-message {{ font-size: 2.2rem; margin: 3rem 0; color: {theme.TEXT}; }}
.brief-caption {{ font-size: 1.25rem; color: {theme.TEXT}; margin-top: .5rem; }}
.brief-source {{ font-size: 1.05rem; color: {theme.MUTED_TEXT}; margin-top: .4rem;
  border-top: 1px solid #999; padding: .4rem 0 .8rem 0; }}  /* room above the box's edge */
.brief-counter {{ font-size: 1.6rem; font-weight: 600; text-align: center;
  line-height: 1.2; margin: -0.9rem 0 0 0; }}  /* level with the buttons beside it */
.brief-table table {{ font-size: 1.45rem; }}
.brief-table table {{ width: 100%; }}
.brief-table th {{ background: {theme.TABLE_HEADER_FILL};
  color: {theme.TABLE_HEADER_TEXT} !important; }}
.brief-nowrap {{ white-space: nowrap; }}
</style>
"""

# Presentation view: the slide alone on the screen above a white backdrop that hides the
# page, in a 16:9 box as large as the window allows. Sizes are given in slide pixels of a
# 1600×900 slide (--u, one slide pixel on this screen), so the slide is drawn at the
# screen's own resolution; charts keep their pixel height (a chart cannot be zoomed
# without plotly measuring it twice), which fits from 1366×768 up.
SLIDE_W, SLIDE_H = 1600, 900


def _u(n: float) -> str:
    return f"calc({n} * var(--u))"


PRESENT_STYLE = f"""
<style>
:root {{ --u: min(calc(100vw / {SLIDE_W}), calc(100vh / {SLIDE_H})); }}
[data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], [data-testid="stStatusWidget"],
.st-key-briefing-refused {{ display: none !important; }}
html, body, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
  overflow: hidden !important; }}
.brief-backdrop {{ position: fixed; inset: 0; background: {theme.BACKGROUND}; z-index: 999990; }}
.st-key-briefing-slide {{ position: fixed !important; z-index: 999991;
  width: {_u(SLIDE_W)} !important; height: {_u(SLIDE_H)}; max-width: none !important;
  left: calc((100vw - {_u(SLIDE_W)}) / 2); top: calc((100vh - {_u(SLIDE_H)}) / 2);
  padding: {_u(28)} {_u(56)} !important; gap: {_u(12)}; overflow: hidden;
  box-sizing: border-box; background: {theme.BACKGROUND};
  border: none !important; border-radius: 0 !important; }}
.st-key-briefing-slide [data-testid="stDownloadButton"],
.st-key-briefing-slide [data-testid="stElementToolbar"] {{ display: none !important; }}
.st-key-briefing-slide [data-testid="stImage"] img {{ max-height: {_u(640)};
  width: auto !important; object-fit: contain; }}
.st-key-briefing-slide .brief-slide-title {{ font-size: {_u(42)}; margin: 0 0 {_u(8)} 0;
  padding-bottom: {_u(5)}; }}
.st-key-briefing-slide .brief-deck-title {{ font-size: {_u(56)}; margin-top: {_u(120)}; }}
.st-key-briefing-slide .brief-deck-subtitle {{ font-size: {_u(30)};
  margin: {_u(24)} 0 {_u(48)} 0; padding-top: {_u(16)}; }}
.st-key-briefing-slide .brief-cards {{ gap: {_u(20)}; margin: {_u(20)} 0; }}
.st-key-briefing-slide .brief-card {{ min-width: {_u(220)}; padding: {_u(20)} {_u(16)}; }}
.st-key-briefing-slide .brief-card-label {{ font-size: {_u(25)}; }}
.st-key-briefing-slide .brief-card-value {{ font-size: {_u(66)}; margin: {_u(10)} 0; }}
.st-key-briefing-slide .brief-card-caption {{ font-size: {_u(20)}; }}
.st-key-briefing-slide .brief-message {{ font-size: {_u(36)}; margin: {_u(48)} 0; }}
.st-key-briefing-slide .brief-caption {{ font-size: {_u(21)}; margin-top: 0; }}
.st-key-briefing-slide .brief-source {{ font-size: {_u(17)}; padding-bottom: 0; }}
.st-key-briefing-slide .brief-table table {{ font-size: {_u(23)}; }}
.brief-slide-no {{ position: fixed; right: calc((100vw - {_u(SLIDE_W)}) / 2 + {_u(24)});
  bottom: calc((100vh - {_u(SLIDE_H)}) / 2 + {_u(10)}); font-size: {_u(18)};
  color: {theme.MUTED_TEXT}; z-index: 999992; }}
</style>
"""

# Keys for the presenter, installed once per browser tab: PageDown / PageUp (what a
# presentation clicker sends) step even while a settings widget still has the focus after
# a change (the widget is left); arrows and space step when no field is being typed in;
# F toggles the presentation view and full screen; Esc leaves it.
KEYS_SCRIPT = """
<script>
(() => {
  if (window.__briefingKeys) return;
  window.__briefingKeys = true;
  // A key pressed while the page is still drawing its controls (F as soon as the slide
  // shows: the counter and Next are there, Present not yet) clicks the button once it is
  // drawn, instead of being lost.
  const press = (name) => {
    const find = () => document.querySelector(".st-key-briefing-" + name + " button");
    const click = (button) => { if (!button.disabled) button.click(); };
    const button = find();
    if (button) { click(button); return; }
    const observer = new MutationObserver(() => {
      const drawn = find();
      if (!drawn) return;
      observer.disconnect();
      clearTimeout(timer);
      click(drawn);
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const timer = setTimeout(() => observer.disconnect(), 10000);
  };
  const presenting = () => document.querySelector(".brief-backdrop") !== null;
  window.addEventListener("keydown", (e) => {
    if (!document.querySelector(".st-key-briefing-next")) return;  // not the briefing page
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const el = e.target instanceof Element ? e.target : null;  // a field taking text?
    const typing = el !== null && (el.isContentEditable || el.tagName === "TEXTAREA" ||
      (el.tagName === "INPUT" && !["radio", "checkbox", "button", "range"].includes(el.type)));
    let action = null;
    const stepKeys = !typing && presenting();
    if (e.key === "PageDown") action = "next";
    else if (e.key === "PageUp") action = "prev";
    else if (stepKeys && ["ArrowRight", "ArrowDown", " "].includes(e.key)) action = "next";
    else if (stepKeys && ["ArrowLeft", "ArrowUp"].includes(e.key)) action = "prev";
    else if (!typing && (e.key === "f" || e.key === "F")) action = "present";
    else if (e.key === "Escape" && presenting()) action = "present";
    if (action === null) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (typing) e.target.blur();
    if (action === "present") {
      if (presenting() && document.fullscreenElement) {
        document.exitFullscreen();  // fullscreenchange leaves the presentation view
        return;
      }
      if (!presenting() && document.documentElement.requestFullscreen) {
        document.documentElement.requestFullscreen().catch(() => {});
      }
    }
    press(action);
  }, true);
  document.addEventListener("fullscreenchange", () => {
    if (!document.fullscreenElement && presenting()) press("present");
  });
})();
</script>
"""

CHART_FONT_PX = 22
CHART_HEIGHT_PX = 500


@st.cache_data(show_spinner=False, max_entries=8)
def _deck(
    city: str,
    revision: int,
    lang: str,
    year_style: str,
    year: int | None,
    sections: tuple[str, ...],
    scenario: SavedScenario | None,
    cases: CaseChoice | None,
) -> Deck:
    # The scorecard reads what it shows of every year (computed once per store revision,
    # its indicators' rows read when shown), not the whole indicator tables nor the
    # indicators page's status table of every indicator and year. The other sections'
    # tables are read for this build only, one section at a time (the deck is what is
    # kept): through the table cache they would stay in memory twice, pickled in the
    # cache and as the copy it hands out.
    indicators = load_scorecards(city, revision) if SCORECARD_SECTION in sections else None
    store, place = get_store(), get_city(city)
    views = None
    if "cases" in sections and cases is not None:
        network = Relations.from_tables(section_tables(store, place, "cases", year))
        with locked_engine() as engine:
            views = read_case_views(engine, city, year, cases, network)
    # The staffing slides read the posts the database adds up, per agency at most.
    staffing = stored_staffing_parts(store, city, year) if "staffing" in sections else None
    ctx = BriefingContext(place, {}, lang, year_style, year, scenario, views, indicators, staffing)
    return build_deck(ctx, sections, lambda key: section_tables(store, place, key, year))


@st.cache_resource(show_spinner=False, max_entries=4)
def _scorecards(city: str, revision: int) -> YearScorecards:  # noqa: ARG001  (cache key)
    return stored_scorecards(get_store(), city)


def load_scorecards(city: str, revision: int) -> YearScorecards:
    """What the briefing's scorecard shows of ``city``'s indicators in every year, computed
    once per store revision: a few hundred rows, not the indicators page's status table.
    Shared by every session, not copied: read it, never change it."""
    return _scorecards(city, revision)


@st.cache_data(show_spinner=False, max_entries=8)
def _years(city: str, revision: int) -> list[int]:  # noqa: ARG001  (cache key)
    return stored_years(get_store(), city)


def load_years(city: str, revision: int) -> list[int]:
    """The years ``city``'s figures are dated in (chosen in SQL, not from whole tables)."""
    return _years(city, revision)


def get_deck(
    city: str,
    lang: str,
    year_style: str,
    year: int | None,
    sections: tuple[str, ...],
    scenario: SavedScenario | None = None,
    cases: CaseChoice | None = None,
) -> Deck:
    """The deck for these choices, built once per store revision (stepping through
    slides reruns the page; a save anywhere gives a fresh deck).

    ``scenario`` is part of the cache key: saving it again under the same name
    changes its ``saved_at``, so the deck is rebuilt. ``cases`` (the case records'
    dataset, band set and release, with the case store's revision) likewise.
    """
    return _deck(city, store_revision(), lang, year_style, year, sections, scenario, cases)


def read_scenario(city: str, name: str, saved_at: str, lang: str) -> SavedScenario:
    """The saved planner scenario ``name``; one that no longer reads back says why."""
    try:
        params = load_scenario(get_store(), city, name)
    except ScenarioError as err:
        problem = t(f"planner.scn.err.{err.code}", lang, name=err.name, detail=err.detail)
        return SavedScenario(name, None, saved_at, problem)
    return SavedScenario(name, params, saved_at)


def read_case_choice(city: str, lang: str) -> CaseChoice | None:
    """The case records the briefing shows: the dataset the case-analysis page shows, the
    band set chosen there (default preset if none), as a public release (the threshold as
    set there); ``None`` when the case store cannot be read or holds no case of the city."""
    try:
        revision = case_revision()
    except (CaseStoreBusyError, CaseStoreNotSetUpError):
        return None
    dataset = active_dataset(city, revision)
    if dataset is None:
        return None
    _public, threshold = release_settings()
    return CaseChoice(
        dataset=dataset,
        band_name=chosen_band_set_name(lang),
        bands_text=chosen_band_set().text,
        public=True,  # a briefing is shown in public
        threshold=threshold,
        imported=last_import(city, dataset, revision),
        revision=revision,
    )


def build_chart_figure(slide: ChartSlide, lang: str) -> go.Figure:
    """A plotly figure of a chart slide in the presentation theme (no title: the slide has it)."""
    fig = go.Figure()
    if slide.kind == "doughnut":
        series = slide.series[0]
        fig.add_trace(
            go.Pie(
                labels=list(slide.categories),
                values=[v or 0 for v in series.values],
                name=series.name,
                hole=0.45,
                sort=False,
                direction="clockwise",
                marker={
                    "colors": [theme.series_colour(i) for i in range(len(slide.categories))],
                    "line": {"color": "#FFFFFF", "width": 2},
                },
                text=[slide.format_value(v, lang) for v in series.values],
                textinfo="text",
                hovertemplate="%{label}: %{text}<extra></extra>",
            )
        )
    last_only = slide.kind == "line" and len(slide.series) > theme.LINE_LABELS_MAX_SERIES
    for i, series in enumerate(slide.series if slide.kind != "doughnut" else ()):
        text = [slide.format_value(v, lang) for v in series.values]
        # many lines: label each line's last value only (hover still shows every value)
        last = [""] * (len(text) - 1) + ["%{text}"] if last_only else None
        common = {
            "x": list(slide.categories),
            "y": list(series.values),
            "name": series.name,
            "text": text,
            "hovertemplate": "%{x}: %{text}<extra>" + html.escape(series.name) + "</extra>",
        }
        if slide.kind == "line":
            fig.add_trace(
                go.Scatter(
                    **common,
                    texttemplate=last,
                    mode="lines+markers+text",
                    textposition="middle right" if last_only else "top center",
                    line={"color": theme.series_colour(i), "width": 5},
                    marker={"size": 14},
                )
            )
        else:
            fig.add_trace(
                go.Bar(
                    **common,
                    marker_color=theme.series_colour(i),
                    textposition="inside" if slide.kind == "stacked_bar" else "outside",
                )
            )
    fig.update_layout(
        barmode="stack" if slide.kind == "stacked_bar" else "group",
        font={"family": theme.FONT_STACK, "size": CHART_FONT_PX, "color": theme.TEXT},
        paper_bgcolor=theme.BACKGROUND,
        plot_bgcolor=theme.BACKGROUND,
        height=CHART_HEIGHT_PX,
        margin={"l": 70, "r": 20, "t": 50, "b": 20},
        legend={"font": {"size": CHART_FONT_PX - 2}, "traceorder": "normal"},
        showlegend=len(slide.series) > 1 or slide.kind == "doughnut",
        uniformtext={"minsize": CHART_FONT_PX - 6, "mode": "hide"},
    )
    if slide.kind != "doughnut":
        fig.add_annotation(
            text=t("briefing.unit_label", lang, unit=slide.unit),
            xref="paper",
            yref="paper",
            x=0,
            y=1.02,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            font={"size": CHART_FONT_PX - 4},
        )
        fig.update_yaxes(
            automargin=True,
            gridcolor=theme.GRID,
            tickformat=",." + str(slide.decimals) + "f",
            ticksuffix="%" if slide.percent else "",
            rangemode="tozero",
        )
        fig.update_xaxes(type="category")
    return fig


def install_presenter_keys() -> None:
    """The presenter's keys (see :data:`KEYS_SCRIPT`)."""
    st.html(KEYS_SCRIPT, unsafe_allow_javascript=True)


def table_html(slide: TableSlide) -> str:
    """A table slide as an HTML table; its short columns (無資料, 達成, numbers) are set on
    one line, so no word is split, and the long ones wrap (the deck gave them room)."""
    short = short_columns(slide.columns, slide.rows)
    attr = ["", ' class="brief-nowrap"']

    def cells(tag: str, values: tuple[str, ...]) -> str:
        return "".join(
            f"<{tag}{attr[s]}>{escape_html(v.replace(chr(10), ' '))}</{tag}>"
            for v, s in zip(values, short, strict=True)
        )

    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in slide.rows)
    head = cells("th", slide.columns)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _title(text: str) -> None:
    st.markdown(f'<div class="brief-slide-title">{escape_html(text)}</div>', unsafe_allow_html=True)


def _footer(slide: Slide, lang: str) -> None:
    caption = getattr(slide, "caption", "")
    if caption:
        st.markdown(
            f'<div class="brief-caption">{escape_html(caption)}</div>', unsafe_allow_html=True
        )
    if slide.source:
        source = source_line(slide.source, lang)
        st.markdown(
            f'<div class="brief-source">{escape_html(source)}</div>', unsafe_allow_html=True
        )


def render_slide(slide: Slide, lang: str, *, key: str, file_stem: str) -> None:
    """Draw one slide: its title, its content in large type, its caption and source line."""
    if isinstance(slide, TitleSlide):
        st.markdown(
            f'<div class="brief-deck-title">{escape_html(slide.title)}</div>'
            f'<div class="brief-deck-subtitle">{escape_html(slide.subtitle)}</div>',
            unsafe_allow_html=True,
        )
        _footer(slide, lang)
        return
    _title(slide.title)
    if isinstance(slide, KpiSlide):
        cards = "".join(
            '<div class="brief-card">'
            f'<div class="brief-card-label">{escape_html(c.label)}</div>'
            f'<div class="brief-card-value">{escape_html(c.value)}</div>'
            f'<div class="brief-card-caption">{escape_html(c.caption) or "&nbsp;"}</div></div>'
            for c in slide.cards
        )
        st.markdown(f'<div class="brief-cards">{cards}</div>', unsafe_allow_html=True)
    elif isinstance(slide, ChartSlide):
        render_chart(
            build_chart_figure(slide, lang),
            key=f"{key}.chart",
            file_name=file_stem,
            theme=None,  # the deck's own theme, the same as in the exports
            alt=slide.title,
        )
    elif isinstance(slide, TableSlide):
        st.markdown(
            f'<div class="brief-table">{one_html_block(table_html(slide))}</div>',
            unsafe_allow_html=True,
        )
    elif isinstance(slide, ImageSlide):
        st.image(slide.png, alt=slide.alt, width="stretch")
    elif isinstance(slide, MessageSlide):
        st.markdown(
            f'<div class="brief-message">{escape_html(slide.text)}</div>', unsafe_allow_html=True
        )
    _footer(slide, lang)
    if isinstance(slide, ChartSlide | TableSlide):
        frame = chart_frame(slide) if isinstance(slide, ChartSlide) else table_frame(slide)
        st.download_button(
            t("download_csv", lang),
            data=to_csv_bytes(frame),
            file_name=f"{file_stem}.csv",
            mime="text/csv",
            key=f"{key}.csv",
            icon=":material/download:",
        )
