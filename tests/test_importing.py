"""Import: real files normalised and previewed; CLI; export and re-import reproduce the store."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from datetime import date

import openpyxl
import pandas as pd
import pytest
from openpyxl import load_workbook

from safetynet import DATA_DIR, PROJECT_ROOT
from safetynet.cli import main
from safetynet.editing.exports import (
    build_csv_zip,
    build_template_csv,
    build_workbook,
    to_csv_bytes,
)
from safetynet.editing.importing import LIMITS, ImportLimits, prepare_import
from safetynet.editing.normalise import describe_notes, describe_proposal
from safetynet.editing.plans import commit, plan_table_edit
from safetynet.storage.schemas import TABLES
from safetynet.storage.store import Store

DAY = date(2024, 5, 1)
HEADER = "year,referral_type,type_zh,type_en,reporter,count,unit,unit_en\n"
ROW = "{year},domestic_violence,家庭暴力通報數,Domestic violence reports,,{count},件,reports\n"


# Imports write through the store: on SQLite and on PostgreSQL (see conftest).
pytestmark = pytest.mark.both_engines


def test_big5_file_with_roc_years_and_separators_is_normalised_and_previewed(store) -> None:
    text = (
        HEADER
        + ROW.format(year="民國107年", count='"１,900"')
        + ROW.format(year="106", count="1798 ")
    )
    plan = prepare_import(
        store, "keelung", "referrals", "通報.csv", text.encode("cp950"), who="甲", day=DAY
    )
    assert plan.ok, plan.messages("zh")
    assert plan.extra["encoding"] == "Big5 (CP950)"
    assert [c.action for c in plan.changes] == ["add"] and plan.unchanged == 1
    added = plan.changes[0].new
    assert (added["year"], added["count"], added["source"]) == (2018, 1900, "編修：甲 · 2024-05-01")
    notes = describe_notes(plan.notes, "zh")
    assert "民國年轉為西元年（+1911）：2 格（例：第 2 行 year「民國107年」→「2018」）" in notes
    assert any(n.startswith("去除千分位逗號：1 格") for n in notes)
    assert any(n.startswith("全形字元轉為半形：1 格") for n in notes)
    assert any(n.startswith("去除多餘空白：1 格") for n in notes)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp950"])
def test_each_usual_encoding_reads_the_same(store, encoding) -> None:
    text = HEADER + ROW.format(year=2018, count=1900)
    plan = prepare_import(store, "keelung", "referrals", "r.csv", text.encode(encoding), who="甲")
    assert plan.ok and plan.changes[0].new["type_zh"] == "家庭暴力通報數"


def test_percent_signs_and_tai_variants_are_normalised(store) -> None:
    frame = store.read("kaohsiung", "risk_shares").drop(columns=["source", "note"])
    frame["share_pct"] = [f"{v:g}%" for v in frame["share_pct"]]
    plan = prepare_import(store, "kaohsiung", "risk_shares", "r.csv", to_csv_bytes(frame), who="甲")
    assert plan.ok and plan.changes == () and plan.unchanged == len(frame)
    assert any(n.kind == "percent" for n in plan.notes)
    outcomes = store.read("keelung", "outcomes")
    tai = outcomes[outcomes["label_zh"].str.contains("臺")].iloc[[0]].copy()
    tai["label_zh"] = tai["label_zh"].str.replace("臺", "台")
    plan = prepare_import(store, "keelung", "outcomes", "o.csv", to_csv_bytes(tai), who="甲")
    assert plan.ok and len(plan.changes) + plan.unchanged == 1
    assert [n.kind for n in plan.notes] == ["tai"]


def test_misspelt_district_is_proposed_and_applied_only_when_confirmed(store) -> None:
    frame = store.read("kaohsiung", "districts")
    frame.loc[frame["name_zh"] == "茄萣區", "name_zh"] = "茄荳區"
    data = to_csv_bytes(frame)
    plan = prepare_import(store, "kaohsiung", "districts", "d.csv", data, who="甲")
    assert [describe_proposal(p, "zh") for p in plan.proposals] == [
        "第 27 行 name_zh：「茄荳區」→「茄萣區」"
    ]
    assert (
        len(plan.changes) == 1 and plan.changes[0].new["name_zh"] == "茄荳區"
    )  # not silently fixed
    confirmed = prepare_import(
        store, "kaohsiung", "districts", "d.csv", data, who="甲", accept_corrections=True
    )
    assert confirmed.changes == () and confirmed.unchanged == 38


def _edited_store(store: Store) -> Store:
    """A store with user changes of every kind: changed, added, deleted, formula-like text."""

    def edit(name, change):
        before = store.read_versioned("keelung", name)
        after = change(before.drop(columns=["version"]).copy())
        plan = plan_table_edit(
            "keelung", name, before, after, store.read_city("keelung"), who="甲", day=DAY
        )
        assert plan.ok, plan.messages("en")
        commit(store, plan, who="甲")

    def change_referrals(frame):
        frame.loc[0, "count"] = 1500
        frame.loc[1, "note"] = '=HYPERLINK("http://x")'
        added = frame.iloc[[0]].assign(year=2018, count=2000, note="-1 ⚠ +x", source=None)
        return pd.concat([frame.drop(index=2), added.set_axis([99])])

    edit("referrals", change_referrals)
    edit("outcomes", lambda f: f.drop(index=0))
    return store


@pytest.mark.parametrize("fmt", ["xlsx", "zip"])
def test_export_then_import_reproduces_the_store(tmp_path, store, fmt) -> None:
    _edited_store(store)
    tables = store.read_city("keelung")
    fresh = Store.open(f"sqlite:///{tmp_path / 'fresh.sqlite'}", DATA_DIR)
    if fmt == "xlsx":
        book = build_workbook(tables)
        files = dict.fromkeys(TABLES, ("all.xlsx", book))
    else:
        archive = zipfile.ZipFile(io.BytesIO(build_csv_zip(tables)))
        files = {name: (f"{name}.csv", archive.read(f"{name}.csv")) for name in TABLES}
    for name in TABLES:
        file_name, data = files[name]
        plan = prepare_import(fresh, "keelung", name, file_name, data, who="乙", replace_table=True)
        assert plan.ok, (name, plan.messages("en"))
        commit(fresh, plan, who="乙")
    for name in TABLES:
        pd.testing.assert_frame_equal(fresh.read("keelung", name), tables[name], obj=name)


def test_exported_cells_that_look_like_formulas_are_neutralised(store) -> None:
    _edited_store(store)
    book = load_workbook(io.BytesIO(build_workbook(store.read_city("keelung"))))
    notes = [c.value for c in book["referrals"]["J"] if isinstance(c.value, str)]
    assert '\'=HYPERLINK("http://x")' in notes and "'-1 ⚠ +x" in notes
    assert not any(v.startswith(("=", "+", "-", "@")) for v in notes)
    text = build_csv_zip(store.read_city("keelung"))
    csv = zipfile.ZipFile(io.BytesIO(text)).read("referrals.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in csv


def test_template_has_the_tables_columns() -> None:
    header = build_template_csv("referrals").decode("utf-8-sig").strip()
    assert header == ",".join(TABLES["referrals"].column_names)


def test_cli_import_dry_run_then_write(tmp_path, store, capsys) -> None:
    import getpass

    path = tmp_path / "r.csv"
    path.write_text(HEADER + ROW.format(year="107年", count='"1,900"'), encoding="utf-8")
    url = store.url
    args = ["import", str(path), "--table", "referrals", "--city", "keelung", "--url", url]
    before = store.content_hash()
    assert main([*args, "--dry-run"]) == 0
    assert store.content_hash() == before
    assert main([*args, "--editor", "排程", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "1 to add, 0 to change, 0 to delete, 0 unchanged." in out
    # the free-text name is recorded with the operating-system user who ran the command
    assert store.history("keelung")[0].who == f"排程 (os: {getpass.getuser()})"
    path.write_text(HEADER + ROW.format(year="2019", count="-4"), encoding="utf-8")
    before = store.content_hash()
    assert main(args) == 1
    assert "r.csv 第 2 行 count：不可為負數" in capsys.readouterr().out
    assert store.content_hash() == before


def test_cli_runs_as_a_module(tmp_path, database_url) -> None:
    path = tmp_path / "r.csv"
    path.write_text(HEADER + ROW.format(year="2019", count="x"), encoding="utf-8")
    url = database_url
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "safetynet",
            "import",
            str(path),
            "--table",
            "referrals",
            "--city",
            "keelung",
            "--url",
            url,
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "r.csv 第 2 行 count：「x」不是整數" in result.stdout


def test_cli_export_and_hash_password(tmp_path, store, capsys, monkeypatch) -> None:
    url = store.url
    target = tmp_path / "keelung.xlsx"
    assert main(["export", "--city", "keelung", "--to", str(target), "--url", url]) == 0
    assert set(load_workbook(target).sheetnames) == set(TABLES)
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    assert main(["hash-password"]) == 0
    from safetynet.auth import verify_password

    assert verify_password("correct horse", capsys.readouterr().out.strip().splitlines()[-1])


class _Upload(io.BytesIO):
    """An uploaded file as Streamlit hands it over: a stream with its size; counts reads."""

    def __init__(self, data: bytes, size: int | None = None) -> None:
        super().__init__(data)
        self.size: int | None = len(data) if size is None else size
        self.read_bytes = 0

    def read(self, n: int | None = -1) -> bytes:
        chunk = super().read(n)
        self.read_bytes += len(chunk)
        return chunk


class _HiddenSizeUpload(_Upload):
    """A stream that gives no size and cannot be seeked to its end either."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.size = None

    def seekable(self) -> bool:
        return False


