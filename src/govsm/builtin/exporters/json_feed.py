"""Built-in plugin: ``json-feed``, what a profile, a unit or the organisation published, in JSON.

The same publications as the Atom feed (:mod:`~govsm.builtin.exporters.atom`), newest first, as
a `JSON Feed 1.1 <https://www.jsonfeed.org/version/1.1/>`_ document: each item has the
message's ``tag:`` URI as ``id``, its text exactly as written as ``content_text`` (JSON carries
every character), the post's address as ``url``, the first extra link as ``external_url``, its
own title when it has one (microblog posts have none), a content warning as ``summary``, the
profile as its author, ``date_published`` in RFC 3339 and its language. Attachments with a
public address and a known media type are ``attachments``, their description as ``title``.
The document is written item by item, so memory does not grow with the feed.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from govsm.builtin.exporters.feed_writing import public_media, rfc3339
from govsm.model import MediaKind
from govsm.spec.export_source import ExportItem, ExportSource, message_moment
from govsm.spec.exporter import Exporter
from govsm.spec.hookspecs import hookimpl

VERSION = "https://jsonfeed.org/version/1.1"


def write(source: ExportSource, out: BinaryIO) -> None:
    """Write the JSON Feed of ``source``'s publications to ``out``."""
    head: dict[str, Any] = {
        "version": VERSION,
        "title": source.title,
        "home_page_url": source.link,
        "description": f"Publicaciones de {source.title}",
        "language": source.language,
        "authors": [_author(source.organisation.name, source.organisation.website)],
    }
    opening = _dumps({k: v for k, v in head.items() if v is not None})
    out.write((opening[:-1] + ', "items": [').encode("utf-8"))
    separator = "\n"
    for item in source.published():
        out.write((separator + _dumps(_item(source, item))).encode("utf-8"))
        separator = ",\n"
    out.write(b"\n]}\n")


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def _author(name: str, url: str | None) -> dict[str, str]:
    return {"name": name, **({"url": url} if url else {})}


def _item(source: ExportSource, item: ExportItem) -> dict[str, Any]:
    message = item.message
    data: dict[str, Any] = {"id": source.message_id(message)}
    if item.url:
        data["url"] = item.url
    if message.links:
        data["external_url"] = message.links[0]
    if message.title:
        data["title"] = message.title
    data["content_text"] = message.text
    if message.content_warning:
        data["summary"] = message.content_warning
    media = [m for m in public_media(message) if m.mime_type]
    image = next((m for m in media if m.kind is MediaKind.IMAGE), None)
    if image is not None:
        data["image"] = image.location
    data["date_published"] = rfc3339(message_moment(message))
    profile = source.profile(message.profile)
    if profile is not None:
        data["authors"] = [_author(profile.name or profile.handle, profile.url)]
    if message.language:
        data["language"] = message.language
    if media:
        data["attachments"] = [
            {
                "url": m.location,
                "mime_type": m.mime_type,
                **({"title": m.alt_text} if m.alt_text else {}),
                **({"size_in_bytes": m.size} if m.size is not None else {}),
            }
            for m in media
        ]
    return data


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare the JSON Feed exporter."""
    return [
        Exporter(
            name="json-feed",
            description="JSON Feed 1.1 of what a profile, a unit or the organisation published",
            media_type="application/feed+json",
            export=write,
            extension=".json",
        )
    ]
