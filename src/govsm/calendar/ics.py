"""A plan as an iCalendar file (RFC 5545), for the calendar the communication team already uses.

One ``VEVENT`` per planned post: its ``UID`` is stable for a message on a profile (publishing the
file again updates the events instead of duplicating them; a repeat of the message on the same
profile is numbered: ``m1/x-ajuntament/2@govsm``), ``DTSTART`` carries the ``TZID`` of
the post's zone (or the organisation's) — in UTC only for the second of the two 02:30 of an
October night, which a ``TZID`` cannot name — and a ``VTIMEZONE`` describes each zone used.

>>> from datetime import UTC, datetime
>>> from govsm.calendar.plan import build_plan
>>> post = PlannedPost("m1", "x-ajuntament", "x", "comunicacio",
...                    datetime(2026, 12, 11, 16, 0, tzinfo=UTC))
>>> plan = build_plan([post], policy=None, zone="Europe/Madrid",
...                   start=datetime(2026, 12, 7, tzinfo=UTC))
>>> data = plan_to_ics(plan, "Ajuntament de Soldeneu", "Europe/Madrid",
...                    stamp=datetime(2026, 12, 6, tzinfo=UTC))
>>> b"DTSTART;TZID=Europe/Madrid:20261211T170000" in data
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import icalendar

from govsm.calendar.plan import Plan
from govsm.calendar.planned import PlannedPost, zone_info

#: how much of a post's text the event's description shows, in characters
EXCERPT_LENGTH = 280

#: the product identifier the file names
PRODID = "-//govsm//publishing plan//ES"


def event_uid(post: PlannedPost, occurrence: int = 1) -> str:
    """The event's ``UID``: the same for a message on a profile, whenever it is planned.

    A message that goes out more than once on a profile (its repeats) numbers its later
    occurrences, in order of time: every event of a file has its own ``UID``.

    :param post: the planned post.
    :param occurrence: which time the message goes out on the profile in the plan (1: first).

    >>> post = PlannedPost("m1", "x-ajuntament", "x", "comunicacio",
    ...                    datetime(2026, 12, 11, 16, 0, tzinfo=UTC))
    >>> event_uid(post), event_uid(post, 2)
    ('m1/x-ajuntament@govsm', 'm1/x-ajuntament/2@govsm')
    """
    if occurrence == 1:
        return f"{post.message}/{post.profile}@govsm"
    return f"{post.message}/{post.profile}/{occurrence}@govsm"


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def _start(post: PlannedPost, zone: str) -> datetime:
    """The post's local time; in UTC when it is the second of a wall time that happens twice.

    RFC 5545 reads a ``TZID`` wall time in the October overlap as the first of the two, so the
    second can only be written in UTC.
    """
    local = post.at.astimezone(zone_info(post.zone_name(zone)))
    if local.replace(fold=0).astimezone(UTC) != local.astimezone(UTC):
        return local.astimezone(UTC)
    return local


def plan_to_ics(
    plan: Plan,
    organisation_name: str,
    zone: str,
    *,
    texts: Mapping[str, str] | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """The plan as an iCalendar file: one event per post.

    :param plan: the plan.
    :param organisation_name: the calendar's name (``Ajuntament de Soldeneu``).
    :param zone: the organisation's IANA zone, for posts without their own.
    :param texts: the posts' texts by message id; an event's description is an excerpt of its
        message's text, when given.
    :param stamp: the ``DTSTAMP`` of every event (default: now), aware.
    :return: the file's bytes (UTF-8, CRLF line ends).
    """
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", organisation_name)
    calendar.add("name", organisation_name)
    seen: Counter[tuple[str, str]] = Counter()
    for post in plan.posts:
        seen[post.message, post.profile] += 1
        event = icalendar.Event()
        event.add("uid", event_uid(post, seen[post.message, post.profile]))
        event.add("dtstamp", stamp)
        event.add("dtstart", _start(post, zone))
        event.add("summary", f"{post.profile}: {post.message}")
        event.add("categories", [post.channel])
        if post.campaign is not None:
            event.add("x-govsm-campaign", post.campaign)
        text = (texts or {}).get(post.message)
        if text:
            event.add("description", _excerpt(text))
        calendar.add_component(event)
    add_timezones = getattr(calendar, "add_missing_timezones", None)
    if add_timezones is not None:  # icalendar 6.1 and later
        add_timezones(
            first_date=(plan.start - timedelta(days=1)).date(),
            last_date=(plan.end + timedelta(days=1)).date(),
        )
    data: bytes = calendar.to_ical()
    return data
