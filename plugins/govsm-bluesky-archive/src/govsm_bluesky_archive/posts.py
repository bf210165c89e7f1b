"""A post or a repost of the repository as a govsm message.

A post (``app.bsky.feed.post``, https://atproto.com/lexicons/app-bsky-feed) is a record with
``text``, ``createdAt``, and optionally ``langs``, ``facets`` (the parts of the text that are
links, mentions and hashtags, by UTF-8 byte ranges), ``reply`` (``root`` and ``parent``, each
the ``uri`` and ``cid`` of a post) and ``embed`` (images, a video, a link's card, a quoted
post). A repost (``app.bsky.feed.repost``) is ``subject`` (the reposted post's ``uri`` and
``cid``) and ``createdAt``.

What govsm makes of them:

* **kind**: ``reply`` when the post answers one (``reply``); else ``quote`` when it embeds a
  post (``app.bsky.embed.record`` or ``recordWithMedia`` whose record is a post); else
  ``post``; a repost is a ``repost``: its words are someone else's, and not in the file, so
  its text is empty;
* **text**: ``text`` as written (Bluesky shows and counts it so; a link's full address is in
  its facet, not in the text, which may show it shortened);
* **links**: each link facet's full address, in the text's order; a link card's address; the
  page of the quoted post (or list, or feed); a repost's, the reposted post's page;
* **media**: the images or the video with their alt texts (:mod:`govsm_bluesky_archive.media`);
* **language**: the first of ``langs``;
* **reply_to_remote**: the AT URI of the post answered (``reply.parent``);
* **original_author**: the DID of the quoted or reposted post's account (the handle is not in
  the file);
* **remote_id**: the record's AT URI; **id** from it
  (:func:`~govsm_bluesky_archive.addresses.message_id`), so loading the file again updates
  the same messages; **url** the post's page (a repost's: the reposted post's, as a repost
  has no page of its own);
* outbound, published at ``createdAt`` (at the moment the record key says, for a record whose
  ``createdAt`` cannot be read).

Mentions and hashtags stay in the text as written; the mentioned accounts' DIDs, the record's
``tags``, its self-labels and the facets' byte ranges are kept in the record (the original).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from govsm.errors import ConfigError, ModelError
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm_bluesky_archive.addresses import AtUri, clean_address, message_id
from govsm_bluesky_archive.fields import languages, mapping, maps, moment, stored, tid_moment
from govsm_bluesky_archive.media import (
    EXTERNAL,
    RECORD,
    RECORD_WITH_MEDIA,
    attachments,
)
from govsm_bluesky_archive.mst import Leaf

POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"
#: the collections read
COLLECTIONS = (POST, REPOST)
#: a facet that is a link
LINK = "app.bsky.richtext.facet#link"


def _problem(es: str, en: str) -> ConfigError:
    return ConfigError(es, en)


def _created(record: Mapping[str, Any], leaf: Leaf) -> datetime:
    found = moment(record.get("createdAt")) or tid_moment(leaf.rkey)
    if found is None:
        raise _problem(
            "no tiene una fecha «createdAt» legible ni una clave que diga cuándo se hizo",
            "it has no readable 'createdAt' date, nor a key that tells when it was made",
        )
    return found


def _in_language(record: Mapping[str, Any], **fields: Any) -> Message:
    """The message in the record's language, or in none when govsm refuses its tag."""
    candidates = languages(record)
    for tag in candidates[:-1]:
        try:
            return Message(language=tag, **fields)
        except ModelError as refused:
            if refused.field != "language":
                raise
    return Message(language=candidates[-1], **fields)


def _start(facet: Mapping[str, Any]) -> int:
    start = mapping(facet, "index").get("byteStart")
    return start if isinstance(start, int) and not isinstance(start, bool) else 1 << 62


def facet_links(record: Mapping[str, Any]) -> list[str]:
    """The full addresses of the text's links (its link facets), in the text's order."""
    found: list[str] = []
    for facet in sorted(maps(record, "facets"), key=_start):
        for feature in maps(facet, "features"):
            address = clean_address(feature.get("uri")) if feature.get("$type") == LINK else None
            if address is not None:
                found.append(address)
    return found


