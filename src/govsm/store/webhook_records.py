"""The records of the webhook queue (:mod:`govsm.store.webhook_queue`) and their rows."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from attrs import field, frozen

from govsm.model import Bilingual


class DeliveryState(enum.StrEnum):
    """Where a delivery is."""

    #: waiting for its next attempt (or for its endpoint to be enabled)
    PENDING = "pending"
    #: the endpoint answered 2xx
    DELIVERED = "delivered"
    #: given up: older than the endpoint's maximum age
    FAILED = "failed"


@frozen
class StoredEvent:
    """An event as the queue keeps it.

    :param organisation: its organisation.
    :param id: its ``webhook-id``.
    :param type: its type (``message.published``…).
    :param at: when it happened.
    :param body: the JSON body sent, as text.
    """

    organisation: str
    id: str
    type: str
    at: datetime
    body: str = field(repr=False)


@frozen
class Delivery:
    """One event on its way to one endpoint.

    :param event: the event.
    :param endpoint: the endpoint's id.
    :param state: see :class:`DeliveryState`.
    :param attempts: how many attempts were made (since it was last queued or replayed).
    :param enqueued_at: when it was queued (or replayed): its age counts from here.
    :param next_attempt_at: when it is due.
    :param last_attempt_at: when the last attempt was made.
    :param last_status: the HTTP status of the last answer (``None``: none came).
    :param last_error: why the last attempt failed.
    :param delivered_at: when the endpoint answered 2xx.
    :param replays: how many times it was replayed.
    """

    event: StoredEvent
    endpoint: str
    state: DeliveryState
    attempts: int
    enqueued_at: datetime
    next_attempt_at: datetime
    last_attempt_at: datetime | None = None
    last_status: int | None = None
    last_error: Bilingual | None = None
    delivered_at: datetime | None = None
    replays: int = 0


@frozen
class Outcome:
    """What one attempt came to, to record.

    See :meth:`WebhookQueue.record <govsm.store.webhook_queue.WebhookQueue.record>`.

    :param event: the event's id.
    :param endpoint: the endpoint's id.
    :param at: when the attempt was made.
    :param state: the delivery's state now.
    :param status: the HTTP status, if an answer came.
    :param error: why it failed, if it did.
    :param next_attempt_at: when to try again (``None``: leave it as it is).
    """

    event: str
    endpoint: str
    at: datetime
    state: DeliveryState
    status: int | None = None
    error: Bilingual | None = None
    next_attempt_at: datetime | None = None


@frozen
class DisabledEndpoint:
    """An endpoint that answered 410 Gone, and the URL that did.

    :param endpoint: the endpoint's id.
    :param url: its URL (as shown: without query).
    :param at: when it was disabled.
    :param status: the HTTP status that disabled it.
    :param reason: why, in Spanish and English.
    """

    endpoint: str
    url: str
    at: datetime
    status: int | None
    reason: Bilingual


@frozen
class EndpointCounts:
    """How many deliveries an endpoint has in each state.

    :param endpoint: the endpoint's id.
    :param pending: waiting (``due`` of them already due).
    :param due: pending and due now.
    :param delivered: delivered.
    :param failed: given up.
    :param oldest_pending: when the oldest pending delivery was queued.
    """

    endpoint: str
    pending: int = 0
    due: int = 0
    delivered: int = 0
    failed: int = 0
    oldest_pending: datetime | None = None


def bilingual(data: Any) -> Bilingual | None:
    """A stored ``{"es": …, "en": …}`` document as :class:`~govsm.model.Bilingual`."""
    if not isinstance(data, Mapping):
        return None
    return Bilingual(es=str(data["es"]), en=str(data["en"]))


def document(text: Bilingual | None) -> dict[str, str] | None:
    """A :class:`~govsm.model.Bilingual` as the document stored for it."""
    return None if text is None else {"es": text.es, "en": text.en}


def event_of(row: Any) -> StoredEvent:
    """A ``webhook_events`` row as a :class:`StoredEvent`."""
    return StoredEvent(
        row["organisation_id"], row["id"], row["type"], row["created_at"], row["body"]
    )


def delivery_of(row: Any, event: StoredEvent) -> Delivery:
    """A ``webhook_deliveries`` row, with its event, as a :class:`Delivery`."""
    return Delivery(
        event=event,
        endpoint=row["endpoint_id"],
        state=DeliveryState(row["state"]),
        attempts=row["attempts"],
        enqueued_at=row["enqueued_at"],
        next_attempt_at=row["next_attempt_at"],
        last_attempt_at=row["last_attempt_at"],
        last_status=row["last_status"],
        last_error=bilingual(row["last_error"]),
        delivered_at=row["delivered_at"],
        replays=row["replays"],
    )
