"""Bad input is refused with file, row and column, and the store does not change at all.

Each case builds a file, imports it, and asserts the message a user would
read (zh-TW) and that a hash of the store's whole content is unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from safetynet import DATA_DIR
from safetynet.editing import commit
from safetynet.exports import to_csv_bytes
from safetynet.importing import prepare_import
from safetynet.store import Store

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


CASES = [
    # (id, city, table, file name, content, expected message, replace)
    ("empty-file", "keelung", "referrals", "r.csv", b"", "r.csv：檔案是空的"),
    ("blank-lines-only", "keelung", "referrals", "r.csv", b"\n \n,,\n", "r.csv：檔案是空的"),
    (
        "header-only",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER),
        "r.csv 第 1 行：只有標題列，沒有資料列",
    ),
    (
        "header-only-bom",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, encoding="utf-8-sig"),
        "r.csv 第 1 行：只有標題列",
    ),
    (
        "header-only-big5",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, encoding="cp950"),
        "r.csv 第 1 行：只有標題列",
    ),
    (
        "header-only-xlsx",
        "keelung",
        "referrals",
        "r.xlsx",
        xlsx(sheet_rows(HEADER)),
        "r.xlsx 第 1 列：只有標題列",
    ),
    (
        "wrong-header",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER.replace("year", "yeer"), GOOD),
        "r.csv 第 1 行 yeer：不明欄位",
    ),
    (
        "missing-column",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER.replace(",count", ""), GOOD.replace(",1900", "")),
        "r.csv 第 1 行 count：缺少必要欄位",
    ),
    (
        "chinese-headers",
        "keelung",
        "referrals",
        "r.csv",
        csv("年度,類型", "109,家暴"),
        "r.csv 第 1 行 年度：不明欄位",
    ),
    (
        "duplicated-column",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER + ",count", GOOD + ",1"),
        "r.csv 第 1 行 count：欄名重複",
    ),
    (
        "blank-column-name",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER + ",,note", GOOD + ",x,"),
        "r.csv 第 1 行 #9：標題列有空白欄名",
    ),
    (
        "one-extra-field",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, GOOD, GOOD.replace("1900", "1,900")),
        "r.csv 第 3 行：此列有 9 個欄位，標題列只有 8 個",
    ),
    (
        "one-missing-field",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, GOOD.rsplit(",", 1)[0]),
        "r.csv 第 2 行：此列有 7 個欄位",
    ),
    (
        "extra-field-xlsx",
        "keelung",
        "referrals",
        "r.xlsx",
        xlsx([*sheet_rows(HEADER, GOOD), [*GOOD.split(","), "surplus"]]),
        "r.xlsx 第 3 列：此列有 9 個欄位",
    ),
    (
        "unclosed-quote",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, referral(type_en='"Domestic')),
        "r.csv 第 2 行：CSV 格式錯誤",
    ),
    (
        "text-in-count",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, referral(count="many")),
        "r.csv 第 2 行 count：「many」不是整數",
    ),
    (
        "fraction-in-count",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, referral(count="12.5")),
        "r.csv 第 2 行 count：「12.5」不是整數",
    ),
    (
        "negative-count",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, referral(count="-3")),
        "r.csv 第 2 行 count：不可為負數",
    ),
    (
        "negative-count-xlsx",
        "keelung",
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
        "keelung",
        "referrals",
        "r.xlsx",
        xlsx(sheet_rows(HEADER, referral(count="約一千"))),
        "r.xlsx 第 2 列 count：「約一千」不是整數",
    ),
    (
        "year-1900",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, referral(year="1900")),
        "r.csv 第 2 行 year：年份 1900 不合理",
    ),
    (
        "year-2200",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, referral(year="2200")),
        "r.csv 第 2 行 year：年份 2200 不合理",
    ),
    (
        "roc-year-300",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, referral(year="民國300年")),
        "r.csv 第 2 行 year：年份 2211 不合理",
    ),
    (
        "year-in-words",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, referral(year="去年")),
        "r.csv 第 2 行 year：「去年」不是整數",
    ),
    (
        "empty-required",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, referral(type_zh="")),
        "r.csv 第 2 行 type_zh：必填，不可空白",
    ),
    (
        "duplicate-rows",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, GOOD, GOOD),
        "r.csv 第 3 行 year：與另一列重複",
    ),
    (
        "duplicate-rows-xlsx",
        "keelung",
        "referrals",
        "r.xlsx",
        xlsx(sheet_rows(HEADER, GOOD, GOOD)),
        "r.xlsx 第 3 列 year：與另一列重複",
    ),
    (
        "unknown-referral-type",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, referral(referral_type="elder_abuse")),
        "r.csv 第 2 行 referral_type：「elder_abuse」不在本市的清單中",
    ),
    (
        "bad-code-form",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER, referral(referral_type="Domestic Violence")),
        "r.csv 第 2 行 referral_type：「DomesticViolence」格式不符",
    ),
    (
        "bad-source",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER + ",source", GOOD + ",年報"),
        "r.csv 第 2 行 source：資料來源須寫成「文件 · 段落」",
    ),
    (
        "utf16-file",
        "keelung",
        "referrals",
        "r.csv",
        (HEADER + "\n" + GOOD).encode("utf-16"),
        "r.csv 第 1 行：無法以 UTF-8 或 Big5（CP950）編碼讀取",
    ),
    (
        "undecodable-bytes",
        "keelung",
        "referrals",
        "r.csv",
        csv(HEADER) + b"2018,\x80\x80,x\n",
        "r.csv 第 2 行：無法以 UTF-8 或 Big5（CP950）編碼讀取",
    ),
    (
        "excel-named-csv",
        "keelung",
        "referrals",
        "r.csv",
        xlsx(sheet_rows(HEADER, GOOD)),
        "r.csv 第 1 行：無法以 UTF-8 或 Big5（CP950）編碼讀取",
    ),
    (
        "text-named-xlsx",
        "keelung",
        "referrals",
        "r.xlsx",
        csv(HEADER, GOOD),
        "r.xlsx：不是可讀取的 Excel（.xlsx）檔",
    ),
    ("empty-xlsx", "keelung", "referrals", "r.xlsx", b"", "r.xlsx：不是可讀取的 Excel（.xlsx）檔"),
    (
        "merged-title-row",
        "keelung",
        "referrals",
        "r.xlsx",
        xlsx([["基隆市通報統計"], HEADER.split(","), GOOD.split(",")], merge="A1:H1"),
        "r.xlsx 第 1 列：標題列有合併儲存格（A1:H1）",
    ),
    (
        "merged-header-cells",
        "keelung",
        "referrals",
        "r.xlsx",
        xlsx(sheet_rows(HEADER, GOOD), merge="F1:G1"),
        "r.xlsx 第 1 列：標題列有合併儲存格（F1:G1）",
    ),
    (
        "unsupported-type",
        "keelung",
        "referrals",
        "r.txt",
        csv(HEADER, GOOD),
        "r.txt：只接受 .csv 或 .xlsx 檔",
    ),
    (
        "unknown-district",
        "kaohsiung",
        "district_centres",
        "d.csv",
        csv("town_code,centre_id", "64000999,fengshan"),
        "d.csv 第 2 行 town_code：「64000999」不在 districts 表中",
    ),
    (
        "unknown-centre",
        "kaohsiung",
        "district_centres",
        "d.csv",
        csv("town_code,centre_id", "64000120,nowhere"),
        "d.csv 第 2 行 centre_id：「nowhere」不在 centres 表中",
    ),
    (
        "seven-digit-town-code",
        "kaohsiung",
        "districts",
        "d.csv",
        csv("town_code,name_zh,name_en", "6400012,鳳山區,Fengshan District"),
        "d.csv 第 2 行 town_code：「6400012」格式不符",
    ),
    (
        "a-39th-district",
        "kaohsiung",
        "districts",
        "d.csv",
        csv("town_code,name_zh,name_en", "64000390,新區,New District"),
        "d.csv：來源文件列 38 筆，此表將有 39 筆",
    ),
    (
        "shares-sum-off",
        "kaohsiung",
        "risk_shares",
        "s.csv",
        stored("kaohsiung", "risk_shares", set_value(0, "share_pct", 50)),
        "s.csv 第 2 行 share_pct：2020 年各類比例合計 107%，應為 100%",
    ),
    (
        "share-over-100",
        "kaohsiung",
        "risk_shares",
        "s.csv",
        stored("kaohsiung", "risk_shares", set_value(0, "share_pct", "143%")),
        "s.csv 第 2 行 share_pct：「143.0」須小於或等於 100",
    ),
    (
        "unknown-agency",
        "kaohsiung",
        "staffing",
        "s.csv",
        stored("kaohsiung", "staffing", set_value(0, "agency_zh", "環保局")),
        "s.csv 第 2 行 agency_zh：「環保局」不在本市的清單中",
    ),
    (
        "unknown-period",
        "kaohsiung",
        "staffing",
        "s.csv",
        stored("kaohsiung", "staffing", set_value(0, "period", "phase9")),
        "s.csv 第 2 行 period：「phase9」不是可用的值",
    ),
    (
        "percent-indicator-over-100",
        "kaohsiung",
        "indicator_actuals",
        "a.csv",
        stored("kaohsiung", "indicator_actuals", set_value(0, "value", 120)),
        "a.csv 第 2 行 value：百分比 120 須介於 0 與 100",
    ),
    (
        "unknown-indicator",
        "kaohsiung",
        "indicator_actuals",
        "a.csv",
        stored("kaohsiung", "indicator_actuals", set_value(0, "indicator_id", "zz_99")),
        "a.csv 第 2 行 indicator_id：「zz_99」不在 indicators 表中",
    ),
    (
        "unknown-year-basis",
        "keelung",
        "outcomes",
        "o.csv",
        stored("keelung", "outcomes", set_value(0, "year_basis", "weekly")),
        "o.csv 第 2 行 year_basis：「weekly」不是可用的值",
    ),
    (
        "deleting-a-used-centre",
        "keelung",
        "centres",
        "c.csv",
        stored("keelung", "centres", lambda f: f.iloc[1:]),
        "c.csv：此次修改會使其他表出現問題：district_centres",
    ),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path: Path = tmp_path_factory.mktemp("bad") / "store.sqlite"
    return Store.open(f"sqlite:///{path}", DATA_DIR)


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(
    ("case", "city", "table", "file_name", "content", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input_is_refused_and_changes_nothing(
    store, case, city, table, file_name, content, expected
) -> None:
    data = content(store) if callable(content) else content
    replace = case == "deleting-a-used-centre"
    before = store.content_hash()
    plan = prepare_import(store, city, table, file_name, data, who="測試", replace_table=replace)
    messages = plan.messages("zh")
    assert not plan.ok
    assert any(m.startswith(expected) for m in messages), messages
    with pytest.raises(ValueError):
        commit(store, plan, who="測試")
    assert store.content_hash() == before


def test_english_messages_name_the_same_place(store) -> None:
    plan = prepare_import(
        store, "keelung", "referrals", "r.csv", csv(HEADER, referral(count="-3")), who="x"
    )
    assert plan.messages("en") == ["r.csv, line 2, column count: must not be negative"]


def _all_rows_changed(store: Store) -> list[str]:
    frame = store.read("keelung", "referrals").drop(columns=["source", "note"])
    frame["count"] = frame["count"] + 1
    return to_csv_bytes(frame).decode("utf-8-sig").splitlines()


def test_an_import_failing_at_row_k_leaves_the_store_unchanged_for_every_k(store) -> None:
    lines = _all_rows_changed(store)
    before = store.content_hash()
    for k in range(1, len(lines)):
        broken = lines.copy()
        fields = broken[k].split(",")
        fields[5] = "x"
        broken[k] = ",".join(fields)
        plan = prepare_import(store, "keelung", "referrals", "r.csv", csv(*broken), who="x")
        assert plan.messages("zh") == [f"r.csv 第 {k + 1} 行 count：「x」不是整數"]
        assert store.content_hash() == before
    good = prepare_import(store, "keelung", "referrals", "r.csv", csv(*lines), who="x")
    assert good.ok and len(good.changes) == len(lines) - 1
