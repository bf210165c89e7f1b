r"""Text as HTML for the digest and the snippets: escaped, line breaks kept, nothing to run.

What a message says goes into HTML as text only: ``&``, ``<`` and ``>`` escaped (quotes too in
attribute values), so markup in a post is shown, never parsed. HTML cannot carry the C0 and C1
control characters (but tab and line feed) nor the non-characters U+FFFE and U+FFFF — parsers
drop them or report an error, and e-mail programs mangle them — so each is written as U+FFFD,
the replacement character, as the XML feeds do. Line breaks (``\r\n``, ``\r``, ``\n``) are
``<br>`` elements; every other character, direction marks and emoji included, comes through
exactly, and :func:`shown_text` says what a reader of the HTML gets back.

>>> html_lines("Hola & <b>adéu</b>\r\nfins demà")
'Hola &amp; &lt;b&gt;adéu&lt;/b&gt;<br>fins demà'
>>> shown_text("a\x07b\r\nc")
'a\ufffdb\nc'
>>> safe_href("javascript:alert(1)") is None
True
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

#: what HTML cannot carry: C0 controls but tab and line feed (carriage returns are line breaks),
#: DEL, the C1 controls and the non-characters U+FFFE and U+FFFF
NOT_HTML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

_LINE_BREAK = re.compile("\r\n|\r|\n")


def shown_text(text: str) -> str:
    r"""What a reader of the HTML gets back from ``text``.

    Line breaks as ``\n``, U+FFFD for what HTML cannot carry (see :data:`NOT_HTML`).
    """
    return NOT_HTML.sub("\ufffd", _LINE_BREAK.sub("\n", text))


def html_text(text: str) -> str:
    """``text`` as the content of an element, on one line: escaped, :data:`NOT_HTML` replaced.

    Line breaks are kept as they are (a reader sees a space); use :func:`html_lines` to show
    them.
    """
    return html.escape(NOT_HTML.sub("\ufffd", text), quote=False)


def html_attribute(text: str) -> str:
    """``text`` as an attribute's value, between double quotes."""
    return html.escape(NOT_HTML.sub("\ufffd", text), quote=True)


def html_lines(text: str) -> str:
    """``text`` as the content of an element, each line break a ``<br>``."""
    return "<br>".join(html_text(line) for line in _LINE_BREAK.split(text))


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an ``http(s)`` address with a host, else ``None``.

    Only such addresses become links: a ``javascript:`` or ``data:`` link in a stored message
    never reaches a portal or an e-mail.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if NOT_HTML.search(url) or any(c.isspace() for c in url):
        return None
    return url


def element(tag: str, content: str, attributes: dict[str, str | None] | None = None) -> str:
    """``<tag …>content</tag>``: ``content`` is HTML already; attribute values are escaped."""
    shown = "".join(
        f' {name}="{html_attribute(value)}"'
        for name, value in (attributes or {}).items()
        if value is not None
    )
    return f"<{tag}{shown}>{content}</{tag}>"
