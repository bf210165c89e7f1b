"""What a load step that fails part-way leaves in the store (issue 11, gap 3).

The load saves the organisation's snapshot first (with its audit-log events, in one
transaction), then the archives' messages in batches (each its own transaction), then replays
the governance journals. The snapshot must come first: a message names a profile the store must
already hold, and the drafts the governance API touched are read back from the stored record. So
a load that fails after it keeps the snapshot. These tests pin why that is safe: the snapshot
saved is the declared one, whole, and a later load converges to what one clean load gives, with
no audit-log event twice.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import govsm
from govsm.errors import StoreError
from govsm.store import Store
from tests.paths import EXAMPLE

PLUGINS = govsm.PluginHost


def _copy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    return folder


def _audit(folder: Path) -> govsm.AuditReport:
    with govsm.Workspace.open(folder, host=PLUGINS(entry_points=False)) as ws:
        return govsm.run_audit(ws, out=folder / "report")


def _state(folder: Path) -> tuple[list[tuple[str, str]], int]:
    """The audit log's (action, subject) pairs in order, and how many messages are stored."""
    with govsm.Workspace.open(folder, host=PLUGINS(entry_points=False)) as ws:
        organisation = ws.organisation.id
        entries = [(e.action, e.subject) for e in ws.store.audit_entries(organisation)]
        return entries, ws.store.count_messages(organisation)


def _break_line(folder: Path) -> tuple[Path, str]:
    """Line 6 of the X history names a profile the organisation does not have."""
    history = folder / "history" / "x-ajuntament.jsonl"
    text = history.read_text(encoding="utf-8")
    lines = text.splitlines()
    record = json.loads(lines[5])
    record["profile"] = "nobody-here"
    lines[5] = json.dumps(record, ensure_ascii=False)
    history.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return history, text


def test_a_failed_load_converges_on_the_next_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load fails after the snapshot is saved (the store refuses the messages); once the
    store takes them again, the next load ends as one clean load, no audit-log event twice."""
    clean = _copy(tmp_path, "clean")
    _audit(clean)
    expected = _state(clean)

    council = _copy(tmp_path, "council")

    def refuse(*args: object, **kwargs: object) -> None:
        raise StoreError("el disco está lleno", "the disk is full")

    monkeypatch.setattr(Store, "save_messages", refuse)
    failed = _audit(council)
    monkeypatch.undo()
    assert failed.exit_code == 2
    assert "load" in failed.failures[0].en and "the disk is full" in failed.failures[0].en
    entries, _ = _state(council)
    # what the failed load kept: the snapshot's own events, all of them, and not the
    # journals' (replayed after the messages, so never reached)
    assert entries and entries == expected[0][: len(entries)]
    assert {action for action, _ in entries} == {"profile.registered"}
    assert len(entries) < len(expected[0])

    again = _audit(council)
    assert again.complete
    assert _state(council) == expected


def test_a_line_naming_an_unknown_profile_is_a_finding(tmp_path: Path) -> None:
    """Issue 11 asks that one bad line be an error finding naming file and line while every
    other line loads: a line whose profile the organisation lacks once failed the whole load."""
    clean = _copy(tmp_path, "clean")
    _audit(clean)
    _, stored = _state(clean)
    council = _copy(tmp_path, "council")
    _break_line(council)
    with govsm.Workspace.open(council, host=PLUGINS(entry_points=False)) as ws:
        report = govsm.run_audit(ws, out=council / "report")
        assert report.complete
        named = [
            r.finding.message.en
            for r in report.reported()
            if r.finding.rule == "archive-unreadable"
            and "history/x-ajuntament.jsonl:6" in r.finding.message.en
        ]
        assert ws.store.count_messages(ws.organisation.id) == stored - 1
    [message] = named
    assert "profile 'nobody-here', which is not among the profiles" in message


def test_an_audit_of_a_store_has_nothing_to_load(tmp_path: Path) -> None:
    """``govsm audit sqlite:///…`` once failed its load step on every run ("this workspace was
    opened from a store: there are no files to load") and exited 2."""
    council = _copy(tmp_path, "council")
    _audit(council)
    url = f"sqlite:///{council / '.govsm' / 'govsm.sqlite3'}"
    with govsm.Workspace.open(url, host=PLUGINS(entry_points=False)) as ws:
        report = govsm.run_audit(ws)
    assert report.complete, [failure.en for failure in report.failures]
    assert report.step("load").lines[0].en == "Nothing to load: the audit reads the store as it is"
    assert report.step("checks").summary
