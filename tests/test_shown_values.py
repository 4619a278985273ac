"""What every page shows a user: no 「None」/「nan」, no seed file names, no internal codes
(in texts, and in tables but for the stored tables of the data page).

A sweep over every page in both cities and both languages, in AppTest: the
tables as sent to the grid (the browser draws them on a canvas, where a
browser test cannot read them), every text element and every card.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from components.sidebar import NAVIGATION

PAGES = [script for _section, pages in NAVIGATION for script, _title, _icon in pages]
# 「None」, 「nan」, pandas' 「<NA>」 and 「NaT」 as words, not inside other words (「Nantou」).
MISSING_WORDS = re.compile(r"(?<![A-Za-z])(None|nan|NaN|NaT)(?![A-Za-z])|<NA>")
SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
# Codes of the store's rows, e.g. an indicator id cited in a note.
INTERNAL_CODE = re.compile(r"\bp[12]_s\d_\d{2}\b")
# The data page shows the stored tables as they are, keys included, to edit them by row.
STORED_TABLES_PAGE = "pages/data_management.py"


def _texts(at) -> list[str]:
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info"):
        texts += [str(e.value) for e in getattr(at, kind)]
    texts += [str(e.value) for e in at.warning] + [str(e.value) for e in at.error]
    for metric in at.metric:
        texts += [str(metric.label), str(metric.value), str(metric.help or "")]
    return texts


def _cells(frame: pd.DataFrame) -> list[str]:
    return [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]


@pytest.mark.parametrize(("city", "lang"), [("kaohsiung", "zh"), ("keelung", "en")])
@pytest.mark.parametrize("page", PAGES)
def test_a_page_shows_no_none_nan_or_file_name(app_test, page, city, lang) -> None:
    at = app_test(page, **{"settings.city": city, "settings.lang": lang}).run()
    assert not at.exception
    problems = []
    for i, element in enumerate(at.dataframe):
        frame = element.value
        missing = frame.isna()
        if missing.to_numpy().any():
            where = missing.stack()
            problems.append(f"table {i}: missing cells at {list(where[where].index)[:5]}")
        problems += [f"table {i}: {c!r}" for c in _cells(frame) if MISSING_WORDS.search(c)]
        if page != STORED_TABLES_PAGE:
            problems += [
                f"table {i} internal code: {c!r}" for c in _cells(frame) if INTERNAL_CODE.search(c)
            ]
        source_cols = [c for c in frame.columns if c in ("資料來源", "Source", "source")]
        problems += [
            f"table {i} source: {v!r}"
            for c in source_cols
            for v in frame[c]
            if SEED_FILE.search(str(v))
        ]
    for text in _texts(at):
        if MISSING_WORDS.search(text) or SEED_FILE.search(text) or INTERNAL_CODE.search(text):
            problems.append(f"text: {text[:160]!r}")
    assert not problems, "\n".join(problems)
