"""The manual as one standalone HTML page.

The page carries its CSS inline and its diagram as inline SVG; it links to the profiles and
the *sede electrónica* but loads nothing from anywhere. Jinja2 escapes every value; the only
markup that is not escaped is govsm's own (the diagram, which escapes its texts itself, and the
``lang`` marks around a text shown in another language).
"""

from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup, escape

from govsm.manual.document import ManualDocument
from govsm.manual.flow import diagram_rows, flow_summary
from govsm.manual.flow_svg import render_svg
from govsm.manual.labels import Labels
from govsm.manual.templating import Localizer, environment, template_names
from govsm.model import LocalizedText

TEMPLATE = "manual.html.j2"


@cache
def _template() -> jinja2.Template:
    return environment(html=True).get_template(TEMPLATE)


def render_html(document: ManualDocument, language: str) -> str:
    """``document`` as an HTML page in ``language``.

    :param language: one of :data:`~govsm.manual.labels.SUPPORTED_LANGUAGES`.
    :raises GovsmError: for any other language.
    """
    names = template_names(document, language)
    labels: Labels = names["t"]
    localizer: Localizer = names["localizer"]

    def loc(text: LocalizedText | None) -> Markup:
        value, other = localizer.resolve(text)
        if other is None:
            return escape(value)
        return Markup('<span lang="{}">{}</span>').format(other, value)

    flow = document.responsibilities.flow if document.responsibilities else None
    svg = ""
    if flow is not None and flow.paths:
        svg = render_svg(
            diagram_rows(flow, labels), labels("flow.caption"), flow_summary(flow, labels)
        )
    return _template().render(**names, loc=loc, flow_svg=Markup(svg))
