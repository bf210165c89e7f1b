"""Hostile and damaged archives: refused with an error naming archive, member and byte.

Hypothesis builds archives with random member names — hostile Unicode among them — and cuts
archives of every format at every kind of offset (in a header, in the data, in the directory,
in the trailer); bombs are built small with a high ratio. Whatever happens, the only exception
is an :class:`~govsm.reading.archive_errors.ArchiveError`, and a member is never read wrong
silently.
"""

from __future__ import annotations

import functools
import io
import tarfile
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from govsm.reading.archive_errors import ArchiveError
from govsm.reading.archive_members import open_archive
from govsm.reading.archive_names import member_key, name_problem, shown_name
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


_SEGMENT = st.one_of(
    st.sampled_from(
        [
            "..",
            ".",
            "",
            "data",
            "tweets.js",
            "C:",
            "c:",
            "．．",  # fullwidth full stops: NFKC folds them to ".."
            "..\\..",
            "\\\\server",
            "a\x00b",
            "line\nbreak",
            "\u202etxt.exe",  # right-to-left override
            "zero\u200bwidth",
            "Ñandú 🐦",
            "e\u0301",  # é decomposed: NFC composes it
            "é",
        ]
    ),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8),
)
_NAME = st.lists(_SEGMENT, min_size=1, max_size=4).map("/".join) | st.sampled_from(
    ["/etc/passwd", "\\windows\\system.ini", "C:\\boot.ini", "//server/share/x"]
)

_quiet = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)


def _zip_with_names(path: Path, names: list[str]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of duplicate names: they are the point
        with zipfile.ZipFile(path, "w") as archive:
            for name in names:
                info = zipfile.ZipInfo(name)
                archive.writestr(info, b"x")
    return path


def _expected_refusal(names: list[str]) -> bool:
    if any(name_problem(name) is not None for name in names):
        return True
    keys = [member_key(name) for name in names]
    return len(set(keys)) != len(keys) or any(key == "" for key in keys)


@given(names=st.lists(_NAME, min_size=1, max_size=5))
@_quiet
def test_any_member_names_open_or_are_refused_by_name(
    names: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("names")
    # zipfile writes a name only up to a NUL in it; a tar header cannot hold one at all
    written = [
        (_zip_with_names(folder / "a.zip", names), [n.split("\x00")[0] for n in names]),
        (_tar_with_names(folder, names), names),
    ]
    for path, as_written in written:
        if path is None:
            continue
        try:
            archive = open_archive(path, shown="a")
        except ArchiveError as refused:
            _check_refusal(refused, "a")
            continue
        with archive:
            assert not _expected_refusal(as_written), as_written
            listed = set(archive.names())
            assert listed <= {member_key(name) for name in as_written}
            for name in listed:
                assert name_problem(name) is None
                with archive.open(name) as stream:
                    assert stream.read() == b"x"


def _check_refusal(refused: ArchiveError, archive: str) -> None:
    """A refusal names the archive, and its place is one printable line."""
    where = refused.where or ""
    assert where.startswith(archive)
    assert "\n" not in where and "\x00" not in where


def _tar_with_names(folder: Path, names: list[str]) -> Path | None:
    if any("\x00" in name for name in names):
        return None  # a tar header cannot hold a NUL in a name: tarfile refuses to write it
    path = folder / "a.tar"
    try:
        return (
            write_tar(path, dict.fromkeys(names, b"x"))
            if len(set(names)) == len(names)
            else (_tar_duplicates(path, names))
        )
    except (ValueError, UnicodeEncodeError):
        return None


def _tar_duplicates(path: Path, names: list[str]) -> Path:
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as archive:
        for name in names:
            info = tarfile.TarInfo(name)
            info.size = 1
            archive.addfile(info, io.BytesIO(b"x"))
    return path


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("../../.bashrc", "leads out of the archive"),
        ("data/../../x", "leads out of the archive"),
        ("..\\..\\x", "leads out of the archive"),
        ("．．/x", "leads out of the archive"),
        ("/etc/passwd", "absolute path"),
        ("C:/Windows/x", "absolute path"),
        ("\\\\server\\x", "absolute path"),
        ("a\nb", "control characters"),
        ("a\x1b[31m.js", "control characters"),
    ],
)
def test_each_hostile_name_is_refused_with_the_name_shown(
    name: str, words: str, tmp_path: Path
) -> None:
    path = _zip_with_names(tmp_path / "evil.zip", ["data/tweets.js", name])
    with pytest.raises(ArchiveError, match=words) as refused:
        open_archive(path, shown="evil.zip")
    assert refused.value.where == f"evil.zip!{shown_name(name)}"
    assert "nothing of the archive is read" in refused.value.en


