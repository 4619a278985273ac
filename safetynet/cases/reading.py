"""Reading a case export: CSV, .xlsx or .zip bytes to columns of text, strictly and fast.

CSV text is UTF-8 (with or without BOM) or Big5, decoded as CP950, its
superset; anything else is refused with the line where decoding failed.
Rows with more or fewer fields than the header are refused with their lines.
Every cell is read as text, NFKC-normalised (full-width digits and letters
become ASCII, the ideographic space a space), trimmed, and stripped of the
``'`` a spreadsheet puts before ``= + - @``; nothing is typed here.

CSV files are parsed by Arrow (a million rows in well under a second, a
fraction of the memory of Python strings); a file whose quoted cells hold
line breaks is re-read with Python's ``csv`` module so that line numbers stay
exact. Which table a file or sheet holds is read from its header (members
have 成員序號 / member_no), not from its name.
"""

from __future__ import annotations

import csv
import functools
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from safetynet.cases.checks import CaseImportError, CaseProblem, problem_at
from safetynet.cases.format import (
    CASES,
    COLUMNS,
    MEMBERS,
    SHEET_NAMES,
    column_for_header,
    table_of_headers,
)

BOM = b"\xef\xbb\xbf"
# A zip may hold the two CSV files; refuse archives that unpack to more than this.
MAX_UNPACKED_BYTES = 2 * 1024**3
MAX_ZIP_MEMBERS = 10


@dataclass
class RawTable:
    """One table of the export as text cells, with the line (or sheet row) of each row."""

    table: str
    file: str
    unit: str
    frame: pd.DataFrame  # internal column names; cells are str or <NA>
    lines: np.ndarray
    headers: dict[str, str] = field(default_factory=dict)  # internal name → header as written
    extra: list[str] = field(default_factory=list)  # columns not in the format (not stored)
    encoding: str | None = None

    def header(self, name: str) -> str:
        return self.headers.get(name, name)


def _decode(data: bytes, file: str) -> tuple[bytes | memoryview, str]:
    """The file as UTF-8 bytes (no BOM) and the encoding it was read as.

    UTF-8 is checked by Arrow without making a Python string of the whole
    file (which would take two to four bytes a character); Big5 is decoded
    as CP950 and re-encoded.
    """
    if b"\x00" in data[:4096]:  # UTF-16, or a spreadsheet or other binary named .csv
        raise CaseImportError([CaseProblem(file, "undecodable", rows=(1,))])
    bom = data.startswith(BOM)
    body = memoryview(data)[3:] if bom else memoryview(data)
    try:
        pa.array([body], pa.binary()).cast(pa.string())
        return body, "UTF-8 (BOM)" if bom else "UTF-8"
    except (pa.ArrowInvalid, TypeError):
        pass
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        utf8_at = err.start
    else:  # Arrow refused what Python accepts (surrogates): let Python's reading stand
        return data.decode("utf-8-sig").encode("utf-8"), "UTF-8"
    try:
        return data.decode("cp950").encode("utf-8"), "Big5 (CP950)"
    except UnicodeDecodeError as err:
        # The encoding that read further is the one the file was meant to be in.
        at = max(utf8_at, err.start)
        line = data[:at].count(b"\n") + 1
        raise CaseImportError([CaseProblem(file, "undecodable", rows=(line,))]) from None


def _clean(array: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray:
    """NFKC, trimmed, the spreadsheet's formula guard taken off; empty cells become null."""
    array = pc.utf8_normalize(array, "NFKC")
    array = pc.utf8_trim_whitespace(array)
    array = pc.replace_substring_regex(array, r"^'([=+\-@])", r"\1")
    return pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.string()), array)


def _header_problems(table: str, file: str, header: list[str], line: int, unit: str):
    problems: list[CaseProblem] = []
    names: dict[str, str] = {}
    extra: list[str] = []
    for i, text in enumerate(header):
        if not text.strip():
            problems.append(problem_at(file, "blank_header", f"#{i + 1}", [line], unit))
            continue
        col = column_for_header(table, text)
        if col is None:
            extra.append(text)
        elif col.name in names:
            problems.append(problem_at(file, "duplicate_column", text, [line], unit))
        else:
            names[col.name] = text
    for col in COLUMNS[table]:
        if col.required and col.name not in names:
            problems.append(problem_at(file, "missing_column", col.zh, [line], unit))
    return problems, names, extra


