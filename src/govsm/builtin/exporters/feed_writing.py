r"""What the built-in publication exporters share: XML written as it goes, dates, titles, HTML.

XML 1.0 cannot carry most control characters (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F)
nor U+FFFE and U+FFFF, even escaped: a feed holding one is not XML, and every reader refuses it.
It discourages DEL and the C1 controls (U+007F–U+009F), and feed readers misread those as the
Windows-1252 letters of the same bytes (U+0091 comes back as ‘). A message may hold any of them
(an archive's text, pasted from a word processor, or decoded with the wrong encoding), so the
XML exporters write each as U+FFFD, the replacement character: the reader sees that something
was there, and the rest of the text is exact. Carriage returns are written as ``&#13;``, so
that XML's line-ending normalisation does not turn them into line feeds. The JSON exporters
need none of this: JSON escapes every character.

>>> import io
>>> out = io.BytesIO()
>>> xml = XmlWriter(out)
>>> xml.leaf("title", "a]]>b\x0bc\r")
>>> xml.close()
>>> print(out.getvalue().decode(), end="")
<title>a]]&gt;b�c&#13;</title>
"""

from __future__ import annotations

import email.utils
import html
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import BinaryIO

import regex

from govsm.model import Media, Message

#: the characters XML 1.0 cannot carry, even as references (surrogates never reach a message),
#: and the controls it discourages, which readers misread (DEL and C1)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

#: the longest title made from a message's text, in code points (and a final ``…``)
HEADLINE_LENGTH = 80

#: what text and attribute values escape, in this order (``&`` first)
_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTRIBUTE_ESCAPES = (*_TEXT_ESCAPES, ('"', "&quot;"), ("\t", "&#9;"), ("\n", "&#10;"))
_BAD = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff"
#: whether a value needs any work: a character to replace or to escape (most need none)
_TEXT_WORK = re.compile(f"[{_BAD}&<>\r]")
_ATTRIBUTE_WORK = re.compile(f'[{_BAD}&<>\r"\t\n]')

#: one grapheme: what a reader sees as one character (a flag, a letter and its accent)
_GRAPHEME = regex.compile(r"\X")

#: the pieces kept before they are written out
_BUFFERED = 512

Attributes = Mapping[str, str | None]


def xml_safe(text: str) -> str:
    """``text`` with each character XML 1.0 cannot carry, or discourages, replaced by U+FFFD."""
    return NOT_XML.sub("\ufffd", text)


def xml_text(text: str) -> str:
    """``text`` as the content of an element: :func:`xml_safe`, then escaped."""
    if _TEXT_WORK.search(text) is None:
        return text
    text = xml_safe(text)
    for raw, escaped in _TEXT_ESCAPES:
        text = text.replace(raw, escaped)
    return text


def xml_attribute(text: str) -> str:
    """``text`` as an attribute's value (between double quotes)."""
    if _ATTRIBUTE_WORK.search(text) is None:
        return text
    text = xml_safe(text)
    for raw, escaped in _ATTRIBUTE_ESCAPES:
        text = text.replace(raw, escaped)
    return text


class XmlWriter:
    """Writes an XML document to a binary stream, element by element, as UTF-8.

    Text and attribute values are escaped (``&``, ``<``, ``>``; quotes, tabs and line breaks in
    attributes; carriage returns everywhere) after :func:`xml_safe`. Elements are indented;
    an element holds text or other elements, never both, so indentation changes no value.

    :param out: where to write; it is not closed.
    """

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._pad = ""
        self._pieces: list[str] = []

    def declaration(self) -> None:
        """The XML declaration: version 1.0, UTF-8."""
        self._pieces.append('<?xml version="1.0" encoding="utf-8"?>\n')

    def start(self, tag: str, attributes: Attributes | None = None) -> None:
        """Open ``tag``; elements written next go inside it."""
        self._pieces.append(f"{self._pad}<{tag}{_attributes(attributes)}>\n")
        self._pad += "  "

    def end(self, tag: str) -> None:
        """Close ``tag``, the element last opened."""
        self._pad = self._pad[:-2]
        self._pieces.append(f"{self._pad}</{tag}>\n")
        if len(self._pieces) >= _BUFFERED:
            self.flush()

    def leaf(self, tag: str, text: str | None, attributes: Attributes | None = None) -> None:
        """An element holding ``text``; nothing when ``text`` is ``None``."""
        if text is not None:
            self._pieces.append(
                f"{self._pad}<{tag}{_attributes(attributes)}>{xml_text(text)}</{tag}>\n"
            )

    def empty(self, tag: str, attributes: Attributes | None = None) -> None:
        """An element with attributes only."""
        self._pieces.append(f"{self._pad}<{tag}{_attributes(attributes)}/>\n")

    def flush(self) -> None:
        """Write out what is kept."""
        if self._pieces:
            self._out.write("".join(self._pieces).encode("utf-8"))
            self._pieces.clear()

    def close(self) -> None:
        """Write out the rest (the stream stays open)."""
        self.flush()


