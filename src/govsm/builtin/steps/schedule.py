"""Audit step 390, ``schedule``: the coming weeks' plan, what is wrong with it, what is stuck.

The plan is the outbox (:mod:`govsm.publishing.planning`) from the audit's day for
:data:`WEEKS` weeks, checked by the calendar engine: caps exceeded, posts too close, outside
the profile's posting windows, on holidays or in an electoral period, and clashes between units
on one channel. Failed, unconfirmed and overdue items and the pauses in force are reported too:
each is a finding, so the report says what a person must do.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time, timedelta

from govsm.model import Bilingual, Finding, Severity
from govsm.publishing.planning import attention, outbox_plan
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
    plan = outbox_plan(workspace, start, days=7 * WEEKS)
    # "now" is the audit's day: an audit about a past day (--as-of) calls nothing overdue that
    # was due after it
    now = min(datetime.now(start.tzinfo), start + timedelta(days=1))
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


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the schedule step."""
    return [AuditStep(name="schedule", order=ORDER, title=TITLE, run=run)]
