"""What the weekly digest says, read from an export source: published, waiting, planned.

:func:`collect_digest` reads three lists from an :class:`~govsm.spec.export_source.ExportSource`,
within the profile or unit the user selected:

* **published**: what the organisation published in the period (its posts, replies and quotes,
  newest first). The period is the one selected (``--since``/``--until``); without one, the
  :data:`PERIOD` before the export runs; with one end only, :data:`PERIOD` from or to it.
* **open conversations**: citizens' messages received before the period's end and still
  unanswered (``new`` or ``assigned``), oldest first, with how long each has waited by the
  export's moment. Only the profile, the kind, the state and the times are kept: a citizen's
  text and handle are personal data and stay in govsm, as in the handover pack.
* **upcoming**: the organisation's messages planned to go out within :data:`UPCOMING` of the
  export (``scheduled``, ``approved`` or ``pending-approval`` with a ``scheduled_at``),
  soonest first, and the campaigns they belong to.

Each list keeps at most ``cap`` entries and counts the rest, so a digest stays short and memory
stays flat whatever the history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta

import attrs
from attrs import frozen

from govsm.model import WAITING_STATES, Direction, MessageState
from govsm.spec.export_source import PUBLIC_KINDS, ExportItem, ExportSource

#: the period a digest covers when none is selected: the week before it is made
PERIOD = timedelta(days=7)

#: how far ahead the digest's "upcoming" section looks
UPCOMING = timedelta(days=14)

#: the most entries a section lists (the rest are counted)
CAP = 50

#: the organisation's messages that are planned, whether or not approved yet
PLANNED_STATES = frozenset(
    {MessageState.SCHEDULED, MessageState.APPROVED, MessageState.PENDING_APPROVAL}
)


@frozen
class Waiting:
    """A citizen's message awaiting an answer, without what it says or who wrote it.

    :param profile: the profile it was addressed to (its id).
    :param kind: mention, comment, reply or direct.
    :param state: ``new`` or ``assigned``.
    :param received_at: when it was received.
    :param waited: how long it has waited by the digest's moment.
    """

    profile: str
    kind: str
    state: str
    received_at: datetime
    waited: timedelta


@frozen
class Planned:
    """A message planned to go out.

    :param item: the message, with its address if it has one.
    :param at: when it is to go out.
    """

    item: ExportItem
    at: datetime


@frozen
class Digest:
    """The digest's content (see the module's description).

    :param since: the period's start.
    :param until: the period's end (excluded).
    :param generated_at: when the digest was made.
    :param published: the newest publications of the period, at most the cap.
    :param published_total: how many there are in all.
    :param waiting: the oldest open conversations, at most the cap.
    :param waiting_total: how many there are in all.
    :param upcoming: the soonest planned messages, at most the cap.
    :param upcoming_total: how many there are in all.
    :param upcoming_until: the end of the upcoming window.
    :param campaigns: each campaign with planned messages: its name, how many, the first's time.
    """

    since: datetime
    until: datetime
    generated_at: datetime
    published: tuple[ExportItem, ...]
    published_total: int
    waiting: tuple[Waiting, ...]
    waiting_total: int
    upcoming: tuple[Planned, ...]
    upcoming_total: int
    upcoming_until: datetime
    campaigns: tuple[tuple[str, int, datetime], ...]


def digest_period(source: ExportSource) -> tuple[datetime, datetime]:
    """The period a digest of ``source`` covers: the selected one, completed to :data:`PERIOD`."""
    since, until = source.selection.since, source.selection.until
    if since is None and until is None:
        until = source.generated_at
    if until is None:
        assert since is not None
        until = since + PERIOD
    if since is None:
        since = until - PERIOD
    return since, until


def collect_digest(source: ExportSource, cap: int = CAP) -> Digest:
    """Read the digest's three lists from ``source`` (see the module's description)."""
    since, until = digest_period(source)
    now = source.generated_at
    base = source.query(
        directions=(Direction.OUTBOUND,),
        states=(MessageState.PUBLISHED,),
        kinds=PUBLIC_KINDS,
    )
    published_query = attrs.evolve(base, since=since, until=until)
    shown_limit = min(cap, published_query.limit) if published_query.limit else cap
    published = tuple(_first(source.read(attrs.evolve(published_query, limit=shown_limit)), cap))
    published_total = source.count(published_query)

    open_query = attrs.evolve(
        source.query(directions=(Direction.INBOUND,), states=WAITING_STATES, newest_first=False),
        since=None,
        until=until,
        limit=None,
    )
    waiting: list[Waiting] = []
    # oldest first, and a limit keeps the newest: read in order and stop at the cap
    for item in _first(source.read(open_query), cap):
        message = item.message
        waiting.append(
            Waiting(
                profile=message.profile,
                kind=message.kind.value,
                state=message.state.value,
                received_at=message.created_at,
                waited=max(now - message.created_at, timedelta(0)),
            )
        )
    waiting_total = source.count(open_query)

    horizon = now + UPCOMING
    planned_query = attrs.evolve(
        source.query(directions=(Direction.OUTBOUND,), states=PLANNED_STATES, newest_first=False),
        since=None,
        until=None,
        limit=None,
    )
    soonest: list[Planned] = []
    total = 0
    campaigns: Counter[str] = Counter()
    first_of: dict[str, datetime] = {}
    for item in source.read(planned_query):
        at = item.message.scheduled_at
        if at is None or not now <= at < horizon:
            continue
        total += 1
        name = item.message.campaign
        if name is not None:
            campaigns[name] += 1
            first_of[name] = min(first_of.get(name, at), at)
        soonest.append(Planned(item, at))
        if len(soonest) > cap:  # keep the soonest: memory stays within the cap
            soonest.sort(key=lambda p: (p.at, p.item.message.id))
            del soonest[cap:]
    soonest.sort(key=lambda p: (p.at, p.item.message.id))
    return Digest(
        since=since,
        until=until,
        generated_at=now,
        published=published,
        published_total=published_total,
        waiting=tuple(waiting),
        waiting_total=waiting_total,
        upcoming=tuple(soonest),
        upcoming_total=total,
        upcoming_until=horizon,
        campaigns=tuple(
            sorted(
                ((name, n, first_of[name]) for name, n in campaigns.items()),
                key=lambda c: (c[2], c[0]),
            )
        ),
    )


def _first(items: Iterator[ExportItem], n: int) -> Iterator[ExportItem]:
    """The first ``n`` items; the reader is closed when they are taken."""
    try:
        for index, item in enumerate(items):
            if index >= n:
                break
            yield item
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()
