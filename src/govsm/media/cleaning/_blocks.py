"""What every container reader shares: the error, the inventory of blocks, EXIF's IFDs."""

from __future__ import annotations

from typing import Literal

from attrs import frozen

from govsm.errors import GovsmError
from govsm.media.formats import format_name

#: what :attr:`CleanedMedia.kept <govsm.media.cleaning.CleanedMedia>` names for a colour profile
ICC_PROFILE = "ICC profile"

#: the most frames an animation, or pages a TIFF, may have
MAX_FRAMES = 10_000


class MediaError(GovsmError):
    """A media file cannot be cleaned: not an image govsm cleans, truncated, damaged, too big.

    ``where`` names the file.
    """


@frozen
class Parsed:
    """A file's structure: its metadata, and (but for TIFF) the file without them."""

    format: str
    stripped: bytes | None
    found: tuple[str, ...]
    kept: tuple[str, ...]
    frames: int = 1
    pixels: int | None = None  # all pages' declared pixels, when the structure tells them
    lossless: bool = False  # a WebP coded losslessly (VP8L)
    colour: tuple[tuple[bytes, bytes], ...] = ()  # PNG colour chunks, for a re-encoded PNG


class Inventory:
    def __init__(self) -> None:
        self.found: list[str] = []
        self.kept: list[str] = []

    def add(self, kind: str) -> None:
        if kind not in self.found:
            self.found.append(kind)

    def keep(self, kind: str) -> None:
        if kind not in self.kept:
            self.kept.append(kind)


def shown_bytes(raw: bytes) -> str:
    r"""A block's name as text: printable ASCII as it is, other bytes as ``\xNN``."""
    return "".join(chr(b) if 0x20 <= b < 0x7F else f"\\x{b:02x}" for b in raw)


def truncated(fmt: str, es: str, en: str, name: str) -> MediaError:
    shown = format_name(fmt)
    return MediaError(
        f"la imagen {shown} está cortada: {es}",
        f"the {shown} image is truncated: {en}",
        where=name,
    )


def damaged(fmt: str, es: str, en: str, name: str) -> MediaError:
    shown = format_name(fmt)
    return MediaError(
        f"la imagen {shown} está dañada: {es}",
        f"the {shown} image is damaged: {en}",
        where=name,
    )


def past_end(fmt: str, what_es: str, what_en: str, name: str) -> MediaError:
    return truncated(
        fmt,
        f"{what_es} pasa del final del archivo",
        f"{what_en} runs past the end of the file",
        name,
    )


# EXIF is a TIFF structure: its first directory (IFD) says whether a GPS position follows

Order = Literal["little", "big"]
Layout = tuple[Order, bool, int]  # byte order, BigTIFF, the first IFD's offset
ORDERS: dict[bytes, Order] = {b"II": "little", b"MM": "big"}


def tiff_layout(data: bytes, name: str) -> Layout:
    order = ORDERS.get(data[:2])
    if order is None or len(data) < 8:
        raise damaged("tiff", "cabecera no válida", "invalid header", name)
    magic = int.from_bytes(data[2:4], order)
    if magic == 42:
        return order, False, int.from_bytes(data[4:8], order)
    if magic == 43 and len(data) >= 16:
        return order, True, int.from_bytes(data[8:16], order)
    raise damaged("tiff", "cabecera no válida", "invalid header", name)


def read_ifd(
    data: bytes, offset: int, layout: Layout, name: str
) -> tuple[list[tuple[int, int, bytes]], int]:
    """An IFD's entries (tag, type, value field) and the next IFD's offset."""
    order, big, _ = layout
    count_size, entry_size, offset_size = (8, 20, 8) if big else (2, 12, 4)
    if offset < 8 or offset + count_size > len(data):
        raise past_end("tiff", "un directorio (IFD)", "a directory (IFD)", name)
    count = int.from_bytes(data[offset : offset + count_size], order)
    start = offset + count_size
    stop = start + count * entry_size
    if stop + offset_size > len(data):
        raise past_end("tiff", "un directorio (IFD)", "a directory (IFD)", name)
    entries = []
    for pos in range(start, stop, entry_size):
        tag = int.from_bytes(data[pos : pos + 2], order)
        kind = int.from_bytes(data[pos + 2 : pos + 4], order)
        entries.append((tag, kind, data[pos + 4 : pos + entry_size]))
    following = int.from_bytes(data[stop : stop + offset_size], order)
    return entries, following


def tiff_int(entry: tuple[int, int, bytes], layout: Layout) -> int:
    """An entry's value when it is one SHORT, LONG or LONG8 held in the entry itself."""
    order, big, _ = layout
    _, kind, field_bytes = entry
    value = field_bytes[8:] if big else field_bytes[4:]
    size = {3: 2, 4: 4, 16: 8}.get(kind)
    if size is None or len(value) < size:
        return 0
    return int.from_bytes(value[:size], order)


def note_exif(tiff: bytes, inventory: Inventory) -> None:
    """Note an EXIF block (a TIFF structure), and its GPS position if it has one."""
    inventory.add("EXIF")
    if tiff.startswith(b"Exif\x00"):
        tiff = tiff[6:]
    try:
        layout = tiff_layout(tiff, "EXIF")
        tags, _ = read_ifd(tiff, layout[2], layout, "EXIF")
    except MediaError:
        return
    if 0x8825 in {tag for tag, _, _ in tags}:
        inventory.add("GPS")
