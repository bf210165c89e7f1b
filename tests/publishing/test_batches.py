"""A worker handles several claimed items at a time: same outcomes, fewer transactions.

The batch's attempts begin together and its outcomes are recorded together; these tests pin
what must stay true whatever the batch: a pause made after the claim holds what was claimed,
a stop gives back what was not tried (with no attempt left behind), two items of one message
record its first publication, and the plugins hear of each outcome once it is stored.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.governance import Governance
from govsm.model import Message, MessageState, OutboxState, Profile
from govsm.publishing import Cleared, Gate, PublishGate, RetryPolicy, Worker, handling
from govsm.publishing.worker import FIRST_CLAIM, next_claim
from govsm.spec.adapter import PublishResult
from govsm.testing.sink import RecordingSink
from govsm.workspace import Workspace
from tests.publishing.council import APPROVER, EDITOR, PROFILE, approved, council

FAST = RetryPolicy(wait_initial=0.001, wait_max=0.01, wait_jitter=0.0, defer_initial=0.01)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = council(tmp_path)
    yield workspace
    workspace.close()


@pytest.fixture
def sink(tmp_path: Path) -> RecordingSink:
    return RecordingSink(f"sqlite:///{tmp_path / 'sink.sqlite3'}")


def _due(gov: Governance, *idents: str) -> None:
    for ident in idents:
        approved(gov, ident, text=f"Obrim la piscina municipal dissabte a les 10 h ({ident}).")
        gov.schedule(ident, datetime.now(UTC) - timedelta(minutes=1), by=EDITOR)


def _mine(ws: Workspace) -> list[Any]:
    return [i for i in ws.store.outbox.items(ws.organisation.id) if i.message.startswith("m")]


def test_a_batch_publishes_every_item_once_in_order(ws: Workspace, sink: RecordingSink) -> None:
    gov = Governance.of(ws)
    _due(gov, *(f"m{n}" for n in range(6)))
    worker = Worker(ws, adapters=lambda p: sink.adapter(p.id), policy=FAST, batch=4)
    assert worker.run_once().outcomes == {"published": 6}
    assert sink.count() == 6 and sink.duplicates() == 0
    org = ws.organisation.id
    published = [e.subject for e in ws.store.audit_entries(org) if e.action == "message.published"]
    assert published == [f"m{n}" for n in range(6)], "entries follow the claim order"
    for item in _mine(ws):
        (attempt,) = ws.store.outbox.attempts(org, item.id)
        assert item.state is OutboxState.PUBLISHED and attempt.finished_at is not None


def test_a_stop_gives_back_what_was_not_tried(ws: Workspace, sink: RecordingSink) -> None:
    gov = Governance.of(ws)
    _due(gov, "m0", "m1", "m2")
    worker: Worker

    class StopsAfterOne:
        def publish(self, message: Message, **kwargs: Any) -> PublishResult:
            worker.stop()  # SIGTERM arrives during the first call
            return sink.adapter(PROFILE).publish(message, **kwargs)

    stops = StopsAfterOne()
    worker = Worker(ws, adapters=lambda p: stops, policy=FAST)  # type: ignore[arg-type,return-value]
    assert worker.run_once().outcomes == {"published": 1, "released": 2}
    org = ws.organisation.id
    states = {i.message: i for i in _mine(ws)}
    assert states["m0"].state is OutboxState.PUBLISHED
    for ident in ("m1", "m2"):
        item = states[ident]
        assert item.state is OutboxState.SCHEDULED and item.claimed_by is None
        assert item.attempts == 0 and ws.store.outbox.attempts(org, item.id) == []
    # given back, they go out with the next worker, once
    again = Worker(ws, adapters=lambda p: sink.adapter(p.id), policy=FAST)
    assert again.run_once().outcomes == {"published": 2}
    assert sink.count() == 3 and sink.duplicates() == 0


def test_a_pause_after_the_claim_holds_what_was_claimed(ws: Workspace, sink: RecordingSink) -> None:
    """The pause lands while the batch is being checked: nothing of it goes out."""
    gov = Governance.of(ws)
    _due(gov, "m0", "m1")
    real = Gate(ws)

    class PausingGate:
        def read_after(self) -> int | None:
            return real.read_after()

        def record(self, newer: Any = None) -> Any:
            return real.record(newer)

        def check_ahead(self, pending: Any, now: datetime) -> None:
            real.check_ahead(pending, now)

        def clear(self, message: Message, *args: Any, **kwargs: Any) -> Cleared:
            if not ws.store.outbox.pauses(ws.organisation.id):
                gov.pause(by=APPROVER, reason="Emergència: inundacions")
            return real.clear(message, *args, **kwargs)

    pausing: PublishGate = PausingGate()
    worker = Worker(ws, adapters=lambda p: sink.adapter(p.id), policy=FAST, gate=pausing)
    assert worker.run_once().outcomes == {"released": 2}
    assert sink.count() == 0
    assert {i.state for i in _mine(ws)} == {OutboxState.SCHEDULED}
    assert all(not ws.store.outbox.attempts(ws.organisation.id, i.id) for i in _mine(ws))
    gov.resume(by=APPROVER)
    assert Worker(ws, adapters=lambda p: sink.adapter(p.id), policy=FAST).run_once().outcomes == {
        "published": 2
    }


def test_two_items_of_one_message_keep_its_first_publication(
    ws: Workspace, sink: RecordingSink
) -> None:
    gov = Governance.of(ws)
    approved(gov, "m1")
    now = datetime.now(UTC) - timedelta(minutes=1)
    gov.schedule("m1", now, by=EDITOR, repeats=[now], variants=["Recordeu: piscina oberta."])
    assert Worker(ws, adapters=lambda p: sink.adapter(p.id), policy=FAST).run_once().outcomes == {
        "published": 2
    }
    # both were due at once: the one that went out first is the message's publication
    assert {i.remote_id for i in _mine(ws)} == {"sink-1", "sink-2"}
    message = ws.store.message(ws.organisation.id, "m1")
    assert message is not None and message.state is MessageState.PUBLISHED
    assert message.remote_id == "sink-1"
    published = [e for e in ws.store.audit_entries(ws.organisation.id) if e.subject == "m1"]
    assert [e.action for e in published][-2:] == ["message.published"] * 2


def test_plugins_hear_of_an_outcome_once_it_is_stored(
    ws: Workspace, sink: RecordingSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    gov = Governance.of(ws)
    _due(gov, "m0", "m1")
    heard: list[tuple[str, str | None]] = []

    def published(message: Message, profile: Profile, remote_id: str) -> None:
        stored = ws.store.outbox.items(ws.organisation.id, message=message.id)
        heard.append((message.id, stored[0].remote_id))

    monkeypatch.setattr(ws.host, "message_published", published)
    Worker(ws, adapters=lambda p: sink.adapter(p.id), policy=FAST).run_once()
    assert [m for m, _ in heard] == ["m0", "m1"]
    assert all(remote is not None for _, remote in heard), "the outcome was stored first"


def test_a_slow_networks_outcomes_are_recorded_as_they_come(
    ws: Workspace, sink: RecordingSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past :data:`FLUSH_AFTER` an outcome does not wait for the rest of its batch."""
    monkeypatch.setattr(handling, "FLUSH_AFTER", 0.0)
    gov = Governance.of(ws)
    _due(gov, "m0", "m1", "m2")
    seen: list[list[str]] = []

    class Watching:
        def publish(self, message: Message, **kwargs: Any) -> PublishResult:
            done = [i.message for i in _mine(ws) if i.state is OutboxState.PUBLISHED]
            seen.append(sorted(done))
            return sink.adapter(PROFILE).publish(message, **kwargs)

    watching = Watching()
    worker = Worker(ws, adapters=lambda p: watching, policy=FAST)  # type: ignore[arg-type,return-value]
    assert worker.run_once().outcomes == {"published": 3}
    assert seen == [[], ["m0"], ["m0", "m1"]]


