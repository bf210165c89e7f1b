"""A text as JavaScript sees it, in UTF-16 code units, and the way back to code points.

twitter-text runs over UTF-16 code units (an astral character is a surrogate pair);
:mod:`govsm.text.twitter` runs its patterns over the same units, then turns the offsets it finds
back into code points with a :class:`CodeUnits`.

>>> text = units_of("a😀b")
>>> len(text.units), text.unit(2), text.code_point(3)
(4, 3, 2)
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Final

_ASTRAL: Final = re.compile("[\U00010000-\U0010ffff]")


def _surrogates(match: re.Match[str]) -> str:
    code = ord(match.group()) - 0x10000
    return chr(0xD800 | (code >> 10)) + chr(0xDC00 | (code & 0x3FF))


def from_units(units: str) -> str:
    """Join the surrogate pairs of a string of UTF-16 code units back into code points."""
    return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def is_pair(units: str, index: int) -> bool:
    """Whether a surrogate pair begins at ``units[index]``."""
    return (
        "\ud800" <= units[index : index + 1] <= "\udbff"
        and "\udc00" <= units[index + 1 : index + 2] <= "\udfff"
    )


class CodeUnits:
    """A text as JavaScript sees it (UTF-16 code units), and the way back to code points.

    :param text: the text, in code points (kept as ``text``); ``units`` holds it as UTF-16 code
        units, each astral character as a surrogate pair.
    """

    __slots__ = ("_astral", "_ends", "_middles", "text", "units")

    def __init__(self, text: str) -> None:
        self.text = text
        self._astral: list[int] = []  # code point index of each astral character
        self._ends: list[int] = []  # UTF-16 index just after each surrogate pair
        self._middles: frozenset[int] = frozenset()  # UTF-16 index inside each pair
        if text.isascii():
            self.units = text
            return
        self._astral = [match.start() for match in _ASTRAL.finditer(text)]
        if not self._astral:
            self.units = text
            return
        self.units = _ASTRAL.sub(_surrogates, text)
        self._ends = [index + count + 2 for count, index in enumerate(self._astral)]
        self._middles = frozenset(end - 1 for end in self._ends)

    @property
    def plain(self) -> bool:
        """Whether code points and UTF-16 code units coincide (no astral character)."""
        return not self._astral

    def unit(self, code_point: int) -> int:
        """The UTF-16 index of code point index ``code_point``."""
        if not self._astral:
            return code_point
        return code_point + bisect.bisect_left(self._astral, code_point)

    def code_point(self, unit: int) -> int:
        """The code point index of UTF-16 index ``unit`` (of its code point, mid-pair)."""
        if not self._ends:
            return unit
        return unit - bisect.bisect_right(self._ends, unit) - (unit in self._middles)

    def boundary(self, unit: int) -> bool:
        """Whether UTF-16 index ``unit`` falls between two code points."""
        return unit not in self._middles


#: the :class:`CodeUnits` of a text, cached: the extractor and the counter see the same text
units_of = lru_cache(maxsize=128)(CodeUnits)
