"""Who may change data: viewers by default, editors after logging in.

Passwords are checked against hashes in ``.streamlit/secrets.toml``
(``[editors.<user>]``, see :mod:`safetynet.auth`); when the deployment
configures an identity provider (``[auth]`` in the secrets), ``st.login``
is offered and ``editor_emails`` lists who may edit. Write paths take the
:class:`~safetynet.auth.Editor` this returns, so a viewer cannot reach one.

Failed attempts are counted per account in the store, with a wait that grows
(:mod:`safetynet.storage.logins`), so a new tab does not reset them; every attempt is
in the audit log. Streamlit cannot give a session a new id at login, so an
editor's login ends after :data:`IDLE_MINUTES` without activity, which
bounds how long a left-open or resumed session can write.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components.data import get_store, log_store_error
from components.tables import show_dataframe
from safetynet.auth import Editor
from safetynet.formatting import format_local_time
from safetynet.i18n import t
from safetynet.storage.logins import LOCKED, OK, attempt_login, login_history
from safetynet.storage.store import is_read_only_error

EDITOR_KEY = "auth.editor"
SEEN_KEY = "auth.seen"
EXPIRED_KEY = "auth.expired"
IDLE_MINUTES = 30


def _secret(name: str) -> Mapping:
    try:
        value = st.secrets.get(name, {})
    except FileNotFoundError:  # no secrets file: nobody can edit
        return {}
    return value if isinstance(value, Mapping) else {}


def _oidc_editor() -> Editor | None:
    if not _secret("auth"):
        return None
    if not st.user.is_logged_in:
        return None
    email = str(st.user.get("email") or "")
    try:
        allowed = list(st.secrets.get("editor_emails", []))
    except FileNotFoundError:
        allowed = []
    if email and email in allowed:
        return Editor(email, str(st.user.get("name") or email))
    return None


def current_editor() -> Editor | None:
    """The logged-in editor, or ``None`` for a viewer (also after :data:`IDLE_MINUTES` idle)."""
    editor = st.session_state.get(EDITOR_KEY)
    if isinstance(editor, Editor):
        now = time.time()
        if now - float(st.session_state.get(SEEN_KEY, now)) > IDLE_MINUTES * 60:
            st.session_state.pop(EDITOR_KEY, None)
            st.session_state[EXPIRED_KEY] = True
            return _oidc_editor()
        st.session_state[SEEN_KEY] = now
        return editor
    return _oidc_editor()


def _log_in(editors: Mapping, username: str, password: str, lang: str) -> Editor | None:
    """Check one attempt (counted and audited in the store); say why it failed."""
    try:
        result = attempt_login(get_store(), editors, username, password)
    except SQLAlchemyError as err:
        log_store_error(err)
        key = "data.login.readonly" if is_read_only_error(err) else "store_error.write"
        st.error(t(key, lang))
        return None
    if result.status == OK:
        return result.editor
    if result.status == LOCKED:
        st.error(t("data.login.locked", lang, seconds=math.ceil(result.wait_s)))
    else:
        st.error(t("data.login.failed", lang))
    return None


def render_login(lang: str) -> Editor | None:
    """The login or logout control; returns the editor in force (``None``: viewer)."""
    editor = current_editor()
    if editor is not None:
        left, right = st.columns([4, 1])
        left.success(t("data.logged_in", lang, name=editor.name), icon=":material/edit:")
        if right.button(t("data.logout", lang), key="auth.logout"):
            st.session_state.pop(EDITOR_KEY, None)
            if _secret("auth") and st.user.is_logged_in:
                st.logout()
            st.rerun()
        return editor
    if st.session_state.pop(EXPIRED_KEY, False):
        st.info(t("data.login.expired", lang, minutes=IDLE_MINUTES), icon=":material/timer:")
    with st.expander(t("data.login.title", lang), icon=":material/login:"):
        if _secret("auth"):
            if st.user.is_logged_in:
                st.warning(t("data.login.not_editor", lang, email=st.user.get("email") or ""))
            elif st.button(t("data.login.oidc", lang), key="auth.oidc"):
                st.login()
        editors = _secret("editors")
        if not editors and not _secret("auth"):
            st.info(t("data.login.none", lang))
            return None
        if not editors:
            return None
        with st.form("auth.form", clear_on_submit=True):
            username = st.text_input(t("data.login.user", lang), key="auth.user")
            password = st.text_input(
                t("data.login.password", lang), type="password", key="auth.password"
            )
            submitted = st.form_submit_button(t("data.login.submit", lang))
        if submitted:
            found = _log_in(editors, username, password, lang)
            if found is None:
                return None
            st.session_state[EDITOR_KEY] = found
            st.session_state[SEEN_KEY] = time.time()
            st.rerun()
    return None


def render_login_history(lang: str) -> None:
    """Editors see every login attempt: when, which user name, and the result."""
    with st.expander(t("data.logins.title", lang), icon=":material/key:"):
        entries = login_history(get_store())
        if not entries:
            st.caption(t("data.logins.empty", lang))
            return
        frame = pd.DataFrame(
            {
                t("data.col.at", lang): [format_local_time(e.at, lang) for e in entries],
                t("data.logins.user", lang): [e.who for e in entries],
                t("data.logins.result", lang): [
                    t(f"data.logins.{e.action}", lang) for e in entries
                ],
            }
        )
        show_dataframe(frame)
