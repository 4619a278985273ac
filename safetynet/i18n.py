"""Every user-visible string of the dashboard, in 繁體中文 (default) and English.

Pages and components call :func:`t` with a key; a missing key or language is
an error in tests, not a silent fallback shown to a director.
"""

from __future__ import annotations

LANGUAGES = {"zh": "繁體中文", "en": "English"}
DEFAULT_LANG = "zh"
YEAR_STYLES = ("roc", "ad")

STRINGS: dict[str, dict[str, str]] = {
    # app and navigation
    "app.title": {"zh": "社安網儀表板", "en": "Social Safety Net Dashboard"},
    "app.subtitle": {
        "zh": "強化社會安全網計畫 · 執行概況",
        "en": "Strengthening Social Safety Net programme · at a glance",
    },
    "nav.section.overview": {"zh": "總覽", "en": "Overview"},
    "nav.section.network": {"zh": "服務網絡", "en": "Service network"},
    "nav.overview": {"zh": "總覽", "en": "Overview"},
    "nav.map": {"zh": "服務網絡地圖", "en": "Service network map"},
    # sidebar settings
    "settings.header": {"zh": "設定", "en": "Settings"},
    "settings.city": {"zh": "縣市", "en": "City"},
    "settings.language": {"zh": "語言 / Language", "en": "語言 / Language"},
    "settings.year_style": {"zh": "年份表示", "en": "Year style"},
    "year_style.roc": {"zh": "民國", "en": "ROC (民國)"},
    "year_style.ad": {"zh": "西元", "en": "Gregorian"},
    # shared words
    "no_data": {"zh": "無資料", "en": "no data"},
    "colon": {"zh": "：", "en": ": "},
    "list_sep": {"zh": "、", "en": ", "},
    "source": {"zh": "資料來源", "en": "Source"},
    "note": {"zh": "備註", "en": "Note"},
    "download_csv": {"zh": "下載 CSV", "en": "Download CSV"},
    "loading": {"zh": "資料載入中…", "en": "Loading data…"},
    "data_error.title": {
        "zh": "資料檔有誤，本次更新未寫入，仍使用先前的資料：",
        "en": "The data files have problems; the update was not stored and earlier data is used:",
    },
    "store_error": {
        "zh": "無法開啟資料庫，請通知系統管理者：",
        "en": "The data store could not be opened; please tell the administrator:",
    },
    "data_error.empty": {
        "zh": "此縣市尚無可用資料。",
        "en": "No usable data for this city yet.",
    },
    # overview page
    "overview.network": {"zh": "服務網絡", "en": "Service network"},
    "overview.districts": {"zh": "行政區", "en": "Districts"},
    "overview.centres": {"zh": "社福中心", "en": "Service centres"},
    "overview.precincts": {"zh": "警察分局", "en": "Police precincts"},
    "overview.precincts_none": {
        "zh": "來源文件未列警察分局",
        "en": "The source document names no police precincts",
    },
    "overview.services": {"zh": "服務成果", "en": "Services"},
    "overview.staffing": {"zh": "人力進用", "en": "Staffing"},
    "overview.approved": {"zh": "核定員額", "en": "Approved posts"},
    "overview.hired": {"zh": "已進用", "en": "Posts filled"},
    "overview.hiring_rate": {"zh": "進用率", "en": "Hiring rate"},
    "overview.hiring_rate_help": {
        "zh": "已進用 ÷ 核定員額，依人力表計算",
        "en": "Filled ÷ approved posts, computed from the staffing table",
    },
    "overview.new_posts": {"zh": "新增員額", "en": "New posts"},
    "overview.no_hiring": {
        "zh": "來源文件未提供核定與已進用人數，無法計算進用率。",
        "en": "The source gives no approved and filled posts, so no hiring rate can be computed.",
    },
    "overview.staffing_table": {"zh": "人力明細", "en": "Staffing detail"},
    "overview.pages": {"zh": "其他頁面", "en": "Other pages"},
    # map page
    "map.intro": {
        "zh": "各行政區由哪個社福中心服務、與哪個警察分局合作。點選行政區可看明細。",
        "en": "Which service centre serves each district, and which police precinct it works with. Click a district for details.",
    },
    "map.colour_by": {"zh": "著色依據", "en": "Colour by"},
    "map.layer.centre": {"zh": "社福中心", "en": "Service centre"},
    "map.layer.precinct": {"zh": "警察分局", "en": "Police precinct"},
    "map.layer.districts": {"zh": "行政區", "en": "Districts"},
    "map.figure.area_km2": {"zh": "面積（平方公里，約值）", "en": "Area (km², approx.)"},
    "map.choice.area_km2": {"zh": "面積", "en": "Area"},
    "map.focus": {"zh": "查看中心或分局", "en": "Show a centre or precinct"},
    "map.focus.none": {"zh": "（全部）", "en": "(all)"},
    "map.base_map": {"zh": "顯示底圖（需網路）", "en": "Base map (needs internet)"},
    "map.base_map_help": {
        "zh": "預設不載入底圖，離線或內網亦可顯示行政區。",
        "en": "Off by default so districts show offline and on an intranet.",
    },
    "map.no_precincts": {
        "zh": "{city}的來源文件未列警察分局與轄區，因此無法顯示警察分局圖層。",
        "en": "The {city} source document names no police precincts, so the precinct layer is unavailable.",
    },
    "map.building": {"zh": "地圖繪製中…", "en": "Drawing the map…"},
    "map.click_hint": {
        "zh": "點選地圖上的行政區，這裡會顯示服務中心、警察分局與面積。",
        "en": "Click a district on the map to see its centre, precinct and area here.",
    },
    "map.panel.inferred": {
        "zh": "此對應為依來源表格推定，非原文明載：",
        "en": "This relation is a reading of the source table, not printed in it:",
    },
    "map.panel.districts_of": {"zh": "服務行政區（{n} 區）", "en": "Districts served ({n})"},
    "map.panel.partners.centre": {
        "zh": "須合作的警察分局（{n} 個）",
        "en": "Police precincts to work with ({n})",
    },
    "map.panel.partners.precinct": {
        "zh": "須合作的社福中心（{n} 處）",
        "en": "Service centres to work with ({n})",
    },
    "map.col.shared_districts": {"zh": "共同負責行政區數", "en": "Shared districts"},
    "map.col.town_code": {"zh": "區碼", "en": "Town code"},
    "map.col.district": {"zh": "行政區", "en": "District"},
    "map.col.centres": {"zh": "社福中心", "en": "Service centre(s)"},
    "map.col.precincts": {"zh": "警察分局", "en": "Police precinct(s)"},
    "map.col.area": {"zh": "面積", "en": "Area"},
    "map.col.shared": {"zh": "多對多", "en": "Shared"},
    "map.tab.relations": {"zh": "行政區對應表", "en": "District relations"},
    "map.tab.matrix": {"zh": "中心 × 分局", "en": "Centre × precinct"},
    "map.shared.centres": {
        "zh": "{district}由 {n} 個社福中心服務：{names}",
        "en": "{district} is served by {n} centres: {names}",
    },
    "map.shared.precincts": {
        "zh": "{district}由 {n} 個警察分局負責：{names}",
        "en": "{district} is covered by {n} precincts: {names}",
    },
    "map.matrix.caption": {
        "zh": "格內數字為社福中心與警察分局共同負責的行政區數；一列有多個非零格，表示該中心須與多個分局協調。",
        "en": "Each cell counts the districts a centre and a precinct share; several non-zero cells in a row mean the centre coordinates with several precincts.",
    },
    "map.download_html": {
        "zh": "下載地圖（HTML，離線可開）",
        "en": "Download map (HTML, opens offline)",
    },
    "map.inferred_count": {
        "zh": "{n} 筆對應為推定（⚠），見備註欄。",
        "en": "{n} relation(s) are readings (⚠); see the note column.",
    },
    "yes": {"zh": "是", "en": "yes"},
    # periods and staffing measures
    "period.phase1": {"zh": "第一期", "en": "Phase 1"},
    "period.phase2": {"zh": "第二期", "en": "Phase 2"},
    "period.phase1_2": {"zh": "第一、二期", "en": "Phases 1–2"},
    "period.baseline": {"zh": "現有人力", "en": "Existing staff"},
    "period.y2018": {"zh": "2018", "en": "2018"},
    "period.y2019": {"zh": "2019", "en": "2019"},
    "period.y2020": {"zh": "2020", "en": "2020"},
    "measure.approved": {"zh": "核定員額", "en": "Approved"},
    "measure.hired": {"zh": "已進用", "en": "Filled"},
    "measure.vacant": {"zh": "未進用", "en": "Vacant"},
    "measure.new": {"zh": "新增員額", "en": "New posts"},
    "measure.existing": {"zh": "現有人力", "en": "Existing"},
    "measure.required": {"zh": "需求人力", "en": "Required"},
    "col.agency": {"zh": "單位", "en": "Agency"},
    "col.period": {"zh": "期別", "en": "Period"},
    "col.years": {"zh": "年度", "en": "Years"},
    "col.measure": {"zh": "項目", "en": "Measure"},
    "col.posts": {"zh": "人數", "en": "Posts"},
    # data management page (資料管理), problems of edits and imports, editor login
    "nav.section.admin": {"zh": "管理", "en": "Administration"},
    "nav.data": {"zh": "資料管理", "en": "Data"},
    "problem.where.line": {"zh": "第 {n} 行", "en": "line {n}"},
    "problem.where.row": {"zh": "第 {n} 列", "en": "row {n}"},
    "problem.where.column": {"zh": "{column}", "en": "column {column}"},
    "problem.where.sep": {"zh": " ", "en": ", "},
    "problem.missing_column": {"zh": "缺少必要欄位", "en": "required column is missing"},
    "problem.unknown_column": {
        "zh": "不明欄位（欄名請依範本）",
        "en": "unknown column (use the template's column names)",
    },
    "problem.blank_header": {
        "zh": "標題列有空白欄名",
        "en": "a column has no name in the header row",
    },
    "problem.duplicate_column": {"zh": "欄名重複", "en": "the column appears twice"},
    "problem.not_integer": {"zh": "「{value}」不是整數", "en": "'{value}' is not a whole number"},
    "problem.not_number": {"zh": "「{value}」不是數字", "en": "'{value}' is not a number"},
    "problem.required": {"zh": "必填，不可空白", "en": "is required but empty"},
    "problem.duplicate_key": {
        "zh": "與另一列重複（{value}）",
        "en": "duplicate of another row ({value})",
    },
    "problem.year_range": {
        "zh": "年份 {value} 不合理，須介於西元 {min} 與 {max} 年",
        "en": "year {value} is not plausible; it must lie within {min}–{max}",
    },
    "problem.negative": {"zh": "不可為負數", "en": "must not be negative"},
    "problem.too_small": {"zh": "「{value}」須大於或等於 {min}", "en": "'{value}' must be ≥ {min}"},
    "problem.too_large": {"zh": "「{value}」須小於或等於 {max}", "en": "'{value}' must be ≤ {max}"},
    "problem.not_in_list": {
        "zh": "「{value}」不是可用的值：{allowed}",
        "en": "'{value}' is not one of: {allowed}",
    },
    "problem.bad_form": {
        "zh": "「{value}」格式不符",
        "en": "'{value}' is not in the expected form",
    },
    "problem.bad_source": {
        "zh": "資料來源須寫成「文件 · 段落」，目前為「{value}」",
        "en": "the source must read '<document> · <part>', not '{value}'",
    },
    "problem.check_failed": {
        "zh": "「{value}」未通過檢查 {check}",
        "en": "'{value}' fails {check}",
    },
    "problem.shares_sum": {
        "zh": "{year} 年各類比例合計 {total}%，應為 100%（容許 ±1）",
        "en": "the shares of {year} add up to {total} %, not 100 % (± 1)",
    },
    "problem.pct_range": {
        "zh": "百分比 {value} 須介於 0 與 100",
        "en": "percentage {value} must lie within 0–100",
    },
    "problem.unknown_reference": {
        "zh": "「{value}」不在 {parent} 表中",
        "en": "'{value}' is not in the {parent} table",
    },
    "problem.unknown_category": {
        "zh": "「{value}」不在本市的清單中：{allowed}",
        "en": "'{value}' is not in the city's list: {allowed}",
    },
    "problem.other_table": {
        "zh": "此次修改會使其他表出現問題：{table} {text_zh}",
        "en": "this change would cause a problem in another table: {table} {text_en}",
    },
    "problem.no_partner": {
        "zh": "行政區 {district} 在 {relation} 表中沒有對應",
        "en": "district {district} has no row in the {relation} table",
    },
    "problem.serves_nothing": {
        "zh": "「{value}」在 {relation} 表中未服務任何行政區",
        "en": "'{value}' serves no district in the {relation} table",
    },
    "problem.declared_count": {
        "zh": "來源文件列 {declared} 筆，此表將有 {found} 筆",
        "en": "the source declares {declared} rows; the table would have {found}",
    },
    "problem.revert_stale": {
        "zh": "此列在第 {entry} 筆異動後又被修改，請先還原較新的異動",
        "en": "the row has changed since entry {entry}; revert the later change first",
    },
    "problem.file_empty": {"zh": "檔案是空的", "en": "the file is empty"},
    "problem.no_rows": {
        "zh": "只有標題列，沒有資料列",
        "en": "the file has a header row but no data rows",
    },
    "problem.undecodable": {
        "zh": "無法以 UTF-8 或 Big5（CP950）編碼讀取",
        "en": "cannot be read as UTF-8 or Big5 (CP950) text",
    },
    "problem.field_count": {
        "zh": "此列有 {found} 個欄位，標題列只有 {expected} 個（整列不匯入，以免錯位）",
        "en": "this row has {found} fields but the header has {expected} (rejected rather than shifted)",
    },
    "problem.bad_csv": {"zh": "CSV 格式錯誤：{error}", "en": "malformed CSV: {error}"},
    "problem.not_excel": {
        "zh": "不是可讀取的 Excel（.xlsx）檔",
        "en": "not a readable Excel (.xlsx) file",
    },
    "problem.merged_header": {
        "zh": "標題列有合併儲存格（{cells}）；請只留一列標題，欄名依範本",
        "en": "merged cells in the header row ({cells}); keep one header row with the template's column names",
    },
    "problem.unsupported_type": {
        "zh": "只接受 .csv 或 .xlsx 檔",
        "en": "only .csv and .xlsx files can be imported",
    },
    "problem.too_large_file": {
        "zh": "檔案過大（{size} MB，上限 {limit} MB）",
        "en": "the file is too large ({size} MB; the limit is {limit} MB)",
    },
    "problem.bad_cell": {
        "zh": "無法讀取的儲存格內容「{value}」",
        "en": "unreadable cell content '{value}'",
    },
    "norm.stray_spaces": {"zh": "去除多餘空白", "en": "removed stray spaces"},
    "norm.fullwidth": {"zh": "全形字元轉為半形", "en": "full-width characters made half-width"},
    "norm.thousands": {"zh": "去除千分位逗號", "en": "removed thousands separators"},
    "norm.percent": {
        "zh": "去除百分號（以百分點儲存）",
        "en": "removed percent signs (stored in percent units)",
    },
    "norm.roc_year": {
        "zh": "民國年轉為西元年（+1911）",
        "en": "ROC years converted to Gregorian (+1911)",
    },
    "norm.year_suffix": {"zh": "去除年份的「年」字", "en": "removed 年 after years"},
    "norm.tai": {
        "zh": "台／臺異體字統一為本市清單的寫法",
        "en": "台/臺 variants matched to the city's spelling",
    },
    "norm.excel_guard": {
        "zh": "去除匯出時為防公式加上的單引號",
        "en": "removed the quote added on export to guard against formulas",
    },
    "norm.encoding": {"zh": "以 {encoding} 編碼讀取", "en": "read as {encoding}"},
    "norm.line": {
        "zh": "{what}：{n} 格（例：{where} {column}「{before}」→「{after}」）",
        "en": "{what}: {n} cell(s) (e.g. {where}, column {column}: '{before}' → '{after}')",
    },
    "norm.proposal": {
        "zh": "{where} {column}：「{before}」→「{after}」",
        "en": "{where}, column {column}: '{before}' → '{after}'",
    },
    "data.intro": {
        "zh": "檢視、匯出各資料表；編輯者登入後可修改、匯入及還原。每一筆修改都記錄於異動紀錄。",
        "en": "View and export every table; editors can log in to edit, import and revert. Every change is recorded in the history.",
    },
    "data.table": {"zh": "資料表", "en": "Table"},
    "data.tab.view": {"zh": "檢視與編輯", "en": "View and edit"},
    "data.tab.import": {"zh": "匯入", "en": "Import"},
    "data.tab.export": {"zh": "匯出與範本", "en": "Export and templates"},
    "data.tab.history": {"zh": "異動紀錄", "en": "History"},
    "data.viewer_note": {
        "zh": "目前為檢視模式。編輯者請先登入。",
        "en": "You are viewing. Editors, please log in to make changes.",
    },
    "data.login.title": {"zh": "編輯者登入", "en": "Editor login"},
    "data.login.user": {"zh": "帳號", "en": "User name"},
    "data.login.password": {"zh": "密碼", "en": "Password"},
    "data.login.submit": {"zh": "登入", "en": "Log in"},
    "data.login.failed": {"zh": "帳號或密碼錯誤。", "en": "Wrong user name or password."},
    "data.login.locked": {
        "zh": "登入失敗次數過多，請稍後再試。",
        "en": "Too many failed attempts; please try again later.",
    },
    "data.login.none": {
        "zh": "尚未設定編輯者帳號（見 README「編輯者設定」）。",
        "en": "No editor accounts are configured (see README, 'Editors').",
    },
    "data.login.oidc": {"zh": "以機關帳號登入", "en": "Log in with your organisation account"},
    "data.login.not_editor": {
        "zh": "此帳號（{email}）不在編輯者名單中。",
        "en": "This account ({email}) is not on the editors' list.",
    },
    "data.logged_in": {"zh": "已登入編輯者：{name}", "en": "Logged in as editor: {name}"},
    "data.logout": {"zh": "登出", "en": "Log out"},
    "data.rows": {"zh": "共 {n} 列", "en": "{n} rows"},
    "data.editor_help": {
        "zh": "直接修改儲存格；表格下方可新增列，勾選列後可刪除。按「檢查並儲存」前不會寫入任何資料。",
        "en": "Edit cells directly; add rows at the bottom, select rows to delete them. Nothing is written until you press 'Check and save'.",
    },
    "data.reason": {
        "zh": "修改原因（選填，記入異動紀錄）",
        "en": "Reason (optional, kept in the history)",
    },
    "data.save": {"zh": "檢查並儲存", "en": "Check and save"},
    "data.discard": {"zh": "放棄修改", "en": "Discard changes"},
    "data.no_changes": {"zh": "沒有任何修改。", "en": "There are no changes."},
    "data.problems": {
        "zh": "有 {n} 個問題，未寫入任何資料：",
        "en": "{n} problem(s); nothing was written:",
    },
    "data.saved": {
        "zh": "已儲存：新增 {added}、修改 {changed}、刪除 {deleted} 列。",
        "en": "Saved: {added} added, {changed} changed, {deleted} deleted.",
    },
    "data.conflict": {
        "zh": "儲存失敗：以下資料列在您開始編輯後已被他人修改，未寫入任何資料。請放棄修改、重新載入後再編輯：",
        "en": "Not saved: these rows were changed by someone else after you started editing; nothing was written. Discard your changes, reload and edit again:",
    },
    "data.conflict_row": {"zh": "{row}（{who}，{at}）", "en": "{row} ({who}, {at})"},
    "data.someone": {"zh": "他人", "en": "someone"},
    "data.shadowed": {
        "zh": "新版內建資料更動了 {n} 列您曾修改或刪除的資料；目前仍採用您的版本：{keys}",
        "en": "A new release changed {n} shipped row(s) that users had changed or deleted; the users' versions stay in force: {keys}",
    },
    "data.import.file": {
        "zh": "選擇檔案（CSV：UTF-8 或 Big5；或 Excel .xlsx）",
        "en": "Choose a file (CSV in UTF-8 or Big5, or Excel .xlsx)",
    },
    "data.import.replace": {
        "zh": "檔案為整張表（檔案中沒有的列將刪除）",
        "en": "The file is the whole table (rows not in it are deleted)",
    },
    "data.import.preview": {"zh": "預覽", "en": "Preview"},
    "data.import.normalised": {"zh": "已自動整理：", "en": "Normalised automatically:"},
    "data.import.proposals": {
        "zh": "建議更正（勾選後才會套用）：",
        "en": "Suggested corrections (applied only if you tick the box):",
    },
    "data.import.accept": {"zh": "套用以上建議更正", "en": "Apply the corrections above"},
    "data.import.summary": {
        "zh": "新增 {added} 列、修改 {changed} 列、刪除 {deleted} 列、不變 {unchanged} 列。",
        "en": "{added} to add, {changed} to change, {deleted} to delete, {unchanged} unchanged.",
    },
    "data.import.confirm": {"zh": "確認匯入", "en": "Confirm import"},
    "data.import.done": {
        "zh": "匯入完成：新增 {added}、修改 {changed}、刪除 {deleted} 列。",
        "en": "Imported: {added} added, {changed} changed, {deleted} deleted.",
    },
    "data.preview.added": {"zh": "新增", "en": "Added"},
    "data.preview.changed": {"zh": "修改（原值 → 新值）", "en": "Changed (old → new)"},
    "data.preview.deleted": {"zh": "刪除", "en": "Deleted"},
    "data.export.xlsx": {
        "zh": "下載全部資料表（Excel，每表一工作表）",
        "en": "Download all tables (Excel, a sheet per table)",
    },
    "data.export.zip": {
        "zh": "下載全部資料表（CSV 壓縮檔）",
        "en": "Download all tables (zip of CSV files)",
    },
    "data.export.template": {
        "zh": "下載此表的空白範本（CSV）",
        "en": "Download a blank template for this table (CSV)",
    },
    "data.export.template_xlsx": {
        "zh": "下載此表的空白範本（Excel）",
        "en": "Download a blank template for this table (Excel)",
    },
    "data.export.help": {
        "zh": "匯出檔可直接修改後再匯入；欄名請勿更動。",
        "en": "Exported files can be edited and imported again; keep the column names.",
    },
    "data.history.empty": {
        "zh": "此表尚無異動紀錄。",
        "en": "No changes recorded for this table yet.",
    },
    "data.history.revert": {"zh": "還原一筆異動", "en": "Revert a change"},
    "data.history.pick": {"zh": "選擇異動（編號）", "en": "Change (entry number)"},
    "data.history.revert_button": {"zh": "還原此筆異動", "en": "Revert this change"},
    "data.history.reverted": {"zh": "已還原第 {entry} 筆異動。", "en": "Change {entry} reverted."},
    "data.col.problem": {"zh": "問題", "en": "Problem"},
    "data.col.entry": {"zh": "編號", "en": "Entry"},
    "data.col.at": {"zh": "時間（UTC）", "en": "Time (UTC)"},
    "data.col.who": {"zh": "修改者", "en": "Editor"},
    "data.col.key": {"zh": "資料列", "en": "Row"},
    "data.col.action": {"zh": "動作", "en": "Action"},
    "data.col.columns": {"zh": "欄位", "en": "Columns"},
    "data.col.old": {"zh": "原值", "en": "Old"},
    "data.col.new": {"zh": "新值", "en": "New"},
    "data.col.reason": {"zh": "原因", "en": "Reason"},
    "data.col.reverts": {"zh": "還原第幾筆", "en": "Reverts"},
    "data.action.add": {"zh": "新增", "en": "added"},
    "data.action.change": {"zh": "修改", "en": "changed"},
    "data.action.delete": {"zh": "刪除", "en": "deleted"},
}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The string ``key`` in ``lang``, with ``{name}`` placeholders filled from ``values``."""
    text = STRINGS[key][lang]
    return text.format(**values) if values else text


def pick(row: object, field: str, lang: str) -> str:
    """A data row's label in ``lang``: ``row[field + '_zh']`` or ``row[field + '_en']``."""
    return row[f"{field}_{lang}"]  # type: ignore[index]


def note_in(note: str | None, lang: str) -> str:
    """The ``lang`` half of a data note written ``中文 / English`` (parts joined by ``；``).

    A part without `` / `` is kept whole; the ⚠ flag stays on the English half.
    """
    if not note:
        return ""
    parts = []
    for part in note.split("；"):
        zh, sep, en = part.partition(" / ")
        if not sep:
            parts.append(part.strip())
        elif lang == "zh":
            parts.append(zh.strip())
        else:
            flag = "⚠ " if zh.lstrip().startswith("⚠") and not en.startswith("⚠") else ""
            parts.append(flag + en.strip())
    return ("；" if lang == "zh" else "; ").join(p for p in parts if p)
