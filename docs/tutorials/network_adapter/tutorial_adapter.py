"""A teaching network adapter: one Mastodon account, through Mastodon's REST API and httpx.

It is the adapter of the tutorial "Write a network adapter" (``docs/tutorials/network-adapter.md``)
and passes govsm's conformance kit against mastodon-mock
(``tests/docs/test_network_adapter_tutorial.py``). It publishes text, never the same post twice,
looks a post up, deletes, and reads back mentions, the account's own posts with their edits, and
counts. It uploads no media. The real plugin, govsm-mastodon, does all this and more.
"""

from __future__ import annotations

import html
import logging
import math
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from govsm.spec import (
    AuthenticationExpired,
    Bilingual,
    Channel,
    ConfigError,
    Credentials,
    Direction,
    Message,
    MessageKind,
    MessageState,
    OutcomeUnknown,
    PermanentRejection,
    Profile,
    PublishResult,
    RateLimited,
    TransientError,
    UploadMedia,
    hookimpl,
)
from govsm.spec.remote import (
    Capabilities,
    ChangeKind,
    CredentialStatus,
    Metrics,
    Page,
    RemoteChange,
)

log = logging.getLogger(__name__)

#: the channel this adapter serves (a profile's ``channel`` in ``govsm.toml``)
CHANNEL = "mastodon"
#: characters per post on an instance that keeps Mastodon's default
TEXT_LIMIT = 500
#: items asked for per page (Mastodon gives at most 40 statuses, 80 notifications)
PAGE = 40
#: how much earlier than ``since`` a post found by ``lookup`` may be dated (clocks differ)
CLOCK_SKEW = timedelta(minutes=1)
#: the hosts plain ``http://`` may reach: this machine only
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


# --- helpers: the instance, dates, waits, text -----------------------------------------------


def instance_of(profile: Profile) -> str:
    """The instance a profile's address names: ``https://host`` for ``https://host/@user``.

    :raises ConfigError: there is no such address, or it is plain ``http://`` to another
        machine (the token would cross the network in clear).
    """
    parts = urlsplit(profile.url or "")
    secure = parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS)
    if not secure or not parts.hostname or "@" in parts.netloc:
        raise ConfigError(
            f"el perfil {profile.id} necesita una dirección https://instancia/@usuario",
            f"profile {profile.id} needs an address https://instance/@user",
        )
    return f"{parts.scheme}://{parts.netloc}"


def moment(value: str) -> datetime:
    """A date as Mastodon gives it (ISO 8601) as an aware instant in UTC."""
    return datetime.fromisoformat(value).astimezone(UTC)


