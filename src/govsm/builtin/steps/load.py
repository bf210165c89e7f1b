"""Built-in audit step 100: load the workspace and its archives into the store."""

from __future__ import annotations

from govsm.model import Bilingual, Finding, Severity
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.hookspecs import hookimpl
from govsm.workspace.workspace import concrete

TITLE = Bilingual(es="Carga del espacio de trabajo", en="Workspace load")

#: the rule id of a journal line that could not be applied
JOURNAL_RULE = "governance-journal"

#: the rule id of an archive line or file that could not be read
ARCHIVE_RULE = "archive-unreadable"


def run(context: AuditContext) -> StepResult:
    """Save the organisation and import the archive files; report what changed.

    A file unchanged since the last load into the same store is not read again
    (:mod:`govsm.workspace.load_skips`); the step counts those files apart.

    A workspace opened from its store (``govsm audit sqlite:///…``) has no files: the step says
    so and the audit goes on with what the store holds.
    """
    workspace = concrete(context.workspace)
    if workspace.config is None:
        return StepResult(
            name="load",
            title=TITLE,
            summary={"files": [], "from_store": True},
            lines=(
                Bilingual(
                    es="Nada que cargar: la auditoría lee el almacén tal como está",
                    en="Nothing to load: the audit reads the store as it is",
                ),
            ),
        )
    result = workspace.load(context.progress)
    root = workspace.root
    files = [
        str(p.relative_to(root)) if root and p.is_relative_to(root) else str(p)
        for p in result.files
    ]
    skipped = len(result.skipped)
    journal = result.journal
    findings = tuple(
        Finding(
            rule=JOURNAL_RULE,
            severity=Severity.ERROR,
            message=Bilingual(
                es=f"{p.file}:{p.line}: no se aplicó: {p.message.es}",
                en=f"{p.file}:{p.line}: not applied: {p.message.en}",
            ),
            subject=f"{p.file}:{p.line}",
            suggestion=Bilingual(
                es="Corrija la línea (o añada una nueva con otro id) y vuelva a cargar",
                en="Fix the line (or add a new one with another id) and load again",
            ),
        )
        for p in journal.problems
    )
    findings += tuple(
        Finding(
            rule=ARCHIVE_RULE,
            severity=Severity.ERROR,
            message=Bilingual(
                es=f"{p.where}: no se cargó: {p.message.es}",
                en=f"{p.where}: not loaded: {p.message.en}",
            ),
            subject=f"file:{p.where}",
            suggestion=Bilingual(
                es="Corrija lo que se indica y vuelva a ejecutar la auditoría; el resto ya se "
                "cargó",
                en="Fix what it says and run the audit again; the rest was loaded",
            ),
        )
        for p in result.problems
    )
    return StepResult(
        name="load",
        title=TITLE,
        summary={
            "files": files,
            "unchanged_files": skipped,
            "messages_read": result.messages_read,
            "inserted": result.inserted,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "unreadable": len(result.problems),
            "journal": {
                "applied": journal.applied,
                "skipped": journal.skipped,
                "problems": len(journal.problems),
            },
        },
        lines=(
            Bilingual(
                es=f"{len(files)} ficheros leídos, {result.messages_read} mensajes; en el "
                f"almacén: {result.inserted} filas nuevas, {result.updated} modificadas, "
                f"{result.unchanged} sin cambios",
                en=f"{len(files)} files read, {result.messages_read} messages; in the store: "
                f"{result.inserted} rows new, {result.updated} changed, {result.unchanged} "
                "unchanged",
            ),
            *(
                (
                    Bilingual(
                        es=f"{skipped} ficheros sin cambios desde la última carga en este "
                        "almacén: no se han vuelto a leer",
                        en=f"{skipped} files unchanged since the last load into this store: "
                        "not read again",
                    ),
                )
                if skipped
                else ()
            ),
            *(
                (
                    Bilingual(
                        es=f"{len(result.problems)} líneas o ficheros de los archivos no se "
                        "pudieron leer (el resto se cargó)",
                        en=f"{len(result.problems)} archive lines or files could not be read "
                        "(everything else was loaded)",
                    ),
                )
                if result.problems
                else ()
            ),
            Bilingual(
                es=f"Diarios de gobernanza: {journal.applied} líneas aplicadas ahora, "
                f"{journal.skipped} ya aplicadas, {len(journal.problems)} con problemas",
                en=f"Governance journals: {journal.applied} lines applied now, "
                f"{journal.skipped} already applied, {len(journal.problems)} with problems",
            ),
        ),
        findings=findings,
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the load step."""
    return [AuditStep(name="load", order=100, title=TITLE, run=run)]
