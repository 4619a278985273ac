"""Who may change data: viewers by default, editors after logging in.

Passwords are checked against hashes in ``.streamlit/secrets.toml``
(``[editors.<user>]``, see :mod:`safetynet.auth`); when the deployment
configures an identity provider (``[auth]`` in the secrets), ``st.login``
is offered and ``editor_emails`` lists who may edit. Write paths take the
:class:`~safetynet.auth.Editor` this returns, so a viewer cannot reach one.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import streamlit as st

from safetynet.auth import Editor, check_login
from safetynet.i18n import t

EDITOR_KEY = "auth.editor"
FAILURES_KEY = "auth.failures"
MAX_FAILURES, LOCK_SECONDS = 5, 60


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
    """The logged-in editor, or ``None`` for a viewer."""
    editor = st.session_state.get(EDITOR_KEY)
    return editor if isinstance(editor, Editor) else _oidc_editor()


def _locked() -> bool:
    failures = [f for f in st.session_state.get(FAILURES_KEY, []) if time.time() - f < LOCK_SECONDS]
    st.session_state[FAILURES_KEY] = failures
    return len(failures) >= MAX_FAILURES


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
            if _locked():
                st.error(t("data.login.locked", lang))
                return None
            found = check_login(editors, username, password)
            if found is None:
                st.session_state[FAILURES_KEY].append(time.time())
                st.error(t("data.login.failed", lang))
                return None
            st.session_state[EDITOR_KEY] = found
            st.rerun()
    return None
