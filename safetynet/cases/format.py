"""The case export format, version 1: two tables, their columns and the vocabularies.

A bureau exports two tables from the national case-management platform
(脆弱家庭個案管理平台) after removing names: ``cases`` (one row per case,
i.e. per household served) and ``case_members`` (one row per person in the
case). Headers may be written in Chinese (as the templates have them) or as
the English column names. The vocabularies (risk types, referral sources,
close reasons, member roles) are data under ``data/cases/``, not code, so a
platform change of categories is a file edit. ``data/README.md`` documents
every column.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from safetynet import DATA_DIR

FORMAT_VERSION = 1
ROC_OFFSET = 1911
VOCABULARY_DIR = DATA_DIR / "cases"
TEMPLATE_DIR = DATA_DIR / "templates" / "cases"

CASES, MEMBERS = "cases", "case_members"
TABLE_NAMES = (CASES, MEMBERS)
# Sheet names accepted in an .xlsx holding both tables.
SHEET_NAMES = {CASES: ("cases", "個案"), MEMBERS: ("case_members", "成員", "家戶成員")}


@dataclass(frozen=True)
class CaseColumn:
    """One column of the export: internal name, header as the bureau writes it, kind."""

    name: str
    zh: str
    kind: str  # text, city, district, centre, date, month, vocab, vocabs, level, yesno, sex, int
    required: bool = False
    vocabulary: str | None = None
    low: int | None = None
    high: int | None = None


CASE_COLUMNS: tuple[CaseColumn, ...] = (
    CaseColumn("case_id", "個案編號", "text", required=True),
    CaseColumn("city", "縣市", "city", required=True),
    CaseColumn("district", "行政區", "district", required=True),
    CaseColumn("centre", "社福中心", "centre", required=True),
    CaseColumn("referral_date", "通報日期", "date", required=True),
    CaseColumn("referral_source", "通報來源", "vocab", True, "referral_sources"),
    CaseColumn("opened_date", "開案日期", "date"),
    CaseColumn("closed_date", "結案日期", "date"),
    CaseColumn("close_reason", "結案原因", "vocab", vocabulary="close_reasons"),
    CaseColumn("risk_types", "風險類型", "vocabs", True, "risk_types"),
    CaseColumn("vulnerability", "脆弱程度", "level", required=True),
    CaseColumn("proactive", "主動發掘", "yesno", required=True),
    CaseColumn("household_size", "家戶人數", "int", low=1, high=30),
)

MEMBER_COLUMNS: tuple[CaseColumn, ...] = (
    CaseColumn("case_id", "個案編號", "text", required=True),
    CaseColumn("member_no", "成員序號", "int", required=True, low=1, high=99),
    CaseColumn("role", "角色", "vocab", True, "member_roles"),
    CaseColumn("age", "年齡", "int", low=0, high=120),
    CaseColumn("birth_month", "出生年月", "month"),
    CaseColumn("sex", "性別", "sex", required=True),
    CaseColumn("disability", "身心障礙", "yesno"),
    CaseColumn("indigenous", "原住民", "yesno"),
)

COLUMNS: dict[str, tuple[CaseColumn, ...]] = {CASES: CASE_COLUMNS, MEMBERS: MEMBER_COLUMNS}

# Vulnerability levels (脆弱程度) and sexes are fixed by the platform, so they live here.
LEVELS = {"高": "high", "中": "medium", "低": "low", "high": "high", "medium": "medium"}
LEVELS |= {"low": "low", "高度": "high", "中度": "medium", "低度": "low"}
SEXES = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F", "1": "M"}
SEXES |= {"2": "F", "不詳": "U", "未知": "U", "其他": "U", "u": "U", "unknown": "U"}
YES = frozenset({"是", "有", "y", "yes", "true", "1", "v", "✓"})
NO = frozenset({"否", "無", "n", "no", "false", "0"})
# Separators between several risk types in one cell.
MULTI_SEPARATORS = "、,，;；|／/"


def header_key(text: str) -> str:
    """A header as compared: NFKC, no spaces, lower case, 台 read as 臺."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower().replace("台", "臺")


def column_for_header(table: str, header: str) -> CaseColumn | None:
    """The column a header names (its Chinese header or its English name), if any."""
    key = header_key(header)
    for col in COLUMNS[table]:
        if key in (header_key(col.zh), col.name):
            return col
    return None


def table_of_headers(headers: list[str]) -> str | None:
    """Which table a header row belongs to: members have 成員序號 / member_no."""
    if any(getattr(column_for_header(MEMBERS, h), "name", None) == "member_no" for h in headers):
        return MEMBERS
    if any(column_for_header(CASES, h) is not None for h in headers):
        return CASES
    return None


@dataclass(frozen=True)
class Vocabulary:
    """One category list: code → names; every spelling accepted → code."""

    name: str
    frame: pd.DataFrame

    @functools.cached_property
    def lookup(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for row in self.frame.itertuples(index=False):
            spellings = [row.code, row.name_zh, row.name_en, *str(row.aliases or "").split("|")]
            for spelling in spellings:
                if spelling:
                    out[match_key(spelling)] = row.code
        return out

    @property
    def codes(self) -> list[str]:
        return list(self.frame["code"])

    def label(self, code: str, lang: str) -> str:
        row = self.frame[self.frame["code"] == code]
        return str(row[f"name_{lang}"].iloc[0]) if len(row) else code


def match_key(text: str) -> str:
    """A value as compared with a vocabulary: NFKC, no spaces, lower case, 台 read as 臺."""
    return header_key(text)


@functools.cache
def load_vocabulary(name: str, directory: Path = VOCABULARY_DIR) -> Vocabulary:
    """A vocabulary file of ``data/cases/`` (code, name_zh, name_en, aliases)."""
    frame = pd.read_csv(directory / f"{name}.csv", dtype=str, keep_default_na=False)
    return Vocabulary(name, frame)


def template_frame(table: str) -> pd.DataFrame:
    """The blank template of a table: the Chinese headers, no rows."""
    return pd.DataFrame(columns=[c.zh for c in COLUMNS[table]])


TEMPLATE_FILES = {CASES: "cases_template.csv", MEMBERS: "case_members_template.csv"}
EXAMPLE_FILES = {CASES: "example_cases.csv", MEMBERS: "example_case_members.csv"}


def template_csv(table: str) -> bytes:
    """The blank template of a table as shipped in ``data/templates/cases/`` (UTF-8 with BOM)."""
    return (TEMPLATE_DIR / TEMPLATE_FILES[table]).read_bytes()


def example_files() -> list[tuple[str, bytes]]:
    """The filled example export (five invented cases), as shipped: cases and members CSV."""
    return [(EXAMPLE_FILES[t], (TEMPLATE_DIR / EXAMPLE_FILES[t]).read_bytes()) for t in TABLE_NAMES]


def workbook(frames: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per table (``cases``, ``case_members``), Chinese headers."""
    from safetynet.editing.exports import build_workbook

    return build_workbook(frames)


def template_workbook() -> bytes:
    return workbook({t: template_frame(t) for t in TABLE_NAMES})


def example_workbook() -> bytes:
    frames = {
        t: pd.read_csv(TEMPLATE_DIR / EXAMPLE_FILES[t], dtype=str, keep_default_na=False)
        for t in TABLE_NAMES
    }
    return workbook(frames)
