"""The relations view beside the map: district × centre × precinct, and centre × precinct."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

from components.data import computed
from components.tables import render_table, show_notes
from safetynet.editing.exports import to_csv_bytes
from safetynet.i18n import t
from safetynet.network.relations import centre_precinct_matrix, district_relations, has_precincts
from safetynet.network.views import RelationsGrid, relations_display_table, relations_grid
from safetynet.text_safety import escape_markdown

RELATION_TABLES = ("districts", "centres", "precincts", "district_centres", "district_precincts")


@dataclass(frozen=True)
class RelationsView:
    """What the view shows: the shared-district notes, the count of inferred links, the
    relation table (in the grid, one line a row with its notes marked; in the CSV, every
    note in full) and (with precincts) the matrix, in one language."""

    shared: tuple[str, ...]
    inferred: int
    display: pd.DataFrame
    grid: RelationsGrid
    matrix: pd.DataFrame | None


def relations_view(lang: str, tables: Mapping[str, pd.DataFrame]) -> RelationsView:
    """The view's texts and tables from the city's tables (a pure function of both)."""
    relations = district_relations(tables, lang)
    name_col = "district" if lang == "zh" else "district_en"
    shared = []
    for kind in ("centres", "precincts"):
        for _, row in relations[relations[f"n_{kind}"] > 1].iterrows():
            shared.append(
                t(
                    f"map.shared.{kind}",
                    lang,
                    district=row[name_col],
                    n=row[f"n_{kind}"],
                    names=row[kind],
                )
            )
    with_precincts = has_precincts(tables)
    display = relations_display_table(relations, lang, with_precincts)
    grid = relations_grid(district_relations(tables, lang, short=True), lang, with_precincts)
    shared_col = t("map.col.shared", lang)
    for table in (display, grid.table):
        table[shared_col] = table[shared_col].map({True: t("yes", lang), False: ""})
    matrix = None
    if with_precincts:
        counts = centre_precinct_matrix(tables, lang)
        matrix = (
            counts.astype("Int64").mask(counts == 0).reset_index(names=t("map.layer.centre", lang))
        )
    return RelationsView(tuple(shared), int(relations["inferred"].sum()), display, grid, matrix)


def render_relations_view(city: str, lang: str) -> None:
    """Tabs with the relation table (many-to-many rows called out) and the matrix, with CSVs;
    computed once per city, language and store revision."""
    view = computed(relations_view, city, RELATION_TABLES, lang, mapping=True)
    names = [t("map.tab.relations", lang)]
    tabs = st.tabs(names + ([t("map.tab.matrix", lang)] if view.matrix is not None else []))
    with tabs[0]:
        for message in view.shared:
            st.info(escape_markdown(message), icon=":material/call_split:")
        if view.inferred:
            st.caption(t("map.inferred_count", lang, n=view.inferred))
        # One line a row (a long note would make every row as tall as itself): the grid
        # marks each note, the notes follow the table, the CSV holds them in full.
        render_table(
            view.grid.table,
            key="map.relations",
            file_name=f"{city}_district_relations.csv",
            lang=lang,
            missing="",  # no note, no centre: an empty cell
            csv=partial(to_csv_bytes, view.display),
        )
        show_notes(view.grid.notes, t("map.notes", lang))
    if view.matrix is not None:
        with tabs[1]:
            st.caption(t("map.matrix.caption", lang))
            render_table(
                view.matrix,
                key="map.matrix",
                file_name=f"{city}_centre_precinct_matrix.csv",
                lang=lang,
                missing="",  # no district shared: an empty cell, as in a printed matrix
            )
