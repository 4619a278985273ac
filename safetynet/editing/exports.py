"""Files users download: CSV tables that open correctly in Excel on a Taiwanese PC,
one city's whole store as a workbook or a zip of CSV files, and blank templates.

Text cells that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-`` or ``@``) are written with a leading ``'``; the importer takes it
off again (:mod:`safetynet.editing.normalise`), so an export re-imports exactly.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

import pandas as pd

from safetynet.storage.schemas import TABLES

# Excel reads a BOM-less UTF-8 CSV as the local code page (Big5 on zh-TW
# Windows) and garbles Chinese; the BOM makes it read UTF-8.
CSV_ENCODING = "utf-8-sig"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV bytes, UTF-8 with BOM, no index, empty cells for missing values."""
    return neutralise(frame).to_csv(index=False).encode(CSV_ENCODING)


def neutralise_text(value: object) -> object:
    """A text cell a spreadsheet would treat as a formula, made plain text with a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell made safe to open in a spreadsheet."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise_text)
    return frame


def _sheet_value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def build_workbook(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx with a sheet per table (named as the table), header in row 1."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name, frame in tables.items():
        sheet = book.create_sheet(title=name[:31])
        safe = neutralise(frame)
        sheet.append(list(safe.columns))
        for row in safe.itertuples(index=False):
            sheet.append([_sheet_value(v) for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_csv_zip(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """A zip with ``<table>.csv`` per table, each as :func:`to_csv_bytes` writes it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in tables.items():
            archive.writestr(f"{name}.csv", to_csv_bytes(frame))
    return buffer.getvalue()


def template_frame(name: str) -> pd.DataFrame:
    """An empty table with the columns an import of ``name`` expects."""
    return pd.DataFrame(columns=TABLES[name].column_names)


def build_template_csv(name: str) -> bytes:
    return to_csv_bytes(template_frame(name))


def build_template_xlsx(name: str) -> bytes:
    return build_workbook({name: template_frame(name)})
