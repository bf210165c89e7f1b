"""Recurring posts as RFC 5545 series, expanded in their own time zone.

A :class:`Series` is what iCalendar calls a recurring event: a first occurrence in *local wall
time* and an IANA zone, an ``RRULE`` (``FREQ=WEEKLY;BYDAY=FR``), extra dates (``RDATE``),
dates taken out (``EXDATE``) and single occurrences moved elsewhere — the series stays whole.
Expansion uses ``python-dateutil``'s ``rruleset`` on the wall time and only then gives each
occurrence its zone, so a Friday 17:00 series stays at 17:00 across the October and March
changes (a rule stepping by hours in UTC would drift by one).

A wall time that does not exist (02:30 on the March night in Madrid) moves forward by the gap
(03:30); one that happens twice (02:30 on the October night) is the first of the two.

>>> from datetime import datetime
>>> series = Series("viernes", datetime(2026, 10, 16, 17, 0), "Europe/Madrid",
...                 rule="FREQ=WEEKLY;COUNT=3")
>>> [o.isoformat() for o in series.occurrences()]
['2026-10-16T17:00:00+02:00', '2026-10-23T17:00:00+02:00', '2026-10-30T17:00:00+01:00']
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cached_property

from attrs import field, frozen
from dateutil.rrule import rrule, rruleset, rrulestr

from govsm.errors import ModelError
from govsm.model import _validate as v

#: how many occurrences a series may give at most when it has no end (a safety net for
#: ``occurrences()`` without a window)
UNBOUNDED_LIMIT = 10_000


def _naive(instance: object, attribute: object, value: datetime) -> None:
    if value.tzinfo is not None:
        raise ModelError(
            "las fechas de una serie son horas locales sin desfase: la zona la da la serie",
            "a series' times are local wall times without an offset: the series gives the zone",
        )


def _naive_all(instance: object, attribute: object, value: tuple[datetime, ...]) -> None:
    for item in value:
        _naive(instance, attribute, item)


@frozen
class Series:
    """A recurring post: a first occurrence, a rule, and its exceptions, in one zone.

    :param id: identifier of the series.
    :param start: the first occurrence, in local wall time (naive).
    :param zone: the IANA zone the wall times are in (``Europe/Madrid``, ``Atlantic/Canary``).
    :param rule: the RFC 5545 ``RRULE`` value, without ``DTSTART`` (``None``: no repetition).
    :param extra: ``RDATE``: more occurrences, in local wall time.
    :param skipped: ``EXDATE``: occurrences taken out, in local wall time.
    :param moved: single occurrences moved: ``(original, new)`` in local wall time.
    """

    id: str = field(validator=v.slug)
    start: datetime = field(validator=_naive)
    zone: str = field(validator=v.timezone_name)
    rule: str | None = None
    extra: tuple[datetime, ...] = field(default=(), converter=tuple, validator=_naive_all)
    skipped: tuple[datetime, ...] = field(default=(), converter=tuple, validator=_naive_all)
    moved: tuple[tuple[datetime, datetime], ...] = field(default=(), converter=tuple)

    def __attrs_post_init__(self) -> None:
        if self.rule is not None:
            try:
                self._set  # noqa: B018  (parse now: a bad rule is refused where it is written)
            except (ValueError, TypeError) as exc:
                raise ModelError(
                    f"regla de repetición no válida «{self.rule}»: {exc}",
                    f"invalid recurrence rule '{self.rule}': {exc}",
                ) from None

    @cached_property
    def _set(self) -> rrule | rruleset:
        if self.rule is not None and not (self.extra or self.skipped or self.moved):
            parsed = rrulestr(self.rule, dtstart=self.start, forceset=False)
            if not isinstance(parsed, rrule):
                raise ValueError("one RRULE, without DTSTART")
            return parsed  # one rule alone: half the work of a set around it
        rules = rruleset(cache=False)
        if self.rule is None:
            rules.rdate(self.start)
        else:
            parsed = rrulestr(self.rule, dtstart=self.start, forceset=False)
            if not isinstance(parsed, rrule):
                raise ValueError("one RRULE, without DTSTART")
            rules.rrule(parsed)
        for extra in self.extra:
            rules.rdate(extra)
        for skipped in self.skipped:
            rules.exdate(skipped)
        for original, new in self.moved:
            rules.exdate(original)
            rules.rdate(new)
        return rules

    @cached_property
    def _zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.zone)

    def occurrences(
        self, after: datetime | None = None, before: datetime | None = None
    ) -> list[datetime]:
        """The occurrences from ``after`` (inclusive) to ``before`` (exclusive), aware.

        Both bounds are aware instants; without them, every occurrence (at most
        :data:`UNBOUNDED_LIMIT` of a series with no end).
        """
        return list(self._each(after, before))

    def _each(self, after: datetime | None, before: datetime | None) -> Iterator[datetime]:
        zone = self._zone
        if after is None and before is None:
            for count, naive in enumerate(self._set, start=1):
                if count > UNBOUNDED_LIMIT:
                    return
                yield localise(naive, zone)
            return
        low = (after or self.start.replace(tzinfo=zone)).astimezone(zone).replace(tzinfo=None)
        high = (before or low.replace(tzinfo=zone) + timedelta(days=3660)).astimezone(zone)
        # a day either side: a wall time near the bounds may move by the zone's change
        for naive in self._set.between(
            low - timedelta(days=1), high.replace(tzinfo=None) + timedelta(days=1), inc=True
        ):
            moment = localise(naive, zone)
            if (after is None or moment >= after) and (before is None or moment < before):
                yield moment


def localise(naive: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """A wall time in ``zone``, aware.

    Moved forward by the gap if it does not exist; the first of the two if it happens twice.
    """
    moment = naive.replace(tzinfo=zone, fold=0)
    back = moment.astimezone(UTC).astimezone(zone)
    # in the spring-forward gap the earlier offset carries the wall time past the gap
    return back if back.replace(tzinfo=None) != naive else moment
