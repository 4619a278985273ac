"""The planner as a reader sees it: problems, prefill notes, cards, tables and the .xlsx export.

The calculations live in :mod:`safetynet.staffing.planner` and
:mod:`safetynet.staffing.worked_plan`, which return numbers and codes; here they
are worded, labelled, formatted (ROC or Gregorian years, thousands separators,
"無資料" where an input was not given) and written to a workbook. The components
only draw what this module builds.
"""

from __future__ import annotations

import io

import pandas as pd

from safetynet.cards import Card
from safetynet.editing.exports import neutralise_text
from safetynet.formatting import (
    NO_DATA,
    format_number,
    format_pct,
    format_year,
    to_roc,
)
from safetynet.i18n import t
from safetynet.phases import Phase, phase_name
from safetynet.sources import source_label
from safetynet.staffing.planner import (
    LINE_FIELDS,
    METHODS,
    PlannerParams,
    PlannerProblem,
    PlannerResult,
    vacancy_rate_pct,
)
from safetynet.staffing.presets import Preset, presets_table
from safetynet.staffing.worked_plan import Prefill

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


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def problem_text(problem: PlannerProblem, lang: str) -> str:
    """A rejected input in the reader's language, naming the line and the field."""
    text = t(f"planner.err.{problem.code}", lang, limit=_plain(problem.limit))
    where = t(f"planner.field.{problem.field}", lang)
    if problem.line is not None:
        name = problem.line_name or t("planner.unnamed", lang)
        where = t("planner.err.where_line", lang, n=problem.line, name=name, field=where)
    return f"{where}{t('colon', lang)}{text}"


def prefill_text(
    prefill: Prefill, lang: str, phases: tuple[Phase, ...] = (), style: str = "roc"
) -> str:
    """Where a prefilled number came from, in the reader's language."""
    values = dict(prefill.params)
    # the numbers are whole (made so by the worked plan, and kept so in a saved scenario's JSON)
    year = values.get("year")
    if isinstance(year, int):
        values["year"] = format_year(year, style, lang)
    if prefill.how == "preset":
        label = Preset(str(values["key"]), "", prefill.value, prefill.source).label(lang)
        return t(
            "planner.from.preset", lang, label=label, source=source_label(prefill.source, lang)
        )
    for key in ("phase", "next"):
        number = values.get(key)
        if isinstance(number, int):
            values[key] = phase_name(number, phases, lang)
    text = t(f"planner.from.{prefill.how}", lang, **values)
    # the document by the name a director knows (the stored citation keeps the file name)
    source = source_label(prefill.source, lang)
    return f"{text}{t('colon', lang)}{source}" if source else text


def prefill_note(
    prefill: Prefill, lang: str, phases: tuple[Phase, ...] = (), style: str = "roc"
) -> str:
    """The note under a prefilled input: 「出處：…」."""
    text = prefill_text(prefill, lang, phases, style)
    return f"{t('planner.from.label', lang)}{t('colon', lang)}{text}"


def gap_words(value: int | None, lang: str, posts: bool = False) -> str:
    """A gap as a reader says it: 尚缺 64 人 / 多 3 人 / 無缺口 (posts: 尚缺 64 個員額)."""
    if value is None:
        return NO_DATA[lang]
    if value == 0:
        return t("planner.gap.none", lang)
    kind = ("posts_" if posts else "") + ("short" if value > 0 else "surplus")
    return t(f"planner.gap.{kind}", lang, n=format_number(abs(value)))


def posts_now(params: PlannerParams, lang: str) -> tuple[tuple[Card, ...], pd.DataFrame] | None:
    """Posts approved and people hired per line as entered, and how many approved posts are
    not yet filled: three cards (lines with both figures) and a table; ``None`` when no
    line has either figure."""
    rows = [
        (line.name, line.approved_posts, line.hired_now)
        for line in params.lines
        if line.approved_posts is not None or line.hired_now is not None
    ]
    if not rows:
        return None
    known = [(a, h) for _n, a, h in rows if a is not None and h is not None]
    approved = sum(a for a, _h in known)
    hired = sum(h for _a, h in known)
    caption = t("planner.posts_now.caption", lang)
    cards = (
        Card(t("planner.out.approved", lang), format_number(approved), help=caption),
        Card(t("planner.out.hired", lang), format_number(hired), help=caption),
        Card(t("planner.posts_now.short", lang), gap_words(approved - hired, lang), help=caption),
    )
    table = pd.DataFrame(
        {
            t("planner.field.name", lang): [n for n, _a, _h in rows],
            t("planner.out.approved", lang): pd.array([a for _n, a, _h in rows], dtype="Int64"),
            t("planner.out.hired", lang): pd.array([h for _n, _a, h in rows], dtype="Int64"),
            t("planner.posts_now.short", lang): [
                gap_words(None if a is None or h is None else a - h, lang) for _n, a, h in rows
            ],
        }
    )
    return cards, table


