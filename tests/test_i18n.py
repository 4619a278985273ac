"""Every user-visible string goes through one translation table with both languages."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from safetynet import DATA_DIR, PROJECT_ROOT
from safetynet.i18n import LANGUAGES, STRINGS, note_in, t

UI_FILES = [
    PROJECT_ROOT / "app.py",
    *sorted((PROJECT_ROOT / "pages").glob("*.py")),
    *sorted((PROJECT_ROOT / "components").glob("*.py")),
    *sorted((PROJECT_ROOT / "safetynet").glob("*.py")),
]


def test_every_string_has_every_language() -> None:
    for key, texts in STRINGS.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(texts.values()), key


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_every_literal_key_used_exists(path) -> None:
    keys = re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']""", path.read_text(encoding="utf-8"))
    missing = [k for k in keys if k not in STRINGS]
    assert missing == []


def test_placeholders_are_filled() -> None:
    assert t("map.panel.districts_of", "zh", n=4) == "服務行政區（4 區）"
    assert t("map.panel.districts_of", "en", n=4) == "Districts served (4)"


@pytest.mark.parametrize(
    ("note", "lang", "expected"),
    [
        ("⚠ 推定：甲仙中心 / Inferred: Jiaxian centre", "zh", "⚠ 推定：甲仙中心"),
        ("⚠ 推定：甲仙中心 / Inferred: Jiaxian centre", "en", "⚠ Inferred: Jiaxian centre"),
        ("部分年度 / partial year；學年度 / school year", "en", "partial year; school year"),
        ("no separator", "en", "no separator"),
        # the Chinese half holds its own ；: one note, not two
        (
            "來源未載比較期間；圖表未能擷取 / period not stated; chart not extractable",
            "en",
            "period not stated; chart not extractable",
        ),
        (
            "來源未載比較期間；圖表未能擷取 / period not stated; chart not extractable",
            "zh",
            "來源未載比較期間；圖表未能擷取",
        ),
        (None, "zh", ""),
    ],
)
def test_note_in_one_language(note, lang, expected) -> None:
    assert note_in(note, lang) == expected


# -- English reads as English: one spelling of "centre", no CJK-width punctuation ------
# The app's English is British (centre, programme, colour): "center" is the odd one out.
AMERICAN_CENTRE = re.compile(r"\b[Cc]enters?\b")
# Quotes, brackets and stops a CJK font draws full-width, and the full-width ASCII block.
CJK_PUNCTUATION = re.compile(r"[’‘“”「」『』，。：；（）、！？【】《》〈〉\uff01-\uff5e]")
# Texts that name full-width characters on purpose (what a parser accepts).
NAMES_CJK_CHARACTERS = {"i18n analysis.bands.help"}


def _english_texts() -> list[tuple[str, str]]:
    """Every English text a user can see: the catalogue, the data's *_en columns and the
    English half of every bilingual note."""
    texts = [(f"i18n {key}", value["en"]) for key, value in STRINGS.items()]
    for path in sorted(DATA_DIR.rglob("*.csv")):
        frame = pd.read_csv(path, dtype=str)
        for column in frame.columns:
            if column.endswith("_en"):
                values = frame[column].dropna()
            elif column == "note":
                values = frame[column].dropna().map(lambda n: note_in(n, "en"))
            else:
                continue
            texts += [(f"{path.relative_to(DATA_DIR)}:{column}", v) for v in values if v]
    return texts


def test_english_texts_exist_to_be_checked() -> None:
    where = {w.split(" ")[0].split(":")[0] for w, _ in _english_texts()}
    assert "i18n" in where and "kaohsiung/centres.csv" in where


@pytest.mark.parametrize(
    ("pattern", "what"),
    [(AMERICAN_CENTRE, "American 'center'"), (CJK_PUNCTUATION, "CJK-width punctuation")],
)
def test_english_is_consistent(pattern: re.Pattern[str], what: str) -> None:
    found = [
        f"{where}: {text!r}"
        for where, text in _english_texts()
        if pattern.search(text) and where not in NAMES_CJK_CHARACTERS
    ]
    assert not found, f"{what} in English text:\n" + "\n".join(found[:20])
