"""Words and tables for the indicators page: status labels with icons, the director's
summary sentence, the derivation note, the scorecard and one indicator's year table.

Pure (no Streamlit): pages and components call these and only lay out the result.
Every frame returned here is also what the CSV download holds.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from safetynet.cards import Card, join_sources
from safetynet.formatting import (
    PERCENT_UNITS,
    format_number,
    format_value,
    format_year,
    marked_notes,
)
from safetynet.i18n import note_in, note_parts, t
from safetynet.indicators.tracker import (
    BEHIND,
    DERIVED,
    HOW_HOLD,
    HOW_LINEAR,
    HOW_RELATIVE,
    MET,
    MISSED,
    NO_DATA,
    RELATIVE,
    Indicator,
    Scorecard,
    Summary,
    Track,
    YearStatus,
    YearTarget,
    indicators_from_frame,
)

# Status is never told by colour alone: each has an icon of its own shape.
STATUS_ICONS = {MET: "✔", MISSED: "✖", BEHIND: "◐", NO_DATA: "○"}
# A part of an indicator's note that puts its target in doubt starts so (data/README.md),
# e.g. 「⚠ 目標疑為全國目標：…」: the scorecard shows it beside the status.
TARGET_CAVEAT_MARK = "⚠ 目標"


def status_label(status: str, lang: str) -> str:
    """``✔ 達成`` / ``✖ Missed``: icon and word together."""
    return f"{STATUS_ICONS[status]} {t(f'ind.status.{status}', lang)}"


def target_caveat(ind: Indicator, lang: str) -> str:
    """Why the indicator's target is in doubt, in ``lang`` (``""`` when it is not).

    The ⚠ parts of its note that start with ``⚠ 目標`` (e.g. a phase-2 target
    that reads like a national one), kept as printed in the note.
    """
    return note_target_caveat(ind.note, lang)


def note_target_caveat(note: str | None, lang: str) -> str:
    """The target caveat of an indicator's ``note`` (see :func:`target_caveat`)."""
    parts = [
        zh if lang == "zh" else en
        for zh, en in note_parts(note)
        if zh.startswith(TARGET_CAVEAT_MARK)
    ]
    return ("；" if lang == "zh" else "; ").join(parts)


def doubted_orders(indicators: pd.DataFrame, orders: Iterable[int]) -> list[int]:
    """Of rows ``orders`` of ``indicators``, those whose note puts the target in doubt."""
    notes = indicators["note"].reset_index(drop=True)
    marked = notes.str.contains(TARGET_CAVEAT_MARK, regex=False, na=False).to_numpy()
    return [int(o) for o in orders if marked[o] and note_target_caveat(notes.iat[o], "zh")]


def target_caveat_label(ind: Indicator, lang: str) -> str:
    """The caveat's heading only (``⚠ 目標疑為全國目標``), for a slide's narrow column."""
    caveat = target_caveat(ind, lang)
    return caveat.split("：" if lang == "zh" else ":", 1)[0] if caveat else ""


def network_agencies_text(
    network: pd.DataFrame | None, phase: int, strategy: int, lang: str
) -> str | None:
    """``網絡單位（8）：社會局、衛生局…`` for a strategy, as printed; ``None`` when none are."""
    if network is None or network.empty:
        return None
    rows = network[(network["phase"] == phase) & (network["strategy"] == strategy)]
    if rows.empty:
        return None
    names = rows[f"agency_{lang}"].tolist()
    return t("ind.network", lang, n=len(names), agencies=t("list_sep", lang).join(names))


def network_agencies_source(network: pd.DataFrame, phase: int, strategy: int) -> str:
    rows = network[(network["phase"] == phase) & (network["strategy"] == strategy)]
    return " ; ".join(dict.fromkeys(rows["source"]))


def baseline_card(track: Track, style: str, lang: str) -> Card:
    """The detail's baseline card: the printed baseline, else the earliest actual that
    starts the derived path (said so), else 無資料."""
    ind = track.indicator
    label, source = t("ind.baseline", lang), ind.source
    if ind.baseline is not None:
        return Card(
            label,
            format_indicator_value(ind.baseline, ind, lang),
            raw=ind.baseline,
            period=format_year(ind.baseline_year, style, lang) if ind.baseline_year else "",
            source=source,
        )
    start = track.start
    if start is None:
        return Card(label, t("no_data", lang), source=source)
    return Card(
        label,
        format_indicator_value(start.value, ind, lang),
        raw=start.value,
        period=year_label(start.year, track, style, lang),
        source=source,
        detail=t("ind.baseline.from_actual", lang),
    )


