"""The plain counters and the generic entity syntax (Facebook, Instagram, LinkedIn, Threads…)."""

from __future__ import annotations

import attrs
import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from govsm.channels.catalogue import CHANNELS
from govsm.model import Channel, ChannelLimits, TextCounting, TextRules
from govsm.spec.entities import EntityKind
from govsm.testing.strategies import HOSTILE, texts
from govsm.text import generic, measure, registry
from govsm.text.offsets import OffsetMap

BUILTIN = {channel.id: channel for channel in CHANNELS}
MINE = [
    "mastodon",
    "bluesky",
    "threads",
    "facebook",
    "instagram",
    "linkedin",
    "youtube",
    "telegram",
    "flickr",
    "blog",
]

FAMILY = "👩\u200d👩\u200d👧"  # 1 grapheme, 5 code points, 8 UTF-16 units, 18 UTF-8 bytes
CATALONIA = "🏴\U000e0065\U000e0073\U000e0063\U000e0074\U000e007f"  # 1 grapheme, 6 code points


def plain(counting: TextCounting, **rules: object) -> Channel:
    """A channel counting in ``counting`` with the generic syntax and the given text rules."""
    return Channel(
        id="test",
        name="Test",
        counting=counting,
        limits=ChannelLimits(text=10),
        text_rules=TextRules(**rules),  # type: ignore[arg-type]
    )


def count(text: str, channel: Channel, content_warning: str | None = None) -> int:
    entities = registry.EXTRACTORS[channel.text_rules.entity_syntax](text, channel)
    return registry.COUNTERS[channel.counting](text, entities, channel, content_warning)


# -- the four units ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code_points", "graphemes", "utf16", "utf8"),
    [
        ("", 0, 0, 0, 0),
        ("Soldeneu", 8, 8, 8, 8),
        ("Festa de Sant Vicent Ferrer", 27, 27, 27, 27),
        ("València", 8, 8, 8, 9),
        ("Vale\u0300ncia", 9, 8, 9, 10),  # decomposed: e + combining grave
        ("Col·legi", 8, 8, 8, 9),
        ("l'Horta", 7, 7, 7, 7),
        (FAMILY, 5, 1, 8, 18),
        (CATALONIA, 6, 1, 12, 24),
        ("🇪🇸", 2, 1, 4, 8),
        ("👍🏽", 2, 1, 4, 8),
        ("❤️", 2, 1, 2, 6),
        ("中文", 2, 2, 2, 6),
        ("\u200f\u0645\u0631\u062d\u0628\u0627", 6, 6, 6, 13),  # RTL mark and Arabic
        ("\r\n", 2, 1, 2, 2),
        ("𝗕𝗼𝗻 𝗱𝗶𝗮", 7, 7, 13, 25),  # fake bold: astral mathematical letters
    ],
)
def test_units(text: str, code_points: int, graphemes: int, utf16: int, utf8: int) -> None:
    assert count(text, plain(TextCounting.CODE_POINTS)) == code_points
    assert count(text, plain(TextCounting.GRAPHEMES)) == graphemes
    assert count(text, plain(TextCounting.UTF16_UNITS)) == utf16
    assert count(text, plain(TextCounting.UTF8_BYTES)) == utf8


def test_every_unit_but_twitter_text_has_a_counter_here() -> None:
    for unit in TextCounting:
        if unit is not TextCounting.TWITTER_TEXT_V3:
            assert registry.COUNTERS[unit].__module__ == "govsm.text.generic"


# -- text rules --------------------------------------------------------------------------------

URL_POST = "Inscripcions: https://www.soldeneu.example/inscripcions?curs=2025 o soldeneu.example"


def test_url_length_replaces_each_url() -> None:
    channel = plain(TextCounting.CODE_POINTS, url_length=23)
    # "Inscripcions: " (14) + 23 + " o soldeneu.example" (19): the bare domain is not a generic URL
    assert count(URL_POST, channel) == 14 + 23 + 19
    assert count(URL_POST, plain(TextCounting.CODE_POINTS)) == len(URL_POST)


