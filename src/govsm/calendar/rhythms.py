"""Rules whose occurrences are date arithmetic: the common shapes, without dateutil's walk.

``python-dateutil`` expands an ``RRULE`` by walking it one period (day, week, month) at a time
and testing every day of each. Most rules a communication team writes have a simpler shape,
and for those this module finds the same occurrences by arithmetic:

- :class:`Periodic`: a daily or weekly rule that only picks weekdays and times of day
  (``BYDAY``, ``BYHOUR``, ``BYMINUTE``, ``BYSECOND``) repeats every ``7 × INTERVAL`` days, so
  dateutil expands its first period and the rest is the same distances, period after period;
- :class:`Monthly`: a monthly rule picking days by weekday (``BYDAY=1MO``, ``-1FR``, ``TU``),
  by day of the month (``BYMONTHDAY=15``, ``-1``) and by month (``BYMONTH``): the days of each
  month are worked out once (and kept: every series of that shape shares them).

Anything else (``BYSETPOS``, ``BYWEEKNO``, ``BYYEARDAY``, yearly and hourly rules, the last
centuries of the calendar) is left to dateutil: :func:`rhythm` says ``None``. Both give
occurrences as wall times, ``COUNT`` and ``UNTIL`` included, exactly as ``rrule`` would.

>>> from datetime import datetime
>>> from dateutil.rrule import rrulestr
>>> first_mondays = rhythm(rrulestr("FREQ=MONTHLY;BYDAY=1MO", dtstart=datetime(2027, 1, 1, 9)))
>>> [wall.strftime("%a %d %b") for wall in first_mondays.first(3, None)]
['Mon 04 Jan', 'Mon 01 Feb', 'Mon 01 Mar']
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from datetime import datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Any

from attrs import frozen
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule

# beyond this year dateutil expands alone, with its own end of the calendar (year 9999)
LAST_YEAR = 9900
# the longest period expanded arithmetically (INTERVAL=520: ten years)
_LONGEST = timedelta(days=7 * 520)
# parsed-rule parts that neither shape handles
_FOREIGN = ("_byweekno", "_byyearday", "_byeaster", "_bysetpos")


def rhythm(rule: rrule) -> Periodic | Monthly | None:
    """``rule`` (parsed by dateutil, naive) as a :class:`Periodic` or :class:`Monthly`.

    ``None`` when it has neither shape: it is then for dateutil to expand.
    """
    parts: dict[str, Any] = getattr(rule, "__dict__", {})
    start, count, until = parts.get("_dtstart"), parts.get("_count", ""), parts.get("_until", "")
    interval, times = parts.get("_interval"), parts.get("_timeset")
    if (
        any(parts.get(name, "") is not None for name in _FOREIGN)
        or not (isinstance(start, datetime) and start.tzinfo is None)
        or start.year >= LAST_YEAR
        or not (count is None or type(count) is int)
        or not (until is None or (isinstance(until, datetime) and until.tzinfo is None))
        or not (type(interval) is int and interval > 0)
        or not (isinstance(times, tuple) and times)
        or not (parts.get("_byweekday", "") is None or isinstance(parts["_byweekday"], tuple))
        or not isinstance(parts.get("_bymonthday"), tuple)
        or not isinstance(parts.get("_bynmonthday"), tuple)
    ):
        return None
    freq, weekdays = parts.get("_freq"), parts["_byweekday"]
    if freq in (DAILY, WEEKLY):
        period = timedelta(days=7 * interval)
        if (
            parts.get("_bymonth", "") is not None
            or parts.get("_bynweekday", "") is not None
            or parts["_bymonthday"]
            or parts["_bynmonthday"]
            or period > _LONGEST
        ):
            return None
        step = {(start.weekday() + interval * n) % 7 for n in range(7)}
        if freq == DAILY and weekdays is not None and not step.intersection(weekdays):
            return Periodic(start, (), period, count, until)  # no day it reaches is one it takes
        end, offsets = start + period, []
        for moment in rule.replace(count=None, until=None):
            if moment >= end:
                break
            offsets.append(moment - start)
        return Periodic(start, tuple(offsets), period, count, until)
    months, nth = parts.get("_bymonth", ""), parts.get("_bynweekday", "")
    if (
        freq != MONTHLY
        or not (months is None or isinstance(months, tuple))
        or not (nth is None or (isinstance(nth, tuple) and all(-5 <= n <= 5 for _, n in nth)))
    ):
        return None
    days = (months, weekdays, nth or None, parts["_bymonthday"], parts["_bynmonthday"])
    return Monthly(start, interval, days, times, count, until)


@frozen
class Periodic:
    """A rule that repeats every ``period``, its occurrences the same distances each time.

    Occurrence ``n`` is ``start + offsets[n % size] + (n // size) × period`` (``size`` being
    how many offsets), as long as ``count`` and ``until`` allow it.

    :param start: the rule's ``DTSTART`` (naive, whole seconds, as dateutil keeps it).
    :param offsets: the occurrences of the first period, as distances from ``start``.
    :param period: ``7 × INTERVAL`` days.
    :param count: ``COUNT`` (``None``: no count).
    :param until: ``UNTIL``, naive (``None``: no end date).

    >>> from dateutil.rrule import rrulestr
    >>> rule = rrulestr("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", dtstart=datetime(2027, 1, 1, 9))
    >>> weekdays = rhythm(rule)
    >>> [offset.days for offset in weekdays.offsets], weekdays.period.days
    ([0, 3, 4, 5, 6], 7)
    >>> [wall.strftime("%a %d") for wall in weekdays.first(7, None)]
    ['Fri 01', 'Mon 04', 'Tue 05', 'Wed 06', 'Thu 07', 'Fri 08', 'Mon 11']
    """

    start: datetime
    offsets: tuple[timedelta, ...]
    period: timedelta
    count: int | None
    until: datetime | None

    def at(self, start: datetime) -> Periodic:
        """The same rule from another ``DTSTART`` with the same weekday and time of day."""
        start = start.replace(microsecond=0)
        return Periodic(start, self.offsets, self.period, self.count, self.until)

    def first(self, limit: int, zone: tzinfo | None) -> list[datetime] | None:
        """The first ``limit`` occurrences, as wall times with ``zone`` attached (``fold=0``).

        ``None`` when they would reach the last centuries of the calendar.
        """
        size = len(self.offsets)
        wanted = limit if self.count is None else min(limit, self.count)
        periods = -(-wanted // size) if size else 0
        if self.period * periods >= datetime(LAST_YEAR, 1, 1) - self.start:
            return None
        span = _span(self.offsets, self.period, periods)
        if self.until is not None:
            wanted = min(wanted, bisect_right(span, self.until - self.start))
        base = self.start.replace(tzinfo=zone, fold=0)
        return [base + offset for offset in span[:wanted]]

    def walls(self, low: datetime, high: datetime, zone: tzinfo | None) -> list[datetime] | None:
        """The occurrences from ``low`` to ``high`` (both included), sorted.

        They are the wall times with ``zone`` attached (``fold=0``), and so must be the bounds.
        ``None`` when they would reach the last centuries of the calendar.
        """
        offsets, period, count = self.offsets, self.period, self.count
        size = len(offsets)
        if high.year >= LAST_YEAR:
            return None
        base = self.start.replace(tzinfo=zone, fold=0)
        floor, top = low - base, high - base  # distances from the start, as wall times
        if self.until is not None:
            top = min(top, self.until - self.start)
        if top < timedelta(0) or not size:
            return []
        first = max(0, floor // period)
        last = top // period if count is None else min(top // period, (count - 1) // size)
        if last < first:
            return []
        span = _span(offsets, period, last - first + 1)
        origin = period * first
        end = bisect_right(span, top - origin)
        if count is not None:
            end = min(end, count - first * size)
        base += origin
        return [base + offset for offset in span[bisect_left(span, floor - origin) : end]]


@lru_cache(maxsize=64)
def _span(offsets: tuple[timedelta, ...], period: timedelta, periods: int) -> tuple[timedelta, ...]:
    """The offsets of ``periods`` periods in a row, from the start of the first."""
    return tuple(period * n + offset for n in range(periods) for offset in offsets)


#: the days a monthly rule picks: months (``BYMONTH``), weekdays, ``(weekday, n)`` (the n-th of
#: the month, from its end if negative), days of the month and days from its end (``-1``: last)
Days = tuple[
    tuple[int, ...] | None,
    tuple[int, ...] | None,
    tuple[tuple[int, int], ...] | None,
    tuple[int, ...],
    tuple[int, ...],
]


@frozen
class Monthly:
    """A monthly rule: every ``interval`` months from ``start``, the days ``days`` picks.

    :param start: the rule's ``DTSTART`` (naive, whole seconds, as dateutil keeps it).
    :param interval: ``INTERVAL``, in months.
    :param days: the days it picks in a month (see :data:`Days`): each must pass them all.
    :param times: the times of day of each day, sorted.
    :param count: ``COUNT`` (``None``: no count).
    :param until: ``UNTIL``, naive (``None``: no end date).
    """

    start: datetime
    interval: int
    days: Days
    times: tuple[time, ...]
    count: int | None
    until: datetime | None

    def at(self, start: datetime) -> Monthly:
        """The same rule from another ``DTSTART`` with the same day, weekday and time of day."""
        start = start.replace(microsecond=0)
        return Monthly(start, self.interval, self.days, self.times, self.count, self.until)

    def first(self, limit: int, zone: tzinfo | None) -> list[datetime] | None:
        """The first ``limit`` occurrences, as wall times with ``zone`` attached (``fold=0``).

        ``None`` when they would reach the last centuries of the calendar.
        """
        return self._walk(None, None, zone, limit)

    def walls(self, low: datetime, high: datetime, zone: tzinfo | None) -> list[datetime] | None:
        """The occurrences from ``low`` to ``high`` (both included), sorted.

        They are the wall times with ``zone`` attached (``fold=0``), and so must be the bounds.
        ``None`` when they would reach the last centuries of the calendar.
        """
        return self._walk(low, high, zone, None)

    def _walk(
        self, low: datetime | None, high: datetime | None, zone: tzinfo | None, limit: int | None
    ) -> list[datetime] | None:
        start = self.start.replace(tzinfo=zone, fold=0)
        until = None if self.until is None else self.until.replace(tzinfo=zone)
        left = self.count  # occurrences the count still allows
        month = start.year * 12 + start.month - 1
        if low is not None and left is None:  # no count to keep: straight to the window
            steps = -(-(low.year * 12 + low.month - 1 - month) // self.interval)
            month += max(0, steps) * self.interval
        month -= self.interval  # (the loop steps on first thing)
        found: list[datetime] = []
        while True:
            month += self.interval
            year = month // 12
            if year >= LAST_YEAR:
                return None
            if high is not None and month > high.year * 12 + high.month - 1:
                return found
            for day in _month_days(self.days, year, month % 12 + 1):
                for clock in self.times:
                    wall = datetime(
                        year, month % 12 + 1, day, clock.hour, clock.minute, clock.second, 0, zone
                    )
                    if wall < start:
                        continue
                    if (until is not None and wall > until) or left == 0:
                        return found
                    if left is not None:
                        left -= 1
                    if high is not None and wall > high:
                        return found
                    if low is None or low <= wall:
                        found.append(wall)
                        if len(found) == limit:
                            return found


@lru_cache(maxsize=4096)
def _month_days(days: Days, year: int, month: int) -> tuple[int, ...]:
    """The days of ``month`` that ``days`` picks, as dateutil's monthly rule does."""
    months, weekdays, nth, monthdays, from_end = days
    if months is not None and month not in months:
        return ()
    opening, length = calendar.monthrange(year, month)
    picked = set(range(1, length + 1))
    if weekdays is not None:
        picked = {day for day in picked if (opening + day - 1) % 7 in weekdays}
    if monthdays or from_end:
        picked = {day for day in picked if day in monthdays or day - length - 1 in from_end}
    if nth is not None:
        closing = (opening + length - 1) % 7
        wanted = set()
        for weekday, n in nth:
            if n < 0:
                wanted.add(length + (n + 1) * 7 - (closing - weekday) % 7)
            else:
                wanted.add(1 + (n - 1) * 7 + (weekday - opening) % 7)
        picked &= wanted
    return tuple(sorted(picked))
