"""The planner's inputs: horizon, every service line in one table, the inputs of the line
picked, and presets applied to it.

The inputs of each city live in ``st.session_state["planner.state.<city>"]``
(a plain dict that survives page changes); widgets are keyed
``planner.<line id>.<field>`` and filled from that dict when they first
appear, so a reloaded scenario or an applied preset shows in the widgets.
Only the line picked (``planner.line.<city>``, the first line at first) has
its widgets drawn: a bureau's twenty lines would be 240 inputs drawn on every
rerun. A line's widgets not drawn in a run are dropped by Streamlit; the dict
keeps their values, so they come back filled when the line is picked again.
A line's ``origins`` say where each prefilled number came from (the staffing
table, a printed standard, the case records); the note under an input shows
while the input still holds that number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from functools import partial

import streamlit as st

from components.tables import show_dataframe
from safetynet.editing.exports import to_csv_bytes
from safetynet.formatting import format_year
from safetynet.i18n import t
from safetynet.phases import Phase, last_phase_year
from safetynet.sources import source_line
from safetynet.staffing.planner import (
    DEFAULT_BASE_YEAR,
    DEFAULT_END_YEAR,
    EXAMPLE_LINES,
    METHODS,
    PlannerParams,
    ServiceLine,
)
from safetynet.staffing.planner_views import inputs_table, lines_summary, prefill_note
from safetynet.staffing.presets import Preset
from safetynet.staffing.worked_plan import Prefill, WorkedPlan
from safetynet.text_safety import escape_markdown

FIRST_YEAR = 2018  # the first year of the programme's first phase (民國107年)
EXTRA_YEARS = 10  # years offered beyond the last phase
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


def state_key(city: str) -> str:
    return f"planner.state.{city}"


def widget_key(uid: str, field: str) -> str:
    return f"planner.{uid}.{field}"


def picker_key(city: str) -> str:
    """The key of the choice of the service line whose inputs are shown."""
    return f"planner.line.{city}"


def _new_line(state: dict, name: str, **values: object) -> dict[str, object]:
    """A line's inputs with an id unique in the city's state (``keelung.3``), for widget keys."""
    line = asdict(ServiceLine(name=name))
    line.update(values)
    state["next_id"] += 1
    line["uid"] = f"{state['city']}.{state['next_id']}"
    return line


def year_choices(phases: tuple[Phase, ...]) -> tuple[int, ...]:
    """Years the horizon offers: from the first phase to ten years past the last one."""
    first = min((p.year_from for p in phases), default=FIRST_YEAR)
    last = last_phase_year(phases) or DEFAULT_END_YEAR
    return tuple(range(min(first, FIRST_YEAR), last + EXTRA_YEARS + 1))


def _empty_state(city: str, base_year: int, end_year: int) -> dict[str, object]:
    return {"city": city, "next_id": 0, "base_year": base_year, "end_year": end_year, "lines": []}


def _origin(prefill: Prefill) -> dict[str, object]:
    return {"value": prefill.value, "how": prefill.how, "params": list(prefill.params),
            "source": prefill.source}  # fmt: skip


def default_state(city: str, plan: WorkedPlan | None, lang: str) -> dict[str, object]:
    """The first inputs of a city: the worked plan of its data, else example line names.

    Service lines are the staffing table's agencies, with posts approved and people
    hired, and the ratio, span and recruitment time the source prints for them
    (:func:`safetynet.staffing.worked_plan.worked_plan`); the horizon is the years
    the city's plan covers. Each filled number keeps where it came from; a plan that
    left lines out (a bureau's thousands of agencies) keeps how many, for the note.
    """
    if plan is None:
        state = _empty_state(city, DEFAULT_BASE_YEAR, DEFAULT_END_YEAR)
        state["lines"] = [_new_line(state, t(f"planner.example.{k}", lang)) for k in EXAMPLE_LINES]
        return state
    state = _empty_state(city, plan.base_year, plan.end_year)
    if plan.left_out:  # the note under the lines says how many, and how to add them
        state["left_out"], state["opened"] = plan.left_out, len(plan.lines)
    for worked in plan.lines:
        values = {k: _coerce(k, p.value) for k, p in worked.values}
        line = _new_line(state, worked.name_zh if lang == "zh" else worked.name_en, **values)
        line["origins"] = {k: _origin(p) for k, p in worked.values}
        state["lines"].append(line)
    return state


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
        ServiceLine(**{k: v for k, v in line.items() if k not in ("uid", "origins")})
        for line in state["lines"]  # type: ignore[attr-defined]
    )
    return PlannerParams(lines=lines, base_year=state["base_year"], end_year=state["end_year"])  # type: ignore[arg-type]


def get_state(city: str, opening_plan: Callable[[], WorkedPlan | None], lang: str) -> dict:
    """The city's inputs in this session; ``opening_plan`` is asked only on the first visit."""
    key = state_key(city)
    if key not in st.session_state:
        st.session_state[key] = default_state(city, opening_plan(), lang)
    state = st.session_state[key]
    _take_widget_values(state)
    return state


def _take_widget_values(state: dict) -> None:
    """Copy what the user changed in the shown line's widgets into the city's inputs before
    anything is drawn, so the table of every line and the pickers above the widgets show
    the new value in the same run (the widgets themselves are drawn further down)."""
    for line in state["lines"]:
        for field in ("name", "method", *FLOAT_FIELDS, *INT_FIELDS):
            key = widget_key(line["uid"], field)
            if key in st.session_state:
                line[field] = _coerce(field, st.session_state[key])


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


def _number(
    line: dict, field: str, lang: str, style: str = "roc", phases: tuple[Phase, ...] = ()
) -> None:
    """One input; no lower bound in the widget, so a negative number reaches the checks
    and is answered 「不可為負數」. Under it, where a prefilled number came from."""
    key = _bind(line["uid"], field, line)
    is_int = field in INT_FIELDS
    value = st.number_input(
        t(f"planner.field.{field}", lang),
        key=key,
        value=None,  # empty means "not given"; the value itself comes from session state
        step=1 if is_int else 1.0,
        format="%d" if is_int else "%g",
        help=t(f"planner.help.{field}", lang),
        placeholder=t("planner.placeholder", lang),
    )
    line[field] = _coerce(field, value)
    origin = line.get("origins", {}).get(field)
    if origin is not None and value is not None and float(value) == float(origin["value"]):
        prefill = Prefill(
            float(origin["value"]),
            str(origin["how"]),
            tuple(tuple(p) for p in origin["params"]),
            str(origin["source"]),
        )
        st.caption(escape_markdown(prefill_note(prefill, lang, phases, style)))


def _add_line(city: str, lang: str) -> None:
    """A new line, picked: its inputs are the ones shown next."""
    state = st.session_state[state_key(city)]
    line = _new_line(state, t("planner.new_line", lang, n=len(state["lines"]) + 1))
    state["lines"].append(line)
    st.session_state[picker_key(city)] = line["uid"]


def _remove_line(city: str, uid: str) -> None:
    """Remove a line; the line after it (or before it, if it was the last) is picked."""
    state = st.session_state[state_key(city)]
    uids = [line["uid"] for line in state["lines"]]
    state["lines"] = [line for line in state["lines"] if line["uid"] != uid]
    if state["lines"]:
        at = min(uids.index(uid), len(state["lines"]) - 1)
        st.session_state[picker_key(city)] = state["lines"][at]["uid"]


def picked_line(city: str, state: dict) -> dict:
    """The line whose inputs are shown: the one picked, else the first."""
    uids = [line["uid"] for line in state["lines"]]
    key = picker_key(city)
    if st.session_state.get(key) not in uids:
        st.session_state[key] = uids[0]
    return state["lines"][uids.index(st.session_state[key])]


def render_horizon(state: dict, phases: tuple[Phase, ...], lang: str, style: str) -> None:
    """Base year (year of the current caseload) and the last year planned; the last year
    of every phase is marked in the choices (「119年（社安網計畫2.0 結束）」)."""
    choices = year_choices(phases)
    city_changed = st.session_state.get("planner.horizon_city") != state["city"]
    st.session_state["planner.horizon_city"] = state["city"]
    for key in ("base_year", "end_year"):
        widget = f"planner.{key}"
        if city_changed or st.session_state.get(widget) not in choices:
            st.session_state[widget] = state[key] if state[key] in choices else choices[0]
    ends = {p.year_to: p for p in phases}

    def end_label(year: int) -> str:
        phase = ends.get(year)
        shown = format_year(year, style, lang)
        return shown if phase is None else t("planner.phase_end", lang, year=shown,
                                              phase=phase.name(lang))  # fmt: skip

    cols = st.columns(2)
    state["base_year"] = cols[0].selectbox(
        t("planner.field.base_year", lang),
        choices,
        format_func=lambda y: format_year(y, style, lang),
        key="planner.base_year",
        help=t("planner.help.base_year", lang),
    )
    state["end_year"] = cols[1].selectbox(
        t("planner.field.end_year", lang),
        choices,
        format_func=end_label,
        key="planner.end_year",
        help=t("planner.help.end_year", lang),
    )


def _inputs_csv(params: PlannerParams, lang: str) -> bytes:
    return to_csv_bytes(inputs_table(params, lang))


def _line_inputs(
    city: str, line: dict, n: int, count: int, lang: str, style: str, phases: tuple[Phase, ...]
) -> None:
    """One bordered box of the line's inputs (name and method, then the numbers four to a
    row), its remove button at the bottom."""
    uid = line["uid"]
    with st.container(border=True):
        head = st.columns(2)
        line["name"] = head[0].text_input(
            t("planner.line_label", lang, n=n),
            key=_bind(uid, "name", line),
            max_chars=80,
        )
        # a radio, not a select box: its choices wrap instead of ending under an arrow
        line["method"] = head[1].radio(
            t("planner.field.method", lang),
            METHODS,
            format_func=lambda m: t(f"planner.method_short.{m}", lang),
            captions=[t(f"planner.method_how.{m}", lang) for m in METHODS],
            horizontal=True,
            key=_bind(uid, "method", line),
            help=t("planner.help.method", lang),
        )
        standard = (
            ("hours_per_case_month", "productive_hours_month")
            if line["method"] == "time"
            else ("cases_per_worker",)
        )
        rows = (
            ("caseload", "caseload_change_pct", *standard),
            ("workers_per_supervisor", "vacancy_rate_pct", "turnover_pct", "lead_time_months"),
            ("approved_posts", "hired_now"),
        )
        for fields_ in rows:
            for col, field in zip(st.columns(4), fields_, strict=False):
                with col:
                    _number(line, field, lang, style, phases)
        st.button(
            t("planner.remove", lang),
            key=f"planner.{uid}.remove",
            on_click=_remove_line,
            args=(city, uid),
            icon=":material/delete:",
            disabled=count == 1,
        )


def render_lines(
    city: str, state: dict, lang: str, style: str = "roc", phases: tuple[Phase, ...] = ()
) -> None:
    """Every service line's inputs in one table, a choice of the line to change, its inputs
    (with where each prefilled number came from), then an add button."""
    lines = state["lines"]
    st.markdown(f"**{t('planner.lines', lang)}**")
    params = params_from_state(state)
    table, numbers = lines_summary(params, lang)
    show_dataframe(  # short headers; the inputs' full names are their tooltips
        table,
        column_config={
            column: st.column_config.TextColumn(
                alignment="right", help=t(f"planner.field.{f}", lang)
            )
            for f, column in numbers.items()
        },
    )
    st.download_button(
        t("download_csv", lang),
        data=partial(_inputs_csv, params, lang),  # written on click, the inputs as entered
        file_name=f"{city}_planner_inputs.csv",
        mime="text/csv",
        key=f"planner.lines_table.{city}.download",
        icon=":material/download:",
    )
    left_out = state.get("left_out", 0)
    if left_out:
        opened = state["opened"]
        st.info(
            t("planner.lines_left_out", lang, n=f"{left_out:,}", shown=f"{opened:,}"),
            icon=":material/playlist_remove:",
        )
    picked = picked_line(city, state)
    names = {line["uid"]: f"{i}. {line['name']}" for i, line in enumerate(lines, 1)}
    cols = st.columns([3, 1], vertical_alignment="bottom")
    cols[0].selectbox(
        t("planner.line.pick", lang),
        list(names),
        format_func=names.__getitem__,
        key=picker_key(city),
        help=t("planner.line.pick_help", lang),
    )
    cols[1].button(
        t("planner.add_line", lang),
        key="planner.add_line",
        on_click=_add_line,
        args=(city, lang),
        icon=":material/add:",
    )
    n = next(i for i, line in enumerate(lines, 1) if line["uid"] == picked["uid"])
    _line_inputs(city, picked, n, len(lines), lang, style, phases)


def set_caseload(city: str, uid: str, value: float, what: str, dataset: str) -> None:
    """Put a caseload counted from the case records into a line, saying where it came from."""
    for line in st.session_state[state_key(city)]["lines"]:
        if line["uid"] == uid:
            line["caseload"] = value
            line.setdefault("origins", {})["caseload"] = {
                "value": value, "how": "cases", "params": [("what", what), ("dataset", dataset)],
                "source": "",
            }  # fmt: skip
            st.session_state[widget_key(uid, "caseload")] = value


def _apply_preset(city: str, presets: tuple[Preset, ...], uid: str) -> None:
    preset = presets[st.session_state["planner.preset"]]
    for line in st.session_state[state_key(city)]["lines"]:
        if line["uid"] == uid:
            line[preset.field] = _coerce(preset.field, preset.value)
            st.session_state[widget_key(uid, preset.field)] = line[preset.field]


def render_presets(city: str, state: dict, presets: tuple[Preset, ...], lang: str) -> None:
    """The presets, each with its source, as one choice (a radio: long standards wrap), and
    a button that applies the chosen one to the service line whose inputs are shown."""
    picked = picked_line(city, state)
    n = next(i for i, line in enumerate(state["lines"], 1) if line["uid"] == picked["uid"])
    with st.container(border=True):
        st.markdown(f"**{t('planner.presets', lang)}**")
        st.radio(
            t("planner.preset.choose", lang),
            range(len(presets)),
            format_func=lambda i: escape_markdown(presets[i].label(lang)),
            captions=[escape_markdown(source_line(p.source, lang)) for p in presets],
            key="planner.preset",
        )
        st.button(
            t("planner.preset.apply_to", lang, line=escape_markdown(f"{n}. {picked['name']}")),
            key="planner.apply_preset",
            on_click=_apply_preset,
            args=(city, presets, picked["uid"]),
            icon=":material/input:",
        )
