"""The planner's inputs: horizon, one box of widgets per service line, presets beside them.

The inputs of each city live in ``st.session_state["planner.state.<city>"]``
(a plain dict that survives page changes); widgets are keyed
``planner.<line id>.<field>`` and filled from that dict when they first
appear, so a reloaded scenario or an applied preset shows in the widgets.
"""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd
import streamlit as st

from safetynet.formatting import format_year
from safetynet.i18n import t
from safetynet.sources import source_line
from safetynet.staffing.planner import (
    DEFAULT_BASE_YEAR,
    DEFAULT_END_YEAR,
    METHODS,
    PlannerParams,
    ServiceLine,
)
from safetynet.staffing.posts import required_by_year
from safetynet.staffing.presets import Preset, source_line_inputs
from safetynet.text_safety import escape_markdown

YEAR_CHOICES = tuple(range(2018, 2041))
FLOAT_FIELDS = (
    "caseload",
    "caseload_change_pct",
    "cases_per_worker",
    "hours_per_case_month",
    "productive_hours_month",
    "workers_per_supervisor",
    "vacancy_rate_pct",
    "turnover_pct",
)
INT_FIELDS = ("lead_time_months", "approved_posts", "hired_now")
# Example service lines offered where the source names none (names only, no figures).
EXAMPLE_LINES = ("vulnerable_families", "protective", "offenders_mh", "psychiatric_community")


def state_key(city: str) -> str:
    return f"planner.state.{city}"


def widget_key(uid: str, field: str) -> str:
    return f"planner.{uid}.{field}"


def _new_line(state: dict, name: str, **values: object) -> dict[str, object]:
    """A line's inputs with an id unique in the city's state (``keelung.3``), for widget keys."""
    line = asdict(ServiceLine(name=name))
    line.update(values)
    state["next_id"] += 1
    line["uid"] = f"{state['city']}.{state['next_id']}"
    return line


def _empty_state(city: str, base_year: int, end_year: int) -> dict[str, object]:
    return {"city": city, "next_id": 0, "base_year": base_year, "end_year": end_year, "lines": []}


def default_state(
    city: str, staffing: pd.DataFrame, presets: tuple[Preset, ...], lang: str
) -> dict[str, object]:
    """The first inputs of a city: its source's service lines, else example names, no caseloads.

    Values come only from the source (Keelung: 1:35, 1 supervisor per 5 or per 2
    workers, 0 staff in post, a 6-month recruitment cycle); everything the
    source does not give is left empty for the planner to fill in.
    """
    state = _empty_state(city, DEFAULT_BASE_YEAR, DEFAULT_END_YEAR)
    lines = state["lines"]
    required = required_by_year(staffing)
    if not required.empty:
        for row in required.itertuples():
            inputs = source_line_inputs(row.agency_zh, presets)
            lines.append(
                _new_line(
                    state,
                    row.agency_zh if lang == "zh" else row.agency_en,
                    cases_per_worker=inputs["cases_per_worker"],
                    workers_per_supervisor=inputs["workers_per_supervisor"],
                    hired_now=int(row.existing) if pd.notna(row.existing) else None,
                    lead_time_months=_int(inputs["lead_time_months"]),
                )
            )
    else:
        lines += [_new_line(state, t(f"planner.example.{k}", lang)) for k in EXAMPLE_LINES]
    return state


def _int(value: float | None) -> int | None:
    return None if value is None else int(value)


def state_from_params(city: str, params: PlannerParams, first_id: int = 0) -> dict[str, object]:
    """Planner inputs from saved parameters; line ids continue after ``first_id``.

    Fresh ids give fresh widgets, so no widget keeps a value from before the load.
    """
    state = _empty_state(city, params.base_year, params.end_year)
    state["next_id"] = first_id
    state["lines"] = [_new_line(state, **asdict(line)) for line in params.lines]
    return state


def params_from_state(state: dict[str, object]) -> PlannerParams:
    """The parameters the inputs describe (not yet validated)."""
    lines = tuple(
        ServiceLine(**{k: v for k, v in line.items() if k != "uid"})
        for line in state["lines"]  # type: ignore[attr-defined]
    )
    return PlannerParams(lines=lines, base_year=state["base_year"], end_year=state["end_year"])  # type: ignore[arg-type]


def get_state(city: str, staffing: pd.DataFrame, presets: tuple[Preset, ...], lang: str) -> dict:
    key = state_key(city)
    if key not in st.session_state:
        st.session_state[key] = default_state(city, staffing, presets, lang)
    return st.session_state[key]


def replace_state(city: str, state: dict[str, object]) -> None:
    """Put new inputs in force (a loaded scenario); old widget values are forgotten."""
    old = st.session_state.get(state_key(city))
    if old:
        for line in old["lines"]:
            for field in (*FLOAT_FIELDS, *INT_FIELDS, "name", "method"):
                st.session_state.pop(widget_key(line["uid"], field), None)
    st.session_state[state_key(city)] = state
    st.session_state["planner.base_year"] = state["base_year"]
    st.session_state["planner.end_year"] = state["end_year"]


def _coerce(field: str, value: object) -> object:
    if value is None:
        return None
    if field in INT_FIELDS:
        return int(value)  # type: ignore[call-overload]
    if field in FLOAT_FIELDS:
        return float(value)  # type: ignore[arg-type]
    return value


def _bind(uid: str, field: str, line: dict) -> str:
    key = widget_key(uid, field)
    if key not in st.session_state:
        st.session_state[key] = _coerce(field, line[field])
    return key


