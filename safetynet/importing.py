"""Importing a CSV or Excel file into one table: read, normalise, check, preview.

Reading is strict where pandas is lenient: a row with more fields than the
header is refused (pandas would shift it into the index), a duplicated
column is refused (pandas would rename it ``x.1``), merged header cells in a
spreadsheet are refused, and text that is neither UTF-8 nor Big5 (decoded as
CP950, its superset) is refused, each with file, line or row, and column.
What can be read is normalised (:mod:`safetynet.normalise`) and planned
(:func:`safetynet.editing.plan_rows_import`): nothing is written until the
plan has no problems and the user confirms.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import PurePath

import pandas as pd

from safetynet.editing import EditPlan, plan_rows_import
from safetynet.normalise import Proposal, apply_proposals, normalise_frame
from safetynet.schemas import TABLES
from safetynet.store import Store
from safetynet.validation import Problem

MAX_BYTES = 10 * 1024 * 1024  # also server.maxUploadSize in .streamlit/config.toml
BOM = b"\xef\xbb\xbf"


class ReadError(ValueError):
    """The file cannot be read as a table; carries the problems (file, line or row, column)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass(frozen=True)
class ReadTable:
    """A file read as text cells: the rows, their line (CSV) or row (sheet) numbers."""

    frame: pd.DataFrame
    rows: list[int]
    unit: str
    header_line: int
    encoding: str | None = None


def _problem(name: str, code: str, line: int | None = None, column: str | None = None, **params):
    return Problem(name, code, line=line, column=column, code=code, params=tuple(params.items()))


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if b"\x00" in data[:4096]:  # UTF-16, a spreadsheet or other binary named .csv
        raise ReadError([_problem(name, "undecodable", line=1)])
    try:
        return data.decode("utf-8-sig"), "UTF-8 (BOM)" if data.startswith(BOM) else "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp950"), "Big5 (CP950)"
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ReadError([_problem(name, "undecodable", line=line)]) from None


def _table(
    name: str,
    header: list[str],
    body: list[tuple[int, list[object]]],
    header_line: int,
    allow_empty: bool = False,
) -> tuple[pd.DataFrame, list[int]]:
    """Check header and row widths; return the cells as a frame of text."""
    problems: list[Problem] = []

    # Trailing columns with no name (a spreadsheet's habit) are not columns;
    # a row with a value there has more fields than the header and is refused.
    while header and header[-1] == "":
        header = header[:-1]
    for i, column in enumerate(header):
        if column == "":
            problems.append(_problem(name, "blank_header", line=header_line, column=f"#{i + 1}"))
        elif header.index(column) != i:
            problems.append(_problem(name, "duplicate_column", line=header_line, column=column))
    cells: list[list[object]] = []
    rows: list[int] = []
    for line, values in body:
        values = list(values)
        while len(values) > len(header) and values[-1] in (None, ""):
            values.pop()
        if len(values) != len(header):
            problems.append(
                _problem(name, "field_count", line=line, found=len(values), expected=len(header))
            )
            continue
        cells.append([None if v in (None, "") else v for v in values])
        rows.append(line)
    if not problems and not cells and not allow_empty:
        problems.append(_problem(name, "no_rows", line=header_line))
    if problems:
        raise ReadError(problems)
    return pd.DataFrame(cells, columns=header, dtype=object), rows


def read_csv_bytes(data: bytes, name: str, allow_empty: bool = False) -> ReadTable:
    """Read CSV bytes (UTF-8, UTF-8 with BOM or Big5/CP950) as text cells, strictly."""
    text, encoding = _decode(data, name)
    if not text.strip():
        raise ReadError([_problem(name, "file_empty")])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    header_line = 1
    body: list[tuple[int, list[object]]] = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if header is None:
                header = [v.strip().lstrip("\ufeff") for v in values]
                header_line = reader.line_num
            else:
                body.append((reader.line_num, list(values)))
    except csv.Error as err:
        raise ReadError([_problem(name, "bad_csv", line=reader.line_num, error=str(err))]) from None
    if header is None:
        raise ReadError([_problem(name, "file_empty")])
    frame, rows = _table(name, header, body, header_line, allow_empty)
    return ReadTable(frame, rows, "line", header_line, encoding)


