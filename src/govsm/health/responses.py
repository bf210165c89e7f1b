"""How fast citizens get an answer: each inbound message against the policy's response target.

For every citizen's message (a mention, a comment, a direct message) govsm finds the target that
applies (:func:`target_for`), then how long the citizen waited on that target's clock — office
time (:class:`~govsm.calendar.office_clock.OfficeClock`) when the target counts office hours,
wall time otherwise:

- **answered**: until the organisation's first reply to it (an outbound message whose
  ``reply_to`` is its id, at its publication, else its creation). A message marked answered
  with no reply in the store (answered by phone, or on a channel govsm does not read) counts as
  answered at an unknown time;
- **waiting** (``new`` or ``assigned``): until the moment of the measure. Past its target it is
  **overdue**: a ``response-overdue`` finding, and the ``govsm_sla_breached`` hook;
- **closed** without a reply: set aside (spam, a duplicate), not counted against the target.

Only identifiers, dates and durations come out: never what the citizen wrote, nor who wrote it.

>>> from datetime import UTC, datetime, time
>>> from govsm.model import (Direction, Message, MessageKind, MessageState, OfficeHours,
...     Organisation, Policy, Profile, ResponseTarget, Weekday)
>>> organisation = Organisation(id="o", name="Ajuntament de Soldeneu", kind="ayuntamiento",
...     languages=("es",), timezone="Europe/Madrid")
>>> policy = Policy(organisation="o", version="1", coordinating_unit="c",
...     response_targets=(ResponseTarget(hours=2, business_hours=False),))
>>> profile = Profile(organisation="o", id="x-ajuntament", channel="x", handle="@AjSoldeneu",
...     unit="c")
>>> asked = Message(organisation="o", id="x-1", profile="x-ajuntament",
...     direction=Direction.INBOUND, kind=MessageKind.MENTION, state=MessageState.NEW,
...     text="¿Abre hoy la piscina?", created_at=datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
>>> measured = measure_responses([asked], replies={}, organisation=organisation, policy=policy,
...     profiles={"x-ajuntament": profile}, moment=datetime(2026, 7, 1, 12, 0, tzinfo=UTC))
>>> [(r.message.id, r.waited_hours, r.overdue) for r in measured.responses]
[('x-1', 3.0, True)]
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from govsm.calendar.office_clock import OfficeClock, holidays_between
from govsm.health.references import DOCS
from govsm.model import (
    WAITING_STATES,
    Bilingual,
    Direction,
    Finding,
    Message,
    MessageKind,
    MessageState,
    Organisation,
    Policy,
    Profile,
    ResponseTarget,
    Severity,
)

if TYPE_CHECKING:
    from govsm.spec.workspace import WorkspaceView


#: the finding of a citizen's message still waiting past its response target
OVERDUE = "response-overdue"

_KIND = {
    MessageKind.MENTION: ("La mención", "The mention"),
    MessageKind.COMMENT: ("El comentario", "The comment"),
    MessageKind.DIRECT: ("El mensaje directo", "The direct message"),
}


def target_for(targets: Sequence[ResponseTarget], channel: str, kind: str) -> ResponseTarget | None:
    """The response target for a ``kind`` of message (``mention``…) on ``channel``.

    The most specific target that admits it wins: one naming both the channel and the kind,
    then one naming either, then a general one; among equally specific ones, the strictest
    (fewest hours). ``None`` when no target admits it.
    """
    best: tuple[int, float] | None = None
    chosen: ResponseTarget | None = None
    for target in targets:
        if target.channel not in (None, channel) or target.kind not in (None, kind):
            continue
        rank = ((target.channel is not None) + (target.kind is not None), -target.hours)
        if best is None or rank > best:
            best, chosen = rank, target
    return chosen


@frozen
class Response:
    """One citizen's message and how long it waited.

    :param message: the inbound message.
    :param channel: its profile's channel.
    :param target: the response target that applies, if any.
    :param answered_at: when the organisation's first reply went out, if the store holds one.
    :param waited: how long it waited on the target's clock: until the reply, or until the
        moment of the measure while it waits; ``None`` when answered at an unknown time or
        closed without a reply.
    :param overdue: it is still waiting and ``waited`` is past the target.
    """

    message: Message
    channel: str
    target: ResponseTarget | None
    answered_at: datetime | None
    waited: timedelta | None
    overdue: bool

    @property
    def waiting(self) -> bool:
        """Whether it is still waiting for an answer."""
        return self.message.state in WAITING_STATES

    @property
    def waited_hours(self) -> float | None:
        """:attr:`waited` in hours, to the minute."""
        if self.waited is None:
            return None
        return round(self.waited.total_seconds() / 3600, 2)

    @property
    def within_target(self) -> bool | None:
        """Whether the answer came within the target (``None``: no target, or not answered)."""
        if self.target is None or self.answered_at is None or self.waited is None:
            return None
        return self.waited <= timedelta(hours=self.target.hours)


@frozen
class ProfileResponses:
    """The response figures of one profile.

    :param profile: the profile's id.
    :param received: citizens' messages it received.
    :param answered: those answered with a reply the store holds.
    :param answered_elsewhere: those marked answered without such a reply.
    :param within_target: replies that came within their target.
    :param waiting: messages still waiting.
    :param overdue: waiting messages past their target.
    :param closed: closed without a reply.
    :param median_hours: the median wait of the replied ones, on their targets' clocks.
    """

    profile: str
    received: int = 0
    answered: int = 0
    answered_elsewhere: int = 0
    within_target: int = 0
    waiting: int = 0
    overdue: int = 0
    closed: int = 0
    median_hours: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The figures, as the audit's summary writes them."""
        return {
            "profile": self.profile,
            "received": self.received,
            "answered": self.answered,
            "answered_elsewhere": self.answered_elsewhere,
            "within_target": self.within_target,
            "waiting": self.waiting,
            "overdue": self.overdue,
            "closed": self.closed,
            "median_hours": self.median_hours,
        }


