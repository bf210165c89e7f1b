"""When posts go out: the days of the week, posting windows, publishing limits, local holidays.

The policy says *when* a profile's posts may go out (:class:`PostingWindow`: the hours its
audience reads it), *how often* (:class:`PublishingLimit`: a daily cap and a minimum spacing, so
that a profile does not saturate its followers) and on which of the town's own days nothing goes
out (:class:`LocalHoliday`). Times of day are naive wall times in the organisation's zone.

>>> from datetime import time
>>> window = PostingWindow(days=(Weekday.SAT,), opens=time(10), closes=time(13))
>>> window.scope, window.covers(5, time(12, 59)), window.covers(5, time(13))
(<PublishingScope.ORGANISATION: 'organisation'>, True, False)
"""

from __future__ import annotations

import enum
from datetime import date, time

from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v


class Weekday(enum.StrEnum):
    """Days of the week, as written in ``govsm.toml``."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def spanish(self) -> str:
        """The day's Spanish name, for Spanish prose (``lunes`` … ``domingo``)."""
        return _WEEKDAY_ES[self]

    @property
    def english(self) -> str:
        """The day's English name, for English prose (``Monday`` … ``Sunday``)."""
        return _WEEKDAY_EN[self]

    @property
    def number(self) -> int:
        """The day as ``date.weekday()`` numbers it: 0 for Monday … 6 for Sunday.

        >>> Weekday.SUN.number
        6
        """
        return _WEEKDAY_NUMBER[self]

    @classmethod
    def of(cls, day: date) -> Weekday:
        """The day of the week ``day`` falls on.

        >>> Weekday.of(date(2026, 12, 11))
        <Weekday.FRI: 'fri'>
        """
        return _WEEKDAYS[day.weekday()]


