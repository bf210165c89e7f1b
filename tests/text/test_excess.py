"""govsm.text.first_excess: what the binary search over measured prefixes answers, found cheaply.

The reference is the search the length rule ran (``_first_excess`` in
``govsm/builtin/rules/length.py``): ``measure(text[: i + 1], channel).length > limit`` for the
first ``i``, as a binary search finds it. Prefix lengths are not monotonic (a URL counts 23 on X
however long, less while cut short), so only the same steps give the same answer everywhere.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsm.channels.catalogue import CHANNELS
from govsm.model import Channel, TextCounting
from govsm.text import excess, first_excess, measure, twitter

X = next(channel for channel in CHANNELS if channel.id == "x")
X_REFERENCE = attrs.evolve(
    X, text_rules=attrs.evolve(X.text_rules, entity_syntax=twitter.REFERENCE_SYNTAX)
)
#: every channel of the catalogue, the X of twitter-text 3.1.0, and channels whose rules take the
#: general way (a plain count that rewrites URLs and mentions; graphemes after NFC)
GENERIC_REWRITING = attrs.evolve(
    next(channel for channel in CHANNELS if channel.id == "facebook"),
    id="rewriting",
    text_rules=attrs.evolve(
        next(channel for channel in CHANNELS if channel.id == "facebook").text_rules,
        url_length=23,
    ),
)
NORMALISING = attrs.evolve(
    next(channel for channel in CHANNELS if channel.id == "bluesky"),
    id="normalising",
    text_rules=attrs.evolve(
        next(channel for channel in CHANNELS if channel.id == "bluesky").text_rules,
        normalization="NFC",
    ),
)
MASTODON = next(channel for channel in CHANNELS if channel.id == "mastodon")
MASTODON_IN_BYTES = attrs.evolve(MASTODON, id="mastodon-bytes", counting=TextCounting.UTF8_BYTES)
ALL = [*CHANNELS, X_REFERENCE, GENERIC_REWRITING, NORMALISING, MASTODON_IN_BYTES]


def reference(text: str, channel: Channel, limit: int) -> int:
    """The binary search on measured prefixes, as the length rule wrote it."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high) // 2
        if measure(text[: middle + 1], channel).length > limit:
            high = middle
        else:
            low = middle + 1
    return low


# -- what the texts are made of ----------------------------------------------------------------

PIECES = [
    # words, in the scripts a council writes and some it reads
    "Bon",
    "dia",
    "l'Ajuntament",
    "col·lecció",
    "València",
    "¡Hola!",
    "niñas",
    "東京都",
    "서울특별시",
    "こんにちは",
    "中文网",
    "हिन्दी",
    "ภาษาไทย",
    "مرحبا",
    # URLs, with and without a scheme, cut short, long, shortened
    "https://www.soldeneu.es/festes?dia=1#programa",
    "http://soldeneu.cat",
    "soldeneu.cat",
    "www.valencia.es",
    "https://soldeneu.e",
    "http://t.co/abc123",
    "https://ñandú.es",
    "президент.рф",
    "https://www.soldeneu.es/" + "p" * 40,
    "example.com.",
    "a.com.b.com",
    # mentions and hashtags, remote and local
    "@soldeneu",
    "@ajuntament@xarxa.example",
    "@user@mastodon.social",
    "@a/b-c",
    "RT @x:",
    "#FiresSoldeneu",
    "#col·lecció",
    "#日本語",
    "$AAPL",
    # emoji: single, skin tones, ZWJ sequences, flags, tags, keycaps, text style
    "😀",
    "🎉🎉",
    "👍🏽",
    "🧑\u200d🏫",
    "👨\u200d👩\u200d👧\u200d👦",
    "🏳️\u200d🌈",
    "🇪🇸",
    "🇪",
    "\U0001f3f4\U000e0065\U000e0073\U000e0063\U000e0074\U000e007f",
    "1️⃣",
    "#️⃣",
    "❤️",
    "☺",
    "\ufe0e",
    "\u200d",
    # combining marks, decomposed letters, Hangul jamo, Indic conjuncts, compatibility forms
    "e\u0301",
    "\u0301",
    "o\u0308\u0301",
    "\u1100\u1161\u11a8",
    "\u0915\u094d\u0937",
    "\u212b",
    "ﬁ",
    # refused and odd characters
    "\ufeff",
    "\x00",
    "\u00a0",
]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\r\n", "\t", "\u3000", "", ". ", ", ", "\u00a0"]

