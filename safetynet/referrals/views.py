"""Referral trends as a reader sees them: the tables the referrals page shows and offers
as CSV, and the briefing's summary, worded from :mod:`safetynet.referrals.trends`."""

from __future__ import annotations

import pandas as pd

from safetynet.formatting import (
    NO_DATA,
    MarkedGrid,
    format_number,
    format_signed_pct,
    format_year,
    format_year_range,
    is_missing,
    marked_notes,
)
from safetynet.i18n import note_in, t
from safetynet.referrals.trends import ReferralTrends
from safetynet.sources import source_line

# The summary's figure columns (i18n keys), as the page and the briefing show them.
SUMMARY_COLUMNS = (
    "ref.col.type",
    "ref.col.unit",
    "ref.col.period",
    "ref.col.first",
    "ref.col.last",
    "ref.col.change",
    "ref.col.growth",
    "ref.col.latest_yoy",
)


def _text(value: float | None, decimals: int, lang: str) -> str:
    return NO_DATA[lang] if is_missing(value) else format_number(value, decimals, lang)


def referral_series_table(trends: ReferralTrends, lang: str, year_style: str) -> pd.DataFrame:
    """The chart's data: one row per type and year, with every computed measure."""
    s = trends.series
    columns: dict[str, object] = {
        t("ref.col.type", lang): s[f"label_{lang}"],
        t("ref.col.year", lang): [format_year(y, year_style, lang) for y in s["year"]],
        t("ref.col.unit", lang): s[f"unit_{lang}"],
        t("ref.col.count", lang): s["count"].astype(int),
        t("ref.col.yoy_change", lang): [
            NO_DATA[lang] if is_missing(v) else f"{int(v):+,d}" for v in s["yoy_change"]
        ],
        t("ref.col.yoy_pct", lang): [format_signed_pct(v, 1, lang) for v in s["yoy_pct"]],
        t("ref.col.index", lang): [_text(v, 1, lang) for v in s["index"]],
    }
    if trends.rates_available:
        columns[t("ref.col.rate", lang)] = [_text(v, 2, lang) for v in s["rate_per_10k"]]
    columns[t("source", lang)] = s["source"]
    columns[t("note", lang)] = [
        note_in(n, lang) + (f" {t('ref.from_reporters', lang)}" if summed else "")
        for n, summed in zip(s["note"], s["from_reporters"], strict=True)
    ]
    return pd.DataFrame(columns).reset_index(drop=True)


# The summary grid's columns that read under a short header on the page.
SHORT_HEADERS = (
    "ref.col.first",
    "ref.col.last",
    "ref.col.change",
    "ref.col.growth",
    "ref.col.latest_yoy",
)


def referral_summary_table(trends: ReferralTrends, lang: str, year_style: str) -> pd.DataFrame:
    """Change and growth per type, computed ones first, then published growth figures.

    The kind column says which is which; a published figure has no counts (無資料).
    """
    no_data = NO_DATA[lang]
    computed = t("ref.kind.computed", lang)
    sources = dict(zip(trends.series["referral_type"], trends.series["source"], strict=True))
    rows = []
    for s in trends.summaries:
        rows.append(
            {
                t("ref.col.type", lang): s.referral_type.label(lang),
                t("ref.col.unit", lang): s.referral_type.unit(lang),
                t("ref.col.period", lang): format_year_range(
                    s.first_year, s.last_year, year_style, lang
                ),
                t("ref.col.first", lang): format_number(s.first_count),
                t("ref.col.last", lang): format_number(s.last_count),
                t("ref.col.change", lang): f"{s.change:+,d}",
                t("ref.col.growth", lang): format_signed_pct(s.growth_pct, 1, lang),
                t("ref.col.latest_yoy", lang): format_signed_pct(s.latest_yoy_pct, 1, lang),
                t("ref.col.kind", lang): computed,
                t("source", lang): sources.get(s.referral_type.code, ""),
                t("note", lang): "",
            }
        )
    for f in trends.published_growth:
        period = (
            format_year_range(f.year, f.year_to or f.year, year_style, lang)
            if f.year is not None
            else no_data
        )
        rows.append(
            {
                t("ref.col.type", lang): f.label_zh if lang == "zh" else f.label_en,
                t("ref.col.unit", lang): no_data,
                t("ref.col.period", lang): period,
                t("ref.col.first", lang): no_data,
                t("ref.col.last", lang): no_data,
                t("ref.col.change", lang): no_data,
                t("ref.col.growth", lang): format_signed_pct(f.value, 2, lang),
                t("ref.col.latest_yoy", lang): no_data,
                t("ref.col.kind", lang): t("ref.kind.published", lang),
                t("source", lang): f.source,
                t("note", lang): note_in(f.note, lang),
            }
        )
    columns = [t(k, lang) for k in (*SUMMARY_COLUMNS, "ref.col.kind", "source", "note")]
    return pd.DataFrame(rows, columns=columns)


def summary_grid(summary: pd.DataFrame, lang: str) -> MarkedGrid:
    """:func:`referral_summary_table` as the page's grid shows it, one line a row: whether a
    row is published rather than computed, its source and its note as marks (「①」) in one
    column, their texts listed under the grid (in full they would push the figures off a
    laptop's screen), and short headers with the full names as tooltips."""
    kind, source, note = t("ref.col.kind", lang), t("source", lang), t("note", lang)
    published, said = t("ref.kind.published", lang), t("fig.published", lang)
    marks, notes = marked_notes(
        (said if k == published else "", source_line(s, lang), n)
        for k, s, n in zip(summary[kind], summary[source], summary[note], strict=True)
    )
    table = summary.drop(columns=[kind, source, note])
    table[t("ref.col.marks", lang)] = marks
    short = {t(k, lang): t(k.replace(".col.", ".short."), lang) for k in SHORT_HEADERS}
    return MarkedGrid(
        table.rename(columns=short), notes, {s: full for full, s in short.items() if s != full}
    )


def reporter_table(trends: ReferralTrends, lang: str, year_style: str) -> pd.DataFrame:
    """Per-source counts as a reader sees them (empty when the data has none)."""
    r = trends.reporters
    return pd.DataFrame(
        {
            t("ref.col.type", lang): r["type_zh" if lang == "zh" else "type_en"],
            t("ref.col.year", lang): [format_year(y, year_style, lang) for y in r["year"]],
            t("ref.col.reporter", lang): r["reporter"],
            t("ref.col.count", lang): r["count"],
            t("ref.col.unit", lang): r["unit" if lang == "zh" else "unit_en"],
            t("source", lang): r["source"],
        }
    ).reset_index(drop=True)
