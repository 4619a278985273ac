"""Bad input is refused with file, row and column, and the store does not change at all.

Each case builds a file, imports it into the synthetic 測試市 of
``tests/fixture_city.py`` (the session's read-only ``town_store``), and asserts
the message a user would read (zh-TW) and that a hash of the store's whole
content is unchanged.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable, Iterator

import pytest
from openpyxl import Workbook

from safetynet.editing.exports import to_csv_bytes
from safetynet.editing.importing import LIMITS, prepare_import
from safetynet.editing.plans import commit
from safetynet.risk.types import RISK_TYPES
from safetynet.storage.store import Store
from tests import fixture_city as fc

HEADER = "year,referral_type,type_zh,type_en,reporter,count,unit,unit_en"
GOOD = "2018,domestic_violence,家庭暴力通報數,Domestic violence reports,,1900,件,reports"


def csv(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def referral(**values: str) -> str:
    fields = dict(zip(HEADER.split(","), GOOD.split(","), strict=True))
    fields.update(values)
    return ",".join(fields.values())


def xlsx(rows: list[list[object]], merge: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_rows(*lines: str) -> list[list[object]]:
    return [line.split(",") for line in lines]


Builder = Callable[[Store], bytes]


def stored(city: str, table: str, edit) -> Builder:
    """A CSV of the stored table after ``edit(frame)``, as an export re-imported."""

    def build(store: Store) -> bytes:
        return to_csv_bytes(edit(store.read(city, table).copy()))

    return build


def set_value(row: int, column: str, value):
    def edit(frame):
        frame[column] = frame[column].astype(object)
        frame.loc[row, column] = value
        return frame

    return edit


def nul_csv(line: int) -> bytes:
    """Referral lines with a NUL byte in line ``line`` (1 is the header)."""
    lines = [HEADER] + [referral(year=str(1990 + i % 100)) for i in range(line + 5)]
    lines[line - 1] = lines[line - 1].replace("件", "\x00件")
    return csv(*lines)


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """An .xlsx with some of its parts replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, replace.get(item.filename, src.read(item.filename)))
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"


def xlsx_streamed(rows: Callable[[], Iterator[bytes]], level: int = 6) -> bytes:
    """An .xlsx whose sheet XML is written piece by piece (a large sheet without openpyxl)."""
    parts = zipfile.ZipFile(io.BytesIO(xlsx(sheet_rows(HEADER))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for item in parts.infolist():
            if item.filename != SHEET:
                dst.writestr(item, parts.read(item.filename))
                continue
            with dst.open(SHEET, "w", force_zip64=True) as sheet:
                sheet.write(SHEET_START)
                for piece in rows():
                    sheet.write(piece)
                sheet.write(SHEET_END)
    return out.getvalue()


def _cells(row: int, values: list[object]) -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + i)}{row}"><v>{v}</v></c>'
        if isinstance(v, int)
        else f'<c r="{chr(65 + i)}{row}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{row}">{cells}</row>'.encode()


@functools.cache
def xlsx_rows_beyond_limit() -> bytes:
    def rows() -> Iterator[bytes]:
        yield _cells(1, HEADER.split(","))
        for row in range(2, LIMITS.max_rows + 3):
            yield _cells(row, [2018, "domestic_violence", "家", "DV", "", row, "件", "r"])

    return xlsx_streamed(rows)


@functools.cache
def xlsx_unpacking_beyond_limit() -> bytes:
    """A sheet that packs like a real one (about 1:12) but unpacks past the limit."""

    def rows() -> Iterator[bytes]:
        yield _cells(1, HEADER.split(","))
        row, size = 1, 0
        while size <= LIMITS.max_unpacked_bytes:
            row += 1
            piece = _cells(row, [2018, f"t{row * 7919 % 100003}", "家", "DV", "", row, "件", "r"])
            size += len(piece)
            yield piece

    return xlsx_streamed(rows)


@functools.cache
def xlsx_two_gb_of_zeros() -> bytes:
    """2 GB of zeros as the sheet, packed fast (level 1) into about 9.4 MB, within the size limit."""
    zeros = bytes(2**24)
    data = xlsx_streamed(lambda: iter([zeros] * 128), level=1)
    assert len(data) <= LIMITS.max_bytes
    return data