def _number(line: dict, field: str, lang: str, **kwargs: object) -> None:
    key = _bind(line["uid"], field, line)
    is_int = field in INT_FIELDS
    value = st.number_input(
        t(f"planner.field.{field}", lang),
        key=key,
        value=None,  # empty means "not given"; the value itself comes from session state
        step=1 if is_int else 1.0,
        min_value=0 if is_int else kwargs.pop("min_value", None),
        format="%d" if is_int else "%g",
        help=t(f"planner.help.{field}", lang),
        placeholder=t("planner.placeholder", lang),
        **kwargs,
    )
    line[field] = _coerce(field, value)


def _add_line(city: str, lang: str) -> None:
    state = st.session_state[state_key(city)]
    state["lines"].append(_new_line(state, t("planner.new_line", lang, n=len(state["lines"]) + 1)))


def _remove_line(city: str, uid: str) -> None:
    state = st.session_state[state_key(city)]
    state["lines"] = [line for line in state["lines"] if line["uid"] != uid]


def render_horizon(state: dict, lang: str, style: str) -> None:
    """Base year (year of the current caseload) and the last year planned."""
    city_changed = st.session_state.get("planner.horizon_city") != state["city"]
    st.session_state["planner.horizon_city"] = state["city"]
    for key in ("base_year", "end_year"):
        widget = f"planner.{key}"
        if city_changed or st.session_state.get(widget) not in YEAR_CHOICES:
            st.session_state[widget] = state[key]
    cols = st.columns(2)
    state["base_year"] = cols[0].selectbox(
        t("planner.field.base_year", lang),
        YEAR_CHOICES,
        format_func=lambda y: format_year(y, style, lang),
        key="planner.base_year",
        help=t("planner.help.base_year", lang),
    )
    state["end_year"] = cols[1].selectbox(
        t("planner.field.end_year", lang),
        YEAR_CHOICES,
        format_func=lambda y: format_year(y, style, lang),
        key="planner.end_year",
        help=t("planner.help.end_year", lang),
    )


def render_lines(city: str, state: dict, lang: str) -> None:
    """One bordered box of inputs per service line, a remove button each, and an add button."""
    for i, line in enumerate(state["lines"], start=1):
        uid = line["uid"]
        with st.container(border=True):
            head = st.columns([4, 3, 1.4], vertical_alignment="bottom")
            line["name"] = head[0].text_input(
                t("planner.line_label", lang, n=i),
                key=_bind(uid, "name", line),
                max_chars=80,
            )
            line["method"] = head[1].selectbox(
                t("planner.field.method", lang),
                METHODS,
                format_func=lambda m: t(f"planner.method.{m}", lang),
                key=_bind(uid, "method", line),
                help=t("planner.help.method", lang),
            )
            head[2].button(
                t("planner.remove", lang),
                key=f"planner.{uid}.remove",
                on_click=_remove_line,
                args=(city, uid),
                icon=":material/delete:",
                disabled=len(state["lines"]) == 1,
            )
            row = st.columns(4)
            with row[0]:
                _number(line, "caseload", lang, min_value=0.0)
            with row[1]:
                _number(line, "caseload_change_pct", lang)
            if line["method"] == "time":
                with row[2]:
                    _number(line, "hours_per_case_month", lang, min_value=0.0)
                with row[3]:
                    _number(line, "productive_hours_month", lang, min_value=0.0)
            else:
                with row[2]:
                    _number(line, "cases_per_worker", lang, min_value=0.0)
            row = st.columns(4)
            with row[0]:
                _number(line, "workers_per_supervisor", lang, min_value=0.0)
            with row[1]:
                _number(line, "vacancy_rate_pct", lang, min_value=0.0)
            with row[2]:
                _number(line, "turnover_pct", lang, min_value=0.0)
            with row[3]:
                _number(line, "lead_time_months", lang)
            row = st.columns(4)
            with row[0]:
                _number(line, "approved_posts", lang)
            with row[1]:
                _number(line, "hired_now", lang)
    st.button(
        t("planner.add_line", lang),
        key="planner.add_line",
        on_click=_add_line,
        args=(city, lang),
        icon=":material/add:",
    )


def _apply_preset(city: str, presets: tuple[Preset, ...]) -> None:
    preset = presets[st.session_state["planner.preset"]]
    uid = st.session_state["planner.preset_line"]
    for line in st.session_state[state_key(city)]["lines"]:
        if line["uid"] == uid:
            line[preset.field] = _coerce(preset.field, preset.value)
            st.session_state[widget_key(uid, preset.field)] = line[preset.field]


def render_presets(city: str, state: dict, presets: tuple[Preset, ...], lang: str) -> None:
    """The presets with their sources, and a control to apply one to a service line."""
    st.markdown(f"**{t('planner.presets', lang)}**")
    by_source: dict[str, list[Preset]] = {}
    for preset in presets:
        by_source.setdefault(preset.source, []).append(preset)
    for source, group in by_source.items():
        st.markdown("\n".join(f"- {escape_markdown(p.label(lang))}" for p in group))
        st.caption(escape_markdown(source_line(source, lang)))
    uids = [line["uid"] for line in state["lines"]]
    names = {line["uid"]: f"{i}. {line['name']}" for i, line in enumerate(state["lines"], 1)}
    if st.session_state.get("planner.preset_line") not in uids:
        st.session_state["planner.preset_line"] = uids[0]
    st.selectbox(
        t("planner.preset.choose", lang),
        range(len(presets)),
        format_func=lambda i: f"{presets[i].label(lang)} ({presets[i].value:g})",
        key="planner.preset",
    )
    st.selectbox(
        t("planner.preset.line", lang),
        uids,
        format_func=names.__getitem__,
        key="planner.preset_line",
    )
    st.button(
        t("planner.preset.apply", lang),
        key="planner.apply_preset",
        on_click=_apply_preset,
        args=(city, presets),
        icon=":material/input:",
    )
