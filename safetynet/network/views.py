"""The service network as a reader sees it: the relations table with headers in the
reader's language, as the map page shows and offers it as CSV."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from safetynet.formatting import marked_notes
from safetynet.i18n import t


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


@dataclass(frozen=True)
class RelationsGrid:
    """The relations table as the page's grid shows it, one line a row: the note column
    holds marks (「① ③」), and ``notes`` the text of each mark, in order.

    The same note on many districts (a table printed out of line) is one mark.
    """

    table: pd.DataFrame
    notes: tuple[str, ...]


def relations_grid(relations: pd.DataFrame, lang: str, with_precincts: bool) -> RelationsGrid:
    """``relations`` (:func:`~safetynet.network.relations.district_relations`, its
    ``notes`` column a tuple of each district's notes) with a mark for each note."""
    marks, notes = marked_notes(relations["notes"])
    columns = _columns(lang, with_precincts)
    table = relations.assign(note=marks)[list(columns)].rename(columns=columns)
    return RelationsGrid(table, notes)
