"""Fixtures of the export tests: the small council, written and loaded into its store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govsm.workspace import Workspace
from tests.exporting.council import host, write_workspace


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """The small council's workspace folder, not loaded yet."""
    return write_workspace(tmp_path / "soldeneu")


@pytest.fixture
def loaded(council: Path) -> Iterator[Workspace]:
    """The small council's workspace, loaded into its SQLite store."""
    with Workspace.open(council, host=host()) as workspace:
        workspace.load()
        yield workspace
