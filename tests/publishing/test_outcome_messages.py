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
from govsm.model import MessageState
from govsm.store import rows, schema
from govsm.store.outcome_messages import Base, outcome_messages
from govsm.workspace import Workspace
from tests.publishing.council import EDITOR, approved, council

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
