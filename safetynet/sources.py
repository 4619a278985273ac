"""Sources as a director knows them: the document's name, not the seed file's.

Every stored row cites ``<seed file name> · <slide title>`` (data/README.md).
That is what a download keeps, so a figure can be traced to the exact file;
on the page, on a card and on a slide the file name with its hash means
nothing to a reader, so it is replaced by the document's title from
``data/sources.csv``: 「高雄市執行強化社會安全網第二期計畫報告（高雄市政府社會局，
110年10月13日） · 策略一：…」.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from safetynet import DATA_DIR
from safetynet.formatting import is_missing
from safetynet.i18n import t

SOURCES_CSV = DATA_DIR / "sources.csv"
JOINER = ";"  # several sources in one citation: 「a · x ; b · y」


@lru_cache(maxsize=4)
def load_documents(path: Path = SOURCES_CSV) -> dict[str, dict[str, str]]:
    """Seed file name → its document's name per language (``{"zh": …, "en": …}``)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {
            row["file"].strip(): {"zh": row["label_zh"].strip(), "en": row["label_en"].strip()}
            for row in csv.DictReader(handle)
        }


def source_label(
    source: object, lang: str, documents: dict[str, dict[str, str]] | None = None
) -> str:
    """``source`` with every seed file name in it replaced by its document's name in ``lang``.

    Works on one citation, on several joined with 「;」 (a repeated one is named
    once) and on a citation inside a longer help text. Missing → ``""``; text
    that cites no known file stays as it is.
    """
    if is_missing(source):
        return ""
    known = load_documents() if documents is None else documents
    text = str(source).strip()
    for file, names in known.items():
        if file in text:
            text = text.replace(file, names.get(lang) or names["zh"])
    parts = [p.strip() for p in text.split(JOINER) if p.strip()]
    return " ; ".join(dict.fromkeys(parts))


def source_line(source: object, lang: str) -> str:
    """「來源：<document> · <slide>」 for a caption or a slide's footer; ``""`` without a source."""
    label = source_label(source, lang)
    return f"{t('source', lang)}{t('colon', lang)}{label}" if label else ""
