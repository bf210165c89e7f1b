"""twitter-text's conformance suite against :mod:`govsm.text.twitter`.

The suite is read where it lies, ``../shared/conformance/twitter-text`` (Apache License 2.0,
Copyright 2011 Twitter, Inc.; see the README and LICENSE files there), never copied into this
repository. Which section goes with which configuration is the README's (and the reference
runners') pairing.

Not run, on purpose:

* ``validate.yml`` ``tweets``: ``isValidTweetText`` with configuration v1, the **legacy
  140-character limit** (every code point weighs 1). Under v2/v3, which X uses since 2017, several
  of its "invalid" texts are valid, so it says nothing about X today.
* ``validate.yml`` ``usernames``, ``lists``, ``hashtags``, ``urls``, ``urls_without_protocol``:
  twitter-text's ``isValid*`` helpers for a single handle, tag or URL, which govsm does not offer.
* ``extract.yml`` ``replies``: ``extractReplies`` (the user a tweet answers), not an entity.
* ``autolink.yml`` and ``hit_highlighting.yml``: HTML output.
"""

from __future__ import annotations

import doctest
import itertools
import json
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
import yaml

from govsm.channels.catalogue import CHANNELS
from govsm.model import Channel, ChannelLimits, TextCounting, TextRules, WeightRange
from govsm.spec.entities import Entity, EntityKind
from govsm.text import twitter, twitter_emoji, twitter_entities, utf16


@cache
def _yaml(path: Path) -> dict[str, list[dict[str, Any]]]:
    with path.open(encoding="utf-8") as file:
        tests: dict[str, list[dict[str, Any]]] = yaml.safe_load(file)["tests"]
    return tests


def _cases(conformance: Path, name: str, section: str) -> list[dict[str, Any]]:
    return _yaml(conformance / "twitter-text" / "conformance" / name)[section]


def _config(conformance: Path, version: int) -> dict[str, Any]:
    path = conformance / "twitter-text" / "config" / f"v{version}.json"
    config: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return config


def channel_from_config(config: dict[str, Any], syntax: str) -> Channel:
    """A channel whose text rules are a twitter-text configuration file (config/vN.json)."""
    scale = config["scale"]
    return Channel(
        id="x",
        name="X (twitter-text configuration)",
        counting=TextCounting.TWITTER_TEXT_V3,
        limits=ChannelLimits(text=config["maxWeightedTweetLength"]),
        text_rules=TextRules(
            scale=scale,
            default_weight=config["defaultWeight"],
            ranges=tuple(WeightRange(r["start"], r["end"], r["weight"]) for r in config["ranges"]),
            url_length=config["transformedURLLength"],
            # twitter-text weighs an emoji as defaultWeight
            emoji_length=config["defaultWeight"] // scale
            if config.get("emojiParsingEnabled")
            else None,
            normalization="NFC",
            entity_syntax=syntax,
        ),
    )


def _parse(text: str, channel: Channel) -> dict[str, Any]:
    parsed = twitter.parse_tweet(text, channel)
    return {
        "weightedLength": parsed.weighted_length,
        "valid": parsed.valid,
        "permillage": parsed.permillage,
        "displayRangeStart": parsed.display_range_start,
        "displayRangeEnd": parsed.display_range_end,
        "validRangeStart": parsed.valid_range_start,
        "validRangeEnd": parsed.valid_range_end,
    }


def _failures(cases: list[dict[str, Any]], actual: Any) -> list[str]:
    failures = []
    for case in cases:
        got = actual(case["text"])
        if got != case["expected"]:
            failures.append(
                f"{case['description']}: {case['text']!r} → {got}, expected {case['expected']}"
            )
    return failures


# -- validate.yml: parseTweet ----------------------------------------------------------------------


@pytest.mark.parametrize("syntax", [twitter.REFERENCE_SYNTAX, twitter.SYNTAX])
def test_weighted_tweets_with_discounted_emoji_v3(conformance: Path, syntax: str) -> None:
    # both emoji readings agree here: every emoji in this section is one twemoji 11 knows
    channel = channel_from_config(_config(conformance, 3), syntax)
    cases = _cases(conformance, "validate.yml", "WeightedTweetsWithDiscountedEmojiCounterTest")
    assert len(cases) == 22
    assert _failures(cases, lambda text: _parse(text, channel)) == []


def test_unicode_directional_markers_default_config(conformance: Path) -> None:
    # the default configuration of every reference implementation is v3
    channel = channel_from_config(_config(conformance, 3), twitter.REFERENCE_SYNTAX)
    cases = _cases(conformance, "validate.yml", "UnicodeDirectionalMarkerCounterTest")
    assert len(cases) == 2
    assert _failures(cases, lambda text: _parse(text, channel)) == []


def test_weighted_tweets_v2(conformance: Path) -> None:
    # X's previous configuration (no emoji discount): the same code, other data
    channel = channel_from_config(_config(conformance, 2), twitter.REFERENCE_SYNTAX)
    assert channel.text_rules.emoji_length is None
    cases = _cases(conformance, "validate.yml", "WeightedTweetsCounterTest")
    assert len(cases) == 20
    assert _failures(cases, lambda text: _parse(text, channel)) == []


#: text rules that say how X shows and archives posts, not how twitter-text counts them
_NOT_COUNTED = frozenset({"reply_mentions_counted", "link_wrapper", "repost_prefix"})


def test_x_channel_is_configuration_v3(conformance: Path) -> None:
    """The X channel the catalogue declares carries twitter-text's configuration v3 as data."""
    x = next(channel for channel in CHANNELS if channel.id == "x")
    v3 = channel_from_config(_config(conformance, 3), twitter.SYNTAX)
    assert x.counting is TextCounting.TWITTER_TEXT_V3
    # every rule but those about how X shows and archives posts, which no configuration holds
    counted = [field.name for field in attrs.fields(TextRules) if field.name not in _NOT_COUNTED]
    assert {name: getattr(x.text_rules, name) for name in counted} == {
        name: getattr(v3.text_rules, name) for name in counted
    }
    assert x.limits.text == v3.limits.text
    assert x.limits.url_length == v3.text_rules.url_length


