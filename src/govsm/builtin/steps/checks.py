"""Built-in audit step 350: check every message the workspace holds against the rules.

Published history, drafts and replies are all checked. Every finding is reported to the run as
it is made (:meth:`AuditContext.report <govsm.spec.audit.AuditContext.report>`), with its
profile, message, the message's public address when it is known
(:func:`~govsm.channels.addresses.post_address`) and a masked excerpt, so the report's totals
and exporters see all of them;
the step's own summary counts them by rule, profile and severity and names the worst examples.
Memory does not grow with the history: messages stream from the store and findings go to the
run's record in batches.

What checking a message found is kept in the store (:mod:`govsm.store.check_cache`) under a
fingerprint of the message and of everything else the rules read; the next audit reports those
findings again, without checking the message, while the fingerprint holds. The run records
exactly what a fresh check would; ``summary["cached"]`` says how many messages were not checked
again. ``govsm audit --no-cache`` clears the kept results first. When the store cannot keep
them, every message is checked, and one line of the step says why nothing was kept.

Findings are kept as the run's record stores them (:class:`~govsm.spec.findings.RecordedFinding`)
and reported in that form (:meth:`AuditContext.report_recorded
<govsm.spec.audit.AuditContext.report_recorded>`): the record takes them as they are, and a kept
finding is not built and serialised again at each audit. Each finding of a checked message is
serialised once, for the record and the cache both.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from govsm.channels.addresses import post_address
from govsm.errors import StoreError
from govsm.model import Bilingual, Direction, Finding
from govsm.rules.engine import Checker
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.findings import RecordedFinding, ReportedFinding
from govsm.spec.hookspecs import hookimpl
from govsm.store.check_cache import (
    Entry,
    Reused,
    ToCheck,
    cacheable,
    workspace_key,
)
from govsm.store.runs import record_of
from govsm.syncing.limits import profile_channels

TITLE = Bilingual(es="Comprobación de los mensajes", en="Message checks")

#: examples kept per rule in the step's summary (errors first); every finding is reported
EXAMPLES_PER_RULE = 5

#: the longest excerpt kept with a finding, in characters around the span
EXCERPT_CONTEXT = 20
EXCERPT_MAX = 200

#: checked messages whose results are written to the store per transaction
CACHE_BATCH = 1000

#: messages checked together, the rules taking turns over them
#: (:meth:`~govsm.rules.engine.Checker.check_many`)
CHECK_BATCH = 128

#: items (kept results and messages to check) handled together, at most
ITEM_BATCH = 1024


def run(context: AuditContext) -> StepResult:
    """Check every outbound message of the organisation in the store."""
    workspace = context.workspace
    host = context.host
    channels = host.channels()
    rules = host.rules()
    organisation = context.organisation
    # the stored profiles, read once for the limits, the cache's key and the messages' profiles
    stored = context.store.profiles(organisation)
    own = profile_channels(workspace, stored)
    checker = Checker(rules, channels, workspace.snapshot, workspace.root, own)
    profiles = {profile.id: profile for profile in stored}
    total = context.store.count_messages(organisation, direction=Direction.OUTBOUND)
    context.progress.start("Checking messages / Comprobando mensajes", total)
    cache = _Cache(
        context,
        workspace_key(workspace, host, own, stored),
    )
    tally = _Tally()
    for batch in _batches(cache.items()):
        checked = iter(
            checker.check_many([(i.message, None) for i in batch if isinstance(i, ToCheck)])
        )
        for item in batch:
            if isinstance(item, Reused):
                recorded = item.findings
                tally.cached += 1
            else:
                message = item.message
                result = next(checked)
                profile = profiles.get(message.profile)
                url = post_address(
                    channels.get(profile.channel) if profile is not None else None, profile, message
                )
                recorded = tuple(
                    record_of(
                        ReportedFinding(
                            step="checks",
                            finding=finding,
                            profile=message.profile,
                            message=message.id,
                            url=url,
                            excerpt=_excerpt(message.text, finding),
                        )
                    )
                    for finding in result.findings
                )
                cache.keep(item, recorded)
            context.progress.advance()
            if recorded:
                context.report_recorded(recorded)
            tally.add(recorded)
    cache.flush()
    return tally.result(cache.problem)


def _batches(items: Iterator[Reused | ToCheck]) -> Iterator[list[Reused | ToCheck]]:
    """The items in their order, in batches of at most :data:`CHECK_BATCH` messages to check.

    A batch is also cut after :data:`ITEM_BATCH` items of either kind: a history the cache
    holds whole has nothing to check, and memory must not grow with it.
    """
    batch: list[Reused | ToCheck] = []
    to_check = 0
    for item in items:
        batch.append(item)
        if isinstance(item, ToCheck):
            to_check += 1
        if to_check == CHECK_BATCH or len(batch) == ITEM_BATCH:
            yield batch
            batch, to_check = [], 0
    if batch:
        yield batch


class _Cache:
    """The step's use of the check cache: reading stored results, keeping new ones in batches.

    The cache is an optimisation: when the store cannot read or write it, the step checks every
    message and says so in one line (:attr:`problem`); any other error is the step's.
    """

    def __init__(self, context: AuditContext, key: str | None) -> None:
        self._store = context.store
        self._organisation = context.organisation
        self._key = key
        self._pending: list[Entry] = []
        self.problem: Bilingual | None = None
        if key is None:
            self.problem = Bilingual(
                es="el código o los ajustes de alguna regla no se pueden identificar",
                en="the code or the settings of a rule cannot be fingerprinted",
            )

    def items(self) -> Iterator[Reused | ToCheck]:
        """Every outbound message, as its stored result or as a message to check."""
        cache = self._store.check_cache
        stream = cache.stream(self._organisation, self._key)
        try:
            first = next(stream)
        except StopIteration:
            return
        except StoreError as exc:  # the stored results cannot be read: check every message
            if self._key is None:
                raise
            self._off(exc)
            yield from cache.stream(self._organisation, None)
            return
        yield first
        yield from stream

    def keep(self, item: ToCheck, recorded: Sequence[RecordedFinding]) -> None:
        """Queue a checked message's findings for the store (or the forgetting of its row)."""
        if item.fingerprint is None or self._key is None:
            return
        kept = recorded if cacheable(item.message, recorded) else None
        self._pending.append((item.message.id, item.fingerprint, kept))
        if len(self._pending) >= CACHE_BATCH:
            self.flush()

    def flush(self) -> None:
        """Write what is queued, in one transaction; a failure turns the cache off."""
        pending, self._pending = self._pending, []
        if not pending or self._key is None:
            return
        try:
            self._store.check_cache.save(self._organisation, pending)
        except StoreError as exc:
            self._off(exc)

    def _off(self, exc: StoreError) -> None:
        self._key = None
        self._pending = []
        self.problem = Bilingual(es=exc.es, en=exc.en)


