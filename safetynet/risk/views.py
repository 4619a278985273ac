"""Risk-type shares as a reader sees them: the table the risk-types page shows and offers
as CSV, worded from :mod:`safetynet.risk.shares`."""

from __future__ import annotations

import pandas as pd

from safetynet.formatting import format_pct, format_pp, format_year
from safetynet.i18n import note_in, t
from safetynet.risk.shares import RiskShareResult
from safetynet.validation.rules import printed_decimals


def risk_share_display_table(result: RiskShareResult, lang: str, year_style: str) -> pd.DataFrame:
    """The shares as a reader sees them: rank, short and full name, share, change, source."""
    shares = result.shares
    year_label = format_year(result.year, year_style, lang) if result.year else ""
    columns: dict[str, object] = {
        t("risk.col.rank", lang): shares["rank"].astype(int),
        t("risk.col.short", lang): shares[f"short_{lang}"],
        t("risk.col.name", lang): shares[f"name_{lang}"],
        t("risk.col.year", lang): [year_label] * len(shares),
        t("risk.col.share", lang): [
            format_pct(v, printed_decimals(v)) for v in shares["share_pct"]
        ],
    }
    if result.compare_year is not None:
        since = format_year(result.compare_year, year_style, lang)
        columns[t("risk.col.change", lang, year=since)] = [
            format_pp(v, lang) for v in shares["change_pp"]
        ]
    columns[t("source", lang)] = shares["source"]
    columns[t("note", lang)] = [note_in(n, lang) for n in shares["note"]]
    return pd.DataFrame(columns).reset_index(drop=True)
