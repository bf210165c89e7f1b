"""Built-in audit step 350: check every message the workspace holds against the rules.

Published history, drafts and replies are all checked; the report counts findings by rule,
profile and severity, and keeps the worst examples (errors first) with their spans. Memory does
not grow with the history: results are folded into counters as they stream from the store.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from govsm.model import Bilingual, Direction, Finding
from govsm.rules.engine import Checker
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl

TITLE = Bilingual(es="Comprobación de los mensajes", en="Message checks")

#: examples kept per rule in the report (errors first); the counts always cover everything
EXAMPLES_PER_RULE = 5


def run(context: AuditContext) -> StepResult:
    """Check every outbound message of the organisation in the store."""
    workspace = context.workspace
    host = context.host
    checker = Checker(host.rules(), host.channels(), workspace.snapshot, workspace.root)
    organisation = context.organisation
    total = context.store.count_messages(organisation, direction=Direction.OUTBOUND)
    context.progress.start("Checking messages / Comprobando mensajes", total)
    by_rule: Counter[str] = Counter()
    by_severity: Counter[str] = Counter()
    by_profile: dict[str, Counter[str]] = defaultdict(Counter)
    waived = 0
    examples: dict[str, list[tuple[int, Finding, str]]] = defaultdict(list)
    checked = 0
    with_findings = 0
    for message in context.store.messages(organisation, direction=Direction.OUTBOUND):
        result = checker.check(message)
        checked += 1
        context.progress.advance()
        if result.findings:
            with_findings += 1
        for finding in result.findings:
            if finding.waived_by:
                waived += 1
                continue
            by_rule[finding.rule] += 1
            by_severity[finding.severity.value] += 1
            by_profile[message.profile][finding.severity.value] += 1
            kept = examples[finding.rule]
            excerpt = _excerpt(message.text, finding)
            kept.append((finding.severity.rank, finding, excerpt))
            if len(kept) > EXAMPLES_PER_RULE:
                kept.sort(key=lambda entry: -entry[0])
                kept.pop()
    worst = [
        entry for rule in sorted(examples) for entry in sorted(examples[rule], key=lambda e: -e[0])
    ]
    lines = [
        Bilingual(
            es=f"{checked} mensajes comprobados, {with_findings} con hallazgos: "
            f"{by_severity['error']} errores, {by_severity['warning']} avisos, "
            f"{by_severity['info']} informativos ({waived} dispensados)",
            en=f"{checked} messages checked, {with_findings} with findings: "
            f"{by_severity['error']} errors, {by_severity['warning']} warnings, "
            f"{by_severity['info']} info ({waived} waived)",
        )
    ]
    for rule, count in by_rule.most_common():
        lines.append(Bilingual(es=f"  {rule}: {count}", en=f"  {rule}: {count}"))
    return StepResult(
        name="checks",
        title=TITLE,
        summary={
            "checked": checked,
            "with_findings": with_findings,
            "waived": waived,
            "by_severity": {s: by_severity.get(s, 0) for s in ("error", "warning", "info")},
            "by_rule": dict(sorted(by_rule.items())),
            "by_profile": {p: dict(sorted(c.items())) for p, c in sorted(by_profile.items())},
            "examples": [
                {
                    "rule": finding.rule,
                    "severity": finding.severity.value,
                    "subject": finding.subject,
                    "start": finding.span.start if finding.span else None,
                    "end": finding.span.end if finding.span else None,
                    "excerpt": excerpt,
                }
                for _, finding, excerpt in worst
            ],
        },
        lines=tuple(lines),
        findings=tuple(finding for _, finding, _ in worst),
    )


def _excerpt(text: str, finding: Finding) -> str:
    if finding.span is None:
        return ""
    start = max(0, finding.span.start - 20)
    end = min(len(text), finding.span.end + 20)
    if finding.redact:  # personal data: keep the context, mask the span but its last 3 characters
        hidden = finding.span.end - finding.span.start
        masked = (
            "•" * max(0, hidden - 3)
            + text[max(finding.span.start, finding.span.end - 3) : finding.span.end]
        )
        text = text[: finding.span.start] + masked + text[finding.span.end :]
    piece = text[start:end].replace("\n", " ")
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the check step."""
    return [AuditStep(name="checks", order=350, title=TITLE, run=run)]
