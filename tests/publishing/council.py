"""A copy of the example council with approved messages to publish, on a SQLite store."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from govsm.governance import Governance
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm.workspace import Workspace
from tests.paths import EXAMPLE

#: the editor who writes, and the coordinator and approver who approves, pauses and resumes
EDITOR, APPROVER = "pau-ribera", "marta-soler"

#: the profile the messages go to
PROFILE = "mastodon-ajuntament"


def council(tmp_path: Path, store_url: str | None = None) -> Workspace:
    """The example council, copied and loaded into a fresh store."""
    folder = tmp_path / "council"
    shutil.copytree(EXAMPLE, folder)
    workspace = Workspace.open(
        folder, store_url=store_url or f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    workspace.load()
    return workspace


def approved(
    gov: Governance, ident: str, text: str = "Obrim la piscina municipal dissabte a les 10 h."
) -> Message:
    """Draft, submit and approve a post on :data:`PROFILE`."""
    message = Message(
        organisation=gov.organisation,
        id=ident,
        profile=PROFILE,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=text,
        language="ca-valencia",
        created_at=datetime.now(UTC) - timedelta(hours=1),
    )
    gov.draft(message, by=EDITOR)
    gov.submit(ident, by=EDITOR)
    return gov.approve(ident, by=APPROVER)