def test_weighted_length_agrees_with_parse_tweet(conformance: Path) -> None:
    x = next(channel for channel in CHANNELS if channel.id == "x")
    for section in (
        "WeightedTweetsWithDiscountedEmojiCounterTest",
        "UnicodeDirectionalMarkerCounterTest",
    ):
        for case in _cases(conformance, "validate.yml", section):
            text = case["text"]
            length = twitter.weighted_length(text, twitter.extract_entities(text), x)
            assert length == case["expected"]["weightedLength"], case["description"]


# -- extract.yml -------------------------------------------------------------------------------------


def _values(kind: EntityKind, keep: Any = lambda entity: True) -> Any:
    return lambda text: [e.value for e in twitter.extract_kind(text, kind) if keep(e)]


def _indices(entity: Entity) -> list[int]:
    # no astral character in these sections: code points and UTF-16 units coincide
    assert (entity.start, entity.end) == (entity.utf16_start, entity.utf16_end)
    return [entity.start, entity.end]


def _not_list(entity: Entity) -> bool:
    return "/" not in entity.value


def _mention(entity: Entity, *, with_list: bool) -> dict[str, Any]:
    screen_name, _, slug = entity.value.partition("/")
    found: dict[str, Any] = {"screen_name": screen_name}
    if with_list:
        found["list_slug"] = f"/{slug}" if slug else ""
    found["indices"] = _indices(entity)
    return found


EXTRACTORS: dict[str, Any] = {
    "urls": _values(EntityKind.URL),
    "urls_with_indices": lambda text: [
        {"url": e.value, "indices": _indices(e)} for e in twitter.extract_kind(text, EntityKind.URL)
    ],
    "urls_with_directional_markers": lambda text: [
        {"url": e.value, "indices": _indices(e)} for e in twitter.extract_kind(text, EntityKind.URL)
    ],
    "tco_urls_with_params": _values(EntityKind.URL),
    # extractMentions and extractMentionsWithIndices leave lists out
    "mentions": _values(EntityKind.MENTION, _not_list),
    "mentions_with_indices": lambda text: [
        _mention(e, with_list=False)
        for e in twitter.extract_kind(text, EntityKind.MENTION)
        if _not_list(e)
    ],
    "mentions_or_lists_with_indices": lambda text: [
        _mention(e, with_list=True) for e in twitter.extract_kind(text, EntityKind.MENTION)
    ],
    "hashtags": _values(EntityKind.HASHTAG),
    "hashtags_from_astral": _values(EntityKind.HASHTAG),
    "hashtags_with_indices": lambda text: [
        {"hashtag": e.value, "indices": _indices(e)}
        for e in twitter.extract_kind(text, EntityKind.HASHTAG)
    ],
    "cashtags": _values(EntityKind.CASHTAG),
    "cashtags_with_indices": lambda text: [
        {"cashtag": e.value, "indices": _indices(e)}
        for e in twitter.extract_kind(text, EntityKind.CASHTAG)
    ],
}

EXTRACT_COUNTS = {
    "urls": 91,
    "urls_with_indices": 10,
    "urls_with_directional_markers": 2,
    "tco_urls_with_params": 5,
    "mentions": 23,
    "mentions_with_indices": 3,
    "mentions_or_lists_with_indices": 5,
    "hashtags": 65,
    "hashtags_from_astral": 3,
    "hashtags_with_indices": 8,
    "cashtags": 8,
    "cashtags_with_indices": 2,
}


@pytest.mark.parametrize("section", sorted(EXTRACTORS))
def test_extract(conformance: Path, section: str) -> None:
    cases = _cases(conformance, "extract.yml", section)
    assert len(cases) == EXTRACT_COUNTS[section]
    assert _failures(cases, EXTRACTORS[section]) == []


@pytest.mark.parametrize("section", ["country", "generic"])
def test_every_tld(conformance: Path, section: str) -> None:
    """tlds.yml: one URL per top-level domain twitter-text knows, each extracted whole."""
    cases = _cases(conformance, "tlds.yml", section)
    assert len(cases) == {"country": 315, "generic": 1259}[section]
    assert _failures(cases, _values(EntityKind.URL)) == []


def test_entities_in_order_without_overlap(conformance: Path) -> None:
    """extract_entities is the four extractors combined, overlaps removed, in text order."""
    for case in _cases(conformance, "extract.yml", "urls_with_indices"):
        entities = twitter.extract_entities(case["text"])
        assert [e.start for e in entities] == sorted(e.start for e in entities)
        assert all(a.end <= b.start for a, b in itertools.pairwise(entities))


@pytest.mark.parametrize("module", [twitter, twitter_entities, twitter_emoji, utf16])
def test_docstring_examples(module: ModuleType) -> None:
    """The examples in the docstrings of govsm.text.twitter and the modules it uses hold."""
    failed, tried = doctest.testmod(module)
    assert tried > 0
    assert failed == 0


def test_refused_characters_make_a_post_invalid() -> None:
    """twitter-text refuses U+FFFE, U+FEFF and U+FFFF: measure() reports where, and valid is False."""
    from govsm.text import measure

    ok = measure("Bon dia", "x")
    bad = measure("Bon\ufeff dia", "x")
    assert (ok.valid, ok.refused) == (True, ())
    assert (bad.valid, bad.refused) == (False, (3,))
    assert measure("Bon\ufeff dia", "mastodon").refused == ()
