"""Audit step 860, ``webhooks``: the webhook queue — what waits, what was given up, who is off.

For each ``[[webhooks]]`` endpoint the step counts its events pending, delivered and given up,
says whether it is disabled (it answered 410 Gone) and whether its secrets resolve, and turns
what needs attention into findings (:func:`govsm.webhooks.reporting.status_findings`). It sends
nothing: ``govsm webhooks deliver`` does. A workspace without webhooks gets one line saying so.
"""

from __future__ import annotations

from datetime import UTC, datetime

from govsm.model import Bilingual
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl
from govsm.webhooks.reporting import queue_status, status_findings
from govsm.webhooks.secrets import workspace_reader
from govsm.workspace.workspace import concrete

TITLE = Bilingual(es="Webhooks", en="Webhooks")

#: after ``audit-log`` (850), before ``manual`` (870)
ORDER = 860


def run(context: AuditContext) -> StepResult:
    """Report the queue of every configured endpoint, and of any the queue still holds."""
    workspace = concrete(context.workspace)
    config = workspace.config
    endpoints = config.webhooks if config is not None else ()
    now = datetime.now(UTC)
    statuses = queue_status(context.store, context.organisation, endpoints, now)
    if not statuses:
        return StepResult(
            name="webhooks",
            title=TITLE,
            summary={"endpoints": 0, "pending": 0, "failed": 0, "disabled": []},
            lines=(
                Bilingual(
                    es="No hay webhooks configurados: no se envía ningún evento",
                    en="No webhooks are configured: no events are sent",
                ),
            ),
        )
    reader = workspace_reader(config.root, config.readable_folders) if config else None
    findings = status_findings(statuses, endpoints, reader, now) if reader else []
    lines = []
    for status in statuses:
        counts = status.counts
        state_es = " (desactivado)" if status.disabled else ""
        state_en = " (disabled)" if status.disabled else ""
        if not status.configured:
            state_es, state_en = " (ya no está en govsm.toml)", " (no longer in govsm.toml)"
        lines.append(
            Bilingual(
                es=f"{status.endpoint}{state_es}: {counts.pending} por entregar, "
                f"{counts.delivered} entregados, {counts.failed} abandonados",
                en=f"{status.endpoint}{state_en}: {counts.pending} pending, "
                f"{counts.delivered} delivered, {counts.failed} given up",
            )
        )
    summary = {
        "endpoints": len(endpoints),
        "pending": sum(s.counts.pending for s in statuses),
        "delivered": sum(s.counts.delivered for s in statuses),
        "failed": sum(s.counts.failed for s in statuses),
        "disabled": [s.endpoint for s in statuses if s.disabled is not None],
        "unconfigured": [s.endpoint for s in statuses if not s.configured],
    }
    return StepResult(
        name="webhooks",
        title=TITLE,
        summary=summary,
        lines=tuple(lines),
        findings=tuple(findings),
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """The ``webhooks`` step."""
    return [AuditStep(name="webhooks", order=ORDER, title=TITLE, run=run)]
