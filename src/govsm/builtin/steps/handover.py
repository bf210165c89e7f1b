"""Audit step 880, ``handover``: what the term handover pack would hold today.

The pack itself is written by ``govsm handover`` (:mod:`govsm.handover`); the audit
reports its figures, so that a report read before the end of a term shows what is still open:
pending requests and approvals, unanswered citizens, profiles without a credential reference.
"""

from __future__ import annotations

from govsm.handover import build_handover
from govsm.model import Bilingual
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl

TITLE = Bilingual(es="Traspaso de legislatura", en="Term handover")

#: after the audit log's verification (850) and the manual (870): it reports on both
ORDER = 880


def run(context: AuditContext) -> StepResult:
    """Gather the handover pack of the audited workspace and report its figures."""
    pack = build_handover(context.workspace, context.today)
    figures = pack.figures
    live = [p for p in pack.profiles if p["state"] in ("active", "dormant")]
    with_ref = {c["profile"] for c in pack.custody}
    no_ref = sorted(p["id"] for p in live if p["id"] not in with_ref)
    lines = (
        Bilingual(
            es=f"Inventario: {figures['profiles']} perfiles ({figures['live_profiles']} vivos); "
            f"custodia: {len(pack.custody)} referencias de credenciales"
            + (f"; sin referencia: {', '.join(no_ref)}" if no_ref else ""),
            en=f"Inventory: {figures['profiles']} profiles ({figures['live_profiles']} live); "
            f"custody: {len(pack.custody)} credential references"
            + (f"; without a reference: {', '.join(no_ref)}" if no_ref else ""),
        ),
        Bilingual(
            es=f"Pendiente: {figures['pending_requests']} solicitudes, "
            f"{figures['pending_approvals']} aprobaciones, {figures['unanswered']} mensajes "
            "de la ciudadanía sin responder",
            en=f"Open: {figures['pending_requests']} requests, {figures['pending_approvals']} "
            f"approvals, {figures['unanswered']} citizens' messages unanswered",
        ),
        Bilingual(
            es="El paquete completo, con el manual: govsm handover",
            en="The full pack, with the manual: govsm handover",
        ),
    )
    return StepResult(
        name="handover",
        title=TITLE,
        summary={
            "figures": dict(figures),
            "custody": len(pack.custody),
            "live_without_credential_reference": no_ref,
        },
        lines=lines,
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the handover step."""
    return [AuditStep(name="handover", order=ORDER, title=TITLE, run=run)]