@frozen
class MeasuredResponses:
    """Every citizen's message of an organisation, measured at one moment.

    :param moment: the instant waits are counted to.
    :param responses: each inbound message, oldest first.
    :param office_clock: whether office-hours targets ran on the policy's office hours
        (``False``: the policy declares none, so they ran on the wall clock).
    """

    moment: datetime
    responses: tuple[Response, ...]
    office_clock: bool = True
    _profiles: tuple[ProfileResponses, ...] = field(default=(), alias="profiles")

    @property
    def profiles(self) -> tuple[ProfileResponses, ...]:
        """The figures per profile, in profile order."""
        return self._profiles

    @property
    def overdue(self) -> tuple[Response, ...]:
        """The messages still waiting past their target, oldest first."""
        return tuple(r for r in self.responses if r.overdue)


def measure_responses(
    inbound: Iterable[Message],
    *,
    replies: Mapping[str, datetime],
    organisation: Organisation,
    policy: Policy | None,
    profiles: Mapping[str, Profile],
    moment: datetime,
) -> MeasuredResponses:
    """Measure every citizen's message in ``inbound`` at ``moment``.

    :param inbound: the organisation's inbound messages (outbound ones are skipped), in any
        order; read once.
    :param replies: when each message got its first published reply, by message id
        (:meth:`Store.first_replies <govsm.store.Store.first_replies>`); replies after
        ``moment`` are not counted.
    :param organisation: the organisation (time zone, ``holiday_region``).
    :param policy: its policy (response targets, office hours, local holidays), if any.
    :param profiles: its profiles by id (a message of an unknown profile is left out).
    :param moment: an aware instant; messages received after it are left out.
    """
    received = [
        m
        for m in inbound
        if m.direction is Direction.INBOUND and m.profile in profiles and m.created_at <= moment
    ]
    replied = {ident: at for ident, at in replies.items() if at <= moment}
    received.sort(key=lambda m: (m.created_at, m.id))
    targets = policy.response_targets if policy is not None else ()
    hours = policy.office_hours if policy is not None else ()
    clock = _office_clock(organisation, policy, received, moment)
    responses = tuple(
        _measure(message, profiles[message.profile].channel, targets, clock, replied, moment)
        for message in received
    )
    order = {ident: n for n, ident in enumerate(profiles)}
    by_profile: dict[str, list[Response]] = {}
    for response in responses:
        by_profile.setdefault(response.message.profile, []).append(response)
    figures = tuple(
        _figures(ident, by_profile[ident]) for ident in sorted(by_profile, key=order.__getitem__)
    )
    return MeasuredResponses(
        moment=moment, responses=responses, office_clock=bool(hours), profiles=figures
    )


