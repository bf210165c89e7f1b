"""Mastodon: what its server counts and links, and an instance's own limits.

The expected values follow Mastodon 4.6's server code (``StatusLengthValidator``,
``Status#prepare_contents``, ``Extractor``, ``Account::MENTION_RE``, ``Tag::Naming``), worked out
by hand: there is no Ruby here to run it.
"""

from __future__ import annotations

from typing import Any

import pytest

from govsm.errors import ConfigError
from govsm.text import mastodon, measure


def length(text: str, content_warning: str | None = None) -> int:
    return measure(text, "mastodon", content_warning=content_warning).length


def linked(text: str) -> list[tuple[str, str, str]]:
    return [(e.kind.value, e.text, e.value) for e in mastodon.extract(text)]


# -- length ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bon dia, Soldeneu!", 18),
        # a URL with scheme counts 23, whatever its length
        (
            "Agenda: https://www.soldeneu.es/agenda/2025/festes-majors-del-poble-i-de-la-vila",
            8 + 23,
        ),
        ("Agenda: HTTP://SOLDENEU.ES", 8 + 23),
        # without scheme it counts as written
        ("Agenda a www.soldeneu.es/agenda", 31),
        # a remote mention counts as @user
        ("Gràcies @biblioteca@xarxa.soldeneu.example!", len("Gràcies @biblioteca!")),
        ("Gràcies @biblioteca!", 20),
        # grapheme clusters: a family, a flag, a decomposed accent are one each
        ("Festes 👩\u200d👩\u200d👧 🇪🇸 Vale\u0300ncia", 7 + 1 + 1 + 1 + 1 + 8),
        ("🧑\u200d🏫🏴\U000e0065\U000e0073\U000e0063\U000e0074\U000e007f", 2),
        # the server strips the text (Ruby's strip: ASCII whitespace only)
        ("  Hola  \n", 4),
        ("\u00a0Hola\u00a0", 6),
        # a text of nothing but whitespace counts as empty
        ("\u00a0\u3000 ", 0),
        # a URL inside a hashtag's reach: the formatter keeps the hashtag, the validator the URL
        ("#tag_HTTPS://soldeneu.es/agenda", len("#tag_") + 23),
        # a tag right before :// loses its "https", and the URL after a letter is no URL
        ("#fiestahttps://soldeneu.es", 26),
        # a mention inside a URL is the URL's
        ("https://soldeneu.es/perfil?@ana@xarxa.example", 23),
    ],
)
def test_length(text: str, expected: int) -> None:
    assert length(text) == expected


def test_content_warning_counts_stripped_in_front() -> None:
    assert length("Tall al carrer Major.", content_warning="Avís de trànsit") == 15 + 21
    assert length(" Tall al carrer Major. ", content_warning="  Avís de trànsit\n") == 15 + 21
    assert length("\u00a0", content_warning="Avís") == 4


def test_limit_of_a_stock_server() -> None:
    assert measure("a" * 500, "mastodon").valid is True
    assert measure("a" * 501, "mastodon").valid is False
    url = "https://sede.soldeneu.es/tramits/" + "llarg/" * 40
    fits = "a" * 476 + " " + url
    assert len(fits) > 700
    assert measure(fits, "mastodon").length == 500
    assert measure(fits, "mastodon").valid is True
    assert measure("a" + fits, "mastodon").valid is False
    assert measure("   ", "mastodon").valid is False  # empty once stripped


def test_realistic_posts() -> None:
    post = (
        "🎆 Festes Majors de Soldeneu 2025\n\n"
        "Del 8 al 15 d'agost: concerts, castell de focs i cercaviles. Programa complet: "
        "https://www.soldeneu.es/ca/festes-majors-2025/programa-complet.pdf\n\n"
        "Seguiu @cultura@xarxa.soldeneu.es i @biblioteca. #FestesMajors #Soldeneu"
    )
    # 32 + 2 + 79 + 23 (the URL) + 2 + 54 ("Seguiu @cultura i @biblioteca. #FestesMajors #Soldeneu")
    assert measure(post, "mastodon").length == 192
    aviso = (
        "⚠️ AVISO: por obras, el lunes 3 de marzo se corta la calle Mayor entre las 8 y las 14 h. "
        "Más información en https://sede.soldeneu.es/avisos/obras-calle-mayor #Soldeneu"
    )
    # 88 + 19 + 23 + 10: "⚠️" is one grapheme
    assert measure(aviso, "mastodon", content_warning="Tráfico").length == 7 + 140


