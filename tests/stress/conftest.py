"""The crash harness's fixtures: the PostgreSQL server of the store tests, and the figures.

Each configuration's figures are printed at the end of the run (``crash harness`` section),
whether or not pytest shows output.
"""

from __future__ import annotations

import pytest

from tests.store.conftest import pg_admin  # noqa: F401 - the server, or a skip with the reason
from tests.stress.harness import Report

#: the reports of the configurations run in this session
REPORTS: list[Report] = []

#: imported by the harness's fork server only (importing it warms the rule engine up)
collect_ignore = ["preload.py"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print every configuration's figures."""
    if not REPORTS:
        return
    terminalreporter.section("crash harness")
    for report in REPORTS:
        terminalreporter.write_line(report.summary())
