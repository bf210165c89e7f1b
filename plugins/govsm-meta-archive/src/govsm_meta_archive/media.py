r"""A post's photos and videos, as Meta's export lists them, as govsm media.

Each medium of a post is an object with ``uri`` — the file's path in the export
(``your_facebook_activity/posts/media/Fotos_1234/567.jpg``, ``media/posts/202405/890.jpg``),
where the file is — ``creation_timestamp``, and on Facebook ``title`` (the album) and
``description`` (the caption the author gave the photo, shown under it to everyone). Neither
network's export holds a medium's alt text (the text screen readers read): imported media
have none, whatever the post had on the network.

The public address of a file is not in the export. Each medium's ``location`` is therefore
``facebook-archive:`` (or ``instagram-archive:``) and the file's path in the export: an address
govsm does not take for a file of the workspace, which names the file in the archive; ``size``
is the file's size there, when it is there. The kind is told by the file's extension.

>>> medium_kind("media/posts/202405/890.mp4"), medium_kind("a/b.JPG"), medium_kind("x.pdf")
(<MediaKind.VIDEO: 'video'>, <MediaKind.IMAGE: 'image'>, <MediaKind.DOCUMENT: 'document'>)
>>> export_path("your_facebook_activity/posts/media/Fotos_1/2.jpg")
'your_facebook_activity/posts/media/Fotos_1/2.jpg'
>>> export_path("../../etc/passwd"), export_path("C:/x.jpg"), export_path("/etc/x.jpg")
(None, None, None)
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from govsm.model import Media, MediaKind
from govsm_meta_archive.fields import clean_address, text

#: the size of a file of the archive by its path in the export (``None`` when it is not there)
SizeOf = Callable[[str], int | None]

_KINDS = {
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".bmp"), MediaKind.IMAGE),
    **dict.fromkeys((".mp4", ".mov", ".m4v", ".webm", ".3gp", ".avi"), MediaKind.VIDEO),
    ".gif": MediaKind.GIF,
    **dict.fromkeys((".mp3", ".m4a", ".aac", ".wav", ".ogg"), MediaKind.AUDIO),
}
_MIME = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".gif": "image/gif",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
}


def _suffix(path: str) -> str:
    return posixpath.splitext(path)[1].lower()


def medium_kind(path: str) -> MediaKind:
    """The kind of a file by its extension (a document when it is none govsm knows)."""
    return _KINDS.get(_suffix(path), MediaKind.DOCUMENT)


def export_path(uri: str) -> str | None:
    """The file's path in the export for a medium's ``uri``; ``None`` for no path of it.

    A path leading out of the export (``..``), absolute, or with a backslash or a colon (a
    drive, a scheme) is none, and so is one with hidden or control characters.
    """
    path = clean_address(uri, limit=1024)
    if path is None or path.startswith("/") or "\\" in path or ":" in path:
        return None
    if any(part in ("", ".", "..") for part in path.split("/")):
        return None
    return path


def medium(record: Mapping[str, Any], scheme: str, size_of: SizeOf) -> Media | None:
    """The medium of one of Meta's media records; ``None`` when it names no file of the export.

    :param record: the record (``{"uri": …, "creation_timestamp": …, …}``).
    :param scheme: the location's scheme (``facebook-archive:``).
    :param size_of: the size of a file of the export by its path.
    """
    uri = text(record, "uri") or text(record, "path")
    path = export_path(uri) if uri else None
    if path is None:
        return None
    suffix = _suffix(path)
    return Media(
        kind=medium_kind(path),
        location=scheme + path,
        mime_type=_MIME.get(suffix),
        size=size_of(path),
    )


def media_of(
    records: Iterable[Mapping[str, Any]], scheme: str, size_of: SizeOf
) -> tuple[Media, ...]:
    """The media of ``records``, in order, each file once (records naming none left out)."""
    found: dict[str, Media] = {}
    for record in records:
        item = medium(record, scheme, size_of)
        if item is not None:
            found.setdefault(item.location, item)
    return tuple(found.values())
