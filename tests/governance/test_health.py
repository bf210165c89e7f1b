"""Profile health: dormant, orphaned, personal e-mail, retired channels, duplicates; CLI and step."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from govsm.builtin.channels import govsm_channels
from govsm.builtin.steps import health as health_step
from govsm.cli.main import cli
from govsm.health import (
    DEFAULT_DORMANT_AFTER_DAYS,
    DORMANT,
    DUPLICATE,
    NO_RESPONSIBLE,
    OWNER_LEFT,
    PERSONAL_EMAIL,
    REQUEST_WAITING,
    RESPONSIBLE_LEFT,
    RETIRED_CHANNEL,
    UNKNOWN_RESPONSIBLE,
    check_health,
    check_profiles,
    email_domain_is_own,
    last_published,
)
from govsm.model import (
    Channel,
    ChannelStatus,
    Direction,
    Finding,
    LifecycleState,
    MessageState,
    OrganisationSnapshot,
    Person,
    Profile,
    Severity,
)
from govsm.spec.audit import AuditContext
from govsm.store import Store
from govsm.workspace import Workspace
from tests.paths import EXAMPLE
from tests.store import factories as f

ORG = "ajuntament-soldeneu"
TODAY = date(2026, 11, 20)
AS_OF = "2026-11-20"
CHANNELS: dict[str, Channel] = {c.id: c for c in govsm_channels()}
PEOPLE = (
    Person(organisation=ORG, id="ana", name="Ana"),
    Person(organisation=ORG, id="blai", name="Blai"),
    Person(organisation=ORG, id="gone", name="Gone", left_on=date(2025, 3, 31)),
)

#: what the example council must give, and nothing else
EXPECTED_EXAMPLE = [
    (DORMANT, "profile:facebook-biblioteca"),
    (PERSONAL_EMAIL, "profile:facebook-esports"),
    (OWNER_LEFT, "profile:flickr-ajuntament"),
    # the example's governance journal leaves Cultura's YouTube request undecided since June
    (REQUEST_WAITING, "request:sol-2026-06"),
]


def _profile(pid: str = "p", **changes: Any) -> Profile:
    fields: dict[str, Any] = {
        "responsible": ("ana", "blai"),
        "contact_email": "xarxes@soldeneu.example",
        "opened_on": date(2020, 1, 1),
    }
    fields.update(changes)
    channel = fields.pop("channel", "mastodon")
    return f.profile(ORG, pid, channel=channel, **fields)


def _check(
    *profiles: Profile,
    last: dict[str, datetime] | None = None,
    today: date = TODAY,
    people: tuple[Person, ...] = PEOPLE,
    domains: tuple[str, ...] = ("soldeneu.example",),
    after: int = DEFAULT_DORMANT_AFTER_DAYS,
) -> list[Finding]:
    recent = datetime(2026, 11, 1, 10, tzinfo=UTC)
    return check_profiles(
        profiles,
        people=people,
        channels=CHANNELS,
        domains=domains,
        last={p.id: recent for p in profiles} if last is None else last,
        today=today,
        timezone="Europe/Madrid",
        dormant_after_days=after,
    )


def _rules(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(x.rule, x.subject) for x in findings]


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store holding the example council, loaded once for the module."""
    url = f"sqlite:///{tmp_path_factory.mktemp('health') / 'store.sqlite3'}"
    with Workspace.open(EXAMPLE, store_url=url) as ws:
        ws.load()
    return url


@pytest.fixture
def example_ws(example: Path, example_store: str) -> Iterator[Workspace]:
    """The example workspace, opened on the loaded store."""
    with Workspace.open(example, store_url=example_store) as ws:
        yield ws


