"""The result of ``govsm audit``: every step's result, every finding, and the exit status.

The report's figures come from the run's record of findings
(:class:`~govsm.spec.findings.ReportedFinding`), not from what each step chose to show: a step
may return a few examples in its :class:`~govsm.spec.audit.StepResult` and report thousands of
findings, and :meth:`AuditReport.severity_counts` counts the thousands. Exporters read every
finding with :meth:`AuditReport.reported`, a stream: memory does not grow with the findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path

from attrs import field, frozen

from govsm.model import Bilingual, Finding, Severity
from govsm.spec.audit import StepResult
from govsm.spec.findings import ReportedFinding

#: reads the run's findings again, from the start, in the order they were recorded
FindingStream = Callable[[], Iterator[ReportedFinding]]


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
    :param run: the id of the run in the store's record, when it was recorded there.
    :param counts: the findings not waived, by severity (``error``, ``warning``, ``info``), as
        recorded; computed from :meth:`reported` when not given.
    :param stream: reads every recorded finding again (the store's record of the run); without
        one, the findings are those the steps returned.
    :param failures: the steps and exporters that failed, each naming the plugin that declared
        it and why, in Spanish and English; any failure makes the audit incomplete (exit 2).
    :param tracebacks: the failures' tracebacks, in the same order, for a bug report
        (``govsm --debug audit`` prints them); never shown otherwise. Empty for a failure
        that is a :class:`~govsm.errors.GovsmError` (bad input, named by its message: not a
        bug).
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
    run: str | None = None
    counts: Mapping[str, int] | None = None
    stream: FindingStream | None = field(default=None, eq=False, repr=False)
    failures: tuple[Bilingual, ...] = ()
    tracebacks: tuple[str, ...] = field(default=(), eq=False, repr=False)

    def reported(self) -> Iterator[ReportedFinding]:
        """Every finding of the run, waived ones included, in the order they were recorded."""
        if self.stream is not None:
            yield from self.stream()
            return
        for step in self.steps:
            for finding in step.findings:
                yield ReportedFinding.of(step.name, finding)

    def findings(self) -> list[Finding]:
        """Every finding of the run, waived ones included, as a list.

        It holds them all in memory; an exporter should read :meth:`reported`, a stream.
        """
        return [reported.finding for reported in self.reported()]

    def severity_counts(self) -> dict[str, int]:
        """How many findings not waived there are of each severity (every severity listed)."""
        counts: Mapping[str, int] | None = self.counts
        if counts is None:
            counts = Counter(r.finding.severity.value for r in self.reported() if r.counted)
        return {severity.value: counts.get(severity.value, 0) for severity in Severity}

    @property
    def complete(self) -> bool:
        """Whether every step and every exporter ran."""
        return not self.failures

    @property
    def exit_code(self) -> int:
        """2 when the audit is incomplete, else 1 when an error not waived was found, else 0."""
        if self.failures:
            return 2
        return 1 if self.severity_counts()[Severity.ERROR.value] else 0

    def step(self, name: str) -> StepResult:
        """The result of the step called ``name``.

        :raises KeyError: when no step of that name ran.
        """
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)
