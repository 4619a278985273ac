"""Importing a CSV or Excel file into one table: read, normalise, check, preview.

Reading is strict where pandas is lenient: a row with more fields than the
header is refused (pandas would shift it into the index), a duplicated
column is refused (pandas would rename it ``x.1``), merged header cells in a
spreadsheet are refused, and text that is neither UTF-8 nor Big5 (decoded as
CP950, its superset) is refused, each with file, line or row, and column.
What can be read is normalised (:mod:`safetynet.editing.normalise`) and planned
(:func:`safetynet.editing.plans.plan_rows_import`): nothing is written until the
plan has no problems and the user confirms.

Reading is bounded, because it runs inside the server that other users are
on (:class:`ImportLimits`): the file size is checked before the file is
read, no more than the limit is ever read, rows, columns and cells are
counted while they are read, and an .xlsx file's zip members are checked for
their unpacked size and compression ratio before a sheet is parsed (a zip
bomb is refused from its directory, without unpacking it). Sheets are read
with openpyxl's read-only (streaming) mode.
"""

from __future__ import annotations

import csv
import io
import logging
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, BinaryIO

import pandas as pd

from safetynet.editing.normalise import Proposal, apply_proposals, normalise_frame
from safetynet.editing.plans import EditPlan, plan_rows_import
from safetynet.storage.schemas import TABLES
from safetynet.storage.store import Store
from safetynet.validation.problems import Problem

if TYPE_CHECKING:
    from _csv import Reader as CsvReader  # what csv.reader returns

LOG = logging.getLogger(__name__)
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class ImportLimits:
    """How much one import may read; beyond any bound the file is refused with a message.

    With the defaults the worst accepted upload (100,000 valid rows, 9.9 MB
    of CSV or 3 MB of .xlsx) was measured at about 430 MB above the
    server's own memory; before the bounds, a 10 MB CSV of 870,000 rows took
    2.4 GB and a 0.8 MB .xlsx zip bomb 3 GB. A bureau's yearly tables hold
    far fewer rows; larger ones are imported in parts.
    """

    max_bytes: int = 10 * 2**20  # also server.maxUploadSize in .streamlit/config.toml
    max_rows: int = 100_000
    max_columns: int = 64
    max_cells: int = 1_000_000
    # .xlsx: all zip members together, unpacked; and a member's unpacked/packed ratio
    max_unpacked_bytes: int = 50 * 2**20
    max_ratio: int = 100
    max_members: int = 500
    max_seconds: float = 120.0


LIMITS = ImportLimits()
MAX_BYTES = LIMITS.max_bytes
# Members smaller than this are not judged by their compression ratio.
RATIO_FLOOR_BYTES = 2**20
SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
Source = bytes | BinaryIO | Path


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


def _line_at(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _decode(data: bytes, name: str) -> tuple[str, str]:
    nul = data.find(b"\x00")
    if nul >= 0:  # UTF-16, a spreadsheet or other binary named .csv, or a damaged file
        raise ReadError([_problem(name, "nul_byte", line=_line_at(data, nul))])
    try:
        return data.decode("utf-8-sig"), "UTF-8 (BOM)" if data.startswith(BOM) else "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp950"), "Big5 (CP950)"
    except UnicodeDecodeError as err:
        raise ReadError([_problem(name, "undecodable", line=_line_at(data, err.start))]) from None


