"""The CAR framing and the tree walk, on their own: what goes in comes out, in order.

The builder makes trees as atproto's reference makes them; the walk must find every key of the
wanted collections, in key order, with its CID, whatever the keys — and read no subtree that
cannot hold one.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import libipld
import pytest
from govsm_bluesky_archive.car import BlockIndex, cid_length, read_varint
from govsm_bluesky_archive.fields import tid_moment
from govsm_bluesky_archive.mst import Leaf, layer, walk
from hypothesis import given, settings
from hypothesis import strategies as st

from bluesky_archive_tests.builder import Repository, cid_of, key_of_layer, tid, varint

_COLLECTIONS = ("app.bsky.feed.post", "app.bsky.feed.repost", "app.bsky.feed.like", "a.b.c")
_RKEY = st.text("234567abcdefghijklmnopqrstuvwxyz.-_:~ABC", min_size=1, max_size=20)
_KEYS = st.sets(st.tuples(st.sampled_from(_COLLECTIONS), _RKEY), max_size=120)


def _tree(keys: set[tuple[str, str]]) -> tuple[bytes, dict[bytes, Any], dict[str, bytes]]:
    """A tree of ``keys``: its root, its nodes by CID, and each path's value."""
    values = {f"{c}/{r}": cid_of(f"{c}/{r}".encode()) for c, r in keys}
    root, nodes = Repository().tree(values)
    return root, {cid: libipld.decode_dag_cbor(data) for cid, data in nodes}, values


def _walk(
    root: bytes,
    nodes: dict[bytes, Any],
    collections: tuple[str, ...],
    read: list[bytes] | None = None,
) -> list[Any]:
    def fetch(cid: bytes) -> tuple[int, Any]:
        if read is not None:
            read.append(cid)
        return 0, nodes[cid]

    return list(walk(fetch, root, "repo.car", collections))


class TestWalk:
    """The walk of a tree."""

    @given(keys=_KEYS, wanted=st.sets(st.sampled_from(_COLLECTIONS), min_size=1))
    @settings(max_examples=60, deadline=None)
    def test_every_wanted_key_comes_out_in_order(
        self, keys: set[tuple[str, str]], wanted: set[str]
    ) -> None:
        """The leaves are exactly the wanted keys, sorted, each with its CID; no problem."""
        root, nodes, values = _tree(keys)
        found = _walk(root, nodes, tuple(sorted(wanted)))
        expected = sorted(k for k in values if k.split("/")[0] in wanted)
        assert found == [Leaf(k, values[k]) for k in expected]

    def test_a_subtree_without_wanted_keys_is_not_read(self) -> None:
        """Ten posts among two thousand likes: few nodes of the tree are read."""
        keys = {
            ("app.bsky.feed.like", tid(datetime(2024, 1, 1, tzinfo=UTC), n)) for n in range(1000)
        }
        keys |= {("app.bsky.feed.post", f"3l{n:011d}") for n in range(10)}
        keys |= {("app.bsky.graph.follow", f"3l{n:011d}") for n in range(1000)}
        root, nodes, _ = _tree(keys)
        read: list[bytes] = []
        found = _walk(root, nodes, ("app.bsky.feed.post",), read)
        assert len(found) == 10
        assert len(read) < len(nodes) / 4, (len(read), len(nodes))

    def test_an_empty_tree(self) -> None:
        """A repository without records: a root with no entries, and nothing to walk."""
        root, nodes, _ = _tree(set())
        assert _walk(root, nodes, _COLLECTIONS) == []

    def test_a_true_loop_ends(self) -> None:
        """A node that is its own subtree (no hash could make it; a reader could be fed it)."""
        key = key_of_layer(1)
        loop = cid_of(b"loop")
        nodes = {loop: {"l": loop, "e": [{"p": 0, "k": key, "v": b"v", "t": loop}]}}
        found = _walk(loop, nodes, _COLLECTIONS)
        twice = "it is reached twice (a loop, or a subtree with two parents)"
        assert [twice in f.en for f in found if not isinstance(f, Leaf)] == [True, True]
        assert [f for f in found if isinstance(f, Leaf)] == [Leaf(key.decode(), b"v")]

    def test_the_layers_atproto_gives_as_examples(self) -> None:
        """The repository specification's examples of key layers."""
        assert layer(b"2653ae71") == 0
        assert layer(b"blue") == 1
        assert layer(b"app.bsky.feed.post/454397e440ec") == 4
        assert layer(b"app.bsky.feed.post/9adeb165882c") == 8

    def test_a_key_of_the_wrong_layer_is_said(self) -> None:
        """A tree whose node holds a key of another layer: a problem, the keys still come out."""
        keys = [b"app.bsky.feed.post/454397e440ec", b"app.bsky.feed.post/zz"]
        node = {"l": None, "e": [{"p": 0, "k": k, "v": b"v", "t": None} for k in keys]}
        found = _walk(b"root", {b"root": node}, ("app.bsky.feed.post",))
        problems = [f for f in found if not isinstance(f, Leaf)]
        assert "its keys are not all of the node's layer" in problems[0].en
        assert [f.key for f in found if isinstance(f, Leaf)] == [k.decode() for k in keys]


