"""Mastodon: its server's entity rules and length validation, and an instance's own limits.

What Mastodon 4.6 counts (``StatusLengthValidator``, ``Status#prepare_contents``,
``Extractor``, ``Account::MENTION_RE``, ``Tag::Naming::HASHTAG_RE``; see
:doc:`/reference/text-networks`):

* the text and the content warning lose their leading and trailing ASCII whitespace (Ruby's
  ``strip``); a text of nothing but whitespace counts as empty;
* every URL *with* ``http://`` or ``https://`` that twitter-text's URL extraction finds counts as
  ``characters_reserved_per_url`` (23) characters; a bare ``soldeneu.es`` counts as written;
* every mention counts as ``@user``, without its ``@domain``;
* the content warning counts, put in front of the text; the unit is the grapheme cluster;
* the limit, ``max_characters``, is the instance's: 500 on a stock server
  (:func:`instance_limits` reads it from ``/api/v2/instance``).

The ``mastodon`` extractor reports what Mastodon links: URLs with scheme, mentions
(``@user`` and ``@user@domain``) and hashtags; the ``xmpp:`` and ``magnet:`` links Mastodon also
makes are neither reported nor shortened when counting.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Final

import attrs
import regex

from govsm.channels.catalogue import CHANNELS
from govsm.errors import ConfigError
from govsm.model import Channel
from govsm.spec.entities import Entity, EntityKind
from govsm.text import registry
from govsm.text.generic import register_countable_text, remove_overlapping, rewrite
from govsm.text.offsets import OffsetMap
from govsm.text.twitter_entities import extract_kind

__all__ = ["STRIP", "count_text", "extract", "instance_limits", "shortened"]

# Ruby's [[:word:]] and [[:alpha:]] on Unicode strings (Onigmo: Alphabetic, Mark, Decimal_Number,
# Connector_Punctuation; and Alphabetic)
_WORD = r"\p{Alphabetic}\p{M}\p{Nd}\p{Pc}"
_ALPHA = r"\p{Alphabetic}"

# Account::USERNAME_RE and MENTION_RE
_USERNAME = r"(?i:[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)"
_MENTION = regex.compile(
    rf"(?<![=/{_WORD}])@({_USERNAME}(?:@[{_WORD}]+(?:[.-]+[{_WORD}]+)*)?)", regex.VERSION0
)
#: twitter-text's :end_mention_match: a mention followed by one of these is no mention
_LATIN_ACCENTS = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b"
    "\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_END_MENTION = regex.compile(rf"[@＠{_LATIN_ACCENTS}]|://")
#: Extractor::MAX_DOMAIN_LENGTH
_MAX_DOMAIN_LENGTH = 253

# Tag::Naming (Mastodon 4.6): HASHTAG_RE
_SEPARATORS = "_\u00b7\u30fb\u200c"
_FIRST = (
    rf"[{_WORD}_][{_WORD}{_SEPARATORS}]*[{_ALPHA}{_SEPARATORS}]"
    rf"[{_WORD}{_SEPARATORS}]*[{_WORD}_]"
)
_LAST = rf"[{_WORD}_]*[{_ALPHA}][{_WORD}_]*"
_HASHTAG = regex.compile(
    rf"(?<=^|[\p{{White_Space}}])[#＃]({_FIRST}|{_LAST})", regex.MULTILINE | regex.VERSION0
)
_HTTP_TAIL = regex.compile(r"(.+)(https?)\Z", regex.DOTALL)

#: what Ruby's String#strip strips: NUL, tab, line feed, vertical tab, form feed, carriage
#: return, space
STRIP: Final = "\x00\t\n\x0b\x0c\r "
#: Rails' String#blank?: nothing but [[:space:]]
_BLANK = regex.compile(r"[\p{White_Space}]*\Z")
_SCHEME = regex.compile(r"https?://", regex.IGNORECASE)

_Span = tuple[EntityKind, int, int, str]


def _twitter_urls(text: str) -> list[_Span]:
    """URLs written with a scheme, as twitter-text's ``extractUrlsWithIndices`` finds them.

    Mastodon's server extracts URLs with the twitter-text gem (``extract_url_without_protocol:
    false``), so govsm's twitter-text module, checked against twitter-text's conformance suite,
    finds them here.
    """
    if "://" not in text:
        return []
    return [
        (EntityKind.URL, e.start, e.end, e.value)
        for e in extract_kind(text, EntityKind.URL)
        if _SCHEME.match(e.text)
    ]


def _mentions(text: str) -> list[_Span]:
    """Extractor.extract_mentions_or_lists_with_indices."""
    if "@" not in text and "＠" not in text:
        return []
    found: list[_Span] = []
    for match in _MENTION.finditer(text):
        if _END_MENTION.match(text, match.end()):
            continue
        _, _, domain = match[1].partition("@")
        if len(domain) > _MAX_DOMAIN_LENGTH:
            continue
        found.append((EntityKind.MENTION, match.start(), match.end(), match[1]))
    return found


def _hashtags(text: str) -> list[_Span]:
    """Extractor.extract_hashtags_with_indices (a tag right before ``://`` loses ``http(s)``)."""
    if "#" not in text and "＃" not in text:
        return []
    found: list[_Span] = []
    for match in _HASHTAG.finditer(text):
        name, end = match[1], match.end()
        if text.startswith("://", end):
            tail = _HTTP_TAIL.match(name)
            if tail is not None:
                name, end = tail[1], end - len(tail[2])
        found.append((EntityKind.HASHTAG, match.start(), end, name))
    return found


def _entities(text: str, spans: list[_Span]) -> tuple[Entity, ...]:
    if not spans:
        return ()
    offsets = OffsetMap(text)
    return remove_overlapping(
        offsets.entity(kind, text[start:end], value, start, end)
        for kind, start, end, value in spans
    )


@lru_cache(maxsize=64)
def _scan(text: str) -> tuple[tuple[Entity, ...], tuple[Entity, ...]]:
    """What the formatter links, and what the length validator shortens (URLs and mentions)."""
    urls = _twitter_urls(text)
    mentions = _mentions(text)
    linked = _entities(text, urls + _hashtags(text) + mentions)
    counted = _entities(text, urls + mentions)
    return linked, counted


def extract(text: str, channel: Channel | None = None) -> tuple[Entity, ...]:
    """What Mastodon links in ``text``: URLs with scheme, mentions and hashtags.

    Each URL's value is the URL; a mention's, ``user`` or ``user@domain``; a hashtag's, its name.

    :param text: the text as given.
    :param channel: unused (every Mastodon server links the same way); accepted so that this is
        an extractor of ``govsm.text.registry``.
    """
    return _scan(text)[0]


def count_text(
    text: str,
    entities: tuple[Entity, ...],
    channel: Channel,
    content_warning: str | None,
) -> str:
    """The text Mastodon's ``StatusLengthValidator`` measures: stripped, URLs and mentions short.

    ``entities`` (what the formatter links) are not used: the validator looks at URLs and
    mentions only, so it can keep one that the formatter gives up for an overlapping hashtag;
    they are found again here.

    :param text: the text as given.
    :param channel: its :class:`~govsm.model.TextRules` say how long a URL counts and whether the
        content warning and a mention's domain count.
    :param content_warning: the content warning (``spoiler_text``), stripped too.
    """
    rules = channel.text_rules
    body = shortened(text, channel).strip(STRIP)
    if _BLANK.match(body):
        body = ""
    if content_warning and rules.content_warning_counts:
        body = content_warning.strip(STRIP) + body
    return body


def shortened(text: str, channel: Channel) -> str:
    """``text`` with its URLs and mentions as the validator counts them, nothing stripped.

    What :func:`count_text` strips (of :data:`STRIP`) and counts, content warning aside.
    """
    return rewrite(
        text,
        (
            (entity.start, entity.end, replacement)
            for entity in _scan(text)[1]
            if (replacement := _short(entity, channel)) is not None
        ),
    )


def _short(entity: Entity, channel: Channel) -> str | None:
    rules = channel.text_rules
    if entity.kind is EntityKind.URL:
        return None if rules.url_length is None else "x" * rules.url_length
    if rules.remote_mention_local_only:
        return "@" + entity.value.split("@", 1)[0]
    return None


def _builtin() -> Channel:
    return next(channel for channel in CHANNELS if channel.id == "mastodon")


def _number(document: Mapping[str, Any], path: tuple[str, ...], *, required: bool) -> int | None:
    """The positive integer at ``path``, or ``None`` when optional and absent."""
    where = ".".join(path)
    node: Any = document
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            if not required:
                return None
            raise ConfigError(
                f"el documento de la instancia no tiene «{where}»: ¿es la respuesta de "
                "/api/v2/instance (o /api/v1/instance) de un servidor Mastodon?",
                f"the instance document has no '{where}': is it the answer of /api/v2/instance "
                "(or /api/v1/instance) of a Mastodon server?",
                where=where,
            )
        node = node[key]
    if isinstance(node, bool) or not isinstance(node, int) or node <= 0:
        raise ConfigError(
            f"«{where}» debe ser un entero positivo, no {node!r}",
            f"'{where}' must be a positive integer, not {node!r}",
            where=where,
        )
    return node


def instance_limits(instance_json: Mapping[str, Any], base: Channel | None = None) -> Channel:
    """The ``mastodon`` channel with the limits one instance publishes.

    Reads ``configuration.statuses.max_characters`` (required) and, when present,
    ``characters_reserved_per_url``, ``max_media_attachments`` and
    ``configuration.media_attachments.description_limit`` from the JSON of the instance's
    ``/api/v2/instance`` (or ``/api/v1/instance``) endpoint; servers that only publish the older
    top-level ``max_toot_chars`` (Pleroma, Akkoma, glitch-soc) are read too.

    >>> channel = instance_limits({"domain": "xarxa.example",
    ...     "configuration": {"statuses": {"max_characters": 1000}}})
    >>> channel.limits.text, channel.limits.url_length
    (1000, 23)

    :param instance_json: the decoded JSON document.
    :param base: the channel to derive from (default: the built-in ``mastodon`` one).
    :returns: a copy of ``base`` whose limits and text rules are the instance's; pass it to
        ``govsm.text.measure``.
    :raises ConfigError: when the document is not a mapping, lacks the character limit, or holds
        something other than positive integers where the limits go.
    """
    if not isinstance(instance_json, Mapping):
        raise ConfigError(
            "el documento de la instancia debe ser un objeto JSON",
            "the instance document must be a JSON object",
        )
    base = base or _builtin()
    statuses = ("configuration", "statuses")
    has_statuses = isinstance(instance_json.get("configuration"), Mapping) and isinstance(
        instance_json["configuration"].get("statuses"), Mapping
    )
    if not has_statuses and "max_toot_chars" in instance_json:
        text = _number(instance_json, ("max_toot_chars",), required=True)
    else:
        text = _number(instance_json, (*statuses, "max_characters"), required=True)
    per_url = _number(instance_json, (*statuses, "characters_reserved_per_url"), required=False)
    media = _number(instance_json, (*statuses, "max_media_attachments"), required=False)
    alt_text = _number(
        instance_json, ("configuration", "media_attachments", "description_limit"), required=False
    )
    url_length = per_url or base.text_rules.url_length
    limits = attrs.evolve(
        base.limits,
        text=text,
        url_length=url_length,
        media=media or base.limits.media,
        alt_text=alt_text or base.limits.alt_text,
    )
    sources = base.sources
    domain = instance_json.get("domain") or instance_json.get("uri")
    if isinstance(domain, str) and domain:
        sources = (*sources, f"https://{domain.removeprefix('https://')}/api/v2/instance")
    return attrs.evolve(
        base,
        limits=limits,
        text_rules=attrs.evolve(base.text_rules, url_length=url_length),
        sources=sources,
    )


def _extract(text: str, channel: Channel) -> tuple[Entity, ...]:
    return _scan(text)[0]


registry.register_extractor("mastodon", _extract)
register_countable_text("mastodon", count_text)
