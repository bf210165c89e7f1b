"""Copies of the example council, for the tests that change one: one way to make them.

The example folder may hold what a local run left there (its ``report/`` and its store in
``.govsm/``); a copy never takes them, so each test starts from the example's files alone.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from tests.paths import EXAMPLE


def example_copy(parent: Path, manual: Mapping[str, str] | None = None) -> Path:
    """Copy the example council to ``parent/soldeneu``, without its report and its store.

    :param parent: an existing folder, usually the test's temporary one.
    :param manual: lines of the copy's ``govsm.toml`` to rewrite, each to its replacement (a
        profile pointed at a test server); each must be there, else the example changed.
    :returns: the copy's folder (a workspace with no store yet).
    """
    folder = parent / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    if manual:
        path = folder / "govsm.toml"
        text = path.read_text(encoding="utf-8")
        for old, new in manual.items():
            assert old in text, f"the example's govsm.toml no longer says {old!r}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return folder
