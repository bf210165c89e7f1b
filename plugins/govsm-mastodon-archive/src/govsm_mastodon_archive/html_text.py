r"""A status's HTML as the text Mastodon shows, with the addresses of its links.

Mastodon keeps a status's text in the archive only as the HTML it rendered (``content``;
``TextFormatter`` in Mastodon's source): the text escaped (``&amp;``, ``&lt;``, ``&#39;``…),
paragraphs in ``<p>``, line breaks as ``<br />``, and each link, mention and hashtag as an
``<a>``:

* a link shows its whole address, its scheme (and ``www.``) and its end in
  ``<span class="invisible">`` and its first 30 characters in a span of class ``ellipsis``
  (the web interface shows ``…`` there): the text keeps the address as written, whole;
* a mention is ``<span class="h-card"><a href="…" class="u-url mention">@<span>user</span></a>``
  — shown ``@user``, without the ``@domain`` Mastodon does not count either;
* a hashtag is ``<a href="…/tags/x" class="mention hashtag" rel="tag">#<span>x</span></a>``;
* a quote post's ``<p class="quote-inline">RE: <a href="…">…</a></p>`` (Mastodon 4.5; older
  forks append a ``<span class="quote-inline">``) is a fallback for servers that do not show
  quotes: Mastodon's interface hides it and its length validator never counts it. It is left
  out of the text; its address is kept apart (:attr:`Rendered.quoted`).

>>> shown = render('<p>Teatro &amp; música <a href="https://social.example/tags/fiestas" '
...                'class="mention hashtag" rel="tag">#<span>fiestas</span></a></p>'
...                '<p>Info: <a href="https://www.valdemora.example/agenda/fiestas-2024/programa'
...                '-completo" target="_blank" rel="nofollow noopener"><span class="invisible">'
...                'https://www.</span><span class="ellipsis">valdemora.example/agenda/fies</span>'
...                '<span class="invisible">tas-2024/programa-completo</span></a><br />¡Venid!</p>')
>>> print(shown.text)
Teatro & música #fiestas
<BLANKLINE>
Info: https://www.valdemora.example/agenda/fiestas-2024/programa-completo
¡Venid!
>>> shown.links, shown.hashtags
(('https://www.valdemora.example/agenda/fiestas-2024/programa-completo',), ('https://social.example/tags/fiestas',))
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from attrs import frozen

from govsm_mastodon_archive.records import clean_address

__all__ = ["Rendered", "render"]

#: elements that stand apart from the text around them (a blank line before and after)
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "table",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "figure",
    }
)
#: elements whose content nobody reads
_UNREAD = frozenset({"script", "style", "template", "head", "title"})
#: elements that have no end tag (they never open a part to skip)
_VOID = frozenset(
    {"br", "img", "hr", "wbr", "input", "meta", "link", "area", "base", "col", "embed", "source"}
)
#: what the parser leaves for a paragraph's edge (never in the text, which loses its control
#: characters first)
_PARAGRAPH = "\x1e"
#: what the text cannot hold (NUL, lone surrogates) and the control characters, which nobody
#: reads; HTML's line breaks and tabs are white space, read as a space
_UNSHOWN = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_HTML_BREAKS = re.compile(r"\r\n?|[\n\t\f]")
_PARAGRAPHS = re.compile(f"{_PARAGRAPH}(?:[ ]*{_PARAGRAPH})*")
#: the whole of most statuses: plain paragraphs and line breaks, nothing to parse
_PLAIN = re.compile(
    r"<p>[^<>&\x00-\x1f\x7f-\x9f]*(?:(?:<br />|</p><p>)[^<>&\x00-\x1f\x7f-\x9f]*)*</p>"
)
#: the elements Mastodon writes, which the tokenizer reads without the parser (none of them
#: holds raw text, as ``<script>`` or ``<textarea>`` do)
_TOKENIZED = _BLOCKS | {"a", "span", "br", "b", "i", "em", "strong", "code", "u", "s", "del"}
#: a tag as Mastodon writes it: lower-case names, double-quoted values, ``<br />`` or ``<br/>``
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?: [a-z][a-z-]*="[^"<>]*")*)( ?/)?>')
_ATTRIBUTE = re.compile(r' ([a-z][a-z-]*)="([^"<>]*)"')


@frozen
class Rendered:
    """What a status's HTML says.

    :param text: the text as Mastodon shows it: paragraphs apart by a blank line, line breaks
        kept, entities undone, each link's address whole.
    :param links: the addresses of its links, in order, once each (not mentions or hashtags).
    :param mentions: the addresses of the accounts it mentions.
    :param hashtags: the addresses of its hashtags.
    :param quoted: the addresses in its quote fallback (left out of :attr:`text`).
    """

    text: str
    links: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    quoted: tuple[str, ...] = ()


class _Reader(HTMLParser):
    """Collects the text of a status's HTML and the addresses of its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.mentions: list[str] = []
        self.hashtags: list[str] = []
        self.quoted: list[str] = []
        self._skipping: list[str] = []  # the open elements whose text is not read
        self._quote = 0  # 1 when the outermost of them is a quote fallback

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = set((found.get("class") or "").split())
        if self._skipping:
            if tag == self._skipping[-1] and tag not in _VOID:
                self._skipping.append(tag)
            if tag == "a" and self._quote:
                self._keep(self.quoted, found.get("href"))
            return
        if tag in _UNREAD or "quote-inline" in classes:
            if tag not in _VOID:
                self._skipping.append(tag)
                self._quote = int("quote-inline" in classes)
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append(_PARAGRAPH)
        elif tag == "a":
            href = found.get("href")
            if "hashtag" in classes or found.get("rel") == "tag":
                self._keep(self.hashtags, href)
            elif "mention" in classes:
                self._keep(self.mentions, href)
            else:
                self._keep(self.links, href)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
                if not self._skipping:
                    self._quote = 0
            return
        if tag in _BLOCKS:
            self.parts.append(_PARAGRAPH)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(_HTML_BREAKS.sub(" ", _UNSHOWN.sub("", data)))

    @staticmethod
    def _keep(found: list[str], href: str | None) -> None:
        address = clean_address(href)
        if address is not None and address not in found:
            found.append(address)


