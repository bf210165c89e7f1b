r"""A status's attachments, as the archive lists them, as govsm media.

Each of a Note's ``attachment`` is a ``Document`` (``ActivityPub::NoteSerializer`` in Mastodon's
source) with ``mediaType`` (``image/jpeg``, ``video/mp4``…), ``url``, ``name`` — the description
the author wrote, read out by screen readers: the alt text — and, when known, ``width`` and
``height``. In the archive, ``url`` is not the file's public address: Mastodon keeps only its
path, less the ``/system/`` of a server that stores media itself
(``media_attachments/files/112/001/…/original/3f2a.jpg``), and puts the file at that path in the
archive. A server that keeps media elsewhere (object storage) leaves a leading ``/`` (and maybe
a bucket's name) before ``media_attachments/``; the file is still at ``media_attachments/…``.
A link's preview card is listed among the attachments too (a ``Link``): it is not one.

The public address of a file is not in the archive. Each medium's ``location`` is therefore
``mastodon-archive:`` and the file's path in the archive
(``mastodon-archive:media_attachments/files/…/original/3f2a.jpg``): an address govsm does not
take for a file of the workspace, which names the file in the archive; ``size`` is the file's
size there, when it is there.

>>> media_kind("image/png"), media_kind("video/mp4"), media_kind("application/pdf")
(<MediaKind.IMAGE: 'image'>, <MediaKind.VIDEO: 'video'>, <MediaKind.DOCUMENT: 'document'>)
>>> archive_path("/media_attachments/files/1/original/a.jpg")
'media_attachments/files/1/original/a.jpg'
>>> archive_path("/bucket/media_attachments/files/1/original/a.jpg")
'media_attachments/files/1/original/a.jpg'
>>> archive_path("../../etc/passwd"), archive_path("C:/x.jpg"), archive_path("javascript:x")
(None, None, None)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from govsm.model import Media, MediaKind
from govsm_mastodon_archive.records import clean_address, objects, text_field, without_controls

#: the scheme of a medium's location in the archive
SCHEME = "mastodon-archive:"

#: the folder Mastodon puts the accounts' media in
_MEDIA_FOLDER = "media_attachments/"
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_MIME = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")
_KINDS = {"image": MediaKind.IMAGE, "video": MediaKind.VIDEO, "audio": MediaKind.AUDIO}
#: the types of an attachment that are media (a ``Link`` is a preview card)
_MEDIA_TYPES = frozenset({"Document", "Image", "Video", "Audio"})

#: the size of a file of the archive by its path (``None`` when it is not there)
SizeOf = Callable[[str], int | None]


def media_kind(media_type: str | None) -> MediaKind:
    """The kind of a medium by its MIME type (Mastodon's GIFs are videos: ``video/mp4``)."""
    if media_type is None:
        return MediaKind.DOCUMENT
    return _KINDS.get(media_type.split("/", 1)[0], MediaKind.DOCUMENT)


def archive_path(url: str) -> str | None:
    """Where the archive keeps the file an attachment's ``url`` names; ``None`` for no path.

    A path leading out of the archive (``..``), or with a backslash or a colon (a drive, a
    scheme), is none.
    """
    path = url.lstrip("/")
    at = path.find("/" + _MEDIA_FOLDER)
    if not path.startswith(_MEDIA_FOLDER) and at >= 0:
        path = path[at + 1 :]
    parts = path.split("/")
    if not path or "\\" in path or ":" in path or any(p in ("", ".", "..") for p in parts):
        return None
    return path


def _dimension(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 1_000_000:
        return value
    return None


def _medium(record: Mapping[str, Any], size_of: SizeOf) -> Media | None:
    url = clean_address(text_field(record, "url") or text_field(record, "href"))
    if url is None or record.get("type") not in _MEDIA_TYPES:
        return None
    mime = text_field(record, "mediaType")
    mime = mime.lower() if mime is not None and _MIME.fullmatch(mime.lower()) else None
    size: int | None = None
    if _ABSOLUTE.match(url):
        location = url  # a server that wrote the address whole
    else:
        path = archive_path(url)
        if path is None:
            return None
        location = SCHEME + path
        size = size_of(path)
    alt = text_field(record, "name")
    alt = without_controls(alt).strip() if alt is not None else None
    return Media(
        kind=media_kind(mime),
        location=location,
        alt_text=alt or None,
        mime_type=mime,
        width=_dimension(record.get("width")),
        height=_dimension(record.get("height")),
        size=size,
    )


def attachments(note: Mapping[str, Any], size_of: SizeOf) -> tuple[Media, ...]:
    """The media of a Note's ``attachment``, in order (preview cards and unreadable ones left out).

    :param note: the Note.
    :param size_of: the size of a file of the archive by its path.
    """
    found: list[Media] = []
    seen: set[str] = set()
    for record in objects(note, "attachment"):
        medium = _medium(record, size_of)
        if medium is not None and medium.location not in seen:
            seen.add(medium.location)
            found.append(medium)
    return tuple(found)
