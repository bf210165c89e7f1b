"""A post's images and video, as its record lists them, as govsm media.

A post's ``embed`` is one of (lexicons ``app.bsky.embed.*``):

* ``images``: up to four ``{"image": <blob>, "alt": "…", "aspectRatio": {…}}``;
* ``video``: ``{"video": <blob>, "alt": "…", "captions": [{"lang", "file"}…]}``;
* ``external``: a link's card (its ``uri``, title, description and thumbnail): a link, not a
  medium;
* ``record``: a quoted post (or a list, a feed…);
* ``recordWithMedia``: a quoted post (``record``) with images, a video or a card (``media``).

A blob is ``{"$type": "blob", "ref": <CID link>, "mimeType": "image/jpeg", "size": 123456}``
(older records: ``{"cid": "bafk…", "mimeType": …}``). The repository holds the reference, not
the file: the PDS serves it (``com.atproto.sync.getBlob?did=…&cid=…``), and the PDS's address
is in the account's DID document, not in the file. Each medium's ``location`` is therefore
``bluesky-blob:`` with the account's DID and the blob's CID
(``bluesky-blob:did:plc:…/bafkrei…``): an address govsm does not take for a file of the
workspace, which names the blob for good. ``aspectRatio`` is a ratio, not a size in pixels,
and is not kept as one.

>>> media_kind("image/png"), media_kind("video/mp4"), media_kind(None)
(<MediaKind.IMAGE: 'image'>, <MediaKind.VIDEO: 'video'>, <MediaKind.IMAGE: 'image'>)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import libipld

from govsm.model import Media, MediaKind
from govsm_bluesky_archive.fields import count, mapping, maps, text_field

#: the scheme of a medium's location
SCHEME = "bluesky-blob:"
#: the embed types
IMAGES = "app.bsky.embed.images"
VIDEO = "app.bsky.embed.video"
EXTERNAL = "app.bsky.embed.external"
RECORD = "app.bsky.embed.record"
RECORD_WITH_MEDIA = "app.bsky.embed.recordWithMedia"

_MIME = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")


def media_kind(mime: str | None, default: MediaKind = MediaKind.IMAGE) -> MediaKind:
    """The kind of a medium by its MIME type (``default`` when it has none, or another)."""
    if mime is None:
        return default
    if mime == "image/gif":
        return MediaKind.GIF
    return {"image": MediaKind.IMAGE, "video": MediaKind.VIDEO}.get(mime.split("/", 1)[0], default)


def blob_cid(blob: Any) -> str | None:
    """The CID of a blob, as text (``bafkrei…``): from its ``ref`` link, or an older ``cid``."""
    if not isinstance(blob, dict):
        return None
    ref = blob.get("ref")
    legacy = blob.get("cid")
    try:
        if isinstance(ref, bytes):
            return libipld.encode_cid(ref)
        if isinstance(legacy, str) and len(legacy) < 200:
            libipld.decode_cid(legacy)
            return legacy
    except (ValueError, OverflowError):
        return None
    return None


def _medium(blob: Any, alt: str | None, did: str, default: MediaKind, **extra: Any) -> Media | None:
    cid = blob_cid(blob)
    if cid is None:
        return None
    mime = text_field(blob, "mimeType") if isinstance(blob, dict) else None
    mime = mime.lower() if mime is not None and _MIME.fullmatch(mime.lower()) else None
    size = count(blob.get("size")) if isinstance(blob, dict) else None
    return Media(
        kind=media_kind(mime, default),
        location=f"{SCHEME}{did}/{cid}",
        alt_text=(alt.strip() or None) if alt is not None else None,
        mime_type=mime,
        size=size,
        **extra,
    )


def _of(embed: Mapping[str, Any], did: str) -> list[Media]:
    kind = embed.get("$type")
    found: list[Media] = []
    if kind == IMAGES:
        for entry in maps(embed, "images"):
            medium = _medium(entry.get("image"), text_field(entry, "alt"), did, MediaKind.IMAGE)
            if medium is not None:
                found.append(medium)
    elif kind == VIDEO:
        captions = bool(maps(embed, "captions"))
        medium = _medium(
            embed.get("video"), text_field(embed, "alt"), did, MediaKind.VIDEO, captions=captions
        )
        if medium is not None:
            found.append(medium)
    return found


def attachments(record: Mapping[str, Any], did: str) -> tuple[Media, ...]:
    """The images or the video of a post, in order, with their alt texts.

    :param record: the post's record.
    :param did: the account whose repository holds it (and whose PDS holds the blobs).
    """
    embed = mapping(record, "embed")
    if embed.get("$type") == RECORD_WITH_MEDIA:
        embed = mapping(embed, "media")
    found: list[Media] = []
    for medium in _of(embed, did):
        if all(medium.location != other.location for other in found):
            found.append(medium)
    return tuple(found)
