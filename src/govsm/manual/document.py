"""The usage manual as one language-independent value: what the renderers turn into pages.

Every text that depends on the language is either a label key (translated by
:mod:`~govsm.manual.labels`) or a :class:`~govsm.model.LocalizedText` from the
workspace; everything else is data (names, dates, numbers, ids). The document goes through the
one converter unchanged, so the audit report can carry it (see
:mod:`~govsm.builtin.manual`).
"""

from __future__ import annotations

import enum
from datetime import date

from attrs import frozen

from govsm.model import (
    BlogKind,
    Colour,
    ImageKind,
    LifecycleState,
    LocalizedText,
    Logo,
    OfficeHours,
    RequestPrerequisites,
    ResourceKind,
    Role,
    ScopeKind,
    Typeface,
)


class SectionId(enum.StrEnum):
    """The sections of the manual, in the order it shows them."""

    COORDINATION = "coordination"
    PROCEDURE = "procedure"
    RESOURCES = "resources"
    RESPONSIBILITIES = "responsibilities"
    VALIDATION = "validation"
    PROFILES = "profiles"
    STYLE = "style"
    BLOGS = "blogs"
    CRISIS = "crisis"
    COMMITMENTS = "commitments"
    ELECTORAL = "electoral"


class Completeness(enum.StrEnum):
    """How much of a section the workspace fills."""

    FILLED = "filled"
    PARTIAL = "partial"
    MISSING = "missing"


@frozen
class SectionStatus:
    """Whether a section is filled, and which ``govsm.toml`` keys would complete it.

    :param section: see :class:`SectionId`.
    :param completeness: see :class:`Completeness`.
    :param keys: the keys still to declare (empty when filled).
    """

    section: SectionId
    completeness: Completeness
    keys: tuple[str, ...] = ()


@frozen
class PersonRef:
    """A person as the manual names them.

    :param id: the person's id.
    :param name: full name.
    :param office: their political office, if they hold one.
    :param email: institutional address.
    :param unit: the name of their área.
    :param left_on: the day they left the organisation, if they have (a profile they still own
        must be transferred).
    """

    id: str
    name: str
    office: str | None = None
    email: str | None = None
    unit: str | None = None
    left_on: date | None = None


@frozen
class ProfileRef:
    """A profile as the manual names it elsewhere: its account and network.

    :param id: the profile's id.
    :param handle: the account.
    :param channel_id: the network's channel id.
    :param channel: the network's name, as its plugin declares it.
    """

    id: str
    handle: str
    channel_id: str
    channel: str


@frozen
class Coordination:
    """The coordinating área: who opens profiles, keeps the manual and approves.

    :param unit: the área's name.
    :param email: its address.
    :param head: the person at its head.
    :param coordinators: people with the coordinator role.
    :param approvers: people who may approve for the whole organisation.
    :param website: the organisation's web site.
    :param sede_url: its *sede electrónica*.
    """

    unit: str
    email: str | None
    head: PersonRef | None
    coordinators: tuple[PersonRef, ...]
    approvers: tuple[PersonRef, ...]
    website: str | None = None
    sede_url: str | None = None


@frozen
class StateCount:
    """A lifecycle state and how many profiles are in it now."""

    state: LifecycleState
    profiles: int


@frozen
class Procedure:
    """How profiles are requested, decided, opened, transferred and retired.

    :param states: every lifecycle state, in order, with its profiles.
    :param request_waiting_days: a request waits at most this long for a decision.
    :param dormant_after_days: a profile silent this long is dormant.
    :param how_to_request: the organisation's notes, see :class:`~govsm.model.ProcedureNotes`.
    :param form_url: the request form.
    :param decision: who decides and how.
    :param transfer: how a profile changes hands.
    :param retirement: how a profile is archived.
    """

    states: tuple[StateCount, ...]
    request_waiting_days: int
    dormant_after_days: int
    how_to_request: LocalizedText | None = None
    form_url: str | None = None
    decision: LocalizedText | None = None
    transfer: LocalizedText | None = None
    retirement: LocalizedText | None = None


@frozen
class ResourceEntry:
    """A resource, with its área and person named.

    :param kind: see :class:`~govsm.model.ResourceKind`.
    :param name: what it is.
    :param description: what it is for.
    :param unit: the name of the área that provides it.
    :param person: who is in charge of it.
    :param hours_per_week: time per week.
    """

    kind: ResourceKind
    name: LocalizedText
    description: LocalizedText | None = None
    unit: str | None = None
    person: PersonRef | None = None
    hours_per_week: float | None = None


class Activity(enum.StrEnum):
    """The activities of the responsibility (RACI) matrix, in its column order."""

    PROFILES = "profiles"
    POSTS = "posts"
    APPROVAL = "approval"
    REPLIES = "replies"
    MANUAL = "manual"
    CRISIS = "crisis"


