"""Sources read as the document's name a director knows; downloads keep the file name."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from safetynet import DATA_DIR
from safetynet.sources import load_documents, source_label, source_line

KAOHSIUNG = "000_a6c4c72a35a39901.txt"
KEELUNG = "003_8c0365bf83128a38.txt"
SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def _cited_sources() -> set[str]:
    cited = set()
    for path in DATA_DIR.rglob("*.csv"):
        frame = pd.read_csv(path, dtype=str)
        if "source" in frame.columns:
            cited |= set(frame["source"].dropna())
    return cited


def test_every_cited_file_has_a_document_name() -> None:
    files = {m for s in _cited_sources() for m in SEED_FILE.findall(s)}
    assert files == {KAOHSIUNG, KEELUNG}
    assert files <= set(load_documents())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_shown_source_carries_a_file_name(lang) -> None:
    for source in _cited_sources():
        shown = source_label(source, lang)
        assert not SEED_FILE.search(shown), shown
        assert shown.endswith(source.partition(" · ")[2])  # the slide title stays


@pytest.mark.parametrize(
    ("source", "lang", "expected"),
    [
        (
            f"{KAOHSIUNG} · 策略一：布建社會福利服務中心整合社會救助與福利服務 (1/3)",
            "zh",
            "高雄市執行強化社會安全網第二期計畫報告（高雄市政府社會局，110年10月13日）"
            " · 策略一：布建社會福利服務中心整合社會救助與福利服務 (1/3)",
        ),
        (
            f"{KEELUNG} · 各類通報案件分析",
            "en",
            "Keelung City Department of Social Affairs, report on the Strengthening Social"
            " Safety Net Programme (26 Jun 2018) · 各類通報案件分析",
        ),
        # several citations joined: each named, a repeated one once
        (
            f"{KEELUNG} · 人口 ; {KEELUNG} · 人口 ; {KEELUNG} · 地理環境",
            "zh",
            "基隆市強化社會安全網計畫報告（基隆市政府社會處，107年6月26日） · 人口 ; "
            "基隆市強化社會安全網計畫報告（基隆市政府社會處，107年6月26日） · 地理環境",
        ),
        # inside a help text
        (
            f"進用人數 ÷ 核定員額 · {KEELUNG} · 人力",
            "zh",
            "進用人數 ÷ 核定員額 · 基隆市強化社會安全網計畫報告（基隆市政府社會處，107年6月26日） · 人力",
        ),
        ("市府年報 p.3", "zh", "市府年報 p.3"),  # typed by an editor: as written
        (None, "zh", ""),
        (float("nan"), "en", ""),
    ],
)
def test_source_label(source, lang, expected) -> None:
    assert source_label(source, lang) == expected


def test_source_line_for_captions_and_footers() -> None:
    assert source_line(f"{KEELUNG} · 人口", "en").startswith("Source: Keelung City")
    assert source_line("", "zh") == ""


def test_the_document_list_is_described() -> None:
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "### Document names (`sources.csv`)" in readme