class TestExample:
    """The acceptance test: the example council's planted mistakes, and nothing false."""

    def test_exactly_the_planted_mistakes(self, example_ws: Workspace) -> None:
        """Dormant library page, Gmail on sports, Flickr's departed owner: exactly these."""
        findings = check_health(example_ws, TODAY)
        assert sorted(_rules(findings)) == sorted(EXPECTED_EXAMPLE)

    def test_archived_profiles_on_closed_networks_are_fine(self, example_ws: Workspace) -> None:
        """Tuenti and Google+ are closed, their profiles archived: the correct handling."""
        subjects = {x.subject for x in check_health(example_ws, TODAY)}
        assert "profile:tuenti-esports" not in subjects
        assert "profile:googleplus-ajuntament" not in subjects
        states = {p.id: p.state for p in example_ws.profiles}
        assert states["tuenti-esports"] is LifecycleState.ARCHIVED
        assert CHANNELS["googleplus"].status is ChannelStatus.CLOSED

    def test_findings_carry_policy_version_and_suggestion(self, example_ws: Workspace) -> None:
        """Every finding names the policy version and has a bilingual suggestion."""
        for finding in check_health(example_ws, TODAY):
            assert finding.policy_version == "2026.1"
            assert finding.suggestion is not None
            assert finding.suggestion.es != finding.suggestion.en

    def test_last_published_of_the_library(self, example_ws: Workspace) -> None:
        """The library page last posted on 18 June 2026 (the README says so)."""
        last = last_published(example_ws.store, ORG)
        assert last["facebook-biblioteca"].date() == date(2026, 6, 18)
        assert last["facebook-biblioteca"].tzinfo is not None

    def test_audit_step(self, example_ws: Workspace) -> None:
        """The ``health`` step runs at 380 and reports the same three findings."""
        steps = {s.name: s for s in example_ws.host.audit_steps()}
        assert steps["health"].order == 380
        result = health_step.run(AuditContext(workspace=example_ws, today=TODAY))
        assert sorted(_rules(list(result.findings))) == sorted(EXPECTED_EXAMPLE)
        assert result.summary["findings"] == 4


