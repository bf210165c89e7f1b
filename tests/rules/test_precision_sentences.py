"""Precision of ``long-sentences`` and of the sentences ``readability-es`` counts (issue 16).

The block of hashtags, mentions and links that closes a post is no part of its last sentence;
a mark followed by an emoji still ends a sentence; an emoji between a word and a capital (a
bullet, or an emoji used as a full stop) ends one too. Long sentences are still found. Texts are
made up.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.language.readability import prose, readability
from govsm.model import Direction, Finding, Message, MessageKind, MessageState
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.rules.wording import WORD, sentences
from govsm.text import measure

_MOMENT = datetime(2026, 11, 20, 10, tzinfo=UTC)


def _findings(host: PluginHost, text: str, kind: MessageKind = MessageKind.POST) -> list[Finding]:
    message = Message(
        organisation="villanueva",
        id="p1",
        profile="x-ayto",
        direction=Direction.OUTBOUND,
        kind=kind,
        state=MessageState.DRAFT,
        text=text,
        reply_to="c1" if kind is MessageKind.REPLY else None,
        created_at=_MOMENT,
    )
    checker = Checker({"long-sentences": host.rules()["long-sentences"]}, host.channels())
    return list(checker.check(message, host.channels()["x"]).findings)


def _pieces(host: PluginHost, text: str, kind: MessageKind = MessageKind.POST) -> list[str]:
    return [text[f.span.start : f.span.end] for f in _findings(host, text, kind) if f.span]


#: 24 words, one under the limit with the tags that follow
TWENTY_FOUR = (
    "Este sábado celebramos en la plaza Mayor la fiesta de la vendimia con música, talleres "
    "para los más pequeños y una comida popular gratuita"
)
TAGS = " #FiestasVillanueva #Vendimia2026 #Cultura @AytoVillanueva @CulturaVilla https://t.co/ab12"


def test_the_closing_block_of_tags_is_not_part_of_the_last_sentence(host: PluginHost) -> None:
    assert len(WORD.findall(TWENTY_FOUR)) == 24
    assert _pieces(host, TWENTY_FOUR + TAGS) == []
    assert _pieces(host, TWENTY_FOUR + "." + TAGS) == []
    assert _pieces(host, TWENTY_FOUR + " 🍇🎉" + TAGS) == []
    assert _pieces(host, TWENTY_FOUR + "\n\n" + TAGS.strip() + " · #Villanueva") == []


def test_a_long_sentence_before_the_tags_is_found_without_them(host: PluginHost) -> None:
    text = TWENTY_FOUR + " abierta a todo el vecindario" + TAGS
    [finding] = _findings(host, text)
    assert finding.span is not None
    assert text[finding.span.start : finding.span.end].endswith("abierta a todo el vecindario")
    assert "29 words" in finding.message.en


def test_a_line_of_tags_and_the_mentions_a_reply_opens_with(host: PluginHost) -> None:
    line = TWENTY_FOUR + ".\n#Vendimia2026 #Cultura #Villanueva #Fiestas\nHasta el domingo."
    assert _pieces(host, line) == []
    reply = "@vecina_ana @juanperez " + TWENTY_FOUR + "."
    assert _pieces(host, reply, MessageKind.REPLY) == []


def test_a_hashtag_inside_a_sentence_is_still_a_word(host: PluginHost) -> None:
    text = TWENTY_FOUR.replace("la vendimia", "la #Vendimia") + " abierta a todos."
    assert _pieces(host, text) == [text]


@pytest.mark.parametrize("mark", ["!", "?", "."])
@pytest.mark.parametrize("emoji", ["🎉", "🚲", "1️⃣", "👩‍👩‍👧"])
def test_a_mark_followed_by_an_emoji_ends_the_sentence(
    host: PluginHost, mark: str, emoji: str
) -> None:
    first = "¡Ya está aquí la Semana de la Movilidad con rutas en bici por todo el municipio"
    second = "Durante toda la semana habrá talleres de reparación y actividades en el parque"
    assert _pieces(host, f"{first}{mark}{emoji} {second}.") == []
    assert _pieces(host, f"{first}{mark} {emoji} {second}.") == []


def test_an_emoji_between_a_word_and_a_capital_ends_the_sentence(host: PluginHost) -> None:
    text = (
        "Ven a la fiesta de fin de curso del colegio público con tus amigos y tu familia 🎉 "
        "Habrá música, juegos, hinchables y chocolatada para los niños del barrio 🎈 Empieza "
        "a las cinco"
    )
    assert _pieces(host, text) == []
    inline = "📍 Plaza Mayor 🕖 19 h 🎟️ Entrada libre hasta completar el aforo del auditorio"
    assert [inline[a:b] for a, b in sentences(prose(inline))] == [
        "Plaza Mayor 🕖",
        "19 h 🎟️",
        "Entrada libre hasta completar el aforo del auditorio",
    ]


def test_emoji_bullets_at_line_starts_start_sentences(host: PluginHost) -> None:
    text = (
        "Programa de las fiestas del barrio de San Juan para este fin de semana largo\n"
        "🎵 Sábado: concierto de la banda municipal en la plaza\n"
        "🍽️ Domingo: comida popular y juegos para los más pequeños en el parque"
    )
    assert _pieces(host, text) == []


def test_a_lower_case_word_after_the_emoji_continues_the_sentence() -> None:
    text = "Gracias a todas las personas voluntarias 💚 que han hecho posible la carrera"
    assert len(sentences(prose(text))) == 1


def test_readability_counts_emoji_as_sentence_ends() -> None:
    text = "El parque abre hoy 🌳 Hay juegos para todos 🎈 Ven con tu familia"
    figures = readability(text)
    assert figures is not None
    assert figures.sentences == 3


_PIECES = ["a", "B", " ", "\n", ".", "!", "🎉", " #Fira ", "@veina", "1️⃣", "é", "https://t.co/x"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_prose_keeps_every_offset_and_line(text: str) -> None:
    prepared = prose(text, measure(text, "x").entities)
    assert len(prepared) == len(text)
    assert [i for i, c in enumerate(prepared) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]


@pytest.fixture
def host(govsm_host: PluginHost) -> PluginHost:
    return govsm_host
