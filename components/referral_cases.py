"""The referrals page's trend from the case records: controls, chart, table and download.

Counts come from :mod:`safetynet.referrals.from_cases` through the case store's
cached read (:func:`components.case_data.referral_counts`, one query per
dimension per case-store revision); each release (public or internal, the
threshold) is built once per revision and choice. The release state is the
one chosen on the case-analysis page (public unless an editor turned it off),
shown on the view and printed in the download, with the synthetic-data
warning when the demo dataset is shown.
"""

from __future__ import annotations

import streamlit as st

from components.case_data import active_dataset, case_revision, referral_counts
from components.case_views import release_settings
from components.charts import render_chart
from components.data import computed
from components.referral_charts import build_case_trend_figure
from components.tables import SHOWN_ROWS, show_dataframe
from safetynet.cases.display import dataset_note, release_note, view_csv
from safetynet.cases.engine import DEMO, CaseStoreBusyError, CaseStoreNotSetUpError
from safetynet.formatting import format_number, format_year
from safetynet.i18n import t
from safetynet.referrals import from_cases as fc
from safetynet.text_safety import escape_markdown

KEY = "referrals.cases"


@st.cache_data(max_entries=32, show_spinner=False)
def _trend(
    city: str, dataset: str, dim: str, public: bool, threshold: int, revision: int
) -> fc.CaseTrend:
    counts = referral_counts(city, dataset, revision)
    return fc.build_case_trend(counts, dim, public=public, threshold=threshold)


def _case_dataset(city: str, lang: str) -> tuple[str | None, int, bool]:
    """The dataset to show (``None``: no case data, or the store cannot be read), the case
    store's revision, and whether the store could be read (if not, this said why)."""
    try:
        revision = case_revision()
    except CaseStoreBusyError:
        st.info(t("cases.busy", lang), icon=":material/lock:")
        return None, 0, False
    except CaseStoreNotSetUpError:
        st.info(t("cases.not_set_up", lang), icon=":material/info:")
        return None, 0, False
    return active_dataset(city, revision), revision, True


def has_case_data(city: str) -> bool:
    """Whether the city has case records to count referrals from (quietly: no message)."""
    try:
        return active_dataset(city, case_revision()) is not None
    except (CaseStoreBusyError, CaseStoreNotSetUpError):
        return False


def render_case_referrals(city: str, city_name: str, lang: str, style: str) -> None:
    """The section 「由個案資料計算的通報件數」 of the referrals page."""
    st.subheader(t("ref.cases.title", lang))
    dataset, revision, readable = _case_dataset(city, lang)
    if dataset is None:
        if readable:
            st.info(t("ref.cases.none", lang, city=city_name), icon=":material/info:")
        return
    st.caption(t("ref.cases.intro", lang))
    if dataset == DEMO:
        st.warning(t("cases.demo.banner", lang), icon=":material/science:")
    public, threshold = release_settings()

    controls = st.columns([3, 2, 4], vertical_alignment="bottom")
    dim = controls[0].segmented_control(
        t("ref.cases.filter.by", lang),
        list(fc.DIMENSIONS),
        default="risk_type",
        format_func=lambda d: t(f"ref.cases.by.{d}", lang),
        key=f"{KEY}.by",
        required=True,
    )
    grain = controls[1].segmented_control(
        t("ref.cases.filter.grain", lang),
        list(fc.GRAINS),
        default="year",
        format_func=lambda g: t(f"ref.cases.grain.{g}", lang),
        key=f"{KEY}.grain",
        required=True,
    )
    trend = _trend(city, dataset, dim, public, threshold, revision)
    years = list(trend.years)
    if not years:
        st.info(t("ref.cases.none", lang, city=city_name), icon=":material/info:")
        return
    if len(years) > 1:
        # the key names the data's years and the labels' style: new data starts afresh
        chosen = controls[2].select_slider(
            t("ref.cases.filter.years", lang),
            options=years,
            value=(years[0], years[-1]),
            format_func=lambda y: format_year(y, style, lang),
            key=f"{KEY}.years.{years[0]}-{years[-1]}.{lang}.{style}",
        )
        shown_years = [y for y in years if chosen[0] <= y <= chosen[1]]
    else:
        shown_years = years
        controls[2].markdown(
            f"**{t('ref.cases.filter.years', lang)}**：{format_year(years[0], style, lang)}"
        )

    note = release_note(public, threshold, lang)
    if public:
        st.caption(f":material/lock: {escape_markdown(note)}")
    else:
        st.warning(escape_markdown(note), icon=":material/visibility:")
    demo = dataset_note(dataset, lang)
    if demo:
        st.caption(f":material/science: **{escape_markdown(demo)}**")
    st.caption(t("ref.cases.release_where", lang))

    by = t(f"ref.cases.by_title.{dim}", lang)
    title = t(f"ref.cases.chart.{grain}", lang, by=by)
    if dataset == DEMO:
        title = t("analysis.title.demo", lang) + title
    render_chart(
        build_case_trend_figure(
            trend, grain=grain, years=shown_years, title=title, lang=lang, year_style=style
        ),
        key=f"{KEY}.figure",
        file_name=f"{city}_referrals_from_cases_{dim}_{grain}",
    )
    for text in fc.reading_notes(trend, lang):
        st.caption(escape_markdown(text))
    if trend.hidden_any:
        st.caption(t("ref.cases.hidden_chart", lang))

    printed = computed(fc.printed_counts, city, ("referrals",), dim)
    comparison = fc.compare_with_printed(trend, printed)
    in_years = comparison.frame["year"].isin(shown_years)
    compared = int(comparison.frame.loc[in_years, "printed"].notna().sum())
    differing = int(comparison.differing["year"].isin(shown_years).sum())
    if differing:
        st.warning(
            t("ref.cases.differ", lang, n=format_number(differing, 0, lang)),
            icon=":material/compare_arrows:",
        )
    elif compared:
        st.caption(t("ref.cases.same", lang, n=format_number(compared, 0, lang)))
    else:
        st.caption(t("ref.cases.no_printed", lang))

    if grain == "year":
        frame = fc.yearly_table(trend, comparison, shown_years, lang, style)
    else:
        frame = fc.monthly_table(trend, shown_years, lang, style)
    notes = fc.trend_notes(
        trend,
        dataset_note=demo,
        release_note=note,
        lang=lang,
        heading=f"{city_name} · {title}",
    )
    with st.expander(t("ref.chart_data", lang), expanded=grain == "year"):
        if len(frame) > SHOWN_ROWS:
            st.caption(t("data.rows_shown", lang, shown=f"{SHOWN_ROWS:,}", n=f"{len(frame):,}"))
        numbers = (
            [t("ref.cases.col.count", lang), t("ref.cases.col.printed", lang)]
            if grain == "year"
            else list(frame.columns[1:])
        )
        config = {
            c: st.column_config.TextColumn(alignment="right") for c in frame.columns if c in numbers
        }
        show_dataframe(frame.head(SHOWN_ROWS), column_config=config)
        state = t(f"analysis.state.{'public' if public else 'internal'}", lang)
        st.download_button(
            t("ref.cases.download", lang, state=state),
            data=lambda: view_csv(frame, notes),
            file_name=(
                f"{city}_referrals_from_cases_{dim}_{grain}_"
                f"{'public' if public else 'internal'}{'_demo' if demo else ''}.csv"
            ),
            mime="text/csv",
            key=f"{KEY}.csv",
            icon=":material/download:",
        )
