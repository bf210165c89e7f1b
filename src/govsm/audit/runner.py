"""Running ``govsm audit``: every step in order, then every exporter."""

from __future__ import annotations

import traceback
from datetime import UTC, datetime
from pathlib import Path

import attrs

from govsm._version import __version__
from govsm.audit.folder import ReportFolder
from govsm.audit.recording import StoredFindings
from govsm.errors import GovsmError
from govsm.exporting import export_into_report
from govsm.model import Bilingual, Finding, Severity
from govsm.spec.audit import AuditContext, StepResult
from govsm.spec.findings import ReportedFinding
from govsm.spec.progress import NoProgress, Progress
from govsm.spec.report import AuditReport
from govsm.store.runs import COMPLETE, INCOMPLETE
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
    :returns: the report; its :attr:`~AuditReport.exit_code` is 2 when a step or an exporter
        failed (each named in :attr:`~AuditReport.failures`; the other steps and reports still
        ran), else 1 when an error was found.
    :raises GovsmError: the run cannot be recorded (the store cannot be opened or written) or
        the report folder cannot be written; the previous report is left as it was.
    """
    progress = progress or NoProgress()
    now = now or datetime.now(UTC)
    organisation = workspace.organisation.id
    today = workspace.organisation.local_date(now)
    store = workspace.store
    sink = StoredFindings(store, organisation, now, today)
    context = AuditContext(workspace=workspace, today=today, progress=progress, findings=sink)
    host = workspace.host
    results: list[StepResult] = []
    failures: list[Bilingual] = []
    tracebacks: list[str] = []
    for step in host.audit_steps():
        try:
            result = step.run(context)
        except Exception as exc:  # a step's failure is named, and the other steps still run
            who = host.declared_by("govsm_audit_steps", step.name)
            failures.append(_failure(("el paso", "step"), step.name, who, exc, tracebacks))
            result = _failed_step(step.name, step.title, failures[-1])
        results.append(result)
        sink.add(ReportedFinding.of(result.name, finding) for finding in result.findings)
    sink.flush()
    run = sink.run
    status = INCOMPLETE if failures else COMPLETE
    store.runs.finish(organisation, run, status, datetime.now(UTC))
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
        failures=tuple(failures),
        tracebacks=tuple(tracebacks),
    )
    folder = (
        out
        if out is not None
        else (workspace.root / DEFAULT_REPORT_DIR if workspace.root else None)
    )
    if folder is None:
        return report
    with ReportFolder(folder) as staging:
        written: list[Path] = []
        for name, exporter in host.exporters().items():
            try:
                if exporter.write is not None:
                    written.append(exporter.write(report, staging.path))
                if exporter.in_report is not None:  # a publication export, into the report
                    written.append(export_into_report(workspace, exporter, staging.path, now=now))
            except Exception as exc:  # the other reports are still written
                who = host.declared_by("govsm_exporters", name)
                failures.append(_failure(("el exportador", "exporter"), name, who, exc, tracebacks))
    files = tuple(staging.final(path) for path in written)
    return attrs.evolve(report, files=files, failures=tuple(failures), tracebacks=tuple(tracebacks))


def _failure(
    kind: tuple[str, str], name: str, who: str, exc: BaseException, tracebacks: list[str]
) -> Bilingual:
    """What failed, declared by whom, and why, in one line per language.

    A govsm error gives its own words and says what and where: it is not a bug, so its
    traceback is empty. Any other error's traceback goes to ``tracebacks``, for ``--debug``.
    """
    if isinstance(exc, GovsmError):
        tracebacks.append("")
        place = f"{exc.where}: " if exc.where else ""
        es, en = place + exc.es, place + exc.en
    else:
        tracebacks.append("".join(traceback.format_exception(exc)))
        es = en = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    return Bilingual(
        es=f"{kind[0]} «{name}» de {who} falló: {es}",
        en=f"{kind[1]} '{name}' of {who} failed: {en}",
    )


def _failed_step(name: str, title: Bilingual, why: Bilingual) -> StepResult:
    return StepResult(
        name=name,
        title=title,
        lines=(why,),
        findings=(
            Finding(
                rule="audit-step-failed",
                severity=Severity.ERROR,
                message=why,
                subject=f"step:{name}",
            ),
        ),
    )