def detail_cards(track: Track, style: str, lang: str) -> tuple[Card, ...]:
    """An indicator's four cards: final target, latest actual, gap to the target, baseline."""
    ind = track.indicator
    latest = track.latest_actual
    if ind.target_rule == "relative_to_previous":
        final = Card(
            t("ind.col.final_target", lang),
            final_target_text(track, style, lang),
            source=ind.source,
        )
    else:
        final = Card(
            t("ind.col.final_target", lang),
            format_indicator_value(ind.target, ind, lang),
            raw=ind.target,
            period=year_label(ind.target_year, track, style, lang),
            source=ind.source,
        )
    return (
        final,
        Card(
            t("ind.latest", lang),
            format_indicator_value(None if latest is None else latest.value, ind, lang),
            raw=None if latest is None else latest.value,
            period="" if latest is None else year_label(latest.year, track, style, lang),
            source=latest.source if latest else ind.source,
        ),
        Card(
            t("ind.final_gap", lang),
            format_gap(track.gap_to_final, ind, lang),
            raw=track.gap_to_final,
            source=ind.source,
        ),
        baseline_card(track, style, lang),
    )


def status_cards(summary: Summary, lang: str) -> tuple[Card, ...]:
    """One card per status, with its icon and word (never colour alone) and how many."""
    counts = {
        MET: summary.met,
        MISSED: summary.missed,
        BEHIND: summary.behind,
        NO_DATA: summary.no_data,
    }
    return tuple(
        Card(
            status_label(status, lang),
            str(count),
            raw=count,
            source=t("ind.legend", lang),
        )
        for status, count in counts.items()
    )


def unit_of(ind: Indicator, lang: str) -> str:
    return ind.unit if lang == "zh" else ind.unit_en


def name_of(ind: Indicator, lang: str) -> str:
    return ind.name_zh if lang == "zh" else ind.name_en


def agency_of(ind: Indicator, lang: str) -> str:
    agency = ind.agency_zh if lang == "zh" else ind.agency_en
    return agency or t("no_data", lang)


def format_indicator_value(value: float | None, ind: Indicator, lang: str) -> str:
    """A target or actual with the indicator's unit: ``57%``, ``4.96 次/人``, ``4,180 persons``."""
    if value is not None and not ind.is_count:
        value = round(value, 2)
    return format_value(value, unit_of(ind, lang), lang)


def format_gap(gap: float | None, ind: Indicator, lang: str) -> str:
    """Actual − target, signed: ``+15 個百分點`` for percentages, ``-1 處`` for counts."""
    if gap is None:
        return t("no_data", lang)
    gap = round(gap, 2)
    sign = "+" if gap > 0 else ("−" if gap < 0 else "±")
    number = format_number(abs(gap), lang=lang)
    if ind.unit in PERCENT_UNITS:
        return sign + t("ind.gap.points", lang, value=number)
    unit = unit_of(ind, lang)
    return f"{sign}{number} {unit}" if unit else f"{sign}{number}"


def year_label(year: int | None, track: Track, style: str, lang: str) -> str:
    return format_year(year, style, lang, track.year_basis)


def strategy_label(ind: Indicator, lang: str) -> str:
    """``第二期 · 策略一：擴增家庭服務資源…`` (slide title) / ``Phase 2 · Strategy 1``."""
    phase = ind.phase_name(lang)
    if lang == "zh" and ind.strategy_title():
        return f"{phase} · {ind.strategy_title()}"
    return f"{phase} · {t('ind.strategy_en', lang, n=ind.strategy)}"


def relative_rule(ind: Indicator, lang: str) -> str:
    key = "ind.rule.down" if ind.direction == "down" else "ind.rule.up"
    return t(key, lang, pct=format_number(ind.target, lang=lang))


def explain_target(target: YearTarget, track: Track, style: str, lang: str) -> str:
    """Why the year has this target (or none), in one phrase."""
    extra: dict[str, object] = {}
    if target.how in (HOW_LINEAR, HOW_HOLD):
        extra["from_year"] = year_label(target.from_year, track, style, lang)
    if target.how == HOW_RELATIVE:
        extra["rule"] = relative_rule(track.indicator, lang)
    return t(f"ind.how.{target.how}", lang, **extra)


