"""The data management page: viewers cannot write; editors edit, save, see the audit and revert."""

from __future__ import annotations

import re

import pytest

from safetynet.storage.schemas import TABLES
from safetynet.storage.store import Store
from tests.helpers import EDITORS, log_in

# The data page writes and reads the store: on SQLite and on PostgreSQL (see conftest).
pytestmark = pytest.mark.both_engines

PAGE = "pages/data_management.py"


def keelung(app_test, **state):
    at = app_test(PAGE, **{"settings.city": "keelung", "data.table": "referrals", **state})
    at.secrets["editors"] = EDITORS
    return at


def test_a_viewer_reaches_no_write_path(app_test) -> None:
    at = keelung(app_test).run()
    assert not at.exception
    assert len(at.data_editor) == 0
    assert len(at.get("file_uploader")) == 0
    keys = {b.key for b in at.button}
    assert not keys & {"data.save", "data.import.confirm", "data.revert.button"}
    assert len(at.dataframe[0].value) == 24  # the table is shown read-only


def test_a_viewer_reads_long_sources_and_notes_under_the_table(app_test) -> None:
    """計畫期程's sources and notes, in full, pushed its last column off a laptop's page:
    the stored columns stay, each source or note reads as its mark (「①」), listed in full
    under the table; a table that fits keeps its sources in place."""
    at = app_test(PAGE, **{"settings.city": "kaohsiung", "data.table": "phases"}).run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert list(shown.columns) == [c.name for c in TABLES["phases"].columns]
    assert list(shown["source"]) == ["①", "②", "④"]
    assert list(shown["note"]) == ["", "③", "⑤"]  # phase 1 has no note
    listed = [m.value for m in at.markdown]
    assert "**來源與備註**" in listed
    [notes] = [m for m in listed if m.startswith("① ")]
    assert "② 資料來源：高雄市執行強化社會安全網第二期計畫報告" in notes
    assert "⑤ 全名「強化社會安全網計畫2.0」，第三期；" in notes
    assert notes.endswith("not in the two decks")  # the whole note, not cut

    at = keelung(app_test, **{"data.table": "district_centres"}).run()
    assert at.dataframe[0].value["source"].str.startswith("基隆市強化社會安全網計畫報告").all()
    assert not [m.value for m in at.markdown if m.value.startswith("① ")]


def test_wrong_password_is_refused(app_test) -> None:
    at = keelung(app_test).run()
    at.text_input(key="auth.user").input("wang")
    at.text_input(key="auth.password").input("wrong")
    at.get("form_submit_button")[0].click().run()
    assert "帳號或密碼錯誤。" in [e.value for e in at.error]
    assert len(at.data_editor) == 0


def test_failed_logins_are_counted_across_tabs(app_test, monkeypatch) -> None:
    """A new tab (a new session) does not reset the count: it is kept in the store."""
    monkeypatch.setattr("safetynet.storage.logins.FREE_FAILURES", 2)
    monkeypatch.setattr("safetynet.storage.logins.BASE_DELAY_S", 600.0)
    for _ in range(2):
        at = keelung(app_test).run()  # each a new browser tab
        at.text_input(key="auth.user").input("wang")
        at.text_input(key="auth.password").input("wrong")
        at.get("form_submit_button")[0].click().run()
        assert "帳號或密碼錯誤。" in [e.value for e in at.error]
    at = log_in(keelung(app_test).run())  # the right password, in a third tab: must wait
    [message] = [e.value for e in at.error if "秒後再試" in e.value]
    seconds = int(message.removeprefix("登入失敗次數過多，請於 ").removesuffix(" 秒後再試。"))
    assert 500 < seconds <= 600
    assert len(at.data_editor) == 0


def test_an_idle_editor_is_logged_out(app_test) -> None:
    """Streamlit keeps the session id at login; an editor's login ends after 30 idle minutes."""
    import time

    from components.auth import EDITOR_KEY, SEEN_KEY
    from safetynet.auth import Editor

    state = {EDITOR_KEY: Editor("wang", "王小明"), SEEN_KEY: time.time() - 31 * 60}
    at = keelung(app_test, **state).run()
    assert not at.exception
    assert "閒置超過 30 分鐘，已自動登出，請重新登入。" in [i.value for i in at.info]
    assert len(at.data_editor) == 0
    at = keelung(app_test, **{**state, SEEN_KEY: time.time() - 60}).run()
    assert len(at.data_editor) == 1  # active a minute ago: still an editor


