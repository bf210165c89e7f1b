"""An example govsm plugin: when a council posts, and how loudly.

It adds two things to govsm, each through one hook:

* the audit step ``posting-rhythm`` (:func:`govsm_audit_steps`), which counts the organisation's
  published messages per weekday and per hour band, in the organisation's time zone, and points
  out the active profiles that only ever publish in office hours. Citizens who work read their
  networks in the afternoon and at weekends: a one-person team can post live in the morning and
  schedule the repeats for then;
* the rule ``exclamation-runs`` (:func:`govsm_rules`), which flags ``!!``, ``!!!`` and ``¡¡`` in a
  message: an institutional account does not shout.

govsm finds the plugin through the ``govsm`` entry point declared in its ``pyproject.toml``.
"""

from __future__ import annotations

import re
import zoneinfo
from collections import Counter
from collections.abc import Iterator
from datetime import datetime

from govsm.spec import (
    AuditContext,
    AuditStep,
    Bilingual,
    Direction,
    Finding,
    LifecycleState,
    MessageState,
    Rule,
    RuleContext,
    Severity,
    Span,
    StepResult,
    Weekday,
    hookimpl,
)

__version__ = "0.1.0"

# --- the audit step: posting rhythm -----------------------------------------------------------

#: the step's name, and the rule id of its findings
STEP = "posting-rhythm"

#: where the step runs: after the built-in profiles step (300), before the doctor (900)
ORDER = 400

#: the parts of the day, as ``(name, first hour, hour after the last)`` in local time.
#: ``morning`` is a Spanish public office's working day (jornada continua); ``afternoon`` is the
#: *tarde*, when people who work are free
HOUR_BANDS: tuple[tuple[str, int, int], ...] = (
    ("night", 0, 7),
    ("morning", 7, 15),
    ("afternoon", 15, 21),
    ("evening", 21, 24),
)

#: each part of the day's Spanish name, for the step's Spanish lines
BAND_NAMES_ES = {
    "night": "madrugada",
    "morning": "mañana",
    "afternoon": "tarde",
    "evening": "noche",
}

#: profiles with fewer published messages than this are not judged: too few to show a rhythm
MIN_MESSAGES = 10

_WEEKDAYS = tuple(Weekday)  # mon … sun, in the order of datetime.weekday()
_WEEKEND = (Weekday.SAT, Weekday.SUN)


def hour_band(moment: datetime) -> str:
    """The part of the day ``moment`` falls in (it must already be in local time).

    >>> from datetime import datetime
    >>> hour_band(datetime(2026, 11, 20, 17, 30))
    'afternoon'
    """
    return next(name for name, first, end in HOUR_BANDS if first <= moment.hour < end)


