"""JPEG segments: every APPn and COM segment is metadata but ICC, Adobe and JFIF's header."""

from __future__ import annotations

from govsm.media.cleaning._blocks import (
    ICC_PROFILE,
    Inventory,
    Parsed,
    damaged,
    note_exif,
    past_end,
    truncated,
)

_XMP_PREFIXES = (b"http://ns.adobe.com/xap/1.0/\x00", b"http://ns.adobe.com/xmp/extension/\x00")


def parse_jpeg(data: bytes, name: str) -> Parsed:
    """JPEG segments: every APPn and COM segment is metadata but ICC, Adobe and JFIF's header.

    The scans' entropy-coded data, the tables and the frame header are copied as they are; so
    is anything after the first scan up to the end-of-image marker. What follows that marker
    (an MPO's further pictures, a vendor's trailer) is left out.
    """
    size = len(data)
    inventory = Inventory()
    out = [b"\xff\xd8"]
    pos = 2
    scanned = False
    while True:
        if pos >= size:
            raise truncated(
                "jpeg",
                "acaba antes del marcador de fin de imagen (EOI)",
                "it ends before its end-of-image marker (EOI)",
                name,
            )
        if data[pos] != 0xFF:
            raise damaged(
                "jpeg",
                f"se esperaba un marcador en el byte {pos}",
                f"a marker was expected at byte {pos}",
                name,
            )
        while pos + 1 < size and data[pos + 1] == 0xFF:  # fill bytes
            pos += 1
        if pos + 1 >= size:
            raise past_end("jpeg", "un marcador", "a marker", name)
        marker = data[pos + 1]
        if marker == 0xD9:  # EOI
            if not scanned:
                raise damaged("jpeg", "no contiene ninguna imagen", "it holds no picture", name)
            out.append(b"\xff\xd9")
            pos += 2
            break
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # TEM, RSTn: no length
            out.append(data[pos : pos + 2])
            pos += 2
            continue
        if marker in (0x00, 0xD8):
            raise damaged(
                "jpeg",
                f"marcador 0x{marker:02X} inesperado en el byte {pos}",
                f"unexpected marker 0x{marker:02X} at byte {pos}",
                name,
            )
        if pos + 4 > size:
            raise past_end("jpeg", "un segmento", "a segment", name)
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2:
            raise damaged(
                "jpeg",
                f"un segmento declara una longitud de {length} bytes en el byte {pos}",
                f"a segment declares a length of {length} bytes at byte {pos}",
                name,
            )
        stop = pos + 2 + length
        if stop > size:
            raise past_end("jpeg", "un segmento", "a segment", name)
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            kept = _jpeg_app(marker, data[pos + 4 : stop], inventory)
            if kept is not None:
                out.append(kept)
        else:
            out.append(data[pos:stop])
        pos = stop
        if marker == 0xDA:  # SOS: the entropy-coded data follow, up to the next marker
            scanned = True
            end = _scan_end(data, pos, name)
            out.append(data[pos:end])
            pos = end
    if pos < size:
        inventory.add("trailing data")
    return Parsed("jpeg", b"".join(out), tuple(inventory.found), tuple(inventory.kept))


def _scan_end(data: bytes, pos: int, name: str) -> int:
    """Where the entropy-coded data starting at ``pos`` end: at the next marker's 0xFF."""
    size = len(data)
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= size:
            raise truncated(
                "jpeg",
                "acaba dentro de los datos de la imagen, sin marcador de fin (EOI)",
                "it ends inside the picture data, without an end-of-image marker (EOI)",
                name,
            )
        following = data[pos + 1]
        if following == 0x00 or following == 0xFF or 0xD0 <= following <= 0xD7:
            pos += 1  # a stuffed 0xFF, a fill byte or a restart marker: still the scan
            continue
        return pos


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def _jpeg_app(marker: int, payload: bytes, inventory: Inventory) -> bytes | None:
    """The APPn or COM segment to keep, if any; what it holds goes into ``inventory``."""
    if marker == 0xFE:
        inventory.add("comment")
        return None
    number = marker - 0xE0
    if number == 0 and payload.startswith(b"JFIF\x00") and len(payload) >= 14:
        if len(payload) > 14 or payload[12] or payload[13]:
            inventory.add("thumbnail")
        return _jpeg_segment(marker, payload[:12] + b"\x00\x00")
    if number == 0 and payload.startswith(b"JFXX\x00"):
        inventory.add("thumbnail")
        return None
    if number == 1 and payload.startswith(b"Exif\x00"):
        note_exif(payload[6:], inventory)
        return None
    if number == 1 and payload.startswith(_XMP_PREFIXES):
        inventory.add("XMP")
        return None
    if number == 2 and payload.startswith(b"ICC_PROFILE\x00"):
        inventory.keep(ICC_PROFILE)
        return _jpeg_segment(marker, payload)
    if number == 2 and payload.startswith(b"MPF\x00"):
        inventory.add("MPF")
        return None
    if number == 13 and payload.startswith(b"Photoshop 3.0\x00"):
        for kind in _photoshop_kinds(payload[14:]):
            inventory.add(kind)
        return None
    if number == 14 and payload.startswith(b"Adobe"):
        return _jpeg_segment(marker, payload)  # how the colours are coded: needed to decode
    inventory.add(f"JPEG APP{number}")
    return None


def _photoshop_kinds(data: bytes) -> list[str]:
    """``IPTC`` and ``Photoshop`` as the Photoshop image resources hold IPTC or others."""
    kinds: list[str] = []
    pos = 0
    while pos + 12 <= len(data) and data[pos : pos + 4] == b"8BIM":
        resource = int.from_bytes(data[pos + 4 : pos + 6], "big")
        start = pos + 7 + data[pos + 6]
        start += (start - pos) % 2  # the name (a Pascal string) is padded to an even size
        if start + 4 > len(data):
            break
        length = int.from_bytes(data[start : start + 4], "big")
        kind = "IPTC" if resource == 0x0404 else "Photoshop"
        if kind not in kinds:
            kinds.append(kind)
        pos = start + 4 + length + length % 2
    return kinds or ["Photoshop"]
