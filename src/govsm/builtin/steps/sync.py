"""Audit step 150, ``sync``: read the networks back before the rest of the audit looks.

When a profile has a network plugin and credentials that resolve, its inbound items, own posts
(with edits and deletions made on the network) and metrics are pulled into the store
(:func:`govsm.syncing.sync`), so that the checks and the health report see what is really on
the networks. When none has, the step says so in one line and reads nothing.
"""

from __future__ import annotations

from govsm.model import Bilingual, Finding, Severity
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl
from govsm.syncing import sync
from govsm.workspace.workspace import concrete

TITLE = Bilingual(es="Lectura de las redes", en="Reading the networks")

#: after ``load`` (100), before ``organisation`` (200)
ORDER = 150

#: where the findings are explained
REFERENCE = "https://govsm.readthedocs.io/en/latest/howto/sync.html"


def run(context: AuditContext) -> StepResult:
    """Sync every profile a plugin serves; report what was read and what failed."""
    report = sync(concrete(context.workspace))
    if not report.profiles:
        line = Bilingual(
            es="Ningún perfil tiene complemento de red con credenciales: no se ha leído nada",
            en="No profile has a network plugin with credentials: nothing was read",
        )
        return StepResult(
            name="sync", title=TITLE, summary={"profiles": 0}, lines=(line,), findings=()
        )
    lines = []
    findings = []
    for done in report.profiles:
        lines.append(
            Bilingual(
                es=f"{done.profile}: {done.inbound} entrantes, {done.posted} nuevas, "
                f"{done.edited} editadas, {done.deleted} borradas en la red",
                en=f"{done.profile}: {done.inbound} inbound, {done.posted} new, "
                f"{done.edited} edited, {done.deleted} deleted on the network",
            )
        )
        if done.problem is not None:
            expired = done.expired
            findings.append(
                Finding(
                    rule="credentials-refused" if expired else "sync-failed",
                    severity=Severity.ERROR if expired else Severity.WARNING,
                    message=Bilingual(
                        es=f"no se pudo leer «{done.profile}»: {done.problem.es}",
                        en=f"could not read '{done.profile}': {done.problem.en}",
                    ),
                    subject=f"profile:{done.profile}",
                    reference=REFERENCE,
                )
            )
    summary = {
        "profiles": len(report.profiles),
        "inbound": sum(p.inbound for p in report.profiles),
        "edited": sum(p.edited for p in report.profiles),
        "deleted": sum(p.deleted for p in report.profiles),
        "unserved": len(report.unserved),
    }
    return StepResult(
        name="sync", title=TITLE, summary=summary, lines=tuple(lines), findings=tuple(findings)
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """The ``sync`` step."""
    return [AuditStep(name="sync", order=ORDER, title=TITLE, run=run)]