class _Bounds:
    """Counts what a reader has read and refuses the file at the first bound it passes."""

    def __init__(self, name: str, limits: ImportLimits) -> None:
        self.name, self.limits = name, limits
        self.rows = self.cells = 0
        self.started = time.monotonic()

    def _refuse(self, code: str, line: int | None, **params: object) -> None:
        raise ReadError([_problem(self.name, code, line=line, **params)])

    def columns(self, width: int, line: int) -> None:
        if width > self.limits.max_columns:
            self._refuse("too_many_columns", line, found=width, limit=self.limits.max_columns)

    def row(self, width: int, line: int) -> None:
        self.rows += 1
        self.cells += width
        if self.rows > self.limits.max_rows:
            self._refuse("too_many_rows", line, limit=f"{self.limits.max_rows:,}")
        self.columns(width, line)
        if self.cells > self.limits.max_cells:
            self._refuse("too_many_cells", line, limit=f"{self.limits.max_cells:,}")
        if self.rows % 1000 == 0:
            self.check_time(line)

    def check_time(self, line: int | None = None) -> None:
        if time.monotonic() - self.started > self.limits.max_seconds:
            self._refuse("too_slow", line, limit=f"{self.limits.max_seconds:g}")


def _table(
    name: str,
    header: list[str],
    body: Iterable[tuple[int, list[object]]],
    header_line: int,
    allow_empty: bool = False,
) -> tuple[pd.DataFrame, list[int]]:
    """Check header and row widths; return the cells as a frame of text.

    ``body`` may be a generator that reads the file as it goes (and raises
    :class:`ReadError` at a bound); row problems are collected up to a
    hundred, enough to see what is wrong with a file.
    """
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
            if len(problems) < MAX_READ_PROBLEMS:
                problems.append(
                    _problem(
                        name, "field_count", line=line, found=len(values), expected=len(header)
                    )
                )
            continue
        cells.append([None if v in (None, "") else v for v in values])
        rows.append(line)
    if not problems and not cells and not allow_empty:
        problems.append(_problem(name, "no_rows", line=header_line))
    if problems:
        raise ReadError(problems)
    return pd.DataFrame(cells, columns=header, dtype=object), rows


MAX_READ_PROBLEMS = 100


def read_csv_bytes(
    data: bytes, name: str, allow_empty: bool = False, limits: ImportLimits = LIMITS
) -> ReadTable:
    """Read CSV bytes (UTF-8, UTF-8 with BOM or Big5/CP950) as text cells, strictly."""
    text, encoding = _decode(data, name)
    if not text.strip():
        raise ReadError([_problem(name, "file_empty")])
    del data
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    del text
    bounds = _Bounds(name, limits)
    header: list[str] | None = None
    header_line = 1

    def body() -> Iterator[tuple[int, list[object]]]:
        for values in rows:
            if any(v.strip() for v in values):
                bounds.row(len(values), reader.line_num)
                yield reader.line_num, list(values)

    rows = _csv_rows(reader, name)
    for values in rows:
        if any(v.strip() for v in values):
            header = [v.strip().lstrip("\ufeff") for v in values]
            header_line = reader.line_num
            bounds.columns(len(header), header_line)
            break
    if header is None:
        raise ReadError([_problem(name, "file_empty")])
    frame, lines = _table(name, header, body(), header_line, allow_empty)
    return ReadTable(frame, lines, "line", header_line, encoding)


def _csv_rows(reader: CsvReader, name: str) -> Iterator[list[str]]:
    """The reader's rows; a malformed line is refused with its line number."""
    try:
        yield from reader
    except csv.Error as err:
        line = reader.line_num
        raise ReadError([_problem(name, "bad_csv", line=line, error=str(err))]) from None


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


def _check_zip(archive: zipfile.ZipFile, name: str, limits: ImportLimits) -> None:
    """Refuse a zip bomb from the directory alone: unpacked sizes and compression ratios.

    Python's zipfile never unpacks more than a member's declared size, so
    the declared sizes bound what openpyxl can read.
    """
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise ReadError([_problem(name, "zip_members", found=len(members))])
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_ratio:
            raise ReadError(
                [_problem(name, "zip_ratio", member=member.filename, ratio=f"{ratio:,.0f}")]
            )
    if total > limits.max_unpacked_bytes:
        raise ReadError(
            [
                _problem(
                    name,
                    "zip_unpacked",
                    size=f"{total / 2**20:,.0f}",
                    limit=f"{limits.max_unpacked_bytes / 2**20:,.0f}",
                )
            ]
        )


