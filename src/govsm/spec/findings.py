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

import json
from collections.abc import Iterable
from typing import Protocol

from attrs import field, frozen

from govsm.model import Finding, Severity


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


@frozen
class RecordedFinding:
    """A finding in the form the run's record stores it: its JSON text and its columns.

    The ``checks`` step keeps what checking a message found (:mod:`govsm.store.check_cache`) in
    this form, and reports it again at the next audit as it is
    (:meth:`AuditContext.report_recorded <govsm.spec.audit.AuditContext.report_recorded>`): a
    sink that takes records (:class:`RecordSink`, as the run's record does) stores the text
    without building the finding and serialising it again. :meth:`reported` builds it.

    :param document: the :class:`ReportedFinding` as govsm stores it: canonical JSON (sorted
        keys, compact) of its plain data.
    :param step: the step that made it.
    :param rule: the finding's rule.
    :param severity: its severity.
    :param counted: whether it counts in the totals (no waiver covers it).
    :param profile: the profile it is about, if any.
    :param message: the message it is about, if any.
    """

    document: str = field(repr=False)
    step: str
    rule: str
    severity: Severity
    counted: bool
    profile: str | None = None
    message: str | None = None

    def reported(self) -> ReportedFinding:
        """The finding its :attr:`document` holds.

        :raises ValueError: the document is not JSON (a ``json.JSONDecodeError``).
        :raises ModelError: it is not a finding, or not a valid one.
        """
        from govsm.serialization import structure  # not at import: cattrs is slow to load

        return structure(json.loads(self.document), ReportedFinding)


class FindingSink(Protocol):
    """Where an audit run sends the findings its steps make."""

    def add(self, findings: Iterable[ReportedFinding]) -> None:
        """Record ``findings`` (in order) as part of the run."""


class RecordSink(FindingSink, Protocol):
    """A :class:`FindingSink` that also takes findings in their recorded form.

    :meth:`AuditContext.report_recorded <govsm.spec.audit.AuditContext.report_recorded>` gives
    such a sink the records as they are; any other sink receives each one built
    (:meth:`RecordedFinding.reported`).
    """

    def add_recorded(self, findings: Iterable[RecordedFinding]) -> None:
        """Record ``findings`` (in order, after those added before) as part of the run."""


@frozen
class CollectedFindings:
    """A :class:`FindingSink` that keeps the findings in memory — for a step run on its own."""

    items: list[ReportedFinding] = field(factory=list)

    def add(self, findings: Iterable[ReportedFinding]) -> None:
        """Keep ``findings``."""
        self.items.extend(findings)