class TestFraming:
    """Varints, CIDs, and where blocks are."""

    @given(value=st.integers(0, (1 << 63) - 1))
    @settings(deadline=None)
    def test_a_varint_reads_back(self, value: int) -> None:
        """What the builder writes reads back, with its length."""
        data = varint(value)
        assert read_varint(io.BytesIO(data + b"tail"), 0) == (value, len(data))

    @pytest.mark.parametrize(
        ("data", "reason"),
        [(b"\x80", "truncated"), (b"\x80\x00", "not minimal"), (b"\xff" * 9 + b"\x01", "too long")],
    )
    def test_varints_that_are_not(self, data: bytes, reason: str) -> None:
        """Cut, longer than it needs, or longer than nine bytes."""
        with pytest.raises(ValueError, match=reason):
            read_varint(io.BytesIO(data), 0)

    def test_the_end_of_the_file(self) -> None:
        """No byte at all is the end, not an error."""
        assert read_varint(io.BytesIO(b""), 0) is None

    @given(data=st.binary(min_size=1, max_size=200))
    @settings(deadline=None)
    def test_cids_are_measured_as_libipld_reads_them(self, data: bytes) -> None:
        """A CIDv1 and a CIDv0 are measured whole, with what follows them ignored."""
        v1 = cid_of(data)
        assert cid_length(v1 + data) == 36
        v0 = b"\x12\x20" + v1[4:]
        assert cid_length(v0 + data) == 34
        assert libipld.decode_cid(v1)["hash"]["digest"] == v1[4:]

    @given(blocks=st.lists(st.binary(min_size=1, max_size=50), max_size=40, unique=True))
    @settings(deadline=None)
    def test_the_index_finds_each_block(self, blocks: list[bytes]) -> None:
        """Every block added is found at its place; an unknown CID is not."""
        index = BlockIndex()
        for number, data in enumerate(blocks):
            index.add(cid_of(data), number * 100, number + 1)
        for number, data in enumerate(blocks):
            assert list(index.places(cid_of(data))) == [(number * 100, number + 1)]
        assert list(index.places(cid_of(b"elsewhere-" * 9))) == []

    @given(
        moment=st.datetimes(datetime(1970, 1, 1), datetime(2200, 1, 1)), clock=st.integers(0, 1023)
    )
    def test_a_tid_says_when_it_was_made(self, moment: datetime, clock: int) -> None:
        """A TID record key reads back as the microsecond it was made."""
        moment = moment.replace(tzinfo=UTC)
        assert tid_moment(tid(moment, clock)) == moment
