"""The ``outbox.json`` reader, whatever the chunks: items whole, bytes exact, memory flat.

The reader holds one chunk and one item; these tests read with chunks of a few bytes, so that
every item, every multi-byte character and every number is cut somewhere, and check that what
comes out is what went in; that a file cut anywhere is an error naming the byte, never another
exception; and that reading an outbox of hundreds of thousands of items takes no more memory
than reading one of a few thousand.
"""

from __future__ import annotations

import gc
import io
import json
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from govsm_mastodon_archive.json_stream import RawItem, ordered_items
from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.reading.archive_errors import ArchiveError

#: text as hostile as JSON allows: any code point but lone surrogates
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-(10**12), 10**12), _TEXT)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=12,
)
_ITEMS = st.lists(st.dictionaries(_TEXT, _VALUE, max_size=5), max_size=6)


def _file(
    items: list[Any], indent: int | None, before: dict[str, Any], after: dict[str, Any]
) -> tuple[bytes, list[tuple[bytes, int]]]:
    """An outbox of ``items`` between other members, and each item's bytes and first byte."""
    space = "\n" if indent else ""
    head = json.dumps(before, ensure_ascii=False)[:-1]
    out = (head + ("," if before else "") + f'{space}"orderedItems" : [{space}').encode()
    placed: list[tuple[bytes, int]] = []
    for number, item in enumerate(items):
        if number:
            out += f",{space} ".encode()
        raw = json.dumps(item, indent=indent, ensure_ascii=False).encode()
        placed.append((raw, len(out)))
        out += raw
    tail = json.dumps(after, ensure_ascii=False)[1:]
    out += f"{space}]".encode() + (b"," + tail.encode() if after else b"}")
    return out, placed


def _read(data: bytes, chunk: int) -> list[RawItem]:
    return list(ordered_items(io.BufferedReader(io.BytesIO(data)), "a.zip", "o.json", chunk=chunk))


@given(
    items=_ITEMS,
    chunk=st.integers(1, 64),
    indent=st.sampled_from([None, 2]),
    before=st.dictionaries(_TEXT.filter(lambda k: k != "orderedItems"), _VALUE, max_size=3),
    after=st.dictionaries(_TEXT.filter(lambda k: k != "orderedItems"), _VALUE, max_size=2),
)
@settings(max_examples=80)
def test_items_come_out_as_they_went_in(
    items: list[Any], chunk: int, indent: int | None, before: dict[str, Any], after: dict[str, Any]
) -> None:
    data, placed = _file(items, indent, before, after)
    assert json.loads(data)["orderedItems"] == items
    read = _read(data, chunk)
    assert [item.data for item in read] == items
    assert [(item.raw, item.offset) for item in read] == placed
    for item in read:
        assert data[item.offset : item.offset + len(item.raw)] == item.raw


@given(items=_ITEMS.filter(bool), chunk=st.integers(1, 64), cut=st.floats(0, 1, exclude_max=True))
@settings(max_examples=80)
def test_a_file_cut_anywhere_is_an_error_naming_the_byte(
    items: list[Any], chunk: int, cut: float
) -> None:
    data, _ = _file(items, 2, {"id": "outbox.json"}, {})
    at = int(len(data) * cut)
    read: list[RawItem] = []
    with pytest.raises(ArchiveError) as raised:
        read.extend(ordered_items(io.BytesIO(data[:at]), "a.zip", "o.json", chunk=chunk))
    assert [item.data for item in read] == items[: len(read)]
    assert raised.value.position is not None and 0 <= raised.value.position <= at
    assert raised.value.where == "a.zip!o.json"


def test_a_character_cut_across_chunks_and_bad_utf8() -> None:
    data = '{"orderedItems":[{"t":"Ñandú 🐘 &amp;"}]}'.encode()
    for chunk in range(1, 8):
        (item,) = _read(data, chunk)
        assert item.data == {"t": "Ñandú 🐘 &amp;"}
    bad = data.replace("ú".encode(), b"\xff")
    with pytest.raises(ArchiveError, match="UTF-8") as raised:
        _read(bad, 4)
    assert raised.value.position == data.index("ú".encode())


def test_a_number_at_a_chunks_end_is_read_whole() -> None:
    data = b'{"totalItems":12345678901234567890,"orderedItems":[7, 12345678901234567890]}'
    for chunk in range(1, 12):
        assert [item.data for item in _read(data, chunk)] == [7, 12345678901234567890]


def test_a_bom_and_white_space_are_taken() -> None:
    data = '\ufeff \n{ "orderedItems" :\n[ {"a": 1} ]\n}\n'.encode()
    (item,) = _read(data, 3)
    assert item.raw == b'{"a": 1}' and data[item.offset : item.offset + 8] == item.raw


def test_nesting_too_deep_is_an_error() -> None:
    data = b'{"orderedItems":[' + b"[" * 100_000 + b"]" * 100_000 + b"]}"
    with pytest.raises(ArchiveError, match="nested too deep"):
        _read(data, 1 << 20)


class _Outbox(io.RawIOBase):
    """An ``outbox.json`` of ``count`` statuses made as it is read: nothing of it is held."""

    def __init__(self, count: int) -> None:
        self._parts = self._make(count)
        self._pending = b""

    @staticmethod
    def _make(count: int) -> Iterator[bytes]:
        yield b'{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json",'
        yield b'"type":"OrderedCollection","orderedItems":['
        for number in range(count):
            status = {
                "id": f"https://social.valdemora.example/users/ayuntamiento/statuses/{number}/activity",
                "type": "Create",
                "object": {
                    "type": "Note",
                    "content": f"<p>Aviso número {number}: corte de agua en la calle Mayor.</p>",
                },
            }
            yield (b"," if number else b"") + json.dumps(status).encode()
        yield b"]}"

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


def _peak(count: int) -> tuple[int, int]:
    """The items read from an outbox of ``count`` statuses, and the reading's peak memory."""
    gc.collect()
    tracemalloc.start()
    try:
        read = 0
        stream = io.BufferedReader(_Outbox(count), 1 << 16)
        for item in ordered_items(stream, "a.zip", "o.json", chunk=1 << 16):
            read += item.data["type"] == "Create"
        return read, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_however_long_the_outbox() -> None:
    small_count, small_peak = _peak(5_000)
    large_count, large_peak = _peak(60_000)
    assert (small_count, large_count) == (5_000, 60_000)
    # twelve times longer (10 MB against 0.8 MB): the reading holds one 64 KiB chunk and one
    # item either way
    assert large_peak < small_peak * 1.25, (small_peak, large_peak)
    assert large_peak < 1024 * 1024
