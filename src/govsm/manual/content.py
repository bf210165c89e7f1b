"""Assembling the :class:`~govsm.manual.document.ManualDocument` from a workspace.

Everything comes from ``govsm.toml``: the organisation, áreas, people and roles, profiles and
policy, and the ``[manual]`` table for what only the manual says. Image sizes also come from
the style rules' parameters (``avatar-size``, ``header-size``) and from what govsm knows of
each network (``media-specs.toml``), for the networks the live profiles use.

>>> from datetime import date
>>> from govsm.workspace import Workspace
>>> document = build_manual(Workspace.open("examples/soldeneu"), today=date(2026, 11, 20))
>>> document.coordination.unit
'Comunicació'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

import attrs

from govsm.manual.completeness import section_statuses
from govsm.manual.conduct import (
    Commitments,
    Crisis,
    CrisisLevelEntry,
    ElectoralEntry,
    PeriodStatus,
    TargetEntry,
)
from govsm.manual.coordination import (
    Coordination,
    Procedure,
    ResourceEntry,
    StateCount,
    Validation,
)
from govsm.manual.document import ManualDocument
from govsm.manual.flow import build_flow
from govsm.manual.profiles import BlogEntry, ImageSizeEntry, ProfileEntry, Style
from govsm.manual.raci import build_raci
from govsm.manual.refs import Names
from govsm.manual.responsibilities import Responsibilities
from govsm.media.specs import media_specs
from govsm.model import (
    Channel,
    ImageKind,
    LifecycleState,
    LocalizedText,
    ManualContent,
    OrganisationSnapshot,
    Policy,
    Role,
    ScopeKind,
)

if TYPE_CHECKING:
    from govsm.spec.workspace import WorkspaceView

#: the order profiles are listed in: live ones first, then the requests, then the closed
STATE_ORDER = (
    LifecycleState.ACTIVE,
    LifecycleState.DORMANT,
    LifecycleState.APPROVED,
    LifecycleState.REQUESTED,
    LifecycleState.ARCHIVED,
    LifecycleState.REJECTED,
)

#: profiles in these states use their network now (their image sizes matter)
_IN_USE = frozenset(
    {
        LifecycleState.ACTIVE,
        LifecycleState.DORMANT,
        LifecycleState.APPROVED,
        LifecycleState.REQUESTED,
    }
)

_SIZE_RULES = {"avatar-size": ImageKind.AVATAR, "header-size": ImageKind.HEADER}


def build_manual(workspace: WorkspaceView, today: date | None = None) -> ManualDocument:
    """The usage manual of ``workspace``.

    :param today: the reference day (roles in force, electoral calendar); default: today in
        the organisation's time zone.
    """
    if today is None:
        today = workspace.organisation.local_date()
    return assemble_manual(workspace.snapshot, workspace.manual, workspace.channels(), today)


def assemble_manual(
    snapshot: OrganisationSnapshot,
    manual: ManualContent | None,
    channels: Mapping[str, Channel],
    today: date,
) -> ManualDocument:
    """The usage manual of an organisation, from its parts (see :func:`build_manual`).

    :param snapshot: the organisation, its áreas, people, roles, profiles and policy.
    :param manual: the ``[manual]`` table, if any.
    :param channels: the declared channels, by id.
    :param today: the reference day.
    """
    names = Names(snapshot, channels)
    policy = snapshot.policy
    organisation = snapshot.organisation
    document = ManualDocument(
        organisation=organisation.id,
        organisation_name=organisation.name,
        languages=organisation.languages,
        generated_on=today,
        status=(),
        policy_version=policy.version if policy else None,
        effective_on=policy.effective_on if policy else None,
        title=manual.title if manual else None,
        introduction=manual.introduction if manual else None,
        approved_by=manual.approved_by if manual else None,
        coordination=_coordination(names, policy, today),
        procedure=_procedure(snapshot, policy, manual),
        resources=_resources(names, manual),
        responsibilities=_responsibilities(names, manual, policy, today),
        validation=(
            Validation(policy.request_prerequisites, organisation.domains) if policy else None
        ),
        profiles=_profiles(names, manual),
        style=_style(names, manual, policy),
        blogs=_blogs(names, manual),
        crisis=_crisis(names, manual),
        commitments=_commitments(names, policy, snapshot),
        electoral=_electoral(policy, today),
        networks=dict(channels),
    )
    return attrs.evolve(document, status=section_statuses(document))


def _holders(names: Names, role: Role, today: date) -> tuple[str, ...]:
    snap = names.snapshot
    active = {p.id for p in snap.people if p.active_on(today)}
    return tuple(
        dict.fromkeys(
            r.person
            for r in snap.roles
            if r.role is role
            and r.scope is ScopeKind.ORGANISATION
            and r.in_force_on(today)
            and r.person in active
        )
    )


def _coordination(names: Names, policy: Policy | None, today: date) -> Coordination | None:
    if policy is None:
        return None
    unit = next((u for u in names.snapshot.units if u.id == policy.coordinating_unit), None)
    return Coordination(
        unit=unit.name if unit else policy.coordinating_unit,
        email=unit.email if unit else None,
        head=names.person(unit.head) if unit else None,
        coordinators=names.people(_holders(names, Role.COORDINATOR, today)),
        approvers=names.people(_holders(names, Role.APPROVER, today)),
        website=names.snapshot.organisation.website,
        sede_url=policy.sede_url,
    )


def _procedure(
    snapshot: OrganisationSnapshot, policy: Policy | None, manual: ManualContent | None
) -> Procedure | None:
    if policy is None:
        return None
    notes = manual.procedure if manual else None
    return Procedure(
        states=tuple(
            StateCount(state, sum(1 for p in snapshot.profiles if p.state is state))
            for state in LifecycleState
        ),
        request_waiting_days=policy.request_waiting_days,
        dormant_after_days=policy.dormant_after_days,
        how_to_request=notes.how_to_request if notes else None,
        form_url=notes.form_url if notes else None,
        decision=notes.decision if notes else None,
        transfer=notes.transfer if notes else None,
        retirement=notes.retirement if notes else None,
    )


def _resources(names: Names, manual: ManualContent | None) -> tuple[ResourceEntry, ...]:
    return tuple(
        ResourceEntry(
            kind=r.kind,
            name=r.name,
            description=r.description,
            unit=names.unit(r.unit),
            person=names.person(r.person),
            hours_per_week=r.hours_per_week,
        )
        for r in (manual.resources if manual else ())
    )


def _responsibilities(
    names: Names, manual: ManualContent | None, policy: Policy | None, today: date
) -> Responsibilities | None:
    raci = build_raci(names, manual, today)
    if not raci.rows:
        return None
    return Responsibilities(raci=raci, flow=build_flow(names, policy, today))


def _text(value: str | None) -> LocalizedText | None:
    return LocalizedText(text=value) if value and value.strip() else None


def _profiles(names: Names, manual: ManualContent | None) -> tuple[ProfileEntry, ...]:
    entries = []
    for profile in names.snapshot.profiles:
        notes = manual.notes_for(profile.id) if manual else None
        channel = names.channels.get(profile.channel)
        audience = _text(", ".join(profile.audience))
        entries.append(
            ProfileEntry(
                id=profile.id,
                channel_id=profile.channel,
                channel=names.channel(profile.channel),
                channel_closed=channel is not None and channel.closed_on is not None,
                handle=profile.handle,
                name=profile.name,
                url=profile.url,
                unit=names.unit(profile.unit) or profile.unit,
                state=profile.state,
                state_since=profile.state_since,
                opened_on=profile.opened_on,
                objectives=profile.objectives,
                theme=(notes.theme if notes and notes.theme else _text(profile.theme)),
                audience=(notes.audience if notes and notes.audience else audience),
                functionality=(
                    notes.functionality
                    if notes and notes.functionality
                    else _text(profile.functionality)
                ),
                editorial_line=(
                    notes.editorial_line
                    if notes and notes.editorial_line
                    else _text(profile.editorial_line)
                ),
                languages=profile.languages,
                owner=names.person(profile.owner),
                backups=names.people(profile.responsible[1:]),
                contact_email=profile.contact_email,
            )
        )
    entries.sort(key=lambda e: (STATE_ORDER.index(e.state), e.unit, e.channel, e.handle))
    return tuple(entries)


def _image_sizes(
    names: Names, manual: ManualContent | None, policy: Policy | None
) -> tuple[ImageSizeEntry, ...]:
    used = sorted(
        {p.channel for p in names.snapshot.profiles if p.state in _IN_USE},
        key=names.channel,
    )
    sizes: dict[tuple[str, ImageKind], ImageSizeEntry] = {}
    specs = media_specs()
    for channel in used:
        spec = specs.get(channel)
        for kind, image in (
            (ImageKind.AVATAR, spec and spec.avatar),
            (ImageKind.HEADER, spec and spec.header),
        ):
            if image and (image.width or image.height):
                sizes[(channel, kind)] = ImageSizeEntry(
                    channel, names.channel(channel), kind, image.width, image.height, "network"
                )
        for rule_id, kind in _SIZE_RULES.items():
            width, height = _rule_minimum(policy, rule_id, channel)
            if width or height:
                known = sizes.get((channel, kind))
                sizes[(channel, kind)] = ImageSizeEntry(
                    channel,
                    names.channel(channel),
                    kind,
                    max(width, known.width or 0) if known else width or None,
                    max(height, known.height or 0) if known else height or None,
                    "rules",
                )
    for size in manual.style.image_sizes if manual and manual.style else ():
        sizes[(size.channel, size.kind)] = ImageSizeEntry(
            size.channel,
            names.channel(size.channel),
            size.kind,
            size.width,
            size.height,
            "manual",
            size.notes,
        )
    kinds = tuple(ImageKind)
    return tuple(sorted(sizes.values(), key=lambda s: (s.channel.casefold(), kinds.index(s.kind))))


def _rule_minimum(policy: Policy | None, rule_id: str, channel: str) -> tuple[int, int]:
    """``min_width`` and ``min_height`` the organisation-wide rule entries give ``channel``."""
    width = height = 0
    for rule in policy.rules if policy else ():
        if rule.id != rule_id or rule.scope is not ScopeKind.ORGANISATION or not rule.enabled:
            continue
        if rule.channel not in (None, channel):
            continue
        w, h = rule.params.get("min_width", 0), rule.params.get("min_height", 0)
        width = w if isinstance(w, int) and not isinstance(w, bool) and w > 0 else width
        height = h if isinstance(h, int) and not isinstance(h, bool) and h > 0 else height
    return width, height


def _style(names: Names, manual: ManualContent | None, policy: Policy | None) -> Style | None:
    guide = manual.style if manual else None
    sizes = _image_sizes(names, manual, policy)
    hashtags = policy.official_hashtags if policy else ()
    if guide is None and not sizes and not hashtags:
        return None
    return Style(
        logos=guide.logos if guide else (),
        colours=guide.colours if guide else (),
        typefaces=guide.typefaces if guide else (),
        image_sizes=sizes,
        hashtags=hashtags,
        notes=guide.notes if guide else None,
    )


def _blogs(names: Names, manual: ManualContent | None) -> tuple[BlogEntry, ...] | None:
    if manual is None or manual.blogs is None:
        return None
    return tuple(
        BlogEntry(
            id=blog.id,
            kind=blog.kind,
            name=blog.name,
            url=blog.url,
            unit=names.unit(blog.unit),
            holder=names.person(blog.holder),
            maintainers=names.people(blog.maintainers),
            profile=names.profile(blog.profile),
            objectives=blog.objectives,
            guidelines=blog.guidelines,
        )
        for blog in manual.blogs
    )


def _crisis(names: Names, manual: ManualContent | None) -> Crisis | None:
    crisis = manual.crisis if manual else None
    if crisis is None:
        return None
    return Crisis(
        summary=crisis.summary,
        spokesperson=names.person(crisis.spokesperson),
        team=names.people(crisis.team),
        levels=tuple(
            CrisisLevelEntry(
                id=level.id,
                name=level.name,
                criteria=level.criteria,
                actions=level.actions,
                respond_within_hours=level.respond_within_hours,
                notify=names.people(level.notify),
            )
            for level in crisis.levels
        ),
        steps=crisis.steps,
    )


def _commitments(
    names: Names, policy: Policy | None, snapshot: OrganisationSnapshot
) -> Commitments | None:
    if policy is None or not (policy.office_hours or policy.response_targets):
        return None
    return Commitments(
        office_hours=policy.office_hours,
        response_targets=tuple(
            TargetEntry(
                hours=target.hours,
                business_hours=target.business_hours,
                channel_id=target.channel,
                channel=names.channel(target.channel) if target.channel else None,
                kind=target.kind,
            )
            for target in policy.response_targets
        ),
        timezone=snapshot.organisation.timezone,
        holiday_region=snapshot.organisation.holiday_region,
    )


def _electoral(policy: Policy | None, today: date) -> tuple[ElectoralEntry, ...]:
    entries = []
    for period in sorted(policy.electoral_periods if policy else (), key=lambda p: p.starts_on):
        if period.ends_on < today:
            status = PeriodStatus.PAST
        elif period.starts_on > today:
            status = PeriodStatus.UPCOMING
        else:
            status = PeriodStatus.CURRENT
        entries.append(ElectoralEntry(period.name, period.starts_on, period.ends_on, status))
    return tuple(entries)
