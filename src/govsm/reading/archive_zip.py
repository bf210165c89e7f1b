"""What a zip archive's directory says that its members' names do not: kinds, methods, counts.

Helpers of :mod:`govsm.reading.archive_members` for zips: a member made on Unix carries its file
mode (a symbolic link, a device), a member says whether it is encrypted and how it is
compressed, and the end record says how many members the directory holds.
"""

from __future__ import annotations

import stat
import zipfile
from typing import BinaryIO

from govsm.model import Bilingual
from govsm.reading.archive_streams import ratio_problem
from govsm.spec.limits import Limits

#: the compression methods of a zip member that govsm reads
ZIP_METHODS = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "lzma",
}


def unix_kind(mode: int) -> Bilingual | None:
    """What a zip member made on Unix is, when its mode says it is not a plain file or folder."""
    if stat.S_ISLNK(mode):
        return Bilingual(
            es="es un enlace simbólico: govsm no sigue enlaces de un archivo",
            en="is a symbolic link: govsm follows no link of an archive",
        )
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return Bilingual(
            es="es un dispositivo, una tubería o un socket, no un fichero",
            en="is a device, a pipe or a socket, not a file",
        )
    return None


def zip_member_problem(zipped: zipfile.ZipInfo, limits: Limits) -> Bilingual | None:
    """Why a zip member may not be opened, from its directory entry; ``None`` when it may.

    It may not when it is encrypted, compressed with a method govsm does not read, or declares
    a size over ``[limits] member_bytes`` or a ratio over ``archive_ratio``.
    """
    if zipped.flag_bits & 0x1:
        return Bilingual(
            es="está cifrado: govsm no lee miembros cifrados",
            en="is encrypted: govsm does not read encrypted members",
        )
    if zipped.compress_type not in ZIP_METHODS:
        return Bilingual(
            es=f"está comprimido con el método {zipped.compress_type}, que govsm no lee "
            "(lee stored, deflate, bzip2 y lzma)",
            en=f"is compressed with method {zipped.compress_type}, which govsm does not read "
            "(it reads stored, deflate, bzip2 and lzma)",
        )
    if zipped.file_size > limits.member_bytes:
        return Bilingual(
            es=f"declara {zipped.file_size} bytes y el límite es {limits.member_bytes} "
            "([limits] member_bytes)",
            en=f"declares {zipped.file_size} bytes and the limit is {limits.member_bytes} "
            "([limits] member_bytes)",
        )
    if ratio_problem(zipped.file_size, zipped.compress_size, limits):
        return Bilingual(
            es=f"declara {zipped.file_size} bytes en {zipped.compress_size} comprimidos, más de "
            f"{limits.archive_ratio} veces: parece una bomba de compresión "
            "([limits] archive_ratio)",
            en=f"declares {zipped.file_size} bytes in {zipped.compress_size} compressed, more "
            f"than {limits.archive_ratio} times: it looks like a compression bomb "
            "([limits] archive_ratio)",
        )
    return None


def declared_entries(raw: BinaryIO) -> int | None:
    """How many members a zip's end record says it has (``None`` when it cannot be told).

    ``zipfile`` reads the directory entry by entry and does not compare: a damaged length in one
    entry can swallow the entries after it without a word.
    """
    try:
        size = raw.seek(0, 2)
        tail = min(size, 22 + 0xFFFF)
        raw.seek(size - tail)
        data = raw.read(tail)
    except OSError:
        return None
    at = data.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(data):
        return None
    total = int.from_bytes(data[at + 10 : at + 12], "little")
    if total != 0xFFFF:
        return total
    locator = at - 20  # a zip64 archive: the count is in its own end record
    if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
        return None
    offset = int.from_bytes(data[locator + 8 : locator + 16], "little")
    try:
        raw.seek(offset)
        record = raw.read(56)
    except (OSError, ValueError):
        return None
    if len(record) < 56 or record[:4] != b"PK\x06\x06":
        return None
    return int.from_bytes(record[32:40], "little")
