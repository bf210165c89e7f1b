"""Precision of ``fake-bold`` and ``all-caps`` (issue 16).

fake-bold: the emoji 🅰️ 🅱️ 🅾️ 🅿️ Ⓜ️ are not fake letters, words spelt with regional indicators
are, and the plain-text suggestion keeps accents. all-caps: Roman numerals and abbreviated days
and months are not shouting, and a run of capitals stops at an emoji or a tag; real shouting is
still found. Texts are made up.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest

from govsm.builtin.rules.typography import plain_text
from govsm.model import Direction, Finding, Message, MessageKind, MessageState
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker

_MOMENT = datetime(2026, 11, 20, 10, tzinfo=UTC)


def _findings(host: PluginHost, rule: str, text: str) -> list[Finding]:
    message = Message(
        organisation="villanueva",
        id="p1",
        profile="x-ayto",
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=text,
        created_at=_MOMENT,
    )
    checker = Checker({rule: host.rules()[rule]}, host.channels())
    return list(checker.check(message, host.channels()["x"]).findings)


def _pieces(host: PluginHost, rule: str, text: str) -> list[str]:
    return [text[f.span.start : f.span.end] for f in _findings(host, rule, text) if f.span]


# --- fake-bold: emoji that look like letters ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hacen falta donantes de los grupos 🅰️ 🅱️ 🅾️ y 🆎: os esperamos en el centro de salud.",
        "Donantes 0- y 🅾 negativo, pasad por la unidad móvil.",
        "🅿️ Parking gratuito junto al recinto ferial.",
        "🅿 Aparcamiento disuasorio en la calle Real.",
        "Ⓜ️ Parada de metro: Plaza Mayor.",
        "Fondos europeos 🇪🇸🇪🇺 para la rehabilitación del mercado.",
        "Hermanamiento con Portugal y Francia 🇪🇸 🇵🇹 🇫🇷",
        "Día de Canarias 🇮🇨 y solidaridad con Ucrania 🇺🇦.",
    ],
)
def test_standard_emoji_and_flags_are_not_fake_letters(host: PluginHost, text: str) -> None:
    assert _pieces(host, "fake-bold", text) == []


@pytest.mark.parametrize(
    ("text", "piece", "plain"),
    [
        ("🇮 🇳 🇫 🇴 sobre la feria", "🇮 🇳 🇫 🇴", "INFO"),
        ("Mañana: 🇻\u200b🇴\u200b🇹\u200b🇦", "🇻\u200b🇴\u200b🇹\u200b🇦", "VOTA"),
        ("¡🇳🇪🇼! Nueva biblioteca", "🇳🇪🇼", "NEW"),  # odd: one letter left unpaired
        ("🇧🇴🇱🇪🇹🇦 de la rifa solidaria", "🇧🇴🇱🇪🇹🇦", "BOLETA"),  # LE is no flag
        ("🇫🇮🇪🇸🇹🇦 mayor de Villanueva", "🇫🇮🇪🇸🇹🇦", "FIESTA"),  # flags spelling a word
        ("🇭 🇴 🇱 🇦   🇦 🇲 🇮 🇬 🇴 🇸, bienvenidos", "🇭 🇴 🇱 🇦   🇦 🇲 🇮 🇬 🇴 🇸", "HOLA AMIGOS"),
    ],
)
def test_regional_indicators_used_as_letters(
    host: PluginHost, text: str, piece: str, plain: str
) -> None:
    [finding] = _findings(host, "fake-bold", text)
    assert finding.span is not None
    assert text[finding.span.start : finding.span.end] == piece
    assert f"'{plain}'" in finding.suggestion.en if finding.suggestion else False
    assert "regional indicator symbols" in finding.message.en
    assert "mathematical" not in finding.message.en


def test_look_alike_letters_are_not_called_mathematical(host: PluginHost) -> None:
    [finding] = _findings(host, "fake-bold", "🅿🅰🆁🅺🅸🅽🅶 gratuito")
    assert "Unicode symbols that imitate letters" in finding.message.en
    assert finding.suggestion is not None and "'PARKING'" in finding.suggestion.en
    [finding] = _findings(host, "fake-bold", "𝗔𝗩𝗜𝗦𝗢: corte de agua")
    assert "mathematical" in finding.message.en


@pytest.mark.parametrize(
    ("styled", "plain"),
    [
        ("𝗔𝗤𝗨𝗜\u0301", "AQUÍ"),
        ("𝗖𝗔𝗠𝗜𝗢\u0301𝗡", "CAMIÓN"),
        ("𝘢𝘲𝘶𝘪\u0301", "aquí"),
        ("𝐏𝐈𝐍\u0303𝐀", "PIÑA"),
        ("𝗖𝗢𝗟\u00b7𝗟𝗘𝗖𝗧𝗜𝗨", "COL·LECTIU"),
    ],
)
def test_plain_text_keeps_accents(styled: str, plain: str) -> None:
    assert plain_text(styled) == plain
    assert unicodedata.is_normalized("NFC", plain_text(styled))


def test_the_suggestion_keeps_the_final_accent(host: PluginHost) -> None:
    text = "¡Ya está 𝗔𝗤𝗨𝗜\u0301 la feria!"
    [finding] = _findings(host, "fake-bold", text)
    assert finding.span is not None
    assert text[finding.span.start : finding.span.end] == "𝗔𝗤𝗨𝗜\u0301"
    assert finding.suggestion is not None
    assert "'AQUÍ'" in finding.suggestion.en
    assert "AQUI'" not in finding.suggestion.en


# --- all-caps ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "II FERIA DEL LIBRO en la plaza Mayor, del 3 al 5 de mayo.",
        "XXV ANIVERSARIO DEL COLEGIO: acto el sábado en el patio.",
        "Arte del SIGLO XXI en el museo municipal: visitas guiadas todo el mes.",
        "Recogida de enseres: LUN 03 MAR y JUE 05 MAR, en el barrio de la Estación.",
        "Concierto de Año Nuevo: DOM 04 ENE, 19 h. Entradas desde el 15 DIC.",
        "Horari: DIV 14 FEB i DISS 15 FEB, de 10 a 14 h. Tancat DIUM 16.",
        "Horario da biblioteca: LUN-VEN de 9 a 14 h; XOV 12 XAN, pechada.",
        "Liburutegia: AR 12 URR eta OG 14 URR itxita egongo da.",
        "🎭 TEATRO 🎶 MÚSICA 🎨 PINTURA 🎬 CINE: la programación de otoño de la Casa de Cultura "
        "ya está en la web municipal.",
        "Ven a las FIESTAS #SanJuanVillanueva DE LA PLAYA con toda la familia y amigos.",
        "Llega la SEMANA 🌳 VERDE 🌳 DE VILLANUEVA: rutas, talleres y plantación de árboles.",
    ],
)
def test_numerals_dates_and_runs_across_emoji_or_tags_are_not_shouting(
    host: PluginHost, text: str
) -> None:
    assert _pieces(host, "all-caps", text) == []


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        (
            "MAÑANA SE CORTA EL AGUA EN TODO EL BARRIO de 8 a 14 horas",
            "MAÑANA SE CORTA EL AGUA EN TODO EL BARRIO",
        ),
        ("¡NO TE LO PIERDAS! 🎉 Ven a la fiesta del barrio este sábado.", "NO TE LO PIERDAS"),
        ("VEN AL MAR CON NOSOTROS este verano a la playa del pueblo.", "VEN AL MAR CON NOSOTROS"),
        (
            "II FERIA: NO HAY APARCAMIENTO EN LA PLAZA durante los tres días.",
            "NO HAY APARCAMIENTO EN LA PLAZA",
        ),
        (
            "Aviso 📢 EL MERCADO SEMANAL SE TRASLADA A LA AVENIDA este martes.",
            "EL MERCADO SEMANAL SE TRASLADA A LA AVENIDA",
        ),
    ],
)
def test_real_shouting_still_fires(host: PluginHost, text: str, piece: str) -> None:
    assert _pieces(host, "all-caps", text) == [piece]


@pytest.fixture
def host(govsm_host: PluginHost) -> PluginHost:
    return govsm_host
