"""Post records read from the network, as govsm messages.

Records come from ``com.atproto.repo.getRecord`` and ``listRecords`` (JSON) or from the
firehose's CAR blocks (DAG-CBOR, where a blob's ``ref`` is the CID itself, not ``{"$link":
…}``); both are read here. What another account wrote is not trusted: a text with characters
govsm cannot store has them replaced, a ``createdAt`` that is not a datetime gives way to the
time the network saw the record, a language tag govsm does not accept is left out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from govsm.errors import ModelError
from govsm.spec import Direction, Media, MediaKind, Message, MessageKind, MessageState, Profile
from govsm_bluesky.rkey import AtUri

APP = "https://bsky.app"
"""Where a post is seen in Bluesky's web app."""

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_SLUG_PART = re.compile(r"[^a-z0-9]+")
_MIME = re.compile(r"[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+\Z")


def post_url(repo: str, rkey: str) -> str:
    """The post's address in Bluesky's web app.

    >>> post_url("ajuntament.bsky.social", "3jzfcijpj2z2a")
    'https://bsky.app/profile/ajuntament.bsky.social/post/3jzfcijpj2z2a'

    :param repo: the author's handle or DID.
    :param rkey: the post's record key.
    """
    return f"{APP}/profile/{quote(repo, safe=':.-_~')}/post/{quote(rkey, safe='._:~-')}"


def message_id(profile: Profile, tag: str, uri: str) -> str:
    """A message id (a slug of at most 64 characters) for the post ``uri``, always the same.

    >>> from govsm.spec import Profile
    >>> profile = Profile(organisation="o", id="bluesky-aj", channel="bluesky",
    ...                   handle="aj.bsky.social", unit="u")
    >>> message_id(profile, "in", "at://did:plc:abc/app.bsky.feed.post/3jzfcijpj2z2a")
    'bluesky-aj-in-3jzfcijpj2z2a-8bf1a829'
    """
    rkey = _SLUG_PART.sub("-", uri.rsplit("/", 1)[-1].lower()).strip("-")[:20] or "post"
    suffix = f"-{tag}-{rkey}-{hashlib.sha256(uri.encode('utf-8')).hexdigest()[:8]}"
    prefix = profile.id[: 64 - len(suffix)].rstrip("-._")
    return f"{prefix}{suffix}"


def storable(text: str) -> str:
    r"""``text`` with NUL and lone surrogates replaced by U+FFFD, which govsm cannot store.

    >>> storable("a\x00b")
    'a\ufffdb'
    """
    return _UNSTORABLE.sub("\ufffd", text)


def when(value: object, fallback: datetime) -> datetime:
    """A record's datetime (``createdAt``), or ``fallback`` when it is not one.

    >>> when("2026-11-20T09:30:00.000Z", datetime(2000, 1, 1, tzinfo=UTC)).isoformat()
    '2026-11-20T09:30:00+00:00'
    >>> when("ahir", datetime(2000, 1, 1, tzinfo=UTC)).year
    2000
    """
    if not isinstance(value, str):
        return fallback
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return fallback
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def languages(record: Mapping[str, Any]) -> list[str | None]:
    """The language tags to try for a record, best first: its tag, its primary subtag, none.

    >>> languages({"langs": ["pt-BR"]}), languages({})
    (['pt-BR', 'pt', None], [None])
    """
    tags = record.get("langs")
    if not isinstance(tags, list) or not tags or not isinstance(tags[0], str):
        return [None]
    first = tags[0]
    return list(dict.fromkeys([first, first.split("-", 1)[0].lower(), None]))


def _message(record: Mapping[str, Any], **fields: Any) -> Message:
    """A :class:`Message` in the record's language, or in none when govsm refuses its tag."""
    candidates = languages(record)
    for tag in candidates[:-1]:
        try:
            return Message(language=tag, **fields)
        except ModelError as refused:
            if refused.field != "language":
                raise
    return Message(language=candidates[-1], **fields)


def blob_cid(blob: object) -> str | None:
    """The CID of a blob reference, from JSON (``{"$link": …}``) or from DAG-CBOR (a CID)."""
    if not isinstance(blob, Mapping):
        return None
    ref = blob.get("ref")
    if isinstance(ref, Mapping) and isinstance(ref.get("$link"), str):
        return str(ref["$link"])
    if isinstance(ref, bytes | bytearray):
        from atproto_core.cid import CID  # type: ignore[import-untyped]

        return str(CID.decode(bytes(ref)))
    if ref is not None and type(ref).__name__ == "CID":
        return str(ref)
    return None