@frozen
class Assignment:
    """A role a person holds, where, and until when.

    :param role: see :class:`~govsm.model.Role`.
    :param scope: see :class:`~govsm.model.ScopeKind`.
    :param target: the name of the área, for a role scoped to one.
    :param profile: the profile, for a role scoped to one.
    :param until: its last day, when limited.
    """

    role: Role
    scope: ScopeKind
    target: str | None = None
    profile: ProfileRef | None = None
    until: date | None = None


@frozen
class RaciRow:
    """One person's row of the matrix.

    :param person: who.
    :param assignments: the roles behind the letters.
    :param owns: the live profiles they own (first responsible).
    :param cells: the letters (``R``, ``A``, ``C``, ``I``, combined) for each
        :class:`Activity`, in order; empty when not involved.
    """

    person: PersonRef
    assignments: tuple[Assignment, ...]
    owns: tuple[ProfileRef, ...]
    cells: tuple[str, ...]


@frozen
class RaciMatrix:
    """Who is Responsible, Accountable, Consulted and Informed for each activity.

    :param activities: the columns.
    :param rows: one per person with a role in force, or a profile, or a place in the crisis
        team.
    """

    activities: tuple[Activity, ...]
    rows: tuple[RaciRow, ...]


@frozen
class ApprovalPath:
    """How messages in one scope reach the network.

    :param scope: the organisation (the default), an área or a profile.
    :param target: the área's name, for an área's path.
    :param tiers: approvals needed, each by a different person.
    :param replies: whether replies to citizens need them too.
    :param approvers: who may approve there.
    :param profile: the profile, for a profile's path.
    """

    scope: ScopeKind
    target: str | None
    tiers: int
    replies: bool
    approvers: tuple[PersonRef, ...]
    profile: ProfileRef | None = None


@frozen
class ApprovalFlow:
    """The approval flow: the organisation's default path first, then the exceptions.

    :param paths: see :class:`ApprovalPath`.
    """

    paths: tuple[ApprovalPath, ...]


@frozen
class Responsibilities:
    """The responsibility matrix and the approval flow.

    :param raci: see :class:`RaciMatrix`.
    :param flow: see :class:`ApprovalFlow`.
    """

    raci: RaciMatrix
    flow: ApprovalFlow


@frozen
class Validation:
    """What a request to open a profile must show before it is approved.

    The four criteria (objectives, theme, audience, functionality) are always asked; the
    prerequisites are the organisation's.

    :param prerequisites: see :class:`~govsm.model.RequestPrerequisites`.
    :param domains: the organisation's domains (for the institutional e-mail).
    """

    prerequisites: RequestPrerequisites
    domains: tuple[str, ...] = ()


@frozen
class ProfileEntry:
    """A profile as the manual lists it.

    :param id: its id.
    :param channel_id: the network's channel id.
    :param channel: the network's name.
    :param channel_closed: whether the network has shut down.
    :param handle: the account.
    :param name: display name.
    :param url: address.
    :param unit: the name of its área.
    :param state: its lifecycle state.
    :param state_since: since when.
    :param opened_on: when it was opened.
    :param objectives: its objectives, as written (known ones are translated).
    :param theme: what it talks about.
    :param audience: who it addresses.
    :param functionality: why the network suits it.
    :param editorial_line: tone and content.
    :param languages: languages it publishes in.
    :param owner: who answers for it.
    :param backups: the other responsible people.
    :param contact_email: the address the account is registered with.
    """

    id: str
    channel_id: str
    channel: str
    channel_closed: bool
    handle: str
    name: str | None
    url: str | None
    unit: str
    state: LifecycleState
    state_since: date | None
    opened_on: date | None
    objectives: tuple[str, ...]
    theme: LocalizedText | None
    audience: LocalizedText | None
    functionality: LocalizedText | None
    editorial_line: LocalizedText | None
    languages: tuple[str, ...]
    owner: PersonRef | None
    backups: tuple[PersonRef, ...]
    contact_email: str | None


@frozen
class ImageSizeEntry:
    """The size of one kind of image on one network, and where the figure comes from.

    :param channel_id: the network's channel id.
    :param channel: the network's name.
    :param kind: see :class:`~govsm.model.ImageKind`.
    :param width: pixels.
    :param height: pixels.
    :param source: ``manual`` (the style manual), ``rules`` (the avatar-size and header-size
        rules' parameters) or ``network`` (what govsm knows of the network).
    :param notes: the style manual's notes.
    """

    channel_id: str
    channel: str
    kind: ImageKind
    width: int | None
    height: int | None
    source: str
    notes: LocalizedText | None = None


@frozen
class Style:
    """The style manual: logos, colours, typefaces, image sizes and the official hashtags.

    :param logos: see :class:`~govsm.model.Logo`.
    :param colours: see :class:`~govsm.model.Colour`.
    :param typefaces: see :class:`~govsm.model.Typeface`.
    :param image_sizes: see :class:`ImageSizeEntry`.
    :param hashtags: the policy's official hashtags.
    :param notes: the style manual's notes.
    """

    logos: tuple[Logo, ...] = ()
    colours: tuple[Colour, ...] = ()
    typefaces: tuple[Typeface, ...] = ()
    image_sizes: tuple[ImageSizeEntry, ...] = ()
    hashtags: tuple[str, ...] = ()
    notes: LocalizedText | None = None


