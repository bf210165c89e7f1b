"""User-perceived characters (extended grapheme clusters, UAX #29) via the ``regex`` package."""

from __future__ import annotations

import regex

_GRAPHEME = regex.compile(r"\X")


def graphemes(text: str) -> list[str]:
    """The text split into extended grapheme clusters.

    >>> graphemes("a🧑‍🏫ç")
    ['a', '🧑\u200d🏫', 'ç']
    """
    return _GRAPHEME.findall(text)


def grapheme_count(text: str) -> int:
    """The number of extended grapheme clusters in ``text``."""
    return sum(1 for _ in _GRAPHEME.finditer(text))
