"""Audit step 390, ``governance``: requests, approvals, record against manual, registry.

It reports the profile requests waiting for a decision (with what each lacks), the messages
waiting for approval (with who may approve them), where the governance record and ``govsm.toml``
disagree (:func:`.consistency.record_drift`) and whether the official-account registry holds
together (:func:`.consistency.registry_problems`). Requests waiting too long are a finding of
the health step; the audit log's chain is verified by the ``audit-log`` step.
"""

from __future__ import annotations

from govsm.governance.service import Governance
from govsm.ledger.consistency import record_drift, registry_problems
from govsm.model import Bilingual
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl

TITLE = Bilingual(es="Gobernanza", en="Governance")

#: after ``health`` (380)
ORDER = 390


def run(context: AuditContext) -> StepResult:
    """Read the record and report requests, approvals, drift and registry problems."""
    workspace = context.workspace
    gov = Governance.of(workspace)
    record = gov.record()
    day = context.today
    pending = record.pending_requests()
    requests = []
    lacking: dict[str, tuple[str, str]] = {}
    for request in pending:
        missing = gov.shortfalls(request, on=day)
        lacking[request.id] = (
            "; ".join(s.message.es for s in missing) or "—",
            "; ".join(s.message.en for s in missing) or "—",
        )
        requests.append(
            {
                "id": request.id,
                "unit": request.unit,
                "channel": request.channel,
                "profile": request.profile,
                "requested_by": request.requested_by,
                "requested_at": request.requested_at.isoformat(),
                "missing": [s.key for s in missing],
            }
        )
    approvals = gov.pending_approvals(on=day)
    stored = workspace.store.profiles(workspace.organisation.id)
    findings = record_drift(workspace.profiles, stored, record)
    findings.extend(registry_problems(workspace.profiles, workspace.channels()))
    decided = [r for r in record.requests.values() if r.state.value != "pending"]
    lines = [
        Bilingual(
            es=f"Solicitudes de perfil: {len(record.requests)} registradas, {len(pending)} "
            f"pendientes, {len(decided)} resueltas o retiradas",
            en=f"Profile requests: {len(record.requests)} recorded, {len(pending)} pending, "
            f"{len(decided)} decided or withdrawn",
        ),
    ]
    channels = workspace.channels()
    for request in pending:
        lacks_es, lacks_en = lacking[request.id]
        known = channels.get(request.channel)
        network_es = known.display_name("es") if known is not None else request.channel
        network_en = known.name if known is not None else request.channel
        day_asked = request.requested_at.isoformat()[:10]
        lines.append(
            Bilingual(
                es=f"  {request.id}: {request.unit} pide {network_es} ({day_asked}); "
                f"le falta: {lacks_es}",
                en=f"  {request.id}: {request.unit} asks for {network_en} ({day_asked}); "
                f"it lacks: {lacks_en}",
            )
        )
    lines.append(
        Bilingual(
            es=f"Mensajes pendientes de aprobación: {len(approvals)}",
            en=f"Messages waiting for approval: {len(approvals)}",
        )
    )
    for waiting in approvals:
        who = ", ".join(waiting.approvers) or "—"
        lines.append(
            Bilingual(
                es=f"  {waiting.message.id} ({waiting.message.profile}): nivel {waiting.tier} "
                f"de {waiting.tiers}; pueden aprobarlo: {who}",
                en=f"  {waiting.message.id} ({waiting.message.profile}): tier {waiting.tier} "
                f"of {waiting.tiers}; may approve it: {who}",
            )
        )
    lines.append(
        Bilingual(
            es=f"Delegaciones registradas: {len(record.delegations)}; coherencia del registro "
            f"y el manual: {len(findings)} hallazgos",
            en=f"Delegations recorded: {len(record.delegations)}; record and manual "
            f"consistency: {len(findings)} findings",
        )
    )
    return StepResult(
        name="governance",
        title=TITLE,
        summary={
            "requests": {
                "recorded": len(record.requests),
                "pending": requests,
                "by_state": {
                    state: sum(1 for r in record.requests.values() if r.state.value == state)
                    for state in ("pending", "approved", "rejected", "withdrawn")
                },
            },
            "pending_approvals": [
                {
                    "message": w.message.id,
                    "profile": w.message.profile,
                    "tier": w.tier,
                    "tiers": w.tiers,
                    "submitted_by": w.submitted_by,
                    "submitted_at": w.submitted_at.isoformat(),
                    "approvers": list(w.approvers),
                }
                for w in approvals
            ],
            "delegations": sorted(record.delegations),
            "consistency_findings": len(findings),
        },
        lines=tuple(lines),
        findings=tuple(findings),
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the governance step."""
    return [AuditStep(name="governance", order=ORDER, title=TITLE, run=run)]
