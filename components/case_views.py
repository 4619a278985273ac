"""The case-analysis page's pieces: the age-band set, the release switch, the controls, the views.

Shared with the pages that come next (the map's measure layer, the briefing):
:func:`chosen_band_set` and :func:`release_settings` read what the user chose
here, kept in ``st.session_state`` under keys that are not widget keys, so the
choice survives a page change.

Every view draws its :class:`~safetynet.cases.display.ShownTable`: the chart,
the table under it and its CSV and Excel downloads show the same numbers and
marks, and each says whether it is a public release (and, for the demo
dataset, that it is synthetic data).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components.auth import current_editor
from components.case_charts import build_bar_figure, build_heat_figure, build_pyramid_figure
from components.case_data import ViewData, view_data
from components.charts import render_chart
from components.data import get_store, log_store_error
from components.tables import SHOWN_ROWS, show_dataframe
from safetynet.auth import Editor
from safetynet.cases.analysis import DIMENSIONS, Relations, Scope, ViewSpec, is_additive
from safetynet.cases.band_sets import (
    TABLE_NAME,
    BandSetError,
    SavedBandSet,
    delete_band_set,
    list_band_sets,
    save_band_set,
)
from safetynet.cases.bands import DEFAULT_PRESET, PRESETS, BandSet, parse_bands
from safetynet.cases.display import (
    Names,
    ShownTable,
    basis_note,
    dataset_note,
    measure_label,
    month_label,
    release_note,
    shown_table,
    view_csv,
    view_notes,
    view_xlsx,
)
from safetynet.cases.engine import DEMO
from safetynet.cases.format import load_vocabulary
from safetynet.cases.suppression import DEFAULT_THRESHOLD, MAX_THRESHOLD, MIN_THRESHOLD
from safetynet.formatting import format_local_time
from safetynet.i18n import t
from safetynet.text_safety import escape_markdown

# Not widget keys: they outlive a page change (every page and the briefing read them).
BAND_SET_KEY = "cases.band_set"  # {"choice": option id, "text": canonical bands}
PUBLIC_KEY = "cases.public"
THRESHOLD_KEY = "cases.threshold"
# Widget keys of this page.
CHOICE = "case_analysis.band_choice"
TEXT = "case_analysis.band_text"
FLASH = "case_analysis.flash"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEASURES = ("cases", "persons", "cases_rate", "persons_rate")
PERIOD_KEY = "case_analysis.period"


# -- shared with other pages -------------------------------------------------------------------
def chosen_band_set() -> BandSet:
    """The age-band set chosen on the case-analysis page (default: life stages)."""
    chosen = st.session_state.get(BAND_SET_KEY)
    text = chosen["text"] if chosen else next(p.text for p in PRESETS if p.key == DEFAULT_PRESET)
    return parse_bands(text)


def chosen_band_set_name(lang: str) -> str:
    """The chosen band set's name as the reader sees it: a preset, 「已存：…」 or 「自訂」."""
    chosen = st.session_state.get(BAND_SET_KEY)
    return _option_label(chosen["choice"] if chosen else f"preset:{DEFAULT_PRESET}", lang)


def release_settings() -> tuple[bool, int]:
    """Whether views are a public release, and the threshold: public unless an editor
    turned it off. A viewer always gets the public release."""
    public = bool(st.session_state.get(PUBLIC_KEY, True)) or current_editor() is None
    threshold = int(st.session_state.get(THRESHOLD_KEY, DEFAULT_THRESHOLD))
    return public, max(MIN_THRESHOLD, min(MAX_THRESHOLD, threshold))


# -- the band set --------------------------------------------------------------------------------
@st.cache_data(max_entries=16, show_spinner=False)
def _saved_sets(city: str, store_rev: int) -> list[SavedBandSet]:  # noqa: ARG001  (cache key)
    return list_band_sets(get_store(), city)


