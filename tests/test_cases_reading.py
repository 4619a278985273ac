"""Reading exports as the platform writes them: encodings, ROC dates, full-width digits, 台/臺, files."""

# Fixtures are imported from cases_fixtures; test arguments then share their names.
# ruff: noqa: F811

from __future__ import annotations

import io
import zipfile
from datetime import date

import pandas as pd
import pytest

from safetynet.cases import queries as q
from safetynet.cases.format import (
    CASES,
    MEMBERS,
    example_files,
    example_workbook,
    template_csv,
    template_frame,
    template_workbook,
)
from safetynet.cases.parsing import Reference, parse_export
from safetynet.cases.reading import read_export
from safetynet.cases.repository import commit_case_import, prepare_case_import
from tests.cases_fixtures import (  # noqa: F401 - fixtures are used by name
    CASE_HEADER,
    MEMBER_HEADER,
    TODAY,
    case_row,
    duck_engine,
    export_files,
    member_row,
    reference,
    to_csv,
)


def parsed(files, ref):
    tables = read_export(files)
    result = parse_export(tables, ref, TODAY)
    assert result.problems == []
    return result


@pytest.mark.parametrize(
    "written",
    ["110/03/05", "110.03.05", "110-03-05", "1100305", "110年3月5日", "民國110年03月05日",
     "2021/03/05", "2021-03-05", "20210305", "2021/3/5", "２０２１－０３－０５", "１１０/０３/０５"],
)  # fmt: skip
def test_every_date_style_of_the_platform_reads_as_the_same_day(written, reference) -> None:
    files = export_files([case_row(通報日期=written, 開案日期="")], [member_row()])
    result = parsed(files, reference)
    assert result.cases["referral_date"].iloc[0] == pd.Timestamp(2021, 3, 5)


@pytest.mark.parametrize(
    ("written", "age"),
    [("099/05", 10), ("99/05", 10), ("09905", 10), ("2010-05", 10), ("201005", 10),
     ("099/03/20", 11), ("099/04", 10), ("099/02", 11)],
)  # fmt: skip
def test_birth_month_gives_the_age_at_referral(written, age, reference) -> None:
    # Referred 2021-03-05: born 2010-05 → 10 (birthday month not reached), 2010-03 → 11.
    files = export_files([case_row()], [member_row(年齡="", 出生年月=written)])
    assert parsed(files, reference).members["age"].iloc[0] == age


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "big5", "cp950"])
def test_utf8_with_or_without_bom_and_big5_read_alike(encoding, reference) -> None:
    files = export_files(encoding=encoding)
    tables = read_export(files)
    assert tables[CASES].frame["district"].tolist() == ["鳳山區", "林園區"]
    expected = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "big5": "Big5 (CP950)"}
    assert tables[CASES].encoding == expected.get(encoding, "Big5 (CP950)")


def test_full_width_digits_spaces_and_short_names_are_understood(reference) -> None:
    row = case_row(
        行政區=" 鳳山 ",
        社福中心="五甲",
        家戶人數="４人",
        通報來源="醫療",
        風險類型="兒少發展；身障",
        主動發掘="Y",
        脆弱程度="高度",
    )
    result = parsed(export_files([row], [member_row(年齡="４０歲", 性別="F")]), reference)
    case = result.cases.iloc[0]
    assert (case["district_code"], case["centre_id"], case["household_size"]) == (
        "64000120",
        "wujia",
        4,
    )
    assert (case["referral_source"], case["proactive"], case["vulnerability"]) == (
        "health",
        True,
        "high",
    )
    assert result.risks["risk_type"].tolist() == ["child_development", "disability_illness"]
    assert case["main_risk_type"] == "child_development"
    assert result.members.iloc[0][["age", "sex"]].tolist() == [40, "F"]


def test_tai_and_tai_are_one_character() -> None:
    districts = pd.DataFrame({"town_code": ["1"], "name_zh": ["臺東區"], "name_en": ["Taidong"]})
    centres = pd.DataFrame({"centre_id": ["c"], "name_zh": ["台東中心"], "name_en": ["C"]})
    ref = Reference.from_tables("x", ("臺中市",), districts, centres)
    row = case_row(縣市="台中市", 行政區="台東區", 社福中心="臺東中心")
    result = parsed(export_files([row], [member_row()]), ref)
    assert result.cases[["district_code", "centre_id"]].iloc[0].tolist() == ["1", "c"]


