"""Validation of a city's tables: schema, types, ranges, references and declared counts.

Every problem names the table, the CSV line and the column, so a maintainer
can open the file and fix it. Nothing is written anywhere while a city has
problems (see :mod:`safetynet.store`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from safetynet.cities import City
from safetynet.i18n import t
from safetynet.risk_shares import RISK_TYPE_CODES, find_share_sum_errors
from safetynet.schemas import TABLES, YEAR_MAX, YEAR_MIN
from safetynet.staffing import expected_total
from safetynet.text_safety import LINE_BREAKS, invisible_characters

# Header is line 1 of a CSV file, so data row ``i`` (0-based) is on line i + 2.
HEADER_LINES = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as it can be."""

    table: str
    message: str
    line: int | None = None
    column: str | None = None
    # For the user's language: ``problem.<code>`` in :mod:`safetynet.i18n`, filled from params.
    code: str | None = None
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str) -> str:
        """What is wrong, in ``lang`` (the English message when no code is known)."""
        if self.code is None:
            return self.message
        return t(f"problem.{self.code}", lang, **dict(self.params))

    def describe(self, lang: str, file: str | None = None, unit: str = "line") -> str:
        """Where and what, in the user's language: ``第 3 列 count：不可為負數``.

        ``file`` names an imported file; ``unit`` is ``line`` for CSV lines
        and ``row`` for rows of an edited table or a spreadsheet.
        """
        parts = []
        if file:
            parts.append(file)
        if self.line is not None:
            parts.append(t(f"problem.where.{unit}", lang, n=self.line))
        if self.column is not None:
            parts.append(t("problem.where.column", lang, column=self.column))
        where = t("problem.where.sep", lang).join(parts)
        return f"{where}{t('colon', lang)}{self.text(lang)}" if where else self.text(lang)

    def __str__(self) -> str:
        where = f"{self.table}.csv"
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class DataValidationError(ValueError):
    """Raised when a city's data has problems; carries them all."""

    def __init__(self, city: str, problems: list[Problem]) -> None:
        self.city = city
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"data for {city} has {len(problems)} problem(s):\n{lines}")