def _options(saved: list[SavedBandSet]) -> dict[str, str]:
    """Option id → bands text: presets, then the city's saved sets, then 「自訂」."""
    options = {f"preset:{p.key}": p.text for p in PRESETS}
    options |= {f"saved:{s.name}": s.text for s in saved}
    return options


def _option_label(option: str, lang: str) -> str:
    if option == "custom":
        return t("analysis.bands.custom", lang)
    kind, _, name = option.partition(":")
    if kind == "preset":
        return t(f"bands.preset.{name}", lang)
    return t("analysis.bands.saved", lang, name=name)


def _on_choice(options: dict[str, str]) -> None:
    choice = st.session_state[CHOICE]
    if choice in options:
        st.session_state[TEXT] = options[choice]
        st.session_state[BAND_SET_KEY] = {"choice": choice, "text": options[choice]}


def _on_text(options: dict[str, str]) -> None:
    bands = parse_bands(st.session_state[TEXT])
    if not bands.ok:
        return
    choice = next((o for o, text in options.items() if text == bands.text), "custom")
    st.session_state[TEXT] = bands.text
    st.session_state[CHOICE] = choice
    st.session_state[BAND_SET_KEY] = {"choice": choice, "text": bands.text}


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def _on_save(city: str, lang: str) -> None:
    editor = current_editor()
    if editor is None:
        return
    name = st.session_state.get("case_analysis.band_name", "")
    try:
        saved = save_band_set(
            get_store(),
            city,
            name,
            st.session_state.get(TEXT, ""),
            who=editor.name,
            overwrite=bool(st.session_state.get("case_analysis.band_overwrite")),
        )
    except BandSetError as err:
        _flash("error", t(f"bandsets.error.{err.code}", lang, name=err.name, detail=err.detail))
        return
    except SQLAlchemyError as err:
        log_store_error(err)
        _flash("error", t("store_error.write", lang))
        return
    text = parse_bands(st.session_state[TEXT]).text
    st.session_state[CHOICE] = f"saved:{saved}"
    st.session_state[BAND_SET_KEY] = {"choice": f"saved:{saved}", "text": text}
    _flash("success", t("analysis.bands.saved_ok", lang, name=saved))


def _on_delete(city: str, name: str, lang: str) -> None:
    editor = current_editor()
    if editor is None or not st.session_state.get("case_analysis.band_confirm"):
        return
    try:
        delete_band_set(get_store(), city, name, who=editor.name)
    except BandSetError as err:
        _flash("error", t(f"bandsets.error.{err.code}", lang, name=err.name, detail=err.detail))
        return
    except SQLAlchemyError as err:
        log_store_error(err)
        _flash("error", t("store_error.write", lang))
        return
    st.session_state[CHOICE] = "custom"
    st.session_state[BAND_SET_KEY] = {"choice": "custom", "text": st.session_state[TEXT]}
    st.session_state["case_analysis.band_confirm"] = False
    _flash("success", t("analysis.bands.deleted_ok", lang, name=name))


def render_band_picker(city: str, lang: str, editor: Editor | None, store_rev: int) -> BandSet:
    """Presets, saved sets and the typed bands, checked; saving for editors. Returns the set
    the views use: the one typed when it has no errors, else the last good one."""
    saved = _saved_sets(city, store_rev)
    options = _options(saved)
    chosen = st.session_state.get(BAND_SET_KEY) or {
        "choice": f"preset:{DEFAULT_PRESET}",
        "text": options[f"preset:{DEFAULT_PRESET}"],
    }
    st.session_state[BAND_SET_KEY] = chosen
    if st.session_state.get(CHOICE) not in [*options, "custom"]:
        st.session_state[CHOICE] = chosen["choice"] if chosen["choice"] in options else "custom"
    st.session_state[CHOICE] = st.session_state[CHOICE]  # labels follow the language
    if TEXT not in st.session_state:
        st.session_state[TEXT] = chosen["text"]
    in_use = parse_bands(chosen["text"])
    label = ", ".join(b.display(lang) for b in in_use.bands)
    with st.expander(t("analysis.bands", lang, bands=label), icon=":material/cake:"):
        left, right = st.columns([2, 3])
        left.selectbox(
            t("analysis.bands.choice", lang),
            [*options, "custom"],
            format_func=lambda o: _option_label(o, lang),
            key=CHOICE,
            on_change=_on_choice,
            args=(options,),
        )
        right.text_input(
            t("analysis.bands.text", lang),
            key=TEXT,
            on_change=_on_text,
            args=(options,),
            help=t("analysis.bands.help", lang),
        )
        typed = parse_bands(st.session_state[TEXT])
        for problem in typed.errors:
            st.error(escape_markdown(problem.text(lang)), icon=":material/error:")
        for problem in typed.warnings:
            st.warning(escape_markdown(problem.text(lang)), icon=":material/warning:")
        if typed.errors:
            st.caption(escape_markdown(t("analysis.bands.still_using", lang, bands=label)))
        _render_band_editing(city, lang, editor, saved)
    return in_use


