"""Built-in plugin: ``rss``, what a profile, a unit or the organisation published, as RSS 2.0.

The same publications as the Atom feed (:mod:`~govsm.builtin.exporters.atom`), newest first,
for readers and portals that take RSS 2.0 only. Each item's ``guid`` is the message's ``tag:``
URI (``isPermaLink="false"``) and its ``link`` the post's public address when known; its
``description`` is the text as HTML (escaped, paragraphs and line breaks kept), its ``title`` the
message's title or first line. RSS allows one ``enclosure`` per item: the first attachment with
a public address and a known media type. Dates are RFC 822 (four-digit years, GMT); the channel's
``pubDate`` is its newest item's, its ``lastBuildDate`` the moment of the export.
"""

from __future__ import annotations

from itertools import chain
from typing import BinaryIO

from govsm._version import __version__
from govsm.builtin.exporters.feed_writing import (
    XmlWriter,
    headline,
    public_media,
    rfc822,
    text_html,
)
from govsm.spec.export_source import ExportItem, ExportSource, message_moment
from govsm.spec.exporter import Exporter
from govsm.spec.hookspecs import hookimpl

#: where the format is specified (the channel's ``docs``)
DOCS = "https://www.rssboard.org/rss-specification"


def write(source: ExportSource, out: BinaryIO) -> None:
    """Write the RSS 2.0 feed of ``source``'s publications to ``out``."""
    items = source.published()
    first = next(items, None)
    xml = XmlWriter(out)
    xml.declaration()
    xml.start("rss", {"version": "2.0"})
    xml.start("channel")
    xml.leaf("title", source.title)
    xml.leaf("link", source.link)
    xml.leaf("description", _description(source))
    xml.leaf("language", source.language)
    if first is not None:
        xml.leaf("pubDate", rfc822(message_moment(first.message)))
    xml.leaf("lastBuildDate", rfc822(source.generated_at))
    xml.leaf("generator", f"govsm {__version__}")
    xml.leaf("docs", DOCS)
    for item in chain([first] if first is not None else [], items):
        _item(xml, source, item)
        xml.flush()
    xml.end("channel")
    xml.end("rss")
    xml.close()


def _description(source: ExportSource) -> str:
    return f"Publicaciones de {source.title}"


def _item(xml: XmlWriter, source: ExportSource, item: ExportItem) -> None:
    message = item.message
    xml.start("item")
    xml.leaf("title", headline(message))
    xml.leaf("link", item.url)
    xml.leaf("description", text_html(message.text))
    xml.leaf("guid", source.message_id(message), {"isPermaLink": "false"})
    xml.leaf("pubDate", rfc822(message_moment(message)))
    for media in public_media(message):
        if media.mime_type is not None:
            xml.empty(
                "enclosure",
                {"url": media.location, "length": str(media.size or 0), "type": media.mime_type},
            )
            break
    xml.end("item")


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare the RSS exporter."""
    return [
        Exporter(
            name="rss",
            description="RSS 2.0 feed of what a profile, a unit or the organisation published",
            media_type="application/rss+xml",
            export=write,
            extension=".rss",
        )
    ]
