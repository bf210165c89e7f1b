"""The Mastodon adapter: one profile on one instance, through Mastodon.py.

It publishes with the ``Idempotency-Key`` header (Mastodon keeps a key about an hour and answers
a repeat with the post the first request made), uploads attachments first through
``POST /api/v2/media`` with their alt text and waits until the server has processed them, looks a
post up by its text among the account's own recent statuses, reads mentions, replies and direct
messages from the notifications, and the organisation's own posts and their edits from the
account's statuses (:mod:`govsm_mastodon.own`). What Mastodon.py raises becomes govsm's errors
(:mod:`govsm_mastodon.errors`).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from mastodon.errors import MastodonAPIError, MastodonError, MastodonNotFoundError

from govsm.model import Bilingual, Message, MessageKind, Profile
from govsm.spec.adapter import PublishResult, UploadMedia
from govsm.spec.network_errors import NetworkError, TransientError
from govsm.spec.remote import (
    Capabilities,
    ChangeKind,
    CredentialStatus,
    Metrics,
    Page,
    RemoteChange,
)
from govsm_mastodon._version import __version__
from govsm_mastodon.capabilities import capabilities_from
from govsm_mastodon.client import RecordingSession, instance_url, make_client
from govsm_mastodon.errors import NETWORK, server_reason, translate
from govsm_mastodon.html_text import comparable, html_to_text
from govsm_mastodon.inbound import PAGE_SIZE, inbound_page
from govsm_mastodon.own import decode_cursor, own_message, plan
from govsm_mastodon.statuses import author_handle, language_subtag, utc

__all__ = ["MastodonAdapter"]

T = TypeVar("T")

log = logging.getLogger(__name__)

#: statuses asked for per page of the account's own statuses (Mastodon gives at most 40)
STATUS_PAGE = 40
#: how much earlier than ``since`` a post found by :meth:`MastodonAdapter.lookup` may be dated
#: (the server's clock and ours may differ)
CLOCK_SKEW = timedelta(minutes=1)
#: pages :meth:`MastodonAdapter.lookup` reads back at most
LOOKUP_PAGES = 50


class MastodonAdapter:
    """A connection to one Mastodon account (see the module's description).

    :param profile: the profile; its ``url`` names the instance (``https://instance/@user``).
    :param token: the account's access token (never shown).
    :param timeout: seconds each request may take (to connect, and between bytes read).
    :param edit_window: how many of the newest statuses :meth:`fetch_own` reads for edits and
        deletions.
    :param media_wait: seconds to wait for the server to process an attachment.
    :raises govsm.errors.ConfigError: the profile has no usable address, or it is ``http://``
        to another machine than this one.
    """

    def __init__(
        self,
        profile: Profile,
        token: str,
        *,
        timeout: float = 30.0,
        edit_window: int = 200,
        media_wait: float = 60.0,
    ) -> None:
        self.profile = profile
        self.base_url = instance_url(profile.url)
        self.instance_host = urlsplit(self.base_url).netloc
        self._token = token
        self._edit_window = edit_window
        self._media_wait = media_wait
        self._session = RecordingSession()
        self._client = make_client(
            self.base_url,
            token,
            self._session,
            timeout=timeout,
            user_agent=f"govsm-mastodon/{__version__}",
        )
        self._account_id: str | None = None
        self._capabilities: Capabilities | None = None

    def __repr__(self) -> str:
        return f"MastodonAdapter(profile={self.profile.id!r}, instance={self.base_url!r})"

    __str__ = __repr__

    # -- calls -------------------------------------------------------------------------------

    def _translate(self, error: MastodonError, *, write: bool) -> NetworkError:
        """The govsm error for ``error``, from the last answer's status and headers."""
        return translate(
            error,
            write=write,
            last_status=self._session.last_status,
            headers=self._session.last_headers,
            hide=(self._token,),
        )

    def _call(self, action: Callable[[], T], *, write: bool = False) -> T:
        """Run one Mastodon.py call; what it raises becomes govsm's error.

        :param write: it may change something on the server (see :func:`translate`).
        """
        self._session.forget()
        try:
            return action()
        except MastodonError as error:
            raise self._translate(error, write=write) from error

    def _own_id(self) -> str:
        """The account's id on the instance (asked once)."""
        if self._account_id is None:
            account = self._call(self._client.account_verify_credentials)
            self._account_id = str(account["id"])
        return self._account_id

    def _pages(self, first: Callable[[], Any], limit: int) -> Iterator[Mapping[str, Any]]:
        """The items of a list, page after page (Mastodon.py's ``fetch_next``), ``limit`` at most.

        :param first: the call that gives the first page.
        """
        page = self._call(first)
        count = 0
        while page:
            for item in page:
                if count >= limit:
                    return
                count += 1
                yield item
            page = self._call(functools.partial(self._client.fetch_next, page))

    # -- publishing --------------------------------------------------------------------------

    def publish(
        self,
        message: Message,
        *,
        idempotency_key: str,
        media: Sequence[UploadMedia] = (),
        reply_to: str | None = None,
    ) -> PublishResult:
        """Post ``message`` (its attachments uploaded first) with ``Idempotency-Key``.

        A direct message goes out with visibility ``direct``; everything else is ``public``.
        """
        media_ids = [self._upload(item) for item in media]
        status = self._call(
            lambda: self._client.status_post(
                message.text,
                in_reply_to_id=reply_to,
                media_ids=media_ids or None,
                spoiler_text=message.content_warning or None,
                language=language_subtag(message.language),
                visibility="direct" if message.kind is MessageKind.DIRECT else "public",
                idempotency_key=idempotency_key,
            ),
            write=True,
        )
        log.debug("mastodon: published status %s for %s", status["id"], self.profile.id)
        return PublishResult(
            remote_id=str(status["id"]),
            published_at=utc(status["created_at"]),
            url=status.get("url"),
        )

    def _upload(self, item: UploadMedia) -> str:
        """Upload one attachment with its alt text; wait until it is processed; its id."""
        attachment = self._call(
            lambda: self._client.media_post(
                item.data, mime_type=item.mime_type, description=item.alt_text
            )
        )
        media_id = str(attachment["id"])
        deadline = time.monotonic() + self._media_wait
        delay = 0.5
        while attachment.get("url") is None:  # 202 Accepted: still being processed
            if time.monotonic() + delay > deadline:
                raise TransientError(
                    NETWORK,
                    f"la instancia aún procesa el adjunto «{item.name}»: se volverá a intentar",
                    f"the instance is still processing the attachment '{item.name}': it will "
                    "be tried again",
                )
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
            attachment = self._call(lambda: self._client.media(media_id))
        return media_id

    def lookup(
        self, message: Message, *, idempotency_key: str, since: datetime
    ) -> PublishResult | None:
        """Find the post with the message's text among the account's statuses since ``since``.

        Mastodon keeps the ``Idempotency-Key`` but cannot be asked by it: the newest statuses
        are read back to ``since`` (less a minute for the clocks' difference) and compared
        with the message's text and content warning as Mastodon shows them
        (:func:`~govsm_mastodon.html_text.comparable`).
        """
        own_id = self._own_id()
        wanted = comparable(message.text)
        warning = comparable(message.content_warning or "")
        floor = utc(since) - CLOCK_SKEW
        statuses = self._pages(
            lambda: self._client.account_statuses(own_id, exclude_reblogs=True, limit=STATUS_PAGE),
            STATUS_PAGE * LOOKUP_PAGES,
        )
        for status in statuses:
            if utc(status["created_at"]) < floor:
                return None
            if (
                comparable(html_to_text(str(status.get("content") or ""))) == wanted
                and comparable(str(status.get("spoiler_text") or "")) == warning
            ):
                return PublishResult(
                    remote_id=str(status["id"]),
                    published_at=utc(status["created_at"]),
                    url=status.get("url"),
                )
        return None

    # -- the rest of the contract --------------------------------------------------------------

    def capabilities(self) -> Capabilities:
        """The instance's limits, read once from ``/api/v2/instance``."""
        if self._capabilities is None:
            instance = self._call(self._client.instance_v2)
            self._capabilities = capabilities_from(instance, self.base_url)
        return self._capabilities

    def delete(self, remote_id: str) -> None:
        """Delete the status; one already gone (404) is no error."""
        self._session.forget()
        try:
            self._client.status_delete(remote_id)
        except MastodonNotFoundError:
            return
        except MastodonError as error:
            raise self._translate(error, write=True) from error

    def fetch_inbound(self, cursor: str | None) -> Page[Message]:
        """Mentions, replies and direct messages after ``cursor`` (:mod:`govsm_mastodon.inbound`).

        :param cursor: the id of the newest notification seen (``None``: from the oldest).
        """
        own_id = self._own_id()
        notifications = self._call(
            lambda: self._client.notifications(
                types=["mention"], min_id=cursor or "0", limit=PAGE_SIZE
            )
        )
        return inbound_page(
            self.profile,
            list(notifications or ()),
            cursor=cursor,
            own_id=own_id,
            instance_host=self.instance_host,
            page_size=PAGE_SIZE,
        )

    def fetch_own(self, cursor: str | None) -> Page[RemoteChange]:
        """The account's new statuses, edits and deletions after ``cursor``.

        How each is found, and which deletions are not: :mod:`govsm_mastodon.own`. Each
        posted or edited change's text is the status's source
        (``GET /api/v1/statuses/:id/source``), as written: one more request per status
        reported. A status gone meanwhile is left out (the next read reports its deletion).

        :param cursor: what the last page gave (``None``: every status, from the oldest).
        :raises govsm.errors.ModelError: the cursor is not one this adapter gave.
        """
        state = decode_cursor(cursor) if cursor is not None else None
        own_id = self._own_id()
        after = state.last_id if state is not None and state.last_id is not None else "0"
        new = self._call(
            lambda: self._client.account_statuses(
                own_id, min_id=after, exclude_reblogs=True, limit=STATUS_PAGE
            )
        )
        recent = list(
            self._pages(
                lambda: self._client.account_statuses(
                    own_id, exclude_reblogs=True, limit=STATUS_PAGE
                ),
                self._edit_window,
            )
        )
        planned = plan(
            state,
            list(new or ()),
            recent,
            page_size=STATUS_PAGE,
            recent_complete=len(recent) < self._edit_window,
        )
        sources: dict[str, Mapping[str, Any] | None] = {}
        changes: list[RemoteChange] = []
        for change in planned.changes:
            remote_id = str(change.status["id"])
            if change.kind is ChangeKind.DELETED:
                changes.append(RemoteChange(change.kind, remote_id, change.at))
                continue
            if remote_id not in sources:
                sources[remote_id] = self._source(remote_id)
            source = sources[remote_id]
            if source is None:
                continue
            message = own_message(self.profile, change.status, self.instance_host, source)
            changes.append(RemoteChange(change.kind, remote_id, change.at, message))
        return Page(items=tuple(changes), cursor=planned.cursor, more=planned.more)

    def _source(self, remote_id: str) -> Mapping[str, Any] | None:
        """A status's text and content warning as written; ``None`` when it is gone."""
        self._session.forget()
        try:
            source: Mapping[str, Any] = self._client.status_source(remote_id)
        except MastodonNotFoundError:
            return None
        except MastodonError as error:
            raise self._translate(error, write=False) from error
        return source

    def metrics(self, remote_id: str | None = None) -> Metrics:
        """A status's replies, reposts and likes; the profile's followers and posts.

        A status that is gone (404) has no counts: the metrics come back empty.
        """
        now = datetime.now(UTC)
        if remote_id is None:
            account = self._call(self._client.account_verify_credentials)
            names = {"followers": "followers_count", "posts": "statuses_count"}
            return Metrics(at=now, counts=_counts(account, names))
        self._session.forget()
        try:
            status = self._client.status(remote_id)
        except MastodonNotFoundError:
            return Metrics(at=now, remote_id=remote_id)
        except MastodonError as error:
            raise self._translate(error, write=False) from error
        names = {
            "replies": "replies_count",
            "reposts": "reblogs_count",
            "likes": "favourites_count",
        }
        return Metrics(at=now, remote_id=remote_id, counts=_counts(status, names))

    def verify(self) -> CredentialStatus:
        """Ask ``verify_credentials``: the account's handle, or why the token is refused."""
        self._session.forget()
        try:
            account = self._client.account_verify_credentials()
        except MastodonAPIError as error:
            status = error.args[1] if len(error.args) > 1 else None
            if status not in (401, 403):
                raise self._translate(error, write=False) from error
            reason = server_reason(error, hide=(self._token,))
            es_said, en_said = (f": «{reason}»", f": '{reason}'") if reason else ("", "")
            return CredentialStatus(
                valid=False,
                reason=Bilingual(
                    es=f"la instancia rechaza el token de acceso (HTTP {status}{es_said}): "
                    "genere uno nuevo en Preferencias → Desarrollo",
                    en=f"the instance refuses the access token (HTTP {status}{en_said}): "
                    "make a new one in Preferences → Development",
                ),
            )
        except MastodonError as error:
            raise self._translate(error, write=False) from error
        self._account_id = str(account["id"])
        return CredentialStatus(valid=True, account=author_handle(account, self.instance_host))


def _counts(record: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, int]:
    """The counts ``record`` gives, by govsm's names (one it does not give is absent)."""
    counts: dict[str, int] = {}
    for name, field in names.items():
        value = record.get(field)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            counts[name] = value
    return counts