def _render_band_editing(
    city: str, lang: str, editor: Editor | None, saved: list[SavedBandSet]
) -> None:
    if editor is None:
        st.caption(t("analysis.bands.editor_only", lang))
        return
    name_col, overwrite_col, button_col = st.columns([3, 2, 2], vertical_alignment="bottom")
    name_col.text_input(t("analysis.bands.save_name", lang), key="case_analysis.band_name")
    overwrite_col.checkbox(t("analysis.bands.overwrite", lang), key="case_analysis.band_overwrite")
    button_col.button(
        t("analysis.bands.save", lang),
        key="case_analysis.band_save",
        on_click=_on_save,
        args=(city, lang),
        icon=":material/save:",
    )
    choice = st.session_state.get(CHOICE, "")
    if choice.startswith("saved:"):
        name = choice.removeprefix("saved:")
        confirm, delete = st.columns([2, 3], vertical_alignment="bottom")
        confirm.checkbox(t("analysis.bands.confirm_delete", lang), key="case_analysis.band_confirm")
        delete.button(
            t("analysis.bands.delete", lang),
            key="case_analysis.band_delete",
            on_click=_on_delete,
            args=(city, name, lang),
            icon=":material/delete:",
        )
    history = get_store().history(city, TABLE_NAME, limit=50) if saved or choice else []
    if history:
        st.caption(t("analysis.bands.history", lang))
        show_dataframe(
            pd.DataFrame(
                {
                    t("data.col.at", lang): [format_local_time(e.at, lang) for e in history],
                    t("data.col.who", lang): [e.who for e in history],
                    t("data.col.action", lang): [
                        t(f"data.action.{e.action}", lang) for e in history
                    ],
                    t("analysis.bands.save_name", lang): [e.key.get("name", "") for e in history],
                    t("analysis.bands.text", lang): [
                        (e.new or e.old or {}).get("bands", "") for e in history
                    ],
                }
            )
        )


def render_flash() -> None:
    flash = st.session_state.pop(FLASH, None)
    if flash:
        kind, text = flash
        (st.success if kind == "success" else st.error)(escape_markdown(text))


# -- the release switch --------------------------------------------------------------------------
def render_release_switch(lang: str, editor: Editor | None) -> tuple[bool, int]:
    """The 「公開發布」 switch (on unless an editor turns it off) and the threshold."""
    st.session_state.setdefault(PUBLIC_KEY, True)
    if editor is None:
        st.session_state[PUBLIC_KEY] = True
    st.session_state["case_analysis.public"] = st.session_state[PUBLIC_KEY]
    st.session_state["case_analysis.threshold"] = st.session_state.get(
        THRESHOLD_KEY, DEFAULT_THRESHOLD
    )

    def keep() -> None:
        st.session_state[PUBLIC_KEY] = st.session_state["case_analysis.public"]
        st.session_state[THRESHOLD_KEY] = st.session_state["case_analysis.threshold"]

    left, right, _ = st.columns([3, 1, 1], vertical_alignment="bottom")
    left.toggle(
        t("analysis.release", lang),
        key="case_analysis.public",
        disabled=editor is None,
        help=t("analysis.release.help", lang),
        on_change=keep,
    )
    right.number_input(
        t("analysis.threshold", lang),
        min_value=MIN_THRESHOLD,
        max_value=MAX_THRESHOLD,
        step=1,
        key="case_analysis.threshold",
        help=t("analysis.threshold.help", lang),
        on_change=keep,
    )
    if editor is None:
        st.caption(t("analysis.release.locked", lang))
    return release_settings()


