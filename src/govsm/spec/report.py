"""The result of ``govsm audit``: every step's result, and what the exit status is."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

from attrs import field, frozen

from govsm.model import Finding, Severity
from govsm.spec.audit import StepResult


@frozen
class AuditReport:
    """A finished audit.

    :param organisation: the organisation's id.
    :param organisation_name: its name.
    :param govsm_version: the govsm that produced it.
    :param policy_version: the policy version in force, if any.
    :param today: the day the audit is about.
    :param generated_at: when it ran.
    :param language: the language people-facing outputs use (``es`` or ``en``).
    :param steps: each step's result, in the order they ran.
    :param files: the files the exporters wrote.
    """

    organisation: str
    organisation_name: str
    govsm_version: str
    policy_version: str | None
    today: date
    generated_at: datetime
    language: str
    steps: tuple[StepResult, ...]
    files: tuple[Path, ...] = field(default=())

    def findings(self) -> list[Finding]:
        """Every finding of every step."""
        return [finding for step in self.steps for finding in step.findings]

    def severity_counts(self) -> dict[str, int]:
        """How many findings there are of each severity (every severity listed)."""
        counts = Counter(f.severity.value for f in self.findings())
        return {severity.value: counts.get(severity.value, 0) for severity in Severity}

    @property
    def exit_code(self) -> int:
        """1 when any finding is an error, else 0."""
        return 1 if any(f.severity is Severity.ERROR for f in self.findings()) else 0

    def step(self, name: str) -> StepResult:
        """The result of the step called ``name``.

        :raises KeyError: when no step of that name ran.
        """
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)
