"""Audit step 385, ``responses``: how fast citizens got an answer, and who is still waiting.

Each citizen's message is measured against the policy's response target
(:mod:`govsm.health.responses`). Per profile the step gives how many messages came in, how many
got a reply within their target, the median wait and how many still wait; each message still
waiting past its target is a ``response-overdue`` warning and fires ``govsm_sla_breached``
(so the workspace's webhooks queue an ``sla.breached`` event, once per message and target: the
event's id is derived from both). The findings name the message, never what the citizen wrote.

The moment waits are counted to is now, or the end of the audit's day when it is about an
earlier day (``--as-of``).
"""

from __future__ import annotations

from govsm.health.responses import (
    MeasuredResponses,
    figure_lines,
    measure_workspace,
    moment_of,
    overdue_findings,
)
from govsm.model import Bilingual
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.findings import ReportedFinding
from govsm.spec.hookspecs import hookimpl
from govsm.workspace.workspace import concrete

TITLE = Bilingual(es="Respuestas a la ciudadanía", en="Answers to citizens")

#: after ``health`` (380), before ``governance`` (390)
ORDER = 385


def measure(context: AuditContext) -> MeasuredResponses:
    """Measure the audited organisation's citizens' messages at the audit's instant.

    That is :attr:`AuditContext.now` when the audit set it, else :func:`moment_of` the audit's
    day (the clock's instant, or the end of that day if earlier).
    """
    zone = context.workspace.organisation.local_time().tzinfo
    return measure_workspace(context.workspace, moment_of(context.today, zone, context.now))


def run(context: AuditContext) -> StepResult:
    """Measure the answers, report the overdue messages and fire ``govsm_sla_breached``."""
    measured = measure(context)
    overdue = overdue_findings(measured, context.workspace.organisation)
    context.report(
        ReportedFinding(
            step="responses",
            finding=finding,
            profile=response.message.profile,
            message=response.message.id,
        )
        for response, finding in overdue
    )
    host = concrete(context.workspace).host
    profiles = {p.id: p for p in context.workspace.profiles}
    for response, _ in overdue:
        # an overdue message has a target and a wait, by definition
        if response.target is not None and response.waited_hours is not None:
            host.sla_breached(
                response.message,
                profiles[response.message.profile],
                response.target.hours,
                response.waited_hours,
            )
    return StepResult(
        name="responses",
        title=TITLE,
        summary={
            "moment": measured.moment.isoformat(),
            "received": len(measured.responses),
            "overdue": len(overdue),
            "office_clock": measured.office_clock,
            "profiles": [p.as_dict() for p in measured.profiles],
        },
        lines=figure_lines(measured),
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the responses step."""
    return [AuditStep(name="responses", order=ORDER, title=TITLE, run=run)]
