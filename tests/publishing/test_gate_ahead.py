"""The gate checks a claimed batch's messages together, and uses that only while it holds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from govsm.governance import Governance
from govsm.model import Message, OutboxState
from govsm.publishing import Gate
from govsm.publishing.gate import Refusal
from govsm.workspace import Workspace
from tests.publishing.council import EDITOR, approved, council
from tests.publishing.test_kept_checks import _Counting, _run

#: longer than Mastodon's 500 characters: the length rule's error blocks it
TOO_LONG = "Obrim la piscina municipal dissabte a les 10 h. " * 12


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = council(tmp_path)
    yield workspace
    workspace.close()


def _scheduled(ws: Workspace, texts: dict[str, str]) -> dict[str, Message]:
    gov = Governance.of(ws)
    for ident, text in texts.items():
        approved(gov, ident, text)
        gov.schedule(ident, datetime.now(UTC) - timedelta(minutes=1), by=EDITOR)
    return {ident: _stored(ws, ident) for ident in texts}


def _stored(ws: Workspace, ident: str) -> Message:
    message = ws.store.message(ws.organisation.id, ident)
    assert message is not None
    return message


def _clear(gate: Gate, ws: Workspace, message: Message, now: datetime, **kw: Any) -> str:
    (profile,) = [p for p in ws.store.profiles(ws.organisation.id) if p.id == message.profile]
    try:
        gate.clear(message, profile, now, **kw)
    except Refusal as refusal:
        return refusal.reason.en
    return "cleared"


def test_a_batch_is_checked_once_together_and_each_post_keeps_its_verdict(
    ws: Workspace, tmp_path: Path
) -> None:
    """The worker's batch goes through the rules in one turn; a blocked post stays blocked."""
    _scheduled(ws, {"m1": "Bon dia a tothom.", "m2": TOO_LONG, "m3": "Demà, concert."})
    gate = _Counting(ws)
    assert _run(ws, tmp_path, gate) == {"published": 2, "failed": 1}
    assert gate.checked == 3  # each once, in the batch's turn: none again when cleared
    (blocked,) = ws.store.outbox.items(ws.organisation.id, message="m2")
    assert blocked.state is OutboxState.FAILED and blocked.error is not None
    assert "[length]" in blocked.error.en


def test_checked_ahead_is_what_clearing_alone_finds(ws: Workspace) -> None:
    """Ahead or not, the gate's verdict on each message is the same."""
    messages = _scheduled(ws, {"m1": "Bon dia a tothom.", "m2": TOO_LONG})
    now = datetime.now(UTC)
    alone = {i: _clear(Gate(ws), ws, m, now) for i, m in messages.items()}
    gate = _Counting(ws)
    gate.check_ahead([(m, None, None) for m in messages.values()], now)
    assert gate.checked == 2
    ahead = {i: _clear(gate, ws, m, now) for i, m in messages.items()}
    assert ahead == alone and gate.checked == 2
    assert alone["m1"] == "cleared" and "[length]" in alone["m2"]


def test_another_day_another_variant_or_another_object_is_checked_again(ws: Workspace) -> None:
    """Checked ahead for another day, text or message object: the gate checks it itself."""
    (message,) = _scheduled(ws, {"m1": "Bon dia a tothom."}).values()
    now = datetime.now(UTC)
    cases: list[tuple[datetime, dict[str, Any], Message]] = [
        (now + timedelta(days=1), {}, message),  # an electoral period may begin tomorrow
        (now, {"variant": "Bona tarda a tothom."}, message),
        (now, {}, _stored(ws, "m1")),  # read again: perhaps changed since
    ]
    for when, kw, cleared in cases:
        gate = _Counting(ws)
        gate.check_ahead([(message, None, None)], now)
        assert _clear(gate, ws, cleared, when, **kw) == "cleared"
        assert gate.checked == 2, (when, kw)


def test_what_was_checked_ahead_is_used_once(ws: Workspace) -> None:
    """A second clear of the same message checks it again: nothing stale is kept."""
    (message,) = _scheduled(ws, {"m1": "Bon dia a tothom."}).values()
    now = datetime.now(UTC)
    gate = _Counting(ws)
    gate.check_ahead([(message, None, None)], now)
    _clear(gate, ws, message, now)
    _clear(gate, ws, message, now)
    assert gate.checked == 2
