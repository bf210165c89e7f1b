"""The account's posts: found by idempotency marker or by title and text, and read as results.

Dates: WordPress gives ``date_gmt`` and ``modified_gmt`` in UTC without an offset, in whole
seconds. A date sent as a filter (``after``, ``modified_after``) is written with ``+00:00``:
WordPress converts it to the site's time zone before comparing it with its local columns
(checked with ``Europe/Madrid``); one without an offset would be read as local time.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from typing import Any

from govsm.spec import PublishResult
from govsm_wordpress.client import RestClient
from govsm_wordpress.content import raw_to_text
from govsm_wordpress.errors import Action
from govsm_wordpress.marker import carries, marker_token, without_markers

FIND = Action(es="buscar una entrada ya publicada", en="looking for a post already published")

#: every status a post made by the adapter can have later (a person may unpublish or trash it)
ANY_STATUS = "publish,future,draft,pending,private,trash"

#: the statuses of a post that was published (or scheduled) at some point
PUBLISHED_STATUS = "publish,future,private,trash"

#: how many of the account's newest posts are read for the marker before searching
RECENT = 20

#: the margin added before ``since`` when looking by text (the site's clock may differ)
CLOCK_MARGIN = timedelta(minutes=5)

#: the fields read of a post when looking for one
FIELDS = "id,date_gmt,modified_gmt,link,status,title,content"


def parse_gmt(value: object) -> datetime | None:
    """A WordPress ``*_gmt`` date as an aware UTC datetime.

    :param value: e.g. ``"2026-12-06T15:10:51"``; ``None`` for a draft without a date.
    :return: the datetime, or ``None``.

    >>> parse_gmt("2026-12-06T15:10:51")
    datetime.datetime(2026, 12, 6, 15, 10, 51, tzinfo=datetime.timezone.utc)
    """
    if not isinstance(value, str) or not value or value.startswith("0000"):
        return None
    when = datetime.fromisoformat(value)
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def wire_date(when: datetime) -> str:
    """A date as a WordPress filter takes it, in UTC with its offset.

    :param when: an aware datetime.
    :return: e.g. ``2026-12-06T15:10:51+00:00``.
    """
    return when.astimezone(UTC).replace(microsecond=0).isoformat()


def result_of(post: dict[str, Any]) -> PublishResult:
    """What the adapter returns for a post it made or found.

    :param post: the post as the REST API gives it.
    :return: its id, publication date and address.
    """
    published = parse_gmt(post.get("date_gmt")) or parse_gmt(post.get("modified_gmt"))
    return PublishResult(
        remote_id=str(post["id"]),
        published_at=published or datetime.now(UTC),
        url=str(post["link"]) if post.get("link") else None,
    )


def raw(post: dict[str, Any], field: str) -> str:
    """A field's raw value (``context=edit``), or its rendered one when raw is absent.

    :param post: the post.
    :param field: ``title`` or ``content``.
    :return: the value.
    """
    value = post.get(field)
    if isinstance(value, dict):
        return str(value.get("raw", value.get("rendered", "")) or "")
    return str(value or "")


def find_by_marker(client: RestClient, author: int, idempotency_key: str) -> dict[str, Any] | None:
    """The account's post that carries the marker of ``idempotency_key``, in any status.

    The account's newest posts are read first (a retry comes soon after its attempt); then
    WordPress's search looks for the marker's word in every post. When several carry it (a
    person copied a post's code), the oldest is the one.

    :param client: the site's client.
    :param author: the account's user id.
    :param idempotency_key: the key.
    :return: the post (``context=edit``), or ``None``.
    """
    base: dict[str, str | int] = {
        "author": author,
        "status": ANY_STATUS,
        "context": "edit",
        "_fields": FIELDS,
    }
    recent = client.get(
        "/wp/v2/posts", FIND, {**base, "orderby": "date", "order": "desc", "per_page": RECENT}
    )
    found = [p for p in recent if carries(raw(p, "content"), idempotency_key)]
    if not found:
        query: dict[str, str | int] = {
            **base,
            "search": marker_token(idempotency_key),
            "orderby": "id",
            "order": "asc",
        }
        for items, _, _ in client.pages("/wp/v2/posts", FIND, query, limit=5):
            found.extend(p for p in items if carries(raw(p, "content"), idempotency_key))
            if found:
                break
    return min(found, key=lambda p: int(p["id"])) if found else None


def same_words(one: str, other: str) -> bool:
    """Whether two texts hold the same words (spacing and line breaks aside).

    :param one: a text.
    :param other: another.
    :return: ``True`` when equal after collapsing whitespace.
    """
    return one.split() == other.split()


def find_by_content(
    client: RestClient, author: int, title: str, text: str, since: datetime
) -> dict[str, Any] | None:
    """The account's post published since ``since`` with exactly this title and text.

    :param client: the site's client.
    :param author: the account's user id.
    :param title: the title the adapter gives the message.
    :param text: the message's text.
    :param since: the earliest publication date (less :data:`CLOCK_MARGIN`).
    :return: the oldest such post, or ``None``.
    """
    query: dict[str, str | int] = {
        "author": author,
        "status": PUBLISHED_STATUS,
        "context": "edit",
        "_fields": FIELDS,
        "after": wire_date(since - CLOCK_MARGIN),
        "orderby": "date",
        "order": "asc",
    }
    for items, _, _ in client.pages("/wp/v2/posts", FIND, query, limit=10):
        for post in items:
            held_title = html.unescape(raw(post, "title"))
            held_text = raw_to_text(without_markers(raw(post, "content")))
            if same_words(held_title, title) and same_words(held_text, text):
                return dict(post)
    return None
