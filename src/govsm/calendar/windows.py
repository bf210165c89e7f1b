"""When a profile's posts may go out, and the next free slots in those hours.

The policy's posting windows (:class:`~govsm.model.PostingWindow`) say when each audience reads:
:func:`windows_for` picks those that apply to a profile — the most specific scope that declares
any wins: the profile's, then its unit's, then those of the units above it (its parent, the
parent's parent…, nearest first), then its channel's, then the organisation's — and, when the
policy declares none, falls back to its office hours, never to a made-up default.
:func:`next_slots` then walks those windows day by day in the organisation's IANA zone, in wall
time (09:00 stays 09:00 across the October and March changes), skips the excluded days (holidays,
electoral periods: :class:`~govsm.calendar.exclusions.Exclusions`) and keeps the daily cap and
the minimum spacing. Slots are aware instants in UTC, as a store keeps them.

>>> from datetime import UTC, datetime, time
>>> from govsm.model import Policy, PostingWindow, Weekday
>>> policy = Policy(organisation="o", version="1", coordinating_unit="c", posting_windows=(
...     PostingWindow(days=(Weekday.SAT,), opens=time(10), closes=time(13)),))
>>> applied = windows_for(policy, profile="x-ajuntament", unit="comunicacio", channel="x")
>>> applied.source
<WindowSource.ORGANISATION: 'organisation'>
>>> slots = next_slots(datetime(2026, 12, 11, 9, 0, tzinfo=UTC), applied.windows,
...                    "Europe/Madrid", count=2, min_spacing=timedelta(minutes=90))
>>> [slot.astimezone(zone_info("Europe/Madrid")).isoformat() for slot in slots]
['2026-12-12T10:00:00+01:00', '2026-12-12T11:30:00+01:00']
"""

from __future__ import annotations

import bisect
import enum
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

from attrs import frozen

from govsm.calendar.exclusions import Exclusions
from govsm.calendar.planned import zone_info
from govsm.calendar.recurrence import localise
from govsm.errors import ModelError
from govsm.model import Bilingual, Organisation, Policy, PostingWindow, PublishingScope, Unit

#: the step between two candidate slots inside a window, unless the caller gives another
DEFAULT_STEP = timedelta(minutes=15)

#: how far ahead :func:`next_slots` looks before giving up, in days
DEFAULT_HORIZON_DAYS = 366


class WindowSource(enum.StrEnum):
    """Where the windows that apply to a profile come from."""

    PROFILE = "profile"
    UNIT = "unit"
    #: none of its own: a unit above the profile's (its parent, or further up) declares them
    PARENT_UNIT = "parent-unit"
    CHANNEL = "channel"
    ORGANISATION = "organisation"
    #: the policy declares no posting window for the profile: its office hours stand in
    OFFICE_HOURS = "office-hours"
    #: neither posting windows nor office hours: nothing says when posts go out
    NONE = "none"


_SOURCE_TEXT = {
    WindowSource.PROFILE: ("las franjas del propio perfil", "the profile's own windows"),
    WindowSource.UNIT: ("las franjas de su unidad", "its unit's windows"),
    WindowSource.PARENT_UNIT: ("las franjas de una unidad superior", "a parent unit's windows"),
    WindowSource.CHANNEL: ("las franjas de su canal", "its channel's windows"),
    WindowSource.ORGANISATION: ("las franjas de la organización", "the organisation's windows"),
    WindowSource.OFFICE_HOURS: (
        "el horario de atención (la política no declara franjas de publicación)",
        "the office hours (the policy declares no posting windows)",
    ),
    WindowSource.NONE: (
        "ninguna: la política no declara franjas de publicación ni horario de atención",
        "none: the policy declares neither posting windows nor office hours",
    ),
}


