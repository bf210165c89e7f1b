"""The manual's sections on conduct: in a crisis, towards citizens, during elections.

The records of sections 9 (the crisis protocol, :class:`Crisis`), 10 (office hours and response
times, :class:`Commitments`) and 11 (electoral periods, :class:`ElectoralEntry`) of the
:class:`~govsm.manual.document.ManualDocument`.
"""

from __future__ import annotations

import enum
from datetime import date

from attrs import frozen

from govsm.manual.refs import PersonRef
from govsm.model import LocalizedText, OfficeHours


@frozen
class CrisisLevelEntry:
    """A level of the crisis protocol, with the people to notify named.

    :param id: its id.
    :param name: its name.
    :param criteria: when it applies.
    :param actions: what to do.
    :param respond_within_hours: how soon to speak in public.
    :param notify: whom to tell.
    """

    id: str
    name: LocalizedText
    criteria: LocalizedText
    actions: LocalizedText
    respond_within_hours: float | None = None
    notify: tuple[PersonRef, ...] = ()


@frozen
class Crisis:
    """The crisis protocol.

    :param summary: in a paragraph.
    :param spokesperson: who speaks for the organisation.
    :param team: the crisis team.
    :param levels: see :class:`CrisisLevelEntry`.
    :param steps: the steps, in order.
    """

    summary: LocalizedText | None = None
    spokesperson: PersonRef | None = None
    team: tuple[PersonRef, ...] = ()
    levels: tuple[CrisisLevelEntry, ...] = ()
    steps: tuple[LocalizedText, ...] = ()


@frozen
class TargetEntry:
    """A response commitment.

    :param hours: the target.
    :param business_hours: whether the clock runs only in office hours.
    :param channel_id: the network's channel id, when limited to one.
    :param channel: the network's name, when limited to one.
    :param kind: ``mention``, ``comment`` or ``direct``, when limited to one.
    """

    hours: float
    business_hours: bool
    channel_id: str | None = None
    channel: str | None = None
    kind: str | None = None


@frozen
class Commitments:
    """When the networks are attended, and how fast citizens get an answer.

    :param office_hours: see :class:`~govsm.model.OfficeHours`.
    :param response_targets: see :class:`TargetEntry`.
    :param timezone: the organisation's time zone.
    :param holiday_region: its holiday calendar.
    """

    office_hours: tuple[OfficeHours, ...]
    response_targets: tuple[TargetEntry, ...]
    timezone: str
    holiday_region: str | None = None


class PeriodStatus(enum.StrEnum):
    """Where an electoral period is, seen from the day the manual is made."""

    PAST = "past"
    CURRENT = "current"
    UPCOMING = "upcoming"


@frozen
class ElectoralEntry:
    """An electoral period.

    :param name: its name.
    :param starts_on: the call of the election.
    :param ends_on: polling day.
    :param status: see :class:`PeriodStatus`.
    """

    name: str
    starts_on: date
    ends_on: date
    status: PeriodStatus
