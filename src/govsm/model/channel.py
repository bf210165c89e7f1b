"""A network (X, Mastodon, a corporate blog…), its limits and whether it still exists."""

from __future__ import annotations

import enum
import string
from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs
from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v


class ChannelStatus(enum.StrEnum):
    """Whether a network can still be used."""

    ACTIVE = "active"
    #: still running, but the organisation's policy (or the network itself) says to leave it
    DEPRECATED = "deprecated"
    #: shut down: nothing can be published there any more
    CLOSED = "closed"

    @property
    def spanish(self) -> str:
        """The status's Spanish name, for Spanish prose (``activa``, ``en retirada``…)."""
        return _STATUS_ES[self]


#: each status's Spanish name (a network is feminine: *la red*)
_STATUS_ES = {
    ChannelStatus.ACTIVE: "activa",
    ChannelStatus.DEPRECATED: "en retirada",
    ChannelStatus.CLOSED: "cerrada",
}


class TextCounting(enum.StrEnum):
    """How a network counts the length of a text."""

    CODE_POINTS = "code-points"
    GRAPHEMES = "graphemes"
    UTF16_UNITS = "utf16-units"
    UTF8_BYTES = "utf8-bytes"
    #: twitter-text v3: weighted code points, URLs as 23, emoji as 2
    TWITTER_TEXT_V3 = "twitter-text-v3"

    @property
    def spanish(self) -> str:
        """The unit's Spanish name, for Spanish prose (``grafemas``, ``bytes UTF-8``…)."""
        return _COUNTING_ES[self]


_COUNTING_ES = {
    TextCounting.CODE_POINTS: "puntos de código",
    TextCounting.GRAPHEMES: "grafemas",
    TextCounting.UTF16_UNITS: "unidades UTF-16",
    TextCounting.UTF8_BYTES: "bytes UTF-8",
    TextCounting.TWITTER_TEXT_V3: "caracteres ponderados de twitter-text v3",
}


class Capability(enum.StrEnum):
    """What a network allows an organisation to do through it."""

    POST = "post"
    REPLY = "reply"
    SCHEDULE = "schedule"
    IMAGES = "images"
    VIDEO = "video"
    ALT_TEXT = "alt-text"
    DIRECT_MESSAGES = "direct-messages"
    EDIT = "edit"
    IDEMPOTENCY_KEY = "idempotency-key"
    CONTENT_WARNING = "content-warning"


@frozen
class ChannelLimits:
    """A network's published limits. ``None`` means the network sets none (or none is known).

    :param text: maximum length of a post, counted as :attr:`Channel.counting` says.
    :param long_text: maximum length of a *long post*, which the network lets some accounts
        publish beyond :attr:`text` (X Premium: 25,000). A published post between the two was
        such a post; a draft is still held to :attr:`text`.
    :param text_bytes: maximum size of a post in UTF-8 bytes (Bluesky: 3000).
    :param url_length: length every URL counts as (X and Mastodon: 23).
    :param title: maximum length of a title (YouTube: 100).
    :param media: maximum number of images or videos per post.
    :param alt_text: maximum length of an image description.
    :param hashtags: maximum number of hashtags per post (Instagram: 30).
    :param bio: maximum length of the profile's biography.
    :param handle: maximum length of the handle.
    """

    text: int | None = field(default=None, validator=v.positive)
    text_bytes: int | None = field(default=None, validator=v.positive)
    long_text: int | None = field(default=None, validator=v.positive)
    url_length: int | None = field(default=None, validator=v.positive)
    title: int | None = field(default=None, validator=v.positive)
    media: int | None = field(default=None, validator=v.non_negative)
    alt_text: int | None = field(default=None, validator=v.positive)
    hashtags: int | None = field(default=None, validator=v.non_negative)
    bio: int | None = field(default=None, validator=v.positive)
    handle: int | None = field(default=None, validator=v.positive)


@frozen
class WeightRange:
    """Code points from ``start`` to ``end`` (inclusive) weigh ``weight`` (as in twitter-text)."""

    start: int = field(validator=v.non_negative)
    end: int = field(validator=v.non_negative)
    weight: int = field(validator=v.non_negative)