@frozen
class AppliedWindows:
    """The posting windows that apply to one profile, and where they come from.

    :param windows: the windows (empty when :attr:`source` is :attr:`WindowSource.NONE`).
    :param source: see :class:`WindowSource`.
    :param unit: the unit that declares them, when :attr:`source` is a unit's.
    """

    windows: tuple[PostingWindow, ...]
    source: WindowSource
    unit: str | None = None

    @property
    def explanation(self) -> Bilingual:
        """Which windows these are, in Spanish and English."""
        if self.source is WindowSource.PARENT_UNIT and self.unit is not None:
            es = f"las de la unidad superior «{self.unit}»"
            en = f"those of the parent unit '{self.unit}'"
        else:
            es, en = _SOURCE_TEXT[self.source]
        return Bilingual(es=f"franjas aplicadas: {es}", en=f"windows applied: {en}")


def unit_parents(units: Iterable[Unit]) -> dict[str, str | None]:
    """Each unit's parent, by unit id (what :func:`windows_for` and the limits walk up)."""
    return {unit.id: unit.parent for unit in units}


def unit_line(unit: str, parents: Mapping[str, str | None] | None = None) -> tuple[str, ...]:
    """``unit`` and the units above it, nearest first, up to one without a parent.

    A unit ``parents`` does not know ends the line; so does a unit met twice (a loop).

    >>> unit_line("ocupacio", {"ocupacio": "promocio", "promocio": "alcaldia", "alcaldia": None})
    ('ocupacio', 'promocio', 'alcaldia')
    """
    line = [unit]
    if parents:
        above = parents.get(unit)
        while above is not None and above not in line:
            line.append(above)
            above = parents.get(above)
    return tuple(line)


def _specificity(
    scope: PublishingScope, target: str | None, depth: Mapping[str, int]
) -> tuple[int, int]:
    """How specific a window or limit is for one profile (higher wins): scope, then nearness.

    Among units, the profile's own (depth 0) comes first, then its parent, and so on up.
    """
    if scope is PublishingScope.UNIT and target is not None:
        return scope.rank, -depth[target]
    return scope.rank, 0


def windows_for(
    policy: Policy | None,
    *,
    profile: str,
    unit: str,
    channel: str,
    parents: Mapping[str, str | None] | None = None,
) -> AppliedWindows:
    """The posting windows that apply to a profile.

    Windows of the most specific scope that declares any win (profile, unit, the units above it
    nearest first, channel, organisation); several windows of that scope add up. Without any,
    the policy's office hours stand in; without those either, there are none
    (:attr:`WindowSource.NONE`).

    :param policy: the organisation's policy, if it has one.
    :param profile: the profile's id.
    :param unit: the profile's unit.
    :param channel: the profile's channel.
    :param parents: each unit's parent (:func:`unit_parents`); without it, no unit above the
        profile's is looked at.
    """
    if policy is None:
        return AppliedWindows((), WindowSource.NONE)
    depth = {name: index for index, name in enumerate(unit_line(unit, parents))}
    matching = [
        window
        for window in policy.posting_windows
        if _applies(window.scope, window.target, profile, depth, channel)
    ]
    if matching:
        rank = {id(w): _specificity(w.scope, w.target, depth) for w in matching}
        best = max(rank.values())
        chosen = tuple(window for window in matching if rank[id(window)] == best)
        first = chosen[0]
        if first.scope is not PublishingScope.UNIT:
            return AppliedWindows(chosen, WindowSource(first.scope.value))
        source = WindowSource.UNIT if first.target == unit else WindowSource.PARENT_UNIT
        return AppliedWindows(chosen, source, first.target)
    if policy.office_hours:
        hours = tuple(
            PostingWindow(days=tuple(dict.fromkeys(h.days)), opens=h.opens, closes=h.closes)
            for h in policy.office_hours
            if h.days
        )
        return AppliedWindows(hours, WindowSource.OFFICE_HOURS)
    return AppliedWindows((), WindowSource.NONE)


def _applies(
    scope: PublishingScope,
    target: str | None,
    profile: str,
    depth: Mapping[str, int],
    channel: str,
) -> bool:
    """Whether a window or limit of ``scope`` and ``target`` applies to the profile."""
    if scope is PublishingScope.ORGANISATION:
        return True
    if scope is PublishingScope.UNIT:
        return target in depth
    return target == (profile if scope is PublishingScope.PROFILE else channel)


