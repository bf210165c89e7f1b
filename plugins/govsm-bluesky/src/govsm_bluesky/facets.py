"""Links, mentions and hashtags of a post as ``app.bsky.richtext.facet`` records.

The server does not find them: the client sends each as a *facet* over a slice of the text's
UTF-8 bytes (lexicon ``app.bsky.richtext.facet``: ``index.byteStart`` inclusive, ``byteEnd``
exclusive). govsm's text engine finds them exactly as Bluesky's own client does
(:func:`govsm.text.measure` with the channel's ``atproto`` entity syntax, see
:mod:`govsm.text.atproto`), with each entity's offsets in UTF-8 bytes as well as code points.
A mention needs the DID of the handle it names; one whose handle resolves to no account stays
plain text, as in Bluesky's app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from govsm.spec import Channel, Entity, EntityKind
from govsm.text import measure

Facet = dict[str, Any]
"""One ``app.bsky.richtext.facet`` object, as JSON."""

LINK = "app.bsky.richtext.facet#link"
MENTION = "app.bsky.richtext.facet#mention"
TAG = "app.bsky.richtext.facet#tag"

_TAG_PREFIX = {EntityKind.HASHTAG: "", EntityKind.CASHTAG: "$"}
"""What a tag facet's value starts with: nothing for a hashtag, ``$`` for a cashtag."""


def entities(text: str, channel: Channel) -> tuple[Entity, ...]:
    """The links, mentions, hashtags and cashtags of ``text``, as Bluesky's client finds them.

    :param channel: the Bluesky channel (its ``atproto`` entity syntax and hashtag limit).
    """
    return measure(text, channel).entities


def byte_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The UTF-8 byte offsets of the code points ``text[start:end]``.

    >>> byte_span("Plaça 😀 #Festa", 8, 14)
    (12, 18)
    """
    before = len(text[:start].encode("utf-8"))
    return before, before + len(text[start:end].encode("utf-8"))


def facets(text: str, channel: Channel, did_of: Callable[[str], str | None]) -> list[Facet]:
    """The facets of ``text``, sorted by their first byte.

    >>> from govsm.channels.catalogue import CHANNELS
    >>> bluesky = next(c for c in CHANNELS if c.id == "bluesky")
    >>> found = facets("Festa a la plaça 🎉 #Soldeneu", bluesky, lambda handle: None)
    >>> found[0]["index"], found[0]["features"][0]["tag"]
    ({'byteStart': 23, 'byteEnd': 32}, 'Soldeneu')

    :param channel: the Bluesky channel.
    :param did_of: the DID of a handle, or ``None`` when it resolves to no account (the mention
        is then left out).
    """
    found: list[Facet] = []
    for entity in entities(text, channel):
        feature = _feature(entity, did_of)
        if feature is None:
            continue
        start, end = byte_span(text, entity.start, entity.end)
        found.append({"index": {"byteStart": start, "byteEnd": end}, "features": [feature]})
    found.sort(key=lambda facet: int(facet["index"]["byteStart"]))
    return found


def _feature(entity: Entity, did_of: Callable[[str], str | None]) -> dict[str, str] | None:
    """The facet's one feature for ``entity``: a link, a mention (if resolved) or a tag."""
    if entity.kind is EntityKind.URL:
        return {"$type": LINK, "uri": entity.value}
    if entity.kind is EntityKind.MENTION:
        did = did_of(entity.value)
        return {"$type": MENTION, "did": did} if did else None
    prefix = _TAG_PREFIX.get(entity.kind)
    return None if prefix is None else {"$type": TAG, "tag": f"{prefix}{entity.value}"}
