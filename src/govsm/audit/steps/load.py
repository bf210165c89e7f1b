"""Built-in audit step 100: load the workspace and its archives into the store."""

from __future__ import annotations

from govsm.audit.step import AuditContext, AuditStep, StepResult
from govsm.hookspecs import hookimpl
from govsm.model import Bilingual

TITLE = Bilingual(es="Carga del espacio de trabajo", en="Workspace load")


def run(context: AuditContext) -> StepResult:
    """Save the organisation and import every archive file; report what changed."""
    result = context.workspace.load(context.progress)
    root = context.workspace.root
    files = [str(p.relative_to(root)) if root else str(p) for p in result.files]
    return StepResult(
        name="load",
        title=TITLE,
        summary={
            "files": files,
            "messages_read": result.messages_read,
            "inserted": result.inserted,
            "updated": result.updated,
            "unchanged": result.unchanged,
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
        ),
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the load step."""
    return [AuditStep(name="load", order=100, title=TITLE, run=run)]
