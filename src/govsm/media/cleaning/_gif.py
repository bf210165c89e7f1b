"""GIF blocks: frames, graphic control, looping and ICC are kept; other extensions are not."""

from __future__ import annotations

from govsm.media.cleaning._blocks import (
    ICC_PROFILE,
    Inventory,
    Parsed,
    damaged,
    past_end,
    shown_bytes,
    truncated,
)

_GIF_KEPT_APPLICATIONS = frozenset({b"NETSCAPE2.0", b"ANIMEXTS1.0"})
_GIF_APPLICATIONS = {b"XMP DataXMP": "XMP", b"MGKIPTC0000": "IPTC", b"MGK8BIM0000": "Photoshop"}


def parse_gif(data: bytes, name: str) -> Parsed:
    """GIF blocks: frames, graphic control, looping and ICC are kept; other extensions are not.

    A graphic control extension that belonged to a removed plain text extension is removed
    with it, so that it does not apply to the next frame.
    """
    size = len(data)
    inventory = Inventory()
    if size < 13:
        raise past_end("gif", "la cabecera", "the header", name)
    packed = data[10]
    pos = 13 + (3 << ((packed & 7) + 1) if packed & 0x80 else 0)
    if pos > size:
        raise past_end("gif", "la tabla de colores", "the colour table", name)
    out = [data[:pos]]
    control: int | None = None  # where in ``out`` the pending graphic control extension is
    frames = 0
    while True:
        if pos >= size:
            raise truncated("gif", "falta el final (0x3B)", "the trailer (0x3B) is missing", name)
        block = data[pos]
        if block == 0x3B:
            out.append(b";")
            pos += 1
            break
        if block == 0x2C:  # an image: descriptor, local colour table, LZW code size, data
            if pos + 10 > size:
                raise past_end("gif", "un fotograma", "a frame", name)
            flags = data[pos + 9]
            start = pos + 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1
            stop = _sub_blocks_end(data, start, name)
            out.append(data[pos:stop])
            frames += 1
            control = None
        elif block == 0x21:
            if pos + 2 > size:
                raise past_end("gif", "una extensión", "an extension", name)
            label = data[pos + 1]
            stop = _sub_blocks_end(data, pos + 2, name)
            if label == 0xF9:
                control = len(out)
                out.append(data[pos:stop])
            elif label == 0xFE:
                inventory.add("comment")
            elif label == 0x01:
                inventory.add("GIF plain text")
                if control is not None:
                    out[control] = b""
                    control = None
            elif label == 0xFF:
                ident = data[pos + 3 : pos + 3 + min(data[pos + 2], 11)]
                if ident in _GIF_KEPT_APPLICATIONS:
                    out.append(data[pos:stop])
                elif ident == b"ICCRGBG1012":
                    inventory.keep(ICC_PROFILE)
                    out.append(data[pos:stop])
                else:
                    inventory.add(
                        _GIF_APPLICATIONS.get(ident, f"GIF application {shown_bytes(ident)}")
                    )
            else:
                inventory.add(f"GIF extension 0x{label:02X}")
        else:
            raise damaged(
                "gif",
                f"bloque 0x{block:02X} desconocido en el byte {pos}",
                f"unknown block 0x{block:02X} at byte {pos}",
                name,
            )
        pos = stop
    if not frames:
        raise damaged("gif", "no contiene ninguna imagen", "it holds no picture", name)
    if pos < size:
        inventory.add("trailing data")
    return Parsed(
        "gif", b"".join(out), tuple(inventory.found), tuple(inventory.kept), frames=max(frames, 1)
    )


def _sub_blocks_end(data: bytes, pos: int, name: str) -> int:
    """Where the data sub-blocks starting at ``pos`` end, past their zero-size terminator."""
    size = len(data)
    while True:
        if pos >= size:
            raise past_end("gif", "un bloque", "a block", name)
        length = data[pos]
        pos += 1 + length
        if length == 0:
            return pos
