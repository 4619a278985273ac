"""The case-records tab of the data page: counts for everyone, import and demo for editors."""

from __future__ import annotations

from tests.helpers import EDITORS, log_in

PAGE = "pages/data_management.py"


def kaohsiung(app_test, lang: str = "zh"):
    at = app_test(PAGE, **{"settings.city": "kaohsiung", "settings.lang": lang})
    at.secrets["editors"] = EDITORS
    return at


def texts(at) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "success")
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


def test_viewers_see_templates_and_no_write_path(app_test) -> None:
    at = kaohsiung(app_test).run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "空白範本：個案表 (CSV)" in labels and "填寫範例 (Excel)" in labels
    assert "尚無個案資料。編輯者可匯入平台匯出檔，或載入示範資料。" in texts(at)
    assert not {b.key for b in at.button} & {"cases.demo.load", "cases.import.confirm"}


def test_editor_loads_the_demo_sees_it_labelled_and_removes_it(app_test) -> None:
    at = log_in(kaohsiung(app_test, "en").run())
    at.button(key="cases.demo.load").click().run(timeout=180)
    assert not at.exception
    shown = texts(at)
    assert "Synthetic demo data loaded (not real cases)." in shown
    assert "Showing 示範資料 / synthetic data" in shown
    tables = [d.value for d in at.dataframe]
    monthly = next(t for t in tables if "Referral month" in t.columns)
    assert set(monthly["Dataset"]) == {"synthetic demo data"}
    assert monthly["Referral month"].iloc[-1] == "ROC 107-01"  # the default year style: 民國
    assert monthly["Cases"].sum() > 10_000
    log = next(t for t in tables if "Editor" in t.columns)
    assert log.iloc[0]["Editor"] == "王小明" and log.iloc[0]["Action"] == "import"
    assert not any(
        t.astype(str).apply(lambda c: c.str.contains("DEMO-")).any().any() for t in tables
    )
    at.button(key="cases.demo.remove").click().run()
    assert "Demo data removed." in texts(at)
    assert "No case data yet." in texts(at)


def test_an_editor_is_told_the_upload_limit_and_the_command_for_larger_exports(app_test) -> None:
    at = log_in(kaohsiung(app_test).run())
    assert not at.exception
    shown = texts(at)
    # the server refuses uploads over 10 MB (.streamlit/config.toml); a year's export is larger
    assert "每次上傳上限 10 MB" in shown
    assert "python -m safetynet import-cases" in shown


def test_the_workbooks_are_made_on_click_not_on_every_run(app_test, monkeypatch) -> None:
    """The template and example workbooks are handed to their buttons as callables: opening
    the tab (and every rerun) builds no workbook and reads no case twice."""
    from safetynet.cases import format as case_format
    from safetynet.cases import queries

    built, read = [], []
    original_workbook, original_datasets = case_format.workbook, queries.datasets
    monkeypatch.setattr(
        case_format, "workbook", lambda frames: built.append(frames) or original_workbook(frames)
    )
    monkeypatch.setattr(queries, "datasets", lambda *a: read.append(a) or original_datasets(*a))
    at = kaohsiung(app_test).run()
    at.run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "空白範本：個案表 (CSV)" in labels and "填寫範例 (Excel)" in labels
    assert built == []
    assert len(read) == 1  # the second run read the case store's revision only
    # what a click on the template button runs: an .xlsx (a zip) made then
    assert case_format.template_workbook()[:2] == b"PK" and len(built) == 1
