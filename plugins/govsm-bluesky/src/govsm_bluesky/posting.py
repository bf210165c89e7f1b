"""A message as an ``app.bsky.feed.post`` record: text, languages, facets, images, reply.

What each part is, in the lexicons the PDS validates the record against:

* ``text``: at most 300 graphemes and 3000 UTF-8 bytes (``app.bsky.feed.post``);
* ``createdAt``: when it was written, an RFC 3339 datetime;
* ``langs``: at most 3 BCP 47 tags; the adapter sends the message's primary language subtag
  (``ca`` for ``ca-valencia``), as Bluesky's app does;
* ``facets``: see :mod:`govsm_bluesky.facets`;
* ``embed``: ``app.bsky.embed.images`` with at most 4 images, each a blob (``image/*``, at most
  2,000,000 bytes) with its ``alt`` text (a string with no length limit) and ``aspectRatio``
  (width and height, integers of at least 1);
* ``reply``: strong references (URI and CID) to the thread's first post (``root``) and to the
  post it answers (``parent``).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from PIL import Image, UnidentifiedImageError

Record = dict[str, Any]
"""A record, as JSON."""

POST_TYPE = "app.bsky.feed.post"
IMAGES_TYPE = "app.bsky.embed.images"
MAX_LANGS = 3


def timestamp(moment: datetime) -> str:
    """``moment`` in UTC as the lexicons write datetimes, to the millisecond.

    >>> timestamp(datetime(2026, 11, 20, 9, 30, 5, 123456, tzinfo=UTC))
    '2026-11-20T09:30:05.123Z'
    """
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def langs(language: str | None) -> list[str]:
    """The ``langs`` of a message written in ``language`` (its primary subtag), or none.

    >>> langs("ca-valencia"), langs("es"), langs(None)
    (['ca'], ['es'], [])
    """
    if not language:
        return []
    primary = language.split("-", 1)[0].lower()
    return [primary] if primary.isascii() and primary.isalpha() else []


def aspect_ratio(data: bytes) -> dict[str, int] | None:
    """The width and height of an image, or ``None`` when Pillow cannot read its header."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    if width < 1 or height < 1:
        return None
    return {"width": int(width), "height": int(height)}


def image(blob: Mapping[str, Any], alt: str | None, data: bytes) -> Record:
    """One ``app.bsky.embed.images#image``: the uploaded blob, its alt text, its shape.

    :param blob: the ``blob`` that ``com.atproto.repo.uploadBlob`` answered.
    :param alt: the alt text (an empty string when there is none: the lexicon requires one).
    :param data: the image's bytes, to read its size.
    """
    entry: Record = {"$type": f"{IMAGES_TYPE}#image", "image": dict(blob), "alt": alt or ""}
    ratio = aspect_ratio(data)
    if ratio is not None:
        entry["aspectRatio"] = ratio
    return entry


def strong_ref(uri: str, cid: str) -> dict[str, str]:
    """A ``com.atproto.repo.strongRef``: a record's URI and the CID of its content."""
    return {"uri": uri, "cid": cid}


def reply_refs(parent_uri: str, parent_cid: str, parent: Mapping[str, Any]) -> Record:
    """The ``reply`` of a post answering the record ``parent``.

    Its ``root`` is the parent's own root when the parent is itself a reply, else the parent.

    >>> first = {"text": "1/3"}
    >>> reply_refs("at://d/p/1", "c1", first)["root"]["uri"]
    'at://d/p/1'
    >>> second = {"text": "2/3", "reply": reply_refs("at://d/p/1", "c1", first)}
    >>> third = reply_refs("at://d/p/2", "c2", second)
    >>> third["root"]["uri"], third["parent"]["uri"]
    ('at://d/p/1', 'at://d/p/2')
    """
    parent_ref = strong_ref(parent_uri, parent_cid)
    root: Any = (parent.get("reply") or {}).get("root")
    if isinstance(root, Mapping) and isinstance(root.get("uri"), str):
        root_ref = strong_ref(str(root["uri"]), str(root.get("cid", "")))
    else:
        root_ref = parent_ref
    return {"root": root_ref, "parent": parent_ref}


def post(
    text: str,
    created_at: datetime,
    *,
    languages: Sequence[str] = (),
    facets: Sequence[Mapping[str, Any]] = (),
    images: Sequence[Mapping[str, Any]] = (),
    reply: Mapping[str, Any] | None = None,
) -> Record:
    """The ``app.bsky.feed.post`` record of a message.

    >>> record = post("Bon dia", datetime(2026, 11, 20, 9, tzinfo=UTC), languages=["ca"])
    >>> record["$type"], record["createdAt"], record["langs"]
    ('app.bsky.feed.post', '2026-11-20T09:00:00.000Z', ['ca'])
    """
    record: Record = {"$type": POST_TYPE, "text": text, "createdAt": timestamp(created_at)}
    if languages:
        record["langs"] = list(languages)[:MAX_LANGS]
    if facets:
        record["facets"] = [dict(facet) for facet in facets]
    if images:
        record["embed"] = {"$type": IMAGES_TYPE, "images": [dict(entry) for entry in images]}
    if reply is not None:
        record["reply"] = dict(reply)
    return record
