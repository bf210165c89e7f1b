"""Instants govsm can show in any time zone.

Python's calendar runs from year 1 to year 9999. An instant within a day of either end can be
written down (``9999-12-31T23:59:59-12:00``) but not shown in a zone ahead of or behind it: the
conversion overflows. govsm refuses such instants where it reads them, so no later step — a
report's local dates, an audit-log entry, an office-hours check — meets one.

>>> from datetime import datetime
>>> showable(datetime.fromisoformat("2026-11-20T10:00:00+01:00"))
True
>>> showable(datetime.fromisoformat("9999-12-31T23:59:59-12:00"))
False
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

#: the earliest instant govsm accepts: two days after the start of the calendar
EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=2)

#: the latest instant govsm accepts: two days before the end of the calendar
LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=2)


def showable(at: datetime) -> bool:
    """Whether ``at`` (with its offset) can be converted to every time zone.

    Comparing aware instants does not overflow, so this is safe for any ``at``.
    """
    return EARLIEST <= at <= LATEST
