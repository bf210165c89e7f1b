"""``govsm sync`` reads a network back: inbound pages, own posts edited and deleted, metrics.

The network here is :class:`Network`, an in-memory adapter that follows the contract (pages with
cursors, changes, metrics); the real networks' adapters are tested against their servers in
their plugins.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.governance import Governance
from govsm.ledger import record as rec
from govsm.model import Direction, Message, MessageKind, MessageState, Profile
from govsm.model._validate import slug
from govsm.spec.network_errors import AuthenticationExpired
from govsm.spec.remote import (
    Capabilities,
    ChangeKind,
    CredentialStatus,
    Metrics,
    Page,
    RemoteChange,
)
from govsm.syncing import sync
from govsm.syncing.changes import own_id
from govsm.workspace import Workspace
from tests.cli.running import invoke
from tests.publishing.council import PROFILE, council

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


class Network:
    """A network in memory: inbound items and own-post changes served two to a page."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.inbound: list[Message] = []
        self.changes: list[RemoteChange] = []
        self.fail_after: int | None = None
        self.calls = 0

    def capabilities(self) -> Capabilities:
        return Capabilities(
            network="mastodon",
            threads=True,
            edit=True,
            own_history=True,
            metrics=frozenset({"followers", "likes"}),
        )

    def _page(self, items: list[object], cursor: str | None) -> Page[object]:
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise AuthenticationExpired("mastodon")
        start = int(cursor or 0)
        chunk = items[start : start + 2]
        end = start + len(chunk)
        return Page(items=tuple(chunk), cursor=str(end), more=end < len(items))

    def fetch_inbound(self, cursor: str | None) -> Page[Message]:
        return self._page(self.inbound, cursor)  # type: ignore[arg-type,return-value]

    def fetch_own(self, cursor: str | None) -> Page[RemoteChange]:
        return self._page(self.changes, cursor)  # type: ignore[arg-type,return-value]

    def metrics(self, remote_id: str | None = None) -> Metrics:
        counts = {"followers": 120} if remote_id is None else {"likes": 3}
        return Metrics(at=NOW, remote_id=remote_id, counts=counts)

    def verify(self) -> CredentialStatus:
        return CredentialStatus(valid=True, account="ayto")

    def mention(self, n: int, *, answers: str | None = None) -> Message:
        item = Message(
            organisation=self.profile.organisation,
            id=f"{self.profile.id}-in-{n}",
            profile=self.profile.id,
            direction=Direction.INBOUND,
            kind=MessageKind.REPLY if answers else MessageKind.MENTION,
            state=MessageState.NEW,
            text=f"Resposta {n}",
            created_at=NOW - timedelta(minutes=10 - n),
            remote_id=f"net-in-{n}",
            reply_to_remote=answers,
            author="@veina@xarxa.example",
        )
        self.inbound.append(item)
        return item


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = council(tmp_path)
    yield workspace
    workspace.close()


@pytest.fixture
def network(ws: Workspace) -> Network:
    return Network(ws.profile(PROFILE))


def _sync(ws: Workspace, network: Network) -> object:
    return sync(ws, adapters=lambda p: network if p.id == PROFILE else None, now=NOW)


def _published(ws: Workspace, ident: str, remote_id: str) -> Message:
    """A published post of the profile, as the worker leaves it."""
    message = Message(
        organisation=ws.organisation.id,
        id=ident,
        profile=PROFILE,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.PUBLISHED,
        text="Obrim la piscina municipal dissabte a les 10 h.",
        created_at=NOW - timedelta(days=1),
        published_at=NOW - timedelta(days=1),
        remote_id=remote_id,
    )
    ws.store.save_messages(ws.organisation.id, [message])
    return message


def _actions(ws: Workspace, action: str) -> list[object]:
    return [e for e in ws.store.audit_entries(ws.organisation.id) if e.action == action]


def test_inbound_pages_are_saved_and_the_cursor_resumes(ws: Workspace, network: Network) -> None:
    ours = _published(ws, "piscina", "net-1")
    for n in range(5):
        network.mention(n, answers="net-1" if n == 0 else None)
    report = _sync(ws, network)
    (done,) = report.profiles  # type: ignore[attr-defined]
    assert done.inbound == 5 and done.problem is None
    stored = ws.store.message(ws.organisation.id, f"{PROFILE}-in-0")
    assert stored is not None and stored.reply_to == ours.id, "the reply answers our post"
    assert ws.store.sync.cursor(ws.organisation.id, PROFILE, "inbound") == "5"
    network.mention(5)
    again = _sync(ws, network)
    assert again.profiles[0].inbound == 1  # type: ignore[attr-defined]


def test_replies_read_before_what_they_answer_are_linked(ws: Workspace, network: Network) -> None:
    """Newest first: a reply comes a page, or a place in its page, before the comment it answers."""
    network.mention(1, answers="net-in-0")  # page 1, its parent on page 2
    network.mention(4, answers="net-in-3")  # page 1, its parent beside it
    network.mention(3)
    network.mention(0)
    report = _sync(ws, network)
    assert report.profiles[0].inbound == 4  # type: ignore[attr-defined]
    org = ws.organisation.id
    for reply, parent in ((1, 0), (4, 3)):
        stored = ws.store.message(org, f"{PROFILE}-in-{reply}")
        assert stored is not None and stored.reply_to == f"{PROFILE}-in-{parent}"
    assert ws.store.sync.cursor(org, PROFILE, "inbound") == "4"
    assert _sync(ws, network).profiles[0].inbound == 0  # type: ignore[attr-defined]


