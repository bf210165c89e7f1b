"""Two workers record outcomes for one message at the same time: the first publication stays.

A message published on two items (a repeat, or two profiles) can have them handled by two
workers at once: each read the message unpublished when it claimed its batch. Outcomes are
applied to the message as stored when they are recorded (:mod:`govsm.store.outcome_messages`),
so the message keeps the publication recorded first — its remote id matches the first
``message.published`` entry — and a failure recorded after it does not undo it.

The race is made deterministic: worker A's network call runs worker B to the end (claim,
call, outcome recorded) before it answers, so A records its outcome from a copy of the
message that B has since published. Each worker has its own store connection; both backends.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from govsm.governance import Governance
from govsm.ledger.chain import verify
from govsm.model import Message, MessageState, OutboxState
from govsm.publishing import RetryPolicy, Worker
from govsm.spec.adapter import PublishResult
from govsm.spec.network_errors import PermanentRejection
from govsm.testing.sink import RecordingSink
from govsm.workspace import Workspace
from tests.publishing.council import APPROVER, EDITOR, approved, council
from tests.store.conftest import backend, pg_admin, pg_schema_url, store_url  # noqa: F401

FAST = RetryPolicy(wait_initial=0.001, wait_max=0.01, wait_jitter=0.0, defer_initial=0.01)
TEXT = "Obrim la piscina municipal dissabte a les 10 h."
AGAIN = "Recordeu: dissabte obrim la piscina municipal a les 10 h."


@pytest.fixture
def pair(tmp_path: Path, store_url: str) -> Iterator[tuple[Workspace, Workspace]]:  # noqa: F811
    """Two workspaces on one store, each with its own engine: two workers' processes."""
    first = council(tmp_path, store_url)
    second = Workspace.open(tmp_path / "council", store_url=store_url)
    yield first, second
    second.close()
    first.close()


def _twice_due(ws: Workspace) -> None:
    """``m0`` approved and due now on two items: the post and a repeat with other words.

    The example's own items are cancelled: the two workers share only ``m0``'s.
    """
    gov = Governance.of(ws)
    for item in ws.store.outbox.items(ws.organisation.id):
        if not item.state.done:
            gov.cancel_item(item.id, by=APPROVER, reason="not part of this test")
    approved(gov, "m0", text=TEXT)
    due = datetime.now(UTC) - timedelta(minutes=1)
    gov.schedule("m0", due, by=EDITOR, repeats=[due], variants=[None, AGAIN])


class _RunsTheOtherFirst:
    """A network whose call runs the other worker to the end before it answers."""

    def __init__(self, sink: RecordingSink, other: Worker, *, refuse: bool = False) -> None:
        self._sink = sink
        self._other = other
        self._refuse = refuse
        self.other_did: dict[str, int] = {}

    def publish(self, message: Message, **kwargs: Any) -> PublishResult:
        self.other_did = dict(self._other.run_once().outcomes)
        if self._refuse:
            raise PermanentRejection("sink", "contenido rechazado", "content refused")
        return self._sink.adapter("mastodon-ajuntament").publish(message, **kwargs)

    def lookup(self, message: Message, **kwargs: Any) -> PublishResult | None:
        return None


def _published_entries(ws: Workspace) -> list[dict[str, Any]]:
    org = ws.organisation.id
    return [
        json.loads(e.details_text)
        for e in ws.store.audit_entries(org)
        if e.action == "message.published" and e.subject == "m0"
    ]


def test_the_message_keeps_the_first_publication_recorded(
    pair: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pair
    _twice_due(a)
    sink = RecordingSink(f"sqlite:///{tmp_path / 'sink.sqlite3'}")
    worker_b = Worker(b, adapters=lambda p: sink.adapter(p.id), policy=FAST, batch=1)
    network = _RunsTheOtherFirst(sink, worker_b)
    worker_a = Worker(a, adapters=lambda p: network, policy=FAST, batch=1)  # type: ignore[arg-type,return-value]

    assert worker_a.run_once(limit=1).outcomes == {"published": 1}
    assert network.other_did == {"published": 1}, "B published the other item meanwhile"
    assert sink.count() == 2 and sink.duplicates() == 0

    org = a.organisation.id
    items = a.store.outbox.items(org, message="m0")
    assert [i.state for i in items] == [OutboxState.PUBLISHED] * 2
    remote_ids = {i.remote_id for i in items}
    assert len(remote_ids) == 2, "each item keeps its own post"
    first, second = _published_entries(a)
    assert (first["worker"], second["worker"]) == (worker_b.name, worker_a.name)
    assert {first["remote_id"], second["remote_id"]} == remote_ids
    message = a.store.message(org, "m0")
    assert message is not None and message.state is MessageState.PUBLISHED
    assert message.remote_id == first["remote_id"], "the first publication recorded stays"
    assert verify(org, a.store.audit_entries(org)).ok


def test_a_failure_recorded_after_a_publication_leaves_the_message_published(
    pair: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pair
    _twice_due(a)
    sink = RecordingSink(f"sqlite:///{tmp_path / 'sink.sqlite3'}")
    worker_b = Worker(b, adapters=lambda p: sink.adapter(p.id), policy=FAST, batch=1)
    network = _RunsTheOtherFirst(sink, worker_b, refuse=True)
    worker_a = Worker(a, adapters=lambda p: network, policy=FAST, batch=1)  # type: ignore[arg-type,return-value]

    assert worker_a.run_once(limit=1).outcomes == {"failed": 1}
    assert network.other_did == {"published": 1}
    org = a.organisation.id
    states = sorted(str(i.state) for i in a.store.outbox.items(org, message="m0"))
    assert states == ["failed", "published"]
    (entry,) = _published_entries(a)
    message = a.store.message(org, "m0")
    assert message is not None and message.state is MessageState.PUBLISHED
    assert message.remote_id == entry["remote_id"]
    actions = [e.action for e in a.store.audit_entries(org) if e.subject == "m0"]
    assert actions[-2:] == ["message.published", "message.publish_failed"]
    assert verify(org, a.store.audit_entries(org)).ok