# -- the controls --------------------------------------------------------------------------------
def _keep(key: str, options: list, default: object) -> None:
    """A widget's value stays when it is still an option; else it goes back to ``default``.

    It is assigned on every run (as the sidebar does): a keyed widget whose option labels
    change (the language) otherwise keeps showing its label in the old language.
    """
    value = st.session_state.get(key)
    st.session_state[key] = value if value in options else default


def _keep_many(key: str, options: list) -> None:
    """The multiselect counterpart of :func:`_keep`: chosen values still offered stay."""
    st.session_state[key] = [v for v in st.session_state.get(key) or [] if v in options]


def render_controls(
    *,
    lang: str,
    style: str,
    relations: Relations,
    names: Names,
    period: tuple[date, date],
) -> tuple[str, str | None, str | None, Scope]:
    """Measure, basis and dates, rows and columns, filters: the choice every view shares."""
    first, last = period
    _keep("case_analysis.measure", list(MEASURES), "persons")
    measure = st.segmented_control(
        t("analysis.measure", lang),
        list(MEASURES),
        format_func=lambda m: t(f"analysis.measure.{m}", lang),
        key="case_analysis.measure",
        required=True,
    )
    top = st.columns([2, 3], vertical_alignment="bottom")
    _keep("case_analysis.basis", ["referred", "open_at", "served"], "referred")
    basis = top[0].selectbox(
        t("analysis.basis", lang),
        ["referred", "open_at", "served"],
        format_func=lambda b: t(f"analysis.basis.{b}", lang),
        key="case_analysis.basis",
    )
    months = list(pd.period_range(first, last, freq="M").to_timestamp())
    if basis == "open_at":
        _keep_date("case_analysis.at", first, last)
        day = top[1].date_input(
            t("analysis.at", lang), min_value=first, max_value=last, key="case_analysis.at"
        )
        start = end = None
        at: date | None = day
    else:
        default = (max(months[0], pd.Timestamp(last.year, 1, 1)), months[-1])
        label = "analysis.period" if basis == "referred" else "analysis.period.served"
        if len(months) > 1:
            # A range slider needs its range as ``value`` (Streamlit reads a session-state
            # tuple back as one value), so its state cannot be re-assigned like the others;
            # the key names the data's period and the labels' language and year style, so
            # new months or new labels start a fresh slider (on the latest year).
            chosen = top[1].select_slider(
                t(label, lang),
                options=months,
                value=default,
                format_func=lambda m: month_label(m, style, lang),
                key=f"{PERIOD_KEY}.{first:%Y%m}-{last:%Y%m}.{lang}.{style}",
            )
        else:
            chosen = (months[0], months[0])
            top[1].markdown(
                f"**{t(label, lang)}**{t('colon', lang)}{month_label(months[0], style, lang)}"
            )
        start = chosen[0].date()
        end = (chosen[1] + pd.offsets.MonthEnd(0)).date()
        at = None
    dims = [d for d in DIMENSIONS if d != "precinct" or relations.precincts]
    middle = st.columns(2)
    _keep("case_analysis.rows", dims, "district")
    rows = middle[0].selectbox(
        t("analysis.rows", lang),
        dims,
        format_func=lambda d: t(f"analysis.dim.{d}", lang),
        key="case_analysis.rows",
    )
    _keep("case_analysis.cols", ["none", *dims], "age_band")
    if st.session_state["case_analysis.cols"] == rows:
        st.session_state["case_analysis.cols"] = "none"
        st.caption(t("analysis.same_dims", lang))
    cols = middle[1].selectbox(
        t("analysis.cols", lang),
        ["none", *[d for d in dims if d != rows]],
        format_func=lambda d: t(f"analysis.dim.{d}", lang),
        key="case_analysis.cols",
    )
    with st.expander(t("analysis.filters", lang), icon=":material/filter_alt:"):
        f1, f2, f3 = st.columns(3)
        risks = load_vocabulary("risk_types")
        _keep_many("case_analysis.centres", list(relations.centres))
        _keep_many("case_analysis.districts", list(relations.districts))
        _keep_many("case_analysis.risk_types", risks.codes)
        centres = f1.multiselect(
            t("analysis.filter.centres", lang),
            list(relations.centres),
            format_func=lambda c: names.get("centre", c, lang),
            key="case_analysis.centres",
            placeholder=t("analysis.filter.all", lang),
        )
        districts = f2.multiselect(
            t("analysis.filter.districts", lang),
            list(relations.districts),
            format_func=lambda d: names.get("district", d, lang),
            key="case_analysis.districts",
            placeholder=t("analysis.filter.all", lang),
        )
        risk_types = f3.multiselect(
            t("analysis.filter.risk_types", lang),
            risks.codes,
            format_func=lambda r: risks.label(r, lang),
            key="case_analysis.risk_types",
            placeholder=t("analysis.filter.all", lang),
        )
    scope = Scope(
        basis,
        start=start,
        end=end,
        at=at,
        centres=tuple(centres),
        districts=tuple(districts),
        risk_types=tuple(risk_types),
    )
    return measure, rows, None if cols == "none" else cols, scope


