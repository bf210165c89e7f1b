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

Expanding many series is kept cheap in three ways, with the same results as above:

- a rule is parsed once per rule text and weekday, day and time of day of its start (what the
  rule's defaults depend on), not once per series;
- the common shapes (daily and weekly rules picking weekdays and times, monthly rules picking
  days by weekday or day of the month) are expanded by date arithmetic
  (:mod:`govsm.calendar.rhythms`) rather than by dateutil's day-by-day walk;
- giving a wall time its zone only needs the zone's rules on the few days with a gap in their
  wall clock (:func:`gap_days`, kept per zone and year): on any other day, and during an
  overlap, the wall time with the zone attached is already the answer :func:`localise` gives.
"""

from __future__ import annotations

import calendar
import zoneinfo
from bisect import bisect_left
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property, lru_cache
from itertools import islice

from attrs import field, frozen
from dateutil.rrule import rrule, rruleset, rrulestr

from govsm.calendar.rhythms import LAST_YEAR, Monthly, Periodic, rhythm
from govsm.errors import ModelError
from govsm.model import _validate as v

#: how many occurrences a series may give at most when it has no end (a safety net for
#: ``occurrences()`` without a window)
UNBOUNDED_LIMIT = 10_000

_DAY = timedelta(days=1)
# a wall time this far inside a window's bounds is inside it, whatever the zone's offsets do
# (an offset is under a day either way, so a gap and an offset change are under two days each)
_MARGIN = timedelta(days=5)
# over more years than this, wall times are checked one by one rather than by gap_days
_YEARS = 12
# rules parsed, by rule text and what of the start their defaults depend on (see Series._rhythm)
_RHYTHMS: dict[tuple[object, ...], Periodic | Monthly | None] = {}


def _naive(instance: object, attribute: object, value: datetime) -> None:
    if value.tzinfo is not None:
        raise ModelError(
            "las fechas de una serie son horas locales sin desfase: la zona la da la serie",
            "a series' times are local wall times without an offset: the series gives the zone",
        )


def _naive_all(instance: object, attribute: object, value: tuple[datetime, ...]) -> None:
    for item in value:
        _naive(instance, attribute, item)


def _times(value: Iterable[datetime]) -> tuple[datetime, ...]:
    return tuple(value)


def _moves(value: Iterable[tuple[datetime, datetime]]) -> tuple[tuple[datetime, datetime], ...]:
    return tuple(value)


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
    extra: tuple[datetime, ...] = field(default=(), converter=_times, validator=_naive_all)
    skipped: tuple[datetime, ...] = field(default=(), converter=_times, validator=_naive_all)
    moved: tuple[tuple[datetime, datetime], ...] = field(default=(), converter=_moves)

    def __attrs_post_init__(self) -> None:
        if self.rule is not None:
            try:
                self._rhythm  # noqa: B018  (parse now: a bad rule is refused where it is written)
            except (ValueError, TypeError) as exc:
                raise ModelError(
                    f"regla de repetición no válida «{self.rule}»: {exc}",
                    f"invalid recurrence rule '{self.rule}': {exc}",
                ) from None

    @cached_property
    def _rule(self) -> rrule | None:
        if self.rule is None:
            return None
        parsed = rrulestr(self.rule, dtstart=self.start, forceset=False)
        if not isinstance(parsed, rrule):
            raise ValueError("one RRULE, without DTSTART")
        return parsed

    @cached_property
    def _set(self) -> rrule | rruleset:
        if self._rule is not None and not self._changed:
            return self._rule  # one rule alone: half the work of a set around it
        rules = rruleset(cache=False)
        if self._rule is None:
            rules.rdate(self.start)
        else:
            rules.rrule(self._rule)
        for extra in self._added:
            rules.rdate(extra)
        for skipped in self._dropped:
            rules.exdate(skipped)
        return rules

    @cached_property
    def _zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.zone)

    @cached_property
    def _rhythm(self) -> Periodic | Monthly | None:
        """The rule as date arithmetic, if it has such a shape (parsing it the first time).

        A rule's text and its start's weekday, day of the month and time of day (and the
        default first day of the week) give all of it but the start: what dateutil fills in
        from the start, and whether the rule is valid at all.
        """
        if self.rule is None:
            return None
        start = self.start
        key = (self.rule, start.weekday(), start.day, start.time(), calendar.firstweekday())
        if key in _RHYTHMS:
            known = _RHYTHMS[key]
        else:
            parsed = self._rule  # raises for a bad rule (not kept: it is raised every time)
            # only a one-line rule starts at the series' start (one with a DTSTART line would
            # start there whatever the series says): anything else is left to dateutil
            text = self.rule.strip().upper()
            ours = len(text.split()) == 1 and (":" not in text or text.startswith("RRULE:"))
            ours = ours and getattr(parsed, "_dtstart", None) == start.replace(microsecond=0)
            known = rhythm(parsed) if parsed is not None and ours else None
            if len(_RHYTHMS) >= 65_536:
                _RHYTHMS.clear()
            _RHYTHMS[key] = known
        return None if known is None or start.year >= LAST_YEAR else known.at(start)

    @property
    def _changed(self) -> bool:
        return bool(self.extra or self.skipped or self.moved)

    @property
    def _added(self) -> tuple[datetime, ...]:
        return self.extra + tuple(new for _, new in self.moved)

    @property
    def _dropped(self) -> tuple[datetime, ...]:
        return self.skipped + tuple(original for original, _ in self.moved)

    def occurrences(
        self, after: datetime | None = None, before: datetime | None = None
    ) -> list[datetime]:
        """The occurrences from ``after`` (inclusive) to ``before`` (exclusive), aware.

        Both bounds are aware instants; without them, every occurrence (at most
        :data:`UNBOUNDED_LIMIT` of a series with no end).
        """
        zone = self._zone
        if after is None and before is None:
            return _mend(self._walls(None, None), zone)
        # the bounds as wall times in the zone (the same fields as naive, compared as such)
        low = (after or self.start.replace(tzinfo=zone)).astimezone(zone)
        high = (before or low + timedelta(days=3660)).astimezone(zone)
        # a day either side: a wall time near the bounds may move by the zone's change
        walls = self._walls(low - _DAY, high + _DAY)
        # only the wall times near a bound need comparing with it
        inner = _index(walls, low, _MARGIN)
        outer = max(inner, _index(walls, high, -_MARGIN))
        moments = _mend(walls, zone)

        def inside(moment: datetime) -> bool:
            return (after is None or moment >= after) and (before is None or moment < before)

        return (
            [moment for moment in moments[:inner] if inside(moment)]
            + moments[inner:outer]
            + [moment for moment in moments[outer:] if inside(moment)]
        )

    def _walls(self, low: datetime | None, high: datetime | None) -> list[datetime]:
        """The wall times from ``low`` to ``high`` (both included, walls in the zone), sorted.

        Each is the wall time with the zone attached (``fold=0``), not yet moved out of a gap
        (see :func:`_mend`); without bounds, the first :data:`UNBOUNDED_LIMIT`.
        """
        zone = self._zone
        arithmetic = self._rhythm
        if arithmetic is not None and not self._changed:
            if low is None or high is None:
                walls = arithmetic.first(UNBOUNDED_LIMIT, zone)
            else:
                walls = arithmetic.walls(low, high, zone)
            if walls is not None:
                return walls
        floor = None if low is None else low.replace(tzinfo=None)
        top = None if high is None else high.replace(tzinfo=None)
        if arithmetic is not None and self._changed:
            # RDATE and EXDATE around the rule, as rruleset does: union, in order, minus EXDATE;
            # without bounds, enough of the rule's own for the EXDATE not to leave it short
            dropped = set(self._dropped)
            if floor is None or top is None:
                naive = arithmetic.first(UNBOUNDED_LIMIT + len(dropped), None)
            else:
                naive = arithmetic.walls(floor, top, None)
            if naive is not None:
                added = self._added
                if floor is not None and top is not None:
                    added = tuple(day for day in added if floor <= day <= top)
                merged = sorted(set(naive).union(added).difference(dropped))
                if floor is None:
                    del merged[UNBOUNDED_LIMIT:]
                return [wall.replace(tzinfo=zone, fold=0) for wall in merged]
        if floor is None or top is None:
            found: list[datetime] = list(islice(self._set, UNBOUNDED_LIMIT))
        else:
            found = self._set.between(floor, top, inc=True)
        return [wall.replace(tzinfo=zone, fold=0) for wall in found]


@lru_cache(maxsize=2048)
def gap_days(zone: tzinfo, year: int) -> tuple[date, ...]:
    """The days of ``year`` on which some wall time does not exist in ``zone``.

    A day is listed when the offset at its midnight differs from the one at the next midnight
    (taken as the later of two, should it happen twice or not at all): that is each day
    a change forward touches, and the days of changes back too (harmless: :func:`localise`
    leaves their wall times as they are).

    >>> [day.isoformat() for day in gap_days(zoneinfo.ZoneInfo("Europe/Madrid"), 2027)]
    ['2027-03-28', '2027-10-31']
    """
    found = []
    ordinal = date(year, 1, 1).toordinal()
    offset = datetime.fromordinal(ordinal).replace(tzinfo=zone).utcoffset()
    while (day := date.fromordinal(ordinal)).year == year:
        if ordinal < date.max.toordinal():
            midnight = datetime.fromordinal(ordinal + 1).replace(tzinfo=zone)
        else:
            midnight = datetime.max.replace(tzinfo=zone)
        if midnight.replace(fold=1).utcoffset() != offset:
            found.append(day)
        offset = midnight.utcoffset()
        ordinal += 1
        if ordinal > date.max.toordinal():
            break
    return tuple(found)


def _mend(walls: list[datetime], zone: zoneinfo.ZoneInfo) -> list[datetime]:
    """Sorted wall times (``fold=0``) given their zone as :func:`localise` does, in place.

    Only those in a gap move; they are found by the zone's :func:`gap_days`, or, over many
    years, one by one: a wall time in a gap or an overlap has two offsets (``fold`` 0 and 1).
    """
    if not walls:
        return walls
    first, last = walls[0].date(), walls[-1].date()
    if last.year - first.year > _YEARS:
        for at, wall in enumerate(walls):
            if wall.utcoffset() != wall.replace(fold=1).utcoffset():
                walls[at] = localise(wall.replace(tzinfo=None), zone)
        return walls
    spans = []
    for year in range(first.year, last.year + 1):
        for day in gap_days(zone, year):
            if first <= day <= last:
                midnight = datetime.combine(day, time(), zone)
                spans.append((bisect_left(walls, midnight), _index(walls, midnight, _DAY)))
    for low, high in spans:  # every span first: a wall time moved may land on the next day
        for at in range(low, high):
            walls[at] = localise(walls[at].replace(tzinfo=None), zone)
    return walls


def _index(walls: list[datetime], wall: datetime, shift: timedelta) -> int:
    """Where the wall time ``wall + shift`` would go in ``walls`` (sorted, in its zone)."""
    try:
        wall += shift
    except OverflowError:
        return 0 if shift < timedelta(0) else len(walls)
    return bisect_left(walls, wall)


def localise(naive: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """A wall time in ``zone``, aware.

    Moved forward by the gap if it does not exist; the first of the two if it happens twice.
    """
    moment = naive.replace(tzinfo=zone, fold=0)
    back = moment.astimezone(UTC).astimezone(zone)
    # in the spring-forward gap the earlier offset carries the wall time past the gap
    return back if back.replace(tzinfo=None) != naive else moment