def _line(index: object) -> int | None:
    try:
        return int(index) + HEADER_LINES  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def validate_schema(
    name: str,
    raw: pd.DataFrame,
    *,
    user: bool = False,
    line_of: Callable[[object], int | None] | None = None,
    header_line: int | None = 1,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check one raw table against its spec; return the typed frame or the problems.

    ``user=True`` applies the rules for rows a user enters (see
    :func:`safetynet.schemas.TableSpec.pandera_schema`). ``line_of`` maps a
    row's index to the line or row number the user sees (default: CSV line,
    index + 2); ``header_line`` is where column problems are reported.
    """
    spec = TABLES[name]
    problems: list[Problem] = []
    missing = [c for c in spec.column_names if c not in raw.columns]
    extra = [c for c in raw.columns if c not in spec.column_names]
    for column in missing:
        problems.append(
            Problem(
                name,
                "required column is missing",
                line=header_line,
                column=column,
                code="missing_column",
            )
        )
    for column in extra:
        problems.append(
            Problem(name, "unknown column", line=header_line, column=column, code="unknown_column")
        )
    if problems:
        return None, problems
    line_of = line_of or _line
    raw, cell_problems = _check_cells(name, raw, line_of)
    try:
        typed = spec.pandera_schema(user=user).validate(raw, lazy=True)
    except pa.errors.SchemaErrors as err:
        found = {(p.line, p.column) for p in cell_problems}
        schema_problems = [
            p
            for p in _schema_problems(name, err.failure_cases, line_of)
            if (p.line, p.column) not in found
        ]
        return None, sorted(
            cell_problems + schema_problems, key=lambda p: (p.line or 0, p.column or "")
        )
    if cell_problems:
        return None, cell_problems
    return typed[spec.column_names].reset_index(drop=True), []


# Numbers are written in ASCII digits, with a sign, a decimal point and an
# exponent at most: no "1 234", "1_000", "١٢", "inf" or "nan" (pandas and
# Python would read each of them as some number).
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")
# The store's INTEGER columns are 32-bit on PostgreSQL.
INT_LIMIT = 2**31 - 1
# Free-text columns where a cell may hold several lines (tab, newline).
MULTILINE_COLUMNS = frozenset({"note", "definition_zh", "definition_en"})


_NUMBER_WORDS = {
    "not_integer": "is not a valid whole number",
    "not_number": "is not a valid number",
    "not_finite": "is not a finite number",
    "underflow": "is too close to 0 to be stored",
    "int_range": f"is outside ±{INT_LIMIT} (a stored whole number)",
}


def _number_problem(value: object, dtype: str) -> tuple[str, dict] | None:
    """Why ``value`` cannot be stored in a column of ``dtype`` (``int``/``float``), if it cannot."""
    if isinstance(value, bool):
        return ("not_integer" if dtype == "int" else "not_number"), {"value": value}
    if isinstance(value, int | float) or hasattr(value, "dtype"):
        number = float(value)  # type: ignore[arg-type]
        if not math.isfinite(number):
            return "not_finite", {"value": _plain(value)}
        if dtype == "int" and not number.is_integer():
            return "not_integer", {"value": _plain(value)}
        text = None
    else:
        text = str(value).strip()
        pattern = _INTEGER if dtype == "int" else _DECIMAL
        if not pattern.match(text):
            if dtype == "float" and text.lower().lstrip("+-") in {"inf", "infinity", "nan"}:
                return "not_finite", {"value": text}
            return ("not_integer" if dtype == "int" else "not_number"), {"value": text}
        number = float(text) if dtype == "float" else int(text)
        if dtype == "float" and not math.isfinite(number):
            return "not_finite", {"value": text}
        if number == 0 and re.search(r"[1-9]", text.split("e")[0].split("E")[0]):
            return "underflow", {"value": text}
    if dtype == "int" and abs(number) > INT_LIMIT:
        return "int_range", {"value": text or _plain(value), "limit": f"{INT_LIMIT:,}"}
    return None


def _suspects(values: pd.Series, dtype: str) -> pd.Series:
    """The cells worth a close look; plain short numbers and printable text pass at C speed."""
    values = values[values.notna()]
    text = values.map(lambda v: v if isinstance(v, str) else None, na_action=None)
    is_text = text.notna()
    if dtype in {"int", "float"}:
        stripped = text[is_text].str.strip()
        pattern = _INTEGER if dtype == "int" else _DECIMAL
        plain = stripped.str.match(pattern) & (stripped.str.len() <= 9)
        if dtype == "float":
            plain &= ~stripped.str.contains("[eE]")
        clean = plain.reindex(values.index, fill_value=False)
    else:
        clean = text[is_text].map(str.isprintable).reindex(values.index, fill_value=False)
    return values[~clean.astype(bool)]


def _check_cells(
    name: str, raw: pd.DataFrame, line_of: Callable[[object], int | None]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Numbers read strictly and finite; text without invisible control characters.

    Returns the frame with every refused cell emptied (so the schema check
    does not report it a second time) and a problem per refused cell.
    """
    spec = TABLES[name]
    problems: list[Problem] = []
    cleaned = raw
    for column in spec.column_names:
        col = spec.col(column)
        allowed = LINE_BREAKS if column in MULTILINE_COLUMNS else frozenset()
        bad: list[object] = []
        for index, value in _suspects(raw[column], col.dtype).items():
            if col.dtype in {"int", "float"}:
                found = _number_problem(value, col.dtype)
                if found is None:
                    continue
                code, params = found
                message = f"value {params['value']!r} {_NUMBER_WORDS[code]}"
            else:
                chars = invisible_characters(str(value), allowed)
                if not chars:
                    continue
                code, params = "invisible_char", {"chars": " ".join(chars)}
                message = f"contains invisible control characters {params['chars']}"
            bad.append(index)
            problems.append(
                Problem(
                    name,
                    message,
                    line=line_of(index),
                    column=column,
                    code=code,
                    params=tuple(params.items()),
                )
            )
        if bad:
            if cleaned is raw:
                cleaned = raw.copy()
            cleaned[column] = cleaned[column].astype(object)
            cleaned.loc[bad, column] = None
    return cleaned, problems


_TYPE_WORDS = {
    "coerce_dtype('Int64')": "whole number",
    "dtype('Int64')": "whole number",
    "coerce_dtype('float64')": "number",
    "dtype('float64')": "number",
}


