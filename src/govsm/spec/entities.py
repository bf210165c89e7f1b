"""What a text contains that networks treat specially: URLs, mentions, hashtags, cashtags."""

from __future__ import annotations

import enum

from attrs import frozen


class EntityKind(enum.StrEnum):
    """The kinds of entity a network recognises in a text."""

    URL = "url"
    MENTION = "mention"
    HASHTAG = "hashtag"
    CASHTAG = "cashtag"


@frozen
class Entity:
    """One entity, with its position in three units.

    Offsets are half-open (``text[start:end]``) and refer to the text *as given* (before any
    normalisation a network applies for counting).

    :param kind: see :class:`EntityKind`.
    :param text: the entity as written (``#FiresSoldeneu``, ``@ajuntament@xarxa.example``).
    :param value: its normalised value: the URL, the handle without ``@``, the tag without ``#``.
    :param start: start offset in code points (Python ``str`` indices).
    :param end: end offset in code points.
    :param utf16_start: start offset in UTF-16 code units (JavaScript, twitter-text).
    :param utf16_end: end offset in UTF-16 code units.
    :param utf8_start: start offset in UTF-8 bytes (Bluesky facets).
    :param utf8_end: end offset in UTF-8 bytes.
    """

    kind: EntityKind
    text: str
    value: str
    start: int
    end: int
    utf16_start: int
    utf16_end: int
    utf8_start: int
    utf8_end: int
