"""Replies, mentions and quotes from the AppView's notifications, read since a cursor.

``app.bsky.notification.listNotifications`` lists an account's notifications newest first and
pages towards the oldest. govsm wants what came *after* the last sync, so each sync walks down
from the newest until it reaches what the last walk already covered:

* the walk's first page fixes its **top**: the newest ``indexedAt`` (the AppView's sort time);
* when the walk ends, the top becomes the **mark**; the next walk stops below ``mark -``
  :data:`WINDOW`. The AppView sorts a post by the earlier of its ``createdAt`` and when it
  indexed it, so a post written by a clock a little behind (or indexed late) can be listed just
  below a mark already passed: the window reads those again, and the short hashes of the URIs
  already returned within it (kept in the cursor) keep them from coming twice;
* a walk longer than one page hands back a cursor that goes on with it (``more``), so an
  interrupted sync resumes where it stopped.

Only replies, mentions and quotes are kept (likes, reposts and follows are counts, see
:mod:`govsm_bluesky.appview`). A quote arrives as a mention that names the quoted post in
``reply_to_remote`` and the organisation as its ``original_author``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from attrs import frozen

from govsm.spec import Message, MessageKind, PermanentRejection, Profile
from govsm_bluesky.reading import inbound, when
from govsm_bluesky.rkey import POST, AtUri

log = logging.getLogger(__name__)

PREFIX = "notif:"
"""How an inbound cursor of the AppView begins (the firehose's are ``<seq>@<pds>``)."""

REASONS = ("reply", "mention", "quote")
"""The notifications that become inbound messages, as ``listNotifications`` names them."""

WINDOW = timedelta(minutes=10)
"""How far below the last mark a walk reads again (see the module's description)."""

SEEN_MAX = 5000
"""At most this many hashes of returned URIs are kept in a cursor."""

_KIND = {"reply": MessageKind.REPLY, "mention": MessageKind.MENTION, "quote": MessageKind.MENTION}
_RANK = {"reply": 0, "quote": 1, "mention": 2}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def short(uri: str) -> str:
    """The short hash a cursor keeps of a URI already returned.

    >>> short("at://did:plc:abc/app.bsky.feed.post/3k")
    '2c5c9dcc6d9b'
    """
    return hashlib.sha256(uri.encode("utf-8")).hexdigest()[:12]


@frozen
class Walk:
    """Where reading the notifications goes on (the cursor, parsed).

    :param mark: the top of the last finished walk (ISO 8601); empty before the first.
    :param seen: hashes of the URIs returned at or after ``mark -`` :data:`WINDOW`.
    :param page: the AppView's cursor of the walk under way; empty at its start.
    :param top: the newest ``indexedAt`` of the walk under way; empty before its first page.
    :param fresh: hashes of the walk under way's URIs at or after ``top -`` :data:`WINDOW`.
    """

    mark: str = ""
    seen: tuple[str, ...] = ()
    page: str = ""
    top: str = ""
    fresh: tuple[str, ...] = ()

    def __str__(self) -> str:
        body = {"m": self.mark, "s": list(self.seen), "p": self.page, "t": self.top}
        body["f"] = list(self.fresh)
        return PREFIX + json.dumps(body, separators=(",", ":"))


def read(cursor: str | None) -> Walk | None:
    """The walk a cursor names; ``None`` when it is not the AppView's (start a new one).

    >>> read(str(Walk(mark="2026-12-01T10:00:00.000Z", seen=("ab",)))).seen
    ('ab',)
    >>> read("42@https://pds.example") is None
    True
    """
    if cursor is None or not cursor.startswith(PREFIX):
        return None
    try:
        body = json.loads(cursor[len(PREFIX) :])
        return Walk(
            mark=str(body["m"]),
            seen=tuple(str(h) for h in body["s"]),
            page=str(body["p"]),
            top=str(body["t"]),
            fresh=tuple(str(h) for h in body["f"]),
        )
    except (ValueError, KeyError, TypeError):
        log.warning("bluesky: the notifications cursor cannot be read; reading them all again")
        return None


def _time(value: object) -> datetime:
    return when(value, _EPOCH)


def step(walk: Walk, answer: Mapping[str, Any]) -> tuple[list[Mapping[str, Any]], Walk, bool]:
    """One page of a walk: the new notifications, where the walk goes on, and whether it does.

    :param walk: where the walk was.
    :param answer: ``listNotifications``'s answer for ``walk.page``.
    :return: the notifications not returned before (newest first, one per URI, the reply
        before the quote before the mention), the walk after this page, and whether another
        page follows at once.
    """
    listed = answer.get("notifications")
    items = [n for n in listed if isinstance(n, Mapping)] if isinstance(listed, list) else []
    floor = _time(walk.mark) - WINDOW if walk.mark else None
    top = walk.top or max((str(n.get("indexedAt") or "") for n in items), default="", key=_time)
    fresh = list(walk.fresh)
    kept: dict[str, Mapping[str, Any]] = {}
    reached = False
    for item in items:
        uri, at = item.get("uri"), _time(item.get("indexedAt"))
        if floor is not None and at < floor:
            reached = True
            break
        if not isinstance(uri, str) or item.get("reason") not in REASONS:
            continue
        hashed = short(uri)
        if top and at >= _time(top) - WINDOW and hashed not in fresh and len(fresh) < SEEN_MAX:
            fresh.append(hashed)
        if hashed in walk.seen:
            continue
        earlier = kept.get(uri)
        if earlier is None or _RANK[str(item["reason"])] < _RANK[str(earlier["reason"])]:
            kept[uri] = item
    following = answer.get("cursor")
    if reached or not items or not isinstance(following, str) or not following:
        return list(kept.values()), _finished(walk, top, fresh), False
    going = Walk(walk.mark, walk.seen, page=following, top=top, fresh=tuple(fresh))
    return list(kept.values()), going, True


def _finished(walk: Walk, top: str, fresh: list[str]) -> Walk:
    """The cursor after a walk that reached the last mark (or the oldest notification).

    The mark never moves back; the hashes of the last walk are kept while they may still be
    within the window of the new mark.
    """
    if not top or (walk.mark and _time(top) <= _time(walk.mark)):
        merged = list(dict.fromkeys([*fresh, *walk.seen]))[:SEEN_MAX]
        return Walk(mark=walk.mark or top, seen=tuple(merged))
    if walk.mark and _time(top) - WINDOW <= _time(walk.mark):
        fresh = list(dict.fromkeys([*fresh, *walk.seen]))[:SEEN_MAX]
    return Walk(mark=top, seen=tuple(fresh))


def _pictured(record: Mapping[str, Any]) -> bool:
    """Whether a post carries images (whose blobs are on its author's PDS)."""
    embed = record.get("embed")
    if isinstance(embed, Mapping) and embed.get("$type") == "app.bsky.embed.recordWithMedia":
        embed = embed.get("media")
    return isinstance(embed, Mapping) and embed.get("$type") == "app.bsky.embed.images"


def _quoted(record: Mapping[str, Any]) -> str | None:
    """The URI of the post a record quotes, if it quotes one."""
    embed = record.get("embed")
    if not isinstance(embed, Mapping):
        return None
    inner = embed.get("record")
    if embed.get("$type") == "app.bsky.embed.recordWithMedia" and isinstance(inner, Mapping):
        inner = inner.get("record")
    uri = inner.get("uri") if isinstance(inner, Mapping) else None
    return uri if isinstance(uri, str) and uri.startswith("at://") else None


def messages(
    profile: Profile,
    items: Iterable[Mapping[str, Any]],
    *,
    pds_of: Callable[[str], str],
) -> list[Message]:
    """The notifications as inbound messages of ``profile``, oldest first.

    :param items: notifications as ``listNotifications`` gives them.
    :param pds_of: the PDS of an author's DID, asked only for posts with images (their blobs
        are there); it may raise :class:`~govsm.spec.network_errors.TransientError`.
    """
    handle = profile.handle.strip().removeprefix("@")
    found: list[Message] = []
    for item in sorted(items, key=lambda n: _time(n.get("indexedAt"))):
        uri, record, author = item.get("uri"), item.get("record"), item.get("author")
        if not isinstance(uri, str) or not isinstance(record, Mapping):
            continue
        try:
            where = AtUri.parse(uri)
        except ValueError:
            continue
        if where.collection != POST:
            continue
        said = author.get("handle") if isinstance(author, Mapping) else None
        who = said if isinstance(said, str) and said and said != "handle.invalid" else where.repo
        reason = str(item.get("reason"))
        pds = ""
        if _pictured(record):
            try:
                pds = pds_of(where.repo)
            except PermanentRejection as refused:  # the author's DID names no usable PDS
                log.warning("bluesky: the images of %s cannot be addressed (%s)", uri, refused.en)
                record = {key: value for key, value in record.items() if key != "embed"}
        try:
            message = inbound(
                profile,
                uri,
                record,
                kind=_KIND[reason],
                author=who,
                pds=pds,
                seen=_time(item.get("indexedAt")),
            )
            quoted = _quoted(record) if reason == "quote" else None
            if quoted is not None and message.reply_to_remote is None:
                message = attrs.evolve(message, reply_to_remote=quoted, original_author=handle)
        except ValueError as refused:  # a record govsm cannot hold (ModelError)
            log.warning("bluesky: %s could not be read as a message; skipped (%s)", uri, refused)
            continue
        found.append(message)
    return found
