"""Converting code-point offsets into UTF-16 code units and UTF-8 bytes."""

from __future__ import annotations

from govsm.spec.entities import Entity, EntityKind


class OffsetMap:
    """Answers "how many UTF-16 units / UTF-8 bytes precede code point ``i``" in O(1).

    >>> m = OffsetMap("a😀b")
    >>> m.utf16(2), m.utf8(2)
    (3, 5)
    """

    def __init__(self, text: str) -> None:
        self._utf16 = [0]
        self._utf8 = [0]
        for char in text:
            code = ord(char)
            self._utf16.append(self._utf16[-1] + (2 if code > 0xFFFF else 1))
            self._utf8.append(
                self._utf8[-1]
                + (1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4)
            )

    def utf16(self, index: int) -> int:
        """UTF-16 code units before code point ``index``."""
        return self._utf16[index]

    def utf8(self, index: int) -> int:
        """UTF-8 bytes before code point ``index``."""
        return self._utf8[index]

    def entity(self, kind: EntityKind, text: str, value: str, start: int, end: int) -> Entity:
        """An :class:`Entity` for ``text[start:end]`` with its offsets in every unit."""
        return Entity(
            kind=kind,
            text=text,
            value=value,
            start=start,
            end=end,
            utf16_start=self._utf16[start],
            utf16_end=self._utf16[end],
            utf8_start=self._utf8[start],
            utf8_end=self._utf8[end],
        )
