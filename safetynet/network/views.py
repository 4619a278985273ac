"""The service network as a reader sees it: each district's centres and precincts by name
with its reading notes, the centre × precinct matrix by name, the relations table with
headers in the reader's language (as the map page shows and offers it as CSV), and the
relations view beside the map: its notes on shared districts, table and matrix.

The relations themselves (ids, counts, ⚠ flags) come from
:mod:`safetynet.network.relations`; here they are only named and worded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from safetynet.formatting import MarkedGrid, marked_notes
from safetynet.i18n import note_in, t
from safetynet.network.relations import (
    LAYERS,
    centre_precinct_counts,
    district_links,
    has_precincts,
    relation_rows,
    short_unit_names,
)

SEPARATORS = {"zh": "、", "en": ", "}


def _unit_names(
    tables: Mapping[str, pd.DataFrame], layer: str, lang: str, short: bool = False
) -> dict[str, str]:
    units = tables[LAYERS[layer].units]
    names = units[f"name_{lang}"]
    if short:
        names = short_unit_names(names, fewest=1)
    return dict(zip(units[LAYERS[layer].id_col], names, strict=True))


def relation_notes(tables: Mapping[str, pd.DataFrame], lang: str) -> dict[str, tuple[str, ...]]:
    """town_code → the notes of its relation rows in ``lang``, ⚠ readings first."""
    notes: dict[str, list[tuple[bool, str]]] = {}
    for row in relation_rows(tables):
        if not isinstance(row.note, str):
            continue
        note = note_in(row.note, lang)
        found = notes.setdefault(row.town_code, [])
        if note and all(note != n for _, n in found):
            found.append((not row.note.lstrip().startswith("⚠"), note))
    return {
        code: tuple(n for _, n in sorted(parts, key=lambda part: part[0]))
        for code, parts in notes.items()
    }


def district_relations(
    tables: Mapping[str, pd.DataFrame], lang: str, short: bool = False
) -> pd.DataFrame:
    """One row per district, by town code: its centres, its precincts, flags and reading notes.

    With ``short`` a centre or precinct is named without the words every name of its
    kind ends with (「Sanmin」 under a 「Service centre(s)」 header), as a grid shows them.

    Columns: town_code, district, district_en, centres, precincts (names in ``lang``
    joined), n_centres, n_precincts, shared (many-to-many), inferred (a ⚠ reading), note
    (the district's notes joined), notes (the same notes one by one, a tuple).
    """
    links = district_links(tables)
    districts = tables["districts"]
    names = {layer: _unit_names(tables, layer, lang, short) for layer in LAYERS}
    notes = relation_notes(tables, lang)
    join = SEPARATORS[lang].join
    frame = pd.DataFrame(
        {
            "town_code": links["town_code"],
            "district": districts["name_zh"].to_numpy(),
            "district_en": districts["name_en"].to_numpy(),
            "centres": [join(names["centre"][c] for c in ids) for ids in links["centre_ids"]],
            "precincts": [join(names["precinct"][p] for p in ids) for ids in links["precinct_ids"]],
            "n_centres": links["n_centres"],
            "n_precincts": links["n_precincts"],
            "shared": links["shared"],
            "inferred": links["inferred"],
            "note": [" ".join(notes.get(code, ())) for code in links["town_code"]],
            "notes": [notes.get(code, ()) for code in links["town_code"]],
        }
    )
    return frame.sort_values("town_code").reset_index(drop=True)


def centre_precinct_matrix(tables: Mapping[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    """Centres × precincts by name in ``lang``: how many districts each pair shares."""
    matrix = centre_precinct_counts(tables)
    centres, precincts = (_unit_names(tables, layer, lang) for layer in ("centre", "precinct"))
    matrix.index = [centres[c] for c in matrix.index]
    matrix.columns = [precincts[p] for p in matrix.columns]
    return matrix


def _columns(lang: str, with_precincts: bool) -> dict[str, str]:
    columns = {
        "town_code": t("map.col.town_code", lang),
        "district" if lang == "zh" else "district_en": t("map.col.district", lang),
        "centres": t("map.col.centres", lang),
    }
    if with_precincts:
        columns["precincts"] = t("map.col.precincts", lang)
    columns["shared"] = t("map.col.shared", lang)
    columns["note"] = t("note", lang)
    return columns


def relations_display_table(
    relations: pd.DataFrame, lang: str, with_precincts: bool
) -> pd.DataFrame:
    """The district × centre × precinct table with headers in ``lang``, every note in full
    (the CSV)."""
    columns = _columns(lang, with_precincts)
    return relations[list(columns)].rename(columns=columns)


def relations_grid(relations: pd.DataFrame, lang: str, with_precincts: bool) -> MarkedGrid:
    """``relations`` (:func:`district_relations`, its ``notes`` column a tuple of each
    district's notes) with a mark for each note (the same note on many districts, a table
    printed out of line, is one mark)."""
    marks, notes = marked_notes(relations["notes"])
    columns = _columns(lang, with_precincts)
    table = relations.assign(note=marks)[list(columns)].rename(columns=columns)
    return MarkedGrid(table, notes)


@dataclass(frozen=True)
class RelationsView:
    """What the view shows: the shared-district notes, the count of inferred links, the
    relation table (in the grid, one line a row with its notes marked; in the CSV, every
    note in full) and (with precincts) the matrix, in one language."""

    shared: tuple[str, ...]
    inferred: int
    display: pd.DataFrame
    grid: MarkedGrid
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
