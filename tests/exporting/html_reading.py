"""Reading back the HTML exports with the standard library's parser, as a mail program would."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

#: elements that run code, style the page from elsewhere or fetch something
FORBIDDEN_TAGS = frozenset(
    {
        "script",
        "style",
        "link",
        "img",
        "iframe",
        "frame",
        "object",
        "embed",
        "video",
        "audio",
        "source",
        "form",
        "input",
        "base",
        "svg",
        "math",
        "picture",
        "track",
    }
)

#: elements without an end tag
VOID = frozenset({"br", "meta", "hr", "wbr"})


class Page(HTMLParser):
    """An HTML document or fragment, read: its elements, and the text of marked elements.

    :param text_class: the class of the elements whose text (``<br>`` as ``\\n``) is collected.
    """

    def __init__(self, html: str, text_class: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.all_text: list[str] = []
        self.open: list[str] = []
        self._class = text_class
        self._depth: int | None = None
        self.unbalanced: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "br":
            if self._depth is not None:
                self.texts[-1] += "\n"
            return
        if tag in VOID:
            return
        self.open.append(tag)
        if self._class and self._class in (attributes.get("class") or "").split():
            self._depth = len(self.open)
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.unbalanced.append(tag)
            return
        if self._depth == len(self.open):
            self._depth = None
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.all_text.append(data)
        if self._depth is not None:
            self.texts[-1] += data

    @property
    def text(self) -> str:
        """Every text of the page, joined."""
        return "".join(self.all_text)

    def problems(self) -> list[str]:
        """What a self-contained, inert page must not have: each problem, described."""
        found = [f"unclosed or stray element {tag}" for tag in self.unbalanced]
        found += [f"unclosed element {tag}" for tag in self.open]
        for tag, attributes in self.tags:
            if tag in FORBIDDEN_TAGS:
                found.append(f"element {tag}")
            for name, value in attributes.items():
                if name.startswith("on"):
                    found.append(f"event handler {name} on {tag}")
                if name in ("src", "srcset", "background", "action", "formaction", "poster"):
                    found.append(f"resource attribute {name} on {tag}")
                if name == "style" and value and ("url(" in value or "@import" in value):
                    found.append(f"style fetching a resource on {tag}")
                if name == "href":
                    scheme = urlsplit(value or "").scheme
                    if scheme not in ("http", "https") or tag != "a":
                        found.append(f"href {value!r} on {tag}")
                if tag == "meta" and name == "http-equiv":
                    found.append("meta http-equiv")
        return found
