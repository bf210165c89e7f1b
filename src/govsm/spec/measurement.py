"""The result of measuring a text for a network."""

from __future__ import annotations

from attrs import frozen

from govsm.model import TextCounting
from govsm.spec.entities import Entity


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
    :param graphemes: the number of user-perceived characters (extended grapheme clusters).
    :param entities: URLs, mentions, hashtags and cashtags, in order of appearance.
    :param refused: code-point offsets of characters the network refuses outright (twitter-text
        refuses U+FFFE, U+FEFF and U+FFFF): a text with any is not valid, whatever its length.
    """

    channel: str
    counting: TextCounting
    length: int
    limit: int | None
    utf8_bytes: int
    byte_limit: int | None
    graphemes: int
    entities: tuple[Entity, ...]
    refused: tuple[int, ...] = ()

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
