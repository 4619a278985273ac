"""Every user-visible string goes through one translation table with both languages."""

from __future__ import annotations

import re

import pytest

from safetynet import PROJECT_ROOT
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
