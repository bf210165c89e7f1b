"""Writing the manual's files: one per language and format, each written atomically.

``manual.ca-valencia.html``, ``manual.ca-valencia.md``, ``manual.es.html``… in one folder
(``report/manual/`` by default). A file is written to a temporary name and renamed, so a
reader sees the old manual or the new one, never half of one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final

from govsm.atomic import write_text_atomic
from govsm.errors import GovsmError
from govsm.manual.document import ManualDocument
from govsm.manual.labels import check_language
from govsm.manual.render_html import render_html
from govsm.manual.render_markdown import render_markdown

#: the formats, by name: the file extension and the renderer
FORMATS: Final[dict[str, tuple[str, Callable[[ManualDocument, str], str]]]] = {
    "html": ("html", render_html),
    "markdown": ("md", render_markdown),
}


def manual_file_name(language: str, fmt: str) -> str:
    """The file name of the manual in ``language`` and format ``fmt``: ``manual.es.html``."""
    return f"manual.{language}.{FORMATS[fmt][0]}"


def render_manual(document: ManualDocument, language: str, fmt: str) -> str:
    """``document`` in ``language`` as ``fmt`` (``html`` or ``markdown``)."""
    return FORMATS[fmt][1](document, language)


def write_manual(
    document: ManualDocument,
    folder: Path,
    languages: Iterable[str],
    formats: Iterable[str] = tuple(FORMATS),
) -> list[Path]:
    """Write the manual in every language and format into ``folder`` (created if needed).

    Every file is rendered before the first is written, so an error leaves the folder as it
    was.

    :returns: the files written, languages first, then formats, in the order given.
    :raises GovsmError: when a language is not supported, or the folder or a file cannot be
        written (naming it).
    """
    languages, formats = list(languages), list(formats)
    for language in languages:
        check_language(language)
    texts = {
        manual_file_name(language, fmt): render_manual(document, language, fmt)
        for language in languages
        for fmt in formats
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(folder, exc) from None
    written = []
    for name, text in texts.items():
        try:
            written.append(write_text_atomic(folder / name, text))
        except OSError as exc:
            raise _unwritable(folder / name, exc) from None
    return written


def _unwritable(path: Path, exc: OSError) -> GovsmError:
    reason = exc.strerror or type(exc).__name__
    return GovsmError(
        f"no se puede escribir el manual: {reason}",
        f"cannot write the manual: {reason}",
        where=str(path),
    )