def _plain(value: object) -> object:
    """numpy scalars as plain Python values, so messages read ``-3`` not ``np.int64(-3)``."""
    return value.item() if hasattr(value, "item") else value


YEAR_COLUMNS = frozenset({"year", "year_to", "year_from", "baseline_year", "target_year"})


def _check_code(name: str, column: str | None, check: str, value: object) -> tuple[str, dict]:
    """The message code and parameters of a failed pandera check."""
    check_name, _, arg = check.partition("(")
    arg = arg.removesuffix(")")
    spec = TABLES[name]
    col = spec.col(column) if column in spec.column_names else None
    is_year = column in YEAR_COLUMNS
    if is_year and check_name in {"greater_than_or_equal_to", "less_than_or_equal_to"}:
        return "year_range", {"value": value, "min": YEAR_MIN, "max": YEAR_MAX}
    if check_name == "greater_than_or_equal_to":
        if float(arg) == 0:
            return "negative", {"value": value}
        return "too_small", {"value": value, "min": arg}
    if check_name == "less_than_or_equal_to":
        return "too_large", {"value": value, "max": arg}
    if check_name == "isin":
        allowed = "、".join(col.isin) if col is not None and col.isin else arg
        return "not_in_list", {"value": value, "allowed": allowed}
    if check_name == "str_matches":
        if column == "source":
            return "bad_source", {"value": value}
        return "bad_form", {"value": value}
    return "check_failed", {"value": value, "check": check}


def _check_words(check: str) -> str:
    name, _, arg = check.partition("(")
    arg = arg.removesuffix(")")
    words = {
        "greater_than_or_equal_to": f"must be ≥ {arg}",
        "less_than_or_equal_to": f"must be ≤ {arg}",
        "isin": f"must be one of {arg}",
        "str_matches": f"does not match the expected form {arg}",
    }
    return words.get(name, f"fails {check}")


def _schema_problems(
    name: str, cases: pd.DataFrame, line_of: Callable[[object], int | None] = _line
) -> list[Problem]:
    problems: list[Problem] = []
    located = {
        c for c, i in zip(cases["column"], cases["index"], strict=True) if _line(i) is not None
    }
    seen: set[tuple[object, ...]] = set()
    for case in cases.itertuples(index=False):
        line = line_of(case.index) if _line(case.index) is not None else None
        column = case.column if isinstance(case.column, str) else None
        if line is None and column in located:
            # A check that could not run because the column failed type
            # coercion on some rows; those rows are already reported.
            continue
        check = str(case.check)
        value = _plain(case.failure_case)
        if check.startswith("coerce_dtype") or check.startswith("dtype"):
            message = f"value {value!r} is not a valid {_TYPE_WORDS.get(check, check)}"
            key = (line, column, "type")
            code = "not_integer" if "Int64" in check else "not_number"
            params: dict = {"value": value}
        elif check == "not_nullable":
            message = "value is required but empty"
            key = (line, column, check)
            code, params = "required", {}
        elif check == "field_uniqueness" or case.schema_context == "DataFrameSchema":
            message = f"duplicate key value {value!r}"
            key = (line, column, "unique")
            code, params = "duplicate_key", {"value": value}
        else:
            message = f"value {value!r} {_check_words(check)}"
            key = (line, column, check)
            code, params = _check_code(name, column, check, value)
        if key in seen:
            continue
        seen.add(key)
        problems.append(
            Problem(
                name,
                message,
                line=line,
                column=column,
                code=code,
                params=tuple(params.items()),
            )
        )
    return sorted(problems, key=lambda p: (p.line or 0, p.column or ""))


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

    The allowance comes from :func:`safetynet.risk_shares.rounding_tolerance`
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
                            line=int(i) + HEADER_LINES,
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
    for i, row in frame.iterrows():
        line = int(i) + HEADER_LINES  # type: ignore[call-overload]
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
                        line=int(i) + HEADER_LINES,
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
                    line=int(i) + HEADER_LINES,
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
                    line=int(i) + HEADER_LINES,
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
                    line=int(i) + HEADER_LINES,
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
                    line=int(i) + HEADER_LINES,
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
        line = int(i) + HEADER_LINES  # type: ignore[call-overload]
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