def _keep_date(key: str, first: date, last: date) -> None:
    value = st.session_state.get(key)
    if not isinstance(value, date) or not first <= value <= last:
        st.session_state[key] = last


# -- the views ----------------------------------------------------------------------------------
def _period_text(scope: Scope, lang: str, style: str) -> str:
    if scope.basis == "open_at":
        assert scope.at is not None
        return _day_text(scope.at, lang, style)
    assert scope.start is not None and scope.end is not None
    first, last = month_label(scope.start, style, lang), month_label(scope.end, style, lang)
    return first if first == last else f"{first}–{last}"


def _day_text(day: date, lang: str, style: str) -> str:
    if style == "roc":
        text = f"{day.year - 1911}/{day.month:02d}/{day.day:02d}"
        return f"民國{text}" if lang == "zh" else f"ROC {text}"
    return day.isoformat()


def _title(measure: str, rate: bool, rows: str | None, cols: str | None, period: str, lang: str):
    m = measure_label(measure, rate, lang)
    if rows and cols:
        return t(
            "analysis.title",
            lang,
            measure=m,
            rows=t(f"analysis.dim.{rows}", lang),
            cols=t(f"analysis.dim.{cols}", lang),
            period=period,
        )
    if rows:
        return t(
            "analysis.title.one",
            lang,
            measure=m,
            rows=t(f"analysis.dim.{rows}", lang),
            period=period,
        )
    return t("analysis.title.none", lang, measure=m, period=period)


class ViewContext:
    """What every view on the page shares: the city, the settings, the choice."""

    def __init__(
        self,
        *,
        city: str,
        city_name: str,
        dataset: str,
        lang: str,
        style: str,
        names: Names,
        relations: Relations,
        bands: BandSet,
        public: bool,
        threshold: int,
        revisions: tuple[int, int],
    ) -> None:
        self.city, self.city_name, self.dataset = city, city_name, dataset
        self.lang, self.style, self.names, self.relations = lang, style, names, relations
        self.bands, self.public, self.threshold = bands, public, threshold
        self.revisions = revisions

    def data(self, spec: ViewSpec, rate: bool) -> ViewData:
        return view_data(self.city, self.dataset, spec, self.bands.text, rate, self.revisions)

    def shown(self, data: ViewData) -> ShownTable:
        return shown_table(
            data.table,
            data.shown,
            data.rates,
            lang=self.lang,
            style=self.style,
            names=self.names,
            bands=self.bands,
        )

    def demo_title(self, title: str) -> str:
        return (t("analysis.title.demo", self.lang) + title) if self.dataset == DEMO else title


