"""Converting code-point offsets into UTF-16 code units and UTF-8 bytes."""

from __future__ import annotations

import itertools

from govsm.spec.entities import Entity, EntityKind


class OffsetMap:
    """Answers "how many UTF-16 units / UTF-8 bytes precede code point ``i``".

    Nothing is counted up front: an answer measures the text from the previous one (entities
    are asked for in order); the first answer asked for out of order counts every offset once.
    In an ASCII text, the answer is ``i``.

    >>> m = OffsetMap("a😀b")
    >>> m.utf16(2), m.utf8(2)
    (3, 5)
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._ascii = text.isascii()
        # the last index answered and its offsets: entities come in order, so each answer
        # measures only the text since the previous one (O(n) in all, at C speed)
        self._at = 0
        self._units = 0
        self._bytes = 0
        # every offset, counted once if an answer is asked for out of order
        self._all: tuple[list[int], list[int]] | None = None

    def _offsets(self, index: int) -> tuple[int, int]:
        """UTF-16 units and UTF-8 bytes before code point ``index``."""
        size = len(self._text)
        if index < 0:
            index += size + 1  # as a list of size + 1 offsets answers it
        if not 0 <= index <= size:
            raise IndexError(index)
        if self._ascii:
            return index, index
        if self._all is not None:
            return self._all[0][index], self._all[1][index]
        if index < self._at:
            self._all = self._count_all()
            return self._all[0][index], self._all[1][index]
        if index > self._at:
            piece = self._text[self._at : index]
            # a lone surrogate counts 1 unit and 3 bytes, as its code point says
            self._units += len(piece.encode("utf-16-le", "surrogatepass")) // 2
            self._bytes += len(piece.encode("utf-8", "surrogatepass"))
            self._at = index
        return self._units, self._bytes

    def _count_all(self) -> tuple[list[int], list[int]]:
        codes = [ord(char) for char in self._text]
        units = list(itertools.accumulate((2 if c > 0xFFFF else 1 for c in codes), initial=0))
        sizes = (1 if c < 0x80 else 2 if c < 0x800 else 3 if c < 0x10000 else 4 for c in codes)
        return units, list(itertools.accumulate(sizes, initial=0))

    def utf16(self, index: int) -> int:
        """UTF-16 code units before code point ``index``."""
        return self._offsets(index)[0]

    def utf8(self, index: int) -> int:
        """UTF-8 bytes before code point ``index``."""
        return self._offsets(index)[1]

    def entity(self, kind: EntityKind, text: str, value: str, start: int, end: int) -> Entity:
        """An :class:`Entity` for ``text[start:end]`` with its offsets in every unit."""
        utf16_start, utf8_start = self._offsets(start)
        utf16_end, utf8_end = self._offsets(end)
        return Entity(
            kind=kind,
            text=text,
            value=value,
            start=start,
            end=end,
            utf16_start=utf16_start,
            utf16_end=utf16_end,
            utf8_start=utf8_start,
            utf8_end=utf8_end,
        )
