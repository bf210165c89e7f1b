"""Running every health check over a workspace, or over plain data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from attrs import evolve

from govsm.health.credential_checks import credential_findings
from govsm.health.dormancy import DEFAULT_DORMANT_AFTER_DAYS, dormant_findings
from govsm.health.duplicates import duplicate_findings
from govsm.health.personal_email import email_findings
from govsm.health.responsibility import responsible_findings
from govsm.health.retired_channels import retired_findings
from govsm.health.states import GONE_STATES, LIVE_STATES
from govsm.health.waiting_requests import DEFAULT_REQUEST_WAITING_DAYS, waiting_findings
from govsm.ledger.record import fold
from govsm.model import Channel, Finding, Person, Profile, ProfileRequest
from govsm.store.credential_checks import CredentialCheck, CredentialChecks

if TYPE_CHECKING:
    from govsm.spec.workspace import WorkspaceView
    from govsm.store import Store


def last_published(store: Store, organisation: str) -> dict[str, datetime]:
    """The instant of each profile's last published outbound message, by profile id.

    Asked of the store (:meth:`govsm.store.Store.last_published`): only the store talks SQL.

    :param store: the workspace's store.
    :param organisation: the organisation's id.
    """
    return store.last_published(organisation)


def check_health(workspace: WorkspaceView, today: date) -> list[Finding]:
    """Every health finding of the workspace's profiles on ``today``, sorted by subject and rule.

    Reads the profiles, people, policy and channels from the workspace and the last publication
    of each profile from its store (see :func:`last_published`).

    :param workspace: the workspace whose profiles are checked.
    :param today: the day the check is about, in the organisation's time zone.
    """
    org = workspace.organisation
    store = workspace.store
    requests: list[ProfileRequest] = []
    credentials: dict[str, CredentialCheck] = {}
    if org.id in {o.id for o in store.organisations()}:
        requests = fold(org.id, store.audit_entries(org.id)).pending_requests()
        credentials = CredentialChecks(store).latest(org.id)
    return check_profiles(
        workspace.profiles,
        people=workspace.people,
        channels=workspace.channels(),
        domains=org.domains,
        last=last_published(workspace.store, org.id),
        today=today,
        timezone=org.timezone,
        dormant_after_days=(
            workspace.policy.dormant_after_days if workspace.policy else DEFAULT_DORMANT_AFTER_DAYS
        ),
        policy_version=workspace.policy.version if workspace.policy else None,
        requests=requests,
        request_waiting_days=(
            workspace.policy.request_waiting_days
            if workspace.policy
            else DEFAULT_REQUEST_WAITING_DAYS
        ),
        credentials=credentials,
    )


def check_profiles(
    profiles: Iterable[Profile],
    *,
    people: Iterable[Person],
    channels: Mapping[str, Channel],
    domains: Iterable[str],
    last: Mapping[str, datetime],
    today: date,
    timezone: str = "UTC",
    dormant_after_days: int = DEFAULT_DORMANT_AFTER_DAYS,
    policy_version: str | None = None,
    requests: Iterable[ProfileRequest] = (),
    request_waiting_days: int = DEFAULT_REQUEST_WAITING_DAYS,
    credentials: Mapping[str, CredentialCheck] | None = None,
) -> list[Finding]:
    """The checks of :func:`check_health` on plain data (no workspace, no store).

    Archived and rejected profiles get no finding; only live ones can be dormant.

    :param profiles: the organisation's profiles.
    :param people: its people.
    :param channels: the declared channels, by id.
    :param domains: the organisation's own e-mail domains.
    :param last: each profile's last published outbound message (see :func:`last_published`).
    :param today: the day the check is about.
    :param timezone: the organisation's time zone, to turn instants into days.
    :param dormant_after_days: days without a post after which a live profile is dormant.
    :param policy_version: the policy's version, stamped on every finding when given.
    :param requests: the profile requests still waiting for a decision.
    :param request_waiting_days: a request undecided for longer is a finding.
    :param credentials: what the networks last said of each profile's credentials, by profile
        id (see :func:`~govsm.health.credential_checks.credential_findings`).
    """
    profiles = list(profiles)
    checks = credentials or {}
    by_person = {p.id: p for p in people}
    own_domains = tuple(d.lower().strip(".") for d in domains)
    zone = ZoneInfo(timezone)
    findings: list[Finding] = []
    for profile in profiles:
        if profile.state in GONE_STATES:
            continue
        if profile.state in LIVE_STATES:
            findings.extend(
                dormant_findings(profile, last.get(profile.id), today, zone, dormant_after_days)
            )
            findings.extend(credential_findings(profile, checks.get(profile.id), today, zone))
        findings.extend(responsible_findings(profile, by_person, today))
        findings.extend(email_findings(profile, own_domains))
        channel = channels.get(profile.channel)
        if channel is not None:
            findings.extend(retired_findings(profile, channel, today))
    findings.extend(duplicate_findings(profiles))
    findings.extend(waiting_findings(requests, today, zone, request_waiting_days))
    if policy_version is not None:
        findings = [evolve(f, policy_version=policy_version) for f in findings]
    return sorted(findings, key=lambda f: (f.subject or "", f.rule))
