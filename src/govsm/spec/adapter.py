"""What a network adapter is.

A channel plugin returns one from :func:`~govsm.spec.hookspecs.govsm_adapter` to publish to, and
read from, one profile. The publishing worker (:mod:`govsm.publishing`) calls it:

* :meth:`Adapter.publish` once per attempt, with the item's idempotency key (send it where the
  network takes one: Mastodon's ``Idempotency-Key`` header, for example) and the media already
  cleaned of their metadata;
* :meth:`Adapter.lookup` when an attempt's outcome is unknown — the worker died, or the request
  left and no answer came — *before* any retry: the post is looked up by its idempotency key
  or, where the network keeps none, by its text within the time window; a found post is
  recorded as published and never sent again.

Errors are the shared ones of :mod:`govsm.spec.network_errors`; anything else an adapter raises
is treated as :class:`~govsm.spec.network_errors.OutcomeUnknown` (the worker cannot know whether
the post left, so it asks before retrying).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from attrs import field, frozen

from govsm.model.message import MediaKind, Message


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
class Adapter(Protocol):
    """A connection to one profile on one network.

    Adapters are built per profile by :func:`~govsm.spec.hookspecs.govsm_adapter`; they receive the
    resolved credentials and must never log, repr or raise them.
    """

    def publish(
        self, message: Message, *, idempotency_key: str, media: Sequence[UploadMedia] = ()
    ) -> PublishResult:
        """Publish ``message`` with ``media``; one ``idempotency_key`` never publishes twice.

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

    def fetch_inbound(self, since: datetime | None) -> Iterable[Message]:
        """Return the mentions, comments and direct messages received after ``since``."""