def missing_items(params: PlannerParams, missing: dict[int, list[str]], lang: str) -> list[str]:
    """Per incomplete line, the inputs it still needs: 「2. 保護服務：目前案量（案）、…」."""
    joiner = "、" if lang == "zh" else ", "
    items = []
    for i, fields_ in missing.items():
        wanted = joiner.join(t(f"planner.field.{f}", lang) for f in fields_)
        name = params.lines[i - 1].name.strip() or t("planner.unnamed", lang)
        items.append(f"{i}. {name}{t('colon', lang)}{wanted}")
    return items


def planned_lines_text(params: PlannerParams, missing: dict[int, list[str]], lang: str) -> str:
    """Which lines the plan covers while others still need inputs."""
    names = [line.name for i, line in enumerate(params.lines, 1) if i not in missing]
    return t("planner.planned_lines", lang, names="、".join(names))


def _recruit_card(result: PlannerResult, lang: str, style: str) -> Card:
    """When recruiting must start for the first year that needs hires."""
    first = next((r for r in result.totals if r.recruit_start is not None), None)
    if first is None or first.recruit_start is None:
        value, caption = t("planner.no_recruiting", lang), t("planner.kpi.recruit_none", lang)
    else:
        value = format_month(*first.recruit_start, style, lang)
        caption = t("planner.kpi.recruit_caption", lang, year=format_year(first.year, style, lang))
        if first.recruit_late:
            caption = f"{caption} {t('planner.late', lang)}"
    return Card(
        t("planner.kpi.recruit", lang),
        value,
        help=t("planner.formula.recruit", lang),
        detail=caption,
    )


def headline_cards(result: PlannerResult, lang: str, style: str) -> tuple[Card, ...]:
    """Cards for the end year of the horizon: people and posts needed, gaps, when to recruit."""
    end = result.end
    year = format_year(end.year, style, lang)
    help_text = t("planner.kpi.help", lang)
    return (
        Card(t("planner.kpi.workers", lang, year=year), format_number(end.workers), help=help_text),
        Card(
            t("planner.kpi.supervisors", lang, year=year),
            format_number(end.supervisors),
            help=help_text,
        ),
        Card(
            t("planner.kpi.posts", lang, year=year),
            format_number(end.posts_needed),
            help=t("planner.formula.posts", lang),
            detail=t("planner.kpi.staff_caption", lang, n=format_number(end.staff)),
        ),
        Card(
            t("planner.kpi.gap_approved", lang, year=year),
            gap_words(end.gap_approved, lang, posts=True),
            help=t("planner.kpi.gap_approved_help", lang),
            detail="" if end.approved is not None else t("planner.kpi.missing_approved", lang),
        ),
        Card(
            t("planner.kpi.gap_hired", lang, year=year),
            gap_words(end.gap_hired, lang),
            help=t("planner.kpi.gap_hired_help", lang),
            detail="" if end.hired is not None else t("planner.kpi.missing_hired", lang),
        ),
        _recruit_card(result, lang, style),
    )


def vacancy_now_lines(result: PlannerResult, lang: str) -> list[str]:
    """Each line's vacancy rate now, from posts approved and filled (lines with both)."""
    sentences = []
    for line in result.params.lines:
        if line.approved_posts is None or line.hired_now is None:
            continue
        vacancies = max(0, line.approved_posts - line.hired_now)
        sentences.append(
            t(
                "planner.vacancy_now",
                lang,
                name=line.name,
                vacant=format_number(vacancies),
                hired=format_number(line.hired_now),
                rate=format_pct(vacancy_rate_pct(vacancies, line.hired_now)),
            )
        )
    return sentences


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


def sensitivity_table(result: PlannerResult, lang: str) -> pd.DataFrame:
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


# The time-standard inputs: a column of the lines' summary only if a line uses that method.
TIME_FIELDS = ("hours_per_case_month", "productive_hours_month")


def lines_summary(params: PlannerParams, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Every service line's inputs at a glance, as shown: one row a line numbered as the
    picker names it (「2. 衛生局」), under short headers (a laptop's width holds them all),
    numbers as on the cards (「1,006」) and blank where not given; the method and the
    time-standard columns are left out while every line uses the ratio method. Also the
    number columns' names by input.

    Built as text here (a few hundred strings) rather than by the generic table display,
    which costs a dozen milliseconds of pandas on every rerun of the planner."""
    fields_ = [f for f in LINE_FIELDS if f not in ("name", "method")]
    data: dict[str, list[str]] = {
        t("planner.field.name", lang): [
            f"{i}. {line.name.strip() or t('planner.unnamed', lang)}"
            for i, line in enumerate(params.lines, 1)
        ]
    }
    if all(line.method == "ratio" for line in params.lines):  # the method goes without saying
        fields_ = [f for f in fields_ if f not in TIME_FIELDS]
    else:
        data[t("planner.field.method", lang)] = [
            t(f"planner.method_short.{line.method}", lang) if line.method in METHODS else ""
            for line in params.lines
        ]
    numbers = {name: t(f"planner.col.{name}", lang) for name in fields_}
    for name, column in numbers.items():
        data[column] = [
            "" if getattr(line, name) is None else format_number(getattr(line, name), lang=lang)
            for line in params.lines
        ]
    return pd.DataFrame(data, dtype=object), numbers


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


def plan_xlsx(
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
        t("planner.xlsx.sensitivity", lang): sensitivity_table(result, lang),
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
