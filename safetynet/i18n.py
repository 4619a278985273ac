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
    # -- referral trends and risk types pages (issue 4) -------------------------
    "nav.section.cases": {"zh": "通報與個案", "en": "Referrals and cases"},
    "nav.referrals": {"zh": "通報趨勢", "en": "Referral trends"},
    "nav.risk_types": {"zh": "脆弱家庭風險類型", "en": "Vulnerable-family risk types"},
    "fig.no_year": {"zh": "來源未載年度", "en": "year not stated in the source"},
    "fig.published": {
        "zh": "來源公布值（非本系統計算）",
        "en": "Published figure (not computed here)",
    },
    "fig.col.item": {"zh": "項目", "en": "Item"},
    "fig.col.value": {"zh": "數值", "en": "Value"},
    "fig.col.year": {"zh": "年度", "en": "Year"},
    "ref.intro": {
        "zh": "各類通報逐年變化：件數、較前一年增減、期間成長與指數（首年＝100）。不同類型計量單位不同，不相加。",
        "en": "How each kind of referral moves year by year: counts, change on the previous year, growth over the period and an index (first year = 100). Types are measured in different units and are never added up.",
    },
    "ref.published": {"zh": "來源公布的通報數字", "en": "Referral figures as published"},
    "ref.published_help": {
        "zh": "以下數字由來源文件直接公布，無逐年件數可供驗算；滑鼠移到 ? 可看出處。",
        "en": "These figures are printed in the source document without the yearly counts behind them; hover over ? for the source.",
    },
    "ref.trends": {"zh": "逐年通報件數", "en": "Referrals by year"},
    "ref.no_counts": {
        "zh": "{city}逐年通報件數：無資料。",
        "en": "Yearly referral counts for {city}: no data.",
    },
    "ref.reason": {"zh": "（{reason}）", "en": " ({reason})"},
    "ref.summary": {"zh": "變化與成長", "en": "Change and growth"},
    "ref.summary_help": {
        "zh": "期間成長＝（末年－首年）÷ 首年；最近一年增減率＝末年較前一年。「來源公布」列為原文數字，非本系統計算。",
        "en": "Growth over the period = (last year − first year) ÷ first year; latest change = last year on the year before. Rows marked published are figures printed in the source, not computed here.",
    },
    "ref.filter.years": {"zh": "年度範圍", "en": "Years"},
    "ref.filter.types": {"zh": "通報類型", "en": "Referral types"},
    "ref.filter.measure": {"zh": "呈現數值", "en": "Show"},
    "ref.filter.chart": {"zh": "圖表類型", "en": "Chart"},
    "ref.filter.layout": {"zh": "版面", "en": "Layout"},
    "ref.measure.count": {"zh": "件數", "en": "Counts"},
    "ref.measure.index": {"zh": "指數（首年＝100）", "en": "Index (first year = 100)"},
    "ref.measure.rate": {"zh": "每萬人口", "en": "Per 10,000 residents"},
    "ref.chart.line": {"zh": "折線圖", "en": "Lines"},
    "ref.chart.bar": {"zh": "長條圖", "en": "Bars"},
    "ref.layout.auto": {"zh": "自動", "en": "Automatic"},
    "ref.layout.combined": {"zh": "單一圖", "en": "One chart"},
    "ref.layout.facets": {"zh": "分圖", "en": "Small multiples"},
    "ref.rate_unavailable": {
        "zh": "每萬人口比率：資料中沒有各年人口數，僅顯示件數。",
        "en": "Rates per 10,000 residents: the data holds no population for these years, so counts only.",
    },
    "ref.population_undated": {
        "zh": "（總人口 {n} 人，來源未載統計年度，不據以計算。）",
        "en": " (A population of {n} is given, but without a year, so it is not used.)",
    },
    "ref.pick_type": {
        "zh": "請至少選擇一種通報類型，並確認年度範圍內有資料。",
        "en": "Choose at least one referral type, with data in the chosen years.",
    },
    "ref.facets_auto": {
        "zh": "各類型數量差距大（最多約 {ratio} 倍），自動以分圖呈現，各圖縱軸刻度不同；可改選「單一圖」。",
        "en": "The types differ a lot in size (up to about {ratio}×), so each gets its own panel with its own scale; choose One chart to overlay them.",
    },
    "ref.chart_data": {"zh": "圖表資料（可下載 CSV）", "en": "Chart data (CSV download)"},
    "ref.reporters": {"zh": "通報來源", "en": "Who reported"},
    "ref.reporters_none": {
        "zh": "通報來源（社政、醫衛、教育、警政…）：無資料。資料中沒有各來源的通報件數。",
        "en": "Referral sources (social welfare, health, education, police…): no data. The data holds no counts by reporting source.",
    },
    "ref.growth_short": {"zh": "（期間 {growth}）", "en": "({growth} over the period)"},
    "ref.axis.count": {"zh": "數量（單位見圖例）", "en": "Number (units in the legend)"},
    "ref.axis.index": {"zh": "指數（首年＝100）", "en": "Index (first year = 100)"},
    "ref.axis.rate": {"zh": "每萬人口", "en": "Per 10,000 residents"},
    "ref.col.type": {"zh": "類型", "en": "Type"},
    "ref.col.year": {"zh": "年度", "en": "Year"},
    "ref.col.unit": {"zh": "單位", "en": "Unit"},
    "ref.col.count": {"zh": "數量", "en": "Count"},
    "ref.col.yoy_change": {"zh": "較前一年增減", "en": "Change on previous year"},
    "ref.col.yoy_pct": {"zh": "較前一年增減率", "en": "Change on previous year (%)"},
    "ref.col.index": {"zh": "指數（首年＝100）", "en": "Index (first year = 100)"},
    "ref.col.rate": {"zh": "每萬人口", "en": "Per 10,000 residents"},
    "ref.col.period": {"zh": "期間", "en": "Period"},
    "ref.col.first": {"zh": "首年數量", "en": "First year"},
    "ref.col.last": {"zh": "末年數量", "en": "Last year"},
    "ref.col.change": {"zh": "期間增減", "en": "Change over the period"},
    "ref.col.growth": {"zh": "期間成長率", "en": "Growth over the period"},
    "ref.col.latest_yoy": {"zh": "最近一年增減率", "en": "Latest change on previous year"},
    "ref.col.kind": {"zh": "數值性質", "en": "Kind of figure"},
    "ref.col.reporter": {"zh": "通報來源", "en": "Reported by"},
    "ref.kind.computed": {"zh": "依資料計算", "en": "Computed from the data"},
    "ref.kind.published": {"zh": "來源公布", "en": "Published in the source"},
    "ref.from_reporters": {
        "zh": "（合計由各通報來源加總）",
        "en": "(total added up from the reporting sources)",
    },
    "risk.intro": {
        "zh": "脆弱家庭六大風險類型的比例，以及服務後的成果。比例依來源原文，不重新換算。",
        "en": "Shares of the six official vulnerable-family risk types, and what services achieved. Shares are shown as printed, never rescaled.",
    },
    "risk.shares": {"zh": "風險類型比例", "en": "Risk-type shares"},
    "risk.sum_error": {
        "zh": "資料錯誤：{year}各風險類型比例合計 {total}%，不等於 100%（四捨五入最多容許 ±{tolerance}）。請檢查 risk_shares.csv 第 {lines} 行 share_pct 欄；該年度不顯示圖表。",
        "en": "Data error: the risk-type shares for {year} add up to {total}%, not 100% (rounding allows ±{tolerance}). Check risk_shares.csv, lines {lines}, column share_pct; that year is not charted.",
    },
    "risk.none": {
        "zh": "{city}沒有脆弱家庭風險類型比例資料（來源文件未提供）：無資料。以下列出本市現有的相關服務數字。",
        "en": "{city} has no vulnerable-family risk-type shares (the source document gives none): no data. The related service figures it has are listed below.",
    },
    "risk.see_referrals": {"zh": "查看本市通報趨勢", "en": "See this city's referral trends"},
    "risk.filter.year": {"zh": "年度", "en": "Year"},
    "risk.filter.compare": {"zh": "比較年度", "en": "Compare with"},
    "risk.compare.none": {"zh": "不比較", "en": "No comparison"},
    "risk.filter.chart": {"zh": "圖表類型", "en": "Chart"},
    "risk.chart.bar": {"zh": "排序長條圖", "en": "Sorted bars"},
    "risk.chart.donut": {"zh": "環圈圖", "en": "Donut"},
    "risk.full_names": {"zh": "顯示完整名稱", "en": "Full names"},
    "risk.chart_title": {
        "zh": "{year}脆弱家庭風險類型比例",
        "en": "Vulnerable-family risk types, {year}",
    },
    "risk.one_year": {
        "zh": "資料只有一個年度，無法計算比例變化（百分點）。",
        "en": "The data holds one year only, so no change in shares (percentage points) can be shown.",
    },
    "risk.change_title": {
        "zh": "{year}較{since}比例變化（百分點）",
        "en": "Change in share, {since} to {year} (percentage points)",
    },
    "risk.chart_data": {"zh": "圖表資料（可下載 CSV）", "en": "Chart data (CSV download)"},
    "risk.outcomes": {"zh": "服務成果", "en": "Service outcomes"},
    "risk.outcomes_none": {
        "zh": "服務成果：無資料。資料中沒有脆弱家庭服務成果數字。",
        "en": "Service outcomes: no data. The data holds no vulnerable-family service figures.",
    },
    "risk.outcomes_data": {
        "zh": "成果數字明細（可下載 CSV）",
        "en": "Outcome figures (CSV download)",
    },
    "risk.axis.share": {"zh": "比例（%）", "en": "Share (%)"},
    "risk.axis.change": {"zh": "變化（百分點）", "en": "Change (percentage points)"},
    "risk.col.rank": {"zh": "排序", "en": "Rank"},
    "risk.col.short": {"zh": "風險類型", "en": "Risk type"},
    "risk.col.name": {"zh": "完整名稱", "en": "Full name"},
    "risk.col.year": {"zh": "年度", "en": "Year"},
    "risk.col.share": {"zh": "比例", "en": "Share"},
    "risk.col.change": {"zh": "較{year}變化", "en": "Change since {year}"},
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