@frozen
class TextRules:
    """How a network measures a text, as data a channel plugin declares (read by :mod:`govsm.text`).

    The unit itself is :attr:`Channel.counting`; these refine it.

    :param scale: weights are divided by this (twitter-text: 100).
    :param default_weight: weight of a code point outside :attr:`ranges` (twitter-text: 200).
    :param ranges: code point ranges with their own weight (twitter-text: Latin, etc. weigh 100).
    :param url_length: every URL counts as this many units, whatever its length (X, Mastodon: 23).
    :param urls_need_scheme: only URLs written with ``http://`` or ``https://`` count as
        :attr:`url_length` (Mastodon); otherwise bare domains do too (X).
    :param emoji_length: every emoji (ZWJ sequences and flags included) counts as this many units
        (X v3: 2); ``None`` counts emoji like any other text.
    :param normalization: Unicode normalisation applied before counting (``NFC`` on X).
    :param remote_mention_local_only: a ``@user@domain`` mention counts as ``@user`` (Mastodon).
    :param content_warning_counts: the content warning counts towards the limit (Mastodon).
    :param hashtag_max: a hashtag longer than this many graphemes is not a hashtag (Bluesky: 64).
    :param entity_syntax: which network's rules recognise URLs, mentions and hashtags:
        ``twitter-text``, ``mastodon``, ``atproto`` or ``generic`` (see :mod:`govsm.text`).
    :param reply_mentions_counted: the leading @mentions of a published reply are part of its
        counted text (``false`` on X since 2017: it shows them above the text and does not
        count them).
    :param link_wrapper: the host the network wraps every link in (X: ``t.co``): such a link
        is the network's doing, not a shortener the author chose; and on a published post with
        media or a quoted post, a trailing link on this host is the attachment's.
    :param repost_prefix: how the network writes a repost's text in its archives (X: ``RT @``,
        then the original author's handle and a colon): a published post whose text starts so
        is a repost.
    """

    scale: int = field(default=1, validator=v.positive)
    default_weight: int = field(default=1, validator=v.non_negative)
    ranges: tuple[WeightRange, ...] = ()
    url_length: int | None = field(default=None, validator=v.positive)
    urls_need_scheme: bool = False
    emoji_length: int | None = field(default=None, validator=v.positive)
    normalization: str | None = field(default=None, validator=v.optional_text)
    remote_mention_local_only: bool = False
    content_warning_counts: bool = False
    hashtag_max: int | None = field(default=None, validator=v.positive)
    entity_syntax: str = field(default="generic", validator=v.slug)
    reply_mentions_counted: bool = True
    link_wrapper: str | None = field(default=None, validator=v.optional_identifier)
    repost_prefix: str | None = field(default=None, validator=v.optional_text)


#: the placeholders a post address template (:attr:`Channel.post_url`) may use
URL_PLACEHOLDERS: frozenset[str] = frozenset(
    {"handle", "user", "instance", "remote_id", "record_key"}
)


def _names(instance: Any, attribute: attrs.Attribute[Any], value: Mapping[str, str]) -> None:
    """Validate display names by language: BCP 47 tags, each a name people can read."""
    if not isinstance(value, Mapping):
        raise ModelError(
            f"«{attribute.name}» debe ser una tabla de nombres por idioma",
            f"'{attribute.name}' must be a table of names by language",
            field=attribute.name,
        )
    for language, name in value.items():
        v.language_tag(instance, attribute, language)
        where = f"{attribute.name}.{language}"
        if not isinstance(name, str) or not name.strip():
            raise ModelError(
                f"«{where}» debe ser un nombre, no {name!r}",
                f"'{where}' must be a name, not {name!r}",
                field=where,
            )
        v.check_text(name, where)
        v.check_hidden(name, where)


