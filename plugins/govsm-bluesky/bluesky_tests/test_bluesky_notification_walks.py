"""The walk down the AppView's notifications and the AppView's answers, without a network.

The answers are shaped as ``app.bsky.notification.listNotifications`` gives them (lexicon
``app/bsky/notification/listNotifications.json``): newest first, with a cursor towards older.
The real AppView's are in ``test_bluesky_appview.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from atproto_client.exceptions import BadRequestError, RequestErrorBase
from atproto_client.models.common import XrpcError
from atproto_client.request import Response
from govsm_bluesky import notifications as notes
from govsm_bluesky.appview import POST_COUNTS, counts, proxy_header, unserved
from govsm_bluesky.capabilities import APPVIEW_METRICS, PDS_ONLY, WITH_APPVIEW

from govsm.errors import ConfigError
from govsm.spec import MessageKind, Profile

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
ME = "did:plc:ajuntament"
PROFILE = Profile(
    organisation="ajuntament-soldeneu",
    id="bluesky-ajuntament",
    channel="bluesky",
    handle="@aj.test",
    unit="comunicacio",
)


def stamp(seconds: float) -> str:
    return (T0 + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def note(n: int, seconds: float, reason: str = "reply") -> dict[str, Any]:
    """The notification of post ``n`` by a neighbour, indexed ``seconds`` after T0."""
    uri = f"at://did:plc:vecina/app.bsky.feed.post/3k{n:011d}"
    record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": f"post {n}"}
    record["createdAt"] = stamp(seconds)
    if reason == "reply":
        parent = {"uri": f"at://{ME}/app.bsky.feed.post/3kaaaaaaaaaaa", "cid": "bafy"}
        record["reply"] = {"root": parent, "parent": parent}
    return {
        "uri": uri,
        "cid": "bafy",
        "author": {"did": "did:plc:vecina", "handle": "vecina.test"},
        "reason": reason,
        "record": record,
        "isRead": False,
        "indexedAt": stamp(seconds),
    }


def answer(items: list[dict[str, Any]], cursor: str | None = None) -> dict[str, Any]:
    """A page as the AppView answers it: newest first."""
    ordered = sorted(items, key=lambda n: str(n["indexedAt"]), reverse=True)
    return {"notifications": ordered, **({"cursor": cursor} if cursor else {})}


def walk_all(walk: notes.Walk, pages: list[dict[str, Any]]) -> tuple[list[str], notes.Walk]:
    """Feed the pages to successive steps; the URIs returned and the walk at the end."""
    uris: list[str] = []
    for page in pages:
        new, walk, more = notes.step(walk, page)
        uris += [str(n["uri"]) for n in new]
        if not more:
            break
    return uris, walk


def test_a_first_walk_reads_every_page_and_ends_at_the_top() -> None:
    older, newer = [note(n, n) for n in range(3)], [note(n, n) for n in range(3, 6)]
    uris, walk = walk_all(notes.Walk(), [answer(newer, "c1"), answer(older)])
    assert sorted(uris) == sorted(n["uri"] for n in older + newer)
    assert walk.mark == stamp(5) and walk.page == "" and walk.top == ""
    assert len(walk.seen) == 6, "all within the window of the mark"


def test_a_walk_stops_below_the_window_and_skips_what_it_returned() -> None:
    old = [note(n, n) for n in range(3)]
    _, walk = walk_all(notes.Walk(), [answer(old)])
    late = note(9, 1.5)  # indexed after the last walk, sorted below its mark (a slow clock)
    new = note(10, 100)
    far = note(11, -3600)  # below the window: never asked for again
    uris, after = walk_all(walk, [answer([*old, late, new, far], "more")])
    assert sorted(uris) == sorted([late["uri"], new["uri"]])
    assert after.mark == stamp(100) and after.page == ""


def test_nothing_new_gives_the_same_cursor() -> None:
    _, walk = walk_all(notes.Walk(), [answer([note(1, 1), note(2, 2)])])
    uris, again = walk_all(walk, [answer([note(1, 1), note(2, 2)])])
    assert uris == [] and str(again) == str(walk)


def test_an_empty_list_keeps_the_mark() -> None:
    _, walk = walk_all(notes.Walk(), [answer([note(1, 1)])])
    new, after, more = notes.step(walk, {"notifications": []})
    assert new == [] and not more and after == walk


def test_the_mark_never_moves_back() -> None:
    """A newest notification deleted since: the top is older than the mark."""
    _, walk = walk_all(notes.Walk(), [answer([note(1, 1), note(2, 2)])])
    uris, after = walk_all(walk, [answer([note(1, 1)])])
    assert uris == [] and after.mark == walk.mark
    assert set(walk.seen) <= set(after.seen)


def test_a_walk_under_way_keeps_its_top_and_resumes_from_its_cursor() -> None:
    _, walk = walk_all(notes.Walk(), [answer([note(0, 0)])])
    new, going, more = notes.step(walk, answer([note(5, 50), note(4, 40)], "p2"))
    assert more and going.page == "p2" and going.top == stamp(50) and going.mark == walk.mark
    resumed = notes.read(str(going))
    assert resumed == going, "the cursor text holds the whole walk"
    rest, done, more = notes.step(going, answer([note(3, 30), note(0, 0)]))
    assert not more and done.mark == stamp(50)
    assert [n["uri"] for n in new + rest] == [note(n, 0)["uri"] for n in (5, 4, 3)]


def test_one_post_twice_is_kept_once_as_its_strongest_reason() -> None:
    """A quote that also mentions the council: two notifications, one message."""
    both = [note(1, 1, "mention"), note(1, 1, "quote"), note(2, 2, "like")]
    new, _, _ = notes.step(notes.Walk(), answer(both))
    assert [(n["uri"], n["reason"]) for n in new] == [(note(1, 1)["uri"], "quote")]


@pytest.mark.parametrize("cursor", [None, "42@https://pds.example", "notif:{", "notif:[]"])
def test_a_cursor_that_is_not_a_walk_starts_a_new_one(cursor: str | None) -> None:
    assert notes.read(cursor) is None


def test_messages_are_inbound_oldest_first_in_their_thread() -> None:
    quoted = f"at://{ME}/app.bsky.feed.post/3kbbbbbbbbbbb"
    quote = note(3, 3, "quote")
    quote["record"]["embed"] = {
        "$type": "app.bsky.embed.record",
        "record": {"uri": quoted, "cid": "bafy"},
    }
    asked: list[str] = []

    def pds_of(did: str) -> str:
        asked.append(did)
        return "https://pds.example"

    found = notes.messages(PROFILE, [quote, note(2, 2, "mention"), note(1, 1)], pds_of=pds_of)
    assert [m.kind for m in found] == [MessageKind.REPLY, MessageKind.MENTION, MessageKind.MENTION]
    reply, mention, quoting = found
    assert reply.reply_to_remote == f"at://{ME}/app.bsky.feed.post/3kaaaaaaaaaaa"
    assert mention.reply_to_remote is None
    assert (quoting.reply_to_remote, quoting.original_author) == (quoted, "aj.test")
    assert all(m.author == "vecina.test" for m in found)
    assert asked == [], "no images: no PDS looked up"


def error(status: int, name: str, message: str) -> RequestErrorBase:
    content = XrpcError(error=name, message=message)
    response = Response(success=False, status_code=status, content=content, headers={})
    return BadRequestError(response)


@pytest.mark.parametrize(
    ("status", "name", "message", "expected"),
    [
        (400, "InvalidRequest", "No service configured for app.bsky.feed.getPosts", True),
        (501, "MethodNotImplemented", "Method Not Implemented", True),
        (404, "NotFound", "", True),
        (400, "InvalidRequest", "could not resolve proxy did", False),
        (502, "UpstreamFailure", "Upstream service unreachable", False),
        (400, "InvalidRequest", "Profile not found", False),
    ],
)
def test_what_means_no_appview(status: int, name: str, message: str, expected: bool) -> None:
    assert unserved(error(status, name, message)) is expected
    assert unserved(httpx.ConnectError("refused")) is False


def test_the_proxy_header_must_name_a_did_and_a_service() -> None:
    assert proxy_header(" did:web:api.bsky.app#bsky_appview ") == {
        "atproto-proxy": "did:web:api.bsky.app#bsky_appview"
    }
    for wrong in ("api.bsky.app", "did:web:api.bsky.app", "did:web:x#a b", "did:web:x#a#b"):
        with pytest.raises(ConfigError):
            proxy_header(wrong)


def test_counts_are_whole_and_never_invented() -> None:
    view = {"likeCount": 2, "repostCount": True, "replyCount": "3", "quoteCount": 0}
    assert counts(view, POST_COUNTS) == {"likes": 2, "quotes": 0}
    assert counts(None, POST_COUNTS) == {}


def test_the_capabilities_say_where_inbound_items_come_from() -> None:
    assert PDS_ONLY.metrics == frozenset() and WITH_APPVIEW.metrics == APPVIEW_METRICS
    assert any("no AppView" in source for source in PDS_ONLY.sources)
    assert any("listNotifications" in source for source in WITH_APPVIEW.sources)
    assert PDS_ONLY.text_limit == WITH_APPVIEW.text_limit and not WITH_APPVIEW.direct_messages
