# mypy: disable-error-code="import-untyped"
"""The AppView, reached through the account's PDS: notifications, counts, and whether it answers.

A PDS answers ``app.bsky.*`` by passing the request on to an AppView: the one named in the
request's ``atproto-proxy`` header (``did:web:api.bsky.app#bsky_appview``), else the one it is
configured with (``bsky.social`` passes them to Bluesky's). A PDS with neither answers ``400
InvalidRequest: No service configured for app.bsky.…``; other servers answer 404 or 501 for a
method they do not serve. :class:`AppView` asks once whether one answers, remembers it (asking
again after :data:`RECHECK` seconds when none did), and reads through it:

* ``app.bsky.notification.listNotifications`` — replies, mentions and quotes
  (:mod:`govsm_bluesky.notifications`);
* ``app.bsky.feed.getPosts`` — a post's ``likeCount``, ``repostCount``, ``replyCount`` and
  ``quoteCount``;
* ``app.bsky.actor.getProfile`` — the account's ``followersCount`` and ``postsCount``.

Every call carries the session (the AppView answers for the account) and the adapter's timeout.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Mapping
from typing import Any

from atproto_client.exceptions import RequestErrorBase

from govsm.errors import ConfigError
from govsm.spec import PermanentRejection
from govsm_bluesky.errors import NETWORK, error_name, reason, status_of, translated
from govsm_bluesky.notifications import REASONS
from govsm_bluesky.rkey import POST, AtUri
from govsm_bluesky.session import Account

log = logging.getLogger(__name__)

RECHECK = 3600.0
"""Seconds after which a PDS that had no AppView is asked again."""

PAGE = 100
"""Notifications per ``listNotifications`` page (the lexicon's maximum)."""

POST_COUNTS = {
    "likes": "likeCount",
    "reposts": "repostCount",
    "replies": "replyCount",
    "quotes": "quoteCount",
}
"""govsm's names of a post's counts, and the fields of ``app.bsky.feed.defs#postView``."""

PROFILE_COUNTS = {"followers": "followersCount", "posts": "postsCount"}
"""govsm's names of the account's counts, and the fields of ``#profileViewDetailed``."""

METRICS = frozenset({*POST_COUNTS, *PROFILE_COUNTS})
"""Every count :meth:`AppView.post_counts` and :meth:`AppView.profile_counts` can fill."""

_PROXY = re.compile(r"did:[a-z]+:[A-Za-z0-9._:%-]+#[A-Za-z0-9_-]+\Z")


class Unserved(Exception):
    """No AppView answers ``app.bsky.*`` through this PDS."""


def proxy_header(value: str | None) -> dict[str, str]:
    """The ``atproto-proxy`` header naming an AppView's service, or none.

    >>> proxy_header("did:web:api.bsky.app#bsky_appview")
    {'atproto-proxy': 'did:web:api.bsky.app#bsky_appview'}
    >>> proxy_header(None)
    {}

    :param value: ``<DID>#<service id>``; ``None`` or empty: the PDS's own AppView.
    :raises ConfigError: ``value`` is not a DID followed by ``#`` and a service id.
    """
    if not value:
        return {}
    if not _PROXY.match(value.strip()):
        raise ConfigError(
            f"el AppView de Bluesky «{value}» no es válido: use «did:…#bsky_appview»",
            f"the Bluesky AppView '{value}' is not valid: use 'did:…#bsky_appview'",
        )
    return {"atproto-proxy": value.strip()}


def unserved(error: BaseException) -> bool:
    """Whether an error means that no AppView serves the method (not that it failed).

    :param error: what a call to ``app.bsky.*`` raised.
    """
    status = status_of(error)
    if status in (404, 501) or error_name(error) == "MethodNotImplemented":
        return True
    return (
        status == 400
        and isinstance(error, RequestErrorBase)
        and "no service configured" in reason(error).lower()
    )


def counts(view: object, fields: Mapping[str, str]) -> dict[str, int]:
    """The whole, non-negative counts of a view, by govsm's names; a missing one is absent.

    >>> counts({"likeCount": 3, "replyCount": -1}, POST_COUNTS)
    {'likes': 3}
    """
    if not isinstance(view, Mapping):
        return {}
    found: dict[str, int] = {}
    for name, field in fields.items():
        value = view.get(field)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            found[name] = value
    return found


class AppView:
    """The AppView behind the account's PDS.

    :param account: the organisation's account (its session and PDS).
    :param proxy: the ``atproto-proxy`` value naming the AppView; ``None``: the PDS's own.
    :raises ConfigError: ``proxy`` is not valid (see :func:`proxy_header`).
    """

    def __init__(self, account: Account, proxy: str | None = None) -> None:
        self._account = account
        self._headers = proxy_header(proxy)
        self._lock = threading.Lock()
        self._present: bool | None = None
        self._asked = 0.0

    @property
    def known(self) -> bool | None:
        """Whether an AppView answered when last asked (``None``: not asked yet)."""
        return self._present

    def available(self) -> bool:
        """Whether an AppView answers through the PDS (asked with ``listNotifications``).

        :raises NetworkError: the PDS could not be asked (it is asked again next time).
        """
        with self._lock:
            present, asked = self._present, self._asked
        if present is True:
            return True
        if present is False and time.monotonic() - asked < RECHECK:
            return False
        try:
            self.query("app.bsky.notification.listNotifications", {"limit": "1"})
        except Unserved:
            return False
        return True

    def _mark(self, present: bool) -> None:
        with self._lock:
            if present is False and self._present is not False:
                log.info("bluesky: no AppView answers through the PDS; reading its firehose")
            self._present, self._asked = present, time.monotonic()

    def query(self, nsid: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """A query of the AppView, with the session.

        :raises Unserved: no AppView serves it.
        :raises NetworkError: the PDS or the AppView refused it or could not be reached.
        """
        with translated(write=False):
            try:
                answer = self._account.call(
                    lambda pds, auth: pds.query(nsid, params, headers={**auth, **self._headers})
                )
            except RequestErrorBase as error:
                if not unserved(error):
                    raise
                self._mark(False)
                raise Unserved(reason(error)) from None
        self._mark(True)
        return answer

    def notifications(self, page: str) -> dict[str, Any]:
        """One page of replies, mentions and quotes, newest first.

        :param page: the AppView's cursor; empty for the newest page.

        :raises Unserved: no AppView serves it.
        """
        params = {"limit": str(PAGE), "reasons": list(REASONS), "cursor": page or None}
        return self.query("app.bsky.notification.listNotifications", params)

    def post_counts(self, uri: str) -> dict[str, int] | None:
        """Likes, reposts, replies and quotes of the post ``uri``.

        :return: ``None`` when the AppView does not know the post (deleted, or not indexed yet).
        :raises PermanentRejection: ``uri`` is not a post's address.
        :raises Unserved: no AppView serves it.
        """
        try:
            where = AtUri.parse(uri)
        except ValueError:
            where = None
        if where is None or where.collection != POST:
            raise PermanentRejection(
                NETWORK,
                f"«{uri}» no es la dirección de una publicación de Bluesky",
                f"'{uri}' is not the address of a Bluesky post",
            )
        answer = self.query("app.bsky.feed.getPosts", {"uris": [uri]})
        posts = answer.get("posts")
        view = (
            next((p for p in posts if isinstance(p, Mapping) and p.get("uri") == uri), None)
            if isinstance(posts, list)
            else None
        )
        return None if view is None else counts(view, POST_COUNTS)

    def profile_counts(self, did: str) -> dict[str, int]:
        """Followers and posts of the account ``did``.

        :raises Unserved: no AppView serves it.
        """
        return counts(self.query("app.bsky.actor.getProfile", {"actor": did}), PROFILE_COUNTS)
