"""Editor accounts: password hashes (scrypt) and checking a login against the configured list.

Editors are listed in ``.streamlit/secrets.toml`` (never committed; see
``.streamlit/secrets.toml.example``)::

    [editors.wang]
    name = "王小明"
    password_hash = "scrypt$131072$8$1$<salt>$<hash>"  # N = 2^17

A hash is made with ``python -m safetynet hash-password``. Passwords are
never stored; the hash uses :func:`hashlib.scrypt` with a random salt and is
compared in constant time. New hashes use N=2^17, r=8, p=1 (OWASP's advice
for scrypt); the parameters are part of the stored string, so hashes made
with the earlier N=2^14 still verify (make new ones to raise their cost).
With an identity provider configured for Streamlit's ``st.login``,
``editor_emails`` lists who may edit instead.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
# A stored hash asking for more work than this is refused rather than computed.
MAX_N, MAX_R, MAX_P = 2**20, 16, 4


def _maxmem(n: int, r: int, p: int) -> int:
    """Memory scrypt may use for these parameters (128·r·(n + p) bytes, with room)."""
    return 128 * r * (n + p) + 2**20


@dataclass(frozen=True)
class Editor:
    """Someone allowed to change data; ``name`` is what the audit log records."""

    username: str
    name: str


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A storable hash: ``scrypt$N$r$p$<salt base64>$<key base64>``."""
    salt = salt or secrets.token_bytes(SALT_BYTES)
    key = hashlib.scrypt(
        password.encode(),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        dklen=KEY_BYTES,
        maxmem=_maxmem(SCRYPT_N, SCRYPT_R, SCRYPT_P),
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``; a malformed hash never matches."""
    try:
        scheme, n_text, r_text, p_text, salt, key = stored.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        if scheme != "scrypt" or n > MAX_N or r > MAX_R or p > MAX_P:
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=n,
            r=r,
            p=p,
            dklen=len(expected),
            maxmem=_maxmem(n, r, p),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@functools.cache
def _dummy_hash() -> str:
    """A hash of no one's password, made once, for checking unknown user names against."""
    return hash_password(secrets.token_urlsafe(16))


def check_login(
    editors: Mapping[str, Mapping[str, object]], username: str, password: str
) -> Editor | None:
    """The editor for a correct user name and password, else ``None``.

    ``editors`` is the ``[editors]`` table of the secrets. An unknown user
    is checked against a dummy hash made with the current parameters: one
    scrypt, as for a known user, so timing does not tell whether a name
    exists (an account whose hash still has older, cheaper parameters is the
    exception; make it a new hash).
    """
    found = editors.get(username.strip()) if username else None
    # a malformed secrets entry (not a table) is treated as no account
    entry: Mapping[str, object] = found if isinstance(found, Mapping) else {}
    stored = str(entry.get("password_hash", ""))
    if not stored:
        verify_password(password, _dummy_hash())
        return None
    if not verify_password(password, stored):
        return None
    return Editor(username.strip(), str(entry.get("name") or username))
