"""Outbound messages and their four-eyes approval: draft, edit, submit, approve, reject.

A message is drafted by someone who may write on its profile, sent for approval, and approved
tier by tier (:mod:`govsm.ledger.approvals`) by approvers who neither wrote it nor approved an
earlier tier; an edit after submission sends it back to the first tier.
:class:`govsm.governance.Governance` exposes these as ``draft``, ``edit``, ``submit``,
``approve``, ``reject``, ``approvals``, ``pending_approvals`` and ``tiers``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs

from govsm.errors import ConcurrentChange, Conflict, GovernanceError, PermissionDenied
from govsm.governance.unit_of_work import UnitOfWork
from govsm.ledger import record as rec
from govsm.ledger.approvals import Approval, content_digest, tiers_for, valid_approvals
from govsm.ledger.permissions import Action, Grant, Permissions
from govsm.ledger.record import GovernanceRecord, Submission
from govsm.model import Direction, Message, MessageKind, MessageState

#: the states in which a message's content may still change
EDITABLE = frozenset(
    {
        MessageState.DRAFT,
        MessageState.PENDING_APPROVAL,
        MessageState.APPROVED,
        MessageState.SCHEDULED,
        MessageState.FAILED,
    }
)

#: the fields :meth:`Messages.edit` may change
EDITABLE_FIELDS = frozenset(
    {"text", "title", "content_warning", "media", "links", "language", "campaign"}
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


class Messages:
    """Outbound messages and their approval, over a unit of work.

    :param work: the organisation's unit of work.
    """

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    def tiers(self, message: Message) -> int:
        """How many approvals ``message`` needs (see :func:`govsm.ledger.approvals.tiers_for`).

        :param message: the message.
        """
        snapshot = self._work.snapshot()
        profile = self._work.profile(message.profile)
        units = Permissions(snapshot).unit_chain(profile.unit)
        return tiers_for(snapshot.policy, profile, message.kind, units)

    def draft(self, message: Message, *, by: str, at: datetime | None = None) -> Message:
        """Save a new outbound message as a draft written by ``by``.

        :param message: the message.
        :param by: who writes it.
        :param at: when (default: now).
        :return: the draft.
        :raises GovernanceError: it is not outbound, or a message with that id exists.
        """
        work = self._work
        at = at or work.now()
        if message.direction is not Direction.OUTBOUND:
            raise GovernanceError(
                "solo se redactan mensajes salientes", "only outbound messages are drafted"
            )
        record = work.record()
        self._writer(record, message, by, at)
        work._own("el mensaje", "message", message.id, message.organisation)
        if work._find_message(message.id) is not None:
            raise GovernanceError(
                f"ya existe un mensaje «{message.id}»", f"a message '{message.id}' exists already"
            )
        drafted = attrs.evolve(message, state=MessageState.DRAFT, author=by, created_at=at)
        event = work._event(
            at,
            by,
            rec.MESSAGE_DRAFTED,
            message.id,
            profile=message.profile,
            kind=message.kind.value,
            digest=content_digest(drafted),
        )
        work._write(record, [event], messages=[drafted])
        return drafted

    def edit(self, message: str, *, by: str, at: datetime | None = None, **changes: Any) -> Message:
        """Change a message's content; after submission, it waits for the first tier again.

        :param message: the message's id.
        :param by: who edits it.
        :param at: when (default: now).
        :param changes: the new values, by field (one of :data:`EDITABLE_FIELDS`).
        :return: the message, edited.
        :raises GovernanceError: the message can no longer be edited, or a field cannot be
            changed this way.
        """
        work = self._work
        at = at or work.now()
        allowed = EDITABLE_FIELDS
        unknown = sorted(set(changes) - allowed)
        if unknown:
            raise GovernanceError(
                f"no se puede cambiar {', '.join(unknown)} al editar; campos editables: "
                + ", ".join(sorted(allowed)),
                f"{', '.join(unknown)} cannot be changed by an edit; editable fields: "
                + ", ".join(sorted(allowed)),
            )
        record = work.record()
        current = work.message(message)
        self._writer(record, current, by, at)
        if current.state not in EDITABLE:
            raise Conflict(
                f"el mensaje «{message}» está {current.state.spanish} y ya no se puede editar",
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
            work._event(
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
                work._event(
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
        work._write(record, events, messages=[edited])
        return edited

    def submit(self, message: str, *, by: str, at: datetime | None = None) -> Message:
        """Send a draft for approval; with no tiers needed, it is approved at once.

        :param message: the message's id.
        :param by: who sends it.
        :param at: when (default: now).
        :return: the message, pending approval or approved.
        :raises GovernanceError: the message is not a draft (or a failed one).
        """
        work = self._work
        at = at or work.now()
        record = work.record()
        current = work.message(message)
        self._writer(record, current, by, at)
        if current.state not in (MessageState.DRAFT, MessageState.FAILED):
            raise Conflict(
                f"el mensaje «{message}» está {current.state.spanish}: solo se envían a "
                "aprobación los borradores",
                f"message '{message}' is '{current.state}': only drafts are sent for approval",
            )
        tiers = self.tiers(current)
        state = MessageState.PENDING_APPROVAL if tiers else MessageState.APPROVED
        submitted = attrs.evolve(current, state=state)
        event = work._event(
            at,
            by,
            rec.MESSAGE_SUBMITTED,
            message,
            profile=current.profile,
            tiers=tiers,
            digest=content_digest(current),
        )
        work._write(record, [event], messages=[submitted])
        return submitted

    def approve(
        self,
        message: str,
        *,
        by: str,
        comment: str | None = None,
        at: datetime | None = None,
        tier: int | None = None,
    ) -> Message:
        """Approve the next tier of a message waiting for approval.

        :param message: the message's id.
        :param by: who approves it (neither its author nor an earlier tier's approver).
        :param comment: a comment, if any.
        :param at: when (default: now).
        :param tier: the tier the approver means to approve (the one they saw waiting); if
            someone approved it meanwhile, nothing is written and
            :class:`~govsm.errors.ConcurrentChange` names the message, the tier and who.
        :return: the message (``approved`` after the last tier).
        :raises PermissionDenied: ``by`` may not approve it.
        :raises GovernanceError: the message is not waiting for approval.
        """
        work = self._work
        at = at or work.now()
        record = work.record()
        current = work.message(message)
        grant = work._require(record, by, Action.APPROVE_MESSAGE, at, profile=current.profile)
        submission = record.submissions.get(message)
        if tier is not None:
            _same_tier(message, tier, current, submission, record)
        if current.state is not MessageState.PENDING_APPROVAL or submission is None:
            raise Conflict(
                f"el mensaje «{message}» está {current.state.spanish}, no pendiente de aprobación",
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
        event = work._event(
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
        work._write(record, [event], messages=[approved] if final else [])
        return approved

    def reject(self, message: str, *, by: str, reason: str, at: datetime | None = None) -> Message:
        """Send a message waiting for approval back to draft, with a reason.

        :param message: the message's id.
        :param by: who sends it back (an approver).
        :param reason: why (required).
        :param at: when (default: now).
        :return: the message, a draft again.
        """
        work = self._work
        at = at or work.now()
        if not reason.strip():
            raise GovernanceError(
                "devolver un mensaje exige un motivo", "sending a message back takes a reason"
            )
        record = work.record()
        current = work.message(message)
        grant = work._require(record, by, Action.APPROVE_MESSAGE, at, profile=current.profile)
        if current.state is not MessageState.PENDING_APPROVAL:
            raise Conflict(
                f"el mensaje «{message}» está {current.state.spanish}, no pendiente de aprobación",
                f"message '{message}' is '{current.state}', not pending approval",
            )
        back = attrs.evolve(current, state=MessageState.DRAFT)
        event = work._event(
            at, by, rec.MESSAGE_REJECTED, message, reason=reason, on_behalf_of=grant.on_behalf_of
        )
        work._write(record, [event], messages=[back])
        return back

    def approvals(self, message: str) -> list[Approval]:
        """The approvals that count for the message's current content, by tier.

        :param message: the message's id.
        """
        submission = self._work.record().submissions.get(message)
        if submission is None:
            return []
        return valid_approvals(submission.approvals, content_digest(self._work.message(message)))

    def pending_approvals(self, *, on: date | None = None) -> list[PendingApproval]:
        """Messages waiting for approval, oldest submission first, with who may approve them.

        :param on: the day whose roles count (default: today).
        """
        work = self._work
        record = work.record()
        permissions = Permissions(work.snapshot(), record.delegations.values())
        day = on or work.today()
        waiting: list[PendingApproval] = []
        for submission in sorted(record.submissions.values(), key=lambda s: (s.at, s.message)):
            message = work._find_message(submission.message)
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

    def _writer(self, record: GovernanceRecord, message: Message, by: str, at: datetime) -> Grant:
        """``by``'s grant to write on the message's profile (a reply's, or a post's)."""
        action = Action.DRAFT_REPLY if message.kind is MessageKind.REPLY else Action.DRAFT_MESSAGE
        return self._work._require(record, by, action, at, profile=message.profile)


def _same_tier(
    message: str,
    tier: int,
    current: Message,
    submission: Submission | None,
    record: GovernanceRecord,
) -> None:
    """Refuse an approval of ``tier`` when another approver got there first.

    :raises ConcurrentChange: the tier was approved (or the message decided) meanwhile.
    :raises GovernanceError: ``tier`` is not a tier of the message waiting now.
    """
    done = (
        valid_approvals(submission.approvals, content_digest(current))
        if submission is not None
        else []
    )
    if current.state is not MessageState.PENDING_APPROVAL or tier <= len(done):
        first = done[tier - 1].person if 0 < tier <= len(done) else None
        who_es = f" por «{first}»" if first else ""
        who_en = f" by '{first}'" if first else ""
        raise ConcurrentChange(
            f"el nivel {tier} del mensaje «{message}» ya se decidió{who_es} mientras tanto: no "
            "se ha guardado nada",
            f"tier {tier} of message '{message}' was decided{who_en} meanwhile: nothing was saved",
        )
    if tier != len(done) + 1:
        raise GovernanceError(
            f"el mensaje «{message}» espera el nivel {len(done) + 1}, no el {tier}",
            f"message '{message}' waits for tier {len(done) + 1}, not {tier}",
        )
