"""風險類型 / Risk-type shares of vulnerable-family cases in the briefing."""

from __future__ import annotations

from safetynet.briefing.deck import (
    BriefingContext,
    ChartSlide,
    KpiSlide,
    MessageSlide,
    Section,
    Series,
    Slide,
    fold_categories,
    register_section,
    up_to_year,
    year_text,
)
from safetynet.briefing.slide_tables import split_table
from safetynet.figures import figure_cards, figure_sources, outcome_figures
from safetynet.formatting import (
    format_year,
)
from safetynet.i18n import note_in, t
from safetynet.risk.shares import RISK_OUTCOME_METRICS, compute_risk_shares
from safetynet.risk.views import risk_share_display_table

RISK_TABLES = ("risk_shares", "outcomes")


def build_risk_type_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """The six risk types of the latest year up to the briefing year, sorted, and the
    vulnerable-family service outcomes as cards."""
    lang, style = ctx.lang, ctx.year_style
    shares_table = ctx.tables["risk_shares"]
    result = compute_risk_shares(up_to_year(shares_table, ctx.year))
    slides: list[Slide] = []
    if result.has_data:
        year = format_year(result.year, style, lang)
        shares = result.shares
        labels, (values,) = fold_categories(
            list(shares[f"short_{lang}"]),
            [[float(v) for v in shares["share_pct"]]],
            t("chart.other", lang),
        )
        values = tuple(round(float(v or 0), 3) for v in values)
        source = " ; ".join(result.sources)
        slides.append(
            ChartSlide(
                t("risk.chart_title", lang, year=year),
                source,
                "bar",
                labels,
                (Series(t("risk.col.share", lang), values),),
                "%",
                decimals=0 if all(v.is_integer() for v in values) else 1,
                caption=t("list_sep", lang).join(note_in(n, lang) for n in result.notes),
            )
        )
        table = risk_share_display_table(result, lang, style)
        keep = [t("risk.col.name", lang), t("risk.col.short", lang), t("risk.col.share", lang)]
        if result.compare_year is not None:
            since = format_year(result.compare_year, style, lang)
            keep.append(t("risk.col.change", lang, year=since))
        slides.extend(
            split_table(t("briefing.risk.table", lang, year=year), source, table[keep], lang=lang)
        )
    else:
        if shares_table.empty:
            text = t("briefing.risk.none", lang, city=ctx.city.name(lang))
        else:
            text = t("briefing.risk.none_before", lang, year=year_text(ctx))
        slides.append(MessageSlide(t("briefing.risk.title", lang), "", text))

    figures = outcome_figures(up_to_year(ctx.tables["outcomes"], ctx.year), RISK_OUTCOME_METRICS)
    if figures:
        slides.append(
            KpiSlide(
                t("risk.outcomes", lang),
                figure_sources(figures),
                figure_cards(figures, lang, style),
            )
        )
    elif ctx.year is not None and outcome_figures(ctx.tables["outcomes"], RISK_OUTCOME_METRICS):
        text = t("briefing.risk.outcomes_none_before", lang, year=year_text(ctx))
        slides.append(MessageSlide(t("risk.outcomes", lang), "", text))
    else:
        slides.append(MessageSlide(t("risk.outcomes", lang), "", t("risk.outcomes_none", lang)))
    return tuple(slides)


register_section(
    Section("risk_types", 40, "briefing.section.risk_types", RISK_TABLES, build_risk_type_slides)
)
