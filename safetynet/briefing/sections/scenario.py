"""人力試算 / The saved staffing scenario the user picked, in the briefing."""

from __future__ import annotations

from safetynet.briefing.deck import (
    BriefingContext,
    ChartSlide,
    MessageSlide,
    Section,
    Series,
    Slide,
    register_section,
)
from safetynet.briefing.slide_tables import split_table
from safetynet.formatting import (
    format_year,
    format_year_range,
)
from safetynet.i18n import t
from safetynet.staffing.planner import compute_plan
from safetynet.staffing.planner_views import lines_table

SCENARIO_LINE_COLUMNS = (
    "workers",
    "supervisors",
    "posts_needed",
    "approved",
    "gap_approved",
    "hired",
    "gap_hired",
)


def build_scenario_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """The picked saved planner scenario: posts to fund per year against posts approved and
    people hired now, and each service line's needs in the last year of the horizon."""
    lang, style = ctx.lang, ctx.year_style
    title = t("briefing.scenario.title", lang)
    scenario = ctx.scenario
    if scenario is None:
        return (MessageSlide(title, "", t("briefing.scenario.none", lang)),)
    if scenario.params is None:
        text = t("briefing.scenario.unreadable", lang, name=scenario.name, problem=scenario.problem)
        return (MessageSlide(title, "", text),)
    result = compute_plan(scenario.params)
    source = t("briefing.scenario.source", lang, name=scenario.name, saved=scenario.saved_at[:10])
    totals = result.totals
    series = [
        Series(t("planner.out.posts_needed", lang), tuple(float(r.posts_needed) for r in totals))
    ]
    missing = []
    for measure in ("approved", "hired"):
        values = [getattr(r, measure) for r in totals]
        if all(v is not None for v in values):
            series.append(
                Series(t(f"planner.out.{measure}", lang), tuple(float(v) for v in values))
            )
        else:
            missing.append(t(f"planner.kpi.missing_{measure}", lang))
    params = scenario.params
    caption = t(
        "briefing.scenario.caption",
        lang,
        years=format_year_range(params.base_year, params.end_year, style, lang),
    )
    if missing:
        caption += t("list_sep", lang) + t("list_sep", lang).join(missing)
    end = result.end
    slides: list[Slide] = [
        ChartSlide(
            t("briefing.scenario.chart", lang, name=scenario.name),
            source,
            "bar",
            tuple(format_year(r.year, style, lang) for r in totals),
            tuple(series),
            t("briefing.unit.posts", lang),
            caption=caption,
        )
    ]
    table = lines_table(result, lang, style)
    in_end_year = [r.year == end.year for r in result.lines]
    keep = [t("planner.field.name", lang)] + [
        t(f"planner.out.{c}", lang) for c in SCENARIO_LINE_COLUMNS
    ]
    slides.extend(
        split_table(
            t("briefing.scenario.lines", lang, year=format_year(end.year, style, lang)),
            source,
            table.loc[in_end_year, keep],
            caption=t("planner.formula.posts", lang),
            lang=lang,
        )
    )
    return tuple(slides)


register_section(
    Section(
        "staffing_scenario", 60, "briefing.section.staffing_scenario", (), build_scenario_slides
    )
)
