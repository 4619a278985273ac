"""Planner presets: published staffing standards a planner can apply to a service line.

Every preset names its source. Keelung's figures are read from the stored
``outcomes`` table (so value and citation come from the data, not from code);
the Child Welfare League of America standards are not in the two source decks
and are cited here as "Child Welfare League of America standards", as the
workload literature cites them. No preset without a cited source.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from safetynet.i18n import t

CWLA_SOURCE = "Child Welfare League of America standards"


@dataclass(frozen=True)
class Preset:
    """One value a planner input can take, with what it means and where it comes from."""

    key: str
    field: str  # a ServiceLine field
    value: float
    source: str

    def label(self, lang: str) -> str:
        return t(f"preset.{self.key}", lang, value=f"{self.value:g}")


# The CWLA standards as the issue cites them; values are cases (or families,
# children) per worker and workers per supervisor.
CWLA_PRESETS = (
    Preset("cwla_investigations", "cases_per_worker", 12, CWLA_SOURCE),
    Preset("cwla_ongoing", "cases_per_worker", 17, CWLA_SOURCE),
    Preset("cwla_foster_low", "cases_per_worker", 12, CWLA_SOURCE),
    Preset("cwla_foster_high", "cases_per_worker", 15, CWLA_SOURCE),
    Preset("cwla_supervision", "workers_per_supervisor", 5, CWLA_SOURCE),
)

# Presets read from a city's outcomes: (preset key, field, metric).
_OUTCOME_PRESETS = (
    ("keelung_offender_ratio", "cases_per_worker", "offender_mh_caseload_ratio"),
    ("keelung_recruit_min", "lead_time_months", "recruitment_cycle_months_min"),
    ("keelung_recruit_max", "lead_time_months", "recruitment_cycle_months_max"),
)
# Span of control printed as "N 名社工，加計 1 督導": (preset key, workers, supervisors).
_SPAN_PRESETS = (
    (
        "keelung_offender_span",
        "offender_mh_social_workers_needed",
        "offender_mh_supervisors_needed",
    ),
    (
        "keelung_coordination_span",
        "offender_coordination_social_workers_needed",
        "offender_coordination_supervisors_needed",
    ),
)


# The source's offender service line with mental illness or suicide risk is named
# 加害人合併精神疾病…; the other line it plans (treatment coordination) has no ratio.
_OFFENDER_MH_MARK = "精神疾病"


def source_line_inputs(agency_zh: str, presets: tuple[Preset, ...]) -> dict[str, float | None]:
    """The planner inputs the source gives for one of its own service lines.

    Keelung's plan prints 1 worker per 35 cases and 1 supervisor per 5 workers
    for offenders with mental illness or suicide risk, 1 supervisor per 2
    workers for treatment coordination (no caseload ratio), and a 4–6-month
    recruitment cycle (the longer end is used). Missing presets stay ``None``.
    """
    offender = _OFFENDER_MH_MARK in agency_zh

    def value(key: str) -> float | None:
        return next((p.value for p in presets if p.key == key), None)

    return {
        "cases_per_worker": value("keelung_offender_ratio") if offender else None,
        "workers_per_supervisor": value(
            "keelung_offender_span" if offender else "keelung_coordination_span"
        ),
        "lead_time_months": value("keelung_recruit_max"),
    }


def _metric(outcomes: pd.DataFrame, metric: str) -> pd.Series | None:
    rows = outcomes[(outcomes["metric"] == metric) & outcomes["value"].notna()]
    return None if rows.empty else rows.iloc[-1]


def preset_metrics() -> tuple[str, ...]:
    """The outcomes metrics :func:`city_presets` reads (a page reads only these rows)."""
    spans = (m for _key, *metrics in _SPAN_PRESETS for m in metrics)
    return (*(metric for _key, _field, metric in _OUTCOME_PRESETS), *spans)


def city_presets(outcomes: pd.DataFrame) -> tuple[Preset, ...]:
    """Presets from one city's stored figures (where present)."""
    presets: list[Preset] = []
    for key, field_name, metric in _OUTCOME_PRESETS:
        row = _metric(outcomes, metric)
        if row is not None:
            presets.append(Preset(key, field_name, float(row["value"]), row["source"]))
    for key, workers_metric, supervisors_metric in _SPAN_PRESETS:
        workers = _metric(outcomes, workers_metric)
        supervisors = _metric(outcomes, supervisors_metric)
        if workers is not None and supervisors is not None and supervisors["value"]:
            span = float(workers["value"]) / float(supervisors["value"])
            presets.append(Preset(key, "workers_per_supervisor", span, workers["source"]))
    return tuple(presets)


def load_presets(outcomes_by_city: dict[str, pd.DataFrame]) -> tuple[Preset, ...]:
    """Presets from the cities' stored figures (where present), then the CWLA standards."""
    return combine_presets(*(city_presets(o) for o in outcomes_by_city.values()))


def combine_presets(*per_city: tuple[Preset, ...]) -> tuple[Preset, ...]:
    """Every city's presets in turn, then the CWLA standards."""
    return (*(p for presets in per_city for p in presets), *CWLA_PRESETS)


def presets_table(presets: tuple[Preset, ...], lang: str) -> pd.DataFrame:
    """The presets as a reader sees them: what, which input, value, source."""
    return pd.DataFrame(
        {
            t("planner.preset.col.name", lang): [p.label(lang) for p in presets],
            t("planner.preset.col.field", lang): [
                t(f"planner.field.{p.field}", lang) for p in presets
            ],
            t("planner.preset.col.value", lang): [p.value for p in presets],
            t("source", lang): [p.source for p in presets],
        }
    )
