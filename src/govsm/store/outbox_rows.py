"""Outbox rows and model records, each way (:mod:`govsm.store.outbox`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from govsm.model import Attempt, Bilingual, OutboxItem, OutboxState, Outcome
from govsm.store import schema


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


#: the columns :meth:`~govsm.store.outbox.Outbox.settle` writes: every one that changes over
#: an item's life
CHANGING = (
    "state",
    "attempts",
    "next_attempt_at",
    "claimed_by",
    "remote_id",
    "url",
    "published_at",
    "error",
    "updated_at",
)

#: one item's row, by ``b_org`` and ``b_id`` (for many items at once)
BY_ID = sa.update(schema.outbox).where(
    schema.outbox.c.organisation_id == sa.bindparam("b_org"),
    schema.outbox.c.id == sa.bindparam("b_id"),
)


def item_changes(item: OutboxItem, now: datetime) -> dict[str, Any]:
    """The parameters of :data:`BY_ID` that write every changing column of ``item``."""
    row = item_row(item, now=now)
    values = {f"b_{name}": row[name] for name in CHANGING}
    values.update(b_org=item.organisation, b_id=item.id)
    return values


def attempt_outcome(organisation: str, attempt: Attempt) -> dict[str, Any]:
    """The parameters that write ``attempt``'s outcome to its row (by ``b_item``, ``b_number``)."""
    row = attempt_row(organisation, attempt)
    return {
        "b_org": organisation,
        "b_item": attempt.item,
        "b_number": attempt.number,
        "b_finished_at": row["finished_at"],
        "b_outcome": row["outcome"],
        "b_detail": row["detail"],
        "b_retry_at": row["retry_at"],
    }


#: the scope of a pause on every profile (:data:`govsm.store.claims.ALL_PROFILES`)
ALL_PROFILES = "*"

#: whether an item's profile (or every profile) is paused: its items are left alone
PAUSED = sa.exists().where(
    schema.publishing_pauses.c.organisation_id == schema.outbox.c.organisation_id,
    sa.or_(
        schema.publishing_pauses.c.scope == schema.outbox.c.profile_id,
        schema.publishing_pauses.c.scope == ALL_PROFILES,
    ),
)

_O, _A = schema.outbox, schema.outbox_attempts
_ORG = sa.bindparam("b_org", type_=_O.c.organisation_id.type)
_NOW = sa.bindparam("b_now", type_=_O.c.updated_at.type)
_WORKER = sa.bindparam("b_worker", type_=_O.c.claimed_by.type)
#: the items ``b_ids`` of ``b_org`` that ``b_worker`` holds
_HELD = sa.and_(
    _O.c.organisation_id == _ORG,
    _O.c.id.in_(sa.bindparam("b_ids", expanding=True, type_=_O.c.id.type)),
    _O.c.claimed_by == _WORKER,
    _O.c.state == str(OutboxState.CLAIMED),
)

#: count an attempt at each held item whose profile is not paused; return the counts (the
#: store's count is the attempt's number: the holder alone changes it)
COUNT_ATTEMPTS = (
    sa.update(_O)
    .where(_HELD, ~PAUSED)
    .values(attempts=_O.c.attempts + 1, updated_at=_NOW)
    .returning(_O.c.id, _O.c.attempts)
)

#: the held items whose profile was paused since the claim
PAUSED_SINCE = sa.select(_O.c.id).where(_HELD, PAUSED)


def _recording(counted: sa.UpdateBase) -> sa.Insert:
    """``counted``, and an attempt begun at ``b_now`` by ``b_worker`` for each item it counts.

    One statement (PostgreSQL): it returns each attempt's item and number.
    """
    rows = counted.cte("counted")
    attempt = sa.select(
        _ORG,
        rows.c.id,
        rows.c.attempts,
        _WORKER,
        _NOW,
        sa.bindparam("b_no_detail", None, type_=_A.c.detail.type),  # stored as a new row's is
    )
    columns = ["organisation_id", "item_id", "number", "worker", "started_at", "detail"]
    return sa.insert(_A).from_select(columns, attempt).returning(_A.c.item_id, _A.c.number)


#: :data:`COUNT_ATTEMPTS`, and the attempts recorded, in one statement (PostgreSQL)
COUNT_AND_RECORD = _recording(COUNT_ATTEMPTS)
