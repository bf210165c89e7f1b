"""Built-in plugin: ``activity-streams``, what was published, as ActivityStreams 2.0.

An ``OrderedCollection`` (newest first, as ActivityPub presents an outbox) of ``Create``
activities, one per public post, reply or quote, each creating a ``Note``: the shape a
fediverse server or an archive tool reads. The note's ``id`` is the message's ``tag:`` URI (the
activity's is the same with ``#create``), its ``url`` the post's public address when known, its
``content`` the text as HTML and its ``source`` the text exactly as written
(``text/plain``); a content warning is its ``summary`` (and the note is ``sensitive``); its
language gives a ``contentMap``; attachments with a public address are ``Image``, ``Video``,
``Audio`` or ``Document`` objects with their description as ``name``. The actor is the profile
(its public address). Every activity is addressed to the public collection. ``totalItems`` is
counted before the items are written, one by one, so memory does not grow with the collection.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from govsm.builtin.exporters.feed_writing import public_media, rfc3339, text_html
from govsm.model import Media, MediaKind
from govsm.spec.export_source import ExportItem, ExportSource, message_moment
from govsm.spec.exporter import Exporter
from govsm.spec.hookspecs import hookimpl

CONTEXT = "https://www.w3.org/ns/activitystreams"

#: the collection every public activity is addressed to
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"

_TYPES = {
    MediaKind.IMAGE: "Image",
    MediaKind.GIF: "Image",
    MediaKind.VIDEO: "Video",
    MediaKind.AUDIO: "Audio",
    MediaKind.DOCUMENT: "Document",
}


def write(source: ExportSource, out: BinaryIO) -> None:
    """Write ``source``'s publications as an ActivityStreams ``OrderedCollection`` to ``out``."""
    head: dict[str, Any] = {
        "@context": CONTEXT,
        "id": source.feed_id,
        "type": "OrderedCollection",
        "name": source.title,
        "totalItems": source.published_total(),
    }
    if source.link:
        head["url"] = source.link
    opening = _dumps(head)
    out.write((opening[:-1] + ', "orderedItems": [').encode("utf-8"))
    separator = "\n"
    for item in source.published():
        out.write((separator + _dumps(_activity(source, item))).encode("utf-8"))
        separator = ",\n"
    out.write(b"\n]}\n")


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def _activity(source: ExportSource, item: ExportItem) -> dict[str, Any]:
    message = item.message
    ident = source.message_id(message)
    when = rfc3339(message_moment(message))
    profile = source.profile(message.profile)
    actor = source.profile_uri(profile) if profile is not None else source.feed_id
    content = text_html(message.text)
    note: dict[str, Any] = {
        "id": ident,
        "type": "Note",
        "attributedTo": actor,
        "published": when,
        "to": [PUBLIC],
        "content": content,
        "source": {"content": message.text, "mediaType": "text/plain"},
    }
    if message.language:
        note["contentMap"] = {message.language: content}
    if message.content_warning:
        note["summary"] = message.content_warning
        note["sensitive"] = True
    if item.url:
        note["url"] = item.url
    attachments = [_attachment(media) for media in public_media(message)]
    if attachments:
        note["attachment"] = attachments
    return {
        "id": f"{ident}#create",
        "type": "Create",
        "actor": actor,
        "published": when,
        "to": [PUBLIC],
        "object": note,
    }


def _attachment(media: Media) -> dict[str, Any]:
    data: dict[str, Any] = {"type": _TYPES[media.kind], "url": media.location}
    if media.mime_type:
        data["mediaType"] = media.mime_type
    if media.alt_text:
        data["name"] = media.alt_text
    if media.width:
        data["width"] = media.width
    if media.height:
        data["height"] = media.height
    return data


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare the ActivityStreams exporter."""
    return [
        Exporter(
            name="activity-streams",
            description="ActivityStreams 2.0 collection of Create/Note activities of what "
            "was published",
            media_type="application/activity+json",
            export=write,
            extension=".json",
        )
    ]
