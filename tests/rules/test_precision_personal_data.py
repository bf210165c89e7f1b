"""Precision of ``personal-data`` (issue 16): the organisation's own numbers and domains are
never flagged, public-service numbers are not personal data, severities mean what they say, and
the phone prefilter lets digits that are no phone number through without parsing them.

The bodies, numbers and addresses are made up (Ayuntamiento de Villanueva del Arroyo, Concello de
Ribadeira, Ajuntament de Soldeneu).
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest

from govsm.model import (
    Direction,
    Message,
    MessageKind,
    MessageState,
    Organisation,
    OrganisationKind,
    OrganisationSnapshot,
    RuleConfig,
    Severity,
    Unit,
)
from govsm.model.policy import Policy
from govsm.plugins import PluginHost
from govsm.rules import contact_details
from govsm.rules.contact_details import CANDIDATE, own_numbers
from govsm.rules.engine import Checker
from govsm.serialization import structure, unstructure

_MOMENT = datetime(2026, 11, 20, 10, tzinfo=UTC)


def _message(text: str, kind: MessageKind = MessageKind.POST) -> Message:
    return Message(
        organisation="villanueva",
        id="m1",
        profile="x-ayto",
        direction=Direction.OUTBOUND,
        kind=kind,
        state=MessageState.DRAFT,
        text=text,
        reply_to="m0" if kind is MessageKind.REPLY else None,
        created_at=_MOMENT,
    )


def _organisation(**changes: object) -> Organisation:
    values: dict[str, object] = {
        "id": "villanueva",
        "name": "Ayuntamiento de Villanueva del Arroyo",
        "kind": OrganisationKind.AYUNTAMIENTO,
        "languages": ("es",),
        "timezone": "Atlantic/Canary",
    }
    values.update(changes)
    return Organisation(**values)  # type: ignore[arg-type]


def _snapshot(
    severity: Severity | None = None, units: tuple[Unit, ...] = (), **changes: object
) -> OrganisationSnapshot:
    policy = None
    if severity is not None:
        policy = Policy(
            organisation="villanueva",
            version="1",
            coordinating_unit="comunicacion",
            rules=(RuleConfig(id="personal-data", severity=severity),),
        )
    return OrganisationSnapshot(organisation=_organisation(**changes), units=units, policy=policy)


def _findings(
    host: PluginHost,
    text: str,
    kind: MessageKind = MessageKind.POST,
    snapshot: OrganisationSnapshot | None = None,
    **params: object,
) -> list[tuple[str, Severity, str]]:
    rule = host.rules()["personal-data"]
    if params:
        rule = attrs.evolve(rule, params={**rule.params, **params})
    result = Checker({"personal-data": rule}, host.channels(), snapshot).check(_message(text, kind))
    return [
        (text[f.span.start : f.span.end] if f.span else "", f.severity, f.message.en)
        for f in result.findings
    ]


def _pieces(host: PluginHost, text: str, **kwargs: object) -> list[str]:
    return [piece for piece, _, _ in _findings(host, text, **kwargs)]  # type: ignore[arg-type]


# --- the organisation's own numbers ---------------------------------------------------------------

OWN = _snapshot(
    phones=("922 123 456", "922 123 400 – 922 123 499", "+34 928 555 010-019", "600 700 800"),
    domains=("villanuevadelarroyo.es",),
)


@pytest.mark.parametrize(
    "text",
    [
        "Policía Local: 922 123 456 (24 horas).",
        "Oficina de Turismo, teléfono 922 123 457; Biblioteca, 922 123 498.",
        "Atención ciudadana en el 922 12 34 70 o en el +34 922 123 471.",
        "Servicio de Deportes: 928 555 012 y 928 555 019.",
        "Durante la borrasca, el Ayuntamiento habilita el teléfono 600 700 800 para emergencias.",
        "Para incidencias, llame al 922 123 400 – 922 123 499, de lunes a viernes.",
    ],
)
def test_declared_numbers_and_ranges_are_the_organisations(host: PluginHost, text: str) -> None:
    assert _pieces(host, text, snapshot=OWN) == []
    assert _pieces(host, text, kind=MessageKind.REPLY, snapshot=OWN) == []


def test_a_number_outside_the_declared_ranges_is_still_found(host: PluginHost) -> None:
    found = _findings(host, "Llame a la empresa adjudicataria, 922 123 501.", snapshot=OWN)
    assert [(p, s) for p, s, _ in found] == [("922 123 501", Severity.WARNING)]
    assert "not among the organisation's" in found[0][2]


def test_allowed_phones_take_ranges_too(host: PluginHost) -> None:
    text = "Centro de Mayores: 958 201 233."
    assert _pieces(host, text) == ["958 201 233"]
    assert _pieces(host, text, allowed_phones=["958 201 200-299"]) == []
    assert _pieces(host, text, allowed_phones=["958201200 - 958201299"]) == []


def test_own_numbers_reads_every_form() -> None:
    own = own_numbers(("922 123 400-499", "(928) 55 50 10 – (928) 55 50 19", "010", "x"), "ES")
    assert own.declared
    assert own.covers(34, 922123450) and not own.covers(34, 922123500)
    assert own.covers(34, 928555015) and not own.covers(34, 928555020)


def test_phones_in_govsm_toml_round_trip_and_are_checked() -> None:
    organisation = _organisation(phones=("922 123 400 - 922 123 499",))
    data = unstructure(organisation)
    assert data["phones"] == ["922 123 400 - 922 123 499"]
    assert structure(data, Organisation) == organisation
    assert "phones" not in unstructure(_organisation())  # old stored documents stay equal
    with pytest.raises(ValueError, match="phones"):
        _organisation(phones=("Policía: 092",))


# --- public-service numbers are not personal data --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Emergencias 112, Policía Local 092, Policía Nacional 091, Guardia Civil 062.",
        "Información municipal en el 010; violencia machista, 016 (no deja rastro en la factura).",
        "Teléfono gratuito de atención: 900 123 456. También el 800 100 200.",
        "Cita previa en el 901 100 200 o en el 902 123 456.",
        "Centralita del Concello: 981 55 66 00.",
        "Switchboard: +34 928 300 100.",
    ],
)
def test_public_service_numbers_never_fire(host: PluginHost, text: str) -> None:
    assert _pieces(host, text) == []
    assert _pieces(host, text, kind=MessageKind.REPLY) == []


# --- severities -----------------------------------------------------------------------------------


def test_a_mobile_in_a_reply_is_an_error_and_in_a_post_a_warning(host: PluginHost) -> None:
    reply = "Puede hablar con la monitora, Sara, en el 654 321 987."
    [(piece, severity, message)] = _findings(host, reply, kind=MessageKind.REPLY)
    assert (piece, severity) == ("654 321 987", Severity.ERROR)
    assert "in a reply it is usually a private person's" in message
    [(_, severity, _)] = _findings(host, reply)
    assert severity is Severity.WARNING
    international = "Escríbale por WhatsApp al +34 712 345 678."
    assert [s for _, s, _ in _findings(host, international, kind=MessageKind.REPLY)] == [
        Severity.ERROR
    ]


def test_a_fixed_line_is_a_warning_even_in_a_reply_when_numbers_are_declared(
    host: PluginHost,
) -> None:
    text = "Puede llamar a la academia al 928 41 22 35."
    declared = _snapshot(phones=("928 40 12 00",))
    found = _findings(host, text, kind=MessageKind.REPLY, snapshot=declared)
    assert [s for _, s, _ in found] == [Severity.WARNING]


def test_undeclared_numbers_say_govsm_cannot_tell(host: PluginHost) -> None:
    [(_, severity, message)] = _findings(host, "Si lo ve, llame al 612 41 22 35.")
    assert severity is Severity.WARNING
    assert "no phone numbers of the organisation are declared" in message
    assert "cannot tell" in message


@pytest.mark.parametrize("kind", [MessageKind.POST, MessageKind.REPLY])
def test_an_undeclared_fixed_line_is_info_and_says_why(host: PluginHost, kind: MessageKind) -> None:
    # with nothing declared to compare with, a fixed line is far more often a service's or a
    # business's than a private person's (whose numbers are mobiles)
    text = "Puede llamar a la academia al 928 41 22 35."
    [(_, severity, message)] = _findings(host, text, kind=kind)
    assert severity is Severity.INFO
    assert "cannot tell" in message
    assert "it is a fixed line" in message


def test_a_service_label_lowers_the_finding_one_level(host: PluginHost) -> None:
    fixed = "Policía Local de Ribadeira: 981 40 12 34."
    [(_, severity, message)] = _findings(host, fixed)
    assert severity is Severity.INFO
    assert "public service's line" in message
    mobile = "El teléfono de emergencias del Ayuntamiento es el 636 123 456."
    assert [s for _, s, _ in _findings(host, mobile, kind=MessageKind.REPLY)] == [Severity.WARNING]


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        # what a line is for, right before it: a body's line, one level lower (info)
        ("Cita previa: 968 22 33 44 o en la sede electrónica.", Severity.INFO),
        ("Per a més informació podeu telefonar al 96 234 56 78 (ext. 2).", Severity.INFO),
        ("Izen-ematea Udaletxean, 943 123 456 telefonoan.", Severity.INFO),
        ("Inscripcions: 965 12 34 56, de dilluns a divendres.", Severity.INFO),
        ("Puede llamar al 965 55 12 34 (Servicios Sociales) de 9 a 14 h.", Severity.INFO),
        # an extension: a switchboard's; a municipal centre named before the number
        (
            "Inscripciones en el Centro de Mayores o llamando al 954 12 34 56 (ext. 3).",
            Severity.INFO,
        ),
        ("Dudas: Agencia de Desarrollo Local, en el 925 45 67 89.", Severity.INFO),
        ("Reserva a la Casa de Cultura al 977 12 34 56, extensió 214.", Severity.INFO),
        # a person named between, or more than four words between: still a warning
        ("Para más información, llamad a Rosa al 600 44 55 66.", Severity.WARNING),
        (
            "Inscripciones abiertas hasta el viernes en la web o llamando al 600 44 55 66.",
            Severity.WARNING,
        ),
    ],
)
def test_what_a_line_is_for_names_a_service_right_before_it(
    host: PluginHost, text: str, severity: Severity
) -> None:
    assert [s for _, s, _ in _findings(host, text)] == [severity]


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("Ha aparecido una cartera con el DNI 48291736Q en el parque.", Severity.ERROR),
        ("Admitida: Ana C., NIE Z-7654321-H.", Severity.ERROR),
        ("Ingrese la fianza en ES60 0049 1500 0512 3456 7892.", Severity.ERROR),
        ("Afiliación 46/03456789/04.", Severity.ERROR),
    ],
)
def test_identity_and_bank_numbers_stay_errors(
    host: PluginHost, text: str, severity: Severity
) -> None:
    assert [s for _, s, _ in _findings(host, text)] == [severity]


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        # an account the words around it give to a public body: info, and it says why
        (
            "Transferencia a la cuenta del Ayuntamiento ES91 2100 0418 4502 0005 1332.",
            Severity.INFO,
        ),
        (
            "Fianza: ES91 2100 0418 4502 0005 1332, a nombre del Concello de Ribadeira.",
            Severity.INFO,
        ),
        ("Compte de l'Ajuntament per a la taxa: ES91 2100 0418 4502 0005 1332.", Severity.INFO),
        # the holder named right after "a nombre de", however long the line goes on
        (
            "Fianza: ES91 2100 0418 4502 0005 1332, a nombre del Concello de Ribadeira, indicando "
            "nome, apelidos e DNI da persoa solicitante.",
            Severity.INFO,
        ),
        # a person holds it, or nothing says who does: still an error
        (
            "Ayuda a la familia: ES91 2100 0418 4502 0005 1332 (titular: María Gómez).",
            Severity.ERROR,
        ),
        (
            "Ingrese la fianza en ES91 2100 0418 4502 0005 1332. El Ayuntamiento la devuelve.",
            Severity.ERROR,
        ),
    ],
)
def test_an_account_named_as_a_public_bodys_is_info(
    host: PluginHost, text: str, severity: Severity
) -> None:
    [(_, found, message)] = _findings(host, text)
    assert found is severity
    assert ("public body's account" in message) is (severity is Severity.INFO)


def test_the_policy_severity_is_a_ceiling(host: PluginHost) -> None:
    text = "DNI 48291736Q; llame a Sara al 654 321 987; Policía Local: 981 40 12 34."
    as_warning = _findings(host, text, kind=MessageKind.REPLY, snapshot=_snapshot(Severity.WARNING))
    assert [s for _, s, _ in as_warning] == [Severity.WARNING, Severity.WARNING, Severity.INFO]
    as_info = _findings(host, text, kind=MessageKind.REPLY, snapshot=_snapshot(Severity.INFO))
    assert {s for _, s, _ in as_info} == {Severity.INFO}


# --- e-mail addresses -----------------------------------------------------------------------------


def test_without_declared_domains_an_address_is_info_and_says_why(host: PluginHost) -> None:
    [(_, severity, message)] = _findings(host, "Escriba a cultura@villanuevadelarroyo.es.")
    assert severity is Severity.INFO
    assert "no institutional domains are declared" in message
    assert "non-institutional" not in message


def test_the_organisations_domains_website_and_units_are_its_own(host: PluginHost) -> None:
    text = "Escriba a cultura@villanuevadelarroyo.es o a deportes@sede.villanuevadelarroyo.es."
    assert _pieces(host, text, snapshot=OWN) == []
    website = _snapshot(website="https://www.villanuevadelarroyo.es")
    assert _pieces(host, text, snapshot=website) == []
    unit = Unit(
        organisation="villanueva",
        id="juventud",
        name="Casa de la Juventud",
        email="juventud.villanueva@gmail.com",
    )
    own_gmail = "Inscripciones en juventud.villanueva@gmail.com."
    assert _pieces(host, own_gmail, snapshot=_snapshot(units=(unit,))) == []


def test_a_webmail_address_is_a_warning_with_or_without_domains(host: PluginHost) -> None:
    text = "Envíe la solicitud a lucia.perez.1990@gmail.com."
    for snapshot in (None, OWN):
        [(_, severity, message)] = _findings(host, text, snapshot=snapshot)
        assert severity is Severity.WARNING
        assert "personal webmail service (gmail.com)" in message


def test_another_bodys_address_is_info(host: PluginHost) -> None:
    [(_, severity, message)] = _findings(
        host, "Dudas sobre el SEPE: empleo@sepe-example.es.", snapshot=OWN
    )
    assert severity is Severity.INFO
    assert "outside the organisation's domains" in message


# --- the phone prefilter ----------------------------------------------------------------------------

NOT_PHONES = [
    "Pleno ordinario el 28/11/2026 a las 10:00 en el Salón de Plenos.",
    "Del 20-11-2026 10:00 al 22-11-2026 14:00, corte de tráfico.",
    "Expte. 2024/123456. Licencia de obra mayor, calle Real 12, CP 38001.",
    "Presupuesto 2026: 12.345.678,90 euros; 1.250.000 € para inversiones.",
    "Programa 2023 2024 2025: 150 actividades, 3.500 plazas, 48 horas.",
    "Horario: 9.00-14.00 y 16.30-19.30. Sábados, 10.00-13.00.",
    "Ganadores: números 12345, 67890, 24680 y 13579.",
    "Resolución 2026/4567 de 15 de noviembre, BOP núm. 138.",
]


@pytest.mark.parametrize("text", NOT_PHONES)
def test_digits_that_are_no_phone_never_reach_phonenumbers(text: str) -> None:
    assert CANDIDATE.search(text) is None


PHONES = [
    ("Llame al 654 321 987.", "654 321 987"),
    ("Tel. 928.41.22.35", "928.41.22.35"),
    ("Tlf: 928-412-235", "928-412-235"),
    ("WhatsApp (+34) 654 32 19 87", "(+34) 654 32 19 87"),
    ("móvil 0034 654321987", "0034 654321987"),
    ("Llamadme:654321987", "654321987"),
    ("Portugal: +351 912 345 678", "+351 912 345 678"),
]


@pytest.mark.parametrize(("text", "number"), PHONES)
def test_phone_formats_are_still_found(host: PluginHost, text: str, number: str) -> None:
    assert _pieces(host, text) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Expte. 928 412 235: licencia concedida.",
        "Ref. 654321987 del registro.",
        "Inversión de 912.345.678 euros en la red de agua.",
        "Un presupuesto de 612.345.678 €.",
    ],
)
def test_references_and_amounts_are_not_phones(host: PluginHost, text: str) -> None:
    assert _pieces(host, text) == []


def test_the_prefilter_spares_phonenumbers(
    host: PluginHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = contact_details.parse_number

    def counting(raw: str, region: str) -> object:
        calls.append(raw)
        return original(raw, region)

    monkeypatch.setattr(contact_details, "parse_number", counting)
    contact_details._classified.cache_clear()  # numbers other tests parsed are remembered
    for text in NOT_PHONES:
        _findings(host, text)
    assert calls == []
    _findings(host, "Llame al 654 321 987.")
    assert calls == ["654 321 987"]


@pytest.fixture
def host(govsm_host: PluginHost) -> PluginHost:
    return govsm_host