#: a word: pieces glued together (a letter before a URL, an emoji after a hashtag…)
words = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), min_size=1, max_size=3
).map("".join)
texts = st.lists(st.tuples(words, st.sampled_from(SEPARATORS)), max_size=24).map(
    lambda pairs: "".join(word + separator for word, separator in pairs)
)


def _limits(text: str, channel: Channel) -> st.SearchStrategy[int]:
    whole = measure(text, channel).length
    return st.one_of(st.integers(0, whole + 2), st.sampled_from([0, 1, max(whole - 1, 0)]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, channel=st.sampled_from(ALL), data=st.data())
def test_as_the_binary_search(text: str, channel: Channel, data: st.DataObject) -> None:
    limit = data.draw(_limits(text, channel))
    assert first_excess(text, channel, limit) == reference(text, channel, limit)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from(PIECES), min_size=30, max_size=90),
    channel=st.sampled_from(ALL),
    data=st.data(),
)
def test_long_texts(words: list[str], channel: Channel, data: st.DataObject) -> None:
    """Posts of hundreds of characters, words apart: the cuts are used many times over."""
    text = " ".join(words)
    limit = data.draw(_limits(text, channel))
    assert first_excess(text, channel, limit) == reference(text, channel, limit)


@settings(max_examples=200, deadline=None)
@given(text=texts, channel=st.sampled_from(ALL))
def test_every_prefix_length(text: str, channel: Channel) -> None:
    """The prefix lengths themselves are measure()'s, not only where the search looks."""
    length = excess.prefix_length(text, channel)
    for end in range(len(text) + 1):
        assert length(end) == measure(text[:end], channel).length, (text[:end], end)


def test_a_url_is_not_monotonic() -> None:
    """A URL cut short measures more than whole: the search's answer, not the first excess."""
    text = "Vegeu https://" + "a" * 40 + ".es/agenda avui"
    lengths = [measure(text[:end], X).length for end in range(len(text) + 1)]
    assert lengths != sorted(lengths)
    for limit in range(60):
        assert first_excess(text, X, limit) == reference(text, X, limit)


# found by a longer search: on its own, the piece after a cut gave its first letter to the URL
# pattern as the URL's `before`, where the text gives it the space
TRICKY = [
    "𮈩𧈽ı, é\u0301www.example.com?q=1&r=2#col·lecció#😀» https://www.soldeneu.es/festes",
    "Vegeu ñsoldeneu.cat i éwww.valencia.es/agenda o àhttps://t.co/abc123 ara",
    "a @soldeneu b ñ@soldeneu c x@ajuntament@xarxa.example d RT @x: e",
    "  \x00 hola https://soldeneu.es \n\n",
    "\u00a0 #Festes \u0301x 🧑\u200d🏫\u200d a 🇪 🇸 b",
]


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("channel", ALL, ids=lambda channel: channel.id)
def test_tricky_texts(text: str, channel: Channel) -> None:
    for limit in range(measure(text, channel).length + 2):
        assert first_excess(text, channel, limit) == reference(text, channel, limit)


def test_ids_and_catalogue() -> None:
    text = "Bon dia! " * 40
    assert first_excess(text, "x", 280) == first_excess(text, X, 280) == 280
    assert first_excess(text, "mastodon", 500) == len(text)
    assert first_excess("", "bluesky", 0) == 0


@pytest.mark.parametrize(
    ("channel", "way"),
    [
        (X, "_XCuts"),
        (X_REFERENCE, "_XCuts"),
        (MASTODON, "_MastodonCuts"),
        (next(c for c in CHANNELS if c.id == "bluesky"), "_Counted"),
        (next(c for c in CHANNELS if c.id == "threads"), "_Threads"),
        (next(c for c in CHANNELS if c.counting is TextCounting.UTF8_BYTES), "_Counted"),
        (next(c for c in CHANNELS if c.counting is TextCounting.UTF16_UNITS), "_Counted"),
        (next(c for c in CHANNELS if c.id == "facebook"), "_Counted"),
        (GENERIC_REWRITING, "_Measured"),
        (NORMALISING, "_Measured"),
        (MASTODON_IN_BYTES, "_Measured"),
    ],
)
def test_each_channel_takes_its_way(channel: Channel, way: str) -> None:
    """Which way each kind of channel is measured (the property tests check them all)."""
    assert type(excess.prefix_length("Bon dia", channel)).__name__ == way
