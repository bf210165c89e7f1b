"""Built-in plugin: ``atom``, what a profile, a unit or the organisation published, as Atom 1.0.

An Atom feed (RFC 4287) of the organisation's public posts, replies and quotes
(:meth:`~govsm.spec.export_source.ExportSource.published`), newest first. Each entry's ``id`` is the
message's ``tag:`` URI (:meth:`~govsm.spec.export_source.ExportSource.message_id`), which does not
change when the message's address does; its ``link`` is the post's public address when known.
The text is the entry's ``content``, as plain text (``type="text"``), exactly as written but for
the characters XML cannot carry (see :mod:`~govsm.builtin.exporters.feed_writing`); a content
warning is its ``summary``; attachments with a public address are ``enclosure`` links, their
description as the link's ``title``. Dates are RFC 3339, in UTC; the feed's ``updated`` is its
newest entry's.

``govsm audit`` writes the organisation's newest :data:`REPORT_ENTRIES` posts into the report
folder as ``feed.atom``.
"""

from __future__ import annotations

from itertools import chain
from typing import BinaryIO

from govsm._version import __version__
from govsm.builtin.exporters.feed_writing import XmlWriter, headline, public_media, rfc3339
from govsm.spec.export_source import ExportItem, ExportSource, message_moment
from govsm.spec.exporter import Exporter, InReport
from govsm.spec.hookspecs import hookimpl

NAMESPACE = "http://www.w3.org/2005/Atom"

#: the posts the audit's ``feed.atom`` holds
REPORT_ENTRIES = 100


def write(source: ExportSource, out: BinaryIO) -> None:
    """Write the Atom feed of ``source``'s publications to ``out``."""
    items = source.published()
    first = next(items, None)
    updated = message_moment(first.message) if first is not None else source.generated_at
    xml = XmlWriter(out)
    xml.declaration()
    xml.start("feed", {"xmlns": NAMESPACE, "xml:lang": source.language})
    xml.leaf("id", source.feed_id)
    xml.leaf("title", source.title, {"type": "text"})
    xml.leaf("updated", rfc3339(updated))
    if source.link:
        xml.empty("link", {"rel": "alternate", "type": "text/html", "href": source.link})
    xml.start("author")
    xml.leaf("name", source.organisation.name)
    xml.leaf("uri", source.organisation.website)
    xml.end("author")
    xml.leaf("generator", "govsm", {"version": __version__})
    for item in chain([first] if first is not None else [], items):
        _entry(xml, source, item)
        xml.flush()
    xml.end("feed")
    xml.close()


def _entry(xml: XmlWriter, source: ExportSource, item: ExportItem) -> None:
    message = item.message
    when = rfc3339(message_moment(message))
    xml.start("entry", {"xml:lang": message.language})
    xml.leaf("id", source.message_id(message))
    xml.leaf("title", headline(message), {"type": "text"})
    xml.leaf("published", when)
    xml.leaf("updated", when)
    profile = source.profile(message.profile)
    if profile is not None:
        xml.start("author")
        xml.leaf("name", profile.name or profile.handle)
        xml.leaf("uri", profile.url)
        xml.end("author")
    if item.url:
        xml.empty("link", {"rel": "alternate", "type": "text/html", "href": item.url})
    for link in message.links:
        xml.empty("link", {"rel": "related", "href": link})
    for media in public_media(message):
        xml.empty(
            "link",
            {
                "rel": "enclosure",
                "href": media.location,
                "type": media.mime_type,
                "length": str(media.size) if media.size is not None else None,
                "title": media.alt_text,
            },
        )
    xml.leaf("summary", message.content_warning, {"type": "text"})
    xml.leaf("content", message.text, {"type": "text"})
    xml.end("entry")


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare the Atom exporter."""
    return [
        Exporter(
            name="atom",
            description="Atom 1.0 feed of what a profile, a unit or the organisation published",
            media_type="application/atom+xml",
            export=write,
            extension=".atom",
            in_report=InReport("feed.atom", limit=REPORT_ENTRIES),
        )
    ]