def test_urls_need_scheme_keeps_the_others_as_written() -> None:
    # an extractor that also finds bare domains, as the X syntax does
    channel = plain(TextCounting.CODE_POINTS, url_length=23, urls_need_scheme=True)
    bare = generic.extract("soldeneu.example https://a.example")
    assert [e.text for e in bare] == ["https://a.example"]
    start = URL_POST.rindex("soldeneu.example")
    fake = (
        OffsetMap(URL_POST).entity(
            EntityKind.URL, "soldeneu.example", "soldeneu.example", start, start + 16
        ),
    )
    assert generic.count_code_points(URL_POST, fake, channel, None) == len(URL_POST)
    without_rule = attrs.evolve(channel, text_rules=TextRules(url_length=23))
    assert generic.count_code_points(URL_POST, fake, without_rule, None) == len(URL_POST) - 16 + 23


def test_remote_mention_counts_as_local() -> None:
    text = "Gràcies @biblioteca@xarxa.soldeneu.example i @cultura!"
    local = plain(TextCounting.GRAPHEMES, remote_mention_local_only=True)
    assert count(text, local) == len("Gràcies @biblioteca i @cultura!")
    assert count(text, plain(TextCounting.GRAPHEMES)) == len(text)


def test_content_warning_counts_only_when_the_network_says() -> None:
    counts = plain(TextCounting.CODE_POINTS, content_warning_counts=True)
    assert count("Tall de trànsit", counts, content_warning="Avís") == 4 + 15
    assert count("Tall de trànsit", plain(TextCounting.CODE_POINTS), content_warning="Avís") == 15


def test_normalization_applies_before_counting() -> None:
    nfc = plain(TextCounting.CODE_POINTS, normalization="NFC")
    assert count("Vale\u0300ncia", nfc) == 8
    assert count("Vale\u0300ncia", plain(TextCounting.CODE_POINTS)) == 9


# -- the generic syntax ------------------------------------------------------------------------


