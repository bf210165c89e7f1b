"""The events govsm sends to webhooks: their types, their identifiers and their JSON bodies.

Each event hook of :mod:`govsm.spec.hookspecs` becomes one event type. An event's body is the
JSON document the Standard Webhooks specification describes — ``type``, ``timestamp`` (when it
happened, ISO 8601 in UTC) and ``data`` — written once, as compact UTF-8 with sorted keys, and
stored as it was written: every attempt and every replay sends the same bytes under the same
``webhook-id``.

>>> profile = Profile(
...     organisation="ajuntament-soldeneu", id="x-ajuntament", channel="x",
...     handle="@AjSoldeneu", unit="comunicacio",
... )
>>> event = status_changed(
...     profile, None, LifecycleState.ACTIVE, "workspace", "govsm.toml",
...     at=datetime(2026, 5, 4, 8, 0, tzinfo=UTC), ident="msg_0001",
... )
>>> event.type.value, event.id
('profile.status_changed', 'msg_0001')
>>> json.loads(event.body)["data"]["new"]
'active'
"""

from __future__ import annotations

import enum
import hashlib
import json
import math
import uuid
from datetime import UTC, datetime
from typing import Any

from attrs import field, frozen

from govsm.model import Bilingual, LifecycleState, Message, Profile

#: the prefix of every ``webhook-id`` govsm makes (as the specification's examples do)
ID_PREFIX = "msg_"


class EventType(enum.StrEnum):
    """What happened: one type per event hook govsm fires."""

    #: :func:`~govsm.spec.hookspecs.govsm_message_published`
    MESSAGE_PUBLISHED = "message.published"
    #: :func:`~govsm.spec.hookspecs.govsm_message_failed`
    MESSAGE_FAILED = "message.failed"
    #: :func:`~govsm.spec.hookspecs.govsm_profile_status_changed`
    PROFILE_STATUS_CHANGED = "profile.status_changed"
    #: :func:`~govsm.spec.hookspecs.govsm_inbound_received`
    INBOUND_RECEIVED = "inbound.received"
    #: :func:`~govsm.spec.hookspecs.govsm_sla_breached`
    SLA_BREACHED = "sla.breached"


#: every event type, in the order an endpoint subscribes to them by default
ALL_EVENTS: tuple[EventType, ...] = tuple(EventType)


@frozen
class WebhookEvent:
    """One event, as stored in the queue and sent to every endpoint that subscribes to it.

    :param organisation: the organisation it happened in.
    :param id: the ``webhook-id``: the same on every attempt and replay, so receivers drop
        what they already have.
    :param type: what happened.
    :param at: when it happened (UTC).
    :param body: the JSON document sent, as text (encoded as UTF-8 on the wire).
    """

    organisation: str
    id: str
    type: EventType
    at: datetime
    body: str = field(repr=False)

    @property
    def payload(self) -> bytes:
        """The bytes sent and signed."""
        return self.body.encode("utf-8")


def new_id() -> str:
    """A fresh ``webhook-id``: ``msg_`` and 32 hexadecimal digits (a random UUID)."""
    return f"{ID_PREFIX}{uuid.uuid4().hex}"


def breach_id(message: Message, target_hours: float) -> str:
    """The ``webhook-id`` of the ``sla.breached`` event of ``message`` against a target.

    Derived from the organisation, the message and the target, so the breach govsm finds at
    every audit while the message waits is queued once: enqueuing an id already stored does
    nothing.
    """
    key = f"sla.breached\x00{message.organisation}\x00{message.id}\x00{float(target_hours)!r}"
    return f"{ID_PREFIX}{hashlib.sha256(key.encode()).hexdigest()[:32]}"


def _instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def message_data(message: Message) -> dict[str, Any]:
    """What an event says about a message: its ids, state, text and where it is on the network.

    The idempotency key, media consent references and the network's original record are left
    out; an inbound message carries what the citizen wrote and their handle (``author``).
    """
    return {
        "id": message.id,
        "profile": message.profile,
        "direction": message.direction.value,
        "kind": message.kind.value,
        "state": message.state.value,
        "text": message.text,
        "language": message.language,
        "author": message.author,
        "remote_id": message.remote_id,
        "url": message.url,
        "reply_to": message.reply_to,
        "campaign": message.campaign,
        "created_at": _instant(message.created_at),
        "published_at": _instant(message.published_at),
    }


