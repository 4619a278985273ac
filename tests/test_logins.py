"""Editor logins: failures counted per account in the store with a growing wait, all audited;
unknown names cost the same as known ones; scrypt at N=2^17 while older hashes still verify."""

from __future__ import annotations

import base64
import hashlib
import threading

import pytest

from safetynet import auth
from safetynet.auth import check_login, hash_password, verify_password
from safetynet.storage.logins import (
    FAILED,
    FREE_FAILURES,
    LOCKED,
    MAX_DELAY_S,
    OK,
    attempt_login,
    delay_after,
    login_history,
    wait_seconds,
)
from safetynet.storage.store import Store

pytestmark = pytest.mark.both_engines

PASSWORD = "correct horse battery"


@pytest.fixture
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch):
    """scrypt at N=2^12 for the counting tests: their subject is the count, not the cost
    (the cost has its own tests below, at the real N=2^17)."""
    monkeypatch.setattr(auth, "SCRYPT_N", 2**12)
    auth._dummy_hash.cache_clear()
    yield
    auth._dummy_hash.cache_clear()


@pytest.fixture
def editors(cheap_scrypt) -> dict[str, dict[str, str]]:
    return {"wang": {"name": "王小明", "password_hash": hash_password(PASSWORD)}}


def test_the_wait_doubles_after_the_free_failures_up_to_a_cap() -> None:
    assert [delay_after(n) for n in range(FREE_FAILURES)] == [0.0] * FREE_FAILURES
    assert [delay_after(FREE_FAILURES + i) for i in range(4)] == [1.0, 2.0, 4.0, 8.0]
    assert delay_after(100) == MAX_DELAY_S


def test_failures_are_counted_per_account_in_the_store(store: Store, editors) -> None:
    t0 = 1_000_000.0
    for n in range(1, FREE_FAILURES + 1):
        result = attempt_login(store, editors, "wang", "wrong", now=t0 + n)
        assert (result.status, result.failures) == (FAILED, n)
    # another browser tab, or another app process: the same store, the same count
    other_tab = Store.open(store.url)
    assert wait_seconds(other_tab, "wang", now=t0 + FREE_FAILURES) == 1.0
    refused = attempt_login(other_tab, editors, "wang", PASSWORD, now=t0 + FREE_FAILURES + 0.5)
    assert refused.status == LOCKED and refused.editor is None  # not even checked while waiting
    assert refused.wait_s == pytest.approx(0.5)
    # after the wait the right password works, and clears the count
    ok = attempt_login(other_tab, editors, " wang ", PASSWORD, now=t0 + FREE_FAILURES + 1.5)
    assert ok.status == OK and ok.editor is not None and ok.editor.name == "王小明"
    assert wait_seconds(store, "wang", now=t0 + FREE_FAILURES + 2) == 0.0
    other_tab.close()
    # a different account was never slowed down
    assert wait_seconds(store, "li", now=t0 + 4) == 0.0


def test_every_attempt_is_in_the_audit_log_without_the_password(store: Store, editors) -> None:
    t0 = 2_000_000.0
    before = store.content_hash()
    attempt_login(store, editors, "wang", "wrong-1", now=t0)
    attempt_login(store, editors, "nobody", "wrong-2", now=t0 + 1)
    attempt_login(store, editors, "wang", PASSWORD, now=t0 + 2)
    entries = login_history(store)
    assert [(e.who, e.action) for e in entries] == [
        ("wang", OK),
        ("nobody", FAILED),
        ("wang", FAILED),
    ]
    text = repr(entries)
    assert "wrong-" not in text and PASSWORD not in text
    assert store.history("keelung") == []  # logins are in no city's data history
    assert store.content_hash() != before


def test_unknown_names_are_counted_and_answered_like_known_ones(store: Store, editors) -> None:
    t0 = 3_000_000.0
    for n in range(FREE_FAILURES + 1):
        known = attempt_login(store, editors, "wang", "wrong", now=t0 + 10 * n)
        unknown = attempt_login(store, editors, "nobody", "wrong", now=t0 + 10 * n)
        assert (known.status, known.wait_s) == (unknown.status, unknown.wait_s)


def test_failed_attempts_at_the_same_moment_are_all_counted(store: Store, editors) -> None:
    threads = 4
    barrier = threading.Barrier(threads)
    results = []

    def fail() -> None:
        tab = Store.open(store.url)
        barrier.wait()
        results.append(attempt_login(tab, editors, "wang", "wrong", now=4_000_000.0))
        tab.close()

    workers = [threading.Thread(target=fail) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert sorted(r.failures for r in results) == [1, 2, 3, 4]


def test_an_unknown_name_costs_one_scrypt_with_the_current_parameters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editors = {"wang": {"name": "王小明", "password_hash": hash_password(PASSWORD)}}
    auth._dummy_hash()  # made once per process, before the first unknown name
    calls: list[int] = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(kwargs["n"])
        return real(*args, **kwargs)

    monkeypatch.setattr(auth.hashlib, "scrypt", counting)
    assert check_login(editors, "wang", "wrong") is None
    known = list(calls)
    calls.clear()
    assert check_login(editors, "nobody", "wrong") is None
    assert calls == known == [2**17]


def test_new_hashes_use_n_2_17_and_older_hashes_still_verify() -> None:
    assert hash_password("pw-1234567").startswith("scrypt$131072$8$1$")
    salt = b"0123456789abcdef"
    old_key = hashlib.scrypt(b"old-password", salt=salt, n=2**14, r=8, p=1, dklen=32)
    old = "$".join(
        [
            "scrypt",
            "16384",
            "8",
            "1",
            base64.b64encode(salt).decode(),
            base64.b64encode(old_key).decode(),
        ]
    )
    assert verify_password("old-password", old)
    assert not verify_password("other", old)
    # a stored hash asking for absurd work is refused, not computed
    absurd = old.replace("$16384$", f"${2**24}$")
    assert not verify_password("old-password", absurd)
