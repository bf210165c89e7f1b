"""Decoding with Pillow, safely, and encoding again: upright, with pixels and colours only."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from govsm.errors import GovsmError
from govsm.media.cleaning._blocks import MAX_FRAMES, MediaError, Parsed
from govsm.media.formats import format_name

if TYPE_CHECKING:
    from PIL import Image

PILLOW_NAMES = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF", "tiff": "TIFF"}
_ORIENTATION = 0x0112
_SWAPS_AXES = frozenset({5, 6, 7, 8})


@contextmanager
def pillow_errors(fmt: str, name: str, *, encoding: bool = False) -> Iterator[None]:
    """Turn what Pillow raises or warns into a :class:`MediaError` naming the file.

    Pillow's decompression bomb warning is an error here; its other warnings (a corrupt EXIF,
    for one) are silenced, as what they concern is removed.
    """
    from PIL import Image, UnidentifiedImageError

    shown = format_name(fmt)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except GovsmError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        counted = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = f"{int(counted.group(1))} " if counted else ""
        raise MediaError(
            f"la imagen declara {pixels}píxeles, más de los que se descodifican sin riesgo "
            "(posible bomba de descompresión)",
            f"the image declares {pixels}pixels, more than can be decoded safely (a possible "
            "decompression bomb)",
            where=name,
        ) from None
    except Exception as exc:  # whatever Pillow raises on hostile data must not escape
        if isinstance(exc, UnidentifiedImageError):
            detail = "Pillow does not recognise it"
        else:
            detail = f"{type(exc).__name__}: {exc}"[:300]
        if encoding:
            raise MediaError(
                f"la imagen {shown} no se puede volver a codificar",
                f"the {shown} image cannot be encoded again ({detail})",
                where=name,
            ) from None
        raise MediaError(
            f"la imagen {shown} está cortada o dañada: no se puede descodificar",
            f"the {shown} image is truncated or damaged: it cannot be decoded ({detail})",
            where=name,
        ) from None


def check_pixels(
    pixels: int, max_pixels: int, frames: int, total: int, max_total_pixels: int, name: str
) -> None:
    """Refuse a frame of more than ``max_pixels``, or frames of more than ``max_total_pixels``."""
    if frames > MAX_FRAMES:
        raise MediaError(
            f"tiene {frames} fotogramas o páginas y el máximo que se limpia es {MAX_FRAMES}",
            f"it has {frames} frames or pages and the most cleaned is {MAX_FRAMES}",
            where=name,
        )
    if pixels > max_pixels:
        raise MediaError(
            f"la imagen tiene {pixels} píxeles y el máximo que se limpia es {max_pixels} "
            "(posible bomba de descompresión)",
            f"the image has {pixels} pixels and the most cleaned is {max_pixels} "
            "(a possible decompression bomb)",
            where=name,
        )
    if total > max_total_pixels:
        raise MediaError(
            f"sus {frames} fotogramas o páginas suman {total} píxeles y el máximo que se "
            f"limpia es {max_total_pixels} (posible bomba de descompresión)",
            f"its {frames} frames or pages add up to {total} pixels and the most cleaned "
            f"is {max_total_pixels} (a possible decompression bomb)",
            where=name,
        )


def _transpose_method(orientation: int) -> Image.Transpose | None:
    from PIL import Image

    return {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation)


TURNED = frozenset(range(2, 9))


def orientation_of(image: Image.Image) -> int:
    """The EXIF orientation Pillow reads (1, upright, when there is none or it is unreadable)."""
    try:
        tags = getattr(image, "tag_v2", None)
        value = tags.get(274, 1) if tags is not None else image.getexif().get(_ORIENTATION, 1)
        return int(value)
    except Exception:
        return 1


def _upright(frame: Image.Image, orientation: int) -> Image.Image:
    method = _transpose_method(orientation)
    return frame.copy() if method is None else frame.transpose(method)


def reencode(
    image: Image.Image, fmt: str, parsed: Parsed, frames: int, orientation: int
) -> tuple[bytes, int, int]:
    """The image decoded and encoded again, upright, with nothing but its pixels and colours."""
    pictures: list[Image.Image] = []
    durations: list[int] = []
    for index in range(frames):
        image.seek(index)
        image.load()
        # Pillow 13 turns a TIFF page as it loads it, and drops its orientation tag; with a
        # Pillow that does not, the tag is still there, and the page is turned here
        turn = orientation_of(image) if fmt == "tiff" else orientation
        picture = _upright(image, turn)
        picture.info = {}
        if fmt == "png" and "transparency" in image.info:
            picture.info["transparency"] = image.info["transparency"]
        if fmt == "tiff" and image.info.get("icc_profile"):
            picture.info["icc_profile"] = image.info["icc_profile"]
        pictures.append(picture)
        durations.append(int(image.info.get("duration", 0) or 0))
    image.seek(0)
    icc = image.info.get("icc_profile") or None
    options: dict[str, Any] = {}
    if fmt != "tiff" and icc:
        options["icc_profile"] = icc
    if len(pictures) > 1:
        options.update(save_all=True, append_images=pictures[1:])
        if fmt != "tiff":
            options.update(duration=durations, loop=int(image.info.get("loop", 0) or 0))
    if fmt == "jpeg":
        options.update(_jpeg_options(image, orientation))
    elif fmt == "webp":
        if parsed.lossless:
            options.update(lossless=True, exact=True)
        else:
            options.update(quality=90)
    elif fmt == "png":
        from PIL.PngImagePlugin import PngInfo

        chunks = PngInfo()
        for kind, body in parsed.colour:
            chunks.add(kind, body)
        options["pnginfo"] = chunks
        if len(pictures) > 1:
            options.update(disposal=0, blend=0)
    out = io.BytesIO()
    if fmt == "tiff":
        compression = image.info.get("compression")
        compression = compression if compression in _TIFF_LOSSLESS else "tiff_adobe_deflate"
        try:
            pictures[0].save(out, "TIFF", compression=compression, **options)
        except Exception:
            if compression == "tiff_adobe_deflate":
                raise
            out = io.BytesIO()
            pictures[0].save(out, "TIFF", compression="tiff_adobe_deflate", **options)
    else:
        try:
            pictures[0].save(out, PILLOW_NAMES[fmt], **options)
        except (ValueError, OSError):
            if fmt != "jpeg" or "qtables" not in options:
                raise
            out = io.BytesIO()  # tables Pillow cannot write again: its high quality instead
            del options["qtables"]
            pictures[0].save(out, "JPEG", quality=95, **options)
    width, height = pictures[0].size
    return out.getvalue(), width, height


_TIFF_LOSSLESS = frozenset(
    {"raw", "packbits", "tiff_lzw", "tiff_adobe_deflate", "group3", "group4", "tiff_ccitt"}
)


def _jpeg_options(image: Image.Image, orientation: int) -> dict[str, Any]:
    """The original's quantisation tables (turned with the picture) and chroma subsampling."""
    from PIL import JpegImagePlugin

    swap = orientation in _SWAPS_AXES
    options: dict[str, Any] = {"optimize": True}
    if image.info.get("progressive") or image.info.get("progression"):
        options["progressive"] = True
    tables = getattr(image, "quantization", None)
    if tables:
        ordered = [list(tables[key]) for key in sorted(tables)]
        if swap:  # natural order, 8 by 8: the table of the turned picture is the transpose
            ordered = [[table[(i % 8) * 8 + i // 8] for i in range(64)] for table in ordered]
        options["qtables"] = ordered
    else:
        options["quality"] = 95
    sampling = JpegImagePlugin.get_sampling(image)
    if sampling == 1 and swap:
        sampling = 0  # 4:2:2 turned is 4:4:0, which Pillow cannot write: keep all the colour
    if sampling >= 0:
        options["subsampling"] = sampling
    return options