def specificity(
    scope: PublishingScope,
    target: str | None,
    *,
    profile: str,
    unit: str,
    channel: str,
    parents: Mapping[str, str | None] | None = None,
) -> tuple[int, int] | None:
    """How specific a window or limit is for a profile (higher wins); ``None``: not its own.

    :param scope: the window's or limit's scope.
    :param target: its target.
    :param profile: the profile's id.
    :param unit: the profile's unit.
    :param channel: the profile's channel.
    :param parents: each unit's parent (:func:`unit_parents`).
    """
    depth = {name: index for index, name in enumerate(unit_line(unit, parents))}
    if not _applies(scope, target, profile, depth, channel):
        return None
    return _specificity(scope, target, depth)


def inside(at: datetime, windows: Iterable[PostingWindow], zone: str) -> bool:
    """Whether ``at`` falls inside one of ``windows`` in ``zone``'s wall time.

    :param at: an aware instant.
    :param windows: the windows.
    :param zone: the IANA zone the windows' times are in.
    """
    local = at.astimezone(zone_info(zone))
    moment = local.time()
    weekday = local.weekday()
    return any(window.covers(weekday, moment) for window in windows)


@frozen
class Opening:
    """One window on one day: the span in which its slots lie.

    :param day: the local day.
    :param window: the window.
    :param opens: when it opens, aware, in the zone (past the gap if the wall time is missing).
    :param closes: when it closes, aware, in the zone.
    """

    day: date
    window: PostingWindow
    opens: datetime
    closes: datetime

    def slots(self, step: timedelta, zone: zoneinfo.ZoneInfo) -> Iterator[datetime]:
        """The candidate slots of this opening: every ``step`` of wall time from the opening.

        A wall time that does not exist (the March night) is no slot; one that happens twice
        (the October night) is the first of the two.
        """
        wall = datetime.combine(self.day, self.window.opens)
        end = datetime.combine(self.day, self.window.closes)
        if (
            self.opens.utcoffset() == self.closes.utcoffset()
            and self.opens.replace(tzinfo=None) == wall
        ):  # no change of offset inside: wall time and real time step together
            moment = self.opens
            while moment < self.closes:
                yield moment
                moment += step
            return
        while wall < end:
            moment = localise(wall, zone)
            if moment.replace(tzinfo=None) == wall:
                yield moment
            wall += step


def openings(
    windows: Sequence[PostingWindow], zone: str, first: date, last: date
) -> Iterator[Opening]:
    """Every opening of ``windows`` from day ``first`` to day ``last`` (inclusive), in order.

    :param windows: the windows.
    :param zone: the IANA zone their wall times are in.
    """
    tz = zone_info(zone)
    by_day: list[list[PostingWindow]] = [[] for _ in range(7)]
    for window in windows:
        for weekday in window.days:
            by_day[weekday.number].append(window)
    for bucket in by_day:
        bucket.sort(key=lambda w: (w.opens, w.closes))
    day = first
    while day <= last:
        for window in by_day[day.weekday()]:
            opens = localise(datetime.combine(day, window.opens), tz)
            closes = localise(datetime.combine(day, window.closes), tz)
            if opens < closes:
                yield Opening(day, window, opens, closes)
        day += timedelta(days=1)


class Taken:
    """The instants already used on one profile: what spacing and the daily cap are checked on.

    :param instants: the profile's posts already planned or published.
    :param zone: the IANA zone its local days are counted in.
    :param min_spacing: the minimum time between two posts, if any.
    :param max_per_day: the most posts in one local day, if capped.
    """

    def __init__(
        self,
        instants: Iterable[datetime],
        zone: str,
        *,
        min_spacing: timedelta | None = None,
        max_per_day: int | None = None,
    ) -> None:
        self.zone = zone_info(zone)
        self.min_spacing = min_spacing
        self.max_per_day = max_per_day
        self.instants: list[datetime] = sorted(at.astimezone(UTC) for at in instants)
        self.per_day: Counter[date] = Counter(
            at.astimezone(self.zone).date() for at in self.instants
        )

    def free(self, at: datetime) -> bool:
        """Whether a post at ``at`` keeps the spacing and the daily cap."""
        at = at.astimezone(UTC)
        cap = self.max_per_day
        if cap is not None and self.per_day[at.astimezone(self.zone).date()] >= cap:
            return False
        spacing = self.min_spacing
        if spacing is None:
            return at not in self.instants
        index = bisect.bisect_left(self.instants, at)
        if index < len(self.instants) and self.instants[index] - at < spacing:
            return False
        return not (index > 0 and at - self.instants[index - 1] < spacing)

    def add(self, at: datetime) -> None:
        """Count a post at ``at``."""
        at = at.astimezone(UTC)
        bisect.insort(self.instants, at)
        self.per_day[at.astimezone(self.zone).date()] += 1