def profile_data(profile: Profile) -> dict[str, Any]:
    """What an event says about a profile (never its contact e-mail or credential reference)."""
    return {
        "id": profile.id,
        "channel": profile.channel,
        "handle": profile.handle,
        "name": profile.name,
        "url": profile.url,
        "unit": profile.unit,
        "state": profile.state.value,
    }


def _finite(hours: float) -> float | None:
    """A number of hours as JSON can hold it (``null`` for an infinite or undefined one)."""
    return float(hours) if math.isfinite(hours) else None


def _event(
    organisation: str, kind: EventType, data: dict[str, Any], at: datetime, ident: str | None
) -> WebhookEvent:
    when = at.astimezone(UTC)
    document = {"type": kind.value, "timestamp": _instant(when), "data": data}
    body = json.dumps(
        document, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
    )
    return WebhookEvent(organisation, ident or new_id(), kind, when, body)


def _about(message: Message, profile: Profile, **more: Any) -> dict[str, Any]:
    """The ``data`` of an event about a message: its organisation, the message, its profile."""
    return {
        "organisation": message.organisation,
        "message": message_data(message),
        "profile": profile_data(profile),
        **more,
    }


def published(
    message: Message, profile: Profile, remote_id: str, *, at: datetime, ident: str | None = None
) -> WebhookEvent:
    """The ``message.published`` event: ``data`` holds the message, profile and ``remote_id``.

    :param at: when the hook fired.
    :param ident: the ``webhook-id`` (default: a fresh one).
    """
    data = _about(message, profile, remote_id=remote_id)
    return _event(message.organisation, EventType.MESSAGE_PUBLISHED, data, at, ident)


def failed(
    message: Message, profile: Profile, reason: Bilingual, *, at: datetime, ident: str | None = None
) -> WebhookEvent:
    """The ``message.failed`` event: the message, profile and ``reason`` (``es`` and ``en``).

    :param at: when the hook fired.
    :param ident: the ``webhook-id`` (default: a fresh one).
    """
    data = _about(message, profile, reason={"es": reason.es, "en": reason.en})
    return _event(message.organisation, EventType.MESSAGE_FAILED, data, at, ident)


def status_changed(
    profile: Profile,
    old: LifecycleState | None,
    new: LifecycleState,
    actor: str,
    reason: str,
    *,
    at: datetime,
    ident: str | None = None,
) -> WebhookEvent:
    """The ``profile.status_changed`` event: the profile, ``old`` (``null``: new), ``new``.

    :param at: when the hook fired.
    :param ident: the ``webhook-id`` (default: a fresh one).
    """
    data = {
        "organisation": profile.organisation,
        "profile": profile_data(profile),
        "old": None if old is None else old.value,
        "new": new.value,
        "actor": actor,
        "reason": reason,
    }
    return _event(profile.organisation, EventType.PROFILE_STATUS_CHANGED, data, at, ident)


def received(
    message: Message, profile: Profile, *, at: datetime, ident: str | None = None
) -> WebhookEvent:
    """The ``inbound.received`` event: the citizen's message and the profile it addressed.

    :param at: when the hook fired.
    :param ident: the ``webhook-id`` (default: a fresh one).
    """
    data = _about(message, profile)
    return _event(message.organisation, EventType.INBOUND_RECEIVED, data, at, ident)


def breached(
    message: Message,
    profile: Profile,
    target_hours: float,
    elapsed_hours: float,
    *,
    at: datetime,
    ident: str | None = None,
) -> WebhookEvent:
    """The ``sla.breached`` event: the waiting message, its profile, the target and the wait.

    :param at: when the hook fired.
    :param ident: the ``webhook-id`` (default: a fresh one).
    """
    data = _about(
        message,
        profile,
        target_hours=_finite(target_hours),
        elapsed_hours=_finite(elapsed_hours),
    )
    return _event(message.organisation, EventType.SLA_BREACHED, data, at, ident)
