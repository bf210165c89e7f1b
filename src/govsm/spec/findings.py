"""A finding as the audit records it, and where steps send the findings they make.

Every finding of a run is recorded: the step that made it, the finding, the profile and message
it is about (and the post's address, when known), and an excerpt of the text with personal data
masked. Steps that find much — the message checks — send their findings to the run as they go
(:meth:`AuditContext.report <govsm.spec.audit.AuditContext.report>`), so memory does not grow
with them; what a step returns in :attr:`StepResult.findings <govsm.spec.audit.StepResult>` is
recorded too. Totals and exporters read the record, so every figure counts every finding.

>>> from govsm.model import Bilingual, Finding, Severity
>>> finding = Finding(rule="dormant", severity=Severity.WARNING,
...                   message=Bilingual(es="inactivo", en="dormant"), subject="profile:x-sport")
>>> ReportedFinding.of("health", finding).profile
'x-sport'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from attrs import field, frozen

from govsm.model import Finding


@frozen
class ReportedFinding:
    """One finding of an audit run, with what it is about.

    :param step: the name of the step that made it.
    :param finding: the finding.
    :param profile: the profile it is about, if any.
    :param message: the id of the message it is about, if any.
    :param url: the post's address on its network, when known.
    :param excerpt: the text around the finding's span (personal data masked), or ``""``.
    """

    step: str
    finding: Finding
    profile: str | None = None
    message: str | None = None
    url: str | None = None
    excerpt: str = ""

    @classmethod
    def of(cls, step: str, finding: Finding) -> ReportedFinding:
        """A finding a step returned, placed by its subject (``profile:ID``, ``message:ID``)."""
        kind, _, ident = (finding.subject or "").partition(":")
        return cls(
            step=step,
            finding=finding,
            profile=ident if kind == "profile" and ident else None,
            message=ident if kind == "message" and ident else None,
        )

    @property
    def counted(self) -> bool:
        """Whether it counts in the totals: every finding but those a waiver covers."""
        return self.finding.waived_by is None


class FindingSink(Protocol):
    """Where an audit run sends the findings its steps make."""

    def add(self, findings: Iterable[ReportedFinding]) -> None:
        """Record ``findings`` (in order) as part of the run."""


@frozen
class CollectedFindings:
    """A :class:`FindingSink` that keeps the findings in memory — for a step run on its own."""

    items: list[ReportedFinding] = field(factory=list)

    def add(self, findings: Iterable[ReportedFinding]) -> None:
        """Keep ``findings``."""
        self.items.extend(findings)
