"""Risk-type share charts: a sorted bar with values, a donut, and the change in points."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.charts import COLOURS, projector_layout, wrap_label
from safetynet.formatting import format_pct, format_pp
from safetynet.i18n import t
from safetynet.risk.shares import fold_shares

CHARTS = ("bar", "donut")


def _labels(shares: pd.DataFrame, lang: str, full_names: bool) -> list[str]:
    column = f"name_{lang}" if full_names else f"short_{lang}"
    width = 14 if lang == "zh" else 34
    return [wrap_label(str(v), width) for v in shares[column]]


def _share_text(value: float) -> str:
    return format_pct(value, 0 if float(value).is_integer() else 1)


def build_risk_share_figure(
    shares: pd.DataFrame,
    *,
    chart: str = "bar",
    full_names: bool = False,
    lang: str = "zh",
    title: str | None = None,
) -> go.Figure:
    """The shares of one year, largest first, each with its value; or a donut of the same.

    ``shares`` is :attr:`RiskShareResult.shares` (already sorted). The donut
    shows the printed shares, not plotly's own recomputed percentages. Beyond a
    dozen types the smaller ones are one 「其他」 bar or slice.
    """
    shares = fold_shares(shares)
    labels = _labels(shares, lang, full_names)
    values = shares["share_pct"].astype(float).tolist()
    text = [_share_text(v) for v in values]
    hover = [f"{full}<br>{txt}" for full, txt in zip(shares[f"name_{lang}"], text, strict=True)]
    if chart == "donut":
        fig = go.Figure(
            go.Pie(
                labels=labels,
                values=values,
                hole=0.5,
                sort=False,
                direction="clockwise",
                text=text,
                texttemplate="%{label}<br>%{text}",
                textposition="outside",
                hovertext=hover,
                hoverinfo="text",
                marker={"colors": [COLOURS[i % len(COLOURS)] for i in range(len(values))]},
                showlegend=False,
            )
        )
        projector_layout(fig, height=620, legend_below=False)
        fig.update_layout(margin={"l": 140, "r": 140, "t": 130, "b": 60})
    else:
        fig = go.Figure(
            go.Bar(
                x=values,
                y=labels,
                orientation="h",
                text=text,
                textposition="outside",
                cliponaxis=False,
                hovertext=hover,
                hoverinfo="text",
                marker_color=COLOURS[0],
            )
        )
        projector_layout(fig, height=max(420, 90 * len(values) + 120), legend_below=False)
        fig.update_yaxes(autorange="reversed", type="category")
        top = max(values) if values else 100
        fig.update_xaxes(
            title_text=t("risk.axis.share", lang), range=[0, top * 1.2], ticksuffix="%"
        )
    if title:
        fig.update_layout(title_text=title)
    return fig


def build_risk_change_figure(
    shares: pd.DataFrame, *, full_names: bool = False, lang: str = "zh", title: str | None = None
) -> go.Figure:
    """Change of each share in percentage points against the comparison year (one trace).

    Beyond a dozen types the smaller ones are one 「其他」 bar.
    """
    rows = fold_shares(shares)
    rows = rows[rows["change_pp"].notna()]
    values = rows["change_pp"].astype(float).tolist()
    fig = go.Figure(
        go.Bar(
            x=values,
            y=_labels(rows, lang, full_names),
            orientation="h",
            text=[format_pp(v, lang) for v in values],
            textposition="outside",
            cliponaxis=False,
            marker_color=[COLOURS[3] if v > 0 else COLOURS[0] for v in values],
        )
    )
    projector_layout(fig, height=max(420, 90 * len(values) + 120), legend_below=False)
    fig.update_yaxes(autorange="reversed", type="category")
    span = max([abs(v) for v in values] + [1.0]) * 1.4
    fig.update_xaxes(title_text=t("risk.axis.change", lang), range=[-span, span], zeroline=True)
    if title:
        fig.update_layout(title_text=title)
    return fig
