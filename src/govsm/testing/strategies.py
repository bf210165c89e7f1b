"""Hypothesis strategies that build valid model objects, hostile Unicode included.

Plugin authors use them to test that their records survive the converter::

    from hypothesis import given
    from govsm.testing.strategies import messages

    @given(messages())
    def test_my_importer_round_trip(message): ...
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta, timezone

from hypothesis import strategies as st

from govsm.model import (
    Bilingual,
    Capability,
    Channel,
    ChannelLimits,
    ChannelStatus,
    CredentialRef,
    Direction,
    ElectoralPeriod,
    Finding,
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
    Span,
    TextCounting,
    Unit,
    Weekday,
)
from govsm.model._validate import HIDDEN_RANGES
from govsm.model.message import INBOUND_STATES, OUTBOUND_STATES

#: characters that break naive software: bidi controls, joiners, combining marks, variation
#: selectors, tag characters (subdivision flags), emoji with ZWJ, CJK, astral code points
HOSTILE = [
    "\u200f",  # RIGHT-TO-LEFT MARK
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u2066",  # LEFT-TO-RIGHT ISOLATE
    "\u200d",  # ZERO WIDTH JOINER
    "\u200b",  # ZERO WIDTH SPACE
    "\ufeff",  # BYTE ORDER MARK
    "\u0301",  # COMBINING ACUTE ACCENT
    "\ufe0f",  # VARIATION SELECTOR-16
    "👩\u200d👩\u200d👧",  # family (ZWJ sequence)
    "🧑\u200d🏫",  # teacher (ZWJ sequence)
    "🏴\U000e0065\U000e0073\U000e0063\U000e0074\U000e007f",  # flag of Catalonia (tag sequence)
    "🇪🇸",  # regional indicators
    "l·l",  # Catalan geminated l
    "ñ",
    "ç",
    "\u00ad",  # SOFT HYPHEN
    "中文",
    "\U0001d5ee",  # MATHEMATICAL SANS-SERIF BOLD SMALL A (fake bold)
    "\r\n",
    "\t",
]

#: text the model accepts: any Unicode but NUL and lone surrogates, with hostile pieces mixed in
texts = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00")),
        st.sampled_from(HOSTILE),
    ),
    max_size=6,
).map("".join)

nonempty_texts = texts.filter(lambda s: bool(s.strip()))

#: every character an identifier may not hold (the model refuses them: see ``shown_identifier``)
HIDDEN = "".join(chr(code) for first, last in HIDDEN_RANGES for code in range(first, last + 1))

#: names people read to recognise an account (handles) and other identifiers (a network's id, a
#: campaign): any letters, emoji and spaces, but no control, invisible or direction-changing
#: character (the model refuses those)
shown_names = st.text(
    alphabet=st.characters(
        exclude_categories=["Cs", "Cc", "Cf", "Zl", "Zp"], exclude_characters=HIDDEN
    ),
    min_size=1,
).filter(lambda s: bool(s.strip()))
slugs = st.from_regex(r"[a-z0-9](?:[a-z0-9._-]{0,20}[a-z0-9])?", fullmatch=True)
languages = st.sampled_from(["es", "ca", "ca-valencia", "gl", "eu", "en", "oc-aranese", "es-ES"])
zones = st.sampled_from(["Europe/Madrid", "Atlantic/Canary", "UTC", "Africa/Ceuta"])
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
emails = st.builds(lambda user, domain: f"{user}@{domain}.example", slugs, slugs)
urls = st.builds(lambda host, path: f"https://{host}.example/{path}", slugs, slugs)
offsets = st.sampled_from(
    [
        UTC,
        timezone(timedelta(hours=1)),
        timezone(timedelta(hours=2)),
        zoneinfo.ZoneInfo("Europe/Madrid"),
    ]
)
aware_datetimes = st.builds(
    lambda moment, zone: moment.replace(tzinfo=UTC).astimezone(zone),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31)),
    offsets,
)


def bilinguals() -> st.SearchStrategy[Bilingual]:
    """Valid :class:`~govsm.model.Bilingual` texts."""
    return st.builds(Bilingual, es=nonempty_texts, en=nonempty_texts)


def organisations() -> st.SearchStrategy[Organisation]:
    """Valid organisations."""
    return st.builds(
        Organisation,
        id=slugs,
        name=nonempty_texts,
        kind=st.sampled_from(OrganisationKind),
        languages=st.lists(languages, min_size=1, max_size=3).map(tuple),
        timezone=zones,
        holiday_region=st.none() | st.just("ES-VC"),
        website=st.none() | urls,
        domains=st.lists(slugs.map(lambda s: f"{s}.example"), max_size=2).map(tuple),
        parent=st.none() | slugs,
    )


def units(organisation: str = "org") -> st.SearchStrategy[Unit]:
    """Valid units of ``organisation``."""
    return st.builds(
        Unit,
        organisation=st.just(organisation),
        id=slugs,
        name=nonempty_texts,
        parent=st.none() | slugs,
        head=st.none() | slugs,
        email=st.none() | emails,
    )


def people(organisation: str = "org") -> st.SearchStrategy[Person]:
    """Valid people of ``organisation``."""
    return st.builds(
        Person,
        organisation=st.just(organisation),
        id=slugs,
        name=nonempty_texts,
        email=st.none() | emails,
        unit=st.none() | slugs,
        political_office=st.none() | nonempty_texts,
        left_on=st.none() | dates,
    )


def role_assignments(organisation: str = "org") -> st.SearchStrategy[RoleAssignment]:
    """Valid role assignments of ``organisation`` (the target matches the scope)."""

    def build(
        person: str, role: Role, scope: ScopeKind, target: str, start: date | None
    ) -> RoleAssignment:
        return RoleAssignment(
            organisation=organisation,
            person=person,
            role=role,
            scope=scope,
            target=None if scope is ScopeKind.ORGANISATION else target,
            starts_on=start,
            ends_on=start + timedelta(days=30) if start else None,
        )

    return st.builds(
        build, slugs, st.sampled_from(Role), st.sampled_from(ScopeKind), slugs, st.none() | dates
    )


def channels() -> st.SearchStrategy[Channel]:
    """Valid channels, active or closed."""

    def build(
        cid: str, name: str, closed: date | None, counting: TextCounting, text: int | None
    ) -> Channel:
        return Channel(
            id=cid,
            name=name,
            status=ChannelStatus.CLOSED if closed else ChannelStatus.ACTIVE,
            counting=counting,
            limits=ChannelLimits(text=text, url_length=23 if text else None),
            capabilities=(Capability.POST, Capability.REPLY),
            closed_on=closed,
            deprecated_on=closed - timedelta(days=180) if closed else None,
        )

    return st.builds(
        build,
        slugs,
        nonempty_texts,
        st.none() | dates,
        st.sampled_from(TextCounting),
        st.none() | st.integers(1, 100_000),
    )


def profiles(organisation: str = "org") -> st.SearchStrategy[Profile]:
    """Valid profiles of ``organisation``."""
    return st.builds(
        Profile,
        organisation=st.just(organisation),
        id=slugs,
        channel=slugs,
        handle=shown_names,
        unit=slugs,
        name=st.none() | texts,
        url=st.none() | urls,
        objectives=st.lists(texts, max_size=2).map(tuple),
        theme=st.none() | texts,
        audience=st.lists(texts, max_size=2).map(tuple),
        functionality=st.none() | texts,
        editorial_line=st.none() | texts,
        languages=st.lists(languages, max_size=2).map(tuple),
        responsible=st.lists(slugs, max_size=3).map(tuple),
        contact_email=st.none() | emails,
        state=st.sampled_from(LifecycleState),
        state_since=st.none() | dates,
        opened_on=st.none() | dates,
        credential=st.none()
        | slugs.map(lambda s: CredentialRef(f"env:{s.upper().replace('-', '_')}")),
        bio=st.none() | texts,
    )


def media() -> st.SearchStrategy[Media]:
    """Valid attachments."""
    return st.builds(
        Media,
        kind=st.sampled_from(MediaKind),
        location=shown_names,
        alt_text=st.none() | texts,
        width=st.none() | st.integers(1, 10_000),
        height=st.none() | st.integers(1, 10_000),
        size=st.none() | st.integers(0, 10**9),
        captions=st.booleans(),
        shows_minors=st.booleans(),
        consent=st.none() | shown_names,
    )


def messages(organisation: str = "org", profile: str | None = None) -> st.SearchStrategy[Message]:
    """Valid messages of ``organisation`` (on ``profile`` if given), outbound or inbound."""

    def build(mid: str, prof: str, inbound: bool, data: st.DataObject) -> Message:
        direction = Direction.INBOUND if inbound else Direction.OUTBOUND
        allowed = sorted(INBOUND_STATES if inbound else OUTBOUND_STATES)
        state = data.draw(st.sampled_from(allowed))
        kinds = (
            [MessageKind.MENTION, MessageKind.COMMENT, MessageKind.DIRECT]
            if inbound
            else [MessageKind.POST, MessageKind.REPLY, MessageKind.DIRECT]
        )
        kind = data.draw(st.sampled_from(kinds))
        created = data.draw(aware_datetimes)
        return Message(
            organisation=organisation,
            id=mid,
            profile=prof,
            direction=direction,
            kind=kind,
            state=state,
            text=data.draw(texts),
            created_at=created,
            language=data.draw(st.none() | languages),
            title=data.draw(st.none() | texts),
            media=tuple(data.draw(st.lists(media(), max_size=2))),
            links=tuple(data.draw(st.lists(urls, max_size=2))),
            reply_to=data.draw(slugs)
            if kind is MessageKind.REPLY
            else data.draw(st.none() | slugs),
            remote_id=data.draw(st.none() | shown_names),
            url=data.draw(st.none() | urls),
            author=data.draw(st.none() | shown_names),
            published_at=created + timedelta(minutes=5)
            if state is MessageState.PUBLISHED
            else None,
        )

    return st.builds(build, slugs, st.just(profile) if profile else slugs, st.booleans(), st.data())


def rule_configs() -> st.SearchStrategy[RuleConfig]:
    """Valid rule configurations."""
    params = st.dictionaries(
        slugs,
        st.one_of(
            texts,
            st.integers(-(10**6), 10**6),
            st.booleans(),
            st.lists(texts, max_size=3),
            st.floats(allow_nan=False, allow_infinity=False),
        ),
        max_size=3,
    )
    return st.builds(
        lambda rid, enabled, sev, p: RuleConfig(id=rid, enabled=enabled, severity=sev, params=p),
        slugs,
        st.booleans(),
        st.none() | st.sampled_from(Severity),
        params,
    )


def policies(organisation: str = "org") -> st.SearchStrategy[Policy]:
    """Valid policies of ``organisation``."""
    hours = st.builds(
        lambda days, start, length: OfficeHours(
            days=tuple(days), opens=time(start), closes=time(start + length)
        ),
        st.lists(st.sampled_from(Weekday), min_size=1, max_size=7, unique=True),
        st.integers(0, 12),
        st.integers(1, 11),
    )
    periods = st.builds(
        lambda name, start, days: ElectoralPeriod(
            name=name, starts_on=start, ends_on=start + timedelta(days=days)
        ),
        nonempty_texts,
        dates,
        st.integers(0, 60),
    )
    targets = st.builds(
        ResponseTarget,
        hours=st.floats(min_value=0.25, max_value=720, allow_nan=False),
        business_hours=st.booleans(),
        channel=st.none() | slugs,
    )
    return st.builds(
        Policy,
        organisation=st.just(organisation),
        version=nonempty_texts.filter(lambda s: len(s) <= 64),
        coordinating_unit=slugs,
        rules=st.lists(rule_configs(), max_size=3).map(tuple),
        office_hours=st.lists(hours, max_size=2).map(tuple),
        response_targets=st.lists(targets, max_size=2).map(tuple),
        electoral_periods=st.lists(periods, max_size=2).map(tuple),
        approval_tiers=st.integers(0, 3),
        dormant_after_days=st.integers(1, 400),
        official_hashtags=st.lists(shown_names, max_size=2).map(tuple),
        sede_url=st.none() | urls,
        effective_on=st.none() | dates,
    )


def findings() -> st.SearchStrategy[Finding]:
    """Valid findings."""
    spans = st.builds(lambda a, n: Span(a, a + n), st.integers(0, 1000), st.integers(0, 100))
    return st.builds(
        Finding,
        rule=slugs,
        severity=st.sampled_from(Severity),
        message=bilinguals(),
        subject=st.none() | texts,
        span=st.none() | spans,
        suggestion=st.none() | bilinguals(),
        reference=st.none() | texts,
        policy_version=st.none() | texts,
    )


def snapshots() -> st.SearchStrategy[OrganisationSnapshot]:
    """Valid organisation snapshots (their parts belong to the organisation)."""

    @st.composite
    def build(draw: st.DrawFn) -> OrganisationSnapshot:
        org = draw(organisations())
        return OrganisationSnapshot(
            organisation=org,
            units=tuple(draw(st.lists(units(org.id), max_size=3))),
            people=tuple(draw(st.lists(people(org.id), max_size=3))),
            roles=tuple(draw(st.lists(role_assignments(org.id), max_size=3))),
            profiles=tuple(draw(st.lists(profiles(org.id), max_size=3))),
            policy=draw(st.none() | policies(org.id)),
        )

    return build()