def _attributes(attributes: Attributes | None) -> str:
    if not attributes:
        return ""
    return "".join(
        f' {name}="{xml_attribute(value)}"'
        for name, value in attributes.items()
        if value is not None
    )


def rfc3339(moment: datetime) -> str:
    """An instant as RFC 3339, in UTC (``2026-06-08T09:30:00Z``; microseconds when set).

    >>> from datetime import timedelta, timezone
    >>> rfc3339(datetime(2026, 6, 8, 11, 30, tzinfo=timezone(timedelta(hours=2))))
    '2026-06-08T09:30:00Z'
    """
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def rfc822(moment: datetime) -> str:
    """An instant as RSS writes it (RFC 822, four-digit year, in GMT).

    >>> rfc822(datetime(2026, 6, 8, 9, 30, tzinfo=UTC))
    'Mon, 08 Jun 2026 09:30:00 GMT'
    """
    return email.utils.format_datetime(moment.astimezone(UTC), usegmt=True)


def headline(message: Message) -> str:
    r"""A title for ``message``: its own, else its first line, cut at a word (``…``).

    A line longer than :data:`HEADLINE_LENGTH` is cut at its last space within that length
    (past half of it), else at the last whole grapheme that fits.

    >>> from govsm.model import Direction, MessageKind, MessageState
    >>> moment = datetime(2026, 6, 8, 9, 30, tzinfo=UTC)
    >>> post = Message(organisation="a", id="m", profile="p", direction=Direction.OUTBOUND,
    ...     kind=MessageKind.POST, state=MessageState.DRAFT, created_at=moment,
    ...     text="\n  La piscina municipal obri dissabte 20 de juny i tancarà diumenge "
    ...          "6 de setembre. L'horari és de 11.00 a 20.00.")
    >>> headline(post)
    'La piscina municipal obri dissabte 20 de juny i tancarà diumenge 6 de setembre.…'
    """
    if message.title is not None and message.title.strip():
        return " ".join(message.title.split())
    first = next((line for line in message.text.splitlines() if line.strip()), "")
    first = " ".join(first.split())
    if len(first) <= HEADLINE_LENGTH:
        return first
    kept = first[:HEADLINE_LENGTH]
    space = kept.rfind(" ")
    if space > HEADLINE_LENGTH // 2:  # cut at a word
        return kept[:space].rstrip() + "…"
    kept = ""  # no word to cut at: cut between two graphemes (a flag or an accent stays whole)
    for grapheme in _GRAPHEME.findall(first[: HEADLINE_LENGTH * 2]):
        if len(kept) + len(grapheme) > HEADLINE_LENGTH:
            break
        kept += grapheme
    return (kept or first[:HEADLINE_LENGTH]) + "…"


def text_html(text: str) -> str:
    r"""Plain text as HTML: escaped, paragraphs at blank lines, ``<br>`` at line breaks.

    >>> text_html("Hola & <adéu>\nfins demà\n\nSegon")
    '<p>Hola &amp; &lt;adéu&gt;<br>fins demà</p><p>Segon</p>'
    """
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    return "".join(
        "<p>" + "<br>".join(html.escape(line, quote=False) for line in part.split("\n")) + "</p>"
        for part in paragraphs
        if part.strip()
    )


def public_media(message: Message) -> Iterable[Media]:
    """The attachments with a public address (``http(s)``); files in the workspace are not."""
    return [m for m in message.media if m.location.startswith(("https://", "http://"))]
