"""Chart figures built once per arguments and shared by every session (components.data)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.data import shared_figure


def _bars(frame: pd.DataFrame, lang: str, *, title: str) -> go.Figure:
    BUILT.append((lang, title))
    return go.Figure(go.Bar(x=list(frame["x"]), y=list(frame["y"])), layout={"title": title})


BUILT: list[tuple[str, str]] = []


def test_a_figure_is_built_once_per_data_and_choice() -> None:
    st.cache_resource.clear()
    BUILT.clear()
    frame = pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})

    first = shared_figure(_bars, frame, "zh", title="t")
    again = shared_figure(_bars, frame.copy(), "zh", title="t")  # equal data, another frame
    assert again is first
    assert BUILT == [("zh", "t")]

    assert shared_figure(_bars, frame, "en", title="t") is not first
    changed = frame.assign(y=[1, 3])
    assert list(shared_figure(_bars, changed, "zh", title="t").data[0].y) == [1, 3]
    assert BUILT == [("zh", "t"), ("en", "t"), ("zh", "t")]


def test_drawing_a_shared_figure_leaves_it_as_it_was() -> None:
    """render_chart copies the figure before it strips links: the cached one is untouched."""
    from streamlit.testing.v1 import AppTest

    def page() -> None:
        import pandas as pd

        from components.charts import render_chart
        from components.data import shared_figure
        from tests.test_shared_figures import _bars

        fig = shared_figure(
            _bars, pd.DataFrame({"x": ['<a href="x">a</a>'], "y": [1]}), "zh", title="t"
        )
        render_chart(fig, key="chart")
        render_chart(fig, key="again")

    st.cache_resource.clear()
    BUILT.clear()
    at = AppTest.from_function(page).run()
    assert not at.exception
    fig = shared_figure(
        _bars, pd.DataFrame({"x": ['<a href="x">a</a>'], "y": [1]}), "zh", title="t"
    )
    assert len(BUILT) == 1  # the figure the page drew, twice
    assert list(fig.data[0].x) == ['<a href="x">a</a>']