def _frame(
    table: str,
    file: str,
    unit: str,
    header: list[str],
    columns: list[pa.ChunkedArray | pa.Array],
    lines: np.ndarray,
    header_line: int,
    encoding: str | None,
) -> RawTable:
    problems, names, extra = _header_problems(table, file, header, header_line, unit)
    if problems:
        raise CaseImportError(problems)
    by_header = dict(zip(header, columns, strict=True))
    data = {}
    for name, text in names.items():
        data[name] = _clean(by_header[text])
    for text in extra:
        data[text] = _clean(by_header[text])
    arrow = pa.table(data) if data else pa.table({})
    # Rows that are blank in every column are not rows (a spreadsheet's trailing lines).
    if arrow.num_rows:
        blank = functools.reduce(pc.and_, [pc.is_null(c) for c in arrow.columns])
        keep = pc.invert(blank)
        arrow = arrow.filter(keep)
        lines = lines[np.asarray(keep.to_numpy(zero_copy_only=False), dtype=bool)]
    if arrow.num_rows == 0:
        raise CaseImportError([problem_at(file, "no_rows", None, [header_line], unit)])
    frame = arrow.to_pandas(types_mapper=pd.ArrowDtype)
    return RawTable(table, file, unit, frame, lines, names, extra, encoding)


def _first_record(data: bytes | memoryview) -> tuple[list[str], int, int]:
    """The header (first non-blank record), its line, and the byte offset of the rows after it."""
    head = bytes(data[: 1 << 16]).decode("utf-8", errors="ignore")
    reader = csv.reader(io.StringIO(head, newline=""))
    for values in reader:
        if any(v.strip() for v in values):
            line = reader.line_num
            offset = 0
            for _ in range(line):
                nxt = bytes(data[offset : offset + (1 << 16)]).find(b"\n")
                if nxt < 0:
                    return [v.strip() for v in values], line, len(data)
                offset += nxt + 1
            return [v.strip().lstrip("\ufeff") for v in values], line, offset
    return [], 0, len(data)


def _csv_with_python(text: str, file: str, width: int, header_line: int):
    """Exact line numbers for files whose quoted cells hold line breaks (``text``: the rows)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    wrong: list[int] = []
    try:
        start = header_line + 1
        for values in reader:
            # A record's first line is reported.
            first, start = start, header_line + reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            while len(values) > width and values[-1] == "":
                values.pop()
            if len(values) != width:
                wrong.append(first)
                continue
            rows.append(values)
            lines.append(first)
    except csv.Error as err:
        raise CaseImportError(
            [CaseProblem(file, "bad_csv", rows=(start,), params=(("error", str(err)),))]
        ) from None
    return rows, np.asarray(lines, dtype=np.int64), wrong


def read_csv(data: bytes, file: str) -> RawTable:
    """One CSV file of the export, as text cells with their line numbers."""
    utf8, encoding = _decode(data, file)
    header, header_line, offset = _first_record(utf8)
    if not header:
        raise CaseImportError([CaseProblem(file, "file_empty")])
    while header and header[-1] == "":
        header = header[:-1]
    table = table_of_headers(header)
    if table is None:
        raise CaseImportError([problem_at(file, "unknown_table", None, [header_line], "line")])
    width = len(header)
    names = [f"c{i}" for i in range(width)]
    wrong: list[int] = []
    skipped: list[int] = []
    padded: list[int] = []

    def invalid(row: pacsv.InvalidRow) -> str:
        skipped.append(row.number)
        values = next(csv.reader([row.text]), [])
        if row.actual_columns > width and not any(v.strip() for v in values[width:]):
            padded.append(row.number)  # trailing empty fields: the Python reader drops them
        elif any(v.strip() for v in values):
            wrong.append(header_line + row.number)
        return "skip"

    body = memoryview(utf8)[offset:]
    del utf8
    parse = pacsv.ParseOptions(
        invalid_row_handler=invalid, ignore_empty_lines=False, newlines_in_values=True
    )
    try:
        arrow = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False),
            parse_options=parse,
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as err:
        raise CaseImportError(
            [CaseProblem(file, "bad_csv", rows=(header_line,), params=(("error", str(err)),))]
        ) from None
    multiline = any(pc.any(pc.match_substring(arrow.column(i), "\n")).as_py() for i in range(width))
    if multiline or padded:
        text = bytes(body).decode("utf-8")
        rows, lines, wrong = _csv_with_python(text, file, width, header_line)
        columns = [pa.array([r[i] for r in rows], pa.string()) for i in range(width)]
    else:
        # Record k of the body is on line header_line + k: blank lines are records too.
        numbers = np.arange(1, arrow.num_rows + len(skipped) + 1, dtype=np.int64)
        if skipped:
            numbers = numbers[~np.isin(numbers, np.asarray(skipped, dtype=np.int64))]
        lines = numbers + header_line
        columns = list(arrow.columns)
    if wrong:
        raise CaseImportError(
            [problem_at(file, "field_count", None, wrong, "line", expected=width)]
        )
    return _frame(table, file, "line", header, columns, lines, header_line, encoding)


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, file: str) -> list[RawTable]:
    """Every sheet of a workbook that holds a table of the export (by name or header)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise CaseImportError([CaseProblem(file, "not_excel")]) from None
    out: list[RawTable] = []
    for sheet in book.worksheets:
        header: list[str] | None = None
        header_line = 0
        cells: list[list[str | None]] = []
        lines: list[int] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            row = [_cell_text(v) for v in values]
            if not any(c is not None and c.strip() for c in row):
                continue
            if header is None:
                header = ["" if c is None else c.strip() for c in row]
                while header and header[-1] == "":
                    header.pop()
                header_line = number
                continue
            while len(row) > len(header) and row[-1] in (None, ""):
                row.pop()
            row += [None] * (len(header) - len(row))
            cells.append(row)
            lines.append(number)
        if header is None:
            continue
        where = f"{file} [{sheet.title}]"
        table = next((n for n, titles in SHEET_NAMES.items() if sheet.title in titles), None)
        table = table or table_of_headers(header)
        if table is None:
            continue
        wide = [line for line, row in zip(lines, cells, strict=True) if len(row) > len(header)]
        if wide:
            raise CaseImportError(
                [problem_at(where, "field_count", None, wide, "row", expected=len(header))]
            )
        columns = [pa.array([r[i] for r in cells], pa.string()) for i in range(len(header))]
        out.append(
            _frame(
                table, where, "row", header, columns, np.asarray(lines, np.int64), header_line, None
            )
        )
    book.close()
    if not out:
        raise CaseImportError([CaseProblem(file, "unknown_table")])
    return out


