"""Who serves which district: district ↔ centre ↔ precinct relations.

Relations are many-to-many (三民: two precincts; 鳳山: two centres), so
everything here works on the relation tables, never on a single centre or
precinct column per district. Ids and counts only: names, notes and labels in
the reader's language are put on them in :mod:`safetynet.network.views`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Layer:
    """A categorical layer: the unit table, the relation table and their id column."""

    units: str
    relation: str
    id_col: str


CENTRES = Layer("centres", "district_centres", "centre_id")
PRECINCTS = Layer("precincts", "district_precincts", "precinct_id")
LAYERS = {"centre": CENTRES, "precinct": PRECINCTS}
RELATION_TABLES = tuple(layer.relation for layer in LAYERS.values())


def has_precincts(tables: Mapping[str, pd.DataFrame]) -> bool:
    return not tables["precincts"].empty


def units_of_district(tables: Mapping[str, pd.DataFrame], layer: Layer) -> dict[str, list[str]]:
    """town_code → ids of the centres (or precincts) serving it, in file order."""
    relation = tables[layer.relation]
    return relation.groupby("town_code", sort=False)[layer.id_col].apply(list).to_dict()


def multi_served(tables: Mapping[str, pd.DataFrame], layer: Layer) -> set[str]:
    """Districts served by more than one centre (or precinct): the many-to-many rows."""
    counts = tables[layer.relation]["town_code"].value_counts()
    return set(counts[counts > 1].index)


def short_unit_names(names: pd.Series, fewest: int = 2) -> pd.Series:
    """Drop a long suffix all names share ("… Social Welfare Service Centre") for the legend;
    a suffix of fewer than ``fewest`` words is kept."""
    words = [str(n).split(" ") for n in names]
    if len(words) < 2:
        return names
    common = 0
    while (
        all(len(w) > common + 1 for w in words)
        and len({tuple(w[-common - 1 :]) for w in words}) == 1
    ):
        common += 1
    if common < fewest:
        return names
    return names.map(lambda n: " ".join(str(n).split(" ")[:-common]))


def district_links(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per district in file order: the ids of its centres and precincts, counts, flags.

    Columns: town_code, centre_ids, precinct_ids (tuples, in file order), n_centres,
    n_precincts, shared (many-to-many), inferred (a ⚠ reading on any of its relation rows).
    """
    served = {layer: units_of_district(tables, LAYERS[layer]) for layer in LAYERS}
    flagged = flagged_districts(tables)
    rows = []
    for code in tables["districts"]["town_code"]:
        centres = tuple(served["centre"].get(code, []))
        precincts = tuple(served["precinct"].get(code, []))
        rows.append(
            {
                "town_code": code,
                "centre_ids": centres,
                "precinct_ids": precincts,
                "n_centres": len(centres),
                "n_precincts": len(precincts),
                "shared": len(centres) > 1 or len(precincts) > 1,
                "inferred": code in flagged,
            }
        )
    return pd.DataFrame(rows)


def relation_rows(tables: Mapping[str, pd.DataFrame]) -> Iterator[Any]:
    """Every district–centre and district–precinct row (named tuples with ``note``)."""
    for table in RELATION_TABLES:
        yield from tables[table].itertuples()


def flagged_districts(tables: Mapping[str, pd.DataFrame]) -> set[str]:
    """Districts with a ⚠ reading on any of their centre or precinct rows.

    Only the relation rows count: a district itself is not in doubt (its name
    and code come from the boundary data), the centre or precinct read for it is.
    """
    return {
        row.town_code
        for row in relation_rows(tables)
        if isinstance(row.note, str) and row.note.lstrip().startswith("⚠")
    }


def centre_precinct_counts(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Centre ids × precinct ids: how many districts each pair shares (0 where none).

    Rows and columns follow the files' order; a row with several non-zero
    cells is a centre that works with several precincts.
    """
    pairs = tables["district_centres"].merge(tables["district_precincts"], on="town_code")
    counts = pairs.groupby(["centre_id", "precinct_id"]).size()
    matrix = counts.unstack(fill_value=0).reindex(
        index=tables["centres"]["centre_id"],
        columns=tables["precincts"]["precinct_id"],
        fill_value=0,
    )
    return matrix.astype(int)


@dataclass(frozen=True)
class Partners:
    """A centre's (or precinct's) districts and the units of the other kind it works with."""

    unit_id: str
    districts: tuple[str, ...]
    partners: tuple[str, ...]
    partner_counts: tuple[int, ...]


def partners_of(tables: Mapping[str, pd.DataFrame], layer_name: str, unit_id: str) -> Partners:
    """For a centre: its districts and the precincts it works with; for a precinct, the reverse.

    Partners are sorted by the number of shared districts, most first.
    """
    layer = LAYERS[layer_name]
    other = LAYERS["precinct" if layer_name == "centre" else "centre"]
    relation = tables[layer.relation]
    districts = tuple(relation.loc[relation[layer.id_col] == unit_id, "town_code"])
    other_rel = tables[other.relation]
    shared = other_rel[other_rel["town_code"].isin(districts)]
    counts = shared[other.id_col].value_counts(sort=False)
    order = sorted(counts.index, key=lambda u: (-counts[u], list(counts.index).index(u)))
    return Partners(unit_id, districts, tuple(order), tuple(int(counts[u]) for u in order))
