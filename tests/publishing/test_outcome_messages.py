"""Recording an outcome reads the message again, and parses it only when it changed since."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
import sqlalchemy as sa

from govsm.governance import Governance
from govsm.ledger.chain import GENESIS_HASH
from govsm.model import MessageState
from govsm.store import audit_log, rows, schema
from govsm.store.outcome_messages import Base, outcome_messages, stored_and_head
from govsm.workspace import Workspace
from tests.publishing.council import EDITOR, approved, council
from tests.store.conftest import backend, pg_admin, pg_schema_url, store_url  # noqa: F401

NOW = datetime.now(UTC)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = council(tmp_path)
    gov = Governance.of(workspace)
    approved(gov, "m1")
    gov.schedule("m1", datetime.now(UTC) + timedelta(hours=1), by=EDITOR)
    yield workspace
    workspace.close()


def _text(connection: sa.Connection, ident: str) -> str:
    table = schema.messages
    return str(
        connection.execute(
            sa.select(sa.cast(table.c.data, sa.Text)).where(table.c.id == ident)
        ).scalar_one()
    )


class TestOutcomeMessages:
    def test_an_unchanged_message_is_not_parsed_again(
        self, ws: Workspace, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The stored text is the worker's copy's: the worker's message is the result."""
        org = ws.organisation.id
        base = ws.store.message(org, "m1")
        assert base is not None
        published = attrs.evolve(
            base, state=MessageState.PUBLISHED, published_at=NOW, remote_id="r-1"
        )
        loads: list[Any] = []
        monkeypatch.setattr(rows, "load", lambda *a: loads.append(a))
        with ws.store.engine.connect() as connection:
            text = _text(connection, "m1")
            (written,) = outcome_messages(connection, org, [published], [Base(text, base)])
        assert written is published and loads == []

    def test_a_message_edited_since_keeps_the_edit(self, ws: Workspace) -> None:
        """A copy older than the stored text is not trusted: the outcome applies to the store's."""
        org = ws.organisation.id
        base = ws.store.message(org, "m1")
        assert base is not None
        with ws.store.engine.connect() as connection:
            text = _text(connection, "m1")
        ws.store.save_messages(org, [attrs.evolve(base, campaign="nadal")])
        published = attrs.evolve(
            base, state=MessageState.PUBLISHED, published_at=NOW, remote_id="r-1"
        )
        with ws.store.engine.connect() as connection:
            (written,) = outcome_messages(connection, org, [published], [Base(text, base)])
        assert written.campaign == "nadal"
        assert (written.state, written.remote_id) == (MessageState.PUBLISHED, "r-1")

    def test_a_message_published_since_keeps_its_publication(self, ws: Workspace) -> None:
        """Another worker's publication recorded first stays, whatever this copy says."""
        org = ws.organisation.id
        base = ws.store.message(org, "m1")
        assert base is not None
        with ws.store.engine.connect() as connection:
            text = _text(connection, "m1")
        first = attrs.evolve(
            base, state=MessageState.PUBLISHED, published_at=NOW, remote_id="first"
        )
        ws.store.save_messages(org, [first])
        later = attrs.evolve(
            base, state=MessageState.PUBLISHED, published_at=NOW, remote_id="later"
        )
        with ws.store.engine.connect() as connection:
            assert outcome_messages(connection, org, [later], [Base(text, base)]) == []


@pytest.fixture
def either(tmp_path: Path, store_url: str) -> Iterator[Workspace]:  # noqa: F811
    """The council with one scheduled message, on SQLite and on PostgreSQL."""
    workspace = council(tmp_path, store_url)
    gov = Governance.of(workspace)
    approved(gov, "m1")
    gov.schedule("m1", datetime.now(UTC) + timedelta(hours=1), by=EDITOR)
    yield workspace
    workspace.close()


def test_the_documents_and_the_chains_head_are_read_in_one_statement(either: Workspace) -> None:
    """What recording outcomes reads under the lock is what two separate reads give."""
    org = either.organisation.id
    statements: list[str] = []
    with either.store.engine.connect() as connection:
        head = audit_log.head(connection, org)
        assert head[0] > 0  # the council's loading and the message's approval are recorded
        sa.event.listen(connection, "before_cursor_execute", lambda *a: statements.append(a[2]))
        texts, read = stored_and_head(connection, org, ["m1", "m1", "gone"])
        assert len(statements) == 1
        assert (texts, read) == ({"m1": _text(connection, "m1")}, head)
        assert stored_and_head(connection, org, []) == ({}, head)
        assert stored_and_head(connection, "nobody", ["m1"]) == ({}, (0, GENESIS_HASH))
