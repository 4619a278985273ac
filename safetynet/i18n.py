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
        "zh": "無法開啟資料庫，請通知系統管理者。",
        "en": "The data store could not be opened; please tell the administrator.",
    },
    "store_error.newer": {
        "zh": "資料庫已由較新版本的儀表板更新，本版本無法讀取；請通知系統管理者更新程式。",
        "en": "The data store was written by a newer release of the dashboard; please ask the administrator to update it.",
    },
    "store_error.behind": {
        "zh": "資料庫尚待升級，目前無法開啟；請通知系統管理者升級資料庫。",
        "en": "The data store needs an upgrade before it can be opened; please tell the administrator.",
    },
    "store_error.write": {
        "zh": "資料庫暫時無法寫入，未儲存任何變更；請稍後再試，或通知系統管理者。",
        "en": "The data store could not be written; nothing was saved. Try again later or tell the administrator.",
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
    "map.colour_by.help": {
        "zh": "「個案量」依匯入的個案資料為各區（或各中心）著色，年齡層與公開發布設定同個案分析頁。",
        "en": "Case data colours each district (or centre) from the imported case records; age bands and public release follow the Case analysis page.",
    },
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
    "map.panel.partner": {
        "zh": "{name}（共同負責 {n} 區）",
        "en": "{name} (districts shared: {n})",
    },
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
        "zh": "{n} 筆對應為推定（⚠），見表下備註。",
        "en": "{n} relation(s) are readings (⚠); see the notes below the table.",
    },
    "map.notes": {
        "zh": "備註（表中 ①、② 等標記所指）",
        "en": "Notes (the marks ①, ② … in the table)",
    },
    "map.legend.shared.centre": {
        "zh": "斜紋：由兩個中心共同服務",
        "en": "Stripes: served by two centres",
    },
    "map.legend.shared.precinct": {
        "zh": "斜紋：由兩個分局共同負責",
        "en": "Stripes: covered by two precincts",
    },
    "map.legend.more": {"zh": "說明", "en": "Notes"},
    "map.measure.demo": {"zh": "示範資料（合成）", "en": "Demo data (synthetic)"},
    "map.inset": {"zh": "全市（點選行政區）", "en": "Whole city (click a district)"},
    "map.home": {"zh": "回到市中心", "en": "Back to the city core"},
    "map.choice.measure": {"zh": "個案量", "en": "Case data"},
    "map.measure": {"zh": "指標", "en": "Measure"},
    "map.measure.cases": {"zh": "個案數", "en": "Cases"},
    "map.measure.persons": {"zh": "人數", "en": "Persons"},
    "map.measure.cases_rate": {"zh": "每萬人口個案數", "en": "Cases per 10,000 residents"},
    "map.measure.persons_rate": {"zh": "每萬人口人數", "en": "Persons per 10,000 residents"},
    "map.measure.change": {"zh": "個案數較前一年增減", "en": "Change in cases on the year before"},
    "map.measure.open_cases": {
        "zh": "各中心年底開案中個案",
        "en": "Open cases per centre, year end",
    },
    "map.measure.open_per_worker": {
        "zh": "各中心每位進用人員開案數",
        "en": "Open cases per hired worker, per centre",
    },
    "map.measure.year": {"zh": "年度", "en": "Year"},
    "map.measure.band": {"zh": "年齡層", "en": "Age band"},
    "map.measure.band.all": {"zh": "全部年齡", "en": "All ages"},
    "map.measure.risk": {"zh": "風險類型", "en": "Risk type"},
    "map.measure.risk.all": {"zh": "全部類型", "en": "All risk types"},
    "map.measure.bands_from": {
        "zh": "年齡層取自個案分析頁所選的分組：{bands}",
        "en": "Age bands from the set chosen on the Case analysis page: {bands}",
    },
    "map.measure.no_cases": {
        "zh": "尚無個案資料，地圖無法顯示個案量；編輯者可於「資料管理 › 個案資料」匯入。",
        "en": "There is no case data yet, so the map has no case measure; editors import it on the Data page (Case records).",
    },
    "map.measure.no_population": {
        "zh": "資料中沒有 {year} 各區人口，無法計算每萬人口比率。",
        "en": "The population of each district in {year} is not in the data, so there is no rate per 10,000.",
    },
    "map.measure.no_previous": {
        "zh": "個案資料不含 {year} 的前一年，無法比較增減。",
        "en": "The case data hold no year before {year}, so there is no change to show.",
    },
    "map.measure.no_staffing": {
        "zh": "資料中沒有各中心的進用人數（人力資料只列到機關），無法計算每位進用人員開案數。",
        "en": "Staffing per centre is not in the data (staffing is given per agency), so open cases per hired worker cannot be shown.",
    },
    "map.measure.hidden": {
        "zh": "灰色斜線：公開發布時隱藏（{mark}）",
        "en": "Grey hatching: hidden in a public release ({mark})",
    },
    "map.measure.classes": {
        "zh": "分級：分位數，各級含上限",
        "en": "Classes: quantiles, each up to and including its upper break",
    },
    "map.measure.classes.change": {
        "zh": "分級：以 0 為中心等距，各級含上限",
        "en": "Classes: equal steps around 0, each up to and including its upper break",
    },
    "map.measure.total": {"zh": "全市合計：{total}", "en": "City total: {total}"},
    "map.measure.by_centre": {
        "zh": "依中心著色；兩中心共同服務的行政區以斜紋呈現兩中心。",
        "en": "Coloured by centre; a district two centres serve shows both in stripes.",
    },
    "map.measure.open_at": {"zh": "{day}開案中", "en": "open on {day}"},
    "yes": {"zh": "是", "en": "yes"},
    # periods and staffing measures
    "period.baseline": {"zh": "現有人力", "en": "Existing staff"},
    "phase.generic": {"zh": "第{n}期", "en": "Phase {n}"},
    "phase.generic_many": {"zh": "第{n}期", "en": "Phases {n}"},
    "phase.join": {"zh": "＋", "en": " + "},
    "phase.col.number": {"zh": "期別", "en": "Phase"},
    "phase.col.name": {"zh": "計畫", "en": "Plan"},
    "phase.col.status": {"zh": "狀態", "en": "Status"},
    "phase.status.current": {"zh": "執行中", "en": "running"},
    "phase.status.past": {"zh": "已結束", "en": "ended"},
    "phase.status.next": {"zh": "尚未開始", "en": "not yet started"},
    "phase.section": {"zh": "計畫期程", "en": "Programme phases"},
    "phase.current": {"zh": "目前期程", "en": "Current phase"},
    "phase.current_caption": {"zh": "依今天日期（{today}）", "en": "by today's date ({today})"},
    "phase.none_current": {"zh": "今天不在任何期程內", "en": "no phase runs today"},
    "phase.national.title": {
        "zh": "{phase}：全國計畫數據（全國脈絡，非本市目標）",
        "en": "{phase}: national figures (national context, not this city's targets)",
    },
    "phase.national.strategies": {"zh": "六大策略", "en": "Strategies"},
    "phase.national.none": {
        "zh": "此期程未存全國數據。",
        "en": "No national figures are stored for this phase.",
    },
    "phase.city.title": {"zh": "本市{phase}數據", "en": "This city's figures for {phase}"},
    "phase.city.posts": {"zh": "本市核定（新增）員額", "en": "City posts approved (new)"},
    "phase.city.indicators": {"zh": "本市績效指標數", "en": "City performance indicators"},
    "phase.city.help": {
        "zh": "本市自己的數據；編輯者於資料管理頁輸入人力（period 填 phase{n}）或指標（phase 填 {n}）前為無資料。",
        "en": "The city's own figures: no data until an editor enters its posts (period phase{n}) or indicators (phase {n}) on the Data page.",
    },
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
    "ref.short.first": {"zh": "首年", "en": "First"},
    "ref.short.last": {"zh": "末年", "en": "Last"},
    "ref.short.change": {"zh": "增減", "en": "Change"},
    "ref.short.growth": {"zh": "成長率", "en": "Growth"},
    "ref.short.latest_yoy": {"zh": "年增率", "en": "Latest y/y"},
    "ref.col.marks": {"zh": "附註", "en": "Notes"},
    "ref.col.kind": {"zh": "數值性質", "en": "Kind of figure"},
    "ref.col.reporter": {"zh": "通報來源", "en": "Reported by"},
    "ref.kind.computed": {"zh": "依資料計算", "en": "Computed from the data"},
    "ref.kind.published": {"zh": "來源公布", "en": "Published in the source"},
    "ref.from_reporters": {
        "zh": "（合計由各通報來源加總）",
        "en": "(total added up from the reporting sources)",
    },
    "ref.cases.title": {
        "zh": "由個案資料計算的通報件數",
        "en": "Referrals counted from the case records",
    },
    "ref.cases.intro": {
        "zh": "依匯入之個案資料（通報日期、風險類型、通報來源）逐月、逐年計算；上方出版數字照原文呈現，兩者並列，不互相取代。",
        "en": "Counted month by month and year by year from the imported case records (referral date, risk type, referral source); the published figures above stay as printed, side by side, neither replacing the other.",
    },
    "ref.cases.none": {
        "zh": "{city}尚無個案資料，無法由個案計算通報件數；匯入個案資料（或示範資料）後即顯示於此。",
        "en": "{city} has no case records yet, so referrals cannot be counted from cases; once case records (or the demo data) are imported they show here.",
    },
    "ref.cases.printed_none": {
        "zh": "下方另有由個案資料計算的逐年、逐月通報件數。",
        "en": " Referrals counted from the case records, by year and month, are below.",
    },
    "ref.cases.sources_above": {
        "zh": "由個案資料計算的各來源件數見上方（分類方式選「通報來源」）。",
        "en": " Counts by source from the case records are above (Break down by: Referral source).",
    },
    "ref.cases.filter.by": {"zh": "分類方式", "en": "Break down by"},
    "ref.cases.by.risk_type": {"zh": "風險類型", "en": "Risk type"},
    "ref.cases.by.referral_source": {"zh": "通報來源", "en": "Referral source"},
    "ref.cases.by_title.risk_type": {"zh": "風險類型", "en": "risk type"},
    "ref.cases.by_title.referral_source": {"zh": "通報來源", "en": "referral source"},
    "ref.cases.filter.grain": {"zh": "時間單位", "en": "Period"},
    "ref.cases.grain.year": {"zh": "逐年", "en": "Yearly"},
    "ref.cases.grain.month": {"zh": "逐月", "en": "Monthly"},
    "ref.cases.filter.years": {"zh": "年度範圍（個案資料）", "en": "Years (case records)"},
    "ref.cases.chart.year": {
        "zh": "通報件數（個案資料）：依{by}逐年",
        "en": "Referrals (case records) by {by}, yearly",
    },
    "ref.cases.chart.month": {
        "zh": "通報件數（個案資料）：依{by}逐月",
        "en": "Referrals (case records) by {by}, monthly",
    },
    "ref.cases.axis": {"zh": "通報個案數（案）", "en": "Cases referred"},
    "ref.cases.all": {"zh": "全部通報", "en": "All referrals"},
    "ref.cases.col.risk_type": {"zh": "風險類型", "en": "Risk type"},
    "ref.cases.col.referral_source": {"zh": "通報來源", "en": "Referral source"},
    "ref.cases.col.month": {"zh": "月份", "en": "Month"},
    "ref.cases.col.count": {"zh": "個案計算件數", "en": "Counted from cases"},
    "ref.cases.col.months": {"zh": "涵蓋月份", "en": "Months covered"},
    "ref.cases.col.printed": {"zh": "出版數字", "en": "Published figure"},
    "ref.cases.col.difference": {
        "zh": "與出版數字差異",
        "en": "Difference from the published figure",
    },
    "ref.cases.col.printed_source": {"zh": "出版數字出處", "en": "Source of the published figure"},
    "ref.cases.whole_year": {"zh": "全年", "en": "whole year"},
    "ref.cases.part_year": {"zh": "僅 {n} 個月", "en": "{n} months only"},
    "ref.cases.diff": {
        "zh": "個案計算較出版數字 {diff}（{pct}）",
        "en": "cases {diff} against the published figure ({pct})",
    },
    "ref.cases.diff_same": {"zh": "相同", "en": "the same"},
    "ref.cases.diff_hidden": {
        "zh": "不比較：個案計算件數因小數值隱藏",
        "en": "not compared: the count from cases is hidden (small numbers)",
    },
    "ref.cases.differ": {
        "zh": "有 {n} 筆（年度 × 類別）個案計算件數與出版數字不同：兩者並列於下表「與出版數字差異」欄，出版數字照原文，不作修正。",
        "en": "{n} year × category counts from the cases differ from the published figures: both are in the table below, column 'Difference from the published figure'; the published figures stay as printed.",
    },
    "ref.cases.same": {
        "zh": "{n} 筆出版數字與個案計算件數相同。",
        "en": "{n} published figures equal the counts from the cases.",
    },
    "ref.cases.no_printed": {
        "zh": "出版資料中沒有相同年度與類別的通報數字可與個案資料對照；出版數字見上方。",
        "en": "No published referral figure of the same year and category to set beside the case counts; the published figures are above.",
    },
    "ref.cases.basis": {
        "zh": "個案計算件數：通報日期落在該月（年）的個案數，每案計 1 件；出版數字依來源原文，其計算基礎（例如同一家庭多次通報）可能不同。",
        "en": "Counted from cases: the cases whose referral date falls in the month (year), one per case; published figures are as printed, and may count differently (a family referred twice, say).",
    },
    "ref.cases.multi": {
        "zh": "一案可有多個風險類型，於各類型各計一次，故各類型不相加、不列合計。",
        "en": "A case can have several risk types and counts once under each, so types are not added up and have no total.",
    },
    "ref.cases.folded": {
        "zh": "圖表與表格逐一列出最大的 {shown} 類，其餘 {n} 類合計為「其他」。",
        "en": "The chart and its table show the {shown} largest categories one by one; the other {n} are added up as 'Other'.",
    },
    "ref.cases.hidden_chart": {
        "zh": "圖中不畫出以「<門檻」或「*」隱藏的數值（滑鼠移到點上可見標記）；數值見下表。",
        "en": "Hidden entries ('<threshold' or '*') are not drawn (hover shows the mark); the table below has them.",
    },
    "ref.cases.release_where": {
        "zh": "公開發布開關在「個案分析」頁（需編輯者登入）。",
        "en": "The public-release switch is on the Case analysis page (editor login).",
    },
    "ref.cases.download": {"zh": "下載 CSV（{state}）", "en": "Download CSV ({state})"},
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
    # indicators page (績效指標 / Indicators, issue 6)
    "nav.section.performance": {"zh": "績效", "en": "Performance"},
    "nav.indicators": {"zh": "績效指標", "en": "Indicators"},
    "ind.intro": {
        "zh": "各項績效指標今年是否達標：年度目標、實績、差距與狀態。年度目標未載於來源者依基準線性推算，並標示「推算」。",
        "en": "Is each indicator on track this year: yearly target, actual, gap and status. Yearly targets the source does not give are derived linearly from the baseline and marked 'derived'.",
    },
    "ind.year": {"zh": "年度", "en": "Year"},
    "ind.agency": {"zh": "主責機關", "en": "Responsible agency"},
    "ind.agency.all": {"zh": "（全部機關）", "en": "(all agencies)"},
    "ind.summary": {
        "zh": "{year}：達成 {met} 項、未達成 {missed} 項、無資料 {no_data} 項",
        "en": "{year}: {met} met, {missed} missed, {no_data} with no data",
    },
    "ind.summary.behind": {
        "zh": "{year}：達成 {met} 項、未達成 {missed} 項、進度落後 {behind} 項、無資料 {no_data} 項",
        "en": "{year}: {met} met, {missed} missed, {behind} behind, {no_data} with no data",
    },
    "ind.summary.of": {"zh": "（共 {n} 項指標）", "en": " ({n} tracked)"},
    "ind.status.met": {"zh": "達成", "en": "Met"},
    "ind.status.missed": {"zh": "未達成", "en": "Missed"},
    "ind.status.behind": {"zh": "進度落後", "en": "Behind"},
    "ind.status.no_data": {"zh": "無資料", "en": "No data"},
    "ind.kind.given": {"zh": "訂定", "en": "given"},
    "ind.kind.derived": {"zh": "推算", "en": "derived"},
    "ind.kind.relative": {"zh": "依前一年實績", "en": "from last year's actual"},
    "ind.strategy_en": {"zh": "策略{n}", "en": "Strategy {n}"},
    "ind.col.strategy": {"zh": "策略", "en": "Strategy"},
    "ind.col.indicator": {"zh": "指標", "en": "Indicator"},
    "ind.col.agency": {"zh": "主責機關", "en": "Agency"},
    "ind.col.year": {"zh": "年度", "en": "Year"},
    "ind.col.target": {"zh": "年度目標", "en": "Target"},
    "ind.col.target_kind": {"zh": "目標類型", "en": "Target type"},
    "ind.col.actual": {"zh": "實績", "en": "Actual"},
    "ind.col.gap": {"zh": "差距", "en": "Gap"},
    "ind.col.status": {"zh": "狀態", "en": "Status"},
    "ind.col.trend": {"zh": "趨勢（實績 vs 目標）", "en": "Trend (actual vs target)"},
    "ind.col.final_target": {"zh": "最終目標", "en": "Final target"},
    "ind.col.caveat": {"zh": "目標提醒", "en": "Target caveat"},
    "ind.col.explain": {"zh": "說明", "en": "Explanation"},
    "ind.col.notes": {"zh": "附註", "en": "Notes"},
    "ind.agency_of": {"zh": "主責機關：**{agency}**", "en": "Responsible agency: **{agency}**"},
    "ind.grid_note.derived": {
        "zh": "年度目標為推算：依基準線性推算至最終目標，非原文所載",
        "en": "Yearly target derived: a straight line from the baseline to the final target, not printed in the source",
    },
    "ind.grid_note.relative": {
        "zh": "年度目標依前一年實績推算（原文所訂規則）",
        "en": "Yearly target computed from the previous year's actual (the source's rule)",
    },
    "ind.col.trend_short": {"zh": "趨勢", "en": "Trend"},
    "ind.trend_legend": {
        "zh": "趨勢：實績（藍）與目標（橙，虛線）。",
        "en": "Trend: actuals (blue) and targets (orange, dotted).",
    },
    "ind.col.id": {"zh": "代碼", "en": "Code"},
    "ind.col.unit": {"zh": "單位", "en": "Unit"},
    "ind.gap.points": {"zh": "{value} 個百分點", "en": "{value} pts"},
    "ind.how.table": {
        "zh": "年度目標（原文或編修設定）",
        "en": "Yearly target (printed or set by an editor)",
    },
    "ind.how.final": {"zh": "原文所訂最終目標", "en": "Final target printed in the source"},
    "ind.how.every_year": {"zh": "原文：每年適用", "en": "Printed: applies every year"},
    "ind.how.linear": {
        "zh": "推算：自{from_year}起線性推算",
        "en": "Derived: linear from {from_year}",
    },
    "ind.how.hold": {
        "zh": "推算：維持{from_year}目標",
        "en": "Derived: {from_year} target kept",
    },
    "ind.how.relative": {
        "zh": "依前一年實績計算（{rule}）",
        "en": "Computed from the previous year's actual ({rule})",
    },
    "ind.how.start_year": {"zh": "起點年，不設目標", "en": "Starting year, no target"},
    "ind.how.no_start": {
        "zh": "無基準值，無法推算年度目標",
        "en": "No baseline, so no yearly target can be derived",
    },
    "ind.how.no_target_year": {
        "zh": "來源未載目標年，無年度目標",
        "en": "The source gives no target year, so there is no yearly target",
    },
    "ind.how.no_previous_actual": {
        "zh": "前一年無實績，無法計算相對目標",
        "en": "No actual for the previous year, so the relative target cannot be computed",
    },
    "ind.explain.behind": {
        "zh": "{year}實績落後當年目標",
        "en": "the {year} actual was behind that year's target",
    },
    "ind.explain.no_actual": {"zh": "本年度尚無實績", "en": "No actual for this year yet"},
    "ind.rule.down": {"zh": "較前一年下降 {pct}%", "en": "{pct}% below the previous year"},
    "ind.rule.up": {"zh": "較前一年提升 {pct}%", "en": "{pct}% above the previous year"},
    "ind.direction.up": {"zh": "越高越好", "en": "Higher is better"},
    "ind.direction.down": {"zh": "越低越好", "en": "Lower is better"},
    "ind.note.derived": {
        "zh": "年度目標以線性推算自{start}至{end}；推算值標示「推算」，可由資料編修頁以指定值取代。",
        "en": "Yearly targets are derived linearly from {start} to {end}; derived values are marked 'derived' and can be replaced by a set value on the data-editing page.",
    },
    "ind.note.count": {
        "zh": "本指標為計數，推算目標取整數（越高越好者無條件進位，越低越好者捨去）。",
        "en": "This indicator is a count, so derived targets are whole numbers (rounded up when higher is better, down when lower is better).",
    },
    "ind.note.capped": {
        "zh": "推算目標不高於下一個訂定目標；已超越最終目標者維持最終目標。",
        "en": "A derived target never asks for more than the next given target; an indicator already past its final target keeps the final target.",
    },
    "ind.note.hold": {
        "zh": "最終目標年後維持最終目標至計畫期末（推算）。",
        "en": "After the final target year the final target is kept to the end of the phase (derived).",
    },
    "ind.note.every_year": {
        "zh": "原文目標每年適用：{target}。",
        "en": "The printed target applies every year: {target}.",
    },
    "ind.note.relative": {
        "zh": "相對目標：每年目標 = 前一年實績 {rule}，由實績計算，不另行輸入。",
        "en": "Relative target: each year's target is the previous year's actual, {rule}; computed from the actuals, never typed in.",
    },
    "ind.note.no_start": {
        "zh": "來源未載基準值，亦無較早實績，故最終目標年以前無年度目標（無資料）。",
        "en": "The source gives no baseline and there is no earlier actual, so years before the final target year have no target (no data).",
    },
    "ind.note.no_target_year": {
        "zh": "來源未載目標年，無法排定年度目標；最終目標：{target}。",
        "en": "The source gives no target year, so no yearly targets can be set; final target: {target}.",
    },
    "ind.note.given_only": {
        "zh": "各年度目標均為原文所訂或編修設定。",
        "en": "Every yearly target is printed in the source or set by an editor.",
    },
    "ind.start.baseline": {"zh": "基準值 {value}（{year}）", "en": "the baseline {value} ({year})"},
    "ind.start.actual": {
        "zh": "{year}實績 {value}（以最早實績為起點）",
        "en": "the {year} actual {value} (the earliest actual is the starting point)",
    },
    "ind.target_at": {"zh": "{value}（{year}）", "en": "{value} ({year})"},
    "ind.empty": {
        "zh": "所選年度與主責機關沒有追蹤中的指標。",
        "en": "No indicators are tracked for the chosen year and agency.",
    },
    "ind.none": {"zh": "此縣市尚無績效指標資料。", "en": "No indicators for this city yet."},
    "ind.scorecard": {"zh": "計分卡", "en": "Scorecard"},
    "ind.scorecard.download": {"zh": "下載計分卡 CSV", "en": "Download scorecard CSV"},
    "ind.legend": {
        "zh": "狀態：✔ 達成 · ✖ 未達成 · ◐ 進度落後（最近一次實績落後當年目標）· ○ 無資料。目標類型「推算」為依基準線性推算，非原文所載。",
        "en": "Status: ✔ met · ✖ missed · ◐ behind (the latest actual was behind its year's target) · ○ no data. Target type 'derived' is computed from the baseline, not printed in the source.",
    },
    "ind.detail": {"zh": "指標明細", "en": "Indicator detail"},
    "ind.pick": {"zh": "選擇指標", "en": "Choose an indicator"},
    "ind.definition": {"zh": "定義（原文用語）", "en": "Definition (source wording)"},
    "ind.definition.none": {
        "zh": "無資料：來源僅列指標名稱，未說明計算方式。",
        "en": "No data: the source gives only the indicator's name, not how it is computed.",
    },
    "ind.derivation": {"zh": "年度目標如何訂定", "en": "How the yearly targets are set"},
    "ind.baseline": {"zh": "基準值", "en": "Baseline"},
    "ind.baseline.from_actual": {
        "zh": "以最早實績為起點",
        "en": "earliest actual, the starting point",
    },
    "ind.network": {
        "zh": "網絡單位（{n}）：{agencies}",
        "en": "Network agencies ({n}): {agencies}",
    },
    "ind.latest": {"zh": "最新實績", "en": "Latest actual"},
    "ind.direction": {"zh": "方向", "en": "Direction"},
    "ind.final_gap": {"zh": "距最終目標", "en": "Gap to final target"},
    "ind.chart.actual": {"zh": "實績", "en": "Actual"},
    "ind.chart.target_given": {"zh": "年度目標（訂定）", "en": "Yearly target (given)"},
    "ind.chart.target_derived": {"zh": "年度目標（推算）", "en": "Yearly target (derived)"},
    "ind.chart.target_relative": {
        "zh": "年度目標（依前一年實績）",
        "en": "Yearly target (from last year's actual)",
    },
    "ind.chart.final": {"zh": "最終目標", "en": "Final target"},
    "ind.chart.path": {"zh": "目標路徑", "en": "Target path"},
    "ind.chart.baseline": {"zh": "基準值", "en": "Baseline"},
    "ind.chart.empty": {
        "zh": "尚無實績與年度目標可繪圖。",
        "en": "There are no actuals or yearly targets to chart yet.",
    },
    "ind.chart.table": {"zh": "圖表資料", "en": "Chart data"},
    "ind.flagged": {"zh": "推定與說明", "en": "Readings and notes"},
    # ---- staffing overview and staffing planner pages (issue 5) ----
    "nav.section.staffing": {"zh": "人力", "en": "Staffing"},
    "nav.staffing": {"zh": "人力概況", "en": "Staffing overview"},
    "nav.planner": {"zh": "人力試算", "en": "Staffing planner"},
    "col.year": {"zh": "年度", "en": "Year"},
    "staffing.intro": {
        "zh": "{city}社安網計畫的核定、進用與新增員額，分年人力規劃，以及案量與人力負荷。",
        "en": "{city}: safety-net posts approved, filled and added, the staffing plan by year, and caseloads.",
    },
    "staffing.empty": {
        "zh": "{city}的來源文件未提供人力資料。",
        "en": "The {city} source gives no staffing figures.",
    },
    "staffing.section.posts": {"zh": "員額與進用", "en": "Posts and hiring"},
    "staffing.section.agencies": {"zh": "各單位員額（分期）", "en": "Posts by agency and phase"},
    "staffing.section.cumulative": {"zh": "人力累計規劃", "en": "Cumulative staffing plan"},
    "staffing.section.required": {
        "zh": "各服務需求人力（分年）",
        "en": "Staff required per service, by year",
    },
    "staffing.section.context": {"zh": "案量與人力負荷", "en": "Caseloads and workload"},
    "staffing.vacancy_rate": {"zh": "空缺率", "en": "Vacancy rate"},
    "staffing.vacancy_rate_help": {
        "zh": "空缺率 = 未進用 ÷（未進用 + 已進用），依人力表計算",
        "en": "Vacancy rate = vacant ÷ (vacant + filled), computed from the staffing table",
    },
    "staffing.vacancy_rate_caption": {
        "zh": "{vacant} ÷（{vacant} + {hired}）",
        "en": "{vacant} ÷ ({vacant} + {hired})",
    },
    "staffing.growth": {"zh": "員額數增加", "en": "Growth in posts"},
    "staffing.growth_help": {
        "zh": "第二期核定新增員額 − 第一期核定員額，依人力表計算（來源印「員額數增加」）",
        "en": "Phase-2 new posts − phase-1 approved posts, computed from the staffing table (the source's 'increase in posts')",
    },
    "staffing.growth_caption": {"zh": "{new} − {approved}", "en": "{new} − {approved}"},
    "staffing.approved_total": {"zh": "第一、二期核定總計", "en": "Approved, phases 1 and 2"},
    "staffing.new_planned": {"zh": "擬新增社工人力", "en": "New social worker posts planned"},
    "staffing.cumulative_end": {"zh": "{year}社工人力總計", "en": "Social workers in {year}"},
    "staffing.check.title": {"zh": "來源數字核對", "en": "Check against the printed figures"},
    "staffing.check.caption": {
        "zh": "來源文件印出的比率與合計（各單位及全部單位），與依人力表重新計算的結果並列；✓ 表示一致，✗ 表示不一致，— 表示人力表無從計算。",
        "en": "Rates and totals printed in the source (per agency and for all agencies) beside the same figures computed from the staffing table; ✓ means they agree, ✗ that they do not, — that the table cannot give the figure.",
    },
    "staffing.check.figure": {"zh": "項目", "en": "Figure"},
    "staffing.all_agencies": {"zh": "全部單位", "en": "All agencies"},
    "staffing.total_measure.approved": {"zh": "核定員額", "en": "approved posts"},
    "staffing.total_measure.hired": {"zh": "已進用", "en": "filled"},
    "staffing.total_measure.vacant": {"zh": "未進用", "en": "vacant"},
    "staffing.total_measure.new": {"zh": "新增員額", "en": "new posts"},
    "staffing.total_measure.approved_total": {
        "zh": "核定總計（第一期核定＋第二期新增）",
        "en": "approved in all (phase-1 approved + phase-2 new)",
    },
    "staffing.total_measure.cumulative": {"zh": "社工人力總計", "en": "social workers in all"},
    "staffing.total_measure.new_total": {"zh": "新增社工總計", "en": "new social workers in all"},
    "staffing.check.published": {"zh": "來源數字", "en": "Printed"},
    "staffing.check.computed": {"zh": "計算結果", "en": "Computed"},
    "staffing.check.agrees": {"zh": "一致", "en": "Agrees"},
    "staffing.no_agencies": {
        "zh": "來源文件未按期別列出各單位核定與進用人數；分年規劃見下方。",
        "en": "The source gives no approved and filled posts per agency and phase; see the plan by year below.",
    },
    "staffing.no_plan": {
        "zh": "來源文件未提供可累計的分期或分年人力規劃。",
        "en": "The source gives no staffing plan by phase or year to accumulate.",
    },
    "staffing.cumulative_caption": {
        "zh": "各階段累計人力：{steps}。依人力表逐單位累加，合計與來源總計欄相符。",
        "en": "Posts in place after each step: {steps}. Summed per agency from the staffing table; the totals match the printed total column.",
    },
    "staffing.required_in": {"zh": "{year}需求人力", "en": "Required {year}"},
    "staffing.recruitment": {"zh": "社工招募周期", "en": "Social worker recruitment cycle"},
    "staffing.months": {"zh": "月", "en": "months"},
    "staffing.detail": {"zh": "人力明細（原始資料）", "en": "Staffing detail (source rows)"},
    "staffing.to_planner": {"zh": "前往人力試算", "en": "Open the staffing planner"},
    "staffing.total": {"zh": "合計", "en": "Total"},
    "staffing.axis.posts": {"zh": "員額（人）", "en": "Posts"},
    "staffing.chart.by_agency": {
        "zh": "各單位員額：第一期進用與第二期新增",
        "en": "Posts by agency: phases 1 and 2",
    },
    "staffing.chart.gap": {
        "zh": "第一期核定與已進用（進用缺口）",
        "en": "Phase 1: approved vs filled (gap)",
    },
    "staffing.chart.cumulative": {"zh": "人力累計規劃", "en": "Cumulative staffing plan"},
    "staffing.seg.hired": {"zh": "第一期已進用", "en": "Phase 1 filled"},
    "staffing.seg.vacant": {"zh": "第一期未進用", "en": "Phase 1 vacant"},
    "staffing.seg.new": {"zh": "第二期新增", "en": "Phase 2 new"},
    "staffing.seg.approved": {"zh": "第一期核定", "en": "Phase 1 approved"},
    "staffing.col.approved": {"zh": "第一期核定", "en": "Phase 1 approved"},
    "staffing.col.hired": {"zh": "第一期已進用", "en": "Phase 1 filled"},
    "staffing.col.vacant": {"zh": "第一期未進用", "en": "Phase 1 vacant"},
    "staffing.col.hiring_rate": {"zh": "進用率（%）", "en": "Hiring rate (%)"},
    "staffing.col.new": {"zh": "第二期新增", "en": "Phase 2 new"},
    "staffing.col.total": {"zh": "第一、二期核定總計", "en": "Phases 1–2 total"},
    # the agency table's headers on a laptop's page (the full ones are their tooltips)
    "staffing.short.approved": {"zh": "第一期核定", "en": "P1 approved"},
    "staffing.short.hired": {"zh": "第一期已進用", "en": "P1 filled"},
    "staffing.short.vacant": {"zh": "第一期未進用", "en": "P1 vacant"},
    "staffing.short.new": {"zh": "第二期新增", "en": "P2 new"},
    "staffing.short.total": {"zh": "第一、二期核定總計", "en": "P1–2 total"},
    # planner page
    "planner.intro": {
        "zh": "依各服務線的案量與配置標準，試算各年需要的社工與督導、與核定及已進用人數的差距、每年需招募人數與最晚開始招募月份。數值皆為假設，請依實際情況填寫。",
        "en": "From each service line's caseload and staffing standard, estimate the workers and supervisors needed each year, the gap against approved and filled posts, the hires per year and the month recruiting must start. All values are assumptions to fill in.",
    },
    "planner.inputs": {"zh": "試算條件", "en": "Inputs"},
    "planner.results": {"zh": "試算結果", "en": "Results"},
    "planner.scenarios": {"zh": "方案", "en": "Scenarios"},
    "planner.invalid": {
        "zh": "試算條件有誤或未填，尚未計算：",
        "en": "Some inputs are missing or invalid, so nothing is computed yet:",
    },
    "planner.lines": {"zh": "各服務線的試算條件", "en": "Each service line's inputs"},
    "planner.line.pick": {"zh": "修改服務線", "en": "Service line to change"},
    "planner.line.pick_help": {
        "zh": "上表列出每條服務線的試算條件（空白為未填）；選一條服務線，即可在下方修改它的數字，並看到每個帶入數字的出處。",
        "en": "The table above lists every service line's inputs (blank: not given); pick a line to change its figures below and see where each prefilled figure came from.",
    },
    # the table of every line's inputs: short headers (the full names are their tooltips)
    "planner.col.caseload": {"zh": "案量", "en": "Cases"},
    "planner.col.caseload_change_pct": {"zh": "年增率%", "en": "Growth %"},
    "planner.col.cases_per_worker": {"zh": "每人案量", "en": "Ratio"},
    "planner.col.hours_per_case_month": {"zh": "每案工時", "en": "Hours/case"},
    "planner.col.productive_hours_month": {"zh": "月可用工時", "en": "Hours/month"},
    "planner.col.workers_per_supervisor": {"zh": "督導比", "en": "Span"},
    "planner.col.vacancy_rate_pct": {"zh": "空缺率%", "en": "Vacant %"},
    "planner.col.turnover_pct": {"zh": "離職率%", "en": "Turnover %"},
    "planner.col.lead_time_months": {"zh": "招募月", "en": "Lead mo."},
    "planner.col.approved_posts": {"zh": "核定", "en": "Posts"},
    "planner.col.hired_now": {"zh": "已進用", "en": "Hired"},
    "planner.line_label": {"zh": "服務線 {n} 名稱", "en": "Service line {n}: name"},
    "planner.new_line": {"zh": "服務線 {n}", "en": "Service line {n}"},
    "planner.unnamed": {"zh": "（未命名）", "en": "(unnamed)"},
    "planner.unsaved": {"zh": "未儲存方案", "en": "Unsaved scenario"},
    "planner.add_line": {"zh": "新增服務線", "en": "Add a service line"},
    "planner.remove": {"zh": "移除", "en": "Remove"},
    "planner.lines_left_out": {
        "zh": "人力資料的服務線很多：試算先列出核定員額最多的 {shown} 條，其餘 {n} 條未列出。要試算其中一條，請按下方「新增服務線」，填入其名稱與數字（各服務線的員額見「人力概況」頁的人力明細）。",
        "en": "The staffing data has many service lines: the planner opens with the {shown} with the most posts approved and leaves out the other {n}. To plan one of them, press 'Add a service line' below and enter its name and figures (each line's posts are in the staffing detail of the Staffing overview page).",
    },
    "planner.placeholder": {"zh": "未填", "en": "not given"},
    "planner.example.vulnerable_families": {"zh": "脆弱家庭", "en": "Vulnerable families"},
    "planner.example.protective": {"zh": "保護服務", "en": "Protective services"},
    "planner.example.offenders_mh": {
        "zh": "加害人合併精神疾病或自殺風險",
        "en": "Offenders with mental illness or suicide risk",
    },
    "planner.example.psychiatric_community": {
        "zh": "精神疾病社區關懷",
        "en": "Psychiatric community care",
    },
    "planner.method.ratio": {
        "zh": "比例法（案量 ÷ 每人案量）",
        "en": "Ratio (cases ÷ cases per worker)",
    },
    "planner.method.time": {
        "zh": "工時法（案量 × 工時 ÷ 可用工時）",
        "en": "Time standard (cases × hours ÷ productive hours)",
    },
    "planner.method_short.ratio": {"zh": "比例法", "en": "Ratio"},
    "planner.method_short.time": {"zh": "工時法", "en": "Time standard"},
    "planner.method_how.ratio": {"zh": "案量 ÷ 每人案量", "en": "cases ÷ cases per worker"},
    "planner.method_how.time": {
        "zh": "案量 × 工時 ÷ 可用工時",
        "en": "cases × hours ÷ productive hours",
    },
    "planner.field.lines": {"zh": "服務線", "en": "Service lines"},
    "planner.field.base_year": {
        "zh": "基準年（目前案量年度）",
        "en": "Base year (year of current caseload)",
    },
    "planner.field.end_year": {"zh": "規劃迄年", "en": "Plan to year"},
    "planner.phase_end": {"zh": "{year}（{phase}結束）", "en": "{year} (end of {phase})"},
    "planner.field.name": {"zh": "服務線", "en": "Service line"},
    "planner.field.method": {"zh": "計算方法", "en": "Method"},
    "planner.field.caseload": {"zh": "目前案量（案）", "en": "Current caseload (cases)"},
    "planner.field.caseload_change_pct": {
        "zh": "預估案量年增率（%）",
        "en": "Expected yearly caseload change (%)",
    },
    "planner.field.cases_per_worker": {
        "zh": "每名社工案量標準（案/人）",
        "en": "Target cases per worker",
    },
    "planner.field.hours_per_case_month": {
        "zh": "每案每月工時（小時）",
        "en": "Hours per case per month",
    },
    "planner.field.productive_hours_month": {
        "zh": "每人每月可用工時（小時）",
        "en": "Productive hours per worker per month",
    },
    "planner.field.workers_per_supervisor": {
        "zh": "每名督導帶領社工數",
        "en": "Workers per supervisor (span)",
    },
    "planner.field.vacancy_rate_pct": {"zh": "預估空缺率（%）", "en": "Expected vacancy rate (%)"},
    "planner.field.turnover_pct": {"zh": "預估年離職率（%）", "en": "Expected yearly turnover (%)"},
    "planner.field.lead_time_months": {
        "zh": "招募所需月數",
        "en": "Recruitment lead time (months)",
    },
    "planner.field.approved_posts": {"zh": "目前核定員額", "en": "Posts approved now"},
    "planner.field.hired_now": {"zh": "目前已進用人數", "en": "People hired now"},
    "planner.help.base_year": {
        "zh": "目前案量所屬年度；試算由此年開始。",
        "en": "The year of the current caseload; the plan starts here.",
    },
    "planner.help.end_year": {
        "zh": "試算到哪一年（預設為本市人力計畫涵蓋的最後一年；各期程的最後一年均已標示）。",
        "en": "The last year planned (default: the last year of the city's staffing plan; the last year of every phase is marked).",
    },
    "planner.help.method": {
        "zh": "比例法：社工數 = 案量 ÷ 每人案量；工時法：社工數 = 案量 × 每案每月工時 ÷ 每人每月可用工時（已扣除休假、訓練與行政時間）。",
        "en": "Ratio: workers = caseload ÷ cases per worker. Time standard: workers = caseload × hours per case per month ÷ productive hours per worker per month (net of leave, training and administration).",
    },
    "planner.help.caseload": {"zh": "基準年的在案數。", "en": "Active cases in the base year."},
    "planner.help.caseload_change_pct": {
        "zh": "每年增減百分比；負值表示減少。",
        "en": "Percent change per year; negative for a fall.",
    },
    "planner.help.cases_per_worker": {
        "zh": "1 名社工負責的案量，例如 1:35 填 35。",
        "en": "Cases one worker carries; 1:35 is 35.",
    },
    "planner.help.hours_per_case_month": {
        "zh": "每案每月平均所需工時。",
        "en": "Average hours each case needs per month.",
    },
    "planner.help.productive_hours_month": {
        "zh": "每名社工每月可用於個案的工時，已扣除休假、訓練與行政時間。",
        "en": "Hours per worker per month available for cases, net of leave, training and administration.",
    },
    "planner.help.workers_per_supervisor": {
        "zh": "1 名督導帶領的社工人數，例如 1 督導帶 5 名社工填 5。",
        "en": "Workers per supervisor; 1 supervisor for 5 workers is 5.",
    },
    "planner.help.vacancy_rate_pct": {
        "zh": "空缺率 = 空缺數 ÷（空缺數 + 在職人數）。用來估算需核定多少員額，才能平均有足夠人員在職。",
        "en": "Vacancy rate = vacancies ÷ (vacancies + staff in post). Used to size the posts to fund so that enough people are in post on average.",
    },
    "planner.help.turnover_pct": {
        "zh": "每年離職人數占年初在職人數的百分比。",
        "en": "Leavers per year as a percent of staff in post at the start of the year.",
    },
    "planner.help.lead_time_months": {
        "zh": "從開始招募到人員到職所需月數。",
        "en": "Months from starting to recruit to the person starting work.",
    },
    "planner.help.approved_posts": {
        "zh": "此服務線目前核定的員額（社工 + 督導）；未填則不計算差距。",
        "en": "Posts approved for this line now (workers + supervisors); leave empty if unknown.",
    },
    "planner.help.hired_now": {
        "zh": "此服務線目前在職人數（社工 + 督導）；未填則不計算招募人數。",
        "en": "People in post on this line now (workers + supervisors); leave empty if unknown.",
    },
    "planner.from.approved_phases": {
        "zh": "{phase}核定 {approved} ＋ {next}新增 {new}（人力表）",
        "en": "{phase} approved {approved} + {next} new {new} (staffing table)",
    },
    "planner.from.approved_phase": {
        "zh": "{phase}核定 {approved}（人力表）",
        "en": "{phase} approved {approved} (staffing table)",
    },
    "planner.from.hired_phase": {
        "zh": "{phase}已進用（人力表）",
        "en": "{phase} hired (staffing table)",
    },
    "planner.from.existing": {
        "zh": "現有人力（人力表，以{year}計）",
        "en": "staff in post (staffing table, as of {year})",
    },
    "planner.from.cumulative": {
        "zh": "現有人力 {existing} ＋ 至{year}新增 {new}（人力表）",
        "en": "staff in post {existing} + new posts to {year}: {new} (staffing table)",
    },
    "planner.from.preset": {
        "zh": "原文「{label}」（{source}）",
        "en": "as printed: {label} ({source})",
    },
    "planner.from.cases": {
        "zh": "個案資料：{what}（{dataset}）",
        "en": "case records: {what} ({dataset})",
    },
    "planner.from.label": {"zh": "出處", "en": "From"},
    "planner.incomplete": {
        "zh": "以下服務線尚缺試算所需的數字，填入後即可算出需要人力（其餘已填齊的服務線照常試算）：",
        "en": "These service lines lack figures the plan needs; enter them to compute the staff needed (complete lines are planned as usual):",
    },
    "planner.incomplete_none_planned": {
        "zh": "尚無填齊的服務線，先列出人力表中的核定與進用情形。",
        "en": "No service line is complete yet; the posts approved and filled from the staffing table are shown meanwhile.",
    },
    "planner.planned_lines": {
        "zh": "試算結果只含已填齊的服務線：{names}",
        "en": "Results cover only the complete service lines: {names}",
    },
    "planner.posts_now": {"zh": "目前核定與進用", "en": "Posts approved and filled now"},
    "planner.posts_now.caption": {
        "zh": "尚缺 = 核定員額 − 已進用人數（依上方各服務線填入的數字）。",
        "en": "Short = posts approved − people hired (from the figures entered above).",
    },
    "planner.posts_now.short": {"zh": "核定員額尚未進用", "en": "Approved posts not yet filled"},
    "planner.gap.short": {"zh": "尚缺 {n} 人", "en": "{n} short"},
    "planner.gap.surplus": {"zh": "多 {n} 人", "en": "{n} over"},
    "planner.gap.posts_short": {"zh": "尚缺 {n} 個員額", "en": "{n} posts short"},
    "planner.gap.posts_surplus": {"zh": "多 {n} 個員額", "en": "{n} posts to spare"},
    "planner.gap.none": {"zh": "無缺口", "en": "no gap"},
    "planner.cases.title": {
        "zh": "從個案資料帶入目前案量",
        "en": "Take the current caseload from the case records",
    },
    "planner.cases.none": {
        "zh": "尚無個案資料：編輯者於資料管理頁「個案資料」匯入個案（或載入示範資料）後，即可由個案資料帶入目前案量。",
        "en": "No case records yet: once an editor imports them (or loads the demo data) on the Data page, tab Case records, the current caseload can be taken from them.",
    },
    "planner.cases.demo": {
        "zh": "目前為示範資料（合成），數字僅供操作示範，不是本市實際案量。",
        "en": "These are synthetic demo data: the count shows how it works, it is not the city's caseload.",
    },
    "planner.cases.intro": {
        "zh": "個案資料為各社福中心的脆弱家庭個案；選擇年度與計算方式，帶入所選服務線的目前案量。",
        "en": "The case records are the service centres' vulnerable-family cases; pick the year and how to count, and put the count into a service line's current caseload.",
    },
    "planner.cases.year": {"zh": "年度", "en": "Year"},
    "planner.cases.basis": {"zh": "目前案量採計", "en": "Count as current caseload"},
    "planner.cases.basis.open_at_year_end": {"zh": "年底在案數", "en": "cases open at year end"},
    "planner.cases.basis.served_in_year": {"zh": "當年服務案數", "en": "cases served in the year"},
    "planner.cases.basis_value.open_at_year_end": {
        "zh": "{year}底在案 {n} 案",
        "en": "{n} cases open at the end of {year}",
    },
    "planner.cases.basis_value.served_in_year": {
        "zh": "{year}服務 {n} 案",
        "en": "{n} cases served in {year}",
    },
    "planner.cases.line": {"zh": "帶入服務線", "en": "Into service line"},
    "planner.cases.apply": {"zh": "帶入目前案量", "en": "Use as current caseload"},
    "planner.err.where_line": {
        "zh": "第 {n} 列「{name}」的「{field}」",
        "en": "line {n} '{name}', {field}",
    },
    "planner.err.required": {"zh": "請填寫", "en": "is required"},
    "planner.err.negative": {"zh": "不可為負數", "en": "must not be negative"},
    "planner.err.whole": {"zh": "須為整數", "en": "must be a whole number"},
    "planner.err.nan": {"zh": "不是有效數字", "en": "is not a valid number"},
    "planner.err.range_year": {
        "zh": "須介於 2000 至 2100 年",
        "en": "must be between 2000 and 2100",
    },
    "planner.err.end_before_base": {"zh": "不可早於基準年", "en": "cannot be before the base year"},
    "planner.err.horizon": {
        "zh": "規劃期間不可超過 {limit} 年",
        "en": "the horizon cannot exceed {limit} years",
    },
    "planner.err.no_lines": {
        "zh": "至少需要一條服務線",
        "en": "at least one service line is needed",
    },
    "planner.err.duplicate": {"zh": "與前面的服務線同名", "en": "repeats an earlier line's name"},
    "planner.err.method": {
        "zh": "須為比例法或工時法",
        "en": "must be the ratio or the time-standard method",
    },
    "planner.err.ge": {"zh": "不可小於 {limit}", "en": "cannot be less than {limit}"},
    "planner.err.gt": {"zh": "須大於 {limit}", "en": "must be more than {limit}"},
    "planner.err.lt": {"zh": "須小於 {limit}", "en": "must be less than {limit}"},
    "planner.err.le": {"zh": "不可大於 {limit}", "en": "cannot be more than {limit}"},
    "planner.presets": {"zh": "參考標準（附出處）", "en": "Reference standards (with source)"},
    "planner.preset.choose": {"zh": "參考標準", "en": "Standard"},
    "planner.preset.apply_to": {"zh": "套用到「{line}」", "en": "Apply to '{line}'"},
    "planner.preset.col.name": {"zh": "參考標準", "en": "Standard"},
    "planner.preset.col.field": {"zh": "對應欄位", "en": "Input"},
    "planner.preset.col.value": {"zh": "數值", "en": "Value"},
    "preset.keelung_offender_ratio": {
        "zh": "基隆市 加害人合併精神疾病（含自殺企圖）個案：1 名社工對 {value} 案",
        "en": "Keelung, offenders with mental illness (incl. suicide attempts): 1 worker per {value} cases",
    },
    "preset.keelung_offender_span": {
        "zh": "基隆市 同上服務：每 {value} 名社工加計 1 名督導",
        "en": "Keelung, same service: 1 supervisor per {value} workers",
    },
    "preset.keelung_coordination_span": {
        "zh": "基隆市 加害人處遇協調服務：{value} 名社工加計 1 名督導",
        "en": "Keelung, offender treatment coordination: 1 supervisor per {value} workers",
    },
    "preset.keelung_recruit_min": {
        "zh": "基隆市 社工招募周期下限：{value} 個月",
        "en": "Keelung recruitment cycle, low end: {value} months",
    },
    "preset.keelung_recruit_max": {
        "zh": "基隆市 社工招募周期上限：{value} 個月",
        "en": "Keelung recruitment cycle, high end: {value} months",
    },
    "preset.cwla_investigations": {
        "zh": "CWLA 兒保調查：每名社工每月 {value} 件進行中調查",
        "en": "CWLA child-protection investigations: {value} active investigations per worker per month",
    },
    "preset.cwla_ongoing": {
        "zh": "CWLA 持續性服務：每名社工 {value} 個進行中家庭",
        "en": "CWLA ongoing services: {value} active families per worker",
    },
    "preset.cwla_foster_low": {
        "zh": "CWLA 寄養服務：每名社工 {value} 名兒童（12–15 之下限）",
        "en": "CWLA foster care: {value} children per worker (low end of 12–15)",
    },
    "preset.cwla_foster_high": {
        "zh": "CWLA 寄養服務：每名社工 {value} 名兒童（12–15 之上限）",
        "en": "CWLA foster care: {value} children per worker (high end of 12–15)",
    },
    "preset.cwla_supervision": {
        "zh": "CWLA 督導：每 {value} 名社工 1 名督導",
        "en": "CWLA supervision: 1 supervisor per {value} workers",
    },
    "planner.out.caseload": {"zh": "案量（案）", "en": "Caseload"},
    "planner.out.workers": {"zh": "需要社工", "en": "Workers needed"},
    "planner.out.supervisors": {"zh": "需要督導", "en": "Supervisors needed"},
    "planner.out.staff": {
        "zh": "需要人力（社工 + 督導）",
        "en": "Staff needed (workers + supervisors)",
    },
    "planner.out.posts_needed": {
        "zh": "應核定員額（含空缺）",
        "en": "Posts to fund (with vacancy)",
    },
    "planner.out.approved": {"zh": "目前核定員額", "en": "Posts approved now"},
    "planner.out.gap_approved": {"zh": "與核定員額差距", "en": "Gap vs approved posts"},
    "planner.out.hired": {"zh": "目前已進用", "en": "Hired now"},
    "planner.out.gap_hired": {"zh": "與已進用人數差距", "en": "Gap vs people hired"},
    "planner.out.hires": {"zh": "當年需招募", "en": "Hires that year"},
    "planner.out.leavers": {"zh": "預估離職", "en": "Expected leavers"},
    "planner.out.caseload_per_worker_no_hires": {
        "zh": "若不再進用：每名社工案量",
        "en": "Cases per worker if no one more is hired",
    },
    "planner.out.recruit_start": {"zh": "最晚開始招募", "en": "Start recruiting by"},
    "planner.no_recruiting": {"zh": "無需招募", "en": "none needed"},
    "planner.late": {"zh": "（已逾期，應立即招募）", "en": "(already late: recruit now)"},
    "planner.axis.people": {"zh": "人數", "en": "People"},
    "planner.chart.plan": {"zh": "各年需要人力與員額", "en": "Staff and posts needed by year"},
    "planner.chart.sensitivity": {
        "zh": "每人案量標準對所需員額的影響（規劃迄年）",
        "en": "Posts needed against target cases per worker (last plan year)",
    },
    "planner.chart.compare": {
        "zh": "方案比較：各年應核定員額",
        "en": "Scenarios compared: posts to fund by year",
    },
    "planner.kpi.workers": {"zh": "{year}需要社工", "en": "Workers needed, {year}"},
    "planner.kpi.supervisors": {"zh": "{year}需要督導", "en": "Supervisors needed, {year}"},
    "planner.kpi.posts": {"zh": "{year}應核定員額", "en": "Posts to fund, {year}"},
    "planner.kpi.staff_caption": {
        "zh": "在職需 {n} 人（社工 + 督導）",
        "en": "{n} in post (workers + supervisors)",
    },
    "planner.kpi.help": {
        "zh": "各服務線分別無條件進位後加總",
        "en": "Each line rounded up, then summed",
    },
    "planner.kpi.gap_approved": {
        "zh": "{year}與核定員額差距",
        "en": "Gap vs approved posts, {year}",
    },
    "planner.kpi.gap_approved_help": {
        "zh": "應核定員額 − 目前核定員額；正值表示需爭取增加員額",
        "en": "Posts to fund − posts approved now; positive means more posts must be sought",
    },
    "planner.kpi.gap_hired": {"zh": "{year}與已進用人數差距", "en": "Gap vs people hired, {year}"},
    "planner.kpi.gap_hired_help": {
        "zh": "需要人力 − 目前已進用人數",
        "en": "Staff needed − people hired now",
    },
    "planner.kpi.missing_approved": {
        "zh": "部分服務線未填核定員額",
        "en": "Some lines have no approved posts entered",
    },
    "planner.kpi.missing_hired": {
        "zh": "部分服務線未填已進用人數",
        "en": "Some lines have no hired count entered",
    },
    "planner.kpi.recruit": {"zh": "最早需開始招募", "en": "Earliest recruiting start"},
    "planner.kpi.recruit_caption": {
        "zh": "為了{year}到職",
        "en": "to have people in post in {year}",
    },
    "planner.kpi.recruit_none": {
        "zh": "未填已進用人數或招募月數，或無需招募",
        "en": "No hires needed, or hired count or lead time not entered",
    },
    "planner.tab.by_year": {"zh": "逐年合計", "en": "By year"},
    "planner.tab.by_line": {"zh": "各服務線", "en": "By service line"},
    "planner.tab.flow": {"zh": "人員流動與招募", "en": "Staff flow and hiring"},
    "planner.tab.sensitivity": {"zh": "敏感度分析", "en": "Sensitivity"},
    "planner.tab.formulas": {"zh": "計算方式", "en": "How it is computed"},
    "planner.flow.none": {
        "zh": "未填目前已進用人數，無法計算各年招募人數。",
        "en": "No hired count entered, so hires per year cannot be computed.",
    },
    "planner.vacancy_now": {
        "zh": "「{name}」目前空缺率：{vacant} ÷（{vacant} + {hired}）= {rate}",
        "en": "'{name}' vacancy rate now: {vacant} ÷ ({vacant} + {hired}) = {rate}",
    },
    "planner.sens.ratio": {"zh": "每名社工案量標準（案/人）", "en": "Target cases per worker"},
    "planner.sens.current": {"zh": "目前 {value}", "en": "current {value}"},
    "planner.sens.none": {
        "zh": "沒有使用比例法的服務線，案量標準不影響結果。",
        "en": "No line uses the ratio method, so the ratio changes nothing.",
    },
    "planner.sens.caption": {
        "zh": "所有比例法服務線改用同一案量標準時，規劃迄年所需人力與應核定員額；工時法服務線不變。",
        "en": "Staff and posts needed in the last plan year if every ratio-method line used the same ratio; time-standard lines unchanged.",
    },
    "planner.formula.caseload": {
        "zh": "各年案量 = 目前案量 ×（1 + 年增率）^（年度 − 基準年）。",
        "en": "Caseload in a year = current caseload × (1 + yearly change)^(year − base year).",
    },
    "planner.formula.ratio": {
        "zh": "比例法：社工數 = ⌈案量 ÷ 每名社工案量⌉。",
        "en": "Ratio method: workers = ⌈caseload ÷ cases per worker⌉.",
    },
    "planner.formula.time": {
        "zh": "工時法：社工數 = ⌈案量 × 每案每月工時 ÷ 每人每月可用工時⌉（可用工時已扣除休假、訓練與行政）。",
        "en": "Time-standard method: workers = ⌈caseload × hours per case per month ÷ productive hours per worker per month⌉ (net of leave, training and administration).",
    },
    "planner.formula.supervisors": {
        "zh": "督導數 = ⌈社工數 ÷ 每名督導帶領社工數⌉；需要人力 = 社工 + 督導。",
        "en": "Supervisors = ⌈workers ÷ workers per supervisor⌉; staff needed = workers + supervisors.",
    },
    "planner.formula.vacancy": {
        "zh": "空缺率 = 空缺數 ÷（空缺數 + 在職人數）。",
        "en": "Vacancy rate = vacancies ÷ (vacancies + staff in post).",
    },
    "planner.formula.posts": {
        "zh": "應核定員額 = ⌈需要人力 ÷（1 − 空缺率）⌉：在預估空缺率下，平均仍有足夠人員在職。",
        "en": "Posts to fund = ⌈staff needed ÷ (1 − vacancy rate)⌉, so that enough people are in post on average at the expected vacancy rate.",
    },
    "planner.formula.flow": {
        "zh": "人員流動：年初在職 S 人、年離職率 t，當年離職 L = S × t；當年需招募 = ⌈max(0, 需要人力 −（S − L））⌉，即補足成長所需並補回離職者。",
        "en": "Staff flow: with S in post at the start of a year and yearly turnover t, L = S × t leave; hires that year = ⌈max(0, staff needed − (S − L))⌉, the growth plus the leavers to replace.",
    },
    "planner.formula.recruit": {
        "zh": "最晚開始招募 = 當年 1 月 − 招募所需月數（人員須於當年年初到職）。",
        "en": "Start recruiting by = January of the year − the lead time (people must be in post at the start of the year).",
    },
    "planner.formula.no_hires": {
        "zh": "若不再進用：每名社工案量 = 案量 ÷（目前已進用 × 社工占比 × (1 − 離職率)^經過年數），社工占比 = 帶領數 ÷（帶領數 + 1）。",
        "en": "If no one more is hired: cases per worker = caseload ÷ (hired now × worker share × (1 − turnover)^years elapsed), worker share = span ÷ (span + 1).",
    },
    "planner.formula.rounding": {
        "zh": "人數一律無條件進位（⌈ ⌉），各服務線分別進位後再加總。",
        "en": "People are always rounded up (⌈ ⌉), per service line, before summing.",
    },
    "planner.scenario": {"zh": "方案", "en": "Scenario"},
    "planner.export": {"zh": "匯出方案 Excel（.xlsx）", "en": "Export scenario to Excel (.xlsx)"},
    "planner.scn.name": {"zh": "方案名稱", "en": "Scenario name"},
    "planner.scn.overwrite": {"zh": "覆寫同名方案", "en": "Replace a scenario of that name"},
    "planner.scn.viewer": {
        "zh": "任何人都可試算、載入及比較方案；儲存、複製與刪除方案需以編輯者身分登入。",
        "en": "Anyone can plan, reload and compare scenarios; saving, duplicating and deleting need an editor login.",
    },
    "planner.scn.login": {"zh": "編輯者登入", "en": "Editor login"},
    "planner.scn.save": {"zh": "儲存方案", "en": "Save scenario"},
    "planner.scn.fix_first": {"zh": "請先修正試算條件", "en": "Fix the inputs first"},
    "planner.scn.none": {
        "zh": "此縣市尚無已儲存的方案。",
        "en": "No saved scenarios for this city yet.",
    },
    "planner.scn.saved_list": {"zh": "已儲存方案", "en": "Saved scenarios"},
    "planner.scn.load": {"zh": "載入", "en": "Load"},
    "planner.scn.duplicate": {"zh": "複製", "en": "Duplicate"},
    "planner.scn.delete": {"zh": "刪除", "en": "Delete"},
    "planner.scn.confirm_delete": {"zh": "確認刪除", "en": "Confirm delete"},
    "planner.scn.confirm_first": {
        "zh": "請先勾選「確認刪除」。",
        "en": "Tick 'Confirm delete' first.",
    },
    "planner.scn.saved": {"zh": "已儲存方案「{name}」。", "en": "Saved scenario '{name}'."},
    "planner.scn.loaded": {"zh": "已載入方案「{name}」。", "en": "Loaded scenario '{name}'."},
    "planner.scn.duplicated": {
        "zh": "已將「{name}」複製為「{copy}」。",
        "en": "Copied '{name}' as '{copy}'.",
    },
    "planner.scn.deleted": {"zh": "已刪除方案「{name}」。", "en": "Deleted scenario '{name}'."},
    "planner.scn.err.name_required": {"zh": "請輸入方案名稱。", "en": "Enter a scenario name."},
    "planner.scn.err.name_too_long": {
        "zh": "方案名稱不可超過 {detail} 字。",
        "en": "A scenario name can have at most {detail} characters.",
    },
    "planner.scn.err.exists": {
        "zh": "已有名為「{name}」的方案；如要取代，請勾選「覆寫同名方案」。未儲存。",
        "en": "A scenario named '{name}' exists; tick 'Replace' to overwrite it. Nothing was saved.",
    },
    "planner.scn.err.invalid": {
        "zh": "方案「{name}」的條件有誤，未儲存：{detail}",
        "en": "Scenario '{name}' has invalid inputs and was not saved: {detail}",
    },
    "planner.scn.err.missing": {
        "zh": "找不到方案「{name}」。",
        "en": "No scenario named '{name}'.",
    },
    "planner.scn.err.revert_stale": {
        "zh": "方案「{name}」在第 {detail} 筆紀錄之後又有變更；請先還原較新的變更。",
        "en": "Scenario '{name}' has changed since entry {detail}; revert the later change first.",
    },
    "planner.scn.history": {"zh": "方案異動紀錄", "en": "Scenario history"},
    "planner.scn.history_empty": {"zh": "尚無方案異動紀錄。", "en": "No scenario changes yet."},
    "planner.scn.revert_pick": {"zh": "選擇要還原的紀錄", "en": "Entry to revert"},
    "planner.scn.revert": {"zh": "還原此筆異動", "en": "Revert this change"},
    "planner.scn.reverted": {
        "zh": "已還原第 {entry} 筆異動（方案「{name}」）。",
        "en": "Reverted entry {entry} (scenario '{name}').",
    },
    "planner.scn.saved_by": {
        "zh": "「{name}」由 {who} 於 {at} 儲存。",
        "en": "'{name}' saved by {who} at {at}.",
    },
    "planner.scn.err.unreadable": {
        "zh": "方案「{name}」無法讀取，未變更：{detail}",
        "en": "Scenario '{name}' cannot be read and was left unchanged: {detail}",
    },
    "planner.cmp.title": {"zh": "方案比較", "en": "Compare scenarios"},
    "planner.cmp.choose": {"zh": "選擇 2–3 個方案", "en": "Choose 2–3 scenarios"},
    "planner.cmp.hint": {
        "zh": "選擇 2 或 3 個已儲存方案以並列比較。",
        "en": "Choose 2 or 3 saved scenarios to compare them side by side.",
    },
    "planner.cmp.horizon": {"zh": "規劃迄年", "en": "Last plan year"},
    "planner.cmp.hires_total": {"zh": "期間合計招募", "en": "Hires over the horizon"},
    "planner.xlsx.title": {"zh": "人力試算方案：{name}", "en": "Staffing scenario: {name}"},
    "planner.xlsx.horizon": {"zh": "規劃期間：{start}至{end}", "en": "Horizon: {start} to {end}"},
    "planner.xlsx.notes": {"zh": "說明", "en": "Notes"},
    "planner.xlsx.inputs": {"zh": "試算條件", "en": "Inputs"},
    "planner.xlsx.totals": {"zh": "逐年合計", "en": "By year"},
    "planner.xlsx.lines": {"zh": "各服務線", "en": "By service line"},
    "planner.xlsx.flow": {"zh": "人員流動與招募", "en": "Staff flow"},
    "planner.xlsx.sensitivity": {"zh": "敏感度分析", "en": "Sensitivity"},
    "planner.xlsx.presets": {"zh": "參考標準", "en": "Reference standards"},
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
    "problem.not_finite": {
        "zh": "「{value}」不是有限的數字（不接受無限大或 NaN）",
        "en": "'{value}' is not a finite number (infinity and NaN are not accepted)",
    },
    "problem.underflow": {
        "zh": "「{value}」太接近 0，儲存後會變成 0",
        "en": "'{value}' is too close to 0 to be stored (it would become 0)",
    },
    "problem.int_range": {
        "zh": "「{value}」超出可儲存的整數範圍（±{limit}）",
        "en": "'{value}' is outside the whole numbers that can be stored (±{limit})",
    },
    "problem.invisible_char": {
        "zh": "含有看不見的控制字元 {chars}（常由其他檔案複製而來），請刪除後重新輸入",
        "en": "contains invisible control characters {chars} "
        "(often copied from another file); delete them and type the text again",
    },
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
        "zh": "{year} 年各類比例合計 {total}%，應為 100%（四捨五入最多容許 ±{tolerance}）",
        "en": "the shares of {year} add up to {total} %, not 100 % (rounding allows ±{tolerance})",
    },
    "problem.pct_range": {
        "zh": "百分比 {value} 須介於 0 與 100",
        "en": "percentage {value} must lie within 0–100",
    },
    "problem.unknown_reference": {
        "zh": "「{value}」不在 {parent} 表中",
        "en": "'{value}' is not in the {parent} table",
    },
    "problem.population_age_from": {
        "zh": "有 age_to 就須有 age_from（全部年齡兩欄都留空；65 歲以上寫 age_from 65、age_to 留空）",
        "en": "age_to needs an age_from (leave both empty for all ages; 65 and over is age_from 65 with age_to empty)",
    },
    "problem.population_reversed": {
        "zh": "age_from {low} 大於 age_to {high}",
        "en": "age_from {low} is above age_to {high}",
    },
    "problem.population_overlap": {
        "zh": "年齡與同一行政區、年份、性別的 {band} 歲那一列重疊",
        "en": "the ages overlap the row for ages {band} of the same district, year and sex",
    },
    "problem.unknown_phase": {
        "zh": "第 {phase} 期不在 phases（計畫期程）表中；請先匯入該期程",
        "en": "phase {phase} is not in the phases table; import the phase first",
    },
    "problem.phase_reversed": {
        "zh": "第 {phase} 期的迄年早於起年",
        "en": "phase {phase} ends before it starts",
    },
    "problem.phase_overlap": {
        "zh": "第 {phase} 期與第 {other} 期的年度重疊",
        "en": "phase {phase} overlaps phase {other}",
    },
    "problem.period_years": {
        "zh": "期別 {period} 涵蓋 {first}–{last} 年，year_from／year_to 須與之相同",
        "en": "period {period} covers {first}–{last}; year_from and year_to must say so",
    },
    "problem.population_sum": {
        "zh": "全部年齡為 {whole} 人，但各年齡列合計 {parts} 人",
        "en": "all ages is {whole}, but the age rows add up to {parts}",
    },
    "problem.population_sexes": {
        "zh": "兩性合計為 {whole} 人，但男女列合計 {parts} 人",
        "en": "both sexes is {whole}, but the rows for men and women add up to {parts}",
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
    "problem.staffing_total": {
        "zh": "原文合計 {posts}（{what}），但 staffing 表相加為 {computed}",
        "en": "printed total {posts} for {what} but the staffing table adds up to {computed}",
    },
    "problem.held_twice_target": {
        "zh": "{indicator} 的 {year} 年目標已存於 indicators 表（{indicator} 的 target 欄，目標年 {year}）；同一數字只存一處，請在該處修改",
        "en": "the {year} target of {indicator} is already held in the indicators table ({indicator}, column target, target year {year}); a figure is held once: change it there",
    },
    "problem.held_twice_baseline": {
        "zh": "{indicator} 的 {year} 年基準值已存為 indicator_actuals 表中 {indicator} 的 {year} 年實績（value 欄）；同一數字只存一處：存為實績，基準值留空",
        "en": "the {year} baseline of {indicator} is already held as its {year} actual in the indicator_actuals table (column value); a figure is held once: keep the actual and leave the baseline empty",
    },
    "problem.declared_figure": {
        "zh": "{metric} 為 {value}，但本市宣告之{count_zh}數為 {declared}（safetynet/cities.py）；兩處須一致",
        "en": "{metric} is {value} but the city declares {declared} {count_en} (safetynet/cities.py); the two must agree",
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
    "problem.nul_byte": {
        "zh": "無法以 UTF-8 或 Big5（CP950）編碼讀取：此行含有 NUL 字元（0x00），"
        "可能是 UTF-16、Excel 或其他非文字檔，或檔案已損壞",
        "en": "cannot be read as UTF-8 or Big5 (CP950) text: this line holds a NUL byte (0x00); "
        "a UTF-16, Excel or other binary file, or a damaged one?",
    },
    "problem.unreadable": {"zh": "無法讀取檔案：{error}", "en": "the file cannot be read: {error}"},
    "problem.too_many_rows": {
        "zh": "資料列超過上限 {limit} 列，未匯入；請分批匯入",
        "en": "more than {limit} rows, the limit; nothing imported; import the file in parts",
    },
    "problem.too_many_columns": {
        "zh": "此列有 {found} 欄，超過上限 {limit} 欄",
        "en": "this row has {found} columns, more than the limit of {limit}",
    },
    "problem.too_many_cells": {
        "zh": "儲存格超過上限 {limit} 格，未匯入；請分批匯入",
        "en": "more than {limit} cells, the limit; nothing imported; import the file in parts",
    },
    "problem.too_slow": {
        "zh": "讀取超過 {limit} 秒仍未完成，已停止；請分批匯入",
        "en": "reading took longer than {limit} s and was stopped; import the file in parts",
    },
    "problem.zip_members": {
        "zh": "不是可讀取的 Excel（.xlsx）檔：壓縮檔內有 {found} 個檔案，過多",
        "en": "not a readable Excel (.xlsx) file: it holds {found} parts, too many",
    },
    "problem.zip_ratio": {
        "zh": "不是可讀取的 Excel（.xlsx）檔：{member} 的壓縮比 {ratio}:1 異常（疑似壓縮炸彈），未開啟",
        "en": "not a readable Excel (.xlsx) file: {member} is compressed {ratio}:1, "
        "far beyond a real sheet (a zip bomb?); not opened",
    },
    "problem.zip_unpacked": {
        "zh": "Excel 檔解壓縮後有 {size} MB，超過上限 {limit} MB，未開啟；請分批匯入或改用 CSV",
        "en": "the Excel file unpacks to {size} MB, more than the limit of {limit} MB; "
        "not opened; import it in parts or as CSV",
    },
    "problem.bad_xml": {
        "zh": "不是可讀取的 Excel（.xlsx）檔：檔案內的 XML 已損壞；請用 Excel 開啟後另存新檔再匯入",
        "en": "not a readable Excel (.xlsx) file: its XML is damaged; "
        "open it in Excel, save it again and import that",
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
        "zh": "登入失敗次數過多，請於 {seconds} 秒後再試。",
        "en": "Too many failed attempts; please try again in {seconds} s.",
    },
    "data.login.readonly": {
        "zh": "此伺服器僅供檢視，無法登入編輯；請改用編輯用的網址。",
        "en": "This server is for viewing only; editors log in at the editing address.",
    },
    "data.login.expired": {
        "zh": "閒置超過 {minutes} 分鐘，已自動登出，請重新登入。",
        "en": "Logged out after {minutes} minutes without activity; please log in again.",
    },
    "data.logins.title": {"zh": "登入紀錄", "en": "Login history"},
    "data.logins.empty": {"zh": "尚無登入紀錄。", "en": "No logins recorded yet."},
    "data.logins.result": {"zh": "結果", "en": "Result"},
    "data.logins.user": {"zh": "帳號", "en": "User name"},
    "data.logins.login": {"zh": "登入成功", "en": "logged in"},
    "data.logins.failed": {"zh": "登入失敗", "en": "failed"},
    "data.logins.locked": {"zh": "等待中被拒", "en": "refused (waiting)"},
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
    "data.marks": {"zh": "來源與備註", "en": "Sources and notes"},
    "data.marks_help": {
        "zh": "「①」等標記之全文列於表格下方；下載的 CSV 保留全文。",
        "en": "The full text of each mark (①) is listed under the table; the CSV keeps it.",
    },
    "chart.other_n": {"zh": "其他（{n} 個來源）", "en": "Other ({n} sources)"},
    "ref.filter.reporter_types": {"zh": "通報來源圖之類型", "en": "Types in the source chart"},
    "ref.filter.top_sources": {"zh": "逐一顯示之來源數", "en": "Sources shown one by one"},
    "ref.top_sources_help": {
        "zh": "通報量最大的來源逐一顯示，其餘來源合計為「其他」。",
        "en": "The largest sources are shown one by one; the rest are added up as 'Other'.",
    },
    "ref.chart_capped": {
        "zh": "圖表顯示前 {shown} 類（已選 {n} 類）；下方表格列出全部。",
        "en": "The chart shows the first {shown} of the {n} types picked; the tables below list them all.",
    },
    "ref.reporter_types_capped": {
        "zh": "最多顯示 {n} 類，每類一圖。",
        "en": "At most {n} types, one panel each.",
    },
    "ind.scorecard.capped": {
        "zh": "計分卡顯示 {shown} 項（共 {n} 項）：未達成、進度落後者優先；各策略項數如下表，完整計分卡請下載 CSV。",
        "en": "The scorecard shows {shown} of {n} indicators, missed and behind first; the counts per strategy are below, and the CSV holds every indicator.",
    },
    "ind.col.total": {"zh": "合計", "en": "Total"},
    "ind.pick.search": {"zh": "以代碼或名稱搜尋指標", "en": "Find an indicator by code or name"},
    "ind.pick.capped": {
        "zh": "符合 {n} 項，清單列出前 {shown} 項；請輸入更多字縮小範圍。",
        "en": "{n} match; the list holds the first {shown}. Type more to narrow it down.",
    },
    "chart.other": {"zh": "其他", "en": "Other"},
    "chart.other_types": {"zh": "其他（{n} 類）", "en": "Other ({n} types)"},
    "briefing.table_capped": {
        "zh": "（列出前 {shown} 列，共 {n} 列；完整資料請至各頁下載 CSV）",
        "en": "(the first {shown} of {n} rows; every row is in the pages' CSV downloads)",
    },
    "briefing.referrals.capped": {
        "zh": "；圖示通報量最大的 {shown} 類（共 {n} 類），其餘見表格",
        "en": "; the chart shows the {shown} largest of {n} types, the table lists the others",
    },
    "briefing.staffing.table_other": {
        "zh": "；其餘 {n} 個單位合計為「其他」",
        "en": "; the other {n} agencies are added up as 'Other'",
    },
    "briefing.scorecard.by_strategy": {
        "zh": "{year}績效指標：各策略達成情形",
        "en": "Indicators {year}: standing per strategy",
    },
    "briefing.scorecard.appendix": {
        "zh": "附錄：{year}績效指標明細",
        "en": "Appendix: indicator scorecard {year}",
    },
    "briefing.scorecard.appendix_caption": {
        "zh": "列出最需關注的 {n} 項（未達成、進度落後優先），完整計分卡請至績效指標頁下載 CSV。",
        "en": "The {n} indicators most in need of attention (missed, then behind); the indicators page's CSV holds them all.",
    },
    "data.rows_shown": {
        "zh": "表格顯示前 {shown} 列（共 {n} 列）；完整資料請下載 CSV 或匯出。",
        "en": "The table shows the first {shown} of {n} rows; download the CSV or an export for all.",
    },
    "data.editor_help": {
        "zh": "直接修改儲存格；表格下方可新增列，勾選列後可刪除。按「檢查並儲存」前不會寫入任何資料。",
        "en": "Edit cells directly; add rows at the bottom, select rows to delete them. Nothing is written until you press 'Check and save'.",
    },
    "data.editor.number_help": {
        "zh": "數字欄：請輸入阿拉伯數字（如 262 或 4.5），不加千分位；非數字會被指出列與欄，不會存成 0",
        "en": "A number column: type digits (262 or 4.5), without thousands separators; "
        "anything else is named by row and column, never saved as 0",
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
    "data.history.pick": {"zh": "選擇異動（最新的在前）", "en": "Change (newest first)"},
    "data.history.option": {
        "zh": "第 {entry} 筆 · {at} · {who} {action} {row}",
        "en": "No. {entry} · {at} · {who} {action} {row}",
    },
    "data.history.revert_button": {"zh": "還原此筆異動", "en": "Revert this change"},
    "data.history.reverted": {"zh": "已還原第 {entry} 筆異動。", "en": "Change {entry} reverted."},
    "data.col.problem": {"zh": "問題", "en": "Problem"},
    "data.col.entry": {"zh": "編號", "en": "Entry"},
    "data.col.at": {"zh": "時間（臺北）", "en": "Time (Taipei)"},
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
    # -- case records (safetynet/cases, components/case_import.py; issue 13) ----------------
    "cases.tab": {"zh": "個案資料", "en": "Case records"},
    "cases.intro": {
        "zh": "各局處自脆弱家庭個案管理平台匯出、已去識別化的個案清冊。此處只顯示件數，不顯示個案編號；個案編號以金鑰雜湊後才存入。",
        "en": "The bureau's de-identified case export from the national case-management platform. Only counts are shown here, never a case number; case numbers are stored only as keyed hashes.",
    },
    "cases.empty": {
        "zh": "尚無個案資料。編輯者可匯入平台匯出檔，或載入示範資料。",
        "en": "No case data yet. Editors can import the platform's export, or load the synthetic demo data.",
    },
    "cases.busy": {
        "zh": "個案資料庫正由另一個程式使用中（例如命令列匯入），請稍後再試。",
        "en": "The case store is in use by another program (e.g. a command-line import); try again shortly.",
    },
    "cases.not_set_up": {
        "zh": "此伺服器尚未建立個案資料表：請系統管理者以擁有者帳號執行 python -m safetynet migrate。",
        "en": "Case records are not set up on this server yet: the operator runs python -m safetynet migrate as the owner role.",
    },
    "cases.dataset.real": {"zh": "正式資料", "en": "real data"},
    "cases.dataset.demo": {"zh": "示範資料（合成）", "en": "synthetic demo data"},
    "cases.demo.banner": {
        "zh": "目前顯示的是示範資料 / synthetic data：依報告數字校準的合成個案，並非真實個案。",
        "en": "Showing 示範資料 / synthetic data: invented cases calibrated to the printed figures, not real cases.",
    },
    "cases.monthly": {
        "zh": "各通報月份的個案數與人數（{dataset}）",
        "en": "Cases and persons by referral month ({dataset})",
    },
    "cases.col.dataset": {"zh": "資料集", "en": "Dataset"},
    "cases.col.cases": {"zh": "個案數", "en": "Cases"},
    "cases.col.persons": {"zh": "人數", "en": "Persons"},
    "cases.col.first": {"zh": "最早通報月", "en": "First referral month"},
    "cases.col.last": {"zh": "最近通報月", "en": "Last referral month"},
    "cases.col.month": {"zh": "通報月份", "en": "Referral month"},
    "cases.col.entry": {"zh": "編號", "en": "No."},
    "cases.col.at": {"zh": "時間（臺北）", "en": "Time (Taipei)"},
    "cases.col.who": {"zh": "編輯者", "en": "Editor"},
    "cases.col.action": {"zh": "動作", "en": "Action"},
    "cases.col.file": {"zh": "檔案", "en": "File"},
    "cases.col.period": {"zh": "取代期間", "en": "Period replaced"},
    "cases.col.added": {"zh": "新增個案", "en": "Cases added"},
    "cases.col.changed": {"zh": "更新個案", "en": "Cases changed"},
    "cases.col.removed": {"zh": "移除個案", "en": "Cases removed"},
    "cases.col.unchanged": {"zh": "未變個案", "en": "Cases unchanged"},
    "cases.col.members_added": {"zh": "新增成員", "en": "Members added"},
    "cases.col.members_changed": {"zh": "更新成員", "en": "Members changed"},
    "cases.col.members_removed": {"zh": "移除成員", "en": "Members removed"},
    "cases.col.total": {"zh": "匯入後個案總數", "en": "Cases after"},
    "cases.col.problem": {"zh": "問題", "en": "Problem"},
    "cases.action.import": {"zh": "匯入", "en": "import"},
    "cases.action.remove": {"zh": "移除資料集", "en": "dataset removed"},
    "cases.log": {"zh": "匯入紀錄", "en": "Import log"},
    "cases.log.empty": {"zh": "尚無匯入紀錄。", "en": "Nothing imported yet."},
    "cases.templates": {"zh": "範本與範例", "en": "Templates and example"},
    "cases.templates.help": {
        "zh": "格式第 1 版（說明見 data/README.md）：個案表與成員表，CSV（UTF-8 或 Big5）或 Excel；日期可用民國或西元，但同一欄須一致。範例為虛構個案。",
        "en": "Format version 1 (see data/README.md): a cases table and a members table, CSV (UTF-8 or Big5) or Excel; dates in ROC or western style, one style per column. The example holds invented cases.",
    },
    "cases.template.cases": {"zh": "空白範本：個案表 (CSV)", "en": "Blank template: cases (CSV)"},
    "cases.template.members": {
        "zh": "空白範本：成員表 (CSV)",
        "en": "Blank template: members (CSV)",
    },
    "cases.template.xlsx": {
        "zh": "空白範本：兩表 (Excel)",
        "en": "Blank template: both tables (Excel)",
    },
    "cases.example.xlsx": {"zh": "填寫範例 (Excel)", "en": "Filled example (Excel)"},
    "cases.example.csv": {"zh": "填寫範例：個案表 (CSV)", "en": "Filled example: cases (CSV)"},
    "cases.example.members_csv": {
        "zh": "填寫範例：成員表 (CSV)",
        "en": "Filled example: members (CSV)",
    },
    "cases.viewer_note": {
        "zh": "匯入個案資料與載入示範資料需要編輯者權限；請在上方登入。",
        "en": "Importing case data and loading the demo data need the editor role; log in above.",
    },
    "cases.import": {"zh": "匯入平台匯出檔", "en": "Import the platform's export"},
    "cases.import.help": {
        "zh": "上傳個案表與成員表（兩個 CSV、一個含兩工作表的 Excel，或其 zip）。檔案涵蓋的通報月份，其既有個案會整批以新檔取代；期間外的月份不受影響。先預覽，確認後才寫入。每次上傳上限 10 MB；更大的匯出檔（例如全市多年資料）請由管理者以命令列匯入：python -m safetynet import-cases 檔案… --city kaohsiung（見 README）。",
        "en": "Upload the cases and members tables (two CSV files, one Excel workbook with both sheets, or a zip of them). Stored cases referred in the months the file covers are replaced by the file; other months are untouched. Preview first; nothing is written until you confirm. Uploads are limited to 10 MB; a larger export (e.g. several years of the whole city) is imported by an operator on the command line: python -m safetynet import-cases FILE… --city kaohsiung (see the README).",
    },
    "cases.import.files": {"zh": "選擇檔案", "en": "Choose files"},
    "cases.checking": {"zh": "檢查中…", "en": "Checking…"},
    "cases.encoding": {"zh": "{file}：以 {encoding} 讀取", "en": "{file}: read as {encoding}"},
    "cases.ignored": {
        "zh": "{file}：以下欄位不在格式中，已檢查但不會存入：{columns}",
        "en": "{file}: these columns are not in the format; they were checked but are not stored: {columns}",
    },
    "cases.problems": {
        "zh": "發現 {n} 項問題，未寫入任何資料：",
        "en": "{n} problem(s) found; nothing was written:",
    },
    "cases.preview": {"zh": "預覽：依通報月份", "en": "Preview by referral month"},
    "cases.preview.summary": {
        "zh": "取代 {start} 至 {end} 的個案：新增 {added}、更新 {changed}、移除 {removed}、不變 {unchanged} 件；成員新增 {m_added}、更新 {m_changed}、移除 {m_removed} 人。",
        "en": "Replaces cases referred {start} to {end}: {added} added, {changed} changed, {removed} removed, {unchanged} unchanged; members {m_added} added, {m_changed} changed, {m_removed} removed.",
    },
    "cases.preview.nothing": {
        "zh": "與已存資料完全相同，不需寫入。",
        "en": "Identical to what is stored; nothing to write.",
    },
    "cases.import.confirm": {"zh": "確認匯入", "en": "Confirm import"},
    "cases.import.done": {
        "zh": "已匯入（新增 {n} 件個案），並記入匯入紀錄。",
        "en": "Imported ({n} cases added) and recorded in the import log.",
    },
    "cases.conflict": {
        "zh": "預覽後已有其他人匯入，未寫入；請重新上傳以更新預覽。",
        "en": "Someone imported after this preview; nothing was written. Upload again for a fresh preview.",
    },
    "cases.demo": {"zh": "示範資料", "en": "Demo data"},
    "cases.demo.help": {
        "zh": "載入依高雄市109年報告數字校準的合成個案（107–114年），供展示與測試；與正式資料分開存放，可一鍵移除。",
        "en": "Load synthetic cases (2018–2025) calibrated to Kaohsiung's printed 2020 figures, for demonstrations and tests; kept apart from real data and removable in one click.",
    },
    "cases.demo.load": {"zh": "載入示範資料（合成）", "en": "Load synthetic demo data"},
    "cases.demo.loaded": {
        "zh": "已載入示範資料（合成，非真實個案）。",
        "en": "Synthetic demo data loaded (not real cases).",
    },
    "cases.demo.remove": {"zh": "移除示範資料", "en": "Remove demo data"},
    "cases.demo.remove_help": {
        "zh": "示範資料與正式資料分開存放；移除不影響正式資料。",
        "en": "The demo data is kept apart from real data; removing it leaves real data alone.",
    },
    "cases.demo.removed": {"zh": "已移除示範資料。", "en": "Demo data removed."},
    "cases.demo.refused": {
        "zh": "此縣市已有個案資料；示範資料只能載入空白的個案資料庫。",
        "en": "This city already holds case data; the demo data loads only into an empty case store.",
    },
    "cases.demo.not_offered": {
        "zh": "已有正式資料，不提供示範資料。",
        "en": "Real data is stored, so the demo data is not offered.",
    },
    "cases.demo.written": {
        "zh": "已寫出示範匯出檔（合成資料）：{cases} 件個案、{members} 位成員。",
        "en": "Synthetic demo export written: {cases} cases, {members} members.",
    },
    "cases.cli.busy": {
        "zh": "個案資料庫 {path} 正由另一個程式（通常是執行中的儀表板）開啟寫入；請改用資料管理頁匯入，或先停止儀表板。",
        "en": "The case store {path} is open for writing in another program (usually the running dashboard); import on the Data page instead, or stop the dashboard first.",
    },
    "cases.cli.nothing_written": {"zh": "未寫入任何資料。", "en": "Nothing written."},
    "cases.cli.written": {
        "zh": "已寫入（匯入紀錄第 {n} 筆）。",
        "en": "Written (import log entry {n}).",
    },
    "cases.where.line": {"zh": "第 {rows} 行", "en": "line {rows}"},
    "cases.where.lines": {"zh": "第 {rows} 行", "en": "lines {rows}"},
    "cases.where.row": {"zh": "第 {rows} 列", "en": "row {rows}"},
    "cases.where.rows": {"zh": "第 {rows} 列", "en": "rows {rows}"},
    "cases.where.more": {"zh": " 等，另有 {n} 處", "en": " and {n} more"},
    "cases.where.column": {"zh": "欄位「{column}」", "en": "column {column}"},
    "cases.where.sep": {"zh": "，", "en": ", "},
    "cases.problem.undecodable": {
        "zh": "無法讀取文字：檔案須為 UTF-8（可含 BOM）或 Big5 編碼的 CSV",
        "en": "cannot read the text: the file must be a CSV in UTF-8 (with or without BOM) or Big5",
    },
    "cases.problem.file_empty": {"zh": "檔案是空的", "en": "the file is empty"},
    "cases.problem.unknown_table": {
        "zh": "標題列對不上個案表或成員表的欄位（檔案編碼是否為 UTF-8 或 Big5？請用下載的範本）",
        "en": "the header matches neither the cases nor the members table (is the file UTF-8 or Big5? use the downloadable template)",
    },
    "cases.problem.field_count": {
        "zh": "欄位數與標題列（{expected} 欄）不符",
        "en": "the number of fields differs from the header ({expected} columns)",
    },
    "cases.problem.bad_csv": {"zh": "CSV 格式錯誤：{error}", "en": "malformed CSV: {error}"},
    "cases.problem.not_excel": {
        "zh": "不是可讀取的 Excel (.xlsx) 檔",
        "en": "not a readable Excel (.xlsx) file",
    },
    "cases.problem.not_zip": {"zh": "不是可讀取的 zip 檔", "en": "not a readable zip file"},
    "cases.problem.zip_too_large": {
        "zh": "zip 檔內容過多或過大（最多 10 個檔、解壓後 2 GB）",
        "en": "the zip holds too many or too large files (at most 10 files, 2 GB unpacked)",
    },
    "cases.problem.unsupported_type": {
        "zh": "只接受 .csv、.xlsx 或 .zip 檔",
        "en": "only .csv, .xlsx or .zip files are accepted",
    },
    "cases.problem.table_twice": {
        "zh": "與「{other}」是同一個表，一次只能匯入一份",
        "en": "holds the same table as {other}; import one of them",
    },
    "cases.problem.missing_table_cases": {
        "zh": "缺少個案表（cases：個案編號、通報日期…）",
        "en": "the cases table is missing (cases: 個案編號, 通報日期 …)",
    },
    "cases.problem.missing_table_case_members": {
        "zh": "缺少成員表（case_members：個案編號、成員序號…）；個案表與成員表須一起匯入",
        "en": "the members table is missing (case_members: 個案編號, 成員序號 …); cases and members are imported together",
    },
    "cases.problem.blank_header": {"zh": "標題空白", "en": "the header is blank"},
    "cases.problem.duplicate_column": {
        "zh": "欄位重複出現",
        "en": "the column appears twice",
    },
    "cases.problem.missing_column": {"zh": "缺少必要欄位", "en": "required column is missing"},
    "cases.problem.no_rows": {"zh": "只有標題列，沒有資料", "en": "a header but no rows"},
    "cases.problem.identifier_header": {
        "zh": "此欄看來是個人識別資料（姓名、身分證號、電話、地址等）；請先刪除此欄再匯入",
        "en": "this column looks like personal identifiers (names, ID numbers, phones, addresses); delete it before importing",
    },
    "cases.problem.identifier_id_number": {
        "zh": "含疑似身分證統一編號；個案資料不可含身分證號，請刪除後再匯入",
        "en": "holds what looks like national ID numbers; case data must not contain them, remove them and import again",
    },
    "cases.problem.identifier_resident_certificate": {
        "zh": "含疑似居留證統一證號；請刪除後再匯入",
        "en": "holds what looks like resident certificate numbers; remove them and import again",
    },
    "cases.problem.identifier_phone": {
        "zh": "含疑似電話號碼；請刪除後再匯入",
        "en": "holds what looks like phone numbers; remove them and import again",
    },
    "cases.problem.identifier_email": {
        "zh": "含疑似電子郵件地址；請刪除後再匯入",
        "en": "holds what looks like e-mail addresses; remove them and import again",
    },
    "cases.problem.identifier_address": {
        "zh": "含疑似門牌地址（路、街、巷、弄、號）；請刪除後再匯入",
        "en": "holds what looks like street addresses (road, lane, alley, number); remove them and import again",
    },
    "cases.problem.identifier_masked_name": {
        "zh": "含遮蔽後仍可辨識的姓名（如 王○明）；請刪除後再匯入",
        "en": "holds partly masked names (such as 王○明); remove them and import again",
    },
    "cases.problem.identifier_name": {
        "zh": "看來是姓名；請刪除後再匯入",
        "en": "looks like people's names; remove them and import again",
    },
    "cases.problem.required": {"zh": "必填，不可空白", "en": "is required but empty"},
    "cases.problem.wrong_city": {
        "zh": "縣市與所選縣市不符",
        "en": "the city differs from the chosen city",
    },
    "cases.problem.unknown_district": {
        "zh": "不是本市的行政區：{values}（{n} 種）",
        "en": "not a district of this city: {values} ({n} distinct)",
    },
    "cases.problem.unknown_centre": {
        "zh": "不是本市的社福中心：{values}（{n} 種）",
        "en": "not a service centre of this city: {values} ({n} distinct)",
    },
    "cases.problem.unknown_source": {
        "zh": "不在通報來源清單中：{values}（{n} 種；清單見 data/cases/referral_sources.csv）",
        "en": "not a referral source of the list: {values} ({n} distinct; see data/cases/referral_sources.csv)",
    },
    "cases.problem.unknown_close_reason": {
        "zh": "不在結案原因清單中：{values}（{n} 種）",
        "en": "not a close reason of the list: {values} ({n} distinct)",
    },
    "cases.problem.unknown_level": {
        "zh": "脆弱程度須為 高、中 或 低：{values}",
        "en": "vulnerability must be 高, 中 or 低 (high, medium, low): {values}",
    },
    "cases.problem.bad_yes_no": {
        "zh": "須為 是 或 否：{values}",
        "en": "must be 是 or 否 (yes or no): {values}",
    },
    "cases.problem.not_integer": {"zh": "不是整數", "en": "is not a whole number"},
    "cases.problem.out_of_range": {
        "zh": "須介於 {low} 與 {high} 之間",
        "en": "must lie between {low} and {high}",
    },
    "cases.problem.bad_date": {
        "zh": "不是有效日期（例：110/03/05、1100305 或 2021-03-05）",
        "en": "is not a valid date (e.g. 110/03/05, 1100305 or 2021-03-05)",
    },
    "cases.problem.bad_month": {
        "zh": "不是有效的出生年月（例：099/05 或 2010-05）",
        "en": "is not a valid birth year and month (e.g. 099/05 or 2010-05)",
    },
    "cases.problem.mixed_date_styles": {
        "zh": "同一欄混用民國（{roc} 格）與西元（{western} 格）日期；請統一為一種（列出的是較少的一種）",
        "en": "mixes ROC ({roc} cells) and western ({western} cells) dates in one column; use one style (the lines listed use the rarer one)",
    },
    "cases.problem.future_date": {
        "zh": "日期晚於今天（{today}）",
        "en": "the date is after today ({today})",
    },
    "cases.problem.too_early": {
        "zh": "日期早於 {earliest}，應是誤植",
        "en": "the date is before {earliest}, a typing error",
    },
    "cases.problem.opened_before_referred": {
        "zh": "開案日期早於通報日期",
        "en": "opened before it was referred",
    },
    "cases.problem.closed_before_opened": {
        "zh": "結案日期早於開案日期",
        "en": "closed before it was opened",
    },
    "cases.problem.closed_before_referred": {
        "zh": "結案日期早於通報日期",
        "en": "closed before it was referred",
    },
    "cases.problem.close_reason_missing": {
        "zh": "已結案（有結案日期）但未填結案原因",
        "en": "closed (a close date is given) but no close reason",
    },
    "cases.problem.reason_without_close": {
        "zh": "填了結案原因但沒有結案日期",
        "en": "a close reason without a close date",
    },
    "cases.problem.unknown_risk_type": {
        "zh": "不是六大風險類型之一：{values}（{n} 種）",
        "en": "not one of the six risk types: {values} ({n} distinct)",
    },
    "cases.problem.duplicate_case_id": {
        "zh": "個案編號重複（同一個案只能有一列）",
        "en": "the case number appears more than once (one row per case)",
    },
    "cases.problem.member_case_missing": {
        "zh": "成員所屬的個案編號不在個案表中",
        "en": "the member's case number is not in the cases table",
    },
    "cases.problem.duplicate_member": {
        "zh": "同一個案的成員序號重複",
        "en": "the member number appears twice in one case",
    },
    "cases.problem.unknown_role": {
        "zh": "不在成員角色清單中：{values}（{n} 種）",
        "en": "not a member role of the list: {values} ({n} distinct)",
    },
    "cases.problem.unknown_sex": {
        "zh": "性別須為 男、女 或 不詳：{values}",
        "en": "sex must be 男, 女 or 不詳 (male, female, unknown): {values}",
    },
    "cases.problem.age_range": {
        "zh": "年齡須介於 {low} 與 {high} 歲之間",
        "en": "age must lie between {low} and {high}",
    },
    "cases.problem.born_after_referral": {
        "zh": "出生年月晚於個案的通報日期",
        "en": "born after the case was referred",
    },
    "cases.problem.age_birth_disagree": {
        "zh": "年齡與出生年月推算的通報時年齡相差超過 1 歲",
        "en": "the age differs by more than a year from the age at referral the birth month gives",
    },
    "cases.problem.age_missing": {
        "zh": "年齡與出生年月至少須填一項",
        "en": "give the age or the birth year and month",
    },
    "cases.problem.key_unreadable": {
        "zh": "無法讀取個案編號雜湊金鑰：{error}",
        "en": "cannot read the case-number key: {error}",
    },
    "cases.problem.key_mismatch": {
        "zh": "個案編號雜湊金鑰與資料庫建立時不同；同一個案將無法比對而重複。請設定原本的金鑰（見 README）",
        "en": "the case-number key differs from the one the store was written with; cases would not match and would be duplicated. Set the original key (see README)",
    },
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
    "briefing.year.default": {
        "zh": "預設年度為有實際成果的最近年度（{year}），與績效指標頁相同。",
        "en": "The deck opens on the latest year with actual results ({year}), as the indicators page does.",
    },
    "briefing.section.overview": {"zh": "總覽指標", "en": "Overview KPIs"},
    "briefing.section.service_map": {"zh": "服務網絡地圖", "en": "Service network map"},
    "briefing.section.staffing": {"zh": "人力進用", "en": "Staffing"},
    "briefing.no_sections": {
        "zh": "請至少選擇一個簡報段落。",
        "en": "Pick at least one section.",
    },
    "briefing.prev": {"zh": "上一頁", "en": "Previous"},
    "briefing.next": {"zh": "下一頁", "en": "Next"},
    "briefing.present": {"zh": "放映（F）", "en": "Present (F)"},
    "briefing.present_exit": {"zh": "結束放映（Esc）", "en": "End show (Esc)"},
    "briefing.present_help": {
        "zh": "只顯示投影片，滿版全螢幕；F 或 Esc 結束。翻頁：PageDown / PageUp（簡報筆）、方向鍵、空白鍵。",
        "en": "The slide alone, full screen; F or Esc to leave. Next / previous: PageDown / PageUp (presentation clicker), arrow keys, space.",
    },
    "briefing.counter": {"zh": "第 {n} / {total} 頁", "en": "Slide {n} of {total}"},
    "briefing.refused": {
        "zh": "放映前請留意：本市資料檔的更新未寫入（問題見頁首），簡報顯示先前儲存的資料。放映時不顯示此提醒。",
        "en": "Before presenting: the update of this city's data files was not stored (problems at the top of the page); the deck shows the data stored earlier. This note is not shown during the show.",
    },
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
    # a table split over slides: each part's title (full-width brackets in Chinese only)
    "briefing.part": {"zh": "{title}（{n}/{total}）", "en": "{title} ({n}/{total})"},
    # briefing sections: referrals, risk types, staffing scenario, indicator scorecard
    "briefing.section.referrals": {"zh": "通報趨勢", "en": "Referral trends"},
    "briefing.section.risk_types": {"zh": "脆弱家庭風險類型", "en": "Risk types"},
    "briefing.section.staffing_scenario": {"zh": "人力試算方案", "en": "Staffing scenario"},
    "briefing.section.indicator_scorecard": {"zh": "績效指標計分卡", "en": "Indicator scorecard"},
    "briefing.section.cases": {"zh": "個案分析", "en": "Case analysis"},
    "briefing.cases.none": {
        "zh": "無資料：{city}尚無個案資料（個案資料由編輯者於「資料管理」匯入）。",
        "en": "No data: {city} has no case records yet (editors import them on the data page).",
    },
    "briefing.cases.none_in": {
        "zh": "無資料：{year}沒有通報的個案。",
        "en": "No data: no case was referred in {year}.",
    },
    "briefing.cases.unavailable": {
        "zh": "個案分析：此縣市尚無可讀取的個案資料，投影片將顯示「無資料」。",
        "en": "Case analysis: no case records can be read for this city; the slide says no data.",
    },
    "briefing.cases.choice": {
        "zh": "個案分析使用「個案分析」頁所選年齡組：{name}。",
        "en": "Case analysis uses the age bands chosen on the Case analysis page: {name}.",
    },
    "briefing.cases.data_period": {
        "zh": "個案資料的通報期間為 {first} 至 {last}。",
        "en": "The case records cover referrals from {first} to {last}.",
    },
    "briefing.cases.all_years": {"zh": "全部期間通報", "en": "all referrals"},
    "briefing.cases.source": {"zh": "個案紀錄（{dataset}）", "en": "Case records ({dataset})"},
    "briefing.cases.imported": {"zh": "，{day} 匯入", "en": ", imported {day}"},
    "briefing.cases.bands": {
        "zh": "年齡組：{name}（{bands}）。",
        "en": "Age bands: {name} ({bands}).",
    },
    "briefing.cases.bands_many": {
        "zh": "{first}…{last}，共 {n} 組",
        "en": "{first} … {last}, {n} bands",
    },
    "briefing.cases.release.public": {
        "zh": "公開發布：1–{n} 以「{mark}」表示，「*」為連帶隱藏，0 照實顯示。",
        "en": "Public release: counts of 1–{n} show as '{mark}', '*' hides what would give them away, zeros are shown.",
    },
    "briefing.cases.release.internal": {
        "zh": "內部檢視：未隱藏小數值，請勿公開。",
        "en": "Internal view: small numbers not hidden; not for the public.",
    },
    "briefing.cases.demo": {
        "zh": "示範資料 / synthetic data：合成個案，非真實個案。",
        "en": "示範資料 / synthetic data: invented cases, not real ones.",
    },
    "briefing.cases.persons": {
        "zh": "個案成員人數：年齡組 × 性別（{period}）",
        "en": "Persons in cases by age band and sex ({period})",
    },
    "briefing.cases.period.year": {"zh": "{year}通報", "en": "referred in {year}"},
    "briefing.cases.persons_note": {
        "zh": "年齡為通報時年齡。",
        "en": "Age at referral.",
    },
    "briefing.cases.districts": {
        "zh": "各行政區個案數（{period}）",
        "en": "Cases by district ({period})",
    },
    "briefing.referrals.trend": {"zh": "各類通報件數", "en": "Referrals by type"},
    "briefing.referrals.caption": {
        "zh": "各類型計數單位不同（見圖例），不相加",
        "en": "Types are counted in different units (see legend) and never added together",
    },
    "briefing.referrals.growth_caption": {
        "zh": "期間成長＝（末年－首年）÷ 首年；最近一年增減率＝末年較前一年",
        "en": "Growth = (last year − first year) ÷ first year; latest change = last year on the year before",
    },
    "briefing.referrals.none_before": {
        "zh": "無資料：{city}在{year}以前沒有逐年通報件數。",
        "en": "No data: {city} has no yearly referral counts up to {year}.",
    },
    "briefing.risk.title": {"zh": "脆弱家庭風險類型", "en": "Vulnerable-family risk types"},
    "briefing.risk.none": {
        "zh": "無資料：{city}的來源文件未提供脆弱家庭六大風險類型比例。",
        "en": "No data: {city}'s source documents give no shares of the six vulnerable-family risk types.",
    },
    "briefing.risk.none_before": {
        "zh": "無資料：{year}以前沒有脆弱家庭風險類型比例。",
        "en": "No data: there are no risk-type shares up to {year}.",
    },
    "briefing.risk.outcomes_none_before": {
        "zh": "無資料：{year}以前沒有脆弱家庭服務成果數字。",
        "en": "No data: there are no vulnerable-family service figures up to {year}.",
    },
    "briefing.risk.table": {
        "zh": "{year}風險類型完整名稱與比例",
        "en": "Risk types in full, {year}",
    },
    "briefing.scenario.title": {"zh": "人力試算方案", "en": "Staffing scenario"},
    "briefing.scenario.pick": {"zh": "人力試算方案", "en": "Staffing scenario"},
    "briefing.scenario.none": {
        "zh": "尚無已儲存的人力試算方案。請至「人力試算」頁設定條件，在「方案」區輸入方案名稱並按「儲存方案」，再回到本頁選擇。",
        "en": "No saved staffing scenario yet. On the Staffing planner page, set the inputs, enter a scenario name under Scenarios and press Save scenario, then pick it here.",
    },
    "briefing.scenario.unreadable": {
        "zh": "方案「{name}」無法讀取，未列出：{problem}",
        "en": "Scenario '{name}' cannot be read and is not shown: {problem}",
    },
    "briefing.scenario.source": {
        "zh": "人力試算已儲存方案「{name}」（{saved} 儲存）",
        "en": "Staffing planner, saved scenario '{name}' (saved {saved})",
    },
    "briefing.scenario.chart": {
        "zh": "方案「{name}」：應核定員額與目前員額",
        "en": "Scenario '{name}': posts to fund against posts now",
    },
    "briefing.scenario.caption": {
        "zh": "試算期間 {years}，依人力試算頁的計算方式",
        "en": "Planning horizon {years}, computed as on the Staffing planner page",
    },
    "briefing.scenario.lines": {
        "zh": "各服務線人力需求（{year}）",
        "en": "Needs by service line, {year}",
    },
    "briefing.scorecard.caveat_indicator": {
        "zh": "指標（最終目標）",
        "en": "Indicator (final target)",
    },
    "briefing.scorecard.caveat_row": {
        "zh": "{indicator}（{target}）",
        "en": "{indicator} ({target})",
    },
    "briefing.scorecard.caveats": {
        "zh": "{year}計分卡：目標提醒",
        "en": "Scorecard {year}: targets in doubt",
    },
    "briefing.scorecard.total": {"zh": "共 {n} 項指標", "en": "{n} indicators tracked"},
    "briefing.scorecard.table": {
        "zh": "{year}績效指標計分卡",
        "en": "Indicator scorecard, {year}",
    },
    "briefing.scorecard.none": {
        "zh": "無資料：{year}沒有追蹤中的績效指標。",
        "en": "No data: no indicators are tracked in {year}.",
    },
    # -- case analysis: age bands (safetynet/cases/bands.py; issue 14) -------------------------
    "bands.problem.empty": {
        "zh": "請輸入至少一個年齡組，例如：0-17, 18+",
        "en": "Type at least one age band, e.g. 0-17, 18+",
    },
    "bands.problem.unreadable": {
        "zh": "「{token}」不是年齡組：請寫成 0-2、3～5 或 65+",
        "en": "'{token}' is not an age band: write 0-2, 3~5 or 65+",
    },
    "bands.problem.too_many": {
        "zh": "年齡組共 {n} 組，最多 {max} 組",
        "en": "{n} age bands; at most {max}",
    },
    "bands.problem.too_old": {
        "zh": "年齡組 {band} 超過 {max} 歲（個案資料的年齡上限）",
        "en": "Age band {band} goes beyond {max} (the oldest age case records hold)",
    },
    "bands.problem.reversed": {
        "zh": "年齡組 {band} 的起始年齡大於結束年齡",
        "en": "Age band {band} starts above its last age",
    },
    "bands.problem.overlap": {
        "zh": "年齡組 {a} 與 {b} 重疊（{ages} 歲會被算兩次）",
        "en": "Age bands {a} and {b} overlap (ages {ages} would count twice)",
    },
    "bands.problem.below": {
        "zh": "{ages} 歲不在任何年齡組（第一組是 {band}）：這些人不列入計算",
        "en": "Ages {ages} are in no band (the first band is {band}): those persons are not counted",
    },
    "bands.problem.gap": {
        "zh": "{ages} 歲不在任何年齡組（{a} 與 {b} 之間有缺口）：這些人不列入計算",
        "en": "Ages {ages} are in no band (a gap between {a} and {b}): those persons are not counted",
    },
    "bands.problem.no_open_end": {
        "zh": "{age} 歲以上不在任何年齡組（最後一組是 {band}；可加上「{age}+」一組）：這些人不列入計算",
        "en": "Ages {age} and over are in no band (the last band is {band}; add a band {age}+): those persons are not counted",
    },
    "bands.preset.platform": {
        "zh": "平台分組：兒少／成人（0–17、18+）",
        "en": "Platform groups: child / adult (0–17, 18+)",
    },
    "bands.preset.life_stages": {
        "zh": "生命階段（學齡前、國小、國高中、青年、成人、長者）",
        "en": "Life stages (pre-school, primary, secondary, young adult, adult, older)",
    },
    "bands.preset.five_year": {
        "zh": "每 5 歲一組（0–4 … 85+）",
        "en": "Five-year bands (0–4 … 85+)",
    },
    # -- case analysis page (pages/case_analysis.py, components/case_views.py; issue 14) ------
    "nav.case_analysis": {"zh": "個案分析", "en": "Case analysis"},
    "analysis.intro": {
        "zh": "依任意年齡組、行政區、社福中心、風險類型與月份分析個案；只顯示件數，公開發布時隱藏小數值。",
        "en": "Cases by any age band, district, centre, risk type and month; counts only, with small numbers hidden in a public release.",
    },
    "analysis.empty.editor": {
        "zh": "尚無個案資料。請至「資料管理」頁的「個案資料」分頁匯入平台匯出檔，或載入示範資料。",
        "en": "No case data yet. Import the platform's export, or load the demo data, on the Data page, tab Case records.",
    },
    "analysis.empty.viewer": {
        "zh": "尚無個案資料：編輯者尚未匯入此縣市的個案資料。",
        "en": "No case data yet: an editor has not imported this city's case records.",
    },
    "analysis.empty.link": {"zh": "前往資料管理（個案資料）", "en": "Go to Data (case records)"},
    "analysis.all": {"zh": "全部", "en": "All"},
    "analysis.total": {"zh": "合計", "en": "Total"},
    "analysis.dim.none": {"zh": "（不分）", "en": "(none)"},
    "analysis.dim.age_band": {"zh": "年齡組", "en": "Age band"},
    "analysis.dim.sex": {"zh": "性別", "en": "Sex"},
    "analysis.dim.role": {"zh": "成員角色", "en": "Member role"},
    "analysis.dim.district": {"zh": "行政區", "en": "District"},
    "analysis.dim.centre": {"zh": "社福中心", "en": "Service centre"},
    "analysis.dim.precinct": {"zh": "警察分局", "en": "Police precinct"},
    "analysis.dim.year": {"zh": "通報年", "en": "Referral year"},
    "analysis.dim.month": {"zh": "通報月", "en": "Referral month"},
    "analysis.dim.risk_type": {"zh": "風險類型", "en": "Risk type"},
    "analysis.dim.referral_source": {"zh": "通報來源", "en": "Referral source"},
    "analysis.dim.vulnerability": {"zh": "脆弱程度", "en": "Vulnerability level"},
    "analysis.dim.proactive": {"zh": "主動發掘", "en": "Proactively found"},
    "analysis.measure": {"zh": "計算", "en": "Measure"},
    "analysis.measure.cases": {"zh": "個案數（戶）", "en": "Cases (households)"},
    "analysis.measure.persons": {"zh": "人數", "en": "Persons"},
    "analysis.measure.cases_rate": {"zh": "每萬人口個案數", "en": "Cases per 10,000 residents"},
    "analysis.measure.persons_rate": {"zh": "每萬人口人數", "en": "Persons per 10,000 residents"},
    "analysis.proactive.yes": {"zh": "主動發掘", "en": "Proactively found"},
    "analysis.proactive.no": {"zh": "非主動發掘", "en": "Not proactively found"},
    "analysis.sex.M": {"zh": "男", "en": "Male"},
    "analysis.sex.F": {"zh": "女", "en": "Female"},
    "analysis.sex.U": {"zh": "不詳", "en": "Unknown"},
    "analysis.vulnerability.high": {"zh": "高", "en": "High"},
    "analysis.vulnerability.medium": {"zh": "中", "en": "Medium"},
    "analysis.vulnerability.low": {"zh": "低", "en": "Low"},
    "analysis.basis": {"zh": "計數基準", "en": "Which cases"},
    "analysis.basis.referred": {"zh": "期間內通報", "en": "Referred in the period"},
    "analysis.basis.open_at": {"zh": "某日在案", "en": "Open on a day"},
    "analysis.basis.served": {"zh": "期間內服務中", "en": "Served in the period"},
    "analysis.basis_note.referred": {
        "zh": "計數：通報日期在 {start} 至 {end} 的個案；「通報年」「通報月」依通報日期。",
        "en": "Counted: cases whose referral date lies from {start} to {end}; referral years and months are those of the referral date.",
    },
    "analysis.basis_note.open_at": {
        "zh": "計數：{day} 當日結束時仍在案的個案（已開案且尚未結案）；「通報年」「通報月」依通報日期。",
        "en": "Counted: cases open at the end of {day} (opened and not yet closed); referral years and months are those of the referral date.",
    },
    "analysis.basis_note.served": {
        "zh": "計數：{start} 至 {end} 期間服務中的個案（期末前已開案、期初前未結案）；「通報年」「通報月」依通報日期。",
        "en": "Counted: cases served from {start} to {end} (opened by the last day, not closed before the first); referral years and months are those of the referral date.",
    },
    "analysis.period": {"zh": "通報期間", "en": "Referral period"},
    "analysis.period.served": {"zh": "服務期間", "en": "Service period"},
    "analysis.at": {"zh": "在案日期", "en": "Open on"},
    "analysis.rows": {"zh": "列", "en": "Rows"},
    "analysis.cols": {"zh": "欄", "en": "Columns"},
    "analysis.same_dims": {
        "zh": "列與欄是同一個維度：欄改為「（不分）」。",
        "en": "Rows and columns are the same dimension: columns set to (none).",
    },
    "analysis.filters": {
        "zh": "篩選（社福中心、行政區、風險類型）",
        "en": "Filters (centre, district, risk type)",
    },
    "analysis.filter.centres": {"zh": "社福中心", "en": "Service centres"},
    "analysis.filter.districts": {"zh": "行政區", "en": "Districts"},
    "analysis.filter.risk_types": {"zh": "風險類型（任一）", "en": "Risk types (any of)"},
    "analysis.filter.all": {"zh": "全部", "en": "All"},
    "analysis.filter.active": {"zh": "篩選：{filters}", "en": "Filtered: {filters}"},
    "analysis.bands": {"zh": "年齡分組：{bands}", "en": "Age bands: {bands}"},
    "analysis.bands.choice": {"zh": "分組方式", "en": "Band set"},
    "analysis.bands.custom": {"zh": "自訂", "en": "Custom"},
    "analysis.bands.saved": {"zh": "已存：{name}", "en": "Saved: {name}"},
    "analysis.bands.text": {"zh": "年齡組（可自行輸入）", "en": "Age bands (type your own)"},
    "analysis.bands.help": {
        "zh": "以逗號或頓號分隔，例如 0-2, 3-5, 6-11, 12-17, 18-24, 25-64, 65+；可用全形數字、「～」「至」「歲」「以上」。年齡為通報時年齡。所選分組會用於本頁、其他頁與簡報。",
        "en": "Separate with commas, e.g. 0-2, 3-5, 6-11, 12-17, 18-24, 25-64, 65+; full-width digits, ～, 至, 歲 and 以上 are read too. Ages are at referral. The chosen set is used on this page, other pages and the briefing.",
    },
    "analysis.bands.still_using": {
        "zh": "分組有誤，仍使用前一組：{bands}",
        "en": "The bands have errors; still using the previous set: {bands}",
    },
    "analysis.bands.save_name": {"zh": "分組名稱", "en": "Name of the set"},
    "analysis.bands.overwrite": {"zh": "覆蓋同名分組", "en": "Replace a set of that name"},
    "analysis.bands.save": {"zh": "儲存分組", "en": "Save band set"},
    "analysis.bands.delete": {"zh": "刪除此已存分組", "en": "Delete this saved set"},
    "analysis.bands.confirm_delete": {"zh": "確認刪除", "en": "Confirm deletion"},
    "analysis.bands.saved_ok": {"zh": "已儲存分組「{name}」。", "en": "Band set '{name}' saved."},
    "analysis.bands.deleted_ok": {
        "zh": "已刪除分組「{name}」。",
        "en": "Band set '{name}' deleted.",
    },
    "analysis.bands.editor_only": {
        "zh": "儲存與刪除分組需要編輯者權限。",
        "en": "Saving and deleting band sets needs the editor role.",
    },
    "analysis.bands.history": {"zh": "分組異動紀錄", "en": "Band set history"},
    "bandsets.error.name_required": {"zh": "請輸入分組名稱。", "en": "Give the set a name."},
    "bandsets.error.name_too_long": {
        "zh": "名稱過長（最多 {detail} 字）。",
        "en": "The name is too long (at most {detail} characters).",
    },
    "bandsets.error.exists": {
        "zh": "已有名為「{name}」的分組；勾選「覆蓋同名分組」才會取代。",
        "en": "A set named '{name}' exists; tick 'Replace a set of that name' to replace it.",
    },
    "bandsets.error.invalid": {
        "zh": "分組有誤，未儲存。",
        "en": "The bands have errors; nothing saved.",
    },
    "bandsets.error.missing": {"zh": "找不到分組「{name}」。", "en": "No band set named '{name}'."},
    "analysis.release": {
        "zh": "公開發布（隱藏小數值）",
        "en": "Public release (small numbers hidden)",
    },
    "analysis.release.help": {
        "zh": "對外、議會簡報與公開資料請保持開啟。關閉（內部檢視）需以編輯者登入。",
        "en": "Keep on for the council, the public and anything shared. Turning it off (internal view) needs an editor login.",
    },
    "analysis.release.locked": {
        "zh": "關閉公開發布需以編輯者登入（見上方「編輯者登入」）。",
        "en": "Turning public release off needs an editor login (Editor login, above).",
    },
    "analysis.threshold": {"zh": "小數值門檻", "en": "Small-number threshold"},
    "analysis.threshold.help": {
        "zh": "小於此數（且不為 0）的件數以「<門檻」表示；最少 3。",
        "en": "Counts below this (and above 0) show as '<threshold'; at least 3.",
    },
    "analysis.release.public": {
        "zh": "公開發布：1–{n} 以「{mark}」表示；另有數值以「*」隱藏，使小數值無法由其他數字或合計推算；0 照實顯示。",
        "en": "Public release: counts of 1–{n} show as '{mark}'; other entries are hidden as '*' so that no small count can be worked out from other numbers or totals; zeros are shown.",
    },
    "analysis.release.internal": {
        "zh": "內部檢視：未隱藏小數值，僅供業務人員使用，請勿對外提供或用於公開簡報。",
        "en": "Internal view: small numbers are not hidden; for staff only, not to be shared or shown in public.",
    },
    "analysis.demo_note": {
        "zh": "示範資料 / synthetic data：依報告數字校準的合成個案，並非真實個案。",
        "en": "示範資料 / synthetic data: invented cases calibrated to the printed figures, not real cases.",
    },
    "analysis.view.table": {"zh": "熱度表", "en": "Heat table"},
    "analysis.view.bars": {"zh": "長條圖", "en": "Bars"},
    "analysis.view.pyramid": {"zh": "年齡性別金字塔", "en": "Age-sex pyramid"},
    "analysis.title": {
        "zh": "{measure}：{rows} × {cols}（{period}）",
        "en": "{measure}: {rows} × {cols} ({period})",
    },
    "analysis.title.one": {
        "zh": "{measure}：依{rows}（{period}）",
        "en": "{measure} by {rows} ({period})",
    },
    "analysis.title.none": {"zh": "{measure}（{period}）", "en": "{measure} ({period})"},
    "analysis.title.pyramid": {
        "zh": "{measure}：年齡組 × 性別（{period}）",
        "en": "{measure}: age band × sex ({period})",
    },
    "analysis.title.demo": {"zh": "【示範資料】", "en": "[synthetic data] "},
    "analysis.pyramid.note": {
        "zh": "金字塔以人數計（年齡為通報時年齡）；性別不詳者列於表中，不畫入圖。",
        "en": "The pyramid counts persons (age at referral); persons of unknown sex are in the table, not in the chart.",
    },
    "analysis.multi_note": {
        "zh": "一件個案可同時屬於多個{dim}，故不加總該方向的合計。",
        "en": "A case can fall under several values of {dim}, so there is no total across it.",
    },
    "analysis.persons_in_bands": {
        "zh": "人數只計入所選年齡組內的成員（{bands}）。",
        "en": "Persons are counted within the chosen age bands only ({bands}).",
    },
    "analysis.no_population": {
        "zh": "每萬人口比率需要各行政區當年的人口，資料中尚無人口（population 表）：以下顯示件數。編輯者可於「資料管理」匯入人口表。",
        "en": "Rates per 10,000 residents need each district's population for the year; the data holds none yet (table population), so counts are shown. Editors can import it on the Data page.",
    },
    "analysis.no_rate": {
        "zh": "「無資料」：該行政區、年份、年齡組或性別的人口不在資料中，或期間跨越多年（請改選同一年內的期間，或以通報年為維度；依月份不計比率）。",
        "en": "'no data': the population of that district, year, age band or sex is not in the data, or the period spans several years (choose a period within one year, or referral year as a dimension; there are no rates by month).",
    },
    "analysis.rate_note": {
        "zh": "比率＝件數 ÷ 該年居民數 × 10,000；居民數來自人口表（{sources}）。",
        "en": "Rate = count ÷ residents that year × 10,000; residents from the population table ({sources}).",
    },
    "analysis.hidden_part": {"zh": "隱藏數值", "en": "hidden counts"},
    "analysis.download.csv": {"zh": "下載 CSV（{state}）", "en": "Download CSV ({state})"},
    "analysis.download.xlsx": {"zh": "下載 Excel（{state}）", "en": "Download Excel ({state})"},
    "analysis.state.public": {"zh": "公開發布", "en": "public release"},
    "analysis.state.internal": {"zh": "內部檢視", "en": "internal view"},
    "analysis.sheet.public": {"zh": "個案分析（公開發布）", "en": "Case analysis (public)"},
    "analysis.sheet.internal": {"zh": "個案分析（內部檢視）", "en": "Case analysis (internal)"},
    "analysis.sheet.notes": {"zh": "說明", "en": "Notes"},
    "analysis.pyramid.needs_two": {
        "zh": "所選期間與篩選下沒有男女人數可畫。",
        "en": "No persons of known sex in this period and filter.",
    },
    "analysis.computing": {"zh": "計算中…", "en": "Computing…"},
}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The string ``key`` in ``lang``, with ``{name}`` placeholders filled from ``values``."""
    text = STRINGS[key][lang]
    return text.format(**values) if values else text


def note_parts(note: str | None) -> list[tuple[str, str]]:
    """The parts of a data note written ``中文 / English`` (parts joined by ``；``), as
    ``(中文, English)`` pairs, the ⚠ flag on the English half too.

    The Chinese half may itself hold ``；`` before its `` / English``
    ("甲；乙 / a; b"): parts without `` / `` are joined to the next bilingual
    part; one left at the end is kept whole, in both languages.
    """
    if not note:
        return []
    parts: list[tuple[str, str]] = []
    pending: list[str] = []
    for part in note.split("；"):
        zh, sep, en = part.partition(" / ")
        if not sep:
            pending.append(part.strip())
            continue
        zh = "；".join([*pending, zh.strip()])
        pending = []
        flag = "⚠ " if zh.lstrip().startswith("⚠") and not en.startswith("⚠") else ""
        parts.append((zh, flag + en.strip()))
    return parts + [(p, p) for p in pending]


def note_in(note: str | None, lang: str) -> str:
    """The ``lang`` half of a data note written ``中文 / English`` (see :func:`note_parts`)."""
    parts = [zh if lang == "zh" else en for zh, en in note_parts(note)]
    return ("；" if lang == "zh" else "; ").join(p for p in parts if p)
