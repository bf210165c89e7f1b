"""WebP chunks: the picture, alpha, animation and ICC are kept; EXIF, XMP and others are not."""

from __future__ import annotations

from govsm.media.cleaning._blocks import (
    ICC_PROFILE,
    Inventory,
    Parsed,
    damaged,
    note_exif,
    past_end,
    shown_bytes,
)

_WEBP_KEPT = frozenset({b"ANIM", b"ALPH", b"VP8 ", b"VP8L"})
_WEBP_FRAME_KEPT = frozenset({b"ALPH", b"VP8 ", b"VP8L"})
_VP8X_EXIF_XMP = 0x08 | 0x04


def parse_webp(data: bytes, name: str) -> Parsed:
    """WebP chunks: the picture, alpha, animation and ICC are kept; EXIF, XMP and others not.

    The ``VP8X`` header's EXIF and XMP flags are cleared, and the RIFF size is written again.
    """
    riff = int.from_bytes(data[4:8], "little")
    end = 8 + riff
    if riff < 4 or end > len(data):
        raise past_end("webp", "el tamaño RIFF", "the RIFF size", name)
    inventory = Inventory()
    chunks: list[bytes] = []
    frames = 0
    lossless: bool | None = None
    for kind, body in _riff_chunks(data, 12, end, name):
        if kind == b"VP8X":
            if len(body) < 10:
                raise damaged("webp", "VP8X demasiado corto", "VP8X too short", name)
            chunks.append(_riff_chunk(kind, bytes((body[0] & ~_VP8X_EXIF_XMP,)) + body[1:]))
        elif kind == b"ICCP":
            inventory.keep(ICC_PROFILE)
            chunks.append(_riff_chunk(kind, body))
        elif kind in _WEBP_KEPT:
            chunks.append(_riff_chunk(kind, body))
            if kind in (b"VP8 ", b"VP8L") and lossless is None:
                lossless = kind == b"VP8L"
        elif kind == b"ANMF":
            if len(body) < 16:
                raise damaged("webp", "ANMF demasiado corto", "ANMF too short", name)
            inner = [body[:16]]
            for sub, sub_body in _riff_chunks(body, 16, len(body), name):
                if sub in _WEBP_FRAME_KEPT:
                    inner.append(_riff_chunk(sub, sub_body))
                    if sub in (b"VP8 ", b"VP8L") and lossless is None:
                        lossless = sub == b"VP8L"
                else:
                    inventory.add(f"WebP {shown_bytes(sub)}")
            chunks.append(_riff_chunk(kind, b"".join(inner)))
            frames += 1
        elif kind == b"EXIF":
            note_exif(body, inventory)
        elif kind == b"XMP ":
            inventory.add("XMP")
        else:
            inventory.add(f"WebP {shown_bytes(kind)}")
    if lossless is None:
        raise damaged("webp", "no contiene ninguna imagen", "it holds no picture", name)
    if end < len(data):
        inventory.add("trailing data")
    payload = b"WEBP" + b"".join(chunks)
    stripped = b"RIFF" + len(payload).to_bytes(4, "little") + payload
    return Parsed(
        "webp",
        stripped,
        tuple(inventory.found),
        tuple(inventory.kept),
        frames=max(frames, 1),
        lossless=lossless,
    )


def _riff_chunks(data: bytes, pos: int, end: int, name: str) -> list[tuple[bytes, bytes]]:
    chunks = []
    while pos < end:
        if pos + 8 > end:
            raise past_end("webp", "un bloque", "a chunk", name)
        length = int.from_bytes(data[pos + 4 : pos + 8], "little")
        stop = pos + 8 + length
        if stop > end:
            raise past_end("webp", "un bloque", "a chunk", name)
        chunks.append((data[pos : pos + 4], data[pos + 8 : stop]))
        pos = stop + length % 2
    return chunks


def _riff_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + len(body).to_bytes(4, "little") + body + b"\x00" * (len(body) % 2)