def next_slots(
    after: datetime,
    windows: Sequence[PostingWindow],
    zone: str,
    *,
    count: int = 1,
    exclusions: Exclusions | None = None,
    taken: Iterable[datetime] = (),
    min_spacing: timedelta | None = None,
    max_per_day: int | None = None,
    step: timedelta = DEFAULT_STEP,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> list[datetime]:
    """The next ``count`` free slots at or after ``after``, in UTC.

    Each slot lies inside a window in ``zone``'s wall time, on a day ``exclusions`` does not
    exclude, at least ``min_spacing`` from every instant in ``taken`` and from the other slots,
    with at most ``max_per_day`` posts (``taken`` and slots together) in each local day. Fewer
    than ``count`` come back when the horizon ends first, and none without windows.

    :param after: an aware instant.
    :param windows: the windows (see :func:`windows_for`).
    :param zone: the IANA zone the windows are in: the organisation's.
    :param count: how many slots.
    :param exclusions: the days nothing goes out.
    :param taken: the profile's posts already planned or published.
    :param min_spacing: the minimum time between two posts of the profile.
    :param max_per_day: the most posts of the profile in one local day.
    :param step: the wall-time step between candidate slots inside a window.
    :param horizon_days: how many days ahead to look.
    :raises ModelError: ``after`` is naive, or ``step`` is not positive.
    """
    if after.tzinfo is None or after.utcoffset() is None:
        raise ModelError(
            "«after» debe llevar zona horaria", "'after' must carry a time zone", field="after"
        )
    if step <= timedelta(0):
        raise ModelError(
            "el paso entre huecos debe ser positivo",
            "the step between slots must be positive",
            field="step",
        )
    tz = zone_info(zone)
    used = Taken(taken, zone, min_spacing=min_spacing, max_per_day=max_per_day)
    start = after.astimezone(tz).date()
    found: list[datetime] = []
    if count <= 0 or not windows:
        return found
    for opening in openings(windows, zone, start, start + timedelta(days=horizon_days)):
        if opening.closes <= after:
            continue
        if exclusions is not None and exclusions.reason(opening.day) is not None:
            continue
        for slot in opening.slots(step, tz):
            if slot >= after and used.free(slot):
                used.add(slot)
                found.append(slot.astimezone(UTC))
                if len(found) == count:
                    return sorted(found)
    return sorted(found)


def organisation_exclusions(
    organisation: Organisation, policy: Policy | None, first: date, last: date
) -> Exclusions:
    """The organisation's excluded days from ``first`` to ``last``.

    Spain's public holidays with those of its ``holiday_region``, the policy's local holidays and
    its electoral periods.

    :param organisation: the organisation (its ``holiday_region``).
    :param policy: its policy (local holidays, electoral periods), if any.
    :param first: the first day wanted.
    :param last: the last day wanted; holidays are listed by whole years.
    """
    return Exclusions.spanish(
        region=organisation.holiday_region,
        years=range(first.year, last.year + 1),
        local=policy.local_holidays if policy is not None else (),
        electoral=policy.electoral_periods if policy is not None else (),
    )


def office_closing(policy: Policy | None, weekday: int) -> time | None:
    """When the office hours end on ``weekday`` (0: Monday), if the office opens that day.

    :param policy: the policy.
    :param weekday: the day of the week.
    """
    if policy is None:
        return None
    closing = [h.closes for h in policy.office_hours if any(d.number == weekday for d in h.days)]
    return max(closing) if closing else None
