"""The gate reuses what the audit's checks kept, only while it is what a check now would give."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import govsm
from govsm.governance import Governance
from govsm.model import Bilingual, Finding, OutboxState, Profile, Severity
from govsm.publishing import Gate, RetryPolicy, Worker
from govsm.serialization import unstructure
from govsm.spec.findings import ReportedFinding
from govsm.store import schema
from govsm.store.check_cache import fingerprint
from govsm.testing.sink import RecordingSink
from govsm.workspace import Workspace
from tests.publishing.council import EDITOR, approved, council

FAST = RetryPolicy(wait_initial=0.001, wait_max=0.01, wait_jitter=0.0, defer_initial=0.01)

#: a finding no rule makes: a refusal naming it proves the kept result was read
PLANTED = Finding(
    rule="planted-error",
    severity=Severity.ERROR,
    message=Bilingual(es="hallazgo plantado", en="planted finding"),
    subject="message:m1",
)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = council(tmp_path)
    yield workspace
    workspace.close()


def _schedule(ws: Workspace, ident: str = "m1") -> None:
    gov = Governance.of(ws)
    approved(gov, ident)
    gov.schedule(ident, datetime.now(UTC) - timedelta(minutes=1), by=EDITOR)


def _document(ws: Workspace, ident: str) -> str:
    """The message's stored document as the store renders it (what fingerprints cover)."""
    table = schema.messages
    with ws.store.engine.connect() as connection:
        return str(
            connection.execute(
                sa.select(sa.cast(table.c.data, sa.Text)).where(
                    table.c.organisation_id == ws.organisation.id, table.c.id == ident
                )
            ).scalar_one()
        )


def _keep(ws: Workspace, ident: str, context: str, findings: list[Finding]) -> None:
    reported = [ReportedFinding("checks", f, message=ident) for f in findings]
    mark = fingerprint(context, _document(ws, ident))
    ws.store.check_cache.save(ws.organisation.id, [(ident, mark, reported)])


class _Counting(Gate):
    """The gate, counting the messages its rules judge."""

    checked = 0

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        many = self._checker.check_many  # what Checker.check runs too

        def counted(messages: Any) -> Any:
            self.checked += len(messages)
            return many(messages)

        self._checker.check_many = counted  # type: ignore[method-assign]


def _run(ws: Workspace, tmp_path: Path, gate: Gate, **kwargs: Any) -> dict[str, int]:
    sink = RecordingSink(f"sqlite:///{tmp_path / 'sink.sqlite3'}")

    def adapters(profile: Profile) -> object:
        return sink.adapter(profile.id)

    worker = Worker(ws, adapters=adapters, policy=FAST, gate=gate, **kwargs)  # type: ignore[arg-type]
    return dict(worker.run_once().outcomes)


class TestKeptChecks:
    def test_an_audit_of_the_day_spares_the_gate_its_checks(
        self, ws: Workspace, tmp_path: Path
    ) -> None:
        """After today's audit, the gate publishes the scheduled post without checking it again."""
        _schedule(ws)
        govsm.run_audit(ws, out=tmp_path / "report")
        assert ws.store.check_cache.count(ws.organisation.id) >= 1
        gate = _Counting(ws)
        assert _run(ws, tmp_path, gate) == {"published": 1}
        assert gate.checked == 0

    def test_a_kept_blocking_finding_stops_the_post(self, ws: Workspace, tmp_path: Path) -> None:
        """The kept findings are the gate's findings: a blocking one refuses the post."""
        _schedule(ws)
        gate = _Counting(ws)
        context = gate.kept.context()
        assert context is not None
        _keep(ws, "m1", context, [PLANTED])
        assert _run(ws, tmp_path, gate) == {"failed": 1}
        (item,) = ws.store.outbox.items(ws.organisation.id, message="m1")
        assert item.state is OutboxState.FAILED and item.error is not None
        assert "[planted-error]" in item.error.en and gate.checked == 0

    def test_a_result_kept_under_another_context_is_not_used(
        self, ws: Workspace, tmp_path: Path
    ) -> None:
        """Rules, policy or plugins changed since (another context key): the gate checks again."""
        _schedule(ws)
        _keep(ws, "m1", "0" * 64, [PLANTED])
        gate = _Counting(ws)
        assert _run(ws, tmp_path, gate) == {"published": 1}
        assert gate.checked == 1

    def test_a_result_kept_on_another_day_is_not_used(self, ws: Workspace, tmp_path: Path) -> None:
        """Sent on a later day than it was judged for (an electoral period may have begun)."""
        _schedule(ws)
        gate = _Counting(ws)
        context = gate.kept.context()
        assert context is not None
        _keep(ws, "m1", context, [PLANTED])
        tomorrow = datetime.now(UTC) + timedelta(days=1)
        assert _run(ws, tmp_path, gate, clock=lambda: tomorrow) == {"published": 1}
        assert gate.checked == 1

    def test_a_message_changed_since_is_checked_again(self, ws: Workspace, tmp_path: Path) -> None:
        """A kept result of an older document of the message is not the message's result."""
        _schedule(ws)
        gate = _Counting(ws)
        context = gate.kept.context()
        assert context is not None
        _keep(ws, "m1", context, [PLANTED])
        table = schema.check_cache
        with ws.store.engine.begin() as connection:  # as if kept for the text before an edit
            connection.execute(
                sa.update(table).values(fingerprint=fingerprint(context, _document(ws, "m1") + " "))
            )
        assert _run(ws, tmp_path, gate) == {"published": 1}
        assert gate.checked == 1

    def test_unreadable_kept_findings_are_checked_again(
        self, ws: Workspace, tmp_path: Path
    ) -> None:
        """A row this govsm did not write is not trusted."""
        _schedule(ws)
        gate = _Counting(ws)
        context = gate.kept.context()
        assert context is not None
        _keep(ws, "m1", context, [])
        table = schema.check_cache
        with ws.store.engine.begin() as connection:
            connection.execute(
                sa.update(table).values(findings=json.dumps([{"not": unstructure(PLANTED)}]))
            )
        assert _run(ws, tmp_path, gate) == {"published": 1}
        assert gate.checked == 1


def test_a_batch_reads_what_the_audit_kept_once_per_message(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Judged ahead from the kept result, a message is not read from it again when cleared."""
    from govsm.publishing import kept_checks

    _schedule(ws)
    govsm.run_audit(ws, out=tmp_path / "report")
    reads = 0
    original = kept_checks.kept_findings

    def counted(text: str) -> object:
        nonlocal reads
        reads += 1
        return original(text)

    monkeypatch.setattr(kept_checks, "kept_findings", counted)
    gate = _Counting(ws)
    assert _run(ws, tmp_path, gate) == {"published": 1}
    assert (gate.checked, reads) == (0, 1)