def _column_number(ref: str) -> int:
    number = 0
    for char in ref:
        if not char.isalpha():
            break
        number = number * 26 + ord(char.upper()) - 64
    return number


def _survey_sheet(
    archive: zipfile.ZipFile, path: str, bounds: _Bounds
) -> tuple[int, list[tuple[str, int, int]]]:
    """One streaming pass over a sheet's XML before its values are read.

    Counts rows, columns and cells against the bounds and collects the merged
    ranges (read-only openpyxl does not report them) as ``(range, first row,
    last row)``; returns the widest row's width and the merged ranges.
    """
    width = 0
    merged: list[tuple[str, int, int]] = []
    row_number = 0
    header_seen = False
    with archive.open(path) as stream:
        for _event, element in ET.iterparse(stream, events=("end",)):
            tag = element.tag
            if tag == f"{SHEET_NS}row":
                row_number = int(element.get("r") or row_number + 1)
                column = last = 0
                for cell in element.iter(f"{SHEET_NS}c"):
                    ref = cell.get("r")
                    column = _column_number(ref) if ref else column + 1
                    if len(cell):  # a value, a formula or inline text
                        last = column
                if last and header_seen:
                    bounds.row(last, row_number)
                elif last:
                    bounds.columns(last, row_number)
                    header_seen = True
                width = max(width, last)
                element.clear()
            elif tag == f"{SHEET_NS}mergeCell":
                ref = element.get("ref", "")
                first, _, end = ref.partition(":")
                top = int("".join(c for c in first if c.isdigit()) or 0)
                bottom = int("".join(c for c in (end or first) if c.isdigit()) or 0)
                merged.append((ref, top, bottom))
    return width, merged


def read_xlsx_bytes(
    data: bytes | BinaryIO, name: str, allow_empty: bool = False, limits: ImportLimits = LIMITS
) -> ReadTable:
    """Read the table's sheet (or the first sheet) of an .xlsx file as text cells.

    The zip directory is checked first, then the sheet's XML is surveyed in
    one streaming pass (bounds, merged header cells), then its values are
    read with openpyxl in read-only mode.
    """
    from openpyxl import load_workbook

    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ReadError([_problem(name, "not_excel")]) from None
    with archive:
        _check_zip(archive, name, limits)
        try:
            book = load_workbook(stream, read_only=True, data_only=True)
        except ReadError:
            raise
        except Exception as err:  # any damage: a file from outside, never a bug of ours
            LOG.info("unreadable .xlsx %s: %r", name, err)
            raise ReadError([_problem(name, _damage_code(err))]) from None
        try:
            return _read_sheet(archive, book, name, allow_empty, limits)
        except ReadError:
            raise
        except Exception as err:
            LOG.info("unreadable sheet in .xlsx %s: %r", name, err)
            raise ReadError([_problem(name, _damage_code(err))]) from None
        finally:
            book.close()


def _damage_code(err: Exception) -> str:
    """``bad_xml`` when a part of the file is not well-formed XML, else ``not_excel``."""
    names = {type(err).__name__, type(err).__module__}
    xml_error = isinstance(err, ET.ParseError) or "XMLSyntaxError" in names
    return "bad_xml" if xml_error else "not_excel"