def spans(text: str) -> list[tuple[str, str, str]]:
    return [(e.kind.value, e.text, e.value) for e in generic.extract(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Consulta https://www.soldeneu.example/agenda.",
            [("url", "https://www.soldeneu.example/agenda", "https://www.soldeneu.example/agenda")],
        ),
        (
            "(vegeu https://ca.wikipedia.org/wiki/Soldeneu_(poble))",
            [
                (
                    "url",
                    "https://ca.wikipedia.org/wiki/Soldeneu_(poble)",
                    "https://ca.wikipedia.org/wiki/Soldeneu_(poble)",
                )
            ],
        ),
        (
            "«HTTPS://SEDE.SOLDENEU.EXAMPLE»",
            [("url", "HTTPS://SEDE.SOLDENEU.EXAMPLE", "HTTPS://SEDE.SOLDENEU.EXAMPLE")],
        ),
        ("soldeneu.example i www.soldeneu.example", []),  # no scheme, no link
        ("https:// i http://", []),
        ("xhttps://a.example", []),
        (
            "Web:https://soldeneu.example",
            [("url", "https://soldeneu.example", "https://soldeneu.example")],
        ),
        ("@ajuntament_soldeneu", [("mention", "@ajuntament_soldeneu", "ajuntament_soldeneu")]),
        ("@ajuntament.soldeneu.", [("mention", "@ajuntament.soldeneu", "ajuntament.soldeneu")]),
        (
            "@ajuntament@xarxa.soldeneu.example",
            [
                (
                    "mention",
                    "@ajuntament@xarxa.soldeneu.example",
                    "ajuntament@xarxa.soldeneu.example",
                )
            ],
        ),
        ("@ana@münchen.example", [("mention", "@ana@münchen.example", "ana@münchen.example")]),
        ("Escriviu a info@soldeneu.example", []),  # an address is no mention
        ("@ana@soldeneu", []),  # a host without a dot is no domain
        ("@aña", []),
        ("#FiraDeSoldeneu", [("hashtag", "#FiraDeSoldeneu", "FiraDeSoldeneu")]),
        ("#Fira2025!", [("hashtag", "#Fira2025", "Fira2025")]),
        ("#2025", []),  # a number is no hashtag
        (
            "#Col·legi #l·l #a·",
            [
                ("hashtag", "#Col·legi", "Col·legi"),
                ("hashtag", "#l·l", "l·l"),
                ("hashtag", "#a", "a"),
            ],
        ),
        (
            "#ÑuPlaza #València #日本 #مرحبا",
            [
                ("hashtag", "#ÑuPlaza", "ÑuPlaza"),
                ("hashtag", "#València", "València"),
                ("hashtag", "#日本", "日本"),
                ("hashtag", "#مرحبا", "مرحبا"),
            ],
        ),
        ("＃Fullwidth", [("hashtag", "＃Fullwidth", "Fullwidth")]),
        ("C#, F# i a#b", []),
        (
            "https://soldeneu.example/#agenda",
            [("url", "https://soldeneu.example/#agenda", "https://soldeneu.example/#agenda")],
        ),
        ("&#39;", []),
    ],
)
def test_generic_entities(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert spans(text) == expected


def test_offsets_in_every_unit() -> None:
    text = f"{FAMILY} #Festes 🇪🇸 @ana"
    tag, mention = generic.extract(text)
    assert (tag.start, tag.end) == (6, 13)
    assert (tag.utf16_start, tag.utf16_end) == (9, 16)
    assert (tag.utf8_start, tag.utf8_end) == (19, 26)
    assert (mention.start, mention.utf16_start, mention.utf8_start) == (17, 22, 36)


def test_entities_never_overlap() -> None:
    found = generic.extract("https://a.example/@ana/#tag @ana #tag")
    assert [e.text for e in found] == ["https://a.example/@ana/#tag", "@ana", "#tag"]


# -- Threads: emoji count as their UTF-8 bytes ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("Bon dia", 7),
        ("Bon dia 👋", 8 + 4),
        ("❤️", 6),  # U+2764 U+FE0F
        ("1️⃣", 7),  # keycap: 1 + FE0F + 20E3
        ("🇪🇸", 8),
        (FAMILY, 18),
        (CATALONIA, 24),
        ("©", 1),  # text presentation: not an emoji
        ("àéí", 3),  # accents are characters, not bytes
    ],
)
def test_threads_counts_emoji_as_utf8_bytes(text: str, length: int) -> None:
    assert measure(text, "threads").length == length


# -- the built-in channels -----------------------------------------------------------------------

# (channel, text, length): realistic posts of the Ajuntament de Soldeneu
POSTS = [
    # Facebook and Instagram count code points; the URL counts as written
    (
        "facebook",
        "📢 L'Ajuntament de Soldeneu obri el termini d'inscripció a l'Escola d'Estiu 2025. "
        "Més informació: https://www.soldeneu.example/escola-estiu #EscolaEstiu",
        # 81 + "Més informació: " 16 + URL 41 + " #EscolaEstiu" 13
        151,
    ),
    (
        "instagram",
        "🎆 Festes Majors 2025! 🎉\n\nDel 8 al 15 d'agost, música, castell de focs i "
        "cercaviles.\n\n#FestesSoldeneu #Soldeneu",
        # 23 + 2 + 58 + 2 + 25
        110,
    ),
    # LinkedIn
    (
        "linkedin",
        "El Ayuntamiento de Soldeneu convoca 3 plazas de técnico/a de administración general. "
        "Bases: https://sede.soldeneu.example/empleo",
        128,
    ),
    # Telegram counts UTF-16 units: each astral emoji is two
    ("telegram", "⚠️ Avís: tall d'aigua al carrer Major de 9 a 13 h. 🚰", 53),
    # YouTube descriptions count UTF-8 bytes: 76 code points, 3 accents (+3), 🏛️ (+5)
    ("youtube", "Sessió plenària ordinària de novembre: pressupostos i ordenances fiscals. 🏛️", 84),
    # the blog has no limit
    ("blog", "Crònica del ple", 15),
]


