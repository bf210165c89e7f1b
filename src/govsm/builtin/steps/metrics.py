"""Audit step 387, ``metrics``: followers and interactions per post, from what syncs kept.

The figures of :func:`govsm.health.metrics.metrics_report` over the 30 days that end at the
audit's instant: each profile's followers (first and last reading, and the change) and the
interactions of its posts of the period, as ``govsm sync`` read them. Nothing is asked of the
networks, and nothing is judged: the step makes no findings, and says which profiles no sync has
measured in the period.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from govsm.health.metrics import metrics_lines, metrics_report
from govsm.model import Bilingual
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl
from govsm.workspace.workspace import concrete

TITLE = Bilingual(es="Métricas de las redes", en="Network metrics")

#: after ``responses`` (385), before ``governance`` (390)
ORDER = 387

#: the period the step covers, ending at the audit's instant
DAYS = 30


def run(context: AuditContext) -> StepResult:
    """Read the kept counts of the last :data:`DAYS` days; no findings."""
    until = context.now or _end_of(context)
    report = metrics_report(concrete(context.workspace), days=DAYS, until=until)
    return StepResult(
        name="metrics",
        title=TITLE,
        summary={
            "since": report.since.isoformat(),
            "until": report.until.isoformat(),
            "profiles": [p.as_dict() for p in report.profiles],
            "unmeasured": list(report.unmeasured),
        },
        lines=metrics_lines(report),
    )


def _end_of(context: AuditContext) -> datetime:
    """The end of the audit's day, or now if earlier (a step run without the audit's instant)."""
    zone = context.workspace.organisation.local_time().tzinfo
    end = datetime.combine(context.today + timedelta(days=1), time.min, zone).astimezone(UTC)
    return min(end, datetime.now(UTC))


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the metrics step."""
    return [AuditStep(name="metrics", order=ORDER, title=TITLE, run=run)]
