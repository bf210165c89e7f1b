"""The ``window.YTD`` reader, whatever the chunks: items whole, texts exact, bytes right.

The reader holds one chunk and one item; these tests read with chunks of a few bytes, so that
every item, every multi-byte character and every number is cut somewhere, and check that what
comes out is what went in — and that a file cut anywhere is an error naming the byte, never
another exception.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from govsm_x_archive.ytd import RawItem, ytd_items
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


def _file(items: list[Any], indent: int | None) -> tuple[bytes, list[tuple[str, int]]]:
    """A ``window.YTD`` file of ``items``, and each item's text and starting byte."""
    head = "window.YTD.tweets.part0 = [\n"
    placed: list[tuple[str, int]] = []
    out = head.encode()
    for number, item in enumerate(items):
        if number:
            out += b",\n"
        text = json.dumps(item, indent=indent, ensure_ascii=False, separators=(",", " : "))
        placed.append((text, len(out)))
        out += text.encode()
    return out + b"\n]\n", placed


def _read(data: bytes, chunk: int) -> list[RawItem]:
    return list(ytd_items(io.BufferedReader(io.BytesIO(data)), "a.zip", "t.js", chunk=chunk))


@given(items=_ITEMS, chunk=st.integers(1, 64), indent=st.sampled_from([None, 2]))
@settings(max_examples=80)
def test_items_come_out_as_they_went_in(items: list[Any], chunk: int, indent: int | None) -> None:
    data, placed = _file(items, indent)
    read = _read(data, chunk)
    assert [item.data for item in read] == items
    assert [(item.text, item.offset) for item in read] == placed
    for item in read:
        assert data[item.offset : item.offset + len(item.raw)] == item.raw


@given(items=_ITEMS.filter(bool), chunk=st.integers(1, 64), cut=st.floats(0, 1, exclude_max=True))
@settings(max_examples=80)
def test_a_file_cut_anywhere_is_an_error_naming_the_byte(
    items: list[Any], chunk: int, cut: float
) -> None:
    data, _ = _file(items, 2)
    data = data.rstrip()[:-1]  # without its closing "]" it is truncated wherever it is cut
    at = int(len(data) * cut)
    read: list[RawItem] = []
    stream = ytd_items(io.BytesIO(data[:at]), "a.zip", "t.js", chunk=chunk)
    with pytest.raises(ArchiveError) as raised:
        read.extend(stream)
    assert [item.data for item in read] == items[: len(read)]
    assert raised.value.position is not None and 0 <= raised.value.position <= at
    assert raised.value.where == "a.zip!t.js"


def test_a_character_cut_across_chunks_and_bad_utf8() -> None:
    data = 'window.YTD.tweets.part0 = [{"t": "Ñandú 🐦 &amp;"}]'.encode()
    for chunk in range(1, 8):
        (item,) = _read(data, chunk)
        assert item.data == {"t": "Ñandú 🐦 &amp;"}
    bad = data.replace("ú".encode(), b"\xff")
    with pytest.raises(ArchiveError, match="UTF-8"):
        _read(bad, 4)


def test_a_number_at_a_chunks_end_is_read_whole() -> None:
    data = b"window.YTD.tweets.part0 = [12345678901234567890, 7]"
    for chunk in range(1, 12):
        assert [item.data for item in _read(data, chunk)] == [12345678901234567890, 7]


def test_nesting_too_deep_is_an_error() -> None:
    data = b"window.YTD.tweets.part0 = [" + b"[" * 100_000 + b"]" * 100_000 + b"]"
    with pytest.raises(ArchiveError, match="nested too deep"):
        _read(data, 1 << 20)
