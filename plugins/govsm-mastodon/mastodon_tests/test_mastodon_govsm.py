"""The adapter inside govsm: the publishing worker posts through it, ``govsm sync`` reads back.

The example council's ``mastodon-ajuntament`` profile is pointed at mastodon-mock's ``ayto``
account. A message approved and scheduled goes out once through the worker; syncing then finds
it as the message govsm published — its text as written, so no edit is recorded — until it is
edited on the network.
"""

from __future__ import annotations

import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path

import attrs
import httpx
import pytest
from govsm_mastodon import MastodonAdapter

from govsm.health.metrics import metrics_report
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm.rules.engine import Checker
from govsm.syncing import sync
from govsm.syncing.limits import profile_channel
from govsm.testing.publishing import publish_now
from govsm.workspace import Workspace

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "soldeneu"
PROFILE = "mastodon-ajuntament"
EDITOR, APPROVER = "pau-ribera", "marta-soler"


@pytest.fixture
def council(tmp_path: Path):
    if not EXAMPLE.is_dir():
        pytest.skip("the example council is not beside this plugin (an installed copy)")
    folder = tmp_path / "council"
    shutil.copytree(EXAMPLE, folder)
    workspace = Workspace.open(folder, store_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    workspace.load()
    yield workspace
    workspace.close()


def test_published_by_the_worker_and_read_back_by_sync(council, mock, peer):
    def adapters(profile):
        if profile.id != PROFILE:
            return None
        return MastodonAdapter(
            attrs.evolve(profile, url=f"{mock.base_url}/@ayto"), mock.tokens["ayto"], timeout=10
        )

    text = f"Dissabte obrim la piscina municipal a les 10 h.  Us hi esperem! {secrets.token_hex(3)}"
    published = publish_now(
        council,
        PROFILE,
        "piscina-obertura",
        text,
        editor=EDITOR,
        approver=APPROVER,
        language="ca-valencia",
        adapters=adapters,
    )
    status = peer.vecina.status(published.remote_id)
    assert status["language"] == "ca"
    assert peer.count_with_text(text) == 1

    first = sync(council, profiles=[PROFILE], adapters=adapters)
    assert not first.failed, first.failed
    again = sync(council, profiles=[PROFILE], adapters=adapters)
    assert not again.failed and again.profiles[0].posted == 0
    assert first.profiles[0].edited == 0 and again.profiles[0].edited == 0, (
        "no edit that was not made"
    )

    corrected = f"{text} (obrim a les 11 h)"
    peer.edit(published.remote_id, corrected)
    after_edit = sync(council, profiles=[PROFILE], adapters=adapters)
    assert after_edit.profiles[0].edited == 1
    assert council.store.message(council.organisation.id, published.id).text == corrected

    # a neighbour likes it; the next sync reads the counts, and govsm metrics reports them
    peer.vecina.status_favourite(published.remote_id)
    assert not sync(council, profiles=[PROFILE], adapters=adapters).failed
    (figures,) = metrics_report(council, days=1, profiles=(PROFILE,)).profiles
    assert figures.followers_last is not None, "the account's followers_count, as read"
    kept = council.store.sync.latest_post_metrics(council.organisation.id, PROFILE)
    assert kept[published.remote_id]["likes"][1] == 1, "the like, as the server counted it"
    # the server's account also holds the other tests' posts, which the sync found and read
    assert figures.measured >= 1 and figures.interactions >= 1


def test_sync_keeps_the_instance_limits_and_the_length_check_uses_them(council, mock):
    """The limits come from the server's ``/api/v2/instance``, over HTTP, into the store."""

    def adapters(profile):
        if profile.id != PROFILE:
            return None
        return MastodonAdapter(
            attrs.evolve(profile, url=f"{mock.base_url}/@ayto"), mock.tokens["ayto"], timeout=10
        )

    served = httpx.get(f"{mock.base_url}/api/v2/instance", timeout=10).json()["configuration"]
    (done,) = sync(council, profiles=[PROFILE], adapters=adapters).profiles
    assert done.problem is None, done.problem
    channel = profile_channel(council, council.profile(PROFILE))
    assert channel is not None
    assert channel.limits.text == served["statuses"]["max_characters"]
    assert channel.limits.media == served["statuses"]["max_media_attachments"]
    limit = served["media_attachments"].get("description_limit", channel.limits.alt_text)
    assert channel.limits.alt_text == limit
    assert channel.sources[0] == f"{mock.base_url}/api/v2/instance"
    kept = council.store.sync.limits(council.organisation.id)[PROFILE]
    assert kept.read_at == done.limits.read_at and kept.source == channel.sources[0]

    checker = Checker(council.host.rules(), council.host.channels(), council.snapshot)
    longest = channel.limits.text
    for length, flagged in ((longest, False), (longest + 1, True)):
        draft = Message(
            organisation=council.organisation.id,
            id=f"llarg-{length}",
            profile=PROFILE,
            direction=Direction.OUTBOUND,
            kind=MessageKind.POST,
            state=MessageState.DRAFT,
            text=("Obrim la piscina municipal. " * length)[: length - 1] + ".",
            language="ca-valencia",
            created_at=datetime.now(UTC),
        )
        rules = [x.rule for x in checker.check(draft, channel=channel).findings]
        assert ("length" in rules) is flagged, (length, rules)
