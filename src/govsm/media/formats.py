"""Media formats: their names, and how a MIME type, a file name or first bytes tell them."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

#: formats that are images; the others known here are videos
IMAGE_FORMATS = frozenset({"jpeg", "png", "gif", "webp", "heic", "avif", "tiff", "bmp", "svg"})
VIDEO_FORMATS = frozenset({"mp4", "mov", "webm", "mkv", "avi", "wmv", "flv", "3gp", "mpeg", "ogv"})

_EXTENSIONS = {
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jpe": "jpeg",
    ".jfif": "jpeg",
    ".png": "png",
    ".gif": "gif",
    ".webp": "webp",
    ".heic": "heic",
    ".heif": "heic",
    ".avif": "avif",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".bmp": "bmp",
    ".svg": "svg",
    ".mp4": "mp4",
    ".m4v": "mp4",
    ".mov": "mov",
    ".qt": "mov",
    ".webm": "webm",
    ".mkv": "mkv",
    ".avi": "avi",
    ".wmv": "wmv",
    ".flv": "flv",
    ".3gp": "3gp",
    ".mpg": "mpeg",
    ".mpeg": "mpeg",
    ".ogv": "ogv",
}

_MIME_TYPES = {
    "image/jpeg": "jpeg",
    "image/jpg": "jpeg",
    "image/pjpeg": "jpeg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/heic": "heic",
    "image/heif": "heic",
    "image/avif": "avif",
    "image/tiff": "tiff",
    "image/bmp": "bmp",
    "image/svg+xml": "svg",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "video/x-matroska": "mkv",
    "video/x-msvideo": "avi",
    "video/x-ms-wmv": "wmv",
    "video/x-flv": "flv",
    "video/3gpp": "3gp",
    "video/mpeg": "mpeg",
    "video/ogg": "ogv",
}

#: Pillow's format names, in govsm's words
PILLOW_FORMATS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
PILLOW_FORMATS |= {"TIFF": "tiff", "BMP": "bmp", "AVIF": "avif", "HEIF": "heic"}

_HEIC_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})

FORMAT_NAMES = {
    "jpeg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "webp": "WebP",
    "heic": "HEIC",
    "avif": "AVIF",
    "tiff": "TIFF",
    "bmp": "BMP",
    "svg": "SVG",
    "mp4": "MP4",
    "mov": "MOV",
    "webm": "WebM",
    "mkv": "MKV",
    "avi": "AVI",
    "wmv": "WMV",
    "flv": "FLV",
    "3gp": "3GP",
    "mpeg": "MPEG",
    "ogv": "Ogg",
}


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def is_remote(location: str) -> bool:
    """Whether ``location`` is a URL (``https://…``, ``data:…``) rather than a path."""
    match = _SCHEME.match(location)
    # "C:" is a Windows drive, not a scheme
    return match is not None and len(match.group()) > 2


def format_name(fmt: str) -> str:
    """A format as people write it (``jpeg`` → ``JPEG``)."""
    return FORMAT_NAMES.get(fmt, fmt.upper())


def format_from_mime(mime_type: str | None) -> str | None:
    """The format a MIME type names, if govsm knows it."""
    if not mime_type:
        return None
    return _MIME_TYPES.get(mime_type.split(";", 1)[0].strip().lower())


def format_from_location(location: str) -> str | None:
    """The format a path's or URL's extension suggests, if any."""
    path = urlsplit(location).path if is_remote(location) else location
    return _EXTENSIONS.get(PurePosixPath(unquote(path)).suffix.lower())


def sniff(head: bytes) -> str | None:
    """The format a file's first bytes show (``heic``, ``avif``…), if they show one."""
    """A video (or HEIC/AVIF) container's format from its first bytes."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"qt  ":
            return "mov"
        if brand in _HEIC_BRANDS:
            return "heic"
        if brand in _AVIF_BRANDS:
            return "avif"
        if brand.startswith(b"3g"):
            return "3gp"
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm" if b"webm" in head else "mkv"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "avi"
    if head.startswith(b"OggS"):
        return "ogv"
    if head.startswith(b"FLV"):
        return "flv"
    if head.startswith(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"):
        return "wmv"
    if head.startswith((b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3")):
        return "mpeg"
    return None
