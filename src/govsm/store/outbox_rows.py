"""Outbox rows and model records, each way (:mod:`govsm.store.outbox`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from govsm.model import Attempt, Bilingual, OutboxItem, OutboxState, Outcome


def _bilingual(value: Any) -> Bilingual | None:
    if not isinstance(value, Mapping):
        return None
    return Bilingual(es=str(value.get("es") or "-"), en=str(value.get("en") or "-"))


def _plain(value: Bilingual | None) -> dict[str, str] | None:
    return None if value is None else {"es": value.es, "en": value.en}


def item_row(item: OutboxItem, *, now: datetime | None = None) -> dict[str, Any]:
    """The ``outbox`` row of ``item`` (``created_at`` and ``updated_at``: ``now``, else due)."""
    stamp = now or item.due_at
    return {
        "organisation_id": item.organisation,
        "id": item.id,
        "message_id": item.message,
        "profile_id": item.profile,
        "due_at": item.due_at,
        "zone": item.zone,
        "idempotency_key": item.idempotency_key,
        "state": str(item.state),
        "attempts": item.attempts,
        "next_attempt_at": item.next_attempt_at or item.due_at,
        "repeat_of": item.repeat_of,
        "variant": item.variant,
        "claimed_by": item.claimed_by,
        "remote_id": item.remote_id,
        "url": item.url,
        "published_at": item.published_at,
        "error": _plain(item.error),
        "scheduled_by": item.scheduled_by,
        "created_at": stamp,
        "updated_at": stamp,
    }


def to_item(row: Mapping[Any, Any]) -> OutboxItem:
    """The :class:`~govsm.model.OutboxItem` of an ``outbox`` row."""
    return OutboxItem(
        organisation=row["organisation_id"],
        id=row["id"],
        message=row["message_id"],
        profile=row["profile_id"],
        due_at=row["due_at"],
        zone=row["zone"],
        idempotency_key=row["idempotency_key"],
        state=OutboxState(row["state"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        repeat_of=row["repeat_of"],
        variant=row["variant"],
        claimed_by=row["claimed_by"],
        remote_id=row["remote_id"],
        url=row["url"],
        published_at=row["published_at"],
        error=_bilingual(row["error"]),
        scheduled_by=row["scheduled_by"],
    )


def attempt_row(organisation: str, attempt: Attempt) -> dict[str, Any]:
    """The ``outbox_attempts`` row of ``attempt``."""
    return {
        "organisation_id": organisation,
        "item_id": attempt.item,
        "number": attempt.number,
        "worker": attempt.worker,
        "started_at": attempt.started_at,
        "finished_at": attempt.finished_at,
        "outcome": None if attempt.outcome is None else str(attempt.outcome),
        "detail": _plain(attempt.detail),
        "retry_at": attempt.retry_at,
    }


def to_attempt(row: Mapping[Any, Any]) -> Attempt:
    """The :class:`~govsm.model.Attempt` of an ``outbox_attempts`` row."""
    return Attempt(
        item=row["item_id"],
        number=row["number"],
        worker=row["worker"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        outcome=None if row["outcome"] is None else Outcome(row["outcome"]),
        detail=_bilingual(row["detail"]),
        retry_at=row["retry_at"],
    )