def test_a_thread_goes_out_in_order_each_post_answering_the_last(ws: Workspace) -> None:
    """The second post waits for the first to be out, then answers it by the network's id."""
    gov = Governance.of(ws)
    first = approved(gov, "m1", text="Fil sobre la piscina municipal: horaris (1/2).")
    gov.draft(
        attrs.evolve(first, id="m2", text="Preus i abonaments (2/2).", reply_to="m1"),
        by=EDITOR,
    )
    gov.submit("m2", by=EDITOR)
    gov.approve("m2", by=APPROVER)
    due = datetime.now(UTC) - timedelta(minutes=1)
    gov.schedule("m1", due, by=EDITOR)
    gov.schedule("m2", due, by=EDITOR)
    calls: list[tuple[str, str | None]] = []

    class Threads:
        def publish(self, message: Message, **kwargs: Any) -> PublishResult:
            calls.append((message.id, kwargs.get("reply_to")))
            return PublishResult(remote_id=f"net-{message.id}", published_at=datetime.now(UTC))

        def lookup(self, message: Message, **kwargs: Any) -> None:
            return None

    threads = Threads()
    policy = RetryPolicy(defer_initial=0.001, defer_max=0.001)
    worker = Worker(ws, adapters=lambda p: threads, policy=policy)  # type: ignore[arg-type,return-value]
    # one batch: m1 goes out and m2, claimed beside it, waits; the next claim takes m2
    assert worker.run_once().outcomes == {"published": 2, "deferred": 1}
    assert calls == [("m1", None), ("m2", "net-m1")]


