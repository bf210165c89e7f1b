"""Audit step 870, ``manual``, and the ``manual`` exporter: the usage manual in every audit.

The step assembles the manual, reports which sections are filled and which are not (a missing
section is a warning, see :mod:`~govsm.manual.completeness`), and the exporter
writes the manual into the report folder: ``report/manual/manual.ca-valencia.html``,
``manual.ca-valencia.md``, ``manual.es.html``… one file per official language and format.

Why a step *and* an exporter. ``govsm audit`` runs every step, then hands the finished report
and the report folder to every exporter; a step never learns the folder (``--out`` may choose
it, or there may be none when the workspace came from a store URL). So the step writes nothing:
it puts the language-independent
:class:`~govsm.manual.document.ManualDocument`, as plain data, in its summary
(``summary["document"]``), and the exporter declared by this same plugin structures it back
and renders the files. Like every exporter it needs nothing but the report; ``summary.json``
carries the manual as data for other programs; the manual is assembled once per audit, on the
audit's day; and disabling this plugin (``govsm.builtin.manual``) removes both
the step and its files. An exporter returns one path, and this one writes several files, so it
returns their folder, ``report/manual/``: its parent is the report folder, as for the other
exporters' files.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from govsm.manual.completeness import completeness_findings, manual_languages
from govsm.manual.content import build_manual
from govsm.manual.document import Completeness, ManualDocument
from govsm.manual.files import FORMATS, manual_file_name, write_manual
from govsm.model import Bilingual
from govsm.serialization import structure, unstructure
from govsm.spec.audit import AuditContext, AuditStep, StepResult
from govsm.spec.exporter import Exporter
from govsm.spec.hookspecs import hookimpl
from govsm.spec.report import AuditReport

TITLE = Bilingual(es="Manual de uso de las redes sociales", en="Social media usage manual")

#: the step's name, and the exporter's
NAME = "manual"

#: where the step runs: after the audit log (850), before the doctor (900)
ORDER = 870

#: the folder of the manual inside the report folder
FOLDER = "manual"


def run(context: AuditContext) -> StepResult:
    """Assemble the manual on the audit's day and say which sections are still empty."""
    workspace = context.workspace
    document = build_manual(workspace, context.today)
    findings = completeness_findings(document, workspace.manual)
    languages = manual_languages(document.languages)
    counts = Counter(status.completeness for status in document.status)
    filled, partial, missing = (counts[c] for c in Completeness)
    lacking = [
        s.section.value for s in document.status if s.completeness is not Completeness.FILLED
    ]
    lines = [
        Bilingual(
            es=f"{len(document.status)} secciones: {filled} completas, {partial} por completar "
            f"y {missing} vacías",
            en=f"{len(document.status)} sections: {filled} complete, {partial} to be completed "
            f"and {missing} empty",
        ),
        Bilingual(
            es=f"Idiomas: {', '.join(languages)}; en {FOLDER}/ dentro del informe",
            en=f"Languages: {', '.join(languages)}; in {FOLDER}/ inside the report",
        ),
    ]
    if lacking:
        lines.append(
            Bilingual(es=f"Por completar: {', '.join(lacking)}", en=f"To do: {', '.join(lacking)}")
        )
    return StepResult(
        name=NAME,
        title=TITLE,
        summary={
            "languages": list(languages),
            "sections": {s.section.value: s.completeness.value for s in document.status},
            "filled": filled,
            "partial": partial,
            "missing": missing,
            "files": [
                f"{FOLDER}/{manual_file_name(lang, f)}" for lang in languages for f in FORMATS
            ],
            "document": unstructure(document),
        },
        lines=tuple(lines),
        findings=findings,
    )


def write(report: AuditReport, folder: Path) -> Path:
    """Write the manual the ``manual`` step assembled into ``folder/manual/``.

    Manual files of languages no longer official are removed; nothing is written when the
    step did not run or failed.

    :returns: the ``manual`` folder.
    """
    target = folder / FOLDER
    try:
        summary = report.step(NAME).summary
    except KeyError:
        summary = {}
    data = summary.get("document")
    if data is None:
        target.mkdir(parents=True, exist_ok=True)
        return target
    document = structure(data, ManualDocument)
    written = write_manual(document, target, summary["languages"])
    kept = {path.name for path in written}
    for stale in (*target.glob("manual.*.html"), *target.glob("manual.*.md")):
        if stale.name not in kept:
            stale.unlink(missing_ok=True)
    return target


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    """Declare the manual step."""
    return [AuditStep(name=NAME, order=ORDER, title=TITLE, run=run)]


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare the manual exporter."""
    return [
        Exporter(
            name=NAME,
            description="manual/: the usage manual, HTML and Markdown, in each official language",
            media_type="text/html",
            write=write,
        )
    ]
