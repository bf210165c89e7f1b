"""Recording outcomes: the chain's entries sealed by the server, messages written if as read.

On PostgreSQL :meth:`govsm.store.outbox.Outbox.settle` sends the chain's lock, the messages'
writes and the entries' insert together (:func:`govsm.store.audit_log.lock_and_append`), and the
server seals the entries. These tests hold that to what Python's chain gives, whatever the text.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
import sqlalchemy as sa

from govsm.ledger.chain import AuditEvent, chain, verify
from govsm.model import MessageState
from govsm.store import Store, audit_log
from govsm.store.outcome_messages import (
    Base,
    expected_rows,
    if_as_read,
    outcome_messages,
    write_messages,
)
from tests.store import factories as f

#: text that JSON escapes, or that is not ASCII, in every field the hash covers
_AWKWARD = 'Obrim «la piscina» a les 10 h — "ja" \\ tab\there\nnova línia \u2028 😀 \x01 ñ'


def _events(n: int) -> list[AuditEvent]:
    at = datetime(2026, 5, 4, 8, 0, 0, 123456, tzinfo=UTC)
    return [
        AuditEvent(
            at + timedelta(microseconds=k),
            "publisher",
            "message.published",
            f"m{k}",
            {"reason_es": _AWKWARD, "n": k, "nested": {"list": [1.5, None, True, _AWKWARD]}},
        )
        for k in range(n)
    ]


def _stored_texts(store: Store, ids: list[str]) -> dict[str, str]:
    """The messages' documents as the store holds them, as text (as a claim reads them)."""
    query = sa.text(
        "SELECT id, CAST(data AS TEXT) FROM messages WHERE organisation_id = :o AND id IN :ids"
    ).bindparams(sa.bindparam("ids", expanding=True))
    with store.engine.connect() as connection:
        return {str(i): str(t) for i, t in connection.execute(query, {"o": f.ORG, "ids": ids})}


@pytest.fixture
def seeded(store: Store) -> Store:
    """The example organisation with one entry in its chain and three messages."""
    store.save_snapshot(f.snapshot(f.ORG))
    store.save_messages(f.ORG, f.messages(f.ORG, 3))
    store.append_audit(f.ORG, [AuditEvent(f.T0, "workspace", "profile.registered", "x")])
    return store


class TestSealedByTheServer:
    def test_entries_are_the_chains(self, seeded: Store, backend: str) -> None:
        """The entries appended are those Python's chain seals, and the log verifies."""
        if backend != "postgres":
            pytest.skip("the pipelined append is PostgreSQL's")
        events = _events(5)
        head = seeded.audit_entries(f.ORG)[-1]
        with seeded.engine.begin() as connection:
            assert audit_log.pipelined(connection)
            texts = audit_log.details_texts(events)
            entries, returned = audit_log.lock_and_append(connection, f.ORG, events, texts)
        assert returned == []
        assert entries == chain(f.ORG, events, after=(head.seq, head.hash))
        stored = seeded.audit_entries(f.ORG)
        assert verify(f.ORG, stored).ok
        assert [e.details_text for e in stored[-5:]] == texts
        assert [e.at for e in stored[-5:]] == [e.at for e in events]

    def test_first_statement_runs_under_the_lock(self, seeded: Store, backend: str) -> None:
        """``first`` writes each message only if it is stored as read, and says which it wrote."""
        if backend != "postgres":
            pytest.skip("the pipelined append is PostgreSQL's")
        m0, m1, _ = sorted(seeded.messages(f.ORG), key=lambda m: m.id)
        documents = _stored_texts(seeded, [m0.id, m1.id])
        done = [attrs.evolve(m, state=MessageState.FAILED) for m in (m0, m1)]
        bases = [Base(documents[m0.id], m0), Base(documents[m1.id] + " ", m1)]  # m1: not as read
        ready = expected_rows(done, bases)
        assert set(ready) == {m0.id, m1.id}
        with seeded.engine.begin() as connection:
            entries, written = audit_log.lock_and_append(
                connection, f.ORG, [], [], first=if_as_read(ready)
            )
        assert entries == []
        assert written == [(m0.id,)]
        after = {m.id: m for m in seeded.messages(f.ORG)}
        assert after[m0.id].state is MessageState.FAILED
        assert after[m1.id].state is m1.state


class TestExpectedRows:
    def test_written_as_outcome_messages_writes_them(self, seeded: Store) -> None:
        """Rows serialised before the lock write what :func:`outcome_messages` decides."""
        m0, m1, m2 = sorted(seeded.messages(f.ORG), key=lambda m: m.id)
        text = _stored_texts(seeded, [m0.id, m1.id, m2.id])
        # m2 twice: left to outcome_messages; m1 published when read: left too
        out = {"published_at": f.T0, "remote_id": "r1"}
        published = attrs.evolve(m1, state=MessageState.PUBLISHED, **out)
        done = [
            attrs.evolve(m0, state=MessageState.FAILED),
            attrs.evolve(published, state=MessageState.FAILED),
            attrs.evolve(m2, state=MessageState.FAILED),
            attrs.evolve(m2, state=MessageState.PUBLISHED, **out),
        ]
        bases = [
            Base(text[m0.id], m0),
            Base(text[m1.id], published),
            Base(text[m2.id], m2),
            None,
        ]
        ready = expected_rows(done, bases)
        assert list(ready) == [m0.id]
        with seeded.engine.begin() as connection:
            changed = outcome_messages(connection, f.ORG, done, bases)
            write_messages(connection, changed, ready)
        after = {m.id: m for m in seeded.messages(f.ORG)}
        assert after[m0.id] == done[0]
        assert after[m2.id].state is MessageState.PUBLISHED
