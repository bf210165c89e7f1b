"""What is said: outbound posts and replies, inbound mentions, comments and direct messages."""

from __future__ import annotations

import enum
from datetime import datetime

from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v
from govsm.model.finding import Span


class Direction(enum.StrEnum):
    """Whether the organisation says it or a citizen does."""

    OUTBOUND = "outbound"
    INBOUND = "inbound"


class MessageKind(enum.StrEnum):
    """What a message is on its network.

    An outbound message is one of ``post`` (an original), ``reply``, ``repost`` (someone else's
    post shared as it is: a retweet, a boost, a Bluesky repost — its words are not the
    organisation's), ``quote`` (the organisation's words above someone else's post) or
    ``direct``; an inbound one is a ``mention``, ``comment``, ``reply`` or ``direct`` message.
    """

    POST = "post"
    REPLY = "reply"
    MENTION = "mention"
    COMMENT = "comment"
    DIRECT = "direct"
    REPOST = "repost"
    QUOTE = "quote"

    @property
    def spanish(self) -> str:
        """The kind's Spanish name, for Spanish prose (``publicación``, ``comentario``…)."""
        return _KIND_ES[self]


_KIND_ES = {
    MessageKind.POST: "publicación",
    MessageKind.REPLY: "respuesta",
    MessageKind.MENTION: "mención",
    MessageKind.COMMENT: "comentario",
    MessageKind.DIRECT: "mensaje directo",
    MessageKind.REPOST: "republicación",
    MessageKind.QUOTE: "cita",
}

#: the kinds an organisation's own message may have
OUTBOUND_KINDS = frozenset(
    {
        MessageKind.POST,
        MessageKind.REPLY,
        MessageKind.DIRECT,
        MessageKind.REPOST,
        MessageKind.QUOTE,
    }
)


class MessageState(enum.StrEnum):
    """Where a message is in its life. Outbound and inbound messages have their own states."""

    # outbound
    DRAFT = "draft"
    PENDING_APPROVAL = "pending-approval"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    FAILED = "failed"
    # inbound
    NEW = "new"
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    CLOSED = "closed"

    @property
    def spanish(self) -> str:
        """The state's Spanish name, for Spanish prose (``borrador``, ``publicado``…).

        >>> MessageState.PENDING_APPROVAL.spanish
        'pendiente de aprobación'
        """
        return _STATE_ES[self]


#: each state's Spanish name (a message is masculine: *el mensaje*)
_STATE_ES = {
    MessageState.DRAFT: "borrador",
    MessageState.PENDING_APPROVAL: "pendiente de aprobación",
    MessageState.APPROVED: "aprobado",
    MessageState.SCHEDULED: "programado",
    MessageState.PUBLISHING: "publicándose",
    MessageState.PUBLISHED: "publicado",
    MessageState.FAILED: "fallido",
    MessageState.NEW: "nuevo",
    MessageState.ASSIGNED: "asignado",
    MessageState.ANSWERED: "respondido",
    MessageState.CLOSED: "cerrado",
}


OUTBOUND_STATES = frozenset(
    {
        MessageState.DRAFT,
        MessageState.PENDING_APPROVAL,
        MessageState.APPROVED,
        MessageState.SCHEDULED,
        MessageState.PUBLISHING,
        MessageState.PUBLISHED,
        MessageState.FAILED,
    }
)
INBOUND_STATES = frozenset(set(MessageState) - OUTBOUND_STATES)

#: the states of a citizen's message still waiting for an answer (neither answered nor closed);
#: the handover, the digest and the response times all count these and only these
WAITING_STATES = frozenset({MessageState.NEW, MessageState.ASSIGNED})


class MediaKind(enum.StrEnum):
    """The kind of an attachment."""

    IMAGE = "image"
    VIDEO = "video"
    GIF = "gif"
    AUDIO = "audio"
    DOCUMENT = "document"


@frozen
class Media:
    """An attachment and what the rules need to know about it.

    :param kind: see :class:`MediaKind`.
    :param location: a path relative to the workspace, or a URL (no hidden characters).
    :param alt_text: the description read by screen readers.
    :param mime_type: e.g. ``image/jpeg``.
    :param width: in pixels.
    :param height: in pixels.
    :param size: in bytes.
    :param captions: whether a video carries captions (subtítulos).
    :param shows_minors: whether an image or video shows children (LOPDGDD art. 7 and 92).
    :param consent: reference to the consent record that allows publishing it, if any.
    """

    kind: MediaKind
    location: str = field(validator=v.shown_identifier)
    alt_text: str | None = field(default=None, validator=v.optional_text)
    mime_type: str | None = field(default=None, validator=v.optional_identifier)
    width: int | None = field(default=None, validator=v.positive)
    height: int | None = field(default=None, validator=v.positive)
    size: int | None = field(default=None, validator=v.non_negative)
    captions: bool = False
    shows_minors: bool = False
    consent: str | None = field(default=None, validator=v.optional_identifier)