def xlsx_wide_row() -> bytes:
    return xlsx_streamed(
        lambda: iter([_cells(1, HEADER.split(",")), b'<row r="2"><c r="XFD2"><v>1</v></c></row>'])
    )


def csv_too_large() -> bytes:
    line = (GOOD + "\n").encode()
    return (HEADER + "\n").encode() + line * (LIMITS.max_bytes // len(line) + 1)


def csv_rows_beyond_limit() -> bytes:
    return (HEADER + "\n" + (GOOD + "\n") * (LIMITS.max_rows + 1)).encode()


BROKEN_XML = SHEET_START + b"<row><c><v>1</v></row>"

CITY = fc.SLUG
DECLARED = fc.CITY.districts
# the first stored risk-share row is the first official type's share in the first year
FIRST_YEAR_SHARES = sum(share for share, _next in fc.RISK_SHARES.values())
FIRST_SHARE = fc.RISK_SHARES[RISK_TYPES[0].code][0]
# the first actual of the percent indicator (rows are stored in the file's order)
PERCENT_ACTUAL = next(i for i, row in enumerate(fc.INDICATOR_ACTUALS) if row[0] == "t_visits")

CASES = [
    # (id, city, table, file name, content, expected message, replace)
    ("empty-file", CITY, "referrals", "r.csv", b"", "r.csv：檔案是空的"),
    ("blank-lines-only", CITY, "referrals", "r.csv", b"\n \n,,\n", "r.csv：檔案是空的"),
    (
        "header-only",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER),
        "r.csv 第 1 行：只有標題列，沒有資料列",
    ),
    (
        "header-only-bom",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, encoding="utf-8-sig"),
        "r.csv 第 1 行：只有標題列",
    ),
    (
        "header-only-big5",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, encoding="cp950"),
        "r.csv 第 1 行：只有標題列",
    ),
    (
        "header-only-xlsx",
        CITY,
        "referrals",
        "r.xlsx",
        xlsx(sheet_rows(HEADER)),
        "r.xlsx 第 1 列：只有標題列",
    ),
    (
        "wrong-header",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER.replace("year", "yeer"), GOOD),
        "r.csv 第 1 行 yeer：不明欄位",
    ),
    (
        "missing-column",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER.replace(",count", ""), GOOD.replace(",1900", "")),
        "r.csv 第 1 行 count：缺少必要欄位",
    ),
    (
        "chinese-headers",
        CITY,
        "referrals",
        "r.csv",
        csv("年度,類型", "109,家暴"),
        "r.csv 第 1 行 年度：不明欄位",
    ),
    (
        "duplicated-column",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER + ",count", GOOD + ",1"),
        "r.csv 第 1 行 count：欄名重複",
    ),
    (
        "blank-column-name",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER + ",,note", GOOD + ",x,"),
        "r.csv 第 1 行 #9：標題列有空白欄名",
    ),
    (
        "one-extra-field",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, GOOD, GOOD.replace("1900", "1,900")),
        "r.csv 第 3 行：此列有 9 個欄位，標題列只有 8 個",
    ),
    (
        "one-missing-field",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, GOOD.rsplit(",", 1)[0]),
        "r.csv 第 2 行：此列有 7 個欄位",
    ),
    (
        "extra-field-xlsx",
        CITY,
        "referrals",
        "r.xlsx",
        xlsx([*sheet_rows(HEADER, GOOD), [*GOOD.split(","), "surplus"]]),
        "r.xlsx 第 3 列：此列有 9 個欄位",
    ),
    (
        "unclosed-quote",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(type_en='"Domestic')),
        "r.csv 第 2 行：CSV 格式錯誤",
    ),
    (
        "text-in-count",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(count="many")),
        "r.csv 第 2 行 count：「many」不是整數",
    ),
    (
        "fraction-in-count",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(count="12.5")),
        "r.csv 第 2 行 count：「12.5」不是整數",
    ),
    (
        "negative-count",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(count="-3")),
        "r.csv 第 2 行 count：不可為負數",
    ),
    (
        "negative-count-xlsx",
        CITY,
        "referrals",
        "r.xlsx",
        xlsx(
            [
                HEADER.split(","),
                [
                    2018,
                    "domestic_violence",
                    "家庭暴力通報數",
                    "Domestic violence reports",
                    None,
                    -3,
                    "件",
                    "reports",
                ],
            ]
        ),
        "r.xlsx 第 2 列 count：不可為負數",
    ),
    (
        "text-in-count-xlsx",
        CITY,
        "referrals",
        "r.xlsx",
        xlsx(sheet_rows(HEADER, referral(count="約一千"))),
        "r.xlsx 第 2 列 count：「約一千」不是整數",
    ),
    (
        "year-1900",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(year="1900")),
        "r.csv 第 2 行 year：年份 1900 不合理",
    ),
    (
        "year-2200",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(year="2200")),
        "r.csv 第 2 行 year：年份 2200 不合理",
    ),
    (
        "roc-year-300",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(year="民國300年")),
        "r.csv 第 2 行 year：年份 2211 不合理",
    ),
    (
        "year-in-words",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(year="去年")),
        "r.csv 第 2 行 year：「去年」不是整數",
    ),
    (
        "empty-required",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(type_zh="")),
        "r.csv 第 2 行 type_zh：必填，不可空白",
    ),
    (
        "duplicate-rows",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, GOOD, GOOD),
        "r.csv 第 3 行 year：與另一列重複",
    ),
    (
        "duplicate-rows-xlsx",
        CITY,
        "referrals",
        "r.xlsx",
        xlsx(sheet_rows(HEADER, GOOD, GOOD)),
        "r.xlsx 第 3 列 year：與另一列重複",
    ),
    (
        "unknown-referral-type",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(referral_type="elder_abuse")),
        "r.csv 第 2 行 referral_type：「elder_abuse」不在本市的清單中",
    ),
    (
        "bad-code-form",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(referral_type="Domestic Violence")),
        "r.csv 第 2 行 referral_type：「DomesticViolence」格式不符",
    ),
    (
        "bad-source",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER + ",source", GOOD + ",年報"),
        "r.csv 第 2 行 source：資料來源須寫成「文件 · 段落」",
    ),
    (
        "utf16-file",
        CITY,
        "referrals",
        "r.csv",
        (HEADER + "\n" + GOOD).encode("utf-16"),
        "r.csv 第 1 行：無法以 UTF-8 或 Big5（CP950）編碼讀取",
    ),
    (
        "undecodable-bytes",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER) + b"2018,\x80\x80,x\n",
        "r.csv 第 2 行：無法以 UTF-8 或 Big5（CP950）編碼讀取",
    ),
    (
        "excel-named-csv",
        CITY,
        "referrals",
        "r.csv",
        xlsx(sheet_rows(HEADER, GOOD)),
        "r.csv 第 1 行：無法以 UTF-8 或 Big5（CP950）編碼讀取",
    ),
    (
        "text-named-xlsx",
        CITY,
        "referrals",
        "r.xlsx",
        csv(HEADER, GOOD),
        "r.xlsx：不是可讀取的 Excel（.xlsx）檔",
    ),
    ("empty-xlsx", CITY, "referrals", "r.xlsx", b"", "r.xlsx：不是可讀取的 Excel（.xlsx）檔"),
    (
        "merged-title-row",
        CITY,
        "referrals",
        "r.xlsx",
        xlsx([["測試市通報統計"], HEADER.split(","), GOOD.split(",")], merge="A1:H1"),
        "r.xlsx 第 1 列：標題列有合併儲存格（A1:H1）",
    ),
    (
        "merged-header-cells",
        CITY,
        "referrals",
        "r.xlsx",
        xlsx(sheet_rows(HEADER, GOOD), merge="F1:G1"),
        "r.xlsx 第 1 列：標題列有合併儲存格（F1:G1）",
    ),
    (
        "unsupported-type",
        CITY,
        "referrals",
        "r.txt",
        csv(HEADER, GOOD),
        "r.txt：只接受 .csv 或 .xlsx 檔",
    ),
    (
        "unknown-district",
        CITY,
        "district_centres",
        "d.csv",
        csv("town_code,centre_id", "99000999,east"),
        "d.csv 第 2 行 town_code：「99000999」不在 districts 表中",
    ),
    (
        "unknown-centre",
        CITY,
        "district_centres",
        "d.csv",
        csv("town_code,centre_id", "99000010,nowhere"),
        "d.csv 第 2 行 centre_id：「nowhere」不在 centres 表中",
    ),
    (
        "seven-digit-town-code",
        CITY,
        "districts",
        "d.csv",
        csv("town_code,name_zh,name_en", "9900001,甲區,Jia District"),
        "d.csv 第 2 行 town_code：「9900001」格式不符",
    ),
    (
        "one-district-more-than-declared",
        CITY,
        "districts",
        "d.csv",
        csv("town_code,name_zh,name_en", "99000050,戊區,Wu District"),
        f"d.csv：來源文件列 {DECLARED} 筆，此表將有 {DECLARED + 1} 筆",
    ),
    (
        "shares-sum-off",
        CITY,
        "risk_shares",
        "s.csv",
        stored(CITY, "risk_shares", set_value(0, "share_pct", 50)),
        f"s.csv 第 2 行 share_pct：2019 年各類比例合計 {FIRST_YEAR_SHARES - FIRST_SHARE + 50}%，應為 100%",
    ),
    (
        "share-over-100",
        CITY,
        "risk_shares",
        "s.csv",
        stored(CITY, "risk_shares", set_value(0, "share_pct", "143%")),
        "s.csv 第 2 行 share_pct：「143.0」須小於或等於 100",
    ),
    (
        "unknown-agency",
        CITY,
        "staffing",
        "s.csv",
        stored(CITY, "staffing", set_value(0, "agency_zh", "環保局")),
        "s.csv 第 2 行 agency_zh：「環保局」不在本市的清單中",
    ),
    (
        "unknown-period",
        CITY,
        "staffing",
        "s.csv",
        stored(CITY, "staffing", set_value(0, "period", "phase9")),
        "s.csv 第 2 行 period：第 9 期不在 phases（計畫期程）表中；請先匯入該期程",
    ),
    (
        "percent-indicator-over-100",
        CITY,
        "indicator_actuals",
        "a.csv",
        stored(CITY, "indicator_actuals", set_value(PERCENT_ACTUAL, "value", 120)),
        f"a.csv 第 {PERCENT_ACTUAL + 2} 行 value：百分比 120 須介於 0 與 100",
    ),
    (
        "unknown-indicator",
        CITY,
        "indicator_actuals",
        "a.csv",
        stored(CITY, "indicator_actuals", set_value(0, "indicator_id", "zz_99")),
        "a.csv 第 2 行 indicator_id：「zz_99」不在 indicators 表中",
    ),
    (
        "unknown-year-basis",
        CITY,
        "outcomes",
        "o.csv",
        stored(CITY, "outcomes", set_value(0, "year_basis", "weekly")),
        "o.csv 第 2 行 year_basis：「weekly」不是可用的值",
    ),
    (
        "nul-byte-after-the-first-4-kb",
        CITY,
        "referrals",
        "r.csv",
        nul_csv(90),
        "r.csv 第 90 行：無法以 UTF-8 或 Big5（CP950）編碼讀取：此行含有 NUL 字元（0x00）",
    ),
    (
        "nul-byte-early-names-its-line",
        CITY,
        "referrals",
        "r.csv",
        nul_csv(3),
        "r.csv 第 3 行：無法以 UTF-8 或 Big5（CP950）編碼讀取：此行含有 NUL 字元",
    ),
    (
        "inf-in-a-float-column",
        CITY,
        "outcomes",
        "o.csv",
        stored(CITY, "outcomes", set_value(0, "value", "inf")),
        "o.csv 第 2 行 value：「inf」不是有限的數字（不接受無限大或 NaN）",
    ),
    (
        "minus-inf-in-a-float-column",
        CITY,
        "outcomes",
        "o.csv",
        stored(CITY, "outcomes", set_value(1, "value", "-inf")),
        "o.csv 第 3 行 value：「-inf」不是有限的數字",
    ),
    (
        "nan-as-text-in-a-float-column",
        CITY,
        "outcomes",
        "o.csv",
        stored(CITY, "outcomes", set_value(0, "value", "nan")),
        "o.csv 第 2 行 value：「nan」不是有限的數字",
    ),
    (
        "nan-in-an-optional-float-column",
        CITY,
        "indicators",
        "i.csv",
        stored(CITY, "indicators", set_value(0, "baseline", "NaN")),
        "i.csv 第 2 行 baseline：「NaN」不是有限的數字",
    ),
    (
        "1e309-in-a-float-column",
        CITY,
        "outcomes",
        "o.csv",
        stored(CITY, "outcomes", set_value(0, "value", "1e309")),
        "o.csv 第 2 行 value：「1e309」不是有限的數字",
    ),
    (
        "1e309-in-a-float-column-xlsx",
        CITY,
        "referrals",
        "r.xlsx",
        xlsx(sheet_rows(HEADER, referral(count="1e309"))),
        "r.xlsx 第 2 列 count：「1e309」不是整數",
    ),
    (
        "1e309-in-an-int-column",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(count="1e309")),
        "r.csv 第 2 行 count：「1e309」不是整數",
    ),
    (
        "inf-in-an-int-column",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(count="inf")),
        "r.csv 第 2 行 count：「inf」不是整數",
    ),
    (
        "int-beyond-the-store",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(count="3000000000")),
        "r.csv 第 2 行 count：「3000000000」超出可儲存的整數範圍（±2,147,483,647）",
    ),
    (
        "digits-split-by-a-space",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(count="1 234")),
        "r.csv 第 2 行 count：「1 234」不是整數",
    ),
    (
        "digits-split-by-a-full-width-space",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(count="1　234")),
        "r.csv 第 2 行 count：「1 234」不是整數",
    ),
    (
        "arabic-indic-digits",
        CITY,
        "referrals",
        "r.csv",
        csv(HEADER, referral(count="١٢")),
        "r.csv 第 2 行 count：「١٢」不是整數",
    ),
    (
        "bidi-override-in-a-centre-name",
        CITY,
        "centres",
        "c.csv",
        stored(CITY, "centres", set_value(0, "name_zh", "東區\u202e心中")),
        "c.csv 第 2 行 name_zh：含有看不見的控制字元 U+202E",
    ),
    (
        "bidi-isolates-in-a-precinct-name",
        CITY,
        "precincts",
        "p.csv",
        stored(CITY, "precincts", set_value(2, "name_en", "\u2067Third\u2069 Precinct")),
        "p.csv 第 4 行 name_en：含有看不見的控制字元 U+2067 U+2069",
    ),
    (
        "zero-width-space-in-a-district-name",
        CITY,
        "districts",
        "d.csv",
        stored(CITY, "districts", set_value(0, "name_zh", "甲\u200b區")),
        "d.csv 第 2 行 name_zh：含有看不見的控制字元 U+200B",
    ),
    (
        "control-character-in-an-agency",
        CITY,
        "staffing",
        "s.csv",
        stored(CITY, "staffing", set_value(0, "agency_en", "Social\x1bAffairs")),
        "s.csv 第 2 行 agency_en：含有看不見的控制字元 U+001B",
    ),
    (
        "malformed-sheet-xml",
        CITY,
        "referrals",
        "r.xlsx",
        rezip(xlsx(sheet_rows(HEADER, GOOD)), {SHEET: BROKEN_XML}),
        "r.xlsx：不是可讀取的 Excel（.xlsx）檔：檔案內的 XML 已損壞",
    ),
    (
        "malformed-workbook-xml",
        CITY,
        "referrals",
        "r.xlsx",
        rezip(xlsx(sheet_rows(HEADER, GOOD)), {"xl/workbook.xml": b"<workbook><sheets>"}),
        "r.xlsx：不是可讀取的 Excel（.xlsx）檔：檔案內的 XML 已損壞",
    ),
    (
        "csv-over-the-size-limit",
        CITY,
        "referrals",
        "r.csv",
        lambda _store: csv_too_large(),
        "r.csv：檔案過大（10.0 MB，上限 10 MB）",
    ),
    (
        "csv-rows-beyond-the-limit",
        CITY,
        "referrals",
        "r.csv",
        lambda _store: csv_rows_beyond_limit(),
        f"r.csv 第 {LIMITS.max_rows + 2} 行：資料列超過上限 {LIMITS.max_rows:,} 列，未匯入",
    ),
    (
        "csv-columns-beyond-the-limit",
        CITY,
        "referrals",
        "r.csv",
        csv(",".join(f"c{i}" for i in range(LIMITS.max_columns + 1)), "1"),
        f"r.csv 第 1 行：此列有 {LIMITS.max_columns + 1} 欄，超過上限 {LIMITS.max_columns} 欄",
    ),
    (
        "xlsx-rows-beyond-the-limit",
        CITY,
        "referrals",
        "r.xlsx",
        lambda _store: xlsx_rows_beyond_limit(),
        f"r.xlsx 第 {LIMITS.max_rows + 2} 列：資料列超過上限 {LIMITS.max_rows:,} 列",
    ),
    (
        "xlsx-a-cell-in-the-last-column",
        CITY,
        "referrals",
        "r.xlsx",
        lambda _store: xlsx_wide_row(),
        f"r.xlsx 第 2 列：此列有 16384 欄，超過上限 {LIMITS.max_columns} 欄",
    ),
    (
        "xlsx-unpacking-beyond-the-limit",
        CITY,
        "referrals",
        "r.xlsx",
        lambda _store: xlsx_unpacking_beyond_limit(),
        "r.xlsx：Excel 檔解壓縮後有 ",
    ),
    (
        "xlsx-zip-bomb-2-gb-of-zeros",
        CITY,
        "referrals",
        "r.xlsx",
        lambda _store: xlsx_two_gb_of_zeros(),
        f"r.xlsx：不是可讀取的 Excel（.xlsx）檔：{SHEET} 的壓縮比 ",
    ),
    (
        "deleting-a-used-centre",
        CITY,
        "centres",
        "c.csv",
        stored(CITY, "centres", lambda f: f.iloc[1:]),
        "c.csv：此次修改會使其他表出現問題：district_centres",
    ),
]


