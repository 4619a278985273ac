"""通報 / Referral trends in the briefing: published figures, counts per type, growth."""

from __future__ import annotations

from safetynet.briefing.deck import (
    MAX_CHART_CATEGORIES,
    BriefingContext,
    ChartSlide,
    KpiSlide,
    MessageSlide,
    Section,
    Series,
    Slide,
    join_sources,
    register_section,
    up_to_year,
    year_text,
)
from safetynet.briefing.slide_tables import split_table
from safetynet.figures import figure_cards, figure_sources
from safetynet.formatting import (
    format_year,
    with_unit,
)
from safetynet.i18n import note_in, t
from safetynet.referrals.trends import compute_referral_trends, largest_types
from safetynet.referrals.views import SUMMARY_COLUMNS, referral_summary_table

REFERRAL_TABLES = ("referrals", "outcomes")


def build_referral_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """Referral trends: published figures as cards, counts per type by year, change and growth.

    A city whose source prints no yearly counts (Kaohsiung) gets its published
    figure marked as published and a slide saying the counts are 無資料, and why.
    """
    lang, style = ctx.lang, ctx.year_style
    referrals = up_to_year(ctx.tables["referrals"], ctx.year)
    trends = compute_referral_trends(referrals, up_to_year(ctx.tables["outcomes"], ctx.year))
    slides: list[Slide] = []
    if trends.published:
        slides.append(
            KpiSlide(
                t("ref.published", lang),
                figure_sources(trends.published),
                figure_cards(trends.published, lang, style, published=True),
            )
        )
    title = t("briefing.referrals.trend", lang)
    if not trends.has_counts:
        if len(ctx.tables["referrals"]):  # counts exist, but only after the chosen year
            text = t(
                "briefing.referrals.none_before",
                lang,
                city=ctx.city.name(lang),
                year=year_text(ctx),
            )
            slides.append(MessageSlide(title, join_sources(ctx.tables["referrals"]), text))
            return tuple(slides)
        text = t("ref.no_counts", lang, city=ctx.city.name(lang))
        reasons = [note_in(f.note, lang) for f in trends.published_growth if f.note]
        if reasons:
            text += t("ref.reason", lang, reason=t("list_sep", lang).join(reasons))
        slides.append(MessageSlide(title, figure_sources(trends.published_growth), text))
        return tuple(slides)

    series = trends.series
    years = sorted(int(y) for y in series["year"].unique())
    # Types are never added up: the chart shows the largest, the table lists the others.
    drawn = set(largest_types(referrals, MAX_CHART_CATEGORIES))
    counts_of = {
        code: dict(zip(rows["year"].astype(int), rows["count"], strict=True))
        for code, rows in series.groupby("referral_type", sort=False)
    }
    lines = []
    for summary in trends.summaries:
        rt = summary.referral_type
        if rt.code not in drawn:
            continue
        counts = counts_of[rt.code]
        lines.append(
            Series(
                with_unit(rt.label(lang), rt.unit(lang), lang),
                tuple(float(counts[y]) if y in counts else None for y in years),
            )
        )
    units = t("list_sep", lang).join(
        dict.fromkeys(rt.unit(lang) for rt in trends.types if rt.code in drawn)
    )
    chart_caption = t("briefing.referrals.caption", lang)
    if len(trends.types) > len(lines):
        chart_caption += t("briefing.referrals.capped", lang, shown=len(lines), n=len(trends.types))
    slides.append(
        ChartSlide(
            title,
            join_sources(series),
            "line",
            tuple(format_year(y, style, lang) for y in years),
            tuple(lines),
            units,
            caption=chart_caption,
        )
    )
    if len(years) < 2:  # one year gives no change to show
        return tuple(slides)
    summary_table = referral_summary_table(trends, lang, style)
    keep = [t(k, lang) for k in SUMMARY_COLUMNS]
    if trends.published_growth:  # computed and published rows side by side: say which is which
        keep.append(t("ref.col.kind", lang))
    slides.extend(
        split_table(
            t("ref.summary", lang),
            list(summary_table[t("source", lang)]),
            summary_table[keep],
            caption=t("briefing.referrals.growth_caption", lang),
            lang=lang,
        )
    )
    return tuple(slides)


register_section(
    Section("referrals", 30, "briefing.section.referrals", REFERRAL_TABLES, build_referral_slides)
)
