"""Bad case exports: each gets a clear message (file, lines, column) and the store stays as it was.

The store first holds a valid import, so "unchanged" is a real check: a
refused file must neither add nor remove anything, and its plan cannot be
committed. Messages never quote an identifier or a case number.
"""

# Fixtures are imported from cases_fixtures; test arguments then share their names.
# ruff: noqa: F811

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from safetynet.cases.repository import commit_case_import, prepare_case_import
from tests.cases_fixtures import (  # noqa: F401 - fixtures are used by name
    CASE_HEADER,
    MEMBER_HEADER,
    TODAY,
    assert_same_store,
    case_row,
    duck_engine,
    export_files,
    member_row,
    reference,
    snapshot,
    to_csv,
)

Files = list[tuple[str, bytes]]


def cases(*rows: dict[str, str]) -> Files:
    """An export with these case rows and one carer for each."""
    members = [member_row(r["個案編號"]) for r in rows]
    return export_files(list(rows), members)


def members(*rows: dict[str, str]) -> Files:
    """An export with the default cases A001, A002 and these member rows."""
    return export_files(None, list(rows))


def extra_column(header: str, values: list[str]) -> Files:
    rows = [case_row(f"A00{i + 1}") for i in range(len(values))]
    frame = pd.DataFrame(rows, columns=CASE_HEADER)
    frame[header] = values
    files = export_files(rows, [member_row(r["個案編號"]) for r in rows])
    return [("cases.csv", frame.to_csv(index=False).encode()), files[1]]


def replace_in(files: Files, name: str, old: bytes, new: bytes) -> Files:
    return [(n, d.replace(old, new) if n == name else d) for n, d in files]


CLOSED = {"結案日期": "110/06/01", "結案原因": "達成目標"}