def explain_status(status: YearStatus, track: Track, style: str, lang: str) -> str:
    """What the status rests on: the target's origin, or why there is no comparison."""
    if status.status == BEHIND:
        year = year_label(status.compared_year, track, style, lang)
        return t("ind.explain.behind", lang, year=year)
    if status.target.value is None:
        return explain_target(status.target, track, style, lang)
    if status.actual is None:
        return t("ind.explain.no_actual", lang)
    return explain_target(status.target, track, style, lang)


def target_text(target: YearTarget | None, ind: Indicator, lang: str) -> str:
    """The year's target with ``（推算）`` when it is not a given one."""
    if target is None or target.value is None:
        return t("no_data", lang)
    text = format_indicator_value(target.value, ind, lang)
    if target.kind in (DERIVED, RELATIVE):
        text += (
            f"（{t(f'ind.kind.{target.kind}', lang)}）"
            if lang == "zh"
            else f" ({t(f'ind.kind.{target.kind}', lang)})"
        )
    return text


def final_target_text(track: Track, style: str, lang: str) -> str:
    """``57%（114年）``; without a target year just the value; relative rules in words."""
    ind = track.indicator
    if ind.target_rule == "relative_to_previous":
        return relative_rule(ind, lang)
    value = format_indicator_value(ind.target, ind, lang)
    if ind.target_year is None:
        return value
    return t(
        "ind.target_at", lang, value=value, year=year_label(ind.target_year, track, style, lang)
    )


def summary_sentence(summary: Summary, style: str, lang: str) -> str:
    """The sentence a director can say: ``109年：達成 4 項、未達成 0 項、無資料 1 項``.

    進度落後 is named only when some indicator is behind.
    """
    key = "ind.summary.behind" if summary.behind else "ind.summary"
    return t(
        key,
        lang,
        year=format_year(summary.year, style, lang),
        met=summary.met,
        missed=summary.missed,
        behind=summary.behind,
        no_data=summary.no_data,
    )


def derivation_notes(track: Track, style: str, lang: str) -> list[str]:
    """How this indicator's yearly targets are set, as short sentences."""
    ind = track.indicator
    notes: list[str] = []
    if ind.target_rule == "every_year":
        target = format_indicator_value(ind.target, ind, lang)
        return [t("ind.note.every_year", lang, target=target)]
    if ind.target_rule == "relative_to_previous":
        return [t("ind.note.relative", lang, rule=relative_rule(ind, lang))]
    if ind.target_year is None and track.final_target is None:
        target = format_indicator_value(ind.target, ind, lang)
        return [t("ind.note.no_target_year", lang, target=target)]
    linear = [tg for tg in track.targets if tg.how == HOW_LINEAR]
    if linear and track.start is not None:
        value = format_indicator_value(track.start.value, ind, lang)
        year = year_label(track.start.year, track, style, lang)
        start = t(
            "ind.start.baseline" if track.start.from_baseline else "ind.start.actual",
            lang,
            value=value,
            year=year,
        )
        end = final_target_text(track, style, lang)
        notes.append(t("ind.note.derived", lang, start=start, end=end))
        if ind.is_count:
            notes.append(t("ind.note.count", lang))
        capped = track.start.value
        final = track.final_target
        if final is not None and final.value is not None:
            beyond = capped > final.value if ind.direction == "up" else capped < final.value
            if beyond:
                notes.append(t("ind.note.capped", lang))
    elif any(tg.how == "no_start" for tg in track.targets):
        notes.append(t("ind.note.no_start", lang))
    else:
        notes.append(t("ind.note.given_only", lang))
    if any(tg.how == HOW_HOLD for tg in track.targets):
        notes.append(t("ind.note.hold", lang))
    return notes


