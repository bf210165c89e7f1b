"""Scheduling approved messages, retrying or cancelling what is due, and crisis pauses.

Only a message approved under the governance rules — every tier it needs, given to its current
content — is scheduled; it becomes one :class:`~govsm.model.OutboxItem` for its first time and
one per repeat, each with its own idempotency key. A person retries a failed item or cancels a
due one; a coordinator pauses publishing for a profile or for all of them, and resumes it. Each
of these is recorded in the audit log in the same transaction that changes the outbox.
:class:`govsm.governance.Governance` exposes them as ``schedule``, ``retry_item``,
``cancel_item``, ``pause`` and ``resume``; the workers that publish are
:mod:`govsm.publishing`.
"""

from __future__ import annotations

import hashlib
import zoneinfo
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import attrs

from govsm.errors import Conflict, GovernanceError, NotFound
from govsm.governance.unit_of_work import UnitOfWork
from govsm.ledger import record as rec
from govsm.ledger.approvals import content_digest, valid_approvals
from govsm.ledger.chain import AuditEvent
from govsm.ledger.permissions import Action
from govsm.ledger.record import GovernanceRecord
from govsm.model import Message, MessageState, OutboxItem, OutboxState
from govsm.store.claims import ALL_PROFILES

#: how far in the past a time may be and still be scheduled (it goes out at once)
PAST_GRACE = timedelta(minutes=5)

#: the states from which a person may retry an item
RETRYABLE = (OutboxState.FAILED,)
#: the states from which a person may cancel an item
CANCELLABLE = (OutboxState.SCHEDULED, OutboxState.FAILED, OutboxState.UNCONFIRMED)


def item_id(organisation: str, message: str, profile: str, due_at: datetime, n: int) -> str:
    """A stable id for the ``n``-th item of a message on a profile, due at ``due_at``."""
    seed = f"{organisation}\n{message}\n{profile}\n{due_at.astimezone(UTC).isoformat()}\n{n}"
    return "o" + hashlib.blake2b(seed.encode(), digest_size=12).hexdigest()


def approval_shortfall(record: GovernanceRecord, message: Message) -> tuple[int, int] | None:
    """``(given, needed)`` when ``message``'s current content lacks approvals; else ``None``.

    A message counts as approved while ``approved``, ``scheduled`` or ``published`` (a repeat of
    a published post goes out under the same approvals) and its approvals are for its current
    content.
    """
    if message.state not in (MessageState.APPROVED, MessageState.SCHEDULED, MessageState.PUBLISHED):
        return (0, 1)
    submission = record.submissions.get(message.id)
    if submission is None:
        return (0, 1)
    given = len(valid_approvals(submission.approvals, content_digest(message)))
    return None if given >= submission.tiers else (given, submission.tiers)


