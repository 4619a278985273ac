"""通報趨勢 / Referral trends: counts per type and year, changes, growth, index and rates."""

from __future__ import annotations

from functools import partial

import streamlit as st

from components.charts import render_chart
from components.data import stored
from components.kpi import render_cards
from components.page import start_page
from components.referral_cases import has_case_data, render_case_referrals
from components.referral_charts import (
    CHARTS,
    LAYOUTS,
    build_referral_figure,
    build_reporter_figure,
)
from components.tables import render_marked_grid, render_table_when_open
from safetynet.figures import figure_cards
from safetynet.formatting import format_number, format_year
from safetynet.i18n import note_in, t
from safetynet.referrals.trends import (
    DEFAULT_CHART_TYPES,
    DEFAULT_REPORTER_TYPES,
    DEFAULT_TOP_SOURCES,
    MAX_CHART_TYPES,
    MAX_REPORTER_TYPES,
    MAX_TOP_SOURCES,
    ReferralParams,
    stored_largest_types,
    stored_referral_trends,
    stored_types_with_sources,
)
from safetynet.referrals.views import (
    referral_series_table,
    referral_summary_table,
    reporter_table,
    summary_grid,
)
from safetynet.text_safety import escape_markdown

# The page reads only what it shows: the chosen types' rows, the outcomes metrics it
# prints, and the types, years and sums the database adds up (safetynet.referrals.trends).
page = start_page("nav.referrals", "ref.intro")
lang, style, city = page.lang, page.year_style, page.city

# Types, years and published figures only: the series are computed for the chosen types.
# Every result is computed once per store revision and choice (components.data.stored).
with st.spinner(t("loading", lang)):
    everything = stored(stored_referral_trends, city.slug, ReferralParams(types=()))

# -- figures the source prints without the counts behind them ---------------
if everything.published:
    st.subheader(t("ref.published", lang))
    st.caption(t("ref.published_help", lang))
    render_cards(figure_cards(everything.published, lang, style, published=True))

st.subheader(t("ref.trends", lang))
names = {rt.code: rt.label(lang) for rt in everything.all_types}
year_from = year_to = None  # every year until the data gives a range
if not everything.has_counts:
    reasons = [note_in(f.note, lang) for f in everything.published_growth if f.note]
    message = t("ref.no_counts", lang, city=city.name(lang))
    if reasons:
        message += t("ref.reason", lang, reason=t("list_sep", lang).join(reasons))
    if has_case_data(city.slug):
        message += t("ref.cases.printed_none", lang)
    st.info(escape_markdown(message), icon=":material/info:")
    summary = referral_summary_table(everything, lang, style)
    if len(summary):
        st.markdown(f"**{t('ref.summary', lang)}**")
        render_marked_grid(
            summary_grid(summary, lang),
            summary,
            key="referrals.summary",
            file_name=f"{city.slug}_referral_growth.csv",
            lang=lang,
        )