class TestCli:
    """``govsm health`` on the example council."""

    @pytest.fixture(autouse=True)
    def _store(self, example_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("GOVSM_STORE_URL", example_store)

    def test_json(self, example: Path) -> None:
        """``--json`` lists the three findings; errors among them make it exit 1."""
        result = CliRunner().invoke(cli, ["health", str(example), "--json", "--as-of", AS_OF])
        assert result.exit_code == 1, result.output
        data = json.loads(result.output)
        assert data["as_of"] == AS_OF
        assert data["profiles"] == 16
        assert sorted((x["rule"], x["subject"]) for x in data["findings"]) == sorted(
            EXPECTED_EXAMPLE
        )

    def test_spanish_text(self, example: Path) -> None:
        """``--lang es`` output is in Spanish, with suggestions."""
        result = CliRunner(env={"GOVSM_LANG": "es"}).invoke(
            cli, ["health", str(example), "--as-of", AS_OF]
        )
        assert "dejó la organización el 2025-03-31" in result.output
        assert "está activo pero no publica desde el 2026-06-18" in result.output
        assert "→" in result.output

    def test_fail_on_threshold(self, example: Path) -> None:
        """On a day before the owner left there is no owner finding; the Gmail error still fails."""
        result = CliRunner().invoke(cli, ["health", str(example), "--as-of", "2025-03-01"])
        # the Gmail address is an error whatever the day
        assert result.exit_code == 1
        assert "health-owner-left" not in result.output


class TestDormant:
    """No published outbound message in ``dormant_after_days`` days."""

    def test_boundary(self) -> None:
        """Exactly N days since the last post is fine; N + 1 is dormant."""
        last = datetime(2026, 8, 22, 12, tzinfo=UTC)  # 90 days before 20 November
        assert _check(_profile(), last={"p": last}) == []
        later = _check(_profile(), last={"p": last}, today=TODAY + timedelta(days=1))
        assert _rules(later) == [(DORMANT, "profile:p")]

    def test_local_day(self) -> None:
        """The last post's day is the organisation's: 23:30 UTC is the next day in Madrid."""
        last = datetime(2026, 8, 21, 23, 30, tzinfo=UTC)  # 22 August in Madrid
        assert _check(_profile(), last={"p": last}) == []

    def test_never_posted(self) -> None:
        """Never posting is dormant once the profile is older than N days, not before."""
        assert _rules(_check(_profile(), last={})) == [(DORMANT, "profile:p")]
        young = _profile(opened_on=TODAY - timedelta(days=10))
        assert _check(young, last={}) == []
        unknown = _check(_profile(opened_on=None), last={})
        assert [(x.rule, x.severity) for x in unknown] == [(DORMANT, Severity.INFO)]
        assert "opened_on" in unknown[0].message.en

    def test_only_live_profiles(self) -> None:
        """Dormant-state profiles count; archived and requested ones do not."""
        states = {
            LifecycleState.DORMANT: [(DORMANT, "profile:p")],
            LifecycleState.ARCHIVED: [],
            LifecycleState.REQUESTED: [],
        }
        for state, expected in states.items():
            assert _rules(_check(_profile(state=state), last={})) == expected

    def test_policy_days(self) -> None:
        """The policy's ``dormant_after_days`` is used."""
        last = {"p": datetime(2026, 11, 1, tzinfo=UTC)}
        assert _rules(_check(_profile(), last=last, after=7)) == [(DORMANT, "profile:p")]

    @given(days=st.integers(0, 400), after=st.integers(1, 200))
    def test_dormant_iff_older_than_limit(self, days: int, after: int) -> None:
        """A profile is dormant exactly when its last post is more than N days old."""
        last = datetime.combine(TODAY - timedelta(days=days), datetime.min.time(), UTC)
        last += timedelta(hours=12)
        found = _check(_profile(), last={"p": last}, after=after)
        assert bool(found) == (days > after)


class TestResponsible:
    """Profiles must have someone who still works there answering for them."""

    def test_none(self) -> None:
        """No responsible person is a warning (a gap in the record, not yet a risk)."""
        found = _check(_profile(responsible=()))
        assert [(x.rule, x.severity) for x in found] == [(NO_RESPONSIBLE, Severity.WARNING)]

    def test_owner_left(self) -> None:
        """The first responsible left: an error; from the day they left, not before."""
        profile = _profile(responsible=("gone", "ana"))
        assert [x.severity for x in _check(profile)] == [Severity.ERROR]
        assert _rules(_check(profile, today=date(2025, 3, 31))) == [(OWNER_LEFT, "profile:p")]
        assert _check(profile, today=date(2025, 3, 30)) == []

    def test_backup_left(self) -> None:
        """Another responsible left: a warning."""
        found = _check(_profile(responsible=("ana", "gone")))
        assert _rules(found) == [(RESPONSIBLE_LEFT, "profile:p")]
        assert found[0].severity is Severity.WARNING

    def test_unknown_person(self) -> None:
        """A responsible id nobody has is an error."""
        assert _rules(_check(_profile(responsible=("ana", "nobody")))) == [
            (UNKNOWN_RESPONSIBLE, "profile:p")
        ]


class TestEmail:
    """Seed 002: institutional accounts registered with institutional e-mail."""

    @pytest.mark.parametrize(
        ("email", "severity"),
        [
            ("xarxes@soldeneu.example", None),
            ("xarxes@SEU.Soldeneu.example", None),
            ("someone.name@gmail.com", Severity.ERROR),
            ("jb.private@Hotmail.es", Severity.ERROR),
            ("jb.private@agency.example", Severity.WARNING),
            ("jb.private@soldeneu.example.evil.example", Severity.WARNING),
            ("jb.private@notsoldeneu.example", Severity.WARNING),
        ],
    )
    def test_domains(self, email: str, severity: Severity | None) -> None:
        """Own domains and subdomains pass; mail services are errors; foreign ones warnings."""
        found = _check(_profile(contact_email=email))
        assert [x.severity for x in found] == ([severity] if severity else [])
        if severity:
            assert found[0].rule == PERSONAL_EMAIL
            assert email.split("@")[0] not in found[0].message.en

    def test_no_domains_declared(self) -> None:
        """Without the organisation's domains only known mail services are flagged."""
        assert _check(_profile(contact_email="x@agency.example"), domains=()) == []
        found = _check(_profile(contact_email="x@gmail.com"), domains=())
        assert _rules(found) == [(PERSONAL_EMAIL, "profile:p")]

    def test_own_domain_helper(self) -> None:
        """A subdomain is own; a look-alike suffix is not."""
        assert email_domain_is_own("seu.soldeneu.example", ["soldeneu.example"])
        assert not email_domain_is_own("xsoldeneu.example", ["soldeneu.example"])


class TestRetiredChannel:
    """Live profiles on deprecated or closed networks need a retirement plan."""

    def test_closed_and_live(self) -> None:
        """A live profile on Google+ is an error."""
        found = _check(_profile(channel="googleplus"))
        assert _rules(found) == [(RETIRED_CHANNEL, "profile:p")]
        assert found[0].severity is Severity.ERROR

    def test_closed_and_archived(self) -> None:
        """An archived profile on a closed network is the correct handling."""
        assert _check(_profile(channel="tuenti", state=LifecycleState.ARCHIVED), last={}) == []

    def test_deprecated(self) -> None:
        """A live profile on a deprecated network is a warning."""
        channels = dict(CHANNELS)
        channels["mastodon"] = Channel(
            id="mastodon", name="Mastodon", status=ChannelStatus.DEPRECATED
        )
        found = check_profiles(
            [_profile()],
            people=PEOPLE,
            channels=channels,
            domains=("soldeneu.example",),
            last={"p": datetime(2026, 11, 1, tzinfo=UTC)},
            today=TODAY,
        )
        assert [(x.rule, x.severity) for x in found] == [(RETIRED_CHANNEL, Severity.WARNING)]


class TestDuplicates:
    """Same channel, same theme, overlapping audience: consolidate."""

    def test_duplicate_pair(self) -> None:
        """Theme compared without case, accents or punctuation; both profiles are named."""
        a = _profile("a", theme="Esports municipals", audience=("Famílies", "joves"))
        b = _profile("b", theme="esports  municipals.", audience=("families",))
        found = _check(a, b)
        assert _rules(found) == [(DUPLICATE, "profile:a"), (DUPLICATE, "profile:b")]
        assert "b" in found[0].message.en

    def test_not_duplicates(self) -> None:
        """Other audience, other channel, other theme or an archived twin: no finding."""
        a = _profile("a", theme="Sports", audience=("families",))
        assert _check(a, _profile("b", theme="Sports", audience=("companies",))) == []
        assert _check(a, _profile("b", theme="Sports", audience=("families",), channel="x")) == []
        assert _check(a, _profile("b", theme="Culture", audience=("families",))) == []
        archived = _profile(
            "b", theme="Sports", audience=("families",), state=LifecycleState.ARCHIVED
        )
        assert _check(a, archived) == []


class TestLastPublished:
    """The aggregate query over the store."""

    def test_published_outbound_only(self, store_url_sqlite: str) -> None:
        """Drafts, failed posts and inbound messages do not count; organisations do not mix."""
        store = Store.open(store_url_sqlite)
        try:
            for org in (ORG, f.OTHER):
                store.save_snapshot(
                    OrganisationSnapshot(
                        organisation=f.organisation(org),
                        units=(f.unit(org, "comunicacion"),),
                        profiles=(f.profile(org, "p"), f.profile(org, "q")),
                    )
                )
            t = datetime(2026, 10, 1, 9, tzinfo=UTC)
            published = MessageState.PUBLISHED
            store.save_messages(
                ORG,
                [
                    f.message(ORG, "m1", "p", t, state=published, published_at=t),
                    f.message(
                        ORG, "m2", "p", t, state=published, published_at=t + timedelta(days=5)
                    ),
                    f.message(ORG, "m3", "p", t + timedelta(days=9)),
                    f.message(ORG, "m4", "p", t + timedelta(days=10), state=MessageState.FAILED),
                    f.message(ORG, "m5", "q", t + timedelta(days=20), direction=Direction.INBOUND),
                ],
            )
            later = t + timedelta(days=30)
            store.save_messages(
                f.OTHER, [f.message(f.OTHER, "m1", "q", later, state=published, published_at=later)]
            )
            assert last_published(store, ORG) == {"p": t + timedelta(days=5)}
            assert last_published(store, f.OTHER) == {"q": later}
        finally:
            store.close()