def _text(joined: str) -> str:
    """The collected text with each run of paragraph edges a blank line, none at either end."""
    return _PARAGRAPHS.sub("\n\n", joined.strip(_PARAGRAPH + " "))


def render(fragment: str) -> Rendered:
    """The text and links of a status's HTML (``content``), as Mastodon shows them.

    Tags go; entities become their characters; ``<br>`` is a line break and a paragraph
    (``<p>``, ``<blockquote>``, a list item…) is set off by a blank line; spaces are kept as
    written (Mastodon shows them so); ``<script>`` and ``<style>`` are not read, nor the
    quote fallback. Control characters, NUL and lone surrogates never come out. It never
    raises: text that is not HTML comes back as it is, less its control characters.

    :param fragment: the HTML.
    """
    if _PLAIN.fullmatch(fragment):  # most statuses: no link, no entity
        inner = fragment[3:-4].replace("</p><p>", _PARAGRAPH).replace("<br />", "\n")
        return Rendered(_text(inner))
    reader = _tokenized(fragment)
    if reader is None:  # markup Mastodon does not write: the parser reads it
        reader = _Reader()
        try:
            reader.feed(fragment)
            reader.close()
        except (AssertionError, ValueError, IndexError):  # pragma: no cover - a lenient parser
            stripped = re.sub(r"<[^>]*>", " ", fragment)
            return Rendered(_HTML_BREAKS.sub(" ", _UNSHOWN.sub("", stripped)).strip())
    return Rendered(
        _text("".join(reader.parts)),
        tuple(reader.links),
        tuple(reader.mentions),
        tuple(reader.hashtags),
        tuple(reader.quoted),
    )


def _tokenized(fragment: str) -> _Reader | None:
    """``fragment`` read tag by tag with regular expressions, or ``None`` to leave it to the parser.

    Mastodon's HTML is a few elements with double-quoted attributes. When every ``<`` of the
    fragment opens such a tag (:data:`_TAG`, an element of :data:`_TOKENIZED`), the reader gets
    the same calls :class:`~html.parser.HTMLParser` would make — the text between two tags in
    one piece, entities undone in text and values, ``<br />`` a start and an end tag — at a
    fraction of the cost. Anything else (another element, a comment, a stray ``<``, unquoted
    or upper-case attributes) is left to the parser.
    """
    reader = _Reader()
    at = 0
    for tag in _TAG.finditer(fragment):
        start = tag.start()
        if start > at and not _data(reader, fragment[at:start]):
            return None
        closing, name, attributes, empty = tag.groups()
        if name not in _TOKENIZED or (empty and (closing or name != "br")):
            return None
        if closing:
            if attributes:
                return None
            reader.handle_endtag(name)
        else:
            found: list[tuple[str, str | None]] = [
                (key, unescape(value) if "&" in value else value)
                for key, value in _ATTRIBUTE.findall(attributes)
            ]
            reader.handle_starttag(name, found)
            if empty:
                reader.handle_endtag(name)
        at = tag.end()
    if at < len(fragment) and not _data(reader, fragment[at:]):
        return None
    return reader


def _data(reader: _Reader, text: str) -> bool:
    """Give ``reader`` the text between two tags; ``False`` when it holds a ``<`` of no tag."""
    if "<" in text:
        return False
    reader.handle_data(unescape(text) if "&" in text else text)
    return True