def test_a_nul_in_a_name_is_seen_though_zipfile_cuts_the_name_there(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "nul.zip", {"data/tweets.js": b"[]", "data/tweets.jsXevil": b"x"})
    raw = path.read_bytes().replace(b"tweets.jsXevil", b"tweets.js\x00evil")
    path.write_bytes(raw)
    with pytest.raises(ArchiveError, match="control characters") as refused:
        open_archive(path, shown="nul.zip")
    assert refused.value.where == "nul.zip!data/tweets.js\\u0000evil"


def test_duplicates_by_any_spelling_are_refused(tmp_path: Path) -> None:
    for twins in (["a.js", "a.js"], ["data/a.js", "./data//a.js"], ["é.js", "e\u0301.js"]):
        path = _zip_with_names(tmp_path / "twins.zip", twins)
        with pytest.raises(ArchiveError, match="two members with this name"):
            open_archive(path)
    path = tmp_path / "twins.tar"
    _tar_duplicates(path, ["data/tweets.js", "data/tweets.js"])
    with pytest.raises(ArchiveError, match="two members with this name"):
        open_archive(path)


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (tarfile.SYMTYPE, "symbolic link"),
        (tarfile.LNKTYPE, "hard link"),
        (tarfile.CHRTYPE, "device"),
        (tarfile.BLKTYPE, "device"),
        (tarfile.FIFOTYPE, "device, a pipe"),
    ],
)
def test_tar_links_and_devices_are_refused(kind: bytes, words: str, tmp_path: Path) -> None:
    path = tmp_path / "links.tar"
    with tarfile.open(path, "w") as archive:
        info = tarfile.TarInfo("data/tweets.js")
        info.type = kind
        info.linkname = "/etc/passwd"
        archive.addfile(info)
    with pytest.raises(ArchiveError, match=words):
        open_archive(path)


@pytest.mark.parametrize("mode", [0o120777, 0o020666, 0o010644, 0o140755])
def test_zip_links_and_devices_are_refused(mode: int, tmp_path: Path) -> None:
    path = tmp_path / "links.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("data/tweets.js")
        info.create_system = 3
        info.external_attr = mode << 16
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(ArchiveError, match=r"link|device"):
        open_archive(path)


def test_an_encrypted_member_and_an_unknown_method_are_refused_by_member(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "a.zip", CONTENT)
    raw = bytearray(path.read_bytes())
    central = raw.index(b"PK\x01\x02")  # the first member's directory entry: data/account.js
    raw[central + 8] |= 0x1
    path.write_bytes(bytes(raw))
    with open_archive(path, shown="a.zip") as archive:
        with pytest.raises(ArchiveError, match="encrypted") as refused:
            archive.open("data/account.js")
        assert refused.value.where == "a.zip!data/account.js"
        with archive.open("data/tweets.js") as stream:  # the others still read
            assert stream.read() == CONTENT["data/tweets.js"]
    raw[central + 8] &= ~0x1
    raw[central + 10] = 99  # AES: a method govsm does not read
    path.write_bytes(bytes(raw))
    with open_archive(path) as archive, pytest.raises(ArchiveError, match="method 99"):
        archive.open("data/account.js")


def test_too_many_members(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "a.zip", {f"m{n}.txt": b"x" for n in range(6)})
    with pytest.raises(ArchiveError, match="archive_members"):
        open_archive(path, Limits(archive_members=5))
    tar = write_tar(tmp_path / "a.tar", {f"m{n}.txt": b"x" for n in range(6)})
    with pytest.raises(ArchiveError, match="archive_members"):
        open_archive(tar, Limits(archive_members=5))


def test_a_zip_bomb_is_refused_by_its_declared_ratio(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "bomb.zip", {"data/tweets.js": b"\0" * (4 * MIB)})
    with (
        open_archive(path, shown="bomb.zip") as archive,
        pytest.raises(ArchiveError, match="compression bomb") as refused,
    ):
        archive.open("data/tweets.js")
    assert refused.value.where == "bomb.zip!data/tweets.js"


