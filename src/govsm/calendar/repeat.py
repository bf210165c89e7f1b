"""Repeating a post off office hours, for the people who work while it first went out.

A post published on a weekday morning reaches job seekers and retired people; the workers read
in the evening and at weekends. :func:`plan_repeats` places a post's repeats in the profile's
windows (:func:`~govsm.calendar.windows.windows_for`): by default one in the next **afternoon**
window — on a working day, opening once the office hours are over — and one in the next
**weekend** window. Holidays and electoral periods are skipped, each skipped day reported with its
reason; the profile's daily cap and minimum spacing hold. When the channel refuses a text it has
just seen (:attr:`~govsm.model.Channel.refuses_duplicates`), each repeat needs a text variant.
"""

from __future__ import annotations

import enum
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

from attrs import frozen

from govsm.calendar.exclusions import Exclusions
from govsm.calendar.limits import limit_for
from govsm.calendar.planned import when, zone_info
from govsm.calendar.windows import (
    DEFAULT_STEP,
    Opening,
    Taken,
    office_closing,
    openings,
    windows_for,
)
from govsm.errors import ModelError
from govsm.model import Bilingual, Channel, Policy

#: a weekday window counts as an afternoon one from this hour when the office is closed that day
AFTERNOON_FROM = time(14, 0)

#: how far ahead a repeat is looked for, in days (an electoral period lasts about 54)
REPEAT_HORIZON_DAYS = 120


class RepeatKind(enum.StrEnum):
    """Which audience a repeat is for."""

    #: a weekday window that opens once the office hours are over (the workers' evening)
    AFTERNOON = "afternoon"
    #: a Saturday or Sunday window
    WEEKEND = "weekend"

    @property
    def spanish(self) -> str:
        """The kind's Spanish name (``de tarde``, ``de fin de semana``)."""
        return "de tarde" if self is RepeatKind.AFTERNOON else "de fin de semana"

    @property
    def english(self) -> str:
        """The kind's English name (``afternoon``, ``weekend``)."""
        return self.value


#: what :func:`plan_repeats` plans unless told otherwise: one afternoon and one weekend repeat
DEFAULT_KINDS: tuple[RepeatKind, ...] = (RepeatKind.AFTERNOON, RepeatKind.WEEKEND)


@frozen
class Repeat:
    """One repeat of a post.

    :param kind: see :class:`RepeatKind`.
    :param at: when it goes out, in UTC.
    :param local: the same instant in the organisation's zone.
    :param needs_variant: the channel refuses repeated text: write a variant.
    :param text: where and why, in Spanish and English.
    """

    kind: RepeatKind
    at: datetime
    local: datetime
    needs_variant: bool
    text: Bilingual


@frozen
class SkippedDay:
    """A day a repeat would have gone out on, but nothing goes out.

    :param day: the local day.
    :param reason: why (a holiday, an electoral period), in Spanish and English.
    """

    day: date
    reason: Bilingual


@frozen
class RepeatPlan:
    """A post's repeats, the days skipped to place them, and the repeats that found no place.

    :param profile: the profile's id.
    :param original: when the post itself goes out, in UTC.
    :param repeats: the repeats, in order of time.
    :param skipped: the excluded days passed over, in order, each once.
    :param unplaced: the kinds for which no window was found, each with why.
    """

    profile: str
    original: datetime
    repeats: tuple[Repeat, ...]
    skipped: tuple[SkippedDay, ...]
    unplaced: tuple[tuple[RepeatKind, Bilingual], ...]


def _kind_of(opening: Opening, policy: Policy | None) -> RepeatKind | None:
    weekday = opening.day.weekday()
    if weekday >= 5:
        return RepeatKind.WEEKEND
    closing = office_closing(policy, weekday)
    if opening.window.opens >= (closing if closing is not None else AFTERNOON_FROM):
        return RepeatKind.AFTERNOON
    return None


