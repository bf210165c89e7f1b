"""Citizens' comments on the account's posts, as inbound messages, after a cursor.

What is read: the *approved* comments (``type=comment``: no pingbacks) on posts whose author is
the account, except the account's own comments. WordPress lists them oldest first by
``date_gmt`` (ties by id: ``GET /wp/v2/comments?orderby=date_gmt&order=asc``), paged with
``per_page`` and ``X-WP-TotalPages``.

The cursor is JSON, e.g. ``{"v":1,"at":"2026-12-06T15:13:38","ids":[42],"held":[40]}``:

* ``at`` — the ``date_gmt`` of the newest comment delivered. The next call asks for comments
  ``after`` an hour and a second before it (:data:`LOOKBACK`: WordPress's ``after`` is
  exclusive, dates have whole seconds, and it compares local times, which repeat for an hour
  when summer time ends) and skips what is older than ``at``;
* ``ids`` — the comments of that second already delivered, skipped too;
* ``held`` — comments *behind* the cursor that were held for moderation when last seen.
  WordPress holds a new commenter's first comment until someone approves it, and an approval
  does not change its date: without this list, a comment approved after a later one was read
  would never arrive. Each call first reads the comments held now (``status=hold``, which an
  Author may read on their own posts), then delivers those of the list that have been approved
  since, and keeps the ones still held (at most :data:`HELD_LIMIT`).

A comment answering the post has ``reply_to_remote`` = the post's id (``"123"``); one
answering another comment names that comment (``"comment-45"``): see
:mod:`govsm_wordpress.identity`. ``reply_to`` is left to ``govsm sync``. Its text is the
rendered comment as text (WordPress's typography included: ``'`` shows as ``’``); its author
is the name the commenter gave.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from attrs import frozen

from govsm.errors import ModelError
from govsm.spec import Direction, Message, MessageKind, MessageState, Profile
from govsm.spec.remote import Page
from govsm_wordpress.client import PER_PAGE, RestClient
from govsm_wordpress.content import html_to_text
from govsm_wordpress.errors import Action, foreign_cursor
from govsm_wordpress.identity import (
    clean_text,
    comment_remote_id,
    message_id,
    shown_name,
)
from govsm_wordpress.posts import ANY_STATUS, parse_gmt, wire_date

log = logging.getLogger("govsm_wordpress")

READ = Action(es="leer los comentarios", en="reading the comments")

#: the most comments one call delivers before saying there is more
BATCH = 100

#: how far before the cursor the next call asks from (see :data:`govsm_wordpress.own.LOOKBACK`:
#: ``after`` is exclusive and compares the local ``comment_date``)
LOOKBACK = timedelta(hours=1, seconds=1)

#: the most held comments remembered in the cursor
HELD_LIMIT = 500

#: the fields read of a comment
FIELDS = "id,post,parent,date_gmt,author_name,content,link,status,type"


@frozen
class InboundCursor:
    """Where the last call stopped (see the module's text).

    :param at: the ``date_gmt`` of the newest comment delivered.
    :param ids: the comments of that second already delivered.
    :param held: comments behind the cursor held for moderation when last seen.
    """

    at: datetime | None = None
    ids: frozenset[int] = frozenset()
    held: frozenset[int] = frozenset()

    @classmethod
    def parse(cls, cursor: str | None) -> InboundCursor:
        """Read a cursor; ``None`` is the start.

        :param cursor: a cursor this module wrote.
        :return: the cursor.
        :raises PermanentRejection: it is not one.
        """
        if cursor is None:
            return cls()
        try:
            data = json.loads(cursor)
            if not isinstance(data, dict) or data.get("v") != 1:
                raise ValueError("not this plugin's form")
            return cls(
                at=parse_gmt(data.get("at")),
                ids=frozenset(int(i) for i in data.get("ids", ())),
                held=frozenset(int(i) for i in data.get("held", ())),
            )
        except (ValueError, TypeError) as error:
            raise foreign_cursor() from error

    def dump(self) -> str:
        """The cursor as text.

        :return: compact JSON.
        """
        at = self.at.strftime("%Y-%m-%dT%H:%M:%S") if self.at else None
        data = {"v": 1, "at": at, "ids": sorted(self.ids), "held": sorted(self.held)}
        return json.dumps(data, separators=(",", ":"))

    def behind(self, comment: dict[str, Any]) -> bool:
        """Whether the cursor has passed the comment.

        :param comment: a comment.
        :return: ``True`` when it is older, or of the cursor's second and delivered.
        """
        when = parse_gmt(comment.get("date_gmt"))
        if self.at is None or when is None:
            return False
        return when < self.at or (when == self.at and int(comment["id"]) in self.ids)

    def after(self, delivered: Iterable[dict[str, Any]]) -> InboundCursor:
        """The cursor once ``delivered`` (newer than this cursor) have been delivered.

        :param delivered: the comments.
        :return: the cursor after the newest of them.
        """
        at, ids = self.at, set(self.ids)
        for comment in delivered:
            when = parse_gmt(comment.get("date_gmt"))
            if when is None:
                continue
            if at is None or when > at:
                at, ids = when, {int(comment["id"])}
            elif when == at:
                ids.add(int(comment["id"]))
        return InboundCursor(at=at, ids=frozenset(ids), held=self.held)


def _key(comment: dict[str, Any]) -> tuple[datetime, int]:
    return parse_gmt(comment.get("date_gmt")) or datetime.min.replace(tzinfo=UTC), int(
        comment["id"]
    )


def own_posts(client: RestClient, author: int, post_ids: Iterable[int]) -> set[int]:
    """Which of ``post_ids`` are posts of the account.

    :param client: the site's client.
    :param author: the account's user id.
    :param post_ids: the posts comments were made on.
    :return: those whose author is the account (any status).
    """
    wanted = sorted(set(post_ids))
    mine: set[int] = set()
    for start in range(0, len(wanted), PER_PAGE):
        chunk = ",".join(str(i) for i in wanted[start : start + PER_PAGE])
        query: dict[str, str | int] = {
            "include": chunk,
            "author": author,
            "status": ANY_STATUS,
            "_fields": "id",
        }
        for items, _, _ in client.pages("/wp/v2/posts", READ, query, limit=2):
            mine.update(int(p["id"]) for p in items)
    return mine


def _held_now(client: RestClient, author: int) -> list[dict[str, Any]]:
    """The comments held for moderation now (at most :data:`HELD_LIMIT`), the account's aside."""
    query: dict[str, str | int] = {
        "status": "hold",
        "type": "comment",
        "author_exclude": author,
        "orderby": "id",
        "order": "desc",
        "_fields": "id,post,date_gmt",
    }
    held: list[dict[str, Any]] = []
    for items, _, _ in client.pages("/wp/v2/comments", READ, query, limit=HELD_LIMIT // PER_PAGE):
        held.extend(items)
    if len(held) >= HELD_LIMIT:
        log.warning(
            "more than %s comments wait for moderation; the oldest are not followed", HELD_LIMIT
        )
    return held


def fetch_inbound(
    client: RestClient, profile: Profile, author: int, cursor: str | None
) -> Page[Message]:
    """Approved comments on the account's posts after ``cursor`` (see the module's text).

    :param client: the site's client.
    :param profile: the profile the messages belong to.
    :param author: the account's user id.
    :param cursor: the last page's cursor, or ``None`` for every comment the site keeps.
    :return: the comments, oldest first, with the cursor to go on from.
    """
    state = InboundCursor.parse(cursor)
    held_now = _held_now(client, author)
    held_ids = {int(c["id"]) for c in held_now}
    approved_since: list[dict[str, Any]] = []
    released = sorted(state.held - held_ids)
    for start in range(0, len(released), PER_PAGE):
        chunk = ",".join(str(i) for i in released[start : start + PER_PAGE])
        released_query: dict[str, str | int] = {
            "include": chunk,
            "type": "comment",
            "_fields": FIELDS,
        }
        for items, _, _ in client.pages("/wp/v2/comments", READ, released_query, limit=2):
            approved_since.extend(items)

    query: dict[str, str | int] = {
        "orderby": "date_gmt",
        "order": "asc",
        "type": "comment",
        "author_exclude": author,
        "_fields": FIELDS,
    }
    if state.at is not None:
        query["after"] = wire_date(state.at - LOOKBACK)
    fresh: list[dict[str, Any]] = []
    more = False
    for items, page, total in client.pages("/wp/v2/comments", READ, query):
        fresh.extend(c for c in items if not state.behind(c))
        if len(fresh) >= BATCH:
            more = page < total
            break

    fresh = list({int(c["id"]): c for c in fresh}.values())  # a comment approved meanwhile
    mine = own_posts(client, author, (int(c["post"]) for c in [*approved_since, *fresh, *held_now]))
    moved = state.after(fresh)
    still_held = sorted(
        (c for c in held_now if int(c["post"]) in mine and moved.behind(c)), key=_key
    )
    moved = InboundCursor(
        at=moved.at,
        ids=moved.ids,
        held=frozenset(int(c["id"]) for c in still_held[-HELD_LIMIT:]),
    )
    delivered = sorted((c for c in [*approved_since, *fresh] if int(c["post"]) in mine), key=_key)
    messages = tuple(m for m in (_message(profile, c) for c in delivered) if m is not None)
    return Page(items=messages, cursor=moved.dump(), more=more)


def _message(profile: Profile, comment: dict[str, Any]) -> Message | None:
    """A comment as an inbound message of ``profile`` (``None`` if it cannot be one)."""
    created = parse_gmt(comment.get("date_gmt")) or datetime.now(UTC)
    parent = int(comment.get("parent") or 0)
    answered = comment_remote_id(parent) if parent else str(comment["post"])
    rendered = comment.get("content", {}).get("rendered", "")
    link = comment.get("link")
    fields: dict[str, Any] = {
        "organisation": profile.organisation,
        "id": message_id(profile.id, "in-" + comment_remote_id(int(comment["id"]))),
        "profile": profile.id,
        "direction": Direction.INBOUND,
        "kind": MessageKind.COMMENT,
        "state": MessageState.NEW,
        "text": clean_text(html_to_text(str(rendered))),
        "created_at": created,
        "remote_id": comment_remote_id(int(comment["id"])),
        "reply_to_remote": answered,
        "author": shown_name(comment.get("author_name")),
        "url": link if isinstance(link, str) and link.startswith(("http://", "https://")) else None,
    }
    try:
        return Message(**fields)
    except ModelError as error:
        log.warning("comment %s skipped: %s", comment.get("id"), error.en)
        return None
