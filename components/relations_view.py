"""The relations view beside the map: district × centre × precinct, and centre × precinct,
drawn from :func:`safetynet.network.views.relations_view`."""

from __future__ import annotations

import streamlit as st

from components.data import computed
from components.tables import render_marked_grid, render_table
from safetynet.i18n import t
from safetynet.network.views import relations_view
from safetynet.text_safety import escape_markdown

RELATION_TABLES = ("districts", "centres", "precincts", "district_centres", "district_precincts")


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
        render_marked_grid(
            view.grid,
            view.display,
            key="map.relations",
            file_name=f"{city}_district_relations.csv",
            lang=lang,
            heading=t("map.notes", lang),
            missing="",  # no note, no centre: an empty cell
        )
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