def plan_repeats(
    at: datetime,
    *,
    policy: Policy | None,
    profile: str,
    unit: str,
    channel: Channel,
    zone: str,
    exclusions: Exclusions,
    kinds: Sequence[RepeatKind] = DEFAULT_KINDS,
    taken: Iterable[datetime] = (),
    step: timedelta = DEFAULT_STEP,
    horizon_days: int = REPEAT_HORIZON_DAYS,
    parents: Mapping[str, str | None] | None = None,
) -> RepeatPlan:
    """Plan the repeats of a post published (or to be published) at ``at`` on a profile.

    Each kind in ``kinds`` takes the first free slot of the next window of its kind that opens
    after ``at`` and that no earlier repeat used (``(AFTERNOON, AFTERNOON)`` gives two
    evenings). A working day is a weekday that is not excluded; an afternoon window is one that
    opens at or after the office hours' end that day (:data:`AFTERNOON_FROM` when the office is
    closed).

    :param at: when the post goes out, aware.
    :param policy: the organisation's policy (windows, office hours, limits).
    :param profile: the profile's id.
    :param unit: the profile's unit.
    :param channel: the profile's channel (whether it refuses duplicate text).
    :param zone: the organisation's IANA zone.
    :param exclusions: the excluded days (see
        :func:`~govsm.calendar.windows.organisation_exclusions`), covering ``at`` to
        ``horizon_days`` later.
    :param kinds: the repeats wanted, in order.
    :param taken: the profile's other posts (spacing and the daily cap count them).
    :param step: the wall-time step between candidate slots.
    :param horizon_days: how far ahead to look.
    :param parents: each unit's parent (:func:`~govsm.calendar.windows.unit_parents`): a unit
        without windows or limits of its own takes the nearest ones above it.
    :raises ModelError: ``at`` is naive.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ModelError("«at» debe llevar zona horaria", "'at' must carry a time zone", field="at")
    applied = windows_for(policy, profile=profile, unit=unit, channel=channel.id, parents=parents)
    limit = limit_for(policy, profile=profile, unit=unit, channel=channel.id, parents=parents)
    tz = zone_info(zone)
    used = Taken((*taken, at), zone, min_spacing=limit.min_spacing, max_per_day=limit.max_per_day)
    start = at.astimezone(tz).date()
    candidates = [
        (opening, kind)
        for opening in openings(applied.windows, zone, start, start + timedelta(days=horizon_days))
        if opening.opens > at and (kind := _kind_of(opening, policy)) is not None
    ]
    taken_openings: set[int] = set()
    repeats: list[Repeat] = []
    skipped: dict[date, Bilingual] = {}
    unplaced: list[tuple[RepeatKind, Bilingual]] = []
    for wanted in kinds:
        slot = _place(wanted, candidates, exclusions, used, taken_openings, skipped, step, tz)
        if slot is None:
            unplaced.append((wanted, _unplaced_text(wanted, horizon_days, applied.explanation)))
            continue
        repeats.append(_repeat(wanted, slot, zone, channel))
    return RepeatPlan(
        profile=profile,
        original=at.astimezone(UTC),
        repeats=tuple(sorted(repeats, key=lambda repeat: repeat.at)),
        skipped=tuple(SkippedDay(day, reason) for day, reason in sorted(skipped.items())),
        unplaced=tuple(unplaced),
    )


def _place(
    wanted: RepeatKind,
    candidates: list[tuple[Opening, RepeatKind]],
    exclusions: Exclusions,
    used: Taken,
    taken_openings: set[int],
    skipped: dict[date, Bilingual],
    step: timedelta,
    tz: zoneinfo.ZoneInfo,
) -> datetime | None:
    for index, (opening, kind) in enumerate(candidates):
        if kind is not wanted or index in taken_openings:
            continue
        reason = exclusions.reason(opening.day)
        if reason is not None:
            skipped[opening.day] = reason
            continue
        for slot in opening.slots(step, tz):
            if used.free(slot):
                used.add(slot)
                taken_openings.add(index)
                return slot
    return None


def _repeat(kind: RepeatKind, slot: datetime, zone: str, channel: Channel) -> Repeat:
    local = slot.astimezone(zone_info(zone))
    shown = when(local)
    es = f"repetición {kind.spanish}: {shown.es}"
    en = f"{kind.english} repeat: {shown.en}"
    if channel.refuses_duplicates:
        es += f"; {channel.display_name('es')} rechaza textos repetidos: escriba una variante"
        en += f"; {channel.name} refuses repeated text: write a variant"
    return Repeat(
        kind=kind,
        at=slot.astimezone(UTC),
        local=local,
        needs_variant=channel.refuses_duplicates,
        text=Bilingual(es=es, en=en),
    )


def _unplaced_text(kind: RepeatKind, horizon: int, applied: Bilingual) -> Bilingual:
    return Bilingual(
        es=f"ninguna franja {kind.spanish} libre en los próximos {horizon} días ({applied.es})",
        en=f"no free {kind.english} window in the next {horizon} days ({applied.en})",
    )
