"""Reading a local media file: its size, format and dimensions, never raising."""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

from attrs import frozen

from govsm.media.formats import PILLOW_FORMATS, sniff

#: images with more pixels than this are measured from their header but not decoded
MAX_DECODE_PIXELS = 60_000_000


@frozen
class MediaProbe:
    """What govsm could read from a media file.

    :param path: the file.
    :param problem: ``None`` when it was read, else ``missing``, ``unreadable``, ``not-media``
        (not an image or video govsm recognises) or ``broken`` (truncated or corrupt).
    :param detail: what the reader said, for people.
    :param size: its size in bytes.
    :param format: its format (``jpeg``, ``mp4``…), when recognised.
    :param width: in pixels, as displayed (EXIF rotation applied), when known.
    :param height: in pixels, likewise.
    """

    path: Path
    problem: str | None = None
    detail: str = ""
    size: int | None = None
    format: str | None = None
    width: int | None = None
    height: int | None = None


def probe_file(path: Path) -> MediaProbe:
    """Read a media file's size, format and dimensions; never raises.

    Images are opened with Pillow and decoded (JPEG at reduced scale, which still reads the
    whole stream) so that a truncated or corrupt file is reported; videos are recognised by
    their container's first bytes and not decoded. Results are cached while the file's size and
    modification time stay the same.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        return MediaProbe(path, "missing", "no such file")
    except OSError as exc:
        return MediaProbe(path, "unreadable", exc.strerror or type(exc).__name__)
    if not path.is_file():
        return MediaProbe(path, "unreadable", "not a regular file")
    return _probe_cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=2048)
def _probe_cached(path: Path, mtime_ns: int, size: int) -> MediaProbe:
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError as exc:
        return MediaProbe(path, "unreadable", exc.strerror or type(exc).__name__, size=size)
    sniffed = sniff(head)
    if sniffed is not None and sniffed not in ("heic", "avif"):
        return MediaProbe(path, size=size, format=sniffed)
    return _probe_image(path, size, sniffed)


def _probe_image(path: Path, size: int, sniffed: str | None) -> MediaProbe:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning: handled below
            with Image.open(path) as image:
                fmt = PILLOW_FORMATS.get(image.format or "", (image.format or "").lower())
                width, height = image.size
                if _rotated(image):
                    width, height = height, width
                if width * height <= MAX_DECODE_PIXELS:
                    if image.format in ("JPEG", "MPO"):
                        image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    image.load()
    except UnidentifiedImageError:
        if sniffed is not None:  # HEIC/AVIF without a Pillow plugin: recognised, not measured
            return MediaProbe(path, size=size, format=sniffed)
        return MediaProbe(path, "not-media", "not an image or a video govsm recognises", size)
    except Image.DecompressionBombError:
        return MediaProbe(path, size=size, format=sniffed)
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        return MediaProbe(path, "broken", str(exc) or type(exc).__name__, size=size)
    except Exception as exc:  # a broken file must never stop a check
        return MediaProbe(path, "broken", f"{type(exc).__name__}: {exc}", size=size)
    return MediaProbe(path, size=size, format=fmt, width=width, height=height)


def _rotated(image: object) -> bool:
    """Whether EXIF says the image is displayed turned by 90 degrees."""
    try:
        exif = image.getexif()  # type: ignore[attr-defined]
        return int(exif.get(0x0112, 1)) in (5, 6, 7, 8)
    except Exception:
        return False


def local_path(location: str, root: Path) -> Path | None:
    """``location`` inside ``root``; ``None`` when it points outside the workspace."""
    try:
        base = root.resolve()
        path = (base / location).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    return path if path == base or path.is_relative_to(base) else None
