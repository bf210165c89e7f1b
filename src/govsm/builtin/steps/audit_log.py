"""Audit step 850, ``audit-log``: verify the organisation's hash-chained audit log.

The step reports how many entries the log holds and its head hash; a broken chain is an error
finding that names the first bad entry (see :mod:`govsm.ledger.chain`). A log shorter than the
previous audit saw, or rewritten where it saw its head, is an error finding too
(:mod:`govsm.ledger.witness`): the chain alone cannot see its newest entries deleted.
"""

from __future__ import annotations

from collections import Counter

from govsm.ledger.chain import verify
from govsm.ledger.signatures import check_entries
from govsm.ledger.witness import Witness, compare
from govsm.model import Bilingual, Finding, Severity
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl

TITLE = Bilingual(es="Registro de auditoría", en="Audit log")

#: the rule id of the finding a broken chain gives
RULE = "audit-log-chain"

#: the rule id of the finding a log cut or rewritten since the previous audit gives
CUT_RULE = "audit-log-cut"

#: the rule id of the finding a signature that does not hold gives
SIGNATURE_RULE = "audit-log-signature"


def run(context: AuditContext) -> StepResult:
    """Verify the chain and count its entries by action."""
    organisation = context.organisation
    stored = context.store.audit_entries(organisation)
    result = verify(organisation, stored)
    actions = Counter(entry.action for entry in stored)
    lines = [
        Bilingual(
            es=f"{result.entries} entradas; cadena "
            + ("intacta" if result.ok else f"rota en la entrada {result.bad_seq}"),
            en=f"{result.entries} entries; chain "
            + ("intact" if result.ok else f"broken at entry {result.bad_seq}"),
        ),
        Bilingual(
            es=("Hash de cabeza: " if result.ok else "Último hash válido: ") + result.head_hash,
            en=("Head hash: " if result.ok else "Last good hash: ") + result.head_hash,
        ),
    ]
    findings: tuple[Finding, ...] = ()
    if result.message is not None:
        findings = (
            Finding(
                rule=RULE,
                severity=Severity.ERROR,
                message=result.message,
                subject=f"audit-log:{result.bad_seq}",
                suggestion=Bilingual(
                    es="compare con una copia de seguridad o una exportación anterior "
                    "(govsm audit-log export) y averigüe quién modificó la base de datos",
                    en="compare with a backup or an earlier export (govsm audit-log export) "
                    "and find out who changed the database",
                ),
                reference="https://govsm.readthedocs.io/en/latest/reference/audit-log.html",
            ),
        )
    keys = {person.id: person.signing_keys for person in context.workspace.people}
    signed, forged = check_entries(organisation, stored, keys)
    findings += tuple(
        Finding(
            rule=SIGNATURE_RULE,
            severity=Severity.ERROR,
            message=why,
            subject=f"audit-log:{seq}",
            suggestion=Bilingual(
                es="compare la entrada con una copia de seguridad: alguien la escribió a nombre "
                "de otra persona, o la clave firmante no está en signing_keys",
                en="compare the entry with a backup: someone wrote it in another person's "
                "name, or the signing key is not in signing_keys",
            ),
        )
        for seq, why in forged
    )
    if signed:
        lines.append(
            Bilingual(
                es=f"{signed} entradas firmadas; {len(forged)} firmas no válidas",
                en=f"{signed} signed entries; {len(forged)} invalid signatures",
            )
        )
    previous = context.store.runs.previous_head(organisation)
    if previous is not None:
        day = previous.finished_at.date().isoformat()
        seen = Witness(
            previous.seq,
            previous.hash,
            Bilingual(es=f"la auditoría del {day}", en=f"the audit of {day}"),
        )
        cut = compare(stored, seen)
        if cut is not None:
            findings += (
                Finding(
                    rule=CUT_RULE,
                    severity=Severity.ERROR,
                    message=cut,
                    subject=f"audit-log:{previous.seq}",
                    suggestion=Bilingual(
                        es="restaure el registro desde una copia de seguridad y averigüe quién "
                        "modificó la base de datos; compare con el summary.json de ese informe "
                        "(govsm audit-log verify --against)",
                        en="restore the log from a backup and find out who changed the "
                        "database; compare with that report's summary.json (govsm audit-log "
                        "verify --against)",
                    ),
                ),
            )
    return StepResult(
        name="audit-log",
        title=TITLE,
        summary={
            "entries": result.entries,
            "ok": result.ok,
            "head_hash": result.head_hash,
            "bad_seq": result.bad_seq,
            "problem": None if result.problem is None else result.problem.value,
            "actions": dict(sorted(actions.items())),
            "signed": signed,
        },
        lines=tuple(lines),
        findings=findings,
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the audit-log step."""
    return [AuditStep(name="audit-log", order=850, title=TITLE, run=run)]
