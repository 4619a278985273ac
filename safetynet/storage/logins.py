"""Logging in as an editor: failed attempts counted per account in the store, all audited.

The count lives in the store (``login_attempts``), not in a browser session,
so a new tab or another app process sees the same count. After
:data:`FREE_FAILURES` failures in a row, each further attempt on that user
name must wait a delay that doubles with every failure (1 s, 2 s, 4 s, … up
to :data:`MAX_DELAY_S`); an attempt during the wait is refused without
checking the password. A success clears the count; a count with no failure
for :data:`FORGET_AFTER_S` starts again from zero.

Unknown user names are counted the same way and cost the same password check
as known ones (:func:`safetynet.auth.check_login`), so neither the answer,
the delay nor the time tells whether a name exists. Every attempt (``login``,
``failed``, ``locked``) is an entry in the audit log under the table
``login`` with the name tried; passwords are never recorded.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from safetynet.auth import Editor, check_login
from safetynet.storage.audit import AuditEntry
from safetynet.storage.store import LOGIN_LOCK_KEY, USERNAME_LENGTH, Store

AUDIT_TABLE = "login"
AUDIT_CITY = ""  # logins belong to no city
FREE_FAILURES = 3
BASE_DELAY_S = 1.0
MAX_DELAY_S = 15 * 60
FORGET_AFTER_S = 24 * 60 * 60

OK, FAILED, LOCKED = "login", "failed", "locked"


@dataclass(frozen=True)
class LoginResult:
    """What became of one attempt: the editor on success; how long to wait when locked."""

    status: str
    editor: Editor | None = None
    wait_s: float = 0.0
    failures: int = 0


def delay_after(failures: int) -> float:
    """Seconds the next attempt must wait after ``failures`` failures in a row."""
    if failures < FREE_FAILURES:
        return 0.0
    return float(min(BASE_DELAY_S * 2 ** (failures - FREE_FAILURES), MAX_DELAY_S))


def _name(username: str) -> str:
    return (username or "").strip()[:USERNAME_LENGTH]


def _state(conn: sa.Connection, store: Store, name: str, now: float) -> tuple[int, float]:
    """Failures in a row and the time until which attempts wait, for ``name``."""
    table = store.login_attempts
    row = conn.execute(sa.select(table).where(table.c.username == name)).mappings().first()
    if row is None or now - row["last_failure_at"] > FORGET_AFTER_S:
        return 0, 0.0
    return int(row["failures"]), float(row["locked_until"])


def wait_seconds(store: Store, username: str, now: float | None = None) -> float:
    """How long the next attempt on ``username`` must wait (0: it may try now)."""
    now = time.time() if now is None else now
    with store.engine.connect() as conn:
        _failures, until = _state(conn, store, _name(username), now)
    return max(0.0, until - now)


def attempt_login(
    store: Store,
    editors: Mapping[str, Mapping[str, object]],
    username: str,
    password: str,
    *,
    now: float | None = None,
) -> LoginResult:
    """Check one login attempt against ``editors``, count it and audit it.

    Raises the database's error when the store cannot be written (a
    read-only role): a login that cannot be counted is not allowed.
    """
    name = _name(username)
    clock = time.time if now is None else (lambda: now)
    start = clock()
    with store.engine.connect() as conn:
        failures, until = _state(conn, store, name, start)
    if until > start:
        _record(store, name, LOCKED, start, failures)
        return LoginResult(LOCKED, wait_s=until - start, failures=failures)
    editor = check_login(editors, name, password)
    status = OK if editor is not None else FAILED
    failures = _record(store, name, status, clock())  # the wait runs from the answer
    return LoginResult(status, editor, wait_s=delay_after(failures), failures=failures)


def _record(store: Store, name: str, status: str, now: float, failures: int | None = None) -> int:
    """Update the count for ``name`` and audit the attempt; return the failures in a row."""
    table = store.login_attempts
    with store.write_transaction(LOGIN_LOCK_KEY) as conn:
        stored, _until = _state(conn, store, name, now)
        if status == OK:
            failures = 0
            conn.execute(sa.delete(table).where(table.c.username == name))
        elif status == FAILED:
            failures = stored + 1
            values = {
                "failures": failures,
                "last_failure_at": now,
                "locked_until": now + delay_after(failures),
            }
            updated = conn.execute(
                sa.update(table).where(table.c.username == name).values(**values)
            )
            if updated.rowcount == 0:
                conn.execute(sa.insert(table).values(username=name, **values))
        else:
            failures = stored
        store.append_audit(
            conn,
            city=AUDIT_CITY,
            table_name=AUDIT_TABLE,
            key={"user": name},
            old=None,
            new={"failures": failures},
            who=name or "?",
            action=status,
            revision=0,
        )
    return failures


def login_history(store: Store, limit: int = 200) -> list[AuditEntry]:
    """Login attempts, newest first."""
    return store.history(AUDIT_CITY, AUDIT_TABLE, limit=limit)
