"""The planner's results as a reader sees them: translated tables and the .xlsx export.

The calculations live in :mod:`safetynet.staffing.planner`; here they are
only labelled, formatted (ROC or Gregorian years, thousands separators,
"無資料" where an input was not given) and written to a workbook.
"""

from __future__ import annotations

import io

import pandas as pd

from safetynet.editing.exports import neutralise_text
from safetynet.formatting import NO_DATA, format_number, format_year, to_roc
from safetynet.i18n import t
from safetynet.staffing.planner import LINE_FIELDS, PlannerParams, PlannerResult
from safetynet.staffing.presets import Preset, presets_table

# Result columns shown, in order; optional ones are None when an input is missing.
RESULT_COLUMNS = (
    "caseload",
    "workers",
    "supervisors",
    "staff",
    "posts_needed",
    "approved",
    "gap_approved",
    "hired",
    "gap_hired",
    "hires",
    "caseload_per_worker_no_hires",
    "recruit_start",
)
OPTIONAL = {
    "approved",
    "gap_approved",
    "hired",
    "gap_hired",
    "hires",
    "caseload_per_worker_no_hires",
}


def format_month(year: int, month: int, style: str, lang: str) -> str:
    """A month: ``110年8月`` / ``2021年8月`` / ``ROC 110-08`` / ``2021-08``."""
    shown = to_roc(year) if style == "roc" else year
    if lang == "zh":
        return f"{shown}年{month}月"
    return f"ROC {shown}-{month:02d}" if style == "roc" else f"{shown}-{month:02d}"


def _recruit_text(start: tuple[int, int] | None, late: bool, style: str, lang: str) -> str:
    if start is None:
        return t("planner.no_recruiting", lang)
    text = format_month(*start, style, lang)
    return f"{text} {t('planner.late', lang)}" if late else text


def _signed(value: int | None, lang: str) -> str:
    if value is None:
        return NO_DATA[lang]
    return f"+{format_number(value)}" if value > 0 else format_number(value)


def _column(name: str, values: list, lang: str, style: str, lates: list[bool]) -> list:
    if name == "recruit_start":
        return [_recruit_text(v, late, style, lang) for v, late in zip(values, lates, strict=True)]
    if name in ("gap_approved", "gap_hired"):
        return [_signed(v, lang) for v in values]
    if name == "caseload_per_worker_no_hires":
        return [format_number(v, 1, lang) if v is not None else NO_DATA[lang] for v in values]
    if name == "caseload":
        return [round(float(v), 1) for v in values]
    if name in OPTIONAL:
        return [format_number(v, lang=lang) for v in values]
    return [int(v) for v in values]


def _result_table(rows: list, lang: str, style: str, first: dict[str, list]) -> pd.DataFrame:
    lates = [r.recruit_late for r in rows]
    data = dict(first)
    for name in RESULT_COLUMNS:
        data[t(f"planner.out.{name}", lang)] = _column(
            name, [getattr(r, name) for r in rows], lang, style, lates
        )
    return pd.DataFrame(data)


def totals_table(result: PlannerResult, lang: str, style: str) -> pd.DataFrame:
    """All service lines together, one row per year of the horizon."""
    rows = list(result.totals)
    years = [format_year(r.year, style, lang) for r in rows]
    return _result_table(rows, lang, style, {t("col.year", lang): years})


def lines_table(result: PlannerResult, lang: str, style: str) -> pd.DataFrame:
    """One row per service line and year, lines in input order."""
    rows = list(result.lines)
    first = {
        t("planner.field.name", lang): [r.line for r in rows],
        t("col.year", lang): [format_year(r.year, style, lang) for r in rows],
    }
    return _result_table(rows, lang, style, first)


def flow_table(result: PlannerResult, lang: str, style: str) -> pd.DataFrame:
    """Staff flow per line and year: in post at the start, leavers, hires, staff needed."""
    rows = [r for r in result.lines if r.hires is not None]
    return pd.DataFrame(
        {
            t("planner.field.name", lang): [r.line for r in rows],
            t("col.year", lang): [format_year(r.year, style, lang) for r in rows],
            t("planner.out.staff", lang): [r.staff for r in rows],
            t("planner.out.leavers", lang): [round(float(r.leavers or 0), 1) for r in rows],
            t("planner.out.hires", lang): [r.hires for r in rows],
            t("planner.out.recruit_start", lang): [
                _recruit_text(r.recruit_start, r.recruit_late, style, lang) for r in rows
            ],
        }
    )


