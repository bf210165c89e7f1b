"""What a network adapter is.

A channel plugin returns one from :func:`~govsm.spec.hookspecs.govsm_adapter` to publish to, and
read from, one profile.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol, runtime_checkable

from attrs import frozen

from govsm.model.message import Message


@frozen
class PublishResult:
    """What the network answered when a message went out.

    :param remote_id: the network's id of the new post.
    :param url: its address, if the network gives one.
    :param published_at: when the network says it was published.
    """

    remote_id: str
    published_at: datetime
    url: str | None = None


@runtime_checkable
class Adapter(Protocol):
    """A connection to one profile on one network.

    Adapters are built per profile by :func:`~govsm.spec.hookspecs.govsm_adapter`; they receive the
    resolved credentials and must never log, repr or raise them.
    """

    def publish(self, message: Message, *, idempotency_key: str) -> PublishResult:
        """Publish ``message``; the same ``idempotency_key`` must never publish twice."""

    def fetch_inbound(self, since: datetime | None) -> Iterable[Message]:
        """Return the mentions, comments and direct messages received after ``since``."""
