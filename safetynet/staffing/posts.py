"""Staffing figures: totals per period and measure, and hiring (fill) rates.

The staffing table holds one row per agency, period and measure; totals and
rates are computed here, never stored, so they always agree with the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from safetynet.i18n import t
from safetynet.phases import period_phases
from safetynet.validation.rules import expected_total, staffing_sum, year_periods


def phase_periods(staffing: pd.DataFrame) -> tuple[str, ...]:
    """The single-phase periods (``phase2``) of the table, in phase order."""
    numbers = {period_phases(p) for p in staffing["period"].unique()}
    return tuple(f"phase{n[0]}" for n in sorted(x for x in numbers if x and len(x) == 1))


@dataclass(frozen=True)
class HiringSummary:
    """Approved, hired and vacant posts of one period, with the fill rate."""

    period: str
    approved: int
    hired: int
    vacant: int

    @property
    def hiring_rate_pct(self) -> float | None:
        return round(100 * self.hired / self.approved, 1) if self.approved else None


def compute_hiring(staffing: pd.DataFrame) -> list[HiringSummary]:
    """Hiring summary for every period that has both approved and hired rows."""
    summaries = []
    for period in staffing["period"].drop_duplicates():
        approved = staffing_sum(staffing, (period,), "approved")
        hired = staffing_sum(staffing, (period,), "hired")
        if approved is None or hired is None:
            continue
        vacant = staffing_sum(staffing, (period,), "vacant")
        summaries.append(
            HiringSummary(
                period, approved, hired, vacant if vacant is not None else approved - hired
            )
        )
    return summaries


# -- staffing overview page ---------------------------------------------------


@dataclass(frozen=True)
class StaffingOverview:
    """The figures of the staffing page, all computed from the agency rows.

    ``hiring`` is the latest phase with approved and hired posts; ``new_posts`` the
    new posts of the phase after it. ``posts_growth`` is those new posts less the
    approved posts of the hiring phase: the source's 員額數增加 (+372 for Kaohsiung,
    phase-2 new less phase-1 approved) equals exactly that difference.
    ``vacancy_rate_pct`` is vacancies ÷ (vacancies + posts filled).
    """

    hiring: HiringSummary | None
    vacancy_rate_pct: float | None
    new_posts: int | None
    new_posts_years: tuple[int, int] | None
    posts_growth: int | None
    approved_total: int | None
    yearly_new_total: int | None
    cumulative: tuple[tuple[str, int, int], ...]  # (step, last year, cumulative posts)


def compute_staffing_overview(
    staffing: pd.DataFrame, plan: pd.DataFrame | None = None
) -> StaffingOverview:
    """Hiring rate, vacancies, new posts, growth in posts and the cumulative plan
    (``plan``: :func:`cumulative_plan` of ``staffing`` when the caller has it)."""
    hiring_period, new_period = _overview_periods(staffing)
    hiring = next((h for h in compute_hiring(staffing) if h.period == hiring_period), None)
    vacancy = (
        round(100 * hiring.vacant / (hiring.vacant + hiring.hired), 1)
        if hiring and (hiring.vacant + hiring.hired)
        else None
    )
    added = staffing[(staffing["period"] == new_period) & (staffing["measure"] == "new")]
    new_posts = int(added["posts"].sum()) if len(added) else None
    years = (int(added["year_from"].min()), int(added["year_to"].max())) if len(added) else None
    growth = new_posts - hiring.approved if hiring and new_posts is not None else None
    plan = cumulative_plan(staffing) if plan is None else plan
    steps = tuple(
        (step, int(group["year"].iloc[0]), int(group["posts"].sum()))
        for step, group in plan.groupby("step", sort=False)
    )
    return StaffingOverview(
        hiring=hiring,
        vacancy_rate_pct=vacancy,
        new_posts=new_posts,
        new_posts_years=years,
        posts_growth=growth,
        approved_total=expected_total(
            staffing, _joined(hiring_period, new_period), "approved_total"
        ),
        yearly_new_total=expected_total(staffing, "", "new_total"),
        cumulative=steps,
    )


def _overview_periods(staffing: pd.DataFrame) -> tuple[str | None, str | None]:
    """The latest phase with approved and hired posts, and the next phase with new posts."""
    phases = phase_periods(staffing)
    measures = {p: set(staffing.loc[staffing["period"] == p, "measure"]) for p in phases}
    hiring = next((p for p in reversed(phases) if {"approved", "hired"} <= measures[p]), None)
    later = phases[phases.index(hiring) + 1 :] if hiring else phases
    new = next((p for p in later if "new" in measures[p]), None)
    return hiring, new


def _joined(first: str | None, second: str | None) -> str:
    """``phase1`` and ``phase2`` taken together: ``phase1_2`` (empty when either is missing)."""
    if first is None or second is None:
        return ""
    return f"{first}_{second.removeprefix('phase')}"


def agency_table(staffing: pd.DataFrame) -> pd.DataFrame:
    """One row per agency with approved, hired, vacant posts of the hiring phase and the
    new posts of the phase after it (phase 1 and phase 2 in Kaohsiung's source).

    Columns are codes (``agency_zh``, ``agency_en``, ``approved``, ``hired``,
    ``vacant``, ``hiring_rate_pct``, ``new``, ``total``); empty when the city has
    no phase rows. ``total`` = approved + new, as the source's 第一、二期核定總計 column.
    """
    hiring, new = _overview_periods(staffing)
    rows = staffing[
        ((staffing["period"] == hiring) & (staffing["measure"] != "new"))
        | ((staffing["period"] == new) & (staffing["measure"] == "new"))
    ]
    if rows.empty:
        return pd.DataFrame(
            columns=["agency_zh", "agency_en", "approved", "hired", "vacant", "new", "total"]
        )
    order = {a: i for i, a in enumerate(rows["agency_zh"].drop_duplicates())}
    wide = rows.pivot_table(
        index=["agency_zh", "agency_en"], columns="measure", values="posts", aggfunc="sum"
    ).reset_index()
    wide.columns.name = None
    for measure in ("approved", "hired", "vacant", "new"):
        if measure not in wide:
            wide[measure] = pd.NA
        wide[measure] = wide[measure].astype("Int64")
    wide["hiring_rate_pct"] = [
        round(100 * h / a, 1) if pd.notna(a) and a else None
        for h, a in zip(wide["hired"], wide["approved"], strict=True)
    ]
    wide["total"] = wide["approved"].fillna(0) + wide["new"].fillna(0)
    wide = wide.sort_values("agency_zh", key=lambda s: s.map(order)).reset_index(drop=True)
    return wide[
        ["agency_zh", "agency_en", "approved", "hired", "vacant", "hiring_rate_pct", "new", "total"]
    ]


def cumulative_plan(staffing: pd.DataFrame) -> pd.DataFrame:
    """Posts in place after each step of the plan, per agency: the cumulative plan.

    With yearly rows (Keelung): existing staff, then existing + new posts up to
    each year (a year in which an agency adds no posts keeps its posts in place).
    With phase rows (Kaohsiung): the first phase's approved posts, then each later
    phase's new posts added (phase 1, then phases 1 and 2, then 1 to 3 once phase-3
    rows are entered). Agencies with no posts added are left out.
    Columns: ``step``, ``year_from`` and ``year`` (first and last year the step
    covers), ``agency_zh``, ``agency_en``, ``posts``; empty when neither kind of
    row is present. Rows come by step, then agencies in table order. Grouped
    sums only, so the cost grows with the number of rows, not with agencies × rows.
    """
    columns = ["step", "year_from", "year", "agency_zh", "agency_en", "posts"]
    keys = ["agency_zh", "agency_en"]
    new = staffing[staffing["measure"] == "new"]
    year_steps = year_periods(staffing)
    phases = phase_periods(staffing)
    approved_first = next(
        (
            p
            for p in phases
            if ((staffing["period"] == p) & (staffing["measure"] == "approved")).any()
        ),
        None,
    )
    later = phases[phases.index(approved_first) + 1 :] if approved_first else ()
    later = tuple(p for p in later if (new["period"] == p).any())
    phase_steps: tuple[str, ...] = ()
    if new["period"].isin(year_steps).any():
        rows = staffing[staffing["agency_zh"].isin(new["agency_zh"])]
        groups = rows.groupby(keys, sort=False)
        existing = rows[rows["measure"] == "existing"].groupby(keys, sort=False)["posts"].sum()
        base = pd.DataFrame({"year": groups["year_from"].min().astype(int)})
        base["posts"] = existing.reindex(base.index).fillna(0).astype(int)
        base["step"] = "baseline"
        base["year_from"] = base["year"]
        added = rows[(rows["measure"] == "new") & rows["period"].isin(year_steps)]
        periods = [p for p in year_steps if p in set(added["period"])]
        year_of = added.groupby("period")["year_to"].first()
        sums = added.groupby([*keys, "period"], sort=False)["posts"].sum()
        # every agency gets every year: a year without new posts keeps the posts in place
        grid = pd.MultiIndex.from_tuples(
            [(*agency, p) for agency in base.index for p in periods], names=[*keys, "period"]
        )
        steps = sums.reindex(grid, fill_value=0).rename("added").reset_index()
        steps["year"] = steps["period"].map(year_of)
        steps["_period"] = steps["period"].map({p: i for i, p in enumerate(year_steps)})
        steps = steps.sort_values([*keys, "_period"], kind="stable")
        steps["posts"] = steps.groupby(keys, sort=False)["added"].cumsum().astype(int)
        steps["posts"] += steps.set_index(keys).index.map(base["posts"]).to_numpy()
        steps["step"] = steps["period"]
        steps["year"] = steps["year"].astype(int)
        steps["year_from"] = steps["year"]
        frame = pd.concat([base.reset_index(), steps], ignore_index=True)
    elif approved_first is not None and later:
        first = (
            staffing[(staffing["period"] == approved_first) & (staffing["measure"] == "approved")]
            .groupby(keys, sort=False)
            .agg(
                posts=("posts", "sum"), year_from=("year_from", "first"), year=("year_to", "first")
            )
        )
        # agencies with new posts in the next phase, as the source's cumulative columns
        nxt = new[new["period"] == later[0]].groupby(keys, sort=False)["posts"].sum()
        first = first[first.index.isin(nxt.index)]
        parts = [first[["posts", "year_from", "year"]].assign(step=approved_first)]
        posts, step = first["posts"], approved_first
        for period in later:
            grouped = new[new["period"] == period].groupby(keys, sort=False)
            agg = grouped.agg(added=("posts", "sum"), end=("year_to", "first"))
            agg = agg.reindex(first.index)
            posts = posts + agg["added"].fillna(0).astype(int)
            step = f"{step}_{period.removeprefix('phase')}"
            end = agg["end"].fillna(agg["end"].max()).astype(int)
            parts.append(
                pd.DataFrame(
                    {"posts": posts, "year_from": first["year_from"], "year": end, "step": step}
                )
            )
        phase_steps = tuple(dict.fromkeys(part["step"].iloc[0] for part in parts if len(part)))
        frame = pd.concat(parts).reset_index()
    else:
        return pd.DataFrame(columns=columns)
    if frame.empty:
        return pd.DataFrame(columns=columns)
    agencies = staffing[keys].drop_duplicates()
    agency_order = {k: i for i, k in enumerate(agencies.itertuples(index=False, name=None))}
    step_order = {s: i for i, s in enumerate(("baseline", *year_steps, *phase_steps))}
    frame["_step"] = frame["step"].map(step_order)
    frame["_agency"] = [
        agency_order[k] for k in zip(frame["agency_zh"], frame["agency_en"], strict=True)
    ]
    frame = frame.sort_values(["_step", "_agency"], kind="stable")
    for column in ("year_from", "year", "posts"):
        frame[column] = frame[column].astype(int)
    return frame[columns].reset_index(drop=True)


# Agencies a chart shows one by one at most; the others are added up as 「其他」 (posts add up).
CHART_AGENCIES = 12


def fold_agencies(agencies: pd.DataFrame, limit: int = CHART_AGENCIES) -> pd.DataFrame:
    """:func:`agency_table` with at most ``limit`` rows: the agencies with the most posts
    (approved + new) in table order, the others added up as one 「其他」 row."""
    if len(agencies) <= limit:
        return agencies
    size = agencies["total"].fillna(0)
    keep = set(size.sort_values(ascending=False, kind="stable").index[: limit - 1])
    rest = agencies[~agencies.index.isin(keep)]
    sums = {m: rest[m].sum(min_count=1) for m in ("approved", "hired", "vacant", "new", "total")}
    other = {
        "agency_zh": t("chart.other", "zh"),
        "agency_en": t("chart.other", "en"),
        **sums,
        "hiring_rate_pct": round(100 * sums["hired"] / sums["approved"], 1)
        if pd.notna(sums["approved"]) and sums["approved"]
        else None,
    }
    folded = pd.concat(
        [agencies[agencies.index.isin(keep)], pd.DataFrame([other])], ignore_index=True
    )
    for measure in ("approved", "hired", "vacant", "new", "total"):
        folded[measure] = folded[measure].astype("Int64")
    return folded[agencies.columns]


def fold_plan(plan: pd.DataFrame, limit: int = CHART_AGENCIES) -> pd.DataFrame:
    """:func:`cumulative_plan` with at most ``limit`` agencies: those with the most posts in
    the last step, the others added up per step as one 「其他」 agency."""
    keys = ["agency_zh", "agency_en"]
    agencies = plan[keys].drop_duplicates()
    if len(agencies) <= limit:
        return plan
    last = plan[plan["step"] == plan["step"].iloc[-1]]
    ranked = last.sort_values("posts", ascending=False, kind="stable")["agency_zh"]
    keep = set(ranked.iloc[: limit - 1])
    rest = plan[~plan["agency_zh"].isin(keep)]
    other = (
        rest.groupby("step", sort=False)
        .agg(year_from=("year_from", "first"), year=("year", "first"), posts=("posts", "sum"))
        .reset_index()
        .assign(agency_zh=t("chart.other", "zh"), agency_en=t("chart.other", "en"))
    )
    folded = pd.concat([plan[plan["agency_zh"].isin(keep)], other[plan.columns]])
    step_order = {s: i for i, s in enumerate(dict.fromkeys(plan["step"]))}
    return folded.sort_values("step", key=lambda s: s.map(step_order), kind="stable").reset_index(
        drop=True
    )


def staffing_facts(staffing: pd.DataFrame) -> tuple[int, str]:
    """How many rows the table has and its distinct sources, joined (for cards' hover).

    ``staffing`` may be the table added up per source (a ``rows`` column, one row per
    source in table order), as a page reads it from the store: the same answer.
    """
    rows = int(staffing["rows"].sum()) if "rows" in staffing else len(staffing)
    return rows, " ; ".join(dict.fromkeys(staffing["source"]))


def required_rows(staffing: pd.DataFrame) -> pd.DataFrame:
    """The rows printing a yearly requirement (their notes and sources)."""
    return staffing.loc[staffing["measure"] == "required", ["note", "source"]]


def agency_chart_table(staffing: pd.DataFrame) -> pd.DataFrame:
    """:func:`agency_table` as the posts chart draws it (a dozen agencies, then 「其他」)."""
    return fold_agencies(agency_table(staffing))


def hiring_gap_table(staffing: pd.DataFrame) -> pd.DataFrame:
    """The agencies with approved posts, as the hiring-gap chart draws them."""
    agencies = agency_table(staffing)
    return fold_agencies(agencies[agencies["approved"].notna()])


def checks_against(
    outcomes: pd.DataFrame,
    staffing: pd.DataFrame,
    totals: pd.DataFrame,
    overview: StaffingOverview,
) -> list[PublishedCheck]:
    """:func:`published_checks` with the tables first (as cached loaders pass tables)."""
    return published_checks(overview, outcomes, staffing, totals)


def cumulative_chart_plan(staffing: pd.DataFrame) -> pd.DataFrame:
    """:func:`cumulative_plan` as its chart draws it: a dozen agencies, the rest as 「其他」."""
    return fold_plan(cumulative_plan(staffing))


def required_by_year(staffing: pd.DataFrame) -> pd.DataFrame:
    """Staff required per year for the service lines that print a yearly requirement.

    Columns ``agency_zh``, ``agency_en``, ``existing`` then one column per year
    (cumulative headcount needed that year, as printed). Empty when there are none.
    """
    required = staffing[staffing["measure"] == "required"]
    if required.empty:
        return pd.DataFrame(columns=["agency_zh", "agency_en", "existing"])
    lines = staffing[staffing["agency_zh"].isin(required["agency_zh"])]
    wide = required.pivot_table(
        index=["agency_zh", "agency_en"], columns="year_from", values="posts", aggfunc="sum"
    )
    existing = (
        lines[lines["measure"] == "existing"].groupby(["agency_zh", "agency_en"])["posts"].sum()
    )
    wide.insert(0, "existing", existing.reindex(wide.index))
    wide.columns = [c if isinstance(c, str) else int(c) for c in wide.columns]
    order = {a: i for i, a in enumerate(required["agency_zh"].drop_duplicates())}
    return (
        wide.reset_index()
        .sort_values("agency_zh", key=lambda s: s.map(order))
        .reset_index(drop=True)
    )


@dataclass(frozen=True)
class PrintedTotal:
    """Which printed total a ``staffing_totals`` row is: agency (``None`` for all),
    period with its years, and measure."""

    agency_zh: str | None
    agency_en: str | None
    period: str
    year_from: int
    year_to: int
    measure: str


@dataclass(frozen=True)
class PublishedCheck:
    """A figure the source prints next to the same figure computed from the table.

    ``metric`` is the outcomes metric of a printed rate or difference (named by
    ``label_zh``/``label_en`` of its row), or ``total:<agency>/<period>/<measure>``
    for a row of ``staffing_totals`` (named from ``total``).
    ``computed`` is ``None`` when the table cannot give the figure.
    """

    metric: str
    published: float
    computed: float | None
    source: str
    label_zh: str = ""
    label_en: str = ""
    total: PrintedTotal | None = None

    @property
    def agrees(self) -> bool:
        return self.computed is not None and abs(self.published - self.computed) < 0.05


# outcomes metric → how the overview computes the same figure. Printed totals
# (合計 rows and total columns) are held in staffing_totals, not in outcomes.
_CHECKS = {
    "staff_hiring_rate_pct": lambda o: o.hiring.hiring_rate_pct if o.hiring else None,
    "staff_posts_increase": lambda o: o.posts_growth,
}


# The outcomes metrics :func:`published_checks` reads (a page reads only these rows).
CHECK_METRICS = tuple(_CHECKS)


def published_checks(
    overview: StaffingOverview,
    outcomes: pd.DataFrame,
    staffing: pd.DataFrame,
    totals: pd.DataFrame,
) -> list[PublishedCheck]:
    """The source's printed staffing figures beside what the table gives.

    First the printed rates and differences of ``outcomes`` (hiring rate,
    growth in posts), then every printed total of ``staffing_totals`` (the
    city's totals, then each agency's) with the sum of the agency rows.
    """
    checks = []
    for metric, compute in _CHECKS.items():
        rows = outcomes[(outcomes["metric"] == metric) & outcomes["value"].notna()]
        if rows.empty:
            continue
        row = rows.iloc[-1]
        computed = compute(overview)
        checks.append(
            PublishedCheck(
                metric,
                float(row["value"]),
                None if computed is None else float(computed),
                row["source"],
                label_zh=row["label_zh"],
                label_en=row["label_en"],
            )
        )
    ordered = totals.assign(_agency=totals["agency_zh"].notna()).sort_values(
        "_agency", kind="stable"
    )
    for row in ordered.itertuples(index=False):
        agency = None if pd.isna(row.agency_zh) else row.agency_zh
        computed = expected_total(staffing, row.period, row.measure, agency)
        checks.append(
            PublishedCheck(
                f"total:{agency or ''}/{row.period}/{row.measure}",
                float(row.posts),
                None if computed is None else float(computed),
                row.source,
                total=PrintedTotal(
                    agency,
                    None if pd.isna(row.agency_en) else row.agency_en,
                    row.period,
                    int(row.year_from),
                    int(row.year_to),
                    row.measure,
                ),
            )
        )
    return checks


# Figures about caseloads and the workforce shown on the staffing page, in order.
CONTEXT_METRICS = (
    "protective_caseload_per_worker",
    "caseload_per_worker_per_month",
    "social_workers_total",
    "people_per_social_worker",
    "national_people_per_social_worker",
    "approved_social_worker_posts",
)
RECRUITMENT_METRICS = ("recruitment_cycle_months_min", "recruitment_cycle_months_max")


def staffing_context(outcomes: pd.DataFrame) -> pd.DataFrame:
    """The caseload and workforce figures the city's source prints, in display order.

    The outcome rows themselves (with source and note); empty when there are none.
    """
    rows = outcomes[outcomes["metric"].isin(CONTEXT_METRICS) & outcomes["value"].notna()]
    order = {m: i for i, m in enumerate(CONTEXT_METRICS)}
    return rows.sort_values("metric", key=lambda s: s.map(order)).reset_index(drop=True)


@dataclass(frozen=True)
class RecruitmentCycle:
    months_min: float
    months_max: float
    source: str
    note: str | None


def recruitment_cycle(outcomes: pd.DataFrame) -> RecruitmentCycle | None:
    """The printed recruitment cycle (e.g. 4–6 months), or ``None`` if the source gives none."""
    values = {}
    for metric in RECRUITMENT_METRICS:
        rows = outcomes[(outcomes["metric"] == metric) & outcomes["value"].notna()]
        if rows.empty:
            return None
        values[metric] = rows.iloc[-1]
    low, high = (values[m] for m in RECRUITMENT_METRICS)
    return RecruitmentCycle(float(low["value"]), float(high["value"]), low["source"], low["note"])
