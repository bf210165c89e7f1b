"""What a network adapter is: the contract every network plugin follows.

A channel plugin returns one from :func:`~govsm.spec.hookspecs.govsm_adapter` to publish to, and
read from, one profile. The publishing worker (:mod:`govsm.publishing`) calls the
:class:`Publishing` part of it:

* :meth:`Adapter.publish` once per attempt, with the item's idempotency key (send it where the
  network takes one: Mastodon's ``Idempotency-Key`` header, for example) and the media already
  cleaned of their metadata;
* :meth:`Adapter.lookup` when an attempt's outcome is unknown — the worker died, or the request
  left and no answer came — *before* any retry: the post is looked up by its idempotency key
  or, where the network keeps none, by its text within the time window; a found post is
  recorded as published and never sent again.

The rest of :class:`Adapter` — capabilities, deletion, inbound items and the organisation's own
posts since a cursor (with edits and deletions), metrics, and a check of the credentials — is
what reading the networks back needs; its records are in :mod:`govsm.spec.remote`. It is the
contract network plugins implement now; nothing in govsm calls it yet: the command that pulls
posts, edits, deletions, inbound items and metrics into the store is still to come.

Errors are the shared ones of :mod:`govsm.spec.network_errors`; anything else an adapter raises
while publishing is treated as :class:`~govsm.spec.network_errors.OutcomeUnknown` (the worker
cannot know whether the post left, so it asks before retrying).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from attrs import field, frozen

from govsm.model.message import MediaKind, Message
from govsm.spec.remote import Capabilities, CredentialStatus, Metrics, Page, RemoteChange


@frozen
class PublishResult:
    """What the network answered when a message went out (or what a lookup found).

    :param remote_id: the network's id of the post.
    :param published_at: when the network says it was published.
    :param url: its address, if the network gives one.
    """

    remote_id: str
    published_at: datetime
    url: str | None = None


@frozen
class UploadMedia:
    """One attachment as it is uploaded: its bytes cleaned of metadata, with its alt text.

    :param kind: image, video…
    :param data: the file's bytes, without EXIF, XMP, IPTC or comments
        (:func:`govsm.media.cleaning.clean`).
    :param mime_type: e.g. ``image/jpeg``.
    :param alt_text: the description read by screen readers (kept from the message).
    :param name: the file's name in the workspace, for messages.
    """

    kind: MediaKind
    data: bytes = field(repr=lambda data: f"<{len(data)} bytes>")
    mime_type: str
    alt_text: str | None
    name: str


@runtime_checkable
class Publishing(Protocol):
    """What the publishing worker needs of an adapter: publish, and look up.

    Every :class:`Adapter` is one; a test double that only publishes (the recording sink of
    :mod:`govsm.testing.sink`) may be just this.
    """

    def publish(
        self,
        message: Message,
        *,
        idempotency_key: str,
        media: Sequence[UploadMedia] = (),
        reply_to: str | None = None,
    ) -> PublishResult:
        """Publish ``message`` with ``media``; one ``idempotency_key`` never publishes twice.

        :param idempotency_key: send it where the network takes one; where it does not, look
            for a post made with it before posting (:meth:`lookup`).
        :param media: the attachments, cleaned of metadata, each with its alt text.
        :param reply_to: the network's id of the post this one answers (a reply, or the next
            post of a thread), already published.
        :raises govsm.spec.network_errors.NetworkError: one of its subclasses, as the network
            answered.
        """

    def lookup(
        self, message: Message, *, idempotency_key: str, since: datetime
    ) -> PublishResult | None:
        """Find the post an earlier attempt may have published: by key, or by text since ``since``.

        :return: the post, or ``None`` when the network has none (it was not published).
        :raises govsm.spec.network_errors.NetworkError: the network could not be asked; the
            worker asks again later and does not publish meanwhile.
        """


@runtime_checkable
class Adapter(Publishing, Protocol):
    """A connection to one profile on one network: the whole contract.

    Adapters are built per profile by :func:`~govsm.spec.hookspecs.govsm_adapter`; they receive
    the resolved credentials and must never log, repr or raise them. Every call that reaches
    the network sets a timeout. Errors are the shared ones of :mod:`govsm.spec.network_errors`.
    What a network cannot do is declared in :meth:`capabilities`; a call for it raises
    :class:`~govsm.spec.network_errors.PermanentRejection`.
    """

    def capabilities(self) -> Capabilities:
        """What the network can do, its limits, and where they come from."""

    def delete(self, remote_id: str) -> None:
        """Delete the organisation's post ``remote_id``; a post already gone is not an error."""

    def fetch_inbound(self, cursor: str | None) -> Page[Message]:
        """Mentions, replies, comments and direct messages received after ``cursor``.

        Each is an inbound :class:`~govsm.model.Message` of the profile, with its ``remote_id``,
        ``author`` (the other account's handle), ``reply_to_remote`` (the network's id of the
        post it answers, if any) and ``created_at``; its ``id`` is a slug the adapter derives
        from the network's id, the same every time.

        :param cursor: the :attr:`~govsm.spec.remote.Page.cursor` of the last page (``None``:
            from the oldest the network keeps).
        """

    def fetch_own(self, cursor: str | None) -> Page[RemoteChange]:
        """The organisation's own posts changed after ``cursor``: posted, edited, deleted.

        :param cursor: the :attr:`~govsm.spec.remote.Page.cursor` of the last page (``None``:
            every post the network keeps). A deletion is reported where the network says so
            (:attr:`Capabilities.own_history <govsm.spec.remote.Capabilities.own_history>`).
        """

    def metrics(self, remote_id: str | None = None) -> Metrics:
        """Counts of the post ``remote_id``, or of the profile when ``None``."""

    def verify(self) -> CredentialStatus:
        """Ask the network whether the credentials work, for whom, and until when.

        Refused credentials are a status (``valid=False`` with the reason), not an error; a
        network that cannot be reached raises
        :class:`~govsm.spec.network_errors.TransientError`.
        """
