"""The organisation's own posts as the network holds them: posted, edited, deleted.

Two phases, one cursor (:mod:`govsm_bluesky.cursors`):

1. **listing** — the first time (cursor ``None``), and again when the PDS no longer keeps the
   events after the cursor: every post of the repository, with ``com.atproto.repo.listRecords``
   oldest first, each as :attr:`~govsm.spec.remote.ChangeKind.POSTED`. The repository's
   revision is noted before the listing begins (``com.atproto.sync.getLatestCommit``);
2. **firehose** — from sequence 0 after a listing, then from where the last read stopped: the
   repository's commits to ``app.bsky.feed.post``: a create is POSTED, an update (a record
   rewritten with ``putRecord``) EDITED, a delete DELETED. Commits up to the revision noted
   before the listing are skipped: the listing already shows them.

A deletion is reported only while the PDS keeps its event (24 hours by default): a deletion
older than the cursor when the PDS no longer keeps the events is lost, which is why govsm should
sync at least daily.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from govsm.spec import Profile
from govsm.spec.remote import ChangeKind, RemoteChange
from govsm_bluesky.firehose import Commit
from govsm_bluesky.reading import own_post
from govsm_bluesky.rkey import POST

log = logging.getLogger(__name__)

ACTIONS = {"create": ChangeKind.POSTED, "update": ChangeKind.EDITED, "delete": ChangeKind.DELETED}


def wanted(own_did: str) -> Callable[[str, str], bool]:
    """Which firehose ops to decode: the organisation's posts."""
    prefix = f"{POST}/"

    def check(repo: str, path: str) -> bool:
        return repo == own_did and path.startswith(prefix)

    return check


def listed(profile: Profile, records: Iterable[Mapping[str, Any]], pds: str) -> list[RemoteChange]:
    """The posts of one ``listRecords`` page, each as POSTED.

    :param records: the page's ``records`` (``uri``, ``cid``, ``value``).
    :param pds: the PDS's address.
    """
    changes: list[RemoteChange] = []
    now = datetime.now(UTC)
    for item in records:
        uri, value = item.get("uri"), item.get("value")
        if not isinstance(uri, str) or not isinstance(value, Mapping):
            continue
        try:
            message = own_post(profile, uri, value, pds, now)
        except ValueError as refused:  # a record govsm cannot hold (ModelError)
            log.warning("bluesky: %s could not be read as a message; skipped (%s)", uri, refused)
            continue
        changes.append(RemoteChange(ChangeKind.POSTED, uri, message.created_at, message))
    return changes


def rev_after(rev: str, since: str) -> bool:
    """Whether revision ``rev`` comes after ``since`` (TIDs sort as text; ``""`` is before all).

    >>> rev_after("3n3z4gmu65s22", ""), rev_after("3n3z4gmu65s22", "3n3z4gmu65s22")
    (True, False)
    """
    return rev > since


def from_commits(
    profile: Profile,
    commits: Iterable[Commit],
    *,
    since_rev: str,
    pds: str,
    fetch: Callable[[str], Mapping[str, Any] | None],
) -> list[RemoteChange]:
    """The changes of the organisation's posts among ``commits``, oldest first.

    :param since_rev: commits up to this revision are skipped (already listed).
    :param pds: the PDS's address.
    :param fetch: the current record of a post by its key, for a create or update whose record
        the commit does not carry (``None``: gone since).
    """
    changes: list[RemoteChange] = []
    for commit in commits:
        if not rev_after(commit.rev, since_rev):
            continue
        for op in commit.ops:
            kind = ACTIONS.get(op.action)
            if kind is None or op.collection != POST:
                continue
            uri = f"at://{commit.repo}/{op.collection}/{op.rkey}"
            if kind is ChangeKind.DELETED:
                changes.append(RemoteChange(kind, uri, commit.time))
                continue
            record = op.record if op.record is not None else fetch(op.rkey)
            if record is None:
                continue
            try:
                message = own_post(profile, uri, record, pds, commit.time)
            except ValueError as refused:  # a record govsm cannot hold (ModelError)
                log.warning(
                    "bluesky: %s could not be read as a message; skipped (%s)", uri, refused
                )
                continue
            changes.append(RemoteChange(kind, uri, commit.time, message))
    return changes
