"""Damaged and hostile archives: each a problem naming the archive, the member and the byte.

Nothing here may end in a traceback: a truncated zip, a ``tweets.js`` cut in the middle or with
a wrong first line, a member leading out of the archive, a compression bomb.
"""

from __future__ import annotations

import functools
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.spec import ImportProblem, Limits
from x_archive_tests.builder import ArchiveBuilder, council_archive, ytd
from x_archive_tests.conftest import messages_of, problems_of, read_all


@functools.cache
def archive_bytes() -> bytes:
    """The council's archive as bytes, built once."""
    with tempfile.TemporaryDirectory() as folder:
        return council_archive().write(Path(folder) / "whole.zip").read_bytes()


@given(cut=st.integers(min_value=0, max_value=9_999))
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_zip_cut_anywhere_is_a_problem_never_a_crash(
    cut: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    whole = archive_bytes()
    path = tmp_path_factory.mktemp("cut") / "cut.zip"
    path.write_bytes(whole[: cut * len(whole) // 10_000])
    items = read_all(path)
    problems = problems_of(items)
    assert problems, "a truncated archive must say so"
    assert all(p.where.startswith(str(path)) for p in problems)


def test_a_tweets_file_cut_in_the_middle_names_member_and_byte(tmp_path: Path) -> None:
    builder = council_archive()
    whole = builder.members()["data/tweets.js"]
    cut = whole[: len(whole) * 2 // 3]
    items = read_all(builder.write(tmp_path / "cut.zip", replace={"data/tweets.js": cut}))
    (problem,) = problems_of(items)
    assert problem.where.endswith("!data/tweets.js")
    assert f"byte {len(cut)}" in problem.message.en or "truncated" in problem.message.en
    loaded = messages_of(items)
    assert 0 < len(loaded) < 9  # the tweets before the cut still load


def test_invalid_json_names_the_byte(tmp_path: Path) -> None:
    builder = council_archive()
    whole = builder.members()["data/tweets.js"]
    broken_at = whole.index(b'"full_text"', len(whole) // 2)
    damaged = whole[:broken_at] + b"!" + whole[broken_at + 1 :]
    items = read_all(builder.write(tmp_path / "bad.zip", replace={"data/tweets.js": damaged}))
    (problem,) = problems_of(items)
    assert "invalid JSON" in problem.message.en
    assert f"at byte {broken_at} of the member" in problem.message.en


@pytest.mark.parametrize(
    "content",
    [
        b"var tweets = []",
        b"window.YTD.tweets.part0 = {}",
        b"window.YTD.tweets.part0 = [] trailing",
        b"\xff\xfe window.YTD.tweets.part0 = []",
        b"window.YTD.tweets.part0 = [1 2]",
    ],
)
def test_a_bad_first_line_or_shape_is_a_problem(content: bytes, tmp_path: Path) -> None:
    builder = council_archive()
    items = read_all(builder.write(tmp_path / "prefix.zip", replace={"data/tweets.js": content}))
    problems = problems_of(items)
    assert problems
    assert all("!data/tweets.js" in problem.where for problem in problems)


def test_a_member_leading_out_of_the_archive_refuses_it_whole(tmp_path: Path) -> None:
    path = council_archive().write(tmp_path / "evil.zip", extra={"../../.bashrc": b"rm -rf ~"})
    (problem,) = read_all(path)
    assert isinstance(problem, ImportProblem)
    assert problem.where.endswith("!../../.bashrc")
    assert "leads out of the archive" in problem.message.en


def test_a_symlink_member_refuses_the_archive(tmp_path: Path) -> None:
    path = council_archive().write(tmp_path / "link.zip")
    with zipfile.ZipFile(path, "a") as archive:
        info = zipfile.ZipInfo("data/tweets_media/link.jpg")
        info.create_system = 3
        info.external_attr = (0o120777) << 16
        archive.writestr(info, "/etc/passwd")
    (problem,) = read_all(path)
    assert isinstance(problem, ImportProblem)
    assert "symbolic link" in problem.message.en


def test_a_compression_bomb_is_stopped(tmp_path: Path) -> None:
    bomb = b"window.YTD.tweets.part0 = [" + b" " * (3 << 20) + b"]"
    path = council_archive().write(tmp_path / "bomb.zip", replace={"data/tweets.js": bomb})
    (problem,) = problems_of(read_all(path))
    assert problem.where.endswith("!data/tweets.js")
    assert "compression bomb" in problem.message.en
    # a lower limit stops a plainer member too, as it is read
    small = Limits(member_bytes=1000)
    items = read_all(council_archive().write(tmp_path / "plain.zip"), limits=small)
    assert any("member_bytes" in p.message.en for p in problems_of(items))


def test_a_damaged_member_is_caught_by_its_crc(tmp_path: Path) -> None:
    builder = ArchiveBuilder()
    builder.tweet(["Aviso: corte de agua en la calle Mayor el martes."])
    path = tmp_path / "crc.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, content in builder.members().items():
            archive.writestr(name, content)
    raw = bytearray(path.read_bytes())
    where = raw.index(b"corte de agua")
    raw[where] = ord("C")  # the same length, another byte: only the CRC can tell
    path.write_bytes(bytes(raw))
    (problem,) = problems_of(read_all(path))
    assert "CRC" in problem.message.en
    assert problem.where.endswith("!data/tweets.js")


def test_an_encrypted_member_is_refused_by_name(tmp_path: Path) -> None:
    path = council_archive().write(tmp_path / "locked.zip")
    raw = bytearray(path.read_bytes())
    # set the "encrypted" flag of tweets.js in the central directory (and its local header)
    name = b"data/tweets.js"
    for signature, flag_at in ((b"PK\x01\x02", 8), (b"PK\x03\x04", 6)):
        start = 0
        while (start := raw.find(signature, start)) != -1:
            name_at = start + (46 if signature == b"PK\x01\x02" else 30)
            if raw[name_at : name_at + len(name)] == name:
                raw[start + flag_at] |= 0x1
            start += 4
    path.write_bytes(bytes(raw))
    problems = problems_of(read_all(path))
    assert any(
        "encrypted" in p.message.en and p.where.endswith("!data/tweets.js") for p in problems
    )


def test_an_item_too_large_stops_the_member(tmp_path: Path) -> None:
    huge = b'window.YTD.tweets.part0 = [{"tweet": {"full_text": "' + b"a" * 5000 + b'"}}]'
    path = council_archive().write(tmp_path / "huge.zip", replace={"data/tweets.js": huge})
    limits = Limits(text_bytes=1000, field_bytes=1000)
    (problem,) = problems_of(read_all(path, limits=limits))
    assert "text_bytes + field_bytes" in problem.message.en


def test_notes_that_are_not_notes_are_problems_and_tweets_still_load(tmp_path: Path) -> None:
    builder = council_archive()
    notes = ytd("note_tweet", [{"noteTweet": {"core": {}}}, [1, 2]])
    items = read_all(builder.write(tmp_path / "notes.zip", replace={"data/note-tweet.js": notes}))
    assert len(problems_of(items)) == 2
    assert len(messages_of(items)) == 9


def test_no_account_file_means_no_profile(tmp_path: Path) -> None:
    path = tmp_path / "anonymous.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data/tweets.js", council_archive().members()["data/tweets.js"])
    (problem,) = read_all(path)
    assert isinstance(problem, ImportProblem)
    assert "account.js" in problem.message.en


def test_not_a_zip_at_all(tmp_path: Path) -> None:
    path = tmp_path / "fake.zip"
    path.write_bytes(b"this is no archive")
    (problem,) = read_all(path)
    assert isinstance(problem, ImportProblem)
    assert "neither a zip nor a tar" in problem.message.en
