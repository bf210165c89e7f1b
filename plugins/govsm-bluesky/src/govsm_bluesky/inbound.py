"""Replies and mentions from other accounts, picked out of the firehose.

Without an AppView there is no notifications endpoint (``app.bsky.notification.*`` answers "No
service configured"), so the adapter reads what the PDS itself publishes: every post created by
another account of the PDS is looked at, and kept when

* its ``reply.parent`` is one of the organisation's posts (a :attr:`~govsm.model.MessageKind.
  REPLY`), or else
* one of its facets mentions the organisation's DID (a :attr:`~govsm.model.MessageKind.MENTION`).

Only accounts hosted on the same PDS are seen this way: on a large shared PDS that is only part
of Bluesky (see the plugin's documentation).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from govsm.spec import Message, MessageKind, Profile
from govsm_bluesky.firehose import Commit
from govsm_bluesky.reading import inbound, mentioned, parent_uri
from govsm_bluesky.rkey import POST, AtUri

log = logging.getLogger(__name__)


def wanted(own_did: str) -> Callable[[str, str], bool]:
    """Which firehose ops to decode: posts of every repository but the organisation's."""
    prefix = f"{POST}/"

    def check(repo: str, path: str) -> bool:
        return repo != own_did and path.startswith(prefix)

    return check


def answers_us(parent: str | None, own: set[str]) -> bool:
    """Whether ``parent`` is a post of the organisation (by DID or handle).

    >>> answers_us("at://did:plc:aj/app.bsky.feed.post/3k", {"did:plc:aj"})
    True
    >>> answers_us("at://did:plc:other/app.bsky.feed.post/3k", {"did:plc:aj"})
    False
    """
    if parent is None:
        return False
    try:
        where = AtUri.parse(parent)
    except ValueError:
        return False
    return where.repo.lower() in own and where.collection == POST


def messages(
    profile: Profile,
    own_did: str,
    commits: Iterable[Commit],
    *,
    author_of: Callable[[str], str | None],
    pds: str,
) -> list[Message]:
    """The inbound messages among ``commits``, oldest first, each once.

    :param own_did: the organisation's DID.
    :param author_of: the handle of another account's DID (``None``: unknown, its DID is used);
        it must not raise.
    :param pds: the PDS the commits come from (it holds the authors' images).
    """
    own = {own_did.lower(), profile.handle.strip().removeprefix("@").lower()}
    found: list[Message] = []
    for commit in commits:
        for op in commit.ops:
            record = op.record
            if op.action != "create" or op.collection != POST or record is None:
                continue
            if answers_us(parent_uri(record), own):
                kind = MessageKind.REPLY
            elif own_did in mentioned(record):
                kind = MessageKind.MENTION
            else:
                continue
            uri = f"at://{commit.repo}/{op.collection}/{op.rkey}"
            try:
                author = author_of(commit.repo) or commit.repo
                found.append(
                    inbound(
                        profile,
                        uri,
                        record,
                        kind=kind,
                        author=author,
                        pds=pds,
                        seen=commit.time,
                    )
                )
            except ValueError as refused:  # a record govsm cannot hold (ModelError)
                log.warning(
                    "bluesky: %s could not be read as a message; skipped (%s)", uri, refused
                )
    return found