@frozen
class Message:
    """A post, reply, mention, comment or direct message on one profile.

    :param organisation: the owning organisation's id.
    :param id: identifier, unique within the organisation.
    :param profile: the profile's id.
    :param direction: see :class:`Direction`.
    :param kind: see :class:`MessageKind`.
    :param state: see :class:`MessageState`; it must belong to the direction.
    :param text: the text as written.
    :param language: its language (BCP 47), if known.
    :param title: a title, for networks that have one (YouTube, a blog).
    :param content_warning: a content warning (Mastodon), counted with the text.
    :param media: attachments.
    :param links: URLs the message points to, besides those in the text.
    :param reply_to: the id of the message this one answers, if any.
    :param reply_to_remote: the network's id of the post this one answers, as a network adapter
        read it (an inbound reply whose parent govsm may not hold; ``govsm sync`` sets
        ``reply_to`` from it when it finds the parent).
    :param counted_range: for a published post, the part of :attr:`text` the network counts
        and shows as the author's words, when the network says so (X's
        ``display_text_range``): the leading @mentions of a reply and the trailing link of an
        attached photo, video or quoted post lie outside it. In code points of :attr:`text`.
    :param appended_links: links the network itself added at the end of the text for an
        attached photo, video or quoted post (X's trailing ``t.co`` links); they are not the
        author's words and are not counted or checked as such.
    :param original_author: for a repost or a quote, the account whose post it shares (its
        handle, e.g. ``@alcaldesa``), when known.
    :param remote_id: the network's id once published or received.
    :param url: the message's public address on its network, when the archive gives it (an
        absolute ``http(s)`` URL); otherwise govsm derives it from the channel's template
        (:func:`govsm.channels.addresses.post_address`).
    :param idempotency_key: the key that makes publishing happen once.
    :param author: a person's id (outbound) or the citizen's handle (inbound).
    :param campaign: the campaign it belongs to, if any.
    :param created_at: when it was written or received.
    :param scheduled_at: when it is to go out.
    :param published_at: when it went out.

    The identifiers — ``links``, ``remote_id``, ``reply_to_remote``, ``url``,
    ``idempotency_key``, ``author``,
    ``campaign`` and a media item's ``location``, ``mime_type`` and ``consent`` — refuse control,
    invisible and direction-changing characters, as a profile's handle does: such a character
    makes one address or id look like another.
    """

    organisation: str = field(validator=v.slug)
    id: str = field(validator=v.slug)
    profile: str = field(validator=v.slug)
    direction: Direction
    kind: MessageKind
    state: MessageState
    text: str = field(validator=v.text)
    created_at: datetime = field(converter=v.fixed_offset, validator=v.aware)
    language: str | None = field(default=None, validator=v.optional_language_tag)
    title: str | None = field(default=None, validator=v.optional_text)
    content_warning: str | None = field(default=None, validator=v.optional_text)
    media: tuple[Media, ...] = ()
    links: tuple[str, ...] = field(default=(), validator=v.identifiers)
    reply_to: str | None = field(default=None, validator=v.optional_slug)
    remote_id: str | None = field(default=None, validator=v.optional_identifier)
    idempotency_key: str | None = field(default=None, validator=v.optional_identifier)
    author: str | None = field(default=None, validator=v.optional_identifier)
    campaign: str | None = field(default=None, validator=v.optional_identifier)
    scheduled_at: datetime | None = field(default=None, converter=v.fixed_offset, validator=v.aware)
    published_at: datetime | None = field(default=None, converter=v.fixed_offset, validator=v.aware)
    url: str | None = field(default=None, validator=v.url)
    reply_to_remote: str | None = field(default=None, validator=v.optional_identifier)
    counted_range: Span | None = None
    appended_links: tuple[str, ...] = field(default=(), validator=v.identifiers)
    original_author: str | None = field(default=None, validator=v.optional_identifier)

    def __attrs_post_init__(self) -> None:
        allowed = OUTBOUND_STATES if self.direction is Direction.OUTBOUND else INBOUND_STATES
        if self.state not in allowed:
            raise ModelError(
                f"el estado «{self.state}» no es posible en un mensaje «{self.direction}»; "
                f"valores posibles: {', '.join(sorted(allowed))}",
                f"state '{self.state}' is not possible for an '{self.direction}' message; "
                f"possible values: {', '.join(sorted(allowed))}",
            )
        if self.direction is Direction.OUTBOUND and self.kind not in OUTBOUND_KINDS:
            raise ModelError(
                f"un mensaje saliente no puede ser «{self.kind}»: "
                "use post, reply, repost, quote o direct",
                f"an outbound message cannot be a '{self.kind}': "
                "use post, reply, repost, quote or direct",
            )
        if self.counted_range is not None and self.counted_range.end > len(self.text):
            raise ModelError(
                f"«counted_range» acaba en {self.counted_range.end}, después del final del "
                f"texto ({len(self.text)} puntos de código)",
                f"'counted_range' ends at {self.counted_range.end}, after the end of the text "
                f"({len(self.text)} code points)",
            )
        # a reply to be published must say what it answers; one already published may come
        # from an archive that does not say it (Facebook's comments name no post)
        if (
            self.kind is MessageKind.REPLY
            and self.reply_to is None
            and self.remote_id is None
            and self.reply_to_remote is None
            and self.state is not MessageState.PUBLISHED
        ):
            raise ModelError(
                "una respuesta necesita «reply_to» (el mensaje al que responde)",
                "a reply needs 'reply_to' (the message it answers)",
            )
        if self.state is MessageState.PUBLISHED and self.published_at is None:
            raise ModelError(
                "un mensaje publicado necesita «published_at»",
                "a published message needs 'published_at'",
            )
