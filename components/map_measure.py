"""The map's measure layer: its controls, its cached values and its colouring.

The values come from the case records (:mod:`safetynet.network.measures`),
cached on the case store's and the main store's revisions and the choice; the
colouring is a mapping of district → fill and text sent beside the cached
geometry, so changing the measure rebuilds no geometry. The age bands are the
set chosen on the case-analysis page, and the release follows its switch
(viewers always get the public release).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from components.case_data import active_dataset, locked_engine, period, relations, revisions
from components.case_views import chosen_band_set, release_settings
from components.data import load_tables
from components.map import (
    HIDDEN_COLOUR,
    HIDDEN_PATTERN,
    SHARED_PATTERN,
    Colouring,
    class_items,
    legend_html,
)
from safetynet.cases.bands import parse_bands
from safetynet.cases.display import dataset_note, release_note
from safetynet.cases.engine import DEMO, CaseStoreBusyError, CaseStoreNotSetUpError
from safetynet.cases.format import load_vocabulary
from safetynet.cases.suppression import primary_mark
from safetynet.formatting import format_number, format_year
from safetynet.i18n import t
from safetynet.network.catchments import NO_DATA_COLOUR, classify, classify_change
from safetynet.network.measures import MEASURES, MeasureSpec, MeasureValues, compute_measure
from safetynet.network.relations import LAYERS
from safetynet.network.service_map import ServiceMapData
from safetynet.text_safety import escape_html

MEASURE_CACHE_ENTRIES = 64


@dataclass(frozen=True)
class MeasureChoice:
    """What the controls chose, with what the layer is computed from."""

    city: str
    dataset: str
    spec: MeasureSpec
    bands_text: str
    revisions: tuple[int, int]
    notes: tuple[str, ...] = ()  # the band set, the release state, the demo: said under the map


def render_measure_controls(city: str, lang: str, style: str) -> MeasureChoice | None:
    """The measure, year, age band and risk type; ``None`` (and a sentence) without case data."""
    try:
        case_rev, store_rev = revisions()
    except CaseStoreBusyError:
        st.info(t("cases.busy", lang), icon=":material/lock:")
        return None
    except CaseStoreNotSetUpError:
        st.info(t("cases.not_set_up", lang), icon=":material/info:")
        return None
    dataset = active_dataset(city, case_rev)
    found = period(city, dataset, case_rev) if dataset else None
    if dataset is None or found is None:
        st.info(t("map.measure.no_cases", lang), icon=":material/info:")
        return None
    years = list(range(found[1].year, found[0].year - 1, -1))
    bands = chosen_band_set()
    public, threshold = release_settings()
    risks = load_vocabulary("risk_types")
    _keep("map.measure", list(MEASURES), "cases")
    _keep("map.measure.year", years, years[0])
    _keep("map.measure.band", ["", *bands.labels], "")
    _keep("map.measure.risk", ["", *risks.codes], "")
    cols = st.columns([3, 2, 2, 3])
    measure = cols[0].selectbox(
        t("map.measure", lang),
        list(MEASURES),
        format_func=lambda m: t(f"map.measure.{m}", lang),
        key="map.measure",
    )
    year = cols[1].selectbox(
        t("map.measure.year", lang),
        years,
        format_func=lambda y: format_year(y, style, lang),
        key="map.measure.year",
    )
    band = cols[2].selectbox(
        t("map.measure.band", lang),
        ["", *bands.labels],
        format_func=lambda b: bands.display(b, lang) if b else t("map.measure.band.all", lang),
        key="map.measure.band",
    )
    risk = cols[3].selectbox(
        t("map.measure.risk", lang),
        ["", *risks.codes],
        format_func=lambda r: risks.label(r, lang) if r else t("map.measure.risk.all", lang),
        key="map.measure.risk",
    )
    notes = [
        t(
            "map.measure.bands_from",
            lang,
            bands=", ".join(bands.display(b, lang) for b in bands.labels),
        ),
        release_note(public, threshold, lang),
    ]
    if dataset == DEMO:
        notes.append(t("cases.demo.banner", lang))
    spec = MeasureSpec(measure, int(year), band or None, risk or None, public, threshold)
    return MeasureChoice(city, dataset, spec, bands.text, (case_rev, store_rev), tuple(notes))


def _keep(key: str, options: list, default: object) -> None:
    """A choice stays while it is still an option (another band set, a year gone)."""
    value = st.session_state.get(key)
    st.session_state[key] = value if value in options else default


@st.cache_data(max_entries=MEASURE_CACHE_ENTRIES, show_spinner=False)
def _values(
    city: str, dataset: str, spec: MeasureSpec, bands_text: str, case_rev: int, store_rev: int
) -> MeasureValues:
    rel, _names = relations(city, store_rev)
    tables = load_tables(city, "population", "staffing", "centres", revision=store_rev)
    found = period(city, dataset, case_rev)
    with locked_engine() as engine:
        return compute_measure(
            engine,
            city,
            dataset,
            rel,
            spec,
            parse_bands(bands_text),
            population=tables["population"],
            staffing=tables["staffing"],
            centre_names=tables["centres"],
            period=found,
        )


def measure_values(choice: MeasureChoice) -> MeasureValues:
    """The layer's values, once per choice and revisions."""
    return _values(choice.city, choice.dataset, choice.spec, choice.bands_text, *choice.revisions)


def _text(value: float, measure: str, lang: str) -> str:
    if math.isnan(value):
        return t("no_data", lang)
    if measure == "change":
        text = format_number(value, 0, lang)
        return text if text.startswith("-") or value == 0 else f"+{text}"
    decimals = 1 if measure.endswith("_rate") or measure == "open_per_worker" else 0
    return format_number(value, decimals, lang)