def _embedded(record: Mapping[str, Any]) -> tuple[AtUri | None, str | None]:
    """The record a post embeds (a quoted post, a list…) and a link card's address."""
    embed = mapping(record, "embed")
    kind = embed.get("$type")
    quoted: Any = None
    card: Mapping[str, Any] = {}
    if kind == RECORD:
        quoted = mapping(embed, "record").get("uri")
    elif kind == RECORD_WITH_MEDIA:
        quoted = mapping(mapping(embed, "record"), "record").get("uri")
        media = mapping(embed, "media")
        card = mapping(media, "external") if media.get("$type") == EXTERNAL else {}
    elif kind == EXTERNAL:
        card = mapping(embed, "external")
    return AtUri.parse(quoted), clean_address(card.get("uri"))


def _post(
    record: Mapping[str, Any], leaf: Leaf, uri: AtUri, organisation: str, profile: str
) -> Message:
    text = record.get("text", "")
    if not isinstance(text, str):
        raise _problem("su «text» no es texto", "its 'text' is not text")
    created = _created(record, leaf)
    answers = "reply" in record
    parent = AtUri.parse(mapping(mapping(record, "reply"), "parent").get("uri"))
    embedded, card = _embedded(record)
    quotes = embedded is not None and embedded.collection == POST
    if answers:
        kind = MessageKind.REPLY
    elif quotes:
        kind = MessageKind.QUOTE
    else:
        kind = MessageKind.POST
    links = facet_links(record)
    links += [address for address in (card, embedded.page if embedded else None) if address]
    return _in_language(
        record,
        organisation=organisation,
        id=message_id(str(uri)),
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=kind,
        state=MessageState.PUBLISHED,
        text=stored(text),
        created_at=created,
        published_at=created,
        media=attachments(record, uri.did),
        links=tuple(dict.fromkeys(links)),
        remote_id=str(uri),
        url=uri.page,
        reply_to_remote=str(parent) if parent is not None else None,
        original_author=embedded.did if quotes and embedded is not None else None,
    )


def _repost(
    record: Mapping[str, Any], leaf: Leaf, uri: AtUri, organisation: str, profile: str
) -> Message:
    subject = AtUri.parse(mapping(record, "subject").get("uri"))
    if subject is None:
        raise _problem(
            "la republicación no dice qué publicación comparte («subject.uri»)",
            "the repost does not say which post it shares ('subject.uri')",
        )
    created = _created(record, leaf)
    page = subject.page
    return Message(
        organisation=organisation,
        id=message_id(str(uri)),
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=MessageKind.REPOST,
        state=MessageState.PUBLISHED,
        text="",
        created_at=created,
        published_at=created,
        links=(page,) if page else (),
        remote_id=str(uri),
        url=page,
        original_author=subject.did,
    )


def record_message(
    leaf: Leaf, record: Any, *, did: str, organisation: str, profile: str
) -> Message:
    """The govsm message of one post or repost of the repository.

    :param leaf: the record's path and CID in the repository's tree.
    :param record: the record, decoded.
    :param did: the account whose repository it is.
    :param organisation: the organisation's id.
    :param profile: the profile the repository is of.
    :raises govsm.errors.GovsmError: the record is not of its collection's type, lacks what a
        message needs, or has a value the model refuses (the reader names the record's place).
    """
    if not isinstance(record, dict):
        raise _problem("el registro no es un mapa", "the record is not a map")
    declared = record.get("$type")
    if declared != leaf.collection:
        shown = declared if isinstance(declared, str) and declared.isprintable() else "?"
        raise _problem(
            f"el registro es de tipo «{shown[:80]}», no «{leaf.collection}» como su colección",
            f"the record is of type '{shown[:80]}', not '{leaf.collection}' as its collection",
        )
    uri = AtUri(did, leaf.collection, leaf.rkey)
    if leaf.collection == POST:
        return _post(record, leaf, uri, organisation, profile)
    return _repost(record, leaf, uri, organisation, profile)