def _url_template(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """Validate a post address template: ``https://`` and only :data:`URL_PLACEHOLDERS`."""
    if value is None:
        return
    v.url(instance, attribute, value)
    if not value.startswith("https://"):
        raise ModelError(
            f"«{attribute.name}» debe empezar por https://: «{value}»",
            f"'{attribute.name}' must start with https://: '{value}'",
            field=attribute.name,
        )
    known = ", ".join(sorted(URL_PLACEHOLDERS))
    try:
        pieces = list(string.Formatter().parse(value))
    except ValueError as exc:
        raise ModelError(
            f"«{attribute.name}» no es una plantilla válida ({exc}): «{value}»",
            f"'{attribute.name}' is not a valid template ({exc}): '{value}'",
            field=attribute.name,
        ) from None
    for _, name, spec, conversion in pieces:
        if name is not None and name not in URL_PLACEHOLDERS:
            raise ModelError(
                f"«{attribute.name}»: «{{{name}}}» no es un hueco conocido; use {known}",
                f"'{attribute.name}': '{{{name}}}' is not a known placeholder; use {known}",
                field=attribute.name,
            )
        if name is not None and (spec or conversion):
            raise ModelError(
                f"«{attribute.name}»: el hueco «{name}» no admite formato ni conversión",
                f"'{attribute.name}': placeholder '{name}' takes no format or conversion",
                field=attribute.name,
            )


@frozen
class Channel:
    """A network, as a channel plugin declares it (:func:`~govsm.spec.hookspecs.govsm_channels`).

    :param id: identifier (``x``, ``mastodon``, ``bluesky``, ``blog``…).
    :param name: display name, in English (a brand stays as the network writes it).
    :param names: the display name in other languages, by BCP 47 tag (``es``, ``ca-valencia``),
        where a reader of that language reads it differently: see :meth:`display_name`.
    :param status: see :class:`ChannelStatus`.
    :param counting: how the length of a post is counted.
    :param limits: see :class:`ChannelLimits`.
    :param text_rules: how the network measures text beyond its unit, see :class:`TextRules`.
    :param capabilities: what the network allows (see :class:`Capability`).
    :param homepage: the network's address.
    :param deprecated_on: when it was deprecated (announced closure, policy decision), if it was.
    :param closed_on: when it shut down, if it did.
    :param sources: where the limits and dates come from (URLs or document references).
    :param notes: a short explanation, e.g. of the dates.
    :param post_url: the public address of a published post, as a template (``{handle}``,
        ``{user}``, ``{instance}``, ``{remote_id}``, ``{record_key}``; see
        :func:`govsm.channels.addresses.post_address`), when the network has a stable public form.
    :param reply_url: the same for a published reply, when the network gives replies one.
    :param refuses_duplicates: whether the network refuses (or hides as spam) a post whose text
        repeats one the profile published recently, so that a repeat needs a text variant
        (:mod:`govsm.calendar.repeat`).
    """

    id: str = field(validator=v.slug)
    name: str = field(validator=v.nonempty_text)
    names: Mapping[str, str] = field(factory=dict, validator=_names, hash=False)
    status: ChannelStatus = ChannelStatus.ACTIVE
    counting: TextCounting = TextCounting.CODE_POINTS
    limits: ChannelLimits = field(factory=ChannelLimits)
    text_rules: TextRules = field(factory=TextRules)
    capabilities: tuple[Capability, ...] = ()
    homepage: str | None = field(default=None, validator=v.url)
    deprecated_on: date | None = None
    closed_on: date | None = None
    sources: tuple[str, ...] = field(default=(), validator=v.texts)
    notes: str | None = field(default=None, validator=v.optional_text)
    post_url: str | None = field(default=None, validator=_url_template)
    reply_url: str | None = field(default=None, validator=_url_template)
    refuses_duplicates: bool = False

    def __attrs_post_init__(self) -> None:
        if self.status is ChannelStatus.CLOSED and self.closed_on is None:
            raise ModelError(
                f"el canal «{self.id}» está cerrado pero no dice desde cuándo (closed_on)",
                f"channel '{self.id}' is closed but does not say since when (closed_on)",
            )
        if self.status is ChannelStatus.ACTIVE and (self.closed_on or self.deprecated_on):
            raise ModelError(
                f"el canal «{self.id}» está activo pero tiene fecha de cierre o de abandono",
                f"channel '{self.id}' is active but has a closing or deprecation date",
            )

    def usable_on(self, day: date) -> bool:
        """Whether one can still publish on the network on ``day``."""
        return self.closed_on is None or day < self.closed_on

    def display_name(self, language: str) -> str:
        """The network's name for a reader of ``language`` (a BCP 47 tag).

        The name given for ``language`` itself, else one given for the same primary language
        (``ca`` serves ``ca-valencia`` and the other way round), else :attr:`name`.

        >>> blog = Channel(id="blog", name="Corporate blog", names={"es": "Blog corporativo"})
        >>> blog.display_name("es"), blog.display_name("en"), blog.display_name("es-ES")
        ('Blog corporativo', 'Corporate blog', 'Blog corporativo')
        """
        if language in self.names:
            return self.names[language]
        primary = language.split("-")[0]
        for tag, name in self.names.items():
            if tag.split("-")[0] == primary:
                return name
        return self.name
