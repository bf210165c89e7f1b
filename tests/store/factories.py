"""Small builders of valid model objects for the store tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from govsm.model import (
    CredentialRef,
    Direction,
    ElectoralPeriod,
    LifecycleState,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
    OfficeHours,
    Organisation,
    OrganisationKind,
    OrganisationSnapshot,
    Person,
    Policy,
    Profile,
    ResponseTarget,
    Role,
    RoleAssignment,
    RuleConfig,
    ScopeKind,
    Severity,
    Unit,
    Weekday,
)

ORG = "ajuntament-soldeneu"
OTHER = "diputacio-vallnova"
MADRID_SUMMER = timezone(timedelta(hours=2))
T0 = datetime(2026, 5, 4, 10, 0, tzinfo=MADRID_SUMMER)

#: text that breaks naive software: bidi controls, joiners, combining marks, astral characters
HOSTILE = (
    "\u200fمرحبا\u200f \u202eabc\u202c "  # right-to-left mark, RTL override
    "👩\u200d👩\u200d👧\u200d👦 🧑\u200d🏫 "  # ZWJ emoji sequences
    "🏴\U000e0065\U000e0073\U000e0063\U000e0074\U000e007f 🇪🇸 "  # tag flag, regional indicators
    "Cafe\u0301 Café "  # decomposed and precomposed é: must stay distinct
    "l·l ñ ç \u00ad\u200b\ufeff \U0001d5ee 中文 \u2028\r\n\t"
)


def organisation(org: str = ORG, **changes: Any) -> Organisation:
    """An ayuntamiento with two official languages."""
    fields: dict[str, Any] = {
        "id": org,
        "name": "Ajuntament de Soldeneu",
        "kind": OrganisationKind.AYUNTAMIENTO,
        "languages": ("ca-valencia", "es"),
        "timezone": "Europe/Madrid",
        "holiday_region": "ES-VC",
        "website": "https://soldeneu.example",
        "domains": ("soldeneu.example",),
    }
    fields.update(changes)
    return Organisation(**fields)


def unit(org: str, uid: str, name: str | None = None, **changes: Any) -> Unit:
    """A unit (área)."""
    return Unit(organisation=org, id=uid, name=name or uid.capitalize(), **changes)


def person(org: str, pid: str, **changes: Any) -> Person:
    """A member of staff."""
    fields: dict[str, Any] = {"name": pid.replace("-", " ").title(), "unit": "comunicacion"}
    fields.update(changes)
    return Person(organisation=org, id=pid, **fields)


def profile(
    org: str,
    pid: str,
    unit_id: str = "comunicacion",
    channel: str = "mastodon",
    state: LifecycleState = LifecycleState.ACTIVE,
    **changes: Any,
) -> Profile:
    """A profile on a channel."""
    fields: dict[str, Any] = {"handle": f"@{pid}"}
    fields.update(changes)
    return Profile(organisation=org, id=pid, channel=channel, unit=unit_id, state=state, **fields)


def policy(org: str, version: str = "2026.1", **changes: Any) -> Policy:
    """A policy with rules of every parameter type, hours, targets and an electoral period."""
    fields: dict[str, Any] = {
        "coordinating_unit": "comunicacion",
        "rules": (
            RuleConfig(
                id="text-length",
                severity=Severity.ERROR,
                params={"max": 280, "ratio": 0.75, "strict": True, "words": ["a", "b"]},
            ),
            RuleConfig(id="alt-text", scope=ScopeKind.PROFILE, target="cultura-x"),
            RuleConfig(id="hashtags", enabled=False, params={"tag": "#Soldeneu"}),
        ),
        "office_hours": (
            OfficeHours(
                days=(Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI),
                opens=time(9, 0),
                closes=time(14, 30),
            ),
        ),
        "response_targets": (ResponseTarget(hours=24.0), ResponseTarget(hours=2.5, kind="direct")),
        "electoral_periods": (
            ElectoralPeriod("Eleccions municipals 2027", date(2027, 4, 2), date(2027, 5, 23)),
        ),
        "approval_tiers": 2,
        "official_hashtags": ("#Soldeneu",),
        "sede_url": "https://sede.soldeneu.example",
        "effective_on": date(2026, 1, 1),
    }
    fields.update(changes)
    return Policy(organisation=org, version=version, **fields)


def snapshot(org: str = ORG, **changes: Any) -> OrganisationSnapshot:
    """A full snapshot of every kind of part."""
    fields: dict[str, Any] = {
        "organisation": organisation(org),
        "units": (
            unit(
                org, "comunicacion", "Comunicació", head="marta-soler", email="com@soldeneu.example"
            ),
            unit(org, "cultura", "Cultura", parent="comunicacion"),
            unit(org, "esports", "Esports"),
        ),
        "people": (
            person(org, "alcaldessa", political_office="Alcaldessa", unit=None),
            person(org, "joan-puig", unit="cultura", left_on=date(2025, 12, 31)),
            person(org, "marta-soler", email="marta@soldeneu.example"),
        ),
        "roles": (
            RoleAssignment(organisation=org, person="marta-soler", role=Role.COORDINATOR),
            RoleAssignment(
                organisation=org,
                person="joan-puig",
                role=Role.EDITOR,
                scope=ScopeKind.UNIT,
                target="cultura",
                starts_on=date(2025, 1, 1),
                ends_on=date(2025, 12, 31),
            ),
            RoleAssignment(
                organisation=org,
                person="marta-soler",
                role=Role.APPROVER,
                scope=ScopeKind.PROFILE,
                target="soldeneu-x",
            ),
            RoleAssignment(organisation=org, person="alcaldessa", role=Role.VIEWER),
        ),
        "profiles": (
            profile(
                org,
                "cultura-x",
                unit_id="cultura",
                channel="x",
                state=LifecycleState.DORMANT,
                state_since=date(2026, 2, 1),
            ),
            profile(
                org,
                "soldeneu-mastodon",
                name="Ajuntament de Soldeneu",
                url="https://xarxa.social/@soldeneu",
                objectives=("informative", "participative"),
                theme="Vida municipal",
                audience=("veïnat", "premsa"),
                functionality="Xarxa federada i pública",
                editorial_line="Proper i clar",
                languages=("ca-valencia", "es"),
                responsible=("marta-soler",),
                contact_email="xarxes@soldeneu.example",
                opened_on=date(2024, 3, 1),
                credential=CredentialRef("env:SOLDENEU_MASTODON_TOKEN"),
                bio="Compte oficial",
            ),
            profile(org, "soldeneu-x", channel="x", state=LifecycleState.REQUESTED),
        ),
        "policy": policy(org),
    }
    fields.update(changes)
    return OrganisationSnapshot(**fields)


def message(
    org: str,
    mid: str,
    profile_id: str = "soldeneu-mastodon",
    created_at: datetime = T0,
    direction: Direction = Direction.OUTBOUND,
    **changes: Any,
) -> Message:
    """A message; outbound drafts by default, inbound ones new mentions."""
    fields: dict[str, Any] = {
        "kind": MessageKind.POST if direction is Direction.OUTBOUND else MessageKind.MENTION,
        "state": MessageState.DRAFT if direction is Direction.OUTBOUND else MessageState.NEW,
        "text": f"Missatge {mid}",
        "language": "ca-valencia",
    }
    fields.update(changes)
    return Message(
        organisation=org,
        id=mid,
        profile=profile_id,
        direction=direction,
        created_at=created_at,
        **fields,
    )


def rich_message(org: str, mid: str, created_at: datetime = T0) -> Message:
    """A published post with media, links, a reply target and every instant set."""
    return message(
        org,
        mid,
        created_at=created_at,
        kind=MessageKind.REPLY,
        state=MessageState.PUBLISHED,
        title="Títol",
        content_warning="Avís",
        media=(
            Media(
                kind=MediaKind.IMAGE,
                location="media/plaça.jpg",
                alt_text="La plaça major",
                mime_type="image/jpeg",
                width=1200,
                height=800,
                size=123456,
                shows_minors=True,
                consent="consent-2026-07",
            ),
        ),
        links=("https://soldeneu.example/agenda",),
        reply_to="m-0001",
        remote_id="110123456789",
        idempotency_key="key-0002",
        author="marta-soler",
        campaign="festes-2026",
        scheduled_at=created_at + timedelta(hours=1),
        published_at=(created_at + timedelta(hours=1, seconds=3)).astimezone(UTC),
    )


def messages(org: str, n: int, profile_id: str = "soldeneu-mastodon") -> list[Message]:
    """``n`` outbound drafts one minute apart, ids ``m-0000``…"""
    return [
        message(org, f"m-{i:04d}", profile_id, created_at=T0 + timedelta(minutes=i))
        for i in range(n)
    ]


def ordered(msgs: list[Message]) -> list[Message]:
    """Messages in the order the store streams them: by instant, then by id."""
    return sorted(msgs, key=lambda m: (m.created_at, m.id))