@frozen
class BlogEntry:
    """A corporate blog, with its people named.

    :param id: its id.
    :param kind: see :class:`~govsm.model.BlogKind`.
    :param name: its title.
    :param url: its address.
    :param unit: the name of its área.
    :param holder: the office holder who signs it.
    :param maintainers: who keeps it up to date.
    :param profile: the profile that publishes it.
    :param objectives: what it is for.
    :param guidelines: its publication guidelines.
    """

    id: str
    kind: BlogKind
    name: LocalizedText
    url: str | None = None
    unit: str | None = None
    holder: PersonRef | None = None
    maintainers: tuple[PersonRef, ...] = ()
    profile: ProfileRef | None = None
    objectives: LocalizedText | None = None
    guidelines: LocalizedText | None = None


@frozen
class CrisisLevelEntry:
    """A level of the crisis protocol, with the people to notify named.

    :param id: its id.
    :param name: its name.
    :param criteria: when it applies.
    :param actions: what to do.
    :param respond_within_hours: how soon to speak in public.
    :param notify: whom to tell.
    """

    id: str
    name: LocalizedText
    criteria: LocalizedText
    actions: LocalizedText
    respond_within_hours: float | None = None
    notify: tuple[PersonRef, ...] = ()


@frozen
class Crisis:
    """The crisis protocol.

    :param summary: in a paragraph.
    :param spokesperson: who speaks for the organisation.
    :param team: the crisis team.
    :param levels: see :class:`CrisisLevelEntry`.
    :param steps: the steps, in order.
    """

    summary: LocalizedText | None = None
    spokesperson: PersonRef | None = None
    team: tuple[PersonRef, ...] = ()
    levels: tuple[CrisisLevelEntry, ...] = ()
    steps: tuple[LocalizedText, ...] = ()


@frozen
class TargetEntry:
    """A response commitment.

    :param hours: the target.
    :param business_hours: whether the clock runs only in office hours.
    :param channel_id: the network's channel id, when limited to one.
    :param channel: the network's name, when limited to one.
    :param kind: ``mention``, ``comment`` or ``direct``, when limited to one.
    """

    hours: float
    business_hours: bool
    channel_id: str | None = None
    channel: str | None = None
    kind: str | None = None


@frozen
class Commitments:
    """When the networks are attended, and how fast citizens get an answer.

    :param office_hours: see :class:`~govsm.model.OfficeHours`.
    :param response_targets: see :class:`TargetEntry`.
    :param timezone: the organisation's time zone.
    :param holiday_region: its holiday calendar.
    """

    office_hours: tuple[OfficeHours, ...]
    response_targets: tuple[TargetEntry, ...]
    timezone: str
    holiday_region: str | None = None


class PeriodStatus(enum.StrEnum):
    """Where an electoral period is, seen from the day the manual is made."""

    PAST = "past"
    CURRENT = "current"
    UPCOMING = "upcoming"


@frozen
class ElectoralEntry:
    """An electoral period.

    :param name: its name.
    :param starts_on: the call of the election.
    :param ends_on: polling day.
    :param status: see :class:`PeriodStatus`.
    """

    name: str
    starts_on: date
    ends_on: date
    status: PeriodStatus


@frozen
class ManualDocument:
    """The whole usage manual, independent of the language it is shown in.

    A section the workspace does not fill is ``None`` (or empty); :attr:`status` says which.

    :param organisation: the organisation's id.
    :param organisation_name: its name.
    :param languages: its official languages, in order.
    :param generated_on: the day the manual describes (roles in force, electoral calendar).
    :param policy_version: the policy's version.
    :param effective_on: the day that version came into force.
    :param title: the manual's own title, if it gives one.
    :param introduction: what it is for.
    :param approved_by: who approved it.
    :param status: every section's :class:`SectionStatus`, in order.
    """

    organisation: str
    organisation_name: str
    languages: tuple[str, ...]
    generated_on: date
    status: tuple[SectionStatus, ...]
    policy_version: str | None = None
    effective_on: date | None = None
    title: LocalizedText | None = None
    introduction: LocalizedText | None = None
    approved_by: LocalizedText | None = None
    coordination: Coordination | None = None
    procedure: Procedure | None = None
    resources: tuple[ResourceEntry, ...] = ()
    responsibilities: Responsibilities | None = None
    validation: Validation | None = None
    profiles: tuple[ProfileEntry, ...] = ()
    style: Style | None = None
    blogs: tuple[BlogEntry, ...] | None = None
    crisis: Crisis | None = None
    commitments: Commitments | None = None
    electoral: tuple[ElectoralEntry, ...] = ()

    def section_status(self, section: SectionId | str) -> SectionStatus:
        """The status of ``section`` (a :class:`SectionId` or its value)."""
        for status in self.status:
            if status.section == section:
                return status
        return SectionStatus(SectionId(section), Completeness.MISSING)