def _cell_text(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def read_xlsx_bytes(data: bytes, name: str, allow_empty: bool = False) -> ReadTable:
    """Read the table's sheet (or the first sheet) of an .xlsx file as text cells."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise ReadError([_problem(name, "not_excel")]) from None
    sheet = book[name] if name in book.sheetnames else book.worksheets[0]
    header: list[str] | None = None
    header_line = 1
    body: list[tuple[int, list[object]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        if header is None:
            header = ["" if c is None else str(c).strip() for c in cells]
            header_line = number
        else:
            body.append((number, cells))
    if header is None:
        raise ReadError([_problem(name, "file_empty")])
    merged = [str(r) for r in sheet.merged_cells.ranges if r.min_row <= header_line <= r.max_row]
    if merged:
        raise ReadError(
            [_problem(name, "merged_header", line=header_line, cells=", ".join(merged))]
        )
    frame, rows = _table(name, header, body, header_line, allow_empty)
    return ReadTable(frame, rows, "row", header_line)


def read_table_file(file_name: str, data: bytes, name: str, allow_empty: bool = False) -> ReadTable:
    """Read an uploaded file by its extension: ``.csv`` or ``.xlsx``.

    A file with a header and no rows is refused unless ``allow_empty`` (an
    import that replaces the whole table: the table is to be empty).
    """
    if len(data) > MAX_BYTES:
        raise ReadError(
            [
                _problem(
                    name,
                    "too_large_file",
                    size=f"{len(data) / 2**20:.1f}",
                    limit=MAX_BYTES // 2**20,
                )
            ]
        )
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".csv":
        return read_csv_bytes(data, name, allow_empty)
    if suffix == ".xlsx":
        return read_xlsx_bytes(data, name, allow_empty)
    raise ReadError([_problem(name, "unsupported_type")])


def prepare_import(
    store: Store,
    city: str,
    name: str,
    file_name: str,
    data: bytes,
    *,
    who: str,
    accept_corrections: bool = False,
    replace_table: bool = False,
    day: date | None = None,
) -> EditPlan:
    """Read, normalise and check a file for ``name``; return the plan to preview.

    The plan lists what was normalised (``notes``), the corrections it
    proposes (``proposals``; applied only with ``accept_corrections``), the
    rows to add, change and delete, and every problem with file, line or
    row and column. Nothing is written here; :func:`safetynet.editing.commit` writes.
    """
    TABLES[name]  # a KeyError names an unknown table before anything is read
    file = PurePath(file_name).name
    try:
        table = read_table_file(file_name, data, name, allow_empty=replace_table)
    except ReadError as err:
        unit = "row" if file.lower().endswith(".xlsx") else "line"
        return EditPlan(city, name, problems=tuple(err.problems), file=file, unit=unit)
    current = store.read_city(city)
    known = {
        column: set(current[name][column].dropna().astype(str)) for column in current[name].columns
    }
    frame, notes, proposals = normalise_frame(table.frame, name, table.rows, known)
    if accept_corrections and proposals:
        frame = apply_proposals(frame, table.rows, proposals)
    plan = plan_rows_import(
        city,
        name,
        frame,
        table.rows,
        current,
        store.read_versioned(city, name),
        who=who,
        day=day,
        replace=replace_table,
        file=file,
        unit=table.unit,
        header_line=table.header_line,
    )
    plan = replace(plan, notes=tuple(notes), proposals=tuple(proposals))
    plan.extra["encoding"] = table.encoding
    plan.extra["corrections_applied"] = accept_corrections and bool(proposals)
    return plan


__all__ = ["Proposal", "ReadError", "ReadTable", "prepare_import", "read_table_file"]
