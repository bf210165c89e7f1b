"""A digest of a run's findings for people: per step and rule, the count and the worst examples.

Fed every finding once (:meth:`AuditReport.reported <govsm.spec.report.AuditReport.reported>`,
or the single pass of :func:`~govsm.audit.one_pass.feed`),
it keeps per rule how many findings there are and the ``per_rule`` most severe, and per profile
how many of each severity: memory grows with the number of rules and profiles, not of findings.
The terminal output of ``govsm audit`` and ``summary.md`` are written from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from attrs import define, field

from govsm.spec.findings import ReportedFinding


@define
class RuleDigest:
    """One rule's findings in one step.

    :param step: the step's name.
    :param rule: the rule's id.
    :param count: findings not waived.
    :param waived: findings a waiver covers.
    :param examples: the most severe findings, at most the digest's ``per_rule``, errors first,
        then in the order they were made.
    """

    step: str
    rule: str
    count: int = 0
    waived: int = 0
    examples: list[ReportedFinding] = field(factory=list)

    @property
    def worst(self) -> int:
        """The rank of the most severe finding kept (3 error, 2 warning, 1 info)."""
        return max((e.finding.severity.rank for e in self.examples), default=0)


class FindingDigest:
    """Counts and examples of a stream of findings.

    :param findings: the run's findings, in the order they were made (more can be given
        one at a time with :meth:`add`).
    :param per_rule: how many examples to keep per rule and step.
    """

    def __init__(self, findings: Iterable[ReportedFinding] = (), per_rule: int = 5) -> None:
        self.per_rule = per_rule
        self._rules: dict[tuple[str, str], RuleDigest] = {}
        self.by_profile: dict[str, Counter[str]] = {}
        self.total = 0
        for reported in findings:
            self.add(reported)

    def add(self, reported: ReportedFinding) -> None:
        """Count the next finding, keeping it if it is among its rule's most severe."""
        key = (reported.step, reported.finding.rule)
        digest = self._rules.get(key)
        if digest is None:
            digest = self._rules[key] = RuleDigest(reported.step, reported.finding.rule)
        if not reported.counted:
            digest.waived += 1
            return
        self.total += 1
        digest.count += 1
        if reported.profile is not None:
            counts = self.by_profile.setdefault(reported.profile, Counter())
            counts[reported.finding.severity.value] += 1
        examples = digest.examples
        examples.append(reported)
        if len(examples) > self.per_rule:
            # drop the least severe, the latest among equals (the sort is stable)
            examples.sort(key=lambda e: -e.finding.severity.rank)
            examples.pop()

    def rules(self, step: str) -> list[RuleDigest]:
        """The rules with findings in ``step``, most severe first, then by id."""
        found = [d for (name, _), d in self._rules.items() if name == step and d.count]
        for digest in found:
            digest.examples.sort(key=lambda e: -e.finding.severity.rank)
        return sorted(found, key=lambda d: (-d.worst, d.rule))