# -- entities ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "#FestesMajors, #2025 #Col·legi #Soldeneu・Fira ＃Ample #a_b #ab·",
            [
                ("hashtag", "#FestesMajors", "FestesMajors"),
                ("hashtag", "#Col·legi", "Col·legi"),
                ("hashtag", "#Soldeneu・Fira", "Soldeneu・Fira"),
                ("hashtag", "＃Ample", "Ample"),
                ("hashtag", "#a_b", "a_b"),
                ("hashtag", "#ab", "ab"),
            ],
        ),
        # since 4.6 a hashtag needs the start of a line or a space before it
        ("(#Parèntesi) x#no /#no", []),
        ("línia\n#Nova\u00a0#NBSP", [("hashtag", "#Nova", "Nova"), ("hashtag", "#NBSP", "NBSP")]),
        ("#fiestahttps://soldeneu.es", [("hashtag", "#fiesta", "fiesta")]),
        ("#FIESTAHTTPS://soldeneu.es", [("hashtag", "#FIESTAHTTPS", "FIESTAHTTPS")]),
        (
            "Hola @ana.garcia. i @pere-joan",
            [("mention", "@ana.garcia", "ana.garcia"), ("mention", "@pere-joan", "pere-joan")],
        ),
        (
            "@ajuntament@xarxa.soldeneu.es",
            [("mention", "@ajuntament@xarxa.soldeneu.es", "ajuntament@xarxa.soldeneu.es")],
        ),
        ("@ana@münchen.example", [("mention", "@ana@münchen.example", "ana@münchen.example")]),
        # not mentions: an address, after = or /, followed by an accented letter
        ("info@soldeneu.es a=@ana /@ana @noël@example.com", []),
        ("@ana@" + "a" * 251 + ".es", []),  # a domain longer than 253 characters
        (
            "Informació: https://www.soldeneu.es/agenda.",
            [("url", "https://www.soldeneu.es/agenda", "https://www.soldeneu.es/agenda")],
        ),
        ("www.soldeneu.es i soldeneu.es/agenda", []),  # no scheme: Mastodon does not link them
    ],
)
def test_entities(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert linked(text) == expected


def test_a_domain_of_253_characters_is_still_a_mention() -> None:
    domain = "a" * 250 + ".es"
    assert linked(f"@ana@{domain}") == [("mention", f"@ana@{domain}", f"ana@{domain}")]
    assert length(f"@ana@{domain}") == 4


def test_entities_of_a_measurement_carry_every_unit() -> None:
    text = "🎉 Hola @ana@xarxa.example https://soldeneu.es #Fira"
    measured = measure(text, "mastodon")
    mention, url, tag = measured.entities
    assert (mention.start, mention.utf16_start, mention.utf8_start) == (7, 8, 10)
    assert text[url.start : url.end] == url.text == "https://soldeneu.es"
    assert (tag.kind.value, tag.end, tag.utf16_end, tag.utf8_end) == ("hashtag", 51, 52, 54)


# -- an instance's limits ----------------------------------------------------------------------

V2: dict[str, Any] = {
    "domain": "xarxa.soldeneu.es",
    "title": "Xarxa de Soldeneu",
    "version": "4.6.6",
    "configuration": {
        "urls": {"streaming": "wss://xarxa.soldeneu.es"},
        "accounts": {"max_featured_tags": 10, "max_pinned_statuses": 5},
        "statuses": {
            "max_characters": 1000,
            "max_media_attachments": 6,
            "characters_reserved_per_url": 30,
        },
        "media_attachments": {"description_limit": 1500, "image_size_limit": 16777216},
        "polls": {"max_options": 4},
    },
}


def test_instance_limits_from_v2() -> None:
    channel = mastodon.instance_limits(V2)
    assert channel.id == "mastodon"
    assert (channel.limits.text, channel.limits.url_length) == (1000, 30)
    assert (channel.limits.media, channel.limits.alt_text) == (6, 1500)
    assert channel.text_rules.url_length == 30
    assert "https://xarxa.soldeneu.es/api/v2/instance" in channel.sources
    measured = measure("Agenda: https://www.soldeneu.es/agenda", channel)
    assert (measured.length, measured.limit) == (8 + 30, 1000)
    assert measure("a" * 1000, channel).valid is True
    assert measure("a" * 1001, channel).valid is False


def test_instance_limits_from_v1_and_older_servers() -> None:
    v1 = {"uri": "xarxa.soldeneu.es", "configuration": {"statuses": {"max_characters": 500}}}
    channel = mastodon.instance_limits(v1)
    assert (channel.limits.text, channel.limits.url_length, channel.limits.media) == (500, 23, 4)
    pleroma = {"uri": "https://pleroma.example", "max_toot_chars": 5000}
    channel = mastodon.instance_limits(pleroma)
    assert channel.limits.text == 5000
    assert "https://pleroma.example/api/v2/instance" in channel.sources


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ([], None),
        ({}, "configuration.statuses.max_characters"),
        ({"configuration": {"statuses": []}}, "configuration.statuses.max_characters"),
        (
            {"configuration": {"statuses": {"max_characters": "500"}}},
            "configuration.statuses.max_characters",
        ),
        (
            {"configuration": {"statuses": {"max_characters": True}}},
            "configuration.statuses.max_characters",
        ),
        (
            {"configuration": {"statuses": {"max_characters": 500.0}}},
            "configuration.statuses.max_characters",
        ),
        (
            {"configuration": {"statuses": {"max_characters": 0}}},
            "configuration.statuses.max_characters",
        ),
        (
            {
                "configuration": {
                    "statuses": {"max_characters": 500, "characters_reserved_per_url": -1}
                }
            },
            "configuration.statuses.characters_reserved_per_url",
        ),
        ({"max_toot_chars": None}, "max_toot_chars"),
    ],
)
def test_malformed_instance_documents(document: Any, where: str | None) -> None:
    with pytest.raises(ConfigError) as raised:
        mastodon.instance_limits(document)
    assert raised.value.where == where
    assert raised.value.es and raised.value.en
    assert raised.value.es != raised.value.en
