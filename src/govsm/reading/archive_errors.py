"""The error an archive raises when it cannot, or may not, be read: archive, member and byte.

Whatever goes wrong inside an archive — a truncated zip, a CRC that does not match, a tar header
that is not one, a member that expands a thousandfold — becomes an :class:`ArchiveError`, a
:class:`~govsm.errors.ConfigError` that names the archive, the member and, where known, the
byte, in Spanish and English. The exceptions of Python's archive and compression modules
(:data:`BROKEN`) never reach the user as a traceback.
"""

from __future__ import annotations

import lzma
import struct
import tarfile
import zipfile
import zlib

from govsm.errors import ConfigError
from govsm.reading.archive_names import shown_name

#: what Python's ``zipfile``, ``tarfile``, ``gzip``, ``bz2``, ``lzma`` and ``zlib`` raise on a
#: damaged or hostile archive (``OSError`` covers ``gzip.BadGzipFile``; ``EOFError`` a stream
#: that ends early; ``ValueError`` and ``struct.error`` fields that do not parse)
BROKEN: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    tarfile.TarError,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    zlib.error,
    lzma.LZMAError,
    IndexError,
    KeyError,
    OverflowError,
    MemoryError,
)


class ArchiveError(ConfigError):
    """An archive, or one of its members, cannot or may not be read.

    Its ``where`` is ``archive`` or ``archive!member`` (the member's name with hidden
    characters escaped); the byte, when known, ends both messages.

    :param es: what is wrong, in Spanish.
    :param en: the same in English.
    :param archive: the archive as the user knows it (a path, relative to the workspace).
    :param member: the member's name, when the problem is one member's.
    :param position: the byte where the problem showed, counted in the member's uncompressed
        content (or, without a member, in the archive's uncompressed stream).
    """

    def __init__(
        self,
        es: str,
        en: str,
        *,
        archive: str,
        member: str | None = None,
        position: int | None = None,
    ) -> None:
        self.archive = archive
        self.member = member
        self.position = position
        if position is not None:
            of_es = "del miembro" if member is not None else "del archivo descomprimido"
            of_en = "of the member" if member is not None else "of the uncompressed archive"
            es = f"{es} (en el byte {position} {of_es})"
            en = f"{en} (at byte {position} {of_en})"
        where = archive if member is None else f"{archive}!{shown_name(member)}"
        super().__init__(es, en, where=where)


def broken(
    exc: BaseException, *, archive: str, member: str | None = None, position: int | None = None
) -> ArchiveError:
    """The :class:`ArchiveError` for an exception of :data:`BROKEN`, saying what it was.

    A CRC mismatch, an archive or stream that ends early and a bad header each get their own
    words; anything else is named by the exception's first line.
    """
    text = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    lowered = text.lower()
    if "crc" in lowered:
        es, en = (
            "el contenido no coincide con su CRC: está dañado",
            "its CRC does not match: damaged",
        )
    elif isinstance(exc, EOFError) or "end of" in lowered or "truncated" in lowered:
        es, en = "se acaba antes de tiempo: está truncado", "it ends early: truncated"
    elif isinstance(exc, MemoryError):
        es, en = "pide más memoria de la que hay", "it asks for more memory than there is"
    else:
        es = f"no se puede leer: está dañado o no es lo que dice ser ({text})"
        en = f"cannot be read: damaged, or not what it claims to be ({text})"
    return ArchiveError(es, en, archive=archive, member=member, position=position)
