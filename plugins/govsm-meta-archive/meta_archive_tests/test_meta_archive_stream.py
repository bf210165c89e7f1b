"""The array reader, whatever the chunks: items whole, bytes exact, bad items passed, memory flat.

These tests read with chunks of a few bytes, so that every item, every escape, every multi-byte
character and every number is cut somewhere, and check that what comes out is what went in;
that a file cut anywhere is an error naming the byte, never another exception; that an item
that cannot be read is reported and the next one read; and that reading a file of hundreds of
thousands of items takes no more memory than reading a few.
"""

from __future__ import annotations

import gc
import io
import json
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from govsm_meta_archive.json_array import BadItem, RawItem, array_items
from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.reading.archive_errors import ArchiveError
from govsm.spec import Limits

_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    _TEXT,
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=12,
)


def _array(
    items: list[Any], indent: int | None, ascii_only: bool
) -> tuple[bytes, list[tuple[bytes, int]]]:
    """A file of ``items``, and each item's bytes and first byte."""
    space = "\n  " if indent else ""
    out = b"[" + space.encode()
    placed: list[tuple[bytes, int]] = []
    for number, item in enumerate(items):
        if number:
            out += ("," + space).encode()
        raw = json.dumps(item, indent=indent, ensure_ascii=ascii_only).encode()
        placed.append((raw, len(out)))
        out += raw
    return out + (b"\n]" if indent else b"]"), placed


def _read(data: bytes, chunk: int, **kwargs: Any) -> list[RawItem | BadItem]:
    return list(
        array_items(io.BufferedReader(io.BytesIO(data)), "fb.zip", "p.json", chunk=chunk, **kwargs)
    )


class TestItems:
    @given(
        st.lists(_VALUE, max_size=6),
        st.sampled_from([None, 2]),
        st.booleans(),
        st.integers(1, 9),
    )
    @settings(max_examples=150)
    def test_items_come_out_whole_and_exact(
        self, items: list[Any], indent: int | None, ascii_only: bool, chunk: int
    ) -> None:
        """Each item is parsed, with its exact bytes and the byte where it starts."""
        data, placed = _array(items, indent, ascii_only)
        read = _read(data, chunk)
        assert all(isinstance(item, RawItem) for item in read)
        assert [(i.raw, i.offset) for i in read if isinstance(i, RawItem)] == placed
        assert [i.data for i in read if isinstance(i, RawItem)] == items
        for item in read:
            assert isinstance(item, RawItem)
            assert data[item.offset : item.offset + len(item.raw)] == item.raw

    @given(
        st.lists(st.dictionaries(_TEXT, _VALUE, max_size=3), max_size=4),
        st.dictionaries(_TEXT.filter(lambda k: k != "comments_v2"), _VALUE, max_size=3),
        st.integers(1, 7),
    )
    @settings(max_examples=100)
    def test_the_members_arrays_among_others(
        self, items: list[Any], others: dict[str, Any], chunk: int
    ) -> None:
        """In an object, the wanted member's items come out; the other members are skipped."""
        document = {**others, "comments_v2": items}
        data = json.dumps(document, indent=1).encode()
        read = _read(data, chunk, members=frozenset({"comments_v2"}))
        assert [i.data for i in read if isinstance(i, RawItem)] == items
        assert all(isinstance(i, RawItem) and i.key == "comments_v2" for i in read)

    def test_a_byte_order_mark_is_passed(self) -> None:
        """A file that starts with UTF-8's byte order mark is read, offsets counting it."""
        read = _read(b'\xef\xbb\xbf[{"a": 1}]', 2)
        assert isinstance(read[0], RawItem) and read[0].offset == 4

    def test_escapes_and_backslashes_across_chunks(self) -> None:
        """Escaped quotes and runs of backslashes do not end a string early, wherever cut."""
        items = [{"a": 'x\\"]}', "b": "\\\\", "c": '\\\\\\"{'}, ["\\"], '"']
        data = json.dumps(items).encode()
        for chunk in range(1, 12):
            assert [i.data for i in _read(data, chunk) if isinstance(i, RawItem)] == items


