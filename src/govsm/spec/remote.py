"""What a network adapter reports back: capabilities, pages, changes, metrics, credentials.

These are the records of the :class:`~govsm.spec.adapter.Adapter` contract besides the ones
publishing uses (:class:`~govsm.spec.adapter.PublishResult`,
:class:`~govsm.spec.adapter.UploadMedia`):

* :class:`Capabilities` — what the network can do, with its limits and where they come from;
* :class:`Page` — one page of what a network returned since a cursor, and the cursor to go on;
* :class:`RemoteChange` — one of the organisation's own posts as the network shows it now:
  posted, edited or deleted;
* :class:`Metrics` — counts of a post or of the profile at one moment;
* :class:`CredentialStatus` — whether the credentials work, for whom, until when.

>>> page = Page(items=("a", "b"), cursor="c2", more=True)
>>> page.cursor, page.more
('c2', True)
>>> Capabilities(network="mastodon", edit=True).can("edit")
True
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

from attrs import field, frozen

from govsm.model import Bilingual, MediaKind, Message

T = TypeVar("T")


@frozen
class Capabilities:
    """What one network can do, as an adapter declares it.

    An adapter declares them so that what a network cannot do is never asked of it.

    :param network: the channel's id (``mastodon``).
    :param media_kinds: the kinds of attachment it takes.
    :param max_media: attachments per post.
    :param max_media_bytes: the largest attachment, in bytes, when known.
    :param alt_text_limit: characters of alt text per attachment, when limited.
    :param text_limit: characters of text per post, when limited (as the network counts them).
    :param threads: a post can answer another (replies and threads).
    :param edit: a published post can be edited (and :meth:`Adapter.fetch_own
        <govsm.spec.adapter.Adapter.fetch_own>` reports edits).
    :param delete: a published post can be deleted.
    :param content_warning: a post can carry a content warning.
    :param native_idempotency: the network itself refuses a second post with the same key
        (Mastodon's ``Idempotency-Key``); without it the adapter looks before it posts.
    :param direct_messages: inbound items include direct messages.
    :param own_history: :meth:`~govsm.spec.adapter.Adapter.fetch_own` reports deletions.
    :param metrics: the names :meth:`~govsm.spec.adapter.Adapter.metrics` can fill
        (``followers``, ``replies``, ``reposts``, ``likes``, ``impressions``…).
    :param sources: where the limits come from (documentation addresses, API fields).
    """

    network: str
    media_kinds: frozenset[MediaKind] = frozenset()
    max_media: int = 0
    max_media_bytes: int | None = None
    alt_text_limit: int | None = None
    text_limit: int | None = None
    threads: bool = False
    edit: bool = False
    delete: bool = True
    content_warning: bool = False
    native_idempotency: bool = False
    direct_messages: bool = False
    own_history: bool = False
    metrics: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()

    def can(self, name: str) -> bool:
        """Whether the flag ``name`` (``threads``, ``edit``…) is set, or media are taken."""
        if name == "media":
            return self.max_media > 0 and bool(self.media_kinds)
        value = getattr(self, name)
        if not isinstance(value, bool):
            raise ValueError(f"'{name}' is not a capability flag")
        return value


@frozen
class Page(Generic[T]):
    """One page of items a network returned after a cursor.

    :param items: the items, oldest first.
    :param cursor: what to pass to get what came after these (store it); ``None`` when the
        network gives no cursor, and the same cursor as asked when nothing is new.
    :param more: another page is ready at once (call again with ``cursor``).
    """

    items: tuple[T, ...] = ()
    cursor: str | None = None
    more: bool = False


class ChangeKind(StrEnum):
    """What became of one of the organisation's own posts on the network."""

    POSTED = "posted"
    EDITED = "edited"
    DELETED = "deleted"


@frozen
class RemoteChange:
    """One of the organisation's own posts as the network shows it now.

    :param kind: posted (first seen), edited (its text or media changed on the network), or
        deleted.
    :param remote_id: the network's id of the post.
    :param at: when the network says it happened (for a deletion not dated by the network:
        when the adapter saw it gone).
    :param message: the post as it is now (``None`` when deleted): an outbound message of the
        profile with ``remote_id`` and ``url`` set.
    """

    kind: ChangeKind
    remote_id: str
    at: datetime
    message: Message | None = None


@frozen
class Metrics:
    """Counts of one post, or of the profile, at one moment.

    :param at: when they were read.
    :param remote_id: the post's id; ``None`` for the profile's own counts.
    :param counts: each count the network gives, by name (see
        :attr:`Capabilities.metrics`); a count the network does not give is absent, never 0.
    """

    at: datetime
    remote_id: str | None = None
    counts: dict[str, int] = field(factory=dict)


@frozen
class CredentialStatus:
    """Whether an adapter's credentials work.

    :param valid: they were accepted just now.
    :param account: the account they act as (handle), when accepted.
    :param expires_at: when they stop working, when the network says.
    :param reason: why they were refused, in Spanish and English (never the secret).
    """

    valid: bool
    account: str | None = None
    expires_at: datetime | None = None
    reason: Bilingual | None = None