def test_a_zip_that_lies_about_sizes_is_caught_while_read(tmp_path: Path) -> None:
    """Declared 1,000 bytes, holding 4 MiB: the stream stops at 1,000 and the CRC tells."""
    path = write_zip(tmp_path / "liar.zip", {"data/tweets.js": b"\0" * (4 * MIB)})
    raw = bytearray(path.read_bytes())
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = raw.index(signature)
        raw[start + size_at : start + size_at + 4] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    with (
        open_archive(path) as archive,
        archive.open("data/tweets.js") as stream,
        pytest.raises(ArchiveError, match=r"CRC|damaged|truncated") as refused,
    ):
        stream.read()
    assert refused.value.position is not None and refused.value.position <= 1000


def test_a_tar_gz_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    path = write_tar(tmp_path / "bomb.tar.gz", {"data/tweets.js": b"\0" * (8 * MIB)}, "w:gz")
    with pytest.raises(ArchiveError, match="compression bomb"):
        open_archive(path)
    # and a member over the member limit is refused by its header alone
    with pytest.raises(ArchiveError, match="member_bytes"):
        open_archive(path, Limits(member_bytes=MIB, archive_ratio=100_000))
    with pytest.raises(ArchiveError, match="archive_bytes"):
        open_archive(path, Limits(archive_bytes=MIB, archive_ratio=100_000))


def test_a_tar_header_that_asks_for_gigabytes(tmp_path: Path) -> None:
    """A PAX header claiming 100 MiB would have tarfile read it all into memory."""
    header = tarfile.TarInfo("././@PaxHeader")
    header.type = tarfile.XHDTYPE
    header.size = 100 * MIB
    path = tmp_path / "pax.tar"
    path.write_bytes(header.tobuf(tarfile.USTAR_FORMAT) + b"20 path=data/x.js\n" + b"\0" * 2048)
    with pytest.raises(ArchiveError, match="header of more than"):
        open_archive(path)


def _variants(tmp_path: Path) -> dict[str, bytes]:
    made = {
        "zip": write_zip(tmp_path / "a.zip", CONTENT),
        "zip-stored": write_zip(tmp_path / "s.zip", CONTENT, zipfile.ZIP_STORED),
        "tar": write_tar(tmp_path / "a.tar", CONTENT),
        "tar.gz": write_tar(tmp_path / "a.tar.gz", CONTENT, "w:gz"),
        "tar.bz2": write_tar(tmp_path / "a.tar.bz2", CONTENT, "w:bz2"),
        "tar.xz": write_tar(tmp_path / "a.tar.xz", CONTENT, "w:xz"),
    }
    return {kind: path.read_bytes() for kind, path in made.items()}


@functools.cache
def variants() -> dict[str, bytes]:
    """Each format of the same archive, as bytes (built once, in a folder of its own)."""
    with tempfile.TemporaryDirectory() as folder:
        return _variants(Path(folder))


def _read_everything(path: Path) -> dict[str, bytes]:
    with open_archive(path) as archive:
        found = {}
        for name in archive.names():
            with archive.open(name) as stream:
                found[name] = stream.read()
        return found


@given(
    kind=st.sampled_from(["zip", "zip-stored", "tar", "tar.gz", "tar.bz2", "tar.xz"]),
    where=st.floats(0, 1, exclude_max=True),
    flip=st.booleans(),
)
@_quiet
def test_an_archive_cut_or_damaged_anywhere_is_refused_or_read_right(
    kind: str,
    where: float,
    flip: bool,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # a plain tar has no checksum over its data: a byte changed there cannot be seen
    assume(not (flip and kind == "tar"))
    whole = variants()[kind]
    at = int(len(whole) * where)
    # one byte changed, the length kept; or the archive cut there
    damaged = whole[:at] + bytes([whole[at] ^ 0x5A]) + whole[at + 1 :] if flip else whole[:at]
    path = tmp_path_factory.mktemp("cut") / f"a.{kind.split('-')[0]}"
    path.write_bytes(damaged)
    try:
        found = _read_everything(path)
    except ArchiveError as refused:
        _check_refusal(refused, str(path))
        return
    # what was read without complaint is exactly what was written
    assert found == CONTENT, (kind, at, flip)


@pytest.mark.parametrize("kind", ["zip", "tar", "tar.gz"])
def test_every_cut_of_a_small_archive(kind: str, tmp_path: Path) -> None:
    """Every offset, not a sample: headers, data, directory and trailer."""
    whole = variants()[kind]
    path = tmp_path / f"cut.{kind}"
    step = 1 if len(whole) < 4000 else 7
    for at in range(0, len(whole), step):
        path.write_bytes(whole[:at])
        try:
            found = _read_everything(path)
        except ArchiveError:
            continue
        assert found == CONTENT, at
