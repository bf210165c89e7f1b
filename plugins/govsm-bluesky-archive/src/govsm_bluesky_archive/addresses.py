"""The addresses of records: AT URIs, their pages on Bluesky's web app, and govsm's ids.

Every record of a repository has an AT URI, ``at://<DID>/<collection>/<record key>``
(https://atproto.com/specs/at-uri-scheme): the id the network gives it, which govsm keeps as
the message's ``remote_id``, as govsm-bluesky does for the posts it reads. A post is seen at
``https://bsky.app/profile/<DID>/post/<record key>``; the DID is used rather than the handle,
which the repository does not hold and which can change.

>>> uri = AtUri.parse("at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3l6oveex3ii2l")
>>> uri.did, uri.collection, uri.rkey
('did:plc:ewvi7nxzyoun6zhxrhs64oiz', 'app.bsky.feed.post', '3l6oveex3ii2l')
>>> uri.page
'https://bsky.app/profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz/post/3l6oveex3ii2l'
>>> message_id(str(uri))
'bluesky-3l6oveex3ii2l-883da6feb4aa'
>>> AtUri.parse("https://bsky.app/profile/x") is None
True
"""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import quote

from attrs import frozen

from govsm_bluesky_archive.commit import is_did

#: where a post, a list or a feed is seen in Bluesky's web app
APP = "https://bsky.app"
#: the page of a record of each collection that has one, after ``/profile/<DID>/``
PAGES = {
    "app.bsky.feed.post": "post",
    "app.bsky.graph.list": "lists",
    "app.bsky.feed.generator": "feed",
}
#: the longest address kept
ADDRESS_CHARACTERS = 2048

_URI = re.compile(r"at://(?P<did>[^/?#]+)/(?P<collection>[A-Za-z0-9.-]{1,317})/(?P<rkey>[^/?#]+)")
_RKEY = re.compile(r"[A-Za-z0-9._:~-]{1,512}")
_SLUG_PART = re.compile(r"[^a-z0-9]+")
_SPACE = re.compile(r"\s")


@frozen
class AtUri:
    """The AT URI of a record.

    :param did: the account whose repository holds it.
    :param collection: its collection (``app.bsky.feed.post``).
    :param rkey: its key in the collection.
    """

    did: str
    collection: str
    rkey: str

    @classmethod
    def parse(cls, value: Any) -> AtUri | None:
        """The AT URI ``value`` is, when it is one of a record whose repository is a DID's."""
        if not isinstance(value, str) or len(value) > ADDRESS_CHARACTERS:
            return None
        found = _URI.fullmatch(value)
        if found is None or not is_did(found["did"]) or not _RKEY.fullmatch(found["rkey"]):
            return None
        return cls(found["did"], found["collection"], found["rkey"])

    def __str__(self) -> str:
        return f"at://{self.did}/{self.collection}/{self.rkey}"

    @property
    def page(self) -> str | None:
        """Where Bluesky's web app shows the record, for a post, a list or a feed."""
        kind = PAGES.get(self.collection)
        if kind is None:
            return None
        did = quote(self.did, safe=":.-_%")
        return f"{APP}/profile/{did}/{kind}/{quote(self.rkey, safe='._:~-')}"


def message_id(uri: str) -> str:
    """The id govsm gives the message for the record ``uri``: always the same for one record.

    ``bluesky-``, the record key (at most 24 characters of it, as a slug) and 12 hexadecimal
    digits of the URI's SHA-256, which tell apart records of two accounts, or of two
    collections, with the same key.
    """
    rkey = _SLUG_PART.sub("-", uri.rsplit("/", 1)[-1].lower()).strip("-")[:24].strip("-")
    digest = hashlib.sha256(uri.encode("utf-8")).hexdigest()[:12]
    return f"bluesky-{rkey or 'record'}-{digest}"


def clean_address(value: Any) -> str | None:
    """``value`` when it can be kept as an address: text, printable, no spaces, not too long."""
    if not isinstance(value, str) or not value or len(value) > ADDRESS_CHARACTERS:
        return None
    return value if value.isprintable() and not _SPACE.search(value) else None