# (id, files, expected words of the English message, where: file + lines + column)
BAD: list[tuple[str, Callable[[], Files], str, str]] = [
    (
        "unknown district",
        lambda: cases(case_row(行政區="信義區")),
        "not a district of this city: 信義區",
        "cases.csv, line 2, column 行政區",
    ),
    (
        "unknown centre",
        lambda: cases(case_row(社福中心="正義館")),
        "not a service centre of this city: 正義館",
        "cases.csv, line 2, column 社福中心",
    ),
    (
        "unknown risk type",
        lambda: cases(case_row(風險類型="經濟陷困、中彩券")),
        "not one of the six risk types: 中彩券",
        "cases.csv, line 2, column 風險類型",
    ),
    (
        "unknown source",
        lambda: cases(case_row(), case_row("A002", 通報來源="鄰居")),
        "not a referral source of the list: 鄰居",
        "cases.csv, line 3, column 通報來源",
    ),
    (
        "unknown close reason",
        lambda: cases(case_row(結案日期="110/06/01", 結案原因="結束")),
        "not a close reason of the list: 結束",
        "cases.csv, line 2, column 結案原因",
    ),
    (
        "unknown vulnerability level",
        lambda: cases(case_row(脆弱程度="極高")),
        "vulnerability must be 高, 中 or 低",
        "cases.csv, line 2, column 脆弱程度",
    ),
    (
        "proactive neither yes nor no",
        lambda: cases(case_row(主動發掘="可能")),
        "must be 是 or 否",
        "cases.csv, line 2, column 主動發掘",
    ),
    (
        "other city",
        lambda: cases(case_row(縣市="基隆市")),
        "the city differs from the chosen city",
        "cases.csv, line 2, column 縣市",
    ),
    (
        "referral in the future",
        lambda: cases(case_row(通報日期="116/01/05")),
        "the date is after today (2026-11-30)",
        "cases.csv, line 2, column 通報日期",
    ),
    (
        "closed in the future",
        lambda: cases(case_row(結案日期="2027-01-01", 結案原因="達成目標")),
        "the date is after today",
        "cases.csv, line 2, column 結案日期",
    ),
    (
        "closed before opened",
        lambda: cases(case_row(開案日期="110/03/10", 結案日期="110/03/08", 結案原因="遷出")),
        "closed before it was opened",
        "cases.csv, line 2, column 結案日期",
    ),
    (
        "closed before referred",
        lambda: cases(case_row(開案日期="", 結案日期="110/03/01", 結案原因="失聯")),
        "closed before it was referred",
        "cases.csv, line 2, column 結案日期",
    ),
    (
        "opened before referred",
        lambda: cases(case_row(開案日期="110/03/01")),
        "opened before it was referred",
        "cases.csv, line 2, column 開案日期",
    ),
    (
        "closed without a reason",
        lambda: cases(case_row(結案日期="110/06/01")),
        "closed (a close date is given) but no close reason",
        "cases.csv, line 2, column 結案原因",
    ),
    (
        "impossible date",
        lambda: cases(case_row(通報日期="110/02/30")),
        "is not a valid date",
        "cases.csv, line 2, column 通報日期",
    ),
    (
        "date typed decades early",
        lambda: cases(
            case_row(
                通報日期="1960-03-05",
                開案日期="",
            )
        ),
        "the date is before 1990-01-01",
        "cases.csv, line 2, column 通報日期",
    ),
    (
        "ROC and western dates mixed",
        lambda: cases(case_row("A001"), case_row("A002"), case_row("A003", 通報日期="2021-03-06")),
        "mixes ROC (2 cells) and western (1 cells) dates",
        "cases.csv, line 4, column 通報日期",
    ),
    (
        "referral date blank",
        lambda: cases(case_row(通報日期="", 開案日期="")),
        "is required but empty",
        "cases.csv, line 2, column 通報日期",
    ),
    (
        "household size not a number",
        lambda: cases(case_row(家戶人數="三")),
        "is not a whole number",
        "cases.csv, line 2, column 家戶人數",
    ),
    (
        "duplicate case ids",
        lambda: cases(case_row("A001"), case_row("a 001")),
        "the case number appears more than once",
        "cases.csv, lines 2–3, column 個案編號",
    ),
    (
        "age below 0",
        lambda: members(member_row("A001", 1, 年齡="-1"), member_row("A002")),
        "age must lie between 0 and 120",
        "case_members.csv, line 2, column 年齡",
    ),
    (
        "age above 120",
        lambda: members(member_row("A001"), member_row("A002", 1, 年齡="121")),
        "age must lie between 0 and 120",
        "case_members.csv, line 3, column 年齡",
    ),
    (
        "member of a missing case",
        lambda: members(member_row("A001"), member_row("Z999")),
        "the member's case number is not in the cases table",
        "case_members.csv, line 3, column 個案編號",
    ),
    (
        "member number twice",
        lambda: members(member_row("A001", 1), member_row("A001", 1, 角色="兒少", 年齡="5")),
        "the member number appears twice in one case",
        "case_members.csv, lines 2–3, column 成員序號",
    ),
    (
        "unknown role",
        lambda: members(member_row("A001", 1, 角色="鄰居")),
        "not a member role of the list: 鄰居",
        "case_members.csv, line 2, column 角色",
    ),
    (
        "unknown sex",
        lambda: members(member_row("A001", 1, 性別="X")),
        "sex must be 男, 女 or 不詳",
        "case_members.csv, line 2, column 性別",
    ),
    (
        "no age and no birth month",
        lambda: members(member_row("A001", 1, 年齡="")),
        "give the age or the birth year and month",
        "case_members.csv, line 2, column 年齡",
    ),
    (
        "born after the referral",
        lambda: members(member_row("A001", 1, 年齡="", 出生年月="111/01")),
        "born after the case was referred",
        "case_members.csv, line 2, column 出生年月",
    ),
    (
        "ROC and western birth months mixed",
        lambda: members(
            member_row("A001", 1, 年齡="", 出生年月="070/05"),
            member_row("A001", 2, 年齡="", 出生年月="1982-05"),
            member_row("A002", 1, 年齡="", 出生年月="040/01"),
        ),
        "mixes ROC (2 cells) and western (1 cells) dates",
        "case_members.csv, line 3, column 出生年月",
    ),
    (
        "national ID in a remarks column",
        lambda: extra_column("備註", ["", "A123456789"]),
        "holds what looks like national ID numbers",
        "cases.csv, line 3, column 備註",
    ),
    (
        "national ID as the case number",
        lambda: cases(case_row("F131104093")),
        "holds what looks like national ID numbers",
        "cases.csv, line 2, column 個案編號",
    ),
    (
        "resident certificate number",
        lambda: extra_column("證件", ["AC01234567", "A800000014"]),
        "holds what looks like resident certificate numbers",
        "cases.csv, lines 2–3, column 證件",
    ),
    (
        "a names column",
        lambda: extra_column("聯繫對象", ["王小明", "陳美玲"]),
        "looks like people's names",
        "cases.csv, lines 2–3, column 聯繫對象",
    ),
    (
        "a masked name",
        lambda: extra_column("備註", ["王○明", ""]),
        "holds partly masked names",
        "cases.csv, line 2, column 備註",
    ),
    (
        "a column headed 姓名",
        lambda: extra_column("姓名", ["", "x"]),
        "this column looks like personal identifiers",
        "cases.csv, line 3, column 姓名",
    ),
    (
        "mobile phone number",
        lambda: extra_column("備註", ["聯絡 0912-345-678", ""]),
        "holds what looks like phone numbers",
        "cases.csv, line 2, column 備註",
    ),
    (
        "landline number",
        lambda: extra_column("備註", ["", "(07)123-4567"]),
        "holds what looks like phone numbers",
        "cases.csv, line 3, column 備註",
    ),
    (
        "e-mail address",
        lambda: extra_column("備註", ["a.b@example.org", ""]),
        "holds what looks like e-mail addresses",
        "cases.csv, line 2, column 備註",
    ),
    (
        "street address",
        lambda: extra_column("備註", ["鳳山區光復路二段132號", "三民區建工路 5 巷"]),
        "holds what looks like street addresses",
        "cases.csv, lines 2–3, column 備註",
    ),
    (
        "phone number in a members column",
        lambda: members(member_row("A001", 1, 角色="0912345678")),
        "holds what looks like phone numbers",
        "case_members.csv, line 2, column 角色",
    ),
    (
        "UTF-16 file",
        lambda: [("cases.csv", to_csv([case_row()], CASE_HEADER, "utf-16")), export_files()[1]],
        "cannot read the text: the file must be a CSV in UTF-8",
        "cases.csv, line 1",
    ),
    (
        "neither UTF-8 nor Big5",
        lambda: [("cases.csv", to_csv([case_row()], CASE_HEADER, "gb18030")), export_files()[1]],
        "cannot read the text",
        "cases.csv, line 1",
    ),
    (
        "invalid bytes further down",
        lambda: replace_in(export_files(), "cases.csv", b"A002", b"\xff\xff"),
        "cannot read the text",
        "cases.csv, line 3",
    ),
    (
        "required column missing",
        lambda: replace_in(export_files(), "cases.csv", "通報日期".encode(), "日期".encode()),
        "required column is missing",
        "cases.csv, line 1, column 通報日期",
    ),
    (
        "too many fields",
        lambda: replace_in(export_files(), "cases.csv", b"3\nA002", b"3,x\nA002"),
        "the number of fields differs from the header (13 columns)",
        "cases.csv, line 2",
    ),
    ("members table missing", lambda: export_files()[:1], "the members table is missing", ""),
    (
        "not a spreadsheet",
        lambda: [("cases.xlsx", b"PK\x03\x04 not really"), export_files()[1]],
        "not a readable Excel (.xlsx) file",
        "cases.xlsx",
    ),
    (
        "a text file",
        lambda: [("cases.txt", b"x"), export_files()[1]],
        "only .csv, .xlsx or .zip files are accepted",
        "cases.txt",
    ),
]


