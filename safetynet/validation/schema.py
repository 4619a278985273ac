"""Validation of one table against its spec: columns, strict numbers, clean text, pandera checks.

Each problem names the CSV line (or the row a user sees) and the column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import SupportsFloat

import pandas as pd
import pandera.pandas as pa

from safetynet.storage.schemas import TABLES, YEAR_MAX, YEAR_MIN
from safetynet.text_safety import LINE_BREAKS, invisible_characters
from safetynet.validation.problems import Problem, file_line


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
    :func:`safetynet.storage.schemas.TableSpec.pandera_schema`). ``line_of`` maps a
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
    line_of = line_of or file_line
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
    if isinstance(value, int | float) or (
        hasattr(value, "dtype") and isinstance(value, SupportsFloat)  # a numpy number
    ):
        number = float(value)
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
    name: str, cases: pd.DataFrame, line_of: Callable[[object], int | None] = file_line
) -> list[Problem]:
    problems: list[Problem] = []
    located = {
        c for c, i in zip(cases["column"], cases["index"], strict=True) if file_line(i) is not None
    }
    seen: set[tuple[object, ...]] = set()
    for case in cases.itertuples(index=False):
        line = line_of(case.index) if file_line(case.index) is not None else None
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
