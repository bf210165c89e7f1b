r"""The text of a feed entry: markup taken out, hostile characters dropped, one tidy line.

Feeds carry HTML in their descriptions (escaped, or in CDATA sections) and sometimes in their
titles; a draft carries text. :func:`html_text` keeps what a reader sees — the words, with a
space where a block or a line break ends — and drops scripts, styles and every tag.
:func:`clean_text` then drops what a reader does not see and a forger uses: control characters,
bidirectional overrides and isolates, zero-width characters and other format characters (the
joiners that emoji and some scripts need are kept), lone surrogates and noncharacters; it
composes the text (NFC) and folds every run of white space into one space.

>>> html_text("<p>Concert de la <b>Unió Musical</b><br>a les 12.00 h</p><script>x()</script>")
'Concert de la Unió Musical a les 12.00 h'
>>> clean_text("Festa\u202e major\u200b \u00a0 2026\x07")
'Festa major 2026'
>>> shorten("Concert de la Unió Musical a l'Auditori", 20)
'Concert de la Unió…'
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

#: elements whose content is not text a reader sees
_HIDDEN_ELEMENTS = frozenset({"script", "style", "template", "noscript", "head", "title"})

#: elements that end a block of text: a space is put where they open or close
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip

#: format characters kept: the zero-width non-joiner and joiner (emoji sequences, some scripts)
_KEPT_FORMAT = frozenset({"\u200c", "\u200d"})

_SPACE = re.compile(r"\s+")

#: at most this many nested hidden elements are tracked (deeper ones count as one)
_MAX_DEPTH = 1000


class _TextParser(HTMLParser):
    """Collects the text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_ELEMENTS:
            self._hidden = min(self._hidden + 1, _MAX_DEPTH)
        elif tag in _BLOCKS or tag == "img":
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_ELEMENTS:
            self._hidden = max(self._hidden - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_text(fragment: str) -> str:
    """The text a reader sees in an HTML fragment, on one line (see :func:`clean_text`).

    Malformed markup is read as far as it goes: an unclosed tag ends the text, an unknown
    entity stays as written.
    """
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    return clean_text("".join(parser.parts))


def _kept(char: str) -> bool:
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Cn", "Co"):
        return False
    if category == "Cf":
        return char in _KEPT_FORMAT
    code = ord(char)
    return not (0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE)  # noncharacters


def clean_text(text: str) -> str:
    """``text`` composed (NFC), without hidden or control characters, its spaces folded.

    Line and paragraph separators, tabs and line breaks count as white space.
    """
    spaced = _SPACE.sub(" ", text)
    kept = "".join(char for char in spaced if _kept(char))
    return _SPACE.sub(" ", unicodedata.normalize("NFC", kept)).strip()


def plain_text(text: str) -> str:
    """A plain-text value that may still hold character references (``&amp;``), cleaned."""
    return clean_text(html.unescape(text))


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, ``…`` added when cut.

    A first word longer than the limit is cut inside the word.
    """
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"[:limit]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"