def _office_clock(
    organisation: Organisation, policy: Policy | None, inbound: Sequence[Message], moment: datetime
) -> OfficeClock | None:
    if policy is None or not policy.office_hours or not inbound:
        return None
    zone = organisation.local_time().tzinfo
    first: date = inbound[0].created_at.astimezone(zone).date()
    last: date = moment.astimezone(zone).date()
    holidays = holidays_between(
        organisation.holiday_region, (h.day for h in policy.local_holidays), first, last
    )
    return OfficeClock(policy.office_hours, organisation.timezone, holidays=holidays)


def _measure(
    message: Message,
    channel: str,
    targets: Sequence[ResponseTarget],
    clock: OfficeClock | None,
    replied: Mapping[str, datetime],
    moment: datetime,
) -> Response:
    target = target_for(targets, channel, message.kind.value)
    answered_at = replied.get(message.id)
    until = answered_at if answered_at is not None else moment
    if answered_at is None and message.state not in WAITING_STATES:
        waited = None
    elif target is not None and target.business_hours and clock is not None:
        waited = clock.elapsed(message.created_at, until)
    else:
        waited = max(until - message.created_at, timedelta(0))
    overdue = (
        answered_at is None
        and message.state in WAITING_STATES
        and target is not None
        and waited is not None
        and waited > timedelta(hours=target.hours)
    )
    return Response(message, channel, target, answered_at, waited, overdue)


def _figures(profile: str, responses: Sequence[Response]) -> ProfileResponses:
    replied = [r for r in responses if r.answered_at is not None]
    unreplied = [r.message.state for r in responses if r.answered_at is None]
    waits = [r.waited_hours for r in replied if r.waited_hours is not None]
    return ProfileResponses(
        profile=profile,
        received=len(responses),
        answered=len(replied),
        answered_elsewhere=unreplied.count(MessageState.ANSWERED),
        within_target=sum(1 for r in replied if r.within_target),
        waiting=sum(unreplied.count(state) for state in WAITING_STATES),
        overdue=sum(1 for r in responses if r.overdue),
        closed=unreplied.count(MessageState.CLOSED),
        median_hours=round(statistics.median(waits), 2) if waits else None,
    )


def measure_workspace(workspace: WorkspaceView, moment: datetime) -> MeasuredResponses:
    """Measure the citizens' messages of ``workspace``'s store at ``moment``.

    Reads the inbound messages (streamed) and :meth:`Store.first_replies
    <govsm.store.Store.first_replies>`; the outbound messages are never decoded.
    """
    store = workspace.store
    organisation = workspace.organisation
    inbound = store.messages(organisation.id, direction=Direction.INBOUND)
    try:
        return measure_responses(
            inbound,
            replies=store.first_replies(organisation.id),
            organisation=organisation,
            policy=workspace.policy,
            profiles={p.id: p for p in workspace.profiles},
            moment=moment,
        )
    finally:
        inbound.close()


