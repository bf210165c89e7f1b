"""User-perceived characters (extended grapheme clusters, UAX #29) via the ``regex`` package."""

from __future__ import annotations

from typing import Final

import regex

_GRAPHEME: Final = regex.compile(r"\X")
# characters that may join a cluster with a neighbour: all but Grapheme_Cluster_Break Other,
# Control and LF (CR joins the LF after it). Between two of those there is always a boundary
# (GB4, GB5, GB999: emoji ZWJ sequences need the ZWJ, flags their regional indicators)
_JOINING: Final = regex.compile(
    r"[^\p{Grapheme_Cluster_Break=Other}\p{Grapheme_Cluster_Break=Control}\n]+"
)


def graphemes(text: str) -> list[str]:
    """The text split into extended grapheme clusters.

    >>> graphemes("a🧑‍🏫ç")
    ['a', '🧑\u200d🏫', 'ç']
    """
    return _GRAPHEME.findall(text)


def grapheme_count(text: str) -> int:
    """The number of extended grapheme clusters in ``text``.

    Every character is a cluster but where one that may join a neighbour stands: around each
    run of those (with the character before and the one after), the clusters are counted.

    >>> grapheme_count("Bon dia 🧑‍🏫, l·l e\u0301s 🇪🇸!")
    20
    """
    if text.isascii():
        return len(text) - text.count("\r\n")
    count = len(text)
    start = end = 0  # the stretch being gathered, where clusters are counted
    for run in _JOINING.finditer(text):
        before = max(run.start() - 1, 0)
        if before > end:
            if end > start:
                count += len(_GRAPHEME.findall(text, start, end)) - (end - start)
            start = before
        end = min(run.end() + 1, len(text))
    if end > start:
        count += len(_GRAPHEME.findall(text, start, end)) - (end - start)
    return count