def test_an_upload_over_the_limit_is_refused_before_it_is_read(store) -> None:
    upload = _Upload(b"x" * 100, size=LIMITS.max_bytes + 1)
    plan = prepare_import(store, "keelung", "referrals", "r.csv", upload, who="甲")
    assert plan.messages("zh") == ["r.csv：檔案過大（10.0 MB，上限 10 MB）"]
    assert upload.read_bytes == 0


def test_a_stream_that_hides_its_size_is_read_no_further_than_the_limit(store) -> None:
    limits = ImportLimits(max_bytes=1000)
    body = (HEADER + ROW.format(year=2018, count=1) * 100).encode()
    upload = _HiddenSizeUpload(body)
    plan = prepare_import(store, "keelung", "referrals", "r.csv", upload, who="甲", limits=limits)
    assert plan.messages("en")[0].startswith("r.csv: the file is too large")
    assert upload.read_bytes == limits.max_bytes + 1


def test_an_upload_within_the_limit_is_imported_from_its_stream(store) -> None:
    upload = _Upload((HEADER + ROW.format(year=2018, count=1900)).encode())
    plan = prepare_import(store, "keelung", "referrals", "r.csv", upload, who="甲")
    assert plan.ok and len(plan.changes) + plan.unchanged == 1


def test_cli_refuses_a_file_over_the_limit_from_its_size(tmp_path, store, capsys) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:  # sparse: the size says 11 MB, nothing needs reading
        handle.truncate(11 * 2**20)
    url = str(store.engine.url)
    code = main(["import", str(big), "--table", "referrals", "--city", "keelung", "--url", url])
    assert code != 0
    assert "big.csv：檔案過大（11.0 MB，上限 10 MB）" in capsys.readouterr().out


def test_a_sheet_that_claims_a_million_columns_reads_its_real_cells() -> None:
    """openpyxl's read-only mode trusts <dimension>; the reader does not (no 16384-wide rows)."""
    from safetynet.editing.importing import read_table_file

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(ROW.format(year=2018, count=5).strip().split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        r'<dimension ref="[^"]+"', '<dimension ref="A1:XFD1048576"', sheet_xml
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    table = read_table_file("r.xlsx", out.getvalue(), "referrals")
    assert list(table.frame.columns) == HEADER.strip().split(",")
    assert table.rows == [2] and table.frame["count"].tolist() == ["5"]


def test_reading_stops_at_the_time_bound(store) -> None:
    """Reading checks its clock every thousand rows; past the bound the file is refused."""
    body = HEADER + ROW.format(year=2018, count=1) * 1500
    limits = ImportLimits(max_seconds=0)
    plan = prepare_import(
        store, "keelung", "referrals", "r.csv", body.encode(), who="甲", limits=limits
    )
    assert plan.messages("zh") == ["r.csv 第 1001 行：讀取超過 0 秒仍未完成，已停止；請分批匯入"]