def test_english_headers_and_extra_columns_are_accepted(reference) -> None:
    frame = pd.DataFrame([case_row()], columns=CASE_HEADER)
    frame.columns = ["case_id", "city", "district", "centre", "referral_date", "referral_source",
                     "opened_date", "closed_date", "close_reason", "risk_types", "vulnerability",
                     "proactive", "household_size"]  # fmt: skip
    frame["內部備註"] = "已訪視"
    files = [("cases.csv", frame.to_csv(index=False).encode()), export_files()[1]]
    tables = read_export(files)
    assert tables[CASES].extra == ["內部備註"]
    assert "內部備註" not in parse_export(tables, reference, TODAY).cases.columns


def test_line_numbers_stay_exact_with_blank_lines_and_quoted_line_breaks(reference) -> None:
    text = to_csv([case_row("A001"), case_row("A002")], CASE_HEADER).decode()
    lines = text.split("\n")
    body = "\n".join([lines[0], "", lines[1], '"A003",' + ",".join(['"x\ny"'] * 12), lines[2], ""])
    tables = read_export([("cases.csv", body.encode()), export_files()[1]])
    assert tables[CASES].lines.tolist() == [3, 4, 17]  # A003 spans lines 4–16


def test_trailing_empty_fields_of_a_spreadsheet_are_not_a_problem(reference) -> None:
    text = to_csv([case_row()], CASE_HEADER).decode().replace("\n", ",,\n")
    tables = read_export([("cases.csv", text.encode()), export_files()[1]])
    assert len(tables[CASES].frame) == 1


def test_one_workbook_with_both_sheets_and_excel_date_cells(duck_engine, reference) -> None:
    cases = pd.DataFrame([case_row("A001"), case_row("A002")], columns=CASE_HEADER)
    cases["通報日期"] = [pd.Timestamp(2021, 3, 5), pd.Timestamp(2021, 4, 1)]
    cases["開案日期"] = [pd.Timestamp(2021, 3, 6), pd.Timestamp(2021, 4, 2)]
    members = pd.DataFrame([member_row("A001"), member_row("A002")], columns=MEMBER_HEADER)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        cases.to_excel(writer, sheet_name="個案", index=False)
        members.to_excel(writer, sheet_name="成員", index=False)
    plan = prepare_case_import(
        duck_engine, "kaohsiung", [("export.xlsx", buffer.getvalue())], reference, today=TODAY
    )
    assert plan.ok, plan.messages("en")
    assert plan.total("cases_added") == 2 and plan.period == (date(2021, 3, 1), date(2021, 4, 30))


def test_a_zip_of_the_two_csv_files(duck_engine, reference) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in export_files():
            archive.writestr(f"export/{name}", data)
    plan = prepare_case_import(
        duck_engine, "kaohsiung", [("export.zip", buffer.getvalue())], reference, today=TODAY
    )
    assert plan.ok and plan.total("members_added") == 3


def test_shipped_templates_are_the_format_and_the_example_imports(duck_engine, reference) -> None:
    for table in (CASES, MEMBERS):
        header = template_csv(table).decode("utf-8-sig").strip().split(",")
        assert header == list(template_frame(table).columns)
    plan = prepare_case_import(duck_engine, "kaohsiung", example_files(), reference, today=TODAY)
    assert plan.ok, plan.messages("en")
    commit_case_import(duck_engine, plan, who="t")
    assert q.count_cases(duck_engine, "kaohsiung", "real", [])["cases"].item() == 5
    again = prepare_case_import(
        duck_engine, "kaohsiung", [("example.xlsx", example_workbook())], reference, today=TODAY
    )
    assert again.ok and not again.changes_anything  # the workbook holds the same export
    plan = prepare_case_import(
        duck_engine, "kaohsiung", [("t.xlsx", template_workbook())], reference, today=TODAY
    )
    assert [p.code for p in plan.problems] == ["no_rows"]