def sensitivity_table(result: PlannerResult, lang: str, style: str) -> pd.DataFrame:  # noqa: ARG001
    """Total staff and posts in the end year against cases per worker (ratio-method lines)."""
    frame = result.sensitivity_frame()
    return pd.DataFrame(
        {
            t("planner.sens.ratio", lang): frame["cases_per_worker"].astype(float),
            t("planner.out.workers", lang): frame["workers"].astype(int),
            t("planner.out.supervisors", lang): frame["supervisors"].astype(int),
            t("planner.out.staff", lang): frame["staff"].astype(int),
            t("planner.out.posts_needed", lang): frame["posts_needed"].astype(int),
        }
    )


def inputs_table(params: PlannerParams, lang: str) -> pd.DataFrame:
    """The inputs, one row per service line, with translated column names and methods."""
    data: dict[str, list] = {}
    for name in LINE_FIELDS:
        values = [getattr(line, name) for line in params.lines]
        if name == "method":
            values = [t(f"planner.method.{v}", lang) for v in values]
        else:
            values = ["" if v is None else v for v in values]
        data[t(f"planner.field.{name}", lang)] = values
    return pd.DataFrame(data)


def comparison_table(results: dict[str, PlannerResult], lang: str, style: str) -> pd.DataFrame:
    """Scenarios side by side: per scenario, the end year's staff, posts, gaps and hires."""
    records = []
    for name, result in results.items():
        end = result.end
        hires = [r.hires for r in result.totals]
        records.append(
            {
                t("planner.scenario", lang): name,
                t("planner.cmp.horizon", lang): format_year(end.year, style, lang),
                t("planner.out.caseload", lang): round(end.caseload, 1),
                t("planner.out.workers", lang): end.workers,
                t("planner.out.supervisors", lang): end.supervisors,
                t("planner.out.staff", lang): end.staff,
                t("planner.out.posts_needed", lang): end.posts_needed,
                t("planner.out.gap_approved", lang): _signed(end.gap_approved, lang),
                t("planner.out.gap_hired", lang): _signed(end.gap_hired, lang),
                t("planner.cmp.hires_total", lang): (
                    NO_DATA[lang]
                    if any(h is None for h in hires)
                    else format_number(sum(h for h in hires if h is not None))
                ),
            }
        )
    return pd.DataFrame.from_records(records)


def comparison_by_year(results: dict[str, PlannerResult]) -> pd.DataFrame:
    """Long frame for the comparison chart: scenario, year, staff, posts needed."""
    records = [
        (name, total.year, total.staff, total.posts_needed)
        for name, result in results.items()
        for total in result.totals
    ]
    return pd.DataFrame.from_records(records, columns=["scenario", "year", "staff", "posts_needed"])


def formulas(lang: str) -> list[str]:
    """The definitions the planner uses, as sentences for the page and the workbook."""
    return [t(f"planner.formula.{k}", lang) for k in FORMULA_KEYS]


FORMULA_KEYS = ("caseload", "ratio", "time", "supervisors", "vacancy", "posts", "flow", "recruit")
FORMULA_KEYS += ("no_hires", "rounding")


def render_plan_xlsx(
    name: str,
    result: PlannerResult,
    lang: str,
    style: str,
    presets: tuple[Preset, ...] = (),
) -> bytes:
    """The scenario as an Excel workbook: inputs, totals, lines, staff flow, sensitivity, notes."""
    sheets = {
        t("planner.xlsx.inputs", lang): inputs_table(result.params, lang),
        t("planner.xlsx.totals", lang): totals_table(result, lang, style),
        t("planner.xlsx.lines", lang): lines_table(result, lang, style),
        t("planner.xlsx.flow", lang): flow_table(result, lang, style),
        t("planner.xlsx.sensitivity", lang): sensitivity_table(result, lang, style),
    }
    notes = [
        t("planner.xlsx.title", lang, name=name),
        t(
            "planner.xlsx.horizon",
            lang,
            start=format_year(result.params.base_year, style, lang),
            end=format_year(result.params.end_year, style, lang),
        ),
        "",
        *formulas(lang),
    ]
    # Names the user typed (service lines, the scenario) are text, never a live formula.
    notes = [neutralise_text(n) for n in notes]
    name_column = t("planner.field.name", lang)
    for frame in sheets.values():
        if name_column in frame.columns:
            frame[name_column] = frame[name_column].map(neutralise_text)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({t("planner.xlsx.notes", lang): notes}).to_excel(
            writer, sheet_name=t("planner.xlsx.notes", lang), index=False
        )
        for sheet, frame in sheets.items():
            frame.to_excel(writer, sheet_name=sheet[:31], index=False)
        if presets:
            presets_table(presets, lang).to_excel(
                writer, sheet_name=t("planner.xlsx.presets", lang)[:31], index=False
            )
        for worksheet in writer.book.worksheets:
            for column in worksheet.columns:
                width = max(len(str(c.value or "")) for c in column)
                worksheet.column_dimensions[column[0].column_letter].width = min(60, width + 4)
    return buffer.getvalue()