def _read_sheet(
    archive: zipfile.ZipFile, book, name: str, allow_empty: bool, limits: ImportLimits
) -> ReadTable:
    sheet = book[name] if name in book.sheetnames else book.worksheets[0]
    bounds = _Bounds(name, limits)
    width, merged = _survey_sheet(archive, sheet._worksheet_path, bounds)
    bounds.check_time()
    reading = _Bounds(name, limits)  # counted again while reading, in case the survey missed
    sheet.reset_dimensions()  # a file's own <dimension> may claim a million columns
    header: list[str] | None = None
    header_line = 1
    rows = sheet.iter_rows(max_col=max(width, 1), values_only=True)

    def body() -> Iterator[tuple[int, list[object]]]:
        for number, values in enumerate(rows, start=header_line + 1):
            cells = [_cell_text(v) for v in values]
            if any(c is not None and str(c).strip() for c in cells):
                reading.row(len(cells), number)
                yield number, cells

    for number, values in enumerate(rows, start=1):
        cells = [_cell_text(v) for v in values]
        if any(c is not None and str(c).strip() for c in cells):
            header = ["" if c is None else str(c).strip() for c in cells]
            header_line = number
            break
    if header is None:
        raise ReadError([_problem(name, "file_empty")])
    spans = [ref for ref, top, bottom in merged if top <= header_line <= bottom]
    if spans:
        raise ReadError([_problem(name, "merged_header", line=header_line, cells=", ".join(spans))])
    frame, lines = _table(name, header, body(), header_line, allow_empty)
    return ReadTable(frame, lines, "row", header_line)


def _read_limited(source: Source, name: str, limits: ImportLimits) -> bytes:
    """The file's bytes (or a seekable stream of them), refused before reading if too large.

    The size is taken from the file system or the stream's end; whatever
    the size claims, never more than the limit and one byte is read.
    """

    def too_large(size: int) -> ReadError:
        return ReadError(
            [
                _problem(
                    name,
                    "too_large_file",
                    size=f"{size / 2**20:.1f}",
                    limit=limits.max_bytes // 2**20,
                )
            ]
        )

    if isinstance(source, bytes | bytearray | memoryview):
        if len(source) > limits.max_bytes:
            raise too_large(len(source))
        return bytes(source)
    if isinstance(source, Path):
        try:
            size = source.stat().st_size
        except OSError as err:
            raise ReadError(
                [_problem(name, "unreadable", error=err.strerror or str(err))]
            ) from None
        if size > limits.max_bytes:
            raise too_large(size)
        with source.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    else:
        size = getattr(source, "size", None)
        if size is None and source.seekable():
            size = source.seek(0, io.SEEK_END)
        if size is not None and size > limits.max_bytes:
            raise too_large(size)
        if source.seekable():
            source.seek(0)
        data = source.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise too_large(len(data))
    return data


def read_table_file(
    file_name: str,
    source: Source,
    name: str,
    allow_empty: bool = False,
    limits: ImportLimits = LIMITS,
) -> ReadTable:
    """Read an uploaded file by its extension: ``.csv`` or ``.xlsx``.

    ``source`` is the file's bytes, a binary stream (an upload) or a path;
    its size is checked before it is read. A file with a header and no rows
    is refused unless ``allow_empty`` (an import that replaces the whole
    table: the table is to be empty).
    """
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise ReadError([_problem(name, "unsupported_type")])
    data = _read_limited(source, name, limits)
    if suffix == ".csv":
        return read_csv_bytes(data, name, allow_empty, limits)
    return read_xlsx_bytes(data, name, allow_empty, limits)


def prepare_import(
    store: Store,
    city: str,
    name: str,
    file_name: str,
    source: Source,
    *,
    who: str,
    accept_corrections: bool = False,
    replace_table: bool = False,
    day: date | None = None,
    limits: ImportLimits = LIMITS,
) -> EditPlan:
    """Read, normalise and check a file for ``name``; return the plan to preview.

    ``source`` is the file's bytes, an uploaded file (a binary stream) or a
    path; it is read only after its size passed ``limits``.

    The plan lists what was normalised (``notes``), the corrections it
    proposes (``proposals``; applied only with ``accept_corrections``), the
    rows to add, change and delete, and every problem with file, line or
    row and column. Nothing is written here; :func:`safetynet.editing.plans.commit` writes.
    """
    TABLES[name]  # a KeyError names an unknown table before anything is read
    file = PurePath(file_name).name
    try:
        table = read_table_file(file_name, source, name, replace_table, limits)
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


__all__ = [
    "LIMITS",
    "ImportLimits",
    "Proposal",
    "ReadError",
    "ReadTable",
    "prepare_import",
    "read_table_file",
]
