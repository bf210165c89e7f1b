"""``govsm metrics`` reads back the counts ``govsm sync`` kept: followers, interactions per post.

Two syncs a week apart, through an in-memory network whose counts grow, then the report over
periods that hold both readings, one, or none.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from govsm.health.metrics import metrics_lines, metrics_report
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm.spec.remote import Capabilities, CredentialStatus, Metrics, Page
from govsm.syncing import sync
from govsm.workspace import Workspace
from tests.cli.running import invoke
from tests.publishing.council import PROFILE, council

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # before the command's "now"
WEEK = timedelta(days=7)


class Counting:
    """A network whose counts are what the test sets: the profile's and each post's."""

    def __init__(self) -> None:
        self.followers = 100
        self.posts: dict[str, dict[str, int]] = {}

    def capabilities(self) -> Capabilities:
        return Capabilities(network="mastodon", metrics=frozenset({"followers", "likes"}))

    def fetch_inbound(self, cursor: str | None) -> Page[Any]:
        return Page(items=(), cursor=cursor, more=False)

    def fetch_own(self, cursor: str | None) -> Page[Any]:
        return Page(items=(), cursor=cursor, more=False)

    def metrics(self, remote_id: str | None = None) -> Metrics:
        if remote_id is None:
            return Metrics(at=self.now, counts={"followers": self.followers})
        return Metrics(at=self.now, remote_id=remote_id, counts=self.posts.get(remote_id, {}))

    def verify(self) -> CredentialStatus:
        return CredentialStatus(valid=True)

    now = NOW


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = council(tmp_path)
    yield workspace
    workspace.close()


def _published(ws: Workspace, ident: str, remote_id: str, at: datetime) -> None:
    message = Message(
        organisation=ws.organisation.id,
        id=ident,
        profile=PROFILE,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.PUBLISHED,
        text=f"Avís municipal {ident}.",
        created_at=at - timedelta(hours=1),
        published_at=at,
        remote_id=remote_id,
    )
    ws.store.save_messages(ws.organisation.id, [message])


def _example_posts(ws: Workspace, since: datetime, until: datetime) -> int:
    """The example council's own published posts of the profile in the period (not ours)."""
    return sum(
        1
        for m in ws.store.messages(ws.organisation.id, profile=PROFILE)
        if m.remote_id
        and m.state is MessageState.PUBLISHED
        and m.published_at is not None
        and since <= m.published_at <= until
        and not m.remote_id.startswith("net-")
    )


def _sync(ws: Workspace, network: Counting, at: datetime) -> None:
    network.now = at
    (done,) = sync(ws, adapters=lambda p: network if p.id == PROFILE else None, now=at).profiles
    assert done.problem is None, done.problem


@pytest.fixture
def synced(ws: Workspace) -> Workspace:
    """Two syncs a week apart: followers 100 → 112; two posts measured, one never read."""
    network = Counting()
    _published(ws, "piscina", "net-1", NOW - WEEK - timedelta(days=1))
    _published(ws, "mercat", "net-2", NOW - timedelta(days=2))
    network.posts = {"net-1": {"likes": 4, "replies": 1}}
    _sync(ws, network, NOW - WEEK)
    network.followers = 112
    network.posts = {"net-1": {"likes": 9, "replies": 2, "reposts": 1}, "net-2": {"likes": 3}}
    _sync(ws, network, NOW)
    _published(ws, "fira", "net-3", NOW - timedelta(hours=1))  # after the last sync: unread
    return ws


def test_the_figures_of_a_month(synced: Workspace) -> None:
    report = metrics_report(synced, days=30, until=NOW)
    (figures,) = report.profiles
    assert figures.profile == PROFILE
    assert (figures.followers_first, figures.followers_last, figures.followers_change) == (
        100,
        112,
        12,
    )
    base = _example_posts(synced, NOW - timedelta(days=30), NOW)
    assert (figures.posts, figures.measured) == (base + 3, 2), "the example's are not read"
    assert figures.interactions == 9 + 2 + 1 + 3, "each post's last reading, summed"
    assert figures.per_post == 7.5
    assert figures.impressions is None and figures.last_read == NOW
    assert PROFILE not in report.unmeasured and len(report.unmeasured) >= 1


def test_a_period_before_the_second_sync_sees_the_first_reading(synced: Workspace) -> None:
    until = NOW - WEEK + timedelta(hours=1)
    (figures,) = metrics_report(synced, days=3, until=until).profiles
    assert (figures.followers_first, figures.followers_last) == (100, 100)
    base = _example_posts(synced, until - timedelta(days=3), until)
    assert (figures.posts, figures.measured, figures.interactions) == (base + 1, 1, 5)
    assert figures.last_read == NOW - WEEK


def test_a_period_no_sync_read_is_unmeasured(synced: Workspace) -> None:
    report = metrics_report(synced, days=5, until=NOW - WEEK - timedelta(days=2))
    assert report.profiles == () and PROFILE in report.unmeasured
    with pytest.raises(ValueError, match="days"):
        metrics_report(synced, days=0)


def test_the_lines_say_how_it_is_measured_in_both_languages(synced: Workspace) -> None:
    lines = metrics_lines(metrics_report(synced, days=30, until=NOW))
    (line,) = [x for x in lines if x.en.startswith(f"{PROFILE}:")]
    assert "followers 100 → 112 (+12)" in line.en and "7.5 per measured post" in line.en
    assert "seguidores 100 → 112 (+12)" in line.es and "7,5 por publicación medida" in line.es
    assert "govsm sync" in lines[-1].en and "govsm sync" in lines[-1].es


def test_the_command(synced: Workspace, tmp_path: Path) -> None:
    folder = str(synced.root)
    synced.close()
    env = {"GOVSM_STORE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}  # the council's store
    done = invoke("metrics", folder, "--profile", PROFILE, "--days", "3650", "--json", env=env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    (figures,) = data["profiles"]
    assert figures["followers_change"] == 12 and figures["interactions"] == 15
    assert data["unmeasured"] == [] and "en" in data["how_measured"]
    spanish = invoke(
        "--lang", "es", "metrics", folder, "--profile", PROFILE, "--days", "3650", env=env
    )
    assert spanish.returncode == 0, spanish.stderr
    assert f"{PROFILE}: seguidores 100 → 112 (+12)" in spanish.stdout


def test_the_audit_step_reports_the_same_figures_at_the_audits_instant(
    synced: Workspace,
) -> None:
    """The audit's ``metrics`` step is the report over the 30 days before the audit's instant;
    it judges nothing."""
    from govsm.builtin.steps import metrics as step
    from govsm.spec import AuditContext

    result = step.run(AuditContext(workspace=synced, today=NOW.date(), now=NOW))
    expected = metrics_report(synced, days=30, until=NOW)
    assert result.summary["profiles"] == [p.as_dict() for p in expected.profiles]
    assert result.summary["until"] == NOW.isoformat() and result.findings == ()
    assert result.lines == metrics_lines(expected)
    earlier = step.run(
        AuditContext(workspace=synced, today=(NOW - WEEK - timedelta(days=2)).date())
    )
    assert earlier.summary["profiles"] == [], "without an instant: the end of the audit's day"
