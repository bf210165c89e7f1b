"""Reading members of zip and tar archives: by name, as streams, within the limits.

Every archive here is built by the test. What is checked: a member reads back as it was written,
in every format; a stream gives the content a read at a time, never all of it at once; the
limits stop a member, an archive and a ratio as they are passed; and nothing but an
:class:`~govsm.reading.archive_errors.ArchiveError` ever comes out.
"""

from __future__ import annotations

import io
import os
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from govsm.errors import ConfigError
from govsm.reading.archive_errors import ArchiveError
from govsm.reading.archive_members import ArchiveKind, archive_kind, open_archive
from govsm.reading.archive_streams import Budget, GuardedMember
from govsm.spec.limits import MIB, Limits

CONTENT = {
    "data/account.js": b'window.YTD.account.part0 = [{"account": {"username": "AytoValdemora"}}]',
    "data/tweets.js": "window.YTD.tweets.part0 = [] // ñandú 🐦".encode(),
    "leeme.txt": b"Archivo de prueba del Ayuntamiento de Valdemora.\n" * 40,
}


def write_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def write_tar(path: Path, members: dict[str, bytes], mode: str = "w") -> Path:
    with tarfile.open(path, mode) as archive:  # type: ignore[call-overload]
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return path


FORMATS = {
    "zip": lambda path: write_zip(path.with_suffix(".zip"), CONTENT),
    "zip-stored": lambda path: write_zip(path.with_suffix(".zip"), CONTENT, zipfile.ZIP_STORED),
    "zip-bzip2": lambda path: write_zip(path.with_suffix(".zip"), CONTENT, zipfile.ZIP_BZIP2),
    "zip-lzma": lambda path: write_zip(path.with_suffix(".zip"), CONTENT, zipfile.ZIP_LZMA),
    "tar": lambda path: write_tar(path.with_suffix(".tar"), CONTENT),
    "tar.gz": lambda path: write_tar(path.with_suffix(".tar.gz"), CONTENT, "w:gz"),
    "tgz": lambda path: write_tar(path.with_suffix(".tgz"), CONTENT, "w:gz"),
    "tar.bz2": lambda path: write_tar(path.with_suffix(".tar.bz2"), CONTENT, "w:bz2"),
    "tar.xz": lambda path: write_tar(path.with_suffix(".tar.xz"), CONTENT, "w:xz"),
}


@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_each_format_reads_back_what_was_written(kind: str, tmp_path: Path) -> None:
    path = FORMATS[kind](tmp_path / "archive")
    expected = ArchiveKind.ZIP if kind.startswith("zip") else ArchiveKind.TAR
    assert archive_kind(path) is expected
    with open_archive(path) as archive:
        assert archive.names() == list(CONTENT)
        assert "data/tweets.js" in archive and "./data//tweets.js" in archive
        assert "data" not in archive and "../leeme.txt" not in archive
        for name, content in CONTENT.items():
            info = archive.member(name)
            assert info is not None and info.size == len(content)
            with archive.open(name) as stream:
                assert stream.read() == content
            with archive.open(name) as stream:  # a member can be read again, by lines too
                assert b"".join(stream) == content


def test_folders_are_listed_but_not_files(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "a.zip", {"data/": b"", "data/tweets.js": b"[]"})
    with open_archive(path) as archive:
        assert archive.names() == ["data/tweets.js"]
        assert archive.member("data/") is None
        assert [m.name for m in archive.members()] == ["data/tweets.js"]


def test_a_missing_member_and_a_closed_archive(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "a.zip", CONTENT)
    archive = open_archive(path, shown="history/a.zip")
    with pytest.raises(ArchiveError) as missing:
        archive.open("data/like.js")
    assert missing.value.where == "history/a.zip!data/like.js"
    assert "no such member" in missing.value.en
    archive.close()
    with pytest.raises(ArchiveError, match="closed"):
        archive.open("data/tweets.js")


