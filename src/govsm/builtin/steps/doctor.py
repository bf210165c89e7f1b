"""Built-in audit step 900: what ``govsm doctor`` finds."""

from __future__ import annotations

from collections import Counter

from govsm.doctor import diagnose
from govsm.model import Bilingual
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl
from govsm.workspace.workspace import concrete

TITLE = Bilingual(es="Diagnóstico de la configuración", en="Set-up diagnosis")


def run(context: AuditContext) -> StepResult:
    """Run the doctor's checks and report their findings."""
    findings = diagnose(concrete(context.workspace), context.today)
    by_rule = Counter(f.rule for f in findings)
    line = (
        Bilingual(es="Sin problemas de configuración", en="No set-up problems")
        if not findings
        else Bilingual(
            es=f"{len(findings)} avisos: "
            + ", ".join(f"{n} {r}" for r, n in sorted(by_rule.items())),
            en=f"{len(findings)} findings: "
            + ", ".join(f"{n} {r}" for r, n in sorted(by_rule.items())),
        )
    )
    return StepResult(
        name="doctor",
        title=TITLE,
        summary={"by_rule": dict(sorted(by_rule.items()))},
        lines=(line,),
        findings=tuple(findings),
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the doctor step."""
    return [AuditStep(name="doctor", order=900, title=TITLE, run=run)]