def measure_colouring(
    data: ServiceMapData, values: MeasureValues, lang: str, style: str, dataset: str
) -> Colouring:
    """Classes of the shown values, hidden ones hatched grey with their mark, the class
    breaks in the legend; per centre, a district two centres serve in stripes of both."""
    spec = values.spec
    frame = values.frame.set_index("key")
    shown = frame.loc[~frame["hidden"], "value"].dropna()
    change = spec.measure == "change"
    classes = classify_change(shown) if change else classify(shown)
    decimals = 0 if spec.measure in ("cases", "persons", "open_cases") else 1

    def fill_and_text(key: str) -> tuple[str, str]:
        if key not in frame.index:
            return NO_DATA_COLOUR, t("no_data", lang)
        row = frame.loc[key]
        value: float = frame.at[key, "value"]  # type: ignore[assignment]  # pandas-stubs: a cell is any scalar; this column is float
        if row["hidden"]:
            return f"url(#{HIDDEN_PATTERN})", escape_html(row["mark"])
        if math.isnan(value) or classes is None:
            return NO_DATA_COLOUR, t("no_data", lang)
        return classes.colour_of(value), _text(value, spec.measure, lang)

    fills: dict[str, str] = {}
    texts: dict[str, str] = {}
    patterns: list[tuple[str, tuple[str, ...]]] = []
    if values.unit == "district":
        for code in data.districts["town_code"]:
            fills[code], texts[code] = fill_and_text(code)
    else:
        id_col = LAYERS["centre"].id_col
        names = data.unit_names["centre"].set_index(id_col)[f"name_{lang}"]
        units: dict[str, list[str]] = {}
        catchments = data.catchments["centre"]
        for unit, codes in zip(catchments[id_col], catchments["town_codes"], strict=True):
            for code in codes:
                units.setdefault(code, []).append(unit)
        for code in data.districts["town_code"]:
            served = units.get(code, [])
            parts = [fill_and_text(u) for u in served]
            if len(parts) > 1:
                colours = tuple(HIDDEN_COLOUR if f.startswith("url(") else f for f, _text_ in parts)
                pid = f"{SHARED_PATTERN}{code}"
                patterns.append((pid, colours))
                fills[code] = f"url(#{pid})"
                texts[code] = t("list_sep", lang).join(
                    f"{escape_html(names.get(u, u))} {txt}"
                    for u, (_f, txt) in zip(served, parts, strict=True)
                )
            elif parts:
                fills[code], texts[code] = parts[0]
            else:
                fills[code], texts[code] = NO_DATA_COLOUR, t("no_data", lang)
    title = t(f"map.measure.{spec.measure}", lang)
    subtitle = [format_year(spec.year, style, lang)]
    if spec.band:
        subtitle.append(parse_bands(spec.band).display(spec.band, lang))
    if spec.risk_type:
        subtitle.append(load_vocabulary("risk_types").label(spec.risk_type, lang))
    extra = []
    if frame["hidden"].any():
        mark = primary_mark(spec.threshold)
        extra.append(
            (
                f"repeating-linear-gradient(45deg, #6b6b6b 0 2px, {HIDDEN_COLOUR} 2px 6px)",
                t("map.measure.hidden", lang, mark=mark),
            )
        )
    missing = bool(frame.loc[~frame["hidden"], "value"].isna().any()) or classes is None
    notes = [" · ".join(subtitle)]
    if values.total is not None:
        notes.append(t("map.measure.total", lang, total=_text(values.total, spec.measure, lang)))
    demo = dataset_note(dataset, lang)
    if demo:
        notes.append(t("map.measure.demo", lang))
    more = []
    if classes is not None:
        more.append(t("map.measure.classes.change" if change else "map.measure.classes", lang))
    if values.unit == "centre":
        more.append(t("map.measure.by_centre", lang))
    more.append(release_note(spec.public, spec.threshold, lang))
    if demo:
        more.append(demo)
    legend = legend_html(
        title, class_items(classes, decimals), missing, lang, extra=extra, notes=notes, more=more
    )
    return Colouring(
        fills,
        legend,
        texts,
        title,
        tuple(patterns),
        label_values=values.unit == "district",
    )


@st.cache_data(max_entries=MEASURE_CACHE_ENTRIES, show_spinner=False)
def _colouring(
    city: str,
    dataset: str,
    spec: MeasureSpec,
    bands_text: str,
    lang: str,
    style: str,
    case_rev: int,
    store_rev: int,
    _data: ServiceMapData,
) -> Colouring:
    values = _values(city, dataset, spec, bands_text, case_rev, store_rev)
    return measure_colouring(_data, values, lang, style, dataset)


def measure_layer(
    choice: MeasureChoice, data: ServiceMapData, lang: str, style: str
) -> tuple[Colouring, MeasureValues]:
    """The colouring of the choice (cached with the values) and the values themselves."""
    colouring = _colouring(
        choice.city,
        choice.dataset,
        choice.spec,
        choice.bands_text,
        lang,
        style,
        *choice.revisions,
        _data=data,
    )
    return colouring, measure_values(choice)


def missing_text(values: MeasureValues, lang: str, style: str) -> str | None:
    """Why the measure has no values, in a sentence (``None`` when it has)."""
    if values.missing is None:
        return None
    return t(
        f"map.measure.no_{values.missing}", lang, year=format_year(values.spec.year, style, lang)
    )
