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
    # briefing page and exports
    "nav.section.briefing": {"zh": "簡報", "en": "Briefing"},
    "nav.briefing": {"zh": "簡報", "en": "Briefing"},
    "briefing.intro": {
        "zh": "選擇段落與年度，逐頁放映；可下載 PowerPoint（圖表可編輯）或 PDF。",
        "en": "Pick sections and a year, then present one slide at a time; download PowerPoint (editable charts) or PDF.",
    },
    "briefing.setup": {"zh": "簡報內容", "en": "Deck"},
    "briefing.sections": {"zh": "簡報段落", "en": "Sections"},
    "briefing.year": {"zh": "簡報年度（含之前資料）", "en": "Briefing year (figures up to)"},
    "briefing.year.none": {"zh": "不限", "en": "all years"},
    "briefing.section.overview": {"zh": "總覽指標", "en": "Overview KPIs"},
    "briefing.section.service_map": {"zh": "服務網絡地圖", "en": "Service network map"},
    "briefing.section.staffing": {"zh": "人力進用", "en": "Staffing"},
    "briefing.no_sections": {
        "zh": "請至少選擇一個簡報段落。",
        "en": "Pick at least one section.",
    },
    "briefing.prev": {"zh": "上一頁", "en": "Previous"},
    "briefing.next": {"zh": "下一頁", "en": "Next"},
    "briefing.counter": {"zh": "第 {n} / {total} 頁", "en": "Slide {n} of {total}"},
    "briefing.keys_help": {
        "zh": "簡報筆或鍵盤：PageDown 下一頁、PageUp 上一頁。",
        "en": "Presenter remote or keyboard: PageDown for next, PageUp for previous.",
    },
    "briefing.download_pptx": {"zh": "下載 PowerPoint", "en": "Download PowerPoint"},
    "briefing.download_pdf": {"zh": "下載 PDF", "en": "Download PDF"},
    "briefing.building": {"zh": "簡報製作中…", "en": "Building the deck…"},
    "briefing.font_missing": {
        "zh": "此電腦缺少中文字型，無法繪製地圖與 PDF：",
        "en": "This machine lacks the Chinese font needed for the map and the PDF:",
    },
    "briefing.chart_data": {"zh": "圖表資料", "en": "Chart data"},
    "briefing.deck_title": {
        "zh": "{city} 強化社會安全網計畫簡報",
        "en": "{city}: Social Safety Net briefing",
    },
    "briefing.deck_year": {"zh": "資料截至 {year}", "en": "Figures up to {year}"},
    "briefing.sources_on_slides": {
        "zh": "各頁資料來源列於該頁下方",
        "en": "Each slide names its source at the bottom",
    },
    "briefing.no_hiring": {
        "zh": "來源文件未提供核定與已進用人數",
        "en": "The source gives no approved and filled posts",
    },
    "briefing.map.alt": {
        "zh": "{city}各行政區依服務之社福中心著色的地圖",
        "en": "Map of {city}'s districts coloured by the service centre that serves them",
    },
    "briefing.map.caption": {
        "zh": "{n} 個行政區依社福中心著色，粗線為 {centres} 處中心的服務範圍",
        "en": "{n} districts coloured by service centre; thick lines outline the {centres} centres' areas",
    },
    "briefing.unit.posts": {"zh": "人", "en": "posts"},
    "briefing.staffing.hiring": {
        "zh": "{period}人力進用（{years}）",
        "en": "{period} hiring ({years})",
    },
    "briefing.staffing.hiring_caption": {
        "zh": "已進用 {hired} / 核定 {approved} 人，進用率 {rate}",
        "en": "{hired} of {approved} approved posts filled, hiring rate {rate}",
    },
    "briefing.staffing.new": {
        "zh": "{period}新增員額分配（{years}）",
        "en": "{period} new posts by agency ({years})",
    },
    "briefing.staffing.total": {"zh": "合計 {n} 人", "en": "{n} posts in total"},
    "briefing.staffing.new_by_year": {"zh": "各年新增員額", "en": "New posts by year"},
    "briefing.staffing.cumulative": {"zh": "社工人力累計", "en": "Staff in post, cumulative"},
    "briefing.staffing.cumulative_series": {"zh": "累計人力", "en": "Cumulative staff"},
    "briefing.staffing.cumulative_caption": {
        "zh": "現有人力加計各年新增員額，依人力表計算",
        "en": "Existing staff plus each year's new posts, computed from the staffing table",
    },
    "briefing.staffing.table": {"zh": "人力明細（依單位）", "en": "Staffing by agency"},
    "briefing.staffing.table_caption": {
        "zh": "數字為來源表格所列人數；「—」表示來源未列此項",
        "en": "Figures as printed in the source tables; — means the source lists no such figure",
    },
    "briefing.unit_label": {"zh": "單位：{unit}", "en": "Unit: {unit}"},
    "briefing.no_data.staffing": {
        "zh": "無資料：此縣市在所選年度前沒有人力資料。",
        "en": "No data: this city has no staffing figures up to the chosen year.",
    },
    "briefing.slide_number": {"zh": "{n} / {total}", "en": "{n} / {total}"},
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
