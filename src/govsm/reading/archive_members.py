r"""Reading the members of a ``.zip`` or ``.tar`` archive safely, by name, as streams.

A platform's "download your data" is an archive: X's and Mastodon's are zips, others are
tarballs. govsm reads a few members of one (``data/tweets.js``) without extracting anything, and
an archive is input like any other, so it can be hostile. :func:`open_archive` opens one and
refuses it whole, with an :class:`~govsm.reading.archive_errors.ArchiveError` naming the archive
and the member, when a member's name leads out of the archive (``../``, ``/etc``, ``C:``), when
a member is a symbolic or hard link, a device or a pipe, when two members share a name, when it
lists more than ``[limits] archive_members`` members, or when it is not a readable archive.
:meth:`Archive.open` then gives one member as a stream, refusing an encrypted member, a
compression method govsm does not read, and a member whose declared size passes
``[limits] member_bytes`` or ``archive_ratio``; while the stream is read, the real sizes are
held to the same limits and to ``archive_bytes`` (:mod:`govsm.reading.archive_streams`), and a
damaged member is an error naming the byte reached. Nothing is held in memory beyond one read.

>>> import io, zipfile, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with zipfile.ZipFile(folder / "x.zip", "w") as made:
...     made.writestr("data/tweets.js", "window.YTD.tweets.part0 = []")
>>> with open_archive(folder / "x.zip") as archive, archive.open("data/tweets.js") as stream:
...     stream.read(16)
b'window.YTD.tweet'
>>> with zipfile.ZipFile(folder / "evil.zip", "w") as made:
...     made.writestr("../../.bashrc", "rm -rf ~")
>>> try:
...     open_archive(folder / "evil.zip", shown="evil.zip")
... except ArchiveError as refused:
...     print(refused.where, refused.en, sep="\n")
evil.zip!../../.bashrc
leads out of the archive's folder ('..'): nothing of the archive is read
"""

from __future__ import annotations

import contextlib
import enum
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, BinaryIO

from attrs import frozen

from govsm.model import Bilingual
from govsm.reading.archive_errors import BROKEN, ArchiveError, broken
from govsm.reading.archive_names import member_key, name_problem
from govsm.reading.archive_streams import Budget, GuardedMember, buffered
from govsm.reading.archive_tar import (
    TAR_HEADER_BYTES,
    CappedReads,
    check_tar_end,
    decompressed,
    tar_kind,
    tar_member_problem,
)
from govsm.reading.archive_zip import declared_entries, unix_kind, zip_member_problem
from govsm.spec.limits import Limits

__all__ = ["Archive", "ArchiveError", "ArchiveKind", "MemberInfo", "archive_kind", "open_archive"]


class ArchiveKind(enum.StrEnum):
    """What an archive is, by its first bytes (never by its name)."""

    ZIP = "zip"
    TAR = "tar"


@frozen
class MemberInfo:
    """One file of an archive, as its directory or header lists it.

    :param name: its name, as it is looked up (:func:`~govsm.reading.archive_names.member_key`:
        slashes, no ``.`` parts, composed Unicode).
    :param size: its uncompressed size as declared (the stream holds it to the limits anyway).
    :param compressed: its compressed size, when the archive compresses each member (zip).
    """

    name: str
    size: int
    compressed: int | None = None


def archive_kind(path: Path) -> ArchiveKind | None:
    """Whether ``path`` looks like a zip or a tar archive (plain, gzip, bzip2 or xz), by content.

    Only the first bytes are read (and, for a file that is neither, the end of it, where a zip
    keeps its directory); ``None`` when it is neither or cannot be read.
    """
    try:
        with path.open("rb") as stream:
            head = stream.read(512)
    except OSError:
        return None
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return ArchiveKind.ZIP
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")):
        return ArchiveKind.TAR
    if len(head) == 512 and head[257:262] == b"ustar":
        return ArchiveKind.TAR
    try:
        if zipfile.is_zipfile(path):  # a zip with something before it (a self-extractor)
            return ArchiveKind.ZIP
    except BROKEN:
        return None
    return None


