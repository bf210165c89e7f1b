"""Running ``govsm audit``: every step in order, then every exporter."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import attrs

from govsm._version import __version__
from govsm.audit.recording import StoredFindings
from govsm.errors import GovsmError
from govsm.model import Bilingual, Finding, Severity
from govsm.spec.audit import AuditContext, StepResult
from govsm.spec.findings import ReportedFinding
from govsm.spec.progress import NoProgress, Progress
from govsm.spec.report import AuditReport
from govsm.store.runs import COMPLETE
from govsm.workspace import Workspace

#: the report folder inside a workspace when none is given
DEFAULT_REPORT_DIR = "report"


def run_audit(
    workspace: Workspace,
    *,
    out: Path | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    language: str = "es",
) -> AuditReport:
    """Run the main job on ``workspace`` and write its report.

    :param out: the report folder (default: ``report/`` inside the workspace); ``None`` with a
        workspace opened from a store URL writes nothing.
    :param progress: where steps report progress.
    :param now: the moment the audit is about (default: now); fixes "today" for every step.
    :param language: ``es`` or ``en``, for the people-facing outputs.
    :returns: the report; its :attr:`~AuditReport.exit_code` is 1 when a step found an error.
    """
    progress = progress or NoProgress()
    now = now or datetime.now(UTC)
    organisation = workspace.organisation.id
    today = workspace.organisation.local_date(now)
    store = workspace.store
    sink = StoredFindings(store, organisation, now, today)
    context = AuditContext(workspace=workspace, today=today, progress=progress, findings=sink)
    results: list[StepResult] = []
    for step in workspace.host.audit_steps():
        try:
            result = step.run(context)
        except GovsmError as exc:
            result = _failed_step(step.name, step.title, exc.es, exc.en)
        results.append(result)
        sink.add(ReportedFinding.of(result.name, finding) for finding in result.findings)
    sink.flush()
    run = sink.run
    store.runs.finish(organisation, run, COMPLETE, datetime.now(UTC))
    report = AuditReport(
        organisation=workspace.organisation.id,
        organisation_name=workspace.organisation.name,
        govsm_version=__version__,
        policy_version=workspace.policy.version if workspace.policy else None,
        today=today,
        generated_at=now,
        language=language,
        steps=tuple(results),
        run=run,
        counts=store.runs.counts(organisation, run),
        stream=lambda: store.runs.findings(organisation, run),
    )
    folder = (
        out
        if out is not None
        else (workspace.root / DEFAULT_REPORT_DIR if workspace.root else None)
    )
    if folder is None:
        return report
    folder.mkdir(parents=True, exist_ok=True)
    written = [exporter.write(report, folder) for exporter in workspace.host.exporters().values()]
    return attrs.evolve(report, files=tuple(written))


def _failed_step(name: str, title: Bilingual, es: str, en: str) -> StepResult:
    return StepResult(
        name=name,
        title=title,
        findings=(
            Finding(
                rule="audit-step-failed",
                severity=Severity.ERROR,
                message=Bilingual(
                    es=f"el paso «{name}» falló: {es}", en=f"step '{name}' failed: {en}"
                ),
                subject=f"step:{name}",
            ),
        ),
    )
