"""Copies of the example council, for the tests that change one: one way to make them.

The example folder may hold what a local run left there (its ``report/`` and its store in
``.govsm/``); a copy never takes them, so each test starts from the example's files alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.paths import EXAMPLE


def example_copy(parent: Path) -> Path:
    """Copy the example council to ``parent/soldeneu``, without its report and its store.

    :param parent: an existing folder, usually the test's temporary one.
    :returns: the copy's folder (a workspace with no store yet).
    """
    folder = parent / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    return folder
