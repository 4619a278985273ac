"""The service network as a reader sees it: the relations table with headers in the
reader's language, as the map page shows and offers it as CSV."""

from __future__ import annotations

import pandas as pd

from safetynet.i18n import t


def relations_display_table(
    relations: pd.DataFrame, lang: str, with_precincts: bool
) -> pd.DataFrame:
    """The district × centre × precinct table with headers in ``lang``, as shown and downloaded."""
    columns = {
        "town_code": t("map.col.town_code", lang),
        "district" if lang == "zh" else "district_en": t("map.col.district", lang),
        "centres": t("map.col.centres", lang),
    }
    if with_precincts:
        columns["precincts"] = t("map.col.precincts", lang)
    columns["shared"] = t("map.col.shared", lang)
    columns["note"] = t("note", lang)
    return relations[list(columns)].rename(columns=columns)