def test_an_archive_error_is_a_config_error_naming_archive_member_and_byte() -> None:
    error = ArchiveError("dañado", "damaged", archive="h/x.zip", member="a\nb.js", position=9)
    assert isinstance(error, ConfigError)
    assert error.where == "h/x.zip!a\\u000ab.js"
    assert error.en == "damaged (at byte 9 of the member)"
    assert error.es == "dañado (en el byte 9 del miembro)"
    whole = ArchiveError("x", "x", archive="h/x.tar", position=512)
    assert whole.en == "x (at byte 512 of the uncompressed archive)"


def test_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "notes.zip"
    path.write_bytes(b"hola, esto no es un zip")
    assert archive_kind(path) is None
    with pytest.raises(ArchiveError, match="neither a zip nor a tar"):
        open_archive(path)
    with pytest.raises(ArchiveError, match="cannot read"):
        open_archive(tmp_path / "missing.zip")


def test_a_stream_holds_one_read_not_the_member(tmp_path: Path) -> None:
    """Reading a 24 MiB member a chunk at a time keeps memory far below its size."""
    size = 24 * MIB
    block = os.urandom(64 * 1024).hex().encode()  # compresses about twofold
    path = tmp_path / "big.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as made,
        made.open("data/tweets.js", "w") as member,
    ):
        for _ in range(size // len(block)):
            member.write(block)
    tracemalloc.start()
    try:
        with open_archive(path) as archive, archive.open("data/tweets.js") as stream:
            total = 0
            while chunk := stream.read(256 * 1024):
                total += len(chunk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert total >= size - len(block)
    assert peak < 4 * MIB, peak


def test_the_member_limit_stops_the_stream_as_it_is_passed(tmp_path: Path) -> None:
    content = os.urandom(300_000)
    path = write_zip(tmp_path / "a.zip", {"big.bin": content})
    with open_archive(path, Limits(member_bytes=400_000)) as archive, archive.open("big.bin") as s:
        assert s.read() == content
    with open_archive(path, Limits(member_bytes=100_000)) as archive:
        with pytest.raises(ArchiveError, match=r"member_bytes") as refused:
            archive.open("big.bin")
        assert refused.value.where is not None and refused.value.where.endswith("!big.bin")


def test_the_archive_limit_counts_every_member_read(tmp_path: Path) -> None:
    members = {f"part{n}.bin": os.urandom(200_000) for n in range(3)}
    path = write_zip(tmp_path / "a.zip", members)
    with open_archive(path, Limits(archive_bytes=500_000)) as archive:
        for name in ("part0.bin", "part1.bin"):
            with archive.open(name) as stream:
                stream.read()
        with (
            pytest.raises(ArchiveError, match="archive_bytes") as refused,
            archive.open("part2.bin") as stream,
        ):
            stream.read()
        assert refused.value.position is not None and refused.value.position > 0


def test_the_ratio_is_held_while_streaming_whatever_was_declared() -> None:
    """A member whose header lies: the stream counts what really comes out."""
    member = GuardedMember(
        io.BytesIO(b"\0" * (2 * MIB)),
        archive="a.zip",
        member="lies.bin",
        compressed=1000,
        limits=Limits(),
        budget=Budget(Limits().archive_bytes),
    )
    with pytest.raises(ArchiveError, match="compression bomb") as refused:
        _drain(member)
    assert refused.value.position is not None and refused.value.position > MIB


def _drain(stream: GuardedMember) -> None:
    while stream.read(64 * 1024):
        pass


def test_a_small_file_of_spaces_is_no_bomb(tmp_path: Path) -> None:
    """Below 1 MiB any ratio is fine: a file of spaces compresses a hundredfold."""
    path = write_zip(tmp_path / "a.zip", {"spaces.txt": b" " * 900_000})
    with open_archive(path) as archive, archive.open("spaces.txt") as stream:
        assert len(stream.read()) == 900_000
