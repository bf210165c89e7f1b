"""Bluesky: facets as ``@atproto/api`` builds them, handle syntax, and the 300/3000 limits.

Three sources of truth:

* the atproto interop vectors for handles, read where they lie (``../shared/conformance/
  atproto-interop``, CC0), never copied here;
* ``@atproto/api`` 0.21.0 itself, run through Node on thousands of generated texts
  (``reference/atproto.js``; see :mod:`tests.text.conftest`);
* posts of the example council, with lengths worked out by hand.

One documented difference, encoded below: the ``regex`` package's ``\\X`` keeps a consonant in
the same cluster after a conjunct linker (a virama) that does not follow a consonant, which UAX
#29 rule GB9c does not allow (``a`` + U+094D + ``त`` is two clusters; ``regex`` says one).
``Intl.Segmenter``, which the client uses, follows the rule.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.text import atproto, measure
from govsm.text.atproto import facets, is_valid_handle
from govsm.text.segmentation import grapheme_count

NodeReference = Callable[[str, list[Any]], list[Any]]

# -- handles: the interop vectors ----------------------------------------------------------------


def _vectors(conformance: Path, name: str) -> list[str]:
    path = conformance / "atproto-interop" / "syntax" / name
    lines = path.read_text(encoding="utf-8").split("\n")
    # the README: one value per line, "#" comments and empty lines skipped, lines NOT stripped
    return [line for line in lines if line and not line.startswith("#")]


def test_handle_interop_vectors(conformance: Path) -> None:
    valid = _vectors(conformance, "handle_syntax_valid.txt")
    invalid = _vectors(conformance, "handle_syntax_invalid.txt")
    assert (len(valid), len(invalid)) == (71, 48)  # the counts the README gives
    assert [h for h in valid if not is_valid_handle(h)] == []
    assert [h for h in invalid if is_valid_handle(h)] == []


# -- facets by hand ----------------------------------------------------------------------------


def _tag(start: int, end: int, tag: str) -> dict[str, Any]:
    return {
        "index": {"byteStart": start, "byteEnd": end},
        "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}],
    }


def _link(start: int, end: int, uri: str) -> dict[str, Any]:
    return {
        "index": {"byteStart": start, "byteEnd": end},
        "features": [{"$type": "app.bsky.richtext.facet#link", "uri": uri}],
    }


def _mention(start: int, end: int, handle: str) -> dict[str, Any]:
    return {
        "$type": "app.bsky.richtext.facet",
        "index": {"byteStart": start, "byteEnd": end},
        "features": [{"$type": "app.bsky.richtext.facet#mention", "did": handle}],
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ple a les 20 h, #PlenoSoldeneu", [_tag(16, 30, "PlenoSoldeneu")]),
        # byte offsets: "Inscripció " is 12 bytes
        ("Inscripció #EscolaEstiu!", [_tag(12, 24, "EscolaEstiu")]),
        ("#2025 #Fira2025 #l'Horta", [_tag(6, 15, "Fira2025"), _tag(16, 24, "l'Horta")]),
        ("＃Ample", [_tag(0, 8, "Ample")]),  # ＃ is 3 bytes
        ("#️⃣ #\ufe0fno", []),
        ("#" + "a" * 64, [_tag(0, 65, "a" * 64)]),
        ("#" + "a" * 65, []),
        # links: a bare domain gets https://, trailing punctuation stays out
        ("Seu: sede.soldeneu.es.", [_link(5, 21, "https://sede.soldeneu.es")]),
        ("(https://soldeneu.es/agenda)", [_link(1, 27, "https://soldeneu.es/agenda")]),
        (
            "https://ca.wikipedia.org/wiki/Soldeneu_(poble)",
            [_link(0, 46, "https://ca.wikipedia.org/wiki/Soldeneu_(poble)")],
        ),
        ("ajuntament-soldeneu.es i soldeneu.example i Soldeneu.ES", []),
        ("httpbin.org", [_link(0, 11, "httpbin.org")]),  # the client's own quirk
        # mentions keep the handle where the DID goes
        ("Gràcies @ajuntament.bsky.social!", [_mention(9, 32, "ajuntament.bsky.social")]),
        ("@alice.test @alice @alice.example", [_mention(0, 11, "alice.test")]),
        ("$SOL i $abc", [_tag(0, 4, "$SOL"), _tag(7, 11, "$ABC")]),
    ],
)
def test_facets(text: str, expected: list[dict[str, Any]]) -> None:
    assert facets(text) == expected


def test_the_channel_sets_the_longest_tag() -> None:
    from govsm.channels.catalogue import CHANNELS

    bluesky = next(channel for channel in CHANNELS if channel.id == "bluesky")
    strict = attrs.evolve(bluesky, text_rules=attrs.evolve(bluesky.text_rules, hashtag_max=7))
    assert [e.text for e in measure("#Soldeneu #Festes", strict).entities] == ["#Festes"]
    assert [e.text for e in measure("#Soldeneu #Festes", bluesky).entities] == [
        "#Soldeneu",
        "#Festes",
    ]


def test_entities_and_facets_agree() -> None:
    text = "🎉 @ajuntament.bsky.social #Festes soldeneu.es $SOL"
    entities = measure(text, "bluesky").entities
    assert [e.kind.value for e in entities] == ["mention", "hashtag", "url", "cashtag"]
    assert [e.value for e in entities] == [
        "ajuntament.bsky.social",
        "Festes",
        "https://soldeneu.es",
        "SOL",
    ]
    starts = [facet["index"]["byteStart"] for facet in facets(text)]
    assert [e.utf8_start for e in entities] == starts
    for entity in entities:
        assert text.encode()[entity.utf8_start : entity.utf8_end].decode() == entity.text


# -- the limits --------------------------------------------------------------------------------


def test_300_graphemes_and_3000_bytes() -> None:
    assert measure("a" * 300, "bluesky").valid is True
    assert measure("a" * 301, "bluesky").valid is False
    family = "👩\u200d👩\u200d👧"  # 1 grapheme, 18 bytes
    measured = measure(family * 166, "bluesky")
    assert (measured.length, measured.utf8_bytes) == (166, 2988)
    assert measured.valid is True
    measured = measure(family * 167, "bluesky")
    assert (measured.length, measured.utf8_bytes) == (167, 3006)
    assert measured.valid is False  # 167 graphemes, but over 3000 bytes


def test_a_council_post() -> None:
    post = (
        "🎆 Festes Majors de Soldeneu 2025\n"
        "Del 8 al 15 d'agost: concerts, castell de focs i cercaviles. "
        "Programa: https://www.soldeneu.es/ca/festes-majors-2025/programa-complet.pdf\n"
        "#FestesMajors #Soldeneu"
    )
    measured = measure(post, "bluesky", content_warning="ignored")
    # the link counts as written: 32 + 1 + 61 + 10 + 66 (the URL) + 1 + 23 graphemes
    assert measured.length == 194
    assert measured.utf8_bytes == 194 + 3  # only 🎆 is not ASCII: 4 bytes
    assert measured.valid is True


# -- differential: @atproto/api 0.21.0 through Node ----------------------------------------------

_LINKER = regex.compile(r"\p{InCB=Linker}")
_CONSONANT = regex.compile(r"\p{InCB=Consonant}")
_EXTEND = regex.compile(r"[\p{InCB=Extend}\p{InCB=Linker}]")


def uax29_grapheme_count(text: str) -> int:
    """Grapheme clusters with GB9c as UAX #29 states it (see the module's docstring)."""
    total = 0
    for cluster in regex.findall(r"\X", text):
        total += 1
        if len(cluster) < 2 or not _LINKER.search(cluster):
            continue
        conjunct = linked = False
        for i, char in enumerate(cluster):
            if _CONSONANT.match(char):
                if i and not (conjunct and linked):
                    total += 1  # a break regex misses
                conjunct, linked = True, False
            elif _LINKER.match(char):
                linked = True
            elif not _EXTEND.match(char):
                conjunct = False
    return total