def images(record: Mapping[str, Any], pds: str, did: str) -> tuple[Media, ...]:
    """The images of a post, each as its blob's address on the PDS with its alt text."""
    embed = record.get("embed")
    if not isinstance(embed, Mapping):
        return ()
    if embed.get("$type") == "app.bsky.embed.recordWithMedia":
        embed = embed.get("media")
        if not isinstance(embed, Mapping):
            return ()
    entries = embed.get("images") if embed.get("$type") == "app.bsky.embed.images" else None
    found: list[Media] = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, Mapping):
            continue
        blob = entry.get("image")
        cid = blob_cid(blob)
        if cid is None:
            continue
        where = f"{pds}/xrpc/com.atproto.sync.getBlob?{urlencode({'did': did, 'cid': cid})}"
        alt = entry.get("alt")
        mime = blob.get("mimeType") if isinstance(blob, Mapping) else None
        found.append(
            Media(
                kind=MediaKind.IMAGE,
                location=where,
                alt_text=storable(alt) if isinstance(alt, str) and alt else None,
                mime_type=mime if isinstance(mime, str) and _MIME.match(mime) else None,
            )
        )
    return tuple(found)


def parent_uri(record: Mapping[str, Any]) -> str | None:
    """The URI of the post a record answers, if it is a reply."""
    reply = record.get("reply")
    parent = reply.get("parent") if isinstance(reply, Mapping) else None
    uri = parent.get("uri") if isinstance(parent, Mapping) else None
    return uri if isinstance(uri, str) and uri.startswith("at://") else None


def mentioned(record: Mapping[str, Any]) -> set[str]:
    """The DIDs a record's facets mention."""
    found: set[str] = set()
    facets = record.get("facets")
    for facet in facets if isinstance(facets, list) else []:
        features = facet.get("features") if isinstance(facet, Mapping) else None
        for feature in features if isinstance(features, list) else []:
            if (
                isinstance(feature, Mapping)
                and feature.get("$type") == "app.bsky.richtext.facet#mention"
                and isinstance(feature.get("did"), str)
            ):
                found.add(str(feature["did"]))
    return found


def own_post(
    profile: Profile, uri: str, record: Mapping[str, Any], pds: str, seen: datetime
) -> Message:
    """One of the organisation's posts as the network holds it: a published outbound message.

    :param uri: the post's AT URI.
    :param pds: the PDS's address (for the images' addresses).
    :param seen: when the network recorded it (used when ``createdAt`` is not a datetime).
    """
    where = AtUri.parse(uri)
    parent = parent_uri(record)
    created = when(record.get("createdAt"), seen)
    return _message(
        record,
        organisation=profile.organisation,
        id=message_id(profile, "own", uri),
        profile=profile.id,
        direction=Direction.OUTBOUND,
        kind=MessageKind.REPLY if parent else MessageKind.POST,
        state=MessageState.PUBLISHED,
        text=storable(str(record.get("text") or "")),
        created_at=created,
        published_at=created,
        media=images(record, pds, where.repo),
        remote_id=uri,
        url=post_url(profile.handle.strip().removeprefix("@"), where.rkey),
        reply_to_remote=parent,
    )


def inbound(
    profile: Profile,
    uri: str,
    record: Mapping[str, Any],
    *,
    kind: MessageKind,
    author: str,
    pds: str,
    seen: datetime,
) -> Message:
    """A reply or mention from another account, as an inbound message of ``profile``.

    :param uri: the post's AT URI.
    :param kind: reply or mention.
    :param author: the other account's handle (its DID when it claims none).
    :param pds: the address of the PDS that holds the post (for the images' addresses).
    :param seen: when the network recorded it (used when ``createdAt`` is not a datetime).
    """
    where = AtUri.parse(uri)
    return _message(
        record,
        organisation=profile.organisation,
        id=message_id(profile, "in", uri),
        profile=profile.id,
        direction=Direction.INBOUND,
        kind=kind,
        state=MessageState.NEW,
        text=storable(str(record.get("text") or "")),
        created_at=when(record.get("createdAt"), seen),
        media=images(record, pds, where.repo),
        remote_id=uri,
        url=post_url(where.repo, where.rkey),
        author=author,
        reply_to_remote=parent_uri(record),
    )
