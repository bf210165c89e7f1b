"""A post planned on one profile at one instant, and how an instant is shown to people.

:class:`PlannedPost` is what the checks of :mod:`govsm.calendar.limits` and
:mod:`govsm.calendar.clashes`, the :class:`~govsm.calendar.plan.Plan` and its exports read:
which message, on which profile, channel and unit, when. Its instant is aware; its local time is
read in its own zone when it has one, else in the organisation's.

>>> from datetime import UTC, datetime
>>> post = PlannedPost("m1", "x-ajuntament", "x", "comunicacio",
...                    datetime(2026, 12, 11, 16, 0, tzinfo=UTC))
>>> post.local("Europe/Madrid").isoformat()
'2026-12-11T17:00:00+01:00'
>>> print(when(post.local("Europe/Madrid")).en)
Friday 2026-12-11 at 17:00
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from functools import cache

from attrs import field, frozen

from govsm.model import Bilingual, Weekday
from govsm.model import _validate as v


@frozen
class PlannedPost:
    """One message planned on one profile at one instant.

    :param message: the message's id.
    :param profile: the profile's id.
    :param channel: the profile's channel (``x``, ``facebook``…).
    :param unit: the unit the post speaks for (the profile's, or the unit that asked for it).
    :param at: when it goes out, aware.
    :param campaign: the campaign it belongs to, if any.
    :param zone: the IANA zone its local time is read in, when not the organisation's.
    :param series: the stored series it is an occurrence of, if any
        (:mod:`govsm.calendar.series_files`).
    """

    message: str = field(validator=v.slug)
    profile: str = field(validator=v.slug)
    channel: str = field(validator=v.slug)
    unit: str = field(validator=v.slug)
    at: datetime = field(validator=v.aware)
    campaign: str | None = field(default=None, validator=v.optional_identifier)
    zone: str | None = field(default=None)
    series: str | None = field(default=None, validator=v.optional_slug)

    @zone.validator
    def _known_zone(self, attribute: object, value: str | None) -> None:
        if value is not None:
            v.timezone_name(self, attribute, value)  # type: ignore[arg-type]

    @property
    def utc(self) -> datetime:
        """The instant in UTC (what a store keeps)."""
        return self.at.astimezone(UTC)

    def zone_name(self, default: str) -> str:
        """The zone the post's local time is read in: its own, else ``default``."""
        return self.zone or default

    def local(self, default: str) -> datetime:
        """The post's local time: in its own zone, else in ``default`` (the organisation's)."""
        return self.at.astimezone(zone_info(self.zone_name(default)))


@cache
def zone_info(name: str) -> zoneinfo.ZoneInfo:
    """The :class:`~zoneinfo.ZoneInfo` named ``name`` (cached)."""
    return zoneinfo.ZoneInfo(name)


def when(local: datetime) -> Bilingual:
    """A local time as people read it: weekday, date and hour, in Spanish and English.

    :param local: an aware instant already in the zone it is to be read in.

    >>> from datetime import timedelta, timezone
    >>> when(datetime(2027, 10, 8, 17, 0, tzinfo=timezone(timedelta(hours=2)))).es
    'viernes 08/10/2027 a las 17:00'
    """
    day = Weekday.of(local.date())
    hour = f"{local.hour:02d}:{local.minute:02d}"
    return Bilingual(
        es=f"{day.spanish} {local.day:02d}/{local.month:02d}/{local.year:04d} a las {hour}",
        en=f"{day.english} {local.year:04d}-{local.month:02d}-{local.day:02d} at {hour}",
    )