def test_known_difference_conjunct_linker() -> None:
    text = "a\u094d\u0924"  # a, DEVANAGARI SIGN VIRAMA, DEVANAGARI LETTER TA
    assert grapheme_count(text) == 1  # regex 2026.11.15
    assert uax29_grapheme_count(text) == 2  # UAX #29 and Intl.Segmenter
    assert grapheme_count("\u0915\u094d\u0924") == uax29_grapheme_count("\u0915\u094d\u0924") == 1


FRAGMENTS = [
    # Valencian and Spanish
    "Bon dia",
    "Ajuntament de Soldeneu",
    "inscripció",
    "ñandú",
    "l'Horta",
    "Col·legi",
    "cigüeña",
    "Vale\u0300ncia",
    "a\u0300\u0301",
    "¿Sabías que…?",
    "¡Vine!",
    # spaces and invisible characters (JavaScript's \s is not Python's)
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
    "\u00a0",
    "\u3000",
    "\u2028",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\x85",
    "\x1c",
    "\u180e",
    # RTL marks and scripts
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "עברית",
    "العربية",
    # punctuation around entities
    "#",
    "＃",
    "@",
    "$",
    "(",
    ")",
    ".",
    ",",
    "!",
    "?",
    ":",
    ";",
    "-",
    "_",
    "/",
    "'",
    '"',
    "’",
    "«",
    "»",
    # hashtags
    "#FiraSoldeneu",
    "#Fira2025",
    "#2025",
    "#️⃣",
    "#\ufe0ftag",
    "#l'Horta",
    "#Col·legi",
    "#日本",
    "#مرحبا",
    "#tag!",
    "#tag...",
    "#a.b",
    "#" + "a" * 70,
    "#" + "é" * 65,
    "#" + "e\u0301" * 40,
    "#" + "👍🏽" * 33,
    # mentions
    "@ajuntament.bsky.social",
    "@Alice.BSKY.social",
    "@alice.com.",
    "@a.test",
    "@alice",
    "@user@mastodon.social",
    "@.com",
    "@a..com",
    "@x.xn--p1ai",
    "@a-b.es",
    "@a_b.es",
    "(@alice.bsky.social)",
    # links, with and without scheme, IDN
    "https://www.soldeneu.es/ca/agenda?x=1&y=2#frag",
    "http://a.com",
    "HTTPS://A.COM",
    "https://münchen.de/straße",
    "https://xn--mnchen-3ya.de",
    "https://ca.wikipedia.org/wiki/Soldeneu_(poble)",
    "(https://x.com/a)",
    "https://x.com/a).",
    "https://localhost",
    "soldeneu.es",
    "www.soldeneu.es/tramits",
    "Example.COM",
    "ajuntament-soldeneu.es",
    "münchen.de",
    "httpbin.org",
    "http.example.com",
    "a.b",
    "1.2.3",
    "x.co.",
    "x.co)",
    "sede.soldeneu.es/tramit.",
    # cashtags
    "$SOL",
    "$sol",
    "$A",
    "$ABCDEF",
    "$AB1",
    "($SOL)",
    "$1A",
    "$SOL's",
    # emoji: ZWJ sequences, flags, tags, skin tones, keycaps, newer emoji
    "🧑\u200d🏫",
    "👨\u200d👩\u200d👧\u200d👦",
    "🏴\U000e0065\U000e0073\U000e0063\U000e0074\U000e007f",
    "🇪🇸",
    "🇪",
    "👍🏽",
    "❤️",
    "1️⃣",
    "🫩",
    # CJK, Indic, Hangul
    "中文",
    "日本語のテキスト",
    "한국어",
    "ᄀᄀᄀ각",
    "क्षि",
    "ஸ்ரீ",
]