@given(
    claimed=st.integers(1, 500),
    seconds=st.floats(0, 1e4, allow_nan=False),
    most=st.integers(1, 500),
    within=st.floats(0.01, 100),
)
def test_a_claim_holds_about_so_many_seconds_of_work(
    claimed: int, seconds: float, most: int, within: float
) -> None:
    """Between 1 and ``batch``, at most twice the last, and what that pace does in ``within``."""
    size = next_claim(claimed, seconds, most, within)
    assert 1 <= size <= min(most, 2 * claimed)
    if seconds > 0 and size > 1:
        assert size * seconds / claimed <= within + 1e-9  # no more than fits
    if seconds > 0 and size < min(most, 2 * claimed):
        assert (size + 1) * seconds / claimed > within * (1 - 1e-9)  # and no fewer


def test_a_fast_network_gets_bigger_claims_and_a_slow_one_smaller(
    ws: Workspace, sink: RecordingSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the first claim of 8, a pace decides: doubling to ``batch``, or down to one."""
    gov = Governance.of(ws)
    _due(gov, *(f"m{n:02d}" for n in range(40)))
    sizes: list[int] = []
    outbox = type(ws.store.outbox)

    def counting(original: Any) -> Any:
        def claim(self: Any, *args: Any, limit: int, **kw: Any) -> Any:
            sizes.append(limit)
            return original(self, *args, limit=limit, **kw)

        return claim

    for name in ("claim", "claim_reading_log"):  # the first claim reads no log yet
        monkeypatch.setattr(outbox, name, counting(getattr(outbox, name)))

    # a minute of work per claim: however slow this machine, time never holds the claims back
    fast = Worker(
        ws, adapters=lambda p: sink.adapter(p.id), policy=FAST, batch=20, claim_seconds=60
    )
    assert fast.claim_size == FIRST_CLAIM
    assert fast.run_once(limit=30).outcomes == {"published": 30}
    assert sizes == [8, 16, 6]  # twice the last; then what the limit left
    assert fast.run_once(limit=1).outcomes == {"published": 1}
    assert sizes[-1] == 1 and fast.claim_size == 2  # twice the last claim, however quick

    class Slow:
        def publish(self, message: Message, **kwargs: Any) -> PublishResult:
            time.sleep(0.02)
            return sink.adapter(PROFILE).publish(message, **kwargs)

    slow = Worker(ws, adapters=lambda p: Slow(), policy=FAST, claim_seconds=0.05)  # type: ignore[arg-type,return-value]
    sizes.clear()
    assert slow.run_once().outcomes == {"published": 9}
    assert sizes[0] == FIRST_CLAIM and sizes[1] <= 2  # 20 ms a post: two fit in 50 ms
    assert sink.count() == 40 and sink.duplicates() == 0


def test_the_command_claims_as_the_worker_does() -> None:
    """``govsm worker --batch`` defaults to the worker's own most."""
    from govsm.cli.publishing import worker
    from govsm.publishing.worker import BATCH

    (option,) = [p for p in worker.params if p.name == "batch"]
    assert option.default == BATCH