def _read_zip(data: bytes, file: str) -> list[RawTable]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise CaseImportError([CaseProblem(file, "not_zip")]) from None
    members = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__")]
    if len(members) > MAX_ZIP_MEMBERS or sum(i.file_size for i in members) > MAX_UNPACKED_BYTES:
        raise CaseImportError([CaseProblem(file, "zip_too_large")])
    out: list[RawTable] = []
    for info in members:
        inner = f"{file}/{PurePath(info.filename).name}"
        suffix = PurePath(info.filename).suffix.lower()
        if suffix == ".csv":
            out.append(read_csv(archive.read(info), inner))
        elif suffix == ".xlsx":
            out += read_xlsx(archive.read(info), inner)
    return out


def read_file(file: str, data: bytes) -> list[RawTable]:
    """The tables in one file: ``.csv`` (one), ``.xlsx`` (a sheet each), ``.zip`` (of those)."""
    suffix = PurePath(file).suffix.lower()
    name = PurePath(file).name
    if suffix == ".csv":
        return [read_csv(data, name)]
    if suffix == ".xlsx":
        return read_xlsx(data, name)
    if suffix == ".zip":
        return _read_zip(data, name)
    raise CaseImportError([CaseProblem(name, "unsupported_type")])


def read_export(files: Sequence[tuple[str, bytes]]) -> dict[str, RawTable]:
    """Both tables of an export from one or more files; every problem of every file at once."""
    problems: list[CaseProblem] = []
    found: dict[str, RawTable] = {}
    for file, data in files:
        try:
            tables = read_file(file, data)
        except CaseImportError as err:
            problems += err.problems
            continue
        for raw in tables:
            if raw.table in found:
                problems.append(
                    CaseProblem(raw.file, "table_twice", params=(("other", found[raw.table].file),))
                )
            else:
                found[raw.table] = raw
    if not problems:
        for table in (CASES, MEMBERS):
            if table not in found:
                problems.append(CaseProblem("", f"missing_table_{table}"))
    if problems:
        raise CaseImportError(problems)
    return found
