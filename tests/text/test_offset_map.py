"""``OffsetMap`` counts UTF-16 units and UTF-8 bytes lazily: the answers are the encoders'."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.spec.entities import EntityKind
from govsm.text.offsets import OffsetMap

#: ASCII, two- and three-byte letters, astral emoji, lone surrogates (a JSON "\ud83d" gives one)
_CHARS = st.sampled_from(["a", " ", "é", "ñ", "中", "\u07ff", "\u0800", "😀", "\U0010ffff"])
_TEXTS = st.lists(_CHARS | st.sampled_from(["\ud83d", "\ude00"]), max_size=40).map("".join)


def _units(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le", "surrogatepass")) // 2


def _bytes(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


@given(_TEXTS, st.data())
def test_answers_are_the_encoders_in_any_order(text: str, data: st.DataObject) -> None:
    offsets = OffsetMap(text)
    indexes = data.draw(st.lists(st.integers(0, len(text)), max_size=12))
    for index in indexes:  # forwards, backwards, repeated: whatever order comes
        assert offsets.utf16(index) == _units(text, index)
        assert offsets.utf8(index) == _bytes(text, index)


@given(_TEXTS, st.data())
def test_entities_carry_every_unit(text: str, data: st.DataObject) -> None:
    offsets = OffsetMap(text)
    for _ in range(3):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        entity = offsets.entity(EntityKind.URL, text[start:end], text[start:end], start, end)
        assert (entity.utf16_start, entity.utf16_end) == (_units(text, start), _units(text, end))
        assert (entity.utf8_start, entity.utf8_end) == (_bytes(text, start), _bytes(text, end))


def test_indexes_as_a_list_of_offsets_takes_them() -> None:
    offsets = OffsetMap("a😀b")
    assert offsets.utf16(-1) == 4  # the last offset: the whole text
    assert offsets.utf8(-2) == 5
    with pytest.raises(IndexError):
        offsets.utf16(4)
    with pytest.raises(IndexError):
        OffsetMap("abc").utf8(-5)