@pytest.mark.parametrize(("channel", "text", "length"), POSTS)
def test_realistic_posts(channel: str, text: str, length: int) -> None:
    measured = measure(text, channel)
    assert measured.length == length
    assert measured.valid is True
    assert measured.limit == BUILTIN[channel].limits.text


def test_limits_are_enforced() -> None:
    assert measure("a" * 2200, "instagram").valid is True
    assert measure("a" * 2201, "instagram").valid is False
    assert measure("a" * 63206, "facebook").valid is True
    assert measure("a" * 63207, "facebook").valid is False
    assert measure("a" * 3000, "linkedin").valid is True
    assert measure("a" * 3001, "linkedin").valid is False
    assert measure("a" * 500, "threads").valid is True
    assert measure("a" * 499 + "👋", "threads").valid is False  # 499 + 4
    assert measure("😀" * 2048, "telegram").valid is True  # 4096 UTF-16 units
    assert measure("😀" * 2048 + "a", "telegram").valid is False
    assert measure("é" * 2500, "youtube").valid is True  # 5000 bytes
    assert measure("é" * 2500 + ".", "youtube").valid is False
    assert measure("a" * 100_000, "blog").valid is True
    assert measure("", "facebook").valid is False


def test_every_channel_i_own_cites_its_sources() -> None:
    for channel_id in MINE:
        channel = BUILTIN[channel_id]
        assert channel.sources, channel_id
        assert channel.text_rules.entity_syntax in registry.EXTRACTORS


# -- properties --------------------------------------------------------------------------------

_GRAPHEME = regex.compile(r"\X")
unicode_texts = st.one_of(texts, st.lists(st.sampled_from(HOSTILE), max_size=10).map("".join))


@given(unicode_texts)
def test_unit_counts_are_the_encodings(text: str) -> None:
    assert count(text, plain(TextCounting.CODE_POINTS)) == len(text)
    assert count(text, plain(TextCounting.GRAPHEMES)) == len(_GRAPHEME.findall(text))
    assert count(text, plain(TextCounting.UTF16_UNITS)) == len(text.encode("utf-16-le")) // 2
    assert count(text, plain(TextCounting.UTF8_BYTES)) == len(text.encode("utf-8"))


@given(
    st.lists(
        st.one_of(
            unicode_texts,
            st.sampled_from(
                ["#Fira", "@ana", "@ana@xarxa.example", "https://a.example/x", " ", "\n", "(", "."]
            ),
        ),
        max_size=8,
    ).map("".join)
)
def test_offsets_round_trip_between_units(text: str) -> None:
    for entity in generic.extract(text):
        assert text[entity.start : entity.end] == entity.text
        before = text[: entity.start]
        assert entity.utf16_start == len(before.encode("utf-16-le")) // 2
        assert entity.utf8_start == len(before.encode("utf-8"))
        upto = text[: entity.end]
        assert entity.utf16_end == len(upto.encode("utf-16-le")) // 2
        assert entity.utf8_end == len(upto.encode("utf-8"))
        encoded = text.encode("utf-8")[entity.utf8_start : entity.utf8_end]
        assert encoded.decode("utf-8") == entity.text


@given(unicode_texts, st.sampled_from(MINE), st.one_of(st.none(), unicode_texts))
def test_measure_never_crashes(text: str, channel: str, content_warning: str | None) -> None:
    measured = measure(text, channel, content_warning=content_warning)
    assert measured.length >= 0
    assert measured.utf8_bytes == len(text.encode("utf-8"))
    previous = -1
    for entity in measured.entities:
        assert previous <= entity.start < entity.end <= len(text)
        previous = entity.end
