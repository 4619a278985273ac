"""Editor accounts: password hashes (scrypt) and checking a login against the configured list.

Editors are listed in ``.streamlit/secrets.toml`` (never committed; see
``.streamlit/secrets.toml.example``)::

    [editors.wang]
    name = "王小明"
    password_hash = "scrypt$16384$8$1$<salt>$<hash>"

A hash is made with ``python -m safetynet hash-password``. Passwords are
never stored; the hash uses :func:`hashlib.scrypt` with a random salt and is
compared in constant time. With an identity provider configured for
Streamlit's ``st.login``, ``editor_emails`` lists who may edit instead.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32


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
        password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=KEY_BYTES
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``; a malformed hash never matches."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def check_login(
    editors: Mapping[str, Mapping[str, object]], username: str, password: str
) -> Editor | None:
    """The editor for a correct user name and password, else ``None``.

    ``editors`` is the ``[editors]`` table of the secrets. An unknown user
    costs the same hashing time as a known one, so timing does not tell.
    """
    entry = editors.get(username.strip()) if username else None
    stored = str(entry.get("password_hash", "")) if entry else ""
    if not stored:
        verify_password(password, hash_password("timing only"))
        return None
    if not verify_password(password, stored):
        return None
    return Editor(username.strip(), str(entry.get("name") or username))  # type: ignore[union-attr]
