r"""A status's HTML as plain text, and texts put in a form that can be compared.

Mastodon gives a status's text only as the HTML it rendered (``content``): the text escaped,
paragraphs in ``<p>``, line breaks as ``<br>``, links, mentions and hashtags as ``<a>``, a long
link's middle hidden in ``<span class="invisible">`` (its text is still there, so the whole
address comes back). :func:`html_to_text` turns that into what a person reads:

>>> html_to_text('<p>Hola &amp; adéu <a href="https://x.example/@v" class="u-url mention">'
...              '@<span>vecina</span></a></p><p>línia 1<br />línia 2</p>')
'Hola & adéu @vecina\n\nlínia 1\nlínia 2'

:func:`comparable` is what two texts are compared by when the adapter looks for a post it may
have published: whitespace collapsed and mentions written as Mastodon shows them, ``@user``
without its ``@domain``:

>>> comparable("Hola  @cultura@xarxa.example\n#festa")
'Hola @cultura #festa'
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

__all__ = ["comparable", "html_to_text", "without_controls"]

#: elements that stand apart from the text around them (a blank line before and after)
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "div",
        "dl",
        "dd",
        "dt",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    }
)
#: elements whose content nobody reads
_HIDDEN = frozenset({"script", "style", "template", "head", "title"})
#: the whitespace of HTML, which a browser shows as one space
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
#: what a message's text cannot hold (NUL, lone surrogates), and the control characters that are
#: not HTML whitespace: nobody reads them
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
#: a break the parser leaves: \x1e for a paragraph, \x1f for a line (never in the text itself,
#: which loses its control characters first)
_PARAGRAPH, _LINE = "\x1e", "\x1f"
#: a mention with its domain, ``@user@domain``, as Mastodon's Account::MENTION_RE reads it
_REMOTE_MENTION = re.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)@[\w-]+(?:[.-]+[\w-]+)*", re.IGNORECASE
)


class _Extractor(HTMLParser):
    """Collects the text of an HTML fragment, with its paragraph and line breaks marked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._pre = 0
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "br":
            self.parts.append(_LINE)
        elif tag in _BLOCKS:
            self.parts.append(_PARAGRAPH)
            if tag == "pre":
                self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append(_PARAGRAPH)
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        data = _UNSHOWABLE.sub("", data)
        if self._pre:
            # preformatted text keeps its line breaks; its other whitespace still collapses
            data = data.replace("\r\n", "\n").replace("\n", _LINE)
            data = re.sub(r"[ \t\r\f]+", " ", data)
        else:
            data = _HTML_SPACE.sub(" ", data)
        self.parts.append(data)


def _extract(fragment: str) -> str:
    """The fragment's text with break markers; a regular expression when the parser gives up."""
    parser = _Extractor()
    try:
        parser.feed(fragment)
        parser.close()
    except (AssertionError, ValueError, IndexError):  # pragma: no cover - lenient parser
        stripped = re.sub(r"<[^>]*>", " ", fragment)
        return _HTML_SPACE.sub(" ", _UNSHOWABLE.sub("", html.unescape(stripped)))
    return "".join(parser.parts)


def html_to_text(fragment: str) -> str:
    """The text a person reads in an HTML fragment (a status's ``content``).

    Tags go; entities become their characters; whitespace collapses as a browser collapses it;
    ``<br>`` is a line break and a paragraph (``<p>``, ``<blockquote>``, a list item…) is set
    off by a blank line; ``<script>`` and ``<style>`` are not read. Control characters, NUL and
    lone surrogates never come out. It never raises: text that is not HTML comes back with its
    whitespace collapsed.

    :param fragment: the HTML.
    :return: plain text, without leading or trailing whitespace.
    """
    text = _extract(fragment)
    lines: list[str] = []
    for paragraph in text.split(_PARAGRAPH):
        kept = [line.strip(" ") for line in paragraph.split(_LINE)]
        if any(kept):
            lines.append("\n".join(kept).strip("\n"))
    return "\n\n".join(line for line in lines if line).strip()


def comparable(text: str) -> str:
    """``text`` as two texts are compared: NFC, whitespace collapsed, mentions without domain.

    Mastodon shows a mention of another server's account as ``@user``, so a message that says
    ``@cultura@xarxa.example`` reads ``@cultura`` once published.

    :param text: plain text (a message's, or what :func:`html_to_text` made of a status).
    """
    text = _REMOTE_MENTION.sub(r"@\1", unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def without_controls(text: str) -> str:
    """``text`` without NUL, lone surrogates, and the control characters but HTML's whitespace.

    For the plain texts a status carries besides its HTML (its content warning, alt texts).
    """
    return _UNSHOWABLE.sub("", text)
