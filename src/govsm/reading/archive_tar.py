"""What a tar archive needs besides its members' names: kinds, decompression, its end.

Helpers of :mod:`govsm.reading.archive_members` for tars. A tar has no directory: its headers are
read one after the other through the decompressor its first bytes call for (gzip, bzip2, xz or
none), each held to a size (:class:`CappedReads`: ``tarfile`` reads a long name or a PAX header
whole), each member refused before its data is skipped when it would pass the limits
(:func:`tar_member_problem`), and the archive must end as a tar ends (:func:`check_tar_end`) —
``tarfile`` takes a damaged header, or data that stops, after the first member for the end.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import tarfile
from typing import BinaryIO, Protocol

from govsm.model import Bilingual
from govsm.reading.archive_errors import BROKEN, ArchiveError, broken
from govsm.reading.archive_streams import ratio_problem
from govsm.spec.limits import MIB, Limits

#: the longest single header a tar archive may have (a long name, a PAX record): tarfile reads
#: one whole into memory
TAR_HEADER_BYTES = 16 * MIB


def tar_kind(info: tarfile.TarInfo) -> Bilingual | None:
    """What a tar member is, when it is not a plain file or folder."""
    if info.issym():
        return Bilingual(
            es="es un enlace simbólico: govsm no sigue enlaces de un archivo",
            en="is a symbolic link: govsm follows no link of an archive",
        )
    if info.islnk():
        return Bilingual(
            es="es un enlace duro: govsm no sigue enlaces de un archivo",
            en="is a hard link: govsm follows no link of an archive",
        )
    if info.issparse():
        return Bilingual(
            es="es un fichero disperso (sparse), que govsm no lee",
            en="is a sparse file, which govsm does not read",
        )
    if not (info.isfile() or info.isdir()):
        return Bilingual(
            es="es un dispositivo, una tubería o un socket, no un fichero",
            en="is a device, a pipe or a socket, not a file",
        )
    return None


class Seekable(Protocol):
    """What ``tarfile`` needs of the stream it reads: a seekable source of bytes."""

    def read(self, size: int = -1, /) -> bytes:
        """At most ``size`` bytes."""
        ...

    def seek(self, offset: int, whence: int = 0, /) -> int:
        """Move to ``offset``."""
        ...

    def tell(self) -> int:
        """Where it is."""
        ...

    def close(self) -> None:
        """Close it."""
        ...


def decompressed(raw: BinaryIO) -> Seekable:
    """``raw`` through the decompressor its first bytes call for (none for a plain tar)."""
    head = raw.read(6)
    raw.seek(0)
    if head.startswith(b"\x1f\x8b"):
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if head.startswith(b"BZh"):
        return bz2.BZ2File(raw, mode="rb")
    if head.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(raw, mode="rb")
    return raw


class CappedReads:
    """A seekable stream that refuses one read of more than ``cap`` bytes (a tar header's).

    ``tarfile`` reads a long name or a PAX header whole, as large as its header says; a hostile
    header would have it allocate gigabytes.
    """

    def __init__(self, source: Seekable, cap: int, archive: str) -> None:
        self._source = source
        self._cap = cap
        self._archive = archive

    def read(self, size: int | None = -1) -> bytes:
        """At most ``size`` bytes; more than the cap, or all, is refused."""
        if size is None or size < 0 or size > self._cap:
            raise ArchiveError(
                f"tiene una cabecera de más de {self._cap} bytes",
                f"has a header of more than {self._cap} bytes",
                archive=self._archive,
                position=self._source.tell(),
            )
        return self._source.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        """Move to ``offset`` (through the decompressor: backwards means from the start)."""
        return self._source.seek(offset, whence)

    def tell(self) -> int:
        """Where it is, in the uncompressed stream."""
        return self._source.tell()

    def seekable(self) -> bool:
        """It is."""
        return True

    def readable(self) -> bool:
        """It is."""
        return True

    def close(self) -> None:
        """Close the decompressor (and, for a plain tar, the file)."""
        self._source.close()


def tar_member_problem(
    info: tarfile.TarInfo, end: int, compressed_size: int, limits: Limits
) -> Bilingual | None:
    """Why a tar member refuses the archive, before its data is skipped; ``None`` if it does not.

    Skipping a member of a compressed tar means inflating it: a member over ``member_bytes``,
    an archive that would pass ``archive_bytes`` at its end (``end``, in the uncompressed
    stream), or past ``archive_ratio`` times the compressed file's size, is refused first.
    """
    if info.size > limits.member_bytes:
        return Bilingual(
            es=f"declara {info.size} bytes y el límite es {limits.member_bytes} "
            "([limits] member_bytes)",
            en=f"declares {info.size} bytes and the limit is {limits.member_bytes} "
            "([limits] member_bytes)",
        )
    if end > limits.archive_bytes:
        return Bilingual(
            es=f"el archivo pasa de {limits.archive_bytes} bytes descomprimido "
            "([limits] archive_bytes)",
            en=f"the archive is over {limits.archive_bytes} bytes uncompressed "
            "([limits] archive_bytes)",
        )
    if ratio_problem(end, compressed_size, limits):
        return Bilingual(
            es=f"el archivo se descomprime en más de {limits.archive_ratio} veces su "
            "tamaño: parece una bomba de compresión ([limits] archive_ratio)",
            en=f"the archive expands to more than {limits.archive_ratio} times its "
            "size: it looks like a compression bomb ([limits] archive_ratio)",
        )
    return None


def check_tar_end(
    source: CappedReads, offset: int, *, compressed: bool, archive: str, limits: Limits
) -> None:
    """Refuse a tar whose listing stopped short of its end, or whose checksum fails.

    ``tarfile`` takes a header it cannot read, or the end of the data, after the first
    member for the end of the archive; a whole archive ends with a block of zeros. A
    compressed tar is then read to its end, so that gzip, bzip2 or xz checks its CRC: a
    byte changed in a member would otherwise be read back wrong without a word.
    """
    try:
        source.seek(offset)
        block = source.read(tarfile.BLOCKSIZE)
    except ArchiveError:
        raise
    except BROKEN as exc:
        raise broken(exc, archive=archive, position=offset) from None
    if len(block) < tarfile.BLOCKSIZE:
        raise ArchiveError(
            "se acaba antes del bloque que cierra el archivo: está truncado",
            "it ends before the block that closes the archive: truncated",
            archive=archive,
            position=offset,
        )
    if block.count(0) != tarfile.BLOCKSIZE:
        raise ArchiveError(
            "tiene una cabecera dañada: no se puede leer más allá",
            "has a damaged header: nothing past it can be read",
            archive=archive,
            position=offset,
        )
    if not compressed:
        return
    position = offset + len(block)
    try:
        while chunk := source.read(MIB):
            position += len(chunk)
            if position > limits.archive_bytes:
                raise ArchiveError(
                    f"el archivo pasa de {limits.archive_bytes} bytes descomprimido "
                    "([limits] archive_bytes): no se lee nada del archivo",
                    f"the archive is over {limits.archive_bytes} bytes uncompressed "
                    "([limits] archive_bytes): nothing of the archive is read",
                    archive=archive,
                )
    except ArchiveError:
        raise
    except BROKEN as exc:
        raise broken(exc, archive=archive, position=position) from None
