"""``govsm governance sync``: the record's decisions written into ``govsm.toml`` (issue 12)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from tests.cli.running import invoke
from tests.councils import example_copy

from govsm.governance.service import Governance
from govsm.model import LifecycleState
from govsm.workspace import Workspace
from govsm.workspace.loader import load_config

ALONE = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A copy of the example council, no report and no store yet; unlike the other copies, its
    ``govsm.toml`` is made 0644 whatever the checkout left it."""
    folder = example_copy(tmp_path)
    (folder / "govsm.toml").chmod(0o644)
    return folder


def _sync(folder: Path, *extra: str) -> str:
    done = invoke("--lang", "en", "governance", "sync", str(folder), *extra, env=ALONE)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _declared(folder: Path) -> dict[str, object]:
    config = load_config(folder, channels=None)
    return {p.id: p for p in config.snapshot.profiles}


def test_the_profile_the_journal_approved_is_declared_once(council: Path) -> None:
    before = (council / "govsm.toml").read_text(encoding="utf-8")
    assert "instagram-biblioteca" not in _declared(council)
    out = _sync(council)
    assert "instagram-biblioteca: added (opened through the record, state active)" in out
    after = (council / "govsm.toml").read_text(encoding="utf-8")
    declared = _declared(council)["instagram-biblioteca"]
    assert declared.unit == "biblioteca"  # type: ignore[attr-defined]  # as transferred
    assert declared.state is LifecycleState.ACTIVE  # type: ignore[attr-defined]
    assert after.startswith(before.split("[[profiles]]")[0])  # comments and layout kept above
    assert [line for line in before.splitlines() if line.startswith("#")] == [
        line for line in after.splitlines() if line.startswith("#")
    ]
    assert stat.S_IMODE((council / "govsm.toml").stat().st_mode) == 0o644
    assert "already declares what the record decided" in _sync(council)
    assert (council / "govsm.toml").read_text(encoding="utf-8") == after


def test_a_decision_after_the_declaration_is_written(council: Path) -> None:
    _sync(council)
    with Workspace.open(council) as ws:
        ws.load()
        Governance.of(ws).transition(
            "x-ajuntament", LifecycleState.ARCHIVED, by="marta-soler", reason="Tancament"
        )
    dry = _sync(council, "--dry-run")
    assert "x-ajuntament: state: active → archived" in dry and "not written" in dry
    assert _declared(council)["x-ajuntament"].state is LifecycleState.ACTIVE  # type: ignore[attr-defined]
    _sync(council)
    assert _declared(council)["x-ajuntament"].state is LifecycleState.ARCHIVED  # type: ignore[attr-defined]
    assert "already declares" in _sync(council)


def test_a_newer_declaration_in_the_file_is_left_alone(council: Path) -> None:
    _sync(council)
    with Workspace.open(council) as ws:
        ws.load()
        Governance.of(ws).transition(
            "x-ajuntament", LifecycleState.DORMANT, by="marta-soler", reason="Estiu"
        )
    manual = council / "govsm.toml"
    text = manual.read_text(encoding="utf-8")
    start = text.index('id = "x-ajuntament"')
    state = text.index('state = "active"', start)
    manual.write_text(text[:state] + 'state = "archived"' + text[state + 16 :], encoding="utf-8")
    with Workspace.open(council) as ws:
        ws.load()  # the file's new word is recorded after the API's
    assert "already declares" in _sync(council)
    assert _declared(council)["x-ajuntament"].state is LifecycleState.ARCHIVED  # type: ignore[attr-defined]
