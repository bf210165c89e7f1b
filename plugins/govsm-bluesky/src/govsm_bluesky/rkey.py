"""Record keys and AT URIs: where a post lives, and the key that makes publishing idempotent.

Bluesky has no idempotency key, but the *client* chooses the record key (``rkey``) of a new
record. The lexicon of ``app.bsky.feed.post`` says its keys are TIDs (``"key": "tid"``), and the
PDS enforces it: ``createRecord`` with a key that is not a TID is refused (``InvalidRequest:
Invalid record key for app.bsky.feed.post: Invalid TID string``). A repository holds at most one
record per key, so deriving the key from the idempotency key makes a retry find — or collide
with — the post an earlier attempt made, instead of making a second one.

A TID (https://atproto.com/specs/tid) is 64 bits written as 13 characters of base32-sortable:
the top bit 0, 53 bits of microseconds since 1970, and a 10-bit "clock identifier". Keys are
usually the time of writing, and apps sort by them, so :func:`record_key` keeps that meaning:

* the *seconds* are the message's ``created_at`` (fixed for a message: every attempt and every
  lookup of it derive the same key);
* the *microseconds* and the clock identifier come from SHA-256 of the idempotency key, about 30
  bits: two keys of messages written in the same second collide once in a billion.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from attrs import frozen

ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
"""The base32-sortable alphabet of TIDs."""

POST = "app.bsky.feed.post"
"""The collection of posts."""

_TID = re.compile(r"[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}\Z")
_RECORD_KEY = re.compile(r"[A-Za-z0-9._:~-]{1,512}\Z")
_AT_URI = re.compile(r"at://(?P<repo>[^/?#]+)/(?P<collection>[^/?#]+)/(?P<rkey>[^/?#]+)\Z")

_MAX_SECONDS = (1 << 53) // 1_000_000 - 1
_SALT = b"govsm-bluesky/rkey/1\0"


def tid(microseconds: int, clock_id: int) -> str:
    """The TID of a timestamp in microseconds since 1970 and a clock identifier.

    >>> tid(0, 0)
    '2222222222222'
    >>> tid(1_700_000_000_000_000, 512)
    '3ke6kg3wk22k2'

    :param microseconds: 0 to 2**53 - 1.
    :param clock_id: 0 to 1023.
    """
    if not 0 <= microseconds < 1 << 53 or not 0 <= clock_id < 1 << 10:
        raise ValueError("a TID holds 53 bits of microseconds and 10 bits of clock identifier")
    value = (microseconds << 10) | clock_id
    return "".join(ALPHABET[(value >> (5 * (12 - place))) & 31] for place in range(13))


def is_tid(text: str) -> bool:
    """Whether ``text`` has the syntax of a TID.

    >>> is_tid("3jzfcijpj2z2a"), is_tid("3jzfcijpj2z2"), is_tid("zzzzzzzzzzzzz")
    (True, False, False)
    """
    return _TID.match(text) is not None


def tid_microseconds(key: str) -> int:
    """The timestamp a TID holds, in microseconds since 1970.

    >>> tid_microseconds(tid(1_700_000_000_123_456, 7))
    1700000000123456
    """
    if not is_tid(key):
        raise ValueError(f"not a TID: {key!r}")
    value = 0
    for char in key:
        value = (value << 5) | ALPHABET.index(char)
    return value >> 10


def record_key(idempotency_key: str, created_at: datetime) -> str:
    """The record key of the post published with ``idempotency_key``: a TID, always the same.

    >>> from datetime import UTC, datetime
    >>> when = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    >>> key = record_key("outbox-41-bluesky", when)
    >>> key == record_key("outbox-41-bluesky", when), is_tid(key)
    (True, True)
    >>> tid_microseconds(key) // 1_000_000 == int(when.timestamp())
    True

    :param idempotency_key: the outbox item's key.
    :param created_at: when the message was written (an aware datetime).
    """
    digest = hashlib.sha256(_SALT + idempotency_key.encode("utf-8")).digest()
    seconds = min(max(int(created_at.timestamp()), 0), _MAX_SECONDS)
    micro = int.from_bytes(digest[:4], "big") % 1_000_000
    clock_id = int.from_bytes(digest[4:6], "big") & 0x3FF
    return tid(seconds * 1_000_000 + micro, clock_id)


def is_record_key(text: str) -> bool:
    """Whether ``text`` has the syntax of any record key (https://atproto.com/specs/record-key).

    >>> is_record_key("self"), is_record_key("."), is_record_key("a/b")
    (True, False, False)
    """
    return text not in (".", "..") and _RECORD_KEY.match(text) is not None


@frozen
class AtUri:
    """An ``at://`` URI of one record: ``at://<repo>/<collection>/<rkey>``.

    >>> AtUri.parse("at://did:plc:abc/app.bsky.feed.post/3jzfcijpj2z2a").rkey
    '3jzfcijpj2z2a'

    :param repo: the repository's DID (or a handle).
    :param collection: the record's collection (an NSID).
    :param rkey: its record key.
    """

    repo: str
    collection: str
    rkey: str

    @classmethod
    def parse(cls, uri: str) -> AtUri:
        """Read an ``at://`` URI of a record.

        :raises ValueError: it is not one.
        """
        found = _AT_URI.match(uri)
        if found is None or not is_record_key(found["rkey"]):
            raise ValueError(f"not the AT URI of a record: {uri!r}")
        return cls(found["repo"], found["collection"], found["rkey"])

    def __str__(self) -> str:
        return f"at://{self.repo}/{self.collection}/{self.rkey}"
