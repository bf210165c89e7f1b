"""The result of measuring a text for a network."""

from __future__ import annotations

from functools import cache, cached_property
from typing import TYPE_CHECKING

from attrs import field, frozen

from govsm.model import TextCounting
from govsm.spec.entities import Entity

if TYPE_CHECKING:
    import regex


@cache
def _grapheme_pattern() -> regex.Pattern[str]:
    """The grapheme-cluster pattern, compiled on first use.

    A plugin that imports the plugin API, and so this module, never loads ``regex``.
    """
    import regex

    return regex.compile(r"\X")


@frozen
class Measurement:
    """A text's length as a network counts it, the limit, and what the text contains.

    :param channel: the channel's id.
    :param counting: the unit of :attr:`length`.
    :param length: the length as the network counts it (content warning included where the
        network counts it).
    :param limit: the network's limit in that unit, if it has one.
    :param utf8_bytes: the size in UTF-8 bytes.
    :param byte_limit: the network's limit in UTF-8 bytes, if it has one (Bluesky: 3000).
    :param entities: URLs, mentions, hashtags and cashtags, in order of appearance.
    :param refused: code-point offsets of characters the network refuses outright (twitter-text
        refuses U+FFFE, U+FEFF and U+FFFF): a text with any is not valid, whatever its length.
    :param text: the text measured, as given (without the content warning). It takes part in
        equality, so two measurements are equal when they measured the same text with the same
        results; it is left out of the ``repr``. ``graphemes`` is computed from it.

    Segmenting a text into grapheme clusters cost a third of a measurement, and nothing but the
    few callers that ask needs it, so ``graphemes`` is not a field but a property computed on
    first access and then kept (a ``functools.cached_property``): it takes no part in
    equality or hashing (``text`` does, and determines it), a pickled measurement computes it
    again, and ``attrs.asdict`` and ``cattrs`` give ``text`` rather than ``graphemes``.

    >>> from govsm.text import measure
    >>> m = measure("Bon dia 🧑\u200d🏫", "x")
    >>> m.length, m.graphemes
    (10, 9)
    """

    channel: str
    counting: TextCounting
    length: int
    limit: int | None
    utf8_bytes: int
    byte_limit: int | None
    entities: tuple[Entity, ...]
    refused: tuple[int, ...] = ()
    text: str = field(default="", repr=False)

    @cached_property
    def graphemes(self) -> int:
        """The number of user-perceived characters (extended grapheme clusters) of ``text``.

        Computed on first access (UAX #29, as the ``regex`` package segments a text, and as
        :func:`govsm.text.segmentation.grapheme_count` counts them).
        """
        return len(_grapheme_pattern().findall(self.text))

    @property
    def valid(self) -> bool:
        """Whether the network takes the text: not empty, no refused character, within limits."""
        if self.length == 0 or self.refused:
            return False
        if self.limit is not None and self.length > self.limit:
            return False
        return self.byte_limit is None or self.utf8_bytes <= self.byte_limit

    @property
    def remaining(self) -> int | None:
        """How many units are left before the limit (negative when over), if there is one."""
        return None if self.limit is None else self.limit - self.length
