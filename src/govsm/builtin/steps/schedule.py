"""Audit step 390, ``schedule``: the coming weeks' plan, what is wrong with it, what is stuck.

The plan is the outbox (:mod:`govsm.publishing.planning`) from the audit's day for
:data:`WEEKS` weeks, checked by the calendar engine: caps exceeded, posts too close, outside
the profile's posting windows, on holidays or in an electoral period, and clashes between units
on one channel. The occurrences of the series kept in ``series/*.toml`` are planned beside the
outbox's items; a series file that cannot be read, and a series whose coming occurrences are not
all in the outbox yet (with why: the message is not approved, say), are findings too. Failed,
unconfirmed and overdue items and the pauses in force are reported: each is a finding, so the
report says what a person must do.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time, timedelta

from govsm.calendar.series_files import SERIES_FOLDER, StoredSeries, read_series_each
from govsm.errors import ConfigError
from govsm.model import Bilingual, Finding, Severity
from govsm.publishing.planning import attention, outbox_plan
from govsm.publishing.series import SeriesStatus, series_status
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl

TITLE = Bilingual(es="Calendario de publicación", en="Publishing schedule")

#: after ``health`` (380), before 400 (the example plugin's order)
ORDER = 390

#: how many weeks ahead the plan is checked
WEEKS = 4

#: where the findings are explained
REFERENCE = "https://govsm.readthedocs.io/en/latest/howto/publish.html"

_SEVERITY = {
    "failed": Severity.ERROR,
    "unconfirmed": Severity.WARNING,
    "overdue": Severity.WARNING,
    "paused": Severity.WARNING,
}


def run(context: AuditContext) -> StepResult:
    """Plan the audited organisation's coming weeks and report their issues and stuck items."""
    workspace = context.workspace
    organisation = workspace.organisation
    zone = organisation.local_time().tzinfo
    start = datetime.combine(context.today, time(0, 0), tzinfo=zone)
    series, unreadable = _series(context)
    plan = outbox_plan(workspace, start, days=7 * WEEKS, series=series)
    # "now" is the audit's day: an audit about a past day (--as-of) calls nothing overdue that
    # was due after it
    now = min(datetime.now(start.tzinfo), start + timedelta(days=1))
    # the occurrences still to come: from now, or from the audit's day when it lies ahead
    statuses = series_status(workspace, series, max(now, start), plan.end)
    findings = [
        Finding(
            rule=f"schedule-{issue.kind.value}",
            severity=Severity.WARNING,
            message=issue.text,
            subject=f"message:{issue.messages[-1]}",
            reference=REFERENCE,
        )
        for issue in plan.issues
    ]
    findings += [
        Finding(
            rule="schedule-series-unreadable",
            severity=Severity.WARNING,
            message=Bilingual(
                es=f"La serie no se puede planificar: {problem.es}",
                en=f"The series cannot be planned: {problem.en}",
            ),
            subject=f"file:{problem.where}" if problem.where else None,
            reference=REFERENCE,
        )
        for problem in unreadable
    ]
    findings += [_pending(s, WEEKS) for s in statuses if s.missing]
    stuck = attention(workspace, now)
    findings += [
        Finding(
            rule="publishing-paused" if a.kind == "paused" else f"outbox-{a.kind}",
            severity=_SEVERITY[a.kind],
            message=a.text,
            subject=f"profile:{a.profile}"
            if a.kind == "paused" and a.profile
            else (f"message:{a.message}" if a.message else None),
            reference=REFERENCE,
        )
        for a in stuck
    ]
    profiles = len({p.profile for p in plan.posts})
    by_kind = Counter(i.kind.value for i in plan.issues)
    by_state = Counter(a.kind for a in stuck)
    next_post = plan.posts[0] if plan.posts else None
    lines = [
        Bilingual(
            es=f"Próximas {WEEKS} semanas: "
            f"{_count(len(plan.posts), 'publicación', 'publicaciones')}"
            f" en {_count(profiles, 'perfil', 'perfiles')}"
            + (
                f"; la primera, {next_post.local(plan.zone):%Y-%m-%d %H:%M} en {next_post.profile}"
                if next_post
                else ""
            ),
            en=f"Coming {WEEKS} weeks: {_count(len(plan.posts), 'post', 'posts')}"
            f" on {_count(profiles, 'profile', 'profiles')}"
            + (
                f"; the first, {next_post.local(plan.zone):%Y-%m-%d %H:%M} on {next_post.profile}"
                if next_post
                else ""
            ),
        )
    ]
    if by_kind:
        es = ", ".join(f"{n} {_SPANISH.get(k, k)}" for k, n in sorted(by_kind.items()))
        en = ", ".join(f"{n} {k}" for k, n in sorted(by_kind.items()))
        lines.append(Bilingual(es=f"Incidencias del plan: {es}", en=f"Plan issues: {en}"))
    if series or unreadable:
        missing = sum(s.missing for s in statuses)
        lines.append(
            Bilingual(
                es=f"Series: {_count(len(series), 'serie', 'series')} "
                f"({sum(s.due for s in statuses)} publicaciones en {WEEKS} semanas, "
                f"{missing} aún fuera de la cola)"
                + (f"; {len(unreadable)} con errores" if unreadable else ""),
                en=f"Series: {_count(len(series), 'series', 'series')} "
                f"({sum(s.due for s in statuses)} posts in {WEEKS} weeks, "
                f"{missing} not in the outbox yet)"
                + (f"; {len(unreadable)} with errors" if unreadable else ""),
            )
        )
    if by_state:
        es = ", ".join(f"{n} {_SPANISH.get(k, k)}" for k, n in sorted(by_state.items()))
        en = ", ".join(f"{n} {k}" for k, n in sorted(by_state.items()))
        lines.append(Bilingual(es=f"Requieren atención: {es}", en=f"Need attention: {en}"))
    return StepResult(
        name="schedule",
        title=TITLE,
        summary={
            "weeks": WEEKS,
            "posts": len(plan.posts),
            "profiles": profiles,
            "issues": dict(sorted(by_kind.items())),
            "attention": dict(sorted(by_state.items())),
            "series": len(series),
            "series_unreadable": len(unreadable),
            "series_not_in_outbox": sum(s.missing for s in statuses),
        },
        lines=tuple(lines),
        findings=tuple(findings),
    )