else:
    years = list(everything.all_years)
    codes = [rt.code for rt in everything.all_types]
    # Forget filters that do not fit this city's data (another city's years or types).
    chosen_range = st.session_state.get("referrals.years")
    if chosen_range is not None and not set(chosen_range) <= set(years):
        del st.session_state["referrals.years"]
    chosen_types = st.session_state.get("referrals.types")
    if chosen_types is not None and not set(chosen_types) <= set(codes):
        del st.session_state["referrals.types"]

    filters = st.columns([2, 5], vertical_alignment="bottom")
    if len(years) > 1:
        year_from, year_to = filters[0].select_slider(
            t("ref.filter.years", lang),
            options=years,
            value=(years[0], years[-1]),
            format_func=lambda y: format_year(y, style, lang),
            key="referrals.years",
        )
    else:
        year_from = year_to = years[0]
        filters[0].markdown(
            f"**{t('ref.filter.years', lang)}**{t('colon', lang)}"
            f"{format_year(years[0], style, lang)}"
        )
    types = filters[1].multiselect(
        t("ref.filter.types", lang),
        codes,
        default=list(stored(stored_largest_types, city.slug, DEFAULT_CHART_TYPES)),
        format_func=names.__getitem__,
        key="referrals.types",
    )
    trends = stored(
        stored_referral_trends,
        city.slug,
        ReferralParams(year_from=year_from, year_to=year_to, types=tuple(types)),
    )

    measures = ["count", "index"] + (["rate"] if trends.rates_available else [])
    if st.session_state.get("referrals.measure", "count") not in measures:
        del st.session_state["referrals.measure"]
    # Two rows: at 1366×768 the three button groups side by side cut the last one off
    # in English (「Small m…」), and "Per 10,000 residents" makes the first one longer.
    controls = [*st.columns([3, 2]), st.columns([3, 2])[0]]
    measure = controls[0].segmented_control(
        t("ref.filter.measure", lang),
        measures,
        default="count",
        format_func=lambda m: t(f"ref.measure.{m}", lang),
        key="referrals.measure",
        required=True,
    )
    chart = controls[1].segmented_control(
        t("ref.filter.chart", lang),
        list(CHARTS),
        default="line",
        format_func=lambda c: t(f"ref.chart.{c}", lang),
        key="referrals.chart",
        required=True,
    )
    layout = controls[2].segmented_control(
        t("ref.filter.layout", lang),
        list(LAYOUTS),
        default="auto",
        format_func=lambda c: t(f"ref.layout.{c}", lang),
        key="referrals.layout",
        required=True,
    )
    if not trends.rates_available:
        population = trends.undated_population
        message = t("ref.rate_unavailable", lang)
        if population is not None and population.value is not None:
            message += t("ref.population_undated", lang, n=format_number(population.value))
        st.caption(message)

    if trends.series.empty:
        st.info(t("ref.pick_type", lang), icon=":material/filter_alt:")
    else:
        facets = layout == "facets" or (layout == "auto" and trends.suggest_facets(measure))
        if layout == "auto" and facets:
            st.caption(t("ref.facets_auto", lang, ratio=format_number(trends.scale_ratio, 0)))
        figure = build_referral_figure(
            trends, measure=measure, chart=chart, facets=facets, lang=lang, year_style=style
        )
        if len(trends.types) > MAX_CHART_TYPES:
            st.caption(t("ref.chart_capped", lang, shown=MAX_CHART_TYPES, n=len(trends.types)))
        render_chart(figure, key="referrals.figure")
        render_table_when_open(
            t("ref.chart_data", lang),
            partial(referral_series_table, trends, lang, style),
            open_key="referrals.series_data",
            key="referrals.series",
            file_name=f"{city.slug}_referrals_by_year.csv",
            lang=lang,
        )
        st.markdown(f"**{t('ref.summary', lang)}**")
        st.caption(t("ref.summary_help", lang))
        summary = referral_summary_table(trends, lang, style)
        render_marked_grid(
            summary_grid(summary, lang),
            summary,
            key="referrals.summary",
            file_name=f"{city.slug}_referral_growth.csv",
            lang=lang,
        )

# -- counted from the case records, beside the printed figures -------------------------------
render_case_referrals(city.slug, city.name(lang), lang, style)

# -- who reported: 社政 / 醫衛 / 教育 / 警政 … ------------------------------------
st.subheader(t("ref.reporters", lang))
with_sources = list(stored(stored_types_with_sources, city.slug))
if not with_sources:
    message = t("ref.reporters_none", lang)
    if has_case_data(city.slug):
        message += t("ref.cases.sources_above", lang)
    st.info(message, icon=":material/info:")
else:
    chosen_reporter_types = st.session_state.get("referrals.reporter_types")
    if chosen_reporter_types is not None and not set(chosen_reporter_types) <= set(with_sources):
        del st.session_state["referrals.reporter_types"]
    picks = st.columns([5, 2], vertical_alignment="bottom")
    reporter_types = picks[0].multiselect(
        t("ref.filter.reporter_types", lang),
        with_sources,
        default=list(stored(stored_largest_types, city.slug, DEFAULT_REPORTER_TYPES, True)),
        format_func=names.__getitem__,
        max_selections=MAX_REPORTER_TYPES,
        help=t("ref.reporter_types_capped", lang, n=MAX_REPORTER_TYPES),
        key="referrals.reporter_types",
    )
    top_sources = picks[1].number_input(
        t("ref.filter.top_sources", lang),
        min_value=1,
        max_value=MAX_TOP_SOURCES,
        value=DEFAULT_TOP_SOURCES,
        help=t("ref.top_sources_help", lang),
        key="referrals.top_sources",
    )
    if not reporter_types:
        st.info(t("ref.pick_type", lang), icon=":material/filter_alt:")
    else:
        reporters = stored(
            stored_referral_trends,
            city.slug,
            ReferralParams(year_from=year_from, year_to=year_to, types=tuple(reporter_types)),
        )
        render_chart(
            build_reporter_figure(
                reporters,
                types=reporter_types,
                top_sources=int(top_sources),
                lang=lang,
                year_style=style,
            ),
            key="referrals.reporters_figure",
        )
        render_table_when_open(
            t("ref.chart_data", lang),
            partial(reporter_table, reporters, lang, style),
            open_key="referrals.reporters_data",
            key="referrals.reporters",
            file_name=f"{city.slug}_referrals_by_source.csv",
            lang=lang,
        )
