r"""Removing what an image's file says about its author, camera, place and time.

A photo from a phone or camera carries more than its pixels: EXIF (the GPS position, the
camera's make, model and serial number, the owner's name, the dates), XMP and IPTC (author,
captions, keywords, editing history), comments, thumbnails that may still show what was
cropped out, and vendors' private blocks. The Esquema Nacional de Seguridad asks that documents
be cleaned of such data before they are published (measure mp.info.5, *limpieza de
documentos*). :func:`clean` does it for JPEG, PNG, WebP, GIF and TIFF images, and
:func:`metadata_in` lists what metadata a file still holds, so a caller can prove that a file
was cleaned.

What is removed
    Every block that is not needed to draw the picture, chosen by an allowlist per format, so
    that what govsm does not know is removed too: JPEG ``APPn`` segments but ICC, Adobe and the
    JFIF header (whose thumbnail goes), ``COM`` segments, and whatever follows the end of the
    image (an MPO keeps its first picture only); PNG chunks other than those that draw the
    picture, its colours and its animation; WebP ``EXIF``, ``XMP`` and unknown chunks; GIF
    comment, plain text and application extensions but looping and ICC; TIFF tags other than
    those that describe the picture's coding and layout. :func:`metadata_in` names each one
    with one of :data:`KINDS`, or ``JPEG APPn``, ``PNG xxxx``, ``WebP xxxx``, ``GIF application
    xxxx``, ``GIF extension 0xNN`` or ``TIFF name`` for the blocks of no other kind.

What is kept
    The pixels, the animation (every frame, its duration, the loop count), transparency, the
    pixel aspect ratio and the **ICC colour profile** with the other colour chunks (PNG
    ``gAMA``, ``cHRM``, ``sRGB``, ``cICP``; the JPEG ``Adobe`` segment that says how the colours
    are coded). An ICC profile describes how a device renders colour, not a person or a place,
    and without it the colours change; :func:`metadata_in` does not list it, and
    :attr:`CleanedMedia.kept` says when one was kept. The alt text is not in the file: it is
    :attr:`Media.alt_text <govsm.model.Media.alt_text>`, and cleaning does not touch it.

Lossless where possible
    A JPEG, PNG, WebP or GIF is cleaned by copying its blocks and leaving out the metadata
    blocks: the coded picture data (JPEG scans, PNG ``IDAT`` and ``fdAT``, WebP ``VP8`` and
    ``VP8L``, GIF frames) are copied byte for byte, so the decoded pixels are exactly the
    original's. Two cases are decoded and encoded again instead (:attr:`CleanedMedia.reencoded`):

    * an EXIF ``Orientation`` other than 1 (a photo taken with the phone turned), in a JPEG,
      PNG or WebP. Viewers turn such a picture as they draw it, so once the EXIF is gone it
      would show sideways; the turn is applied to the pixels first, as Pillow's
      ``ImageOps.exif_transpose`` does. A JPEG is then written with its own quantisation
      tables (turned with the picture) and chroma subsampling (4:4:4 when a turned 4:2:2 would
      be 4:4:0, which Pillow cannot write): one more generation of JPEG loss at the original's
      quality, never a lossless turn. A lossy WebP is written at quality 90. A PNG and a
      lossless WebP keep every pixel value (but a PNG with 16 bits per colour channel is
      written with 8, as Pillow reads it), and the animation's frames and timing (Pillow
      merges identical consecutive frames into one that lasts as long).
    * every TIFF: its metadata are tags among the picture's own, so it is written again, page
      by page, with lossless compression (the original's when it was lossless, else Deflate),
      and keeps every pixel value.

Refused
    Videos, audio, documents and other image formats (HEIC, AVIF, SVG, BMP…) are not cleaned
    here. Empty, unrecognised, truncated or damaged files, and decompression bombs (more pixels
    than ``max_pixels`` in a frame or ``max_total_pixels`` in all, more than
    :data:`MAX_FRAMES` frames) are refused with a :class:`MediaError`, in Spanish and English,
    that names the file. Every frame is decoded, so that a damaged one is refused, but not
    before the sizes the file declares have been checked.

>>> metadata_in(b"GIF89a\1\0\1\0\0\0\0!\xfe\3hi!\0,\0\0\0\0\1\0\1\0\0\2\2D\1\0;")
('comment',)
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import field, frozen

from govsm.errors import ConfigError
from govsm.media.cleaning import _blocks
from govsm.media.cleaning._blocks import MediaError, Parsed
from govsm.media.cleaning._gif import parse_gif
from govsm.media.cleaning._jpeg import parse_jpeg
from govsm.media.cleaning._pillow import (
    PILLOW_NAMES,
    TURNED,
    check_pixels,
    orientation_of,
    pillow_errors,
    reencode,
)
from govsm.media.cleaning._png import PNG_SIGNATURE, parse_png
from govsm.media.cleaning._tiff import parse_tiff
from govsm.media.cleaning._webp import parse_webp
from govsm.media.formats import format_name, sniff
from govsm.media.probe import MAX_DECODE_PIXELS
from govsm.reading.files import read_bytes

if TYPE_CHECKING:
    from PIL import Image

# the error is raised by every part of the package: it is shown, and documented, from here
MediaError.__module__ = __name__

__all__ = [
    "CLEANED_FORMATS",
    "ICC_PROFILE",
    "KINDS",
    "MAX_FRAMES",
    "MAX_PIXELS",
    "MAX_TOTAL_PIXELS",
    "MIME_TYPES",
    "CleanedMedia",
    "MediaError",
    "clean",
    "clean_file",
    "metadata_in",
]

#: the image formats :func:`clean` cleans, in govsm's names
CLEANED_FORMATS = ("jpeg", "png", "webp", "gif", "tiff")

#: the MIME type of each cleaned format
MIME_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
    "tiff": "image/tiff",
}

#: the most pixels one frame may have: more is refused as a possible decompression bomb
MAX_PIXELS = MAX_DECODE_PIXELS

#: the most pixels all the frames of an animation (or pages of a TIFF) may have together
MAX_TOTAL_PIXELS = 10 * MAX_DECODE_PIXELS

#: the most frames an animation, or pages a TIFF, may have
MAX_FRAMES = _blocks.MAX_FRAMES

#: the named kinds of metadata :func:`metadata_in` reports, besides per-format block names:
#: ``EXIF`` (camera, owner, dates, serial number, a thumbnail), ``GPS`` (the EXIF holds a
#: position; listed with ``EXIF``), ``XMP`` (Adobe's XML: author, captions, history), ``IPTC``
#: (press data: by-line, caption, keywords, place), ``Photoshop`` (other Photoshop resources),
#: ``comment``, ``thumbnail`` (a JFIF one), ``MPF`` (the index of an MPO's further pictures),
#: ``PNG text`` (text chunks), ``PNG tIME`` (the last change), ``GIF plain text`` (text to
#: draw over a frame, which browsers ignore) and ``trailing data`` (bytes after the image's
#: end: a further picture, a vendor's trailer)
KINDS = (
    "EXIF",
    "GPS",
    "XMP",
    "IPTC",
    "Photoshop",
    "comment",
    "thumbnail",
    "MPF",
    "PNG text",
    "PNG tIME",
    "GIF plain text",
    "trailing data",
)

#: what :attr:`CleanedMedia.kept` names when a colour profile was kept
ICC_PROFILE = _blocks.ICC_PROFILE


@frozen
class CleanedMedia:
    """An image without metadata.

    :param data: the cleaned file.
    :param mime_type: its MIME type (``image/jpeg``…), read from the data, not from the name.
    :param removed: the kinds of metadata found and removed, in the order found (see
        :func:`metadata_in`); empty when there were none.
    :param kept: what was kept that a reader might take for metadata: ``("ICC profile",)``
        when the file has a colour profile, else empty.
    :param reencoded: ``False`` when the picture data were copied byte for byte (the decoded
        pixels are the original's); ``True`` when the image was decoded and encoded again (an
        EXIF orientation to apply, or a TIFF).
    :param width: the width in pixels of the cleaned image (of its first frame or page).
    :param height: its height, likewise; width and height are swapped when an orientation
        turned the picture by 90 degrees.
    """

    data: bytes = field(repr=False)
    mime_type: str
    removed: tuple[str, ...]
    kept: tuple[str, ...] = ()
    reencoded: bool = False
    width: int = 0
    height: int = 0


def clean(
    data: bytes,
    *,
    name: str,
    max_pixels: int = MAX_PIXELS,
    max_total_pixels: int = MAX_TOTAL_PIXELS,
) -> CleanedMedia:
    """``data`` without metadata; see the module's description for what is removed and kept.

    :param data: a JPEG, PNG, WebP, GIF or TIFF file.
    :param name: how errors name the file (its path, or the attachment's location).
    :param max_pixels: the most pixels one frame may declare.
    :param max_total_pixels: the most pixels all frames (or pages) may declare together.
    :raises MediaError: when ``data`` is empty, is not an image in one of those formats, is
        truncated or damaged, or declares more pixels than allowed (a decompression bomb).
    """
    fmt = _image_format(data, name)
    parsed = _parse(data, fmt, name)
    from PIL import Image

    image: Image.Image | None = None
    try:
        with pillow_errors(fmt, name):
            image = Image.open(io.BytesIO(data), formats=[PILLOW_NAMES[fmt]])
            width, height = image.size
            declared = parsed.pixels or width * height * parsed.frames
            check_pixels(
                width * height, max_pixels, parsed.frames, declared, max_total_pixels, name
            )
            frames = 1 if fmt == "jpeg" else getattr(image, "n_frames", 1)
            total = 0
            for index in range(frames):  # every frame is decoded: a damaged one is refused
                image.seek(index)
                pixels = image.size[0] * image.size[1]
                total += pixels
                check_pixels(pixels, max_pixels, index + 1, total, max_total_pixels, name)
                image.load()
            image.seek(0)
            orientation = orientation_of(image) if fmt != "gif" else 1
        if fmt == "tiff" or orientation in TURNED:
            with pillow_errors(fmt, name, encoding=True):
                out, width, height = reencode(image, fmt, parsed, frames, orientation)
        else:
            assert parsed.stripped is not None  # every format but TIFF is stripped
            out = parsed.stripped
    finally:
        if image is not None:
            image.close()
    left = _parse(out, fmt, name)
    if left.found:
        shown = ", ".join(left.found)
        raise MediaError(
            f"quedan metadatos después de limpiar ({shown}): es un fallo de govsm",
            f"metadata remain after cleaning ({shown}): this is a bug in govsm",
            where=name,
        )
    return CleanedMedia(
        data=out,
        mime_type=MIME_TYPES[fmt],
        removed=parsed.found,
        kept=left.kept,
        reencoded=out is not parsed.stripped,
        width=width,
        height=height,
    )


def clean_file(
    path: Path,
    *,
    limit_bytes: int,
    max_pixels: int = MAX_PIXELS,
    max_total_pixels: int = MAX_TOTAL_PIXELS,
) -> CleanedMedia:
    """The file at ``path`` without metadata (see :func:`clean`); the file is not changed.

    :param limit_bytes: the largest file read; a larger one is refused after reading just past
        the limit.
    :raises MediaError: when the file cannot be read or is larger than ``limit_bytes``, and
        for every reason :func:`clean` gives.
    """
    try:
        data = read_bytes(path, limit=limit_bytes)
    except ConfigError as exc:
        raise MediaError(exc.es, exc.en, where=exc.where) from None
    return clean(data, name=str(path), max_pixels=max_pixels, max_total_pixels=max_total_pixels)


def metadata_in(data: bytes, *, name: str | None = None) -> tuple[str, ...]:
    """The kinds of metadata ``data`` holds, in the order found; ``()`` when it holds none.

    The file's structure is read without decoding the picture; every block outside the
    format's allowlist counts (see :data:`KINDS`). A kept ICC profile is not listed. For a
    file :func:`clean` returned it is always ``()``.

    :param name: how errors name the file.
    :raises MediaError: when ``data`` is not a JPEG, PNG, WebP, GIF or TIFF file, or its
        structure is truncated or damaged.
    """
    where = name or "media"
    return _parse(data, _image_format(data, where), where).found


# -- Recognising the format --------------------------------------------------------------------

_OTHER_IMAGES = (
    (b"BM", "bmp"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"8BPS", "PSD"),
    (b"\xff\x0a", "JPEG XL"),
    (b"\x00\x00\x00\x0cJXL ", "JPEG XL"),
)
_OTHER_FILES = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP (Office, OpenDocument)"),
    (b"ID3", "MP3"),
    (b"fLaC", "FLAC"),
)


def _image_format(data: bytes, name: str) -> str:
    """The cleaned format ``data`` is, from its first bytes."""
    if not data:
        raise MediaError("el archivo está vacío", "the file is empty", where=name)
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "tiff"
    names = [format_name(fmt) for fmt in CLEANED_FORMATS]
    formats_es = f"{', '.join(names[:-1])} o {names[-1]}"
    formats_en = f"{', '.join(names[:-1])} or {names[-1]}"
    other = sniff(data[:64])
    image = next((fmt for magic, fmt in _OTHER_IMAGES if data.startswith(magic)), None)
    if other in ("heic", "avif") or image is not None or _looks_like_svg(data[:512]):
        shown = format_name(other or image or "svg")
        raise MediaError(
            f"la imagen es {shown}: solo se limpian imágenes {formats_es}; conviértala a uno de "
            "esos formatos",
            f"the image is in {shown} format: only {formats_en} images are cleaned; convert it "
            "to one of those formats",
            where=name,
        )
    document = next((fmt for magic, fmt in _OTHER_FILES if data.startswith(magic)), None)
    if other is not None or document is not None:
        shown = format_name(other) if other is not None else str(document)
        raise MediaError(
            f"el archivo es {shown}: no se limpian los metadatos de vídeos, audios ni "
            f"documentos, solo de imágenes {formats_es}",
            f"the file is in {shown} format: metadata are not removed from videos, audio or "
            f"documents, only from {formats_en} images",
            where=name,
        )
    raise MediaError(
        f"no es una imagen que govsm sepa limpiar ({formats_es})",
        f"it is not an image govsm can clean ({formats_en})",
        where=name,
    )


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<svg", b"<?xml")) and b"<svg" in text


def _parse(data: bytes, fmt: str, name: str) -> Parsed:
    parser = {
        "jpeg": parse_jpeg,
        "png": parse_png,
        "gif": parse_gif,
        "webp": parse_webp,
        "tiff": parse_tiff,
    }[fmt]
    return parser(data, name)
