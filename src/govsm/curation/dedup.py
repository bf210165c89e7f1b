"""What was drafted before: the same entry (its id), the same link, or the same words.

Three things keep a feed from drafting the same news twice:

1. **The draft's id** is derived from the source, the profile and the entry's key — its
   canonical link, or its id when it has no link (:func:`message_id`): fetching the same feed
   again finds the drafts it made and adds nothing, even after they were submitted or edited.
2. **The link**: an entry whose canonical link (:func:`canonical_link`) a curated draft of the
   same profile already carries — from any source — is skipped.
3. **The content**: an entry whose draft would say the same as a curated draft of the same
   profile, once normalised (:func:`normalised`), is skipped, whatever its link — the same
   press release in two feeds, or republished at a new address.

The normalisation: compatibility forms composed (NFKC: ``ﬁ`` is ``fi``, a full-width letter is
the letter), upper and lower case folded, accents and other combining marks dropped, every URL
removed (the link is what differs between two copies), then only letters and digits kept, one
space between words. So ``«Concert» a l'AUDITORI — 12.00 h`` and ``concert a l auditori 12 00
h`` are the same, and ``música`` is ``musica``.

>>> canonical_link("HTTPS://WWW.Soldeneu.example:443/agenda/?utm_source=rss&b=2&a=1#top")
'https://www.soldeneu.example/agenda/?a=1&b=2'
>>> normalised("«Concert» a l'AUDITORI — 12.00 h https://x.example/1")
'concert a l auditori 12 00 h'
>>> message_id("agenda-cultural", "facebook-cultura", "https://www.soldeneu.example/a")
'feed-agenda-cultural-e5fd18844e96d775'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from contextlib import closing
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from govsm.model import Direction

if TYPE_CHECKING:
    from govsm.store import Store

#: every draft curation writes has an id that starts so
ID_PREFIX = "feed-"

#: the longest link kept (longer ones are not a link a post can carry)
MAX_LINK = 2048

#: query parameters that track a click and say nothing about the page
_TRACKING = re.compile(
    r"utm_[a-z0-9_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid"
    r"|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wt\.mc_id",
    re.IGNORECASE,
)

_DEFAULT_PORTS = {"http": 80, "https": 443}

#: what stays as it is in a path or query (the rest is percent-encoded)
_SAFE = "/%:@!$&'()*+,;=-._~"

_HOST = re.compile(r"[a-z0-9._-]+|\[[0-9a-f:.]+\]")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")


def canonical_link(link: str, base: str | None = None) -> str | None:
    """The link an entry points to, in one canonical form; ``None`` when it is no web link.

    Resolved against ``base`` when relative (and ``base`` is an ``http(s)`` URL); scheme and
    host in lower case, the host in its ASCII (IDNA) form; the default port, the fragment, a
    user or password and the click-tracking parameters (``utm_*``, ``fbclid``…) dropped; the
    remaining query parameters sorted; spaces and characters outside ASCII percent-encoded.

    :param link: the link as the feed gives it.
    :param base: the feed's address, for relative links.
    """
    link = link.strip()
    if base is not None and base.startswith(("http://", "https://")):
        try:
            link = urljoin(base, link)
        except ValueError:
            return None
    try:
        parts = urlsplit(link)
        port = parts.port
        host = parts.hostname
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    try:
        ascii_host = host.encode("idna").decode("ascii").lower() if not host.isascii() else host
    except UnicodeError:
        return None
    if ":" in ascii_host:  # an IPv6 address
        ascii_host = f"[{ascii_host}]"
    if not _HOST.fullmatch(ascii_host):
        return None
    netloc = ascii_host if port in (None, _DEFAULT_PORTS[scheme]) else f"{ascii_host}:{port}"
    path = quote(parts.path or "/", safe=_SAFE)
    pieces = [p for p in parts.query.split("&") if p and not _tracking(p)]
    query = "&".join(sorted(quote(p, safe=_SAFE + "?") for p in pieces))
    canonical = urlunsplit((scheme, netloc, path, query, ""))
    if len(canonical) > MAX_LINK or not canonical.isascii() or not canonical.isprintable():
        return None
    return canonical


def _tracking(piece: str) -> bool:
    return _TRACKING.fullmatch(piece.split("=", 1)[0]) is not None


def normalised(text: str) -> str:
    """``text`` reduced to its words, as :mod:`this module <govsm.curation.dedup>` explains."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    without_links = _URL.sub(" ", folded)
    bare = "".join(
        c for c in unicodedata.normalize("NFD", without_links) if not unicodedata.combining(c)
    )
    return _NOT_WORD.sub(" ", bare).strip()


def content_key(text: str) -> str:
    """A key equal for two texts that :func:`normalised` makes equal (a SHA-256, in hex)."""
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def message_id(source: str, profile: str, key: str) -> str:
    """The id of the draft of the entry with ``key`` for ``profile`` from ``source``.

    ``feed-``, the source's id (shortened to fit an id's 64 characters) and 16 hexadecimal
    digits of the SHA-256 of the three, so two sources, profiles or entries never share one.
    """
    digest = hashlib.sha256(f"{source}\n{profile}\n{key}".encode()).hexdigest()[:16]
    room = 64 - len(ID_PREFIX) - 1 - len(digest)
    stem = source[:room].rstrip("-._")
    return f"{ID_PREFIX}{stem}-{digest}"


class Seen:
    """The links and contents each profile's curated drafts already carry.

    Read from the store once per profile (:meth:`load`), then kept up to date as new drafts are
    planned (:meth:`add`), so two sources of one run do not draft the same thing either.
    """

    def __init__(self) -> None:
        self._links: dict[str, set[str]] = {}
        self._contents: dict[str, set[str]] = {}

    def load(self, store: Store, organisation: str, profiles: Iterable[str]) -> None:
        """Read the curated drafts of ``profiles`` not read yet (streamed, one profile at a time).

        Every outbound message whose id starts with :data:`ID_PREFIX` counts, whatever its state
        now (submitted, approved, published).
        """
        for profile in profiles:
            if profile in self._links:
                continue
            links: set[str] = set()
            contents: set[str] = set()
            stream = store.messages(
                organisation, profile=profile, direction=Direction.OUTBOUND, id_prefix=ID_PREFIX
            )
            with closing(stream):
                for message in stream:
                    links.update(c for c in map(canonical_link, message.links) if c)
                    contents.add(content_key(message.text))
            self._links[profile] = links
            self._contents[profile] = contents

    def has_link(self, profile: str, link: str | None) -> bool:
        """Whether a curated draft of ``profile`` carries ``link`` (a canonical link)."""
        return link is not None and link in self._links.get(profile, set())

    def has_content(self, profile: str, key: str) -> bool:
        """Whether a curated draft of ``profile`` says what ``key`` stands for."""
        return key in self._contents.get(profile, set())

    def add(self, profile: str, link: str | None, key: str) -> None:
        """Count a new draft of ``profile``."""
        if link is not None:
            self._links.setdefault(profile, set()).add(link)
        self._contents.setdefault(profile, set()).add(key)