class Scheduling:
    """The scheduling area of a :class:`~govsm.governance.unit_of_work.UnitOfWork`."""

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    def schedule(
        self,
        message: str,
        at: datetime,
        *,
        by: str,
        repeats: Sequence[datetime] = (),
        variants: Sequence[str | None] = (),
        zone: str | None = None,
        now: datetime | None = None,
    ) -> list[OutboxItem]:
        """Schedule an approved message at ``at``, and its repeats.

        :param message: the message's id.
        :param at: when it goes out (aware).
        :param by: who schedules it (an editor, approver or coordinator of its profile).
        :param repeats: when it goes out again (each a post of its own).
        :param variants: a text for each repeat, where the network refuses the same text twice
            (``None``: the message's own text).
        :param zone: the IANA zone it is planned in (default: the organisation's).
        :return: the items, the first time first.
        :raises PermissionDenied: ``by`` may not schedule on the message's profile.
        :raises GovernanceError: the message is not approved for its current content, an
            instant is naive or more than :data:`PAST_GRACE` before the decision, or it is
            already scheduled at one of those instants.
        """
        work = self._work
        now = now or work.now()
        record = work.record()
        current = work.message(message)
        work._require(record, by, Action.SCHEDULE_MESSAGE, now, profile=current.profile)
        lacking = approval_shortfall(record, current)
        if lacking is not None:
            raise Conflict(
                f"el mensaje «{message}» está {current.state.spanish} y no tiene todas sus "
                f"aprobaciones ({lacking[0]} de {lacking[1]}): solo se programa lo aprobado",
                f"message '{message}' is '{current.state}' and lacks approvals "
                f"({lacking[0]} of {lacking[1]}): only approved messages are scheduled",
            )
        organisation = work.snapshot().organisation
        zone = zone or organisation.timezone
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise GovernanceError(
                f"«{zone}» no es una zona horaria IANA", f"'{zone}' is not an IANA time zone"
            ) from exc
        instants = [at, *repeats]
        if any(t.tzinfo is None or t.utcoffset() is None for t in instants):
            raise GovernanceError(
                "las horas de programación necesitan su zona horaria",
                "scheduled times need their time zone",
            )
        past = [t for t in instants if t < now - PAST_GRACE]
        if past:
            when = min(past).astimezone(zoneinfo.ZoneInfo(zone)).isoformat()
            raise GovernanceError(
                f"{when} ya ha pasado: se programa desde ahora en adelante",
                f"{when} is in the past: posts are scheduled from now on",
            )
        taken = {i.due_at for i in work._store.outbox.items(work._org, message=message)} & set(
            instants
        )
        if taken:
            when = min(taken).astimezone(zoneinfo.ZoneInfo(zone)).isoformat()
            raise Conflict(
                f"el mensaje «{message}» ya está programado para {when}",
                f"message '{message}' is already scheduled for {when}",
            )
        items: list[OutboxItem] = []
        for n, due in enumerate(instants):
            ident = item_id(work._org, message, current.profile, due, n)
            variant = variants[n - 1] if 0 < n <= len(variants) else None
            items.append(
                OutboxItem(
                    organisation=work._org,
                    id=ident,
                    message=message,
                    profile=current.profile,
                    due_at=due.astimezone(UTC),
                    zone=zone,
                    idempotency_key=f"govsm-{ident}",
                    repeat_of=items[0].id if items else None,
                    variant=variant,
                    scheduled_by=by,
                )
            )
        first = min(instants).astimezone(UTC)
        scheduled = attrs.evolve(current, state=MessageState.SCHEDULED, scheduled_at=first)
        event = work._event(
            now,
            by,
            rec.MESSAGE_SCHEDULED,
            message,
            profile=current.profile,
            zone=zone,
            items=[
                {"id": i.id, "due_at": i.due_at.isoformat(), "repeat_of": i.repeat_of}
                for i in items
            ],
            digest=content_digest(current),
        )
        work._store.outbox.enqueue(work._org, items, [event], [scheduled])
        return items

    def _item(self, item: str) -> OutboxItem:
        found = self._work._store.outbox.item(self._work._org, item)
        if found is None:
            raise NotFound(
                f"«{self._work._org}» no tiene el elemento «{item}» en su cola de publicación",
                f"'{self._work._org}' has no item '{item}' in its outbox",
            )
        return found

    def retry(self, item: str, *, by: str, now: datetime | None = None) -> OutboxItem:
        """Put a failed item back in the queue, due now.

        :raises GovernanceError: the item is not failed (a person retries only what failed).
        """
        work = self._work
        now = now or work.now()
        current = self._item(item)
        work._require(work.record(), by, Action.MANAGE_OUTBOX, now, profile=current.profile)
        changed = attrs.evolve(
            current, state=OutboxState.SCHEDULED, next_attempt_at=now, error=None, claimed_by=None
        )
        message = work.message(current.message)
        messages = []
        if message.state is MessageState.FAILED:
            messages.append(attrs.evolve(message, state=MessageState.SCHEDULED))
        event = work._event(now, by, rec.OUTBOX_RETRIED, current.message, item=item)
        return self._decide(current, changed, event, RETRYABLE, messages)

    def cancel(self, item: str, *, by: str, reason: str, now: datetime | None = None) -> OutboxItem:
        """Take a due, failed or unconfirmed item off the queue, with a reason."""
        work = self._work
        now = now or work.now()
        current = self._item(item)
        work._require(work.record(), by, Action.MANAGE_OUTBOX, now, profile=current.profile)
        changed = attrs.evolve(current, state=OutboxState.CANCELLED, claimed_by=None)
        event = work._event(
            now, by, rec.OUTBOX_CANCELLED, current.message, item=item, reason=reason
        )
        return self._decide(current, changed, event, CANCELLABLE, [])

    def _decide(
        self,
        current: OutboxItem,
        changed: OutboxItem,
        event: AuditEvent,
        allowed: Sequence[OutboxState],
        messages: Sequence[Message],
    ) -> OutboxItem:
        before = self._work._store.outbox.decide(
            changed, [event], allowed=allowed, messages=messages
        )
        if before is None:
            now_state = self._item(current.id).state
            raise Conflict(
                f"el elemento «{current.id}» está {now_state.spanish}: no se puede cambiar así",
                f"item '{current.id}' is '{now_state}': it cannot be changed that way",
            )
        return changed

    def pause(
        self, *, by: str, reason: str, profile: str | None = None, now: datetime | None = None
    ) -> bool:
        """Pause publishing for ``profile`` (``None``: every profile) before the next claim.

        :return: ``False`` when it was already paused (nothing written).
        """
        work = self._work
        now = now or work.now()
        if profile is not None:
            work.profile(profile)
        work._require(work.record(), by, Action.PAUSE_PUBLISHING, now, profile=profile)
        scope = profile or ALL_PROFILES
        event = work._event(now, by, rec.PUBLISHING_PAUSED, scope, reason=reason)
        return work._store.outbox.pause(work._org, scope, reason, by, now, event)

    def resume(self, *, by: str, profile: str | None = None, now: datetime | None = None) -> bool:
        """Lift the pause on ``profile`` (``None``: the pause of every profile).

        :return: ``False`` when there was no such pause.
        """
        work = self._work
        now = now or work.now()
        work._require(work.record(), by, Action.PAUSE_PUBLISHING, now, profile=profile)
        scope = profile or ALL_PROFILES
        event = work._event(now, by, rec.PUBLISHING_RESUMED, scope)
        return work._store.outbox.resume(work._org, scope, event)
