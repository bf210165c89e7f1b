"""Audit step 330, ``sources``: what each curation source would draft now.

For each ``[[sources]]`` item read from disk (``file:``) the step reads the feed and counts its
entries, the new ones, the drafts they would make for the profiles it feeds, and those left out
because a profile has them already (the same entry, link or content; see
:mod:`govsm.curation.dedup`). It saves nothing — ``govsm sources fetch`` does — and makes no
network request: a source read over HTTP is listed as not read. A source that cannot be read is
a ``source-unreadable`` warning naming it and what is wrong; a damaged feed that could still be
read is a ``source-damaged`` note. A workspace without sources gets one line saying so.
"""

from __future__ import annotations

from typing import Any

from govsm.curation.curating import SourceReport, curate
from govsm.model import Bilingual, Finding, Severity
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl
from govsm.workspace.workspace import concrete

TITLE = Bilingual(es="Fuentes de contenidos", en="Curation sources")

#: after ``profiles`` (300), before ``checks`` (350)
ORDER = 330

#: the rule id of a source that could not be read
UNREADABLE = "source-unreadable"

#: the rule id of a source read despite a damaged feed or skipped entries
DAMAGED = "source-damaged"


def _line(report: SourceReport) -> Bilingual:
    head = f"{report.source} ({report.location})"
    if report.error is not None:
        return Bilingual(
            es=f"{head}: no se pudo leer: {report.error.es}",
            en=f"{head}: could not be read: {report.error.en}",
        )
    if not report.read:
        return Bilingual(es=f"{head}: no se lee en la auditoría", en=f"{head}: not read in audits")
    profiles = ", ".join(report.profiles)
    return Bilingual(
        es=f"{head}: {report.entries} entradas, {report.new_entries} nuevas; se prepararían "
        f"{len(report.drafts)} borradores para {profiles or 'ningún perfil'} (ya redactados "
        f"{report.known}, mismo enlace {report.same_link}, mismo contenido "
        f"{report.same_content})",
        en=f"{head}: {report.entries} entries, {report.new_entries} new; {len(report.drafts)} "
        f"drafts would be made for {profiles or 'no profile'} (already drafted {report.known}, "
        f"same link {report.same_link}, same content {report.same_content})",
    )


def _findings(report: SourceReport) -> list[Finding]:
    subject = f"source:{report.source}"
    if report.error is not None:
        return [
            Finding(
                rule=UNREADABLE,
                severity=Severity.WARNING,
                message=Bilingual(
                    es=f"la fuente «{report.source}» ({report.location}) no se pudo leer: "
                    f"{report.error.es}",
                    en=f"source '{report.source}' ({report.location}) could not be read: "
                    f"{report.error.en}",
                ),
                subject=subject,
                suggestion=Bilingual(
                    es="Corrija la fuente en [[sources]] de govsm.toml, o su fichero",
                    en="Fix the source in govsm.toml's [[sources]], or its file",
                ),
            )
        ]
    if not report.read:
        return []
    return [
        Finding(
            rule=DAMAGED,
            severity=Severity.INFO,
            message=Bilingual(
                es=f"la fuente «{report.source}»: {note.es}",
                en=f"source '{report.source}': {note.en}",
            ),
            subject=subject,
        )
        for note in report.notes
    ]


def run(context: AuditContext) -> StepResult:
    """Count what each ``file:`` source would draft; list the others as not read."""
    workspace = concrete(context.workspace)
    config = workspace.config
    if config is None or not config.sources:
        return StepResult(
            name="sources",
            title=TITLE,
            summary={"sources": 0, "read": 0, "new_entries": 0, "drafts": 0, "by_source": {}},
            lines=(
                Bilingual(
                    es="No hay fuentes de contenidos ([[sources]])",
                    en="There are no curation sources ([[sources]])",
                ),
            ),
        )
    report = curate(workspace, dry_run=True, files_only=True, checks=False)
    by_source: dict[str, dict[str, Any]] = {
        s.source: {
            "location": s.location,
            "profiles": list(s.profiles),
            "read": s.read,
            "kind": s.kind,
            "entries": s.entries,
            "new_entries": s.new_entries,
            "drafts": len(s.drafts),
            "known": s.known,
            "same_link": s.same_link,
            "same_content": s.same_content,
            "error": None if s.error is None else s.error.en,
        }
        for s in report.sources
    }
    return StepResult(
        name="sources",
        title=TITLE,
        summary={
            "sources": len(report.sources),
            "read": sum(s.read for s in report.sources),
            "new_entries": sum(s.new_entries for s in report.sources),
            "drafts": len(report.drafts),
            "by_source": by_source,
        },
        lines=tuple(_line(s) for s in report.sources),
        findings=tuple(f for s in report.sources for f in _findings(s)),
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """The ``sources`` step."""
    return [AuditStep(name="sources", order=ORDER, title=TITLE, run=run)]
