"""Under ``CI=true`` nothing is skipped for a missing package or program: it fails.

Locally a test module whose package is not installed (``import_or_skip`` in
``tests/helpers.py``, ``pytest.importorskip``) is skipped with the reason, and so is
a test whose program (chromium, PostgreSQL) is missing: :func:`missing` says why.
Under ``CI=true`` the same calls fail, and the hook below turns any test module
skipped as it is collected into a collection error, whatever skipped it, so CI
cannot pass with a module left out. ``tests/conftest.py`` registers the hook.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing(reason: str) -> NoReturn:
    """Skip the test (or the module, at import) because ``reason``; under CI=true, fail."""
    if in_ci():
        pytest.fail(f"CI=true: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    report = yield
    if in_ci() and report.skipped and isinstance(collector, pytest.Module):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"CI=true: the test module {collector.nodeid} was skipped: {reason}"
    return report
