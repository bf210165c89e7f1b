"""The governance API: requests, lifecycle, delegations and four-eyes approval, recorded.

Every method takes the person who acts (``by``) and checks their roles
(:mod:`govsm.ledger.permissions`) before anything else; a viewer, or anyone without the
role in that scope, gets :class:`~govsm.errors.PermissionDenied`. What is done is validated
against the record (:mod:`govsm.ledger.record`) and written with the audit entries that
record it in one transaction (:meth:`govsm.store.Store.record`): who, when and why, hash-chained.
Illegal lifecycle transitions and decisions on requests that are no longer pending raise
:class:`~govsm.errors.GovernanceError`; nothing is written then.

>>> from govsm.testing.governance import small_governance
>>> gov = small_governance()
>>> gov.permissions().allows("edu", Action.APPROVE_MESSAGE, gov.today())
False
>>> gov.permissions().allows("ana", Action.APPROVE_MESSAGE, gov.today())
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import attrs

from govsm.errors import GovernanceError, PermissionDenied
from govsm.ledger import lifecycle
from govsm.ledger import record as rec
from govsm.ledger.approvals import Approval, content_digest, tiers_for, valid_approvals
from govsm.ledger.chain import AuditEvent
from govsm.ledger.permissions import Action, Grant, Permissions
from govsm.ledger.prerequisites import Shortfall, shortfalls
from govsm.ledger.record import GovernanceRecord, advance, fold
from govsm.model import (
    Channel,
    ChannelStatus,
    Delegation,
    Direction,
    LifecycleState,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
    Profile,
    ProfileRequest,
    RequestState,
    Role,
)
from govsm.serialization import unstructure

if TYPE_CHECKING:
    from govsm.spec.workspace import WorkspaceView
    from govsm.store import Store

_EDITABLE = frozenset(
    {
        MessageState.DRAFT,
        MessageState.PENDING_APPROVAL,
        MessageState.APPROVED,
        MessageState.SCHEDULED,
        MessageState.FAILED,
    }
)


@attrs.frozen
class PendingApproval:
    """A message waiting for an approval.

    :param message: the message.
    :param tier: the tier it waits for (1 is the first).
    :param tiers: how many it needs.
    :param submitted_by: who sent it for approval.
    :param submitted_at: when.
    :param approvers: who may approve it now (own roles; the author and earlier approvers left
        out).
    """

    message: Message
    tier: int
    tiers: int
    submitted_by: str
    submitted_at: datetime
    approvers: tuple[str, ...]


class Governance:
    """One organisation's governance, over its store.

    :param store: where the organisation and its audit log are.
    :param organisation: the organisation's id.
    :param channels: the channels govsm knows (from the plugins), by id.
    :param clock: what "now" is (tests and replays pass their own).
    """

    def __init__(
        self,
        store: Store,
        organisation: str,
        channels: Mapping[str, Channel],
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._store = store
        self._org = organisation
        self._channels = dict(channels)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._journal: str | None = None
        self._cache: GovernanceRecord | None = None

    @classmethod
    def of(cls, workspace: WorkspaceView) -> Governance:
        """The governance of a workspace's organisation (load the workspace first)."""
        return cls(workspace.store, workspace.organisation.id, workspace.channels())

    @contextmanager
    def journal_line(self, line: str) -> Iterator[None]:
        """Record ``line`` (a journal line's id) in every entry written inside the block.

        :mod:`govsm.governance.journal` uses it so that replaying a journal twice applies each
        line once.
        """
        self._journal = line
        try:
            yield
        finally:
            self._journal = None

    # -- reading ------------------------------------------------------------------------------

    @property
    def organisation(self) -> str:
        """The organisation's id."""
        return self._org

    def now(self) -> datetime:
        """The clock's current instant."""
        return self._clock()

    def today(self) -> date:
        """Today in the organisation's time zone."""
        from zoneinfo import ZoneInfo

        zone = self._store.snapshot(self._org).organisation.timezone
        return self._clock().astimezone(ZoneInfo(zone)).date()

    def record(self) -> GovernanceRecord:
        """The record as the audit log holds it now.

        The first call reads the whole log; later calls read only the entries appended since
        (the last entry read is read again, and if its hash changed — a store rewritten under
        this object — the whole log is read again). The result is a copy the caller may keep.
        """
        cached = self._cache
        if cached is None or cached.head == 0:
            record = fold(self._org, self._store.audit_entries(self._org))
        else:
            newer = self._store.audit_entries(self._org, after=cached.head - 1)
            if not newer or newer[0].seq != cached.head or newer[0].hash != cached.head_hash:
                record = fold(self._org, self._store.audit_entries(self._org))
            else:
                record = advance(cached.copy(), newer[1:])
        self._cache = record
        return record.copy()

    def snapshot(self) -> OrganisationSnapshot:
        """The organisation as stored (profiles opened through requests included)."""
        return self._store.snapshot(self._org)

    def permissions(self, record: GovernanceRecord | None = None) -> Permissions:
        """The roles in force, with the record's delegations."""
        record = record or self.record()
        return Permissions(self.snapshot(), record.delegations.values())

    def profile(self, profile: str) -> Profile:
        """A stored profile.

        :raises GovernanceError: there is none with that id.
        """
        for candidate in self._store.profiles(self._org):
            if candidate.id == profile:
                return candidate
        raise GovernanceError(
            f"«{self._org}» no tiene el perfil «{profile}»",
            f"'{self._org}' has no profile '{profile}'",
        )

    def message(self, message: str) -> Message:
        """A stored message.

        :raises GovernanceError: there is none with that id.
        """
        found = self._store.message(self._org, message)
        if found is None:
            raise GovernanceError(
                f"«{self._org}» no tiene el mensaje «{message}»",
                f"'{self._org}' has no message '{message}'",
            )
        return found

    def request(self, request: str, record: GovernanceRecord | None = None) -> ProfileRequest:
        """A recorded profile request.

        :raises GovernanceError: there is none with that id.
        """
        found = (record or self.record()).requests.get(request)
        if found is None:
            raise GovernanceError(
                f"no hay ninguna solicitud «{request}» en «{self._org}»",
                f"there is no request '{request}' in '{self._org}'",
            )
        return found

    # -- writing ------------------------------------------------------------------------------

    def _event(
        self, at: datetime, actor: str, action: str, subject: str, **details: Any
    ) -> AuditEvent:
        clean = {k: v for k, v in details.items() if v is not None}
        if self._journal is not None:
            clean["journal"] = self._journal
        return AuditEvent(at, actor, action, subject, clean)

    def _write(
        self,
        record: GovernanceRecord,
        events: Sequence[AuditEvent],
        *,
        profiles: Sequence[Profile] = (),
        messages: Sequence[Message] = (),
    ) -> None:
        self._store.record(
            self._org, events, expected_head=record.head, profiles=profiles, messages=messages
        )

    def _day(self, at: datetime) -> date:
        from zoneinfo import ZoneInfo

        zone = self._store.snapshot(self._org).organisation.timezone
        return at.astimezone(ZoneInfo(zone)).date()

    def _own(self, what_es: str, what_en: str, key: str, organisation: str) -> None:
        if organisation != self._org:
            raise GovernanceError(
                f"{what_es} «{key}» es de «{organisation}», no de «{self._org}»",
                f"{what_en} '{key}' belongs to '{organisation}', not to '{self._org}'",
            )

    # -- profile requests ---------------------------------------------------------------------

    def shortfalls(self, request: ProfileRequest, *, on: date | None = None) -> list[Shortfall]:
        """What ``request`` lacks (see :func:`govsm.ledger.prerequisites.shortfalls`)."""
        snapshot = self.snapshot()
        return shortfalls(
            request,
            policy=snapshot.policy,
            people={p.id: p for p in snapshot.people},
            channels=self._channels,
            profiles=snapshot.profiles,
            own_domains=snapshot.organisation.domains,
            today=on or self.today(),
        )

    def submit_request(
        self, request: ProfileRequest, *, by: str, at: datetime | None = None
    ) -> ProfileRequest:
        """File a request to open a profile, for the request's unit.

        It takes an editor or coordinator role over that unit. The request is recorded even if
        incomplete (:meth:`shortfalls` says what is missing); it cannot be approved until it is
        complete.

        :raises GovernanceError: a request or profile with that id exists already.
        """
        at = at or self.now()
        record = self.record()
        self.permissions(record).require(
            by, Action.SUBMIT_REQUEST, self._day(at), unit=request.unit
        )
        self._own("la solicitud", "request", request.id, request.organisation)
        if request.unit not in {u.id for u in self.snapshot().units}:
            raise GovernanceError(
                f"«{self._org}» no tiene la unidad «{request.unit}»",
                f"'{self._org}' has no unit '{request.unit}'",
            )
        if request.id in record.requests:
            raise GovernanceError(
                f"ya hay una solicitud «{request.id}»", f"there is a request '{request.id}' already"
            )
        if any(p.id == request.profile for p in self._store.profiles(self._org)):
            raise GovernanceError(
                f"ya existe un perfil «{request.profile}»: elija otro identificador",
                f"a profile '{request.profile}' exists already: choose another id",
            )
        filed = attrs.evolve(
            request,
            requested_by=by,
            requested_at=at,
            state=RequestState.PENDING,
            decided_by=None,
            decided_at=None,
            reason=None,
        )
        data = unstructure(filed)
        missing = [s.key for s in self.shortfalls(filed, on=self._day(at))]
        event = self._event(
            at, by, rec.REQUEST_SUBMITTED, filed.id, request=data, missing=missing or None
        )
        self._write(record, [event])
        return filed

    def _pending(self, record: GovernanceRecord, request: str) -> ProfileRequest:
        found = self.request(request, record)
        if found.state is not RequestState.PENDING:
            raise GovernanceError(
                f"la solicitud «{request}» ya está «{found.state}»"
                + (
                    f" ({found.decided_by}, {found.decided_at:%Y-%m-%d})"
                    if found.decided_at
                    else ""
                ),
                f"request '{request}' is already '{found.state}'"
                + (
                    f" ({found.decided_by}, {found.decided_at:%Y-%m-%d})"
                    if found.decided_at
                    else ""
                ),
            )
        return found

    def approve_request(
        self, request: str, *, by: str, reason: str | None = None, at: datetime | None = None
    ) -> Profile:
        """Approve a complete request: the profile exists from now on, in state ``approved``.

        It takes a coordinator of the organisation or of the coordinating unit.

        :return: the new profile (add it to ``govsm.toml`` when it is opened).
        :raises GovernanceError: the request is not pending, or it still lacks something (the
            message lists what).
        """
        at = at or self.now()
        record = self.record()
        self.permissions(record).require(by, Action.DECIDE_REQUEST, self._day(at))
        pending = self._pending(record, request)
        _not_own_request(pending, by)
        if any(p.id == pending.profile for p in self._store.profiles(self._org)):
            raise GovernanceError(
                f"la solicitud «{request}» no se puede aprobar: ya existe un perfil "
                f"«{pending.profile}»",
                f"request '{request}' cannot be approved: a profile '{pending.profile}' exists "
                "already",
            )
        missing = self.shortfalls(pending, on=self._day(at))
        if missing:
            raise GovernanceError(
                f"la solicitud «{request}» no se puede aprobar; le falta: "
                + "; ".join(s.message.es for s in missing),
                f"request '{request}' cannot be approved; it lacks: "
                + "; ".join(s.message.en for s in missing),
            )
        profile = Profile(
            organisation=self._org,
            id=pending.profile,
            channel=pending.channel,
            handle=pending.handle or pending.profile,
            unit=pending.unit,
            objectives=tuple(o.value for o in pending.objectives),
            theme=pending.theme,
            audience=pending.audience,
            functionality=pending.functionality,
            editorial_line=pending.editorial_line,
            languages=pending.languages,
            responsible=tuple(p for p in (pending.owner, *pending.backups) if p is not None),
            contact_email=pending.contact_email,
            state=LifecycleState.APPROVED,
            state_since=self._day(at),
        )
        events = [
            self._event(at, by, rec.REQUEST_APPROVED, request, reason=reason, profile=profile.id),
            self._event(
                at,
                by,
                rec.PROFILE_REGISTERED,
                profile.id,
                state=profile.state.value,
                channel=profile.channel,
                handle=profile.handle,
                unit=profile.unit,
                source=f"request:{request}",
            ),
        ]
        self._write(record, events, profiles=[profile])
        return profile

    def reject_request(
        self, request: str, *, by: str, reason: str, at: datetime | None = None
    ) -> ProfileRequest:
        """Reject a pending request, with a reason (a coordinator's decision)."""
        at = at or self.now()
        if not reason.strip():
            raise GovernanceError(
                "rechazar una solicitud exige un motivo", "rejecting a request takes a reason"
            )
        record = self.record()
        self.permissions(record).require(by, Action.DECIDE_REQUEST, self._day(at))
        pending = self._pending(record, request)
        _not_own_request(pending, by)
        self._write(record, [self._event(at, by, rec.REQUEST_REJECTED, request, reason=reason)])
        return attrs.evolve(
            pending, state=RequestState.REJECTED, decided_by=by, decided_at=at, reason=reason
        )

    def withdraw_request(
        self, request: str, *, by: str, reason: str | None = None, at: datetime | None = None
    ) -> ProfileRequest:
        """Withdraw a pending request (its unit's editors or a coordinator)."""
        at = at or self.now()
        record = self.record()
        self.permissions(record).require(
            by, Action.WITHDRAW_REQUEST, self._day(at), unit=self.request(request, record).unit
        )
        pending = self._pending(record, request)
        self._write(record, [self._event(at, by, rec.REQUEST_WITHDRAWN, request, reason=reason)])
        return attrs.evolve(pending, state=RequestState.WITHDRAWN, reason=reason)

    # -- lifecycle ----------------------------------------------------------------------------

    def _change_profile(
        self, profile: str, by: str, at: datetime, reason: str
    ) -> tuple[GovernanceRecord, Profile]:
        if not reason.strip():
            raise GovernanceError(
                "todo cambio de un perfil exige un motivo",
                "every change to a profile takes a reason",
            )
        record = self.record()
        current = self.profile(profile)
        self.permissions(record).require(by, Action.CHANGE_PROFILE, self._day(at), profile=profile)
        return record, current

    def transition(
        self,
        profile: str,
        to: LifecycleState,
        *,
        by: str,
        reason: str,
        at: datetime | None = None,
    ) -> Profile:
        """Move a profile to another lifecycle state (a coordinator's change, with a reason).

        ``requested``, ``approved`` and ``rejected`` belong to requests: use
        :meth:`approve_request` and :meth:`reject_request`.

        :raises GovernanceError: the transition is not allowed
            (:func:`govsm.ledger.lifecycle.check_transition`).
        """
        at = at or self.now()
        record, current = self._change_profile(profile, by, at, reason)
        to = LifecycleState(to)
        if to in lifecycle.REQUEST_STATES:
            raise GovernanceError(
                f"el perfil «{profile}» no puede pasar a «{to}» con una transición: ese estado "
                "lo da una solicitud (submit_request, approve_request, reject_request)",
                f"profile '{profile}' cannot become '{to}' through a transition: that state comes "
                "from a request (submit_request, approve_request, reject_request)",
            )
        lifecycle.check_transition(profile, current.state, to)
        if to is LifecycleState.ACTIVE and current.channel in self._channels:
            channel = self._channels[current.channel]
            if channel.status is ChannelStatus.CLOSED or not channel.usable_on(self._day(at)):
                raise GovernanceError(
                    f"{channel.name} ha cerrado: el perfil «{profile}» no puede activarse",
                    f"{channel.name} has closed: profile '{profile}' cannot become active",
                )
        changed = attrs.evolve(current, state=to, state_since=self._day(at))
        event = self._event(
            at,
            by,
            rec.PROFILE_TRANSITIONED,
            profile,
            **{"from": current.state.value, "to": to.value, "reason": reason},
        )
        self._write(record, [event], profiles=[changed])
        return changed

    def transfer(
        self, profile: str, unit: str, *, by: str, reason: str, at: datetime | None = None
    ) -> Profile:
        """Hand a profile over to another unit (a coordinator's change, with a reason).

        :raises GovernanceError: the profile is not in a transferable state, the unit is unknown
            or it already owns the profile.
        """
        at = at or self.now()
        record, current = self._change_profile(profile, by, at, reason)
        units = {u.id for u in self.snapshot().units}
        if unit not in units:
            raise GovernanceError(
                f"«{self._org}» no tiene la unidad «{unit}»", f"'{self._org}' has no unit '{unit}'"
            )
        if unit == current.unit:
            raise GovernanceError(
                f"el perfil «{profile}» ya es de «{unit}»",
                f"profile '{profile}' is already {unit}'s",
            )
        self.permissions(record).require(by, Action.CHANGE_PROFILE, self._day(at), unit=unit)
        if current.state not in lifecycle.TRANSFERABLE:
            raise GovernanceError(
                f"el perfil «{profile}» está «{current.state}» y no se puede traspasar",
                f"profile '{profile}' is '{current.state}' and cannot be transferred",
            )
        changed = attrs.evolve(current, unit=unit)
        event = self._event(
            at,
            by,
            rec.PROFILE_TRANSFERRED,
            profile,
            from_unit=current.unit,
            unit=unit,
            reason=reason,
        )
        self._write(record, [event], profiles=[changed])
        return changed

    def retire(self, profile: str, *, by: str, reason: str, at: datetime | None = None) -> Profile:
        """Archive a profile because its network is deprecated or closed.

        :raises GovernanceError: the network is still active (use :meth:`transition` to archive
            for other reasons) or the profile cannot be archived from its state.
        """
        at = at or self.now()
        record, current = self._change_profile(profile, by, at, reason)
        channel = self._channels.get(current.channel)
        day = self._day(at)
        retiring = channel is not None and (
            channel.status is not ChannelStatus.ACTIVE or not channel.usable_on(day)
        )
        if channel is None or not retiring:
            name = channel.name if channel is not None else current.channel
            raise GovernanceError(
                f"{name} no está en retirada ni cerrada: archive el perfil «{profile}» con una "
                "transición si hay otro motivo",
                f"{name} is neither deprecated nor closed: archive profile '{profile}' with a "
                "transition if there is another reason",
            )
        lifecycle.check_transition(profile, current.state, LifecycleState.ARCHIVED)
        changed = attrs.evolve(current, state=LifecycleState.ARCHIVED, state_since=day)
        event = self._event(
            at,
            by,
            rec.PROFILE_RETIRED,
            profile,
            **{
                "from": current.state.value,
                "to": LifecycleState.ARCHIVED.value,
                "reason": reason,
                "channel_status": channel.status.value,
            },
        )
        self._write(record, [event], profiles=[changed])
        return changed

    # -- delegations --------------------------------------------------------------------------

    def delegate(
        self, delegation: Delegation, *, by: str, at: datetime | None = None
    ) -> Delegation:
        """Record a delegation: by the absent person themselves, or by a coordinator.

        :raises GovernanceError: a delegation with that id exists, or the delegate is not a
            current member of the organisation.
        """
        at = at or self.now()
        day = self._day(at)
        record = self.record()
        permissions = self.permissions(record)
        if by != delegation.person:
            permissions.require(by, Action.GRANT_DELEGATION, day)
        else:
            handed = {
                g.role
                for g in permissions.grants(by, day)
                if g.on_behalf_of is None and delegation.hands_over(g.role)
            }
            if not handed - {Role.VIEWER}:
                raise PermissionDenied(
                    f"«{by}» no tiene roles que delegar (un lector no cambia nada); un "
                    "coordinador puede registrar la delegación",
                    f"'{by}' holds no role to delegate (a viewer changes nothing); a coordinator "
                    "can record the delegation",
                )
        self._own("la delegación", "delegation", delegation.id, delegation.organisation)
        people = {p.id: p for p in self.snapshot().people}
        for who in (delegation.person, delegation.delegate):
            if who not in people:
                raise GovernanceError(
                    f"«{who}» no es una persona de «{self._org}»",
                    f"'{who}' is not a person of '{self._org}'",
                )
        gone = people[delegation.delegate].left_on
        if gone is not None and gone < max(day, delegation.starts_on):
            raise GovernanceError(
                f"«{delegation.delegate}» dejó la organización el {gone}: no puede cubrir "
                "una ausencia",
                f"'{delegation.delegate}' left the organisation on {gone}: they cannot cover an "
                "absence",
            )
        if delegation.id in record.delegations:
            raise GovernanceError(
                f"ya hay una delegación «{delegation.id}»",
                f"there is a delegation '{delegation.id}' already",
            )
        event = self._event(
            at, by, rec.DELEGATION_GRANTED, delegation.id, delegation=unstructure(delegation)
        )
        self._write(record, [event])
        return delegation

    def revoke_delegation(self, delegation: str, *, by: str, at: datetime | None = None) -> None:
        """End a delegation early (the absent person or a coordinator)."""
        at = at or self.now()
        record = self.record()
        found = record.delegations.get(delegation)
        if found is None:
            raise GovernanceError(
                f"no hay ninguna delegación «{delegation}» en vigor",
                f"there is no delegation '{delegation}' in force",
            )
        if by != found.person:
            self.permissions(record).require(by, Action.GRANT_DELEGATION, self._day(at))
        self._write(record, [self._event(at, by, rec.DELEGATION_REVOKED, delegation)])

    # -- messages and approval ----------------------------------------------------------------

    def _writer(self, record: GovernanceRecord, message: Message, by: str, at: datetime) -> Grant:
        action = Action.DRAFT_REPLY if message.kind is MessageKind.REPLY else Action.DRAFT_MESSAGE
        return self.permissions(record).require(by, action, self._day(at), profile=message.profile)

    def tiers(self, message: Message) -> int:
        """How many approvals ``message`` needs (see :func:`.approvals.tiers_for`)."""
        snapshot = self.snapshot()
        profile = self.profile(message.profile)
        units = Permissions(snapshot).unit_chain(profile.unit)
        return tiers_for(snapshot.policy, profile, message.kind, units)

    def draft(self, message: Message, *, by: str, at: datetime | None = None) -> Message:
        """Save a new outbound message as a draft written by ``by``.

        :raises GovernanceError: it is not outbound, or a message with that id exists.
        """
        at = at or self.now()
        if message.direction is not Direction.OUTBOUND:
            raise GovernanceError(
                "solo se redactan mensajes salientes", "only outbound messages are drafted"
            )
        record = self.record()
        self._writer(record, message, by, at)
        self._own("el mensaje", "message", message.id, message.organisation)
        if self._store.message(self._org, message.id) is not None:
            raise GovernanceError(
                f"ya existe un mensaje «{message.id}»", f"a message '{message.id}' exists already"
            )
        drafted = attrs.evolve(message, state=MessageState.DRAFT, author=by, created_at=at)
        event = self._event(
            at,
            by,
            rec.MESSAGE_DRAFTED,
            message.id,
            profile=message.profile,
            kind=message.kind.value,
            digest=content_digest(drafted),
        )
        self._write(record, [event], messages=[drafted])
        return drafted

    def edit(self, message: str, *, by: str, at: datetime | None = None, **changes: Any) -> Message:
        """Change a message's content (``text``, ``title``, ``media``, ``links``…).

        An edit after the message was submitted or approved sends it back to waiting for the
        first tier of approval: earlier approvals were for other words.

        :raises GovernanceError: the message is published or publishing, or a field cannot be
            changed this way.
        """
        at = at or self.now()
        allowed = {"text", "title", "content_warning", "media", "links", "language", "campaign"}
        unknown = sorted(set(changes) - allowed)
        if unknown:
            raise GovernanceError(
                f"no se puede cambiar {', '.join(unknown)} al editar; campos editables: "
                + ", ".join(sorted(allowed)),
                f"{', '.join(unknown)} cannot be changed by an edit; editable fields: "
                + ", ".join(sorted(allowed)),
            )
        record = self.record()
        current = self.message(message)
        self._writer(record, current, by, at)
        if current.state not in _EDITABLE:
            raise GovernanceError(
                f"el mensaje «{message}» está «{current.state}» y ya no se puede editar",
                f"message '{message}' is '{current.state}' and can no longer be edited",
            )
        edited = attrs.evolve(current, **changes)
        digest = content_digest(edited)
        if digest == content_digest(current) and edited == current:
            return current
        back = current.state is not MessageState.DRAFT
        tiers = self.tiers(edited) if back else 0
        if back:
            state = MessageState.PENDING_APPROVAL if tiers else MessageState.APPROVED
            edited = attrs.evolve(edited, state=state, scheduled_at=None)
        events = [
            self._event(
                at,
                by,
                rec.MESSAGE_EDITED,
                message,
                digest=digest,
                **{"from": current.state.value, "to": edited.state.value},
            )
        ]
        if back:
            events.append(
                self._event(
                    at,
                    by,
                    rec.MESSAGE_SUBMITTED,
                    message,
                    profile=edited.profile,
                    tiers=tiers,
                    digest=digest,
                    resubmitted=True,
                )
            )
        self._write(record, events, messages=[edited])
        return edited

    def submit(self, message: str, *, by: str, at: datetime | None = None) -> Message:
        """Send a draft for approval; with no tiers needed, it is approved at once.

        :raises GovernanceError: the message is not a draft (or a failed one).
        """
        at = at or self.now()
        record = self.record()
        current = self.message(message)
        self._writer(record, current, by, at)
        if current.state not in (MessageState.DRAFT, MessageState.FAILED):
            raise GovernanceError(
                f"el mensaje «{message}» está «{current.state}»: solo se envían a aprobación "
                "borradores",
                f"message '{message}' is '{current.state}': only drafts are sent for approval",
            )
        tiers = self.tiers(current)
        state = MessageState.PENDING_APPROVAL if tiers else MessageState.APPROVED
        submitted = attrs.evolve(current, state=state)
        event = self._event(
            at,
            by,
            rec.MESSAGE_SUBMITTED,
            message,
            profile=current.profile,
            tiers=tiers,
            digest=content_digest(current),
        )
        self._write(record, [event], messages=[submitted])
        return submitted

    def approve(
        self, message: str, *, by: str, comment: str | None = None, at: datetime | None = None
    ) -> Message:
        """Approve the next tier of a message waiting for approval.

        Nobody approves their own message, nor a message they (or the person they stand in
        for) already approved at an earlier tier; a delegate's approval records on whose behalf.
        The last tier makes the message ``approved``.

        :raises PermissionDenied: ``by`` is no approver for the profile, wrote the message or
            already approved it.
        :raises GovernanceError: the message is not waiting for approval.
        """
        at = at or self.now()
        record = self.record()
        current = self.message(message)
        grant = self.permissions(record).require(
            by, Action.APPROVE_MESSAGE, self._day(at), profile=current.profile
        )
        submission = record.submissions.get(message)
        if current.state is not MessageState.PENDING_APPROVAL or submission is None:
            raise GovernanceError(
                f"el mensaje «{message}» está «{current.state}», no pendiente de aprobación",
                f"message '{message}' is '{current.state}', not pending approval",
            )
        digest = content_digest(current)
        done = valid_approvals(submission.approvals, digest)
        authors = ({current.author, submission.author} | record.writers.get(message, set())) - {
            None
        }
        if by in authors or grant.on_behalf_of in authors:
            raise PermissionDenied(
                f"«{by}» no puede aprobar el mensaje «{message}»: nadie aprueba lo que ha "
                "escrito o enviado"
                + (f" (actúa por «{grant.on_behalf_of}», su autor)" if grant.on_behalf_of else ""),
                f"'{by}' cannot approve message '{message}': nobody approves what they wrote or "
                "submitted"
                + (
                    f" (acting for '{grant.on_behalf_of}', its author)"
                    if grant.on_behalf_of
                    else ""
                ),
            )
        earlier = {a.person for a in done} | {a.on_behalf_of for a in done if a.on_behalf_of}
        if by in earlier or (grant.on_behalf_of is not None and grant.on_behalf_of in earlier):
            raise PermissionDenied(
                f"«{by}» ya aprobó el mensaje «{message}» en un nivel anterior: cada nivel "
                "lo aprueba otra persona",
                f"'{by}' already approved message '{message}' at an earlier tier: each tier is "
                "approved by someone else",
            )
        tier = len(done) + 1
        final = tier >= submission.tiers
        approved = attrs.evolve(current, state=MessageState.APPROVED) if final else current
        event = self._event(
            at,
            by,
            rec.MESSAGE_APPROVED,
            message,
            tier=tier,
            tiers=submission.tiers,
            digest=digest,
            on_behalf_of=grant.on_behalf_of,
            comment=comment,
        )
        self._write(record, [event], messages=[approved] if final else [])
        return approved

    def reject(self, message: str, *, by: str, reason: str, at: datetime | None = None) -> Message:
        """Send a message waiting for approval back to draft, with a reason (an approver's)."""
        at = at or self.now()
        if not reason.strip():
            raise GovernanceError(
                "devolver un mensaje exige un motivo", "sending a message back takes a reason"
            )
        record = self.record()
        current = self.message(message)
        grant = self.permissions(record).require(
            by, Action.APPROVE_MESSAGE, self._day(at), profile=current.profile
        )
        if current.state is not MessageState.PENDING_APPROVAL:
            raise GovernanceError(
                f"el mensaje «{message}» está «{current.state}», no pendiente de aprobación",
                f"message '{message}' is '{current.state}', not pending approval",
            )
        back = attrs.evolve(current, state=MessageState.DRAFT)
        event = self._event(
            at, by, rec.MESSAGE_REJECTED, message, reason=reason, on_behalf_of=grant.on_behalf_of
        )
        self._write(record, [event], messages=[back])
        return back

    def approvals(self, message: str) -> list[Approval]:
        """The approvals that count for the message's current content, by tier."""
        submission = self.record().submissions.get(message)
        if submission is None:
            return []
        return valid_approvals(submission.approvals, content_digest(self.message(message)))

    def pending_approvals(self, *, on: date | None = None) -> list[PendingApproval]:
        """Messages waiting for approval, oldest submission first, with who may approve them."""
        record = self.record()
        permissions = Permissions(self.snapshot(), record.delegations.values())
        day = on or self.today()
        waiting: list[PendingApproval] = []
        for submission in sorted(record.submissions.values(), key=lambda s: (s.at, s.message)):
            message = self._store.message(self._org, submission.message)
            if message is None or message.state is not MessageState.PENDING_APPROVAL:
                continue
            done = valid_approvals(submission.approvals, content_digest(message))
            excluded = (
                {message.author, submission.author}
                | record.writers.get(submission.message, set())
                | {a.person for a in done}
                | {a.on_behalf_of for a in done if a.on_behalf_of}
            )
            approvers = tuple(
                p
                for p in permissions.holders(Action.APPROVE_MESSAGE, day, profile=message.profile)
                if p not in excluded
            )
            waiting.append(
                PendingApproval(
                    message=message,
                    tier=len(done) + 1,
                    tiers=submission.tiers,
                    submitted_by=submission.author,
                    submitted_at=submission.at,
                    approvers=approvers,
                )
            )
        return waiting


def _not_own_request(request: ProfileRequest, by: str) -> None:
    """Nobody decides a request they filed: a coordinator's own request needs another one."""
    if request.requested_by == by:
        from govsm.errors import PermissionDenied

        raise PermissionDenied(
            f"«{by}» presentó la solicitud «{request.id}» y no puede resolverla: la resuelve "
            "otra persona coordinadora",
            f"'{by}' filed request '{request.id}' and cannot decide it: another coordinator "
            "decides it",
        )
