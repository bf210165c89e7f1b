"""The usage manual: the document a new government team inherits, rendered from the workspace.

Seed 004 describes what a council's *manual de uso y gestión de redes sociales* holds; govsm
assembles it from ``govsm.toml`` (:func:`build_manual`), says which sections are still empty
(:mod:`~govsm.manual.completeness`), and renders it as a standalone HTML page and as
Markdown, in Valencian, Spanish or English (:func:`write_manual`). ``govsm manual`` and the
audit's ``manual`` step use these functions.

>>> from datetime import date
>>> from govsm.workspace import Workspace
>>> document = build_manual(Workspace.open("examples/soldeneu"), today=date(2026, 11, 20))
>>> render_markdown(document, "es").splitlines()[0]
'# Manual de uso y gestión de las redes sociales del Ajuntament de Soldeneu'
"""

from govsm.manual.completeness import completeness_findings, manual_languages
from govsm.manual.content import assemble_manual, build_manual
from govsm.manual.document import ManualDocument
from govsm.manual.files import manual_file_name, render_manual, write_manual
from govsm.manual.labels import SUPPORTED_LANGUAGES
from govsm.manual.render_html import render_html
from govsm.manual.render_markdown import render_markdown

__all__ = [
    "SUPPORTED_LANGUAGES",
    "ManualDocument",
    "assemble_manual",
    "build_manual",
    "completeness_findings",
    "manual_file_name",
    "manual_languages",
    "render_html",
    "render_manual",
    "render_markdown",
    "write_manual",
]