def scorecard_display_table(scorecard: Scorecard, style: str, lang: str) -> pd.DataFrame:
    """One row per indicator in the chosen year: what the scorecard shows and downloads."""
    records = []
    for row in scorecard.rows:
        track, status = row.track, row.status
        ind = track.indicator
        actual = status.actual
        records.append(
            {
                t("ind.col.strategy", lang): strategy_label(ind, lang),
                t("ind.col.id", lang): ind.indicator_id,
                t("ind.col.indicator", lang): name_of(ind, lang),
                t("ind.col.agency", lang): agency_of(ind, lang),
                t("ind.col.year", lang): year_label(scorecard.year, track, style, lang),
                t("ind.col.target", lang): target_text(status.target, ind, lang),
                t("ind.col.actual", lang): format_indicator_value(
                    None if actual is None else actual.value, ind, lang
                ),
                t("ind.col.gap", lang): format_gap(status.gap, ind, lang),
                t("ind.col.status", lang): status_label(status.status, lang),
                t("ind.col.caveat", lang): target_caveat(ind, lang),
                t("ind.col.explain", lang): explain_status(status, track, style, lang),
                t("ind.col.final_target", lang): final_target_text(track, style, lang),
            }
        )
    columns = [
        t(f"ind.col.{c}", lang)
        for c in (
            "strategy",
            "id",
            "indicator",
            "agency",
            "year",
            "target",
            "actual",
            "gap",
            "status",
            "caveat",
            "explain",
            "final_target",
        )
    ]
    return pd.DataFrame(records, columns=columns)


def scorecard_grid(
    scorecard: Scorecard, style: str, lang: str
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """:func:`scorecard_display_table` as the page's grids show it, and the notes its marks
    stand for, in mark order (to list below the grid; the CSV keeps them in their columns).

    A row's target caveat, the kind of its target (「推算」) and the explanation are
    marks (「① ③」) in a notes column, and the target is its value alone: in the grid, a
    caveat of a paragraph made every row that tall and the table wider than a laptop's
    page (1366×768).
    """
    table = scorecard_display_table(scorecard, style, lang)
    kinds = []
    targets = []
    for row in scorecard.rows:
        target, ind = row.status.target, row.track.indicator
        kind = target.kind if target.value is not None else None
        if kind in (DERIVED, RELATIVE):  # the kind is a note; the cell, the value alone
            kinds.append(t(f"ind.grid_note.{kind}", lang))
            targets.append(format_indicator_value(target.value, ind, lang))
        else:
            kinds.append("")
            targets.append(target_text(target, ind, lang))
    caveat, explain = t("ind.col.caveat", lang), t("ind.col.explain", lang)
    marks, notes = marked_notes(zip(table[caveat], kinds, table[explain], strict=True))
    grid = table.drop(columns=[caveat, explain])
    grid[t("ind.col.target", lang)] = targets
    grid[t("ind.col.notes", lang)] = marks
    return grid, notes


def strategy_summary_table(
    counts: pd.DataFrame, indicators: pd.DataFrame, lang: str
) -> pd.DataFrame:
    """:func:`safetynet.indicators.tracker.strategy_counts` as a reader sees it: the strategy's
    name (from its first indicator), the count per status and the total."""
    firsts = indicators_from_frame(indicators.reset_index(drop=True).iloc[list(counts["order"])])
    frame = pd.DataFrame({t("ind.col.strategy", lang): [strategy_label(i, lang) for i in firsts]})
    for status in STATUS_ICONS:
        frame[status_label(status, lang)] = counts[status].astype(int).to_numpy()
    frame[t("ind.col.total", lang)] = counts[list(STATUS_ICONS)].sum(axis=1).astype(int).to_numpy()
    return frame


def track_display_table(track: Track, style: str, lang: str) -> pd.DataFrame:
    """The table behind one indicator's chart: every year with target, actual, status."""
    ind = track.indicator
    records = []
    for year in track.chart_years:
        target = track.target_for(year)
        status = track.status_for(year)
        actual = track.actual_for(year)
        records.append(
            {
                t("ind.col.year", lang): year_label(year, track, style, lang),
                t("ind.col.target", lang): None
                if target is None or target.value is None
                else round(target.value, 4),
                t("ind.col.target_kind", lang): ""
                if target is None or target.kind is None
                else t(f"ind.kind.{target.kind}", lang),
                t("ind.col.actual", lang): None if actual is None else actual.value,
                t("ind.col.unit", lang): unit_of(ind, lang),
                t("ind.col.gap", lang): None
                if status is None or status.gap is None or status.actual is None
                else round(status.gap, 4),
                t("ind.col.status", lang): ""
                if status is None
                else status_label(status.status, lang),
                t("ind.col.explain", lang): ""
                if target is None
                else explain_target(target, track, style, lang),
                t("source", lang): _sources(target, actual),
                t("note", lang): note_in(actual.note if actual else None, lang),
            }
        )
    return pd.DataFrame(records)


def _sources(target: YearTarget | None, actual: object) -> str:
    return join_sources((target.source if target else None, getattr(actual, "source", None)))