def open_archive(path: Path, limits: Limits | None = None, *, shown: str | None = None) -> Archive:
    """Open the archive at ``path`` after checking every member it lists.

    :param limits: the workspace's limits (the defaults when ``None``).
    :param shown: the archive's name in errors (the path relative to the workspace); ``path``
        by default.
    :raises ArchiveError: it is not a zip or tar archive, cannot be read, or lists a member
        that makes it hostile (see the module's description); nothing of it is read then.
    """
    limits = limits or Limits()
    label = shown if shown is not None else str(path)
    kind = archive_kind(path)
    if kind is None:
        try:
            path.stat()
        except OSError as exc:
            raise ArchiveError(
                f"no se puede leer: {exc.strerror}", f"cannot read: {exc.strerror}", archive=label
            ) from None
        raise ArchiveError(
            "no es un archivo zip ni tar", "is neither a zip nor a tar archive", archive=label
        )
    return Archive(path, kind, limits, label)


class Archive:
    """An open archive whose members were all checked; close it, or use it in ``with``.

    Build one with :func:`open_archive`.

    :param path: the archive file.
    :param kind: zip or tar.
    :param limits: the workspace's limits.
    :param shown: the archive's name in errors.
    """

    def __init__(self, path: Path, kind: ArchiveKind, limits: Limits, shown: str) -> None:
        self.path = path
        self.kind = kind
        self.limits = limits
        self.shown = shown
        self._budget = Budget(limits.archive_bytes)
        self._members: dict[str, MemberInfo] = {}
        self._zip: zipfile.ZipFile | None = None
        self._zip_infos: dict[str, zipfile.ZipInfo] = {}
        self._tar: tarfile.TarFile | None = None
        self._tar_infos: dict[str, tarfile.TarInfo] = {}
        self._open_streams = 0
        try:
            self._file: BinaryIO = path.open("rb")
        except OSError as exc:
            raise ArchiveError(
                f"no se puede leer: {exc.strerror}", f"cannot read: {exc.strerror}", archive=shown
            ) from None
        try:
            if kind is ArchiveKind.ZIP:
                self._list_zip()
            else:
                self._list_tar()
        except BaseException:
            self.close()
            raise

    # -- listing ------------------------------------------------------------------------------

    def _refuse(self, member: str | None, problem: Bilingual) -> ArchiveError:
        return ArchiveError(
            f"{problem.es}: no se lee nada del archivo",
            f"{problem.en}: nothing of the archive is read",
            archive=self.shown,
            member=member,
        )

    def _add(self, listed: str, size: int, compressed: int | None, is_dir: bool) -> str | None:
        """Check one listed name; remember a file under its key. The key, ``None`` for a folder."""
        problem = name_problem(listed)
        if problem is not None:
            raise self._refuse(listed, problem)
        key = member_key(listed)
        if key in self._members or key + "/" in self._members:
            raise self._refuse(
                listed,
                Bilingual(
                    es="el archivo tiene dos miembros con este nombre",
                    en="the archive has two members with this name",
                ),
            )
        if len(self._members) >= self.limits.archive_members:
            raise self._refuse(
                None,
                Bilingual(
                    es=f"tiene más de {self.limits.archive_members} miembros "
                    "([limits] archive_members)",
                    en=f"it has more than {self.limits.archive_members} members "
                    "([limits] archive_members)",
                ),
            )
        if is_dir:
            self._members[key + "/"] = MemberInfo(key + "/", 0)
            return None
        self._members[key] = MemberInfo(key, size, compressed)
        return key

    def _list_zip(self) -> None:
        try:
            self._zip = zipfile.ZipFile(self._file)
            infos = self._zip.infolist()
        except BROKEN as exc:
            raise broken(exc, archive=self.shown) from None
        if len(infos) > self.limits.archive_members:
            raise self._refuse(
                None,
                Bilingual(
                    es=f"tiene {len(infos)} miembros y el límite es "
                    f"{self.limits.archive_members} ([limits] archive_members)",
                    en=f"it has {len(infos)} members and the limit is "
                    f"{self.limits.archive_members} ([limits] archive_members)",
                ),
            )
        for info in infos:
            listed = info.orig_filename  # zipfile cuts ``filename`` at a NUL: check it all
            mode = info.external_attr >> 16
            if info.create_system == 3 and mode:  # made on Unix: the mode says what it is
                kind = unix_kind(mode)
                if kind is not None:
                    raise self._refuse(listed, kind)
            key = self._add(listed, info.file_size, info.compress_size, listed.endswith("/"))
            if key is not None:
                self._zip_infos[key] = info
        declared = declared_entries(self._file)
        if declared is not None and declared != len(infos):
            raise self._refuse(
                None,
                Bilingual(
                    es=f"su directorio lista {len(infos)} miembros y dice tener {declared}: "
                    "está dañado",
                    en=f"its directory lists {len(infos)} members and says it has {declared}: "
                    "damaged",
                ),
            )

    def _list_tar(self) -> None:
        compressed_size = self.path.stat().st_size
        try:
            source = decompressed(self._file)
            capped = CappedReads(source, TAR_HEADER_BYTES, self.shown)
            # closed by close(), with the archive
            self._tar = tarfile.open(fileobj=capped, mode="r:")  # type: ignore[call-overload]  # noqa: SIM115
        except ArchiveError:
            raise
        except BROKEN as exc:
            raise broken(exc, archive=self.shown) from None
        tar = self._tar
        assert tar is not None
        while True:
            try:
                info = tar.next()
            except ArchiveError:
                raise
            except BROKEN as exc:
                raise broken(exc, archive=self.shown, position=tar.offset) from None
            if info is None:
                break
            kind = tar_kind(info)
            if kind is not None:
                raise self._refuse(info.name, kind)
            key = self._add(info.name, info.size, None, info.isdir())
            if key is None:
                continue
            self._tar_infos[key] = info
            # tar.offset is already past the member's data (not read yet: skipped next time)
            problem = tar_member_problem(info, tar.offset, compressed_size, self.limits)
            if problem is not None:
                raise self._refuse(info.name, problem)
        check_tar_end(
            capped,
            tar.offset,
            compressed=source is not self._file,
            archive=self.shown,
            limits=self.limits,
        )

    # -- reading ------------------------------------------------------------------------------

    def names(self) -> list[str]:
        """The names of the archive's files (not its folders), in the order it lists them."""
        return [name for name in self._members if not name.endswith("/")]

    def members(self) -> Iterator[MemberInfo]:
        """The archive's files (not its folders), in the order it lists them."""
        return (info for name, info in self._members.items() if not name.endswith("/"))

    def member(self, name: str) -> MemberInfo | None:
        """The file called ``name``, or ``None``.

        ``name`` is looked up as :func:`~govsm.reading.archive_names.member_key` puts it.
        """
        if name_problem(name) is not None:
            return None
        info = self._members.get(member_key(name))
        return None if info is None or info.name.endswith("/") else info

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.member(name) is not None

    def open(self, name: str) -> IO[bytes]:
        """The content of the file ``name``, as a buffered binary stream; close it when done.

        :raises ArchiveError: there is no such file; it is encrypted, or compressed in a way
            govsm does not read; its declared size passes ``member_bytes`` or its declared
            ratio ``archive_ratio``. Reading the stream raises one, with the byte reached, when
            the member turns out larger than the limits or damaged.
        """
        if self._file.closed:
            raise ArchiveError(
                "el archivo ya está cerrado", "the archive is closed already", archive=self.shown
            )
        info = self.member(name)
        if info is None:
            raise ArchiveError(
                "el archivo no tiene este miembro",
                "the archive has no such member",
                archive=self.shown,
                member=name,
            )
        source = self._open_zip(info) if self.kind is ArchiveKind.ZIP else self._open_tar(info)
        self._open_streams += 1
        guarded = GuardedMember(
            source,
            archive=self.shown,
            member=info.name,
            compressed=info.compressed,
            limits=self.limits,
            budget=self._budget,
            on_close=self._stream_closed,
        )
        return buffered(guarded)

    def _stream_closed(self) -> None:
        self._open_streams -= 1

    def _member_refused(self, info: MemberInfo, es: str, en: str) -> ArchiveError:
        return ArchiveError(es, en, archive=self.shown, member=info.name)

    def _open_zip(self, info: MemberInfo) -> IO[bytes]:
        assert self._zip is not None
        zipped = self._zip_infos[info.name]
        problem = zip_member_problem(zipped, self.limits)
        if problem is not None:
            raise self._member_refused(info, problem.es, problem.en)
        try:
            return self._zip.open(zipped)
        except BROKEN as exc:
            raise broken(exc, archive=self.shown, member=info.name, position=0) from None

    def _open_tar(self, info: MemberInfo) -> IO[bytes]:
        assert self._tar is not None
        try:
            stream = self._tar.extractfile(self._tar_infos[info.name])
        except BROKEN as exc:
            raise broken(exc, archive=self.shown, member=info.name, position=0) from None
        if stream is None:  # pragma: no cover - only files are listed
            raise self._member_refused(info, "no es un fichero", "is not a file")
        return stream

    # -- closing ------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the archive (streams still open from it can no longer be read)."""
        for closing in (self._zip, self._tar):
            if closing is not None:
                with contextlib.suppress(*BROKEN):  # a damaged archive: nothing left to read
                    closing.close()
        self._file.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
