"""Precision of ``tone`` (issue 16): the forms of "as we have already said" that reproach the
citizen are found in the four languages; the council citing where it said something is not.

Every message is a reply of a made-up body (Ayuntamiento de Villanueva del Arroyo, Ajuntament de
Soldeneu, Concello de Ribadeira, Udala de Urdiain).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from govsm.builtin.rules.tone import LANGUAGES, reproaches
from govsm.model import Direction, Message, MessageKind, MessageState, Severity
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker

_MOMENT = datetime(2026, 11, 20, 10, tzinfo=UTC)


def _found(host: PluginHost, text: str, lang: str | None) -> list[tuple[str, Severity]]:
    message = Message(
        organisation="villanueva",
        id="r1",
        profile="x-ayto",
        direction=Direction.OUTBOUND,
        kind=MessageKind.REPLY,
        state=MessageState.DRAFT,
        text=text,
        language=lang,
        reply_to="c1",
        created_at=_MOMENT,
    )
    result = Checker({"tone": host.rules()["tone"]}, host.channels()).check(message)
    return [(text[f.span.start : f.span.end], f.severity) for f in result.findings if f.span]


W = Severity.WARNING

REPROACHES = [
    ("es", "Como ya hemos comentado, el plazo terminó el viernes.", "Como ya hemos comentado"),
    ("es", "Como ya hemos dicho, la piscina abre en junio.", "Como ya hemos dicho"),
    ("es", "Como ya se ha informado, las obras acaban en marzo.", "Como ya se ha informado"),
    ("es", "Como ya indicamos, el servicio es gratuito.", "Como ya indicamos"),
    ("es", "Tal y como se indicó, las inscripciones se cerraron el día 5.", "Tal y como se indicó"),
    ("es", "Tal como ya le explicamos, no es competencia municipal.", "Tal como ya le explicamos"),
    ("es", "Como le hemos dicho en varias ocasiones, no hay fecha.", "Como le hemos dicho"),
    ("es", "Según le hemos informado, la solicitud está incompleta.", "Según le hemos informado"),
    ("es", "Como ya se le ha dicho, la licencia está concedida.", "Como ya se le ha dicho"),
    ("es", "Como hemos repetido, el parque cierra a las 22 h.", "Como hemos repetido"),
    ("es", "COMO YA LE HEMOS DICHO, el plazo acabó.", "COMO YA LE HEMOS DICHO"),
    ("es", "Le recordamos de nuevo que el plazo está cerrado.", "Le recordamos de nuevo"),
    ("es", "Volvemos a recordarle que los perros deben ir atados.", "Volvemos a recordarle"),
    ("ca", "Com ja us vam dir, l'horari és de 9 a 14.", "Com ja us vam dir"),
    ("ca", "Com ja t’hem explicat, no és competència municipal.", "Com ja t’hem explicat"),
    ("ca", "Tal com es va indicar, les inscripcions han acabat.", "Tal com es va indicar"),
    ("ca", "Com ja s'ha informat, el termini ha acabat.", "Com ja s'ha informat"),
    ("ca", "Li recordem una vegada més que no es pot aparcar.", "Li recordem una vegada més"),
    ("gl", "Como xa lle indicamos, o prazo rematou.", "Como xa lle indicamos"),
    ("gl", "Tal e como se informou, as obras rematan en marzo.", "Tal e como se informou"),
    ("gl", "Lembrámoslle de novo que o prazo está pechado.", "Lembrámoslle de novo"),
    ("eu", "Dagoeneko esan dugun bezala, epea amaitu da.", "Dagoeneko esan dugun bezala"),
    ("eu", "Esan dizugun bezala, epea amaitu da.", "Esan dizugun bezala"),
    ("eu", "Berriro gogorarazten dizugu epea amaitu dela.", "Berriro gogorarazten dizugu"),
    (None, "Como ya hemos comentado, el plazo terminó el viernes.", "Como ya hemos comentado"),
]


@pytest.mark.parametrize(("lang", "text", "piece"), REPROACHES, ids=[r[2] for r in REPROACHES])
def test_as_we_already_said_is_a_reproach(
    govsm_host: PluginHost, lang: str | None, text: str, piece: str
) -> None:
    assert _found(govsm_host, text, lang) == [(piece, W)]


NEUTRAL = [
    ("es", "Como hemos comentado en la rueda de prensa de hoy, el presupuesto crece un 4 %."),
    ("es", "Tal y como se indicó en el bando, el mercado se traslada a la plaza."),
    ("es", "Como le hemos indicado por privado, el técnico irá el lunes."),
    ("es", "Como informamos ayer, la carretera está cortada."),
    ("es", "Como dijo el alcalde en el pleno, habrá ayudas."),
    ("es", "Como ya dijo la concejala, habrá más plazas."),
    ("es", "Como cada año, la feria se celebra en mayo."),
    ("es", "Como decimos en Villanueva, ¡bienvenidos!"),
    ("ca", "Com vam dir ahir a la roda de premsa, el pressupost creix."),
    ("gl", "Como informamos onte, a estrada está cortada."),
    ("eu", "Atzo esan genuen bezala, epea bihar amaituko da."),
    ("eu", "Prentsaurrekoan esan dugun bezala, aurrekontua handitu da."),
]


@pytest.mark.parametrize(("lang", "text"), NEUTRAL, ids=[n[1][:40] for n in NEUTRAL])
def test_citing_where_it_was_said_is_not(govsm_host: PluginHost, lang: str, text: str) -> None:
    assert _found(govsm_host, text, lang) == []


@pytest.mark.parametrize(
    ("lang", "text", "piece"),
    [
        ("es", "Le recordamos que puede pedir cita en la sede electrónica.", "Le recordamos"),
        ("ca", "Li recordem que pot demanar cita prèvia.", "Li recordem"),
        ("gl", "Lembrámoslle que pode pedir cita previa.", "Lembrámoslle"),
        ("eu", "Gogorarazten dizugu aurretiko hitzordua eska dezakezula.", "Gogorarazten dizugu"),
    ],
)
def test_a_plain_reminder_is_only_info(
    govsm_host: PluginHost, lang: str, text: str, piece: str
) -> None:
    assert _found(govsm_host, text, lang) == [(piece, Severity.INFO)]


def test_a_list_phrase_and_a_pattern_give_one_finding(govsm_host: PluginHost) -> None:
    text = "Como ya le hemos dicho, no es nuestro problema."
    assert _found(govsm_host, text, None) == [
        ("Como ya le hemos dicho", W),
        ("no es nuestro problema", W),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_its_forms(language: str) -> None:
    found = reproaches(language)
    assert found is not None
    assert found.said.pattern and found.reminder.pattern