#: the kinds of plan issue and of item needing attention, as a Spanish line names them
_SPANISH = {
    "over-cap": "por encima del máximo diario",
    "too-close": "demasiado juntas",
    "outside-window": "fuera de franja",
    "excluded-day": "en día excluido",
    "clash": "coincidencias entre áreas",
    "failed": "fallidas",
    "unconfirmed": "sin confirmar",
    "overdue": "atrasadas",
    "paused": "en pausa",
}


def _series(context: AuditContext) -> tuple[list[StoredSeries], list[ConfigError]]:
    """The workspace's readable series on known profiles, and what is wrong with the others."""
    profiles = {p.id for p in context.workspace.profiles}
    series: list[StoredSeries] = []
    problems: list[ConfigError] = []
    for found in read_series_each(context.workspace.root):
        if isinstance(found, ConfigError):
            problems.append(found)
        elif found.profile not in profiles:
            problems.append(
                ConfigError(
                    f"publica en «{found.profile}», un perfil que el espacio de trabajo no tiene",
                    f"it publishes on '{found.profile}', a profile the workspace does not have",
                    where=f"{SERIES_FOLDER}/{found.series.id}.toml",
                )
            )
        else:
            series.append(found)
    return series, problems


def _pending(status: SeriesStatus, weeks: int) -> Finding:
    """A series with coming occurrences not in the outbox: what is missing, and what to do."""
    n = status.missing
    if status.blocked is None:
        es_do = f"prográmelas con govsm schedule --series {status.series}"
        en_do = f"schedule them with govsm schedule --series {status.series}"
    else:
        es_do = f"no se pueden programar: {status.blocked.es}"
        en_do = f"they cannot be scheduled: {status.blocked.en}"
    return Finding(
        rule="schedule-series-pending",
        severity=Severity.INFO if status.blocked is None else Severity.WARNING,
        message=Bilingual(
            es=f"La serie «{status.series}» tiene {_count(n, 'publicación', 'publicaciones')} "
            f"en las próximas {weeks} semanas en {status.profile} que no están en la cola de "
            f"publicación: {es_do}",
            en=f"Series '{status.series}' has {_count(n, 'post', 'posts')} in the coming "
            f"{weeks} weeks on {status.profile} that are not in the outbox: {en_do}",
        ),
        subject=f"message:{status.message}",
        reference=REFERENCE,
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the schedule step."""
    return [AuditStep(name="schedule", order=ORDER, title=TITLE, run=run)]
