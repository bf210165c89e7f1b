"""Running ``govsm audit``: every step in order, then every exporter."""

from __future__ import annotations

import contextlib
import traceback
from datetime import UTC, datetime
from pathlib import Path

import attrs

from govsm._version import __version__
from govsm.audit.digest import FindingDigest
from govsm.audit.folder import ReportFolder
from govsm.audit.one_pass import FindingConsumer, StreamedWriter, feed
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
    digest: FindingDigest | None = None,
) -> AuditReport:
    """Run the main job on ``workspace`` and write its report.

    :param out: the report folder (default: ``report/`` inside the workspace); ``None`` with a
        workspace opened from a store URL writes nothing.
    :param progress: where steps report progress.
    :param now: the moment the audit is about (default: now); fixes "today" for every step.
    :param language: ``es`` or ``en``, for the people-facing outputs.
    :param digest: a digest to feed every finding of the run (what ``govsm audit`` prints),
        in the same single pass over the run's record that writes ``summary.md``,
        ``findings.jsonl`` and ``findings.csv``.
    :returns: the report; its :attr:`~AuditReport.exit_code` is 2 when a step or an exporter
        failed (each named in :attr:`~AuditReport.failures`; the other steps and reports still
        ran), else 1 when an error was found. The store records the run as ``incomplete`` in
        the first case, ``complete`` otherwise.
    :raises GovsmError: the run cannot be recorded (the store cannot be opened or written) or
        the report folder cannot be written; the previous report is left as it was.
    """
    progress = progress or NoProgress()
    now = now or datetime.now(UTC)
    organisation = workspace.organisation.id
    today = workspace.organisation.local_date(now)
    store = workspace.store
    sink = StoredFindings(store, organisation, now, today)
    context = AuditContext(
        workspace=workspace, today=today, progress=progress, findings=sink, now=now
    )
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
    files: tuple[Path, ...] = ()
    try:
        if folder is None:
            if digest is not None:
                feed(report.reported(), {}, on_failure=_never, also=(digest.add,))
        else:
            with ReportFolder(folder) as staging:
                written = _write_reports(
                    workspace, report, staging.path, failures, tracebacks, digest, now
                )
            files = tuple(staging.final(path) for path in written)
    except BaseException:
        # the report was not written: the run is incomplete, as far as the store can say so
        with contextlib.suppress(GovsmError):
            store.runs.finish(organisation, run, INCOMPLETE, datetime.now(UTC))
        raise
    # a failed exporter makes the run incomplete too: the record is closed once they all ran
    store.runs.finish(organisation, run, INCOMPLETE if failures else COMPLETE, datetime.now(UTC))
    return attrs.evolve(report, files=files, failures=tuple(failures), tracebacks=tuple(tracebacks))


def _write_reports(
    workspace: Workspace,
    report: AuditReport,
    folder: Path,
    failures: list[Bilingual],
    tracebacks: list[str],
    digest: FindingDigest | None,
    now: datetime,
) -> list[Path]:
    """Run every exporter into ``folder``; the streamed ones share one pass over the findings.

    An exporter that raises is added to ``failures`` (named, with its plugin) and the others
    still write; a writer called after a failure receives a report that lists it (its
    ``exit_code`` is 2). The files come back in the order the exporters are declared.
    """
    host = workspace.host
    exporters = host.exporters()

    def fail(name: str, exc: Exception) -> None:
        who = host.declared_by("govsm_exporters", name)
        failures.append(_failure(("el exportador", "exporter"), name, who, exc, tracebacks))

    consumers: dict[str, FindingConsumer] = {}
    for name, exporter in exporters.items():
        if isinstance(exporter.write, StreamedWriter):
            try:
                consumers[name] = exporter.write.open(report, folder)
            except Exception as exc:
                fail(name, exc)
    closed: dict[str, Path] = {}
    if consumers or digest is not None:
        closed = feed(
            report.reported(),
            consumers,
            on_failure=fail,
            also=(digest.add,) if digest is not None else (),
        )
    written: list[Path] = []
    for name, exporter in exporters.items():
        if len(failures) > len(report.failures):  # later writers (summary.json) say so too
            report = attrs.evolve(report, failures=tuple(failures), tracebacks=tuple(tracebacks))
        try:
            if name in closed:
                written.append(closed[name])
            elif exporter.write is not None and not isinstance(exporter.write, StreamedWriter):
                written.append(exporter.write(report, folder))
            if exporter.in_report is not None:  # a publication export, into the report
                written.append(export_into_report(workspace, exporter, folder, now=now))
        except Exception as exc:  # the other reports are still written
            fail(name, exc)
    return written


def _never(name: str, exc: Exception) -> None:
    """``on_failure`` for a pass that feeds no consumer (never called)."""
    raise exc


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
