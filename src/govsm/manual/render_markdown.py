r"""The manual as Markdown (CommonMark with GitHub tables), with the flow as a Mermaid block.

Every value a template prints goes through :func:`escape_markdown` (Jinja2's ``finalize``),
so a name or a text from the workspace shows as written and can neither format the page nor
inject HTML; only govsm's own pieces (the Mermaid block) are marked safe.

>>> escape_markdown("<script>alert(1)</script> | *x*")
'\\<script\\>alert(1)\\</script\\> \\| \\*x\\*'
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from govsm.manual.document import ManualDocument
from govsm.manual.flow import diagram_rows
from govsm.manual.flow_mermaid import render_mermaid
from govsm.manual.labels import Labels
from govsm.manual.templating import Localizer, environment, template_names
from govsm.model import LocalizedText

TEMPLATE = "manual.md.j2"

_BLANK_LINES = re.compile(r"\n{3,}")

# characters that format text anywhere in a line (``&`` only where it could start an entity)
_INLINE = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
# what starts a block at the beginning of a line: heading, list item, rule, quote
_LINE_START = re.compile(
    r"^(\s*)(#{1,6}(?=\s|$)|[+\-](?=\s|$)|[-=]+\s*$|>|\d{1,9}[.)](?=\s|$))", re.MULTILINE
)


def escape_markdown(value: Any) -> Any:
    """A value as literal Markdown text (a safe ``markupsafe.Markup`` passes unchanged).

    Backslash-escapes the characters that format inline text or start a block, and turns line
    breaks into ``<br>`` so that a multi-line text stays inside its table cell or paragraph.
    """
    if value is None or isinstance(value, Markup) or not isinstance(value, str):
        return value
    text = _INLINE.sub(r"\\\1", value)
    text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def markdown_url(url: str) -> str:
    """``url`` safe inside ``<…>`` of a Markdown link (spaces, brackets percent-encoded)."""
    return "".join(f"%{ord(c):02X}" if c in " <>()[]\\`" else c for c in url)


@cache
def _template() -> jinja2.Template:
    return environment(html=False, finalize=escape_markdown).get_template(TEMPLATE)


def render_markdown(document: ManualDocument, language: str) -> str:
    """``document`` as Markdown in ``language``.

    :param language: one of :data:`~govsm.manual.labels.SUPPORTED_LANGUAGES`.
    :raises GovsmError: for any other language.
    """
    names = template_names(document, language)
    labels: Labels = names["t"]
    localizer: Localizer = names["localizer"]

    def loc(text: LocalizedText | None) -> str:
        return localizer.resolve(text)[0]

    def link(url: str | None) -> Markup:
        if not url:
            return Markup("—")
        return Markup(f"<{markdown_url(url)}>")

    flow = document.responsibilities.flow if document.responsibilities else None
    mermaid = ""
    if flow is not None and flow.paths:
        mermaid = render_mermaid(diagram_rows(flow, labels))
    text = _template().render(**names, loc=loc, link=link, mermaid=Markup(mermaid))
    # the templates' conditional blocks leave runs of blank lines; user text holds none
    return _BLANK_LINES.sub("\n\n", text)