def posting_rhythm(context: AuditContext) -> StepResult:
    """Count published messages per weekday and hour band; flag office-hours-only profiles."""
    zone = zoneinfo.ZoneInfo(context.workspace.organisation.timezone)
    by_weekday: Counter[str] = Counter()
    by_band: Counter[str] = Counter()
    per_profile: dict[str, Counter[str]] = {}
    for message in context.store.messages(context.organisation, direction=Direction.OUTBOUND):
        if message.state is not MessageState.PUBLISHED or message.published_at is None:
            continue
        local = message.published_at.astimezone(zone)
        weekday, band = _WEEKDAYS[local.weekday()], hour_band(local)
        by_weekday[weekday] += 1
        by_band[band] += 1
        counts = per_profile.setdefault(message.profile, Counter())
        counts["messages"] += 1
        counts["weekend"] += int(weekday in _WEEKEND)
        counts["afternoon"] += int(band == "afternoon")

    flagged = []
    for profile in context.store.profiles(context.organisation):
        counts = per_profile.get(profile.id, Counter())
        if profile.state is not LifecycleState.ACTIVE or counts["messages"] < MIN_MESSAGES:
            continue
        if counts["weekend"] == 0 and counts["afternoon"] == 0:
            flagged.append(profile.id)

    total = sum(by_weekday.values())
    weekend = sum(by_weekday[day] for day in _WEEKEND)
    days = ", ".join(f"{day.value} {by_weekday[day]}" for day in _WEEKDAYS)
    days_es = ", ".join(f"{day.spanish} {by_weekday[day]}" for day in _WEEKDAYS)
    bands = ", ".join(f"{name} {by_band[name]}" for name, _, _ in HOUR_BANDS)
    bands_es = ", ".join(f"{BAND_NAMES_ES[name]} {by_band[name]}" for name, _, _ in HOUR_BANDS)
    return StepResult(
        name=STEP,
        title=Bilingual(es="Ritmo de publicación", en="Posting rhythm"),
        summary={
            "timezone": zone.key,
            "published": total,
            "weekend": weekend,
            "by_weekday": {day.value: by_weekday[day] for day in _WEEKDAYS},
            "by_band": {name: by_band[name] for name, _, _ in HOUR_BANDS},
            "profiles": {p: dict(sorted(c.items())) for p, c in sorted(per_profile.items())},
            "office_hours_only": flagged,
        },
        lines=(
            Bilingual(
                es=f"{total} mensajes publicados ({zone.key}), {weekend} en fin de semana",
                en=f"{total} published messages ({zone.key}), {weekend} at weekends",
            ),
            Bilingual(es=f"Por día: {days_es}", en=f"By day: {days}"),
            Bilingual(es=f"Por franja: {bands_es}", en=f"By part of the day: {bands}"),
            Bilingual(
                es=f"{len(flagged)} perfiles activos publican solo en horario de oficina",
                en=f"{len(flagged)} active profiles publish in office hours only",
            ),
        ),
        findings=tuple(_office_hours_only(p, per_profile[p]["messages"]) for p in flagged),
    )


def _office_hours_only(profile: str, messages: int) -> Finding:
    return Finding(
        rule=STEP,
        severity=Severity.INFO,
        subject=f"profile:{profile}",
        message=Bilingual(
            es=f"el perfil {profile} publicó {messages} mensajes, ninguno por la tarde ni en fin "
            "de semana, cuando leen las redes quienes trabajan",
            en=f"profile {profile} published {messages} messages, none in the afternoon or at "
            "a weekend, when people who work read the networks",
        ),
        suggestion=Bilingual(
            es="publique en directo y programe las repeticiones para tardes y fines de semana",
            en="post live, and schedule the repeats for afternoons and weekends",
        ),
        reference="govsm docs: explanation/seeds (seed 001)",
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the ``posting-rhythm`` step."""
    return [
        AuditStep(
            name=STEP,
            order=ORDER,
            title=Bilingual(es="Ritmo de publicación", en="Posting rhythm"),
            run=posting_rhythm,
        )
    ]


# --- the rule: exclamation runs ---------------------------------------------------------------

#: the rule's id, as ``govsm.toml`` names it (``[[policy.rules]] id = "exclamation-runs"``)
RULE = "exclamation-runs"

_RUN = re.compile(r"!{2,}|¡{2,}")


def exclamation_runs(context: RuleContext) -> Iterator[Finding]:
    """Yield a finding for each run of two or more ``!`` (or ``¡``) in the message's text.

    Spans count code points of the text as given, so ``message.text[span.start:span.end]`` is
    the run itself. The severity is the one the organisation's policy gives the rule.

    :param context: the message and what the policy says about this rule
        (:class:`govsm.spec.RuleContext`).
    """
    message = context.message
    for match in _RUN.finditer(message.text):
        yield Finding(
            rule=RULE,
            severity=context.severity,
            subject=f"message:{message.id}",
            span=Span(match.start(), match.end()),
            message=Bilingual(
                es=f"signos de exclamación repetidos («{match.group()}»): una cuenta "
                "institucional no grita",
                en=f"repeated exclamation marks ('{match.group()}'): an institutional account "
                "does not shout",
            ),
            suggestion=Bilingual(
                es="deje un solo signo (¡…!), o ninguno",
                en="keep a single mark, or none",
            ),
        )


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the ``exclamation-runs`` rule."""
    return [
        Rule(
            id=RULE,
            title=Bilingual(es="Exclamaciones repetidas", en="Exclamation runs"),
            default_severity=Severity.WARNING,
            check=exclamation_runs,
        )
    ]
