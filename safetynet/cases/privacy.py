"""The store never holds who a person is: identifier detection and the keyed case hash.

Every cell of every column (including columns the format does not have,
which are never stored) is checked for Taiwanese national ID numbers,
resident certificate numbers, phone numbers, e-mail addresses, street
addresses and names; a header that announces such a column (姓名, 電話 …)
with anything in it counts too. The problems say which column and which
lines, never the value.

The platform's case number is replaced by HMAC-SHA256 under a secret key
kept outside the repository: the same case re-imported next month gets the
same hash, but without the key the store cannot be joined back to the
platform. The key is read from ``$SAFETYNET_CASE_KEY`` (shared deployments:
every server the same secret), else from the file ``$SAFETYNET_CASE_KEY_FILE``
or the default file beside the store, which is created on first use with
permissions 0600. The store records the key's fingerprint and refuses an
import under another key, which would silently duplicate every case.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from safetynet.cases.checks import CaseProblem, problem_at
from safetynet.cases.format import match_key
from safetynet.cases.reading import RawTable

KEY_ENV = "SAFETYNET_CASE_KEY"
KEY_FILE_ENV = "SAFETYNET_CASE_KEY_FILE"
KEY_BYTES = 32
# Hex characters of the stored hash: 128 bits, collisions out of reach for any bureau.
HASH_CHARS = 32


class CaseKeyError(RuntimeError):
    """The case key is missing, unreadable or not the one the store was written with."""


def _parse_key(text: str) -> bytes:
    text = text.strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        try:
            key = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise CaseKeyError("the case key must be hex or base64") from None
    if len(key) < KEY_BYTES:
        raise CaseKeyError(f"the case key must hold at least {KEY_BYTES} bytes")
    return key


def load_key(default_file: Path) -> bytes:
    """The secret case key: ``$SAFETYNET_CASE_KEY``, the key file, or a new key file (0600)."""
    if os.environ.get(KEY_ENV):
        return _parse_key(os.environ[KEY_ENV])
    path = Path(os.environ.get(KEY_FILE_ENV) or default_file)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return _parse_key(path.read_text(encoding="ascii"))
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(KEY_BYTES) + "\n")
    try:
        return _parse_key(path.read_text(encoding="ascii"))
    except OSError as err:
        raise CaseKeyError(f"cannot read the case key {path}: {err.strerror or err}") from None


def key_fingerprint(key: bytes) -> str:
    """A short, non-secret name of the key, kept in the store to notice a changed key."""
    return hmac.new(key, b"safetynet case key fingerprint", hashlib.sha256).hexdigest()[:16]


def case_id_key(value: str) -> str:
    """A case number as hashed: NFKC already applied by reading; upper case, no spaces."""
    return "".join(value.split()).upper()


def hash_case_ids(ids: Iterable[str], city: str, key: bytes) -> np.ndarray:
    """The stored ``case_key`` of each case number of ``city`` (HMAC-SHA256, hex, truncated)."""
    prefix = f"{city}:".encode()
    digest = hmac.digest
    return np.array(
        [digest(key, prefix + case_id_key(v).encode(), "sha256").hex()[:HASH_CHARS] for v in ids],
        dtype=object,
    )


# -- identifier detection ----------------------------------------------------------------
# RE2 syntax (Arrow's regex engine). Cells are NFKC-normalised before this.
_EDGE_L, _EDGE_R = r"(?:^|[^A-Za-z0-9])", r"(?:$|[^0-9])"
PATTERNS: dict[str, str] = {
    "id_number": _EDGE_L + r"[A-Za-z][12][0-9]{8}" + _EDGE_R,
    "resident_certificate": _EDGE_L + r"[A-Za-z]([89]|[A-Da-d])[0-9]{8}" + _EDGE_R,
    "phone": r"(?:^|[^0-9])(?:(?:\+?886[- ]?|0)9[0-9]{2}[- ]?[0-9]{3}[- ]?[0-9]{3}"
    r"|(?:\(0[0-9]{1,2}\) ?|0[0-9]{1,2}[- ])[0-9]{3,4}[- ]?[0-9]{4})(?:$|[^0-9])",
    "email": r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",
    "address": r"[0-9]+ ?(?:號|巷|弄|鄰)|(?:路|街|大道)[一二三四五六七八九十0-9]+段",
    "masked_name": r"^\p{Han}[○〇Oo0*Xx×╳◯]{1,2}\p{Han}{0,2}$",
}
# Common Taiwanese surnames; a column mostly of 2–4 Han characters starting with one is names.
SURNAMES = (
    "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁趙顏柯翁"
    "魏孫戴范方宋鄧杜傅侯曹薛丁卓阮馬董温溫唐藍石蔣古紀姚連馮歐程湯田康姜白汪鄒尤巫鐘黎涂龔嚴韓袁金"
    "童陸夏柳凃邵錢伍倪于譚駱熊任甘秦顧毛章史官萬俞雷粘饒"
)
NAME_PATTERN = rf"^[{SURNAMES}]\p{{Han}}{{1,3}}$"
NAME_SHARE = 0.5
# Headers that announce a direct identifier, whatever the cells look like.
IDENTIFIER_HEADERS = re.compile(
    r"姓名|名字|身分證|身份證|證號|統一編號|居留證|護照|電話|手機|聯絡方式|地址|住址|戶籍|"
    r"郵件|信箱|e-?mail|name|phone|mobile|address|passport|national.?id|id.?no",
    re.IGNORECASE,
)

_LETTER_CODES = {
    **dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True)),
}


def valid_id_checksum(text: str) -> bool:
    """Whether a 10-character national ID or resident certificate number has a valid checksum."""
    text = text.upper()
    if len(text) != 10 or text[0] not in _LETTER_CODES or not text[2:].isdigit():
        return False
    first = _LETTER_CODES[text[0]]
    second = text[1]
    if second.isdigit():
        digit2 = int(second)
    elif second in "ABCD":  # old resident certificate: the letter's code, last digit
        digit2 = _LETTER_CODES[second] % 10
    else:
        return False
    digits = [first // 10, first % 10, digit2, *map(int, text[2:])]
    weights = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1]
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 10 == 0


def looks_identifying(values: list[str]) -> list[bool]:
    """Whether each value matches an identifier pattern (so a message must not quote it)."""
    array = pa.array(values, pa.string())
    hits = np.zeros(len(values), dtype=bool)
    for pattern in PATTERNS.values():
        hits |= _matches(array, pattern)
    return hits.tolist()


def _matches(values: pa.Array | pa.ChunkedArray, pattern: str) -> np.ndarray:
    mask = pc.match_substring_regex(values, pattern)
    return np.asarray(pc.fill_null(mask, False).to_numpy(zero_copy_only=False), dtype=bool)


def find_identifiers(raw: RawTable, known_words: frozenset[str]) -> list[CaseProblem]:
    """Every column of ``raw`` that holds something that identifies a person, with its lines.

    Each distinct value of a column is tested once, and the result spread to
    every cell holding it. ``known_words`` are the spellings of districts,
    centres and categories, which are never names even when they start with a
    surname character.
    """
    problems: list[CaseProblem] = []
    for column in raw.frame.columns:
        codes, uniques = pd.factorize(raw.frame[column])
        present = codes >= 0
        header = raw.header(column)
        if column in raw.extra and IDENTIFIER_HEADERS.search(header) and present.any():
            problems.append(
                problem_at(raw.file, "identifier_header", header, raw.lines[present], raw.unit)
            )
            continue
        if not len(uniques):
            continue
        values = pa.array([str(u) for u in uniques], pa.string())

        def spread(flags: np.ndarray, codes: np.ndarray = codes) -> np.ndarray:
            return np.append(flags, False)[codes]

        for kind, pattern in PATTERNS.items():
            hits = _matches(values, pattern)
            if kind in ("id_number", "resident_certificate") and column == "case_id" and hits.any():
                # A platform case number may look like an ID by chance; a valid checksum may not.
                for i in np.flatnonzero(hits):
                    hits[i] = valid_id_checksum(str(uniques[i]))
            if hits.any():
                lines = raw.lines[spread(hits)]
                problems.append(problem_at(raw.file, f"identifier_{kind}", header, lines, raw.unit))
        names = _matches(values, NAME_PATTERN)
        if names.any():
            known = np.array([match_key(str(u)) in known_words for u in uniques], dtype=bool)
            candidates = present & ~spread(known)
            cells = spread(names & ~known)
            if cells.any() and cells.sum() >= NAME_SHARE * candidates.sum():
                problems.append(
                    problem_at(raw.file, "identifier_name", header, raw.lines[cells], raw.unit)
                )
    return problems
