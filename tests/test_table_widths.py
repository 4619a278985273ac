"""Every grid's columns are as wide as their text (components.tables.fitted_column_config)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.tables import fitted_column_config
from safetynet.table_fit import MIN_WRAP_PX, MIN_WRAP_ROW_PX, WRAP_PX, width_px

RELATIONS = pd.DataFrame(
    {
        "區碼": ["64000010", "64000160"],
        "行政區": ["鹽埕區", "鳳山區"],
        "社福中心": ["鹽埕中心", "鳳山中心、五甲中心"],
        "警察分局": ["鹽埕分局", "鳳山分局"],
        "備註": [
            "原表中心欄列位錯移，依中心名稱對齊（參考說明）",
            "原表中心欄列位錯移，依中心名稱對齊（參考說明）；五甲中心位於鳳山區，鳳山區由兩中心服務；"
            "⚠ 推定：鼓山區未印，依參考說明由鄰近之鹽埕中心服務",
        ],
    }
)


def test_every_column_is_as_wide_as_its_widest_cell() -> None:
    config, _rows = fitted_column_config(RELATIONS)
    assert set(config) == set(RELATIONS.columns)
    # the centres column fits the district served by two centres, not only the first row
    assert config["社福中心"]["width"] == width_px(["社福中心", "鳳山中心、五甲中心"])
    assert config["區碼"]["width"] == width_px(["區碼", "64000160"])


def test_a_long_note_wraps_and_the_rows_grow() -> None:
    config, row_height = fitted_column_config(RELATIONS)
    # it wraps at WRAP_PX, or narrower to fit a laptop's screen (safetynet.table_fit)
    assert MIN_WRAP_PX <= config["備註"]["width"] <= WRAP_PX
    assert row_height is not None and row_height >= MIN_WRAP_ROW_PX


def test_the_callers_settings_are_kept() -> None:
    frame = pd.DataFrame({"n": [1_234_567], "trend": ["data:image/svg+xml;base64," + "A" * 4000]})
    config, row_height = fitted_column_config(
        frame,
        {
            "n": st.column_config.NumberColumn(format="localized"),
            "trend": st.column_config.ImageColumn("趨勢", width=150),
        },
    )
    assert config["trend"]["width"] == 150  # an image's width is the caller's
    wide, _ = fitted_column_config(
        frame, {"trend": st.column_config.ImageColumn("趨勢（實績 vs 目標）", width=100)}
    )
    assert wide["trend"]["width"] == width_px(["趨勢（實績 vs 目標）"])  # but fits its header
    assert row_height is None  # and its data URL is not text to wrap
    assert config["n"]["type_config"]["format"] == "localized"
    assert config["n"]["width"] == width_px(["n", "1,234,567"])  # measured as shown


def test_a_label_is_measured_as_the_header() -> None:
    label = "approved and hired posts"
    config, _ = fitted_column_config(pd.DataFrame({"a": [1]}), {"a": label})
    assert config["a"] == {"label": label, "width": width_px([label])}


def test_a_hidden_column_stays_hidden() -> None:
    config, _ = fitted_column_config(pd.DataFrame({"a": [1], "b": ["x"]}), {"b": None})
    assert config["b"] is None and "width" in config["a"]
