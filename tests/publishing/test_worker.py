"""The worker publishes approved, scheduled posts exactly once, and records why and when."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from govsm.errors import Conflict
from govsm.governance import Governance
from govsm.model import MessageState, OutboxState, Outcome, Profile
from govsm.publishing import Gate, RetryPolicy, Worker
from govsm.store.workers import worker_name
from govsm.testing.sink import Faults, RecordingSink
from govsm.workspace import Workspace
from tests.publishing.council import APPROVER, EDITOR, PROFILE, approved, council

FAST = RetryPolicy(wait_initial=0.001, wait_max=0.01, wait_jitter=0.0, defer_initial=0.01)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = council(tmp_path)
    yield workspace
    workspace.close()


def _sink(tmp_path: Path, faults: Faults | None = None) -> RecordingSink:
    return RecordingSink(f"sqlite:///{tmp_path / 'sink.sqlite3'}", faults=faults)


def _worker(ws: Workspace, sink: RecordingSink, **kwargs: object) -> Worker:
    def adapters(profile: Profile) -> object:
        return sink.adapter(profile.id)

    return Worker(ws, adapters=adapters, policy=FAST, **kwargs)  # type: ignore[arg-type]


def _due(gov: Governance, ident: str, **kwargs: object) -> list[object]:
    approved(gov, ident, **kwargs)  # type: ignore[arg-type]
    return gov.schedule(ident, datetime.now(UTC) - timedelta(minutes=1), by=EDITOR)


def _actions(ws: Workspace) -> list[str]:
    return [e.action for e in ws.store.audit_entries(ws.organisation.id)]


class TestPublishing:
    def test_a_due_post_goes_out_once_and_is_recorded(self, ws: Workspace, tmp_path: Path) -> None:
        gov = Governance.of(ws)
        _due(gov, "m1")
        sink = _sink(tmp_path)
        summary = _worker(ws, sink).run_once()
        assert summary.outcomes == {"published": 1}
        assert sink.count() == 1 and sink.duplicates() == 0
        (item,) = ws.store.outbox.items(ws.organisation.id, message="m1")
        assert item.state is OutboxState.PUBLISHED and item.remote_id == "sink-1"
        message = ws.store.message(ws.organisation.id, "m1")
        assert message is not None and message.state is MessageState.PUBLISHED
        assert message.remote_id == "sink-1"
        assert _actions(ws)[-2:] == ["message.scheduled", "message.published"]
        # nothing more is due
        assert _worker(ws, sink).run_once().handled == 0

    def test_only_approved_messages_are_scheduled(self, ws: Workspace) -> None:
        gov = Governance.of(ws)
        approved(gov, "m1")
        gov.edit("m1", by=EDITOR, text="Un altre text, sense aprovar.")
        with pytest.raises(Conflict, match="only approved messages are scheduled"):
            gov.schedule("m1", datetime.now(UTC), by=EDITOR)

    def test_a_timeout_after_sending_is_settled_not_resent(
        self, ws: Workspace, tmp_path: Path
    ) -> None:
        gov = Governance.of(ws)
        _due(gov, "m1")
        sink = _sink(tmp_path, Faults(timeout_after_send=1.0))
        assert _worker(ws, sink).run_once().outcomes == {"published": 1}
        assert sink.count() == 1 and sink.duplicates() == 0
        (item,) = ws.store.outbox.items(ws.organisation.id, message="m1")
        outcomes = [a.outcome for a in ws.store.outbox.attempts(ws.organisation.id, item.id)]
        assert outcomes == [Outcome.FOUND]

    def test_a_dead_workers_claim_is_settled_by_asking_the_network(
        self, ws: Workspace, tmp_path: Path
    ) -> None:
        gov = Governance.of(ws)
        _due(gov, "m1")
        sink = _sink(tmp_path)
        org = ws.organisation.id
        dead = f"{socket.gethostname()}:999999999:?:0"  # no such process on this machine
        (claim,) = ws.store.outbox.claim(org, dead, datetime.now(UTC))
        ws.store.outbox.begin_attempt(claim.item, dead, datetime.now(UTC))
        message = ws.store.message(org, "m1")
        assert message is not None
        sink.adapter(PROFILE).publish(message, idempotency_key=claim.item.idempotency_key)
        assert _worker(ws, sink).run_once().outcomes == {"published": 1}
        assert sink.count() == 1 and sink.duplicates() == 0

    def test_a_live_workers_claim_is_left_alone(self, ws: Workspace, tmp_path: Path) -> None:
        gov = Governance.of(ws)
        _due(gov, "m1")
        alive = worker_name()  # this very process
        assert ws.store.outbox.claim(ws.organisation.id, alive, datetime.now(UTC))
        assert _worker(ws, _sink(tmp_path)).run_once().handled == 0

    def test_passing_errors_are_retried_and_each_attempt_is_recorded(
        self, ws: Workspace, tmp_path: Path
    ) -> None:
        gov = Governance.of(ws)
        for n in range(5):
            _due(gov, f"m{n}")
        sink = _sink(tmp_path, Faults(rate_limited=0.3, transient=0.3, seed=7))
        worker = _worker(ws, sink)
        for _ in range(50):
            worker.run_once()
            org = ws.organisation.id
            if all(
                i.state is OutboxState.PUBLISHED
                for i in ws.store.outbox.items(org)
                if not i.message.startswith("post-")
            ):
                break
            for item in ws.store.outbox.items(org, states=[OutboxState.SCHEDULED]):
                if item.message.startswith("post-"):
                    continue  # the example's own schedule, due later
                ws.store.outbox.decide(_now_due(item), [], allowed=[OutboxState.SCHEDULED])
        assert sink.count() == 5 and sink.duplicates() == 0
        attempts = [
            a
            for i in ws.store.outbox.items(ws.organisation.id)
            if not i.message.startswith("post-")
            for a in ws.store.outbox.attempts(ws.organisation.id, i.id)
        ]
        assert all(a.outcome is not None for a in attempts)
        assert {a.outcome for a in attempts} >= {Outcome.PUBLISHED}


def _now_due(item: object) -> object:
    import attrs

    return attrs.evolve(item, next_attempt_at=datetime.now(UTC))  # type: ignore[misc]


class TestGateAndPauses:
    def test_a_plugin_veto_fails_the_item_with_its_reason(
        self, ws: Workspace, tmp_path: Path
    ) -> None:
        gov = Governance.of(ws)
        _due(gov, "m1", text="Avís: VETO d'aquesta publicació.")
        sink = _sink(tmp_path)
        assert _worker(ws, sink).run_once().outcomes == {"failed": 1}
        assert sink.count() == 0
        (item,) = ws.store.outbox.items(ws.organisation.id, message="m1")
        assert item.state is OutboxState.FAILED and item.error is not None
        assert item.error.en == "vetoed"
        assert _actions(ws)[-1] == "message.publish_failed"
        gov.retry_item(item.id, by=EDITOR)
        assert ws.store.outbox.item(ws.organisation.id, item.id).state is OutboxState.SCHEDULED

    def test_a_pause_holds_everything_until_resumed(self, ws: Workspace, tmp_path: Path) -> None:
        gov = Governance.of(ws)
        _due(gov, "m1")
        assert gov.pause(by=APPROVER, reason="Emergència: inundacions")
        sink = _sink(tmp_path)
        assert _worker(ws, sink).run_once().handled == 0
        assert gov.resume(by=APPROVER)
        assert _worker(ws, sink).run_once().outcomes == {"published": 1}
        assert "publishing.paused" in _actions(ws) and "publishing.resumed" in _actions(ws)

    def test_a_profile_pause_holds_only_that_profile(self, ws: Workspace, tmp_path: Path) -> None:
        gov = Governance.of(ws)
        _due(gov, "m1")
        assert gov.pause(by=APPROVER, reason="Compte compromés", profile=PROFILE)
        assert not gov.pause(by=APPROVER, reason="again", profile=PROFILE)
        assert _worker(ws, _sink(tmp_path)).run_once().handled == 0


class TestContainment:
    def test_a_repeat_of_a_published_post_goes_out_with_its_variant(
        self, ws: Workspace, tmp_path: Path
    ) -> None:
        gov = Governance.of(ws)
        approved(gov, "m1")
        now = datetime.now(UTC) - timedelta(minutes=1)
        gov.schedule("m1", now, by=EDITOR, repeats=[now], variants=["Recordeu: piscina oberta."])
        sink = _sink(tmp_path)
        assert _worker(ws, sink).run_once().outcomes == {"published": 2}
        texts = sorted(text for _, _, text in sink.delivered())
        assert texts[1] == "Recordeu: piscina oberta." and sink.duplicates() == 0

    def test_an_internal_error_neither_stops_the_worker_nor_strands_the_item(
        self, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        gov = Governance.of(ws)
        _due(gov, "m1")
        gate = Gate(ws)

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("a bug")

        monkeypatch.setattr(gate, "clear", broken)
        sink = _sink(tmp_path)
        # deferred for a minute: FAST's 10 ms would bring it back within this run on a slow machine
        policy = RetryPolicy(wait_initial=0.001, wait_max=0.01, wait_jitter=0.0, defer_initial=60)
        worker = Worker(ws, adapters=lambda p: sink.adapter(p.id), policy=policy, gate=gate)  # type: ignore[arg-type,return-value]
        assert worker.run_once().outcomes == {"deferred": 1}
        (item,) = ws.store.outbox.items(ws.organisation.id, message="m1")
        assert item.state is OutboxState.SCHEDULED and item.claimed_by is None
        assert item.error is not None and "RuntimeError" in item.error.en

    def test_an_adapters_own_error_text_is_never_recorded(
        self, ws: Workspace, tmp_path: Path
    ) -> None:
        """It could quote the request, and a token with it: only its type is kept."""
        gov = Governance.of(ws)
        _due(gov, "m1")
        sink = _sink(tmp_path)

        class Leaky:
            def publish(self, message: object, **kwargs: object) -> object:
                raise RuntimeError("POST /statuses?access_token=SECRET-TOKEN-123 failed")

            def lookup(self, message: object, **kwargs: object) -> None:
                return None

        worker = Worker(ws, adapters=lambda profile: Leaky(), policy=FAST)  # type: ignore[arg-type,return-value]
        worker.run_once()
        (item,) = ws.store.outbox.items(ws.organisation.id, message="m1")
        attempts = ws.store.outbox.attempts(ws.organisation.id, item.id)
        dump = repr(ws.store.dump(ws.organisation.id))
        assert "SECRET-TOKEN-123" not in dump
        assert any("RuntimeError" in (a.detail.en if a.detail else "") for a in attempts)
        del sink