def _generated(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(1, 12)):
        parts.append(rng.choice(FRAGMENTS))
        if rng.random() < 0.6:
            parts.append(rng.choice([" ", "", "\n", "(", ". ", ", "]))
    return "".join(parts)


def _compare(texts: list[str], reference: list[dict[str, Any]]) -> list[str]:
    """The disagreements, each described; the documented GB9c difference is checked, not listed."""
    problems: list[str] = []
    for text, expected in zip(texts, reference, strict=True):
        ours = {
            "graphemeLength": grapheme_count(text),
            "length": len(text.encode("utf-8")),
            "facets": facets(text),
            "validHandle": is_valid_handle(text),
        }
        if (
            ours["graphemeLength"] != expected["graphemeLength"]
            and uax29_grapheme_count(text) == expected["graphemeLength"]
        ):
            # the documented difference (GB9c), and only it
            ours["graphemeLength"] = expected["graphemeLength"]
        if ours != expected:
            problems.append(f"{text!r}: ours {ours!r}, @atproto/api {expected!r}")
    return problems


@pytest.mark.slow
def test_differential_generated_posts(node_reference: NodeReference) -> None:
    rng = random.Random(20251124)
    texts = [_generated(rng) for _ in range(4000)]
    assert _compare(texts, node_reference("atproto.js", texts)) == []


# Characters both sides know. Hypothesis draws them from Python's Unicode data (Unicode 14 on
# Python 3.11), older than both Node 20's ICU (Unicode 16) and regex's (Unicode 17): marks new in
# Unicode 17, which Node does not know yet, would be a difference of versions, not of rules.
_characters = st.characters(exclude_categories=["Cs", "Cn"])
_pieces = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(_characters, max_size=6),
    st.sampled_from(sorted(atproto._TLDS)).map(lambda tld: f"soldeneu.{tld}"),
    st.builds(
        "@{}.{}".format,
        st.from_regex(r"[a-zA-Z0-9-]{1,8}", fullmatch=True),
        st.sampled_from(["bsky.social", "es", "cat", "test", "xyz", "Es"]),
    ),
)
_posts = st.lists(_pieces, max_size=8).map("".join)


@pytest.mark.slow
def test_differential_hypothesis(node_reference: NodeReference) -> None:
    # hypothesis generates, then one Node call checks them all (one call per example would take
    # minutes); a disagreement lists the texts, unshrunk
    texts: list[str] = []

    @settings(max_examples=1500, deadline=None, database=None)
    @given(_posts)
    def collect(text: str) -> None:
        texts.append(text)

    collect()
    assert len(texts) > 1000
    assert _compare(texts, node_reference("atproto.js", texts)) == []


def test_differential_handles(node_reference: NodeReference) -> None:
    rng = random.Random(7)
    alphabet = "abcz09-.._-A\u00e9 "
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20))) for _ in range(1500)]
    texts += [
        f"{rng.choice(['a', 'ajuntament', '9', '-a', 'a-'])}.{tld}"
        for tld in ["es", "cat", "0aa", "a0", "-"]
        for _ in range(3)
    ]
    results = node_reference("atproto.js", texts)
    assert [
        t for t, r in zip(texts, results, strict=True) if r["validHandle"] != is_valid_handle(t)
    ] == []


def test_top_level_domains_match_the_reference(node_reference: NodeReference) -> None:
    # the list @atproto/api checks mentions and bare domains against, ASCII entries only
    path = Path(__file__).parent / "reference" / "node_modules" / "tlds" / "index.json"
    tlds = json.loads(path.read_text("utf-8"))
    assert {tld for tld in tlds if tld.isascii()} == atproto._TLDS