def overdue_findings(
    measured: MeasuredResponses, organisation: Organisation
) -> list[tuple[Response, Finding]]:
    """A :data:`OVERDUE` warning for each message still waiting past its target, oldest first.

    The finding names the message, its profile and the day it arrived (in the organisation's
    time zone), the wait and the target — never what the citizen wrote.
    """
    zone = organisation.local_time().tzinfo
    return [
        (r, _overdue_finding(r, r.target, r.waited_hours, zone))
        for r in measured.overdue
        if r.target is not None and r.waited_hours is not None
    ]


def _overdue_finding(
    response: Response, target: ResponseTarget, waited: float, zone: tzinfo | None
) -> Finding:
    message = response.message
    kind_es, kind_en = _KIND.get(message.kind, ("El mensaje", "The message"))
    clock_es = "horas de oficina" if target.business_hours else "horas"
    clock_en = "office hours" if target.business_hours else "hours"
    day = message.created_at.astimezone(zone).date().isoformat()
    return Finding(
        rule=OVERDUE,
        severity=Severity.WARNING,
        subject=f"message:{message.id}",
        message=Bilingual(
            es=f"{kind_es} «{message.id}» a {message.profile} (llegó el {day}) lleva "
            f"{_spanish_number(waited)} {clock_es} sin respuesta; el objetivo es "
            f"{_spanish_number(target.hours)}",
            en=f"{kind_en} '{message.id}' to {message.profile} (received {day}) has waited "
            f"{waited:g} {clock_en} for an answer; the target is {target.hours:g}",
        ),
        suggestion=Bilingual(
            es="Responda, derive el mensaje a quien pueda responder o ciérrelo si no pide "
            "respuesta (spam, duplicado)",
            en="Answer it, pass it to someone who can, or close it if it asks for no answer "
            "(spam, a duplicate)",
        ),
        reference=DOCS,
    )


def moment_of(today: date, zone: tzinfo | None, now: datetime | None = None) -> datetime:
    """The instant waits are counted to on ``today``: ``now``, or the end of ``today`` if earlier.

    :param today: the day of the measure (an audit's day, ``--as-of``).
    :param zone: the organisation's time zone.
    :param now: the current instant (default: the clock's).
    """
    now = now or datetime.now(UTC)
    end_of_day = datetime.combine(today + timedelta(days=1), datetime.min.time(), zone)
    return min(now, end_of_day.astimezone(UTC))


def figure_lines(measured: MeasuredResponses) -> tuple[Bilingual, ...]:
    """What the step prints: each profile's figures, and how office-hours targets were counted."""
    if not measured.responses:
        return (
            Bilingual(
                es="No hay mensajes de la ciudadanía en el almacén",
                en="The store holds no messages from citizens",
            ),
        )
    lines = []
    for p in measured.profiles:
        median_en = f"{p.median_hours:g} h" if p.median_hours is not None else "—"
        median_es = _spanish_number(p.median_hours) + " h" if p.median_hours is not None else "—"
        lines.append(
            Bilingual(
                es=f"{p.profile}: recibidos {p.received}, respondidos {p.answered} (en plazo "
                f"{p.within_target}, mediana {median_es}), en espera {p.waiting} (fuera de "
                f"plazo {p.overdue})",
                en=f"{p.profile}: {p.received} received, {p.answered} answered "
                f"({p.within_target} within target, median {median_en}), {p.waiting} waiting "
                f"({p.overdue} overdue)",
            )
        )
    if not measured.office_clock:
        lines.append(
            Bilingual(
                es="La política no declara horario de oficina: los objetivos en horas de "
                "oficina se cuentan en horas naturales",
                en="The policy declares no office hours: targets in office hours are counted "
                "in wall-clock hours",
            )
        )
    return tuple(lines)


def _spanish_number(value: float) -> str:
    """``0.58`` as Spanish writes it: ``0,58``."""
    return f"{value:g}".replace(".", ",")
