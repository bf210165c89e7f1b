"""What an audit step is, what it receives and what it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from govsm.model import _validate as v
from govsm.model.bilingual import Bilingual
from govsm.model.finding import Finding
from govsm.spec.findings import CollectedFindings, FindingSink, RecordedFinding, ReportedFinding
from govsm.spec.progress import NoProgress, Progress

if TYPE_CHECKING:
    from govsm.spec.workspace import HostView, WorkspaceView
    from govsm.store import Store


@frozen
class AuditContext:
    """What every step of ``govsm audit`` can use.

    :param workspace: the workspace being audited (a :class:`~govsm.spec.workspace.WorkspaceView`;
        govsm passes its :class:`govsm.Workspace`).
    :param today: the day the audit is about, in the organisation's time zone (fixed for the
        whole run, so steps agree).
    :param progress: where to report progress.
    :param findings: where the run records findings (:meth:`report` sends them there); by
        default they are kept in memory, as when a step runs on its own.
    :param now: the instant the audit is about (aware), the same for every step; ``govsm audit``
        sets it. ``None`` when a step runs on its own: a step that needs an instant then asks
        the clock.
    """

    workspace: WorkspaceView
    today: date
    progress: Progress = field(factory=NoProgress)
    findings: FindingSink = field(factory=CollectedFindings)
    now: datetime | None = field(default=None, validator=v.aware)

    def report(self, findings: Iterable[ReportedFinding]) -> None:
        """Record ``findings`` in the run now, instead of returning them in the step's result.

        A step that finds much (one finding per message of a long history) reports as it goes,
        so memory does not grow with the findings; the totals and every exporter see them.
        """
        self.findings.add(findings)

    def report_recorded(self, findings: Iterable[RecordedFinding]) -> None:
        """Record findings already in their recorded form (:class:`RecordedFinding`).

        A sink that takes records (:class:`~govsm.spec.findings.RecordSink`: the run's record
        in ``govsm audit``) stores them as they are; any other receives each one built with
        :meth:`RecordedFinding.reported <govsm.spec.findings.RecordedFinding.reported>`. The
        ``checks`` step reports the findings it kept from the last audit this way.
        """
        add_recorded = getattr(self.findings, "add_recorded", None)
        if add_recorded is not None:
            add_recorded(findings)
        else:
            self.findings.add(finding.reported() for finding in findings)

    @property
    def store(self) -> Store:
        """The workspace's store."""
        return self.workspace.store

    @property
    def host(self) -> HostView:
        """The plugin host."""
        return self.workspace.host

    @property
    def organisation(self) -> str:
        """The audited organisation's id."""
        return self.workspace.organisation.id


@frozen
class StepResult:
    """What a step found.

    :param name: the step's name.
    :param title: its title, in Spanish and English.
    :param summary: figures, as plain JSON-able data (numbers, texts, lists, tables).
    :param lines: the summary for people, one sentence per line, in Spanish and English.
    :param findings: what is wrong or worth knowing; recorded in the run with those the step
        sent through :meth:`AuditContext.report`.
    """

    name: str
    title: Bilingual
    summary: Mapping[str, Any] = field(factory=dict)
    lines: tuple[Bilingual, ...] = ()
    findings: tuple[Finding, ...] = ()


#: the function a step runs
StepRunner = Callable[[AuditContext], StepResult]


@frozen
class AuditStep:
    """A step of the main job, declared through :func:`~govsm.spec.hookspecs.govsm_audit_steps`.

    :param name: identifier, unique across plugins.
    :param order: steps run in ascending order; the built-ins use 100 (load), 200
        (organisation), 300 (profiles) and 900 (doctor), leaving room between them.
    :param title: what the step does, in Spanish and English.
    :param run: the function that runs it (see :data:`StepRunner`).
    """

    name: str = field(validator=v.slug)
    order: int
    title: Bilingual
    run: StepRunner = field(eq=False)
