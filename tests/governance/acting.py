"""Acting as a person of a workspace on the command line, in tests.

The command line acts as the person whose ``logins`` include the system account running it
(:mod:`govsm.cli.actor`). A test that acts as several people makes the account look like each
person's in turn, by the login ``govsm.toml`` gives them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govsm.workspace.loader import load_config


def login_of(folder: Path, person: str) -> str:
    """The first login ``govsm.toml`` maps to ``person``."""
    config = load_config(folder, channels=None)
    (found,) = [p for p in config.snapshot.people if p.id == person]
    return found.logins[0]


def act_as(monkeypatch: pytest.MonkeyPatch, folder: Path, person: str) -> None:
    """Run the next commands from ``person``'s system account."""
    login = login_of(folder, person)
    monkeypatch.setattr("govsm.cli.actor.system_login", lambda: login)