_WEEKDAYS = tuple(Weekday)
_WEEKDAY_NUMBER = {day: number for number, day in enumerate(Weekday)}
_WEEKDAY_EN = dict(
    zip(
        Weekday,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
_WEEKDAY_ES = dict(
    zip(
        Weekday,
        ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
        strict=True,
    )
)


class PublishingScope(enum.StrEnum):
    """What a posting window or a publishing limit applies to.

    The most specific scope that declares one wins: a profile's over its unit's, its unit's over
    its channel's, its channel's over the organisation's.
    """

    ORGANISATION = "organisation"
    UNIT = "unit"
    PROFILE = "profile"
    CHANNEL = "channel"

    @property
    def rank(self) -> int:
        """How specific the scope is: 0 for the organisation … 3 for a profile."""
        return _SCOPE_RANK[self]


_SCOPE_RANK = {
    PublishingScope.ORGANISATION: 0,
    PublishingScope.CHANNEL: 1,
    PublishingScope.UNIT: 2,
    PublishingScope.PROFILE: 3,
}


def _check_scope(what_es: str, what_en: str, scope: PublishingScope, target: str | None) -> None:
    if (scope is PublishingScope.ORGANISATION) != (target is None):
        raise ModelError(
            f"{what_es} de ámbito «organisation» no lleva «target»; uno de ámbito «unit», "
            "«profile» o «channel» lo necesita",
            f"{what_en} scoped to 'organisation' takes no 'target'; one scoped to 'unit', "
            "'profile' or 'channel' needs one",
            field="target",
        )


def _days(instance: object, attribute: object, value: tuple[Weekday, ...]) -> None:
    if not value:
        raise ModelError(
            "una franja de publicación necesita al menos un día («days»)",
            "a posting window needs at least one day ('days')",
            field="days",
        )
    if len(set(value)) != len(value):
        raise ModelError(
            "un día se repite en «days»",
            "a day is repeated in 'days'",
            field="days",
        )


@frozen
class PostingWindow:
    """When a profile's posts may go out: ``days`` from ``opens`` to ``closes``, local time.

    A window is the audience's hours: job seekers read in the morning, workers in the evening and
    at weekends. Several windows of the same scope add up; see :class:`PublishingScope` for which
    scope applies to a profile.

    :param days: the days of the week it applies.
    :param opens: the first minute a post may go out, in the organisation's zone (naive).
    :param closes: the end of the window, excluded; after ``opens`` (a window that crosses
        midnight is two windows).
    :param scope: see :class:`PublishingScope`.
    :param target: the unit's, profile's or channel's id when the scope is not the organisation.
    """

    days: tuple[Weekday, ...] = field(validator=_days)
    opens: time
    closes: time
    scope: PublishingScope = PublishingScope.ORGANISATION
    target: str | None = field(default=None, validator=v.optional_slug)

    def __attrs_post_init__(self) -> None:
        for name, moment in (("opens", self.opens), ("closes", self.closes)):
            if moment.tzinfo is not None:
                raise ModelError(
                    "las horas de una franja de publicación son locales: la zona es la de la "
                    "organización",
                    "a posting window's times are local times: the time zone is the organisation's",
                    field=name,
                )
        if self.closes <= self.opens:
            raise ModelError(
                f"la franja de publicación cierra ({self.closes}) antes de abrir ({self.opens}); "
                "una franja que pasa de medianoche son dos franjas",
                f"the posting window closes ({self.closes}) before it opens ({self.opens}); "
                "a window past midnight is two windows",
                field="closes",
            )
        _check_scope("una franja de publicación", "a posting window", self.scope, self.target)

    def covers(self, weekday: int, moment: time) -> bool:
        """Whether the wall time ``moment`` on ``weekday`` (0: Monday) falls inside the window."""
        return (
            any(day.number == weekday for day in self.days) and self.opens <= moment < self.closes
        )


@frozen
class PublishingLimit:
    """How often a profile may post: a daily cap and a minimum spacing between two posts.

    Limits merge field by field: a profile's limit that sets only ``max_per_day`` keeps the
    spacing of its unit's, channel's or organisation's limit.

    :param max_per_day: posts a profile may publish in one local day, if capped.
    :param min_spacing_minutes: minutes that must pass between two posts of a profile, if any.
    :param scope: see :class:`PublishingScope`.
    :param target: the unit's, profile's or channel's id when the scope is not the organisation.
    """

    max_per_day: int | None = field(default=None, validator=v.positive)
    min_spacing_minutes: int | None = field(default=None, validator=v.positive)
    scope: PublishingScope = PublishingScope.ORGANISATION
    target: str | None = field(default=None, validator=v.optional_slug)

    def __attrs_post_init__(self) -> None:
        if self.max_per_day is None and self.min_spacing_minutes is None:
            raise ModelError(
                "un límite de publicación necesita «max_per_day», «min_spacing_minutes» o ambos",
                "a publishing limit needs 'max_per_day', 'min_spacing_minutes' or both",
            )
        if self.min_spacing_minutes is not None and self.min_spacing_minutes > MAX_SPACING_MINUTES:
            raise ModelError(
                f"«min_spacing_minutes» admite como máximo {MAX_SPACING_MINUTES} (un día), no "
                f"{self.min_spacing_minutes}: para menos de una publicación al día use "
                "«max_per_day»",
                f"'min_spacing_minutes' takes at most {MAX_SPACING_MINUTES} (a day), not "
                f"{self.min_spacing_minutes}: for less than one post a day use 'max_per_day'",
                field="min_spacing_minutes",
            )
        _check_scope("un límite de publicación", "a publishing limit", self.scope, self.target)


#: the longest minimum spacing a limit may ask for, in minutes (a day)
MAX_SPACING_MINUTES = 24 * 60


@frozen
class LocalHoliday:
    """A holiday of the town or the body (its patron saint), listed by the workspace.

    Nothing is scheduled on it, as on the public holidays of the ``holidays`` package.

    :param day: the day.
    :param name: its name (``Sant Andreu``).
    """

    day: date
    name: str = field(validator=v.nonempty_text)
