"""The account's own posts changed after a cursor: posted, edited, moved to the trash.

Read with ``GET /wp/v2/posts?author=<me>&status=publish,future,private,trash&orderby=modified
&order=asc&modified_after=…&context=edit``. Each post becomes one change:

* in the trash → DELETED (``at`` = its ``modified_gmt``: WordPress dates the move);
* delivered before at the cursor's second (see below), and changed since → EDITED;
* ``modified_gmt`` later than ``date_gmt`` → EDITED;
* the same second: EDITED when the post carries govsm's marker and has a revision (WordPress
  keeps none when the adapter creates a post, and one for every later change of its text or
  title), else POSTED;
* otherwise POSTED (a scheduled post, ``future``, is SCHEDULED in its message).

The cursor is JSON, e.g. ``{"v":1,"at":"2026-12-06T15:10:51","seen":{"12":"5be0c1f2a9d4"}}``:
the newest ``modified_gmt`` delivered, and the posts of that second already delivered, each
with a :func:`fingerprint` of what it showed (status, title, content, featured image).
``modified_gmt`` has whole seconds and WordPress's filter is exclusive and local, so the next
call asks for ``modified_after`` an hour and a second earlier (:data:`LOOKBACK`), skips what is
older than the cursor, and skips the posts of its second *unless their fingerprint changed*:
a post edited or trashed within the very second it was read is still reported (as EDITED or
DELETED), which a cursor of ids alone would miss.

Not reported: a post deleted permanently (from the trash, or by a plugin) before a call saw it
in the trash — it leaves no trace in the API —, and a post moved back to draft. When the site's
time zone setting changes, posts modified around the change may be read twice or missed
(WordPress stores local times with the offset of the day they were written).

A post scheduled ahead (``future``) carries the ``modified_gmt`` of its publication date: the
cursor never moves past this machine's clock (:data:`CLOCK_SLACK`), so such a post comes again
at every call until its date, and no change made meanwhile is hidden behind it.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from attrs import field, frozen

from govsm.errors import ModelError
from govsm.spec import (
    Direction,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
    Profile,
)
from govsm.spec.remote import ChangeKind, Page, RemoteChange
from govsm_wordpress.client import RestClient
from govsm_wordpress.content import images_in, raw_to_text
from govsm_wordpress.errors import Action, foreign_cursor
from govsm_wordpress.identity import clean_text, message_id
from govsm_wordpress.marker import PREFIX, without_markers
from govsm_wordpress.posts import PUBLISHED_STATUS, parse_gmt, raw, wire_date

log = logging.getLogger("govsm_wordpress")

READ = Action(es="leer las entradas de la cuenta", en="reading the account's posts")

#: the most changes one call delivers before saying there is more
BATCH = 100

#: how far before the cursor the next call asks from: one second because WordPress's filter is
#: exclusive, and one hour because it compares *local* times (``post_modified``), which repeat
#: for an hour when summer time ends; what the cursor has passed is skipped by its UTC date
LOOKBACK = timedelta(hours=1, seconds=1)


def fingerprint(post: dict[str, Any]) -> str:
    """A short digest of what a post shows: status, title, content, featured image.

    :param post: the post (``context=edit``).
    :return: 12 hex digits.
    """
    shown = "\x1f".join(
        [
            str(post.get("status")),
            raw(post, "title"),
            raw(post, "content"),
            str(post.get("featured_media")),
        ]
    )
    return hashlib.sha256(shown.encode("utf-8", "surrogatepass")).hexdigest()[:12]


#: how far ahead of this machine's clock the site's may be before a modification date counts as
#: a scheduled post's (future) date
CLOCK_SLACK = timedelta(minutes=10)


@frozen
class OwnCursor:
    """Where the last call stopped (see the module's text).

    :param at: the newest ``modified_gmt`` delivered.
    :param seen: the posts of that second already delivered, each with its
        :func:`fingerprint` then.
    """

    at: datetime | None = None
    seen: dict[int, str] = field(factory=dict)

    @classmethod
    def parse(cls, cursor: str | None) -> OwnCursor:
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
            seen = {int(key): str(value) for key, value in dict(data["seen"]).items()}
            at = parse_gmt(data.get("at"))
            if at is not None and at > datetime.now(UTC) + CLOCK_SLACK:
                return cls()  # moved to a scheduled post's date by an earlier version: start over
            return cls(at=at, seen=seen)
        except (ValueError, TypeError, KeyError) as error:
            raise foreign_cursor() from error

    def dump(self) -> str:
        """The cursor as text.

        :return: compact JSON.
        """
        at = self.at.strftime("%Y-%m-%dT%H:%M:%S") if self.at else None
        seen = {str(key): self.seen[key] for key in sorted(self.seen)}
        return json.dumps({"v": 1, "at": at, "seen": seen}, separators=(",", ":"))

    def behind(self, post: dict[str, Any]) -> bool:
        """Whether the cursor has passed this version of the post.

        :param post: a post.
        :return: ``True`` when it is older, or of the cursor's second and delivered as it is.
        """
        when = parse_gmt(post.get("modified_gmt"))
        if self.at is None or when is None:
            return False
        if when != self.at:
            return when < self.at
        return self.seen.get(int(post["id"])) == fingerprint(post)

    def then(self, post: dict[str, Any]) -> OwnCursor:
        """The cursor once ``post`` (newer than this cursor) has been delivered.

        :param post: the post.
        :return: the cursor.
        """
        when = parse_gmt(post.get("modified_gmt"))
        if when is None or when > datetime.now(UTC) + CLOCK_SLACK:
            # a post scheduled ahead: WordPress gives it the modified_gmt of its publication
            # date, and a cursor moved there would hide every change until then
            return self
        if self.at is None or when > self.at:
            return OwnCursor(at=when, seen={int(post["id"]): fingerprint(post)})
        if when < self.at:  # listed late: WordPress orders by local time (see LOOKBACK)
            return self
        return OwnCursor(at=self.at, seen={**self.seen, int(post["id"]): fingerprint(post)})


def fetch_own(
    client: RestClient, profile: Profile, author: int, cursor: str | None
) -> Page[RemoteChange]:
    """The account's posts changed after ``cursor`` (see the module's text).

    :param client: the site's client.
    :param profile: the profile the messages belong to.
    :param author: the account's user id.
    :param cursor: the last page's cursor, or ``None`` for every post the site keeps.
    :return: the changes, oldest first, with the cursor to go on from.
    """
    state = OwnCursor.parse(cursor)
    query: dict[str, str | int] = {
        "author": author,
        "status": PUBLISHED_STATUS,
        "context": "edit",
        "_embed": "wp:featuredmedia",
    }
    if state.at is not None:
        query["modified_after"] = wire_date(state.at - LOOKBACK)
    listed, more = _listed(client, query, state)
    changes: list[RemoteChange] = []
    moved = state
    for post in listed:
        if state.behind(post):
            continue
        seen_before = int(post["id"]) in state.seen
        moved = moved.then(post)
        change = _change(client, profile, post, seen_before=seen_before)
        if change is not None:
            changes.append(change)
    return Page(items=tuple(changes), cursor=moved.dump(), more=more)


def _listed(
    client: RestClient, query: dict[str, str | int], state: OwnCursor
) -> tuple[list[dict[str, Any]], bool]:
    """The posts of ``query`` by modification, until :data:`BATCH` are new to ``state``.

    WordPress orders ``orderby=modified`` by that column alone, and MariaDB may order posts of
    the same second differently from one page's query to the next: a second split by a page
    boundary could lose a post. Such a second (and the last one read, when pages are left) is
    read again whole, ordered by id, and replaces what the pages gave for it.

    :param client: the site's client.
    :param query: the filters.
    :param state: the cursor.
    :return: the posts, by ``modified_gmt`` then id, and whether pages are left.
    """
    posts: dict[int, dict[str, Any]] = {}
    split: set[str] = set()
    more = False
    last: str | None = None
    ordered = {**query, "orderby": "modified", "order": "asc"}
    for items, page, total in client.pages("/wp/v2/posts", READ, ordered):
        if items and last is not None and items[0].get("modified_gmt") == last:
            split.add(last)
        posts.update((int(p["id"]), p) for p in items)
        last = str(items[-1].get("modified_gmt")) if items else None
        if sum(not state.behind(p) for p in posts.values()) >= BATCH and page < total:
            more = True
            if last is not None:
                split.add(last)
            break
    for second in split:
        posts = {k: p for k, p in posts.items() if p.get("modified_gmt") != second}
        posts.update((int(p["id"]), p) for p in _one_second(client, query, second))
    return sorted(posts.values(), key=_order), more


def _one_second(
    client: RestClient, query: dict[str, str | int], second: str
) -> list[dict[str, Any]]:
    """Every post of ``query`` modified within one second (by UTC), ordered by id."""
    when = parse_gmt(second)
    if when is None:
        return []
    whole = {
        **query,
        "modified_after": wire_date(when - timedelta(seconds=1)),
        "modified_before": wire_date(when + timedelta(seconds=1)),
        "orderby": "id",
        "order": "asc",
    }
    found: list[dict[str, Any]] = []
    for items, _, _ in client.pages("/wp/v2/posts", READ, whole):
        found.extend(p for p in items if p.get("modified_gmt") == second)
    return found


def _order(post: dict[str, Any]) -> tuple[str, int]:
    return str(post.get("modified_gmt") or ""), int(post["id"])


def _edited(client: RestClient, post: dict[str, Any]) -> bool:
    """Whether the post changed after it was published (see the module's text)."""
    published = parse_gmt(post.get("date_gmt"))
    modified = parse_gmt(post.get("modified_gmt"))
    if published is None or modified is None:
        return False
    if modified != published:
        return modified > published
    if f"<!-- {PREFIX}" not in raw(post, "content"):
        return False
    response = client.request(
        "GET", f"/wp/v2/posts/{post['id']}/revisions", READ, params={"per_page": 1, "_fields": "id"}
    )
    return int(response.headers.get("X-WP-Total", "0") or 0) > 0


def _change(
    client: RestClient, profile: Profile, post: dict[str, Any], *, seen_before: bool
) -> RemoteChange | None:
    """One post as a change (``None`` when govsm cannot hold it as a message)."""
    remote_id = str(post["id"])
    at = parse_gmt(post.get("modified_gmt")) or datetime.now(UTC)
    if post.get("status") == "trash":
        return RemoteChange(kind=ChangeKind.DELETED, remote_id=remote_id, at=at)
    edited = seen_before or _edited(client, post)
    kind = ChangeKind.EDITED if edited else ChangeKind.POSTED
    try:
        message = _message(profile, post)
    except ModelError as error:
        log.warning("post %s skipped: %s", remote_id, error.en)
        return None
    return RemoteChange(kind=kind, remote_id=remote_id, at=at, message=message)


def _media(post: dict[str, Any]) -> tuple[Media, ...]:
    """The post's images: the featured one, then those in its text (unreadable ones left out)."""
    candidates: list[tuple[str, str | None, str | None]] = []
    for item in post.get("_embedded", {}).get("wp:featuredmedia") or []:
        if isinstance(item, dict) and isinstance(item.get("source_url"), str):
            mime = item.get("mime_type")
            alt = item.get("alt_text")
            candidates.append(
                (item["source_url"], alt if isinstance(alt, str) else None, mime or None)
            )
    candidates.extend((src, alt, None) for src, alt in images_in(raw(post, "content")))
    found: list[Media] = []
    for location, alt, mime in candidates:
        try:
            found.append(
                Media(
                    kind=MediaKind.IMAGE,
                    location=location,
                    alt_text=clean_text(alt) if alt else None,
                    mime_type=mime,
                )
            )
        except ModelError as error:
            log.warning("an image of post %s left out: %s", post.get("id"), error.en)
    return tuple(found)


def _message(profile: Profile, post: dict[str, Any]) -> Message:
    """The post as an outbound message of ``profile``, as it is now."""
    published = parse_gmt(post.get("date_gmt")) or parse_gmt(post.get("modified_gmt"))
    when = published or datetime.now(UTC)
    future = post.get("status") == "future"
    title = clean_text(html.unescape(raw(post, "title"))).strip()
    link = post.get("link")
    return Message(
        organisation=profile.organisation,
        id=message_id(profile.id, f"post-{post['id']}"),
        profile=profile.id,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.SCHEDULED if future else MessageState.PUBLISHED,
        text=clean_text(raw_to_text(without_markers(raw(post, "content")))),
        title=title or None,
        created_at=when,
        scheduled_at=when if future else None,
        published_at=None if future else when,
        media=_media(post),
        remote_id=str(post["id"]),
        url=link if isinstance(link, str) and link.startswith(("http://", "https://")) else None,
    )