@pytest.fixture
def filled(duck_engine, reference):
    """A store holding a valid import, and its contents."""
    plan = prepare_case_import(duck_engine, "kaohsiung", export_files(), reference, today=TODAY)
    commit_case_import(duck_engine, plan, who="王編輯")
    return duck_engine, snapshot(duck_engine)


@pytest.mark.parametrize(("build", "words", "where"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_refused_and_changes_nothing(filled, reference, build, words, where) -> None:
    engine, before = filled
    files = build()
    plan = prepare_case_import(engine, "kaohsiung", files, reference, today=TODAY)
    messages = plan.messages("en")
    assert not plan.ok
    assert any(m.startswith(where) and words in m for m in messages), messages
    assert all(m for m in plan.messages("zh"))
    with pytest.raises(ValueError, match="the plan has problems"):
        commit_case_import(engine, plan, who="王編輯")
    assert_same_store(before, snapshot(engine))
    for secret in ("A123456789", "F131104093", "0912", "王小明", "example.org", "光復路"):
        assert not any(secret in m for m in messages + plan.messages("zh"))


def test_the_chinese_message_names_file_lines_and_column(duck_engine, reference) -> None:
    plan = prepare_case_import(
        duck_engine,
        "kaohsiung",
        extra_column("電話號碼", ["", "07-1234567"]),
        reference,
        today=TODAY,
    )
    assert plan.messages("zh") == [
        "cases.csv，第 3 行，欄位「電話號碼」：此欄看來是個人識別資料（姓名、身分證號、電話、地址等）；請先刪除此欄再匯入"
    ]


def test_a_repeated_mistake_is_one_message_with_a_count(duck_engine, reference) -> None:
    rows = [case_row(f"B{i:03d}", 行政區="信義區") for i in range(40)]
    plan = prepare_case_import(duck_engine, "kaohsiung", cases(*rows), reference, today=TODAY)
    assert plan.messages("en") == [
        "cases.csv, lines 2–41, column 行政區: not a district of this city: 信義區 (1 distinct)"
    ]
    scattered = [case_row(f"B{i:03d}", 行政區="信義區" if i % 2 else "鳳山區") for i in range(40)]
    plan = prepare_case_import(duck_engine, "kaohsiung", cases(*scattered), reference, today=TODAY)
    assert plan.messages("en")[0].startswith(
        "cases.csv, lines 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25 and 8 more, column 行政區"
    )
