"""Audit step 380: profile health (see :mod:`govsm.health`), after the profiles step."""

from __future__ import annotations

from collections import Counter

from govsm.health import check_health
from govsm.model import Bilingual
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl

TITLE = Bilingual(es="Salud de los perfiles", en="Profile health")

#: where the step runs: after ``profiles`` (300) and ``checks`` (350), before 400 (the example
#: plugin's order)
ORDER = 380


def run(context: AuditContext) -> StepResult:
    """Run the health checks on the audited workspace on the audit's day."""
    findings = check_health(context.workspace, context.today)
    by_rule = Counter(f.rule for f in findings)
    profiles = len({f.subject for f in findings})
    if findings:
        detail = ", ".join(f"{n} {rule}" for rule, n in sorted(by_rule.items()))
        lines = (
            Bilingual(
                es=f"{len(findings)} hallazgos en {profiles} perfiles: {detail}",
                en=f"{len(findings)} findings on {profiles} profiles: {detail}",
            ),
        )
    else:
        lines = (Bilingual(es="Todos los perfiles están sanos", en="Every profile is healthy"),)
    return StepResult(
        name="health",
        title=TITLE,
        summary={"findings": len(findings), "by_rule": dict(sorted(by_rule.items()))},
        lines=lines,
        findings=tuple(findings),
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the health step."""
    return [AuditStep(name="health", order=ORDER, title=TITLE, run=run)]
