"""PNG chunks: those that draw the picture, its colours and its animation are kept."""

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

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

#: the PNG chunks that draw the picture: the critical ones, transparency, colour, aspect ratio
#: and animation
_PNG_KEPT = frozenset(
    {
        b"IHDR",
        b"PLTE",
        b"IDAT",
        b"IEND",
        b"tRNS",
        b"gAMA",
        b"cHRM",
        b"sRGB",
        b"iCCP",
        b"sBIT",
        b"cICP",
        b"mDCV",
        b"mDCv",
        b"cLLI",
        b"cLLi",
        b"bKGD",
        b"pHYs",
        b"acTL",
        b"fcTL",
        b"fdAT",
    }
)
#: the colour chunks a re-encoded PNG carries over (Pillow writes iCCP itself)
_PNG_COLOUR = (b"gAMA", b"cHRM", b"sRGB", b"cICP")
_PNG_TEXT = frozenset({b"tEXt", b"zTXt", b"iTXt"})
_PNG_RAW_PROFILES = {
    b"exif": "EXIF",
    b"app1": "EXIF",
    b"iptc": "IPTC",
    b"8bim": "IPTC",
    b"xmp": "XMP",
}


def parse_png(data: bytes, name: str) -> Parsed:
    """PNG chunks: those in ``_PNG_KEPT`` are kept, every other chunk is metadata."""
    size = len(data)
    inventory = Inventory()
    out = [PNG_SIGNATURE]
    colour: list[tuple[bytes, bytes]] = []
    pos = len(PNG_SIGNATURE)
    frames = 1
    ended = False
    if size < pos + 8:
        raise past_end("png", "la cabecera", "the header", name)
    if data[pos + 4 : pos + 8] != b"IHDR":
        raise damaged("png", "el primer bloque no es IHDR", "the first chunk is not IHDR", name)
    while pos < size:
        if pos + 8 > size:
            raise past_end("png", "un bloque", "a chunk", name)
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if not kind.isalpha() or not kind.isascii() or length > 0x7FFFFFFF:
            raise damaged(
                "png",
                f"bloque no válido en el byte {pos}",
                f"invalid chunk at byte {pos}",
                name,
            )
        stop = pos + 12 + length
        if stop > size:
            raise past_end("png", f"el bloque {kind.decode()}", f"the {kind.decode()} chunk", name)
        body = data[pos + 8 : pos + 8 + length]
        if kind in _PNG_KEPT:
            out.append(data[pos:stop])
            if kind == b"iCCP":
                inventory.keep(ICC_PROFILE)
            elif kind in _PNG_COLOUR:
                colour.append((kind, body))
            elif kind == b"acTL" and length >= 4:
                frames = max(frames, int.from_bytes(body[:4], "big"))
        elif kind in _PNG_TEXT:
            inventory.add(_png_text_kind(body))
        elif kind == b"eXIf":
            note_exif(body, inventory)
        else:
            inventory.add(f"PNG {kind.decode()}")
        pos = stop
        if kind == b"IEND":
            ended = True
            break
    if not ended:
        raise truncated("png", "falta el bloque IEND", "the IEND chunk is missing", name)
    if not any(chunk.startswith(b"IDAT", 4) for chunk in out):
        raise damaged("png", "no contiene ninguna imagen", "it holds no picture", name)
    if pos < size:
        inventory.add("trailing data")
    return Parsed(
        "png",
        b"".join(out),
        tuple(inventory.found),
        tuple(inventory.kept),
        frames=frames,
        colour=tuple(colour),
    )


def _png_text_kind(body: bytes) -> str:
    keyword = body.split(b"\x00", 1)[0]
    if keyword == b"XML:com.adobe.xmp":
        return "XMP"
    if keyword.lower().startswith(b"raw profile type "):
        return _PNG_RAW_PROFILES.get(keyword[17:].lower(), "PNG text")
    if keyword == b"Comment":
        return "comment"
    return "PNG text"
