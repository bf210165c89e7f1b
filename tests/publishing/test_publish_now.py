"""``govsm.testing.publishing.publish_now``: a post approved, scheduled and sent by the worker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govsm.model import MessageState
from govsm.testing.publishing import publish_now
from govsm.testing.sink import RecordingSink
from govsm.workspace import Workspace
from tests.councils import example_copy

PROFILE = "mastodon-ajuntament"


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    """The example council, loaded into a store of its own."""
    workspace = Workspace.open(
        example_copy(tmp_path), store_url=f"sqlite:///{tmp_path / 'ws.sqlite3'}"
    )
    workspace.load()
    yield workspace
    workspace.close()


def test_the_worker_publishes_it_through_the_adapters_given(tmp_path: Path, ws: Workspace) -> None:
    sink = RecordingSink(f"sqlite:///{tmp_path / 'sink.sqlite3'}")
    published = publish_now(
        ws,
        PROFILE,
        "biblioteca-horari",
        "La biblioteca obri dissabte de 10 a 14 h.",
        editor="pau-ribera",
        approver="marta-soler",
        language="ca-valencia",
        adapters=lambda profile: sink.adapter(profile.id),
    )
    assert published.state is MessageState.PUBLISHED
    assert published.remote_id == "sink-1"
    assert sink.count() == 1 and sink.duplicates() == 0


def test_a_post_the_worker_could_not_publish_is_an_assertion(ws: Workspace) -> None:
    with pytest.raises(AssertionError, match="'sense-xarxa' was not published"):
        publish_now(
            ws,
            PROFILE,
            "sense-xarxa",
            "La biblioteca obri dissabte de 10 a 14 h.",
            editor="pau-ribera",
            approver="marta-soler",
            adapters=lambda profile: None,  # no network serves the profile
        )
