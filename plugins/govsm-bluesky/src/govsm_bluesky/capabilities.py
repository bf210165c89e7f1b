"""What Bluesky can do through this plugin, its limits, and where each comes from.

Two sets: :data:`WITH_APPVIEW` when an AppView answers ``app.bsky.*`` through the account's PDS
(``bsky.social`` and most PDSes: notifications from every account, and counts), and
:data:`PDS_ONLY` when none does (a PDS with no AppView configured: inbound items only from
accounts of the same PDS, through its firehose, and no counts).
"""

from __future__ import annotations

import attrs

from govsm.spec import MediaKind
from govsm.spec.remote import Capabilities

LEXICONS = "https://github.com/bluesky-social/atproto/blob/main/lexicons"
"""Where the lexicons (the schemas the PDS validates records against) are published."""

MAX_IMAGES = 4
MAX_IMAGE_BYTES = 2_000_000
TEXT_GRAPHEMES = 300

SOURCES = (
    f"{LEXICONS}/app/bsky/feed/post.json: record key 'tid'; text maxGraphemes 300 and "
    "maxLength 3000 (UTF-8 bytes); langs maxLength 3; reply root and parent strong refs",
    f"{LEXICONS}/app/bsky/embed/images.json: images maxLength 4; image blob accept image/*, "
    "maxSize 2000000 bytes; alt is a string with no length limit; aspectRatio",
    f"{LEXICONS}/app/bsky/richtext/facet.json: byteStart/byteEnd in UTF-8 bytes; mention (did), "
    "link (uri), tag (maxGraphemes 64)",
    "https://atproto.com/specs/record-key and https://atproto.com/specs/tid: a post's key is a "
    "TID chosen by the client (the PDS refuses others: 'Invalid TID string')",
    f"{LEXICONS}/com/atproto/sync/subscribeRepos.json and "
    "https://atproto.com/specs/event-stream: the firehose (cursor, #commit ops with creates, "
    "updates and deletes, OutdatedCursor, FutureCursor)",
    "@atproto/pds 0.5.35, config: PDS_REPO_BACKFILL_LIMIT_MS, the firehose keeps 24 hours of "
    "events by default",
    "https://docs.bsky.app/docs/advanced-guides/rate-limits: 429 with RateLimit-Reset (epoch "
    "seconds) and Retry-After",
    "Bluesky has no post editing in its app; likes, reposts, followers and replies are counted "
    "by the AppView (app.bsky.*), which a PDS alone does not serve",
)

APPVIEW_METRICS = frozenset({"likes", "reposts", "replies", "quotes", "followers", "posts"})
"""The counts read through an AppView (see :mod:`govsm_bluesky.appview`)."""

APPVIEW_SOURCES = (
    f"{LEXICONS}/app/bsky/notification/listNotifications.json: inbound replies, mentions and "
    "quotes from every account (reasons reply, mention, quote; cursor pages towards the oldest), "
    "through the PDS's AppView (atproto-proxy or the PDS's configured AppView)",
    f"{LEXICONS}/app/bsky/feed/getPosts.json and app/bsky/feed/defs.json#postView: likeCount, "
    "repostCount, replyCount, quoteCount",
    f"{LEXICONS}/app/bsky/actor/getProfile.json and app/bsky/actor/defs.json"
    "#profileViewDetailed: followersCount, postsCount",
)

NO_APPVIEW = (
    "no AppView answered app.bsky.* through the account's PDS ('No service configured', 404 or "
    "501): inbound items come from the PDS's firehose, only from accounts of that PDS, and no "
    "counts are read",
)

PDS_ONLY = Capabilities(
    network="bluesky",
    media_kinds=frozenset({MediaKind.IMAGE}),
    max_media=MAX_IMAGES,
    max_media_bytes=MAX_IMAGE_BYTES,
    alt_text_limit=None,
    text_limit=TEXT_GRAPHEMES,
    threads=True,
    edit=False,
    delete=True,
    content_warning=False,
    native_idempotency=True,
    direct_messages=False,
    own_history=True,
    metrics=frozenset(),
    sources=SOURCES + NO_APPVIEW,
)
"""Bluesky's capabilities through a PDS with no AppView (see the module's sources).

``native_idempotency``: the record key is derived from the idempotency key
(:mod:`govsm_bluesky.rkey`), and a repository holds one record per key, so the network itself
refuses a second post with the same key. ``edit`` is false: Bluesky's app cannot edit a post (a
record rewritten with ``putRecord`` through the API is still reported by ``fetch_own`` as
edited). ``own_history``: deletions come from the firehose. No metrics: every count lives in
other accounts' repositories and is added up by the AppView.
"""

WITH_APPVIEW = attrs.evolve(PDS_ONLY, metrics=APPVIEW_METRICS, sources=SOURCES + APPVIEW_SOURCES)
"""Bluesky's capabilities when an AppView answers through the PDS: :data:`PDS_ONLY` with the
counts of :data:`APPVIEW_METRICS`."""
