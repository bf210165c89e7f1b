"""A plan as an iCalendar file (RFC 5545), for the calendar the communication team already uses.

One ``VEVENT`` per planned post: its ``UID`` is stable for a message on a profile (publishing the
file again updates the events instead of duplicating them; a repeat of the message on the same
profile is numbered: ``m1/x-ajuntament/2@govsm``), ``DTSTART`` carries the ``TZID`` of
the post's zone (or the organisation's) — in UTC only for the second of the two 02:30 of an
October night, which a ``TZID`` cannot name — and a ``VTIMEZONE`` describes each zone used.

A stored series (:mod:`govsm.calendar.series_files`) is written as the series it is rather than
as its occurrences: one ``VEVENT`` with its ``RRULE``, ``RDATE`` and ``EXDATE`` in the series'
own zone, and one more, with the same ``UID`` and a ``RECURRENCE-ID``, for each occurrence moved
(:func:`series_events`).

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
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

import icalendar

from govsm.calendar.plan import Plan
from govsm.calendar.planned import PlannedPost, zone_info
from govsm.calendar.recurrence import localise
from govsm.calendar.series_files import StoredSeries

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
    series: Sequence[StoredSeries] = (),
) -> bytes:
    """The plan as an iCalendar file: one event per post, and each series as a series.

    :param plan: the plan.
    :param organisation_name: the calendar's name (``Ajuntament de Soldeneu``).
    :param zone: the organisation's IANA zone, for posts without their own.
    :param texts: the posts' texts by message id; an event's description is an excerpt of its
        message's text, when given.
    :param stamp: the ``DTSTAMP`` of every event (default: now), aware.
    :param series: stored series: written with their rules (:func:`series_events`); the plan's
        posts that are their occurrences are not written again one by one.
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
    written = {stored.series.id for stored in series}
    first, last = plan.start.date(), plan.end.date()
    for stored in series:
        for event in series_events(stored, stamp, (texts or {}).get(stored.message)):
            calendar.add_component(event)
        first, last = min(first, stored.series.start.date()), max(last, _last_day(stored))
    for post in plan.posts:
        if post.series is not None and post.series in written:
            continue
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
        add_timezones(first_date=first - timedelta(days=1), last_date=last + timedelta(days=1))
    data: bytes = calendar.to_ical()
    return data


def series_uid(stored: StoredSeries) -> str:
    """The ``UID`` of a stored series' events: its message, profile and id.

    >>> from govsm.calendar.recurrence import Series
    >>> weekly = Series("divendres", datetime(2026, 10, 16, 17), "Europe/Madrid", "FREQ=WEEKLY")
    >>> series_uid(StoredSeries(weekly, "m1", "x-ajuntament"))
    'm1/x-ajuntament/series-divendres@govsm'
    """
    return f"{stored.message}/{stored.profile}/series-{stored.series.id}@govsm"


def series_events(
    stored: StoredSeries, stamp: datetime, text: str | None = None
) -> list[icalendar.Event]:
    """A stored series as iCalendar events: the series, then one event per moved occurrence.

    The series' ``DTSTART``, ``RDATE`` and ``EXDATE`` carry its zone's ``TZID``; an occurrence
    moved is taken out of the series by a ``RECURRENCE-ID`` event of the same ``UID`` (RFC 5545
    §3.8.4.4) that gives its new time.

    :param stored: the series.
    :param stamp: the events' ``DTSTAMP``, aware.
    :param text: the message's text (an excerpt becomes the description).
    """
    series = stored.series
    tz = zone_info(series.zone)
    summary = f"{stored.profile}: {stored.message}"
    main = icalendar.Event()
    main.add("uid", series_uid(stored))
    main.add("dtstamp", stamp.astimezone(UTC))
    main.add("dtstart", localise(series.start, tz))
    main.add("summary", summary)
    if series.rule is not None:
        main.add("rrule", icalendar.vRecur.from_ical(series.rule.removeprefix("RRULE:")))
    if series.extra:
        main.add("rdate", [localise(wall, tz) for wall in series.extra])
    if series.skipped:
        main.add("exdate", [localise(wall, tz) for wall in series.skipped])
    if text:
        main.add("description", _excerpt(text))
    events = [main]
    for original, new in series.moved:
        moved = icalendar.Event()
        moved.add("uid", series_uid(stored))
        moved.add("dtstamp", stamp.astimezone(UTC))
        moved.add("recurrence-id", localise(original, tz))
        moved.add("dtstart", localise(new, tz))
        moved.add("summary", summary)
        if text:
            moved.add("description", _excerpt(text))
        events.append(moved)
    return events


def _last_day(stored: StoredSeries) -> date:
    """The day of the series' last occurrence (of the first ones, when it has no end)."""
    found = stored.series.occurrences()
    return found[-1].date() if found else stored.series.start.date()
