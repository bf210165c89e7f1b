"""The Bluesky adapter: one organisation's account, through its PDS.

Every call sets a timeout; errors are govsm's (:mod:`govsm_bluesky.errors`). What needs the
session (posting, uploading, deleting, and the AppView's notifications and counts) goes through
:class:`~govsm_bluesky.session.Account`; what is public (records, the firehose) is read without
it. Whether an AppView answers through the PDS decides where inbound items come from and
whether counts are read (:mod:`govsm_bluesky.appview`, :mod:`govsm_bluesky.capabilities`).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from govsm.spec import (
    AuthenticationExpired,
    Bilingual,
    Channel,
    MediaKind,
    Message,
    MessageKind,
    NetworkError,
    PermanentRejection,
    Profile,
    PublishResult,
    RateLimited,
    TransientError,
    UploadMedia,
)
from govsm.spec.remote import Capabilities, CredentialStatus, Metrics, Page, RemoteChange
from govsm_bluesky import posting
from govsm_bluesky.appview import AppView, Unserved
from govsm_bluesky.capabilities import MAX_IMAGES, PDS_ONLY, WITH_APPVIEW
from govsm_bluesky.errors import NETWORK, translated
from govsm_bluesky.facets import facets
from govsm_bluesky.identity import Resolver
from govsm_bluesky.reader import Reader, get_record
from govsm_bluesky.reading import post_url, when
from govsm_bluesky.rkey import POST, AtUri, record_key
from govsm_bluesky.session import Account
from govsm_bluesky.xrpc import Xrpc

log = logging.getLogger(__name__)

TIMEOUT = 15.0
"""Seconds every request may take (5 s at most to connect)."""

IDLE = 1.0
"""Seconds of silence after which the firehose counts as caught up."""


class BlueskyAdapter:
    """Publishes to, and reads back from, one Bluesky account.

    :param channel: the Bluesky channel (its text rules find links, mentions and tags).
    :param profile: the account's profile (its handle, without ``@``, names the account).
    :param password: the account's app password (never shown).
    :param service: where the account logs in (``https://bsky.social`` or a self-hosted PDS).
    :param plc: the PLC directory.
    :param appview: the AppView to ask through the PDS, as ``<DID>#<service id>`` (sent as
        ``atproto-proxy``); ``None``: the one the PDS is configured with.
    :param timeout: seconds every request may take.
    :param idle: seconds of firehose silence that mean it is caught up.
    :raises govsm.errors.ConfigError: ``service`` or ``plc`` is not ``https`` (plain ``http``
        only for ``localhost`` and ``127.0.0.1``), or ``appview`` is not a DID and service id.
    """

    def __init__(
        self,
        *,
        channel: Channel,
        profile: Profile,
        password: str,
        service: str,
        plc: str,
        appview: str | None = None,
        timeout: float = TIMEOUT,
        idle: float = IDLE,
    ) -> None:
        self.channel = channel
        self.profile = profile
        self.handle = profile.handle.strip().removeprefix("@")
        self._timeout = timeout
        self._service = Xrpc(service, timeout, "service")
        self._resolver = Resolver(self._service, plc, timeout)
        self._account = Account(self.handle, password, self._service, self._resolver, timeout)
        self._appview = AppView(self._account, appview)
        self._reader = Reader(profile, self._account, self._resolver, self._appview, idle, timeout)
        self._closer = weakref.finalize(self, _close, self._account, self._resolver, self._service)

    def __repr__(self) -> str:
        return f"BlueskyAdapter(handle={self.handle!r}, service={self._service.url!r})"

    __str__ = __repr__

    def close(self) -> None:
        """Close every connection the adapter opened (also done when it is garbage-collected)."""
        self._closer()

    def __enter__(self) -> BlueskyAdapter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what it can do ---------------------------------------------------------------------

    def capabilities(self) -> Capabilities:
        """Bluesky's capabilities and their sources (:mod:`govsm_bluesky.capabilities`).

        With counts when an AppView answers through the PDS (asked once, see
        :meth:`AppView.available <govsm_bluesky.appview.AppView.available>`); without them, and
        saying so in the sources, when none does or the PDS cannot be asked now.
        """
        try:
            present = self._appview.available()
        except NetworkError as failed:
            log.info("bluesky: whether an AppView answers could not be asked (%s)", failed.en)
            present = False
        return WITH_APPVIEW if present else PDS_ONLY

    # -- publishing --------------------------------------------------------------------------

    def publish(
        self,
        message: Message,
        *,
        idempotency_key: str,
        media: Sequence[UploadMedia] = (),
        reply_to: str | None = None,
    ) -> PublishResult:
        """Create the post, with the record key the idempotency key gives.

        The post of an earlier attempt with the same key is looked up first and, if it exists,
        returned instead of a new one; a create that collides with it returns it too.

        :param reply_to: the AT URI of the post this one answers.
        """
        _refuse_what_bluesky_cannot(message, media)
        identity = self._account.identity()
        rkey = record_key(idempotency_key, message.created_at)
        existing = self._own_post(rkey)
        if existing is not None:
            log.info("bluesky: %s was already published; not posting it again", existing.remote_id)
            return existing
        record = posting.post(
            message.text,
            datetime.now(UTC),
            languages=posting.langs(message.language),
            facets=facets(message.text, self.channel, self._did_or_none),
            images=[self._upload(item) for item in media],
            reply=self._reply(reply_to) if reply_to else None,
        )
        body = {"repo": identity.did, "collection": POST, "rkey": rkey, "record": record}
        try:
            with translated(write=True):
                created = self._account.call(
                    lambda pds, auth: pds.procedure(
                        "com.atproto.repo.createRecord", body, headers=auth
                    )
                )
        except NetworkError as failed:
            found = self._settle(rkey, failed)
            if found is None:
                raise
            return found
        uri = str(created.get("uri") or f"at://{identity.did}/{POST}/{rkey}")
        log.info("bluesky: published %s", uri)
        return PublishResult(uri, when(record["createdAt"], datetime.now(UTC)), self._url(rkey))

    def lookup(
        self, message: Message, *, idempotency_key: str, since: datetime
    ) -> PublishResult | None:
        """The post published with ``idempotency_key``, by its record key (exact, no search)."""
        return self._own_post(record_key(idempotency_key, message.created_at))

    def delete(self, remote_id: str) -> None:
        """Delete the organisation's post ``remote_id`` (an AT URI); a post already gone is fine.

        :raises PermanentRejection: ``remote_id`` is not a post of the organisation's account.
        """
        identity = self._account.identity()
        try:
            where = AtUri.parse(remote_id)
        except ValueError:
            where = None
        mine = {identity.did.lower(), self.handle.lower()}
        if where is None or where.repo.lower() not in mine or where.collection != POST:
            raise PermanentRejection(
                NETWORK,
                f"«{remote_id}» no es una publicación de «{self.handle}»",
                f"'{remote_id}' is not a post of '{self.handle}'",
            )
        body = {"repo": identity.did, "collection": POST, "rkey": where.rkey}
        with translated(write=True):
            self._account.call(
                lambda pds, auth: pds.procedure("com.atproto.repo.deleteRecord", body, headers=auth)
            )

    # -- reading the network back ------------------------------------------------------------

    def fetch_inbound(self, cursor: str | None) -> Page[Message]:
        """Replies to the organisation's posts, mentions and quotes of it.

        From the AppView's notifications when one answers through the PDS (every account of
        the network; :mod:`govsm_bluesky.notifications`), else from the PDS's firehose (only
        accounts of that PDS; :mod:`govsm_bluesky.inbound`).

        :param cursor: the last page's cursor (``notif:…`` or ``<seq>@<pds>``); ``None`` reads
            from the oldest notification (or firehose event) the network keeps.
        """
        return self._reader.inbound(cursor)

    def fetch_own(self, cursor: str | None) -> Page[RemoteChange]:
        """The organisation's posts: listed the first time, then followed on the firehose.

        :param cursor: the last page's cursor (:mod:`govsm_bluesky.cursors`); ``None`` lists
            every post the repository holds, then reads the firehose from its oldest event.
        """
        return self._reader.own(cursor)

    def metrics(self, remote_id: str | None = None) -> Metrics:
        """Counts of a post, or of the account, from the AppView; none when none answers.

        A post's are ``likes``, ``reposts``, ``replies`` and ``quotes``; the account's are
        ``followers`` and ``posts``.

        A post of the account's that the AppView has not indexed yet (it indexes what the PDS
        publishes a moment later) has no counts yet.

        :raises PermanentRejection: ``remote_id`` is not the address of a post that exists.
        """
        at = datetime.now(UTC)
        if not self._appview.available():
            return Metrics(at=at, remote_id=remote_id, counts={})
        try:
            if remote_id is None:
                counts = self._profile_counts()
            else:
                found = self._appview.post_counts(remote_id)
                counts = self._unindexed(remote_id) if found is None else found
        except Unserved:
            counts = {}
        return Metrics(at=at, remote_id=remote_id, counts=counts)

    def verify(self) -> CredentialStatus:
        """Log in afresh with the app password and ask the PDS whose session it is.

        A new login, not the session already open: that one outlives a revoked app password
        until its access token expires.

        :raises TransientError: the service, the PDS or the PLC directory cannot be reached.
        :raises RateLimited: the service asks to wait before logging in again.
        """
        try:
            with translated(write=False):
                self._account.login()
                answer = self._account.call(
                    lambda pds, auth: pds.query("com.atproto.server.getSession", headers=auth)
                )
        except (PermanentRejection, AuthenticationExpired) as refused:
            return CredentialStatus(valid=False, reason=Bilingual(es=refused.es, en=refused.en))
        return CredentialStatus(valid=True, account=str(answer.get("handle") or self.handle))

    # -- helpers -------------------------------------------------------------------------------

    def _unindexed(self, remote_id: str) -> dict[str, int]:
        """No counts for a post of the account the AppView has not indexed yet.

        :raises PermanentRejection: the post does not exist (deleted, or another account's).
        """
        identity = self._account.identity()
        where = AtUri.parse(remote_id)
        mine = where.repo.lower() in (identity.did.lower(), self.handle.lower())
        if mine and self._reader.own_record(where.rkey) is not None:
            log.info("bluesky: the AppView has not indexed %s yet; no counts", remote_id)
            return {}
        raise PermanentRejection(
            NETWORK,
            f"Bluesky no conoce la publicación «{remote_id}» (quizá se borró)",
            f"Bluesky does not know the post '{remote_id}' (it may have been deleted)",
        )

    def _profile_counts(self) -> dict[str, int]:
        """The account's counts; none while the AppView has not indexed its profile yet."""
        try:
            return self._appview.profile_counts(self._account.identity().did)
        except PermanentRejection as refused:  # "Profile not found": a new account
            log.info("bluesky: the AppView gave no profile counts (%s)", refused.en)
            return {}

    def _url(self, rkey: str) -> str:
        return post_url(self.handle, rkey)

    def _result(self, uri: str, record: Mapping[str, Any]) -> PublishResult:
        rkey = uri.rsplit("/", 1)[-1]
        return PublishResult(uri, when(record.get("createdAt"), datetime.now(UTC)), self._url(rkey))

    def _own_post(self, rkey: str) -> PublishResult | None:
        found = self._reader.own_record(rkey)
        if found is None:
            return None
        return self._result(str(found["uri"]), found.get("value") or {})

    def _settle(self, rkey: str, failed: NetworkError) -> PublishResult | None:
        """After a failed create: the post, if it exists after all (a collision, a lost answer)."""
        if isinstance(failed, RateLimited | AuthenticationExpired):
            return None
        try:
            return self._own_post(rkey)
        except NetworkError:
            return None

    def _did_or_none(self, handle: str) -> str | None:
        """The DID of a mentioned handle; ``None`` leaves the mention as plain text."""
        try:
            return self._resolver.did_of(handle)
        except NetworkError:
            log.info("bluesky: @%s could not be resolved; the mention stays plain text", handle)
            return None

    def _upload(self, item: UploadMedia) -> dict[str, Any]:
        """Upload one image as a blob; its ``app.bsky.embed.images#image`` entry."""
        with translated(write=True):
            answer = self._account.call(
                lambda pds, auth: pds.procedure(
                    "com.atproto.repo.uploadBlob",
                    data=item.data,
                    content_type=item.mime_type,
                    headers=auth,
                )
            )
        blob = answer.get("blob")
        if not isinstance(blob, Mapping):
            raise TransientError(
                NETWORK,
                f"Bluesky no devolvió la imagen subida «{item.name}»",
                f"Bluesky did not return the uploaded image '{item.name}'",
            )
        return posting.image(blob, item.alt_text, item.data)

    def _reply(self, parent: str) -> dict[str, Any]:
        """The ``reply`` of a post answering ``parent``: its root and parent strong refs."""
        try:
            where = AtUri.parse(parent)
        except ValueError:
            where = None
        if where is None or where.collection != POST:
            raise PermanentRejection(
                NETWORK,
                f"«{parent}» no es la dirección de una publicación de Bluesky",
                f"'{parent}' is not the address of a Bluesky post",
            )
        identity = self._account.identity()
        found: dict[str, Any] | None = None
        if where.repo.lower() in (identity.did.lower(), self.handle.lower()):
            found = get_record(self._account.pds(), identity.did, where.rkey)
        else:
            repo = (
                where.repo if where.repo.startswith("did:") else self._resolver.did_of(where.repo)
            )
            if repo is not None:
                server = Xrpc(self._resolver.pds_of(repo), self._timeout)
                try:
                    found = get_record(server, repo, where.rkey)
                finally:
                    server.close()
        if found is None or not isinstance(found.get("cid"), str):
            raise PermanentRejection(
                NETWORK,
                f"la publicación a la que se responde no existe: «{parent}»",
                f"the post answered does not exist: '{parent}'",
            )
        value = found.get("value")
        return posting.reply_refs(str(found["uri"]), str(found["cid"]), value or {})


def _refuse_what_bluesky_cannot(message: Message, media: Sequence[UploadMedia]) -> None:
    """Refuse, before anything is sent, what Bluesky cannot publish (see the capabilities)."""
    problem: tuple[str, str] | None = None
    if message.kind is MessageKind.DIRECT:
        problem = (
            "este complemento no envía mensajes directos de Bluesky (son de otro servicio)",
            "this plugin sends no Bluesky direct messages (another service holds them)",
        )
    elif message.content_warning:
        problem = (
            "Bluesky no admite avisos de contenido de texto libre",
            "Bluesky takes no free-text content warning",
        )
    elif len(media) > MAX_IMAGES:
        problem = (
            f"Bluesky admite {MAX_IMAGES} imágenes por publicación, no {len(media)}",
            f"Bluesky takes {MAX_IMAGES} images per post, not {len(media)}",
        )
    elif any(item.kind is not MediaKind.IMAGE for item in media):
        problem = (
            "este complemento solo publica imágenes en Bluesky (ni vídeo ni otros adjuntos)",
            "this plugin publishes only images to Bluesky (no video, no other attachments)",
        )
    if problem is not None:
        raise PermanentRejection(NETWORK, *problem)


def _close(account: Account, resolver: Resolver, service: Xrpc) -> None:
    """Close an adapter's connections (called once, by :meth:`BlueskyAdapter.close` or the GC)."""
    account.close()
    resolver.close()
    service.close()
