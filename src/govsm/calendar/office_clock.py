"""How much office time passed between two instants: the clock a response target runs on.

A response target "in office hours" (``business_hours = true`` in ``[[policy.response_targets]]``)
counts only the time the organisation's staff attend the networks: the policy's
:class:`~govsm.model.OfficeHours` on the days they name, in the organisation's IANA zone and in
wall time (08:00 stays 08:00 across the March and October changes), minus public holidays —
Spain's, those of the organisation's ``holiday_region`` and the policy's local ones
(:class:`~govsm.calendar.exclusions.Exclusions`). Electoral periods are not holidays: the office
answers citizens then as on any other day. Several office-hours entries naming the same day are
merged, so overlapping hours count once.

>>> from datetime import UTC, datetime, time
>>> from govsm.model import OfficeHours, Weekday
>>> hours = (OfficeHours(days=(Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI),
...     opens=time(8), closes=time(15)),)
>>> clock = OfficeClock(hours, "Europe/Madrid", holidays=frozenset())
>>> # Friday 14:00 to Monday 09:00, Madrid time: one hour on Friday, one on Monday
>>> friday, monday = datetime(2026, 10, 16, 12, tzinfo=UTC), datetime(2026, 10, 19, 7, tzinfo=UTC)
>>> clock.elapsed(friday, monday)
datetime.timedelta(seconds=7200)
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Collection, Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta

from govsm.calendar.exclusions import Exclusions
from govsm.calendar.planned import zone_info
from govsm.calendar.recurrence import localise
from govsm.errors import ModelError
from govsm.model import OfficeHours

#: the longest span :meth:`OfficeClock.elapsed` walks day by day; past it, whole weeks of the
#: same shape are counted at once (a message left unanswered for years stays cheap)
_WALK_DAYS = 21


class OfficeClock:
    """Office time between instants, for one organisation.

    :param office_hours: when the staff attend the networks (the policy's ``office_hours``).
    :param zone: the organisation's IANA time zone.
    :param holidays: the days the office is closed whatever the weekday (see
        :func:`holidays_between`).
    """

    def __init__(
        self, office_hours: Iterable[OfficeHours], zone: str, *, holidays: Collection[date]
    ) -> None:
        self._zone: zoneinfo.ZoneInfo = zone_info(zone)
        self._holidays = frozenset(holidays)
        by_day: dict[int, list[tuple[time, time]]] = {day: [] for day in range(7)}
        for entry in office_hours:
            for weekday in entry.days:
                by_day[weekday.number].append((entry.opens, entry.closes))
        self._spans = {day: _merged(spans) for day, spans in by_day.items()}

    @property
    def attended(self) -> bool:
        """Whether the office opens on some day of the week (if not, no office time ever passes)."""
        return any(self._spans.values())

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """The office time from ``start`` to ``end`` (zero when ``end`` is not after ``start``).

        :param start: an aware instant.
        :param end: an aware instant.
        :raises ModelError: an instant is naive.
        """
        for moment in (start, end):
            if moment.tzinfo is None:
                raise ModelError(
                    "el reloj de oficina necesita instantes con zona horaria",
                    "the office clock needs instants with a time zone",
                )
        if end <= start or not self.attended:
            return timedelta(0)
        first = start.astimezone(self._zone).date()
        last = end.astimezone(self._zone).date()
        if (last - first).days <= _WALK_DAYS:
            return self._walk(first, last, start, end)
        # the first and last weeks partly, the whole weeks between them by shape and holidays
        head_end = first + timedelta(days=7)
        tail_start = last - timedelta(days=(last - head_end).days % 7 + 7)
        total = self._walk(first, head_end - timedelta(days=1), start, end)
        total += self._walk(tail_start, last, start, end)
        weeks = (tail_start - head_end).days // 7
        if weeks:
            total += self._whole_weeks(head_end, weeks)
        return total

    def _walk(self, first: date, last: date, start: datetime, end: datetime) -> timedelta:
        total = timedelta(0)
        for day in _days(first, last):
            for opens, closes in self._day(day):
                low = max(opens, start)
                high = min(closes, end)
                if high > low:
                    total += high - low
        return total

    def _day(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        if day in self._holidays:
            return
        for opens, closes in self._spans[day.weekday()]:
            yield (
                localise(datetime.combine(day, opens), self._zone).astimezone(UTC),
                localise(datetime.combine(day, closes), self._zone).astimezone(UTC),
            )

    def _whole_weeks(self, first: date, weeks: int) -> timedelta:
        """The office time of ``weeks`` whole weeks from ``first``.

        A week's worth each, less the holidays that fall on office days, plus what clock
        changes inside office hours add or take.
        """
        week = timedelta(0)
        for offset in range(7):
            for opens, closes in self._spans[(first + timedelta(days=offset)).weekday()]:
                week += datetime.combine(first, closes) - datetime.combine(first, opens)
        total = week * weeks
        last = first + timedelta(days=7 * weeks - 1)
        for holiday in self._holidays:
            if first <= holiday <= last:
                for opens, closes in self._spans[holiday.weekday()]:
                    total -= datetime.combine(holiday, closes) - datetime.combine(holiday, opens)
        # a clock change inside office hours (none in Spain: they happen at 02:00 and 03:00)
        # makes that day's span an hour longer or shorter than its wall length
        total += self._shifts(first, last)
        return total

    def _shifts(self, first: date, last: date) -> timedelta:
        shift = timedelta(0)
        for day in _transition_days(self._zone, first, last):
            if day in self._holidays:
                continue
            for opens, closes in self._spans[day.weekday()]:
                wall = datetime.combine(day, closes) - datetime.combine(day, opens)
                # in UTC: instants of one zone subtract as wall times
                real = localise(datetime.combine(day, closes), self._zone).astimezone(
                    UTC
                ) - localise(datetime.combine(day, opens), self._zone).astimezone(UTC)
                # a span inside the spring gap is moved past it, and may end before it starts
                shift += max(real, timedelta(0)) - wall
        return shift


def _merged(spans: list[tuple[time, time]]) -> tuple[tuple[time, time], ...]:
    merged: list[tuple[time, time]] = []
    for opens, closes in sorted(spans):
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return tuple(merged)


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _transition_days(zone: zoneinfo.ZoneInfo, first: date, last: date) -> Iterator[date]:
    """The days from ``first`` to ``last`` on which ``zone``'s offset changes.

    Only the months whose first and last midnights differ in offset are walked day by day.
    """
    month = date(first.year, first.month, 1)
    while month <= last:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        low, high = max(first, month), min(last, following - timedelta(days=1))
        if _offset(zone, low) != _offset(zone, high + timedelta(days=1)):
            offset = _offset(zone, low)
            for day in _days(low, high):
                after = _offset(zone, day + timedelta(days=1))
                if after != offset:
                    yield day
                    offset = after
        month = following


def _offset(zone: zoneinfo.ZoneInfo, day: date) -> timedelta | None:
    return datetime.combine(day, time(0), zone).utcoffset()


def holidays_between(
    region: str | None, local: Iterable[date], first: date, last: date
) -> frozenset[date]:
    """The public holidays from ``first`` to ``last``: Spain's, ``region``'s and ``local``.

    :param region: the organisation's ``holiday_region`` (``ES-VC``), or ``None``.
    :param local: the policy's local holidays.
    :raises ConfigError: ``region`` is not an autonomous community with a holiday calendar.
    """
    exclusions = Exclusions.spanish(region=region, years=range(first.year, last.year + 1))
    days = {day for day in exclusions.days if first <= day <= last}
    days.update(day for day in local if first <= day <= last)
    return frozenset(days)
