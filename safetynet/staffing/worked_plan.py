"""The plan the planner opens with: the city's service lines and what its data says of them.

Service lines are the agencies of the ``staffing`` table, in table order. Each
figure filled in says where it came from (:class:`Prefill`): posts approved
and people hired from the staffing rows, the ratio, span of control and
recruitment time where the city's source prints them (the planner presets).
Nothing the data does not hold is filled in: a caseload comes from the user
or from the case records (:mod:`safetynet.staffing.caseload`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from safetynet.formatting import format_year
from safetynet.i18n import t
from safetynet.phases import Phase, period_year, phase_name
from safetynet.sources import source_label
from safetynet.staffing.posts import _overview_periods
from safetynet.staffing.presets import Preset
from safetynet.validation.rules import year_periods


@dataclass(frozen=True)
class Prefill:
    """A number filled into an input, and where it came from (``planner.from.<how>``)."""

    value: float
    how: str
    params: tuple[tuple[str, object], ...] = ()
    source: str = ""


@dataclass(frozen=True)
class WorkedLine:
    """One service line: its names and the inputs its data fills in."""

    name_zh: str
    name_en: str
    values: tuple[tuple[str, Prefill], ...]


@dataclass(frozen=True)
class WorkedPlan:
    """The opening plan: horizon (the years the city's staffing plan covers) and lines."""

    base_year: int
    end_year: int
    lines: tuple[WorkedLine, ...]


def _posts(rows: pd.DataFrame, period: str | None, measure: str) -> tuple[int, str] | None:
    got = rows[(rows["period"] == period) & (rows["measure"] == measure)]
    if got.empty:
        return None
    return int(got["posts"].sum()), str(got["source"].iloc[0])


# Which of the source's printed standards belong to a line, by a mark in its printed name:
# (mark or None for every line, preset key). Keelung prints 1:35 and 1 supervisor per 5
# workers for offenders with mental illness, 1 per 2 for treatment coordination, and a
# 4–6-month recruitment cycle for the city's social workers (the longer end is used).
LINE_PRESETS = (
    ("精神疾病", "keelung_offender_ratio"),
    ("精神疾病", "keelung_offender_span"),
    ("處遇協調", "keelung_coordination_span"),
    (None, "keelung_recruit_max"),
)


def _preset_values(agency_zh: str, presets: tuple[Preset, ...]) -> dict[str, Prefill]:
    """The ratio, span and recruitment time the city's source prints for this line."""
    by_key = {p.key: p for p in presets}
    values: dict[str, Prefill] = {}
    for mark, key in LINE_PRESETS:
        preset = by_key.get(key)
        if preset is None or (mark is not None and mark not in agency_zh):
            continue
        values[preset.field] = Prefill(preset.value, "preset", (("key", key),), preset.source)
    return values


def worked_plan(staffing: pd.DataFrame, city_presets: tuple[Preset, ...] = ()) -> WorkedPlan | None:
    """The city's opening plan from its stored staffing rows and printed standards.

    Phase rows (Kaohsiung): posts approved = the hiring phase's approved posts plus
    the next phase's new posts (第一期核定 262 + 第二期新增 348 = 610); people hired =
    the hiring phase's hired posts; the horizon is the next phase's years.
    Yearly rows (Keelung): posts approved = staff in post plus the new posts of
    every year of the plan; people hired = staff in post; the horizon is the plan's
    years. ``city_presets`` are the city's own printed standards (Keelung's 1:35,
    spans and recruitment cycle); ``None`` when the table has no rows.
    """
    if staffing.empty:
        return None
    agencies = staffing[["agency_zh", "agency_en"]].drop_duplicates("agency_zh")
    hiring, new = _overview_periods(staffing)
    years = year_periods(staffing)
    if hiring is not None:
        span_rows = staffing[staffing["period"] == (new or hiring)]
        base, end = int(span_rows["year_from"].min()), int(span_rows["year_to"].max())
    else:
        yearly = staffing[staffing["period"].isin(("baseline", *years))]
        rows = yearly if len(yearly) else staffing
        base, end = int(rows["year_from"].min()), int(rows["year_to"].max())
    lines = []
    for agency_zh, agency_en in agencies.itertuples(index=False):
        rows = staffing[staffing["agency_zh"] == agency_zh]
        values: dict[str, Prefill] = {}
        if hiring is not None:
            approved, hired = _posts(rows, hiring, "approved"), _posts(rows, hiring, "hired")
            added = _posts(rows, new, "new") if new else None
            number = int(hiring.removeprefix("phase"))
            if approved is not None:
                total = approved[0] + (added[0] if added else 0)
                params: tuple[tuple[str, object], ...] = (
                    ("approved", approved[0]),
                    ("phase", number),
                )
                how = "approved_phase"
                if added is not None and new:
                    params += (("new", added[0]), ("next", int(new.removeprefix("phase"))))
                    how = "approved_phases"
                values["approved_posts"] = Prefill(total, how, params, approved[1])
            if hired is not None:
                values["hired_now"] = Prefill(
                    hired[0], "hired_phase", (("phase", number),), hired[1]
                )
        else:
            existing = _posts(rows, "baseline", "existing")
            added_rows = rows[rows["period"].isin(years) & (rows["measure"] == "new")]
            if existing is not None:
                year = int(rows.loc[rows["period"] == "baseline", "year_from"].iloc[0])
                values["hired_now"] = Prefill(
                    existing[0], "existing", (("year", year),), existing[1]
                )
                if len(added_rows):
                    added_posts = int(added_rows["posts"].sum())
                    last = max(period_year(p) or 0 for p in added_rows["period"])
                    values["approved_posts"] = Prefill(
                        existing[0] + added_posts,
                        "cumulative",
                        (("existing", existing[0]), ("new", added_posts), ("year", last)),
                        str(added_rows["source"].iloc[0]),
                    )
        values |= _preset_values(agency_zh, city_presets)
        lines.append(WorkedLine(agency_zh, agency_en, tuple(values.items())))
    return WorkedPlan(base, end, tuple(lines))


def prefill_text(
    prefill: Prefill, lang: str, phases: tuple[Phase, ...] = (), style: str = "roc"
) -> str:
    """Where a prefilled number came from, in the reader's language."""
    values = dict(prefill.params)
    # the numbers are whole (made so above, and kept so in a saved scenario's JSON)
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