def retry_after(value: str | None) -> float | None:
    """The seconds a ``Retry-After`` header asks to wait: a number, or an HTTP date.

    >>> retry_after("7"), retry_after(None), retry_after("soon")
    (7.0, None, None)
    """
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            until = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        until = until if until.tzinfo else until.replace(tzinfo=UTC)
        seconds = (until - datetime.now(UTC)).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def plain_text(content: str) -> str:
    """A status's HTML as plain text: paragraphs and line breaks kept, tags dropped.

    >>> print(plain_text("<p>Tall d&#39;aigua<br>dimarts</p><p>#Soldeneu</p>"))
    Tall d'aigua
    dimarts
    <BLANKLINE>
    #Soldeneu
    """
    text = re.sub(r"<br\s*/?>", "\n", content)
    text = re.sub(r"</p>\s*<p>", "\n\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


# --- the adapter -----------------------------------------------------------------------------


class TutorialAdapter:
    """A connection to one Mastodon account, through its REST API.

    :param profile: the profile; its ``url`` (``https://instance/@user``) names the instance.
    :param token: the account's access token; it goes in one header and nowhere else.
    :param timeout: seconds each request may take to connect, and between bytes.
    """

    def __init__(self, profile: Profile, token: str, *, timeout: float = 30.0) -> None:
        self.profile = profile
        self.base_url = instance_of(profile)
        self.host = urlsplit(self.base_url).netloc
        self._token = token
        self._timeout = timeout
        self._http = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {token}", "User-Agent": "govsm-tutorial/1.0"},
        )
        self._account_id: str | None = None

    def __repr__(self) -> str:
        return f"TutorialAdapter(profile={self.profile.id!r}, instance={self.base_url!r})"

    __str__ = __repr__

    def close(self) -> None:
        """Close the connections to the instance."""
        self._http.close()

    # --- requests, and what their failures mean ---

    def _request(
        self, method: str, path: str, *, write: bool = False, **options: Any
    ) -> httpx.Response:
        """Send one request, with the timeout; no answer at all becomes govsm's error.

        :param write: it may change something on the server: if it left and no answer came,
            nobody knows whether it did (:class:`~govsm.spec.OutcomeUnknown`).
        """
        try:
            response = self._http.request(method, path, timeout=self._timeout, **options)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            raise TransientError(  # the request never left
                CHANNEL,
                f"no se pudo conectar con {self.base_url} ({type(error).__name__})",
                f"could not connect to {self.base_url} ({type(error).__name__})",
            ) from error
        except httpx.TransportError as error:  # it may have left: a read timeout, a reset
            raise (OutcomeUnknown(CHANNEL) if write else TransientError(CHANNEL)) from error
        log.debug("%s %s: %s", method, path, response.status_code)  # never a header
        return response

    def _check(self, response: httpx.Response) -> httpx.Response:
        """``response`` when it is a success; otherwise the error its status means."""
        status = response.status_code
        if status < 400:
            return response
        reason = self._reason(response)
        es, en = f"Mastodon respondió {status}: {reason}", f"Mastodon answered {status}: {reason}"
        if status == 429:
            wait = retry_after(response.headers.get("Retry-After"))
            raise RateLimited(CHANNEL, es, en, retry_after=wait)
        if status in (401, 403):
            raise AuthenticationExpired(
                CHANNEL, f"{es}; renueve el token", f"{en}; renew the token"
            )
        if status >= 500:
            raise TransientError(CHANNEL, es, en)
        raise PermanentRejection(CHANNEL, es, en)

    def _reason(self, response: httpx.Response) -> str:
        """The server's ``error`` field (or the HTTP reason), shortened, never with the token."""
        try:
            reason = str(response.json().get("error") or "")
        except (ValueError, AttributeError):  # not JSON, or not an object
            reason = ""
        reason = reason or response.reason_phrase or "?"
        return reason.replace(self._token, "***")[:300]

    def _get(self, path: str, params: dict[str, str | int] | None = None) -> Any:
        """The JSON of a successful ``GET``."""
        return self._check(self._request("GET", path, params=params)).json()

    def _own_id(self) -> str:
        """The account's id on the instance (asked once)."""
        if self._account_id is None:
            self._account_id = str(self._get("/api/v1/accounts/verify_credentials")["id"])
        return self._account_id

    # --- what the adapter can do ---

    def capabilities(self) -> Capabilities:
        """What this adapter does on Mastodon: text, threads, edits; no media."""
        return Capabilities(
            network=CHANNEL,
            max_media=0,  # no uploads: the kit's image test skips
            text_limit=TEXT_LIMIT,
            threads=True,
            edit=True,
            content_warning=True,
            native_idempotency=True,
            direct_messages=True,
            own_history=False,  # Mastodon does not list deleted statuses
            metrics=frozenset({"replies", "reposts", "likes", "followers", "posts"}),
            sources=(
                "https://docs.joinmastodon.org/methods/statuses/",
                "https://docs.joinmastodon.org/methods/notifications/",
                "https://docs.joinmastodon.org/api/rate-limits/",
            ),
        )

    # --- publishing ---

    def publish(
        self,
        message: Message,
        *,
        idempotency_key: str,
        media: Sequence[UploadMedia] = (),
        reply_to: str | None = None,
    ) -> PublishResult:
        """Post ``message``; Mastodon answers a repeated ``Idempotency-Key`` with the first post."""
        if media:
            raise PermanentRejection(
                CHANNEL, "este adaptador no sube adjuntos", "this adapter uploads no attachments"
            )
        form = {
            "status": message.text,
            "visibility": "direct" if message.kind is MessageKind.DIRECT else "public",
        }
        if reply_to is not None:
            form["in_reply_to_id"] = reply_to
        if message.content_warning:
            form["spoiler_text"] = message.content_warning
        if message.language:
            form["language"] = message.language.split("-")[0]  # "ca" for "ca-valencia"
        headers = {"Idempotency-Key": idempotency_key}
        response = self._request("POST", "/api/v1/statuses", write=True, json=form, headers=headers)
        status = self._check(response).json()
        log.info("profile %s published status %s", self.profile.id, status["id"])
        return self._result(status)

    def _result(self, status: dict[str, Any]) -> PublishResult:
        return PublishResult(
            remote_id=str(status["id"]),
            published_at=moment(status["created_at"]),
            url=status.get("url"),
        )

    def lookup(
        self, message: Message, *, idempotency_key: str, since: datetime
    ) -> PublishResult | None:
        """Find the post by its text among the account's statuses, newest first, to ``since``.

        Mastodon cannot say which post a key made, so the statuses are read back.
        """
        path = f"/api/v1/accounts/{self._own_id()}/statuses"
        params: dict[str, str | int] = {"limit": PAGE}
        while True:
            page = self._get(path, params)
            for status in page:
                if moment(status["created_at"]) < since - CLOCK_SKEW:
                    return None
                if plain_text(status["content"]).split() == message.text.split():
                    return self._result(status)
            if len(page) < PAGE:
                return None
            params["max_id"] = str(page[-1]["id"])

    def delete(self, remote_id: str) -> None:
        """Delete the post; one already gone (404) is not an error."""
        response = self._request("DELETE", f"/api/v1/statuses/{quote(remote_id, safe='')}")
        if response.status_code != 404:
            self._check(response)

    def verify(self) -> CredentialStatus:
        """Whose the token is; a refused token is a status, not an error."""
        response = self._request("GET", "/api/v1/accounts/verify_credentials")
        if response.status_code in (401, 403):
            reason = self._reason(response)
            return CredentialStatus(
                valid=False,
                reason=Bilingual(
                    es=f"Mastodon rechaza el token: {reason}",
                    en=f"Mastodon refuses the token: {reason}",
                ),
            )
        account = self._check(response).json()
        self._account_id = str(account["id"])
        return CredentialStatus(valid=True, account=f"@{account['acct']}@{self.host}")

    # --- reading the network back ---

    def fetch_inbound(self, cursor: str | None) -> Page[Message]:
        """Mentions, replies and direct messages: the ``mention`` notifications after ``cursor``.

        The cursor is the id of the newest notification seen.
        """
        params: dict[str, str | int] = {
            "types[]": "mention",  # a reply or a direct message mentions the account too
            "include_filtered": "true",  # and what its notification policy set aside
            "min_id": cursor or "0",  # the page right after the cursor ("0": the oldest)
            "limit": PAGE,
        }
        notifications = self._get("/api/v1/notifications", params)
        notifications.sort(key=lambda n: int(n["id"]))  # oldest first
        statuses = [n["status"] for n in notifications if n.get("status")]
        items = tuple(self._message(status, Direction.INBOUND) for status in statuses)
        newest = str(notifications[-1]["id"]) if notifications else cursor
        return Page(items=items, cursor=newest, more=len(notifications) == PAGE)

    def fetch_own(self, cursor: str | None) -> Page[RemoteChange]:
        """The account's statuses after ``cursor`` (posted), and the edits of older ones.

        The cursor is ``"<newest id seen> <latest moment seen>"``. A status after that id is
        new; one up to it with an ``edited_at`` after that moment was edited. Edits are looked
        for among the newest :data:`PAGE` statuses.
        """
        last_id, _, seen = (cursor or "").partition(" ")
        seen_until = moment(seen) if seen else None
        path = f"/api/v1/accounts/{self._own_id()}/statuses"
        new = self._get(path, {"min_id": last_id or "0", "limit": PAGE})
        new.sort(key=lambda s: int(s["id"]))  # oldest first
        recent = self._get(path, {"limit": PAGE}) if last_id else []
        changes = [
            RemoteChange(
                ChangeKind.POSTED,
                str(s["id"]),
                moment(s["created_at"]),
                self._message(s, Direction.OUTBOUND),
            )
            for s in new
        ]
        for s in recent:
            edited = moment(s["edited_at"]) if s["edited_at"] else None
            if edited and int(s["id"]) <= int(last_id) and (not seen_until or edited > seen_until):
                message = self._message(s, Direction.OUTBOUND)
                changes.append(RemoteChange(ChangeKind.EDITED, str(s["id"]), edited, message))
        if not new and not recent:
            return Page(cursor=cursor)  # nothing new, or an account that never posted
        latest = max(moment(s["edited_at"] or s["created_at"]) for s in [*new, *recent])
        latest = max(latest, seen_until) if seen_until else latest
        newest = str(new[-1]["id"]) if new else last_id
        return Page(
            items=tuple(sorted(changes, key=lambda c: c.at)),
            cursor=f"{newest} {latest.isoformat()}",
            more=len(new) == PAGE,
        )

    def _message(self, status: dict[str, Any], direction: Direction) -> Message:
        """A status as a message of the profile: a citizen's (inbound) or the account's own."""
        parent = status["in_reply_to_id"]
        if status["visibility"] == "direct":
            kind = MessageKind.DIRECT
        elif parent is not None:
            kind = MessageKind.REPLY
        else:
            kind = MessageKind.MENTION if direction is Direction.INBOUND else MessageKind.POST
        created = moment(status["created_at"])
        inbound = direction is Direction.INBOUND
        author = None
        if inbound:  # "user" on this instance, "user@domain" from another
            acct = str(status["account"]["acct"])
            author = f"@{acct}" if "@" in acct else f"@{acct}@{self.host}"
        return Message(
            organisation=self.profile.organisation,
            id=f"{self.profile.id}-{'in' if inbound else 'own'}-{status['id']}",
            profile=self.profile.id,
            direction=direction,
            kind=kind,
            state=MessageState.NEW if inbound else MessageState.PUBLISHED,
            text=plain_text(status["content"]),
            created_at=created,
            published_at=None if inbound else created,
            author=author,
            remote_id=str(status["id"]),
            url=status["url"],
            reply_to_remote=None if parent is None else str(parent),
        )

    def metrics(self, remote_id: str | None = None) -> Metrics:
        """Counts of one status, or of the account when ``remote_id`` is ``None``."""
        at = datetime.now(UTC)
        if remote_id is None:
            source = self._get("/api/v1/accounts/verify_credentials")
            fields = {"followers": "followers_count", "posts": "statuses_count"}
        else:
            source = self._get(f"/api/v1/statuses/{quote(remote_id, safe='')}")
            fields = {
                "replies": "replies_count",
                "reposts": "reblogs_count",
                "likes": "favourites_count",
            }
        counts = {
            name: source[key]
            for name, key in fields.items()
            if isinstance(source.get(key), int) and source[key] >= 0
        }
        return Metrics(at=at, remote_id=remote_id, counts=counts)


# --- the hook --------------------------------------------------------------------------------


@hookimpl
def govsm_adapter(
    channel: Channel, profile: Profile, credentials: Credentials
) -> TutorialAdapter | None:
    """A :class:`TutorialAdapter` for a profile of :data:`CHANNEL`; ``None`` for the others."""
    if channel.id != CHANNEL:
        return None
    return TutorialAdapter(profile, credentials.secret)
