r"""One item of an Instagram export's posts, reels or stories as a govsm message.

A post (``posts_<n>.json``) or a reel (``reels.json``'s ``ig_reels_media``) is an object with its
``media``, each ``{"uri": …, "creation_timestamp": …, "title": …}``. A post with one photo or
video keeps its caption in that medium's ``title``; a post with several (a carousel) keeps it in
its own ``title``, beside its own ``creation_timestamp``. A story (``stories.json``'s
``ig_stories``) is a single medium. The first exports (2018–2020) listed posts in ``media.json``
as ``{"caption": …, "taken_at": "2018-12-31T08:05:13", "path": …}``; ``taken_at`` has no
offset, and govsm reads it as UTC (an assumption: the format does not say).

What govsm makes of it:

* **text**: the caption, as written (the post's ``title``, else its first medium's);
* **media**: each medium (:mod:`govsm_meta_archive.media`; the export holds no alt text);
* **kind** ``post`` — posts, reels and stories alike; outbound, published at the post's
  ``creation_timestamp`` (else its first medium's). The export gives no address and no id
  (:mod:`govsm_meta_archive.message_ids`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from govsm.errors import ConfigError
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm_meta_archive.fields import moment, naive_utc, objects, text
from govsm_meta_archive.layout import StreamKind
from govsm_meta_archive.media import SizeOf, media_of
from govsm_meta_archive.message_ids import post_id

#: the scheme of an Instagram medium's location in the archive
SCHEME = "instagram-archive:"

_NAMES = {
    StreamKind.POSTS: "post",
    StreamKind.REELS: "reel",
    StreamKind.STORIES: "story",
    StreamKind.MEDIA_2018: "post",
}


def _refused(es: str, en: str) -> ConfigError:
    return ConfigError(es, en)


def _undated() -> ConfigError:
    return _refused(
        "no tiene una fecha «creation_timestamp» legible (segundos Unix entre 2004 y 2100)",
        "it has no readable 'creation_timestamp' (Unix seconds between 2004 and 2100)",
    )


def _parts(
    kind: StreamKind, data: Mapping[str, Any]
) -> tuple[datetime | None, str, list[Mapping[str, Any]]]:
    """The item's moment, caption and media records, by what the file holds."""
    if kind is StreamKind.STORIES:
        return moment(data.get("creation_timestamp")), text(data, "title") or "", [data]
    if kind is StreamKind.MEDIA_2018:
        return naive_utc(data.get("taken_at")), text(data, "caption") or "", [data]
    records = objects(data, "media")
    caption = text(data, "title") or next(
        (found for record in records if (found := text(record, "title"))), ""
    )
    published = moment(data.get("creation_timestamp"))
    if published is None and records:
        published = moment(records[0].get("creation_timestamp"))
    return published, caption, records


def post_message(
    data: Any, kind: StreamKind, *, organisation: str, profile: str, size_of: SizeOf
) -> Message:
    """The govsm message of one post, reel or story of an Instagram export.

    :param data: the item, parsed, with Meta's escaping undone.
    :param kind: the file it comes from (posts, reels, stories, or 2018's ``media.json``).
    :param organisation: the organisation's id.
    :param profile: the profile the export is of.
    :param size_of: the size of a file of the export by its path.
    :raises govsm.errors.GovsmError: it is not a post (an object with a moment), or has a value
        the model refuses (the reader names the item's place), or ``kind`` is not a file of
        Instagram posts.
    """
    name = _NAMES.get(kind)
    if name is None:  # comments are Facebook's: no Instagram file holds them
        raise _refused(
            f"un fichero de «{kind}» no tiene publicaciones de Instagram",
            f"a '{kind}' file holds no Instagram posts",
        )
    if not isinstance(data, dict):
        raise _refused("no es una publicación (un objeto JSON)", "is not a post (a JSON object)")
    published, caption, records = _parts(kind, data)
    if published is None:
        raise _undated()
    media = media_of(records, SCHEME, size_of)
    return Message(
        organisation=organisation,
        id=post_id(
            "instagram",
            name,
            published,
            [m.location.removeprefix(SCHEME) for m in media],
            caption,
        ),
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.PUBLISHED,
        text=caption,
        created_at=published,
        published_at=published,
        media=media,
    )
