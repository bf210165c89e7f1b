"""Reading the network back: inbound replies and mentions, and the organisation's own posts.

Inbound items come from the AppView's notifications when an AppView answers through the PDS
(:mod:`govsm_bluesky.notifications`, every account of the network); else from the PDS's
firehose, where :mod:`govsm_bluesky.inbound` picks out the replies and mentions of the accounts
that PDS hosts. The organisation's own posts come from its PDS without a session (records and
the firehose are public): :mod:`govsm_bluesky.own` lists the repository's posts and then follows
their changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from govsm.spec import Message, NetworkError, PermanentRejection, Profile
from govsm.spec.remote import Page, RemoteChange
from govsm_bluesky import cursors as cur
from govsm_bluesky import firehose, inbound, notifications, own
from govsm_bluesky.appview import AppView, Unserved
from govsm_bluesky.errors import error_name, status_of, translated
from govsm_bluesky.identity import Resolver
from govsm_bluesky.rkey import POST
from govsm_bluesky.session import Account
from govsm_bluesky.xrpc import Xrpc

log = logging.getLogger(__name__)

MAX_FRAMES = 2000
"""Firehose frames read per page at most."""

MAX_SECONDS = 30.0
"""Seconds one page of the firehose may take at most."""

LIST_LIMIT = 100
"""Records per ``listRecords`` page (the lexicon's maximum)."""


def get_record(server: Xrpc, repo: str, rkey: str) -> dict[str, Any] | None:
    """A post as ``com.atproto.repo.getRecord`` answers it (``uri``, ``cid``, ``value``).

    :return: ``None`` when the server holds no such record.
    :raises TransientError: the server could not be asked.
    """
    params = {"repo": repo, "collection": POST, "rkey": rkey}
    try:
        with translated(write=False):
            try:
                return server.query("com.atproto.repo.getRecord", params)
            except Exception as error:
                if status_of(error) == 400 and error_name(error) == "RecordNotFound":
                    return None
                raise
    except PermanentRejection:  # e.g. "Could not find repo": no such record either
        return None


class Reader:
    """Reads one account's inbound items and own posts.

    :param profile: the profile the messages belong to.
    :param account: the organisation's account (its DID and PDS).
    :param resolver: finds the handles of other accounts.
    :param appview: the AppView behind the PDS, if one answers.
    :param idle: seconds of firehose silence that mean it is caught up.
    :param timeout: seconds to open the firehose's websocket.
    """

    def __init__(
        self,
        profile: Profile,
        account: Account,
        resolver: Resolver,
        appview: AppView,
        idle: float,
        timeout: float,
    ) -> None:
        self.profile = profile
        self.idle = idle
        self._account = account
        self._resolver = resolver
        self._appview = appview
        self._timeout = timeout

    def inbound(self, cursor: str | None) -> Page[Message]:
        """Replies to the organisation's posts, mentions and quotes of it (``fetch_inbound``).

        From the AppView's notifications when one answers, else from the PDS's firehose.
        """
        if self._appview.available():
            try:
                return self._notifications(cursor)
            except Unserved:
                log.warning("bluesky: the AppView stopped answering; reading the PDS's firehose")
        return self._firehose_inbound(cursor)

    def _notifications(self, cursor: str | None) -> Page[Message]:
        """One page of the walk down the AppView's notifications (see its module)."""
        walk = notifications.read(cursor)
        if walk is None:
            if cursor is not None and not cursor.startswith(notifications.PREFIX):
                log.info(
                    "bluesky: the last inbound cursor was the firehose's; reading every "
                    "notification the AppView keeps"
                )
            walk = notifications.Walk()
        answer = self._appview.notifications(walk.page)
        new, after, more = notifications.step(walk, answer)
        items = notifications.messages(self.profile, new, pds_of=self._resolver.pds_of)
        return Page(tuple(items), str(after), more=more)

    def _firehose_inbound(self, cursor: str | None) -> Page[Message]:
        """Replies and mentions from accounts of the same PDS, out of its firehose."""
        identity = self._account.identity()
        wanted = inbound.wanted(identity.did)
        batch = self._firehose(cur.read_inbound(cursor, identity.pds), wanted)
        if batch.future:
            log.warning("bluesky: the inbound cursor is ahead of the PDS; reading from the oldest")
            batch = self._firehose(0, wanted)
        if batch.outdated:
            log.warning("bluesky: the PDS no longer keeps every event since the last sync")
        items = inbound.messages(
            self.profile, identity.did, batch.commits, author_of=self._author, pds=identity.pds
        )
        return Page(tuple(items), cur.inbound(batch.cursor, identity.pds), more=batch.more)

    def own(self, cursor: str | None) -> Page[RemoteChange]:
        """The organisation's posts: listed the first time, then followed on the firehose."""
        identity = self._account.identity()
        where = cur.read_own(cursor, identity.pds)
        if where is None:
            where = self._listing()
        if where.listing:
            return self._list_page(where)
        batch = self._firehose(where.seq, own.wanted(identity.did))
        if batch.future or batch.outdated:
            log.warning("bluesky: the firehose lost track of the cursor; listing the posts again")
            return Page((), str(self._listing()), more=True)
        changes = own.from_commits(
            self.profile,
            batch.commits,
            since_rev=where.rev,
            pds=identity.pds,
            fetch=self.own_record,
        )
        after = cur.Own(listing=False, rev=where.rev, after=str(batch.cursor), pds=identity.pds)
        return Page(tuple(changes), str(after), more=batch.more)

    def own_record(self, rkey: str) -> dict[str, Any] | None:
        """The organisation's post with key ``rkey``, as the PDS holds it; ``None`` if none."""
        return get_record(self._account.pds(), self._account.identity().did, rkey)

    def _author(self, did: str) -> str | None:
        """The handle of another account (``None`` when it cannot be looked up now)."""
        try:
            return self._resolver.handle_of(did)
        except NetworkError:
            return None

    def _listing(self) -> cur.Own:
        """Where a new listing of the repository begins: its current revision."""
        identity = self._account.identity()
        with translated(write=False):
            answer = self._account.pds().query(
                "com.atproto.sync.getLatestCommit", {"did": identity.did}
            )
        return cur.Own(listing=True, rev=str(answer.get("rev") or ""), after="", pds=identity.pds)

    def _list_page(self, where: cur.Own) -> Page[RemoteChange]:
        """One page of the repository's posts, oldest first, each as POSTED."""
        identity = self._account.identity()
        params: Mapping[str, str | None] = {
            "repo": identity.did,
            "collection": POST,
            "limit": str(LIST_LIMIT),
            "reverse": "true",
            "cursor": where.after or None,
        }
        with translated(write=False):
            answer = self._account.pds().query("com.atproto.repo.listRecords", params)
        records = answer.get("records")
        listed = records if isinstance(records, list) else []
        changes = own.listed(self.profile, listed, identity.pds)
        after = answer.get("cursor")
        if isinstance(after, str) and after and listed:
            following = cur.Own(listing=True, rev=where.rev, after=after, pds=identity.pds)
        else:
            following = cur.Own(listing=False, rev=where.rev, after="0", pds=identity.pds)
        return Page(tuple(changes), str(following), more=True)

    def _firehose(self, seq: int, wanted: Callable[[str, str], bool]) -> firehose.Batch:
        return firehose.read(
            self._account.identity().pds,
            seq,
            wanted,
            idle=self.idle,
            max_frames=MAX_FRAMES,
            max_seconds=MAX_SECONDS,
            open_timeout=self._timeout,
        )