class TestBadItems:
    def test_an_item_too_large_is_passed_and_the_next_read(self) -> None:
        """An item over ``text_bytes + field_bytes`` is reported and skipped, not held."""
        limits = Limits(text_bytes=1000, field_bytes=24)
        data = json.dumps([{"post": "x" * 5000}, {"post": "ok"}, "y" * 3000, 7]).encode()
        read = _read(data, 64, limits=limits)
        assert [type(i).__name__ for i in read] == ["BadItem", "RawItem", "BadItem", "RawItem"]
        bad = read[0]
        assert isinstance(bad, BadItem) and bad.offset == 1 and "1024" in bad.problem.en
        assert isinstance(read[1], RawItem) and read[1].data == {"post": "ok"}

    def test_an_item_nested_too_deep_is_passed(self) -> None:
        """An item nested deeper than ``[limits] depth`` is reported; the next is read."""
        data = b"[" + b"[" * 70 + b"]" * 70 + b', {"ok": 1}]'
        read = _read(data, 5)
        assert isinstance(read[0], BadItem) and "64" in read[0].problem.en
        assert isinstance(read[1], RawItem) and read[1].data == {"ok": 1}

    @pytest.mark.parametrize(
        ("raw", "said"),
        [
            (b'{"a": 1,}', "not valid JSON"),
            (b'{"a": \xff}', "not valid UTF-8"),
            (b'{"n": 1' + b"0" * 5000 + b"}", "too many digits"),
            (b'{"a": tru}', "not valid JSON"),
        ],
    )
    def test_an_unreadable_item_names_its_byte(self, raw: bytes, said: str) -> None:
        """An item that is not UTF-8 or not JSON is reported with its byte; the next is read."""
        read = _read(b"[" + raw + b', {"ok": 1}]', 3)
        assert isinstance(read[0], BadItem) and said in read[0].problem.en
        assert isinstance(read[1], RawItem)

    @pytest.mark.parametrize(
        ("data", "said"),
        [
            (b'{"a": 1}', "not a JSON array"),
            (b"[1 2]", "expected ',' or ']'"),
            (b"[1,]", "expected a JSON value"),
            (b"[1] x", "more text after the end"),
            (b"", "truncated"),
            (b"   ", "truncated"),
        ],
    )
    def test_a_broken_file_stops_with_its_byte(self, data: bytes, said: str) -> None:
        """A file that is not an array, or whose commas are wrong, is an error naming the byte."""
        with pytest.raises(ArchiveError) as raised:
            _read(data, 2)
        assert said in raised.value.en and "at byte" in raised.value.en

    def test_an_object_without_the_member(self) -> None:
        """An object without any of the wanted arrays says which it lacks."""
        with pytest.raises(ArchiveError, match="comments_v2"):
            _read(b'{"other": []}', 4, members=frozenset({"comments_v2"}))


class TestTruncation:
    @given(st.lists(st.dictionaries(_TEXT, _VALUE, max_size=4), min_size=1, max_size=5), st.data())
    @settings(max_examples=80)
    def test_cut_anywhere_is_an_error_naming_the_byte(
        self, items: list[Any], data: st.DataObject
    ) -> None:
        """A file cut at any byte yields the items before the cut, then an error with the byte."""
        whole, placed = _array(items, 2, False)
        cut = data.draw(st.integers(0, len(whole) - 1))
        read: list[RawItem | BadItem] = []
        stream = array_items(io.BytesIO(whole[:cut]), "fb.zip", "p.json", chunk=3)
        with pytest.raises(ArchiveError) as raised:
            read.extend(stream)
        assert "at byte" in raised.value.en
        whole_before = [raw for raw, start in placed if start + len(raw) <= cut]
        assert [i.raw for i in read if isinstance(i, RawItem)] == whole_before[: len(read)]

    def test_every_cut_of_a_council_file(self) -> None:
        """Cut at each of its bytes, a real-looking posts file never raises anything else."""
        posts = [
            {"timestamp": 1714640000 + n, "data": [{"post": 'Demà és festa 🎉 \\" '}]}
            for n in range(3)
        ]
        whole = json.dumps(posts, indent=2).encode()
        for cut in range(len(whole)):
            with pytest.raises(ArchiveError):
                list(array_items(io.BytesIO(whole[:cut]), "fb.zip", "p.json", chunk=7))


class _Generated(io.RawIOBase):
    """A file of ``count`` posts made as it is read: the test holds none of it."""

    def __init__(self, count: int, skipped: int = 0) -> None:
        self._parts = self._make(count, skipped)
        self._pending = b""

    @staticmethod
    def _make(count: int, skipped: int) -> Iterator[bytes]:
        yield b'{"skipped": "'
        for _ in range(skipped):
            yield b"x" * 4096 + b'\\"'
        yield b'", "posts": [\n'
        head = b'{\n  "timestamp": 1714640000,\n  "data": [\n    {\n      "post": "Bon dia, Soldeneu! \\u00f0\\u009f\\u008e\\u0089 '
        for number in range(count):
            yield (b",\n" if number else b"") + head + str(number).encode() + b'"\n    }\n  ]\n}'
        yield b"\n]}"

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while len(self._pending) < len(buffer):
            part = next(self._parts, None)
            if part is None:
                break
            self._pending += part
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _peak(count: int, skipped: int = 0) -> tuple[int, int]:
    gc.collect()
    tracemalloc.start()
    try:
        read = 0
        stream = io.BufferedReader(_Generated(count, skipped))
        for item in array_items(
            stream, "fb.zip", "p.json", members=frozenset({"posts"}), chunk=1 << 16
        ):
            read += isinstance(item, RawItem)
        return read, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class TestMemory:
    def test_memory_does_not_grow_with_the_posts(self) -> None:
        """Reading 20,000 posts (2 MB) takes no more memory than reading 200."""
        few, small = _peak(200)
        many, large = _peak(20_000)
        assert (few, many) == (200, 20_000)
        assert large < small * 2 + (1 << 20)

    def test_a_skipped_member_is_not_held(self) -> None:
        """A 40 MB member that is not wanted is skipped without being held."""
        read, peak = _peak(10, skipped=10_000)
        assert read == 10
        assert peak < 4 << 20