class _Tally:
    """What the step's summary counts, message by message, in the order they come."""

    def __init__(self) -> None:
        self.checked = 0
        self.cached = 0
        self.with_findings = 0
        self.waived = 0
        self.by_rule: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        self.by_profile: dict[str, Counter[str]] = defaultdict(Counter)
        #: per rule, its most severe findings so far (built only at the end)
        self.examples: dict[str, list[tuple[int, RecordedFinding]]] = defaultdict(list)

    def add(self, recorded: Sequence[RecordedFinding]) -> None:
        """Count one message and its findings."""
        self.checked += 1
        if recorded:
            self.with_findings += 1
        for item in recorded:
            if not item.counted:
                self.waived += 1
                continue
            severity = item.severity
            self.by_rule[item.rule] += 1
            self.by_severity[severity.value] += 1
            self.by_profile[item.profile or ""][severity.value] += 1
            kept = self.examples[item.rule]
            kept.append((severity.rank, item))
            if len(kept) > EXAMPLES_PER_RULE:
                kept.sort(key=lambda entry: -entry[0])
                kept.pop()

    def result(self, problem: Bilingual | None) -> StepResult:
        """The step's result."""
        by_severity = self.by_severity
        worst = [
            entry[1].reported()
            for rule in sorted(self.examples)
            for entry in sorted(self.examples[rule], key=lambda e: -e[0])
        ]
        lines = [
            Bilingual(
                es=f"{self.checked} mensajes comprobados, {self.with_findings} con hallazgos: "
                f"{by_severity['error']} errores, {by_severity['warning']} avisos, "
                f"{by_severity['info']} informativos ({self.waived} dispensados)",
                en=f"{self.checked} messages checked, {self.with_findings} with findings: "
                f"{by_severity['error']} errors, {by_severity['warning']} warnings, "
                f"{by_severity['info']} info ({self.waived} waived)",
            )
        ]
        for rule, count in self.by_rule.most_common():
            lines.append(Bilingual(es=f"  {rule}: {count}", en=f"  {rule}: {count}"))
        if problem is not None:
            lines.append(
                Bilingual(
                    es=f"Resultados no guardados para la próxima auditoría: {problem.es}",
                    en=f"Results not kept for the next audit: {problem.en}",
                )
            )
        summary: dict[str, Any] = {
            "checked": self.checked,
            "with_findings": self.with_findings,
            "waived": self.waived,
            "by_severity": {s: by_severity.get(s, 0) for s in ("error", "warning", "info")},
            "by_rule": dict(sorted(self.by_rule.items())),
            "by_profile": {p: dict(sorted(c.items())) for p, c in sorted(self.by_profile.items())},
            "examples": [
                {
                    "rule": example.finding.rule,
                    "severity": example.finding.severity.value,
                    "subject": example.finding.subject,
                    "start": example.finding.span.start if example.finding.span else None,
                    "end": example.finding.span.end if example.finding.span else None,
                    "excerpt": example.excerpt,
                }
                for example in worst
            ],
            "cached": self.cached,
        }
        return StepResult(name="checks", title=TITLE, summary=summary, lines=tuple(lines))


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