def table_with(at, column: str):
    """The first shown table (not the editor) that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _editor_key(at) -> str:
    return next(e.key for e in at.data_editor)


def test_editor_makes_ten_edits_saves_sees_the_audit_and_reverts(
    app_test, tmp_database_url
) -> None:
    shipped = Store.open(tmp_database_url).read("keelung", "referrals")["count"].tolist()
    at = log_in(keelung(app_test).run())
    assert not at.exception
    assert "已登入編輯者：王小明" in [s.value for s in at.success]
    key = _editor_key(at)
    edits: dict[int, dict[str, object]] = {}
    for i in range(10):  # ten edits in a row, each a rerun, as in the browser
        edits[i] = {"count": 3000 + i}
        at.session_state[key] = {"edited_rows": dict(edits), "added_rows": [], "deleted_rows": []}
        at.run()
        assert not at.exception
    at.text_input(
        key=[k.key for k in at.text_input if k.key and k.key.startswith("data.reason")][0]
    ).input("年報更新")
    at.button(key="data.save").click().run()
    assert not at.exception
    assert "已儲存：新增 0、修改 10、刪除 0 列。" in [s.value for s in at.success]
    store = Store.open(tmp_database_url)
    counts = store.read("keelung", "referrals")["count"].tolist()
    assert counts[:10] == [3000 + i for i in range(10)]
    # the history tab lists the ten changes with the editor's name and reason
    history = table_with(at, "修改者")
    assert len(history) == 10
    assert set(history["修改者"]) == {"王小明"} and set(history["原因"]) == {"年報更新"}
    # times read as the bureau's clock (Taipei), not UTC ISO
    assert all(
        re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", at_) for at_ in history["時間（臺北）"]
    )
    # the revert picker starts at the newest change, and reverting it needs no other choice
    newest = int(history["編號"].max())
    assert int(history["編號"].iloc[0]) == newest
    picker = next(s for s in at.selectbox if s.key.startswith("data.revert.pick.keelung.referrals"))
    assert picker.value == newest
    assert picker.options[0].startswith(f"第 {newest} 筆")
    at.button(key="data.revert.button").click().run()
    assert not at.exception
    assert any(s.value.startswith("已還原第") for s in at.success)
    counts = Store.open(tmp_database_url).read("keelung", "referrals")["count"].tolist()
    assert counts[9] == shipped[9]  # back to the shipped figure
    assert counts[:9] == [3000 + i for i in range(9)]
    assert Store.open(tmp_database_url).history("keelung")[0].reverts is not None


def test_an_invalid_edit_is_refused_with_row_and_column(app_test, tmp_database_url) -> None:
    at = log_in(keelung(app_test).run())
    key = _editor_key(at)
    at.session_state[key] = {
        "edited_rows": {2: {"count": -5}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    before = Store.open(tmp_database_url).content_hash()
    at.button(key="data.save").click().run()
    assert "有 1 個問題，未寫入任何資料：" in [e.value for e in at.error]
    problems = table_with(at, "問題")["問題"].tolist()
    assert problems == ["第 3 列 count：不可為負數"]
    assert Store.open(tmp_database_url).content_hash() == before


def test_text_typed_in_a_number_cell_is_refused_not_saved_as_zero(
    app_test, tmp_database_url
) -> None:
    """The browser's number cells send 0 for 「abc」; the editor's number columns are text, so
    what was typed reaches the check and is refused with its row and column."""
    at = log_in(keelung(app_test, **{"data.table": "staffing"}).run())
    editor = at.data_editor[0]
    assert editor.value["posts"].map(lambda v: v is None or isinstance(v, str)).all()
    before = Store.open(tmp_database_url).content_hash()
    at.session_state[editor.key] = {
        "edited_rows": {0: {"posts": "abc"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="data.save").click().run()
    assert "有 1 個問題，未寫入任何資料：" in [e.value for e in at.error]
    assert table_with(at, "問題")["問題"].tolist() == ["第 1 列 posts：「abc」不是整數"]
    assert Store.open(tmp_database_url).content_hash() == before


def test_numbers_typed_as_text_in_the_editor_are_saved_as_numbers(
    app_test, tmp_database_url
) -> None:
    at = log_in(keelung(app_test, **{"data.table": "staffing"}).run())
    key = _editor_key(at)
    at.session_state[key] = {
        "edited_rows": {0: {"posts": "17"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="data.save").click().run()
    assert "已儲存：新增 0、修改 1、刪除 0 列。" in [s.value for s in at.success]
    assert Store.open(tmp_database_url).read("keelung", "staffing")["posts"].iloc[0] == 17


def test_a_concurrent_save_shows_a_conflict(app_test, tmp_database_url) -> None:
    at = log_in(keelung(app_test).run())
    key = _editor_key(at)
    # someone else saves the same row after this editor opened the table
    store = Store.open(tmp_database_url)
    store.save_user_rows(
        "keelung",
        "referrals",
        store.read("keelung", "referrals").iloc[:1].assign(count=1),
        who="李四",
    )
    at.session_state[key] = {"edited_rows": {0: {"count": 2}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="data.save").click().run()
    assert any(e.value.startswith("儲存失敗") for e in at.error)
    assert "李四" in table_with(at, "資料列").iloc[0, 0]
    assert Store.open(tmp_database_url).read("keelung", "referrals")["count"].iloc[0] == 1


def test_export_and_template_downloads_are_offered_to_viewers(app_test) -> None:
    at = keelung(app_test).run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下載全部資料表（Excel，每表一工作表）" in labels
    assert "下載此表的空白範本（CSV）" in labels