def render_release_badge(ctx: ViewContext) -> None:
    """The release state (and the synthetic-data warning) at the top of a view."""
    note = release_note(ctx.public, ctx.threshold, ctx.lang)
    if ctx.public:
        st.caption(f":material/lock: {escape_markdown(note)}")
    else:
        st.warning(escape_markdown(note), icon=":material/visibility:")
    demo = dataset_note(ctx.dataset, ctx.lang)
    if demo:
        st.caption(f":material/science: **{escape_markdown(demo)}**")


def _notes_for(ctx: ViewContext, scope: Scope, title: str, extra: list[str]) -> list[str]:
    return view_notes(
        title=title,
        city=ctx.city_name,
        scope=scope,
        public=ctx.public,
        threshold=ctx.threshold,
        dataset=ctx.dataset,
        lang=ctx.lang,
        style=ctx.style,
        extra=extra,
    )


def file_stem(ctx: ViewContext, name: str) -> str:
    """``kaohsiung_case_analysis_district_by_age_band_public[_demo]``."""
    state = "public" if ctx.public else "internal"
    demo = "_demo" if ctx.dataset == DEMO else ""
    return f"{ctx.city}_case_analysis_{name}_{state}{demo}"


def render_view_table(
    ctx: ViewContext, shown: ShownTable, notes: list[str], key: str, stem: str
) -> None:
    """The table under a chart, right-aligned figures, and its CSV and Excel downloads."""
    frame = shown.frame
    if len(frame) > SHOWN_ROWS:
        st.caption(t("data.rows_shown", ctx.lang, shown=f"{SHOWN_ROWS:,}", n=f"{len(frame):,}"))
    config = {c: st.column_config.TextColumn(alignment="right") for c in frame.columns[1:]}
    show_dataframe(frame.head(SHOWN_ROWS), column_config=config)
    state = t(f"analysis.state.{'public' if ctx.public else 'internal'}", ctx.lang)
    left, right, _ = st.columns([2, 2, 3])
    left.download_button(
        t("analysis.download.csv", ctx.lang, state=state),
        data=lambda: view_csv(frame, notes),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}.csv",
        icon=":material/download:",
    )
    right.download_button(
        t("analysis.download.xlsx", ctx.lang, state=state),
        data=lambda: view_xlsx(frame, notes, public=ctx.public, lang=ctx.lang),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}.xlsx",
        icon=":material/table:",
    )


def _extra_notes(
    ctx: ViewContext, data: ViewData, measure: str, rate: bool, rows: str | None, cols: str | None
) -> list[str]:
    notes = []
    for dim in (rows, cols):
        if dim is not None and not is_additive(dim, measure, ctx.relations):
            notes.append(t("analysis.multi_note", ctx.lang, dim=t(f"analysis.dim.{dim}", ctx.lang)))
    if measure == "persons" and not ctx.bands.covers_all_ages:
        bands = ", ".join(b.display(ctx.lang) for b in ctx.bands.bands)
        notes.append(t("analysis.persons_in_bands", ctx.lang, bands=bands))
    if rate and data.rates is not None and not np.isfinite(data.rates).all():
        notes.append(t("analysis.no_rate", ctx.lang))
    return notes