@pytest.mark.parametrize(
    ("case", "city", "table", "file_name", "content", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input_is_refused_and_changes_nothing(
    town_store, case, city, table, file_name, content, expected
) -> None:
    data = content(town_store) if callable(content) else content
    replace = case == "deleting-a-used-centre"
    before = town_store.content_hash()
    plan = prepare_import(
        town_store, city, table, file_name, data, who="測試", replace_table=replace
    )
    messages = plan.messages("zh")
    assert not plan.ok
    assert any(m.startswith(expected) for m in messages), messages
    with pytest.raises(ValueError, match="plan with problems"):
        commit(town_store, plan, who="測試")
    assert town_store.content_hash() == before


def test_english_messages_name_the_same_place(town_store) -> None:
    plan = prepare_import(
        town_store, CITY, "referrals", "r.csv", csv(HEADER, referral(count="-3")), who="x"
    )
    assert plan.messages("en") == ["r.csv, line 2, column count: must not be negative"]


def _all_rows_changed(store: Store) -> list[str]:
    frame = store.read(CITY, "referrals").drop(columns=["source", "note"])
    frame["count"] = frame["count"] + 1
    return to_csv_bytes(frame).decode("utf-8-sig").splitlines()


def test_an_import_failing_at_row_k_leaves_the_store_unchanged_for_every_k(town_store) -> None:
    lines = _all_rows_changed(town_store)
    assert len(lines) == len(fc.REFERRALS) + 1  # the header and every row
    count = lines[0].split(",").index("count")
    before = town_store.content_hash()
    for k in range(1, len(lines)):
        broken = lines.copy()
        fields = broken[k].split(",")
        fields[count] = "x"
        broken[k] = ",".join(fields)
        plan = prepare_import(town_store, CITY, "referrals", "r.csv", csv(*broken), who="x")
        assert plan.messages("zh") == [f"r.csv 第 {k + 1} 行 count：「x」不是整數"]
        assert town_store.content_hash() == before
    good = prepare_import(town_store, CITY, "referrals", "r.csv", csv(*lines), who="x")
    assert good.ok and len(good.changes) == len(lines) - 1
