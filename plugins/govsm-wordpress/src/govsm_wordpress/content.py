r"""A message's text as a WordPress post's HTML, and a post's or comment's HTML as text.

* :func:`text_to_html` — paragraphs from blank lines, line breaks kept (``<br />``), every
  character HTML-escaped, ``http(s)://`` addresses linked. The HTML is "classic" content (no
  block markup), which both the block editor (as a Classic block) and the classic editor open.
* :func:`html_to_text` — HTML as a browser shows it: whitespace collapsed, paragraphs and other
  blocks separated by a blank line, ``<br>`` a line break, comments, scripts and images dropped,
  entities decoded. For *rendered* content (``content.rendered``).
* :func:`raw_to_text` — the same for *raw* content (``content.raw``, ``context=edit``), where
  WordPress's own ``wpautop`` has not run yet: a blank line in a text is a paragraph break and a
  single newline a line break, as WordPress shows them.
* :func:`title_for` — a post's title: the message's, or its first line cut at a word boundary.

>>> text_to_html("Corte de agua\nen la calle Mayor\n\nMás: https://ayto.example/aviso.")
'<p>Corte de agua<br />\nen la calle Mayor</p>\n\n<p>Más: <a href="https://ayto.example/aviso">https://ayto.example/aviso</a>.</p>'
>>> raw_to_text(text_to_html("Uno\ndos\n\ntres <b>"))
'Uno\ndos\n\ntres <b>'
>>> html_to_text("<p>Hola<br />\nvecinos</p>\n<p>It&#8217;s &amp; more</p>")
'Hola\nvecinos\n\nIt’s & more'
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

#: the longest title made from a text (characters, "…" included)
TITLE_LIMIT = 80

#: an ``http(s)`` address in a text; trailing punctuation is trimmed by :func:`_split_url`
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)

#: what ends a sentence right after an address rather than belonging to it
_TRAILING = ".,;:!?'\"»”’)]}"

#: a blank line: a newline, then lines holding only spaces or tabs, then a newline
_BLANK_LINE = re.compile(r"\n(?:[ \t\f\v]*\n)+")

#: HTML's whitespace (what a browser collapses)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")

#: elements that end a paragraph, as a browser lays them out
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip

#: elements whose content is never shown as text
_HIDDEN = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg"})

_BR = "\x00br"
_PARA = "\x00p"


def _split_url(match: str) -> tuple[str, str]:
    """An address found in a text, and the punctuation after it that belongs to the sentence.

    A closing bracket stays when the address opened one (``…/Plaza_(Soldeneu)``).

    :param match: what :data:`_URL` matched.
    :return: the address and the rest.
    """
    url = match
    while url and url[-1] in _TRAILING:
        closing = url[-1]
        opening = {")": "(", "]": "[", "}": "{"}.get(closing)
        if opening is not None and url.count(opening) >= url.count(closing):
            break
        url = url[:-1]
    return url, match[len(url) :]


def _line_to_html(line: str) -> str:
    """One line of text as escaped HTML, its addresses linked.

    :param line: the line (no newline).
    :return: the HTML.
    """
    out: list[str] = []
    last = 0
    for found in _URL.finditer(line):
        url, rest = _split_url(found.group())
        if len(url) <= len("https://"):
            continue
        out.append(html.escape(line[last : found.start()], quote=False))
        out.append(f'<a href="{html.escape(url, quote=True)}">{html.escape(url, quote=False)}</a>')
        out.append(html.escape(rest, quote=False))
        last = found.end()
    out.append(html.escape(line[last:], quote=False))
    return "".join(out)


def text_to_html(text: str) -> str:
    """A message's text as a post's HTML content.

    Paragraphs come from blank lines and line breaks within a paragraph are kept as
    ``<br />`` followed by a newline (WordPress's ``wpautop`` leaves such a newline alone). Runs
    of spaces are not kept: HTML shows them as one.

    :param text: the text as written.
    :return: the HTML (``""`` for a blank text).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for block in _BLANK_LINE.split(text):
        lines = [line.strip(" \t") for line in block.strip("\n").split("\n")]
        if any(lines):
            paragraphs.append("<p>" + "<br />\n".join(_line_to_html(x) for x in lines) + "</p>")
    return "\n\n".join(paragraphs)


class _TextCollector(HTMLParser):
    """Collects the text of an HTML fragment as a stream of text, line breaks and paragraphs."""

    def __init__(self, *, raw: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.raw = raw
        self.parts: list[str] = []
        self._hidden = 0
        self._after_br = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "br":
            self.parts.append(_BR)
            self._after_br = True
        elif tag in _BLOCKS:
            self.parts.append(_PARA)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            return  # a self-closed hidden element holds nothing
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append(_PARA)

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        data = data.replace("\x00", "")
        if not self.raw:
            self.parts.append(data)
            return
        data = data.replace("\r\n", "\n").replace("\r", "\n")
        if self._after_br:  # wpautop adds no break after a <br />
            data = re.sub(r"\A[ \t]*\n", "", data)
        for index, chunk in enumerate(_BLANK_LINE.split(data)):
            if index:
                self.parts.append(_PARA)
            for number, line in enumerate(chunk.split("\n")):
                if number:
                    self.parts.append(_BR)
                self.parts.append(line)
        self._after_br = False

    def handle_comment(self, data: str) -> None:
        """Comments (block delimiters, govsm's marker) are not text."""

    def text(self) -> str:
        """The collected text: paragraphs of lines, each line's whitespace collapsed."""
        paragraphs: list[list[str]] = [[""]]
        for part in self.parts:
            if part == _BR:
                paragraphs[-1].append("")
            elif part == _PARA:
                paragraphs.append([""])
            else:
                paragraphs[-1][-1] += part
        shown: list[str] = []
        for lines in paragraphs:
            cleaned = [_HTML_SPACE.sub(" ", line).strip(" ") for line in lines]
            while cleaned and not cleaned[0]:
                cleaned.pop(0)
            while cleaned and not cleaned[-1]:
                cleaned.pop()
            if cleaned:
                shown.append("\n".join(cleaned))
        return "\n\n".join(shown)


def html_to_text(fragment: str) -> str:
    """Rendered HTML as the text a reader sees.

    :param fragment: the HTML (``content.rendered`` of a post or a comment).
    :return: the text: paragraphs separated by a blank line, ``<br>`` as a newline.
    """
    collector = _TextCollector(raw=False)
    collector.feed(fragment)
    collector.close()
    return collector.text()


def raw_to_text(fragment: str) -> str:
    """Raw post content (as stored, before ``wpautop``) as the text a reader sees.

    A blank line in the text between tags is a paragraph break, a single newline a line
    break, as WordPress renders classic content.

    :param fragment: the HTML (``content.raw`` of a post, ``context=edit``).
    :return: the text.
    """
    collector = _TextCollector(raw=True)
    collector.feed(fragment)
    collector.close()
    return collector.text()


class _ImageCollector(HTMLParser):
    """Collects the ``src`` and ``alt`` of every ``<img>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            values = dict(attrs)
            if values.get("src"):
                self.images.append((str(values["src"]), values.get("alt")))


def images_in(fragment: str) -> list[tuple[str, str | None]]:
    """The images in an HTML fragment, in order.

    :param fragment: the HTML.
    :return: each image's address and alt text (``None`` when it has no ``alt``).

    >>> images_in('<p>x</p><figure><img src="https://b.example/a.png" alt="Plano" /></figure>')
    [('https://b.example/a.png', 'Plano')]
    """
    collector = _ImageCollector()
    collector.feed(fragment)
    collector.close()
    return collector.images


def title_for(title: str | None, text: str) -> str:
    r"""A post's title: the message's own, else its text's first line, cut at a word boundary.

    :param title: the message's title, if any.
    :param text: the message's text.
    :return: the title (plain text, not escaped); ``"…"`` marks a cut.

    >>> title_for(None, "Corte de agua en la calle Mayor\nDe 9 a 14 h")
    'Corte de agua en la calle Mayor'
    >>> title_for(None, "Obras " + "en la avenida del Puerto " * 4)
    'Obras en la avenida del Puerto en la avenida del Puerto en la avenida del…'

    """
    if title and title.strip():
        return " ".join(title.split())
    first = next((line for line in text.splitlines() if line.strip()), "")
    first = " ".join(first.split())
    if len(first) <= TITLE_LIMIT:
        return first
    room = first[: TITLE_LIMIT - 1]
    cut = room.rfind(" ")
    if cut > TITLE_LIMIT // 2:
        room = room[:cut]
    return room.rstrip(" ,;:.-") + "…"
