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
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_PAIR: Final = re.compile("[\ud800-\udbff][\udc00-\udfff]")


#: the surrogate pair of each astral character met, while there are few
_PAIRS: dict[str, str] = {}


def _pair(char: str) -> str:
    """The surrogate pair of an astral character."""
    known = _PAIRS.get(char)
    if known is not None:
        return known
    code = ord(char) - 0x10000
    pair = chr(0xD800 | (code >> 10)) + chr(0xDC00 | (code & 0x3FF))
    if len(_PAIRS) < 4096:
        _PAIRS[char] = pair
    return pair


def _joined(match: re.Match[str]) -> str:
    pair = match.group()
    return chr(0x10000 + ((ord(pair[0]) - 0xD800) << 10) + (ord(pair[1]) - 0xDC00))


def from_units(units: str) -> str:
    """Join the surrogate pairs of a string of UTF-16 code units back into code points.

    A surrogate that is not half of a pair stays as it is.
    """
    # encoding with "surrogatepass" would do it too, but its error handling costs more
    if units.isascii() or _SURROGATE.search(units) is None:
        return units
    return _PAIR.sub(_joined, units)


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

    __slots__ = ("_astral", "_pairs", "text", "units")

    def __init__(self, text: str) -> None:
        self.text = text
        self._astral: list[int] = []  # code point index of each astral character
        self._pairs: list[int] = []  # UTF-16 index of each surrogate pair
        if text.isascii() or _ASTRAL.search(text) is None:
            self.units = text
            return
        astral = self._astral

        def pair(match: re.Match[str]) -> str:
            astral.append(match.start())
            return _pair(match.group())

        self.units = _ASTRAL.sub(pair, text)
        self._pairs = [index + count for count, index in enumerate(astral)]

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
        if not self._pairs:
            return unit
        # every pair that begins before `unit` lies before it, or `unit` is its second half
        return unit - bisect.bisect_left(self._pairs, unit)

    def starting_at(self, unit: int) -> int | None:
        """The index of the code point that begins at UTF-16 index ``unit`` (``None`` mid-pair).

        >>> units_of("a😀b").starting_at(3), units_of("a😀b").starting_at(2)
        (2, None)
        """
        if not self._pairs:
            return unit
        before = bisect.bisect_left(self._pairs, unit)
        if before and self._pairs[before - 1] == unit - 1:
            return None
        return unit - before

    def boundary(self, unit: int) -> bool:
        """Whether UTF-16 index ``unit`` falls between two code points."""
        return self.starting_at(unit) is not None


#: the :class:`CodeUnits` of a text, cached: the extractor and the counter see the same text
units_of = lru_cache(maxsize=128)(CodeUnits)
