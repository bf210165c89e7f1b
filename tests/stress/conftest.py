"""The crash harness's fixtures: the PostgreSQL server of the store tests, and the figures.

The local servers (mastodon-mock, the Bluesky network) are the session's, registered for the
whole repository by the root ``conftest.py``.

Each configuration's figures are printed at the end of the run (``crash harness`` section),
whether or not pytest shows output.
"""

from __future__ import annotations

import sys

import pytest

from tests.store.conftest import pg_admin  # noqa: F401 - the server, or a skip with the reason
from tests.stress.harness import Plan, Report

#: the worker, run as a module of the repository (its root the working folder)
WORKER = [sys.executable, "-m", "tests.stress.worker_process"]

#: the reports of the configurations run in this session
REPORTS: list[Report] = []

#: imported by the harness's fork server only (importing it warms the rule engine up)
collect_ignore = ["preload.py"]


def assert_exactly_once(report: Report, rounds: int, plan: Plan) -> None:
    """Every due post delivered once, nothing lost or stray, every item settled, and a kill.

    :param report: the configuration's rounds.
    :param rounds: how many rounds it ran.
    :param plan: the plan they ran with.
    """
    problems = report.problems
    assert not problems, f"{len(problems)} problems; the first:\n" + "\n".join(problems[:5])
    due = report.total("due")
    assert due == rounds * plan.messages
    assert report.total("delivered") == due
    assert report.total("duplicates") == 0
    assert report.total("lost") == 0
    assert report.total("strays") == 0
    assert report.total("unsettled") == 0
    assert report.total("kills") > 0, "no worker was killed: the harness tested nothing"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print every configuration's figures."""
    if not REPORTS:
        return
    terminalreporter.section("crash harness")
    for report in REPORTS:
        terminalreporter.write_line(report.summary())
