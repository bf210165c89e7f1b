"""Damaged and hostile CAR files: each a problem naming the file and the byte, never a crash.

A file cut anywhere, a block whose bytes are not those its CID names, a loop or a shared
subtree in the tree, absurd lengths, a block too large, a record nested too deep, and files that
are not CARs at all but have a ``.car`` name.
"""

from __future__ import annotations

import functools
import io
import tempfile
import zipfile
from pathlib import Path

import libipld
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bluesky_archive_tests.builder import (
    DID,
    KINDS,
    POST,
    Repository,
    block_places,
    cid_of,
    cid_text,
    council_repository,
    key_of_layer,
    varint,
    write_car,
)
from bluesky_archive_tests.conftest import messages_of, problems_of, read_all
from govsm.model import Message
from govsm.spec import ImportProblem


@functools.cache
def council_car() -> bytes:
    """The council's repository as a CAR, built once."""
    return council_repository()[0].car()


@functools.cache
def council_messages() -> tuple[Message, ...]:
    """The council's messages, read from the whole file once."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "repo.car"
        path.write_bytes(council_car())
        return tuple(messages_of(read_all(path)))


def _read(path: Path, data: bytes) -> tuple[list[Message], list[ImportProblem]]:
    path.write_bytes(data)
    items = read_all(path)
    return messages_of(items), problems_of(items)


def _where(path: Path, problems: list[ImportProblem]) -> None:
    """Every problem names the file (and, for most, a byte)."""
    assert all(p.where == str(path) or p.where.startswith(f"{path}@") for p in problems)
    assert all(p.message.es and p.message.en for p in problems)


class TestCut:
    """A file cut short."""

    def test_a_file_cut_at_every_seventh_byte(self, tmp_path: Path) -> None:
        """Whatever the cut, the records read whole are the file's, and the cut is said."""
        whole = council_car()
        path = tmp_path / "cut.car"
        boundaries = {start for start, _, _, _ in block_places(whole)}
        for cut in range(0, len(whole), 7):
            messages, problems = _read(path, whole[:cut])
            assert set(messages) <= set(council_messages())
            _where(path, problems)
            if cut not in boundaries:
                assert problems, cut
                said = ("truncated", "it is empty", "it ends inside its header")
                assert any(word in p.message.en for p in problems for word in said)
            elif not problems:  # cut where a block starts, after every block read
                assert messages == list(council_messages())

    @given(cut=st.integers(min_value=0, max_value=100_000))
    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    def test_a_file_cut_anywhere_is_a_problem_never_a_crash(
        self, cut: int, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        """Any cut: problems naming the file, messages that are the file's."""
        whole = council_car()
        path = tmp_path_factory.mktemp("cut") / "repo.car"
        messages, problems = _read(path, whole[: cut * len(whole) // 100_000])
        assert set(messages) <= set(council_messages())
        _where(path, problems)
        assert problems or messages == list(council_messages())

    def test_the_cut_names_the_block_and_the_byte(self, tmp_path: Path) -> None:
        """A cut in the last post's record: the posts before it load, the cut is named."""
        whole = council_car()
        start, _, begin, end = list(block_places(whole))[-3]
        messages, problems = _read(tmp_path / "repo.car", whole[: begin + 3])
        assert 0 < len(messages) < len(KINDS)
        assert problems[-1].message.en == (
            f"the file ends in the middle of the block starting at byte {start}, which would "
            f"have {end - start} bytes and has only {begin + 3 - start}: it is truncated "
            f"(at byte {begin + 3})"
        )
        assert "el fichero acaba en medio del bloque" in problems[-1].message.es

    def test_many_lost_records_are_counted_not_listed(self, tmp_path: Path) -> None:
        """Half a big repository's records lost: ten problems, then one that counts the rest."""
        repo = Repository()
        for number in range(120):
            repo.post(f"Avís {number}")
        root, blocks = repo.blocks()
        kept = [block for block in blocks if block[0] == root or b"text" not in block[1][:80]]
        data = write_car([root], kept[: len(kept)] + [b for b in blocks if b not in kept][:40])
        messages, problems = _read(tmp_path / "repo.car", data)
        assert len(messages) == 40
        assert len(problems) == 11
        assert "and 70 more problems of the file's structure (70 blocks not in it" in (
            problems[-1].message.en
        )
        assert all("not in the file" in p.message.en for p in problems[:10])


class TestDamagedBlocks:
    """Blocks whose bytes are not those their CID names."""

    def _flip(self, data: bytes, at: int) -> bytes:
        return data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1 :]

    def test_a_damaged_record_is_named_and_the_rest_loads(self, tmp_path: Path) -> None:
        """One record's bytes changed: that record is a problem at its byte."""
        whole = council_car()
        place = next(p for p in block_places(whole) if b"farola" in whole[p[2] : p[3]])
        damaged = self._flip(whole, place[2] + whole[place[2] : place[3]].index(b"farola"))
        messages, problems = _read(tmp_path / "repo.car", damaged)
        assert len(messages) == len(KINDS) - 1
        (problem,) = problems
        assert problem.where == str(tmp_path / "repo.car")
        assert "does not match its CID" in problem.message.en
        assert f"(at byte {place[0]})" in problem.message.en
        assert problem.message.en.startswith("app.bsky.feed.post/")

    def test_a_damaged_commit_loads_nothing(self, tmp_path: Path) -> None:
        """The commit's bytes changed: whose repository it is cannot be trusted."""
        whole = council_car()
        start, _, begin, _ = next(block_places(whole))
        messages, problems = _read(tmp_path / "repo.car", self._flip(whole, begin + 10))
        assert messages == []
        (problem,) = problems
        assert "does not match its CID" in problem.message.en
        assert f"(at byte {start})" in problem.message.en

    def test_a_damaged_node_of_the_tree_loses_its_subtree(self, tmp_path: Path) -> None:
        """A node's bytes changed: what hangs from it is not read, the rest is."""
        repo = Repository()
        for number in range(200):
            repo.post(f"Avís {number}")
        whole = repo.car()
        nodes = [p for p in block_places(whole) if b"text" not in whole[p[2] : p[3]]][1:]
        start, _, begin, _ = nodes[len(nodes) // 2]
        messages, problems = _read(tmp_path / "repo.car", self._flip(whole, begin + 5))
        assert 0 < len(messages) < 200
        assert "does not match its CID" in problems[0].message.en
        assert f"(at byte {start})" in problems[0].message.en

    def test_a_block_whose_cid_is_not_dag_cbor_with_sha256(self, tmp_path: Path) -> None:
        """A record named by a CID of another kind is refused."""
        repo = Repository()
        repo.post("Hola")
        root, blocks = repo.blocks()
        record = libipld.encode_dag_cbor(next(iter(repo.records.values())))
        raw_cid = b"\x01\x55\x12\x20" + cid_of(record)[4:]  # codec "raw"
        blocks = [(raw_cid, data) if cid == cid_of(record) else (cid, data) for cid, data in blocks]
        # the tree still points at the dag-cbor CID: the block is not found under it
        messages, problems = _read(tmp_path / "repo.car", write_car([root], blocks))
        assert messages == []
        assert "is not in the file" in problems[0].message.en


def _tree_car(node: dict[str, object], extra: list[tuple[bytes, bytes]] = ()) -> bytes:  # type: ignore[assignment]
    """A repository whose tree's root is ``node`` (with ``extra`` blocks)."""
    repo = Repository()
    data = libipld.encode_dag_cbor(node)
    root = cid_of(data)
    commit_cid, commit = repo.commit(root)
    return write_car([commit_cid], [(commit_cid, commit), (root, data), *extra])


class TestHostileTrees:
    """Trees no PDS writes."""

    def _record(self, text: str = "Hola") -> tuple[bytes, bytes]:
        data = libipld.encode_dag_cbor(
            {"$type": POST, "text": text, "createdAt": "2025-01-01T00:00:00Z"}
        )
        return cid_of(data), data

    def test_a_loop_in_the_tree_is_a_problem_and_the_walk_ends(self, tmp_path: Path) -> None:
        """A node that points at itself (written under its own CID, so it is damaged)."""
        cid, record = self._record()
        key = f"{POST}/3laaaaaaaaaa2".encode()
        placeholder = b"\x01\x71\x12\x20" + bytes(32)
        node = {"l": placeholder, "e": [{"p": 0, "k": key, "v": cid, "t": None}]}
        data = libipld.encode_dag_cbor(node)
        repo = Repository()
        commit_cid, commit = repo.commit(placeholder)
        car = write_car([commit_cid], [(commit_cid, commit), (placeholder, data), (cid, record)])
        messages, problems = _read(tmp_path / "repo.car", car)
        assert messages == []
        assert "does not match its CID" in problems[0].message.en

    def test_a_subtree_reached_twice_is_read_once(self, tmp_path: Path) -> None:
        """Two links to one subtree (a diamond): the second is a problem, not a second walk."""
        cid, record = self._record()
        low = key_of_layer(0)
        high = key_of_layer(1, after=low.decode())
        sub = libipld.encode_dag_cbor({"l": None, "e": [{"p": 0, "k": low, "v": cid, "t": None}]})
        shared = cid_of(sub)
        root = {"l": shared, "e": [{"p": 0, "k": high, "v": cid, "t": shared}]}
        messages, problems = _read(
            tmp_path / "repo.car", _tree_car(root, [(shared, sub), (cid, record)])
        )
        texts = [p.message.en for p in problems]
        assert texts == [
            f"node {cid_text(shared)} of the repository's tree is malformed: it is reached "
            "twice (a loop, or a subtree with two parents); it is not read again"
        ]
        assert len(messages) == 2

    def test_keys_out_of_order_are_left_out(self, tmp_path: Path) -> None:
        """A node whose keys do not rise: the ones out of order are problems."""
        cid, record = self._record()
        first, second = (f"{POST}/3lbbbbbbbbbb2".encode(), f"{POST}/3laaaaaaaaaa2".encode())
        root = {
            "l": None,
            "e": [
                {"p": 0, "k": first, "v": cid, "t": None},
                {"p": len(POST) + 3, "k": second[len(POST) + 3 :], "v": cid, "t": None},
            ],
        }
        messages, problems = _read(tmp_path / "repo.car", _tree_car(root, [(cid, record)]))
        assert len(messages) == 1
        assert any("is out of order" in p.message.en for p in problems)

    @pytest.mark.parametrize(
        ("entry", "said"),
        [
            ("not a map", "its entry 0 is not a map"),
            ({"p": 0, "k": "text", "v": b"", "t": None}, "lacks 'p'"),
            ({"p": 5, "k": b"x/y", "v": b"", "t": None}, "says it shares 5 bytes"),
            ({"p": True, "k": b"x/y", "v": b"", "t": None}, "lacks 'p'"),
            ({"p": 0, "k": b"", "v": b"", "t": None}, "is empty or longer"),
            ({"p": 0, "k": b"x" * 2000, "v": b"", "t": None}, "is empty or longer"),
        ],
    )
    def test_entries_of_the_wrong_types(self, tmp_path: Path, entry: object, said: str) -> None:
        """An entry that is not one: the node is a problem naming it."""
        messages, problems = _read(tmp_path / "repo.car", _tree_car({"l": None, "e": [entry]}))
        assert messages == []
        (problem,) = problems
        assert said in problem.message.en

    @pytest.mark.parametrize("node", [[], {"e": "x"}, {"l": "x", "e": []}, 7])
    def test_a_node_that_is_not_one(self, tmp_path: Path, node: object) -> None:
        """A root that is not a map with ``e`` and ``l``."""
        data = libipld.encode_dag_cbor(node)
        root = cid_of(data)
        commit_cid, commit = Repository().commit(root)
        car = write_car([commit_cid], [(commit_cid, commit), (root, data)])
        messages, problems = _read(tmp_path / "repo.car", car)
        assert messages == []
        assert "is not a map with 'e'" in problems[0].message.en

    def test_a_key_that_is_no_path(self, tmp_path: Path) -> None:
        """A key of a wanted collection with characters a path may not have."""
        cid, record = self._record()
        root = {"l": None, "e": [{"p": 0, "k": f"{POST}/a b\n".encode(), "v": cid, "t": None}]}
        messages, problems = _read(tmp_path / "repo.car", _tree_car(root, [(cid, record)]))
        assert messages == []
        assert any("is not a record's path" in p.message.en for p in problems)

    def test_a_chain_deeper_than_any_tree_is_cut(self, tmp_path: Path) -> None:
        """A chain of 200 empty nodes: the walk stops at its depth limit."""
        blocks: list[tuple[bytes, bytes]] = []
        below: bytes | None = None
        for _ in range(200):
            data = libipld.encode_dag_cbor({"l": below, "e": []})
            below = cid_of(data)
            blocks.append((below, data))
        assert below is not None
        commit_cid, commit = Repository().commit(below)
        car = write_car([commit_cid], [(commit_cid, commit), *blocks[::-1]])
        messages, problems = _read(tmp_path / "repo.car", car)
        assert messages == []
        assert any("more than 48 levels below the root" in p.message.en for p in problems)

    def test_a_record_nested_too_deep(self, tmp_path: Path) -> None:
        """A record of a thousand nested lists is refused by the decoder, not by a crash."""
        deep = b"\x81" * 5000 + b"\x00"
        cid = cid_of(deep)
        key = f"{POST}/3laaaaaaaaaa2".encode()
        root = {"l": None, "e": [{"p": 0, "k": key, "v": cid, "t": None}]}
        messages, problems = _read(tmp_path / "repo.car", _tree_car(root, [(cid, deep)]))
        assert messages == []
        assert "is not valid DAG-CBOR (it nests too deep)" in problems[0].message.en


class TestNotACar:
    """Files with a ``.car`` name that are not repository exports."""

    @pytest.mark.parametrize(
        ("content", "said"),
        [
            (b"", "it is empty"),
            (b"\x89PNG\r\n\x1a\n" + bytes(64), "is not a CAR v1 file"),
            (b'{"posts": []}', "is not a CAR v1 file"),
            (b"\xff" * 20, "does not start with a header's length"),
            (b"\x80\x00", "does not start with a header's length"),
            (varint(10**9) + b"x", "its header would be 1000000000 bytes long"),
            (b"\x05abc", "it ends inside its header"),
            (varint(3) + libipld.encode_dag_cbor([1, 2]), "its header is not a map"),
            (
                varint(10) + libipld.encode_dag_cbor({"version": 2}),
                "it is a version 2 CAR",
            ),
        ],
    )
    def test_other_files(self, tmp_path: Path, content: bytes, said: str) -> None:
        """Each is one problem naming the file: nothing loads."""
        path = tmp_path / "repo.car"
        messages, problems = _read(path, content)
        assert messages == []
        (problem,) = problems
        assert said in problem.message.en and problem.where == str(path)

    def test_a_zip_named_car(self, tmp_path: Path) -> None:
        """Bluesky's whole download unpacked wrong, or a zip renamed: not a CAR."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("repo.car", council_car())
        messages, problems = _read(tmp_path / "repo.car", buffer.getvalue())
        assert messages == [] and "is not a CAR v1 file" in problems[0].message.en

    @pytest.mark.parametrize(
        "header",
        [
            {"version": 1, "roots": []},
            {"version": 1},
            {"version": 1, "roots": [b"not a cid"]},
            {"version": "1", "roots": [cid_of(b"x")]},
        ],
    )
    def test_headers_without_a_root(self, tmp_path: Path, header: dict[str, object]) -> None:
        """A header with no root, or roots that are not CIDs."""
        messages, problems = _read(tmp_path / "repo.car", write_car([], [], header=header))
        assert messages == [] and "is not a CAR v1 file" in problems[0].message.en

    def test_a_root_that_is_not_a_commit(self, tmp_path: Path) -> None:
        """The root is a post, not a commit."""
        record = libipld.encode_dag_cbor({"$type": POST, "text": "x"})
        car = write_car([cid_of(record)], [(cid_of(record), record)])
        messages, problems = _read(tmp_path / "repo.car", car)
        assert messages == []
        assert "is not an atproto repository's commit: its 'version'" in problems[0].message.en

    @pytest.mark.parametrize(
        ("change", "said"),
        [
            ({"did": "ajsoldeneu.bsky.social"}, "its 'did' is not a DID"),
            ({"version": 4}, "neither 2 nor 3"),
            ({"data": "bafy"}, "its 'data' is not a CID"),
        ],
    )
    def test_commits_that_are_not_one(
        self, tmp_path: Path, change: dict[str, object], said: str
    ) -> None:
        """A commit without a DID, of another version, or pointing at no tree."""
        commit = {
            "did": DID,
            "version": 3,
            "data": cid_of(b"x"),
            "rev": "3l",
            "sig": b"s",
            **change,
        }
        data = libipld.encode_dag_cbor(commit)
        messages, problems = _read(
            tmp_path / "repo.car", write_car([cid_of(data)], [(cid_of(data), data)])
        )
        assert messages == [] and said in problems[0].message.en

    def test_the_commit_missing(self, tmp_path: Path) -> None:
        """The root names a block the file does not have."""
        car = write_car([cid_of(b"elsewhere")], [])
        messages, problems = _read(tmp_path / "repo.car", car)
        assert messages == [] and "is not in the file" in problems[0].message.en

    @given(data=st.binary(max_size=400))
    @settings(
        max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    def test_any_bytes_are_a_problem_never_a_crash(
        self, data: bytes, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        """Random bytes: problems naming the file, and no messages."""
        path = tmp_path_factory.mktemp("noise") / "noise.car"
        messages, problems = _read(path, data)
        assert messages == [] and problems
        _where(path, problems)

    @given(data=st.binary(min_size=1, max_size=64), at=st.integers(0, 10_000))
    @settings(
        max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    def test_bytes_spliced_into_a_real_file(
        self, data: bytes, at: int, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        """A real file with bytes written over a part of it: never a crash."""
        whole = council_car()
        at = at * len(whole) // 10_000
        path = tmp_path_factory.mktemp("spliced") / "repo.car"
        messages, problems = _read(path, whole[:at] + data + whole[at + len(data) :])
        _where(path, problems)
        assert set(messages) <= set(council_messages()) or problems


class TestAbsurdLengths:
    """Lengths no file could hold."""

    def test_a_block_length_over_nine_bytes(self, tmp_path: Path) -> None:
        """A varint of ten bytes: the reading stops there, naming the byte."""
        whole = council_car()
        messages, problems = _read(tmp_path / "repo.car", whole + b"\xff" * 12)
        assert messages == list(council_messages())
        (problem,) = problems
        assert "is not a valid number" in problem.message.en
        assert f"the block starting at byte {len(whole)}" in problem.message.en

    def test_a_varint_not_written_as_short_as_it_could_be(self, tmp_path: Path) -> None:
        """``0x85 0x00`` is 5 in two bytes: not a varint multiformats allows."""
        whole = council_car()
        messages, problems = _read(tmp_path / "repo.car", whole + b"\x85\x00abcde")
        assert messages == list(council_messages())
        assert "not written in as few as it could be" in problems[0].message.en

    def test_a_block_that_would_be_larger_than_the_file(self, tmp_path: Path) -> None:
        """A length of 2⁶² bytes: the file is said to be truncated, not read into memory."""
        whole = council_car()
        messages, problems = _read(tmp_path / "repo.car", whole + varint(1 << 62) + b"x" * 40)
        assert messages == list(council_messages())
        assert "which would have 4611686018427387913 bytes" in problems[0].message.en

    def test_a_block_of_no_length(self, tmp_path: Path) -> None:
        """A block of 0 bytes cannot hold its CID."""
        _messages, problems = _read(tmp_path / "repo.car", council_car() + b"\x00")
        assert "a block says it has 0 bytes" in problems[0].message.en

    def test_a_block_larger_than_two_mebibytes_is_not_read(self, tmp_path: Path) -> None:
        """A record of 3 MiB is refused by its size, before it is read."""
        repo = Repository()
        repo.post("Curt")
        repo.post("x" * (3 * 1024 * 1024))
        messages, problems = _read(tmp_path / "repo.car", repo.car())
        assert [m.text for m in messages] == ["Curt"]
        (problem,) = problems
        assert "more than the 2097152 read" in problem.message.en

    def test_blocks_whose_cid_cannot_be_read_are_skipped_and_counted(self, tmp_path: Path) -> None:
        """Entries that start with no CID: skipped, counted, the first one's byte named."""
        whole = council_car()
        junk = varint(40) + b"\x07" + bytes(39)
        messages, problems = _read(tmp_path / "repo.car", whole + junk + junk)
        assert messages == list(council_messages())
        (problem,) = problems
        assert problem.message.en == (
            f"2 blocks do not start with a readable CID and are skipped (the first at byte "
            f"{len(whole)})"
        )
