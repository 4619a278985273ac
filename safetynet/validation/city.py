"""Validation of a city's tables: each table's schema, then references, coverage, declared
counts and the rules between tables.

Nothing is written anywhere while a city has problems (see :mod:`safetynet.storage.store`).
"""

from __future__ import annotations

import pandas as pd

from safetynet.cities import City
from safetynet.phases import period_phases, period_year, phase_years
from safetynet.risk.types import RISK_TYPE_CODES
from safetynet.storage.schemas import TABLES
from safetynet.validation.problems import HEADER_LINES, Problem, file_line
from safetynet.validation.rules import expected_total, find_share_sum_errors
from safetynet.validation.schema import validate_schema


def validate_city(
    city: City, raw: dict[str, pd.DataFrame]
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Validate all of a city's tables; return the typed tables and every problem found.

    Cross-table checks run only when every table passed its own schema, so a
    type error is not reported a second time as a broken reference.
    """
    typed: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name in TABLES:
        frame, found = validate_schema(name, raw[name])
        problems += found
        if frame is not None:
            typed[name] = frame
    if problems:
        return typed, problems
    problems += check_references(typed)
    problems += check_phases(typed)
    problems += check_coverage(city, typed)
    problems += check_declared_counts(city, typed)
    problems += check_staffing_total_agencies(typed)
    problems += check_staffing_totals(typed)
    problems += check_risk_types(typed)
    problems += check_population(typed["population"])
    problems += check_shares(typed)
    problems += check_indicators(typed["indicators"])
    problems += check_percent_indicators(typed)
    problems += check_held_once(typed)
    problems += check_declared_figures(city, typed)
    return typed, problems


def check_shares(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Each year's risk-type shares add up to 100 %, within what rounding explains.

    The allowance comes from :func:`safetynet.validation.rules.rounding_tolerance`
    (six whole percentages: ±3); the shares are never rescaled to make them fit.
    """
    return [
        Problem(
            "risk_shares",
            error.message(),
            line=error.lines[0],
            column="share_pct",
            code="shares_sum",
            params=(
                ("year", error.year),
                ("total", f"{error.total:g}"),
                ("tolerance", f"{error.tolerance:g}"),
            ),
        )
        for error in find_share_sum_errors(tables["risk_shares"])
    ]


def check_percent_indicators(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Baselines, targets and actuals of indicators measured in % lie within 0–100."""
    indicators = tables["indicators"]
    percent = set(indicators.loc[indicators["unit"] == "%", "indicator_id"])
    problems = []
    checks = [
        ("indicators", indicators, ("baseline", "target")),
        ("indicator_targets", tables["indicator_targets"], ("target",)),
        ("indicator_actuals", tables["indicator_actuals"], ("value",)),
    ]
    for name, frame, columns in checks:
        for i, row in frame.iterrows():
            if row["indicator_id"] not in percent:
                continue
            for column in columns:
                value = row[column]
                if pd.notna(value) and not 0 <= float(value) <= 100:
                    problems.append(
                        Problem(
                            name,
                            f"value {float(value):g} is a percentage and must lie within 0–100",
                            line=file_line(i),
                            column=column,
                            code="pct_range",
                            params=(("value", f"{float(value):g}"),),
                        )
                    )
    return problems


def _reference(
    tables: dict[str, pd.DataFrame], child: str, column: str, parent: str, parent_column: str
) -> list[Problem]:
    known = set(tables[parent][parent_column])
    frame = tables[child]
    return [
        Problem(
            child,
            f"{value!r} is not in {parent}.csv",
            line=i + HEADER_LINES,
            column=column,
            code="unknown_reference",
            params=(("value", value), ("parent", parent)),
        )
        for i, value in enumerate(frame[column])
        if value not in known
    ]


def check_references(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every relation and indicator row points at a row that exists."""
    return (
        _reference(tables, "district_centres", "town_code", "districts", "town_code")
        + _reference(tables, "district_centres", "centre_id", "centres", "centre_id")
        + _reference(tables, "district_precincts", "town_code", "districts", "town_code")
        + _reference(tables, "district_precincts", "precinct_id", "precincts", "precinct_id")
        + _reference(tables, "indicator_targets", "indicator_id", "indicators", "indicator_id")
        + _reference(tables, "indicator_actuals", "indicator_id", "indicators", "indicator_id")
        + _reference(tables, "indicator_definitions", "indicator_id", "indicators", "indicator_id")
        + _reference(tables, "population", "town_code", "districts", "town_code")
    )


def check_phases(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Phases are consistent, and every phase the other tables name is in ``phases.csv``.

    A phase ends no earlier than it starts and phases do not overlap. The
    ``phase`` of indicators, network agencies and national figures, and the
    phases a staffing period names (``phase3``, ``phase1_2``), must exist; a
    phase period covers exactly its phases' years, and a yearly period
    (``y2019``) exactly its year. Adding a phase is adding a row to ``phases.csv``.
    """
    problems: list[Problem] = []
    phases = tables["phases"].sort_values("phase")
    years = phase_years(phases)
    previous: tuple[int, int] | None = None
    for i, row in enumerate(tables["phases"].to_dict("records")):
        if row["year_to"] < row["year_from"]:
            problems.append(
                Problem(
                    "phases",
                    f"phase {row['phase']} ends ({row['year_to']}) before it starts "
                    f"({row['year_from']})",
                    line=i + HEADER_LINES,
                    column="year_to",
                    code="phase_reversed",
                    params=(("phase", row["phase"]),),
                )
            )
    for number, (first, last) in sorted(years.items()):
        if previous is not None and first <= previous[1]:
            line = int(phases.index[phases["phase"] == number][0]) + HEADER_LINES
            problems.append(
                Problem(
                    "phases",
                    f"phase {number} starts in {first}, within phase {previous[0]} "
                    f"(which ends in {previous[1]})",
                    line=line,
                    column="year_from",
                    code="phase_overlap",
                    params=(("phase", number), ("other", previous[0])),
                )
            )
        previous = (number, last)
    for table in ("indicators", "network_agencies", "phase_national_figures"):
        for i, value in enumerate(tables[table]["phase"]):
            if int(value) not in years:
                problems.append(_unknown_phase(table, i, "phase", int(value)))
    for table in ("staffing", "staffing_totals"):
        for i, (_, staffing_row) in enumerate(tables[table].iterrows()):
            problems += _period_problems(table, i, staffing_row, years)
    return problems


def _unknown_phase(table: str, i: int, column: str, number: int) -> Problem:
    return Problem(
        table,
        f"phase {number} is not in phases.csv",
        line=i + HEADER_LINES,
        column=column,
        code="unknown_phase",
        params=(("phase", number),),
    )


def _period_problems(
    table: str, i: int, row: pd.Series, years: dict[int, tuple[int, int]]
) -> list[Problem]:
    period = row["period"]
    numbers = period_phases(period)
    if numbers is not None:
        missing = [n for n in numbers if n not in years]
        if missing:
            return [_unknown_phase(table, i, "period", missing[0])]
        span = (years[numbers[0]][0], years[numbers[-1]][1])
    else:
        year = period_year(period)
        if year is None:
            return []  # baseline: the staff in post before the plan, any year
        span = (year, year)
    if (int(row["year_from"]), int(row["year_to"])) == span:
        return []
    return [
        Problem(
            table,
            f"period {period} covers {span[0]}–{span[1]}, not {row['year_from']}–{row['year_to']}",
            line=i + HEADER_LINES,
            column="year_from",
            code="period_years",
            params=(("period", period), ("first", span[0]), ("last", span[1])),
        )
    ]


def _population_problem(line: int, column: str, code: str, message: str, **params) -> Problem:
    return Problem(
        "population",
        message,
        line=line,
        column=column,
        code=code,
        params=tuple(params.items()),
    )


def check_population(population: pd.DataFrame) -> list[Problem]:
    """Population rows are consistent: each age range reads one way, the age ranges of one
    district, year and sex do not overlap, and where a whole is given beside its parts
    (all ages beside bands covering every age; both sexes beside men and women) the parts
    add up to it.

    ``age_from`` and ``age_to`` both empty mean all ages; ``age_to`` empty alone
    means an open end (``65`` and over); ``sex`` empty means both sexes.
    """
    problems: list[Problem] = []
    frame = population.reset_index(drop=True)
    ages: dict[tuple[object, ...], list[tuple[int, int | None, int]]] = {}
    for i, (_, row) in enumerate(frame.iterrows()):
        line = i + HEADER_LINES
        low, high = row["age_from"], row["age_to"]
        if pd.isna(low) and pd.notna(high):
            problems.append(
                _population_problem(
                    line, "age_from", "population_age_from", "age_to is given without age_from"
                )
            )
            continue
        if pd.notna(low) and pd.notna(high) and int(low) > int(high):
            problems.append(
                _population_problem(
                    line,
                    "age_to",
                    "population_reversed",
                    f"age_from {int(low)} is above age_to {int(high)}",
                    low=int(low),
                    high=int(high),
                )
            )
            continue
        if pd.notna(low):
            key = (row["town_code"], row["year"], row["sex"] if pd.notna(row["sex"]) else None)
            ages.setdefault(key, []).append((int(low), None if pd.isna(high) else int(high), line))
    for bands in ages.values():
        bands.sort()
        for (low_a, high_a, _), (low_b, _high_b, line_b) in zip(bands, bands[1:], strict=False):
            if high_a is None or low_b <= high_a:
                a = f"{low_a}+" if high_a is None else f"{low_a}-{high_a}"
                problems.append(
                    _population_problem(
                        line_b,
                        "age_from",
                        "population_overlap",
                        f"the ages overlap the row for ages {a}",
                        band=a,
                    )
                )
    if problems:
        return problems
    return problems + _population_sums(frame)


def _population_sums(frame: pd.DataFrame) -> list[Problem]:
    """Wholes given beside complete sets of parts must equal their sum."""
    problems: list[Problem] = []
    rows = frame.assign(
        _line=frame.index + HEADER_LINES,
        _sex=frame["sex"].astype(object).where(frame["sex"].notna(), ""),
        _from=frame["age_from"].astype("Int64"),
        _to=frame["age_to"].astype("Int64"),
    )
    for (_town, _year, _sex), group in rows.groupby(["town_code", "year", "_sex"]):
        whole = group[group["_from"].isna()]
        parts = group[group["_from"].notna()].sort_values("_from")
        if whole.empty or parts.empty:
            continue
        lows = [int(v) for v in parts["_from"]]
        highs = [None if pd.isna(v) else int(v) for v in parts["_to"]]
        complete = lows[0] == 0 and highs[-1] is None
        complete &= all(
            h is not None and h + 1 == lo for h, lo in zip(highs, lows[1:], strict=False)
        )
        total = int(parts["count"].sum())
        if complete and total != int(whole["count"].iloc[0]):
            problems.append(
                _population_problem(
                    int(whole["_line"].iloc[0]),
                    "count",
                    "population_sum",
                    f"all ages {int(whole['count'].iloc[0])}, but the age rows add up to {total}",
                    whole=f"{int(whole['count'].iloc[0]):,}",
                    parts=f"{total:,}",
                )
            )
    both = rows[rows["_sex"] == ""]
    split = rows[rows["_sex"] != ""]
    keys = ["town_code", "year", "_from", "_to"]
    sums = split.groupby(keys, dropna=False).agg(n=("_sex", "nunique"), count=("count", "sum"))
    joined = both.merge(sums.reset_index(), on=keys, how="inner", suffixes=("", "_parts"))
    for row in joined[joined["n"] == 2].to_dict("records"):
        whole, parts = int(row["count"]), int(row["count_parts"])
        if whole != parts:
            problems.append(
                _population_problem(
                    int(row["_line"]),
                    "count",
                    "population_sexes",
                    f"both sexes {whole}, but men and women add up to {parts}",
                    whole=f"{whole:,}",
                    parts=f"{parts:,}",
                )
            )
    return problems


def check_coverage(city: City, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every district has a centre (and a precinct where the city has precincts);
    every centre and precinct serves at least one district."""
    problems: list[Problem] = []
    districts = tables["districts"]
    relations = [("district_centres", "centre_id", "service centre", "centres")]
    if city.precincts:
        relations.append(("district_precincts", "precinct_id", "police precinct", "precincts"))
    for relation, column, label, parent in relations:
        linked = set(tables[relation]["town_code"])
        for i, row in districts.iterrows():
            if row["town_code"] not in linked:
                problems.append(
                    Problem(
                        "districts",
                        f"district {row['town_code']} {row['name_zh']} "
                        f"has no {label} in {relation}.csv",
                        line=file_line(i),
                        column="town_code",
                        code="no_partner",
                        params=(
                            ("district", f"{row['town_code']} {row['name_zh']}"),
                            ("relation", relation),
                        ),
                    )
                )
        used = set(tables[relation][column])
        for i, value in enumerate(tables[parent][column]):
            if value not in used:
                problems.append(
                    Problem(
                        parent,
                        f"{label} {value!r} serves no district in {relation}.csv",
                        line=i + HEADER_LINES,
                        column=column,
                        code="serves_nothing",
                        params=(("value", value), ("relation", relation)),
                    )
                )
    return problems


def check_declared_counts(city: City, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """The numbers of districts, centres and precincts match what the source declares."""
    problems = []
    for table, declared in (
        ("districts", city.districts),
        ("centres", city.centres),
        ("precincts", city.precincts),
    ):
        found = len(tables[table])
        if found != declared:
            problems.append(
                Problem(
                    table,
                    f"{city.slug} declares {declared} rows, the file has {found}",
                    code="declared_count",
                    params=(("declared", declared), ("found", found)),
                )
            )
    return problems


def check_staffing_total_agencies(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """A printed total that names an agency names one of ``staffing.csv``'s agencies."""
    known = set(tables["staffing"]["agency_zh"])
    return [
        Problem(
            "staffing_totals",
            f"{agency!r} is not in staffing.csv",
            line=i + HEADER_LINES,
            column="agency_zh",
            code="unknown_reference",
            params=(("value", agency), ("parent", "staffing")),
        )
        for i, agency in enumerate(tables["staffing_totals"]["agency_zh"])
        if pd.notna(agency) and agency not in known
    ]


def check_staffing_totals(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """The per-agency staffing rows add up to the totals the source prints.

    A total with an agency is that agency's own (Kaohsiung's 第一、二期核定總計
    column, Keelung's 合計 row); one without is the city's (the 合計 row or a
    total column). Not run on an editor's save: a printed total stays as printed.
    """
    problems = []
    staffing = tables["staffing"]
    known = set(staffing["agency_zh"])
    for i, row in tables["staffing_totals"].iterrows():
        agency = None if pd.isna(row["agency_zh"]) else row["agency_zh"]
        if agency is not None and agency not in known:
            continue  # reported by check_staffing_total_agencies
        computed = expected_total(staffing, row["period"], row["measure"], agency)
        if computed is not None and computed != row["posts"]:
            what = f"{row['period']}/{row['measure']}"
            if agency is not None:
                what = f"{agency} {what}"
            problems.append(
                Problem(
                    "staffing_totals",
                    f"printed total {row['posts']} for {what} "
                    f"but staffing.csv adds up to {computed}",
                    line=file_line(i),
                    column="posts",
                    code="staffing_total",
                    params=(("posts", row["posts"]), ("what", what), ("computed", computed)),
                )
            )
    for (agency, period), group in staffing.groupby(["agency_zh", "period"]):
        posts = dict(zip(group["measure"], group["posts"], strict=True))
        complete = {"approved", "hired", "vacant"} <= posts.keys()
        if complete and posts["hired"] + posts["vacant"] != posts["approved"]:
            problems.append(
                Problem(
                    "staffing",
                    f"{agency} {period}: hired {posts['hired']} + vacant {posts['vacant']} "
                    f"≠ approved {posts['approved']}",
                    column="posts",
                )
            )
    return problems


def check_held_once(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """A printed figure is held in one place, so an edit cannot change one copy only.

    Where the indicator tables offer a second place for the same figure, the
    second place must stay empty: an indicator's final target is ``target`` at
    ``target_year`` in ``indicators`` (no ``indicator_targets`` row for that
    year), and a value that is both its starting point and its actual of that
    year is held as the actual (``baseline`` stays empty for a year with an
    actual). Each problem names the other place by its key.
    """
    problems = []
    indicators = tables["indicators"]
    final = {
        (row["indicator_id"], int(row["target_year"]))
        for _, row in indicators.iterrows()
        if pd.notna(row["target_year"]) and row["target_rule"] != "relative_to_previous"
    }
    for i, row in tables["indicator_targets"].iterrows():
        key = (row["indicator_id"], int(row["year"]))
        if key in final:
            problems.append(
                Problem(
                    "indicator_targets",
                    f"{key[0]}: the {key[1]} target is already held in indicators.csv "
                    f"(indicator {key[0]}, column target, at target_year {key[1]}); "
                    "hold it once and change it there",
                    line=file_line(i),
                    column="year",
                    code="held_twice_target",
                    params=(("indicator", key[0]), ("year", key[1])),
                )
            )
    actuals = {
        (row["indicator_id"], int(row["year"])) for _, row in tables["indicator_actuals"].iterrows()
    }
    for i, row in indicators.iterrows():
        if pd.isna(row["baseline_year"]):
            continue
        key = (row["indicator_id"], int(row["baseline_year"]))
        if key in actuals:
            problems.append(
                Problem(
                    "indicators",
                    f"{key[0]}: the {key[1]} baseline is also held as the {key[1]} actual in "
                    f"indicator_actuals.csv (indicator {key[0]}, year {key[1]}, column value); "
                    "hold it once, as the actual, and leave baseline empty",
                    line=file_line(i),
                    column="baseline",
                    code="held_twice_baseline",
                    params=(("indicator", key[0]), ("year", key[1])),
                )
            )
    return problems


COUNT_WORDS_ZH = {"districts": "行政區", "centres": "社福中心", "precincts": "警察分局"}


def check_declared_figures(city: City, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Outcome rows that print a declared count (e.g. 警察分局(17)) equal the city's count.

    The count is declared once more in :mod:`safetynet.cities`, which checks the
    number of rows of the districts, centres and precincts tables against it.
    """
    declared = dict(city.declared_metrics)
    problems = []
    for i, row in tables["outcomes"].iterrows():
        count = declared.get(row["metric"])
        if count is None:
            continue
        expected = getattr(city, count)
        if float(row["value"]) != expected:
            problems.append(
                Problem(
                    "outcomes",
                    f"{row['metric']} is {row['value']:g} but {city.slug} declares {expected} "
                    f"{count} (safetynet/cities.py); the two must agree",
                    line=file_line(i),
                    column="value",
                    code="declared_figure",
                    params=(
                        ("metric", row["metric"]),
                        ("value", f"{row['value']:g}"),
                        ("declared", expected),
                        ("count_zh", COUNT_WORDS_ZH[count]),
                        ("count_en", count),
                    ),
                )
            )
    return problems


def check_risk_types(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Risk types are the six official ones."""
    frame = tables["risk_shares"].reset_index(drop=True)
    return [
        Problem(
            "risk_shares",
            f"{code!r} is not one of the six official risk types ({', '.join(RISK_TYPE_CODES)})",
            line=i + HEADER_LINES,
            column="risk_type",
        )
        for i, code in enumerate(frame["risk_type"])
        if code not in RISK_TYPE_CODES
    ]


def check_indicators(indicators: pd.DataFrame) -> list[Problem]:
    """Indicator rows whose columns contradict each other.

    A baseline needs its year (and the other way round), a baseline cannot
    come after the target year, and a relative target (``relative_to_previous``)
    is a change in percent of last year's actual, so it must lie between 0 and 100.
    """
    problems = []
    for i, row in indicators.iterrows():
        line = file_line(i)
        has_value, has_year = pd.notna(row["baseline"]), pd.notna(row["baseline_year"])
        if has_value != has_year:
            column = "baseline_year" if has_value else "baseline"
            problems.append(
                Problem(
                    "indicators",
                    f"{row['indicator_id']}: baseline and baseline_year must be given together",
                    line=line,
                    column=column,
                )
            )
        if has_year and pd.notna(row["target_year"]) and row["baseline_year"] > row["target_year"]:
            problems.append(
                Problem(
                    "indicators",
                    f"{row['indicator_id']}: baseline_year {row['baseline_year']} is after "
                    f"target_year {row['target_year']}",
                    line=line,
                    column="baseline_year",
                )
            )
        if row["target_rule"] == "relative_to_previous" and not 0 < row["target"] < 100:
            problems.append(
                Problem(
                    "indicators",
                    f"{row['indicator_id']}: a relative target is a change in percent of the "
                    f"previous year's actual and must be between 0 and 100, not {row['target']:g}",
                    line=line,
                    column="target",
                )
            )
    return problems
