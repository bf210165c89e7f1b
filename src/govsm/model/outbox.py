"""The publishing outbox as data: what is due to go out, each attempt, and crisis pauses.

An :class:`OutboxItem` is one message due on one profile at one instant (a repeat of a post is
an item of its own). Workers claim due items, record each :class:`Attempt` *before* calling the
network and its outcome after, so an attempt without an outcome — the worker died, or the
connection broke after the request left — is known to be **unconfirmed** and is settled by
asking the network before any retry (see :mod:`govsm.publishing`).
"""

from __future__ import annotations

import enum
from datetime import datetime

from attrs import field, frozen

from govsm.model import _validate as v
from govsm.model.bilingual import Bilingual


class OutboxState(enum.StrEnum):
    """Where an outbox item stands.

    >>> OutboxState.UNCONFIRMED.spanish
    'sin confirmar'
    """

    #: waiting for its time (or for the next try after a transient error)
    SCHEDULED = "scheduled"
    #: a worker holds it and is publishing it
    CLAIMED = "claimed"
    #: an attempt's outcome is unknown: the network is asked before any retry
    UNCONFIRMED = "unconfirmed"
    #: it went out
    PUBLISHED = "published"
    #: it failed for good (a permanent error, a veto or a blocking finding): a person decides
    FAILED = "failed"
    #: a person took it off the schedule
    CANCELLED = "cancelled"

    @property
    def spanish(self) -> str:
        """The state's name in Spanish."""
        return _STATE_ES[self]

    @property
    def done(self) -> bool:
        """Whether the item is finished (nothing more happens to it unless a person acts)."""
        return self in (OutboxState.PUBLISHED, OutboxState.FAILED, OutboxState.CANCELLED)


_STATE_ES = {
    OutboxState.SCHEDULED: "programado",
    OutboxState.CLAIMED: "en curso",
    OutboxState.UNCONFIRMED: "sin confirmar",
    OutboxState.PUBLISHED: "publicado",
    OutboxState.FAILED: "fallido",
    OutboxState.CANCELLED: "cancelado",
}


class Outcome(enum.StrEnum):
    """What one attempt came to."""

    #: the network published it
    PUBLISHED = "published"
    #: an unconfirmed attempt was settled: the network had published it
    FOUND = "found"
    #: an unconfirmed attempt was settled: the network had not published it (it is retried)
    NOT_FOUND = "not-found"
    #: the network asked to slow down (HTTP 429 or a rate-limit header)
    RATE_LIMITED = "rate-limited"
    #: a passing error (5xx, connection refused before the request left)
    TRANSIENT = "transient"
    #: the request left and no answer came (timeout, connection reset)
    UNKNOWN = "unknown"
    #: the network refused it for good (content, credentials)
    REJECTED = "rejected"
    #: a plugin vetoed it, a finding blocked it, or its approval no longer holds
    BLOCKED = "blocked"


@frozen
class Attempt:
    """One try at publishing an outbox item.

    :param item: the outbox item's id.
    :param number: 1 for the first try.
    :param worker: which worker made it (host, process).
    :param started_at: recorded before the network was called.
    :param finished_at: when the outcome was recorded; ``None`` while unknown.
    :param outcome: see :class:`Outcome`; ``None`` while unknown.
    :param detail: what the network or the worker said, in Spanish and English.
    :param retry_at: when the item is tried again, after a passing error.
    """

    item: str = field(validator=v.slug)
    number: int = field(validator=v.positive)
    worker: str
    started_at: datetime = field(converter=v.fixed_offset, validator=v.aware)
    finished_at: datetime | None = field(default=None, converter=v.fixed_offset, validator=v.aware)
    outcome: Outcome | None = None
    detail: Bilingual | None = None
    retry_at: datetime | None = field(default=None, converter=v.fixed_offset, validator=v.aware)


@frozen
class OutboxItem:
    """One message due on one profile at one instant.

    :param organisation: the organisation's id.
    :param id: the item's id.
    :param message: the message's id.
    :param profile: the profile it goes to.
    :param due_at: when it is due (aware; stored in UTC).
    :param zone: the IANA zone it was planned in (shown in it).
    :param idempotency_key: unique per item: sent where the network takes one, and the key the
        network is asked about when an attempt is unconfirmed.
    :param state: see :class:`OutboxState`.
    :param attempts: how many attempts were made.
    :param next_attempt_at: when a worker may claim it next.
    :param repeat_of: for a repeat, the id of the item it repeats.
    :param variant: the text of a repeat, when the network refuses the same text twice.
    :param claimed_by: the worker holding it, while ``claimed``.
    :param remote_id: the network's id, once published.
    :param url: the post's address, once published, if the network gave one.
    :param published_at: when the network published it.
    :param error: the last error, in Spanish and English.
    :param scheduled_by: who scheduled it.
    """

    organisation: str = field(validator=v.slug)
    id: str = field(validator=v.slug)
    message: str = field(validator=v.slug)
    profile: str = field(validator=v.slug)
    due_at: datetime = field(converter=v.fixed_offset, validator=v.aware)
    zone: str = field(validator=v.timezone_name)
    idempotency_key: str = field(validator=v.shown_identifier)
    state: OutboxState = OutboxState.SCHEDULED
    attempts: int = field(default=0, validator=v.non_negative)
    next_attempt_at: datetime | None = field(
        default=None, converter=v.fixed_offset, validator=v.aware
    )
    repeat_of: str | None = field(default=None, validator=v.optional_slug)
    variant: str | None = field(default=None, validator=v.optional_text)
    claimed_by: str | None = None
    remote_id: str | None = field(default=None, validator=v.optional_identifier)
    url: str | None = field(default=None, validator=v.url)
    published_at: datetime | None = field(default=None, converter=v.fixed_offset, validator=v.aware)
    error: Bilingual | None = None
    scheduled_by: str | None = field(default=None, validator=v.optional_identifier)


@frozen
class Pause:
    """A crisis pause: nothing is claimed for its profiles until it is lifted.

    :param profile: the paused profile's id, or ``None`` for every profile.
    :param reason: why (shown in ``status`` and the audit).
    :param by: who paused.
    :param since: when.
    """

    profile: str | None = field(validator=v.optional_slug)
    reason: str = field(validator=v.nonempty_text)
    by: str = field(validator=v.shown_identifier)
    since: datetime = field(converter=v.fixed_offset, validator=v.aware)
