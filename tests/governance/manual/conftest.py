"""Fixtures of the manual's tests: the example council, its manual, and a small workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from govsm.manual import ManualDocument, build_manual
from govsm.plugins import PluginHost
from govsm.workspace import Workspace
from tests.paths import EXAMPLE

#: the day the example council is set on
TODAY = date(2026, 11, 20)

#: a valid workspace without a [manual] table (the tests append one)
SMALL = """\
format = 1
channels = ["x", "mastodon", "blog"]

[organisation]
id = "ajuntament-proves"
name = "Ajuntament de Proves"
kind = "ayuntamiento"
languages = ["ca-valencia", "es"]
timezone = "Europe/Madrid"
domains = ["proves.example"]

[[units]]
id = "comunicacio"
name = "Comunicació"
head = "marta"

[[units]]
id = "esports"
name = "Esports"

[[people]]
id = "marta"
name = "Marta Ferrer"
email = "marta@proves.example"
unit = "comunicacio"

[[people]]
id = "joan"
name = "Joan Vidal"
unit = "esports"

[[people]]
id = "alcalde"
name = "Pere Miralles"
political_office = "Alcalde"

[[roles]]
person = "marta"
role = "coordinator"

[[roles]]
person = "marta"
role = "approver"

[[roles]]
person = "joan"
role = "editor"
scope = "unit"
target = "esports"

[[profiles]]
id = "x-ajuntament"
channel = "x"
handle = "@AjProves"
unit = "comunicacio"
responsible = ["marta"]

[[profiles]]
id = "blog-proves"
channel = "blog"
handle = "bloc.proves.example"
unit = "comunicacio"
responsible = ["marta", "joan"]

[policy]
version = "1"
coordinating_unit = "comunicacio"
"""


@pytest.fixture(scope="session")
def host() -> PluginHost:
    """Built-in plugins only: what else is installed cannot change the results."""
    return PluginHost(entry_points=False)


@pytest.fixture(scope="session")
def example_workspace(host: PluginHost) -> Workspace:
    """The example council's workspace."""
    return Workspace.open(EXAMPLE, host=host)


@pytest.fixture(scope="session")
def example_manual(example_workspace: Workspace) -> ManualDocument:
    """The example council's manual on its day."""
    return build_manual(example_workspace, TODAY)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A small workspace folder without a [manual] table."""
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "govsm.toml").write_text(SMALL, encoding="utf-8")
    return folder


def with_manual(folder: Path, table: str) -> Path:
    """Add ``table`` (TOML) to the workspace's govsm.toml and return the folder.

    Tables go at the end; a bare top-level key (``manual = 3``) at the start, where TOML reads
    it as top-level.
    """
    path = folder / "govsm.toml"
    text = path.read_text(encoding="utf-8")
    text = text + "\n" + table if table.startswith("[") else table + "\n" + text
    path.write_text(text, encoding="utf-8")
    return folder
