"""Claiming on both stores: due items in order, a gone holder's back first, a live one's kept.

On PostgreSQL a claim is one statement (pick ``FOR UPDATE SKIP LOCKED``, mark, read the
messages) and every other holder is asked whether it still runs in one statement; SQLite takes
the items under its write lock. Both must claim the same items.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from govsm.governance import Governance
from govsm.model import OutboxState
from govsm.store.workers import Presence, worker_name
from govsm.workspace import Workspace
from tests.publishing.council import APPROVER, EDITOR, PROFILE, approved, council
from tests.store.conftest import backend, pg_admin, pg_schema_url, store_url  # noqa: F401

#: a worker that is not running: no presence on PostgreSQL, no such process on SQLite
GONE = f"{socket.gethostname().replace(':', '_') or 'localhost'}:4194303:?:gone"


@pytest.fixture
def ws(tmp_path: Path, store_url: str) -> Iterator[Workspace]:  # noqa: F811
    workspace = council(tmp_path, store_url)
    gov = Governance.of(workspace)
    for item in workspace.store.outbox.items(workspace.organisation.id):
        if not item.state.done:  # the example's own
            gov.cancel_item(item.id, by=APPROVER, reason="not part of the test")
    for n in range(5):
        approved(gov, f"m{n}", f"Obrim la piscina municipal dissabte a les 10 h. Avís {n}.")
        gov.schedule(f"m{n}", datetime.now(UTC) - timedelta(seconds=5 - n), by=EDITOR)
    yield workspace
    workspace.close()


def _claim(ws: Workspace, worker: str, limit: int) -> list[str]:
    org = ws.organisation.id
    claims = ws.store.outbox.claim(org, worker, datetime.now(UTC), limit=limit)
    for claim in claims:
        assert claim.item.state is OutboxState.CLAIMED and claim.item.claimed_by == worker
        assert claim.message is not None and claim.message.id == claim.item.message
        assert claim.document is not None
    return [claim.item.message for claim in claims]


def test_due_items_are_claimed_oldest_first_and_once(ws: Workspace) -> None:
    first, second = worker_name(), worker_name()
    presences = [Presence(ws.store.engine, first), Presence(ws.store.engine, second)]
    try:
        assert _claim(ws, first, 2) == ["m0", "m1"]
        assert _claim(ws, second, 10) == ["m2", "m3", "m4"], "a live holder's items stay its own"
        assert _claim(ws, second, 10) == []
    finally:
        for presence in presences:
            presence.close()


def test_a_gone_holders_items_come_back_first_with_their_open_attempt(ws: Workspace) -> None:
    org = ws.organisation.id
    assert _claim(ws, GONE, 4) == ["m0", "m1", "m2", "m3"]
    item = next(i for i in ws.store.outbox.items(org) if i.message == "m3")
    ws.store.outbox.begin_attempt(item, GONE, datetime.now(UTC))  # and it died during the call
    worker = worker_name()
    presence = Presence(ws.store.engine, worker)
    try:
        claims = ws.store.outbox.claim(org, worker, datetime.now(UTC), limit=10)
    finally:
        presence.close()
    assert [c.item.message for c in claims] == ["m0", "m1", "m2", "m3", "m4"]
    open_attempts = {c.item.message: c.unconfirmed for c in claims}
    assert open_attempts["m3"] is not None and open_attempts["m3"].item == item.id
    assert all(a is None for m, a in open_attempts.items() if m != "m3")


@pytest.mark.parametrize("scope", [PROFILE, None])
def test_a_paused_profile_is_not_claimed(ws: Workspace, scope: str | None) -> None:
    gov = Governance.of(ws)
    assert gov.pause(by=APPROVER, reason="Compte compromés", profile=scope)
    assert _claim(ws, worker_name(), 10) == []
    assert gov.resume(by=APPROVER, profile=scope)
    assert _claim(ws, worker_name(), 10) == ["m0", "m1", "m2", "m3", "m4"]
