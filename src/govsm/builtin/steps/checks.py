"""Built-in audit step 350: check every message the workspace holds against the rules.

Published history, drafts and replies are all checked. Every finding is reported to the run as
it is made (:meth:`AuditContext.report <govsm.spec.audit.AuditContext.report>`), with its
profile, message, the message's public address when it is known
(:func:`~govsm.channels.addresses.post_address`) and a masked excerpt, so the report's totals
and exporters see all of them;
the step's own summary counts them by rule, profile and severity and names the worst examples.
Memory does not grow with the history: messages stream from the store and findings go to the
run's record in batches.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from govsm.channels.addresses import post_address
from govsm.model import Bilingual, Direction, Finding
from govsm.rules.engine import Checker
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.findings import ReportedFinding
from govsm.spec.hookspecs import hookimpl

TITLE = Bilingual(es="Comprobación de los mensajes", en="Message checks")

#: examples kept per rule in the step's summary (errors first); every finding is reported
EXAMPLES_PER_RULE = 5

#: the longest excerpt kept with a finding, in characters around the span
EXCERPT_CONTEXT = 20
EXCERPT_MAX = 200


def run(context: AuditContext) -> StepResult:
    """Check every outbound message of the organisation in the store."""
    workspace = context.workspace
    host = context.host
    channels = host.channels()
    checker = Checker(host.rules(), channels, workspace.snapshot, workspace.root)
    organisation = context.organisation
    profiles = {profile.id: profile for profile in context.store.profiles(organisation)}
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
            profile = profiles.get(message.profile)
            url = post_address(
                channels.get(profile.channel) if profile is not None else None, profile, message
            )
            context.report(
                ReportedFinding(
                    step="checks",
                    finding=finding,
                    profile=message.profile,
                    message=message.id,
                    url=url,
                    excerpt=_excerpt(message.text, finding),
                )
                for finding in result.findings
            )
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
    )


def _excerpt(text: str, finding: Finding) -> str:
    """The text around the finding's span, personal data masked, at most EXCERPT_MAX long."""
    if finding.span is None:
        return ""
    start = max(0, finding.span.start - EXCERPT_CONTEXT)
    end = min(len(text), finding.span.end + EXCERPT_CONTEXT, start + EXCERPT_MAX)
    window = text[start:end]
    if finding.redact:  # personal data: keep the context, mask the span but its last 3 characters
        first = finding.span.start - start
        last = min(finding.span.end, end) - start
        shown = max(first, finding.span.end - 3 - start)
        window = (
            window[:first] + "•" * max(0, min(shown, last) - first) + window[min(shown, last) :]
        )
    piece = window.replace("\n", " ")
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the check step."""
    return [AuditStep(name="checks", order=350, title=TITLE, run=run)]