def test_edits_and_deletions_on_the_network_are_recorded(ws: Workspace, network: Network) -> None:
    kept = _published(ws, "piscina", "net-1")
    gone = attrs.evolve(_published(ws, "biblioteca", "net-2"))
    edited = attrs.evolve(kept, text="Obrim la piscina municipal diumenge a les 10 h.")
    network.changes = [
        RemoteChange(ChangeKind.EDITED, "net-1", NOW, edited),
        RemoteChange(ChangeKind.DELETED, "net-2", NOW),
        RemoteChange(ChangeKind.POSTED, "net-9", NOW, attrs.evolve(kept, id="x", text="Nou")),
    ]
    done = _sync(ws, network).profiles[0]  # type: ignore[attr-defined]
    assert (done.edited, done.deleted, done.posted) == (1, 1, 1)
    org = ws.organisation.id
    assert ws.store.message(org, "piscina").text == edited.text  # type: ignore[union-attr]
    (entry,) = _actions(ws, rec.MESSAGE_EDITED_ON_NETWORK)
    assert entry.subject == "piscina" and entry.actor == rec.SYNC  # type: ignore[attr-defined]
    details = json.loads(entry.details_text)  # type: ignore[attr-defined]
    assert details["before_sha256"] != details["after_sha256"]
    (deleted,) = _actions(ws, rec.MESSAGE_DELETED_ON_NETWORK)
    assert deleted.subject == gone.id  # type: ignore[attr-defined]
    assert ws.store.sync.subjects_of(org, rec.MESSAGE_DELETED_ON_NETWORK) == {gone.id}
    assert ws.store.sync.subjects_of(org, "no.such.action") == set()
    assert ws.store.message(org, gone.id) is not None, "what was said stays in the store"
    found = ws.store.sync.by_remote_id(org, PROFILE, ["net-9"])["net-9"]
    assert found.state is MessageState.PUBLISHED and found.id == own_id(network.profile, "net-9")
    # the network says it again (a cursor from the start): nothing is recorded twice
    ws.store.sync.save_page(org, PROFILE, "own", None, NOW)
    _sync(ws, network)
    assert len(_actions(ws, rec.MESSAGE_DELETED_ON_NETWORK)) == 1
    assert len(_actions(ws, rec.MESSAGE_EDITED_ON_NETWORK)) == 1


def test_refused_credentials_stop_the_profile_and_keep_what_was_read(
    ws: Workspace, network: Network
) -> None:
    for n in range(4):
        network.mention(n)
    network.fail_after = 1  # the second page is refused
    done = _sync(ws, network).profiles[0]  # type: ignore[attr-defined]
    assert done.expired and done.problem is not None and done.inbound == 2
    assert ws.store.sync.cursor(ws.organisation.id, PROFILE, "inbound") == "2"


def test_an_item_of_another_profile_saves_nothing_of_its_page(
    ws: Workspace, network: Network
) -> None:
    item = network.mention(0)
    network.inbound[0] = attrs.evolve(item, profile="x-ajuntament")
    done = _sync(ws, network).profiles[0]  # type: ignore[attr-defined]
    assert done.problem is not None and "x-ajuntament" in done.problem.en
    assert ws.store.sync.cursor(ws.organisation.id, PROFILE, "inbound") is None


def test_metrics_are_kept_once(ws: Workspace, network: Network) -> None:
    _published(ws, "piscina", "net-1")
    # the profile's, and each of its posts of the last 30 days (the example's among them)
    assert _sync(ws, network).profiles[0].metrics >= 2  # type: ignore[attr-defined]
    assert _sync(ws, network).profiles[0].metrics == 0  # type: ignore[attr-defined]
    assert ws.store.sync.metrics(ws.organisation.id, PROFILE) == [("followers", NOW, 120)]
    # narrowed in the query: by count, and by period
    kept = ws.store.sync.metrics
    assert kept(ws.organisation.id, PROFILE, name="likes") == []
    assert kept(ws.organisation.id, PROFILE, name="followers", since=NOW, until=NOW) == [
        ("followers", NOW, 120)
    ]
    assert kept(ws.organisation.id, PROFILE, since=NOW + timedelta(seconds=1)) == []
    assert kept(ws.organisation.id, PROFILE, until=NOW - timedelta(seconds=1)) == []
    assert ws.store.sync.metrics(ws.organisation.id, PROFILE, "net-1") == [("likes", NOW, 3)]


@given(remote_id=st.text(min_size=1, max_size=300))
def test_an_own_post_found_on_the_network_gets_a_valid_stable_id(remote_id: str) -> None:
    profile = Profile(
        organisation="ajuntament-soldeneu",
        id="mastodon-ajuntament",
        channel="mastodon",
        handle="@ajuntament@xarxa.example",
        unit="comunicacio",
    )
    ident = own_id(profile, remote_id)
    slug(None, None, ident)  # type: ignore[arg-type]
    assert len(ident) <= 64 and ident == own_id(profile, remote_id)


def test_the_command_names_the_profiles_no_plugin_serves(tmp_path: Path) -> None:
    folder = council(tmp_path).root
    assert folder is not None
    done = invoke(
        "--lang", "en", "sync", str(folder), env={"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}
    )
    assert done.returncode == 0, done.stderr
    assert "No network plugin or no credentials: " in done.stdout
    assert "mastodon-ajuntament" in done.stdout


def test_the_governance_record_ignores_what_sync_writes(ws: Workspace, network: Network) -> None:
    """An edit made on the network does not send the message back to approval."""
    kept = _published(ws, "piscina", "net-1")
    network.changes = [
        RemoteChange(ChangeKind.EDITED, "net-1", NOW, attrs.evolve(kept, text="Nou"))
    ]
    before = Governance.of(ws).record().submissions.copy()
    _sync(ws, network)
    assert Governance.of(ws).record().submissions == before
