"""The case store never holds who a person is: keyed hashes, identifier checks, no Streamlit."""

from __future__ import annotations

import ast
import re

import pytest

from safetynet import PROJECT_ROOT
from safetynet.cases.demo import build_demo_export
from safetynet.cases.format import example_files
from safetynet.cases.privacy import (
    CaseKeyError,
    hash_case_ids,
    key_fingerprint,
    load_key,
    valid_id_checksum,
)
from safetynet.cases.reading import read_export
from safetynet.i18n import STRINGS
from tests.cases_fixtures import TODAY, reference, shipped_reference  # noqa: F401 - fixtures by name

CASES_DIR = PROJECT_ROOT / "safetynet" / "cases"


@pytest.mark.parametrize(
    ("number", "valid"),
    [("A123456789", True), ("F131104093", True), ("A800000014", True), ("AC01234567", True),
     ("A123456788", False), ("AB12345678", False), ("A12345678", False)],
)  # fmt: skip
def test_id_checksum(number, valid) -> None:
    assert valid_id_checksum(number) is valid


def test_the_same_case_number_always_gets_the_same_key_and_only_with_the_key() -> None:
    key, other = b"k" * 32, b"o" * 32
    first = hash_case_ids(["KH-2021-001", "kh-2021-001 ", "KH 2021-001"], "kaohsiung", key)
    assert first[0] == first[1]  # case and spaces do not make another case
    assert hash_case_ids(["KH-2021-001"], "kaohsiung", key)[0] == first[0]
    assert hash_case_ids(["KH-2021-001"], "keelung", key)[0] != first[0]
    assert hash_case_ids(["KH-2021-001"], "kaohsiung", other)[0] != first[0]
    assert re.fullmatch(r"[0-9a-f]{32}", first[0]) and "2021" not in first[0]


def test_the_key_comes_from_the_environment_for_shared_deployments(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SAFETYNET_CASE_KEY", "00" * 32)
    assert load_key(tmp_path / "unused") == bytes(32)
    assert not (tmp_path / "unused").exists()
    monkeypatch.setenv("SAFETYNET_CASE_KEY", "short")
    with pytest.raises(CaseKeyError):
        load_key(tmp_path / "unused")
    monkeypatch.delenv("SAFETYNET_CASE_KEY")
    monkeypatch.setenv("SAFETYNET_CASE_KEY_FILE", str(tmp_path / "shared.key"))
    key = load_key(tmp_path / "unused")
    assert (tmp_path / "shared.key").exists() and key_fingerprint(key) == key_fingerprint(key)


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
def test_synthetic_and_example_exports_raise_no_false_alarm(city) -> None:
    from safetynet.cases.privacy import find_identifiers

    demo = build_demo_export(city, 2020, 2021, seed=2, today=TODAY, scale=0.2)
    ref = shipped_reference(city)
    for files in (demo.files(), example_files()):
        for table in read_export(files).values():
            assert find_identifiers(table, ref.known_words()) == []


def test_case_modules_never_import_streamlit_and_use_known_strings() -> None:
    for path in sorted(CASES_DIR.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not [n for n in names if n.split(".")[0] == "streamlit"], path.name
        keys = re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']""", text)
        assert [k for k in keys if k not in STRINGS] == [], path.name
    codes = re.findall(
        r'"cases\.problem\.([a-z0-9_]+)"', (PROJECT_ROOT / "safetynet/i18n.py").read_text()
    )
    assert len(codes) >= 50
