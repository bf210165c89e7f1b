"""What an outcome writes: the item's new state, the message's, the audit entry, the reason.

``message.published`` and ``message.publish_failed`` are written by the
:data:`~govsm.ledger.record.PUBLISHER` with the worker's name, the item, the attempt and — for a
publication — the network's id and the post's address, so the transparency export shows when
and where each post went out.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from govsm.errors import GovsmError
from govsm.ledger import record as rec
from govsm.ledger.chain import AuditEvent
from govsm.model import (
    Attempt,
    Bilingual,
    Message,
    MessageState,
    OutboxItem,
    OutboxState,
    Outcome,
    Profile,
)
from govsm.spec.adapter import PublishResult
from govsm.spec.network_errors import NetworkError, OutcomeUnknown, RateLimited, TransientError


def published(
    item: OutboxItem, message: Message, attempt: Attempt, result: PublishResult, worker: str
) -> tuple[OutboxItem, list[Message], AuditEvent]:
    """The item published, the message published (its first time), and the entry.

    A repeat leaves the message as it is when the message is already published: the message
    keeps its first post's id and address, the repeat's are in its item and entry.
    """
    at = attempt.finished_at or result.published_at
    changed = attrs.evolve(
        item,
        state=OutboxState.PUBLISHED,
        claimed_by=None,
        remote_id=result.remote_id,
        url=result.url,
        published_at=result.published_at,
        error=None,
    )
    messages: list[Message] = []
    if message.state is not MessageState.PUBLISHED:
        messages.append(
            attrs.evolve(
                message,
                state=MessageState.PUBLISHED,
                published_at=result.published_at,
                remote_id=result.remote_id,
                url=result.url if result.url is None or "://" in result.url else None,
                idempotency_key=item.idempotency_key,
            )
        )
    details = {
        "profile": item.profile,
        "item": item.id,
        "attempt": attempt.number,
        "worker": worker,
        "remote_id": result.remote_id,
        "published_at": result.published_at.isoformat(),
        "settled": attempt.outcome is not None and attempt.outcome.value == "found",
    }
    if result.url is not None:
        details["url"] = result.url
    if item.repeat_of is not None:
        details["repeat_of"] = item.repeat_of
    event = AuditEvent(at, rec.PUBLISHER, rec.MESSAGE_PUBLISHED, item.message, details)
    return changed, messages, event


def failed_item(item: OutboxItem, reason: Bilingual) -> OutboxItem:
    """The item, failed with ``reason`` (nothing else changes)."""
    return attrs.evolve(item, state=OutboxState.FAILED, claimed_by=None, error=reason)


def failed(
    item: OutboxItem, reason: Bilingual, at: datetime, message: Message, worker: str
) -> tuple[OutboxItem, list[Message], AuditEvent]:
    """The item failed, the message failed (unless already published), and the entry."""
    messages = []
    if message.state is not MessageState.PUBLISHED:
        messages.append(attrs.evolve(message, state=MessageState.FAILED))
    details = {
        "profile": item.profile,
        "item": item.id,
        "attempts": item.attempts,
        "worker": worker,
        "reason_es": reason.es,
        "reason_en": reason.en,
    }
    event = AuditEvent(at, rec.PUBLISHER, rec.MESSAGE_PUBLISH_FAILED, item.message, details)
    return failed_item(item, reason), messages, event


def deferred(item: OutboxItem, reason: Bilingual, retry_at: datetime) -> OutboxItem:
    """The item back in the queue, due again at ``retry_at``, with the reason it waits."""
    return attrs.evolve(
        item,
        state=OutboxState.SCHEDULED,
        next_attempt_at=retry_at,
        claimed_by=None,
        error=reason,
    )


def unconfirmed(item: OutboxItem, detail: Bilingual, retry_at: datetime) -> OutboxItem:
    """The item waiting, unconfirmed, for the network to be asked again at ``retry_at``."""
    return attrs.evolve(
        item, state=OutboxState.UNCONFIRMED, claimed_by=None, next_attempt_at=retry_at, error=detail
    )


def outcome_of(error: NetworkError) -> Outcome:
    """The outcome an attempt that raised ``error`` records."""
    if isinstance(error, RateLimited):
        return Outcome.RATE_LIMITED
    if isinstance(error, TransientError):
        return Outcome.TRANSIENT
    if isinstance(error, OutcomeUnknown):
        return Outcome.UNKNOWN
    return Outcome.REJECTED


def reason_of(error: GovsmError) -> Bilingual:
    """The reason ``error`` gives, in both languages."""
    return Bilingual(es=error.es or "-", en=error.en or "-")


def no_adapter(profile: Profile) -> Bilingual:
    """Why an item of ``profile`` fails when no plugin publishes there."""
    return Bilingual(
        es=f"ningún complemento publica en «{profile.channel}» con las credenciales del perfil "
        f"«{profile.id}» (¿falta el complemento, la credencial o su secreto?)",
        en=f"no plugin publishes to '{profile.channel}' with the credentials of profile "
        f"'{profile.id}' (is the plugin, the credential or its secret missing?)",
    )
