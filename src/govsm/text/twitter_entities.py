"""X's entities: URLs, mentions, hashtags and cashtags, as twitter-text 3.1.0 extracts them.

twitter-text's ``extractEntitiesWithIndices`` and the extractors it combines
(``extractUrlsWithIndices``, ``extractMentionsOrListsWithIndices``, ``extractHashtagsWithIndices``,
``extractCashtagsWithIndices``), ported line by line, quirks included. Their regular expressions
(:mod:`govsm.text.twitter_patterns`) run over the text as UTF-16 code units
(:mod:`govsm.text.utf16`), as JavaScript runs them; offsets come back as code points.
:mod:`govsm.text.twitter` registers :func:`extract_entities` for the syntaxes :data:`SYNTAX` and
:data:`REFERENCE_SYNTAX`.

>>> [(e.kind.value, e.value) for e in extract_entities("Bon dia @soldeneu #Festes2025")]
[('mention', 'soldeneu'), ('hashtag', 'Festes2025')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Final

from govsm.model import Channel
from govsm.spec.entities import Entity, EntityKind
from govsm.text import _twitter_data as _data
from govsm.text.twitter_patterns import compiled
from govsm.text.utf16 import CodeUnits, from_units, units_of

#: entity syntax of X: twitter-text's entities, emoji counted as current X clients count them
SYNTAX: Final = "twitter-text"
#: entity syntax that reproduces the npm package twitter-text 3.1.0 exactly, emoji included
REFERENCE_SYNTAX: Final = f"twitter-text-{_data.TWITTER_TEXT_VERSION}"

_MAX_URL_LENGTH: Final = 4096
_MAX_TCO_SLUG_LENGTH: Final = 40
_MAX_DOMAIN_LABEL_LENGTH: Final = 63
_DEFAULT_PROTOCOL: Final = "https://"

_HASH_SIGN: Final = re.compile("[#\uff03]")
_AT_SIGN: Final = re.compile("[@\uff20]")

_Raw = tuple[EntityKind, int, int, str]  # kind, start, end (UTF-16), value (code units)


def _punycode_length(label: str) -> int:
    """Length of ``punycode.toASCII(label)`` (Node's punycode 2.1, which twitter-text uses)."""
    parts = label.split("@")
    prefix = ""
    if len(parts) > 1:
        prefix, label = parts[0] + "@", parts[1]
    pieces = re.sub("[.\u3002\uff0e\uff61]", ".", label).split(".")
    encoded = [
        "xn--" + piece.encode("punycode").decode("ascii") if not piece.isascii() else piece
        for piece in pieces
    ]
    return len(prefix) + len(".".join(encoded))


def _domain_to_ascii_ok(domain: str) -> bool:
    """twitter-text's ``idna.toAscii(domain)`` succeeds (it returns the domain unchanged)."""
    if domain.startswith("xn--") and compiled().valid_ascii_domain.search(domain) is None:
        return False
    if domain.isascii() and "@" not in domain:
        # no label to encode: punycode leaves ASCII as it is
        return all(1 <= len(label) <= _MAX_DOMAIN_LABEL_LENGTH for label in domain.split("."))
    for label in domain.split("."):
        length = _punycode_length(from_units(label))
        if length < 1 or length > _MAX_DOMAIN_LABEL_LENGTH:
            return False
    return True


def _is_valid_url(url: str, protocol: str, domain: str) -> bool:
    # idna.toAscii returns the labels joined again, so the length stays that of `url`
    return _domain_to_ascii_ok(domain) and len(protocol) + len(url) <= _MAX_URL_LENGTH


def _url_matches(units: str) -> Iterator[re.Match[str]]:
    """The matches of twitter-text's ``extractUrl``, left to right, as ``exec`` finds them.

    A URL holds a dot and no space, so the pattern is only tried on the words (runs without
    twitter-text's spaces) that hold a dot, and the character before each, which the pattern
    takes as the URL's ``before``. That finds what ``finditer`` would, much faster on prose.
    The word is found from its first dot, back to the space before it (or ``position``).
    """
    patterns = compiled()
    position = 0
    while (dot := units.find(".", position)) >= 0:
        spaced = patterns.through_last_space.match(units, position, dot)
        word = position if spaced is None else spaced.end()
        space = patterns.space.search(units, dot)
        stop = len(units) if space is None else space.end()
        if "://" not in units[word:stop] and not patterns.tld_hint.search(units, word, stop):
            # no known top-level domain after a dot, no scheme: no URL here; skipping spares
            # the URL pattern's quadratic search on long dotted runs ("a.a.a.a…")
            if space is None:
                return
            position = space.start()
            continue
        match = patterns.extract_url.search(units, max(position, word - 1), stop)
        if match is not None:
            yield match
            position = match.end()
        elif space is None:
            return
        else:
            position = space.start()  # the space may be the next URL's `before`


@lru_cache(maxsize=256)
def extract_urls(units: str) -> tuple[tuple[str, int, int], ...]:
    """twitter-text's ``extractUrlsWithIndices(text)``: (url, start, end) in UTF-16 units."""
    if not units or "." not in units:
        return ()
    patterns = compiled()
    urls: list[tuple[str, int, int]] = []
    for match in _url_matches(units):
        before = match.group(2) or ""
        url = match.group(3)
        protocol = match.group(4)
        domain = match.group(5)
        path = match.group(7)
        end = match.end()
        start = end - len(url)
        if not _is_valid_url(url, protocol or _DEFAULT_PROTOCOL, domain):
            continue
        if protocol:
            tco = patterns.valid_tco_url.match(url)
            if tco is not None:
                # a t.co link takes no further path characters
                slug = tco.group(1)
                if slug and len(slug) > _MAX_TCO_SLUG_LENGTH:
                    continue
                url = tco.group()
                end = start + len(url)
            urls.append((url, start, end))
            continue
        # without a protocol: only the ASCII domains in it, and not after - _ . /
        if before and before[-1] in "-_./":
            continue
        found = len(urls)
        ascii_end = 0
        for ascii_match in patterns.valid_ascii_domain.finditer(domain):
            ascii_domain = ascii_match.group()
            # twitter-text looks the match up again with indexOf: keep its quirk
            ascii_start = domain.find(ascii_domain, ascii_end)
            ascii_end = ascii_start + len(ascii_domain)
            urls.append((ascii_domain, start + ascii_start, start + ascii_end))
        if len(urls) > found and path:
            # the last ASCII domain takes the path and query
            ascii_domain, ascii_start, _ = urls[-1]
            urls[-1] = (url.replace(domain, ascii_domain, 1), ascii_start, end)
    return tuple(urls)


def _mention_matches(units: str) -> Iterator[re.Match[str]]:
    """The matches of twitter-text's ``validMentionOrList``, as ``finditer`` finds them.

    A match begins with what precedes the at sign: nothing (at the start), one code unit, or one
    and ``RT`` and a colon (``xRT:@``); so it is only tried up to four units before each at sign.
    """
    pattern = compiled().valid_mention_or_list
    position = 0
    while (sign := _AT_SIGN.search(units, position)) is not None:
        for start in range(max(position, sign.start() - 4), sign.start() + 1):
            match = pattern.match(units, start)
            if match is not None:
                yield match
                position = match.end()
                break
        else:
            position = sign.start() + 1


def _extract_mentions(units: str) -> list[_Raw]:
    if "@" not in units and "\uff20" not in units:
        return []
    patterns = compiled()
    found: list[_Raw] = []
    for match in _mention_matches(units):
        if patterns.end_mention_match.match(units, match.end()):
            continue
        screen_name = match.group(3)
        list_slug = match.group(4) or ""
        start = match.start() + len(match.group(1))
        end = start + len(screen_name) + len(list_slug) + 1
        found.append((EntityKind.MENTION, start, end, screen_name + list_slug))
    return found


def _hashtag_matches(units: str) -> Iterator[re.Match[str]]:
    """The matches of twitter-text's ``validHashtag``, as ``finditer`` finds them.

    A match begins with what precedes the hash sign: nothing (at the start), one code unit or a
    surrogate pair; so it is only tried up to two units before each hash sign.
    """
    pattern = compiled().valid_hashtag
    position = 0
    while (sign := _HASH_SIGN.search(units, position)) is not None:
        for start in range(max(position, sign.start() - 2), sign.start() + 1):
            match = pattern.match(units, start)
            if match is not None:
                yield match
                position = match.end()
                break
        else:
            position = sign.start() + 1


def _extract_hashtags(units: str) -> list[_Raw]:
    if "#" not in units and "\uff03" not in units:
        return []
    patterns = compiled()
    found: list[_Raw] = []
    for match in _hashtag_matches(units):
        if patterns.end_hashtag_match.match(units, match.end()):
            continue
        tag = match.group(3)
        start = match.start() + len(match.group(1))
        found.append((EntityKind.HASHTAG, start, start + len(tag) + 1, tag))
    return found


def _extract_cashtags(units: str) -> list[_Raw]:
    if "$" not in units:
        return []
    found: list[_Raw] = []
    for match in compiled().valid_cashtag.finditer(units):
        tag = match.group(3)
        start = match.start() + len(match.group(1))
        found.append((EntityKind.CASHTAG, start, start + len(tag) + 1, tag))
    return found


def _remove_overlapping(entities: list[_Raw]) -> list[_Raw]:
    """twitter-text's ``removeOverlappingEntities``: by start (stable), drop what overlaps."""
    entities.sort(key=lambda entity: entity[1])
    kept = entities[:1]
    for entity in entities[1:]:
        if kept[-1][2] <= entity[1]:
            kept.append(entity)
    return kept


def _entities_in_units(units: str) -> list[_Raw]:
    """twitter-text's ``extractEntitiesWithIndices`` (UTF-16 offsets, values as code units)."""
    if not units:
        return []
    entities: list[_Raw] = [
        (EntityKind.URL, start, end, url) for url, start, end in extract_urls(units)
    ]
    entities += _extract_mentions(units)
    entities += _extract_hashtags(units)  # checkUrlOverlap false: the next line does it
    entities += _extract_cashtags(units)
    return _remove_overlapping(entities) if entities else []


def extract_entities(text: str, channel: Channel | None = None) -> tuple[Entity, ...]:
    """URLs, mentions, hashtags and cashtags of ``text``, as twitter-text 3.1.0 extracts them.

    This is ``extractEntitiesWithIndices`` on the text as given (not normalised), with its
    offsets turned into code points (UTF-16 units and UTF-8 bytes too). The value of a mention is
    the screen name without ``@`` (``user/list`` for a list), of a hashtag or cashtag the text
    without ``#`` or ``$``, of a URL the URL as written.

    :param text: the text as written.
    :param channel: unused: every X-like channel extracts the same way (the registry passes it).

    >>> [(e.kind.value, e.value, e.start, e.utf16_start) for e in extract_entities("🎉 @soldeneu")]
    [('mention', 'soldeneu', 2, 3)]
    """
    units = units_of(text)
    return _to_entities(units, _entities_in_units(units.units))


def _to_entities(units: CodeUnits, raw: list[_Raw]) -> tuple[Entity, ...]:
    """The entities of ``raw`` (in order, not overlapping), their offsets in every unit.

    The UTF-16 offsets are the ones found; the code point ones come from them, and the UTF-8 ones
    are counted on the text between, in one pass.
    """
    if not raw:
        return ()
    text = units.text
    plain = units.plain  # code points are UTF-16 units
    ascii_text = plain and text.isascii()  # and UTF-8 bytes too
    found: list[Entity] = []
    position = size = 0  # a code point offset, and the UTF-8 size of the text before it
    for kind, start, end, value in raw:
        first, last = (start, end) if plain else (units.code_point(start), units.code_point(end))
        written = text[first:last]
        if ascii_text:
            utf8_start, utf8_end = first, last
        else:
            if first < position:  # not in order after all: count from the start
                position = size = 0
            utf8_start = size + len(text[position:first].encode("utf-8", "surrogatepass"))
            utf8_end = utf8_start + len(written.encode("utf-8", "surrogatepass"))
            position, size = last, utf8_end
        found.append(
            Entity(
                kind=kind,
                text=written,
                value=value if plain else from_units(value),
                start=first,
                end=last,
                utf16_start=start,
                utf16_end=end,
                utf8_start=utf8_start,
                utf8_end=utf8_end,
            )
        )
    return tuple(found)


def extract_kind(text: str, kind: EntityKind) -> tuple[Entity, ...]:
    """One kind of entity, as twitter-text's extractor of that kind alone finds it.

    ``extractUrlsWithIndices``, ``extractMentionsOrListsWithIndices``,
    ``extractHashtagsWithIndices`` (which drops hashtags overlapping a URL) or
    ``extractCashtagsWithIndices``: what :func:`extract_entities` combines, before it drops the
    entities that overlap one of another kind.

    >>> [e.value for e in extract_kind("#a $B @c", EntityKind.CASHTAG)]
    ['B']
    """
    units = units_of(text)
    raw: list[_Raw]
    if kind is EntityKind.URL:
        raw = [(EntityKind.URL, start, end, url) for url, start, end in extract_urls(units.units)]
    elif kind is EntityKind.MENTION:
        raw = _extract_mentions(units.units)
    elif kind is EntityKind.CASHTAG:
        raw = _extract_cashtags(units.units)
    else:
        raw = _extract_hashtags(units.units)
        urls = extract_urls(units.units)
        if raw and urls:
            both = raw + [(EntityKind.URL, start, end, url) for url, start, end in urls]
            raw = [entity for entity in _remove_overlapping(both) if entity[0] is kind]
    return _to_entities(units, raw)
