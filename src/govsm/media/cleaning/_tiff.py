"""TIFF tags: those that describe the picture's coding and layout are not metadata."""

from __future__ import annotations

from govsm.media.cleaning._blocks import (
    ICC_PROFILE,
    MAX_FRAMES,
    Inventory,
    Parsed,
    damaged,
    read_ifd,
    tiff_int,
    tiff_layout,
)

#: the TIFF tags that describe the picture's coding, layout and colour, not its subject
_TIFF_KEPT = frozenset(
    {254, 255, 256, 257, 258, 259, 262, 263, 264, 265, 266, 273, 274, 277, 278, 279, 280, 281}
    | {282, 283, 284, 286, 287, 290, 291, 292, 293, 296, 297, 301, 317, 318, 319, 320, 321}
    | {322, 323, 324, 325, 332, 334, 336, 338, 339, 340, 341, 342, 347, 529, 530, 531, 532}
    | set(range(512, 522))
)
_TIFF_KINDS = {
    34665: "EXIF",
    40965: "EXIF",
    34853: "GPS",
    700: "XMP",
    33723: "IPTC",
    34377: "Photoshop",
}
_TIFF_NAMES = {
    269: "DocumentName",
    270: "ImageDescription",
    271: "Make",
    272: "Model",
    285: "PageName",
    305: "Software",
    306: "DateTime",
    315: "Artist",
    316: "HostComputer",
    330: "SubIFDs",
    18246: "Rating",
    33432: "Copyright",
    37724: "ImageSourceData",
    40091: "XPTitle",
    40092: "XPComment",
    40093: "XPAuthor",
    40094: "XPKeywords",
    40095: "XPSubject",
    42016: "ImageUniqueID",
}
MAX_FRAMES = MAX_FRAMES


def parse_tiff(data: bytes, name: str) -> Parsed:
    """TIFF tags: every tag but those of ``_TIFF_KEPT`` and the ICC profile is metadata.

    A TIFF is not stripped block by block: it is written again (``_pillow.reencode``).
    """
    layout = tiff_layout(data, name)
    inventory = Inventory()
    seen: set[int] = set()
    offset = layout[2]
    pixels = 0
    read = 0  # bytes of directories read: more than the file holds means they overlap
    while offset:
        if offset in seen:
            raise damaged(
                "tiff", "sus directorios forman un bucle", "its directories form a loop", name
            )
        if len(seen) >= MAX_FRAMES:
            raise damaged(
                "tiff",
                f"tiene más de {MAX_FRAMES} páginas",
                f"it has more than {MAX_FRAMES} pages",
                name,
            )
        seen.add(offset)
        entries, offset = read_ifd(data, offset, layout, name)
        read += len(entries) * (20 if layout[1] else 12)
        if read > len(data):
            raise damaged("tiff", "sus directorios se solapan", "its directories overlap", name)
        width = height = 0
        for entry in entries:
            tag = entry[0]
            if tag == 256:
                width = tiff_int(entry, layout)
            elif tag == 257:
                height = tiff_int(entry, layout)
            if tag == 34675:
                inventory.keep(ICC_PROFILE)
            elif tag not in _TIFF_KEPT:
                inventory.add(_TIFF_KINDS.get(tag) or f"TIFF {_TIFF_NAMES.get(tag, f'tag {tag}')}")
        pixels += width * height
    if not seen:
        raise damaged("tiff", "no contiene ninguna imagen", "it holds no picture", name)
    return Parsed(
        "tiff",
        None,
        tuple(inventory.found),
        tuple(inventory.kept),
        frames=max(len(seen), 1),
        pixels=pixels,
    )
