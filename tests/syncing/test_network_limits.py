"""The limits a network's server declares reach the profile's channel and its length check.

The network is an in-memory adapter declaring an instance of 5,000 characters; the Mastodon
plugin's tests read the limits from mastodon-mock's ``/api/v2/instance`` over real HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from govsm.channels.catalogue import CHANNELS
from govsm.channels.network_limits import NetworkLimits
from govsm.model import Direction, Message, MessageKind, MessageState, Profile
from govsm.rules.engine import Checker
from govsm.spec import MediaKind
from govsm.spec.remote import Capabilities, CredentialStatus, Page
from govsm.store import Store, schema
from govsm.syncing import sync
from govsm.syncing.limits import profile_channel, profile_channels
from govsm.workspace import Workspace
from tests.publishing.council import PROFILE, council
from tests.store import factories as f
from tests.store.conftest import backend, pg_admin, pg_schema_url, store, store_url

__all__ = ["backend", "pg_admin", "pg_schema_url", "store", "store_url"]  # fixtures, imported

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
INSTANCE = "https://xarxa.soldeneu.example/api/v2/instance"
MASTODON = next(channel for channel in CHANNELS if channel.id == "mastodon")


class Instance:
    """A Mastodon instance that allows 5,000 characters, and nothing else to read."""

    def __init__(self, text: int | None = 5000, network: str = "mastodon") -> None:
        self.text, self.network = text, network

    def capabilities(self) -> Capabilities:
        return Capabilities(
            network=self.network,
            media_kinds=frozenset({MediaKind.IMAGE}),
            max_media=4,
            alt_text_limit=1000,
            text_limit=self.text,
            sources=(INSTANCE, "https://docs.joinmastodon.org/entities/Instance/"),
        )

    def fetch_inbound(self, cursor: str | None) -> Page[Any]:
        return Page(items=(), cursor=cursor, more=False)

    def fetch_own(self, cursor: str | None) -> Page[Any]:
        return Page(items=(), cursor=cursor, more=False)

    def verify(self) -> CredentialStatus:
        return CredentialStatus(valid=True)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = council(tmp_path)
    yield workspace
    workspace.close()


def _sync(ws: Workspace, adapter: Instance, now: datetime = NOW) -> Any:
    (done,) = sync(ws, adapters=lambda p: adapter if p.id == PROFILE else None, now=now).profiles
    assert done.problem is None, done.problem
    return done


def _draft(ws: Workspace, length: int) -> Message:
    words = ("Obrim la piscina municipal dissabte a les 10 h. " * (length // 48 + 1))[:length]
    return Message(
        organisation=ws.organisation.id,
        id="llarg",
        profile=PROFILE,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=words.strip() + ".",
        language="ca-valencia",
        created_at=NOW - timedelta(hours=1),
    )


def test_a_sync_keeps_the_instance_limits_for_the_profile(ws: Workspace) -> None:
    profile = ws.profile(PROFILE)
    before = profile_channel(ws, profile)
    assert before is not None and before.limits.text == 500, "the catalogue's until a sync"
    assert profile_channels(ws) == {}
    done = _sync(ws, Instance())
    assert done.limits is not None and done.limits.text == 5000
    channel = profile_channel(ws, profile)
    assert channel is not None
    assert (channel.limits.text, channel.limits.alt_text, channel.limits.media) == (5000, 1000, 4)
    assert channel.sources[0] == INSTANCE, "the limits name where they were read"
    assert channel.limits.url_length == MASTODON.limits.url_length, "not an adapter capability"
    assert set(profile_channels(ws)) == {PROFILE}
    others = [p for p in ws.store.profiles(ws.organisation.id) if p.id != PROFILE]
    assert all(profile_channel(ws, p) == ws.channels().get(p.channel) for p in others)


def test_the_last_sync_wins_and_a_declaration_without_limits_keeps_the_last(
    ws: Workspace,
) -> None:
    _sync(ws, Instance(5000))
    _sync(ws, Instance(1000), NOW + timedelta(days=1))
    kept = ws.store.sync.limits(ws.organisation.id)[PROFILE]
    assert (kept.text, kept.read_at) == (1000, NOW + timedelta(days=1))
    bare = Instance(None)
    bare.capabilities = lambda: Capabilities(network="mastodon")  # type: ignore[method-assign]
    assert _sync(ws, bare, NOW + timedelta(days=2)).limits is None
    assert ws.store.sync.limits(ws.organisation.id)[PROFILE].text == 1000


def test_limits_of_another_network_are_not_kept(ws: Workspace) -> None:
    assert _sync(ws, Instance(network="bluesky")).limits is None
    assert ws.store.sync.limits(ws.organisation.id) == {}


def test_the_length_check_follows_the_instance(ws: Workspace) -> None:
    """A 600-character draft is too long for a stock server and fine on this instance."""
    checker = Checker(ws.host.rules(), ws.host.channels(), ws.snapshot, ws.root)
    draft = _draft(ws, 600)
    stock = [x.rule for x in checker.check(draft).findings]
    assert "length" in stock
    _sync(ws, Instance(5000))
    channel = profile_channel(ws, ws.profile(PROFILE))
    assert channel is not None
    on_instance = [x.rule for x in checker.check(draft, channel=channel).findings]
    assert "length" not in on_instance
    longer = attrs.evolve(draft, text=_draft(ws, 5100).text)
    assert "length" in [x.rule for x in checker.check(longer, channel=channel).findings]


def test_the_store_keeps_one_record_per_profile(store: Store) -> None:
    store.save_snapshot(f.snapshot())
    profile: Profile = f.snapshot().profiles[1]
    first = NetworkLimits("mastodon", NOW, text=5000, media=4, alt_text=1500, source=INSTANCE)
    store.sync.save_limits(f.ORG, profile.id, first)
    assert store.sync.limits(f.ORG) == {profile.id: first}
    later = attrs.evolve(first, text=11000, read_at=NOW + timedelta(hours=1))
    store.sync.save_limits(f.ORG, profile.id, later)
    assert store.sync.limits(f.ORG) == {profile.id: later}
    assert store.sync.cursor(f.ORG, profile.id, "own") is None, "not a stream's cursor"


def test_the_store_keeps_one_record_per_profile_in_its_own_table(store: Store) -> None:
    """Revision 0013's table, not a stream's cursor; deleting the profile deletes its row."""
    store.save_snapshot(f.snapshot())
    profile: Profile = f.snapshot().profiles[1]
    store.sync.save_limits(f.ORG, profile.id, NetworkLimits("mastodon", NOW, text=500))
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(schema.network_limits)).all()
        cursors = connection.execute(sa.select(schema.sync_cursors)).all()
    assert [(r.profile_id, r.text_limit) for r in rows] == [(profile.id, 500)] and cursors == []


@given(
    st.one_of(st.none(), st.integers(), st.booleans(), st.text(max_size=3)),
    st.one_of(st.none(), st.integers(), st.booleans()),
)
def test_a_kept_value_that_is_no_limit_is_none(text: object, media: object) -> None:
    kept = NetworkLimits.kept(
        network="mastodon", read_at=NOW, text=text, media=media, alt_text=None, source=7
    )
    usable = isinstance(text, int) and not isinstance(text, bool) and text > 0
    assert kept.text == (text if usable else None)
    counted = isinstance(media, int) and not isinstance(media, bool) and media >= 0
    assert kept.media == (media if counted else None) and kept.source is None


def test_limits_apply_only_to_their_network() -> None:
    x = next(channel for channel in CHANNELS if channel.id == "x")
    read = NetworkLimits("mastodon", NOW, text=5000)
    assert read.applied_to(x) is x
    assert NetworkLimits("mastodon", NOW).applied_to(MASTODON) is MASTODON


def test_every_checker_of_a_workspace_measures_against_the_kept_limits(ws: Workspace) -> None:
    """After a sync, the audit's checks step, ``govsm.check`` and the exporters' checks judge a
    600-character draft of the profile by the instance's 5,000, not the catalogue's 500; the
    audit's stored verdict made under 500 is not reused (the limits are part of its key)."""
    from datetime import date

    import govsm
    from govsm.builtin.steps import checks as checks_step
    from govsm.exporting.checks import MessageChecks
    from govsm.spec import AuditContext
    from govsm.spec.findings import CollectedFindings

    draft = _draft(ws, 600)
    ws.store.save_messages(ws.organisation.id, [draft])

    def step_rules() -> set[str]:
        sink = CollectedFindings()
        checks_step.run(AuditContext(workspace=ws, today=date(2026, 12, 7), findings=sink))
        return {r.finding.rule for r in sink.items if r.message == draft.id}

    def api_rules() -> set[str]:
        (result,) = govsm.check([draft], workspace=ws)
        return {finding.rule for finding in result.findings}

    def export_rules() -> set[str]:
        return {finding.rule for finding in MessageChecks(ws).findings(draft, None) or ()}

    assert "length" in step_rules() & api_rules() & export_rules()
    _sync(ws, Instance(5000))
    assert "length" not in step_rules() | api_rules() | export_rules()
    checker = Checker(
        ws.host.rules(), ws.host.channels(), ws.snapshot, ws.root, profile_channels(ws)
    )
    assert "length" not in {finding.rule for finding in checker.check(draft).findings}


