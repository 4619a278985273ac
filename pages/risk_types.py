"""脆弱家庭風險類型 / Risk types: shares of the six official types and the service outcomes."""

from __future__ import annotations

from functools import partial

import streamlit as st

from components.charts import render_chart
from components.data import computed, shared_figure
from components.kpi import render_cards
from components.page import start_page
from components.risk_charts import CHARTS, build_risk_change_figure, build_risk_share_figure
from components.tables import render_table_when_open
from safetynet.figures import figure_cards, figures_display_table, outcome_figures
from safetynet.formatting import format_year
from safetynet.i18n import note_in, t
from safetynet.risk.shares import (
    RISK_OUTCOME_METRICS,
    RiskShareParams,
    RiskShareResult,
    compute_risk_shares,
)
from safetynet.risk.views import risk_share_display_table
from safetynet.storage.specs import Rows
from safetynet.text_safety import escape_markdown

page = start_page("nav.risk_types", "risk.intro")
lang, style, city = page.lang, page.year_style, page.city


NO_COMPARISON = 0  # selectbox option for "no comparison" (a year is never 0)


@st.fragment
def render_shares(everything: RiskShareResult, *, slug: str, lang: str, style: str) -> None:
    """The year's shares chart, the change since an earlier year and their table: a change
    of year, comparison, chart or names reruns this part only."""

    def _year(y: int) -> str:
        return format_year(y, style, lang)

    years = list(everything.years)
    if st.session_state.get("risk.year", years[-1]) not in years:
        del st.session_state["risk.year"]
    controls = st.columns([2, 2, 3, 2], vertical_alignment="bottom")
    if len(years) > 1:
        year = controls[0].selectbox(
            t("risk.filter.year", lang),
            years,
            index=len(years) - 1,
            format_func=_year,
            key="risk.year",
        )
        earlier = [y for y in years if y < year]
        compare_options = [NO_COMPARISON, *earlier]
        if st.session_state.get("risk.compare") not in compare_options:
            st.session_state.pop("risk.compare", None)
        compare = controls[1].selectbox(
            t("risk.filter.compare", lang),
            compare_options,
            index=len(compare_options) - 1,
            format_func=lambda y: t("risk.compare.none", lang) if y == NO_COMPARISON else _year(y),
            key="risk.compare",
        )
    else:
        year, compare = years[0], NO_COMPARISON
        controls[0].markdown(f"**{t('risk.filter.year', lang)}**{t('colon', lang)}{_year(year)}")
    chart = controls[2].segmented_control(
        t("risk.filter.chart", lang),
        list(CHARTS),
        default="bar",
        format_func=lambda c: t(f"risk.chart.{c}", lang),
        key="risk.chart",
        required=True,
    )
    full_names = controls[3].toggle(t("risk.full_names", lang), key="risk.full_names")

    result = computed(
        compute_risk_shares,
        slug,
        ("risk_shares",),
        RiskShareParams(year=year, compare_year=compare or None, compare_previous=False),
    )
    render_chart(
        shared_figure(
            build_risk_share_figure,
            result.shares,
            chart=chart,
            full_names=full_names,
            lang=lang,
            title=t("risk.chart_title", lang, year=_year(year)),
        ),
        key="risk.figure",
    )
    for note in result.notes:
        st.caption(escape_markdown(f"{t('note', lang)}{t('colon', lang)}{note_in(note, lang)}"))
    if len(years) == 1:
        st.caption(t("risk.one_year", lang))
    if result.compare_year is not None:
        render_chart(
            shared_figure(
                build_risk_change_figure,
                result.shares,
                full_names=full_names,
                lang=lang,
                title=t(
                    "risk.change_title",
                    lang,
                    year=_year(year),
                    since=_year(result.compare_year),
                ),
            ),
            key="risk.change_figure",
        )
    render_table_when_open(
        t("risk.chart_data", lang),
        partial(risk_share_display_table, result, lang, style),
        open_key="risk.chart_data",
        key="risk.table",
        file_name=f"{slug}_risk_type_shares_{year}.csv",
        lang=lang,
    )


st.subheader(t("risk.shares", lang))
# Computed once per store revision and choice (components.data.computed).
with st.spinner(t("loading", lang)):
    everything = computed(compute_risk_shares, city.slug, ("risk_shares",))
for error in everything.errors:
    st.error(
        t(
            "risk.sum_error",
            lang,
            year=format_year(error.year, style, lang),
            total=f"{error.total:g}",
            tolerance=f"{error.tolerance:g}",
            lines=t("list_sep", lang).join(str(n) for n in error.lines),
        ),
        icon=":material/error:",
    )

if not everything.has_data:
    if not everything.errors:
        st.info(t("risk.none", lang, city=city.name(lang)), icon=":material/info:")
        st.page_link("pages/referrals.py", label=t("risk.see_referrals", lang), icon="➡️")
else:
    render_shares(everything, slug=city.slug, lang=lang, style=style)

st.subheader(t("risk.outcomes", lang))
outcome_rows = Rows("outcomes", "metric", RISK_OUTCOME_METRICS)  # only the figures shown
figures = computed(outcome_figures, city.slug, (outcome_rows,), RISK_OUTCOME_METRICS)
if not figures:
    st.info(t("risk.outcomes_none", lang), icon=":material/info:")
else:
    render_cards(figure_cards(figures, lang, style))
    render_table_when_open(
        t("risk.outcomes_data", lang),
        partial(figures_display_table, figures, lang, style),
        open_key="risk.outcomes_data",
        key="risk.outcomes",
        file_name=f"{city.slug}_vulnerable_family_outcomes.csv",
        lang=lang,
    )
