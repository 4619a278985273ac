"""The relations view beside the map: district × centre × precinct, and centre × precinct."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from components.tables import render_table
from safetynet.i18n import t
from safetynet.network.relations import centre_precinct_matrix, district_relations, has_precincts
from safetynet.network.views import relations_display_table
from safetynet.text_safety import escape_markdown


def render_relations_view(tables: Mapping[str, pd.DataFrame], city: str, lang: str) -> None:
    """Tabs with the relation table (many-to-many rows called out) and the matrix, with CSVs."""
    with_precincts = has_precincts(tables)
    relations = district_relations(tables, lang)
    tabs = st.tabs(
        [t("map.tab.relations", lang)] + ([t("map.tab.matrix", lang)] if with_precincts else [])
    )
    with tabs[0]:
        name_col = "district" if lang == "zh" else "district_en"
        for kind in ("centres", "precincts"):
            for _, row in relations[relations[f"n_{kind}"] > 1].iterrows():
                message = t(
                    f"map.shared.{kind}",
                    lang,
                    district=row[name_col],
                    n=row[f"n_{kind}"],
                    names=row[kind],
                )
                st.info(escape_markdown(message), icon=":material/call_split:")
        inferred = int(relations["inferred"].sum())
        if inferred:
            st.caption(t("map.inferred_count", lang, n=inferred))
        display = relations_display_table(relations, lang, with_precincts)
        shared_col = t("map.col.shared", lang)
        display[shared_col] = display[shared_col].map({True: t("yes", lang), False: ""})
        render_table(
            display, key="map.relations", file_name=f"{city}_district_relations.csv", lang=lang
        )
    if with_precincts:
        with tabs[1]:
            st.caption(t("map.matrix.caption", lang))
            matrix = centre_precinct_matrix(tables, lang)
            shown = matrix.replace(0, pd.NA).reset_index(names=t("map.layer.centre", lang))
            render_table(
                shown,
                key="map.matrix",
                file_name=f"{city}_centre_precinct_matrix.csv",
                lang=lang,
                missing="",  # no district shared: an empty cell, as in a printed matrix
            )