def test_checking_a_workspace_never_creates_its_store(tmp_path: Path) -> None:
    """``govsm check -w`` needs no store: without one there are no kept limits, and none is made."""
    import shutil

    import govsm
    from tests.paths import EXAMPLE

    folder = tmp_path / "fresh"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".govsm", "report"))
    with Workspace.open(folder) as fresh:
        (result,) = govsm.check(["Bon dia a tothom."], network="mastodon", workspace=fresh)
        assert result.findings is not None
    assert not (folder / ".govsm").exists() or not any((folder / ".govsm").glob("*.sqlite3"))


def test_the_publish_gate_measures_against_the_kept_limits(ws: Workspace) -> None:
    """A 600-character repeat is refused for a stock server's 500 and goes out once the
    instance has declared 5,000."""
    from govsm.governance import Governance
    from govsm.publishing.gate import Gate, Refusal
    from tests.publishing.council import approved

    message = approved(Governance.of(ws), "m1")
    profile = ws.profile(PROFILE)
    longer = _draft(ws, 600).text
    with pytest.raises(Refusal) as refused:
        Gate(ws).clear(message, profile, datetime.now(UTC), variant=longer)
    assert "length" in refused.value.reason.en
    _sync(ws, Instance(5000))
    cleared = Gate(ws).clear(message, profile, datetime.now(UTC), variant=longer)
    assert cleared.message.text == longer
