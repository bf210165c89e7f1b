"""Counting in plain units, and the entity syntax most networks share.

This module registers, in ``govsm.text.registry``:

* the counters for :class:`~govsm.model.TextCounting` ``CODE_POINTS``, ``GRAPHEMES``,
  ``UTF16_UNITS`` and ``UTF8_BYTES``. Each one counts the *countable text*: the text with every
  URL written as :attr:`~govsm.model.TextRules.url_length` units (only the URLs written with
  ``http://`` or ``https://`` when :attr:`~govsm.model.TextRules.urls_need_scheme`), every
  ``@user@domain`` mention as ``@user`` when
  :attr:`~govsm.model.TextRules.remote_mention_local_only`, the content warning in front when
  :attr:`~govsm.model.TextRules.content_warning_counts`, normalised as
  :attr:`~govsm.model.TextRules.normalization` says. A network whose server goes further (Mastodon
  strips surrounding whitespace; Threads counts each emoji as its UTF-8 bytes) registers its own
  :data:`CountableText` for its entity syntax with :func:`register_countable_text`.
* the ``generic`` extractor, the syntax of Facebook, Instagram, LinkedIn, YouTube, Telegram, Flickr
  and blog posts: ``http(s)://`` URLs, ``@handle`` and ``@user@domain`` mentions, ``#hashtags``
  written in any script (at least one letter; digits, ``_``, and ``·`` or a zero-width joiner
  between letters). None of these networks publishes its own extraction rules; this is govsm's
  reading of what they link, good enough for rules about hashtags and links.
* the ``threads`` extractor: the generic one, for the channel whose counting is Threads' (every
  emoji counts as its size in UTF-8 bytes, `Threads API, Posts
  <https://developers.facebook.com/documentation/threads/posts>`_).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

import regex

from govsm.model import Channel, TextCounting
from govsm.spec.entities import Entity, EntityKind
from govsm.text import registry
from govsm.text.offsets import OffsetMap
from govsm.text.segmentation import grapheme_count

__all__ = [
    "CountableText",
    "countable_builder",
    "countable_text",
    "emoji_as_utf8_bytes",
    "extract",
    "register_countable_text",
    "remove_overlapping",
    "rewrite",
    "threads_countable",
]

#: Builds the text a network counts from the text as given, its entities, the channel and the
#: content warning (see :func:`countable_text`).
CountableText = Callable[[str, tuple[Entity, ...], Channel, "str | None"], str]

_COUNTABLE: dict[str, CountableText] = {}

_SCHEME = regex.compile(r"https?://", regex.IGNORECASE)


def register_countable_text(syntax: str, countable: CountableText) -> None:
    """Make ``countable`` build the countable text of channels whose entity syntax is ``syntax``.

    The counters of this module count what it returns instead of :func:`countable_text`'s result.
    """
    _COUNTABLE[syntax] = countable


def rewrite(text: str, replacements: Iterable[tuple[int, int, str]]) -> str:
    """Replace ``text[start:end]`` by each replacement (sorted, non-overlapping spans).

    >>> rewrite("hola @ana@xarxa.example", [(5, 23, "@ana")])
    'hola @ana'
    """
    pieces: list[str] = []
    last = 0
    for start, end, replacement in replacements:
        pieces.append(text[last:start])
        pieces.append(replacement)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def entity_replacements(
    entities: Iterable[Entity], channel: Channel
) -> Iterable[tuple[int, int, str]]:
    """The spans :attr:`~govsm.model.TextRules` says count as something else, and what.

    URLs become ``url_length`` ``x`` characters (as Mastodon's server does), remote mentions
    become ``@user``; other entities count as written.
    """
    rules = channel.text_rules
    for entity in entities:
        if entity.kind is EntityKind.URL and rules.url_length is not None:
            if not rules.urls_need_scheme or _SCHEME.match(entity.text):
                yield entity.start, entity.end, "x" * rules.url_length
        elif (
            entity.kind is EntityKind.MENTION
            and rules.remote_mention_local_only
            and "@" in entity.value
        ):
            yield entity.start, entity.end, "@" + entity.value.split("@", 1)[0]


def countable_text(
    text: str, entities: tuple[Entity, ...], channel: Channel, content_warning: str | None
) -> str:
    """The text as the channel's :class:`~govsm.model.TextRules` say the network counts it.

    ``entities`` are the text's entities (sorted, non-overlapping), as the channel's extractor
    found them.

    :param text: the text as given.
    :param channel: the channel, whose text rules apply.
    :param content_warning: the content warning, put in front when the network counts it.
    """
    rules = channel.text_rules
    body = rewrite(text, entity_replacements(entities, channel))
    if content_warning and rules.content_warning_counts:
        body = content_warning + body
    if rules.normalization:
        body = unicodedata.normalize(rules.normalization, body)  # type: ignore[arg-type]
    return body


def countable_builder(syntax: str) -> CountableText:
    """What builds the countable text of channels with entity syntax ``syntax``.

    The one registered with :func:`register_countable_text`, or :func:`countable_text`.
    """
    return _COUNTABLE.get(syntax, countable_text)


def _countable(
    text: str, entities: tuple[Entity, ...], channel: Channel, content_warning: str | None
) -> str:
    build = _COUNTABLE.get(channel.text_rules.entity_syntax, countable_text)
    return build(text, entities, channel, content_warning)


def count_code_points(
    text: str, entities: tuple[Entity, ...], channel: Channel, content_warning: str | None
) -> int:
    """Length in Unicode code points (Python ``len``) of the countable text."""
    return len(_countable(text, entities, channel, content_warning))


def count_graphemes(
    text: str, entities: tuple[Entity, ...], channel: Channel, content_warning: str | None
) -> int:
    """Length in extended grapheme clusters (UAX #29) of the countable text."""
    return grapheme_count(_countable(text, entities, channel, content_warning))


def count_utf16_units(
    text: str, entities: tuple[Entity, ...], channel: Channel, content_warning: str | None
) -> int:
    """Length in UTF-16 code units (JavaScript ``length``) of the countable text."""
    body = _countable(text, entities, channel, content_warning)
    return len(body.encode("utf-16-le", "surrogatepass")) // 2


def count_utf8_bytes(
    text: str, entities: tuple[Entity, ...], channel: Channel, content_warning: str | None
) -> int:
    """Size in UTF-8 bytes of the countable text (a lone surrogate counts 3, as U+FFFD would)."""
    return len(
        _countable(text, entities, channel, content_warning).encode("utf-8", "surrogatepass")
    )


# -- the generic entity syntax -------------------------------------------------------------------

#: characters after which a URL, mention or hashtag cannot start (it would be inside a word)
_WORDISH = r"\p{L}\p{M}\p{N}_"

_URL = regex.compile(
    rf"(?<![{_WORDISH}@/])(?i:https?)://[^\s<>\"\u00ab\u00bb\u201c\u201d]+", regex.VERSION0
)
#: trailing characters that belong to the sentence, not to the URL
_URL_TRAILING = ".,;:!?'\"’”»…)]}*"
_CLOSERS = {")": "(", "]": "[", "}": "{"}

_LABEL = r"[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?"
_MENTION = regex.compile(
    rf"(?<![{_WORDISH}@.+\-/])@"
    r"(?P<user>[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)"
    rf"(?:@(?P<domain>(?:{_LABEL}\.)+{_LABEL}))?"
    rf"(?![{_WORDISH}@])",
    regex.VERSION0,
)
_HASHTAG = regex.compile(
    rf"(?<![{_WORDISH}&#＃/@])[#＃]"
    rf"(?P<tag>(?:[{_WORDISH}]|[\u00b7\u200c\u200d](?=[{_WORDISH}]))+)",
    regex.VERSION0,
)
_LETTER = regex.compile(r"[\p{L}\p{M}]")


def _trim_url(url: str) -> str:
    while url and url[-1] in _URL_TRAILING:
        opener = _CLOSERS.get(url[-1])
        if opener is not None and url.count(opener) >= url.count(url[-1]):
            break
        url = url[:-1]
    return url


def remove_overlapping(entities: Iterable[Entity]) -> tuple[Entity, ...]:
    """Sort by start and drop each entity that overlaps one kept before it (twitter-text's rule)."""
    kept: list[Entity] = []
    for entity in sorted(entities, key=lambda e: e.start):
        if kept and entity.start < kept[-1].end:
            continue
        kept.append(entity)
    return tuple(kept)


def extract(text: str, channel: Channel | None = None) -> tuple[Entity, ...]:
    """The ``generic`` entities of ``text``: URLs with scheme, mentions and hashtags.

    :param text: the text as given.
    :param channel: unused (the generic syntax has no per-channel settings); accepted so that
        this is an extractor of ``govsm.text.registry``.

    >>> [e.text for e in extract("Fira de Soldeneu #FiraSoldeneu @ajuntament@xarxa.example "
    ...                          "https://soldeneu.example/fira.")]
    ['#FiraSoldeneu', '@ajuntament@xarxa.example', 'https://soldeneu.example/fira']
    """
    if not any(c in text for c in "@#＃:"):
        return ()
    offsets: OffsetMap | None = None
    found: list[tuple[EntityKind, int, int, str]] = []
    for match in _URL.finditer(text):
        url = _trim_url(match.group())
        if len(url) > len(match.group().split("://", 1)[0]) + 3:
            found.append((EntityKind.URL, match.start(), match.start() + len(url), url))
    if "@" in text:
        for match in _MENTION.finditer(text):
            value = match["user"] + (f"@{match['domain']}" if match["domain"] else "")
            found.append((EntityKind.MENTION, match.start(), match.end(), value))
    if "#" in text or "＃" in text:
        for match in _HASHTAG.finditer(text):
            if _LETTER.search(match["tag"]):
                found.append((EntityKind.HASHTAG, match.start(), match.end(), match["tag"]))
    if not found:
        return ()
    offsets = OffsetMap(text)
    return remove_overlapping(
        offsets.entity(kind, text[start:end], value, start, end)
        for kind, start, end, value in found
    )


def _extract(text: str, channel: Channel) -> tuple[Entity, ...]:
    return extract(text, channel)


# -- Threads: every emoji counts as its size in UTF-8 bytes --------------------------------------

#: a grapheme cluster that is an emoji: one with emoji presentation, a variation selector 16, a
#: keycap, regional indicators (flags) or a ZWJ sequence of pictographs
_EMOJI_CLUSTER = regex.compile(
    r"\p{Emoji_Presentation}|\ufe0f|\u20e3|\p{Regional_Indicator}"
    r"|\p{Extended_Pictographic}\u200d\p{Extended_Pictographic}"
)
_MAYBE_EMOJI = regex.compile(r"[\u00a9-\U0010ffff]")
_GRAPHEME = regex.compile(r"\X")


def emoji_as_utf8_bytes(text: str) -> str:
    """``text`` with each emoji replaced by as many ``x`` as its UTF-8 bytes (Threads' counting).

    >>> len(emoji_as_utf8_bytes("Bon dia 👋")), len(emoji_as_utf8_bytes("Bon dia ❤️"))
    (12, 14)
    """
    if not _MAYBE_EMOJI.search(text):
        return text
    pieces: list[str] = []
    for cluster in _GRAPHEME.findall(text):
        if _EMOJI_CLUSTER.search(cluster):
            pieces.append("x" * len(cluster.encode("utf-8", "surrogatepass")))
        else:
            pieces.append(cluster)
    return "".join(pieces)


def threads_countable(
    text: str, entities: tuple[Entity, ...], channel: Channel, content_warning: str | None
) -> str:
    """Threads' countable text: :func:`countable_text`, each emoji as its UTF-8 bytes."""
    return emoji_as_utf8_bytes(countable_text(text, entities, channel, content_warning))


registry.register_counter(TextCounting.CODE_POINTS, count_code_points)
registry.register_counter(TextCounting.GRAPHEMES, count_graphemes)
registry.register_counter(TextCounting.UTF16_UNITS, count_utf16_units)
registry.register_counter(TextCounting.UTF8_BYTES, count_utf8_bytes)
registry.register_extractor("generic", _extract)
registry.register_extractor("threads", _extract)
register_countable_text("threads", threads_countable)