def render_main_views(
    ctx: ViewContext, measure_choice: str, rows: str, cols: str | None, scope: Scope
) -> None:
    """Heat table, bars and the age-sex pyramid, each with its table and downloads."""
    measure = measure_choice.removesuffix("_rate")
    rate = measure_choice.endswith("_rate")
    spec = ViewSpec(measure, rows, cols, scope, ctx.public, ctx.threshold)
    with st.spinner(t("analysis.computing", ctx.lang)):
        data = ctx.data(spec, rate)
    if rate and not data.population:
        st.info(t("analysis.no_population", ctx.lang), icon=":material/info:")
        rate = False
        data = ctx.data(spec, False)
    shown = ctx.shown(data)
    period = _period_text(scope, ctx.lang, ctx.style)
    title = ctx.demo_title(_title(measure, rate, rows, cols, period, ctx.lang))
    extra = _extra_notes(ctx, data, measure, rate, rows, cols)
    notes = _notes_for(ctx, scope, title, extra)
    name = f"{rows}_by_{cols}" if cols else rows
    tabs = st.tabs(
        [
            t("analysis.view.table", ctx.lang),
            t("analysis.view.bars", ctx.lang),
            t("analysis.view.pyramid", ctx.lang),
        ]
    )
    with tabs[0]:
        render_release_badge(ctx)
        st.caption(escape_markdown(basis_note(scope, ctx.lang, ctx.style)))
        for note in extra:
            st.caption(escape_markdown(note))
        render_chart(
            build_heat_figure(shown, title=title, rate=rate, lang=ctx.lang),
            key="case_analysis.heat",
            file_name=file_stem(ctx, f"{name}_heat"),
        )
        render_view_table(ctx, shown, notes, "case_analysis.table", file_stem(ctx, name))
    with tabs[1]:
        render_release_badge(ctx)
        stacked = not rate and cols is not None and is_additive(cols, measure, ctx.relations)
        render_chart(
            build_bar_figure(shown, title=title, rate=rate, stacked=stacked, lang=ctx.lang),
            key="case_analysis.bars",
            file_name=file_stem(ctx, f"{name}_bars"),
        )
        render_view_table(ctx, shown, notes, "case_analysis.bars_table", file_stem(ctx, name))
    with tabs[2]:
        render_pyramid(ctx, scope, rate, period)


def render_pyramid(ctx: ViewContext, scope: Scope, rate: bool, period: str) -> None:
    """Persons by age band and sex, men left and women right, with its own table."""
    render_release_badge(ctx)
    spec = ViewSpec("persons", "age_band", "sex", scope, ctx.public, ctx.threshold)
    data = ctx.data(spec, rate)
    if rate and data.rates is None:
        rate = False
    shown = ctx.shown(data)
    title = ctx.demo_title(
        t(
            "analysis.title.pyramid",
            ctx.lang,
            measure=measure_label("persons", rate, ctx.lang),
            period=period,
        )
    )
    extra = [t("analysis.pyramid.note", ctx.lang)]
    if not ctx.bands.covers_all_ages:
        bands = ", ".join(b.display(ctx.lang) for b in ctx.bands.bands)
        extra.append(t("analysis.persons_in_bands", ctx.lang, bands=bands))
    notes = _notes_for(ctx, scope, title, extra)
    for note in extra:
        st.caption(escape_markdown(note))
    sexes = list(data.table.col_keys)
    if "M" in sexes and "F" in sexes and data.table.cells.sum():
        render_chart(
            build_pyramid_figure(
                shown,
                title=title,
                rate=rate,
                sexes=(sexes.index("M"), sexes.index("F")),
            ),
            key="case_analysis.pyramid",
            file_name=file_stem(ctx, "age_band_by_sex_pyramid"),
        )
    else:
        st.info(t("analysis.pyramid.needs_two", ctx.lang))
    render_view_table(
        ctx, shown, notes, "case_analysis.pyramid_table", file_stem(ctx, "age_band_by_sex")
    )


__all__ = [
    "BAND_SET_KEY",
    "PUBLIC_KEY",
    "THRESHOLD_KEY",
    "ViewContext",
    "chosen_band_set",
    "release_settings",
    "render_band_picker",
    "render_controls",
    "render_flash",
    "render_main_views",
    "render_release_switch",
]
